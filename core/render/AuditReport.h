// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Finding.h"
#include "core/json/Json.h"
#include "core/render/Report.h"

#include <optional>
#include <string>
#include <vector>

namespace kps::render {

/** A call of the account audit that failed: which call, about what, and the message that says why. */
struct AuditCallError
{
    std::string call; ///< "GetRolePolicy", "ListGrants", ...
    std::string message;
};

/** One policy of an execution role, its document decoded. */
struct AuditRolePolicy
{
    std::string name;
    std::string arn; ///< managed policies; "" for an inline one
    std::string document;
};

/** What the account audit read for one MWAA environment (aws/AccountAudit fills it; tests build it by hand). */
struct AuditEnvironmentInput
{
    std::string name;
    std::string region;
    std::string account; ///< from the environment's ARN; "" when unknown
    std::string profile; ///< the profile the audit used ("" for the default chain)
    std::string status; ///< GetEnvironment's Status ("AVAILABLE", ...), "" when GetEnvironment failed
    bool environmentRead = false; ///< GetEnvironment succeeded
    std::string keyArn; ///< the environment's KmsKey as an ARN; "" for an AWS-owned key
    std::string executionRoleArn;
    std::optional<Json> keyMetadata; ///< DescribeKey's KeyMetadata
    std::optional<std::string> keyPolicy; ///< GetKeyPolicy's Policy, byte for byte
    std::string policyFetchedAt; ///< when GetKeyPolicy answered, UTC, ISO 8601 ("2024-05-01T12:34:56Z")
    std::optional<std::string> grants; ///< ListGrants (every page) as `aws kms list-grants` prints it
    std::vector<std::string> aliases; ///< ListAliases for the key
    /// The role's inline and attached managed policies; nullopt when they could not all be read
    std::optional<std::vector<AuditRolePolicy>> rolePolicies;
    std::vector<AuditCallError> errors;
};

/** One environment audited. */
struct AuditedEnvironment
{
    AuditEnvironmentInput input;
    bool awsOwnedKey = false; ///< no KmsKey: an AWS-owned key, nothing to check
    bool checked = false; ///< the key policy was checked (`file` holds the result)
    /// every input the verdict needs was read (environment, key metadata, policy, grants, role policies)
    bool complete = false;
    std::vector<std::string> keyProblems; ///< what DescribeKey says makes the key unusable for MWAA
    /// true only when checked, complete and the check says ready; false when the check or the key says not ready;
    /// nullopt otherwise (depends, incomplete inputs, AWS-owned key)
    std::optional<bool> ready;
    std::string verdict; ///< "ready", "not-ready", "depends", "incomplete", "aws-owned-key"
    FileResult file; ///< the check (path: ACCOUNT/REGION/ENV/key-policy.json)
    SeverityCounts counts;
};

/** The whole audit: every environment, plus the calls that failed before any environment was known. */
struct AccountAudit
{
    std::vector<AuditedEnvironment> environments;
    /// e.g. ListEnvironments denied, a profile that could not be used: {call, message} with the profile and region
    struct Failure
    {
        std::string profile;
        std::string region;
        AuditCallError error;
    };
    std::vector<Failure> failures;
};

/** The execution role's policies as one IAM policy document (every statement, in order) for CheckOptions::rolePolicy.
 */
std::string mergeRolePolicies(const std::vector<AuditRolePolicy>& policies);

/**
 * Checks one environment with its real context: region, account, environment name, key ARN, the key's grants (every
 * environment's that shares the key) and the execution role's policies. Pure.
 */
AuditedEnvironment auditEnvironment(AuditEnvironmentInput input);

/** {"environments": [{"name", "region", "account", "key_arn", ..., "findings", "errors"}], "failures": [...],
 * "summary"} */
Json accountAuditToJson(const AccountAudit& audit);
std::string renderAuditJson(const AccountAudit& audit);
/** A summary table (account, environment, key, verdict, counts per severity), then a section per environment. */
std::string renderAuditText(const AccountAudit& audit);
std::string renderAuditMarkdown(const AccountAudit& audit);
std::string renderAuditHtml(const AccountAudit& audit);
/** SARIF: one artifact per checked key policy; failed calls are error notifications of the invocation. */
std::string renderAuditSarif(const AccountAudit& audit);
/** The key as the summary names it: its id, "AWS-owned key", or "unknown". */
std::string auditKeyName(const AuditedEnvironment& environment);
/** The verdict in words: "MWAA ready", "MWAA not ready", "depends", "incomplete: 2 call(s) failed", ... */
std::string auditVerdictText(const AuditedEnvironment& environment);
/** The key's ARN, manager, state, multi-Region and aliases in one line. */
std::string auditKeyFacts(const AuditedEnvironment& environment);
/** The execution role's policies by name ("a (inline), b (managed)"), "none" or "not read". */
std::string auditRolePolicyNames(const AuditedEnvironment& environment);
/** Every finding of every checked environment, per severity. */
SeverityCounts countAudit(const AccountAudit& audit);
/** True when some call failed (the command then exits 2, as `check` does for an unreadable input). */
bool auditHasErrors(const AccountAudit& audit);

} // namespace kps::render
