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

std::string regionError(std::string_view region)
{
    if (region.empty()) {
        return "a region is required (e.g. eu-west-1)";
    }
    return contextValueError(ContextField::Region, region);
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

std::string accountError(std::string_view account)
{
    if (account.empty()) {
        return "an account id is required (12 digits)";
    }
    return contextValueError(ContextField::Account, account);
}

std::string environmentError(std::string_view environment)
{
    return environment.empty() ? std::string() : contextValueError(ContextField::Environment, environment);
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
std::vector<std::string> principalErrors(const std::vector<std::string>& arns, const char* what)
{
    std::vector<std::string> errors;
    if (arns.empty()) {
        errors.push_back(std::string("at least one ") + what + " ARN (an IAM role or user) is required");
        return errors;
    }
    std::string partition;
    for (const auto& arn : arns) {
        std::string error = principalArnError(arn, partition);
        if (!error.empty()) {
            errors.push_back(std::move(error));
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
    StatementResult result;
    result.errors = principalErrors(arns, what);
    if (!result.ok()) {
        return result;
    }
    Json s = Json::object();
    s["Sid"] = std::string(statementSid(kind));
    s["Effect"] = "Allow";
    s["Principal"] = awsPrincipal(arns);
    s["Action"] = actionList(actions);
    s["Resource"] = "*";
    result.statement = std::move(s);
    return result;
}

} // namespace

std::string principalArnError(const std::string& arn, std::string_view partition)
{
    const auto parsed = eval::parseArn(arn);
    const bool principal = parsed && parsed->service == "iam" && isAccountId(parsed->account)
        && (parsed->resource.rfind("role/", 0) == 0 || parsed->resource.rfind("user/", 0) == 0)
        && arn.find_first_of("*?") == std::string::npos;
    if (!principal) {
        return "\"" + arn + "\" is not the ARN of an IAM role or user";
    }
    if (!partition.empty() && parsed->partition != partition) {
        return "\"" + arn + "\" is in partition " + parsed->partition + ", the region in " + std::string(partition);
    }
    return {};
}

StatementResult accountDelegation(std::string_view partition, std::string_view account)
{
    StatementResult result;
    if (!isPartitionName(partition)) {
        result.errors.push_back("\"" + std::string(partition) + "\" is not a partition (e.g. aws)");
    }
    if (std::string error = accountError(account); !error.empty()) {
        result.errors.push_back(std::move(error));
    }
    if (result.ok()) {
        result.statement = accountDelegationStatement(
            std::string(statementSid(StatementKind::AccountDelegation)), partition, account);
    }
    return result;
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
    if (result.ok()) {
        // The console writes the value as the string "true"; the Bool operator reads it as true.
        result.statement["Condition"] = Json::object({{"Bool", Json::object({{"kms:GrantIsForAWSResource", "true"}})}});
    }
    return result;
}

StatementResult cloudWatchLogs(std::string_view region, std::string_view account, std::string_view environment)
{
    StatementResult result;
    for (std::string error : {regionError(region), accountError(account), environmentError(environment)}) {
        if (!error.empty()) {
            result.errors.push_back(std::move(error));
        }
    }
    if (!result.ok()) {
        return result;
    }
    const std::string partition = partitionOfRegion(region);
    const std::string logsArn = environment.empty() ? accountScopedLogsArn(partition, region, account)
                                                    : "arn:" + partition + ":logs:" + std::string(region) + ":"
            + std::string(account) + ":log-group:airflow-" + std::string(environment) + "-*";
    result.statement = logsStatement(std::string(statementSid(StatementKind::CloudWatchLogs)), region, logsArn);
    return result;
}

TemplateResult makeTemplate(const TemplateOptions& options)
{
    TemplateResult result;
    const std::string partition = partitionOfRegion(options.region);
    for (std::string error :
         {regionError(options.region), accountError(options.account), environmentError(options.environment)}) {
        if (!error.empty()) {
            result.errors.push_back(std::move(error));
        }
    }
    for (const auto& admin : options.admins) {
        if (std::string error = principalArnError(admin, partition); !error.empty()) {
            result.errors.push_back(std::move(error));
        }
    }
    if (!result.ok()) {
        return result;
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
        result.errors.insert(result.errors.end(), part.errors.begin(), part.errors.end());
        statements.push_back(std::move(part.statement));
    }
    if (!result.ok()) {
        return result;
    }
    Json policy = Json::object();
    policy["Version"] = "2012-10-17";
    policy["Statement"] = std::move(statements);
    result.text = formatPolicy(policy);
    result.policy = std::move(policy);
    return result;
}

} // namespace kps::mwaa
