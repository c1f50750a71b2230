// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/vocab/PolicyVariables.h"

#include <algorithm>

namespace kps {

namespace {

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

std::size_t skipBlanks(std::string_view text, std::size_t i)
{
    while (i < text.size() && isBlank(text[i])) {
        ++i;
    }
    return i;
}

/// Where the variable that opened at `open` ends when it has no proper end: just past the first "}" at or after
/// `from` that comes before the next "${", else nothing (npos: the brace is missing).
std::size_t closingBrace(std::string_view text, std::size_t from)
{
    // Searched only up to the next "${", so that scanning a value stays linear in its length.
    const std::size_t nextOpen = text.find("${", from);
    const std::size_t brace = text.substr(0, nextOpen).find('}', from);
    return brace;
}

} // namespace

std::string PolicyVariable::unescapedDefault() const
{
    std::string out;
    out.reserve(defaultValue.size());
    for (std::size_t i = 0; i < defaultValue.size(); ++i) {
        out.push_back(defaultValue[i]);
        if (defaultValue[i] == '\'' && i + 1 < defaultValue.size() && defaultValue[i + 1] == '\'') {
            ++i;
        }
    }
    return out;
}

bool nextPolicyVariable(std::string_view text, std::size_t& pos, PolicyVariable& out)
{
    const std::size_t open = text.find("${", pos);
    if (open == std::string_view::npos) {
        pos = text.size();
        return false;
    }
    out = PolicyVariable{};
    out.offset = open;
    const std::size_t start = open + 2;
    // The name runs to the first ',' or '}'; a "${" before either means this one was never closed.
    std::size_t i = start;
    while (i < text.size() && text[i] != ',' && text[i] != '}'
           && !(text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{')) {
        ++i;
    }
    std::string_view rawName = text.substr(start, i - start);
    const auto finish = [&](std::size_t end, VariableProblem problem) {
        // `end` is the index of the closing brace, or npos for a missing one.
        if (end == std::string_view::npos) {
            const std::size_t next = text.find("${", start);
            out.length = (next == std::string_view::npos ? text.size() : next) - open;
            out.problem = VariableProblem::MissingBrace;
            pos = open + out.length;
        } else {
            out.length = end + 1 - open;
            out.problem = problem;
            pos = end + 1;
        }
        return true;
    };
    // Blanks only: nothing is named. Blanks around a name: a space in the variable.
    std::size_t first = 0;
    while (first < rawName.size() && isBlank(rawName[first])) {
        ++first;
    }
    const bool blankOnly = first == rawName.size();
    const bool hasSpace = !blankOnly && rawName.find_first_of(" \t") != std::string_view::npos;
    out.name = blankOnly ? std::string_view() : rawName;
    const VariableProblem nameProblem
        = blankOnly ? VariableProblem::Empty : (hasSpace ? VariableProblem::Space : VariableProblem::None);

    if (i == text.size() || text[i] == '$') {
        return finish(std::string_view::npos, VariableProblem::MissingBrace);
    }
    if (text[i] == '}') {
        return finish(i, nameProblem);
    }
    // A default: ", 'text'" with optional blanks around it.
    out.hasDefault = true;
    std::size_t q = skipBlanks(text, i + 1);
    if (q >= text.size() || text[q] != '\'') {
        return finish(closingBrace(text, i + 1), VariableProblem::MissingQuote);
    }
    // The default ends at its lone closing quote; it is not looked for past the next "${" (linear scans).
    const std::size_t end = std::min(text.size(), text.find("${", q + 1));
    std::size_t j = q + 1;
    bool closed = false;
    while (j < end) {
        if (text[j] == '\'') {
            if (j + 1 < end && text[j + 1] == '\'') {
                j += 2;
                continue;
            }
            closed = true;
            break;
        }
        ++j;
    }
    if (!closed) {
        return finish(closingBrace(text, q + 1), VariableProblem::MissingQuote);
    }
    out.defaultValue = text.substr(q + 1, j - q - 1);
    const std::size_t after = skipBlanks(text, j + 1);
    if (after < text.size() && text[after] == '}') {
        return finish(after, nameProblem);
    }
    // Text after the closing quote: the default did not end with its quote.
    return finish(closingBrace(text, j + 1), VariableProblem::MissingQuote);
}

bool firstMalformedVariable(std::string_view text, PolicyVariable& out)
{
    std::size_t pos = 0;
    while (nextPolicyVariable(text, pos, out)) {
        if (out.problem != VariableProblem::None) {
            return true;
        }
    }
    return false;
}

} // namespace kps
