// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/render/Report.h"

namespace kps::render {

SeverityCounts countReport(const Report& report)
{
    SeverityCounts total;
    for (const auto& file : report.files) {
        for (const auto& f : file.result.findings) {
            total.add(f.severity);
        }
    }
    return total;
}

std::string describeContext(const MwaaContext& context)
{
    std::string out;
    auto item = [&out](std::string_view name, const std::string& value, ContextSource source) {
        if (!out.empty()) {
            out += ", ";
        }
        out += name;
        out += ' ';
        if (value.empty()) {
            out += "unknown";
            return;
        }
        out += value;
        out += " (";
        out += contextSourceName(source);
        out += ')';
    };
    item("region", context.region, context.regionSource);
    item("partition", context.partition, context.partitionSource);
    item("account", context.account, context.accountSource);
    item("env", context.environment, context.environmentSource);
    item("key", context.key, context.keySource);
    if (!context.orgId.empty()) {
        item("org", context.orgId, context.orgIdSource);
    }
    return out;
}

} // namespace kps::render
