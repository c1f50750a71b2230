// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/mwaa/Template.h"

#include "core/checker/Context.h"
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

TemplateResult makeTemplate(const TemplateOptions& options)
{
    TemplateResult result;
    const std::string partition = partitionOfRegion(options.region);
    if (partition.empty()) {
        result.errors.push_back("\"" + options.region + "\" is not a region code (e.g. eu-west-1)");
    }
    if (!isAccountId(options.account)) {
        result.errors.push_back("\"" + options.account + "\" is not an account id (12 digits)");
    }
    if (!options.environment.empty() && !isEnvironmentName(options.environment)) {
        result.errors.push_back("\"" + options.environment
                                + "\" is not an MWAA environment name (a letter, then letters, digits, - and _)");
    }
    for (const auto& admin : options.admins) {
        const auto arn = eval::parseArn(admin);
        const bool principal = arn && arn->service == "iam" && isAccountId(arn->account)
            && (arn->resource.rfind("role/", 0) == 0 || arn->resource.rfind("user/", 0) == 0)
            && admin.find_first_of("*?") == std::string::npos;
        if (!principal) {
            result.errors.push_back("\"" + admin + "\" is not the ARN of an IAM role or user");
        } else if (!partition.empty() && arn->partition != partition) {
            result.errors.push_back("\"" + admin + "\" is in partition " + arn->partition + ", the region in "
                                    + partition);
        }
    }
    if (!result.ok()) {
        return result;
    }

    Json policy = Json::object();
    policy["Version"] = "2012-10-17";
    Json statements = Json::array();
    statements.push_back(accountDelegationStatement("Enable IAM User Permissions", partition, options.account));
    if (!options.admins.empty()) {
        Json admins = Json::object();
        admins["Sid"] = "Allow access for Key Administrators";
        admins["Effect"] = "Allow";
        Json list = Json::array();
        for (const auto& a : options.admins) {
            list.push_back(a);
        }
        admins["Principal"] = Json::object({{"AWS", options.admins.size() == 1 ? Json(options.admins[0]) : list}});
        Json actions = Json::array();
        for (const auto& a : keyAdministratorActions()) {
            actions.push_back(a);
        }
        admins["Action"] = std::move(actions);
        admins["Resource"] = "*";
        statements.push_back(std::move(admins));
    }
    const std::string logsArn = options.environment.empty()
        ? accountScopedLogsArn(partition, options.region, options.account)
        : "arn:" + partition + ":logs:" + options.region + ":" + options.account + ":log-group:airflow-"
            + options.environment + "-*";
    statements.push_back(logsStatement("Allow CloudWatch Logs for MWAA", options.region, logsArn));
    policy["Statement"] = std::move(statements);
    result.text = formatPolicy(policy);
    result.policy = std::move(policy);
    return result;
}

} // namespace kps::mwaa
