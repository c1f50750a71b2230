// SPDX-License-Identifier: GPL-3.0-or-later
// textPatch: RFC 6902 applied to the text of a policy (the contract is in TextPatch.h; docs/design.md, "How fixes and
// form edits change the text", has the decisions). The DOM result is always applyPatch()'s: the text engine only
// decides which bytes change, and the result is checked against that DOM before it is returned.
#include "core/json/TextPatch.h"

#include "core/json/Format.h"
#include "core/json/JsonPointer.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

namespace kps {

namespace {

constexpr auto npos = std::string_view::npos;

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::size_t lineStartOf(std::string_view text, std::size_t offset)
{
    if (offset == 0) {
        return 0;
    }
    const std::size_t lf = text.rfind('\n', offset - 1);
    return lf == npos ? 0 : lf + 1;
}

/// The spaces and tabs that begin the line holding `offset` (at most up to it).
std::string_view indentOf(std::string_view text, std::size_t offset)
{
    const std::size_t start = lineStartOf(text, offset);
    std::size_t end = start;
    while (end < offset && isBlank(text[end])) {
        ++end;
    }
    return text.substr(start, end - start);
}

/// Only spaces and tabs stand before `offset` on its line.
bool startsItsLine(std::string_view text, std::size_t offset)
{
    return indentOf(text, offset).size() == offset - lineStartOf(text, offset);
}

/// The nesting depth of the value a pointer names (0: the root).
std::size_t depthOf(std::string_view pointer)
{
    return static_cast<std::size_t>(std::count(pointer.begin(), pointer.end(), '/'));
}

bool hasLineBreak(std::string_view text, std::size_t from, std::size_t to)
{
    return to > from && text.substr(from, to - from).find('\n') != npos;
}

/// The most frequent observation; `fallback` when there is none (ties go to the first in the map's order).
std::string mostCommon(const std::map<std::string, int>& counts, std::string fallback)
{
    int best = 0;
    for (const auto& [value, count] : counts) {
        if (count > best) {
            best = count;
            fallback = value;
        }
    }
    return fallback;
}

std::string dumpScalar(const Json& value)
{
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string dumpKey(const std::string& key)
{
    return dumpScalar(Json(key));
}

void writeValue(std::string& out, const Json& value, const TextStyle& style, std::string& indent, std::size_t depth)
{
    const bool object = value.is_object();
    if (!value.is_structured() || value.empty()) {
        out += object ? std::string("{}") : value.is_array() ? std::string("[]") : dumpScalar(value);
        return;
    }
    const bool multiline = object ? style.objectsMultiline(depth) : style.arraysMultiline(depth);
    const std::size_t outer = indent.size();
    if (multiline) {
        indent += style.indentUnit;
    }
    out += object ? '{' : '[';
    bool first = true;
    for (auto it = value.begin(); it != value.end(); ++it) {
        if (!first) {
            out += multiline ? std::string(",") : style.inlineComma;
        }
        first = false;
        if (multiline) {
            out += style.newline;
            out += indent;
        }
        if (object) {
            out += dumpKey(it.key());
            out += style.colon;
        }
        writeValue(out, it.value(), style, indent, depth + 1);
    }
    indent.resize(outer);
    if (multiline) {
        out += style.newline;
        out += indent;
    }
    out += object ? '}' : ']';
}

/**
 * Text taken from a line indented `from`, for a line indented `to`: every following line that starts with `from`
 * starts with `to` instead, so the value keeps its shape relative to its first line. JSON strings hold no raw line
 * break, so every line break of a value's text lies between tokens.
 */
std::string reindented(std::string_view text, std::string_view from, std::string_view to)
{
    if (from == to) {
        return std::string(text);
    }
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    std::size_t at = 0;
    while (true) {
        const std::size_t lf = text.find('\n', at);
        if (lf == npos) {
            out.append(text.substr(at));
            return out;
        }
        out.append(text.substr(at, lf + 1 - at));
        at = lf + 1;
        if (text.substr(at).starts_with(from)) {
            out.append(to);
            at += from.size();
        }
    }
}

/// What an add or a replace writes: a new value (serialised in the document's style), or the text of a value that
/// is already in the document (move, copy), which keeps its spelling.
struct NewValue
{
    const Json* json = nullptr;
    std::string text; ///< when json is null
    std::string textIndent; ///< the indentation of the line `text` started on
};

/**
 * Applies the operations of one patch to a text, one after the other: each operation is computed against the parse
 * of the text as the operations before it left it. The text is copied and reparsed only when an operation follows
 * an edit, so a one-operation patch (most fixes) costs no copy of a large policy.
 */
class TextPatcher
{
public:
    TextPatcher(const SourceDocument& document, const TextStyle& style)
        : m_original(document)
        , m_style(style)
    { }

    /** One operation; false with the reason when it cannot be written in place. */
    bool apply(const Json& op, std::string& why);
    /** The text after the operations applied so far. */
    std::string text() const { return m_pending.empty() ? now() : applyTextEdits(now(), m_pending); }
    /** The edits from the original text to text(). */
    std::vector<TextEdit> edits() const { return m_reparsed ? differingSpan(m_original.text(), text()) : m_pending; }

private:
    /// A member (from its key to the end of its value) or an element of a container.
    struct Entry
    {
        std::size_t start = 0;
        std::size_t end = 0;
        std::size_t valueStart = 0;
        std::size_t keyEnd = 0; ///< members only
    };

    const SourceDocument* current(std::string& why);
    void commit(std::vector<TextEdit> edits);
    bool replaceValue(const std::string& path, const NewValue& value, std::string& why);
    /// `before`: for a new object member, the member it goes in front of (kps::kInsertBefore); null: the end.
    bool
    addValue(const std::string& path, const NewValue& value, std::string& why, const std::string* before = nullptr);
    bool removeValue(const std::string& path, std::string& why);
    bool renameKey(const std::string& from, const std::string& key, std::string& why);
    bool insertEntry(const SourceDocument& doc,
                     const std::string& container,
                     const Json& node,
                     std::size_t index,
                     const std::string* key,
                     const NewValue& value,
                     std::string& why);
    std::optional<Entry>
    entry(const SourceDocument& doc, const std::string& container, const Json& node, std::size_t i);
    /// The separator (one comma and white space) between two neighbouring entries; nullopt when anything else is
    /// there (a duplicate member the DOM dropped).
    std::optional<std::string> gapBetween(const Entry& a, const Entry& b) const;
    /// Whether the container holding `pointer` writes its entries on the line of its opening bracket.
    bool insideInlineContainer(const SourceDocument& doc, const std::string& pointer);
    std::optional<NewValue> existingValue(const std::string& path, std::string& why);
    std::string write(const NewValue& value, std::string_view indent, std::size_t depth) const;

    /// The text the current document holds (the edits of the last operation are not in it yet).
    const std::string& now() const { return m_reparsed ? m_reparsed->text() : m_original.text(); }

    const SourceDocument& m_original;
    /// The text after the operations before the last one, parsed: once an operation follows an edit.
    std::optional<SourceDocument> m_reparsed;
    /// The last operation's edits to now().
    std::vector<TextEdit> m_pending;
    const TextStyle& m_style;
};

const SourceDocument* TextPatcher::current(std::string& why)
{
    if (!m_pending.empty()) {
        m_reparsed = SourceDocument::parse(applyTextEdits(now(), m_pending));
        m_pending.clear();
    }
    const SourceDocument& doc = m_reparsed ? *m_reparsed : m_original;
    if (!doc.isValid() || (m_reparsed && m_reparsed->isWrapped())) {
        why = "an intermediate text did not parse";
        return nullptr;
    }
    return &doc;
}

void TextPatcher::commit(std::vector<TextEdit> edits)
{
    // Every operation asks current() first, which applies the edits before it.
    m_pending = std::move(edits);
}

std::string TextPatcher::write(const NewValue& value, std::string_view indent, std::size_t depth) const
{
    if (value.json) {
        return writeJson(*value.json, m_style, indent, depth);
    }
    return reindented(value.text, value.textIndent, indent);
}

std::optional<TextPatcher::Entry>
TextPatcher::entry(const SourceDocument& doc, const std::string& container, const Json& node, std::size_t i)
{
    if (i >= node.size()) {
        return std::nullopt;
    }
    const bool object = node.is_object();
    const std::string pointer = object
        ? appendPointer(container,
                        (node.get_ref<const Json::object_t&>().begin() + static_cast<std::ptrdiff_t>(i))->first)
        : appendPointer(container, i);
    if (!doc.contains(pointer)) {
        return std::nullopt;
    }
    const Span value = doc.locate(pointer).span;
    Entry e;
    e.valueStart = value.offset;
    e.end = value.offset + value.length;
    e.start = value.offset;
    if (object) {
        const Span key = doc.locate(pointer, true).span;
        if (key.offset >= value.offset) {
            return std::nullopt;
        }
        e.start = key.offset;
        e.keyEnd = key.offset + key.length;
    }
    return e;
}

std::optional<std::string> TextPatcher::gapBetween(const Entry& a, const Entry& b) const
{
    if (b.start < a.end) {
        return std::nullopt;
    }
    const std::string_view gap = std::string_view(now()).substr(a.end, b.start - a.end);
    int commas = 0;
    for (char c : gap) {
        if (c == ',') {
            ++commas;
        } else if (!isJsonSpace(c)) {
            return std::nullopt;
        }
    }
    if (commas != 1) {
        return std::nullopt;
    }
    return std::string(gap);
}

bool TextPatcher::insideInlineContainer(const SourceDocument& doc, const std::string& pointer)
{
    if (pointer.empty()) {
        return false;
    }
    const std::string parent = parentPointer(pointer);
    const Json* node = findNode(doc.json(), parent);
    if (!node || !doc.contains(parent)) {
        return false;
    }
    const auto first = entry(doc, parent, *node, 0);
    return first && !hasLineBreak(now(), doc.locate(parent).span.offset, first->start);
}

std::optional<NewValue> TextPatcher::existingValue(const std::string& path, std::string& why)
{
    const SourceDocument* doc = current(why);
    if (!doc) {
        return std::nullopt;
    }
    if (!doc->contains(path)) {
        why = "no value at " + path;
        return std::nullopt;
    }
    const Span span = doc->locate(path).span;
    NewValue value;
    value.text = now().substr(span.offset, span.length);
    value.textIndent = std::string(indentOf(now(), span.offset));
    return value;
}

bool TextPatcher::replaceValue(const std::string& path, const NewValue& value, std::string& why)
{
    const SourceDocument* doc = current(why);
    if (!doc) {
        return false;
    }
    if (!doc->contains(path)) {
        why = "no value at " + path;
        return false;
    }
    const Span span = doc->locate(path).span;
    commit({TextEdit{span.offset, span.length, write(value, indentOf(now(), span.offset), depthOf(path))}});
    return true;
}

bool TextPatcher::addValue(const std::string& path, const NewValue& value, std::string& why, const std::string* before)
{
    if (path.empty()) {
        return replaceValue(path, value, why);
    }
    const SourceDocument* doc = current(why);
    if (!doc) {
        return false;
    }
    const std::string parent = parentPointer(path);
    const Json* node = findNode(doc->json(), parent);
    if (!node || !doc->contains(parent)) {
        why = "no container at " + parent;
        return false;
    }
    const std::string token = pointerTokens(path).back();
    if (node->is_object()) {
        if (node->contains(token)) {
            return replaceValue(path, value, why);
        }
        std::size_t at = node->size();
        if (before) {
            std::size_t i = 0;
            for (const auto& member : node->get_ref<const Json::object_t&>()) {
                if (member.first == *before) {
                    at = i;
                    break;
                }
                ++i;
            }
        }
        return insertEntry(*doc, parent, *node, at, &token, value, why);
    }
    if (node->is_array()) {
        const auto index = token == "-" ? std::optional<std::size_t>(node->size()) : pointerIndex(token);
        if (!index || *index > node->size()) {
            why = "no place " + path;
            return false;
        }
        return insertEntry(*doc, parent, *node, *index, nullptr, value, why);
    }
    why = parent + " is not a container";
    return false;
}

bool TextPatcher::insertEntry(const SourceDocument& doc,
                              const std::string& container,
                              const Json& node,
                              std::size_t index,
                              const std::string* key,
                              const NewValue& value,
                              std::string& why)
{
    const std::string_view text = now();
    const Span outer = doc.locate(container).span;
    if (outer.length < 2) {
        why = "no brackets at " + container;
        return false;
    }
    const std::size_t count = node.size();
    // The key and the colon as the object's members write it.
    std::string colon = m_style.colon;
    if (key && count > 0) {
        if (const auto last = entry(doc, container, node, count - 1)) {
            const std::string_view written = text.substr(last->keyEnd, last->valueStart - last->keyEnd);
            if (std::count(written.begin(), written.end(), ':') == 1) {
                colon = std::string(written);
            }
        }
    }
    const std::size_t depth = depthOf(container) + 1;
    const auto entryText = [&](std::string_view indent) {
        std::string out = key ? dumpKey(*key) + colon : std::string();
        out += write(value, indent, depth);
        return out;
    };

    if (count == 0) {
        // Fill the empty container in the document's style (inline inside a container written inline).
        const bool multiline = (key ? m_style.objectsMultiline(depth - 1) : m_style.arraysMultiline(depth - 1))
            && !insideInlineContainer(doc, container);
        const std::string indent(indentOf(text, outer.offset));
        std::string inside;
        if (multiline) {
            const std::string inner = indent + m_style.indentUnit;
            inside = m_style.newline + inner + entryText(inner) + m_style.newline + indent;
        } else {
            inside = entryText(indent);
        }
        commit({TextEdit{outer.offset + 1, outer.length - 2, std::move(inside)}});
        return true;
    }

    const auto first = entry(doc, container, node, 0);
    if (!first) {
        why = "no entries at " + container;
        return false;
    }
    // The separator the siblings use; with one entry, a line break and its indentation or the inline comma.
    std::optional<std::string> gap;
    if (count >= 2) {
        const std::size_t left = index == 0 ? 0 : std::min(index, count - 1) - 1;
        const auto a = entry(doc, container, node, left);
        const auto b = entry(doc, container, node, left + 1);
        if (a && b) {
            gap = gapBetween(*a, *b);
        }
    } else if (hasLineBreak(text, outer.offset + 1, first->start)) {
        gap = "," + m_style.newline + std::string(indentOf(text, first->start));
    } else {
        gap = m_style.inlineComma;
    }
    if (!gap) {
        why = "unexpected text between the entries of " + container;
        return false;
    }

    if (index == 0) {
        // Before the first element, in its place.
        const std::string_view indent = indentOf(text, first->start);
        commit({TextEdit{first->start, 0, entryText(indent) + *gap}});
        return true;
    }
    const auto previous = entry(doc, container, node, index - 1);
    if (!previous) {
        why = "no entry before " + std::to_string(index) + " in " + container;
        return false;
    }
    // After its predecessor: the new entry's line indentation is the gap's last line's (or the predecessor's line's).
    std::string indent;
    if (const std::size_t lf = gap->rfind('\n'); lf != std::string::npos) {
        std::size_t end = lf + 1;
        while (end < gap->size() && isBlank((*gap)[end])) {
            ++end;
        }
        indent = gap->substr(lf + 1, end - lf - 1);
    } else {
        indent = std::string(indentOf(text, previous->end));
    }
    commit({TextEdit{previous->end, 0, *gap + entryText(indent)}});
    return true;
}

bool TextPatcher::removeValue(const std::string& path, std::string& why)
{
    const SourceDocument* doc = current(why);
    if (!doc) {
        return false;
    }
    if (path.empty() || !doc->contains(path)) {
        why = "no value at " + path;
        return false;
    }
    const std::string parent = parentPointer(path);
    const Json* node = findNode(doc->json(), parent);
    if (!node || !node->is_structured() || !doc->contains(parent)) {
        why = "no container at " + parent;
        return false;
    }
    const std::string token = pointerTokens(path).back();
    std::optional<std::size_t> index;
    if (node->is_array()) {
        index = pointerIndex(token);
    } else {
        std::size_t i = 0;
        for (const auto& member : node->get_ref<const Json::object_t&>()) {
            if (member.first == token) {
                index = i;
                break;
            }
            ++i;
        }
    }
    const std::size_t count = node->size();
    if (!index || *index >= count) {
        why = "no entry " + path;
        return false;
    }
    const Span outer = doc->locate(parent).span;
    if (count == 1) {
        // The only entry: `{}` or `[]` stays.
        commit({TextEdit{outer.offset + 1, outer.length - 2, std::string()}});
        return true;
    }
    const bool last = *index + 1 == count;
    const auto a = entry(*doc, parent, *node, last ? *index - 1 : *index);
    const auto b = entry(*doc, parent, *node, last ? *index : *index + 1);
    if (!a || !b || !gapBetween(*a, *b)) {
        why = "unexpected text around " + path;
        return false;
    }
    if (last) {
        // The last entry goes with the comma before it (and the line break before it, so its line goes too).
        commit({TextEdit{a->end, b->end - a->end, std::string()}});
    } else if (startsItsLine(now(), a->start) && startsItsLine(now(), b->start)) {
        // An entry on lines of its own: those lines go, the comma after it with them.
        const std::size_t from = lineStartOf(now(), a->start);
        commit({TextEdit{from, lineStartOf(now(), b->start) - from, std::string()}});
    } else {
        commit({TextEdit{a->start, b->start - a->start, std::string()}});
    }
    return true;
}

bool TextPatcher::renameKey(const std::string& from, const std::string& key, std::string& why)
{
    const SourceDocument* doc = current(why);
    if (!doc) {
        return false;
    }
    if (!doc->contains(from)) {
        why = "no member " + from;
        return false;
    }
    const Span keySpan = doc->locate(from, true).span;
    const Span valueSpan = doc->locate(from).span;
    if (keySpan.offset >= valueSpan.offset || now()[keySpan.offset] != '"') {
        why = from + " is not an object member";
        return false;
    }
    commit({TextEdit{keySpan.offset, keySpan.length, dumpKey(key)}});
    return true;
}

bool TextPatcher::apply(const Json& op, std::string& why)
{
    const std::string name = op.at("op").get<std::string>();
    const std::string path = op.at("path").get<std::string>();
    if (name == "test") {
        return true;
    }
    if (name == "replace" || name == "add") {
        NewValue value;
        value.json = &op.at("value");
        if (name == "replace") {
            return replaceValue(path, value, why);
        }
        const auto before = op.find(kInsertBefore);
        return addValue(path,
                        value,
                        why,
                        before != op.end() && before->is_string() ? &before->get_ref<const std::string&>() : nullptr);
    }
    if (name == "remove") {
        return removeValue(path, why);
    }
    if (name != "move" && name != "copy") {
        why = "unknown operation " + name;
        return false;
    }
    const std::string from = op.at("from").get<std::string>();
    if (name == "move" && from == path) {
        return true;
    }
    if (name == "move" && !from.empty() && !path.empty() && parentPointer(from) == parentPointer(path)) {
        // A new key of the same object: renamed where it stands (applyPatch does the same).
        const SourceDocument* doc = current(why);
        if (!doc) {
            return false;
        }
        const Json* parent = findNode(doc->json(), parentPointer(path));
        const std::string key = pointerTokens(path).back();
        if (parent && parent->is_object() && !parent->contains(key)) {
            return renameKey(from, key, why);
        }
    }
    auto value = existingValue(from, why);
    if (!value) {
        return false;
    }
    if (name == "move" && !removeValue(from, why)) {
        return false;
    }
    return addValue(path, *value, why);
}

} // namespace

TextStyle detectTextStyle(std::string_view text)
{
    TextStyle style;
    const std::size_t firstLf = text.find('\n');
    if (firstLf != npos && firstLf > 0 && text[firstLf - 1] == '\r') {
        style.newline = "\r\n";
    }
    // Enough observations to know the author's habits; a 6 MB policy need not be counted to the end for them.
    constexpr int Enough = 2000;
    struct Open
    {
        char bracket;
        bool multiline;
        bool empty;
        bool comma;
    };
    std::vector<Open> open;
    // Per depth, and for the whole document, [inline, multiline] counts of non-empty objects, of arrays of two or
    // more elements and of arrays of one element.
    struct Counts
    {
        int objects[2] = {0, 0};
        int arrays[2] = {0, 0};
        int singles[2] = {0, 0};
    };
    std::vector<Counts> atDepth;
    Counts all;
    std::map<std::string, int> units;
    std::map<std::string, int> colons;
    std::map<std::string, int> commas;
    int unitSeen = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        switch (c) {
        case '"':
            // Skip the string (its escapes included).
            for (++i; i < text.size() && text[i] != '"'; ++i) {
                if (text[i] == '\\') {
                    ++i;
                }
            }
            break;
        case '{':
        case '[': {
            std::size_t next = i + 1;
            while (next < text.size() && isJsonSpace(text[next])) {
                ++next;
            }
            const bool empty = next < text.size() && text[next] == (c == '{' ? '}' : ']');
            const bool multiline = !empty && hasLineBreak(text, i, next);
            open.push_back(Open{c, multiline, empty, false});
            if (multiline && next < text.size() && unitSeen < Enough) {
                const std::string_view outer = indentOf(text, i);
                const std::string_view inner = indentOf(text, next);
                if (inner.size() > outer.size() && inner.starts_with(outer)) {
                    ++units[std::string(inner.substr(outer.size()))];
                    ++unitSeen;
                }
            }
            break;
        }
        case '}':
        case ']':
            if (!open.empty()) {
                const Open o = open.back();
                open.pop_back();
                if (!o.empty) {
                    if (atDepth.size() <= open.size()) {
                        atDepth.resize(open.size() + 1);
                    }
                    for (Counts* counts : {&atDepth[open.size()], &all}) {
                        int* kind = o.bracket == '{' ? counts->objects : (o.comma ? counts->arrays : counts->singles);
                        ++kind[o.multiline ? 1 : 0];
                    }
                }
            }
            break;
        case ',': {
            if (!open.empty()) {
                open.back().comma = true;
            }
            std::size_t next = i + 1;
            while (next < text.size() && isBlank(text[next])) {
                ++next;
            }
            if (next < text.size() && text[next] != '\n' && text[next] != '\r' && commas.size() < 16) {
                int& n = commas[std::string(text.substr(i, next - i))];
                n = std::min(n + 1, Enough);
            }
            break;
        }
        case ':': {
            std::size_t before = i;
            while (before > 0 && isBlank(text[before - 1])) {
                --before;
            }
            std::size_t after = i + 1;
            while (after < text.size() && isBlank(text[after])) {
                ++after;
            }
            if (colons.size() < 16) {
                int& n = colons[std::string(text.substr(before, after - before))];
                n = std::min(n + 1, Enough);
            }
            break;
        }
        default:
            break;
        }
    }
    if (!units.empty()) {
        style.indentUnit = mostCommon(units, style.indentUnit);
    }
    style.colon = mostCommon(colons, style.colon);
    style.inlineComma = mostCommon(commas, style.colon.find(' ') == std::string::npos ? "," : ", ");
    // A majority decides; a tie or no example leaves the fallback.
    const auto majority = [](const int(&counts)[2], bool fallback) {
        return counts[0] == counts[1] ? fallback : counts[1] > counts[0];
    };
    const bool oneLine = text.find('\n') == npos;
    style.multilineObjects = majority(all.objects, !oneLine);
    style.multilineArrays = majority(all.arrays, majority(all.singles, style.multilineObjects));
    for (const Counts& counts : atDepth) {
        style.multilineObjectsAt.push_back(majority(counts.objects, style.multilineObjects));
        style.multilineArraysAt.push_back(majority(counts.arrays, majority(counts.singles, style.multilineArrays)));
    }
    return style;
}

std::string writeJson(const Json& value, const TextStyle& style, std::string_view indent, std::size_t depth)
{
    std::string out;
    std::string current(indent);
    writeValue(out, value, style, current, depth);
    return out;
}

std::string formatPolicy(const Json& document, const TextStyle& style)
{
    std::string text = formatPolicy(document);
    if (style.newline == "\n") {
        return text;
    }
    std::string out;
    out.reserve(text.size() + text.size() / 16);
    for (char c : text) {
        if (c == '\n') {
            out += style.newline;
        } else {
            out += c;
        }
    }
    return out;
}

std::string applyTextEdits(std::string_view text, const std::vector<TextEdit>& edits)
{
    std::string out;
    std::size_t size = text.size();
    for (const auto& e : edits) {
        size += e.text.size();
    }
    out.reserve(size);
    std::size_t at = 0;
    for (const auto& e : edits) {
        const std::size_t start = std::clamp(e.offset, at, text.size());
        out.append(text.substr(at, start - at));
        out += e.text;
        at = std::min(text.size(), std::max(start, e.offset + e.length));
    }
    out.append(text.substr(at));
    return out;
}

std::vector<TextEdit> differingSpan(std::string_view before, std::string_view after)
{
    if (before == after) {
        return {};
    }
    const std::size_t common = std::min(before.size(), after.size());
    std::size_t prefix = 0;
    while (prefix < common && before[prefix] == after[prefix]) {
        ++prefix;
    }
    std::size_t suffix = 0;
    while (suffix < common - prefix && before[before.size() - 1 - suffix] == after[after.size() - 1 - suffix]) {
        ++suffix;
    }
    return {TextEdit{
        prefix, before.size() - prefix - suffix, std::string(after.substr(prefix, after.size() - prefix - suffix))}};
}

std::optional<std::vector<TextEdit>>
textPatchEdits(const SourceDocument& document, const nlohmann::json& patch, const TextStyle& style, std::string* why)
{
    try {
        // The ordered form applyPatch() applies (an object value keeps the order its members are written in).
        return textPatchEdits(document, Json::parse(patch.dump()), style, why);
    } catch (const std::exception& e) {
        if (why) {
            *why = e.what();
        }
        return std::nullopt;
    }
}

std::optional<std::vector<TextEdit>>
textPatchEdits(const SourceDocument& document, const Json& ops, const TextStyle& style, std::string* why)
{
    std::string reason;
    try {
        if (!document.isValid()) {
            reason = "the policy text is not valid JSON";
        } else {
            TextPatcher patcher(document, style);
            bool inPlace = ops.is_array();
            for (auto op = ops.begin(); inPlace && op != ops.end(); ++op) {
                inPlace = patcher.apply(*op, reason);
            }
            if (inPlace) {
                return patcher.edits();
            }
            if (reason.empty()) {
                reason = "not a JSON Patch";
            }
        }
    } catch (const std::exception& e) {
        reason = e.what();
    }
    if (why) {
        *why = reason;
    }
    return std::nullopt;
}

TextPatchResult textPatch(const SourceDocument& document, const nlohmann::json& patch, const TextStyle* style)
{
    try {
        return textPatch(document, Json::parse(patch.dump()), style);
    } catch (const std::exception& e) {
        TextPatchResult result;
        result.text = document.text();
        result.message = e.what();
        return result;
    }
}

TextPatchResult textPatch(const SourceDocument& document, const Json& patch, const TextStyle* style)
{
    TextPatchResult result;
    result.text = document.text();
    if (!document.isValid()) {
        result.message = "the policy text is not valid JSON";
        return result;
    }
    auto patched = applyPatch(document.json(), patch);
    if (!patched) {
        result.message = patched.error().message;
        return result;
    }
    result.json = std::move(*patched);
    const TextStyle detected = style ? TextStyle{} : detectTextStyle(document.text());
    const TextStyle& layout = style ? *style : detected;

    std::string why;
    if (auto edits = textPatchEdits(document, patch, layout, &why)) {
        SourceDocument check = SourceDocument::parse(applyTextEdits(document.text(), *edits));
        if (check.isValid() && !check.isWrapped() && check.json() == result.json) {
            result.status = TextPatchResult::Status::Edited;
            result.text = check.text();
            result.edits = std::move(*edits);
            result.message.clear();
            result.document = std::move(check);
            return result;
        }
        why = "the edited text does not read as the patched policy";
    }
    result.status = TextPatchResult::Status::Reformatted;
    result.message
        = "the change could not be written into the text in place (" + why + "), so the whole policy was reformatted";
    result.text = formatPolicy(result.json, layout);
    result.edits = {TextEdit{0, document.text().size(), result.text}};
    return result;
}

} // namespace kps
