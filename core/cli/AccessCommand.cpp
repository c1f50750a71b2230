// SPDX-License-Identifier: GPL-3.0-or-later
// `keypolicy access`: who can do what with the key (core/access/AccessSummary.h).
#include "core/access/AccessRender.h"
#include "core/access/AccessSummary.h"
#include "core/checker/ParseFindings.h"
#include "core/cli/Commands.h"
#include "core/cli/Inputs.h"

namespace kps::cli {

namespace {

int runAccess(const ParsedArgs& args, Streams& io)
{
    constexpr std::string_view name = "access";
    const auto format = readFormatName(args, {"text", "json", "markdown"});
    if (!format) {
        return usageError(io, name, format.error());
    }
    MwaaContext given;
    if (auto read = readKeyOptions(args, given); !read) {
        return usageError(io, name, read.error());
    }
    const auto operand = singlePolicyOperand(args, "access takes");
    if (!operand) {
        return usageError(io, name, operand.error());
    }
    const auto input = readPolicyOperand(*operand, io.in);
    if (!input) {
        return reportError(io, input.error());
    }
    const auto document = SourceDocument::parse(input->text);
    if (!document.isValid()) {
        printFindingLines(input->path, parseFindings(document), io);
        return reportError(io, Error{"not a valid JSON document; no summary was written", input->path});
    }
    const PolicyView policy = readPolicy(document.json());
    const access::AccessSummary summary
        = access::summarizeAccess(policy, access::resolveKeyFacts(document, policy, given));
    std::string out;
    if (*format == "json") {
        out = access::dumpJson(access::accessJson(input->path, summary));
    } else if (*format == "markdown") {
        out = access::accessMarkdown(input->path, summary);
    } else {
        out = access::accessText(input->path, summary);
    }
    if (auto written = writeOutput(args, out, io.out); !written) {
        return reportError(io, written.error());
    }
    return ExitClean;
}

} // namespace

CommandSpec accessCommand()
{
    return {
        .name = "access",
        .synopsis = "POLICY [--account ID] [--region R] [--key ARN] [--format text|json|markdown] [-o FILE]",
        .summary = "Who can do what with the key: one row per principal, one column per group of actions",
        .description
        = "Summarizes the key policy: one row per principal it names (in Principal or NotPrincipal), the key's "
          "account through IAM first; an account principal stands for the account's IAM roles and users (through "
          "IAM), \"*\" for anyone in another account. The columns are groups of KMS actions: use (Encrypt, Decrypt, "
          "ReEncrypt*, GenerateDataKey*), administer (PutKeyPolicy, key deletion and state, aliases, tags, rotation, "
          "description, key material, replicas), grants (CreateGrant, RevokeGrant, ListGrants), read (Describe*, "
          "Get*, List*) and other (Sign, Verify, GenerateMac, VerifyMac, DeriveSharedSecret).\n\n"
          "Each cell is a decision as keypolicy simulate gives it for each action of the group, with nothing known of "
          "the request but its caller: allow, allow_if_iam, explicit_deny, implicit_deny, depends, or partial (some "
          "actions of the group are allowed or may be, others not). The cell names the statements behind it and "
          "whether conditions limit it.",
        .options = joinOptions(
            {keyOptions(),
             {{"--format", "", "FORMAT", "text (default), json (docs/cli.md) or markdown."}, outputOption()}}),
        .examples = "keypolicy access policy.json\n"
                    "keypolicy access policy.json --account 111122223333 --format markdown -o access.md",
        .exitStatus = "0 the summary was printed; 2 usage error, a POLICY that cannot be read or is not valid JSON, or "
                      "an output that cannot be written.",
        .run = &runAccess,
    };
}

} // namespace kps::cli
