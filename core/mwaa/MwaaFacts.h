// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Context.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace kps::mwaa {

/** The CloudWatch Logs log groups of an MWAA environment: airflow-ENV-<kind> (docs/reference/kms-facts.md 5.4). */
inline constexpr std::array<std::string_view, 5> kLogGroupKinds
    = {"Task", "DAGProcessing", "Scheduler", "WebServer", "Worker"};

/** What CloudWatch Logs calls on the key for an encrypted log group (spec/findings.md, MWAA_LOGS_*). */
inline constexpr std::array<std::string_view, 7> kLogsActions = {"kms:Encrypt",
                                                                 "kms:Decrypt",
                                                                 "kms:ReEncryptFrom",
                                                                 "kms:ReEncryptTo",
                                                                 "kms:GenerateDataKey",
                                                                 "kms:GenerateDataKeyWithoutPlaintext",
                                                                 "kms:DescribeKey"};

/** What the principal creating the environment needs on the key so MWAA can attach its grants (kms-facts 5.6). */
inline constexpr std::array<std::string_view, 5> kCreatorActions
    = {"kms:CreateGrant", "kms:DescribeKey", "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"};

/** What the execution role needs on the key (kms-facts 5.6: kms:GenerateDataKey* is checked as GenerateDataKey). */
inline constexpr std::array<std::string_view, 4> kRoleActions
    = {"kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey", "kms:Encrypt"};

/** The encryption-context key CloudWatch Logs sets. */
inline constexpr std::string_view kLogsArnKey = "kms:EncryptionContext:aws:logs:arn";

/** logs.REGION.SUFFIX for the region's partition. */
std::string logsServicePrincipal(std::string_view region);
/** airflow.REGION.SUFFIX for the region's partition. */
std::string airflowServicePrincipal(std::string_view region);
/** The region of "logs.REGION.SUFFIX" (any suffix); nullopt for anything else. */
std::optional<std::string> regionOfServicePrincipal(std::string_view service, std::string_view value);

/** arn:PARTITION:logs:REGION:ACCOUNT:log-group:airflow-ENV-KIND. */
std::string logGroupArn(std::string_view partition,
                        std::string_view region,
                        std::string_view account,
                        std::string_view environment,
                        std::string_view kind);

/** The account-scoped condition value the fixes and the template use: arn:PARTITION:logs:REGION:ACCOUNT:*. */
std::string accountScopedLogsArn(std::string_view partition, std::string_view region, std::string_view account);

/** The environment name an MWAA log-group ARN pattern names (…:log-group:airflow-NAME-Task or -*), if any. */
std::optional<std::string> environmentOfLogsArn(std::string_view value);

/** A key identifier as given to MWAA, taken apart. */
struct KeyIdentifier
{
    enum class Form { Empty, KeyId, KeyArn, AliasName, AliasArn, Other };
    Form form = Form::Empty;
    std::string keyId; ///< for KeyId / KeyArn: the id (uuid or mrk-...)
    std::string partition; ///< for ARNs
    std::string region; ///< for ARNs
    std::string account; ///< for ARNs
    bool multiRegion = false; ///< the id starts with mrk-
};
KeyIdentifier parseKeyIdentifier(std::string_view key);

/** MWAA's environment name pattern: [a-zA-Z][0-9a-zA-Z-_]*, 1 to 80 characters. */
bool isEnvironmentName(std::string_view name);

} // namespace kps::mwaa
