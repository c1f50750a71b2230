// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Json.h"

#include <cstdint>

namespace kps {

/**
 * A 64-bit fingerprint of a DOM: its types, member names and order, and values. Equal DOMs have equal fingerprints
 * (except that 1 and 1.0, equal to nlohmann, differ here); different ones differ but with a chance of 2^-64. It lets
 * the editor tell whether an edit changed the policy (or only its layout) without keeping the DOM before the edit.
 */
std::uint64_t jsonFingerprint(const Json& value);

} // namespace kps
