// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/json/JsonPointer.h"

#include <algorithm>
#include <charconv>
#include <iterator>

namespace kps {

namespace {

void appendEscaped(std::string& out, std::string_view token)
{
    if (std::none_of(token.begin(), token.end(), [](char c) { return c == '~' || c == '/'; })) {
        out.append(token); // the usual case: nothing to escape
        return;
    }
    for (char c : token) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
}

template <typename J>
J* childOf(J* node, const std::string& token)
{
    if (node->is_object()) {
        auto it = node->find(token);
        return it == node->end() ? nullptr : &*it;
    }
    if (node->is_array()) {
        const auto index = pointerIndex(token);
        if (!index || *index >= node->size()) {
            return nullptr;
        }
        return &(*node)[*index];
    }
    return nullptr;
}

template <typename J>
J* walk(J& root, std::string_view pointer)
{
    if (!pointer.empty() && pointer.front() != '/') {
        return nullptr;
    }
    J* node = &root;
    for (const std::string& token : pointerTokens(pointer)) {
        node = childOf(node, token);
        if (!node) {
            return nullptr;
        }
    }
    return node;
}

} // namespace

std::string escapePointerToken(std::string_view token)
{
    std::string out;
    out.reserve(token.size());
    appendEscaped(out, token);
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
    std::string out;
    out.reserve(parent.size() + 1 + token.size());
    out.append(parent);
    out += '/';
    appendEscaped(out, token);
    return out;
}

std::string appendPointer(std::string_view parent, std::size_t index)
{
    char digits[24];
    const auto [end, ec] = std::to_chars(std::begin(digits), std::end(digits), index);
    (void)ec; // 24 digits hold any 64-bit index
    const std::string_view number(digits, static_cast<std::size_t>(end - digits));
    std::string out;
    out.reserve(parent.size() + 1 + number.size());
    out.append(parent);
    out += '/';
    out.append(number);
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

std::optional<std::size_t> pointerIndex(std::string_view token)
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

bool tokenNamesKey(std::string_view token, std::string_view key)
{
    std::size_t t = 0;
    for (char c : key) {
        if (c == '~' || c == '/') {
            if (t + 2 > token.size() || token[t] != '~' || token[t + 1] != (c == '~' ? '0' : '1')) {
                return false;
            }
            t += 2;
        } else {
            if (t >= token.size() || token[t] != c) {
                return false;
            }
            ++t;
        }
    }
    return t == token.size();
}

const Json* findNode(const Json& root, std::string_view pointer)
{
    return walk(root, pointer);
}

Json* findNode(Json& root, std::string_view pointer)
{
    return walk(root, pointer);
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
        const auto index = pointerIndex(last);
        if (!index || *index >= parent->size()) {
            return false;
        }
        parent->erase(parent->begin() + static_cast<std::ptrdiff_t>(*index));
        return true;
    }
    return false;
}

} // namespace kps
