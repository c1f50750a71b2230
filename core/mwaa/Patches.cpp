// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/mwaa/Patches.h"

#include "core/mwaa/MwaaFacts.h"

#include <algorithm>

namespace kps::mwaa {

void appendAddValue(nlohmann::json& patch, const std::string& path, const Json& value)
{
    if (!value.is_object() || value.empty()) {
        patch.push_back({{"op", "add"}, {"path", path}, {"value", nlohmann::json(value)}});
        return;
    }
    patch.push_back({{"op", "add"}, {"path", path}, {"value", nlohmann::json::object()}});
    for (const auto& [key, member] : value.items()) {
        appendAddValue(patch, appendPointer(path, key), member);
    }
}

nlohmann::json appendStatementPatch(const Json& document, const Json& statement)
{
    if (!document.is_object()) {
        return nullptr; // no patch can add a statement to a policy that is not an object (NOT_AN_OBJECT says so)
    }
    nlohmann::json patch = nlohmann::json::array();
    std::size_t index = 0;
    const auto it = document.is_object() ? document.find("Statement") : document.end();
    if (it != document.end() && it->is_array()) {
        index = it->size();
    } else if (it != document.end() && it->is_object()) {
        // Wrap the single statement object in an array without re-serializing it (that would sort its keys).
        const std::string temp = "/__keypolicy_statement";
        patch.push_back({{"op", "move"}, {"from", "/Statement"}, {"path", temp}});
        patch.push_back({{"op", "add"}, {"path", "/Statement"}, {"value", nlohmann::json::array()}});
        patch.push_back({{"op", "move"}, {"from", temp}, {"path", "/Statement/-"}});
        index = 1;
    } else {
        const std::string op = it == document.end() ? "add" : "replace";
        patch.push_back({{"op", op}, {"path", "/Statement"}, {"value", nlohmann::json::array()}});
    }
    appendAddValue(patch, "/Statement/" + std::to_string(index), statement);
    return patch;
}

std::string uniqueSid(const PolicyView& policy, const std::string& wanted)
{
    auto used = [&policy](const std::string& sid) {
        return std::any_of(policy.statements.begin(), policy.statements.end(), [&sid](const StatementView& s) {
            return s.sid && *s.sid == sid;
        });
    };
    if (!used(wanted)) {
        return wanted;
    }
    for (int n = 2;; ++n) {
        std::string candidate = wanted + " " + std::to_string(n);
        if (!used(candidate)) {
            return candidate;
        }
    }
}

Json logsStatement(const std::string& sid, std::string_view region, const std::string& conditionValue)
{
    Json s = Json::object();
    s["Sid"] = sid;
    s["Effect"] = "Allow";
    s["Principal"] = Json::object({{"Service", logsServicePrincipal(region)}});
    Json actions = Json::array();
    for (std::string_view a : kLogsActions) {
        actions.push_back(std::string(a));
    }
    s["Action"] = std::move(actions);
    s["Resource"] = "*";
    s["Condition"] = Json::object({{"ArnLike", Json::object({{std::string(kLogsArnKey), conditionValue}})}});
    return s;
}

Json accountDelegationStatement(const std::string& sid, std::string_view partition, std::string_view account)
{
    Json s = Json::object();
    s["Sid"] = sid;
    s["Effect"] = "Allow";
    s["Principal"]
        = Json::object({{"AWS", "arn:" + std::string(partition) + ":iam::" + std::string(account) + ":root"}});
    s["Action"] = "kms:*";
    s["Resource"] = "*";
    return s;
}

} // namespace kps::mwaa
