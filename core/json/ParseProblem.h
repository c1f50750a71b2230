// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <string>

namespace kps {

/**
 * A problem of the policy text itself, as SourceDocument's parser records it: plain data, no code or message of
 * the finding catalogue. The checker turns each into a finding (core/checker/ParseFindings.h: JSON_SYNTAX,
 * JSON_DUPLICATE_KEY, NESTING_TOO_DEEP, POLICY_TOO_LARGE, POLICY_CHARSET), with `detail` as the message's argument.
 */
struct ParseProblem
{
    enum class Kind {
        Syntax, ///< not JSON: detail is nlohmann's reason; at the start of the token the parser stopped on
        DuplicateKey, ///< detail is the key; at the second key (the first value is kept)
        NestingTooDeep, ///< detail is the limit (SourceDocument::MaxDepth); at the bracket that goes deeper
        TooLarge, ///< detail is the size in bytes; the span is the text beyond the quota
        Charset, ///< a character KMS refuses: detail is "U+0001" or "(a byte that is not UTF-8)"
    };

    Kind kind = Kind::Syntax;
    std::string detail;
    std::size_t offset = 0; ///< bytes of SourceDocument::text()
    std::size_t length = 0;
    std::string pointer; ///< RFC 6901: the node the problem lies in

    bool operator==(const ParseProblem&) const = default;
};

} // namespace kps
