// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/render/JsonRenderer.h"

namespace kps::render {

Json findingToJson(const Finding& finding)
{
    Json j = Json::object();
    j["code"] = finding.code;
    j["severity"] = std::string(severityName(finding.severity));
    j["message"] = finding.message;
    j["path"] = finding.location.pointer;
    j["line"] = finding.location.span.line;
    j["column"] = finding.location.span.column;
    j["offset"] = finding.location.span.offset;
    j["length"] = finding.location.span.length;
    if (finding.hasFix()) {
        j["fix"] = Json(finding.fix);
    }
    return j;
}

Json reportToJson(const Report& report)
{
    Json root = Json::object();
    root["tool"] = Json{{"name", "keypolicy"}, {"version", KPS_VERSION}};
    Json files = Json::array();
    for (const auto& file : report.files) {
        const auto& c = file.result.context;
        Json j = Json::object();
        j["path"] = file.path;
        j["mwaa_ready"] = file.result.mwaaReady();
        j["context"] = Json{{"region", c.region},
                            {"partition", c.partition},
                            {"account", c.account},
                            {"env", c.environment},
                            {"key", c.key}};
        Json findings = Json::array();
        for (const auto& f : file.result.findings) {
            findings.push_back(findingToJson(f));
        }
        j["findings"] = std::move(findings);
        files.push_back(std::move(j));
    }
    root["files"] = std::move(files);
    const auto counts = countReport(report);
    root["summary"] = Json{{"files", report.files.size()},
                           {"error", counts.error},
                           {"security", counts.security},
                           {"warning", counts.warning},
                           {"suggestion", counts.suggestion}};
    if (!report.errors.empty()) {
        Json errors = Json::array();
        for (const auto& e : report.errors) {
            errors.push_back(Json{{"path", e.path}, {"message", e.reason}});
        }
        root["errors"] = std::move(errors);
    }
    return root;
}

std::string renderJson(const Report& report)
{
    return reportToJson(report).dump(2, ' ', false, nlohmann::detail::error_handler_t::replace) + '\n';
}

} // namespace kps::render
