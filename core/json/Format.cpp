// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/json/Format.h"

namespace kps {

namespace {

/// The unescaped last token of a JSON Pointer (nlohmann's reading of it); throws on a malformed pointer.
std::string lastToken(const std::string& pointer)
{
    return Json::json_pointer(pointer).back();
}

/**
 * A `move` to a new key of the same object renames the member where it stands: RFC 6902's remove-then-add would make
 * it the object's last member, and the author's key order is kept everywhere (members are unordered in JSON, so both
 * are the same document to every reader). A `move` onto itself is a no-op once `from` is known to exist. Returns
 * false (and changes nothing) for any other operation, which nlohmann's patch() then applies or rejects.
 */
bool moveInPlace(Json& document, const Json& op)
{
    const auto from = op.find("from");
    const auto path = op.find("path");
    if (from == op.end() || path == op.end() || !from->is_string() || !path->is_string()) {
        return false;
    }
    const auto& fromText = from->get_ref<const std::string&>();
    const auto& pathText = path->get_ref<const std::string&>();
    try {
        if (fromText == pathText) {
            return document.contains(Json::json_pointer(fromText));
        }
        const std::size_t fromSlash = fromText.rfind('/');
        const std::size_t pathSlash = pathText.rfind('/');
        if (fromSlash == std::string::npos || fromSlash != pathSlash
            || fromText.compare(0, fromSlash, pathText, 0, pathSlash) != 0) {
            return false;
        }
        const Json::json_pointer parentPointer(fromText.substr(0, fromSlash));
        if (!document.contains(parentPointer)) {
            return false;
        }
        Json& parent = document.at(parentPointer);
        const std::string fromKey = lastToken(fromText);
        const std::string toKey = lastToken(pathText);
        if (!parent.is_object() || !parent.contains(fromKey) || parent.contains(toKey)) {
            return false;
        }
        Json renamed = Json::object();
        for (auto& member : parent.get_ref<Json::object_t&>()) {
            renamed[member.first == fromKey ? toKey : member.first] = std::move(member.second);
        }
        parent = std::move(renamed);
        return true;
    } catch (const nlohmann::json::exception&) {
        return false; // a malformed pointer: nlohmann's patch() reports it
    }
}

} // namespace

std::string formatPolicy(const Json& document)
{
    std::string out = document.dump(4, ' ', false, nlohmann::detail::error_handler_t::replace);
    out += '\n';
    return out;
}

std::optional<Json> applyPatch(const Json& document, const nlohmann::json& patch, std::string* error)
{
    try {
        // nlohmann's patch() works on the document's own type; convert the patch to it.
        return applyPatch(document, Json::parse(patch.dump()), error);
    } catch (const nlohmann::json::exception& e) {
        if (error) {
            *error = e.what();
        }
        return std::nullopt;
    }
}

std::optional<Json> applyPatch(const Json& document, const Json& ops, std::string* error)
{
    try {
        if (!ops.is_array()) {
            return document.patch(ops); // throws nlohmann's own error
        }
        Json result = document;
        Json pending = Json::array();
        for (const auto& op : ops) {
            if (op.is_object() && op.contains("op") && op["op"] == "move") {
                if (!pending.empty()) {
                    result = result.patch(pending);
                    pending = Json::array();
                }
                if (moveInPlace(result, op)) {
                    continue;
                }
            }
            pending.push_back(op);
        }
        if (!pending.empty()) {
            result = result.patch(pending);
        }
        return result;
    } catch (const nlohmann::json::exception& e) {
        if (error) {
            *error = e.what();
        }
        return std::nullopt;
    }
}

} // namespace kps
