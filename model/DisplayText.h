// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace kps::model {

/**
 * The JSON view shows the document's UTF-8 text as UTF-16 with every line break ("\r\n", "\r" or "\n") as one "\n"
 * (PolicyDocument::displayText()). The functions here translate between the two without converting the whole text:
 * a keystroke in a 6.8 MB policy, or a fix, then moves a few bytes instead of building the view's whole text twice
 * (tens of MB, and most of a keystroke's time).
 *
 * Positions in the view are counted in UTF-16 units ("view units"): a character outside the BMP is two, a line break
 * one, whatever its bytes.
 */

/**
 * Where one change of the text was: bytes [offset, offset + removed) of the text before it became
 * [offset, offset + inserted) of the text after it, everything else alike. `whole` when nothing is known but that the
 * text changed (a load).
 */
struct TextChange
{
    std::size_t offset = 0;
    std::size_t removed = 0;
    std::size_t inserted = 0;
    bool whole = true;

    static TextChange everything() { return {}; }
    static TextChange at(std::size_t offset, std::size_t removed, std::size_t inserted)
    {
        return {offset, removed, inserted, false};
    }
};

/** True when text is valid UTF-8 (what the view units below require: the view shows invalid bytes otherwise). */
bool isValidUtf8(std::string_view text);

/** The view units of text[from, to) (a "\n" right after a "\r" belongs to it and counts nothing). */
qsizetype displayUnits(std::string_view text, std::size_t from, std::size_t to);

/** text[from, to) as the view shows it. */
QString displayPiece(std::string_view text, std::size_t from, std::size_t to);

/** A change of the view's text: `removed` units at `position` replaced by `inserted`. */
struct ViewEdit
{
    qsizetype position = 0;
    qsizetype removed = 0;
    QString inserted;
};

/**
 * The view edit that turns a view showing the text before `change` (viewLength units long) into one showing `text`,
 * the text after it. The change is widened to whole characters and line breaks. Nullopt when that cannot be said in
 * place: a whole change, text that is not valid UTF-8, or a view whose length does not fit.
 */
std::optional<ViewEdit> viewEditFor(std::string_view text, const TextChange& change, qsizetype viewLength);

/** A change of the document's bytes: `removed` bytes at `offset` replaced by `inserted`. */
struct ByteEdit
{
    std::size_t offset = 0;
    std::size_t removed = 0;
    std::string inserted;
};

/**
 * The byte edit of `text` that a view edit makes (the view showing `text`): its line breaks written as the document
 * writes them ("\r\n" when `crlf`). Nullopt when the positions fall outside the text or inside a character, or when
 * the text is not valid UTF-8.
 */
std::optional<ByteEdit>
byteEditFor(std::string_view text, qsizetype position, qsizetype removed, const QString& inserted, bool crlf);

} // namespace kps::model
