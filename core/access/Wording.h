// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Small wording helpers shared by the files of core/access (not a public API).

#include <string>
#include <string_view>
#include <vector>

namespace kps::access::wording {

/** "a", "a and b", "a, b and c". */
inline std::string andList(const std::vector<std::string>& items)
{
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) {
            out += i + 1 == items.size() ? " and " : ", ";
        }
        out += items[i];
    }
    return out;
}

/** The text in double quotes. */
inline std::string quoted(std::string_view text)
{
    return "\"" + std::string(text) + "\"";
}

} // namespace kps::access::wording
