// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <string>

namespace kps::bench {

/** The context the generated policies are written for. */
inline constexpr const char* Region = "eu-west-1";
inline constexpr const char* Account = "111122223333";
inline constexpr const char* Environment = "MyEnv";

/**
 * A typical MWAA key policy of about 3 KB, as the KMS console and the MWAA guide lay it out: root delegation, key
 * administrators, key users, attachment of persistent resources (grants for AWS resources) and the CloudWatch Logs
 * statement, formatted with 4-space indentation.
 */
std::string typicalMwaaPolicy();

/** About 1 KB: the root delegation and the CloudWatch Logs statement of the typical policy. */
std::string smallPolicy();

/**
 * The typical policy plus realistic per-team statements (roles of other accounts with kms:ViaService and
 * encryption-context conditions, Deny guards) until the text is close to, but under, `targetBytes` (at most the
 * 32,768-byte quota). Deterministic.
 */
std::string largePolicy(std::size_t targetBytes = 32 * 1024 - 512);

/**
 * Far over the quota, for the editor's large-file benchmark: the typical policy followed by `statements` (in all)
 * short team statements (a partner role allowed Decrypt, every other one DescribeKey too, every 4th through S3 only,
 * every 10th a Deny guard), 4-space indentation: 20,000 statements make about 6.8 MB, some 200 times the 32 KB quota.
 * Deterministic.
 */
std::string hugePolicy(std::size_t statements = 20000);

} // namespace kps::bench
