// SPDX-License-Identifier: GPL-3.0-or-later
// `keypolicy grants`: the MWAA grant matrix of an environment, from the context alone or against the output of
// `aws kms list-grants` (docs/mwaa.md, "The grant matrix").
#include "core/checker/ContextValues.h"
#include "core/cli/Commands.h"
#include "core/cli/Io.h"
#include "core/mwaa/GrantMatrix.h"
#include "core/mwaa/Grants.h"
#include "core/mwaa/MwaaFacts.h"

#include <istream>
#include <iterator>

namespace kps::cli {

namespace {

enum class GrantsFormat { Text, Json, Markdown };

std::string findingLines(const std::vector<Finding>& findings)
{
    std::string out;
    for (const auto& f : findings) {
        out += std::string(severityName(f.severity)) + " " + f.code + ": " + f.message + "\n";
    }
    return out;
}

int runGrants(const ParsedArgs& args, Streams& io)
{
    constexpr std::string_view name = "grants";
    const auto env = args.value("--env");
    const auto region = args.value("--region");
    if (!env || env->empty()) {
        return usageError(io, name, "--env is required");
    }
    if (const auto valid = validateContextOption(ContextField::Environment, *env); !valid) {
        return usageError(io, name, valid.error());
    }
    if (!region) {
        return usageError(io, name, "--region is required");
    }
    if (const auto valid = validateContextOption(ContextField::Region, *region); !valid) {
        return usageError(io, name, valid.error());
    }
    GrantsFormat format = GrantsFormat::Text;
    if (const auto f = args.value("--format")) {
        if (*f == "json") {
            format = GrantsFormat::Json;
        } else if (*f == "markdown") {
            format = GrantsFormat::Markdown;
        } else if (*f != "text") {
            return usageError(io, name, "--format must be text, json or markdown");
        }
    }
    const auto failOn = readFailOn(args);
    if (!failOn) {
        return usageError(io, name, failOn.error());
    }
    if (!args.positionals.empty()) {
        return usageError(io, name, "unexpected operand " + args.positionals.front() + " (use --grants FILE)");
    }

    std::optional<mwaa::GrantList> grants;
    if (const auto file = args.value("--grants")) {
        std::string text;
        if (*file == "-") {
            text.assign(std::istreambuf_iterator<char>(io.in), std::istreambuf_iterator<char>());
        } else if (auto read = readFile(*file)) {
            text = std::move(*read);
        } else {
            return reportError(io, read.error());
        }
        auto list = mwaa::readGrantsText(text);
        if (!list) {
            Error error = std::move(list).error(); // with the parser's line and column when it has them
            error.file = *file;
            error.message += " (expected the output of `aws kms list-grants`)";
            return reportError(io, error);
        }
        grants = std::move(*list);
    }

    MwaaContext context;
    context.environment = *env;
    context.environmentSource = ContextSource::Given;
    context.region = *region;
    context.regionSource = ContextSource::Given;
    context.partition = partitionOfRegion(*region);
    context.partitionSource = ContextSource::Inferred;
    const mwaa::GrantMatrix matrix = mwaa::buildGrantMatrix(context, grants ? &*grants : nullptr);
    const std::vector<Finding> findings = mwaa::grantFindings(matrix);

    std::string out;
    switch (format) {
    case GrantsFormat::Text:
        out = mwaa::grantMatrixToText(matrix);
        if (grants) {
            out += findings.empty() ? "\nNo grant findings.\n" : "\n" + findingLines(findings);
        }
        break;
    case GrantsFormat::Json: {
        nlohmann::json j;
        j["tool"] = {{"name", "keypolicy"}, {"version", KPS_VERSION}};
        j["matrix"] = mwaa::grantMatrixToJson(matrix);
        nlohmann::json list = nlohmann::json::array();
        for (const auto& f : findings) {
            list.push_back(
                {{"code", f.code}, {"severity", std::string(severityName(f.severity))}, {"message", f.message}});
        }
        j["findings"] = list;
        out = j.dump(2) + "\n";
        break;
    }
    case GrantsFormat::Markdown:
        out = mwaa::grantMatrixToMarkdown(matrix);
        if (!findings.empty()) {
            out += "\n";
            for (const auto& f : findings) {
                out += "- **" + std::string(severityName(f.severity)) + "** `" + f.code + "`: " + f.message + "\n";
            }
        }
        break;
    }
    if (auto written = writeOutput(args, out, io.out); !written) {
        return reportError(io, written.error());
    }
    return countFindings(findings).atLeast(*failOn) > 0 ? ExitFindings : ExitClean;
}

} // namespace

CommandSpec grantsCommand()
{
    return {
        .name = "grants",
        .synopsis = "--env NAME --region R [--grants FILE] [options]",
        .summary = "Show the MWAA grant matrix, or compare it with `aws kms list-grants` output",
        .description
        = "Prints the four grants Amazon MWAA attaches to an environment's customer managed key "
          "(mwaa-grant-for-env-mgmt-role-ENV, mwaa-grant-for-lambda-exec-ENV, mwaa-grant-for-cfn-mgmt-ENV, "
          "mwaa-fargate-access-for-ENV) with the operations each needs: Encrypt, Decrypt, ReEncrypt* "
          "(ReEncryptFrom and ReEncryptTo), GenerateDataKey* (GenerateDataKey and GenerateDataKeyWithoutPlaintext), "
          "CreateGrant, DescribeKey, RetireGrant. Grantee and retiring principal are airflow.REGION of the "
          "region's partition.\n\n"
          "With --grants, the matrix is compared with the grants on the key: each cell is present, missing, extra "
          "or not-required, the grantee and retiring principals are checked (GranteePrincipal or "
          "GranteeServicePrincipal), and the MWAA_GRANT_* findings are listed with the JSON Pointer of the grant "
          "in FILE. Grants of the environment's Aurora database and MWAA's own further grants are expected.",
        .options = {{"--env", "", "NAME", "The MWAA environment name (required)."},
                    {"--region", "", "R", "The environment's region (required); the partition follows from it."},
                    {"--grants",
                     "",
                     "FILE",
                     "The output of `aws kms list-grants --key-id KEY` ({\"Grants\": [...]}, one page or an array "
                     "of pages), or - for standard input."},
                    {"--format", "", "FORMAT", "text (default), json or markdown."},
                    failOnOption(),
                    outputOption()},
        .examples = "keypolicy grants --env MyEnv --region eu-west-1\n"
                    "aws kms list-grants --key-id KEY > grants.json; keypolicy grants --env MyEnv --region eu-west-1 "
                    "--grants grants.json\n"
                    "keypolicy grants --env MyEnv --region cn-north-1 --grants grants.json --format json",
        .run = &runGrants,
    };
}

} // namespace kps::cli
