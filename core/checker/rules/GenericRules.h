// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Finding.h"
#include "core/checker/PolicyView.h"
#include "core/json/SourceDocument.h"

#include <string>
#include <vector>

namespace kps::rules {

/** Everything the generic rules need to know. */
struct GenericInput
{
    const SourceDocument& document;
    const PolicyView& policy;
    std::string keyAccount; ///< the account that owns the key, when known (CROSS_ACCOUNT, BROAD_ADMIN)
    std::string keyPartition; ///< the key's partition when the given context tells it (PRINCIPAL_PARTITION_MISMATCH)
};

/** The "Document and grammar" section of spec/findings.md (the codes the parser does not report itself). */
void checkGrammar(const GenericInput& input, std::vector<Finding>& out);
/** The "Security and good practice" section. */
void checkSecurity(const GenericInput& input, std::vector<Finding>& out);

} // namespace kps::rules
