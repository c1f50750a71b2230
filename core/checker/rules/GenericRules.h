// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Finding.h"
#include "core/checker/PolicyView.h"
#include "core/json/SourceDocument.h"

#include <string>
#include <vector>

namespace kps::rules {

/** Everything the generic rules need to know. */
struct GenericInput
{
    const SourceDocument& document;
    const PolicyView& policy;
    std::string keyAccount; ///< the account that owns the key, when known (CROSS_ACCOUNT, BROAD_ADMIN)
    std::string keyPartition; ///< the key's partition when the given context tells it (PRINCIPAL_PARTITION_MISMATCH)
    /// The key's ARN when given (--key ARN): whether a Resource/NotResource that names keys applies (LOCKOUT_RISK).
    std::string keyArn;
    /// The MWAA profile runs too: it reports the CloudWatch Logs statement's conditions itself (MWAA_LOGS_CONDITION),
    /// so CONDITION_KEY_NOT_FOR_SERVICE leaves that principal to it.
    bool mwaaProfile = false;
};

/** The "Document and grammar" section of spec/findings.md (the codes the parser does not report itself). */
void checkGrammar(const GenericInput& input, std::vector<Finding>& out);
/** The "Security and good practice" section. */
void checkSecurity(const GenericInput& input, std::vector<Finding>& out);

/**
 * The account the policy's root delegation names: the one account principal (12-digit id or
 * arn:PARTITION:iam::ACCOUNT:root) to which Allow statements grant every action a key policy decides, as the console's
 * "Enable IAM User Permissions" does; empty when none or several. The key's account when none is given: CROSS_ACCOUNT
 * and LOCKOUT_RISK use it, and so does the access summary (core/access).
 */
std::string delegatedAccount(const PolicyView& policy);

} // namespace kps::rules
