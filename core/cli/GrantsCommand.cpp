// SPDX-License-Identifier: GPL-3.0-or-later
// `keypolicy grants`: every grant on a key, reviewed as an auditor would (docs/mwaa.md, "The grant audit"): the MWAA
// grant matrix of each environment and the table of all other grants, from `aws kms list-grants` output; without a
// listing, the matrix of what MWAA requires.
#include "core/checker/ContextValues.h"
#include "core/cli/Commands.h"
#include "core/cli/Inputs.h"
#include "core/cli/Io.h"
#include "core/mwaa/GrantMatrix.h"
#include "core/mwaa/GrantRules.h"
#include "core/mwaa/Grants.h"
#include "core/mwaa/MwaaFacts.h"
#include "core/render/JsonRenderer.h"
#include "core/render/MarkdownRenderer.h"

#include <istream>
#include <iterator>

namespace kps::cli {

namespace {

enum class GrantsFormat { Text, Json, Markdown };

std::string findingLine(const Finding& f)
{
    return f.location.file + ":" + std::to_string(f.location.span.line) + ":" + std::to_string(f.location.span.column)
        + ": " + std::string(severityName(f.severity)) + " " + f.code + " " + f.message + "\n";
}

/** "environment analytics: ok", "... problems", "... depends on: ...". */
std::string statusLine(const mwaa::GrantMatrix& m)
{
    const std::string status = m.status();
    if (status == "ok") {
        return "environment " + m.environment + ": every MWAA grant is on the key as MWAA needs it";
    }
    if (status == "problems") {
        return "environment " + m.environment + ": MWAA's grants have problems (findings above)";
    }
    return "environment " + m.environment + ": MWAA's grants are complete only if the assumptions below hold";
}

Expected<GrantsDocument> readListing(const std::string& file, std::istream& in)
{
    std::string text;
    std::string shown = file;
    if (file == "-") {
        text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        shown = std::string(StdinName);
    } else if (auto read = readFile(file)) {
        text = std::move(*read);
    } else {
        return std::move(read).error();
    }
    auto listing = mwaa::readGrantsDocument(std::move(text), shown);
    if (!listing) {
        Error error = std::move(listing).error(); // with the file, line and column where it stops being a listing
        error.message += " (expected the output of `aws kms list-grants`)";
        return error;
    }
    return listing;
}

int runGrants(const ParsedArgs& args, Streams& io)
{
    constexpr std::string_view name = "grants";
    const auto file = args.value("--grants");
    const std::vector<std::string> environments = args.all("--env");
    MwaaContext context;
    for (const auto& env : environments) {
        if (const auto valid = validateContextOption(ContextField::Environment, env); !valid) {
            return usageError(io, name, valid.error());
        }
    }
    if (environments.empty() && !file) {
        return usageError(io, name, "--env is required without --grants (the grant names give the environments)");
    }
    for (const ContextField field : {ContextField::Region, ContextField::Account, ContextField::Key}) {
        if (const auto value = args.value(contextOptionName(field))) {
            if (auto set = setGivenContextValue(context, field, *value); !set) {
                return usageError(io, name, set.error());
            }
        }
    }
    if (context.region.empty() && !file) {
        return usageError(io, name, "--region is required without --grants (the listing's key ARN gives it)");
    }
    if (!context.region.empty()) {
        context.partition = partitionOfRegion(context.region);
        context.partitionSource = ContextSource::Inferred;
    }
    const auto format = readFormatName(args, {"text", "json", "markdown"});
    if (!format) {
        return usageError(io, name, format.error());
    }
    const auto failOn = readFailOn(args);
    if (!failOn) {
        return usageError(io, name, failOn.error());
    }
    if (!args.positionals.empty()) {
        return usageError(io, name, "unexpected operand " + args.positionals.front() + " (use --grants FILE)");
    }

    std::optional<GrantsDocument> listing;
    std::optional<mwaa::GrantList> grants;
    if (file) {
        auto read = readListing(*file, io.in);
        if (!read) {
            return reportError(io, read.error());
        }
        listing = std::move(*read);
        grants = mwaa::readGrants(listing->document.json());
    }
    const mwaa::GrantAudit audit = mwaa::auditGrants(context, environments, grants ? &*grants : nullptr);
    const mwaa::GrantFindings found = mwaa::grantFindings(audit, listing ? &*listing : nullptr);

    std::string out;
    if (*format == "text") {
        out = mwaa::grantAuditToText(audit);
        if (listing) {
            out += "\n";
            for (const auto& f : found.findings) {
                out += findingLine(f);
            }
            if (found.findings.empty()) {
                out += "No grant findings.\n";
            }
            for (const auto& m : audit.environments) {
                if (!m.environment.empty()) {
                    out += statusLine(m) + "\n";
                }
            }
            for (const auto& a : found.assumptions) {
                out += "assumes " + a.fact + (a.needed.empty() ? std::string() : " (decide it with " + a.needed + ")")
                    + "\n";
            }
        }
    } else if (*format == "json") {
        // Members in the order written (Json keeps it), as `keypolicy check --format json` does.
        Json j;
        j["tool"] = {{"name", "keypolicy"}, {"version", KPS_VERSION}};
        j["grants_file"] = listing ? Json(listing->path) : Json(nullptr);
        j["key"] = {{"arn", audit.keyArn},
                    {"account", audit.keyAccount},
                    {"region", audit.region},
                    {"region_from_listing", audit.regionFromListing},
                    {"partition", audit.partition}};
        j["truncated"] = audit.truncated;
        Json matrices = Json::array();
        for (const auto& m : audit.environments) {
            matrices.push_back(Json(mwaa::grantMatrixToJson(m)));
        }
        j["matrix"] = matrices.front(); // the first environment's, as before there were several
        j["environments"] = matrices;
        Json table = Json::array();
        for (const auto& g : audit.grants) {
            table.push_back(mwaa::auditedGrantToJson(g));
        }
        j["grants"] = table;
        Json list = Json::array();
        for (const auto& f : found.findings) {
            list.push_back(render::findingToJson(f));
        }
        j["findings"] = list;
        Json assumptions = Json::array();
        for (const auto& a : found.assumptions) {
            assumptions.push_back({{"fact", a.fact}, {"needed", a.needed}, {"pointer", a.pointer}, {"file", a.file}});
        }
        j["assumptions"] = assumptions;
        j["problems"] = audit.problems;
        out = j.dump(2) + "\n";
    } else {
        out = "## Grants";
        if (listing) {
            out += " of " + render::markdownEscape(listing->path);
        }
        out += "\n\n" + mwaa::grantAuditToMarkdown(audit);
        if (!found.findings.empty()) {
            out += "\n### Findings\n\n";
            for (const auto& f : found.findings) {
                out += "- **" + std::string(severityName(f.severity)) + "** `" + f.code + "` at "
                    + render::markdownEscape(f.location.file) + ":" + std::to_string(f.location.span.line) + ":"
                    + std::to_string(f.location.span.column) + " (`" + f.location.pointer
                    + "`): " + render::markdownEscape(f.message) + "\n";
            }
        }
        for (const auto& a : found.assumptions) {
            out += "\nDepends on: " + render::markdownEscape(a.fact)
                + (a.needed.empty() ? std::string() : " (decide it with " + render::markdownEscape(a.needed) + ")")
                + ".\n";
        }
    }
    if (auto written = writeOutput(args, out, io.out); !written) {
        return reportError(io, written.error());
    }
    return countFindings(found.findings).atLeast(*failOn) > 0 ? ExitFindings : ExitClean;
}

} // namespace

CommandSpec grantsCommand()
{
    return {
        .name = "grants",
        .synopsis = "[--grants FILE] [--env NAME]... [--region R] [options]",
        .summary = "Audit every grant on a key: the MWAA grant matrix per environment and all other grants",
        .description
        = "Reviews the grants of a key as an auditor would, from the output of `aws kms list-grants`. Each MWAA "
          "environment (given with --env, repeatable, and every environment the grant names name) gets the matrix "
          "of the four grants Amazon MWAA attaches (mwaa-grant-for-env-mgmt-role-ENV, mwaa-grant-for-lambda-exec-ENV, "
          "mwaa-grant-for-cfn-mgmt-ENV, mwaa-fargate-access-for-ENV) against the operations each needs: Encrypt, "
          "Decrypt, ReEncrypt* (ReEncryptFrom and ReEncryptTo), GenerateDataKey* (GenerateDataKey and "
          "GenerateDataKeyWithoutPlaintext), CreateGrant, DescribeKey, RetireGrant; grantee and retiring principal "
          "must be airflow.REGION of the region's partition. A cell is present, missing, extra, not-required, "
          "wrong-principal (granted to another principal: MWAA cannot use it) or depends (the listing is truncated, "
          "the region unknown or the grant constrained).\n\n"
          "Every other grant is listed with its name, grantee, retiring principal, operations, constraints, "
          "creation date and class: MWAA, another AWS service, a principal of the key's account, of another "
          "account, or unknown. The findings (MWAA_GRANT_*, GRANT_CROSS_ACCOUNT, GRANT_CAN_REGRANT, "
          "GRANT_OPERATION_UNKNOWN, GRANT_CONSTRAINED, GRANTS_INCOMPLETE) name FILE, the JSON Pointer of the grant "
          "and its line and column. A listing that is not JSON or not list-grants output is refused with its line "
          "and column (exit status 2).\n\n"
          "Without --grants, the matrix of what MWAA requires for --env in --region.",
        .options
        = {{"--grants",
            "",
            "FILE",
            "The output of `aws kms list-grants --key-id KEY` ({\"Grants\": [...]}, one page or an array "
            "of pages, or a bare array of grants), or - for standard input."},
           {"--env",
            "",
            "NAME",
            "An MWAA environment whose grants are audited (repeatable). Without --grants, required."},
           {"--region",
            "",
            "R",
            "The environments' region; the partition follows from it. Without it, the region of the "
            "listing's key ARN (the key is in the environment's region)."},
           {"--account",
            "",
            "ID",
            "The account that owns the key: decides which grantees are of another account. Without it, the "
            "account of the listing's key ARN."},
           {"--key", "", "ID_OR_ARN", "The key (shown in the revoke commands when the listing has no key ARN)."},
           {"--format", "", "FORMAT", "text (default), json or markdown."},
           failOnOption(),
           outputOption()},
        .examples = "keypolicy grants --env MyEnv --region eu-west-1\n"
                    "aws kms list-grants --key-id KEY > grants.json; keypolicy grants --grants grants.json\n"
                    "keypolicy grants --grants grants.json --env prod --env staging --format json",
        .run = &runGrants,
    };
}

} // namespace kps::cli
