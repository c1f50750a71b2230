// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Context.h"
#include "core/checker/Finding.h"
#include "core/json/SourceDocument.h"

#include <optional>
#include <string>
#include <vector>

namespace kps {

/** What to check a policy for. */
struct CheckOptions
{
    bool mwaa = true; ///< run the MWAA profile (off: generic key policy checks only)
    MwaaContext context; ///< as given by the user; fields left empty are inferred where possible
    std::optional<Json> grants; ///< `aws kms list-grants` output ({"Grants": [...]}), if loaded
    std::optional<std::string> rolePolicy; ///< the execution role's IAM policy text, if loaded
    std::string roleArn; ///< the execution role's ARN, if known
};

/** The result of one check. */
struct CheckResult
{
    std::vector<Finding> findings; ///< in text order (sortFindings)
    MwaaContext context; ///< the context actually used, with the source of each field
    bool mwaaChecked = false; ///< the MWAA profile ran
    /// true iff the MWAA profile ran and no error-severity finding remains
    bool mwaaReady() const;
};

/**
 * The one entry point shared by the editor, the CLI and the tests: pure, deterministic in order, no I/O, never
 * throws. Runs the document findings, the generic grammar and security rules and, unless disabled, the MWAA
 * profile.
 */
CheckResult check(const SourceDocument& document, const CheckOptions& options = {});
/** Convenience: parse then check. */
CheckResult check(std::string text, const CheckOptions& options = {});

} // namespace kps
