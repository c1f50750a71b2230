// SPDX-License-Identifier: GPL-3.0-or-later
// `keypolicy fix` (and `check --fix`): writes the corrected policy.
#include "core/cli/Commands.h"
#include "core/cli/Inputs.h"
#include "core/fix/Fixer.h"
#include "core/render/TextRenderer.h"

#include <ostream>

namespace kps::cli {

int fixPolicy(
    const ParsedArgs& args, const CheckOptions& options, Severity failOn, Streams& io, std::string_view command)
{
    const auto operand = singlePolicyOperand(args, "fixing takes");
    if (!operand) {
        return usageError(io, command, operand.error());
    }
    const auto input = readPolicyOperand(*operand, io.in);
    if (!input) {
        return reportError(io, input.error());
    }
    const auto document = SourceDocument::parse(input->text);
    const auto outcome = applyAllFixes(document, options);
    if (!document.isValid()) {
        // Its syntax error as a finding line (FILE:LINE:COL: error JSON_SYNTAX ...), then why nothing was written.
        printFindingLines(input->path, outcome.remaining, io);
        reportError(io, Error{"not a valid JSON document; nothing was written", input->path});
        return ExitFindings;
    }
    if (auto written = writeOutput(args, outcome.text, io.out); !written) {
        return reportError(io, written.error());
    }
    if (!outcome.reformatted.empty()) {
        io.err << "keypolicy: " << input->path << ": note: " << outcome.reformatted << '\n';
    }
    const auto counts = countFindings(outcome.remaining);
    io.err << "keypolicy: " << input->path << ": " << outcome.applied.size()
           << (outcome.applied.size() == 1 ? " fix" : " fixes")
           << " applied; remaining: " << render::describeCounts(counts) << '\n';
    return counts.atLeast(failOn) > 0 ? ExitFindings : ExitClean;
}

namespace {

int runFix(const ParsedArgs& args, Streams& io)
{
    constexpr std::string_view name = "fix";
    const auto options = readCheckOptions(args);
    if (!options) {
        return usageError(io, name, options.error());
    }
    const auto failOn = readFailOn(args);
    if (!failOn) {
        return usageError(io, name, failOn.error());
    }
    return fixPolicy(args, *options, *failOn, io, name);
}

} // namespace

CommandSpec fixCommand()
{
    return {
        .name = "fix",
        .synopsis = "[options] FILE",
        .summary = "Write the policy with every unambiguous fix applied",
        .description
        = "Applies the fix of every fixable finding, checks again and repeats until no fixable finding remains, "
          "then prints the corrected policy. Only the text the fixes change is rewritten: everything else keeps the "
          "file's own formatting (indentation, line endings, key order, spacing), and new text follows it, so a "
          "diff against the input shows exactly the fixes. Fixes never remove an Allow statement. For `aws kms "
          "get-key-policy` output the corrected inner policy is printed (edited within its decoded text), ready "
          "for `aws kms put-key-policy --policy file://...`.\n\n"
          "A one-line summary (fixes applied, findings remaining) goes to standard error. The exit status judges "
          "the findings that remain after fixing. A document that is not valid JSON cannot be fixed: its syntax "
          "error is printed and nothing is written.",
        .options = joinOptions({contextOptions(), {failOnOption(), outputOption()}}),
        .examples = "keypolicy fix policy.json --region eu-west-1 --account 111122223333 -o fixed.json\n"
                    "keypolicy fix policy.json -o policy.json   # in place, atomically",
        .run = &runFix,
    };
}

} // namespace kps::cli
