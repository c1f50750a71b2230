// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace kps::json {

/** What scanJson() did with a text. */
enum class ScanResult {
    Parsed, ///< the whole text was read and every event delivered
    Stopped, ///< the handler returned false (as nlohmann's sax_parse would return false at the same event)
    Unsupported, ///< not in the subset scanJson reads: run nlohmann's parser instead, from the start
};

namespace detail {

/// Bytes a string literal cannot simply copy: the closing quote, an escape, a control character (invalid JSON)
/// and every byte of a multi-byte UTF-8 sequence (left to nlohmann's validation).
struct StringStops
{
    bool stop[256] = {};
    constexpr StringStops()
    {
        for (int c = 0; c < 0x20; ++c) {
            stop[c] = true;
        }
        for (int c = 0x80; c < 0x100; ++c) {
            stop[c] = true;
        }
        stop[static_cast<unsigned char>('"')] = true;
        stop[static_cast<unsigned char>('\\')] = true;
    }
};
inline constexpr StringStops stringStops{};

/// Whether the eight bytes at p hold a byte of StringStops (a word at a time: most of a string literal is plain).
inline bool hasStringStop(const char* p)
{
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t high = 0x8080808080808080ULL;
    std::uint64_t word = 0;
    std::memcpy(&word, p, sizeof word);
    // (v - ones) & ~v & high is non-zero exactly when some byte of v is zero (for below 0x20: when some byte is
    // below 0x20, given no byte has its high bit set, which `word & high` tests).
    const auto hasZero = [](std::uint64_t v) {
        return (v - ones) & ~v & high;
    };
    const std::uint64_t quote = hasZero(word ^ (ones * '"'));
    const std::uint64_t backslash = hasZero(word ^ (ones * '\\'));
    const std::uint64_t control = (word - ones * 0x20) & ~word & high;
    return (quote | backslash | control | (word & high)) != 0;
}

} // namespace detail

/** JSON's white space (RFC 8259): space, tab, line feed, carriage return. */
inline bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/**
 * Where the string literal whose opening quote is at `start` ends: just past its closing quote (a quote after an
 * even run of backslashes), or text.size() when it is not closed.
 */
inline std::size_t stringLiteralEnd(std::string_view text, std::size_t start)
{
    const char* const begin = text.data();
    const std::size_t size = text.size();
    std::size_t i = start + 1; // past the opening quote
    while (i < size) {
        const void* quote = std::memchr(begin + i, '"', size - i);
        if (quote == nullptr) {
            return size;
        }
        const auto at = static_cast<std::size_t>(static_cast<const char*>(quote) - begin);
        std::size_t backslashes = 0;
        while (at - backslashes > start + 1 && begin[at - backslashes - 1] == '\\') {
            ++backslashes;
        }
        if (backslashes % 2 == 0) {
            return at + 1;
        }
        i = at + 1;
    }
    return size;
}

/**
 * Reads JSON text and delivers nlohmann's SAX events to `handler` (the json_sax interface: null, boolean,
 * number_integer, number_unsigned, string, key, start_object, end_object, start_array, end_array), each preceded
 * by `handler.token(offset, length)` with the byte span of the token that the event is about.
 *
 * It reads the subset of RFC 8259 that policies are written in: ASCII text; strings with the short escapes
 * (\" \\ \/ \b \f \n \r \t); integers that fit 64 bits; true, false, null. For such text the events and their
 * values are exactly those nlohmann::json::sax_parse(strict) delivers. Anything else (a syntax error, a byte
 * outside ASCII, a \u escape, a fraction or exponent, an integer too large, a byte order mark) returns
 * Unsupported as soon as it is met, after events for what came before it: the caller discards those and runs
 * nlohmann's parser over the whole text, which then reports any error with its own message. So the result of
 * every text is nlohmann's; this only spares the common case nlohmann's per-character lexer (it copies each
 * character into a token buffer and tracks lines as it goes).
 *
 * Not recursive: nesting is kept on a heap stack, and bounded by the handler (SourceDocument stops at
 * MaxDepth), as with nlohmann.
 */
template <class Handler>
ScanResult scanJson(std::string_view text, Handler& handler)
{
    const char* const begin = text.data();
    const char* const end = begin + text.size();
    const char* p = begin;
    std::string buffer;
    std::vector<bool> inObject; // one entry per open container: object (true) or array (false)

    const auto offset = [begin](const char* at) {
        return static_cast<std::size_t>(at - begin);
    };
    const auto skipSpace = [&p, end] {
        while (p < end && isSpace(*p)) {
            ++p;
            while (end - p >= 8 && std::memcmp(p, "        ", 8) == 0) { // indentation, eight spaces at a time
                p += 8;
            }
        }
    };
    // Reads the string literal at p (p at its opening quote) into buffer; false when it is not in the subset.
    const auto readString = [&p, end, &buffer]() -> bool {
        ++p;
        buffer.clear();
        while (true) {
            const char* run = p;
            while (end - p >= 8 && !detail::hasStringStop(p)) {
                p += 8;
            }
            while (p < end && !detail::stringStops.stop[static_cast<unsigned char>(*p)]) {
                ++p;
            }
            buffer.append(run, static_cast<std::size_t>(p - run));
            if (p >= end) {
                return false; // unterminated
            }
            if (*p == '"') {
                ++p;
                return true;
            }
            if (*p != '\\' || p + 1 >= end) {
                return false; // a control character, a non-ASCII byte, or a backslash at the end
            }
            // the short escapes; \u (surrogates, UTF-8 encoding) and invalid escapes are left to nlohmann
            constexpr std::string_view escapes = "\"\\/bfnrt";
            constexpr std::string_view meanings = "\"\\/\b\f\n\r\t";
            const std::size_t which = escapes.find(p[1]);
            if (which == std::string_view::npos) {
                return false;
            }
            buffer += meanings[which];
            p += 2;
        }
    };
    const auto literal = [&p, end](std::string_view word) {
        if (static_cast<std::size_t>(end - p) < word.size() || std::string_view(p, word.size()) != word) {
            return false;
        }
        p += word.size();
        return true;
    };

    // One loop over the grammar's three places: a value is expected, a member's key is expected, or a value has
    // just ended (then a separator, a closing bracket or the end of the text follows).
    enum class Expect { Value, Key, AfterValue };
    Expect expect = Expect::Value;
    while (true) {
        skipSpace();
        if (expect == Expect::AfterValue) {
            if (inObject.empty()) {
                return p == end ? ScanResult::Parsed : ScanResult::Unsupported;
            }
            if (p == end) {
                return ScanResult::Unsupported;
            }
            const bool object = inObject.back();
            if (*p == ',') {
                ++p;
                expect = object ? Expect::Key : Expect::Value;
                continue;
            }
            if (*p != (object ? '}' : ']')) {
                return ScanResult::Unsupported;
            }
            handler.token(offset(p), 1);
            if (!(object ? handler.end_object() : handler.end_array())) {
                return ScanResult::Stopped;
            }
            ++p;
            inObject.pop_back();
            continue;
        }
        if (p == end) {
            return ScanResult::Unsupported;
        }
        const char* const start = p;
        if (expect == Expect::Key) {
            if (*p != '"' || !readString()) {
                return ScanResult::Unsupported;
            }
            handler.token(offset(start), static_cast<std::size_t>(p - start));
            if (!handler.key(buffer)) {
                return ScanResult::Stopped;
            }
            skipSpace();
            if (p == end || *p != ':') {
                return ScanResult::Unsupported;
            }
            ++p;
            expect = Expect::Value;
            continue;
        }
        // A value.
        bool delivered = true;
        switch (*p) {
        case '{':
        case '[': {
            const bool object = *p == '{';
            handler.token(offset(p), 1);
            if (!(object ? handler.start_object(static_cast<std::size_t>(-1))
                         : handler.start_array(static_cast<std::size_t>(-1)))) {
                return ScanResult::Stopped;
            }
            ++p;
            skipSpace();
            if (p < end && *p == (object ? '}' : ']')) { // empty
                handler.token(offset(p), 1);
                if (!(object ? handler.end_object() : handler.end_array())) {
                    return ScanResult::Stopped;
                }
                ++p;
                expect = Expect::AfterValue;
            } else {
                inObject.push_back(object);
                expect = object ? Expect::Key : Expect::Value;
            }
            continue;
        }
        case '"':
            if (!readString()) {
                return ScanResult::Unsupported;
            }
            handler.token(offset(start), static_cast<std::size_t>(p - start));
            delivered = handler.string(buffer);
            break;
        case 't':
        case 'f':
        case 'n': {
            const char first = *p;
            if (!literal(first == 't' ? "true" : first == 'f' ? "false" : "null")) {
                return ScanResult::Unsupported;
            }
            handler.token(offset(start), static_cast<std::size_t>(p - start));
            delivered = first == 'n' ? handler.null() : handler.boolean(first == 't');
            break;
        }
        default: {
            // -?(0|[1-9][0-9]*), with no fraction or exponent and within 64 bits; the rest is nlohmann's (a float).
            const bool negative = *p == '-';
            const char* digits = negative ? p + 1 : p;
            const char* q = digits;
            while (q < end && *q >= '0' && *q <= '9') {
                ++q;
            }
            if (q == digits || (*digits == '0' && q - digits > 1)
                || (q < end && (*q == '.' || *q == 'e' || *q == 'E'))) {
                return ScanResult::Unsupported;
            }
            std::int64_t negativeValue = 0;
            std::uint64_t value = 0;
            const auto parsed = negative ? std::from_chars(p, q, negativeValue) : std::from_chars(p, q, value);
            if (parsed.ec != std::errc() || parsed.ptr != q) {
                return ScanResult::Unsupported;
            }
            p = q;
            handler.token(offset(start), static_cast<std::size_t>(p - start));
            delivered = negative ? handler.number_integer(negativeValue) : handler.number_unsigned(value);
            break;
        }
        }
        if (!delivered) {
            return ScanResult::Stopped;
        }
        expect = Expect::AfterValue;
    }
}

} // namespace kps::json
