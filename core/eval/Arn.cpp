// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/eval/Arn.h"

#include "core/vocab/Vocabulary.h"

#include <array>

namespace kps::eval {

std::string Arn::text() const
{
    return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
}

namespace {

/** Splits into exactly six fields; false when there are fewer. */
bool splitSix(std::string_view text, std::array<std::string_view, 6>& fields)
{
    std::size_t start = 0;
    for (std::size_t i = 0; i < 5; ++i) {
        const std::size_t colon = text.find(':', start);
        if (colon == std::string_view::npos) {
            return false;
        }
        fields[i] = text.substr(start, colon - start);
        start = colon + 1;
    }
    fields[5] = text.substr(start);
    return true;
}

} // namespace

std::optional<ArnView> splitArn(std::string_view text)
{
    std::array<std::string_view, 6> f;
    if (!splitSix(text, f) || f[0] != std::string_view("arn")) {
        return std::nullopt;
    }
    return ArnView{f[1], f[2], f[3], f[4], f[5]};
}

std::optional<Arn> parseArn(std::string_view text)
{
    const auto v = splitArn(text);
    if (!v) {
        return std::nullopt;
    }
    return Arn{std::string(v->partition),
               std::string(v->service),
               std::string(v->region),
               std::string(v->account),
               std::string(v->resource)};
}

bool matchArn(std::string_view pattern, std::string_view arn)
{
    // The common shape, literal but for one final '*' after the fifth colon ("arn:aws:logs:R:A:*"): the ARN starts
    // with the literal part. Field by field gives the same answer, as the first five fields hold no colon.
    if (!pattern.empty() && pattern.back() == '*') {
        const std::string_view literal = pattern.substr(0, pattern.size() - 1);
        // (find() is memchr: a character loop here cost more than the whole comparison)
        std::size_t fifthColon = std::string_view::npos;
        for (std::size_t colons = 0, from = 0; colons < 5; ++colons, from = fifthColon + 1) {
            fifthColon = literal.find(':', from);
            if (fifthColon == std::string_view::npos) {
                break;
            }
        }
        if (fifthColon != std::string_view::npos && literal.find('*') == std::string_view::npos
            && literal.find('?') == std::string_view::npos) {
            return arn.substr(0, literal.size()) == literal;
        }
    }
    std::array<std::string_view, 6> p;
    std::array<std::string_view, 6> a;
    if (!splitSix(pattern, p)) {
        // "*" (or another pattern that is no ARN) is a whole-string pattern; a truncated ARN matches nothing.
        return pattern.rfind("arn:", 0) != 0 && wildcardMatch(pattern, arn, false);
    }
    if (!splitSix(arn, a)) {
        return false;
    }
    for (std::size_t i = 0; i < 6; ++i) {
        if (!wildcardMatch(p[i], a[i], false)) {
            return false;
        }
    }
    return true;
}

std::optional<std::string> roleArnOfSession(std::string_view text)
{
    const auto arn = splitArn(text);
    constexpr std::string_view prefix = "assumed-role/";
    if (!arn || arn->service != std::string_view("sts") || arn->resource.substr(0, prefix.size()) != prefix) {
        return std::nullopt;
    }
    const std::string_view rest = arn->resource.substr(prefix.size());
    const std::size_t slash = rest.find('/');
    if (slash == std::string_view::npos || slash == 0) {
        return std::nullopt;
    }
    std::string role = "arn:";
    role.append(arn->partition).append(":iam::").append(arn->account).append(":role/").append(rest.substr(0, slash));
    return role;
}

} // namespace kps::eval
