// SPDX-License-Identifier: GPL-3.0-or-later
// `keypolicy report`: the change-ticket report (core/render/ChangeTicket.h), the same bytes as the editor's
// `Export change-ticket report…` for the same policy and context.
#include "core/checker/ParseFindings.h"
#include "core/cli/Commands.h"
#include "core/cli/Inputs.h"
#include "core/fix/Fixer.h"
#include "core/render/ChangeTicket.h"

#include <filesystem>
#include <ostream>
#include <system_error>

namespace kps::cli {

namespace {

enum class ReportFormat { Markdown, Html };

int runReport(const ParsedArgs& args, Streams& io)
{
    constexpr std::string_view name = "report";
    ReportFormat format = ReportFormat::Markdown;
    if (const auto f = args.value("--format")) {
        if (*f == "html") {
            format = ReportFormat::Html;
        } else if (*f != "markdown") {
            return usageError(io, name, "--format: '" + *f + "' is not one of markdown, html");
        }
    }
    auto options = readCheckOptions(args);
    if (!options) {
        return usageError(io, name, options.error());
    }
    const auto operand = singlePolicyOperand(args, "a report takes");
    if (!operand) {
        return usageError(io, name, operand.error());
    }
    const auto read = readPolicyOperand(*operand, io.in);
    if (!read) {
        return reportError(io, read.error());
    }
    const Input& input = *read;
    const auto document = SourceDocument::parse(input.text);
    if (!document.isValid()) {
        // Its syntax error as a finding line (FILE:LINE:COL: error JSON_SYNTAX ...), then why nothing was written.
        printFindingLines(input.path, parseFindings(document), io);
        return reportError(io, Error{"not a valid JSON document; no report was written", input.path});
    }

    render::ChangeTicketInput ticket;
    // The CLI does not edit: the original is the file as read, and so is its origin. The absolute path is what the
    // editor shows for the same file (QFileInfo::absoluteFilePath), so both write the same report.
    ticket.originalText = input.text;
    if (input.path == StdinName) {
        ticket.origin = render::ReportOrigin::created(render::ReportOrigin::Kind::StandardInput);
    } else {
        std::error_code error;
        std::filesystem::path path = std::filesystem::absolute(input.path, error);
        ticket.origin = render::ReportOrigin::file(
            (error ? std::filesystem::path(input.path) : path).lexically_normal().string());
    }
    // Only the file name: the report must not depend on the directory it was made in (GUI and CLI agree).
    ticket.fileName
        = input.path == StdinName ? std::string("policy.json") : std::filesystem::path(input.path).filename().string();
    ticket.correctedText = applyAllFixes(document, *options).text;
    ticket.options = std::move(*options);
    const std::string out = format == ReportFormat::Html ? render::renderChangeTicketHtml(ticket)
                                                         : render::renderChangeTicketMarkdown(ticket);
    if (auto written = writeOutput(args, out, io.out); !written) {
        return reportError(io, written.error());
    }
    return ExitClean;
}

} // namespace

CommandSpec reportCommand()
{
    return {
        .name = "report",
        .synopsis = "[options] FILE",
        .summary = "Write a change-ticket report (Markdown or HTML) for correcting a policy",
        .description
        = "Writes the report a change ticket needs to correct one key policy: the key and environment context "
          "(each value given or inferred), the findings before and after every unambiguous fix (which were "
          "resolved, which remain, which are new), the MWAA grant matrix, the unified diff from the original to "
          "the corrected policy, the SHA-256 of both, and the `aws kms put-key-policy` command that applies the "
          "corrected policy (never with --bypass-policy-lockout-safety-check). The corrected policy is exactly what "
          "`keypolicy fix` writes for the same FILE and options; the report names it NAME.corrected.json. The "
          "original is FILE as read; the report's \"Original from\" line names its absolute path (or standard "
          "input) and SHA-256.\n\n"
          "The report holds no time stamp or host name: the same input and options give the same bytes, and the "
          "editor's File > Export change-ticket report writes the same report for the same file opened and not "
          "edited, with the same context. When the "
          "key is unknown or an alias, the command has the placeholder <KEY_ID> and the report says so.\n\n"
          "The exit status is 0 when the report was written, whatever the findings; 2 for usage errors, an input "
          "that cannot be read or is not valid JSON (its syntax error is printed as FILE:LINE:COL), or an output "
          "that cannot be written.",
        .options
        = joinOptions({contextOptions(), {{"--format", "", "FORMAT", "markdown (default) or html."}, outputOption()}}),
        .examples = "keypolicy report policy.json --region eu-west-1 --account 111122223333 --env MyEnv -o ticket.md\n"
                    "keypolicy report policy.json --key arn:aws:kms:eu-west-1:111122223333:key/ID --grants "
                    "grants.json --format html -o ticket.html",
        .run = &runReport,
    };
}

} // namespace kps::cli
