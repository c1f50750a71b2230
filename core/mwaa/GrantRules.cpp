// SPDX-License-Identifier: GPL-3.0-or-later
// MWAA_GRANT_*: the loaded grant list against the grant matrix of the environment.
#include "core/mwaa/GrantMatrix.h"
#include "core/mwaa/ProfileRules.h"

namespace kps::mwaa::detail {

void checkGrantList(const ProfileInput& in, Emitter& emit)
{
    if (!in.options.grants) {
        return;
    }
    const GrantList list = readGrants(*in.options.grants);
    emitGrantFindings(buildGrantMatrix(in.context, &list), emit);
}

} // namespace kps::mwaa::detail
