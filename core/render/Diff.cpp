// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/render/Diff.h"

#include <algorithm>
#include <cstdint>

namespace kps::render {

std::vector<std::string> splitLines(std::string_view text)
{
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        const bool last = end == std::string_view::npos;
        if (last) {
            end = text.size();
        }
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        lines.emplace_back(line);
        start = end + 1;
    }
    return lines;
}

std::vector<DiffLine> diffLines(const std::vector<std::string>& a, const std::vector<std::string>& b)
{
    const auto n = static_cast<std::ptrdiff_t>(a.size());
    const auto m = static_cast<std::ptrdiff_t>(b.size());
    const std::ptrdiff_t max = n + m;
    const std::ptrdiff_t offset = max + 1;
    // v[k + offset] = furthest x on diagonal k; trace keeps v before each step d for the backtrack.
    std::vector<std::ptrdiff_t> v(static_cast<std::size_t>(2 * max + 3), 0);
    std::vector<std::vector<std::ptrdiff_t>> trace;
    std::ptrdiff_t found = -1;
    for (std::ptrdiff_t d = 0; d <= max && found < 0; ++d) {
        trace.push_back(v);
        for (std::ptrdiff_t k = -d; k <= d; k += 2) {
            const auto at = [&](std::ptrdiff_t diagonal) -> std::ptrdiff_t& {
                return v[static_cast<std::size_t>(diagonal + offset)];
            };
            std::ptrdiff_t x = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? at(k + 1) : at(k - 1) + 1;
            std::ptrdiff_t y = x - k;
            while (x < n && y < m && a[static_cast<std::size_t>(x)] == b[static_cast<std::size_t>(y)]) {
                ++x;
                ++y;
            }
            at(k) = x;
            if (x >= n && y >= m) {
                found = d;
                break;
            }
        }
    }
    // Backtrack from (n, m) through the saved states, collecting the script in reverse.
    std::vector<DiffLine> reversed;
    std::ptrdiff_t x = n;
    std::ptrdiff_t y = m;
    for (std::ptrdiff_t d = found; d >= 0; --d) {
        const std::vector<std::ptrdiff_t>& pv = trace[static_cast<std::size_t>(d)];
        const auto prev = [&](std::ptrdiff_t diagonal) {
            return pv[static_cast<std::size_t>(diagonal + offset)];
        };
        const std::ptrdiff_t k = x - y;
        std::ptrdiff_t prevK = 0;
        if (d == 0) {
            prevK = 0;
        } else if (k == -d || (k != d && prev(k - 1) < prev(k + 1))) {
            prevK = k + 1;
        } else {
            prevK = k - 1;
        }
        const std::ptrdiff_t prevX = d == 0 ? 0 : prev(prevK);
        const std::ptrdiff_t prevY = prevX - prevK;
        while (x > prevX && y > prevY) {
            --x;
            --y;
            reversed.push_back({DiffLine::Kind::Same,
                                a[static_cast<std::size_t>(x)],
                                static_cast<std::size_t>(x + 1),
                                static_cast<std::size_t>(y + 1)});
        }
        if (d == 0) {
            break;
        }
        if (x == prevX) {
            --y; // an insertion of b[y]
            reversed.push_back(
                {DiffLine::Kind::Added, b[static_cast<std::size_t>(y)], 0, static_cast<std::size_t>(y + 1)});
        } else {
            --x; // a deletion of a[x]
            reversed.push_back(
                {DiffLine::Kind::Removed, a[static_cast<std::size_t>(x)], static_cast<std::size_t>(x + 1), 0});
        }
    }
    std::reverse(reversed.begin(), reversed.end());
    // Within each run of changes, removals first (the order people read in `diff -u`).
    std::vector<DiffLine> out;
    out.reserve(reversed.size());
    std::size_t i = 0;
    while (i < reversed.size()) {
        if (reversed[i].kind == DiffLine::Kind::Same) {
            out.push_back(std::move(reversed[i++]));
            continue;
        }
        std::size_t j = i;
        while (j < reversed.size() && reversed[j].kind != DiffLine::Kind::Same) {
            ++j;
        }
        for (std::size_t r = i; r < j; ++r) {
            if (reversed[r].kind == DiffLine::Kind::Removed) {
                out.push_back(reversed[r]);
            }
        }
        for (std::size_t r = i; r < j; ++r) {
            if (reversed[r].kind == DiffLine::Kind::Added) {
                out.push_back(reversed[r]);
            }
        }
        i = j;
    }
    return out;
}

std::vector<DiffLine> diffTexts(std::string_view before, std::string_view after)
{
    return diffLines(splitLines(before), splitLines(after));
}

bool isUnchanged(const std::vector<DiffLine>& diff)
{
    return std::all_of(diff.begin(), diff.end(), [](const DiffLine& l) { return l.kind == DiffLine::Kind::Same; });
}

namespace {

std::string range(std::size_t start, std::size_t count)
{
    // diff -u: "start,count", "start" when count is 1, and start is the line before when count is 0.
    if (count == 1) {
        return std::to_string(start);
    }
    return std::to_string(count == 0 ? start - 1 : start) + "," + std::to_string(count);
}

// A last line without a line break carries this suffix in LineEnds::Exact mode: no line split at "\n" contains
// one, so it differs from the same line with a break, and it is printed as diff -u's marker line.
constexpr char kNoFinalBreak = '\n';

std::vector<std::string> splitExact(std::string_view text)
{
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            lines.emplace_back(text.substr(start));
            lines.back() += kNoFinalBreak;
            break;
        }
        lines.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

/** The `diff -u` text of an edit script: "" when nothing changed. */
std::string formatUnified(const std::vector<DiffLine>& diff,
                          std::string_view beforeName,
                          std::string_view afterName,
                          std::size_t context)
{
    if (isUnchanged(diff)) {
        return {};
    }
    std::string out = "--- " + std::string(beforeName) + "\n+++ " + std::string(afterName) + "\n";
    std::size_t i = 0;
    while (i < diff.size()) {
        // Find the next change.
        while (i < diff.size() && diff[i].kind == DiffLine::Kind::Same) {
            ++i;
        }
        if (i == diff.size()) {
            break;
        }
        const std::size_t start = i >= context ? i - context : 0;
        // Extend the hunk while the next change is within 2*context unchanged lines.
        std::size_t end = i;
        while (end < diff.size()) {
            while (end < diff.size() && diff[end].kind != DiffLine::Kind::Same) {
                ++end;
            }
            std::size_t same = end;
            while (same < diff.size() && diff[same].kind == DiffLine::Kind::Same && same - end < 2 * context + 1) {
                ++same;
            }
            if (same < diff.size() && diff[same].kind != DiffLine::Kind::Same && same - end <= 2 * context) {
                end = same;
                continue;
            }
            end = std::min(diff.size(), end + context);
            break;
        }
        std::size_t oldStart = 0;
        std::size_t newStart = 0;
        std::size_t oldCount = 0;
        std::size_t newCount = 0;
        // The first old/new line numbers of the hunk: from its first line that has one, else the line before.
        std::size_t oldBefore = 0;
        std::size_t newBefore = 0;
        for (std::size_t k = 0; k < start; ++k) {
            oldBefore = diff[k].oldLine ? diff[k].oldLine : oldBefore;
            newBefore = diff[k].newLine ? diff[k].newLine : newBefore;
        }
        std::string body;
        for (std::size_t k = start; k < end; ++k) {
            const DiffLine& line = diff[k];
            switch (line.kind) {
            case DiffLine::Kind::Same:
                body += " ";
                ++oldCount;
                ++newCount;
                break;
            case DiffLine::Kind::Removed:
                body += "-";
                ++oldCount;
                break;
            case DiffLine::Kind::Added:
                body += "+";
                ++newCount;
                break;
            }
            if (!line.text.empty() && line.text.back() == kNoFinalBreak) {
                body.append(line.text, 0, line.text.size() - 1);
                body += "\n\\ No newline at end of file\n";
            } else {
                body += line.text;
                body += "\n";
            }
        }
        oldStart = oldBefore + 1;
        newStart = newBefore + 1;
        out += "@@ -" + range(oldStart, oldCount) + " +" + range(newStart, newCount) + " @@\n" + body;
        i = end;
    }
    return out;
}

/** A line without the whitespace at its ends (spaces, tabs; "\r" is gone already). */
std::string_view trimmed(std::string_view line)
{
    const std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return {};
    }
    return line.substr(first, line.find_last_not_of(" \t") - first + 1);
}

} // namespace

std::string unifiedDiff(std::string_view before,
                        std::string_view after,
                        std::string_view beforeName,
                        std::string_view afterName,
                        std::size_t context,
                        LineEnds lineEnds)
{
    const std::vector<DiffLine> diff
        = lineEnds == LineEnds::Exact ? diffLines(splitExact(before), splitExact(after)) : diffTexts(before, after);
    return formatUnified(diff, beforeName, afterName, context);
}

ContentDiff unifiedContentDiff(std::string_view before,
                               std::string_view after,
                               std::string_view beforeName,
                               std::string_view afterName,
                               std::size_t context)
{
    const std::vector<std::string> oldLines = splitLines(before);
    const std::vector<std::string> newLines = splitLines(after);
    std::vector<std::string> oldKeys;
    std::vector<std::string> newKeys;
    oldKeys.reserve(oldLines.size());
    newKeys.reserve(newLines.size());
    for (const auto& line : oldLines) {
        oldKeys.emplace_back(trimmed(line));
    }
    for (const auto& line : newLines) {
        newKeys.emplace_back(trimmed(line));
    }
    std::vector<DiffLine> diff = diffLines(oldKeys, newKeys);
    const auto changes = [](const std::vector<DiffLine>& d) {
        return std::count_if(d.begin(), d.end(), [](const DiffLine& l) { return l.kind != DiffLine::Kind::Same; });
    };
    const std::vector<DiffLine> exact = diffLines(oldLines, newLines);
    ContentDiff out;
    if (changes(diff) >= changes(exact)) {
        // Re-indentation saves nothing here: the exact diff, whose equal lines are equal byte for byte (the trimmed
        // one could pair a "}" with another "}" of a different depth and call it re-indented).
        out.diff = formatUnified(exact, beforeName, afterName, context);
        return out;
    }
    for (DiffLine& line : diff) {
        // Each line as written: a removed one as in `before`, the others (context lines too) as in `after`.
        if (line.kind == DiffLine::Kind::Removed) {
            line.text = oldLines[line.oldLine - 1];
            continue;
        }
        line.text = newLines[line.newLine - 1];
        if (line.kind == DiffLine::Kind::Same && line.text != oldLines[line.oldLine - 1]) {
            ++out.layoutOnlyLines;
        }
    }
    out.diff = formatUnified(diff, beforeName, afterName, context);
    return out;
}

} // namespace kps::render
