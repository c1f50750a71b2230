// SPDX-License-Identifier: GPL-3.0-or-later
// Markdown escaping shared by every Markdown output: the checker's reports (core/render) and the grant audit's
// tables (core/mwaa), which sits below render and so cannot call into it.
#pragma once

#include <string>
#include <string_view>

namespace kps {

/** Escapes text for a GitHub-flavoured Markdown table cell (pipes, backslashes, emphasis and HTML characters). */
std::string markdownEscape(std::string_view text);

} // namespace kps
