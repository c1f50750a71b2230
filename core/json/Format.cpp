// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/json/Format.h"

namespace kps {

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
        return document.patch(Json::parse(patch.dump()));
    } catch (const nlohmann::json::exception& e) {
        // nlohmann reports a failed operation by throwing; no exception leaves the core API.
        return Error{e.what()};
    }
}

} // namespace kps
