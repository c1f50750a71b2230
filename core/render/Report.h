// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Checker.h"
#include "core/json/SourceDocument.h"

#include <string>
#include <vector>

namespace kps::render {

/** One checked input: the name to show, the document as parsed and the result of check(). */
struct FileResult
{
    std::string path; ///< as the user named it ("<stdin>" for standard input)
    SourceDocument document;
    CheckResult result;
};

/** An input that could not be read (the CLI exits 2; the renderers mention it where the format has a place). */
struct InputError
{
    std::string path;
    std::string reason; ///< e.g. "No such file or directory"
};

/** What one run of `keypolicy check` produced: the input to every renderer. */
struct Report
{
    std::vector<FileResult> files;
    std::vector<InputError> errors;
};

/** Counts over every file of the report. */
SeverityCounts countReport(const Report& report);

/** "region eu-west-1 (given), partition aws (inferred), ..." — the context a check used, for people. */
std::string describeContext(const MwaaContext& context);

} // namespace kps::render
