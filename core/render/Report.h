// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Checker.h"
#include "core/json/Expected.h"
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

/** What one run of `keypolicy check` produced: the input to every renderer. */
struct Report
{
    std::vector<FileResult> files;
    /// Inputs that could not be read: Error::file names the input, Error::message the reason ("No such file or
    /// directory"). The CLI exits 2; the renderers mention them where the format has a place.
    std::vector<Error> errors;
};

/** Counts over every file of the report. */
SeverityCounts countReport(const Report& report);

/** "region eu-west-1 (given), partition aws (inferred), ..." — the context a check used, for people. */
std::string describeContext(const MwaaContext& context);

} // namespace kps::render
