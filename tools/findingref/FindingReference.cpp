// SPDX-License-Identifier: GPL-3.0-or-later
#include "tools/findingref/FindingReference.h"

#include "core/checker/AccessAnalyzer.h"
#include "core/checker/Checker.h"
#include "core/checker/Rules.h"
#include "core/json/SourceDocument.h"
#include "core/json/TextPatch.h"
#include "core/mwaa/Grants.h"

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>
#include <vector>

namespace kps::docs {
namespace {

/// Lines of context shown before and after the finding's lines.
constexpr int kContextLines = 2;
/// At most this many lines per snippet: a finding on a whole statement shows its beginning.
constexpr int kMaxSnippetLines = 14;
/// Longer lines (a 32 KB one-line policy, 100 nested brackets) are cut, in code points.
constexpr std::size_t kMaxLineCodePoints = 110;

bool isUtf8Continuation(char c)
{
    return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

std::string truncateLine(std::string_view line)
{
    std::size_t codePoints = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (isUtf8Continuation(line[i])) {
            continue;
        }
        if (codePoints == kMaxLineCodePoints) {
            return std::string(line.substr(0, i)) + " …";
        }
        ++codePoints;
    }
    return std::string(line);
}

std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = text.find('\n', start);
        std::string_view line
            = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        lines.push_back(line);
        if (end == std::string_view::npos) {
            break;
        }
        start = end + 1;
    }
    // A final newline does not start another line worth showing.
    if (lines.size() > 1 && lines.back().empty()) {
        lines.pop_back();
    }
    return lines;
}

struct LineRange
{
    int first = 1;
    int last = 1; ///< inclusive
    bool cut = false; ///< more lines of the span follow
};

LineRange rangeAround(const Span& span, int lineCount)
{
    LineRange r;
    r.first = std::max(1, span.line - kContextLines);
    r.last = std::min(lineCount, std::max(span.line, span.endLine) + kContextLines);
    if (r.last - r.first + 1 > kMaxSnippetLines) {
        r.last = r.first + kMaxSnippetLines - 1;
        r.cut = true;
    }
    r.last = std::max(r.first, r.last);
    return r;
}

std::string fence(std::string_view content)
{
    return content.find("```") == std::string_view::npos ? "```" : "~~~~";
}

std::string codeBlock(std::string_view language, const std::string& content)
{
    const std::string f = fence(content);
    return f + std::string(language) + "\n" + content + (content.empty() || content.back() != '\n' ? "\n" : "") + f
        + "\n";
}

std::string snippet(std::string_view text, const LineRange& range)
{
    const auto lines = splitLines(text);
    std::string out;
    for (int i = range.first; i <= range.last && i <= static_cast<int>(lines.size()); ++i) {
        out += truncateLine(lines[static_cast<std::size_t>(i - 1)]);
        out += '\n';
    }
    if (range.cut) {
        out += "…\n";
    }
    return out;
}

std::string linesLabel(const LineRange& range)
{
    return range.first == range.last ? "line " + std::to_string(range.first)
                                     : "lines " + std::to_string(range.first) + "–" + std::to_string(range.last);
}

std::optional<std::string> readFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

/** The first fail-*.json of <dir>/<code>/ in name order, if any. */
std::optional<std::filesystem::path> firstFailFixture(const std::filesystem::path& dir, std::string_view code)
{
    if (dir.empty()) {
        return std::nullopt;
    }
    std::error_code ec;
    std::vector<std::filesystem::path> candidates;
    for (std::filesystem::directory_iterator it(dir / std::string(code), ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        // fail-<name>.expect.json holds the expected locations of fail-<name>.json, not a policy.
        if (name.starts_with("fail-") && name.ends_with(".json") && !name.ends_with(".expect.json")
            && it->is_regular_file(ec)) {
            candidates.push_back(it->path());
        }
    }
    if (candidates.empty()) {
        return std::nullopt;
    }
    return *std::min_element(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
        return a.filename().string() < b.filename().string();
    });
}

/** Where the fixed document shows the change: the patched node, or the parent of a removed one. */
std::string fixPointer(const nlohmann::json& patch)
{
    if (!patch.is_array() || patch.empty() || !patch.front().is_object()) {
        return "";
    }
    const auto& op = patch.front();
    const std::string path = op.value("path", std::string());
    if (op.value("op", std::string()) == "remove" || path.ends_with("/-")) {
        return parentPointer(path);
    }
    return path;
}

std::string exampleSection(const RuleInfo& rule, const FindingReferenceOptions& options)
{
    const auto fixture = firstFailFixture(options.fixtureDir, rule.code);
    if (!fixture) {
        return "";
    }
    const auto text = readFile(*fixture);
    if (!text) {
        return "";
    }
    const std::string shownPath
        = options.fixtureDisplayDir + "/" + std::string(rule.code) + "/" + fixture->filename().string();
    const FixtureCheck how = fixtureCheck(*fixture);
    const SourceDocument document = SourceDocument::parse(*text);
    const CheckResult result = check(document, how.options);
    const auto found = std::find_if(
        result.findings.begin(), result.findings.end(), [&](const Finding& f) { return f.code == rule.code; });
    const std::string command = "keypolicy check " + how.arguments + fixture->filename().string();
    if (found != result.findings.end() && !found->location.file.empty() && how.options.grants) {
        // A grant finding is located in the grants listing: the example shows that file.
        const std::string grantsShown
            = (std::filesystem::path(options.fixtureDisplayDir) / std::string(rule.code) / found->location.file)
                  .lexically_normal()
                  .generic_string();
        return exampleMarkdown(grantsShown, command, how.options.grants->document, &*found);
    }
    return exampleMarkdown(shownPath, command, document, found == result.findings.end() ? nullptr : &*found);
}

std::string headingAnchor(std::string_view code)
{
    // GitHub's heading ids: lower case, letters, digits, '-' and '_' kept.
    std::string anchor;
    for (const char c : code) {
        if ((c >= 'A' && c <= 'Z')) {
            anchor += static_cast<char>(c - 'A' + 'a');
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
            anchor += c;
        }
    }
    return anchor;
}

std::string tableCell(std::string_view text)
{
    std::string out;
    for (const char c : markdownInline(text)) {
        if (c == '|') {
            out += "\\|";
        } else {
            out += c;
        }
    }
    return out;
}

/** "IAM Access Analyzer: `A`, `B`." plus each row's note, for a code's entry; empty when no check maps to it. */
std::string accessAnalyzerSection(std::string_view code)
{
    const auto rows = accessAnalyzerChecksFor(code);
    if (rows.empty()) {
        return "";
    }
    std::string out = "\nIAM Access Analyzer: ";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        out += (i == 0 ? "`" : ", `") + std::string(rows[i]->check) + "`";
    }
    out += ".\n";
    for (const auto* row : rows) {
        if (!row->note.empty()) {
            out += "\n- `" + std::string(row->check) + "`: " + markdownInline(row->note) + "\n";
        }
    }
    return out;
}

/** The whole mapping: every Access Analyzer check that applies to a key policy and the code that reports it. */
std::string accessAnalyzerTable()
{
    std::string out = "\n## IAM Access Analyzer's checks\n\nIAM Access Analyzer's policy validation (the \"IAM policy "
                      "validation check reference\") checks any kind of policy. These are its checks that apply to a "
                      "key policy and the finding that reports each one here, offline; the notes say where this "
                      "checker deliberately differs.\n\n| Access Analyzer check | finding | note |\n|---|---|---|\n";
    for (const auto& row : accessAnalyzerChecks()) {
        out += "| `" + std::string(row.check) + "` | ";
        out += row.code.empty() ? std::string("—") : "[" + tableCell(row.code) + "](#" + headingAnchor(row.code) + ")";
        out += " | " + tableCell(row.note) + " |\n";
    }
    return out;
}

constexpr std::string_view kHeader = R"(# Finding reference

<!-- Generated by kps-findingref from kps::ruleCatalogue() (core/checker/Rules.cpp) and the rule fixtures in
     tests/data/policies/. Do not edit: run scripts/gen-docs.sh. The test docs_findings_reference fails when this
     file and the catalogue differ. -->

Every finding of `keypolicy check` and of the editor's findings panel has a stable code from this list. Codes never
change meaning and are never reused: use them to suppress findings, in SARIF (`ruleId`) and in scripts.

Severities, from worst:

| severity | meaning |
|---|---|
| error | KMS rejects the policy, or Amazon MWAA cannot work with it |
| security | the policy works but grants more than intended |
| warning | a likely mistake |
| suggestion | a better practice |

Each finding points at the token it is about (a JSON Pointer, line and column). Where the correction is
unambiguous it carries a fix, an RFC 6902 JSON Patch: `keypolicy check --fix` and the editor's export apply all
of them. In message templates, `%1`, `%2`, ... stand for the details of each finding.
)";

} // namespace

std::string markdownInline(std::string_view text)
{
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == ' ') {
            out += ' ';
            ++i;
            continue;
        }
        std::size_t end = text.find(' ', i);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string_view word = text.substr(i, end - i);
        i = end;

        // Punctuation around a word stays prose: "(for example kms:CreateKey," -> "(", code, ",".
        std::size_t lead = 0;
        while (lead < word.size() && word[lead] == '(') {
            ++lead;
        }
        std::size_t trail = word.size();
        while (trail > lead && std::string_view(".,;:)").find(word[trail - 1]) != std::string_view::npos) {
            --trail;
        }
        const std::string_view core = word.substr(lead, trail - lead);
        const bool quoted = core.size() >= 2 && core.front() == '"' && core.back() == '"';
        const bool code = !core.empty() && core.find('`') == std::string_view::npos
            && (quoted || core.starts_with("--") || core.find_first_of("*_:$[]{}%\\") != std::string_view::npos);
        if (code) {
            out += word.substr(0, lead);
            out += '`';
            out += core;
            out += '`';
            out += word.substr(trail);
            continue;
        }
        for (const char c : word) {
            if (std::string_view("\\`*_[]<>#").find(c) != std::string_view::npos) {
                out += '\\';
            }
            out += c;
        }
    }
    return out;
}

FixtureCheck fixtureCheck(const std::filesystem::path& fixture)
{
    FixtureCheck out;
    out.options.mwaa = false;
    const auto dir = fixture.parent_path();
    auto text = readFile(dir / ("context." + fixture.filename().string()));
    if (!text) {
        text = readFile(dir / "context.json");
    }
    const nlohmann::json context = text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
    if (!context.is_object()) {
        out.arguments = "--no-mwaa ";
        return out;
    }
    auto field = [&context](const char* name) {
        const auto it = context.find(name);
        return it != context.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    auto given = [&out](std::string& value, ContextSource& source, const std::string& option, std::string v) {
        if (!v.empty()) {
            value = v;
            source = ContextSource::Given;
            out.arguments += option + " " + v + " ";
        }
    };
    const auto mwaa = context.find("mwaa");
    out.options.mwaa = mwaa != context.end() && mwaa->is_boolean() && mwaa->get<bool>();
    if (!out.options.mwaa) {
        out.arguments += "--no-mwaa ";
    }
    auto& c = out.options.context;
    given(c.region, c.regionSource, "--region", field("region"));
    given(c.account, c.accountSource, "--account", field("account"));
    given(c.environment, c.environmentSource, "--env", field("env"));
    given(c.key, c.keySource, "--key", field("key"));
    if (const std::string grants = field("grants"); !grants.empty()) {
        if (auto grantsText = readFile(dir / grants)) {
            // Named as on the command line shown, so the example's locations read as keypolicy prints them.
            if (auto listing = mwaa::readGrantsDocument(std::move(*grantsText), grants)) {
                out.options.grants = std::move(*listing);
            }
        }
        out.arguments += "--grants " + grants + " ";
    }
    if (const std::string role = field("rolePolicy"); !role.empty()) {
        out.options.rolePolicy = readFile(dir / role).value_or("");
        out.arguments += "--execution-role-policy " + role + " ";
    }
    if (const std::string roleArn = field("roleArn"); !roleArn.empty()) {
        out.options.roleArn = roleArn;
        out.arguments += "--execution-role " + roleArn + " ";
    }
    return out;
}

std::string exampleMarkdown(std::string_view shownPath,
                            std::string_view command,
                            const SourceDocument& document,
                            const Finding* finding)
{
    const int lineCount = static_cast<int>(splitLines(document.text()).size());
    std::string out = "**Example** (`" + std::string(shownPath) + "`";
    if (!finding) {
        // Not reported for this fixture as checked here: show it as it is rather than invent a location.
        const LineRange range{1, std::min(kMaxSnippetLines, lineCount), lineCount > kMaxSnippetLines};
        out += "):\n\n";
        out += codeBlock("json", snippet(document.text(), range));
        return out;
    }
    const LineRange range = rangeAround(finding->location.span, lineCount);
    out += ", " + linesLabel(range) + "). `" + std::string(command) + "` reports at line "
        + std::to_string(finding->location.span.line) + ", column " + std::to_string(finding->location.span.column)
        + ":\n\n> " + markdownInline(finding->message) + "\n\n";
    out += codeBlock("json", snippet(document.text(), range));
    if (!finding->hasFix()) {
        return out;
    }
    // What `keypolicy fix` and the editor write: the fixture with only the fixed text rewritten, in its layout.
    const TextPatchResult fixed = textPatch(document, finding->fix);
    if (!fixed.ok()) {
        return out;
    }
    const SourceDocument fixedDocument = SourceDocument::parse(fixed.text);
    const Location where = fixedDocument.locate(fixPointer(finding->fix));
    const int fixedLines = static_cast<int>(splitLines(fixedDocument.text()).size());
    const LineRange fixedRange = rangeAround(where.span, fixedLines);
    out += "\nThe fix (JSON Patch, applied by `keypolicy check --fix` and the editor's quick fix):\n\n";
    out += codeBlock("json", finding->fix.dump() + "\n");
    out += "\nAfter the fix (the corrected policy, " + linesLabel(fixedRange) + "):\n\n";
    out += codeBlock("json", snippet(fixedDocument.text(), fixedRange));
    return out;
}

std::string findingReferenceMarkdown(const FindingReferenceOptions& options)
{
    const auto catalogue = ruleCatalogue();
    std::vector<RuleGroup> groups;
    for (const auto& rule : catalogue) {
        if (std::find(groups.begin(), groups.end(), rule.group) == groups.end()) {
            groups.push_back(rule.group);
        }
    }

    std::string out(kHeader);
    out += "\n## Contents\n";
    for (const RuleGroup group : groups) {
        out += "\n### " + std::string(ruleGroupName(group))
            + "\n\n| code | severity | what is wrong |\n|---|---|---|\n";
        for (const auto& rule : catalogue) {
            if (rule.group == group) {
                const SeverityVariant* variant = severityVariant(rule.code);
                out += "| [" + tableCell(rule.code) + "](#" + headingAnchor(rule.code) + ") | "
                    + std::string(severityName(rule.severity))
                    + (variant ? " / " + std::string(severityName(variant->severity)) : std::string()) + " | "
                    + tableCell(rule.title) + " |\n";
            }
        }
    }

    for (const RuleGroup group : groups) {
        out += "\n## " + std::string(ruleGroupName(group)) + "\n";
        for (const auto& rule : catalogue) {
            if (rule.group != group) {
                continue;
            }
            out += "\n### " + std::string(rule.code) + "\n\n";
            out += "**" + markdownInline(rule.title) + "** — severity **" + std::string(severityName(rule.severity))
                + "**";
            if (const SeverityVariant* variant = severityVariant(rule.code)) {
                out += " (**" + std::string(severityName(variant->severity)) + "** " + std::string(variant->when) + ")";
            }
            out += "\n\n";
            out += "Message: " + markdownInline(rule.message) + "\n\n";
            out += "Why it matters and the fix: " + markdownInline(rule.help) + "\n";
            out += accessAnalyzerSection(rule.code);
            const std::string example = exampleSection(rule, options);
            if (!example.empty()) {
                out += "\n" + example;
            }
        }
    }
    out += accessAnalyzerTable();
    return out;
}

} // namespace kps::docs
