// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/SourceLocation.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kps {

/** Severities, from worst. They mirror IAM Access Analyzer's ERROR, SECURITY_WARNING, WARNING, SUGGESTION. */
enum class Severity { Error = 0, Security = 1, Warning = 2, Suggestion = 3 };

/** "error", "security", "warning", "suggestion": the spelling of spec/cli.md. */
std::string_view severityName(Severity severity);
/** Inverse of severityName(); nullopt for an unknown word. */
std::optional<Severity> severityFromName(std::string_view name);

/**
 * One finding: plain data. `code` is a stable code of spec/findings.md (never translated); `message` is the
 * English text made from the catalogue's template and `args` (a UI can re-translate it from code + args).
 * `fix`, when it is an array, is an RFC 6902 JSON Patch against the document that corrects exactly this finding.
 */
struct Finding
{
    std::string code;
    Severity severity = Severity::Error;
    std::string message;
    std::vector<std::string> args;
    Location location;
    nlohmann::json fix; ///< null when the finding has no unambiguous fix; else a JSON Patch array
    /// null, or the fixes to choose from where the intent is not in the policy (never applied by "apply all"):
    /// [{"title": "Use us-east-1 in the Logs principal", "fix": [JSON Patch]}, ...]
    nlohmann::json choices;

    bool hasFix() const { return fix.is_array() && !fix.empty(); }
    bool hasChoices() const { return choices.is_array() && !choices.empty(); }
};

/** Counts of findings per severity. */
struct SeverityCounts
{
    int error = 0;
    int security = 0;
    int warning = 0;
    int suggestion = 0;

    void add(Severity s);
    int atLeast(Severity threshold) const; ///< how many are this severe or worse
};

SeverityCounts countFindings(const std::vector<Finding>& findings);

/**
 * Orders findings by position in the text, then severity, then code: the one deterministic order everyone shows.
 * Findings in another document (Location::file, the grants listing) follow those of the checked one, by file name.
 */
void sortFindings(std::vector<Finding>& findings);

} // namespace kps
