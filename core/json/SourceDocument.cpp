// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/json/SourceDocument.h"

#include "core/checker/Rules.h"

#include <algorithm>
#include <cstdio>
#include <deque>

namespace kps {

std::string escapePointerToken(std::string_view token)
{
    std::string out;
    out.reserve(token.size());
    for (char c : token) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
    return out;
}

std::string unescapePointerToken(std::string_view token)
{
    std::string out;
    out.reserve(token.size());
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
            out += token[i + 1] == '0' ? '~' : '/';
            ++i;
        } else {
            out += token[i];
        }
    }
    return out;
}

std::string appendPointer(std::string_view parent, std::string_view token)
{
    std::string out(parent);
    out += '/';
    out += escapePointerToken(token);
    return out;
}

std::string appendPointer(std::string_view parent, std::size_t index)
{
    std::string out(parent);
    out += '/';
    out += std::to_string(index);
    return out;
}

std::string parentPointer(std::string_view pointer)
{
    const auto slash = pointer.rfind('/');
    if (slash == std::string_view::npos) {
        return {};
    }
    return std::string(pointer.substr(0, slash));
}

namespace {

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string describeCodepoint(std::uint32_t cp)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "U+%04X", cp);
    return buf;
}

/// Decodes one UTF-8 sequence at text[i]; returns the code point and advances i. Invalid bytes decode as
/// 0xFFFFFFFF and advance by one byte.
std::uint32_t decodeUtf8(std::string_view text, std::size_t& i)
{
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    int extra = 0;
    std::uint32_t cp = 0;
    if ((b0 & 0xE0) == 0xC0) {
        extra = 1;
        cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        extra = 2;
        cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        extra = 3;
        cp = b0 & 0x07;
    } else {
        ++i;
        return 0xFFFFFFFF;
    }
    if (i + static_cast<std::size_t>(extra) >= text.size()) {
        ++i;
        return 0xFFFFFFFF;
    }
    for (int k = 1; k <= extra; ++k) {
        const auto b = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
        if ((b & 0xC0) != 0x80) {
            ++i;
            return 0xFFFFFFFF;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    i += static_cast<std::size_t>(extra) + 1;
    return cp;
}

} // namespace

/**
 * SAX handler that builds the ordered DOM and records the span of every token. nlohmann's SAX events carry no
 * positions, but they arrive in text order, one per token, and the text is known to be valid JSON up to the
 * current event; so each event's token starts at the first character after the previous token that is neither
 * white space nor ',' or ':'. Strings and numbers are then measured by scanning their literal.
 */
class SourceDocumentBuilder
{
public:
    using string_t = Json::string_t;
    using number_integer_t = Json::number_integer_t;
    using number_unsigned_t = Json::number_unsigned_t;
    using number_float_t = Json::number_float_t;
    using binary_t = Json::binary_t;

    explicit SourceDocumentBuilder(SourceDocument& doc)
        : m_doc(doc)
        , m_text(doc.m_text)
    {
        // nlohmann skips a UTF-8 byte order mark; so do we.
        if (m_text.size() >= 3 && m_text.compare(0, 3, "\xEF\xBB\xBF") == 0) {
            m_pos = 3;
        }
    }

    bool null() { return scalar(nullptr, tokenAt(4)); }
    bool boolean(bool v) { return scalar(v, tokenAt(v ? 4 : 5)); }
    bool number_integer(number_integer_t v) { return scalar(v, numberToken()); }
    bool number_unsigned(number_unsigned_t v) { return scalar(v, numberToken()); }
    bool number_float(number_float_t v, const string_t&) { return scalar(v, numberToken()); }
    bool string(string_t& v) { return scalar(std::move(v), stringToken()); }
    bool binary(binary_t&) { return false; }

    bool start_object(std::size_t) { return open(Json::object()); }
    bool start_array(std::size_t) { return open(Json::array()); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(string_t& k)
    {
        const auto [start, len] = stringToken();
        Frame& frame = m_stack.back();
        frame.pendingKey = k;
        frame.pendingKeySpan = {start, len};
        frame.discardNext = false;
        if (!frame.discarding && frame.node->contains(k)) {
            auto loc = Location{appendPointer(frame.pointer, k), m_doc.spanAt(start, len)};
            m_doc.m_parseFindings.push_back(makeFinding("JSON_DUPLICATE_KEY", std::move(loc), {k}));
            frame.discardNext = true;
        }
        return true;
    }

    bool parse_error(std::size_t position, const std::string& lastToken, const nlohmann::detail::exception& ex)
    {
        // position counts the characters read, up to the end of the offending token; point at its start, which is
        // where a person looks (a missing comma is reported at the next key, not at its closing quote).
        std::size_t offset = position > 0 ? position - 1 : 0;
        if (!lastToken.empty() && lastToken.size() <= position && position <= m_text.size()
            && m_text.compare(position - lastToken.size(), lastToken.size(), lastToken) == 0
            && lastToken.find_first_of(",:") == std::string::npos) {
            offset = position - lastToken.size();
        }
        offset = std::min(offset, m_text.size());
        std::string what = ex.what();
        // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error while ..." -> the reason.
        if (auto colon = what.find(": "); colon != std::string::npos) {
            what = what.substr(colon + 2);
        }
        const std::size_t len = offset < m_text.size() ? 1 : 0;
        m_doc.m_parseFindings.push_back(
            makeFinding("JSON_SYNTAX", Location{m_doc.pointerAt(offset), m_doc.spanAt(offset, len)}, {what}));
        m_failed = true;
        return false;
    }

    bool tooDeep() const { return m_tooDeep; }
    bool failed() const { return m_failed; }

private:
    struct Frame
    {
        Json* node = nullptr;
        std::string pointer;
        std::size_t start = 0;
        std::size_t nextIndex = 0;
        std::string pendingKey;
        std::pair<std::size_t, std::size_t> pendingKeySpan{0, 0};
        bool discarding = false; ///< this container is the value of a duplicate key: record no locations
        bool discardNext = false; ///< the next value belongs to a duplicate key
    };

    std::pair<std::size_t, std::size_t> tokenAt(std::size_t len)
    {
        skipSeparators();
        const std::size_t start = m_pos;
        m_pos = std::min(m_text.size(), m_pos + len);
        return {start, m_pos - start};
    }

    std::pair<std::size_t, std::size_t> numberToken()
    {
        skipSeparators();
        const std::size_t start = m_pos;
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
                ++m_pos;
            } else {
                break;
            }
        }
        return {start, m_pos - start};
    }

    std::pair<std::size_t, std::size_t> stringToken()
    {
        skipSeparators();
        const std::size_t start = m_pos;
        std::size_t i = m_pos + 1; // past the opening quote
        while (i < m_text.size() && m_text[i] != '"') {
            i += m_text[i] == '\\' ? 2 : 1;
        }
        m_pos = std::min(m_text.size(), i + 1);
        return {start, m_pos - start};
    }

    void skipSeparators()
    {
        while (m_pos < m_text.size() && (isJsonSpace(m_text[m_pos]) || m_text[m_pos] == ',' || m_text[m_pos] == ':')) {
            ++m_pos;
        }
    }

    /// Where the next value goes: the root, the next array slot, or the pending member.
    Json*
    place(Json value, std::string& pointer, std::optional<std::pair<std::size_t, std::size_t>>& keySpan, bool& discard)
    {
        if (m_stack.empty()) {
            m_doc.m_json = std::move(value);
            pointer.clear();
            discard = false;
            return &m_doc.m_json;
        }
        Frame& frame = m_stack.back();
        discard = frame.discarding;
        if (frame.node->is_array()) {
            pointer = appendPointer(frame.pointer, frame.nextIndex++);
            frame.node->push_back(std::move(value));
            return &frame.node->back();
        }
        pointer = appendPointer(frame.pointer, frame.pendingKey);
        keySpan = frame.pendingKeySpan;
        if (frame.discardNext) {
            discard = true;
            frame.discardNext = false;
            m_discarded.push_back(std::move(value));
            return &m_discarded.back();
        }
        auto& slot = (*frame.node)[frame.pendingKey];
        slot = std::move(value);
        return &slot;
    }

    void record(const std::string& pointer,
                std::optional<std::pair<std::size_t, std::size_t>> keySpan,
                std::size_t start,
                std::size_t len)
    {
        SourceDocument::NodeSpans spans;
        if (keySpan) {
            spans.key = m_doc.spanAt(keySpan->first, keySpan->second);
        }
        spans.value = m_doc.spanAt(start, len);
        m_doc.m_index.emplace(pointer, m_doc.m_nodes.size());
        m_doc.m_nodes.emplace_back(pointer, spans);
    }

    template <typename T>
    bool scalar(T&& value, std::pair<std::size_t, std::size_t> token)
    {
        std::string pointer;
        std::optional<std::pair<std::size_t, std::size_t>> keySpan;
        bool discard = false;
        place(Json(std::forward<T>(value)), pointer, keySpan, discard);
        if (!discard) {
            record(pointer, keySpan, token.first, token.second);
        }
        return true;
    }

    bool open(Json container)
    {
        const auto [start, len] = tokenAt(1);
        (void)len;
        if (m_stack.size() >= SourceDocument::MaxDepth) {
            m_doc.m_parseFindings.push_back(makeFinding("NESTING_TOO_DEEP",
                                                        Location{m_stack.back().pointer, m_doc.spanAt(start, 1)},
                                                        {std::to_string(SourceDocument::MaxDepth)}));
            m_tooDeep = true;
            return false;
        }
        std::string pointer;
        std::optional<std::pair<std::size_t, std::size_t>> keySpan;
        bool discard = false;
        Json* node = place(std::move(container), pointer, keySpan, discard);
        Frame frame;
        frame.node = node;
        frame.pointer = pointer;
        frame.start = start;
        frame.discarding = discard;
        m_keySpans.push_back(keySpan);
        m_stack.push_back(std::move(frame));
        return true;
    }

    bool close()
    {
        const auto [end, len] = tokenAt(1);
        (void)len;
        Frame frame = std::move(m_stack.back());
        m_stack.pop_back();
        auto keySpan = m_keySpans.back();
        m_keySpans.pop_back();
        if (!frame.discarding) {
            record(frame.pointer, keySpan, frame.start, end + 1 - frame.start);
        }
        return true;
    }

    SourceDocument& m_doc;
    const std::string& m_text;
    std::size_t m_pos = 0;
    std::vector<Frame> m_stack;
    std::vector<std::optional<std::pair<std::size_t, std::size_t>>> m_keySpans;
    std::deque<Json> m_discarded; // values of duplicate keys: parsed, kept apart, never located
    bool m_tooDeep = false;
    bool m_failed = false;
};

SourceDocument SourceDocument::parse(std::string text)
{
    SourceDocument doc;
    doc.m_text = std::move(text);
    doc.parseText();

    // `aws kms get-key-policy` prints {"Policy": "<policy as a string>", "PolicyName": "default"}: unwrap it and
    // check the inner policy, whose own lines and columns the locations then refer to.
    if (doc.m_valid && doc.m_json.is_object() && doc.m_json.contains("Policy") && doc.m_json["Policy"].is_string()
        && !doc.m_json.contains("Statement") && !doc.m_json.contains("Version")) {
        std::string inner = doc.m_json["Policy"].get<std::string>();
        SourceDocument unwrapped;
        unwrapped.m_wrapperText = std::move(doc.m_text);
        unwrapped.m_wrapped = true;
        unwrapped.m_text = std::move(inner);
        unwrapped.parseText();
        return unwrapped;
    }
    return doc;
}

void SourceDocument::indexLines()
{
    m_lineStarts.clear();
    m_lineStarts.push_back(0);
    for (std::size_t i = 0; i < m_text.size(); ++i) {
        const char c = m_text[i];
        if (c == '\n' || (c == '\r' && (i + 1 >= m_text.size() || m_text[i + 1] != '\n'))) {
            m_lineStarts.push_back(i + 1);
        }
    }
}

void SourceDocument::parseText()
{
    indexLines();
    m_nodes.clear();
    m_index.clear();
    m_parseFindings.clear();
    m_json = Json();

    SourceDocumentBuilder builder(*this);
    const bool ok = Json::sax_parse(m_text.begin(),
                                    m_text.end(),
                                    &builder,
                                    nlohmann::detail::input_format_t::json,
                                    /*strict=*/true,
                                    /*ignore_comments=*/false);
    m_valid = ok && !builder.failed() && !builder.tooDeep();
    if (!m_valid) {
        m_json = Json();
        m_nodes.clear();
        m_index.clear();
    }

    if (m_text.size() > MaxPolicyBytes) {
        m_parseFindings.push_back(makeFinding("POLICY_TOO_LARGE",
                                              Location{"", spanAt(MaxPolicyBytes, m_text.size() - MaxPolicyBytes)},
                                              {std::to_string(m_text.size())}));
    }

    // KMS's pattern: [\u0009\u000A\u000D\u0020-\u00FF]+. One finding per offending character, at most 20.
    int reported = 0;
    for (std::size_t i = 0; i < m_text.size() && reported < 20;) {
        const std::size_t at = i;
        const std::uint32_t cp = decodeUtf8(m_text, i);
        const bool allowed = cp == 0x09 || cp == 0x0A || cp == 0x0D || (cp >= 0x20 && cp <= 0xFF);
        if (!allowed) {
            const std::string what
                = cp == 0xFFFFFFFF ? std::string("(a byte that is not UTF-8)") : describeCodepoint(cp);
            m_parseFindings.push_back(
                makeFinding("POLICY_CHARSET", Location{pointerAt(at), spanAt(at, i - at)}, {what}));
            ++reported;
        }
    }
    sortFindings(m_parseFindings);
}

bool SourceDocument::contains(std::string_view pointer) const
{
    return m_index.find(std::string(pointer)) != m_index.end();
}

Location SourceDocument::locate(std::string_view pointer, bool key) const
{
    std::string p(pointer);
    while (true) {
        auto it = m_index.find(p);
        if (it != m_index.end()) {
            const NodeSpans& spans = m_nodes[it->second].second;
            const bool useKey = key && spans.key && p == pointer;
            return Location{std::string(pointer), useKey ? *spans.key : spans.value};
        }
        if (p.empty()) {
            return Location{std::string(pointer), spanAt(0, 0)};
        }
        p = parentPointer(p);
    }
}

Span SourceDocument::spanAt(std::size_t offset, std::size_t length) const
{
    offset = std::min(offset, m_text.size());
    length = std::min(length, m_text.size() - offset);
    auto position = [this](std::size_t off, int& line, int& column) {
        auto it = std::upper_bound(m_lineStarts.begin(), m_lineStarts.end(), off);
        const std::size_t lineIndex = static_cast<std::size_t>(it - m_lineStarts.begin()) - 1;
        const std::size_t lineStart = m_lineStarts.empty() ? 0 : m_lineStarts[lineIndex];
        int col = 1;
        for (std::size_t i = lineStart; i < off; ++i) {
            // count code points: skip UTF-8 continuation bytes
            if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80) {
                ++col;
            }
        }
        line = static_cast<int>(lineIndex) + 1;
        column = col;
    };
    Span span;
    span.offset = offset;
    span.length = length;
    position(offset, span.line, span.column);
    position(offset + length, span.endLine, span.endColumn);
    return span;
}

std::string SourceDocument::pointerAt(std::size_t offset) const
{
    // Nodes are recorded children before parents (a container is recorded when it closes), so the first node
    // whose span contains the offset and that has no smaller containing span is the deepest one.
    const std::pair<std::string, NodeSpans>* best = nullptr;
    for (const auto& node : m_nodes) {
        const Span& v = node.second.value;
        const Span* k = node.second.key ? &*node.second.key : nullptr;
        const bool inValue = offset >= v.offset && offset < v.offset + std::max<std::size_t>(v.length, 1);
        const bool inKey = k && offset >= k->offset && offset < k->offset + k->length;
        if ((inValue || inKey) && (!best || v.length < best->second.value.length)) {
            best = &node;
        }
    }
    return best ? best->first : std::string();
}

std::size_t SourceDocument::offsetOf(int line, int column) const
{
    if (m_lineStarts.empty() || line < 1) {
        return 0;
    }
    const auto lineIndex = std::min<std::size_t>(static_cast<std::size_t>(line - 1), m_lineStarts.size() - 1);
    std::size_t i = m_lineStarts[lineIndex];
    for (int col = 1; col < column && i < m_text.size() && m_text[i] != '\n'; ++i) {
        if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80) {
            ++col;
        }
        // step over continuation bytes of the current code point
    }
    while (i < m_text.size() && (static_cast<unsigned char>(m_text[i]) & 0xC0) == 0x80) {
        ++i;
    }
    return i;
}

} // namespace kps
