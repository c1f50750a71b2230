// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Checker.h"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace kps {

/** The result of applying every unambiguous fix to a policy. */
struct FixOutcome
{
    /// The corrected policy: the input text with only what the fixes change rewritten, in the input's layout
    /// (textPatch(); see `reformatted`). When the input was the `get-key-policy` wrapper this is the inner policy,
    /// edited within its decoded text. Unchanged when there is nothing to fix or the input is not valid JSON.
    std::string text;
    std::vector<Finding> applied; ///< the findings whose fix was applied, in the order applied (their locations
                                  ///< refer to the document as it was in that round)
    std::vector<Finding> remaining; ///< every finding of the corrected policy (locations refer to `text`)
    bool changed = false; ///< the corrected policy differs in content (not just layout) from the input
    /// Empty when every fix was written into the text in place; else why the text was reformatted with formatPolicy()
    /// (in the input's line endings) instead. Never expected for valid JSON, but said rather than hidden.
    std::string reformatted;
};

/** The checker the fixer re-runs; check() unless a test substitutes one. */
using CheckFunction = std::function<CheckResult(const SourceDocument&, const CheckOptions&)>;

/** The fixer gives up after this many check-fix rounds (each round applies every non-conflicting fix). */
inline constexpr std::size_t MaxFixRounds = 32;

/**
 * "Export corrected policy": applies the JSON Patch of every fixable finding, re-checks, and repeats until no
 * fixable finding remains. Within a round, fixes whose paths overlap one already applied (or that change an array
 * another fix touches) wait for the next round, where they are recomputed against the new document. A patch that
 * fails, that would remove or weaken an Allow statement (fewer "Effect": "Allow" statements than before), or that
 * comes back unchanged after being applied, is skipped for good. The loop also stops at MaxFixRounds or when a
 * round reproduces an earlier document, so it always ends. Each round's fixes are applied to the text with
 * textPatch (core/json/TextPatch.h), so the output keeps the author's formatting. Never throws.
 */
FixOutcome applyAllFixes(const SourceDocument& document, const CheckOptions& options);
/** The same with another checker (tests). */
FixOutcome applyAllFixes(const SourceDocument& document, const CheckOptions& options, const CheckFunction& checkFn);

} // namespace kps
