// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/mwaa/MwaaProfile.h"

#include "core/checker/Rules.h"

namespace kps::mwaa {

MwaaContext resolveContext(const SourceDocument&, const PolicyView&, const MwaaContext& given)
{
    MwaaContext c = given;
    auto mark = [](const std::string& v, ContextSource& s) {
        if (!v.empty() && s == ContextSource::Unknown) {
            s = ContextSource::Given;
        }
    };
    mark(c.environment, c.environmentSource);
    mark(c.region, c.regionSource);
    mark(c.account, c.accountSource);
    mark(c.key, c.keySource);
    if (!c.region.empty() && c.partition.empty()) {
        c.partition = partitionOfRegion(c.region);
        c.partitionSource = ContextSource::Inferred;
    }
    return c;
}

void checkProfile(const SourceDocument& document,
                  const PolicyView&,
                  const MwaaContext& context,
                  const CheckOptions&,
                  std::vector<Finding>& out)
{
    if (context.region.empty()) {
        out.push_back(makeFinding("MWAA_REGION_UNKNOWN", document.locate("")));
    }
}

} // namespace kps::mwaa
