// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/checker/Finding.h"

#include <algorithm>
#include <numeric>
#include <tuple>
#include <vector>

namespace kps {

std::string_view severityName(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return "error";
    case Severity::Security:
        return "security";
    case Severity::Warning:
        return "warning";
    case Severity::Suggestion:
        return "suggestion";
    }
    return "error";
}

std::optional<Severity> severityFromName(std::string_view name)
{
    for (auto s : {Severity::Error, Severity::Security, Severity::Warning, Severity::Suggestion}) {
        if (severityName(s) == name) {
            return s;
        }
    }
    return std::nullopt;
}

void SeverityCounts::add(Severity s)
{
    switch (s) {
    case Severity::Error:
        ++error;
        break;
    case Severity::Security:
        ++security;
        break;
    case Severity::Warning:
        ++warning;
        break;
    case Severity::Suggestion:
        ++suggestion;
        break;
    }
}

int SeverityCounts::atLeast(Severity threshold) const
{
    int n = error;
    if (threshold >= Severity::Security) {
        n += security;
    }
    if (threshold >= Severity::Warning) {
        n += warning;
    }
    if (threshold >= Severity::Suggestion) {
        n += suggestion;
    }
    return n;
}

SeverityCounts countFindings(const std::vector<Finding>& findings)
{
    SeverityCounts counts;
    for (const auto& f : findings) {
        counts.add(f.severity);
    }
    return counts;
}

void sortFindings(std::vector<Finding>& findings)
{
    const auto before = [&findings](std::size_t i, std::size_t j) {
        const Finding& a = findings[i];
        const Finding& b = findings[j];
        // The checked document's findings first (file ""), then those of each other document (the grants).
        return std::tie(a.location.file, a.location.span.offset, a.severity, a.code, a.location.pointer)
            < std::tie(b.location.file, b.location.span.offset, b.severity, b.code, b.location.pointer);
    };
    std::vector<std::size_t> order(findings.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    if (std::is_sorted(order.begin(), order.end(), before)) {
        return;
    }
    // Sorting indices and moving each finding once: stable_sort on the findings themselves moved each of them
    // log2(n) times, a fifth of opening a policy with 400,000 findings.
    std::stable_sort(order.begin(), order.end(), before);
    std::vector<Finding> sorted;
    sorted.reserve(findings.size());
    for (std::size_t i : order) {
        sorted.push_back(std::move(findings[i]));
    }
    findings = std::move(sorted);
}

} // namespace kps
