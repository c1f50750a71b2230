// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/render/SarifRenderer.h"

#include "core/checker/Rules.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace kps::render {

namespace {

std::string_view sarifLevel(Severity severity)
{
    switch (severity) {
    case Severity::Error:
    case Severity::Security:
        return "error";
    case Severity::Warning:
        return "warning";
    case Severity::Suggestion:
        return "note";
    }
    return "error";
}

Json regionOf(const Span& span)
{
    return Json{{"startLine", span.line},
                {"startColumn", span.column},
                {"endLine", span.endLine},
                {"endColumn", span.endColumn},
                {"byteOffset", span.offset},
                {"byteLength", span.length}};
}

/** FNV-1a, 64 bit: a fingerprint that is the same on every platform and build. */
std::string fingerprint(std::string_view text)
{
    std::uint64_t h = 14695981039346656037ULL;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

Json ruleToSarif(const RuleInfo& rule)
{
    Json tags = Json::array({std::string(ruleGroupName(rule.group))});
    if (rule.severity == Severity::Security) {
        tags.push_back("security");
    }
    return Json{{"id", rule.code},
                {"shortDescription", {{"text", rule.title}}},
                {"fullDescription", {{"text", rule.help}}},
                {"help", {{"text", rule.help}}},
                {"defaultConfiguration", {{"level", sarifLevel(rule.severity)}}},
                {"properties", {{"severity", severityName(rule.severity)}, {"tags", tags}}}};
}

/** The SARIF fix for a JSON Patch made only of replacements of existing values; null otherwise. */
Json sarifFix(const FileResult& file,
              const nlohmann::json& patch,
              std::string description,
              const Json& artifactLocation)
{
    const auto& doc = file.document;
    if (!patch.is_array() || patch.empty() || doc.isWrapped() || file.source) {
        // In a wrapped document the policy is a JSON string: replacements would need re-escaping, so none. A policy
        // of a template is extracted from it (resolved intrinsics, YAML): its pointers are not the template's text.
        return nullptr;
    }
    Json replacements = Json::array();
    for (const auto& op : patch) {
        if (!op.is_object() || op.value("op", "") != "replace" || !op.contains("path") || !op["path"].is_string()
            || !op.contains("value")) {
            return nullptr;
        }
        const std::string pointer = op["path"].get<std::string>();
        if (!doc.contains(pointer)) {
            return nullptr;
        }
        const auto location = doc.locate(pointer);
        replacements.push_back(
            Json{{"deletedRegion", regionOf(location.span)}, {"insertedContent", {{"text", op["value"].dump()}}}});
    }
    return Json{
        {"description", {{"text", std::move(description)}}},
        {"artifactChanges",
         Json::array({Json{{"artifactLocation", artifactLocation}, {"replacements", std::move(replacements)}}})}};
}

std::string_view nodeKind(const SourceDocument& doc, const std::string& pointer)
{
    if (!doc.contains(pointer)) {
        return {};
    }
    const Json* node = &doc.json();
    try {
        node = &doc.json().at(Json::json_pointer(pointer));
    } catch (const nlohmann::json::exception&) {
        return {};
    }
    if (node->is_object()) {
        return "object";
    }
    if (node->is_array()) {
        return "array";
    }
    return "value";
}

} // namespace

std::string pathToUri(std::string_view path)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : path) {
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
            || c == '.' || c == '_' || c == '~' || c == '/';
        if (unreserved) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
    return out;
}

Json reportToSarif(const Report& report)
{
    const auto catalogue = ruleCatalogue();
    Json rules = Json::array();
    for (const auto& rule : catalogue) {
        rules.push_back(ruleToSarif(rule));
    }
    auto ruleIndex = [&catalogue](std::string_view code) -> long {
        for (std::size_t i = 0; i < catalogue.size(); ++i) {
            if (catalogue[i].code == code) {
                return static_cast<long>(i);
            }
        }
        return -1;
    };

    // The other files findings are located in (the grants listing of --grants) are artifacts of their own, after
    // the checked files so that those keep their indices.
    std::vector<std::string> otherFiles;
    for (const auto& file : report.files) {
        for (const auto& f : file.result.findings) {
            if (!f.location.file.empty()
                && std::find(otherFiles.begin(), otherFiles.end(), f.location.file) == otherFiles.end()) {
                otherFiles.push_back(f.location.file);
            }
        }
    }
    auto otherArtifact = [&](const std::string& path) {
        const auto at = std::find(otherFiles.begin(), otherFiles.end(), path);
        return Json{{"uri", pathToUri(path)},
                    {"index", report.files.size() + static_cast<std::size_t>(at - otherFiles.begin())}};
    };

    Json artifacts = Json::array();
    Json results = Json::array();
    for (std::size_t fileIndex = 0; fileIndex < report.files.size(); ++fileIndex) {
        const auto& file = report.files[fileIndex];
        const auto& c = file.result.context;
        const std::string uri = pathToUri(file.path);
        Json properties
            = Json{{"context",
                    {{"region", c.region},
                     {"partition", c.partition},
                     {"account", c.account},
                     {"env", c.environment},
                     {"key", c.key}}},
                   {"mwaaChecked", file.result.mwaaChecked},
                   {"mwaaReady",
                    file.result.mwaaVerdict() == MwaaVerdict::Depends ? Json(nullptr) : Json(file.result.mwaaReady())},
                   {"getKeyPolicyWrapper", file.document.isWrapped()}};
        if (file.document.isWrapped()) {
            properties["locationsReferTo"] = "the policy string inside the get-key-policy output";
        }
        if (file.source) {
            properties["source"] = Json{{"format", file.source->format},
                                        {"resource", file.source->resource},
                                        {"type", file.source->resourceType},
                                        {"pointer", file.source->pointer}};
            if (!file.source->cdkPath.empty()) {
                properties["source"]["cdkPath"] = file.source->cdkPath;
            }
        }
        artifacts.push_back(Json{{"location", {{"uri", uri}}},
                                 {"mimeType", "application/json"},
                                 {"roles", Json::array({"analysisTarget"})},
                                 {"properties", std::move(properties)}});
        const Json artifactLocation = Json{{"uri", uri}, {"index", fileIndex}};

        for (const auto& f : file.result.findings) {
            const bool elsewhere = !f.location.file.empty();
            Json location = Json{{"physicalLocation",
                                  {{"artifactLocation", elsewhere ? otherArtifact(f.location.file) : artifactLocation},
                                   {"region", regionOf(f.location.span)}}}};
            Json logicalLocations = Json::array();
            if (file.source) {
                // The resource the policy belongs to: its logical id or Terraform address.
                logicalLocations.push_back(Json{{"name", file.source->resource},
                                                {"fullyQualifiedName", file.source->resource},
                                                {"kind", "resource"}});
            }
            if (!f.location.pointer.empty()) {
                Json logical = Json{{"fullyQualifiedName", f.location.pointer}};
                const auto kind = elsewhere ? std::string_view() : nodeKind(file.document, f.location.pointer);
                if (!kind.empty()) {
                    logical["kind"] = kind;
                }
                if (file.source) {
                    logical["parentIndex"] = 0;
                }
                logicalLocations.push_back(std::move(logical));
            }
            if (!logicalLocations.empty()) {
                location["logicalLocations"] = std::move(logicalLocations);
            }
            Json result = Json::object();
            result["ruleId"] = f.code;
            if (const long index = ruleIndex(f.code); index >= 0) {
                result["ruleIndex"] = index;
            }
            result["level"] = sarifLevel(f.severity);
            result["message"] = Json{{"text", f.message}};
            result["locations"] = Json::array({std::move(location)});
            // A grant finding keeps the policy's path in its fingerprint: the same grant audited for two policies
            // is two results; a template's policy adds its resource.
            result["partialFingerprints"]
                = Json{{"keypolicyFinding/v1",
                        fingerprint(f.code + '\n' + file.path + '\n'
                                    + (file.source ? file.source->resource + '\n' : std::string()) + f.location.pointer
                                    + (elsewhere ? '\n' + f.location.file : std::string()))}};
            Json props = Json{{"severity", severityName(f.severity)}, {"jsonPointer", f.location.pointer}};
            if (elsewhere) {
                props["checkedWith"] = file.path;
            }
            Json fixes = Json::array();
            if (f.hasFix()) {
                props["fix"] = Json(f.fix);
                if (Json fix = sarifFix(file, f.fix, "Apply the fix of " + f.code, artifactLocation); !fix.is_null()) {
                    fixes.push_back(std::move(fix));
                }
            }
            if (f.hasChoices()) {
                // Fixes to choose from (never applied by `keypolicy fix`): SARIF's "fixes" are proposals, one each.
                props["fixChoices"] = Json(f.choices);
                for (const auto& choice : f.choices) {
                    if (Json fix = sarifFix(
                            file, choice.value("fix", nlohmann::json()), choice.value("title", ""), artifactLocation);
                        !fix.is_null()) {
                        fixes.push_back(std::move(fix));
                    }
                }
            }
            if (!fixes.empty()) {
                result["fixes"] = std::move(fixes);
            }
            result["properties"] = std::move(props);
            results.push_back(std::move(result));
        }
    }

    for (const auto& path : otherFiles) {
        artifacts.push_back(Json{{"location", {{"uri", pathToUri(path)}}},
                                 {"mimeType", "application/json"},
                                 {"roles", Json::array({"analysisTarget"})},
                                 {"properties", {{"grantsListing", true}, {"getKeyPolicyWrapper", false}}}});
    }

    Json invocation = Json{{"executionSuccessful", report.errors.empty()}};
    if (!report.errors.empty()) {
        Json notifications = Json::array();
        for (const auto& e : report.errors) {
            notifications.push_back(Json{
                {"level", "error"},
                {"message", {{"text", e.file + ": " + e.message}}},
                {"locations",
                 Json::array({Json{{"physicalLocation", {{"artifactLocation", {{"uri", pathToUri(e.file)}}}}}}})}});
        }
        invocation["toolExecutionNotifications"] = std::move(notifications);
    }

    Json driver = Json{{"name", "keypolicy"},
                       {"fullName", "Keypolicy Studio key policy checker"},
                       {"version", KPS_VERSION},
                       {"semanticVersion", KPS_VERSION},
                       {"informationUri", kInformationUri},
                       {"rules", std::move(rules)}};
    Json run = Json{{"tool", {{"driver", std::move(driver)}}},
                    {"invocations", Json::array({std::move(invocation)})},
                    {"columnKind", "unicodeCodePoints"},
                    {"artifacts", std::move(artifacts)},
                    {"results", std::move(results)}};
    return Json{{"$schema", kSarifSchemaUri}, {"version", "2.1.0"}, {"runs", Json::array({std::move(run)})}};
}

std::string renderSarif(const Report& report)
{
    return reportToSarif(report).dump(2, ' ', false, nlohmann::detail::error_handler_t::replace) + '\n';
}

} // namespace kps::render
