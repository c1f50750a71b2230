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
#include <cctype>
#include <initializer_list>
#include <utility>

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

} // namespace

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

namespace {

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
        out += t.diff.empty() && t.layoutOnlyLines == 0 ? "." : " (only the layout differs).";
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

/** The paragraphs of the Changes section, above the diff. */
std::vector<std::string> changesNotes(const ChangeTicket& t)
{
    std::vector<std::string> notes;
    if (t.wrapped) {
        notes.emplace_back(
            "The original is aws kms get-key-policy output; the diff compares its inner policy with the corrected "
            "policy.");
    }
    if (t.diff.empty() && t.layoutOnlyLines == 0) {
        notes.emplace_back("No changes: the corrected policy has the same lines as the original.");
        return notes;
    }
    if (!t.contentChanged) {
        notes.emplace_back("Only the layout changes; the content is the same.");
    }
    if (t.layoutOnlyLines > 0) {
        notes.push_back(plural(t.layoutOnlyLines, "line differs", "lines differ")
                        + " only in indentation or trailing spaces: the diff leaves "
                        + (t.layoutOnlyLines == 1 ? "it" : "them")
                        + " out (whitespace between JSON values does not change the policy; the SHA-256 covers every "
                          "byte).");
    }
    return notes;
}

std::string verifyLine(const ChangeTicket& t)
{
    return "sha256sum " + shellQuote(t.correctedFileName) + "   # must print " + t.correctedSha256;
}

/** A piece of a sentence: prose, or a literal (a path, hash, ARN or time) that renders as code. */
struct Piece
{
    std::string text;
    bool literal = false;
};

/** Where the original came from, for the summary's "Original from" line. */
std::vector<Piece> originPieces(const ChangeTicket& t)
{
    const ReportOrigin& o = t.origin;
    const std::string noFile = "; there was no original file, so the original is ";
    switch (o.kind) {
    case ReportOrigin::Kind::File:
        return {{"the file "}, {o.path, true}, {" as read (SHA-256 "}, {t.originalSha256, true}, {")"}};
    case ReportOrigin::Kind::StandardInput:
        return {{"standard input (SHA-256 "}, {t.originalSha256, true}, {")"}};
    case ReportOrigin::Kind::Aws: {
        std::vector<Piece> out{{"the key policy of "}};
        out.push_back(o.keyArn.empty() ? Piece{"an unnamed key"} : Piece{o.keyArn, true});
        if (!o.region.empty()) {
            out.push_back({" in " + o.region});
        }
        out.push_back({" as fetched from AWS KMS"});
        if (!o.fetchedAt.empty()) {
            out.push_back({" at "});
            out.push_back({o.fetchedAt, true});
        }
        out.push_back({" (SHA-256 "});
        out.push_back({t.originalSha256, true});
        out.push_back({")"});
        return out;
    }
    case ReportOrigin::Kind::New:
        return {{"a new document (File > New)" + noFile + "the text it started with"}};
    case ReportOrigin::Kind::Template:
        return {
            {"a new document from the MWAA template (File > New from MWAA template)" + noFile + "the template's text"}};
    case ReportOrigin::Kind::Clipboard:
        return {
            {"a new document pasted from the clipboard (File > Paste as new document)" + noFile + "the pasted text"}};
    case ReportOrigin::Kind::Restored:
        return {{"an untitled document restored from an autosave (the text it started with is not known)" + noFile
                 + "the restored text"}};
    }
    return {};
}

/** Counts UTF-8 code points: the columns a line takes in a monospace font (wide characters aside). */
std::size_t columnsOf(std::string_view text)
{
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

/** The byte offset after `columns` code points of text (text.size() when it is shorter). */
std::size_t offsetOfColumn(std::string_view text, std::size_t columns)
{
    std::size_t seen = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            if (seen == columns) {
                return i;
            }
            ++seen;
        }
    }
    return text.size();
}

/** The columns a wrapped diff line's continuations are indented by: its content's indentation plus two, at most 24. */
std::size_t continuationIndent(std::string_view line)
{
    const std::string_view content = line.substr(std::min<std::size_t>(1, line.size())); // after the +/-/space
    return std::min<std::size_t>(std::min(content.find_first_not_of(' '), content.size()) + 2, 24);
}

/**
 * Where a line of the diff may wrap (byte offsets at which a piece may start): after a space or a comma, past the
 * marker and the indentation, and not in the middle of a run of spaces. A JSON string, an ARN or a key is never cut.
 */
std::vector<std::size_t> wrapOpportunities(std::string_view line)
{
    std::vector<std::size_t> at;
    const std::size_t content
        = std::min(line.find_first_not_of(' ', std::min<std::size_t>(1, line.size())), line.size());
    for (std::size_t i = content; i + 1 < line.size(); ++i) {
        if ((line[i] == ' ' || line[i] == ',') && line[i + 1] != ' ') {
            at.push_back(i + 1);
        }
    }
    return at;
}

/** The narrowest width at which a diff line wraps at its opportunities only (continuations: arrow and indent). */
std::size_t diffLineColumnsNeeded(std::string_view line)
{
    const std::vector<std::size_t> at = wrapOpportunities(line);
    if (at.empty()) {
        return columnsOf(line);
    }
    std::size_t need = columnsOf(line.substr(0, at.front()));
    const std::size_t prefix = 1 + continuationIndent(line);
    for (std::size_t i = 0; i < at.size(); ++i) {
        const std::size_t end = i + 1 < at.size() ? at[i + 1] : line.size();
        need = std::max(need, prefix + columnsOf(line.substr(at[i], end - at[i])));
    }
    return need;
}

/**
 * Wraps one line of the diff for a page `width` columns wide. The first piece takes at most `width` columns, each
 * further one `width - 1 - continuationIndent(line)` (the caller writes the arrow and the indent before it). Pieces
 * end at wrap opportunities; only a word longer than a whole line is cut, after its last ':' or '/' that fits (an ARN
 * at a separator), else at the width. A line that fits is returned whole.
 */
std::vector<std::string> wrapDiffLine(std::string_view line, std::size_t width)
{
    const std::size_t prefix = 1 + continuationIndent(line);
    std::vector<std::string> pieces;
    std::size_t available = width;
    while (available > 0 && columnsOf(line) > available) {
        const std::size_t limit = offsetOfColumn(line, available); // bytes [0, limit) fit
        std::size_t at = 0;
        for (const std::size_t candidate : wrapOpportunities(line)) {
            if (candidate <= limit) {
                at = candidate;
            }
        }
        for (std::size_t i = limit; at == 0 && i-- > 1;) {
            if (line[i - 1] == ':' || line[i - 1] == '/') {
                at = i;
            }
        }
        at = at == 0 ? std::max<std::size_t>(limit, 1) : at;
        pieces.emplace_back(line.substr(0, at));
        line.remove_prefix(at);
        available = width > prefix ? width - prefix : 1;
    }
    pieces.emplace_back(line);
    return pieces;
}

/** A shell command as wrapping units: words (a quoted argument is one), an option with its value; and its comment. */
std::vector<std::string> shellUnits(std::string_view command, std::string* comment)
{
    std::vector<std::string> words;
    std::string word;
    bool quoted = false;
    for (std::size_t i = 0; i < command.size(); ++i) {
        const char c = command[i];
        if (!quoted && c == '#' && word.empty()) {
            *comment = std::string(command.substr(i));
            break;
        }
        if (c == '\\' && !quoted && i + 1 < command.size()) {
            word += c;
            word += command[++i]; // an escaped character, as in 'it'\''s'
            continue;
        }
        if (c == '\'') {
            quoted = !quoted; // shellQuote writes only single quotes
        }
        if (c == ' ' && !quoted) {
            if (!word.empty()) {
                words.push_back(std::move(word));
                word.clear();
            }
            continue;
        }
        word += c;
    }
    if (!word.empty()) {
        words.push_back(std::move(word));
    }
    std::vector<std::string> units;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (words[i].rfind("--", 0) == 0 && i + 1 < words.size() && words[i + 1].rfind("--", 0) != 0) {
            units.push_back(words[i] + ' ' + words[i + 1]);
            ++i;
        } else {
            units.push_back(words[i]);
        }
    }
    return units;
}

/** The narrowest width at which wrapShell keeps every unit whole: an indented unit and its " \" continuation. */
std::size_t shellColumnsNeeded(std::string_view command)
{
    std::string comment;
    std::size_t need = 0;
    for (const std::string& unit : shellUnits(command, &comment)) {
        need = std::max(need, 4 + columnsOf(unit) + 2);
    }
    return std::max(need, columnsOf(comment));
}

/**
 * A shell command for a page `width` columns wide: units are filled greedily, each line but the last ends in " \"
 * and the next is indented by four spaces, so the wrapped command still runs when copied. A trailing "  # comment"
 * goes on a line of its own after the command. A command that fits is one line; a unit wider than a line stays
 * whole.
 */
std::vector<std::string> wrapShell(std::string_view command, std::size_t width)
{
    if (width == 0 || columnsOf(command) <= width) {
        return {std::string(command)};
    }
    std::string comment;
    std::vector<std::string> lines;
    std::string current;
    for (const std::string& unit : shellUnits(command, &comment)) {
        const std::string candidate = current.empty() ? unit : current + ' ' + unit;
        // Room for the " \" that ends every line but the last.
        if (current.empty() || columnsOf(candidate) + 2 <= width) {
            current = candidate;
        } else {
            lines.push_back(current + " \\");
            current = "    " + unit;
        }
    }
    lines.push_back(current);
    if (!comment.empty()) {
        lines.push_back(comment);
    }
    return lines;
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
    t.origin = input.origin;
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
    if (t.valid && corrected.isValid()) {
        // Both are JSON: a line that only moved in or out (re-indented) is layout, not a change to review.
        ContentDiff diff = unifiedContentDiff(original.text(), input.correctedText, t.fileName, t.correctedFileName);
        t.diff = std::move(diff.diff);
        t.layoutOnlyLines = diff.layoutOnlyLines;
    } else {
        t.diff = unifiedDiff(original.text(), input.correctedText, t.fileName, t.correctedFileName);
    }

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

/**
 * Prose for the report's Markdown: escaped with backslashes only (an entity such as &lt; reads literally in the .md
 * file and inside code), and the <KEY_ID> placeholder as code, as in the command. `\<` keeps a policy value such as
 * "<script>" from being read as HTML; `|` is escaped for tables; line breaks become spaces.
 */
std::string mdText(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.substr(i, KeyPlaceholder.size()) == KeyPlaceholder) {
            out += '`' + std::string(KeyPlaceholder) + '`';
            i += KeyPlaceholder.size() - 1;
            continue;
        }
        const char c = text[i];
        switch (c) {
        case '|':
        case '\\':
        case '*':
        case '_':
        case '`':
        case '[':
        case ']':
        case '<':
            out += '\\';
            out += c;
            break;
        case '&':
            // Only where it could start an entity (&lt; &#60;): "R&D" stays as written.
            if (i + 1 < text.size() && (std::isalnum(static_cast<unsigned char>(text[i + 1])) || text[i + 1] == '#')) {
                out += '\\';
            }
            out += c;
            break;
        case '\n':
        case '\r':
            out += ' ';
            break;
        default:
            out += c;
        }
    }
    return out;
}

/** Inline code: a backtick run longer than any inside, padded when the text starts or ends with a backtick. */
std::string mdCode(std::string_view text)
{
    std::size_t longest = 0;
    std::size_t run = 0;
    std::string body;
    for (char c : text) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
        body += c == '\n' || c == '\r' ? ' ' : c;
    }
    if (!body.empty() && (body.front() == '`' || body.back() == '`')) {
        body = ' ' + body + ' ';
    }
    const std::string fence(longest + 1, '`');
    return fence + body + fence;
}

std::string mdPieces(const std::vector<Piece>& pieces)
{
    std::string out;
    for (const Piece& p : pieces) {
        out += p.literal ? mdCode(p.text) : mdText(p.text);
    }
    return out;
}

std::string mdMatrix(const mwaa::GrantMatrix& m)
{
    std::string out = mdText(principalSentence(m)) + "\n\n| Grant |";
    for (std::size_t i = 0; i < mwaa::kGrantColumnCount; ++i) {
        out += ' ' + mdText(mwaa::grantColumnName(static_cast<mwaa::GrantColumn>(i))) + " |";
    }
    out += "\n|---|";
    for (std::size_t i = 0; i < mwaa::kGrantColumnCount; ++i) {
        out += "---|";
    }
    out += '\n';
    for (const auto& row : m.rows) {
        out += "| " + mdText(row.name) + " |";
        for (const auto cell : row.cells) {
            out += ' ' + std::string(mwaa::cellStateName(cell)) + " |";
        }
        out += '\n';
    }
    const auto notes = matrixNotes(m);
    if (!notes.empty()) {
        out += '\n';
        for (const auto& n : notes) {
            out += "- " + mdText(n) + '\n';
        }
    }
    return out;
}

std::string mdAudit(const mwaa::GrantAudit& audit, bool withOthers)
{
    std::string out;
    for (const auto& m : audit.environments) {
        out += "### Environment " + mdText(m.environment.empty() ? std::string("unknown") : m.environment) + "\n\n"
            + mdMatrix(m) + '\n';
    }
    if (!withOthers || !audit.grantsLoaded) {
        return out;
    }
    const auto others = mwaa::otherGrants(audit);
    out += "### Other grants\n\n";
    if (audit.truncated) {
        out += mdText("The listing is truncated (" + audit.truncatedBy
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
            out += ' ' + mdText(cell) + " |";
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
            + mdText(f.message) + " | " + std::string(marks[i] ? marked : unmarked) + " |\n";
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
    std::string out = "# Change ticket: key policy " + mdText(t.fileName) + "\n\n";
    out += "Generated by keypolicy " KPS_VERSION " from " + mdText(t.fileName)
        + " and the context below (no time stamp: the same input gives the same report).\n\n";

    out += "## Summary\n\n";
    out += "- Original policy: " + mdText(t.fileName) + ", " + std::to_string(t.originalBytes) + " bytes, SHA-256 `"
        + t.originalSha256 + "`\n";
    out += "- Original from: " + mdPieces(originPieces(t)) + "\n";
    out += "- Corrected policy: " + mdText(t.correctedFileName) + ", " + std::to_string(t.correctedBytes)
        + " bytes, SHA-256 `" + t.correctedSha256 + "`\n";
    out += "- Before: " + countsSentence(t.before) + "\n";
    out += "- After: " + countsSentence(t.after) + "\n";
    out += "- " + outcomeSentence(t) + "\n\n";

    out += "## Key and environment\n\n| Field | Value | Source |\n|---|---|---|\n";
    for (const auto& row : contextRows(t.before.context)) {
        out += "| " + std::string(row.field) + " | " + (row.value.empty() ? "unknown" : mdText(row.value)) + " | "
            + std::string(contextSourceName(row.source)) + " |\n";
    }
    out += "| Grants | " + mdText(grantsSentence(t)) + " | |\n";
    out += std::string("| MWAA profile | ") + (t.mwaa ? "on" : "off") + " | |\n";
    if (describeContext(t.before.context) != describeContext(t.after.context)) {
        out += "\nAfter the change the context resolves as: " + mdText(describeContext(t.after.context)) + ".\n";
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
            out += "| " + mdText(fact) + " | " + mdText(needed) + " |\n";
        }
        out += '\n';
    }

    out += "## Access change\n\n" + mdText(accessIntro(t)) + "\n\n";
    if (t.access && !t.access->sameAccess()) {
        for (const auto& change : t.access->access) {
            out += "- " + mdText(change.text) + "\n";
        }
        out += '\n';
    }

    out += "## Grant audit\n\n";
    if (!t.mwaa || !t.auditBefore) {
        out += "The MWAA profile was off: no grant audit.\n\n";
    } else {
        out += mdText(auditIntro(t)) + "\n\n";
        if (t.auditsEqual) {
            out += mdAudit(*t.auditAfter, true);
        } else {
            out += "#### Before the change\n\n" + mdAudit(*t.auditBefore, false) + "#### After the change\n\n"
                + mdAudit(*t.auditAfter, true);
        }
        if (!t.grantsToReview.empty()) {
            out += "### Grants to review\n\n" + mdText(reviewIntro()) + "\n\n";
            for (const auto& r : t.grantsToReview) {
                std::string codes;
                for (const auto& c : r.codes) {
                    codes += (codes.empty() ? "`" : ", `") + c + '`';
                }
                out += "- " + mdText(r.label) + " (" + mdText(t.grantsFileName) + ' ' + mdText(r.pointer) + ", "
                    + r.grantClass + "): " + codes + '\n';
            }
            std::string commands;
            for (const auto& r : t.grantsToReview) {
                commands += "# " + r.label + '\n' + r.command + '\n';
            }
            out += '\n' + mdCodeBlock("sh", commands) + '\n';
        }
    }

    out += "## Changes\n\n";
    for (const std::string& note : changesNotes(t)) {
        out += mdText(note) + "\n\n";
    }
    if (!t.diff.empty()) {
        out += mdCodeBlock("diff", t.diff) + '\n';
    }

    out += "## Applying the change\n\n";
    if (!t.valid) {
        out += "The original is not valid JSON; there is nothing to apply.\n";
        return out;
    }
    out += "Save the corrected policy as " + mdText(t.correctedFileName)
        + " (keypolicy fix, or Export corrected policy in Keypolicy Studio), check its SHA-256, then apply it:\n\n";
    out += mdCodeBlock("sh", verifyLine(t) + '\n' + t.put.command + '\n') + '\n';
    for (const auto& n : applyNotes(t)) {
        out += "- " + mdText(n) + '\n';
    }
    return out;
}

// ---- HTML -----------------------------------------------------------------------------------------------------

namespace {

// Only what QTextDocument (the PDF's layout engine) renders is used: table attributes (width, border, cellpadding,
// colspan), simple class selectors, white-space. Codes, operations and cell values are `nowrap`; what can be long
// (messages, grant names, values of the context) has the table's whole width.
constexpr std::string_view HtmlStyle
    = "body { font-family: sans-serif; font-size: 10pt; }\n"
      "h1 { font-size: 15pt; }\n"
      "h2 { font-size: 12.5pt; margin-top: 12pt; }\n"
      "h3 { font-size: 11pt; }\n"
      "table { border-collapse: collapse; margin-bottom: 8pt; }\n"
      "th, td { border: 1px solid #888888; padding: 2px 4px; text-align: left; vertical-align: top; }\n"
      "th { background-color: #e8e8e8; }\n"
      ".nowrap { white-space: nowrap; }\n"
      ".lead { white-space: nowrap; background-color: #f2f2f2; }\n"
      ".grant { background-color: #f2f2f2; }\n"
      ".matrix { white-space: nowrap; font-size: 8.5pt; }\n"
      "code { font-family: monospace; font-size: 8pt; }\n"
      ".added { color: #116611; }\n"
      ".removed { color: #aa1111; }\n"
      ".hunk { color: #555599; }\n";
// A browser scrolls a long line of code; the PDF gets lines wrapped to its width (HtmlLayout::codeColumns), and
// pre-wrap only for a word longer than a line.
constexpr std::string_view ScreenPreStyle
    = "pre { font-family: monospace; font-size: 8.5pt; background-color: #f4f4f4; padding: 4px; white-space: pre; "
      "overflow-x: auto; }\n";
std::string printPreStyle(int tenthsOfPoint)
{
    // Tenths, not a double: printf's decimal separator follows the locale the application set.
    const std::string size = std::to_string(tenthsOfPoint / 10) + '.' + std::to_string(tenthsOfPoint % 10);
    return "pre { font-family: monospace; font-size: " + size
        + "pt; background-color: #f4f4f4; padding: 4px; white-space: pre-wrap; }\n";
}

constexpr std::string_view TableStart = "<table width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"3\">\n";

/**
 * Writes prose and literals for one layout. Prose is escaped, with the <KEY_ID> placeholder and every ARN in it as
 * code. For print, a literal gets a word joiner (U+2060) after each '-' and '/': QTextDocument breaks lines where
 * Unicode allows, which includes after a hyphen inside an ARN or a grant name, and has no inline `nowrap`. The joiner
 * has no glyph, so the PDF's text (and what is copied from it) is the literal as written; a literal longer than a
 * whole line is still broken, anywhere. The HTML export has no joiners.
 */
struct Html
{
    static constexpr std::size_t LongestPrintLiteral = 96;

    bool print = false;

    std::string code(std::string_view literal) const
    {
        std::string escaped = htmlEscape(literal);
        if (print) {
            // A literal longer than any line of the page (at 8 pt) may still break after a slash, the separator of
            // an ARN's resource path, rather than anywhere.
            const bool slashJoins = columnsOf(literal) <= LongestPrintLiteral;
            std::string joined;
            for (char c : escaped) {
                joined += c;
                if (c == '-' || (c == '/' && slashJoins)) {
                    joined += "\xE2\x81\xA0"; // U+2060 WORD JOINER in UTF-8
                }
            }
            escaped = std::move(joined);
        }
        return "<code>" + escaped + "</code>";
    }

    /** Prose; for print, a hyphen inside a word does not end a line either (a word joiner after it). */
    std::string plain(std::string_view prose) const
    {
        std::string out = htmlEscape(prose);
        if (!print) {
            return out;
        }
        std::string joined;
        for (std::size_t i = 0; i < out.size(); ++i) {
            joined += out[i];
            if (out[i] == '-' && i > 0 && i + 1 < out.size() && out[i - 1] != ' ' && out[i + 1] != ' ') {
                joined += "\xE2\x81\xA0";
            }
        }
        return joined;
    }

    std::string text(std::string_view prose) const
    {
        std::string out;
        std::size_t written = 0; // start of the prose not written yet
        std::size_t i = 0;
        while (i < prose.size()) {
            if (prose.substr(i, KeyPlaceholder.size()) == KeyPlaceholder) {
                out += plain(prose.substr(written, i - written)) + code(KeyPlaceholder);
                i = written = i + KeyPlaceholder.size();
                continue;
            }
            // A word: up to a space, quote, bracket, ';' or ','; without a final '.', ':' or ','.
            const std::size_t end = std::min(prose.find_first_of(" \t\n\r\"'()<>[];,", i), prose.size());
            std::size_t length = end - i;
            while (length > 0 && std::string_view(".:").find(prose[i + length - 1]) != std::string_view::npos) {
                --length;
            }
            const std::string_view word = prose.substr(i, length);
            const bool literal
                = word.rfind("arn:", 0) == 0 || word.ends_with(".amazonaws.com") || word.ends_with(".amazonaws.com.cn");
            if (literal && length > 4) {
                out += plain(prose.substr(written, i - written)) + code(word);
                written = i + length;
            }
            i = end == i ? i + 1 : end;
        }
        return out + plain(prose.substr(written));
    }

    std::string pieces(const std::vector<Piece>& all) const
    {
        std::string out;
        for (const Piece& p : all) {
            out += p.literal ? code(p.text) : text(p.text);
        }
        return out;
    }
};

std::string htmlHeaderRow(std::initializer_list<std::pair<std::string_view, std::string_view>> headers)
{
    // <thead>: QTextDocument repeats the row at the top of each page a table continues on.
    std::string out = "<thead><tr>";
    for (const auto& [text, width] : headers) {
        out += width.empty() ? "<th class=\"nowrap\">" : "<th class=\"nowrap\" width=\"" + std::string(width) + "\">";
        out += htmlEscape(text) + "</th>";
    }
    return out + "</tr></thead>\n";
}

/**
 * The grant matrix in stacked rows: the operations head the table once, and each grant is a row with its name (the
 * table's whole width, so a long name is not squeezed into a narrow column) over a row of its seven cells.
 */
std::string htmlMatrix(const Html& h, const mwaa::GrantMatrix& m)
{
    std::string out = "<p>" + h.text(principalSentence(m)) + "</p>\n" + std::string(TableStart) + "<thead><tr>";
    for (std::size_t i = 0; i < mwaa::kGrantColumnCount; ++i) {
        out += "<th class=\"matrix\">" + htmlEscape(mwaa::grantColumnName(static_cast<mwaa::GrantColumn>(i))) + "</th>";
    }
    out += "</tr></thead>\n";
    const std::string span = std::to_string(mwaa::kGrantColumnCount);
    for (const auto& row : m.rows) {
        out += "<tr><td class=\"grant\" colspan=\"" + span + "\">Grant " + h.code(row.name) + "</td></tr>\n<tr>";
        for (const auto cell : row.cells) {
            out += "<td class=\"matrix\">" + std::string(mwaa::cellStateName(cell)) + "</td>";
        }
        out += "</tr>\n";
    }
    out += "</table>\n";
    const auto notes = matrixNotes(m);
    if (!notes.empty()) {
        out += "<ul>\n";
        for (const auto& n : notes) {
            out += "<li>" + h.text(n) + "</li>\n";
        }
        out += "</ul>\n";
    }
    return out;
}

/**
 * The audit: each environment's matrix, then (withOthers) every other grant in stacked rows: the grant's name across
 * the table over a row of its six cells, so long principals and names are not squeezed into narrow columns.
 */
std::string htmlAudit(const Html& h, const mwaa::GrantAudit& audit, bool withOthers)
{
    std::string out;
    for (const auto& m : audit.environments) {
        out += "<h3>Environment " + htmlEscape(m.environment.empty() ? std::string("unknown") : m.environment)
            + "</h3>\n" + htmlMatrix(h, m);
    }
    if (!withOthers || !audit.grantsLoaded) {
        return out;
    }
    const auto others = mwaa::otherGrants(audit);
    out += "<h3>Other grants</h3>\n";
    if (audit.truncated) {
        out += "<p>"
            + h.text("The listing is truncated (" + audit.truncatedBy
                     + "): the grants of later pages are not in this audit.")
            + "</p>\n";
    }
    if (others.empty()) {
        return out + "<p>None: every grant listed is one of the matrices'.</p>\n";
    }
    out += std::string(TableStart) + "<thead><tr>";
    for (std::size_t i = 1; i < kOtherGrantHeaders.size(); ++i) {
        out += "<th>" + htmlEscape(kOtherGrantHeaders[i]) + "</th>";
    }
    out += "</tr></thead>\n";
    const std::string span = std::to_string(kOtherGrantHeaders.size() - 1);
    for (const auto* a : others) {
        const auto cells = otherGrantCells(*a);
        out += "<tr><td class=\"grant\" colspan=\"" + span + "\">Grant " + h.code(cells.front()) + "</td></tr>\n<tr>";
        for (std::size_t i = 1; i < cells.size(); ++i) {
            out += "<td>" + h.text(cells[i]) + "</td>";
        }
        out += "</tr>\n";
    }
    return out + "</table>\n";
}

/**
 * Findings in stacked rows: severity, code, location and the mark on one (shaded) row, the message under them
 * across the whole table. A finding code (at most 36 characters) then always has room and never wraps.
 */
std::string htmlFindings(const Html& h,
                         const std::vector<Finding>& findings,
                         const std::vector<bool>& marks,
                         std::string_view markHeader,
                         std::string_view marked,
                         std::string_view unmarked)
{
    if (findings.empty()) {
        return "<p>No findings.</p>\n";
    }
    std::string out = std::string(TableStart)
        + htmlHeaderRow({{"Severity", "12%"}, {"Code", ""}, {"Line:Col", "10%"}, {markHeader, "18%"}});
    for (std::size_t i = 0; i < findings.size(); ++i) {
        const Finding& f = findings[i];
        out += "<tr><td class=\"lead\">" + std::string(severityName(f.severity)) + "</td><td class=\"lead\"><code>"
            + htmlEscape(f.code) + "</code></td><td class=\"lead\">" + location(f) + "</td><td class=\"lead\">"
            + std::string(marks[i] ? marked : unmarked) + "</td></tr>\n<tr><td colspan=\"4\">" + h.text(f.message)
            + "</td></tr>\n";
    }
    return out + "</table>\n";
}

/** One line of code, escaped, in a span of its class (none: plain). */
std::string htmlCodeLine(std::string_view line, std::string_view cls)
{
    return cls.empty() ? htmlEscape(line) : "<span class=\"" + std::string(cls) + "\">" + htmlEscape(line) + "</span>";
}

std::string htmlDiff(std::string_view diff, std::size_t columns)
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
        if (columns == 0 || columnsOf(line) <= columns) {
            out += htmlCodeLine(line, cls) + '\n';
        } else {
            // A continuation starts with an arrow in the marker's column, indented a little more than the line's
            // content, so it cannot be mistaken for a line of the diff.
            const std::vector<std::string> pieces = wrapDiffLine(line, columns);
            const std::string indent(continuationIndent(line), ' ');
            for (std::size_t i = 0; i < pieces.size(); ++i) {
                if (i > 0) {
                    out += "<span class=\"" + std::string(cls.empty() ? "hunk" : cls) + "\">&#8618;</span>" + indent;
                }
                out += htmlCodeLine(pieces[i], cls) + '\n';
            }
        }
        pos = end + 1;
    }
    return out + "</pre>\n";
}

} // namespace

std::string renderChangeTicketHtml(const ChangeTicket& t, const HtmlLayout& layout)
{
    const Html h{layout.codeColumns > 0};
    const std::string title = "Change ticket: key policy " + t.fileName;
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
        + htmlEscape(title) + "</title>\n<style>\n" + std::string(HtmlStyle)
        + (layout.codeColumns == 0 ? std::string(ScreenPreStyle) : printPreStyle(layout.codeTenthsOfPoint))
        + "</style>\n</head>\n<body>\n";
    out += "<h1>" + h.plain(title) + "</h1>\n";
    out += "<p>Generated by keypolicy " KPS_VERSION " from " + h.plain(t.fileName)
        + " and the context below (no time stamp: the same input gives the same report).</p>\n";

    out += "<h2>Summary</h2>\n<ul>\n";
    out += "<li>Original policy: " + h.plain(t.fileName) + ", " + std::to_string(t.originalBytes)
        + " bytes, SHA-256 <code>" + t.originalSha256 + "</code></li>\n";
    out += "<li>Original from: " + h.pieces(originPieces(t)) + "</li>\n";
    out += "<li>Corrected policy: " + h.plain(t.correctedFileName) + ", " + std::to_string(t.correctedBytes)
        + " bytes, SHA-256 <code>" + t.correctedSha256 + "</code></li>\n";
    out += "<li>Before: " + h.text(countsSentence(t.before)) + "</li>\n";
    out += "<li>After: " + h.text(countsSentence(t.after)) + "</li>\n";
    out += "<li>" + h.text(outcomeSentence(t)) + "</li>\n</ul>\n";

    // Two columns: the value has the width a key ARN needs (the source follows it in parentheses).
    out += "<h2>Key and environment</h2>\n" + std::string(TableStart)
        + htmlHeaderRow({{"Field", "15%"}, {"Value (source)", ""}});
    for (const auto& row : contextRows(t.before.context)) {
        out += "<tr><td class=\"nowrap\">" + std::string(row.field) + "</td><td>"
            + (row.value.empty() ? std::string("unknown") : h.code(row.value)) + " ("
            + std::string(contextSourceName(row.source)) + ")</td></tr>\n";
    }
    out += "<tr><td class=\"nowrap\">Grants</td><td>" + h.text(grantsSentence(t)) + "</td></tr>\n";
    out += std::string("<tr><td class=\"nowrap\">MWAA profile</td><td>") + (t.mwaa ? "on" : "off")
        + "</td></tr>\n</table>\n";
    if (describeContext(t.before.context) != describeContext(t.after.context)) {
        out += "<p>After the change the context resolves as: " + h.text(describeContext(t.after.context)) + ".</p>\n";
    }

    out += "<h2>Findings before the change</h2>\n<p>" + h.text(countsSentence(t.before)) + ".</p>\n";
    out += htmlFindings(h, t.findings.before, t.findings.resolved, "After the change", "resolved", "remains");
    out += "<h2>Findings after the change</h2>\n<p>" + h.text(countsSentence(t.after)) + ".</p>\n";
    out += htmlFindings(h, t.findings.after, t.findings.introduced, "New", "new", "");
    if (const auto rows = assumptionRows(t.after); !rows.empty()) {
        out += "<h2>What the verdict depends on</h2>\n<p>The corrected policy is MWAA ready only if these facts hold; "
               "the checker was not given them and does not guess.</p>\n"
            + std::string(TableStart) + htmlHeaderRow({{"Fact", "50%"}, {"Decided by", ""}});
        for (const auto& [fact, needed] : rows) {
            out += "<tr><td>" + h.text(fact) + "</td><td>" + h.text(needed) + "</td></tr>\n";
        }
        out += "</table>\n";
    }

    out += "<h2>Access change</h2>\n<p>" + h.text(accessIntro(t)) + "</p>\n";
    if (t.access && !t.access->sameAccess()) {
        out += "<ul>\n";
        for (const auto& change : t.access->access) {
            out += "<li>" + h.text(change.text) + "</li>\n";
        }
        out += "</ul>\n";
    }

    out += "<h2>Grant audit</h2>\n";
    if (!t.mwaa || !t.auditBefore) {
        out += "<p>The MWAA profile was off: no grant audit.</p>\n";
    } else {
        out += "<p>" + h.text(auditIntro(t)) + "</p>\n";
        if (t.auditsEqual) {
            out += htmlAudit(h, *t.auditAfter, true);
        } else {
            out += "<h3>Before the change</h3>\n" + htmlAudit(h, *t.auditBefore, false) + "<h3>After the change</h3>\n"
                + htmlAudit(h, *t.auditAfter, true);
        }
        if (!t.grantsToReview.empty()) {
            out += "<h3>Grants to review</h3>\n<p>" + h.text(reviewIntro()) + "</p>\n<ul>\n";
            std::string commands;
            for (const auto& r : t.grantsToReview) {
                std::string codes;
                for (const auto& c : r.codes) {
                    codes += (codes.empty() ? "" : ", ") + h.code(c);
                }
                out += "<li>" + h.code(r.label) + " (" + h.text(t.grantsFileName) + ' ' + h.code(r.pointer) + ", "
                    + r.grantClass + "): " + codes + "</li>\n";
                commands += htmlEscape("# " + r.label) + '\n' + htmlEscape(r.command) + '\n';
            }
            out += "</ul>\n<pre>" + commands + "</pre>\n";
        }
    }

    out += "<h2>Changes</h2>\n";
    for (const std::string& note : changesNotes(t)) {
        out += "<p>" + h.text(note) + "</p>\n";
    }
    if (!t.diff.empty()) {
        out += htmlDiff(t.diff, layout.codeColumns);
    }

    out += "<h2>Applying the change</h2>\n";
    if (!t.valid) {
        out += "<p>The original is not valid JSON; there is nothing to apply.</p>\n</body>\n</html>\n";
        return out;
    }
    out += "<p>Save the corrected policy as " + h.plain(t.correctedFileName)
        + " (keypolicy fix, or Export corrected policy in Keypolicy Studio), check its SHA-256, then apply "
          "it:</p>\n<pre>";
    for (const std::string& command : {verifyLine(t), t.put.command}) {
        for (const std::string& line : wrapShell(command, layout.codeColumns)) {
            out += htmlEscape(line) + '\n';
        }
    }
    out += "</pre>\n<ul>\n";
    for (const auto& n : applyNotes(t)) {
        out += "<li>" + h.text(n) + "</li>\n";
    }
    out += "</ul>\n</body>\n</html>\n";
    return out;
}

std::size_t printCodeColumnsNeeded(const ChangeTicket& t)
{
    std::size_t need = 0;
    std::size_t pos = 0;
    while (pos < t.diff.size()) {
        const std::size_t end = std::min(t.diff.find('\n', pos), t.diff.size());
        need = std::max(need, diffLineColumnsNeeded(std::string_view(t.diff).substr(pos, end - pos)));
        pos = end + 1;
    }
    if (t.valid) {
        need = std::max({need, shellColumnsNeeded(verifyLine(t)), shellColumnsNeeded(t.put.command)});
    }
    return need;
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
