// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/json/SourceDocument.h"

#include "core/json/JsonScanner.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <unordered_map>

namespace kps {

namespace {

/// Whether ASCII text holds a control character other than TAB, LF and CR (KMS refuses them). Branch-free, so that
/// the compiler vectorizes it.
bool hasRefusedControl(std::string_view block)
{
    unsigned refused = 0;
    for (const char ch : block) {
        const auto c = static_cast<unsigned char>(ch);
        refused |= static_cast<unsigned>(c < 0x20) & static_cast<unsigned>(c != 0x09) & static_cast<unsigned>(c != 0x0A)
            & static_cast<unsigned>(c != 0x0D);
    }
    return refused != 0;
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
 * white space nor ',' or ':'. Strings and numbers are then measured by scanning their literal. json::scanJson, which
 * reads the common case instead of nlohmann's parser (parseText), knows each token's span and passes it to token().
 *
 * Nodes are recorded as byte offsets only, in pre-order; no JSON Pointer string is built per node (pointers are
 * made only for the few problems of the text itself, from the stack of open containers).
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
        m_stack.reserve(16);
    }

    bool null() { return scalar(nullptr, tokenAt(4)); }
    bool boolean(bool v) { return scalar(v, tokenAt(v ? 4 : 5)); }
    bool number_integer(number_integer_t v) { return scalar(v, numberToken()); }
    bool number_unsigned(number_unsigned_t v) { return scalar(v, numberToken()); }
    bool number_float(number_float_t v, const string_t&) { return scalar(v, numberToken()); }
    bool string(string_t& v) { return scalar(std::move(v), stringToken()); }
    bool binary(binary_t&) { return false; }

    bool start_object(std::size_t) { return open(Json::value_t::object); }
    bool start_array(std::size_t) { return open(Json::value_t::array); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(string_t& k)
    {
        const auto [start, len] = stringToken();
        Frame& frame = top();
        frame.pendingKey = k;
        frame.pendingKeyStart = start;
        frame.pendingKeyLength = len;
        frame.discardNext = false;
        if (!frame.discarding && frame.node->contains(k)) {
            m_doc.m_problems.push_back(
                ParseProblem{ParseProblem::Kind::DuplicateKey, k, start, len, appendPointer(pointerOf(m_depth), k)});
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
        m_doc.m_problems.push_back(
            ParseProblem{ParseProblem::Kind::Syntax, std::move(what), offset, len, m_doc.pointerAt(offset)});
        m_failed = true;
        return false;
    }

    /// The span of the token the next event is about, when the caller knows it (json::scanJson does): spares the
    /// scan for it.
    void token(std::size_t start, std::size_t length)
    {
        m_known = true;
        m_knownStart = start;
        m_knownLength = length;
    }

    bool tooDeep() const { return m_tooDeep; }
    bool failed() const { return m_failed; }

private:
    using Node = SourceDocument::Node;

    /// An open container. Frames are reused (their pendingKey keeps its buffer), so a key costs no allocation.
    struct Frame
    {
        Json* node = nullptr;
        std::size_t record = 0; ///< its Node in m_doc.m_nodes (unused when discarding)
        std::size_t nextIndex = 0;
        std::string pendingKey;
        std::size_t pendingKeyStart = 0;
        std::size_t pendingKeyLength = 0;
        bool discarding = false; ///< this container is the value of a duplicate key: record no locations
        bool discardNext = false; ///< the next value belongs to a duplicate key
    };

    Frame& top() { return m_stack[m_depth - 1]; }

    /// The JSON Pointer of the container open at `depth` (1 = the root), from the frames below it.
    std::string pointerOf(std::size_t depth) const
    {
        std::string pointer;
        for (std::size_t i = 1; i < depth; ++i) {
            const Frame& parent = m_stack[i - 1];
            if (parent.node->is_array()) {
                pointer = appendPointer(pointer, parent.nextIndex - 1);
            } else {
                pointer = appendPointer(pointer, parent.pendingKey);
            }
        }
        return pointer;
    }

    /// The token given by token(), if any (then m_pos moves past it).
    bool knownToken(std::pair<std::size_t, std::size_t>& span)
    {
        if (!m_known) {
            return false;
        }
        m_known = false;
        span = {m_knownStart, m_knownLength};
        m_pos = m_knownStart + m_knownLength;
        return true;
    }

    std::pair<std::size_t, std::size_t> tokenAt(std::size_t len)
    {
        if (std::pair<std::size_t, std::size_t> span; knownToken(span)) {
            return span;
        }
        skipSeparators();
        const std::size_t start = m_pos;
        m_pos = std::min(m_text.size(), m_pos + len);
        return {start, m_pos - start};
    }

    std::pair<std::size_t, std::size_t> numberToken()
    {
        if (std::pair<std::size_t, std::size_t> span; knownToken(span)) {
            return span;
        }
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
        if (std::pair<std::size_t, std::size_t> span; knownToken(span)) {
            return span;
        }
        skipSeparators();
        const std::size_t start = m_pos;
        const char* const begin = m_text.data();
        const std::size_t size = m_text.size();
        std::size_t i = m_pos + 1; // past the opening quote
        while (i < size) {
            const void* quote = std::memchr(begin + i, '"', size - i);
            if (quote == nullptr) {
                i = size;
                break;
            }
            const auto at = static_cast<std::size_t>(static_cast<const char*>(quote) - begin);
            // escaped when preceded by an odd run of backslashes (inside this literal)
            std::size_t backslashes = 0;
            while (at - backslashes > m_pos + 1 && begin[at - backslashes - 1] == '\\') {
                ++backslashes;
            }
            if (backslashes % 2 == 0) {
                i = at;
                break;
            }
            i = at + 1;
        }
        m_pos = std::min(size, i + 1);
        return {start, m_pos - start};
    }

    void skipSeparators()
    {
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (json::isSpace(c) || c == ',' || c == ':') {
                ++m_pos;
            } else {
                break;
            }
        }
    }

    /// Puts the next value in its place (the root, the next array slot, or the pending member); sets `discard`
    /// when it is the value of a duplicate key (or inside one), and `member` when it is an object member.
    Json* place(Json&& value, bool& discard, bool& member)
    {
        member = false;
        if (m_depth == 0) {
            m_doc.m_json = std::move(value);
            discard = false;
            return &m_doc.m_json;
        }
        Frame& frame = top();
        discard = frame.discarding;
        if (frame.node->is_array()) {
            ++frame.nextIndex;
            auto& array = frame.node->get_ref<Json::array_t&>();
            array.push_back(std::move(value));
            return &array.back();
        }
        member = true;
        if (frame.discardNext) {
            discard = true;
            frame.discardNext = false;
            m_discarded.push_back(std::move(value));
            return &m_discarded.back();
        }
        // key() has checked that the key is new: append without searching the object again.
        auto& object = frame.node->get_ref<Json::object_t&>();
        if (object.size() == object.capacity()) {
            // The members are pair<const std::string, Json>, which cannot be moved: growing the vector would copy
            // every earlier member with its whole subtree (a statement's Principal and Action, each time it grows).
            // Move the values into a larger vector instead; only the keys are copied. The earlier members are all
            // closed, so no open frame points into the old storage.
            Json::object_t grown;
            grown.reserve(std::max<std::size_t>(4, 2 * object.size()));
            for (auto& [name, earlier] : object) {
                grown.emplace_back(name, std::move(earlier));
            }
            object.swap(grown);
        }
        object.emplace_back(frame.pendingKey, std::move(value));
        return &object.back().second;
    }

    std::size_t record(bool member, std::size_t start, std::size_t len)
    {
        Node node;
        node.valueOffset = start;
        node.valueLength = len;
        if (member) {
            const Frame& frame = top();
            node.hasKey = true;
            node.keyOffset = frame.pendingKeyStart;
            node.keyLength = frame.pendingKeyLength;
        }
        auto& nodes = m_doc.m_nodes;
        node.end = nodes.size() + 1;
        nodes.push_back(node);
        return nodes.size() - 1;
    }

    template <typename T>
    bool scalar(T&& value, std::pair<std::size_t, std::size_t> token)
    {
        bool discard = false;
        bool member = false;
        place(Json(std::forward<T>(value)), discard, member);
        if (!discard) {
            record(member, token.first, token.second);
        }
        return true;
    }

    bool open(Json::value_t type)
    {
        const auto [start, len] = tokenAt(1);
        (void)len;
        if (m_depth >= SourceDocument::MaxDepth) {
            m_doc.m_problems.push_back(ParseProblem{ParseProblem::Kind::NestingTooDeep,
                                                    std::to_string(SourceDocument::MaxDepth),
                                                    start,
                                                    1,
                                                    pointerOf(m_depth)});
            m_tooDeep = true;
            return false;
        }
        bool discard = false;
        bool member = false;
        Json* node = place(Json(type), discard, member);
        std::size_t recordIndex = 0;
        if (!discard) {
            recordIndex = record(member, start, SourceDocument::OpenNode);
        }
        if (m_depth == m_stack.size()) {
            m_stack.emplace_back();
        }
        Frame& frame = m_stack[m_depth++];
        frame.node = node;
        frame.record = recordIndex;
        frame.nextIndex = 0;
        frame.discarding = discard;
        frame.discardNext = false;
        return true;
    }

    bool close()
    {
        const auto [end, len] = tokenAt(1);
        (void)len;
        const Frame& frame = top();
        if (!frame.discarding) {
            Node& node = m_doc.m_nodes[frame.record];
            node.valueLength = end + 1 - node.valueOffset;
            node.end = m_doc.m_nodes.size();
        }
        --m_depth;
        return true;
    }

    SourceDocument& m_doc;
    const std::string& m_text;
    std::size_t m_pos = 0;
    std::vector<Frame> m_stack; ///< frames [0, m_depth) are open; the rest are kept for reuse
    std::size_t m_depth = 0;
    std::deque<Json> m_discarded; // values of duplicate keys: parsed, kept apart, never located
    bool m_tooDeep = false;
    bool m_failed = false;
    bool m_known = false;
    std::size_t m_knownStart = 0;
    std::size_t m_knownLength = 0;
};

struct SourceDocument::NodeList
{
    std::once_flag once;
    std::vector<std::pair<std::string, NodeSpans>> nodes;
    /// Node index of every element of a long array (by the array's node index), built on the first locate() past
    /// its first elements: hopping over the earlier siblings made finding /Statement/N linear, and a check of
    /// 100,000 statements quadratic. Entries are never removed, so references to them stay valid.
    std::mutex childMutex;
    std::unordered_map<std::size_t, std::vector<std::size_t>> arrayChildren;
};

const std::vector<std::size_t>& SourceDocument::arrayChildren(std::size_t array, std::size_t count) const
{
    const std::lock_guard<std::mutex> lock(m_nodeList->childMutex);
    auto [it, inserted] = m_nodeList->arrayChildren.try_emplace(array);
    if (inserted) {
        std::vector<std::size_t>& children = it->second;
        children.reserve(count);
        std::size_t child = array + 1;
        for (std::size_t i = 0; i < count && child < m_nodes.size(); ++i) {
            children.push_back(child);
            child = m_nodes[child].end;
        }
    }
    return it->second;
}

SourceDocument SourceDocument::parse(std::string text, Reader reader)
{
    SourceDocument doc;
    doc.m_text = std::move(text);
    doc.parseText(reader);

    // `aws kms get-key-policy` prints {"Policy": "<policy as a string>", "PolicyName": "default"}: unwrap it and
    // check the inner policy, whose own lines and columns the locations then refer to.
    if (doc.m_valid && doc.m_json.is_object() && doc.m_json.contains("Policy") && doc.m_json["Policy"].is_string()
        && !doc.m_json.contains("Statement") && !doc.m_json.contains("Version")) {
        std::string inner = doc.m_json["Policy"].get<std::string>();
        SourceDocument unwrapped;
        unwrapped.m_wrapperText = std::move(doc.m_text);
        unwrapped.m_wrapped = true;
        unwrapped.m_text = std::move(inner);
        unwrapped.parseText(reader);
        return unwrapped;
    }
    return doc;
}

void SourceDocument::indexLines()
{
    m_lineStarts.clear();
    m_lineStarts.push_back(0);
    m_continuationBlocks.clear();
    const char* const text = m_text.data();
    const std::size_t size = m_text.size();
    if (std::memchr(text, '\r', size) == nullptr) {
        for (std::size_t at = 0; at < size;) {
            const void* newline = std::memchr(text + at, '\n', size - at);
            if (newline == nullptr) {
                break;
            }
            at = static_cast<std::size_t>(static_cast<const char*>(newline) - text) + 1;
            m_lineStarts.push_back(at);
        }
    } else {
        for (std::size_t i = 0; i < size; ++i) {
            const char c = text[i];
            if (c == '\n' || (c == '\r' && (i + 1 >= size || text[i + 1] != '\n'))) {
                m_lineStarts.push_back(i + 1);
            }
        }
    }
    unsigned char high = 0;
    for (std::size_t i = 0; i < size; ++i) {
        high |= static_cast<unsigned char>(text[i]);
    }
    if ((high & 0x80) == 0) {
        return; // ASCII: a column is the byte distance from the line start
    }
    m_continuationBlocks.reserve(size / 64 + 1);
    std::uint32_t count = 0;
    for (std::size_t i = 0; i < size; ++i) {
        if (i % 64 == 0) {
            m_continuationBlocks.push_back(count);
        }
        count += (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80 ? 1 : 0;
    }
    if (size % 64 == 0) {
        m_continuationBlocks.push_back(count);
    }
}

void SourceDocument::parseText(Reader reader)
{
    indexLines();
    // What a reader builds: the DOM, its nodes and the problems of the text.
    const auto startOver = [this] {
        m_nodes.clear();
        m_problems.clear();
        m_json = Json();
    };
    startOver();
    m_nodes.reserve(m_text.size() / 16);
    m_nodeList = std::make_shared<NodeList>();

    m_scanned = false;
    if (reader == Reader::Default) {
        SourceDocumentBuilder builder(*this);
        const auto scanned = json::scanJson(m_text, builder);
        if (scanned != json::ScanResult::Unsupported) {
            m_scanned = true;
            m_valid = scanned == json::ScanResult::Parsed && !builder.failed() && !builder.tooDeep();
        } else {
            // Not the common subset (or not JSON): forget what was built and let nlohmann read it all.
            startOver();
        }
    }
    if (!m_scanned) {
        SourceDocumentBuilder builder(*this);
        const bool ok = Json::sax_parse(m_text.begin(),
                                        m_text.end(),
                                        &builder,
                                        nlohmann::detail::input_format_t::json,
                                        /*strict=*/true,
                                        /*ignore_comments=*/false);
        m_valid = ok && !builder.failed() && !builder.tooDeep();
    }
    if (!m_valid) {
        m_json = Json();
        m_nodes.clear();
    }

    if (m_text.size() > MaxPolicyBytes) {
        m_problems.push_back(ParseProblem{ParseProblem::Kind::TooLarge,
                                          std::to_string(m_text.size()),
                                          MaxPolicyBytes,
                                          m_text.size() - MaxPolicyBytes,
                                          ""});
    }

    // KMS's pattern: [\u0009\u000A\u000D\u0020-\u00FF]+. One problem per offending character, at most 20.
    int reported = 0;
    const bool ascii = m_continuationBlocks.empty();
    std::size_t blockEnd = 0; // the end of the last 64-byte block tested as a whole
    for (std::size_t i = 0; i < m_text.size() && reported < 20;) {
        const std::size_t at = i;
        if (ascii && i >= blockEnd && i + 64 <= m_text.size()) {
            // 64 ASCII bytes at once (the loop vectorizes): most blocks hold line ends and tabs but no refused
            // control character, and are skipped whole; a block that holds one is read by the steps below.
            blockEnd = i + 64;
            if (!hasRefusedControl(std::string_view(m_text).substr(i, 64))) {
                i += 64;
                continue;
            }
        }
        if (ascii && i + 8 <= m_text.size()) {
            // Eight ASCII bytes at once: a word without a byte below 0x20 (most of the text) is skipped. For bytes
            // below 0x80, b + 0x60 carries into bit 7 exactly when b >= 0x20, and never into the next byte.
            std::uint64_t word = 0;
            std::memcpy(&word, m_text.data() + i, sizeof word);
            if ((~(word + 0x6060606060606060ULL) & 0x8080808080808080ULL) == 0) {
                i += 8;
                continue;
            }
        }
        if (ascii) {
            // every byte is a code point of its own; only control characters other than TAB, LF, CR are refused
            const auto c = static_cast<unsigned char>(m_text[i++]);
            if (c >= 0x20 || c == 0x09 || c == 0x0A || c == 0x0D) {
                continue;
            }
        }
        i = at;
        const std::uint32_t cp = decodeUtf8(m_text, i);
        const bool allowed = cp == 0x09 || cp == 0x0A || cp == 0x0D || (cp >= 0x20 && cp <= 0xFF);
        if (!allowed) {
            const std::string what
                = cp == 0xFFFFFFFF ? std::string("(a byte that is not UTF-8)") : describeCodepoint(cp);
            m_problems.push_back(ParseProblem{ParseProblem::Kind::Charset, what, at, i - at, pointerAt(at)});
            ++reported;
        }
    }
    // In text order; problems at one offset stay in the order they were found.
    const auto before = [](const ParseProblem& a, const ParseProblem& b) {
        return a.offset < b.offset;
    };
    if (!std::is_sorted(m_problems.begin(), m_problems.end(), before)) {
        std::stable_sort(m_problems.begin(), m_problems.end(), before);
    }
}

std::size_t SourceDocument::findNode(std::string_view pointer, bool& exact) const
{
    exact = false;
    if (m_nodes.empty()) {
        return std::string_view::npos;
    }
    std::size_t node = 0; // the root
    const Json* json = &m_json;
    if (pointer.empty()) {
        exact = true;
        return node;
    }
    if (pointer.front() != '/') {
        return node; // not a pointer: the document
    }
    std::size_t at = 1;
    while (true) {
        const std::size_t slash = pointer.find('/', at);
        const std::string_view token
            = pointer.substr(at, slash == std::string_view::npos ? std::string_view::npos : slash - at);
        std::size_t position = std::string_view::npos;
        const std::size_t siblings = json->is_structured() ? json->size() : 0;
        if (json->is_array()) {
            const auto index = pointerIndex(token);
            if (!index || *index >= json->size()) {
                return node;
            }
            position = *index;
            json = &(*json)[position];
        } else if (json->is_object()) {
            std::size_t i = 0;
            for (const auto& member : json->get_ref<const Json::object_t&>()) {
                if (tokenNamesKey(token, member.first)) {
                    position = i;
                    json = &member.second;
                    break;
                }
                ++i;
            }
            if (position == std::string_view::npos) {
                return node;
            }
        } else {
            return node;
        }
        // The children of a container follow it in pre-order; hop over the subtrees of the earlier siblings, or look
        // the element up in the array's child index when it is far in.
        constexpr std::size_t HopLimit = 32;
        std::size_t child = node + 1;
        if (position >= HopLimit && m_nodeList) {
            const std::vector<std::size_t>& children = arrayChildren(node, siblings);
            if (position >= children.size()) {
                return node;
            }
            child = children[position];
        } else {
            for (std::size_t i = 0; i < position; ++i) {
                child = m_nodes[child].end;
            }
        }
        node = child;
        if (slash == std::string_view::npos) {
            exact = true;
            return node;
        }
        at = slash + 1;
    }
}

bool SourceDocument::contains(std::string_view pointer) const
{
    bool exact = false;
    findNode(pointer, exact);
    return exact;
}

Location SourceDocument::locate(std::string_view pointer, bool key) const
{
    bool exact = false;
    const std::size_t index = findNode(pointer, exact);
    if (index == std::string_view::npos) {
        return Location{std::string(pointer), spanAt(0, 0)};
    }
    const Node& node = m_nodes[index];
    if (key && exact && node.hasKey) {
        return Location{std::string(pointer), spanAt(node.keyOffset, node.keyLength)};
    }
    return Location{std::string(pointer), spanAt(node.valueOffset, node.valueLength)};
}

const std::vector<std::pair<std::string, SourceDocument::NodeSpans>>& SourceDocument::nodes() const
{
    static const std::vector<std::pair<std::string, NodeSpans>> none;
    if (!m_nodeList) {
        return none;
    }
    std::call_once(m_nodeList->once, [this] {
        auto& out = m_nodeList->nodes;
        out.reserve(m_nodes.size());
        // Children before their container, in text order (the order in which the parser closes them). The depth is
        // bounded by MaxDepth, so the recursion is too.
        std::string pointer;
        auto visit = [this, &out, &pointer](auto& self, std::size_t index, const Json& json) -> void {
            const Node& node = m_nodes[index];
            if (json.is_structured()) {
                std::size_t child = index + 1;
                std::size_t position = 0;
                for (auto it = json.begin(); it != json.end() && child < node.end; ++it, ++position) {
                    const std::size_t length = pointer.size();
                    if (json.is_array()) {
                        pointer += '/';
                        pointer += std::to_string(position);
                    } else {
                        pointer += '/';
                        pointer += escapePointerToken(it.key());
                    }
                    self(self, child, *it);
                    pointer.resize(length);
                    child = m_nodes[child].end;
                }
            }
            NodeSpans spans;
            if (node.hasKey) {
                spans.key = spanAt(node.keyOffset, node.keyLength);
            }
            spans.value = spanAt(node.valueOffset, node.valueLength);
            out.emplace_back(pointer, spans);
        };
        if (!m_nodes.empty()) {
            visit(visit, 0, m_json);
        }
    });
    return m_nodeList->nodes;
}

std::string SourceDocument::pointerOfNode(std::size_t index) const
{
    std::string pointer;
    std::size_t node = 0;
    const Json* json = &m_json;
    while (node != index && json->is_structured()) {
        std::size_t child = node + 1;
        std::size_t position = 0;
        while (child < index) {
            // a container the parser is still inside holds everything recorded after it
            const Node& c = m_nodes[child];
            const std::size_t next = c.valueLength == OpenNode ? m_nodes.size() : c.end;
            if (index < next) {
                break;
            }
            child = next;
            ++position;
        }
        if (position >= json->size()) {
            break; // cannot happen: every recorded node is in the DOM
        }
        if (json->is_array()) {
            pointer += '/';
            pointer += std::to_string(position);
            json = &(*json)[position];
        } else {
            const auto& member
                = *(json->get_ref<const Json::object_t&>().begin() + static_cast<std::ptrdiff_t>(position));
            pointer += '/';
            pointer += escapePointerToken(member.first);
            json = &member.second;
        }
        node = child;
    }
    return pointer;
}

std::size_t SourceDocument::continuationBytesBefore(std::size_t offset) const
{
    if (m_continuationBlocks.empty()) {
        return 0;
    }
    const std::size_t block = offset / 64;
    std::size_t count = m_continuationBlocks[block];
    for (std::size_t i = block * 64; i < offset; ++i) {
        count += (static_cast<unsigned char>(m_text[i]) & 0xC0) == 0x80 ? 1 : 0;
    }
    return count;
}

void SourceDocument::position(std::size_t offset, int& line, int& column) const
{
    if (m_lineStarts.empty()) {
        // a default-constructed document: the whole text (if any) is one line
        line = 1;
        column = 1;
        for (std::size_t i = 0; i < offset && i < m_text.size(); ++i) {
            column += (static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80 ? 1 : 0;
        }
        return;
    }
    const auto it = std::upper_bound(m_lineStarts.begin(), m_lineStarts.end(), offset);
    const auto lineIndex = static_cast<std::size_t>(it - m_lineStarts.begin()) - 1;
    const std::size_t lineStart = m_lineStarts[lineIndex];
    // code points = bytes that are not UTF-8 continuation bytes
    const std::size_t continuation = continuationBytesBefore(offset) - continuationBytesBefore(lineStart);
    line = static_cast<int>(lineIndex) + 1;
    column = static_cast<int>(offset - lineStart - continuation) + 1;
}

Span SourceDocument::spanAt(std::size_t offset, std::size_t length) const
{
    offset = std::min(offset, m_text.size());
    length = std::min(length, m_text.size() - offset);
    Span span;
    span.offset = offset;
    span.length = length;
    position(offset, span.line, span.column);
    position(offset + length, span.endLine, span.endColumn);
    return span;
}

std::string SourceDocument::pointerAt(std::size_t offset) const
{
    // The deepest node whose value (or member key) contains the offset: the containing node with the shortest
    // value. Containers the parser is still inside (a syntax error) do not count.
    const Node* best = nullptr;
    for (const Node& node : m_nodes) {
        if (node.valueLength == OpenNode) {
            continue;
        }
        const bool inValue
            = offset >= node.valueOffset && offset < node.valueOffset + std::max<std::size_t>(node.valueLength, 1);
        const bool inKey = node.hasKey && offset >= node.keyOffset && offset < node.keyOffset + node.keyLength;
        if ((inValue || inKey) && (!best || node.valueLength < best->valueLength)) {
            best = &node;
        }
    }
    if (!best) {
        return {};
    }
    return pointerOfNode(static_cast<std::size_t>(best - m_nodes.data()));
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

namespace {

std::string describe(const ParseProblem& problem)
{
    static constexpr const char* names[] = {"syntax", "duplicate key", "nesting", "size", "charset"};
    return std::string(names[static_cast<int>(problem.kind)]) + " (" + problem.detail + ") at "
        + std::to_string(problem.offset) + "+" + std::to_string(problem.length) + " " + problem.pointer;
}

} // namespace

std::string firstDifference(const SourceDocument& a, const SourceDocument& b)
{
    if (a.isValid() != b.isValid()) {
        return "validity";
    }
    if (a.json() != b.json()) {
        const auto dump = [](const Json& json) {
            return json.dump(-1, ' ', false, Json::error_handler_t::replace);
        };
        return "JSON: " + dump(a.json()) + " vs " + dump(b.json());
    }
    if (a.text() != b.text() || a.isWrapped() != b.isWrapped()) {
        return "text";
    }
    const auto& f = a.problems();
    const auto& g = b.problems();
    if (f.size() != g.size()) {
        return "problem count " + std::to_string(f.size()) + " vs " + std::to_string(g.size());
    }
    for (std::size_t i = 0; i < f.size(); ++i) {
        if (!(f[i] == g[i])) {
            return "problem " + std::to_string(i) + ": " + describe(f[i]) + " vs " + describe(g[i]);
        }
    }
    const auto& n = a.nodes();
    const auto& m = b.nodes();
    if (n.size() != m.size()) {
        return "node count " + std::to_string(n.size()) + " vs " + std::to_string(m.size());
    }
    for (std::size_t i = 0; i < n.size(); ++i) {
        if (n[i].first != m[i].first || !(n[i].second.value == m[i].second.value)
            || n[i].second.key != m[i].second.key) {
            return "node " + n[i].first + " vs " + m[i].first;
        }
    }
    return {};
}

} // namespace kps
