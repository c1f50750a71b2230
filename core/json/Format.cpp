// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/json/Format.h"

namespace kps {

namespace {

/// The unescaped last token of a JSON Pointer (nlohmann's reading of it); throws on a malformed pointer.
std::string lastToken(const std::string& pointer)
{
    return Json::json_pointer(pointer).back();
}

/** A `move` that applyPatch() does itself rather than as nlohmann's remove-then-add. */
struct InPlaceMove
{
    bool noOp = false; ///< onto itself
    std::string parent; ///< else a rename within this object
    std::string fromKey;
    std::string toKey;
};

/**
 * A `move` to a new key of the same object renames the member where it stands: RFC 6902's remove-then-add would make
 * it the object's last member, and the author's key order is kept everywhere (members are unordered in JSON, so both
 * are the same document to every reader). A `move` onto itself is a no-op once `from` is known to exist. nullopt for
 * any other operation, which nlohmann's patch() then applies or rejects.
 */
std::optional<InPlaceMove> inPlaceMove(const Json& document, const Json& op)
{
    if (!op.is_object() || op.value("op", Json()) != "move") {
        return std::nullopt;
    }
    const auto from = op.find("from");
    const auto path = op.find("path");
    if (from == op.end() || path == op.end() || !from->is_string() || !path->is_string()) {
        return std::nullopt;
    }
    const auto& fromText = from->get_ref<const std::string&>();
    const auto& pathText = path->get_ref<const std::string&>();
    try {
        if (fromText == pathText) {
            return document.contains(Json::json_pointer(fromText)) ? std::optional(InPlaceMove{true, {}, {}, {}})
                                                                   : std::nullopt;
        }
        const std::size_t fromSlash = fromText.rfind('/');
        const std::size_t pathSlash = pathText.rfind('/');
        if (fromSlash == std::string::npos || fromSlash != pathSlash
            || fromText.compare(0, fromSlash, pathText, 0, pathSlash) != 0) {
            return std::nullopt;
        }
        InPlaceMove move{false, fromText.substr(0, fromSlash), lastToken(fromText), lastToken(pathText)};
        const Json::json_pointer parentPointer(move.parent);
        if (!document.contains(parentPointer)) {
            return std::nullopt;
        }
        const Json& parent = document.at(parentPointer);
        if (!parent.is_object() || !parent.contains(move.fromKey) || parent.contains(move.toKey)) {
            return std::nullopt;
        }
        return move;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt; // a malformed pointer: nlohmann's patch() reports it
    }
}

void rename(Json& document, const InPlaceMove& move)
{
    Json& parent = document.at(Json::json_pointer(move.parent));
    Json renamed = Json::object();
    for (auto& member : parent.get_ref<Json::object_t&>()) {
        renamed[member.first == move.fromKey ? move.toKey : member.first] = std::move(member.second);
    }
    parent = std::move(renamed);
}

/**
 * An `add` of a new object member with kInsertBefore naming a member of that object: inserted in front of it. False
 * (the operation goes to nlohmann's patch(), which appends or rejects it) for any other operation.
 */
bool insertBefore(Json& document, const Json& op)
{
    if (!op.is_object() || op.value("op", Json()) != "add") {
        return false;
    }
    const auto before = op.find(kInsertBefore);
    const auto path = op.find("path");
    const auto value = op.find("value");
    if (before == op.end() || path == op.end() || value == op.end() || !before->is_string() || !path->is_string()) {
        return false;
    }
    const auto& pathText = path->get_ref<const std::string&>();
    const std::size_t slash = pathText.rfind('/');
    if (slash == std::string::npos) {
        return false;
    }
    try {
        const Json::json_pointer parentPointer(pathText.substr(0, slash));
        if (!document.contains(parentPointer)) {
            return false;
        }
        Json& parent = document.at(parentPointer);
        const std::string key = lastToken(pathText);
        if (!parent.is_object() || parent.contains(key) || !parent.contains(before->get_ref<const std::string&>())) {
            return false;
        }
        Json inserted = Json::object();
        for (auto& member : parent.get_ref<Json::object_t&>()) {
            if (member.first == before->get_ref<const std::string&>()) {
                inserted[key] = *value;
            }
            inserted[member.first] = std::move(member.second);
        }
        parent = std::move(inserted);
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

Expected<Json> applyPatch(const Json& document, const nlohmann::json& patch)
{
    try {
        // nlohmann's patch() works on the document's own type; convert the patch to it.
        return applyPatch(document, Json::parse(patch.dump()));
    } catch (const nlohmann::json::exception& e) {
        return Error{e.what()};
    }
}

Expected<Json> applyPatch(const Json& document, const Json& ops)
{
    try {
        if (!ops.is_array()) {
            return document.patch(ops); // throws nlohmann's own error
        }
        // Runs of ordinary operations go to nlohmann's patch() (one copy of the document each; a patch without
        // in-place moves costs exactly one copy, as before).
        std::optional<Json> result;
        Json pending = Json::array();
        const auto flush = [&] {
            if (!pending.empty()) {
                result = (result ? *result : document).patch(pending);
                pending = Json::array();
            }
        };
        for (const auto& op : ops) {
            if (op.is_object() && op.value("op", Json()) == "add" && op.contains(kInsertBefore)) {
                flush();
                Json patched = result ? std::move(*result) : document;
                const bool inserted = insertBefore(patched, op);
                result = std::move(patched);
                if (inserted) {
                    continue;
                }
            }
            if (op.is_object() && op.value("op", Json()) == "move") {
                flush();
                if (const auto move = inPlaceMove(result ? *result : document, op)) {
                    if (!move->noOp) {
                        if (!result) {
                            result = document;
                        }
                        rename(*result, *move);
                    }
                    continue;
                }
            }
            pending.push_back(op);
        }
        flush();
        if (result) {
            return std::move(*result);
        }
        return document; // an empty patch
    } catch (const nlohmann::json::exception& e) {
        // nlohmann reports a failed operation by throwing; no exception leaves the core API.
        return Error{e.what()};
    }
}

} // namespace kps
