// SPDX-License-Identifier: GPL-3.0-or-later
// `keypolicy check`: the command CI pipelines run (spec/cli.md).
#include "core/cli/Commands.h"
#include "core/cli/Inputs.h"
#include "core/render/JsonRenderer.h"
#include "core/render/SarifRenderer.h"
#include "core/render/TextRenderer.h"

namespace kps::cli {

namespace {

int runCheck(const ParsedArgs& args, Streams& io)
{
    constexpr std::string_view name = "check";
    auto options = readCheckOptions(args);
    if (!options) {
        return usageError(io, name, options.error());
    }
    const auto format = readFormat(args);
    if (!format) {
        return usageError(io, name, format.error());
    }
    const auto failOn = readFailOn(args);
    if (!failOn) {
        return usageError(io, name, failOn.error());
    }
    if (args.has("--fix")) {
        if (args.has("--format")) {
            return usageError(io, name, "--fix prints the corrected policy; --format does not apply to it");
        }
        return fixPolicy(args, *options, *failOn, io, name);
    }
    if (args.positionals.empty()) {
        return usageError(io, name, "no FILE given (use - for standard input)");
    }

    Inputs inputs = readInputs(args.positionals, io.in, ReadMode::DirectoriesLater);
    std::string text;
    std::vector<Error> errors;
    SeverityCounts counts;
    if (*format == Format::Json) {
        // Written file by file: no result is kept once it is in the output.
        render::JsonReportWriter writer(text);
        errors = checkInputsEach(
            std::move(inputs), *options, [&writer](const render::FileResult& file) { writer.add(file); });
        writer.finish(errors);
        counts = writer.counts();
    } else {
        const auto report = checkInputs(std::move(inputs), *options, *format == Format::Sarif);
        text = *format == Format::Text ? render::renderText(report) : render::renderSarif(report);
        errors = report.errors;
        counts = render::countReport(report);
    }
    printInputErrors(errors, io);
    if (auto written = writeOutput(args, text, io.out); !written) {
        return reportError(io, written.error());
    }
    if (!errors.empty()) {
        return ExitError;
    }
    return counts.atLeast(*failOn) > 0 ? ExitFindings : ExitClean;
}

} // namespace

CommandSpec checkCommand()
{
    return {
        .name = "check",
        .synopsis = "[options] FILE...",
        .summary = "Check key policies (MWAA profile on by default)",
        .description
        = "Checks AWS KMS key policies and reports every finding with its code, severity, message and location. "
          "FILE is a key policy JSON document, or the JSON printed by `aws kms get-key-policy` (detected "
          "automatically; locations then refer to the policy text inside it), or - for standard input. A directory "
          "is walked recursively for *.json files, in sorted order.\n\n"
          "Unless --no-mwaa is given, the policy is also checked as the key of an Amazon MWAA environment: give "
          "the environment's --region, --account, --env and --key for the full profile. Without --region the "
          "region is inferred from --key when it is an ARN, else from the policy's CloudWatch Logs statement.",
        .options = joinOptions({contextOptions(),
                                {formatOption(),
                                 failOnOption(),
                                 {"--fix",
                                  "",
                                  "",
                                  "Print the corrected policy (every unambiguous fix applied) instead of the findings; "
                                  "with -o FILE write it there atomically. Takes exactly one FILE."},
                                 outputOption()}}),
        .examples = "keypolicy check policy.json --region eu-west-1 --account 111122223333 --env MyEnv\n"
                    "aws kms get-key-policy --key-id KEY --policy-name default | keypolicy check -\n"
                    "keypolicy check --format sarif -o keypolicy.sarif policies/\n"
                    "keypolicy check --no-mwaa --fail-on security policy.json",
        .run = &runCheck,
    };
}

} // namespace kps::cli
