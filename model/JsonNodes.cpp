// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/JsonNodes.h"

#include <charconv>

namespace kps::model {
namespace {

std::optional<std::size_t> arrayIndex(std::string_view token)
{
    if (token.empty() || (token.size() > 1 && token.front() == '0')) {
        return std::nullopt;
    }
    std::size_t value = 0;
    const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (ec != std::errc() || end != token.data() + token.size()) {
        return std::nullopt;
    }
    return value;
}

template <typename J>
J* step(J* node, const std::string& token)
{
    if (node->is_object()) {
        auto it = node->find(token);
        return it == node->end() ? nullptr : &*it;
    }
    if (node->is_array()) {
        const auto index = arrayIndex(token);
        if (!index || *index >= node->size()) {
            return nullptr;
        }
        return &(*node)[*index];
    }
    return nullptr;
}

template <typename J>
J* find(J& root, std::string_view pointer)
{
    if (!pointer.empty() && pointer.front() != '/') {
        return nullptr;
    }
    J* node = &root;
    for (const std::string& token : pointerTokens(pointer)) {
        node = step(node, token);
        if (!node) {
            return nullptr;
        }
    }
    return node;
}

} // namespace

std::vector<std::string> pointerTokens(std::string_view pointer)
{
    std::vector<std::string> tokens;
    if (pointer.empty()) {
        return tokens;
    }
    std::size_t start = 1;
    while (true) {
        const std::size_t slash = pointer.find('/', start);
        tokens.push_back(unescapePointerToken(pointer.substr(start, slash - start)));
        if (slash == std::string_view::npos) {
            break;
        }
        start = slash + 1;
    }
    return tokens;
}

const Json* findNode(const Json& root, std::string_view pointer)
{
    return find(root, pointer);
}

Json* findNode(Json& root, std::string_view pointer)
{
    return find(root, pointer);
}

bool removeNode(Json& root, std::string_view pointer)
{
    if (pointer.empty()) {
        return false;
    }
    Json* parent = findNode(root, parentPointer(pointer));
    if (!parent) {
        return false;
    }
    const auto tokens = pointerTokens(pointer);
    const std::string& last = tokens.back();
    if (parent->is_object()) {
        return parent->erase(last) > 0;
    }
    if (parent->is_array()) {
        const auto index = arrayIndex(last);
        if (!index || *index >= parent->size()) {
            return false;
        }
        parent->erase(parent->begin() + static_cast<std::ptrdiff_t>(*index));
        return true;
    }
    return false;
}

std::optional<std::size_t> statementIndexOf(std::string_view pointer, bool statementIsArray)
{
    const auto tokens = pointerTokens(pointer);
    if (tokens.empty() || tokens.front() != "Statement") {
        return std::nullopt;
    }
    if (!statementIsArray) {
        return std::size_t{0};
    }
    if (tokens.size() < 2) {
        return std::nullopt;
    }
    return arrayIndex(tokens[1]);
}

} // namespace kps::model
