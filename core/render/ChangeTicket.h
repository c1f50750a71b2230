// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/access/PolicyDiff.h"
#include "core/checker/Checker.h"
#include "core/mwaa/GrantMatrix.h"
#include "core/render/ReportOrigin.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kps::render {

/**
 * What a change-ticket report is made from (`keypolicy report`, `Export change-ticket report…`). Both callers fill
 * it the same way, so the same input gives byte-identical reports.
 *
 * The original is what was in place before the change: the file as read, the policy as fetched from AWS, or the
 * text a new document started with; never the text as edited since. Every change after that (typed, form edits,
 * fixes) is part of the report's diff and findings before/after.
 */
struct ChangeTicketInput
{
    /// The original: the policy as read, fetched or created (bytes; may be `aws kms get-key-policy` output).
    std::string originalText;
    ReportOrigin origin; ///< where originalText came from (the report's "Original from" line)
    std::string fileName; ///< the file name to show (no directories: the report does not depend on where it ran)
    /// Exactly what `keypolicy fix` (kps::applyAllFixes) writes for originalText and options.
    std::string correctedText;
    /// The context as the user gave it (fields left empty are inferred by check()), the grants
    /// (`aws kms list-grants` output) if loaded, and whether the MWAA profile runs.
    CheckOptions options;
};

/** The two findings lists compared: what the fixes resolved, what remains, what they introduced. */
struct FindingComparison
{
    std::vector<Finding> before; ///< findings of the original, in text order
    std::vector<bool> resolved; ///< per `before` entry: no finding with the same code and message remains
    std::vector<Finding> after; ///< findings of the corrected policy, in text order
    std::vector<bool> introduced; ///< per `after` entry: not among the original's findings
    std::size_t resolvedCount = 0;
    std::size_t introducedCount = 0;
};

/** The command that applies the corrected policy, and what the report says about it. */
struct PutKeyPolicyCommand
{
    std::string command; ///< one shell line: aws kms put-key-policy --key-id ... --policy-name default --policy ...
    bool keyKnown = false; ///< false: --key-id is the placeholder <KEY_ID>
    std::string keyNote; ///< why the key is a placeholder (empty when keyKnown)
    bool regionKnown = false; ///< --region is part of the command
};

/**
 * A grant the audit flags (a finding of severity warning or worse located in it), with the command a reviewer would
 * run to revoke it. The tool never runs it: revoking is immediate, and a grant of MWAA's takes its operations away
 * from the environment.
 */
struct GrantToReview
{
    std::string label; ///< the grant's name, or "grant ID"
    std::string pointer; ///< the grant in the listing (/Grants/3)
    std::string grantClass; ///< mwaa, aws-service, key-account, other-account, unknown
    std::vector<std::string> codes; ///< the codes of its findings, in order, each once
    std::string command; ///< aws kms revoke-grant --key-id KEY --grant-id ID [--region R]
};

/** Every fact of a change-ticket report; the renderers only format it. */
struct ChangeTicket
{
    std::string fileName;
    std::string correctedFileName; ///< NAME.corrected.json: the name Export corrected policy suggests
    ReportOrigin origin; ///< where the original came from
    bool wrapped
        = false; ///< the original is `aws kms get-key-policy` output (the diff and fixes are of the inner policy)
    bool valid = false; ///< the original parsed as JSON (otherwise nothing could be fixed)
    std::string originalSha256; ///< of originalText's bytes, lower-case hex
    std::string correctedSha256; ///< of correctedText's bytes
    std::size_t originalBytes = 0;
    std::size_t correctedBytes = 0;
    CheckResult before; ///< check() of the original
    CheckResult after; ///< check() of the corrected policy
    FindingComparison findings;
    bool contentChanged = false; ///< the corrected policy differs in content (not only layout)
    /// Unified diff of the (inner) policy text -> corrected text (render::unifiedContentDiff when both are JSON:
    /// lines that differ only in indentation are left out); "" when the lines are equal.
    std::string diff;
    std::size_t layoutOnlyLines = 0; ///< lines that differ only in indentation or trailing spaces (not in `diff`)
    bool mwaa = true; ///< the MWAA profile ran (grant audit shown)
    bool grantsLoaded = false;
    std::string grantsFileName; ///< the listing's file name (no directories), "" when none was loaded
    std::optional<mwaa::GrantAudit> auditBefore; ///< the grant audit with the original's resolved context
    std::optional<mwaa::GrantAudit> auditAfter; ///< with the corrected policy's resolved context
    bool auditsEqual = true; ///< before and after have the same matrices (the report then shows one)
    std::vector<GrantToReview> grantsToReview; ///< the flagged grants of the corrected policy's audit
    /// Who can do what with the key, the original against the corrected policy (keypolicy diff), for the key of the
    /// given context; nullopt when either is not valid JSON.
    std::optional<access::PolicyComparison> access;
    PutKeyPolicyCommand put;
};

/** SHA-256 of the bytes as 64 lower-case hex digits (OpenSSL's EVP_Digest; "" only if libcrypto fails). */
std::string sha256Hex(std::string_view bytes);

/** "policy.json" -> "policy.corrected.json" (the suggestion of Export corrected policy). */
std::string correctedFileNameFor(std::string_view fileName);

/**
 * The put-key-policy command for a resolved context: --key-id is the key id or key ARN of the context (`key/ID`
 * becomes ID); an alias, an unknown key or anything else becomes the placeholder <KEY_ID> with a note. --region is
 * the key ARN's region, else the context's. Never --bypass-policy-lockout-safety-check. Arguments are shell-quoted
 * when they hold anything but [A-Za-z0-9._/:=@+,-].
 */
PutKeyPolicyCommand putKeyPolicyCommand(const MwaaContext& context, std::string_view correctedFileName);

/**
 * The command that revokes a grant, for a reviewer to run (never run by the tool): aws kms revoke-grant --key-id KEY
 * --grant-id ID, KEY the grant's KeyId (the key ARN of ListGrants output), else the audit's key ARN, else the
 * placeholder <KEY_ID>; ID the grant's, else <GRANT_ID>; --region the key ARN's, else the audit's region. Arguments
 * are shell-quoted as in putKeyPolicyCommand().
 */
std::string revokeGrantCommand(const mwaa::GrantEntry& grant, const mwaa::GrantAudit& audit);

/** Compares the findings before and after by code and message (locations move when a fix changes the text). */
FindingComparison compareFindings(const std::vector<Finding>& before, const std::vector<Finding>& after);

/** Checks both texts, compares, hashes, diffs and audits the grants. Pure and deterministic; never throws. */
ChangeTicket buildChangeTicket(const ChangeTicketInput& input);

/** GitHub-flavoured Markdown: tables escaped (| and line breaks), code in fences longer than any backtick run. */
std::string renderChangeTicketMarkdown(const ChangeTicket& ticket);

/** How renderChangeTicketHtml lays out lines of code (the diff and the commands). */
struct HtmlLayout
{
    /**
     * 0 (a browser): each line of code stays one line (the block scrolls sideways). N (print, the PDF export): code
     * is set in codeTenthsOfPoint and a line longer than N characters is wrapped for a page N monospace characters
     * wide. A diff line wraps after spaces and commas (each continuation starts with "↪" and a little more indent
     * than the line); only a word longer than a whole line is cut, at a ':' or '/' if it has one. A shell command
     * wraps between its words, an option staying with its value, with a " \" continuation (so it still runs when
     * copied), and its "# comment" goes on a line of its own after it.
     */
    std::size_t codeColumns = 0;
    int codeTenthsOfPoint = 75; ///< the code blocks' font size when codeColumns > 0, in tenths of a point
};

/**
 * The narrowest page, in monospace characters, on which the print layout wraps every line of the diff and the
 * commands at spaces, commas and between words only (no JSON string, ARN or file name cut). The PDF export picks the
 * code font size at which its page holds at least this many.
 */
std::size_t printCodeColumnsNeeded(const ChangeTicket& ticket);

/**
 * A standalone HTML document (UTF-8, inline CSS, no scripts, no external resources), every value from the policy
 * escaped; QTextDocument renders it for the PDF export. Tables are the full width; finding codes, grant operations
 * and cell values do not wrap (the message and the grant name have a row of their own), so they stay whole on a
 * page of any sensible width.
 */
std::string renderChangeTicketHtml(const ChangeTicket& ticket, const HtmlLayout& layout = {});

/** Convenience: build then render. */
std::string renderChangeTicketMarkdown(const ChangeTicketInput& input);
std::string renderChangeTicketHtml(const ChangeTicketInput& input);

} // namespace kps::render
