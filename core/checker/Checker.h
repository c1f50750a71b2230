// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Context.h"
#include "core/checker/Finding.h"
#include "core/checker/PolicyView.h"
#include "core/json/SourceDocument.h"

#include <optional>
#include <string>
#include <vector>

namespace kps {

/**
 * The grants listing checked with a policy: `aws kms list-grants` output (one page, an array of pages) or a bare
 * array of grants, parsed with positions like a policy, so that every grant finding names this file, a JSON Pointer
 * into it and its line and column. Read one with mwaa::readGrantsDocument() (core/mwaa/Grants.h), which refuses a
 * text that is not JSON or not a listing.
 */
struct GrantsDocument
{
    std::string path; ///< the name its findings are located in (as the user named the file; "" when it has none)
    SourceDocument document;
};

/** What to check a policy for. */
struct CheckOptions
{
    bool mwaa = true; ///< run the MWAA profile (off: generic key policy checks only)
    MwaaContext context; ///< as given by the user; fields left empty are inferred where possible
    std::optional<GrantsDocument> grants; ///< the key's grants listing, if loaded
    std::optional<std::string> rolePolicy; ///< the execution role's IAM policy text, if loaded
    std::string roleArn; ///< the execution role's ARN, if known
};

/**
 * A fact the MWAA verdict depends on and the checker cannot know (an organization's membership, the key's ARN, a
 * context value of a request): the verdict is "ready" only if it holds.
 */
struct Assumption
{
    std::string fact; ///< what must hold, in words: "account 111122223333 is in organization o-a1b2c3d4e5"
    std::string needed; ///< what the user can supply to decide it ("--org-id o-a1b2c3d4e5"); may be empty
    std::string pointer; ///< the policy element that makes the verdict depend on it
    /// "" when `pointer` is in the policy; else the document it is in (the grants listing: a truncated listing makes
    /// the verdict depend on its remaining pages)
    std::string file;

    bool operator==(const Assumption&) const = default;
};

/** The three MWAA verdicts. */
enum class MwaaVerdict {
    NotChecked, ///< the MWAA profile did not run
    Ready, ///< every MWAA requirement is met and no error finding remains
    NotReady, ///< some error finding
    Depends, ///< no error, but some requirement is met only if the assumptions hold
};

/** The result of one check. */
struct CheckResult
{
    std::vector<Finding> findings; ///< in text order (sortFindings)
    MwaaContext context; ///< the context actually used, with the source of each field
    bool mwaaChecked = false; ///< the MWAA profile ran
    std::vector<Assumption> assumptions; ///< what the MWAA verdict depends on (each once)
    MwaaVerdict mwaaVerdict() const;
    /// true iff the verdict is Ready (never when it depends on an assumption)
    bool mwaaReady() const { return mwaaVerdict() == MwaaVerdict::Ready; }
};

/** "MWAA ready", "MWAA not ready", "MWAA ready if account 111122223333 is in organization o-…" (and …). */
std::string mwaaVerdictText(const CheckResult& result);

/**
 * The one entry point shared by the editor, the CLI and the tests: pure, deterministic in order, no I/O, never
 * throws. Runs the document findings, the generic grammar and security rules and, unless disabled, the MWAA
 * profile.
 */
CheckResult check(const SourceDocument& document, const CheckOptions& options = {});
/**
 * The same with the policy already read: `policy` must be readPolicy(document.json()) (empty when the document is
 * not valid). The editor reads each text once and shares that reading with its checks.
 */
CheckResult check(const SourceDocument& document, const PolicyView& policy, const CheckOptions& options);
/** Convenience: parse then check. */
CheckResult check(std::string text, const CheckOptions& options = {});

} // namespace kps
