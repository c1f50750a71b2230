// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Finding.h"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kps {

/** Which part of the catalogue a code belongs to (the sections of spec/findings.md). */
enum class RuleGroup { Document, Practice, Mwaa, MwaaGrants, MwaaRole, Template };

/**
 * One entry of the finding catalogue: the single place that documents a code. The CLI's SARIF rule metadata,
 * the finding reference in docs/ and the editor's tooltips all come from here.
 */
struct RuleInfo
{
    std::string_view code;
    Severity severity;
    RuleGroup group;
    std::string_view title; ///< one line: what is wrong
    std::string_view message; ///< template with %1..%9 for Finding::args
    std::string_view help; ///< why it matters and how to fix it (a few sentences)
};

/**
 * The one other severity a few codes take in a documented case (spec/findings.md: GRANT_CAN_REGRANT is "warning /
 * security"): the catalogue's severity is the usual one, this the exception, named by `when`. The rule sets it on the
 * finding it adds; SARIF's default level, the fixture test and the finding reference know both.
 */
struct SeverityVariant
{
    std::string_view code;
    Severity severity;
    std::string_view when; ///< "when the grantee is outside the key's account"
};

/** Every code, in the order of spec/findings.md. Codes are never renamed or reused. */
std::span<const RuleInfo> ruleCatalogue();
/** The code's other severity, or nullptr (most codes have one severity). */
const SeverityVariant* severityVariant(std::string_view code);
/** nullptr for an unknown code. */
const RuleInfo* findRule(std::string_view code);
std::string_view ruleGroupName(RuleGroup group);

/** Replaces %1..%9 in the template with args (missing args become empty). */
std::string formatMessage(std::string_view messageTemplate, const std::vector<std::string>& args);

/**
 * Builds a finding for `code` (severity and message from the catalogue). An unknown code is a programming error:
 * it is reported as the code itself with severity error so it cannot go unnoticed in tests.
 */
Finding
makeFinding(std::string_view code, Location location, std::vector<std::string> args = {}, nlohmann::json fix = nullptr);

} // namespace kps
