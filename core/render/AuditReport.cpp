// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/render/AuditReport.h"

#include "core/checker/Checker.h"
#include "core/mwaa/Grants.h"
#include "core/render/JsonRenderer.h"
#include "core/render/MarkdownRenderer.h"
#include "core/render/SarifRenderer.h"
#include "core/render/TextRenderer.h"

#include <algorithm>
#include <array>

namespace kps::render {

namespace {

std::string auditBasePath(const AuditEnvironmentInput& in)
{
    return (in.account.empty() ? std::string("unknown-account") : in.account) + '/' + in.region + '/' + in.name + '/';
}

Json nullIfEmpty(const std::string& text)
{
    return text.empty() ? Json() : Json(text);
}

std::string countsCells(const SeverityCounts& c, std::string_view separator)
{
    return std::to_string(c.error) + std::string(separator) + std::to_string(c.security) + std::string(separator)
        + std::to_string(c.warning) + std::string(separator) + std::to_string(c.suggestion);
}

Report auditAsReport(const AccountAudit& audit)
{
    Report report;
    for (const auto& e : audit.environments) {
        if (e.checked) {
            report.files.push_back(e.file);
        }
        for (const auto& error : e.input.errors) {
            report.errors.emplace_back(error.call + ": " + error.message, auditBasePath(e.input));
        }
    }
    for (const auto& f : audit.failures) {
        report.errors.emplace_back(f.error.call + ": " + f.error.message, f.profile.empty() ? f.region : f.profile);
    }
    return report;
}

} // namespace

std::string auditKeyName(const AuditedEnvironment& e)
{
    if (e.awsOwnedKey) {
        return "AWS-owned key";
    }
    const std::string& arn = e.input.keyArn;
    if (arn.empty()) {
        return "unknown";
    }
    const auto slash = arn.rfind('/');
    return slash == std::string::npos ? arn : arn.substr(slash + 1);
}

std::string auditVerdictText(const AuditedEnvironment& e)
{
    if (e.verdict == "ready") {
        return "MWAA ready";
    }
    if (e.verdict == "not-ready") {
        return "MWAA not ready";
    }
    if (e.verdict == "depends") {
        return "depends";
    }
    if (e.verdict == "aws-owned-key") {
        return "AWS-owned key, not checked";
    }
    return "incomplete: " + std::to_string(e.input.errors.size()) + " call(s) failed";
}

std::string auditKeyFacts(const AuditedEnvironment& e)
{
    if (e.awsOwnedKey) {
        return "an AWS-owned key (the environment has no KmsKey); there is no key policy to check";
    }
    std::string out = e.input.keyArn.empty() ? std::string("unknown") : e.input.keyArn;
    if (const auto& m = e.input.keyMetadata; m && m->is_object()) {
        out += " (" + m->value("KeyManager", std::string("?")) + " managed, " + m->value("KeyState", std::string("?"));
        if (m->value("MultiRegion", false)) {
            out += ", multi-Region";
        }
        out += ')';
    }
    for (const auto& alias : e.input.aliases) {
        out += ' ' + alias;
    }
    return out;
}

std::string auditRolePolicyNames(const AuditedEnvironment& e)
{
    if (!e.input.rolePolicies) {
        return "not read";
    }
    if (e.input.rolePolicies->empty()) {
        return "none";
    }
    std::string out;
    for (const auto& p : *e.input.rolePolicies) {
        out += (out.empty() ? "" : ", ") + p.name + (p.arn.empty() ? " (inline)" : " (managed)");
    }
    return out;
}

std::string mergeRolePolicies(const std::vector<AuditRolePolicy>& policies)
{
    Json statements = Json::array();
    for (const auto& p : policies) {
        const Json document = Json::parse(p.document, nullptr, false);
        if (!document.is_object()) {
            continue;
        }
        const auto found = document.find("Statement");
        if (found == document.end()) {
            continue;
        }
        if (found->is_array()) {
            for (const auto& s : *found) {
                statements.push_back(s);
            }
        } else {
            statements.push_back(*found);
        }
    }
    Json merged = Json::object();
    merged["Version"] = "2012-10-17";
    merged["Statement"] = std::move(statements);
    return merged.dump(2);
}

AuditedEnvironment auditEnvironment(AuditEnvironmentInput input)
{
    AuditedEnvironment out;
    out.input = std::move(input);
    AuditEnvironmentInput& in = out.input;
    const std::string base = auditBasePath(in);
    if (in.environmentRead && in.keyArn.empty()) {
        out.awsOwnedKey = true;
        out.complete = in.errors.empty();
        out.verdict = "aws-owned-key";
        return out;
    }
    if (const auto& m = in.keyMetadata; m && m->is_object()) {
        const std::string state = m->value("KeyState", std::string());
        if (state != "Enabled") {
            out.keyProblems.push_back("The key is " + (state.empty() ? std::string("in an unknown state") : state)
                                      + ": MWAA cannot use it.");
        }
        if (m->value("KeyManager", std::string()) == "AWS") {
            out.keyProblems.push_back("The key is an AWS managed key: MWAA needs a customer managed key.");
        }
    }
    if (in.rolePolicies) {
        for (const auto& p : *in.rolePolicies) {
            if (!Json::parse(p.document, nullptr, false).is_object()) {
                in.errors.push_back({p.arn.empty() ? "GetRolePolicy" : "GetPolicyVersion",
                                     "The document of policy " + p.name + " is not a JSON object."});
                in.rolePolicies.reset();
                break;
            }
        }
    }
    CheckOptions options;
    options.mwaa = true;
    options.context.environment = in.name;
    options.context.environmentSource = ContextSource::Given;
    options.context.region = in.region;
    options.context.regionSource = ContextSource::Given;
    if (!in.account.empty()) {
        options.context.account = in.account;
        options.context.accountSource = ContextSource::Given;
    }
    options.context.key = in.keyArn;
    options.context.keySource = in.keyArn.empty() ? ContextSource::Unknown : ContextSource::Given;
    bool grantsRead = false;
    if (in.grants) {
        auto grants = mwaa::readGrantsDocument(*in.grants, base + "grants.json");
        if (grants) {
            options.grants = std::move(*grants);
            grantsRead = true;
        } else {
            in.errors.push_back({"ListGrants", grants.error().message});
        }
    }
    if (in.rolePolicies) {
        options.rolePolicy = mergeRolePolicies(*in.rolePolicies);
    }
    options.roleArn = in.executionRoleArn;
    out.complete = in.environmentRead && in.keyMetadata && in.keyPolicy && grantsRead && in.rolePolicies
        && !in.executionRoleArn.empty() && in.errors.empty();
    if (in.keyPolicy) {
        out.file.path = base + "key-policy.json";
        out.file.document = SourceDocument::parse(*in.keyPolicy);
        out.file.result = check(out.file.document, options);
        out.checked = true;
        out.counts = countFindings(out.file.result.findings);
    }
    // A verdict only from complete inputs: anything missing makes it depend on what could not be read.
    if (!out.checked || !out.complete) {
        out.verdict = "incomplete";
    } else if (!out.keyProblems.empty() || out.file.result.mwaaVerdict() == MwaaVerdict::NotReady) {
        out.ready = false;
        out.verdict = "not-ready";
    } else if (out.file.result.mwaaVerdict() == MwaaVerdict::Ready) {
        out.ready = true;
        out.verdict = "ready";
    } else {
        out.verdict = "depends";
    }
    return out;
}

SeverityCounts countAudit(const AccountAudit& audit)
{
    SeverityCounts total;
    for (const auto& e : audit.environments) {
        total.error += e.counts.error;
        total.security += e.counts.security;
        total.warning += e.counts.warning;
        total.suggestion += e.counts.suggestion;
    }
    return total;
}

bool auditHasErrors(const AccountAudit& audit)
{
    return !audit.failures.empty()
        || std::any_of(audit.environments.begin(), audit.environments.end(), [](const AuditedEnvironment& e) {
               return !e.input.errors.empty();
           });
}

Json accountAuditToJson(const AccountAudit& audit)
{
    Json environments = Json::array();
    std::array<int, 5> verdicts{}; // ready, not-ready, depends, incomplete, aws-owned-key
    static constexpr std::array<std::string_view, 5> kVerdicts
        = {"ready", "not-ready", "depends", "incomplete", "aws-owned-key"};
    for (const auto& e : audit.environments) {
        const auto& in = e.input;
        for (std::size_t i = 0; i < kVerdicts.size(); ++i) {
            verdicts[i] += kVerdicts[i] == e.verdict ? 1 : 0;
        }
        Json o = Json::object();
        o["name"] = in.name;
        o["region"] = in.region;
        o["account"] = nullIfEmpty(in.account);
        o["profile"] = nullIfEmpty(in.profile);
        o["status"] = nullIfEmpty(in.status);
        o["key_arn"] = nullIfEmpty(in.keyArn);
        o["aws_owned_key"] = e.awsOwnedKey;
        if (in.keyMetadata && in.keyMetadata->is_object()) {
            Json key = Json::object();
            key["state"] = in.keyMetadata->value("KeyState", std::string());
            key["manager"] = in.keyMetadata->value("KeyManager", std::string());
            key["multi_region"] = in.keyMetadata->value("MultiRegion", false);
            key["aliases"] = in.aliases;
            o["key"] = std::move(key);
        } else {
            o["key"] = nullptr;
        }
        o["execution_role_arn"] = nullIfEmpty(in.executionRoleArn);
        if (in.rolePolicies) {
            Json policies = Json::array();
            for (const auto& p : *in.rolePolicies) {
                policies.push_back({{"name", p.name}, {"arn", nullIfEmpty(p.arn)}});
            }
            o["role_policies"] = std::move(policies);
        } else {
            o["role_policies"] = nullptr;
        }
        o["mwaa_ready"] = e.ready ? Json(*e.ready) : Json();
        o["verdict"] = e.verdict;
        o["complete"] = e.complete;
        o["key_problems"] = e.keyProblems;
        o["summary"] = {{"error", e.counts.error},
                        {"security", e.counts.security},
                        {"warning", e.counts.warning},
                        {"suggestion", e.counts.suggestion}};
        Json findings = Json::array();
        if (e.checked) {
            for (const auto& f : e.file.result.findings) {
                findings.push_back(findingToJson(f));
            }
        }
        o["findings"] = std::move(findings);
        Json errors = Json::array();
        for (const auto& error : in.errors) {
            errors.push_back({{"call", error.call}, {"message", error.message}});
        }
        o["errors"] = std::move(errors);
        environments.push_back(std::move(o));
    }
    Json failures = Json::array();
    for (const auto& f : audit.failures) {
        failures.push_back({{"profile", nullIfEmpty(f.profile)},
                            {"region", f.region},
                            {"call", f.error.call},
                            {"message", f.error.message}});
    }
    const SeverityCounts total = countAudit(audit);
    Json summary = Json::object();
    summary["environments"] = audit.environments.size();
    for (std::size_t i = 0; i < kVerdicts.size(); ++i) {
        summary[std::string(kVerdicts[i])] = verdicts[i];
    }
    summary["error"] = total.error;
    summary["security"] = total.security;
    summary["warning"] = total.warning;
    summary["suggestion"] = total.suggestion;
    Json out = Json::object();
    out["tool"] = {{"name", "keypolicy"}, {"version", KPS_VERSION}};
    out["environments"] = std::move(environments);
    out["failures"] = std::move(failures);
    out["summary"] = std::move(summary);
    return out;
}

std::string renderAuditJson(const AccountAudit& audit)
{
    return accountAuditToJson(audit).dump(2, ' ', false, Json::error_handler_t::replace) + '\n';
}

std::string renderAuditText(const AccountAudit& audit)
{
    std::vector<std::array<std::string, 6>> rows;
    rows.push_back({"ACCOUNT", "REGION", "ENVIRONMENT", "KEY", "VERDICT", "ERR SEC WARN SUGG"});
    for (const auto& e : audit.environments) {
        rows.push_back({e.input.account.empty() ? "?" : e.input.account,
                        e.input.region,
                        e.input.name,
                        auditKeyName(e),
                        auditVerdictText(e),
                        countsCells(e.counts, " ")});
    }
    std::array<std::size_t, 6> widths{};
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            widths[i] = std::max(widths[i], row[i].size());
        }
    }
    std::string out;
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size()) {
                line += std::string(widths[i] - row[i].size() + 2, ' ');
            }
        }
        out += line + '\n';
    }
    if (audit.environments.empty()) {
        out += "No MWAA environments found.\n";
    }
    for (const auto& f : audit.failures) {
        out += "\nFailed: " + f.error.call + (f.profile.empty() ? "" : " (profile " + f.profile + ")") + " in "
            + f.region + ": " + f.error.message + '\n';
    }
    for (const auto& e : audit.environments) {
        const auto& in = e.input;
        out += "\n== Environment " + in.name + " (account " + (in.account.empty() ? "?" : in.account) + ", region "
            + in.region + ") ==\n";
        out += "Verdict: " + auditVerdictText(e) + '\n';
        out += "Status: " + (in.status.empty() ? std::string("unknown") : in.status) + '\n';
        out += "Key: " + auditKeyFacts(e) + '\n';
        out += "Execution role: " + (in.executionRoleArn.empty() ? std::string("unknown") : in.executionRoleArn)
            + " (policies: " + auditRolePolicyNames(e) + ")\n";
        for (const auto& p : e.keyProblems) {
            out += "Key problem: " + p + '\n';
        }
        for (const auto& error : in.errors) {
            out += "Failed: " + error.call + ": " + error.message + '\n';
        }
        if (e.checked) {
            Report one;
            one.files.push_back(e.file);
            out += renderText(one);
        }
    }
    return out;
}

std::string renderAuditMarkdown(const AccountAudit& audit)
{
    std::string out = "# MWAA account audit\n\n";
    out += "| Account | Region | Environment | Key | Verdict | Error | Security | Warning | Suggestion |\n"
           "|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& e : audit.environments) {
        out += "| " + markdownEscape(e.input.account.empty() ? "?" : e.input.account) + " | "
            + markdownEscape(e.input.region) + " | " + markdownEscape(e.input.name) + " | "
            + markdownEscape(auditKeyName(e)) + " | " + markdownEscape(auditVerdictText(e)) + " | "
            + countsCells(e.counts, " | ") + " |\n";
    }
    if (audit.environments.empty()) {
        out += "\nNo MWAA environments found.\n";
    }
    for (const auto& f : audit.failures) {
        out += "\n**Failed:** `" + f.error.call + "` in " + markdownEscape(f.region)
            + (f.profile.empty() ? "" : " (profile " + markdownEscape(f.profile) + ")") + ": "
            + markdownEscape(f.error.message) + '\n';
    }
    for (const auto& e : audit.environments) {
        const auto& in = e.input;
        out += "\n## " + markdownEscape(in.name) + " (" + markdownEscape(in.account.empty() ? "?" : in.account) + ", "
            + markdownEscape(in.region) + ")\n\n";
        out += "- Verdict: **" + markdownEscape(auditVerdictText(e)) + "**\n";
        out += "- Status: " + markdownEscape(in.status.empty() ? "unknown" : in.status) + '\n';
        out += "- Key: " + markdownEscape(auditKeyFacts(e)) + '\n';
        out += "- Execution role: " + markdownEscape(in.executionRoleArn.empty() ? "unknown" : in.executionRoleArn)
            + " (policies: " + markdownEscape(auditRolePolicyNames(e)) + ")\n";
        for (const auto& p : e.keyProblems) {
            out += "- Key problem: " + markdownEscape(p) + '\n';
        }
        for (const auto& error : in.errors) {
            out += "- Failed: `" + error.call + "`: " + markdownEscape(error.message) + '\n';
        }
        if (e.checked) {
            out += '\n' + renderMarkdownFindings(e.file);
        }
    }
    return out;
}

std::string renderAuditHtml(const AccountAudit& audit)
{
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<title>MWAA account audit</title>\n<style>\nbody{font-family:sans-serif;margin:2em}\n"
                      "table{border-collapse:collapse}\nth,td{border:1px solid #999;padding:.25em .5em;"
                      "text-align:left;vertical-align:top}\n</style>\n</head>\n<body>\n<h1>MWAA account audit</h1>\n";
    out += "<table>\n<tr><th>Account</th><th>Region</th><th>Environment</th><th>Key</th><th>Verdict</th>"
           "<th>Error</th><th>Security</th><th>Warning</th><th>Suggestion</th></tr>\n";
    for (const auto& e : audit.environments) {
        out += "<tr><td>" + htmlEscape(e.input.account.empty() ? "?" : e.input.account) + "</td><td>"
            + htmlEscape(e.input.region) + "</td><td><a href=\"#env-" + htmlEscape(e.input.name) + "\">"
            + htmlEscape(e.input.name) + "</a></td><td>" + htmlEscape(auditKeyName(e)) + "</td><td>"
            + htmlEscape(auditVerdictText(e)) + "</td><td>" + countsCells(e.counts, "</td><td>") + "</td></tr>\n";
    }
    out += "</table>\n";
    if (audit.environments.empty()) {
        out += "<p>No MWAA environments found.</p>\n";
    }
    for (const auto& f : audit.failures) {
        out += "<p><strong>Failed:</strong> " + htmlEscape(f.error.call) + " in " + htmlEscape(f.region)
            + (f.profile.empty() ? "" : " (profile " + htmlEscape(f.profile) + ")") + ": " + htmlEscape(f.error.message)
            + "</p>\n";
    }
    for (const auto& e : audit.environments) {
        const auto& in = e.input;
        out += "<h2 id=\"env-" + htmlEscape(in.name) + "\">" + htmlEscape(in.name) + " ("
            + htmlEscape(in.account.empty() ? "?" : in.account) + ", " + htmlEscape(in.region) + ")</h2>\n<ul>\n";
        out += "<li>Verdict: <strong>" + htmlEscape(auditVerdictText(e)) + "</strong></li>\n";
        out += "<li>Status: " + htmlEscape(in.status.empty() ? "unknown" : in.status) + "</li>\n";
        out += "<li>Key: " + htmlEscape(auditKeyFacts(e)) + "</li>\n";
        out += "<li>Execution role: " + htmlEscape(in.executionRoleArn.empty() ? "unknown" : in.executionRoleArn)
            + " (policies: " + htmlEscape(auditRolePolicyNames(e)) + ")</li>\n";
        for (const auto& p : e.keyProblems) {
            out += "<li>Key problem: " + htmlEscape(p) + "</li>\n";
        }
        for (const auto& error : in.errors) {
            out += "<li>Failed: " + htmlEscape(error.call) + ": " + htmlEscape(error.message) + "</li>\n";
        }
        out += "</ul>\n";
        if (!e.checked) {
            continue;
        }
        if (e.file.result.findings.empty()) {
            out += "<p>No findings.</p>\n";
            continue;
        }
        out += "<table>\n<tr><th>Severity</th><th>Code</th><th>Line:Col</th><th>Path</th><th>Message</th></tr>\n";
        for (const auto& f : e.file.result.findings) {
            out += "<tr><td>" + std::string(severityName(f.severity)) + "</td><td><code>" + htmlEscape(f.code)
                + "</code></td><td>" + std::to_string(f.location.span.line) + ':'
                + std::to_string(f.location.span.column) + "</td><td>"
                + htmlEscape((f.location.file.empty() ? std::string() : f.location.file + ' ')
                             + (f.location.pointer.empty() ? std::string("(document)") : f.location.pointer))
                + "</td><td>" + htmlEscape(f.message) + "</td></tr>\n";
        }
        out += "</table>\n";
    }
    out += "</body>\n</html>\n";
    return out;
}

std::string renderAuditSarif(const AccountAudit& audit)
{
    return renderSarif(auditAsReport(audit));
}

} // namespace kps::render
