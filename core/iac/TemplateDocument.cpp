// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/iac/TemplateDocument.h"

#include "core/json/JsonPointer.h"
#include "core/json/ParseProblem.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <optional>

namespace kps::iac {

namespace {

/** A template that repeats a key in one mapping is refused: which of the two counts is not defined. */
std::string duplicateKeyMessage(const std::string& key)
{
    return "The key \"" + key
        + "\" appears twice in this mapping: which one CloudFormation or Terraform takes is not defined, so the "
          "template is not checked (the other one could hold a statement); remove one";
}

/// Deeper than any template or plan needs; the limit keeps a hostile file from exhausting the stack.
constexpr int MaxTemplateDepth = 64;
/// Nodes after YAML aliases are expanded: a "billion laughs" file stops here.
constexpr std::size_t MaxTemplateNodes = 2'000'000;

bool endsWith(std::string_view text, std::string_view suffix)
{
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

/** A line of the text starts with `word` (a top-level YAML key). */
bool hasTopLevelKey(std::string_view text, std::string_view word)
{
    std::size_t at = 0;
    while ((at = text.find(word, at)) != std::string_view::npos) {
        if (at == 0 || text[at - 1] == '\n') {
            return true;
        }
        at += word.size();
    }
    return false;
}

/** How a YAML node is tagged. The short forms of CloudFormation's intrinsic functions and their long names. */
struct ShortTag
{
    std::string_view tag;
    std::string_view longName;
};
constexpr std::array kShortTags = {
    ShortTag{"!Ref", "Ref"},
    ShortTag{"!Condition", "Condition"},
    ShortTag{"!GetAtt", "Fn::GetAtt"},
    ShortTag{"!Sub", "Fn::Sub"},
    ShortTag{"!Join", "Fn::Join"},
    ShortTag{"!If", "Fn::If"},
    ShortTag{"!Select", "Fn::Select"},
    ShortTag{"!Split", "Fn::Split"},
    ShortTag{"!FindInMap", "Fn::FindInMap"},
    ShortTag{"!ImportValue", "Fn::ImportValue"},
    ShortTag{"!Base64", "Fn::Base64"},
    ShortTag{"!Equals", "Fn::Equals"},
    ShortTag{"!Not", "Fn::Not"},
    ShortTag{"!And", "Fn::And"},
    ShortTag{"!Or", "Fn::Or"},
    ShortTag{"!GetAZs", "Fn::GetAZs"},
    ShortTag{"!Cidr", "Fn::Cidr"},
    ShortTag{"!Transform", "Fn::Transform"},
    ShortTag{"!Length", "Fn::Length"},
    ShortTag{"!ToJsonString", "Fn::ToJsonString"},
};

/** A plain (unquoted, untagged) YAML scalar as CloudFormation reads it: null, a boolean, an integer or a string. */
Json plainScalar(const std::string& s)
{
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") {
        return nullptr;
    }
    if (s == "true" || s == "True" || s == "TRUE") {
        return true;
    }
    if (s == "false" || s == "False" || s == "FALSE") {
        return false;
    }
    const bool negative = s.front() == '-';
    const std::string_view digits = std::string_view(s).substr(negative ? 1 : 0);
    const bool isInteger = !digits.empty() && digits.size() <= 18
        && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })
        && (digits.size() == 1 || digits.front() != '0');
    if (isInteger) {
        std::int64_t value = 0;
        std::from_chars(s.data(), s.data() + s.size(), value);
        return value;
    }
    return s;
}

class YamlConverter
{
public:
    explicit YamlConverter(std::map<std::string, Span, std::less<>>& spans)
        : m_spans(spans)
    { }

    Expected<Json> convert(const YAML::Node& node, const std::string& pointer, int depth)
    {
        if (depth > MaxTemplateDepth) {
            return located("Nested deeper than " + std::to_string(MaxTemplateDepth) + " levels", node);
        }
        if (++m_nodes > MaxTemplateNodes) {
            return located("More than " + std::to_string(MaxTemplateNodes) + " nodes (after YAML aliases)", node);
        }
        record(pointer, node);
        const std::string& tag = node.Tag();
        if (!tag.empty() && tag.front() == '!' && tag != "!") {
            return convertTagged(node, tag, pointer, depth);
        }
        return convertPlain(node, pointer, depth, tag == "?");
    }

private:
    Error located(std::string message, const YAML::Node& node) const
    {
        const YAML::Mark mark = node.Mark();
        return Error{std::move(message), {}, mark.line + 1, mark.column + 1};
    }

    void record(const std::string& pointer, const YAML::Node& node)
    {
        const YAML::Mark mark = node.Mark();
        Span span;
        span.offset = mark.pos < 0 ? 0 : static_cast<std::size_t>(mark.pos);
        span.line = mark.line < 0 ? 1 : mark.line + 1;
        span.column = mark.column < 0 ? 1 : mark.column + 1;
        span.endLine = span.line;
        span.endColumn = span.column;
        if (node.IsScalar() && node.Scalar().find('\n') == std::string::npos) {
            span.length = node.Scalar().size();
            span.endColumn = span.column + static_cast<int>(node.Scalar().size());
        }
        m_spans.emplace(pointer, span);
    }

    Expected<Json> convertTagged(const YAML::Node& node, const std::string& tag, const std::string& pointer, int depth)
    {
        const auto known
            = std::find_if(kShortTags.begin(), kShortTags.end(), [&tag](const ShortTag& t) { return t.tag == tag; });
        if (known == kShortTags.end()) {
            if (tag.rfind("tag:yaml.org,2002:", 0) == 0) {
                return convertPlain(node,
                                    pointer,
                                    depth,
                                    tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:bool"
                                        || tag == "tag:yaml.org,2002:null");
            }
            return located("Unknown tag " + tag
                               + " (CloudFormation's short forms are !Ref, !Sub, !GetAtt, !Join, "
                                 "!If, !Select, !Split, !FindInMap, !ImportValue, !Base64, !Equals, !Not, !And, !Or, "
                                 "!Condition, !GetAZs, !Cidr, !Transform, !Length, !ToJsonString)",
                           node);
        }
        const std::string name(known->longName);
        const std::string inner = appendPointer(pointer, name);
        Json value;
        if (name == "Fn::GetAtt" && node.IsScalar()) {
            // !GetAtt Resource.Attribute: the attribute may itself hold dots (Endpoint.Address).
            const std::string& s = node.Scalar();
            const auto dot = s.find('.');
            if (dot == std::string::npos) {
                return located("!GetAtt needs Resource.Attribute, not \"" + s + "\"", node);
            }
            value = Json::array({s.substr(0, dot), s.substr(dot + 1)});
            record(inner, node);
            record(appendPointer(inner, std::size_t{0}), node);
            record(appendPointer(inner, std::size_t{1}), node);
        } else {
            auto converted = convertPlain(node, inner, depth + 1, false);
            if (!converted) {
                return converted;
            }
            record(inner, node);
            value = std::move(*converted);
        }
        return Json{{name, std::move(value)}};
    }

    Expected<Json> convertPlain(const YAML::Node& node, const std::string& pointer, int depth, bool plain)
    {
        switch (node.Type()) {
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined:
            return Json(nullptr);
        case YAML::NodeType::Scalar:
            return plain ? plainScalar(node.Scalar()) : Json(node.Scalar());
        case YAML::NodeType::Sequence: {
            Json array = Json::array();
            std::size_t index = 0;
            for (const auto& item : node) {
                auto converted = convert(item, appendPointer(pointer, index++), depth + 1);
                if (!converted) {
                    return converted;
                }
                array.push_back(std::move(*converted));
            }
            return array;
        }
        case YAML::NodeType::Map: {
            Json object = Json::object();
            for (const auto& member : node) {
                if (!member.first.IsScalar()) {
                    return located("A mapping key must be a plain string", member.first);
                }
                const std::string& key = member.first.Scalar();
                if (object.contains(key)) {
                    // yaml-cpp keeps both and the last one would win here, silently: a Statement written twice
                    // would lose its first half unseen. Which one CloudFormation takes is not documented.
                    return located(duplicateKeyMessage(key), member.first);
                }
                auto converted = convert(member.second, appendPointer(pointer, key), depth + 1);
                if (!converted) {
                    return converted;
                }
                object[key] = std::move(*converted);
            }
            return object;
        }
        }
        return Json(nullptr);
    }

    std::map<std::string, Span, std::less<>>& m_spans;
    std::size_t m_nodes = 0;
};

/**
 * The 1-based line of a document marker ("---" at the start of a line, alone or before a space) that follows content,
 * if any. A marker at column 0 starts a document wherever it stands (even in a block scalar), so the text tells.
 */
std::optional<int> secondDocumentLine(std::string_view text)
{
    bool content = false;
    int line = 1;
    for (std::size_t at = 0; at < text.size(); ++line) {
        std::size_t end = text.find('\n', at);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string_view l = text.substr(at, end - at);
        if (!l.empty() && l.back() == '\r') {
            l.remove_suffix(1);
        }
        const bool marker = l.substr(0, 3) == "---" && (l.size() == 3 || l[3] == ' ' || l[3] == '\t');
        if (marker && content) {
            return line;
        }
        const std::size_t first = l.find_first_not_of(" \t");
        if (!marker && first != std::string_view::npos && l[first] != '#' && l[0] != '%') {
            content = true;
        }
        if (marker && l.find_first_not_of(" \t", 3) != std::string_view::npos
            && l[l.find_first_not_of(" \t", 3)] != '#') {
            content = true; // "--- value": the document's content starts on the marker's line
        }
        at = end + 1;
    }
    return std::nullopt;
}

/** Flow-collection nesting deeper than the limit, counted before yaml-cpp (which recurses) reads the text. */
bool nestsTooDeep(std::string_view text)
{
    int depth = 0;
    char quote = 0;
    for (char c : text) {
        if (quote != 0) {
            quote = c == quote || c == '\n' ? 0 : quote;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '[' || c == '{') {
            if (++depth > MaxTemplateDepth) {
                return true;
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return false;
}

/** The number of leading spaces of each line that has more than the limit allows (block nesting). */
bool indentsTooDeep(std::string_view text)
{
    // Each block level needs at least one more column: 4,096 columns of indentation would be 4,096 levels at most;
    // yaml-cpp recurses once per level, so refuse more than 8 columns per level allowed.
    constexpr std::size_t MaxIndent = static_cast<std::size_t>(MaxTemplateDepth) * 8;
    std::size_t indent = 0;
    bool atStart = true;
    for (char c : text) {
        if (c == '\n') {
            indent = 0;
            atStart = true;
        } else if (atStart && (c == ' ' || c == '-')) {
            if (++indent > MaxIndent) {
                return true;
            }
        } else {
            atStart = false;
        }
    }
    return false;
}

Expected<Json> readYaml(const std::string& text, std::map<std::string, Span, std::less<>>& spans)
{
    if (nestsTooDeep(text) || indentsTooDeep(text)) {
        return Error{"Nested deeper than " + std::to_string(MaxTemplateDepth) + " levels", {}, 1, 1};
    }
    // A second document (a "---" line after content) would go unchecked: CloudFormation reads one. Found in the text:
    // yaml-cpp's LoadAll does not return on some malformed streams (found by fuzz_template).
    if (const auto second = secondDocumentLine(text)) {
        return Error{"A second YAML document (after ---): a CloudFormation template is one document; check each on "
                     "its own",
                     {},
                     *second,
                     1};
    }
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        return Error{"YAML syntax error: " + e.msg, {}, e.mark.line + 1, e.mark.column + 1};
    } catch (const std::exception& e) {
        return Error{std::string("YAML could not be read: ") + e.what(), {}, 1, 1};
    }
    try {
        YamlConverter converter(spans);
        return converter.convert(root, "", 0);
    } catch (const YAML::Exception& e) {
        return Error{"YAML could not be read: " + e.msg, {}, e.mark.line + 1, e.mark.column + 1};
    }
}

bool isCloudFormation(const Json& json)
{
    return json.is_object() && !json.contains("Statement")
        && (json.contains("AWSTemplateFormatVersion") || (json.contains("Resources") && json["Resources"].is_object()));
}

bool isTerraformPlan(const Json& json)
{
    return json.is_object() && json.contains("format_version")
        && (json.contains("planned_values") || json.contains("resource_changes") || json.contains("terraform_version"));
}

} // namespace

std::string_view formatName(Format format)
{
    switch (format) {
    case Format::CloudFormationYaml:
        return "cloudformation-yaml";
    case Format::CloudFormationJson:
        return "cloudformation-json";
    case Format::TerraformPlan:
        return "terraform-plan";
    }
    return "cloudformation-json";
}

std::optional<Expected<TemplateDocument>> TemplateDocument::read(const std::string& text, std::string_view path)
{
    std::size_t first = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
    while (first < text.size()
           && (text[first] == ' ' || text[first] == '\t' || text[first] == '\r' || text[first] == '\n')) {
        ++first;
    }
    const std::string_view view(text);
    if (first < text.size() && (text[first] == '{' || text[first] == '[')) {
        // JSON: parsed again only when it names what a template or plan has (a policy has none of these).
        const bool maybe = view.find("\"Resources\"") != std::string_view::npos
            || view.find("\"AWSTemplateFormatVersion\"") != std::string_view::npos
            || view.find("\"format_version\"") != std::string_view::npos;
        if (!maybe) {
            return std::nullopt;
        }
        SourceDocument source = SourceDocument::parse(text);
        if (!source.isValid() || source.isWrapped()) {
            return std::nullopt;
        }
        const auto duplicate = std::find_if(source.problems().begin(), source.problems().end(), [](const auto& p) {
            return p.kind == ParseProblem::Kind::DuplicateKey;
        });
        if (duplicate != source.problems().end()
            && (isCloudFormation(source.json()) || isTerraformPlan(source.json()))) {
            // The same for JSON: the parser keeps the first value and drops the second, which may be a statement.
            const Span at = source.spanAt(duplicate->offset, duplicate->length);
            return Expected<TemplateDocument>(Error{duplicateKeyMessage(duplicate->detail), {}, at.line, at.column});
        }
        TemplateDocument doc;
        if (isCloudFormation(source.json())) {
            doc.m_format = Format::CloudFormationJson;
        } else if (isTerraformPlan(source.json())) {
            doc.m_format = Format::TerraformPlan;
        } else {
            return std::nullopt;
        }
        doc.m_text = text;
        doc.m_json = source.json();
        doc.m_source = std::move(source);
        return Expected<TemplateDocument>(std::move(doc));
    }
    const bool yamlName = endsWith(path, ".yaml") || endsWith(path, ".yml") || endsWith(path, ".template");
    if (!yamlName && !hasTopLevelKey(view, "AWSTemplateFormatVersion:") && !hasTopLevelKey(view, "Resources:")) {
        return std::nullopt;
    }
    TemplateDocument doc;
    doc.m_format = Format::CloudFormationYaml;
    auto json = readYaml(text, doc.m_yamlSpans);
    if (!json) {
        return Expected<TemplateDocument>(std::move(json).error());
    }
    if (!isCloudFormation(*json)) {
        return Expected<TemplateDocument>(
            Error{"Not a CloudFormation template (no Resources or AWSTemplateFormatVersion at the top)", {}, 1, 1});
    }
    doc.m_text = text;
    doc.m_json = std::move(*json);
    return Expected<TemplateDocument>(std::move(doc));
}

bool TemplateDocument::isCdk() const
{
    if (m_json.contains("Resources") && m_json["Resources"].is_object()) {
        for (const auto& [id, resource] : m_json["Resources"].items()) {
            if (resource.is_object() && resource.value("Type", "") == "AWS::CDK::Metadata") {
                return true;
            }
            if (resource.is_object() && resource.contains("Metadata") && resource["Metadata"].is_object()
                && resource["Metadata"].contains("aws:cdk:path")) {
                return true;
            }
        }
    }
    return false;
}

Span TemplateDocument::spanOf(std::string_view pointer) const
{
    if (m_source) {
        return m_source->locate(pointer).span;
    }
    std::string at(pointer);
    while (true) {
        if (const auto found = m_yamlSpans.find(at); found != m_yamlSpans.end()) {
            return found->second;
        }
        if (at.empty()) {
            return Span{};
        }
        at = parentPointer(at);
    }
}

Span TemplateDocument::spanInString(std::string_view pointer, std::size_t offset, std::size_t length) const
{
    const Span node = spanOf(pointer);
    if (!m_source || node.offset >= m_text.size() || m_text[node.offset] != '"') {
        return node;
    }
    // Walk the string literal, counting the bytes each escape decodes to, until the decoded offsets are reached.
    const std::string_view raw(m_text);
    std::size_t at = node.offset + 1;
    std::size_t decoded = 0;
    std::size_t rawStart = std::string::npos;
    std::size_t rawEnd = std::string::npos;
    const auto mark = [&](std::size_t from) {
        if (rawStart == std::string::npos && decoded >= offset) {
            rawStart = from;
        }
        if (rawEnd == std::string::npos && decoded >= offset + length) {
            rawEnd = from;
        }
    };
    while (at < raw.size() && raw[at] != '"') {
        mark(at);
        if (rawEnd != std::string::npos) {
            break;
        }
        if (raw[at] != '\\') {
            ++decoded;
            ++at;
            continue;
        }
        if (at + 1 < raw.size() && raw[at + 1] == 'u' && at + 6 <= raw.size()) {
            unsigned code = 0;
            std::from_chars(raw.data() + at + 2, raw.data() + at + 6, code, 16);
            std::size_t width = code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
            at += 6;
            if (code >= 0xD800 && code < 0xDC00 && at + 6 <= raw.size() && raw[at] == '\\' && raw[at + 1] == 'u') {
                width = 4; // a surrogate pair: one 4-byte UTF-8 character
                at += 6;
            }
            decoded += width;
        } else {
            decoded += 1;
            at += 2;
        }
    }
    mark(at);
    if (rawStart == std::string::npos) {
        return node;
    }
    if (rawEnd == std::string::npos || rawEnd < rawStart) {
        rawEnd = rawStart;
    }
    return m_source->spanAt(rawStart, rawEnd - rawStart);
}

} // namespace kps::iac
