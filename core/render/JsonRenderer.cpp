// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/render/JsonRenderer.h"

#include <algorithm>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace kps::render {

/// Named, not anonymous: JsonReportWriter::State (of a class with external linkage) holds a PrettyWriter.
namespace jsonwriter {

/// Writes JSON text exactly as nlohmann's dump(2, ' ', false, replace) lays it out, without building the document
/// (`tst_render::jsonTextIsLaidOutLikeDump`): building it cost 70% of `keypolicy check --format json` on a policy with
/// 400,000 findings (every object's ordered_map copies its members each time it grows) and about a tenth of checking a
/// folder of small policies.
class PrettyWriter
{
public:
    explicit PrettyWriter(std::string& out)
        : m_out(out)
    { }

    void beginObject() { open('{'); }
    void endObject() { close('}'); }
    void beginArray() { open('['); }
    void endArray() { close(']'); }

    /// The next member's key; the value follows.
    void key(std::string_view name)
    {
        separate();
        string(name);
        m_out += ": ";
        m_keyed = true;
    }

    void value(const std::string& text) { value(std::string_view(text)); }
    void value(std::string_view text)
    {
        element();
        string(text);
    }
    void value(bool b)
    {
        element();
        m_out += b ? "true" : "false";
    }
    template <typename Integer>
    requires std::is_integral_v<Integer>
    void value(Integer n)
    {
        element();
        m_out += std::to_string(n);
    }
    /// Any JSON value (a fix's patch), indented to the current depth. Either JSON type, as it is: converting a
    /// patch (nlohmann::json, keys sorted) to Json first would only copy it into the same order.
    template <typename AnyJson>
    void json(const AnyJson& json)
    {
        // Walked with this writer's own layout, which is dump(2)'s: no intermediate text to re-indent.
        if (json.is_object()) {
            open('{');
            for (auto it = json.begin(); it != json.end(); ++it) {
                key(it.key());
                this->json(it.value());
            }
            close('}');
        } else if (json.is_array()) {
            open('[');
            for (const auto& element : json) {
                this->json(element);
            }
            close(']');
        } else if (json.is_string()) {
            value(json.template get_ref<const std::string&>());
        } else {
            element();
            m_out += json.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
        }
    }

private:
    std::string& m_out;
    std::vector<bool> m_first; ///< per open container: nothing written in it yet
    bool m_keyed = false; ///< a key was just written: the value goes on the same line

    void newline()
    {
        m_out += '\n';
        m_out.append(2 * m_first.size(), ' ');
    }
    void separate()
    {
        if (m_first.empty()) {
            return;
        }
        if (!m_first.back()) {
            m_out += ',';
        }
        m_first.back() = false;
        newline();
    }
    /// Before a value: after its key, or as the next array element.
    void element()
    {
        if (m_keyed) {
            m_keyed = false;
        } else {
            separate();
        }
    }
    void open(char bracket)
    {
        element();
        m_out += bracket;
        m_first.push_back(true);
    }
    void close(char bracket)
    {
        const bool empty = m_first.back();
        m_first.pop_back();
        if (!empty) {
            newline();
        }
        m_out += bracket;
    }
    void string(std::string_view text)
    {
        // Printable ASCII without quotes or backslashes is written as it is; anything else (escapes, UTF-8, invalid
        // bytes replaced by U+FFFD) goes through nlohmann's serializer so the bytes match dump() exactly.
        const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
            const auto u = static_cast<unsigned char>(c);
            return u >= 0x20 && u < 0x7f && c != '"' && c != '\\';
        });
        if (plain) {
            m_out += '"';
            m_out.append(text);
            m_out += '"';
        } else {
            m_out += Json(text).dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
        }
    }
};

/// One finding as the cli.md object: the one place its members are listed (findingToJson() parses what it writes).
void writeFinding(PrettyWriter& w, const Finding& f)
{
    w.beginObject();
    w.key("code");
    w.value(f.code);
    w.key("severity");
    w.value(severityName(f.severity));
    w.key("message");
    w.value(f.message);
    if (!f.location.file.empty()) {
        // A finding in another file than the checked one (the grants listing): path, line and column are in it.
        w.key("file");
        w.value(f.location.file);
    }
    w.key("path");
    w.value(f.location.pointer);
    w.key("line");
    w.value(f.location.span.line);
    w.key("column");
    w.value(f.location.span.column);
    w.key("offset");
    w.value(f.location.span.offset);
    w.key("length");
    w.value(f.location.span.length);
    if (f.hasFix()) {
        w.key("fix");
        w.json(f.fix);
    }
    if (f.hasChoices()) {
        w.key("fix_choices");
        w.json(f.choices);
    }
    w.endObject();
}

} // namespace jsonwriter

using namespace jsonwriter;

Json findingToJson(const Finding& finding)
{
    std::string text;
    PrettyWriter w(text);
    writeFinding(w, finding);
    return Json::parse(text);
}

Json reportToJson(const Report& report)
{
    return Json::parse(renderJson(report));
}

namespace {

void writeHeader(PrettyWriter& w)
{
    w.beginObject();
    w.key("tool");
    w.beginObject();
    w.key("name");
    w.value(std::string_view("keypolicy"));
    w.key("version");
    w.value(std::string_view(KPS_VERSION));
    w.endObject();
    w.key("files");
    w.beginArray();
}

void writeFile(PrettyWriter& w, const FileResult& file)
{
    const auto& c = file.result.context;
    w.beginObject();
    w.key("path");
    w.value(file.path);
    if (file.source) {
        // A key policy of a template or plan: which resource, and where its policy is written.
        const PolicySource& s = *file.source;
        w.key("source");
        w.beginObject();
        w.key("format");
        w.value(s.format);
        w.key("resource");
        w.value(s.resource);
        w.key("type");
        w.value(s.resourceType);
        w.key("pointer");
        w.value(s.pointer);
        w.key("line");
        w.value(s.span.line);
        w.key("column");
        w.value(s.span.column);
        if (!s.cdkPath.empty()) {
            w.key("cdk_path");
            w.value(s.cdkPath);
        }
        w.endObject();
    }
    w.key("mwaa_ready");
    const MwaaVerdict verdict = file.result.mwaaVerdict();
    if (verdict == MwaaVerdict::Depends) {
        w.json(Json(nullptr));
    } else {
        w.value(verdict == MwaaVerdict::Ready);
    }
    w.key("assumptions");
    w.beginArray();
    for (const auto& a : file.result.assumptions) {
        w.beginObject();
        w.key("fact");
        w.value(a.fact);
        w.key("needed");
        w.value(a.needed);
        w.key("pointer");
        w.value(a.pointer);
        if (!a.file.empty()) {
            w.key("file");
            w.value(a.file);
        }
        w.endObject();
    }
    w.endArray();
    w.key("context");
    w.beginObject();
    for (const auto& [name, text] : {std::pair{"region", &c.region},
                                     {"partition", &c.partition},
                                     {"account", &c.account},
                                     {"env", &c.environment},
                                     {"key", &c.key}}) {
        w.key(name);
        w.value(*text);
    }
    w.endObject();
    w.key("findings");
    w.beginArray();
    for (const auto& f : file.result.findings) {
        writeFinding(w, f);
    }
    w.endArray();
    w.endObject();
}

void writeFooter(PrettyWriter& w, std::size_t files, const SeverityCounts& counts, const std::vector<Error>& errors)
{
    w.endArray();
    w.key("summary");
    w.beginObject();
    w.key("files");
    w.value(files);
    for (const auto& [name, count] : {std::pair{"error", counts.error},
                                      {"security", counts.security},
                                      {"warning", counts.warning},
                                      {"suggestion", counts.suggestion}}) {
        w.key(name);
        w.value(count);
    }
    w.endObject();
    if (!errors.empty()) {
        w.key("errors");
        w.beginArray();
        for (const auto& e : errors) {
            w.beginObject();
            w.key("path");
            w.value(e.file);
            w.key("message");
            w.value(e.message);
            w.endObject();
        }
        w.endArray();
    }
    w.endObject();
}

} // namespace

struct JsonReportWriter::State
{
    explicit State(std::string& out)
        : writer(out)
        , text(out)
    { }
    PrettyWriter writer;
    std::string& text;
    std::size_t files = 0;
    SeverityCounts counts;
};

JsonReportWriter::JsonReportWriter(std::string& out)
    : m_state(std::make_unique<State>(out))
{
    writeHeader(m_state->writer);
}

JsonReportWriter::~JsonReportWriter() = default;

void JsonReportWriter::add(const FileResult& file)
{
    writeFile(m_state->writer, file);
    ++m_state->files;
    for (const auto& f : file.result.findings) {
        m_state->counts.add(f.severity);
    }
}

const SeverityCounts& JsonReportWriter::counts() const
{
    return m_state->counts;
}

void JsonReportWriter::finish(const std::vector<Error>& errors)
{
    writeFooter(m_state->writer, m_state->files, m_state->counts, errors);
    m_state->text += '\n';
}

std::string renderJson(const Report& report)
{
    std::string out;
    JsonReportWriter writer(out);
    for (const auto& file : report.files) {
        writer.add(file);
    }
    writer.finish(report.errors);
    return out;
}

} // namespace kps::render
