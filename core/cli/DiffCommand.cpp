// SPDX-License-Identifier: GPL-3.0-or-later
// `keypolicy diff`: two policies of one key compared, statements and access (core/access/PolicyDiff.h).
#include "core/access/AccessRender.h"
#include "core/access/PolicyDiff.h"
#include "core/checker/ParseFindings.h"
#include "core/cli/Commands.h"
#include "core/cli/Inputs.h"

#include <filesystem>

namespace kps::cli {

namespace {

int runDiff(const ParsedArgs& args, Streams& io)
{
    constexpr std::string_view name = "diff";
    const auto format = readFormatName(args, {"text", "json", "markdown"});
    if (!format) {
        return usageError(io, name, format.error());
    }
    MwaaContext given;
    if (auto read = readKeyOptions(args, given); !read) {
        return usageError(io, name, read.error());
    }
    if (args.positionals.size() != 2) {
        return usageError(io, name, "diff takes exactly two policy files, A and B (- for standard input)");
    }
    if (args.positionals[0] == "-" && args.positionals[1] == "-") {
        return usageError(io, name, "standard input can be only one of A and B");
    }
    for (const auto& operand : args.positionals) {
        std::error_code ec;
        if (operand != "-" && std::filesystem::is_directory(operand, ec)) {
            return usageError(io, name, operand + " is a directory; diff compares two policy files");
        }
    }
    const Inputs inputs = readInputs(args.positionals, io.in);
    if (!inputs.errors.empty()) {
        printInputErrors(inputs.errors, io);
        return ExitError;
    }
    const Input& a = inputs.files[0];
    const Input& b = inputs.files[1];
    const auto documentA = SourceDocument::parse(a.text);
    const auto documentB = SourceDocument::parse(b.text);
    bool valid = true;
    for (const auto* side : {&documentA, &documentB}) {
        const Input& input = side == &documentA ? a : b;
        if (!side->isValid()) {
            printFindingLines(input.path, parseFindings(*side), io);
            printInputErrors({Error{"not a valid JSON document", input.path}}, io);
            valid = false;
        }
    }
    if (!valid) {
        return ExitError;
    }
    const PolicyView policyA = readPolicy(documentA.json());
    const PolicyView policyB = readPolicy(documentB.json());
    // One key for both: what is given, else inferred from A (the policy in place), else from B.
    access::KeyFacts key = access::resolveKeyFacts(documentA, policyA, given);
    if (key.context.account.empty() || key.context.region.empty()) {
        const access::KeyFacts fromB = access::resolveKeyFacts(documentB, policyB, key.context);
        key = fromB;
    }
    const access::PolicyComparison comparison = access::comparePolicies(policyA, policyB, key);
    std::string out;
    if (*format == "json") {
        out = access::dumpJson(access::comparisonJson(a.path, b.path, comparison));
    } else if (*format == "markdown") {
        out = access::comparisonMarkdown(a.path, b.path, comparison);
    } else {
        out = access::comparisonText(a.path, b.path, comparison);
    }
    if (auto written = writeOutput(args, out, io.out); !written) {
        return reportError(io, written.error());
    }
    return comparison.sameAccess() ? ExitClean : ExitFindings;
}

} // namespace

CommandSpec diffCommand()
{
    return {
        .name = "diff",
        .synopsis = "A B [--account ID] [--region R] [--key ARN] [--format text|json|markdown] [-o FILE]",
        .summary = "Compare two policies of a key: statements added, removed, changed, and who gains or loses access",
        .description
        = "Compares policy A (e.g. the live one) with policy B (the proposed one). Statements are matched by Sid when "
          "a Sid names one statement in each, else by content (equal but for the Sid); each is unchanged, changed "
          "(with the elements that differ), added or removed.\n\n"
          "The access change compares, for every principal either policy names (and the key's account through IAM), "
          "the decision of every action as keypolicy access gives it, and says it in lines such as "
          "\"arn:aws:iam::111122223333:role/app gains kms:Decrypt\" or \"account 444455556666 (through IAM) loses "
          "administer\" (a whole group when all its actions change alike). Both policies are evaluated for the same "
          "key: the --account, --region and --key given, else what A tells, else what B tells.",
        .options = joinOptions(
            {keyOptions(),
             {{"--format", "", "FORMAT", "text (default), json (docs/cli.md) or markdown."}, outputOption()}}),
        .examples = "keypolicy diff live.json proposed.json\n"
                    "aws kms get-key-policy --key-id KEY --policy-name default | keypolicy diff - proposed.json "
                    "--format markdown",
        .exitStatus = "0 the access is the same (statements may still differ); 1 the access differs; 2 usage error, "
                      "an input that cannot be read or is not valid JSON, or an output that cannot be written.",
        .run = &runDiff,
    };
}

} // namespace kps::cli
