// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kps::render {

/** One line of a line diff. */
struct DiffLine
{
    enum class Kind { Same, Removed, Added };
    Kind kind = Kind::Same;
    std::string text; ///< without the line break
    std::size_t oldLine = 0; ///< 1-based line in the old text (0 for Added)
    std::size_t newLine = 0; ///< 1-based line in the new text (0 for Removed)
};

/** Splits at "\n" (a preceding "\r" is dropped); a final line break does not start another line. */
std::vector<std::string> splitLines(std::string_view text);

/**
 * A shortest edit script between two line lists (Myers' O((N+M)·D) algorithm): every line of both, in order,
 * marked Same, Removed or Added; within a change, removals come before additions.
 */
std::vector<DiffLine> diffLines(const std::vector<std::string>& before, const std::vector<std::string>& after);
/** The same for two texts. */
std::vector<DiffLine> diffTexts(std::string_view before, std::string_view after);

/** True when the diff has no Removed or Added line. */
bool isUnchanged(const std::vector<DiffLine>& diff);

/** How unifiedDiff compares line ends. */
enum class LineEnds {
    /** "\r\n" and "\n" end a line alike and a missing final line break is no difference (splitLines). */
    Ignore,
    /**
     * Byte for byte, as `diff -u` compares: a "\r" stays part of its line, and a last line without a line break
     * differs from the same line with one and is followed by "\ No newline at end of file". The diff is "" exactly
     * when the texts are equal.
     */
    Exact,
};

/**
 * A unified diff (`diff -u` format: ---/+++ header, @@ -a,b +c,d @@ hunks with `context` lines around changes);
 * "" when the texts have the same lines. The project's only unified diff: the change ticket, `keypolicy apply`
 * and the Apply to AWS dialog (kps::aws::unifiedDiff, LineEnds::Exact) all print this one.
 */
std::string unifiedDiff(std::string_view before,
                        std::string_view after,
                        std::string_view beforeName,
                        std::string_view afterName,
                        std::size_t context = 3,
                        LineEnds lineEnds = LineEnds::Ignore);

/** A unified diff of content: see unifiedContentDiff. */
struct ContentDiff
{
    std::string diff; ///< unified diff; "" when the lines are the same but for whitespace at their ends
    std::size_t layoutOnlyLines = 0; ///< lines that differ only in indentation or trailing whitespace (left out)
};

/**
 * The change ticket's diff of two JSON texts: like unifiedDiff (LineEnds::Ignore), but when comparing lines without
 * the whitespace at their ends (indentation) gives fewer changes, lines that differ only there are the same line. In
 * JSON that whitespace is always layout (a string cannot span lines), so re-indenting a policy does not repeat the
 * whole file: the diff holds the lines whose content changed, and layoutOnlyLines counts the others. Removed lines
 * are shown as in `before`, added and context lines as in `after`. When re-indentation saves nothing, this is
 * unifiedDiff's result exactly (layoutOnlyLines 0).
 */
ContentDiff unifiedContentDiff(std::string_view before,
                               std::string_view after,
                               std::string_view beforeName,
                               std::string_view afterName,
                               std::size_t context = 3);

} // namespace kps::render
