// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <nlohmann/json.hpp>

namespace kps {

/** The document type everywhere in core: key order is kept, so nothing the author wrote is reordered. */
using Json = nlohmann::ordered_json;

} // namespace kps
