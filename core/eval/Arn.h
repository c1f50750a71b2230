// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kps::eval {

/** An ARN split into its six colon-separated fields (the resource keeps any further colons). */
struct Arn
{
    std::string partition;
    std::string service;
    std::string region;
    std::string account;
    std::string resource;

    std::string text() const;
};

/** The fields of an ARN as views into its text (which must outlive them): Arn without copying. */
struct ArnView
{
    std::string_view partition;
    std::string_view service;
    std::string_view region;
    std::string_view account;
    std::string_view resource;
};

/** nullopt unless the text is "arn:" followed by five more colon-separated fields. */
std::optional<Arn> parseArn(std::string_view text);
/** The same fields as parseArn, without copying them. */
std::optional<ArnView> splitArn(std::string_view text);

/**
 * ArnLike / ArnEquals: each of the six fields is matched separately, with '*' and '?' as wildcards inside a
 * field, case-sensitively. A pattern that does not start with "arn:" is matched as a whole-string wildcard
 * pattern (so "*" matches every ARN); an "arn:" pattern with fewer than six fields matches nothing.
 */
bool matchArn(std::string_view pattern, std::string_view arn);

/** arn:P:sts::A:assumed-role/ROLE/SESSION -> arn:P:iam::A:role/ROLE; nullopt for anything else. */
std::optional<std::string> roleArnOfSession(std::string_view arn);

} // namespace kps::eval
