// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <string>

namespace kps {

/**
 * A span of the original policy text. offset/length are 0-based bytes; line and column are 1-based, the
 * column counted in Unicode code points (for a valid key policy, whose characters are all <= U+00FF, this equals
 * UTF-16 units, so editors can use it directly).
 */
struct Span
{
    std::size_t offset = 0;
    std::size_t length = 0;
    int line = 1;
    int column = 1;
    int endLine = 1; ///< line of the last byte of the span (or of offset when length is 0)
    int endColumn = 1; ///< column just past the span, 1-based (SARIF's exclusive endColumn)

    bool operator==(const Span&) const = default;
};

/**
 * A place in the document as written: a JSON Pointer and the span of the token it names. A finding about another
 * document than the one checked (the grants listing of a key policy) names that document in `file`.
 */
struct Location
{
    std::string pointer; ///< RFC 6901; "" is the whole document
    Span span;
    std::string file; ///< "" for the checked document; else the name of the document pointer and span refer to

    bool operator==(const Location&) const = default;
};

} // namespace kps
