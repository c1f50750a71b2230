// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/SourceDocument.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/**
 * A JSON Patch (RFC 6902) applied to the text of a policy rather than to its DOM: only the spans the patch changes
 * are rewritten, and new text follows the document's own layout. Every other byte (key order, spacing, number
 * spellings such as 3600.50, escapes, line endings) stays as the author wrote it. The fixes, `keypolicy fix` and the
 * editor's form edits use it; "Format document" (formatPolicy) is the only thing that re-lays out a whole policy.
 */
namespace kps {

/** How a policy text is laid out, as far as text written into it must follow. */
struct TextStyle
{
    std::string newline = "\n"; ///< "\n" or "\r\n" (the first line break of the text)
    std::string indentUnit = "    "; ///< one level of indentation: spaces or a tab
    bool multilineObjects = true; ///< non-empty objects are written one member per line
    bool multilineArrays = true; ///< non-empty arrays are written one element per line
    /// The same per nesting depth (0: the root value; 2: a statement in the Statement array): hand-written policies
    /// often put statements on lines of their own and a Principal or an Action list on one line. Depths past the
    /// end use multilineObjects / multilineArrays.
    std::vector<bool> multilineObjectsAt;
    std::vector<bool> multilineArraysAt;
    std::string colon = ": "; ///< between a member's key and its value
    std::string inlineComma = ", "; ///< between elements written on one line

    bool objectsMultiline(std::size_t depth) const
    {
        return depth < multilineObjectsAt.size() ? multilineObjectsAt[depth] : multilineObjects;
    }
    bool arraysMultiline(std::size_t depth) const
    {
        return depth < multilineArraysAt.size() ? multilineArraysAt[depth] : multilineArrays;
    }

    bool operator==(const TextStyle&) const = default;
};

/**
 * The layout of a JSON text: line endings, the indentation unit (the most common step from a container's line to
 * its first child's line), whether objects and arrays are mostly written one entry per line, overall and at each
 * nesting depth (arrays of two or more elements decide first; where there are no arrays, they are written like the
 * objects), and the spacing around ':' and inline ','. A text on one line is inline throughout. Never throws; any
 * text gives a style.
 */
TextStyle detectTextStyle(std::string_view text);

/**
 * A value serialised in a style: `indent` is the indentation of the line the value starts on, `depth` its nesting
 * depth in the document (the number of tokens of its JSON Pointer).
 */
std::string writeJson(const Json& value, const TextStyle& style, std::string_view indent = {}, std::size_t depth = 0);

/** formatPolicy() (4-space indentation, the editor's "Format document") with the style's line endings. */
std::string formatPolicy(const Json& document, const TextStyle& style);

/** One replacement in a text: the bytes [offset, offset + length) become `text`. */
struct TextEdit
{
    std::size_t offset = 0;
    std::size_t length = 0;
    std::string text;

    bool operator==(const TextEdit&) const = default;
};

/** Applies edits that are sorted by offset and do not overlap (as textPatch() returns them). */
std::string applyTextEdits(std::string_view text, const std::vector<TextEdit>& edits);

/**
 * The single edit that turns `before` into `after`, keeping their longest common prefix and then their longest
 * common suffix; nothing (an empty vector) when the texts are equal.
 */
std::vector<TextEdit> differingSpan(std::string_view before, std::string_view after);

struct TextPatchResult
{
    enum class Status {
        Edited, ///< `text` is the input with only the patched spans rewritten (`edits`)
        Reformatted, ///< the patch applies to the JSON but could not be written in place: `text` is formatPolicy()'s
        Failed, ///< the patch does not apply to the document; `text` is the input unchanged
    };
    Status status = Status::Failed;
    /// The patched text (the input when Failed).
    std::string text;
    /// Edited: the edits that turn the input into `text`, sorted and not overlapping (empty when nothing changed).
    /// Reformatted: one edit over the whole input. Failed: none.
    std::vector<TextEdit> edits;
    /// The patched document: applyPatch(document.json(), patch). Null when Failed.
    Json json;
    /// Failed: why the patch does not apply. Reformatted: why the text could not be edited in place.
    std::string message;
    /// Edited: the parse of `text`, made for the check; a caller that needs it (the editor, the fixer) need not
    /// parse the text again.
    std::optional<SourceDocument> document;

    bool ok() const { return status != Status::Failed; }
};

/**
 * Applies the patch to the document's text (SourceDocument::text(): for `aws kms get-key-policy` output, the inner
 * policy). Operation by operation:
 * - `replace` (and `add` of an existing member) rewrites the value's span;
 * - `add` to an array inserts the element after its predecessor (before the first element at index 0) with the
 *   separator and indentation of its siblings, one per line or inline as the array is written; `add` to an object
 *   appends the member in the object's style (or inserts it in front of the member kInsertBefore names, Format.h);
 *   an empty container is filled in the document's style;
 * - `remove` deletes the member or element with exactly one adjacent comma, and its line(s) when it stood on lines of
 *   its own; removing the only entry leaves `{}` or `[]`;
 * - `move` within one object to a new key renames the key in place; any other `move` and `copy` reuse the text of
 *   the value (re-indented), so its spelling survives; `test` changes nothing.
 * New values are written with writeJson() in the document's style: `style`, or detectTextStyle() of the text. The
 * result is parsed and must equal applyPatch(document.json(), patch) exactly (key order included); otherwise it is
 * Reformatted. A document that is not valid JSON, or a patch applyPatch() refuses, gives Failed. Never throws.
 */
TextPatchResult
textPatch(const SourceDocument& document, const nlohmann::json& patch, const TextStyle* style = nullptr);
/** The same with a patch of the document's ordered type (the editor's commands): object values keep their order. */
TextPatchResult textPatch(const SourceDocument& document, const Json& patch, const TextStyle* style = nullptr);

/**
 * The edits textPatch() makes, unchecked and without copying the text (for a one-operation patch): nullopt, with
 * the reason in *why, when the patch cannot be written in place or does not apply. For a caller that combines the
 * edits of several patches on one text and checks the result itself (applyAllFixes); everyone else calls
 * textPatch(). Never throws.
 */
std::optional<std::vector<TextEdit>> textPatchEdits(const SourceDocument& document,
                                                    const nlohmann::json& patch,
                                                    const TextStyle& style,
                                                    std::string* why = nullptr);
std::optional<std::vector<TextEdit>>
textPatchEdits(const SourceDocument& document, const Json& patch, const TextStyle& style, std::string* why = nullptr);

} // namespace kps
