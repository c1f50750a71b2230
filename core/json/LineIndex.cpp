// SPDX-License-Identifier: GPL-3.0-or-later
// SourceDocument's line index: byte offsets to 1-based lines and code-point columns (spanAt) and back (offsetOf).
#include "core/json/SourceDocument.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace kps {

void SourceDocument::indexLines()
{
    m_lineStarts.clear();
    m_lineStarts.push_back(0);
    m_continuationBlocks.clear();
    const char* const text = m_text.data();
    const std::size_t size = m_text.size();
    if (std::memchr(text, '\r', size) == nullptr) {
        for (std::size_t at = 0; at < size;) {
            const void* newline = std::memchr(text + at, '\n', size - at);
            if (newline == nullptr) {
                break;
            }
            at = static_cast<std::size_t>(static_cast<const char*>(newline) - text) + 1;
            m_lineStarts.push_back(static_cast<std::uint32_t>(at));
        }
    } else {
        for (std::size_t i = 0; i < size; ++i) {
            const char c = text[i];
            if (c == '\n' || (c == '\r' && (i + 1 >= size || text[i + 1] != '\n'))) {
                m_lineStarts.push_back(static_cast<std::uint32_t>(i + 1));
            }
        }
    }
    unsigned char high = 0;
    for (std::size_t i = 0; i < size; ++i) {
        high |= static_cast<unsigned char>(text[i]);
    }
    if ((high & 0x80) == 0) {
        return; // ASCII: a column is the byte distance from the line start
    }
    m_continuationBlocks.reserve(size / 64 + 1);
    std::uint32_t count = 0;
    for (std::size_t i = 0; i < size; ++i) {
        if (i % 64 == 0) {
            m_continuationBlocks.push_back(count);
        }
        count += (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80 ? 1 : 0;
    }
    if (size % 64 == 0) {
        m_continuationBlocks.push_back(count);
    }
}

std::size_t SourceDocument::continuationBytesBefore(std::size_t offset) const
{
    if (m_continuationBlocks.empty()) {
        return 0;
    }
    const std::size_t block = offset / 64;
    std::size_t count = m_continuationBlocks[block];
    for (std::size_t i = block * 64; i < offset; ++i) {
        count += (static_cast<unsigned char>(m_text[i]) & 0xC0) == 0x80 ? 1 : 0;
    }
    return count;
}

void SourceDocument::position(std::size_t offset, int& line, int& column) const
{
    if (m_lineStarts.empty()) {
        // a default-constructed document: the whole text (if any) is one line
        line = 1;
        column = 1;
        for (std::size_t i = 0; i < offset && i < m_text.size(); ++i) {
            column += (static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80 ? 1 : 0;
        }
        return;
    }
    const auto it = std::upper_bound(m_lineStarts.begin(), m_lineStarts.end(), offset);
    const auto lineIndex = static_cast<std::size_t>(it - m_lineStarts.begin()) - 1;
    const std::size_t lineStart = m_lineStarts[lineIndex];
    // code points = bytes that are not UTF-8 continuation bytes
    const std::size_t continuation = continuationBytesBefore(offset) - continuationBytesBefore(lineStart);
    line = static_cast<int>(lineIndex) + 1;
    column = static_cast<int>(offset - lineStart - continuation) + 1;
}

Span SourceDocument::spanAt(std::size_t offset, std::size_t length) const
{
    offset = std::min(offset, m_text.size());
    length = std::min(length, m_text.size() - offset);
    Span span;
    span.offset = offset;
    span.length = length;
    position(offset, span.line, span.column);
    position(offset + length, span.endLine, span.endColumn);
    return span;
}

std::size_t SourceDocument::offsetOf(int line, int column) const
{
    if (m_lineStarts.empty() || line < 1) {
        return 0;
    }
    const auto lineIndex = std::min<std::size_t>(static_cast<std::size_t>(line - 1), m_lineStarts.size() - 1);
    std::size_t i = m_lineStarts[lineIndex];
    for (int col = 1; col < column && i < m_text.size() && m_text[i] != '\n'; ++i) {
        if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80) {
            ++col;
        }
        // step over continuation bytes of the current code point
    }
    while (i < m_text.size() && (static_cast<unsigned char>(m_text[i]) & 0xC0) == 0x80) {
        ++i;
    }
    return i;
}

} // namespace kps
