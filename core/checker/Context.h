// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kps {

/** Where a context value came from: reported with every check so a reviewer knows what was assumed. */
enum class ContextSource { Unknown, Given, Inferred };
std::string_view contextSourceName(ContextSource source); ///< "unknown", "given", "inferred"

/**
 * The MWAA environment a key policy is checked for. Any field may be empty; the checker infers what it can
 * (region from a key ARN or the CloudWatch Logs statement, partition from the region, account from a key ARN or
 * the account principal) and reports what it used.
 */
struct MwaaContext
{
    std::string environment;
    std::string region;
    std::string partition; ///< aws, aws-cn, aws-us-gov (follows from region)
    std::string account;
    std::string key; ///< key id or ARN as it will be given to MWAA
    /// The organization of the environment's account: "o-..." , kNoOrganization (the account is in none), or empty
    /// (unknown: organization-perimeter conditions then make the verdict depend on it; never inferred).
    std::string orgId;

    ContextSource environmentSource = ContextSource::Unknown;
    ContextSource regionSource = ContextSource::Unknown;
    ContextSource partitionSource = ContextSource::Unknown;
    ContextSource accountSource = ContextSource::Unknown;
    ContextSource keySource = ContextSource::Unknown;
    ContextSource orgIdSource = ContextSource::Unknown;
};

/** MwaaContext::orgId of an account that belongs to no organization (`--org-id none`). */
inline constexpr std::string_view kNoOrganization = "none";
/** An AWS Organizations id: "o-" and 10 to 32 lower-case letters or digits. */
bool isOrganizationId(std::string_view id);

/**
 * The key's partition as far as the user's own context tells it: the partition given, else that of the region given
 * (when it is a region), else that of the key when it is given as an ARN; empty when none of them is given. Nothing is
 * inferred from the policy itself (PRINCIPAL_PARTITION_MISMATCH must not judge a policy by its own principals).
 */
std::string givenPartition(const MwaaContext& given);
/** The key ARN the user gave (--key ARN); "" for a key id, an alias or nothing. */
std::string givenKeyArn(const MwaaContext& given);
/** Partition of a region code ("aws", "aws-cn", "aws-us-gov", ...); empty for a string that is no region. */
std::string partitionOfRegion(std::string_view region);
/** DNS suffix of a partition ("amazonaws.com", "amazonaws.com.cn"). */
std::string dnsSuffixOfPartition(std::string_view partition);
/** True for a well-formed region code. */
bool isRegionCode(std::string_view region);
/** True for 12 digits. */
bool isAccountId(std::string_view account);

/** A region the editor offers in its region fields (any other region code can still be typed). */
struct KnownRegion
{
    std::string_view code;
    std::string_view partition; ///< partitionOfRegion(code)
    bool mwaa = false; ///< MWAA runs there (the `MWAA environment` panel and the template dialogs list it)
};
/**
 * The one region table: the regions where MWAA runs (partition aws in alphabetical order, then aws-cn), then the
 * GovCloud regions where KMS keys are imported from but MWAA does not run. Each partition is partitionOfRegion()'s.
 */
std::span<const KnownRegion> knownRegions();
/** The codes of knownRegions() where MWAA runs, in the table's order. */
std::vector<std::string_view> mwaaRegions();

} // namespace kps
