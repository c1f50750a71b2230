// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Expected.h"
#include "core/json/Json.h"
#include "core/json/SourceDocument.h"
#include "core/json/SourceLocation.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace kps::iac {

/** The shapes of file a key policy lives in besides a policy of its own. */
enum class Format {
    CloudFormationYaml, ///< a CloudFormation template in YAML (short-form tags read as their long form)
    CloudFormationJson, ///< a CloudFormation template in JSON, CDK's synthesized templates included
    TerraformPlan, ///< `terraform show -json PLAN`
};
/** "cloudformation-yaml", "cloudformation-json", "terraform-plan": the spelling of docs/cli.md. */
std::string_view formatName(Format format);

/**
 * A template or plan as read: one JSON tree (YAML short-form tags such as `!Sub` become `{"Fn::Sub": ...}`, `!Ref`
 * `{"Ref": ...}`) and the line and column in the file of each of its nodes. Qt-free; YAML is read by yaml-cpp.
 */
class TemplateDocument
{
public:
    /**
     * Reads `text` when it is a template or plan. nullopt when it is not one (a key policy, `get-key-policy` output,
     * or text that is neither: the policy checker reports those as before). An error (with line and column) when it
     * is YAML that cannot be read, uses a tag CloudFormation does not have, or nests too deep. `path` decides only
     * for YAML: a *.yaml / *.yml / *.template file is always read as a template.
     */
    static std::optional<Expected<TemplateDocument>> read(const std::string& text, std::string_view path);

    Format format() const { return m_format; }
    const Json& json() const { return m_json; }
    const std::string& text() const { return m_text; }
    /** A CDK synthesized template (CDKMetadata, or resources with Metadata "aws:cdk:path"). */
    bool isCdk() const;

    /** Where the node is written (the nearest existing ancestor for a pointer that names none). */
    Span spanOf(std::string_view pointer) const;
    /**
     * Where bytes [offset, offset + length) of the string value at `pointer` are written in the file: through the
     * escapes of a JSON string (a policy that a Terraform plan holds as a JSON string), or the node's own place when
     * it is not a JSON string literal.
     */
    Span spanInString(std::string_view pointer, std::size_t offset, std::size_t length) const;

private:
    Format m_format = Format::CloudFormationJson;
    std::string m_text;
    Json m_json;
    std::optional<SourceDocument> m_source; ///< the JSON formats: SourceDocument knows every node's span
    std::map<std::string, Span, std::less<>> m_yamlSpans; ///< YAML: the start of every node
};

} // namespace kps::iac
