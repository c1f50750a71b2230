// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/mwaa/Template.h"

#include "core/checker/Context.h"
#include "core/checker/ContextValues.h"
#include "core/eval/Arn.h"
#include "core/json/Format.h"
#include "core/mwaa/MwaaFacts.h"
#include "core/mwaa/Patches.h"

namespace kps::mwaa {

const std::vector<std::string>& keyAdministratorActions()
{
    // The console's administrator statement (kms-facts 1.7) with its wildcards expanded to what a key policy can
    // grant for a symmetric key, minus kms:CreateGrant (administration needs no grants; the account delegation
    // covers MWAA's) and the imported-key-material actions.
    static const std::vector<std::string> actions = {
        "kms:CreateAlias",          "kms:DescribeKey",          "kms:EnableKey",
        "kms:EnableKeyRotation",    "kms:ListGrants",           "kms:ListKeyPolicies",
        "kms:ListKeyRotations",     "kms:ListResourceTags",     "kms:PutKeyPolicy",
        "kms:UpdateAlias",          "kms:UpdateKeyDescription", "kms:RevokeGrant",
        "kms:DisableKey",           "kms:DisableKeyRotation",   "kms:GetKeyPolicy",
        "kms:GetKeyRotationStatus", "kms:DeleteAlias",          "kms:TagResource",
        "kms:UntagResource",        "kms:ScheduleKeyDeletion",  "kms:CancelKeyDeletion",
    };
    return actions;
}

const std::vector<std::string>& keyUserActions()
{
    // What MWAA's execution role calls on the key through SQS and S3 (kms-facts 5.6: kms:Decrypt, kms:DescribeKey,
    // kms:GenerateDataKey*, kms:Encrypt; the checker and AWS's verify script test GenerateDataKey* as
    // GenerateDataKey). The console's "Allow use of the key" also has kms:ReEncrypt* and every GenerateDataKey
    // variant; MWAA needs none of them, so they are left out.
    static const std::vector<std::string> actions = {
        "kms:Encrypt",
        "kms:Decrypt",
        "kms:GenerateDataKey",
        "kms:DescribeKey",
    };
    return actions;
}

const std::vector<std::string>& grantActions()
{
    static const std::vector<std::string> actions = {"kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"};
    return actions;
}

std::string_view statementSid(StatementKind kind)
{
    switch (kind) {
    case StatementKind::AccountDelegation:
        return "Enable IAM User Permissions";
    case StatementKind::KeyAdministrators:
        return "Allow access for Key Administrators";
    case StatementKind::KeyUsers:
        return "Allow use of the key";
    case StatementKind::GrantsForAwsResources:
        return "Allow attachment of persistent resources";
    case StatementKind::CloudWatchLogs:
        return "Allow CloudWatch Logs for MWAA";
    }
    return {};
}

namespace {

/** Adds the input's error, if any, to `errors`. */
void collect(Errors& errors, Expected<void> valid)
{
    if (!valid) {
        errors.push_back(std::move(valid).error());
    }
}

Expected<void> validateRegion(std::string_view region)
{
    if (region.empty()) {
        return Error{"a region is required (e.g. eu-west-1)"};
    }
    return validateContextValue(ContextField::Region, region);
}

/// aws, or aws- followed by lower-case letters and dashes (aws-cn, aws-us-gov, aws-iso-b, ...).
bool isPartitionName(std::string_view partition)
{
    if (partition == "aws") {
        return true;
    }
    return partition.size() > 4 && partition.substr(0, 4) == "aws-" && partition.back() != '-'
        && partition.find_first_not_of("abcdefghijklmnopqrstuvwxyz-", 4) == std::string_view::npos;
}

Expected<void> validateAccount(std::string_view account)
{
    if (account.empty()) {
        return Error{"an account id is required (12 digits)"};
    }
    return validateContextValue(ContextField::Account, account);
}

Expected<void> validateEnvironment(std::string_view environment)
{
    return environment.empty() ? Expected<void>() : validateContextValue(ContextField::Environment, environment);
}

Json actionList(const std::vector<std::string>& actions)
{
    Json list = Json::array();
    for (const auto& a : actions) {
        list.push_back(a);
    }
    return list;
}

/// {"AWS": ARN} for one principal, {"AWS": [ARN, ...]} for several.
Json awsPrincipal(const std::vector<std::string>& arns)
{
    return Json::object({{"AWS", arns.size() == 1 ? Json(arns[0]) : actionList(arns)}});
}

/// The errors of a principal list: none given, or an ARN that is no IAM role or user of the first one's partition.
Errors principalErrors(const std::vector<std::string>& arns, const char* what)
{
    Errors errors;
    if (arns.empty()) {
        errors.push_back(Error{std::string("at least one ") + what + " ARN (an IAM role or user) is required"});
        return errors;
    }
    std::string partition;
    for (const auto& arn : arns) {
        if (auto valid = validatePrincipalArn(arn, partition); !valid) {
            errors.push_back(std::move(valid).error());
        } else if (partition.empty()) {
            partition = eval::parseArn(arn)->partition;
        }
    }
    return errors;
}

StatementResult principalStatement(StatementKind kind,
                                   const std::vector<std::string>& arns,
                                   const char* what,
                                   const std::vector<std::string>& actions)
{
    if (Errors errors = principalErrors(arns, what); !errors.empty()) {
        return errors;
    }
    Json s = Json::object();
    s["Sid"] = std::string(statementSid(kind));
    s["Effect"] = "Allow";
    s["Principal"] = awsPrincipal(arns);
    s["Action"] = actionList(actions);
    s["Resource"] = "*";
    return s;
}

} // namespace

Expected<void> validatePrincipalArn(const std::string& arn, std::string_view partition)
{
    const auto parsed = eval::parseArn(arn);
    const bool principal = parsed && parsed->service == "iam" && isAccountId(parsed->account)
        && (parsed->resource.rfind("role/", 0) == 0 || parsed->resource.rfind("user/", 0) == 0)
        && arn.find_first_of("*?") == std::string::npos;
    if (!principal) {
        return Error{"\"" + arn + "\" is not the ARN of an IAM role or user"};
    }
    if (!partition.empty() && parsed->partition != partition) {
        return Error{"\"" + arn + "\" is in partition " + parsed->partition + ", the region in "
                     + std::string(partition)};
    }
    return {};
}

StatementResult accountDelegation(std::string_view partition, std::string_view account)
{
    Errors errors;
    if (!isPartitionName(partition)) {
        errors.push_back(Error{"\"" + std::string(partition) + "\" is not a partition (e.g. aws)"});
    }
    collect(errors, validateAccount(account));
    if (!errors.empty()) {
        return errors;
    }
    return accountDelegationStatement(std::string(statementSid(StatementKind::AccountDelegation)), partition, account);
}

StatementResult keyAdministrators(const std::vector<std::string>& admins)
{
    return principalStatement(StatementKind::KeyAdministrators, admins, "key administrator", keyAdministratorActions());
}

StatementResult keyUsers(const std::vector<std::string>& principals)
{
    return principalStatement(StatementKind::KeyUsers, principals, "key user", keyUserActions());
}

StatementResult grantsForAwsResources(const std::vector<std::string>& principals)
{
    StatementResult result
        = principalStatement(StatementKind::GrantsForAwsResources, principals, "key user", grantActions());
    if (result) {
        // The console writes the value as the string "true"; the Bool operator reads it as true.
        (*result)["Condition"] = Json::object({{"Bool", Json::object({{"kms:GrantIsForAWSResource", "true"}})}});
    }
    return result;
}

StatementResult cloudWatchLogs(std::string_view region, std::string_view account, std::string_view environment)
{
    Errors errors;
    collect(errors, validateRegion(region));
    collect(errors, validateAccount(account));
    collect(errors, validateEnvironment(environment));
    if (!errors.empty()) {
        return errors;
    }
    const std::string partition = partitionOfRegion(region);
    const std::string logsArn = environment.empty() ? accountScopedLogsArn(partition, region, account)
                                                    : "arn:" + partition + ":logs:" + std::string(region) + ":"
            + std::string(account) + ":log-group:airflow-" + std::string(environment) + "-*";
    return logsStatement(std::string(statementSid(StatementKind::CloudWatchLogs)), region, logsArn);
}

TemplateResult makeTemplate(const TemplateOptions& options)
{
    Errors errors;
    const std::string partition = partitionOfRegion(options.region);
    collect(errors, validateRegion(options.region));
    collect(errors, validateAccount(options.account));
    collect(errors, validateEnvironment(options.environment));
    for (const auto& admin : options.admins) {
        collect(errors, validatePrincipalArn(admin, partition));
    }
    if (!errors.empty()) {
        return errors;
    }

    // The statements come from the builders "Insert template statement…" uses too.
    std::vector<StatementResult> parts;
    parts.push_back(accountDelegation(partition, options.account));
    if (!options.admins.empty()) {
        parts.push_back(keyAdministrators(options.admins));
    }
    parts.push_back(cloudWatchLogs(options.region, options.account, options.environment));
    Json statements = Json::array();
    for (auto& part : parts) {
        if (part) {
            statements.push_back(std::move(*part));
        } else {
            errors.insert(errors.end(), part.error().begin(), part.error().end());
        }
    }
    if (!errors.empty()) {
        return errors;
    }
    PolicyTemplate made;
    made.policy = Json::object();
    made.policy["Version"] = "2012-10-17";
    made.policy["Statement"] = std::move(statements);
    made.text = formatPolicy(made.policy);
    return made;
}

} // namespace kps::mwaa
