// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/render/Report.h"

#include <string>

namespace kps::render {

/**
 * The text format, for people. One line per finding, compiler style, so editors and terminals can jump to it:
 *
 *     policy.json:27:21: error MWAA_LOGS_REGION_MISMATCH The service principal names us-east-1, ...
 *
 * then per file a summary line (counts per severity, and "MWAA ready"/"MWAA not ready" when the profile ran) and
 * the context the check used; with more than one file, a total line.
 */
std::string renderText(const Report& report);

/** "1 error, 0 security, 2 warnings, 1 suggestion". */
std::string describeCounts(const SeverityCounts& counts);

} // namespace kps::render
