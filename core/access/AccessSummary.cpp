// SPDX-License-Identifier: GPL-3.0-or-later
// The access summary: who can do what with the key (docs/design.md, "Who can use this key").
#include "core/access/AccessSummary.h"

#include <algorithm>
#include <unordered_map>

namespace kps::access {

const AccessCell* AccessRow::cell(std::string_view group) const
{
    for (const auto& c : cells) {
        if (c.group && c.group->name == group) {
            return &c;
        }
    }
    return nullptr;
}

const AccessRow* AccessSummary::row(std::string_view callerId) const
{
    for (const auto& r : rows) {
        if (r.caller.id == callerId) {
            return &r;
        }
    }
    return nullptr;
}

namespace {

/** The group's decision from its actions' (AccessCell::decision). */
Decision groupDecision(const std::vector<ActionDecision>& actions)
{
    if (actions.empty()) {
        return Decision::ImplicitDeny;
    }
    bool allSame = true;
    bool anyAllowed = false;
    bool anyIam = false;
    bool anyDepends = false;
    bool anyDenied = false;
    bool anyExplicit = false;
    for (const auto& a : actions) {
        allSame = allSame && a.decision == actions.front().decision;
        anyAllowed = anyAllowed || isAllowed(a.decision);
        anyIam = anyIam || a.decision == Decision::AllowIfIam;
        anyDepends = anyDepends || a.decision == Decision::Depends;
        anyDenied = anyDenied || a.decision == Decision::ExplicitDeny || a.decision == Decision::ImplicitDeny;
        anyExplicit = anyExplicit || a.decision == Decision::ExplicitDeny;
    }
    if (allSame) {
        return actions.front().decision;
    }
    if (!anyDenied) {
        return anyDepends ? Decision::Depends : (anyIam ? Decision::AllowIfIam : Decision::Allow);
    }
    if (!anyAllowed && !anyDepends) {
        return anyExplicit ? Decision::ExplicitDeny : Decision::ImplicitDeny;
    }
    return Decision::Partial;
}

void addSorted(std::vector<std::size_t>& to, const std::vector<std::size_t>& from)
{
    to.insert(to.end(), from.begin(), from.end());
    std::sort(to.begin(), to.end());
    to.erase(std::unique(to.begin(), to.end()), to.end());
}

void addConditions(std::vector<ConditionRef>& to, const PolicyView& policy, const std::vector<std::size_t>& statements)
{
    for (std::size_t s : statements) {
        const StatementView& statement = policy.statements[s];
        for (std::size_t i = 0; i < statement.conditions.size(); ++i) {
            const ConditionEntry& c = statement.conditions[i];
            ConditionRef ref{s, i, c.op, c.key, {}, c.keyPointer};
            for (const auto& v : c.values) {
                ref.values.push_back(v.value);
            }
            if (std::find(to.begin(), to.end(), ref) == to.end()) {
                to.push_back(std::move(ref));
            }
        }
    }
    std::stable_sort(to.begin(), to.end(), [](const ConditionRef& a, const ConditionRef& b) {
        return a.statement != b.statement ? a.statement < b.statement : a.condition < b.condition;
    });
}

} // namespace

AccessRow accessOf(const eval::PreparedPolicy& policy, const Caller& caller, const KeyFacts& key)
{
    AccessRow row;
    row.caller = caller;
    const Vocabulary& vocabulary = Vocabulary::instance();
    // Every grouped action at once: the caller's request is matched once per statement.
    std::vector<std::size_t> all;
    for (const ActionGroup& g : vocabulary.actionGroups()) {
        all.insert(all.end(), g.actions.begin(), g.actions.end());
    }
    std::vector<ActionDecision> decisions = decideActions(policy, caller, all, key);
    std::size_t next = 0;
    for (const ActionGroup& g : vocabulary.actionGroups()) {
        AccessCell cell;
        cell.group = &g;
        for (std::size_t i = 0; i < g.actions.size(); ++i) {
            ActionDecision& a = decisions[next++];
            addSorted(cell.statements, a.statements);
            for (const auto& u : a.unknowns) {
                if (std::find(cell.unknowns.begin(), cell.unknowns.end(), u.fact) == cell.unknowns.end()) {
                    cell.unknowns.push_back(u.fact);
                }
            }
            cell.actions.push_back(std::move(a));
        }
        cell.decision = groupDecision(cell.actions);
        addConditions(cell.conditions, policy.view(), cell.statements);
        addSorted(row.statements, cell.statements);
        row.cells.push_back(std::move(cell));
    }
    addConditions(row.conditions, policy.view(), row.statements);
    return row;
}

std::vector<std::pair<Caller, std::vector<std::string>>> callersOf(const PolicyView& policy, const KeyFacts& key)
{
    std::vector<std::pair<Caller, std::vector<std::string>>> callers;
    std::unordered_map<std::string, std::size_t> byId; // a policy may name thousands: no linear search per entry
    const auto add = [&callers, &byId](Caller caller, const std::string& pointer) {
        const auto [it, added] = byId.emplace(caller.id, callers.size());
        if (added) {
            callers.emplace_back(std::move(caller), std::vector<std::string>{});
        }
        if (!pointer.empty()) {
            callers[it->second].second.push_back(pointer);
        }
    };
    if (isAccountId(key.context.account)) {
        // First, so the key's own account heads the table; it gains pointers where the policy names it.
        add(accountCaller(key.context.account, key.context.partition), {});
    }
    for (const auto& s : policy.statements) {
        for (const auto& p : s.principals) {
            if (auto caller = callerOfPrincipal(p)) {
                add(std::move(*caller), p.pointer);
            }
        }
    }
    return callers;
}

AccessSummary summarizeAccess(const PolicyView& policy, const KeyFacts& key)
{
    AccessSummary summary;
    summary.key = key;
    const eval::PreparedPolicy prepared(policy);
    auto callers = callersOf(policy, key);
    if (callers.size() > kMaxAccessRows) {
        summary.omitted = callers.size() - kMaxAccessRows;
        callers.resize(kMaxAccessRows);
    }
    for (auto& [caller, pointers] : callers) {
        AccessRow row = accessOf(prepared, caller, key);
        row.pointers = std::move(pointers);
        summary.rows.push_back(std::move(row));
    }
    return summary;
}

} // namespace kps::access
