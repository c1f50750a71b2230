// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/json/GetKeyPolicy.h"

namespace kps {

const std::string* getKeyPolicyText(const Json& document)
{
    if (!document.is_object() || document.contains("Statement") || document.contains("Version")) {
        return nullptr;
    }
    const auto policy = document.find("Policy");
    if (policy == document.end() || !policy->is_string()) {
        return nullptr;
    }
    return &policy->get_ref<const std::string&>();
}

} // namespace kps
