// SPDX-License-Identifier: GPL-3.0-or-later
// Placeholder: the generic rules land in their own files in this folder (see docs/design.md).
#include "core/checker/rules/GenericRules.h"

namespace kps::rules {

void checkGrammar(const GenericInput&, std::vector<Finding>&) { }

void checkSecurity(const GenericInput&, std::vector<Finding>&) { }

} // namespace kps::rules
