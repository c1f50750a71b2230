// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/DisplayText.h"

#include "model/QtConvert.h"

#include <cstdint>
#include <cstring>

namespace kps::model {

namespace {

constexpr std::uint64_t Ones = 0x0101010101010101ULL;
constexpr std::uint64_t HighBits = 0x8080808080808080ULL;

std::uint64_t wordAt(std::string_view text, std::size_t i)
{
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + i, sizeof word);
    return word;
}

/// True when one of the word's bytes is `byte` (the word is ASCII).
bool hasByte(std::uint64_t word, unsigned char byte)
{
    const std::uint64_t x = word ^ (Ones * byte);
    return ((x - Ones) & ~x & HighBits) != 0;
}

/// Eight ASCII bytes without "\r", not after a "\r": eight view units, one byte each.
bool plainWord(std::string_view text, std::size_t i)
{
    const std::uint64_t word = wordAt(text, i);
    return (word & HighBits) == 0 && !hasByte(word, '\r') && (i == 0 || text[i - 1] != '\r');
}

bool isContinuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/// The length of the UTF-8 sequence a lead byte starts (1 for ASCII).
std::size_t sequenceLength(unsigned char c)
{
    if (c < 0x80) {
        return 1;
    }
    if (c >= 0xF0) {
        return 4;
    }
    return c >= 0xE0 ? 3 : 2;
}

/// The byte offset `units` view units after `from`; nullopt past the end or inside a surrogate pair.
std::optional<std::size_t> offsetAfterUnits(std::string_view text, std::size_t from, qsizetype units)
{
    std::size_t i = from;
    while (units > 0) {
        if (units >= 8 && i + 8 <= text.size() && plainWord(text, i)) {
            i += 8;
            units -= 8;
            continue;
        }
        if (i >= text.size()) {
            return std::nullopt;
        }
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            i += 2;
        } else {
            const std::size_t length = sequenceLength(c);
            if (length == 4 && units < 2) {
                return std::nullopt; // between the two halves of a surrogate pair
            }
            i += length;
            units -= length == 4 ? 1 : 0;
        }
        --units;
    }
    return i <= text.size() ? std::optional<std::size_t>(i) : std::nullopt;
}

} // namespace

bool isValidUtf8(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size()) {
        if (i + 8 <= text.size() && (wordAt(text, i) & HighBits) == 0) {
            i += 8;
            continue;
        }
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        std::uint32_t cp = 0;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
            cp = c & 0x1Fu;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            cp = c & 0x0Fu;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            cp = c & 0x07u;
        } else {
            return false;
        }
        if (i + length > text.size()) {
            return false;
        }
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if (!isContinuation(next)) {
                return false;
            }
            cp = (cp << 6) | (next & 0x3Fu);
        }
        // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8 (Qt shows them as replacements).
        if ((length == 3 && cp < 0x800) || (length == 4 && (cp < 0x10000 || cp > 0x10FFFF))
            || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return false;
        }
        i += length;
    }
    return true;
}

qsizetype displayUnits(std::string_view text, std::size_t from, std::size_t to)
{
    qsizetype units = 0;
    std::size_t i = from;
    while (i < to) {
        if (i + 8 <= to && plainWord(text, i)) {
            units += 8;
            i += 8;
            continue;
        }
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            units += i > 0 && text[i - 1] == '\r' ? 0 : 1;
        } else if (!isContinuation(c)) {
            units += c >= 0xF0 ? 2 : 1;
        }
        ++i;
    }
    return units;
}

QString displayPiece(std::string_view text, std::size_t from, std::size_t to)
{
    if (from < to && from > 0 && text[from] == '\n' && text[from - 1] == '\r') {
        ++from; // the line break's "\n" half: shown with its "\r"
    }
    QString piece = toQString(text.substr(from, to - from));
    if (piece.contains(QLatin1Char('\r'))) {
        piece.replace(QLatin1String("\r\n"), QLatin1String("\n"));
        piece.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    }
    return piece;
}

std::optional<ViewEdit> viewEditFor(std::string_view text, const TextChange& change, qsizetype viewLength)
{
    if (change.whole || change.offset + change.inserted > text.size() || !isValidUtf8(text)) {
        return std::nullopt;
    }
    // Widen the changed bytes to whole characters and line breaks: the bytes outside it are the same before and after,
    // and each counts the same number of view units in both.
    std::size_t start = change.offset;
    std::size_t end = change.offset + change.inserted;
    while (start > 0 && start < text.size() && isContinuation(static_cast<unsigned char>(text[start]))) {
        --start;
    }
    if (start > 0 && text[start - 1] == '\r') {
        --start; // a "\n" after it, before or after the change, belongs to it
    }
    while (end < text.size() && isContinuation(static_cast<unsigned char>(text[end]))) {
        ++end;
    }
    if (end < text.size() && text[end] == '\n') {
        ++end; // whether it counts depends on the byte before it, which changed
    }
    ViewEdit edit;
    edit.position = displayUnits(text, 0, start);
    edit.removed = viewLength - edit.position - displayUnits(text, end, text.size());
    if (edit.removed < 0) {
        return std::nullopt;
    }
    edit.inserted = displayPiece(text, start, end);
    return edit;
}

std::optional<ByteEdit>
byteEditFor(std::string_view text, qsizetype position, qsizetype removed, const QString& inserted, bool crlf)
{
    if (position < 0 || removed < 0 || !isValidUtf8(text)) {
        return std::nullopt;
    }
    const auto offset = offsetAfterUnits(text, 0, position);
    if (!offset) {
        return std::nullopt;
    }
    const auto end = offsetAfterUnits(text, *offset, removed);
    if (!end) {
        return std::nullopt;
    }
    QString piece = inserted;
    piece.replace(QChar::ParagraphSeparator, QLatin1Char('\n'));
    piece.replace(QChar::LineSeparator, QLatin1Char('\n'));
    if (crlf) {
        piece.replace(QLatin1Char('\n'), QLatin1String("\r\n"));
    }
    return ByteEdit{*offset, *end - *offset, toStdString(piece)};
}

} // namespace kps::model
