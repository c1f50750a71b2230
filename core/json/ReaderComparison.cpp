// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/json/SourceDocument.h"

namespace kps {

namespace {

std::string describe(const ParseProblem& problem)
{
    static constexpr const char* names[] = {"syntax", "duplicate key", "nesting", "size", "charset"};
    return std::string(names[static_cast<int>(problem.kind)]) + " (" + problem.detail + ") at "
        + std::to_string(problem.offset) + "+" + std::to_string(problem.length) + " " + problem.pointer;
}

} // namespace

std::string firstDifference(const SourceDocument& a, const SourceDocument& b)
{
    if (a.isValid() != b.isValid()) {
        return "validity";
    }
    if (a.json() != b.json()) {
        const auto dump = [](const Json& json) {
            return json.dump(-1, ' ', false, Json::error_handler_t::replace);
        };
        return "JSON: " + dump(a.json()) + " vs " + dump(b.json());
    }
    if (a.text() != b.text() || a.isWrapped() != b.isWrapped()) {
        return "text";
    }
    const auto& f = a.problems();
    const auto& g = b.problems();
    if (f.size() != g.size()) {
        return "problem count " + std::to_string(f.size()) + " vs " + std::to_string(g.size());
    }
    for (std::size_t i = 0; i < f.size(); ++i) {
        if (!(f[i] == g[i])) {
            return "problem " + std::to_string(i) + ": " + describe(f[i]) + " vs " + describe(g[i]);
        }
    }
    const auto& n = a.nodes();
    const auto& m = b.nodes();
    if (n.size() != m.size()) {
        return "node count " + std::to_string(n.size()) + " vs " + std::to_string(m.size());
    }
    for (std::size_t i = 0; i < n.size(); ++i) {
        if (n[i].first != m[i].first || !(n[i].second.value == m[i].second.value)
            || n[i].second.key != m[i].second.key) {
            return "node " + n[i].first + " vs " + m[i].first;
        }
    }
    return {};
}

} // namespace kps
