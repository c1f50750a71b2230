// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/SourceDocument.h"

#include <string>
#include <vector>

namespace kps::mwaa {

/** What `keypolicy template` and the editor's "New from MWAA template" ask for. */
struct TemplateOptions
{
    std::string region; ///< required: the environment's region (its partition follows)
    std::string account; ///< required: the account that owns the key and the environment
    std::string environment; ///< optional: narrows the CloudWatch Logs condition to airflow-ENV-* log groups
    std::vector<std::string> admins; ///< optional: IAM role or user ARNs of the key administrators
};

struct TemplateResult
{
    Json policy; ///< null when there are errors
    std::string text; ///< formatPolicy(policy)
    std::vector<std::string> errors; ///< why the options cannot make a policy

    bool ok() const { return errors.empty(); }
};

/**
 * A complete, least-privilege key policy for an MWAA environment's customer managed key: the account delegation
 * (kms:* for the account principal, so IAM policies, the environment's creator and its execution role work), the key
 * administrators' statement when admins are given (management actions only: no cryptographic use, no
 * kms:CreateGrant), and the CloudWatch Logs statement with the exact actions and an ArnLike condition scoped to the
 * account (and to airflow-ENV-* log groups when the environment is given). It checks with no error, security or
 * warning finding.
 */
TemplateResult makeTemplate(const TemplateOptions& options);

/** The exact actions of the key administrators' statement. */
const std::vector<std::string>& keyAdministratorActions();

} // namespace kps::mwaa
