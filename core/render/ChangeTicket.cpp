// SPDX-License-Identifier: GPL-3.0-or-later
// The change-ticket report (issue 5): one builder collects the facts, two renderers format them.
#include "core/render/ChangeTicket.h"

#include "core/access/AccessRender.h"

#include "core/json/SourceDocument.h"
#include "core/mwaa/MwaaFacts.h"
#include "core/render/Diff.h"
#include "core/render/MarkdownRenderer.h"
#include "core/render/Report.h"
#include "core/render/TextRenderer.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>

namespace kps::render {

namespace {

constexpr std::string_view KeyPlaceholder = "<KEY_ID>";

bool isShellSafe(std::string_view s)
{
    if (s.empty()) {
        return false;
    }
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
            || c == '/' || c == ':' || c == '=' || c == '@' || c == '+' || c == ',' || c == '-';
    });
}

/** POSIX shell single quoting: 'it'\''s'. */
std::string shellQuote(std::string_view s)
{
    if (isShellSafe(s)) {
        return std::string(s);
    }
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    out += '\'';
    return out;
}

std::string htmlEscape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '&':
            out += "&amp;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

/** A Markdown code fence longer than any run of backticks in the content (so the content cannot close it). */
std::string fenceFor(std::string_view content)
{
    std::size_t longest = 0;
    std::size_t run = 0;
    for (char c : content) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

/** The file name without directories: the report does not depend on where it ran. */
std::string baseName(std::string_view path)
{
    if (const auto slash = path.find_last_of('/'); slash != std::string_view::npos) {
        path.remove_prefix(slash + 1);
    }
    return std::string(path);
}

std::string location(const Finding& f)
{
    const std::string where = std::to_string(f.location.span.line) + ':' + std::to_string(f.location.span.column);
    // A grant finding is in the grants listing: its line and column are there.
    return f.location.file.empty() ? where : baseName(f.location.file) + ':' + where;
}

std::string countsSentence(const CheckResult& result)
{
    std::string out = describeCounts(countFindings(result.findings));
    if (result.mwaaChecked) {
        out += "; " + mwaaVerdictText(result);
    }
    return out;
}

std::string plural(std::size_t n, std::string_view one, std::string_view many)
{
    return std::to_string(n) + ' ' + std::string(n == 1 ? one : many);
}

/** The one sentence saying what the fixes did. */
std::string outcomeSentence(const ChangeTicket& t)
{
    if (!t.valid) {
        return "The original is not valid JSON: nothing could be fixed.";
    }
    const auto& c = t.findings;
    std::string out;
    if (!t.contentChanged) {
        out = "No changes: no fix applies to this policy, and the corrected policy has the same content";
        out += t.diff.empty() ? "." : " (only the layout differs).";
    } else {
        out = "The fixes resolve " + plural(c.resolvedCount, "finding", "findings") + ".";
    }
    out += ' ' + plural(c.after.size(), "finding remains", "findings remain");
    out += c.introducedCount == 0
        ? "."
        : ", " + plural(c.introducedCount, "of them is", "of them are") + " new (introduced by the fixes).";
    return out;
}

struct ContextRow
{
    std::string_view field;
    std::string value;
    ContextSource source;
};

std::vector<ContextRow> contextRows(const MwaaContext& c)
{
    std::vector<ContextRow> rows{{"Region", c.region, c.regionSource},
                                 {"Partition", c.partition, c.partitionSource},
                                 {"Account", c.account, c.accountSource},
                                 {"Environment", c.environment, c.environmentSource},
                                 {"Key", c.key, c.keySource}};
    if (!c.orgId.empty()) {
        rows.push_back({"Organization", c.orgId, c.orgIdSource});
    }
    return rows;
}

/** The facts the corrected policy's verdict depends on, for the reviewer: [fact, what decides it]. */
std::vector<std::pair<std::string, std::string>> assumptionRows(const CheckResult& after)
{
    std::vector<std::pair<std::string, std::string>> rows;
    for (const auto& a : after.assumptions) {
        const std::string where = a.file.empty() ? (a.pointer.empty() ? std::string("the context") : a.pointer)
                                                 : baseName(a.file) + (a.pointer.empty() ? "" : " " + a.pointer);
        rows.emplace_back(a.fact + " (" + where + ")",
                          a.needed.empty() ? std::string("not decidable from the context") : a.needed);
    }
    return rows;
}

std::string grantsSentence(const ChangeTicket& t)
{
    if (!t.grantsLoaded) {
        return "not loaded";
    }
    const std::size_t count = t.auditBefore ? t.auditBefore->grants.size() : 0;
    std::string out = "loaded: " + plural(count, "grant", "grants");
    if (!t.grantsFileName.empty()) {
        out += " from " + t.grantsFileName;
    }
    out += " (aws kms list-grants output)";
    if (t.auditBefore && t.auditBefore->truncated) {
        out += ", truncated";
    }
    return out;
}

/** The access change section's lines: one sentence, then the changes (none when the access is the same). */
std::string accessIntro(const ChangeTicket& t)
{
    if (!t.access) {
        return "The original or the corrected policy is not valid JSON: no access comparison.";
    }
    const std::string omitted = t.access->omitted == 0
        ? std::string()
        : " (" + std::to_string(t.access->omitted) + " more principals named by the policy were not compared)";
    if (t.access->sameAccess()) {
        return "The corrections do not change who can do what with the key" + omitted + ".";
    }
    return "Who gains or loses what with the corrected policy (keypolicy diff), for the key with "
        + access::keyFactsText(t.access->key) + omitted + ":";
}

std::string auditIntro(const ChangeTicket& t)
{
    std::string out = t.grantsLoaded
        ? "Every grant on the key, reviewed: the matrix of each MWAA environment's four grants, then every other "
          "grant."
        : "No grant list was loaded: the matrix shows the operations MWAA requires.";
    if (t.auditsEqual) {
        out += " The change does not alter the audit (grants are not part of the key policy).";
    } else {
        out += " The corrected policy resolves the context differently, so the matrices change.";
    }
    return out;
}

std::string principalSentence(const mwaa::GrantMatrix& m)
{
    std::string out = "Environment " + (m.environment.empty() ? std::string("unknown") : m.environment);
    if (m.environmentInferred) {
        out += " (inferred from the grant names)";
    }
    out += ", region " + (m.region.empty() ? std::string("unknown") : m.region) + "; grantee and retiring principal ";
    out += m.expectedPrincipal.empty() ? std::string("airflow.REGION (region unknown)") : m.expectedPrincipal;
    out += '.';
    return out;
}

/** Lines under the matrix table: absent grants, wrong principals, what a cell depends on. */
std::vector<std::string> matrixNotes(const mwaa::GrantMatrix& m)
{
    std::vector<std::string> notes;
    for (const auto& row : m.rows) {
        if (!m.grantsLoaded || m.environment.empty()) {
            break;
        }
        if (!row.grant && !m.truncated) {
            notes.push_back(row.name + ": not found.");
        }
        for (const auto& c : row.principalChecks) {
            if (c.state == mwaa::PrincipalCheck::State::Wrong) {
                notes.push_back(row.name + ": " + c.role + " (" + c.field + ") is "
                                + (c.actual.empty() ? std::string("missing") : c.actual) + ", expected " + c.expected
                                + ".");
            }
        }
        if (!row.dependsOn.empty()) {
            notes.push_back(row.name + " depends: " + row.dependsOn + ".");
        }
    }
    return notes;
}

/** The table of the grants that are no row of a matrix: the cells of one row. */
std::vector<std::string> otherGrantCells(const mwaa::AuditedGrant& a)
{
    std::string operations;
    for (const auto& op : a.grant.written) {
        operations += (operations.empty() ? "" : ", ") + op.written;
    }
    const auto dash = [](const std::string& v) {
        return v.empty() ? std::string("-") : v;
    };
    return {a.grant.label(),
            dash(a.grant.grantee()),
            dash(a.grant.retiring()),
            dash(operations),
            dash(a.grant.constraintsText()),
            dash(a.grant.creationDate),
            std::string(mwaa::grantClassName(a.kind)) + ": " + a.description};
}

constexpr std::array<std::string_view, 7> kOtherGrantHeaders
    = {"Name", "Grantee", "Retiring principal", "Operations", "Constraints", "Created", "Class"};

std::string reviewIntro()
{
    return "Grants with a finding of severity warning or worse, and the command that revokes each. Keypolicy never "
           "runs them: review each grant first. Revoking takes effect at once (and a grant of MWAA's takes its "
           "operations away from the environment).";
}

std::vector<std::string> applyNotes(const ChangeTicket& t)
{
    std::vector<std::string> notes;
    if (!t.put.keyKnown) {
        notes.push_back(t.put.keyNote);
    }
    if (!t.put.regionKnown) {
        notes.emplace_back("The region is unknown: the command uses the AWS CLI's configured region; add --region "
                           "with the key's region.");
    }
    const int errors = countFindings(t.after.findings).error;
    if (errors > 0) {
        notes.push_back(plural(static_cast<std::size_t>(errors), "error finding remains", "error findings remain")
                        + " after the fixes: review before applying.");
    }
    notes.emplace_back("The command keeps KMS's policy lockout safety check (it does not bypass it).");
    return notes;
}

std::string verifyLine(const ChangeTicket& t)
{
    return "sha256sum " + shellQuote(t.correctedFileName) + "   # must print " + t.correctedSha256;
}

} // namespace

std::string sha256Hex(std::string_view bytes)
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
        return {};
    }
    static constexpr char Hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(static_cast<std::size_t>(length) * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out += Hex[digest[i] >> 4];
        out += Hex[digest[i] & 0x0f];
    }
    return out;
}

std::string correctedFileNameFor(std::string_view fileName)
{
    std::string base(fileName);
    if (const auto slash = base.find_last_of('/'); slash != std::string::npos) {
        base.erase(0, slash + 1);
    }
    if (base.empty() || base == "<stdin>" || base == "-") {
        base = "policy";
    } else if (const auto dot = base.rfind('.'); dot != std::string::npos && dot > 0) {
        base.erase(dot);
    }
    return base + ".corrected.json";
}

PutKeyPolicyCommand putKeyPolicyCommand(const MwaaContext& context, std::string_view correctedFileName)
{
    PutKeyPolicyCommand p;
    const mwaa::KeyIdentifier key = mwaa::parseKeyIdentifier(context.key);
    std::string keyArg;
    std::string region = context.region;
    switch (key.form) {
    case mwaa::KeyIdentifier::Form::KeyArn:
        keyArg = context.key;
        if (!key.region.empty()) {
            region = key.region; // the request must go to the key's region
        }
        break;
    case mwaa::KeyIdentifier::Form::KeyId:
        keyArg = key.keyId;
        break;
    case mwaa::KeyIdentifier::Form::AliasName:
    case mwaa::KeyIdentifier::Form::AliasArn:
        p.keyNote = "The key is given as an alias (" + context.key
            + "); put-key-policy needs the key id or key ARN, so replace <KEY_ID> with it.";
        break;
    case mwaa::KeyIdentifier::Form::Empty:
        p.keyNote = "The key is unknown: replace <KEY_ID> with the key id or key ARN of the key.";
        break;
    case mwaa::KeyIdentifier::Form::Other:
        p.keyNote = "The key (" + context.key
            + ") is not a KMS key id or key ARN: replace <KEY_ID> with the key id or key ARN of the key.";
        break;
    }
    p.keyKnown = !keyArg.empty();
    p.command = "aws kms put-key-policy --key-id ";
    p.command += p.keyKnown ? shellQuote(keyArg) : std::string(KeyPlaceholder);
    p.command += " --policy-name default --policy ";
    p.command += shellQuote("file://" + std::string(correctedFileName));
    p.regionKnown = isRegionCode(region);
    if (p.regionKnown) {
        p.command += " --region " + region;
    }
    return p;
}

std::string revokeGrantCommand(const mwaa::GrantEntry& grant, const mwaa::GrantAudit& audit)
{
    std::string key = grant.keyId.empty() ? audit.keyArn : grant.keyId;
    const mwaa::KeyIdentifier id = mwaa::parseKeyIdentifier(key);
    std::string region = audit.region;
    if (id.form == mwaa::KeyIdentifier::Form::KeyArn && !id.region.empty()) {
        region = id.region; // the request must go to the key's region
    } else if (id.form != mwaa::KeyIdentifier::Form::KeyId) {
        key.clear();
    }
    std::string command = "aws kms revoke-grant --key-id ";
    command += key.empty() ? std::string(KeyPlaceholder) : shellQuote(key);
    command += " --grant-id ";
    command += grant.grantId.empty() ? std::string("<GRANT_ID>") : shellQuote(grant.grantId);
    if (isRegionCode(region)) {
        command += " --region " + region;
    }
    return command;
}

FindingComparison compareFindings(const std::vector<Finding>& before, const std::vector<Finding>& after)
{
    FindingComparison c;
    c.before = before;
    c.after = after;
    std::vector<bool> beforeMatched(before.size(), false);
    std::vector<bool> afterMatched(after.size(), false);
    // Two passes: the same code and message (locations move when a fix changes the text), then the same code at
    // the same JSON Pointer (a message that names a changed value).
    const auto pass = [&](auto same) {
        for (std::size_t i = 0; i < before.size(); ++i) {
            if (beforeMatched[i]) {
                continue;
            }
            for (std::size_t j = 0; j < after.size(); ++j) {
                if (!afterMatched[j] && same(before[i], after[j])) {
                    beforeMatched[i] = afterMatched[j] = true;
                    break;
                }
            }
        }
    };
    pass([](const Finding& a, const Finding& b) { return a.code == b.code && a.message == b.message; });
    pass([](const Finding& a, const Finding& b) {
        return a.code == b.code && a.location.pointer == b.location.pointer;
    });
    for (std::size_t i = 0; i < before.size(); ++i) {
        c.resolved.push_back(!beforeMatched[i]);
        c.resolvedCount += beforeMatched[i] ? 0 : 1;
    }
    for (std::size_t j = 0; j < after.size(); ++j) {
        c.introduced.push_back(!afterMatched[j]);
        c.introducedCount += afterMatched[j] ? 0 : 1;
    }
    return c;
}

ChangeTicket buildChangeTicket(const ChangeTicketInput& input)
{
    ChangeTicket t;
    t.fileName = input.fileName.empty() ? std::string("policy.json") : input.fileName;
    t.correctedFileName = correctedFileNameFor(t.fileName);
    t.originalSha256 = sha256Hex(input.originalText);
    t.correctedSha256 = sha256Hex(input.correctedText);
    t.originalBytes = input.originalText.size();
    t.correctedBytes = input.correctedText.size();
    t.mwaa = input.options.mwaa;
    t.grantsLoaded = input.options.grants.has_value();

    const SourceDocument original = SourceDocument::parse(input.originalText);
    const SourceDocument corrected = SourceDocument::parse(input.correctedText);
    t.valid = original.isValid();
    t.wrapped = original.isWrapped();
    t.before = check(original, input.options);
    t.after = check(corrected, input.options);
    t.findings = compareFindings(t.before.findings, t.after.findings);
    t.contentChanged = !t.valid || !corrected.isValid() || original.json() != corrected.json();
    if (!t.valid) {
        t.contentChanged = original.text() != input.correctedText;
    }
    t.diff = unifiedDiff(original.text(), input.correctedText, t.fileName, t.correctedFileName);

    if (t.mwaa) {
        std::optional<mwaa::GrantList> grants;
        if (input.options.grants) {
            grants = mwaa::readGrants(input.options.grants->document.json());
            t.grantsFileName = baseName(input.options.grants->path);
        }
        const mwaa::GrantList* list = grants ? &*grants : nullptr;
        const auto environmentsOf = [](const MwaaContext& c) {
            return c.environment.empty() ? std::vector<std::string>{} : std::vector<std::string>{c.environment};
        };
        t.auditBefore = mwaa::auditGrants(t.before.context, environmentsOf(t.before.context), list);
        t.auditAfter = mwaa::auditGrants(t.after.context, environmentsOf(t.after.context), list);
        t.auditsEqual = t.auditBefore->environments.size() == t.auditAfter->environments.size();
        for (std::size_t i = 0; t.auditsEqual && i < t.auditBefore->environments.size(); ++i) {
            t.auditsEqual = mwaa::grantMatrixToJson(t.auditBefore->environments[i])
                == mwaa::grantMatrixToJson(t.auditAfter->environments[i]);
        }
        // The grants to review: those the corrected policy's check flags (the grant findings are the same for both
        // unless the context resolves differently).
        for (const auto& a : t.auditAfter->grants) {
            GrantToReview review;
            for (const auto& f : t.after.findings) {
                const std::string& p = f.location.pointer;
                const bool inGrant = p == a.grant.pointer || p.rfind(a.grant.pointer + "/", 0) == 0;
                if (!f.location.file.empty() && inGrant && f.severity <= Severity::Warning
                    && std::find(review.codes.begin(), review.codes.end(), f.code) == review.codes.end()) {
                    review.codes.push_back(f.code);
                }
            }
            if (review.codes.empty()) {
                continue;
            }
            review.label = a.grant.label();
            review.pointer = a.grant.pointer;
            review.grantClass = std::string(mwaa::grantClassName(a.kind));
            review.command = revokeGrantCommand(a.grant, *t.auditAfter);
            t.grantsToReview.push_back(std::move(review));
        }
    }
    if (t.valid && corrected.isValid()) {
        const PolicyView originalPolicy = readPolicy(original.json());
        const PolicyView correctedPolicy = readPolicy(corrected.json());
        t.access = access::comparePolicies(
            originalPolicy, correctedPolicy, access::resolveKeyFacts(original, originalPolicy, input.options.context));
    }
    // The corrected policy is what gets applied: its resolved context names the key and region.
    t.put = putKeyPolicyCommand(t.after.context, t.correctedFileName);
    return t;
}

// ---- Markdown -------------------------------------------------------------------------------------------------

namespace {

std::string mdMatrix(const mwaa::GrantMatrix& m)
{
    std::string out = markdownEscape(principalSentence(m)) + "\n\n| Grant |";
    for (std::size_t i = 0; i < mwaa::kGrantColumnCount; ++i) {
        out += ' ' + markdownEscape(mwaa::grantColumnName(static_cast<mwaa::GrantColumn>(i))) + " |";
    }
    out += "\n|---|";
    for (std::size_t i = 0; i < mwaa::kGrantColumnCount; ++i) {
        out += "---|";
    }
    out += '\n';
    for (const auto& row : m.rows) {
        out += "| " + markdownEscape(row.name) + " |";
        for (const auto cell : row.cells) {
            out += ' ' + std::string(mwaa::cellStateName(cell)) + " |";
        }
        out += '\n';
    }
    const auto notes = matrixNotes(m);
    if (!notes.empty()) {
        out += '\n';
        for (const auto& n : notes) {
            out += "- " + markdownEscape(n) + '\n';
        }
    }
    return out;
}

std::string mdAudit(const mwaa::GrantAudit& audit, bool withOthers)
{
    std::string out;
    for (const auto& m : audit.environments) {
        out += "### Environment " + markdownEscape(m.environment.empty() ? std::string("unknown") : m.environment)
            + "\n\n" + mdMatrix(m) + '\n';
    }
    if (!withOthers || !audit.grantsLoaded) {
        return out;
    }
    const auto others = mwaa::otherGrants(audit);
    out += "### Other grants\n\n";
    if (audit.truncated) {
        out += markdownEscape("The listing is truncated (" + audit.truncatedBy
                              + "): the grants of later pages are not "
                                "in this audit.")
            + "\n\n";
    }
    if (others.empty()) {
        return out + "None: every grant listed is one of the matrices'.\n\n";
    }
    out += '|';
    for (auto h : kOtherGrantHeaders) {
        out += ' ' + std::string(h) + " |";
    }
    out += "\n|";
    for (std::size_t i = 0; i < kOtherGrantHeaders.size(); ++i) {
        out += "---|";
    }
    out += '\n';
    for (const auto* a : others) {
        out += '|';
        for (const auto& cell : otherGrantCells(*a)) {
            out += ' ' + markdownEscape(cell) + " |";
        }
        out += '\n';
    }
    return out + '\n';
}

std::string mdFindings(const std::vector<Finding>& findings,
                       const std::vector<bool>& marks,
                       std::string_view markHeader,
                       std::string_view marked,
                       std::string_view unmarked)
{
    if (findings.empty()) {
        return "No findings.\n";
    }
    std::string out
        = "| Severity | Code | Line:Col | Message | " + std::string(markHeader) + " |\n|---|---|---|---|---|\n";
    for (std::size_t i = 0; i < findings.size(); ++i) {
        const Finding& f = findings[i];
        out += "| " + std::string(severityName(f.severity)) + " | `" + f.code + "` | " + location(f) + " | "
            + markdownEscape(f.message) + " | " + std::string(marks[i] ? marked : unmarked) + " |\n";
    }
    return out;
}

std::string mdCodeBlock(std::string_view info, std::string_view content)
{
    const std::string fence = fenceFor(content);
    std::string out = fence + std::string(info) + '\n' + std::string(content);
    if (!content.empty() && content.back() != '\n') {
        out += '\n';
    }
    return out + fence + '\n';
}

} // namespace

std::string renderChangeTicketMarkdown(const ChangeTicket& t)
{
    std::string out = "# Change ticket: key policy " + markdownEscape(t.fileName) + "\n\n";
    out += "Generated by keypolicy " KPS_VERSION " from " + markdownEscape(t.fileName)
        + " and the context below (no time stamp: the same input gives the same report).\n\n";

    out += "## Summary\n\n";
    out += "- Original policy: " + markdownEscape(t.fileName) + ", " + std::to_string(t.originalBytes)
        + " bytes, SHA-256 `" + t.originalSha256 + "`\n";
    out += "- Corrected policy: " + markdownEscape(t.correctedFileName) + ", " + std::to_string(t.correctedBytes)
        + " bytes, SHA-256 `" + t.correctedSha256 + "`\n";
    out += "- Before: " + countsSentence(t.before) + "\n";
    out += "- After: " + countsSentence(t.after) + "\n";
    out += "- " + outcomeSentence(t) + "\n\n";

    out += "## Key and environment\n\n| Field | Value | Source |\n|---|---|---|\n";
    for (const auto& row : contextRows(t.before.context)) {
        out += "| " + std::string(row.field) + " | " + (row.value.empty() ? "unknown" : markdownEscape(row.value))
            + " | " + std::string(contextSourceName(row.source)) + " |\n";
    }
    out += "| Grants | " + markdownEscape(grantsSentence(t)) + " | |\n";
    out += std::string("| MWAA profile | ") + (t.mwaa ? "on" : "off") + " | |\n";
    if (describeContext(t.before.context) != describeContext(t.after.context)) {
        out += "\nAfter the change the context resolves as: " + markdownEscape(describeContext(t.after.context))
            + ".\n";
    }
    out += '\n';

    out += "## Findings before the change\n\n" + countsSentence(t.before) + ".\n\n";
    out += mdFindings(t.findings.before, t.findings.resolved, "After the change", "resolved", "remains");
    out += "\n## Findings after the change\n\n" + countsSentence(t.after) + ".\n\n";
    out += mdFindings(t.findings.after, t.findings.introduced, "New", "new", "");
    out += '\n';
    if (const auto rows = assumptionRows(t.after); !rows.empty()) {
        out += "## What the verdict depends on\n\nThe corrected policy is MWAA ready only if these facts hold; the "
               "checker was not given them and does not guess.\n\n| Fact | Decided by |\n|---|---|\n";
        for (const auto& [fact, needed] : rows) {
            out += "| " + markdownEscape(fact) + " | " + markdownEscape(needed) + " |\n";
        }
        out += '\n';
    }

    out += "## Access change\n\n" + markdownEscape(accessIntro(t)) + "\n\n";
    if (t.access && !t.access->sameAccess()) {
        for (const auto& change : t.access->access) {
            out += "- " + markdownEscape(change.text) + "\n";
        }
        out += '\n';
    }

    out += "## Grant audit\n\n";
    if (!t.mwaa || !t.auditBefore) {
        out += "The MWAA profile was off: no grant audit.\n\n";
    } else {
        out += markdownEscape(auditIntro(t)) + "\n\n";
        if (t.auditsEqual) {
            out += mdAudit(*t.auditAfter, true);
        } else {
            out += "#### Before the change\n\n" + mdAudit(*t.auditBefore, false) + "#### After the change\n\n"
                + mdAudit(*t.auditAfter, true);
        }
        if (!t.grantsToReview.empty()) {
            out += "### Grants to review\n\n" + markdownEscape(reviewIntro()) + "\n\n";
            for (const auto& r : t.grantsToReview) {
                std::string codes;
                for (const auto& c : r.codes) {
                    codes += (codes.empty() ? "`" : ", `") + c + '`';
                }
                out += "- " + markdownEscape(r.label) + " (" + markdownEscape(t.grantsFileName) + ' '
                    + markdownEscape(r.pointer) + ", " + r.grantClass + "): " + codes + '\n';
            }
            std::string commands;
            for (const auto& r : t.grantsToReview) {
                commands += "# " + r.label + '\n' + r.command + '\n';
            }
            out += '\n' + mdCodeBlock("sh", commands) + '\n';
        }
    }

    out += "## Changes\n\n";
    if (t.wrapped) {
        out += "The original is aws kms get-key-policy output; the diff compares its inner policy with the corrected "
               "policy.\n\n";
    }
    if (t.diff.empty()) {
        out += "No changes: the corrected policy has the same lines as the original.\n\n";
    } else {
        if (!t.contentChanged) {
            out += "Only the layout changes; the content is the same.\n\n";
        }
        out += mdCodeBlock("diff", t.diff) + '\n';
    }

    out += "## Applying the change\n\n";
    if (!t.valid) {
        out += "The original is not valid JSON; there is nothing to apply.\n";
        return out;
    }
    out += "Save the corrected policy as " + markdownEscape(t.correctedFileName)
        + " (keypolicy fix, or Export corrected policy in Keypolicy Studio), check its SHA-256, then apply it:\n\n";
    out += mdCodeBlock("sh", verifyLine(t) + '\n' + t.put.command + '\n') + '\n';
    for (const auto& n : applyNotes(t)) {
        out += "- " + markdownEscape(n) + '\n';
    }
    return out;
}

// ---- HTML -----------------------------------------------------------------------------------------------------

namespace {

constexpr std::string_view HtmlStyle
    = "body { font-family: sans-serif; font-size: 10pt; }\n"
      "h1 { font-size: 16pt; }\n"
      "h2 { font-size: 13pt; margin-top: 14pt; }\n"
      "h3 { font-size: 11pt; }\n"
      "table { border-collapse: collapse; margin-bottom: 8pt; }\n"
      "th, td { border: 1px solid #888888; padding: 3px 5px; text-align: left; vertical-align: top; }\n"
      "th { background-color: #e8e8e8; }\n"
      "code, pre { font-family: monospace; font-size: 9pt; }\n"
      "pre { background-color: #f4f4f4; padding: 4px; white-space: pre-wrap; }\n"
      ".added { color: #116611; }\n"
      ".removed { color: #aa1111; }\n"
      ".hunk { color: #555599; }\n";

std::string htmlTableStart(std::initializer_list<std::string_view> headers)
{
    std::string out = "<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\">\n<tr>";
    for (auto h : headers) {
        out += "<th>" + htmlEscape(h) + "</th>";
    }
    return out + "</tr>\n";
}

std::string htmlMatrix(const mwaa::GrantMatrix& m)
{
    std::string out = "<p>" + htmlEscape(principalSentence(m)) + "</p>\n";
    out += "<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\">\n<tr><th>Grant</th>";
    for (std::size_t i = 0; i < mwaa::kGrantColumnCount; ++i) {
        out += "<th>" + htmlEscape(mwaa::grantColumnName(static_cast<mwaa::GrantColumn>(i))) + "</th>";
    }
    out += "</tr>\n";
    for (const auto& row : m.rows) {
        out += "<tr><td>" + htmlEscape(row.name) + "</td>";
        for (const auto cell : row.cells) {
            out += "<td>" + std::string(mwaa::cellStateName(cell)) + "</td>";
        }
        out += "</tr>\n";
    }
    out += "</table>\n";
    const auto notes = matrixNotes(m);
    if (!notes.empty()) {
        out += "<ul>\n";
        for (const auto& n : notes) {
            out += "<li>" + htmlEscape(n) + "</li>\n";
        }
        out += "</ul>\n";
    }
    return out;
}

std::string htmlAudit(const mwaa::GrantAudit& audit, bool withOthers)
{
    std::string out;
    for (const auto& m : audit.environments) {
        out += "<h3>Environment " + htmlEscape(m.environment.empty() ? std::string("unknown") : m.environment)
            + "</h3>\n" + htmlMatrix(m);
    }
    if (!withOthers || !audit.grantsLoaded) {
        return out;
    }
    const auto others = mwaa::otherGrants(audit);
    out += "<h3>Other grants</h3>\n";
    if (audit.truncated) {
        out += "<p>"
            + htmlEscape("The listing is truncated (" + audit.truncatedBy
                         + "): the grants of later pages are "
                           "not in this audit.")
            + "</p>\n";
    }
    if (others.empty()) {
        return out + "<p>None: every grant listed is one of the matrices'.</p>\n";
    }
    out += "<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\">\n<tr>";
    for (auto h : kOtherGrantHeaders) {
        out += "<th>" + htmlEscape(h) + "</th>";
    }
    out += "</tr>\n";
    for (const auto* a : others) {
        out += "<tr>";
        for (const auto& cell : otherGrantCells(*a)) {
            out += "<td>" + htmlEscape(cell) + "</td>";
        }
        out += "</tr>\n";
    }
    return out + "</table>\n";
}

std::string htmlFindings(const std::vector<Finding>& findings,
                         const std::vector<bool>& marks,
                         std::string_view markHeader,
                         std::string_view marked,
                         std::string_view unmarked)
{
    if (findings.empty()) {
        return "<p>No findings.</p>\n";
    }
    std::string out = htmlTableStart({"Severity", "Code", "Line:Col", "Message", markHeader});
    for (std::size_t i = 0; i < findings.size(); ++i) {
        const Finding& f = findings[i];
        out += "<tr><td>" + std::string(severityName(f.severity)) + "</td><td><code>" + htmlEscape(f.code)
            + "</code></td><td>" + location(f) + "</td><td>" + htmlEscape(f.message) + "</td><td>"
            + std::string(marks[i] ? marked : unmarked) + "</td></tr>\n";
    }
    return out + "</table>\n";
}

std::string htmlDiff(std::string_view diff)
{
    std::string out = "<pre>";
    std::size_t pos = 0;
    while (pos < diff.size()) {
        auto end = diff.find('\n', pos);
        if (end == std::string_view::npos) {
            end = diff.size();
        }
        const std::string_view line = diff.substr(pos, end - pos);
        std::string_view cls;
        if (line.rfind("@@", 0) == 0) {
            cls = "hunk";
        } else if (line.rfind("+++", 0) == 0 || line.rfind("---", 0) == 0) {
            cls = "";
        } else if (!line.empty() && line[0] == '+') {
            cls = "added";
        } else if (!line.empty() && line[0] == '-') {
            cls = "removed";
        }
        if (cls.empty()) {
            out += htmlEscape(line);
        } else {
            out += "<span class=\"" + std::string(cls) + "\">" + htmlEscape(line) + "</span>";
        }
        out += '\n';
        pos = end + 1;
    }
    return out + "</pre>\n";
}

} // namespace

std::string renderChangeTicketHtml(const ChangeTicket& t)
{
    const std::string title = "Change ticket: key policy " + t.fileName;
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
        + htmlEscape(title) + "</title>\n<style>\n" + std::string(HtmlStyle) + "</style>\n</head>\n<body>\n";
    out += "<h1>" + htmlEscape(title) + "</h1>\n";
    out += "<p>Generated by keypolicy " KPS_VERSION " from " + htmlEscape(t.fileName)
        + " and the context below (no time stamp: the same input gives the same report).</p>\n";

    out += "<h2>Summary</h2>\n<ul>\n";
    out += "<li>Original policy: " + htmlEscape(t.fileName) + ", " + std::to_string(t.originalBytes)
        + " bytes, SHA-256 <code>" + t.originalSha256 + "</code></li>\n";
    out += "<li>Corrected policy: " + htmlEscape(t.correctedFileName) + ", " + std::to_string(t.correctedBytes)
        + " bytes, SHA-256 <code>" + t.correctedSha256 + "</code></li>\n";
    out += "<li>Before: " + htmlEscape(countsSentence(t.before)) + "</li>\n";
    out += "<li>After: " + htmlEscape(countsSentence(t.after)) + "</li>\n";
    out += "<li>" + htmlEscape(outcomeSentence(t)) + "</li>\n</ul>\n";

    out += "<h2>Key and environment</h2>\n" + htmlTableStart({"Field", "Value", "Source"});
    for (const auto& row : contextRows(t.before.context)) {
        out += "<tr><td>" + std::string(row.field) + "</td><td>"
            + (row.value.empty() ? std::string("unknown") : htmlEscape(row.value)) + "</td><td>"
            + std::string(contextSourceName(row.source)) + "</td></tr>\n";
    }
    out += "<tr><td>Grants</td><td>" + htmlEscape(grantsSentence(t)) + "</td><td></td></tr>\n";
    out += std::string("<tr><td>MWAA profile</td><td>") + (t.mwaa ? "on" : "off") + "</td><td></td></tr>\n</table>\n";
    if (describeContext(t.before.context) != describeContext(t.after.context)) {
        out += "<p>After the change the context resolves as: " + htmlEscape(describeContext(t.after.context))
            + ".</p>\n";
    }

    out += "<h2>Findings before the change</h2>\n<p>" + htmlEscape(countsSentence(t.before)) + ".</p>\n";
    out += htmlFindings(t.findings.before, t.findings.resolved, "After the change", "resolved", "remains");
    out += "<h2>Findings after the change</h2>\n<p>" + htmlEscape(countsSentence(t.after)) + ".</p>\n";
    out += htmlFindings(t.findings.after, t.findings.introduced, "New", "new", "");
    if (const auto rows = assumptionRows(t.after); !rows.empty()) {
        out += "<h2>What the verdict depends on</h2>\n<p>The corrected policy is MWAA ready only if these facts hold; "
               "the checker was not given them and does not guess.</p>\n"
            + htmlTableStart({"Fact", "Decided by"});
        for (const auto& [fact, needed] : rows) {
            out += "<tr><td>" + htmlEscape(fact) + "</td><td>" + htmlEscape(needed) + "</td></tr>\n";
        }
        out += "</table>\n";
    }

    out += "<h2>Access change</h2>\n<p>" + htmlEscape(accessIntro(t)) + "</p>\n";
    if (t.access && !t.access->sameAccess()) {
        out += "<ul>\n";
        for (const auto& change : t.access->access) {
            out += "<li>" + htmlEscape(change.text) + "</li>\n";
        }
        out += "</ul>\n";
    }

    out += "<h2>Grant audit</h2>\n";
    if (!t.mwaa || !t.auditBefore) {
        out += "<p>The MWAA profile was off: no grant audit.</p>\n";
    } else {
        out += "<p>" + htmlEscape(auditIntro(t)) + "</p>\n";
        if (t.auditsEqual) {
            out += htmlAudit(*t.auditAfter, true);
        } else {
            out += "<h3>Before the change</h3>\n" + htmlAudit(*t.auditBefore, false) + "<h3>After the change</h3>\n"
                + htmlAudit(*t.auditAfter, true);
        }
        if (!t.grantsToReview.empty()) {
            out += "<h3>Grants to review</h3>\n<p>" + htmlEscape(reviewIntro()) + "</p>\n<ul>\n";
            std::string commands;
            for (const auto& r : t.grantsToReview) {
                std::string codes;
                for (const auto& c : r.codes) {
                    codes += (codes.empty() ? "<code>" : ", <code>") + c + "</code>";
                }
                out += "<li>" + htmlEscape(r.label) + " (" + htmlEscape(t.grantsFileName) + ' ' + htmlEscape(r.pointer)
                    + ", " + r.grantClass + "): " + codes + "</li>\n";
                commands += htmlEscape("# " + r.label) + '\n' + htmlEscape(r.command) + '\n';
            }
            out += "</ul>\n<pre>" + commands + "</pre>\n";
        }
    }

    out += "<h2>Changes</h2>\n";
    if (t.wrapped) {
        out += "<p>The original is aws kms get-key-policy output; the diff compares its inner policy with the "
               "corrected policy.</p>\n";
    }
    if (t.diff.empty()) {
        out += "<p>No changes: the corrected policy has the same lines as the original.</p>\n";
    } else {
        if (!t.contentChanged) {
            out += "<p>Only the layout changes; the content is the same.</p>\n";
        }
        out += htmlDiff(t.diff);
    }

    out += "<h2>Applying the change</h2>\n";
    if (!t.valid) {
        out += "<p>The original is not valid JSON; there is nothing to apply.</p>\n</body>\n</html>\n";
        return out;
    }
    out += "<p>Save the corrected policy as " + htmlEscape(t.correctedFileName)
        + " (keypolicy fix, or Export corrected policy in Keypolicy Studio), check its SHA-256, then apply "
          "it:</p>\n";
    out += "<pre>" + htmlEscape(verifyLine(t)) + '\n' + htmlEscape(t.put.command) + "\n</pre>\n<ul>\n";
    for (const auto& n : applyNotes(t)) {
        out += "<li>" + htmlEscape(n) + "</li>\n";
    }
    out += "</ul>\n</body>\n</html>\n";
    return out;
}

std::string renderChangeTicketMarkdown(const ChangeTicketInput& input)
{
    return renderChangeTicketMarkdown(buildChangeTicket(input));
}

std::string renderChangeTicketHtml(const ChangeTicketInput& input)
{
    return renderChangeTicketHtml(buildChangeTicket(input));
}

} // namespace kps::render
