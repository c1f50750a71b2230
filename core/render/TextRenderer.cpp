// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/render/TextRenderer.h"

namespace kps::render {

namespace {

std::string plural(int n, std::string_view word, bool invariant = false)
{
    std::string out = std::to_string(n);
    out += ' ';
    out += word;
    if (n != 1 && !invariant) {
        out += 's';
    }
    return out;
}

} // namespace

std::string describeCounts(const SeverityCounts& counts)
{
    return plural(counts.error, "error") + ", " + plural(counts.security, "security", true) + ", "
        + plural(counts.warning, "warning") + ", " + plural(counts.suggestion, "suggestion");
}

std::string renderText(const Report& report)
{
    std::string out;
    for (const auto& file : report.files) {
        for (const auto& f : file.result.findings) {
            // A grant finding is at its place in the grants listing, so an editor jumps there.
            out += f.location.file.empty() ? file.path : f.location.file;
            out += ':';
            out += std::to_string(f.location.span.line);
            out += ':';
            out += std::to_string(f.location.span.column);
            out += ": ";
            out += severityName(f.severity);
            out += ' ';
            out += f.code;
            out += ' ';
            out += f.message;
            out += '\n';
        }
        // A key policy of a template or plan: "template.yaml (MwaaKey)".
        const std::string label = file.source ? file.path + " (" + file.source->resource + ")" : file.path;
        out += label;
        out += ": ";
        out += describeCounts(countFindings(file.result.findings));
        if (file.result.mwaaChecked) {
            out += "; " + mwaaVerdictText(file.result);
            for (const auto& a : file.result.assumptions) {
                out += "\n" + label + ": assumes " + a.fact
                    + (a.needed.empty() ? std::string() : " (decide it with " + a.needed + ")");
            }
        }
        out += '\n';
        out += label;
        out += ": context: ";
        out += describeContext(file.result.context);
        out += '\n';
    }
    for (const auto& e : report.errors) {
        out += e.file;
        out += ": not checked: ";
        out += e.message;
        out += '\n';
    }
    if (report.files.size() + report.errors.size() > 1) {
        out += "total: ";
        out += plural(static_cast<int>(report.files.size()), "file");
        out += " checked, ";
        out += describeCounts(countReport(report));
        if (!report.errors.empty()) {
            out += ", ";
            out += plural(static_cast<int>(report.errors.size()), "file");
            out += " not readable";
        }
        out += '\n';
    }
    return out;
}

} // namespace kps::render
