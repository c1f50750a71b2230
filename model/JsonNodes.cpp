// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/JsonNodes.h"

namespace kps::model {

std::optional<std::size_t> statementIndexOf(std::string_view pointer, bool statementIsArray)
{
    const auto tokens = pointerTokens(pointer);
    if (tokens.empty() || tokens.front() != "Statement") {
        return std::nullopt;
    }
    if (!statementIsArray) {
        return std::size_t{0};
    }
    if (tokens.size() < 2) {
        return std::nullopt;
    }
    return pointerIndex(tokens[1]);
}

} // namespace kps::model
