// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/checker/Context.h"

#include <regex>
#include <vector>

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
    const char* regex;
    const char* dnsSuffix;
};
// From the KMS endpoint rule set / partitions.json (shared/reference/kms-wire.md section 1). Order matters:
// us-gov- and the iso prefixes must be tried before the generic commercial pattern.
const PartitionRule kPartitions[] = {
    {"aws-us-gov", R"(^us-gov-\w+-\d+$)", "amazonaws.com"},
    {"aws-cn", R"(^cn-\w+-\d+$)", "amazonaws.com.cn"},
    {"aws-iso", R"(^us-iso-\w+-\d+$)", "c2s.ic.gov"},
    {"aws-iso-b", R"(^us-isob-\w+-\d+$)", "sc2s.sgov.gov"},
    {"aws-iso-e", R"(^eu-isoe-\w+-\d+$)", "cloud.adc-e.uk"},
    {"aws-iso-f", R"(^us-isof-\w+-\d+$)", "csp.hci.ic.gov"},
    {"aws-eusc", R"(^eusc-(de)-\w+-\d+$)", "amazonaws.eu"},
    {"aws", R"(^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$)", "amazonaws.com"},
};
} // namespace

std::string partitionOfRegion(std::string_view region)
{
    // Compiled once: checks call this for every context they resolve.
    static const std::vector<std::regex> compiled = [] {
        std::vector<std::regex> out;
        for (const auto& p : kPartitions) {
            out.emplace_back(p.regex);
        }
        return out;
    }();
    const std::string r(region);
    for (std::size_t i = 0; i < compiled.size(); ++i) {
        if (std::regex_match(r, compiled[i])) {
            return kPartitions[i].partition;
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

} // namespace kps
