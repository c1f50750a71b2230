// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/JsonPointer.h"
#include "core/json/SourceDocument.h"

#include <optional>
#include <string_view>

namespace kps::model {

// JSON Pointers are core/json's (JsonPointer.h); these names are kept for the model's callers.
using kps::findNode;
using kps::pointerTokens;
using kps::removeNode;

/**
 * The index of the statement a pointer lies in: "/Statement/3/Action" -> 3; "/Statement/Action" -> 0 when the
 * policy's Statement is a single object; nullopt outside any statement.
 */
std::optional<std::size_t> statementIndexOf(std::string_view pointer, bool statementIsArray);

} // namespace kps::model
