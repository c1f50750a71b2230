// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Expected.h"
#include "core/json/SourceDocument.h"

#include <string>
#include <string_view>
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

/** A key policy made from TemplateOptions. */
struct PolicyTemplate
{
    Json policy;
    std::string text; ///< formatPolicy(policy)
};

/** The policy, or every reason the options cannot make one (one Error per invalid or missing option). */
using TemplateResult = Expected<PolicyTemplate, Errors>;

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

// ---- Statement builders ---------------------------------------------------------------------------------------
// makeTemplate writes its statements with these, and the editor's "Insert template statement…" inserts them, so the
// two cannot drift. Each returns the statement (keys in the usual order Sid, Effect, Principal, Action, Resource,
// Condition) with a stable Sid, or an Error for each missing or invalid input.

/** The kinds of statement "Insert template statement…" offers, in menu order. */
enum class StatementKind { AccountDelegation, KeyAdministrators, KeyUsers, GrantsForAwsResources, CloudWatchLogs };

/** The Sid each builder writes ("Enable IAM User Permissions", ...). */
std::string_view statementSid(StatementKind kind);

/** A statement, or every reason the inputs cannot make one. */
using StatementResult = Expected<Json, Errors>;

/**
 * Whether `arn` can be a key administrator or key user principal; the error says why not: not the ARN of an IAM role
 * or user, a wildcard in it, or (when `partition` is given) another partition.
 */
Expected<void> validatePrincipalArn(const std::string& arn, std::string_view partition = {});

/** The account principal (arn:PARTITION:iam::ACCOUNT:root) with kms:*; the console's "Enable IAM User Permissions". */
StatementResult accountDelegation(std::string_view partition, std::string_view account);

/** The key administrators' management actions (keyAdministratorActions) for IAM role or user ARNs. */
StatementResult keyAdministrators(const std::vector<std::string>& admins);

/**
 * The cryptographic use MWAA's execution role needs (keyUserActions) for IAM role or user ARNs: the console's
 * "Allow use of the key" narrowed to what the role's KMS calls through SQS and S3 use.
 */
StatementResult keyUsers(const std::vector<std::string>& principals);

/**
 * kms:CreateGrant, kms:ListGrants and kms:RevokeGrant for IAM role or user ARNs, only when an AWS service calls for
 * them (Bool kms:GrantIsForAWSResource "true"): the console's "Allow attachment of persistent resources", what the
 * principal creating an MWAA environment needs so MWAA can create its grants.
 */
StatementResult grantsForAwsResources(const std::vector<std::string>& principals);

/**
 * The CloudWatch Logs statement for the region's logs principal with the exact actions (kLogsActions) and an
 * ArnLike condition on kms:EncryptionContext:aws:logs:arn: the account's log groups, or airflow-ENV-* when the
 * environment is given.
 */
StatementResult cloudWatchLogs(std::string_view region, std::string_view account, std::string_view environment = {});

/** The exact actions of the key users' statement: kms:Encrypt, kms:Decrypt, kms:GenerateDataKey, kms:DescribeKey. */
const std::vector<std::string>& keyUserActions();

/** The exact actions of the grants statement: kms:CreateGrant, kms:ListGrants, kms:RevokeGrant. */
const std::vector<std::string>& grantActions();

} // namespace kps::mwaa
