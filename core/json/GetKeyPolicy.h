// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Json.h"

#include <string>

namespace kps {

/**
 * `aws kms get-key-policy` prints {"Policy": "<the policy as a string>", "PolicyName": "default"}. When the document
 * is that wrapper (a top-level object with a string "Policy" and neither "Statement" nor "Version"), the policy text
 * in it; else nullptr.
 */
const std::string* getKeyPolicyText(const Json& document);

} // namespace kps
