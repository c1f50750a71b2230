// SPDX-License-Identifier: GPL-3.0-or-later
// The Sid and the Action list: SID_EMPTY, ACTION_EMPTY, ACTION_REDUNDANT (an action another entry of the same list
// already covers) and SERVICE_NAME_WILDCARD for an action's service prefix (ResourceRules.cpp reports ARNs).
#include "core/checker/rules/AnalyzerRules.h"

namespace kps::rules {

namespace {

void checkSid(const StatementView& statement, Emitter& emit)
{
    const Json* sid = statement.element(StatementElement::Sid);
    if (sid && sid->is_string() && sid->get_ref<const std::string&>().empty()) {
        const std::string pointer = appendPointer(statement.pointer, "Sid");
        emit.add("SID_EMPTY", pointer, false, {}, nlohmann::json::array({{{"op", "remove"}, {"path", pointer}}}));
    }
}

void checkServicePrefix(const ValueRef& action, ActionExpander& expander, Emitter& emit)
{
    const auto colon = action.value.find(':');
    if (colon == std::string::npos) {
        return; // "*" is every action; anything else without a colon is ACTION_UNKNOWN's
    }
    const std::string_view service = std::string_view(action.value).substr(0, colon);
    if (!hasWildcard(service)) {
        return;
    }
    const std::string corrected = "kms" + action.value.substr(colon);
    nlohmann::json fix;
    if (expander.expand(action.value).any() && expander.expand(action.value) == expander.expand(corrected)) {
        fix = patchReplace(action.pointer, corrected);
    }
    emit.add(
        "SERVICE_NAME_WILDCARD",
        action.pointer,
        false,
        {"\"" + action.value + "\"", "the service prefix \"" + std::string(service) + "\"", "\"" + corrected + "\""},
        std::move(fix));
}

/// ACTION_REDUNDANT: an entry whose KMS actions another entry of the list already has (REDUNDANT_ACTION). Of two
/// entries with the same actions the later one is reported. Removing it changes nothing the statement allows.
void checkRedundantActions(const StatementView& statement, ActionExpander& expander, Emitter& emit)
{
    const Json* list = statement.element(StatementElement::Action);
    if (!list || !list->is_array() || statement.actions.size() < 2) {
        return;
    }
    const std::size_t n = statement.actions.size();
    for (std::size_t i = 0; i < n; ++i) {
        const ActionSet mine = expander.expand(statement.actions[i].value);
        if (mine.none()) {
            continue; // not a KMS action: ACTION_NOT_KMS or ACTION_UNKNOWN
        }
        for (std::size_t j = 0; j < n; ++j) {
            if (i == j) {
                continue;
            }
            const ActionSet& other = expander.expand(statement.actions[j].value);
            if ((mine & ~other).any() || (mine == other && j > i)) {
                continue;
            }
            const ValueRef& action = statement.actions[i];
            emit.add("ACTION_REDUNDANT",
                     action.pointer,
                     false,
                     {action.value, statement.actions[j].value},
                     nlohmann::json::array({{{"op", "remove"}, {"path", action.pointer}}}));
            break;
        }
    }
}

} // namespace

void checkStatementLists(const GenericInput& input, Emitter& emit)
{
    ActionExpander expander;
    for (const auto& statement : input.policy.statements) {
        if (!statement.json || !statement.json->is_object()) {
            continue;
        }
        checkSid(statement, emit);
        if (const Json* action = statement.element(StatementElement::Action);
            action && action->is_array() && action->empty()) {
            emit.add("ACTION_EMPTY", appendPointer(statement.pointer, "Action"), false);
        }
        for (const auto& action : statement.actions) {
            if (hasWildcard(action.value)) {
                checkServicePrefix(action, expander, emit);
            }
        }
        checkRedundantActions(statement, expander, emit);
    }
}

} // namespace kps::rules
