// SPDX-License-Identifier: GPL-3.0-or-later
// What KMS refuses in a key policy's text whatever its JSON: more than 32 KB, and characters outside its pattern.
#include "core/json/SourceDocument.h"

#include <cstdint>
#include <cstdio>
#include <cstring>

namespace kps {

namespace {

/// Whether ASCII text holds a control character other than TAB, LF and CR (KMS refuses them). Branch-free, so that
/// the compiler vectorizes it.
bool hasRefusedControl(std::string_view block)
{
    unsigned refused = 0;
    for (const char ch : block) {
        const auto c = static_cast<unsigned char>(ch);
        refused |= static_cast<unsigned>(c < 0x20) & static_cast<unsigned>(c != 0x09) & static_cast<unsigned>(c != 0x0A)
            & static_cast<unsigned>(c != 0x0D);
    }
    return refused != 0;
}

std::string describeCodepoint(std::uint32_t cp)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "U+%04X", cp);
    return buf;
}

/// Decodes one UTF-8 sequence at text[i]; returns the code point and advances i. Invalid bytes decode as
/// 0xFFFFFFFF and advance by one byte.
std::uint32_t decodeUtf8(std::string_view text, std::size_t& i)
{
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    int extra = 0;
    std::uint32_t cp = 0;
    if ((b0 & 0xE0) == 0xC0) {
        extra = 1;
        cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        extra = 2;
        cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        extra = 3;
        cp = b0 & 0x07;
    } else {
        ++i;
        return 0xFFFFFFFF;
    }
    if (i + static_cast<std::size_t>(extra) >= text.size()) {
        ++i;
        return 0xFFFFFFFF;
    }
    for (int k = 1; k <= extra; ++k) {
        const auto b = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
        if ((b & 0xC0) != 0x80) {
            ++i;
            return 0xFFFFFFFF;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    i += static_cast<std::size_t>(extra) + 1;
    return cp;
}

} // namespace

void SourceDocument::checkTextLimits()
{
    if (m_text.size() > MaxPolicyBytes) {
        m_problems.push_back(ParseProblem{ParseProblem::Kind::TooLarge,
                                          std::to_string(m_text.size()),
                                          MaxPolicyBytes,
                                          m_text.size() - MaxPolicyBytes,
                                          ""});
    }

    // KMS's pattern: [\u0009\u000A\u000D\u0020-\u00FF]+. One problem per offending character, at most 20.
    int reported = 0;
    const bool ascii = m_continuationBlocks.empty();
    std::size_t blockEnd = 0; // the end of the last 64-byte block tested as a whole
    for (std::size_t i = 0; i < m_text.size() && reported < 20;) {
        const std::size_t at = i;
        if (ascii && i >= blockEnd && i + 64 <= m_text.size()) {
            // 64 ASCII bytes at once (the loop vectorizes): most blocks hold line ends and tabs but no refused
            // control character, and are skipped whole; a block that holds one is read by the steps below.
            blockEnd = i + 64;
            if (!hasRefusedControl(std::string_view(m_text).substr(i, 64))) {
                i += 64;
                continue;
            }
        }
        if (ascii && i + 8 <= m_text.size()) {
            // Eight ASCII bytes at once: a word without a byte below 0x20 (most of the text) is skipped. For bytes
            // below 0x80, b + 0x60 carries into bit 7 exactly when b >= 0x20, and never into the next byte.
            std::uint64_t word = 0;
            std::memcpy(&word, m_text.data() + i, sizeof word);
            if ((~(word + 0x6060606060606060ULL) & 0x8080808080808080ULL) == 0) {
                i += 8;
                continue;
            }
        }
        if (ascii) {
            // every byte is a code point of its own; only control characters other than TAB, LF, CR are refused
            const auto c = static_cast<unsigned char>(m_text[i++]);
            if (c >= 0x20 || c == 0x09 || c == 0x0A || c == 0x0D) {
                continue;
            }
        }
        i = at;
        const std::uint32_t cp = decodeUtf8(m_text, i);
        const bool allowed = cp == 0x09 || cp == 0x0A || cp == 0x0D || (cp >= 0x20 && cp <= 0xFF);
        if (!allowed) {
            const std::string what
                = cp == 0xFFFFFFFF ? std::string("(a byte that is not UTF-8)") : describeCodepoint(cp);
            m_problems.push_back(ParseProblem{ParseProblem::Kind::Charset, what, at, i - at, pointerAt(at)});
            ++reported;
        }
    }
}

} // namespace kps
