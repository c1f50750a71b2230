// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Checker.h"
#include "core/checker/Finding.h"
#include "core/json/SourceDocument.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace kps::docs {

/** Where kps-findingref takes its examples from. */
struct FindingReferenceOptions
{
    /// The rule fixtures (tests/data/policies): <CODE>/fail-*.json gives the example for CODE. Empty: no examples.
    std::filesystem::path fixtureDir;
    /// How fixture paths are written in the document, so the output does not depend on where the tree is.
    std::string fixtureDisplayDir = "tests/data/policies";
};

/**
 * The finding reference (docs/findings.md) as Markdown, made only from kps::ruleCatalogue() and the fixtures so the
 * two cannot drift: every code with its severity, group, title, message template and help, and, when a fixture
 * <CODE>/fail-*.json exists (the first in name order), the offending lines as the checker reports them and, when
 * the finding has a fix, the same place after the fix. Deterministic: the same inputs give the same bytes.
 */
std::string findingReferenceMarkdown(const FindingReferenceOptions& options);

/**
 * Catalogue prose as Markdown: words that are code (kms:Decrypt*, "2012-10-17", %1, aws:SourceArn, --region,
 * ARNs, ${aws:username}) become code spans and any other Markdown syntax character is escaped, so the text renders
 * as written.
 */
std::string markdownInline(std::string_view text);

/** How a rule fixture is checked, and the same as `keypolicy check` arguments. */
struct FixtureCheck
{
    CheckOptions options;
    std::string arguments; ///< "--no-mwaa " or "--region eu-west-1 --account 111122223333 ... " (trailing space)
};

/**
 * The options of the shared fixture layout (tests/core/tst_rules.cpp): context.<fixture file name> next to the
 * fixture, else the folder's context.json ({"mwaa", "region", "account", "env", "key", "grants", "rolePolicy",
 * "roleArn"}; grants and rolePolicy name files in the folder); without either, generic checks only (MWAA off).
 */
FixtureCheck fixtureCheck(const std::filesystem::path& fixture);

/**
 * The example paragraph for one fixture: the lines around the finding with the message `command` (the keypolicy
 * command line that reproduces it) reports and, when the finding has a fix, the patch and the same place in the
 * corrected policy. `finding` null: the fixture did not produce its code, so its beginning is shown as it is.
 */
std::string exampleMarkdown(std::string_view shownPath,
                            std::string_view command,
                            const SourceDocument& document,
                            const Finding* finding);

} // namespace kps::docs
