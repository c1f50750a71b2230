// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/SourceDocument.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kps::model {

/** The unescaped reference tokens of an RFC 6901 pointer ("" has none). */
std::vector<std::string> pointerTokens(std::string_view pointer);

/** The node a JSON Pointer names, or nullptr; never throws (an array token must be a plain decimal index). */
const Json* findNode(const Json& root, std::string_view pointer);
Json* findNode(Json& root, std::string_view pointer);

/** Removes the node the pointer names from its parent; false if there is no such node or it is the root. */
bool removeNode(Json& root, std::string_view pointer);

/**
 * The index of the statement a pointer lies in: "/Statement/3/Action" -> 3; "/Statement/Action" -> 0 when the
 * policy's Statement is a single object; nullopt outside any statement.
 */
std::optional<std::size_t> statementIndexOf(std::string_view pointer, bool statementIsArray);

} // namespace kps::model
