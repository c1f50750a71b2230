// SPDX-License-Identifier: GPL-3.0-or-later
#include "PolicyGenerator.h"

#include "core/json/Format.h"

#include <string>

namespace kps::bench {

namespace {

std::string arnRoot(const std::string& account)
{
    return "arn:aws:iam::" + account + ":root";
}

Json baseStatements()
{
    const std::string account = Account;
    const std::string region = Region;
    Json statements = Json::array();
    statements.push_back(Json{{"Sid", "Enable IAM User Permissions"},
                              {"Effect", "Allow"},
                              {"Principal", {{"AWS", arnRoot(account)}}},
                              {"Action", "kms:*"},
                              {"Resource", "*"}});
    statements.push_back(Json{{"Sid", "Allow access for Key Administrators"},
                              {"Effect", "Allow"},
                              {"Principal", {{"AWS", "arn:aws:iam::" + account + ":role/KeyAdmin"}}},
                              {"Action",
                               {"kms:Create*",
                                "kms:Describe*",
                                "kms:Enable*",
                                "kms:List*",
                                "kms:Put*",
                                "kms:Update*",
                                "kms:Revoke*",
                                "kms:Disable*",
                                "kms:Get*",
                                "kms:Delete*",
                                "kms:TagResource",
                                "kms:UntagResource",
                                "kms:ScheduleKeyDeletion",
                                "kms:CancelKeyDeletion"}},
                              {"Resource", "*"}});
    statements.push_back(
        Json{{"Sid", "Allow use of the key"},
             {"Effect", "Allow"},
             {"Principal",
              {{"AWS",
                {"arn:aws:iam::" + account + ":role/service-role/AmazonMWAA-" + Environment + "-ExecutionRole",
                 "arn:aws:iam::" + account + ":role/DataPlatformDeploy"}}}},
             {"Action", {"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"}},
             {"Resource", "*"}});
    statements.push_back(
        Json{{"Sid", "Allow attachment of persistent resources"},
             {"Effect", "Allow"},
             {"Principal",
              {{"AWS",
                {"arn:aws:iam::" + account + ":role/service-role/AmazonMWAA-" + Environment + "-ExecutionRole",
                 "arn:aws:iam::" + account + ":role/DataPlatformDeploy"}}}},
             {"Action", {"kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"}},
             {"Resource", "*"},
             {"Condition", {{"Bool", {{"kms:GrantIsForAWSResource", "true"}}}}}});
    statements.push_back(
        Json{{"Sid", "Allow logs access"},
             {"Effect", "Allow"},
             {"Principal", {{"Service", "logs." + region + ".amazonaws.com"}}},
             {"Action", {"kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"}},
             {"Resource", "*"},
             {"Condition",
              {{"ArnLike",
                {{"kms:EncryptionContext:aws:logs:arn",
                  "arn:aws:logs:" + region + ":" + account + ":log-group:airflow-" + Environment + "-*"}}}}}});
    return statements;
}

Json policyWith(Json statements)
{
    return Json{{"Version", "2012-10-17"}, {"Id", "key-policy-mwaa"}, {"Statement", std::move(statements)}};
}

/** The n-th extra statement: a team role of a partner account, or a Deny guard. */
Json extraStatement(int n)
{
    const std::string region = Region;
    const std::string partner = "4444555566" + std::to_string(10 + n % 90);
    const std::string team = "Team" + std::to_string(n);
    if (n % 4 == 3) {
        return Json{
            {"Sid", "DenyDecryptOutsideVpc" + std::to_string(n)},
            {"Effect", "Deny"},
            {"Principal", {{"AWS", arnRoot(partner)}}},
            {"Action", {"kms:Decrypt", "kms:ReEncryptFrom"}},
            {"Resource", "*"},
            {"Condition", {{"StringNotEquals", {{"aws:SourceVpce", "vpce-0a1b2c3d4e5f6" + std::to_string(n)}}}}}};
    }
    return Json{
        {"Sid", "Allow" + team + "ViaS3AndSqs"},
        {"Effect", "Allow"},
        {"Principal",
         {{"AWS",
           {"arn:aws:iam::" + partner + ":role/" + team + "-Pipeline",
            "arn:aws:iam::" + partner + ":role/" + team + "-Analyst"}}}},
        {"Action", {"kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey*", "kms:Encrypt"}},
        {"Resource", "*"},
        {"Condition",
         {{"StringLike", {{"kms:ViaService", {"s3." + region + ".amazonaws.com", "sqs." + region + ".amazonaws.com"}}}},
          {"StringEquals", {{"kms:EncryptionContext:team", team}, {"aws:PrincipalOrgID", "o-a1b2c3d4e5"}}}}}};
}

/** The n-th statement of hugePolicy(). */
Json shortStatement(std::size_t n)
{
    const std::string partner = "4444555566" + std::to_string(10 + n % 90);
    const std::string team = "Team" + std::to_string(n);
    if (n % 10 == 9) {
        return Json{{"Sid", "Deny" + team + "Outside"},
                    {"Effect", "Deny"},
                    {"Principal", {{"AWS", arnRoot(partner)}}},
                    {"Action", "kms:Decrypt"},
                    {"Resource", "*"},
                    {"Condition", {{"StringNotEquals", {{"aws:SourceVpce", "vpce-0a1b2c3d" + std::to_string(n)}}}}}};
    }
    Json statement{{"Sid", "Allow" + team},
                   {"Effect", "Allow"},
                   {"Principal", {{"AWS", "arn:aws:iam::" + partner + ":role/" + team}}},
                   {"Action", n % 2 == 0 ? Json{"kms:Decrypt", "kms:DescribeKey"} : Json("kms:Decrypt")},
                   {"Resource", "*"}};
    if (n % 4 == 3) {
        statement["Condition"]
            = {{"StringEquals", {{"kms:ViaService", std::string("s3.") + Region + ".amazonaws.com"}}}};
    }
    return statement;
}

} // namespace

std::string typicalMwaaPolicy()
{
    return formatPolicy(policyWith(baseStatements()));
}

std::string smallPolicy()
{
    Json policy = Json::parse(typicalMwaaPolicy());
    Json statements = Json::array();
    for (std::size_t i : {0U, 4U}) {
        statements.push_back(policy["Statement"][i]);
    }
    policy["Statement"] = statements;
    return formatPolicy(policy);
}

std::string hugePolicy(std::size_t statements)
{
    Json list = baseStatements();
    for (std::size_t n = 0; list.size() < statements; ++n) {
        list.push_back(shortStatement(n));
    }
    return formatPolicy(policyWith(std::move(list)));
}

std::string largePolicy(std::size_t targetBytes)
{
    Json statements = baseStatements();
    std::string text = formatPolicy(policyWith(statements));
    for (int n = 0;; ++n) {
        Json next = statements;
        next.push_back(extraStatement(n));
        std::string candidate = formatPolicy(policyWith(next));
        if (candidate.size() > targetBytes) {
            return text;
        }
        statements = std::move(next);
        text = std::move(candidate);
    }
}

} // namespace kps::bench
