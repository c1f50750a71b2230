// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Markdown.h"
#include "core/render/Report.h"

#include <string>
#include <string_view>

namespace kps::render {

using kps::markdownEscape; // core/checker/Markdown.h
/** Escapes text for HTML content and attribute values: the characters <, >, &, double and single quote. */
std::string htmlEscape(std::string_view text);

/**
 * The findings of one file as a Markdown section body: a summary sentence (counts, MWAA readiness, context) and
 * a table | Severity | Code | Line:Col | Path | Message |, or "No findings." — the building block of the
 * change-ticket report.
 */
std::string renderMarkdownFindings(const FileResult& file);

/** Every file of the report, each under a "## path" heading, then a total line. */
std::string renderMarkdown(const Report& report);

} // namespace kps::render
