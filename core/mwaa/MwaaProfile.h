// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Checker.h"
#include "core/checker/PolicyView.h"
#include "core/eval/Request.h"

#include <vector>

namespace kps::mwaa {

/** The context used for the check: the given values, completed by inference (cli.md: region from the key ARN,
 *  else from the CloudWatch Logs statement; partition from the region; account from the key ARN). */
MwaaContext resolveContext(const SourceDocument& document, const PolicyView& policy, const MwaaContext& given);

/** The key of a resolved context as a request names it (eval::Request::resource and keyArn). */
struct KeyResource
{
    std::string arn; ///< the key ARN when the context names it: given, or a key id with partition, region and account
    eval::KeyArnHint hint; ///< when arn is empty: the fields of the key's ARN the context gives (never guessed)
};
KeyResource keyResourceOf(const MwaaContext& context);

/** Every MWAA_* rule of spec/findings.md that applies to what was loaded. */
void checkProfile(const SourceDocument& document,
                  const PolicyView& policy,
                  const MwaaContext& context,
                  const CheckOptions& options,
                  std::vector<Finding>& out,
                  std::vector<Assumption>& assumptions);

} // namespace kps::mwaa
