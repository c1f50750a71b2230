// SPDX-License-Identifier: GPL-3.0-or-later
// ACTION_UNKNOWN, ACTION_NOT_KMS, ACTION_IAM_ONLY for every entry of Action and NotAction.
#include "core/checker/rules/RuleSupport.h"
#include "core/vocab/PolicyVariables.h"

#include <algorithm>
#include <unordered_map>

namespace kps::rules {

namespace {

void reportUnknown(const ValueRef& action, std::vector<std::string> candidates, Emitter& emit)
{
    nlohmann::json fix;
    if (candidates.size() == 1) {
        fix = patchReplace(action.pointer, candidates.front());
    }
    emit.add("ACTION_UNKNOWN", action.pointer, false, {action.value, suggestionText(candidates)}, std::move(fix));
}

/// Suggestions cost an edit distance per known action: remember them per spelling, and stop suggesting after a
/// bounded number of distinct misspellings so a policy full of garbage stays linear.
class SuggestionCache
{
public:
    const std::vector<std::string>& closest(const std::string& name)
    {
        std::string key = toLower(name);
        auto it = m_cache.find(key);
        if (it != m_cache.end()) {
            return it->second;
        }
        std::vector<std::string> found;
        if (m_cache.size() < MaxDistinct) {
            found = Vocabulary::instance().closestActions(name);
        }
        return m_cache.emplace(std::move(key), std::move(found)).first->second;
    }

private:
    static constexpr std::size_t MaxDistinct = 64;
    std::unordered_map<std::string, std::vector<std::string>> m_cache;
};

void checkAction(const ValueRef& action, ActionExpander& expander, SuggestionCache& suggestions, Emitter& emit)
{
    const Vocabulary& vocabulary = Vocabulary::instance();
    const std::string& v = action.value;
    if (v == std::string_view("*") || hasPolicyVariable(v)) {
        return; // a policy variable is VARIABLE_IN_ELEMENT's (VariableRules.cpp)
    }
    const bool wildcard = hasWildcard(v);
    const auto colon = v.find(':');
    if (colon == std::string::npos) {
        if (wildcard && expander.expand(v).any()) {
            return; // "kms*" and the like
        }
        if (!v.empty() && !wildcard) {
            if (const ActionInfo* info = vocabulary.action("kms:" + v)) {
                reportUnknown(action, {info->name}, emit); // the service prefix is missing
                return;
            }
        }
        emit.add("ACTION_UNKNOWN", action.pointer, false, {v, " (actions are written SERVICE:NAME, e.g. kms:Decrypt)"});
        return;
    }
    const std::string_view prefix = std::string_view(v).substr(0, colon);
    if (!equalsIgnoreCase(prefix, "kms")) {
        if (hasWildcard(prefix) && expander.expand(v).any()) {
            return; // "*:Decrypt" matches kms:Decrypt
        }
        // "ksm:Decrypt", "km:Decrypt": a misspelt prefix (one edit or two swapped letters) in front of the exact name
        // of a KMS action is a typo, not another service
        std::string sorted = toLower(prefix);
        std::sort(sorted.begin(), sorted.end());
        if (editDistance(prefix, "kms") == 1 || sorted == "kms") {
            std::string corrected("kms:");
            corrected.append(v, colon + 1);
            if (const ActionInfo* info = vocabulary.action(corrected)) {
                reportUnknown(action, {info->name}, emit);
                return;
            }
        }
        emit.add("ACTION_NOT_KMS", action.pointer, false, {v});
        return;
    }
    if (wildcard) {
        const ActionSet& matched = expander.expand(v);
        if (matched.none()) {
            emit.add("ACTION_UNKNOWN", action.pointer, false, {v, " (the wildcard matches no KMS action)"});
        } else if ((matched & actionSets().effective).none()) {
            emit.add("ACTION_IAM_ONLY",
                     action.pointer,
                     false,
                     {v, "every action it matches is authorized only by IAM policies or by grants"});
        }
        return;
    }
    const ActionInfo* info = vocabulary.action(v);
    if (!info) {
        reportUnknown(action, suggestions.closest(v), emit);
        return;
    }
    if (info->scope == PolicyScope::IamOnly) {
        emit.add("ACTION_IAM_ONLY", action.pointer, false, {v, "only IAM policies authorize it"});
    } else if (info->scope == PolicyScope::GrantDetermined) {
        emit.add("ACTION_IAM_ONLY",
                 action.pointer,
                 false,
                 {v, "the grant itself decides who may retire it (its retiring principal or grantee)"});
    }
}

} // namespace

void checkActions(const GenericInput& input, Emitter& emit)
{
    ActionExpander expander;
    SuggestionCache suggestions;
    for (const auto& statement : input.policy.statements) {
        for (const auto& action : statement.actions) {
            checkAction(action, expander, suggestions, emit);
        }
    }
}

} // namespace kps::rules
