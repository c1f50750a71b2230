// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal to core/json: SourceDocument's SAX handler, included by SourceDocument.cpp only. Its members are defined
// in the class so that json::scanJson's and nlohmann's calls to them inline.

#include "core/json/JsonScanner.h"
#include "core/json/SourceDocument.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <string>
#include <utility>
#include <vector>

namespace kps {

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
        m_pos = json::stringLiteralEnd(m_text, start);
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
        // 32-bit fields: offsets within the input, which is far under 4 GB (SourceDocument::MaxInputBytes).
        Node node;
        node.valueOffset = static_cast<std::uint32_t>(start);
        node.valueLength = static_cast<std::uint32_t>(len);
        if (member) {
            const Frame& frame = top();
            node.keyOffset = static_cast<std::uint32_t>(frame.pendingKeyStart);
        }
        auto& nodes = m_doc.m_nodes;
        node.end = static_cast<std::uint32_t>(nodes.size() + 1);
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
            node.valueLength = static_cast<std::uint32_t>(end + 1 - node.valueOffset);
            node.end = static_cast<std::uint32_t>(m_doc.m_nodes.size());
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

} // namespace kps
