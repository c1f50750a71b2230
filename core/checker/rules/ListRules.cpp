// SPDX-License-Identifier: GPL-3.0-or-later
// The Sid and the Action list: SID_EMPTY, ACTION_EMPTY, ACTION_REDUNDANT (an action another entry of the same list
// already covers) and SERVICE_NAME_WILDCARD for an action's service prefix (ResourceRules.cpp reports ARNs).
#include "core/checker/rules/AnalyzerRules.h"

#include <algorithm>
#include <array>
#include <cstdint>

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

/// The text of an Action list as the redundancy test reads it: per entry, the length of its prefix when it is
/// "prefix*" with no other wildcard (0 otherwise), and whether any entry has another kind of wildcard.
struct ListShape
{
    static constexpr std::size_t kMax = 64; ///< longer lists are expanded whole
    std::array<std::uint16_t, kMax> prefixLength; ///< only the first `size` are set
    bool plain = true;
};

/// No KMS action name or sensible pattern is longer; longer entries (ACTION_UNKNOWN) are left out of the pairs.
constexpr std::size_t kLongestJudged = 128;

/// Whether entry `j` may cover `covered`: the same name (any case), or a "prefix*" pattern whose prefix begins it.
/// A text filter in front of the expansions; the last character of the prefix is compared first, since most pairs
/// differ there.
bool mayCover(std::string_view covered, std::string_view cover, std::size_t prefixLength)
{
    if (covered.size() == cover.size() && equalsIgnoreCase(covered, cover)) {
        return true;
    }
    if (prefixLength == 0 || covered.size() < prefixLength) {
        return false;
    }
    const auto lower = [](char c) {
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    };
    return lower(covered[prefixLength - 1]) == lower(cover[prefixLength - 1])
        && equalsIgnoreCase(covered.substr(0, prefixLength), cover.substr(0, prefixLength));
}

/// ACTION_REDUNDANT: an entry whose KMS actions another entry of the same list already has (REDUNDANT_ACTION). Of two
/// entries with the same actions the later one is reported. Removing it changes nothing the statement allows.
void checkRedundantActions(const StatementView& statement,
                           const ListShape& shape,
                           ActionExpander& expander,
                           Emitter& emit)
{
    const auto& actions = statement.actions;
    if (actions.size() > ListShape::kMax) {
        return; // no list of distinct KMS actions and patterns is this long: not judged (the cost is quadratic)
    }
    const bool filtered = shape.plain;
    for (std::size_t i = 0; i < actions.size(); ++i) {
        const std::string_view covered = actions[i].value;
        if (covered.size() > kLongestJudged) {
            continue;
        }
        for (std::size_t j = 0; j < actions.size(); ++j) {
            if (i == j || actions[j].value.size() > kLongestJudged
                || (filtered && !mayCover(covered, actions[j].value, shape.prefixLength[j]))) {
                continue;
            }
            const ActionSet& mine = expander.expand(covered);
            const ActionSet& other = expander.expand(actions[j].value);
            if (mine.none() || (mine & ~other).any() || (mine == other && j > i)) {
                continue; // not a KMS action (ACTION_NOT_KMS, ACTION_UNKNOWN), or not covered
            }
            emit.add("ACTION_REDUNDANT",
                     actions[i].pointer,
                     false,
                     {actions[i].value, actions[j].value},
                     nlohmann::json::array({{{"op", "remove"}, {"path", actions[i].pointer}}}));
            break;
        }
    }
}

} // namespace

void checkStatementLists(const GenericInput& input, Emitter& emit)
{
    ActionExpander expander;
    ListShape shape;
    for (const auto& statement : input.policy.statements) {
        if (!statement.json || !statement.json->is_object()) {
            continue;
        }
        checkSid(statement, emit);
        const Json* list = statement.element(StatementElement::Action);
        if (!list || !list->is_array()) {
            continue; // a single action covers nothing else; NotAction lists are not judged
        }
        if (list->empty()) {
            emit.add("ACTION_EMPTY", appendPointer(statement.pointer, "Action"), false);
            continue;
        }
        // One look at each entry: a wildcard in its service prefix, and its shape for the redundancy test.
        shape.plain = true;
        for (std::size_t k = 0; k < statement.actions.size(); ++k) {
            const ValueRef& action = statement.actions[k];
            const std::string_view v = action.value;
            // (a loop: find_first_of calls memchr once per character)
            std::size_t star = std::string_view::npos;
            for (std::size_t c = 0; c < v.size(); ++c) {
                if (v[c] == '*' || v[c] == '?') {
                    star = c;
                    break;
                }
            }
            if (k < ListShape::kMax) {
                shape.prefixLength[k] = 0;
            }
            if (star == std::string_view::npos) {
                continue;
            }
            if (star < v.find(':')) { // the wildcard is in the service prefix ("*:Decrypt"), not after it
                checkServicePrefix(action, expander, emit);
            }
            const bool trailing = star + 1 == v.size() && v[star] == '*';
            shape.plain = shape.plain && trailing;
            if (trailing && k < ListShape::kMax) {
                shape.prefixLength[k] = static_cast<std::uint16_t>(std::min<std::size_t>(star, 0xFFFF));
            }
        }
        if (statement.actions.size() >= 2) {
            checkRedundantActions(statement, shape, expander, emit);
        }
    }
}

} // namespace kps::rules
