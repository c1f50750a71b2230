// SPDX-License-Identifier: GPL-3.0-or-later
// SourceDocument's node index: from a JSON Pointer to a recorded node (locate, contains), from an offset to a
// pointer (pointerAt), and the full list of nodes with their spans (nodes()).
#include "core/json/SourceDocument.h"

#include "core/json/JsonScanner.h"

#include <algorithm>
#include <cstddef>
#include <mutex>
#include <unordered_map>

namespace kps {

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

std::shared_ptr<SourceDocument::NodeList> SourceDocument::makeNodeList()
{
    return std::make_shared<NodeList>();
}

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
        return Location{std::string(pointer), spanAt(0, 0), {}};
    }
    const Node& node = m_nodes[index];
    if (key && exact && node.hasKey()) {
        return Location{std::string(pointer), spanAt(node.keyOffset, keyLength(node)), {}};
    }
    return Location{std::string(pointer), spanAt(node.valueOffset, node.valueLength), {}};
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
            if (node.hasKey()) {
                spans.key = spanAt(node.keyOffset, keyLength(node));
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

std::size_t SourceDocument::keyLength(const Node& node) const
{
    if (!node.hasKey()) {
        return 0;
    }
    return json::stringLiteralEnd(m_text, node.keyOffset) - node.keyOffset;
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
        const bool inKey = node.hasKey() && offset >= node.keyOffset && offset < node.keyOffset + keyLength(node);
        if ((inValue || inKey) && (!best || node.valueLength < best->valueLength)) {
            best = &node;
        }
    }
    if (!best) {
        return {};
    }
    return pointerOfNode(static_cast<std::size_t>(best - m_nodes.data()));
}

} // namespace kps
