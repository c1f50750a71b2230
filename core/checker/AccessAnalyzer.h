// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <span>
#include <string_view>
#include <vector>

namespace kps {

/**
 * One check of IAM Access Analyzer's policy validation ("IAM policy validation check reference") and the finding
 * code of this checker that reports it in a key policy. A check reported by several codes has a row for each; a
 * check that cannot apply to a key policy has an empty code and says why. docs/reference/kms-data.json lists the
 * checks (access_analyzer_checks); tst_rules requires a row for every one that applies to a key policy.
 */
struct AccessAnalyzerCheck
{
    std::string_view check; ///< Access Analyzer's code, e.g. "INVALID_REGION"
    std::string_view code; ///< the catalogue code that reports it; empty when nothing here does (see note)
    std::string_view note; ///< where this checker deliberately differs, or why it does not report the check
};

/** Every row, in the order of the finding reference. */
std::span<const AccessAnalyzerCheck> accessAnalyzerChecks();
/** The rows whose code is `code`, in table order (the finding reference names them in the code's entry). */
std::vector<const AccessAnalyzerCheck*> accessAnalyzerChecksFor(std::string_view code);

} // namespace kps
