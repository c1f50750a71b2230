// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Expected.h"
#include "core/json/SourceDocument.h"

#include <string>

namespace kps {

/**
 * The one way Keypolicy Studio writes a policy: 4-space indentation, key order as in the document, one array
 * element per line, non-ASCII kept as UTF-8, and a final newline (as `aws kms get-key-policy --output text` users
 * and Python's json.dumps(indent=4) lay policies out).
 */
std::string formatPolicy(const Json& document);

/**
 * An extension member of an `add` operation (RFC 6902 lets a patch carry members it does not define): an `add` of a
 * new member to an object with `"kps:before": "Name"` inserts it in front of the member Name (when the object has
 * one) instead of appending it, so a new element goes where a reader expects it ("Principal" after "Effect", not after
 * "Condition"). Other JSON Patch implementations ignore it and append.
 */
inline constexpr const char* kInsertBefore = "kps:before";

/**
 * Applies an RFC 6902 JSON Patch to a copy of the document; the error is nlohmann's reason when an operation fails
 * (the document is then unchanged). Never throws. A `move` to a new key of the same object renames the member in place
 * (RFC 6902's remove-then-add would make it the last member; JSON members are unordered, and the author's key order is
 * kept), a `move` onto itself changes nothing, and an `add` with kInsertBefore inserts where it says. textPatch()
 * (core/json/TextPatch.h) applies the same patch to the text.
 */
Expected<Json> applyPatch(const Json& document, const nlohmann::json& patch);
/** The same with a patch of the document's ordered type: its object values keep the order they are written in. */
Expected<Json> applyPatch(const Json& document, const Json& patch);

} // namespace kps
