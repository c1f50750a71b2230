// SPDX-License-Identifier: GPL-3.0-or-later
// MWAA_GRANT_*: the loaded grant list against the grant matrix of the environment.
#include "core/mwaa/GrantMatrix.h"
#include "core/mwaa/ProfileRules.h"

namespace kps::mwaa::detail {

void checkGrantList(const ProfileInput& in, std::vector<Finding>& out)
{
    if (!in.options.grants) {
        return;
    }
    const GrantList list = readGrants(*in.options.grants);
    const GrantMatrix matrix = buildGrantMatrix(in.context, &list);
    for (Finding& f : grantFindings(matrix)) {
        f.location = noTextLocation(in.document);
        out.push_back(std::move(f));
    }
}

} // namespace kps::mwaa::detail
