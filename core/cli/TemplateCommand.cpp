// SPDX-License-Identifier: GPL-3.0-or-later
// `keypolicy template`: a least-privilege, MWAA-ready key policy (the editor's "New from MWAA template").
#include "core/cli/Commands.h"
#include "core/mwaa/Template.h"

namespace kps::cli {

namespace {

int runTemplate(const ParsedArgs& args, Streams& io)
{
    constexpr std::string_view name = "template";
    if (!args.positionals.empty()) {
        return usageError(io, name, "unexpected operand " + args.positionals.front());
    }
    mwaa::TemplateOptions options;
    const auto region = args.value("--region");
    const auto account = args.value("--account");
    if (!region) {
        return usageError(io, name, "--region is required");
    }
    if (!account) {
        return usageError(io, name, "--account is required");
    }
    options.region = *region;
    options.account = *account;
    options.environment = args.value("--env").value_or("");
    for (const auto& [option, value] : args.values) {
        if (option == "--admin") {
            options.admins.push_back(value);
        }
    }
    const mwaa::TemplateResult result = mwaa::makeTemplate(options);
    if (!result) {
        // Every invalid option in one usage error.
        std::string message;
        for (const Error& e : result.error()) {
            message += (message.empty() ? "" : "; ") + e.text();
        }
        return usageError(io, name, message);
    }
    if (auto written = writeOutput(args, result->text, io.out); !written) {
        return reportError(io, written.error());
    }
    return ExitClean;
}

} // namespace

CommandSpec templateCommand()
{
    return {
        .name = "template",
        .synopsis = "--region R --account ID [--env NAME] [--admin ARN]... [-o FILE]",
        .summary = "Print a least-privilege key policy for an MWAA environment",
        .description
        = "Writes a complete key policy for the customer managed key of an Amazon MWAA environment: the account "
          "delegation (kms:* for the account principal, so IAM policies, the environment's creator and its "
          "execution role can use the key), a key administrators statement for each --admin (management actions "
          "only), and the CloudWatch Logs statement for the region's logs principal with the exact actions it "
          "needs and an ArnLike condition limited to the account's log groups (to airflow-NAME-* with --env). "
          "The policy checks with no error, security or warning finding.",
        .options = {{"--region", "", "R", "The environment's region (required); the partition follows from it."},
                    {"--account", "", "ID", "The account that owns the key and the environment (required)."},
                    {"--env", "", "NAME", "The MWAA environment name: limits CloudWatch Logs to its log groups."},
                    {"--admin", "", "ARN", "An IAM role or user ARN that administers the key; repeat for several."},
                    outputOption()},
        .examples = "keypolicy template --region eu-west-1 --account 111122223333 --env MyEnv\n"
                    "keypolicy template --region us-east-1 --account 111122223333 --admin "
                    "arn:aws:iam::111122223333:role/KeyAdmin -o policy.json",
        .run = &runTemplate,
    };
}

} // namespace kps::cli
