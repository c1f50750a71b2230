// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/render/Report.h"

#include <memory>
#include <string>
#include <vector>

namespace kps::render {

/**
 * The JSON format of spec/cli.md, key for key: tool{name, version}, files[{path, mwaa_ready, context{region,
 * partition, account, env, key}, findings[{code, severity, message, file?, path, line, column, offset, length,
 * fix?}]}], summary{files, error, security, warning, suggestion}. `file` appears on a finding located in another file
 * than the entry's (the grants listing: path, line and column are then in that file), and on such an assumption. `fix`
 * appears only on fixable findings; unknown context values are empty strings; mwaa_ready is false when the MWAA profile
 * did not run. One extension: when an input could not be read, a top-level "errors" array [{path, message}] lists it
 * (absent otherwise). Laid out as nlohmann's dump(2) would (2-space indentation, invalid UTF-8 replaced), with a final
 * newline, but written directly: building the document first was most of the cost of a report with many findings.
 */
std::string renderJson(const Report& report);

/**
 * renderJson() written one file at a time (the CLI's check of a folder keeps no result once written): add() each
 * file, then finish() with the input errors; `out` then holds exactly renderJson() of the same report.
 */
class JsonReportWriter
{
public:
    explicit JsonReportWriter(std::string& out);
    ~JsonReportWriter();
    JsonReportWriter(const JsonReportWriter&) = delete;
    JsonReportWriter& operator=(const JsonReportWriter&) = delete;
    void add(const FileResult& file);
    void finish(const std::vector<Error>& errors);
    /** The findings of the files added so far, per severity (the summary finish() writes). */
    const SeverityCounts& counts() const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};
/** renderJson()'s document, parsed. */
Json reportToJson(const Report& report);

/** One finding as the cli.md object, as renderJson() writes it. */
Json findingToJson(const Finding& finding);

} // namespace kps::render
