// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Json.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/**
 * RFC 6901 JSON Pointers: the one implementation in Keypolicy Studio (core/json's SourceDocument, the checker,
 * model/ and ui/ all use it). A pointer is "" (the whole document) or a sequence of "/token"; in a token "~" is
 * written "~0" and "/" is written "~1". An array element is named by its index in decimal, without sign or leading
 * zero; "-" (the element after the last) and any other token name no element.
 */
namespace kps {

std::string escapePointerToken(std::string_view token);
/** "~0" -> "~", "~1" -> "/"; any other "~" is kept as it is. */
std::string unescapePointerToken(std::string_view token);
std::string appendPointer(std::string_view parent, std::string_view token);
std::string appendPointer(std::string_view parent, std::size_t index);
/** The parent of a pointer ("" for "" and for top-level members). */
std::string parentPointer(std::string_view pointer);

/** The unescaped reference tokens of a pointer: none for "", one empty token for "/". */
std::vector<std::string> pointerTokens(std::string_view pointer);
/** The array index a token names (decimal digits, no sign, no leading zero, within size_t); nullopt otherwise. */
std::optional<std::size_t> pointerIndex(std::string_view token);
/** Whether an escaped token names the member `key`: escapePointerToken(key) == token, without building it. */
bool tokenNamesKey(std::string_view token, std::string_view key);

/**
 * The node a pointer names, or nullptr (also for text that is not a pointer); never throws. Tokens are unescaped
 * with unescapePointerToken(), so a stray "~" (not "~0" or "~1") stands for itself; SourceDocument::locate() and
 * contains() match tokens with tokenNamesKey() instead, which names no key for such a token. Pointers built with
 * appendPointer() mean the same to both.
 */
const Json* findNode(const Json& root, std::string_view pointer);
Json* findNode(Json& root, std::string_view pointer);
/** Removes the node the pointer names from its parent; false if there is no such node or it is the root. */
bool removeNode(Json& root, std::string_view pointer);

} // namespace kps
