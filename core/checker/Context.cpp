// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/checker/Context.h"

#include "core/mwaa/MwaaFacts.h"

#include <algorithm>

namespace kps {

std::string_view contextSourceName(ContextSource source)
{
    switch (source) {
    case ContextSource::Given:
        return "given";
    case ContextSource::Inferred:
        return "inferred";
    case ContextSource::Unknown:
        return "unknown";
    }
    return "unknown";
}

namespace {
struct PartitionRule
{
    const char* partition;
    std::string_view prefix; ///< the region starts with it; the rest must be \w+-\d+
    const char* dnsSuffix;
};
// From the KMS endpoint rule set / partitions.json (docs/reference/kms-wire.md section 1), whose patterns are
// ^PREFIX\w+-\d+$ with PREFIX: us-gov-, cn-, us-iso-, us-isob-, eu-isoe-, us-isof-, eusc-de-, and for aws one of
// (us|eu|ap|sa|ca|me|af|il|mx)-. Order matters: us-gov- and the iso prefixes must be tried before the generic
// commercial pattern. Matched by hand: std::regex cost more than the rest of resolving a context.
const PartitionRule kPartitions[] = {
    {"aws-us-gov", "us-gov-", "amazonaws.com"},
    {"aws-cn", "cn-", "amazonaws.com.cn"},
    {"aws-iso", "us-iso-", "c2s.ic.gov"},
    {"aws-iso-b", "us-isob-", "sc2s.sgov.gov"},
    {"aws-iso-e", "eu-isoe-", "cloud.adc-e.uk"},
    {"aws-iso-f", "us-isof-", "csp.hci.ic.gov"},
    {"aws-eusc", "eusc-de-", "amazonaws.eu"},
    {"aws", "", "amazonaws.com"}, // prefix: kCommercialAreas, then '-'
};
constexpr std::string_view kCommercialAreas[] = {"us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"};

bool isWordChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/// \w+-\d+ over the whole string (\w has no '-', so there is exactly one '-').
bool isNameDashNumber(std::string_view s)
{
    const auto dash = s.find('-');
    if (dash == std::string_view::npos || dash == 0 || dash + 1 == s.size()) {
        return false;
    }
    return std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(dash), isWordChar)
        && std::all_of(
               s.begin() + static_cast<std::ptrdiff_t>(dash) + 1, s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool matchesRule(const PartitionRule& rule, std::string_view region)
{
    if (!rule.prefix.empty()) {
        return region.substr(0, rule.prefix.size()) == rule.prefix
            && isNameDashNumber(region.substr(rule.prefix.size()));
    }
    for (std::string_view area : kCommercialAreas) {
        if (region.size() > area.size() && region.substr(0, area.size()) == area && region[area.size()] == '-'
            && isNameDashNumber(region.substr(area.size() + 1))) {
            return true;
        }
    }
    return false;
}
} // namespace

std::string partitionOfRegion(std::string_view region)
{
    for (const auto& rule : kPartitions) {
        if (matchesRule(rule, region)) {
            return rule.partition;
        }
    }
    return {};
}

std::string dnsSuffixOfPartition(std::string_view partition)
{
    for (const auto& p : kPartitions) {
        if (partition == p.partition) {
            return p.dnsSuffix;
        }
    }
    return "amazonaws.com";
}

std::string givenKeyArn(const MwaaContext& given)
{
    return mwaa::parseKeyIdentifier(given.key).form == mwaa::KeyIdentifier::Form::KeyArn ? given.key : std::string();
}

std::string givenPartition(const MwaaContext& given)
{
    if (!given.partition.empty()) {
        return given.partition;
    }
    if (std::string partition = partitionOfRegion(given.region); !partition.empty()) {
        return partition;
    }
    // arn:PARTITION:kms:REGION:ACCOUNT:key/ID (or alias/NAME)
    const std::string_view key = given.key;
    if (key.substr(0, 4) == "arn:") {
        const auto colon = key.find(':', 4);
        if (colon != std::string_view::npos && colon > 4) {
            return std::string(key.substr(4, colon - 4));
        }
    }
    return {};
}

bool isRegionCode(std::string_view region)
{
    return !partitionOfRegion(region).empty();
}

bool isAccountId(std::string_view account)
{
    if (account.size() != 12) {
        return false;
    }
    for (char c : account) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

namespace {
// Regions where MWAA runs: AWS General Reference, "Amazon Managed Workflows for Apache Airflow endpoints and quotas"
// (https://docs.aws.amazon.com/general/latest/gr/mwaa.html, the Region column of "Service endpoints"), checked
// against the `airflow` service of botocore 1.43.11's endpoints.json (docs/reference/kms-facts.md section 5.3), which
// lists the same 31 aws and 2 aws-cn regions and no GovCloud one. The GovCloud rows are for KMS only (Import from
// AWS, Apply to AWS). When AWS adds an MWAA region, add a row here: every region field reads this table.
constexpr KnownRegion kKnownRegions[] = {
    {"af-south-1", "aws", true},
    {"ap-east-1", "aws", true},
    {"ap-northeast-1", "aws", true},
    {"ap-northeast-2", "aws", true},
    {"ap-northeast-3", "aws", true},
    {"ap-south-1", "aws", true},
    {"ap-south-2", "aws", true},
    {"ap-southeast-1", "aws", true},
    {"ap-southeast-2", "aws", true},
    {"ap-southeast-3", "aws", true},
    {"ap-southeast-4", "aws", true},
    {"ap-southeast-5", "aws", true},
    {"ap-southeast-7", "aws", true},
    {"ca-central-1", "aws", true},
    {"ca-west-1", "aws", true},
    {"eu-central-1", "aws", true},
    {"eu-central-2", "aws", true},
    {"eu-north-1", "aws", true},
    {"eu-south-1", "aws", true},
    {"eu-south-2", "aws", true},
    {"eu-west-1", "aws", true},
    {"eu-west-2", "aws", true},
    {"eu-west-3", "aws", true},
    {"il-central-1", "aws", true},
    {"me-central-1", "aws", true},
    {"me-south-1", "aws", true},
    {"sa-east-1", "aws", true},
    {"us-east-1", "aws", true},
    {"us-east-2", "aws", true},
    {"us-west-1", "aws", true},
    {"us-west-2", "aws", true},
    {"cn-north-1", "aws-cn", true},
    {"cn-northwest-1", "aws-cn", true},
    {"us-gov-east-1", "aws-us-gov", false},
    {"us-gov-west-1", "aws-us-gov", false},
};
} // namespace

std::span<const KnownRegion> knownRegions()
{
    return kKnownRegions;
}

std::vector<std::string_view> mwaaRegions()
{
    std::vector<std::string_view> codes;
    for (const KnownRegion& region : kKnownRegions) {
        if (region.mwaa) {
            codes.push_back(region.code);
        }
    }
    return codes;
}

bool isOrganizationId(std::string_view id)
{
    if (id.size() < 12 || id.size() > 34 || id.substr(0, 2) != "o-") {
        return false;
    }
    return std::all_of(
        id.begin() + 2, id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

} // namespace kps
