// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/render/MarkdownRenderer.h"

#include "core/render/TextRenderer.h"

namespace kps::render {

std::string renderMarkdownFindings(const FileResult& file)
{
    const auto& result = file.result;
    std::string out = describeCounts(countFindings(result.findings));
    if (result.mwaaChecked) {
        out += "; **" + markdownEscape(mwaaVerdictText(result)) + "**";
    }
    out += ".\n\nContext: ";
    out += markdownEscape(describeContext(result.context));
    out += ".\n\n";
    if (result.findings.empty()) {
        out += "No findings.\n";
        return out;
    }
    out += "| Severity | Code | Line:Col | Path | Message |\n|---|---|---|---|---|\n";
    for (const auto& f : result.findings) {
        out += "| ";
        out += severityName(f.severity);
        out += " | `";
        out += f.code; // codes are [A-Z_]: safe inside a code span
        out += "` | ";
        out += std::to_string(f.location.span.line) + ':' + std::to_string(f.location.span.column);
        out += " | ";
        if (!f.location.file.empty()) {
            out += markdownEscape(f.location.file) + ' ';
        }
        if (f.location.pointer.empty()) {
            out += "(document)";
        } else {
            out += markdownEscape(f.location.pointer);
        }
        out += " | ";
        out += markdownEscape(f.message);
        if (f.hasFix()) {
            out += " (fix available)";
        }
        out += " |\n";
    }
    return out;
}

std::string renderMarkdown(const Report& report)
{
    std::string out;
    for (const auto& file : report.files) {
        out += "## ";
        out += markdownEscape(file.path);
        out += "\n\n";
        out += renderMarkdownFindings(file);
        out += '\n';
    }
    for (const auto& e : report.errors) {
        out += "## ";
        out += markdownEscape(e.file);
        out += "\n\nNot checked: ";
        out += markdownEscape(e.message);
        out += ".\n\n";
    }
    out += "Total: ";
    out += describeCounts(countReport(report));
    out += ".\n";
    return out;
}

} // namespace kps::render
