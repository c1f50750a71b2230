// SPDX-License-Identifier: GPL-3.0-or-later
// Two policies of one key compared: statements and access (docs/design.md, "Who can use this key").
#include "core/access/PolicyDiff.h"

#include "core/access/Wording.h"

#include <algorithm>
#include <array>
#include <unordered_set>

namespace kps::access {

std::string_view statementChangeName(StatementChange change)
{
    switch (change) {
    case StatementChange::Unchanged:
        return "unchanged";
    case StatementChange::Changed:
        return "changed";
    case StatementChange::Added:
        return "added";
    case StatementChange::Removed:
        return "removed";
    }
    return "unchanged";
}

std::string_view accessChangeKindName(AccessChangeKind kind)
{
    switch (kind) {
    case AccessChangeKind::Gains:
        return "gains";
    case AccessChangeKind::Loses:
        return "loses";
    case AccessChangeKind::Changes:
        return "changes";
    }
    return "changes";
}

bool PolicyComparison::sameStatements() const
{
    return std::all_of(statements.begin(), statements.end(), [](const StatementDiff& d) {
        return d.change == StatementChange::Unchanged;
    });
}

namespace {

const Json& statementJson(const StatementView& s)
{
    static const Json null;
    return s.json ? *s.json : null;
}

/** The statement without its Sid: what "the same content" compares. */
Json withoutSid(const StatementView& s)
{
    Json j = statementJson(s);
    if (j.is_object()) {
        j.erase("Sid");
    }
    return j;
}

/** A non-empty Sid that no other statement of the policy has. */
bool uniqueSid(const PolicyView& policy, const StatementView& s)
{
    if (!s.sid || s.sid->empty()) {
        return false;
    }
    return std::count_if(policy.statements.begin(),
                         policy.statements.end(),
                         [&s](const StatementView& o) { return o.sid == s.sid; })
        == 1;
}

/** The members whose values differ, in the grammar's order, then any other member in name order. */
std::vector<std::string> changedElements(const Json& a, const Json& b)
{
    std::vector<std::string> out;
    if (!a.is_object() || !b.is_object()) {
        out.emplace_back("(statement)");
        return out;
    }
    static constexpr std::array<std::string_view, kStatementElementCount> kOrder
        = {"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"};
    std::vector<std::string> others;
    for (const Json* side : {&a, &b}) {
        for (auto it = side->begin(); it != side->end(); ++it) {
            if (std::find(kOrder.begin(), kOrder.end(), it.key()) == kOrder.end()
                && std::find(others.begin(), others.end(), it.key()) == others.end()) {
                others.push_back(it.key());
            }
        }
    }
    std::sort(others.begin(), others.end());
    const auto differs = [&a, &b](const std::string& name) {
        const bool inA = a.contains(name);
        const bool inB = b.contains(name);
        return inA != inB || (inA && a.at(name) != b.at(name));
    };
    for (std::string_view name : kOrder) {
        if (differs(std::string(name))) {
            out.emplace_back(name);
        }
    }
    for (const auto& name : others) {
        if (differs(name)) {
            out.push_back(name);
        }
    }
    return out;
}

std::vector<StatementDiff> compareStatements(const PolicyView& a, const PolicyView& b)
{
    const std::size_t na = a.statements.size();
    const std::size_t nb = b.statements.size();
    std::vector<std::optional<std::size_t>> partnerOfB(nb);
    std::vector<std::string> matchedBy(nb);
    std::vector<bool> aTaken(na, false);
    // By Sid, when it names one statement on each side.
    for (std::size_t j = 0; j < nb; ++j) {
        if (!uniqueSid(b, b.statements[j])) {
            continue;
        }
        for (std::size_t i = 0; i < na; ++i) {
            if (!aTaken[i] && a.statements[i].sid == b.statements[j].sid && uniqueSid(a, a.statements[i])) {
                partnerOfB[j] = i;
                matchedBy[j] = "sid";
                aTaken[i] = true;
                break;
            }
        }
    }
    // Else by content: the same statement but for its Sid, first come first served.
    std::vector<Json> contentA(na);
    for (std::size_t i = 0; i < na; ++i) {
        contentA[i] = withoutSid(a.statements[i]);
    }
    for (std::size_t j = 0; j < nb; ++j) {
        if (partnerOfB[j]) {
            continue;
        }
        const Json content = withoutSid(b.statements[j]);
        for (std::size_t i = 0; i < na; ++i) {
            if (!aTaken[i] && contentA[i] == content) {
                partnerOfB[j] = i;
                matchedBy[j] = "content";
                aTaken[i] = true;
                break;
            }
        }
    }
    std::vector<StatementDiff> out;
    for (std::size_t j = 0; j < nb; ++j) {
        StatementDiff d;
        d.b = j;
        d.bPointer = b.statements[j].pointer;
        d.sid = b.statements[j].sid;
        if (partnerOfB[j]) {
            const std::size_t i = *partnerOfB[j];
            d.a = i;
            d.aPointer = a.statements[i].pointer;
            d.matchedBy = matchedBy[j];
            const Json& ja = statementJson(a.statements[i]);
            const Json& jb = statementJson(b.statements[j]);
            if (ja == jb) {
                d.change = StatementChange::Unchanged;
            } else {
                d.change = StatementChange::Changed;
                d.elements = changedElements(ja, jb);
            }
        } else {
            d.change = StatementChange::Added;
        }
        out.push_back(std::move(d));
    }
    for (std::size_t i = 0; i < na; ++i) {
        if (!aTaken[i]) {
            StatementDiff d;
            d.change = StatementChange::Removed;
            d.a = i;
            d.aPointer = a.statements[i].pointer;
            d.sid = a.statements[i].sid;
            out.push_back(std::move(d));
        }
    }
    return out;
}

AccessChangeKind kindOf(Decision from, Decision to)
{
    const auto denied = [](Decision d) {
        return d == Decision::ExplicitDeny || d == Decision::ImplicitDeny;
    };
    if (denied(from) && isAllowed(to)) {
        return AccessChangeKind::Gains;
    }
    if (isAllowed(from) && denied(to)) {
        return AccessChangeKind::Loses;
    }
    return AccessChangeKind::Changes;
}

std::vector<std::string> factsOf(const ActionDecision& d)
{
    std::vector<std::string> facts;
    for (const auto& u : d.unknowns) {
        if (std::find(facts.begin(), facts.end(), u.fact) == facts.end()) {
            facts.push_back(u.fact);
        }
    }
    return facts;
}

std::string changeText(const AccessChange& c)
{
    std::string what;
    if (c.group) {
        what = c.group->name;
    } else {
        std::vector<std::string> names;
        for (std::size_t a : c.actions) {
            names.push_back(Vocabulary::instance().actions()[a].name);
        }
        what = wording::andList(names);
    }
    const std::string who = c.caller.label();
    switch (c.kind) {
    case AccessChangeKind::Gains:
        return who + " gains " + what
            + (c.to == Decision::AllowIfIam ? " (only if its IAM policies allow it too)" : std::string());
    case AccessChangeKind::Loses:
        return who + " loses " + what;
    case AccessChangeKind::Changes:
        break;
    }
    std::string text
        = who + ": " + what + " from " + std::string(decisionName(c.from)) + " to " + std::string(decisionName(c.to));
    if (c.to == Decision::Depends && !c.unknowns.empty()) {
        text += " (depends on " + wording::andList(c.unknowns) + ")";
    }
    return text;
}

/** The changes of one caller, group by group. */
void compareRows(const AccessRow& before, const AccessRow& after, std::vector<AccessChange>& out)
{
    for (std::size_t g = 0; g < before.cells.size() && g < after.cells.size(); ++g) {
        const AccessCell& cellA = before.cells[g];
        const AccessCell& cellB = after.cells[g];
        // (from, to, facts after) -> the actions that changed so, in the group's order
        std::vector<AccessChange> changes;
        std::size_t changed = 0;
        for (std::size_t i = 0; i < cellA.actions.size() && i < cellB.actions.size(); ++i) {
            const ActionDecision& x = cellA.actions[i];
            const ActionDecision& y = cellB.actions[i];
            const std::vector<std::string> factsAfter = factsOf(y);
            if (x.decision == y.decision && (y.decision != Decision::Depends || factsOf(x) == factsAfter)) {
                continue;
            }
            ++changed;
            auto same = std::find_if(changes.begin(), changes.end(), [&](const AccessChange& c) {
                return c.from == x.decision && c.to == y.decision && c.unknowns == factsAfter;
            });
            if (same == changes.end()) {
                AccessChange c;
                c.caller = after.caller;
                c.from = x.decision;
                c.to = y.decision;
                c.kind = kindOf(c.from, c.to);
                c.unknowns = factsAfter;
                changes.push_back(std::move(c));
                same = changes.end() - 1;
            }
            same->actions.push_back(y.action);
        }
        if (changes.size() == 1 && changed == cellB.actions.size() && cellB.actions.size() > 1) {
            changes.front().group = cellB.group;
        }
        for (auto& c : changes) {
            c.text = changeText(c);
            out.push_back(std::move(c));
        }
    }
}

} // namespace

PolicyComparison comparePolicies(const PolicyView& a, const PolicyView& b, const KeyFacts& key)
{
    PolicyComparison cmp;
    cmp.key = key;
    cmp.statements = compareStatements(a, b);
    // Every caller either policy names, each evaluated against both (a role named only in B may have had access
    // through the account principal in A).
    auto callers = callersOf(a, key);
    std::unordered_set<std::string> ids; // a policy may name thousands: no linear search per caller
    for (const auto& c : callers) {
        ids.insert(c.first.id);
    }
    for (auto& entry : callersOf(b, key)) {
        if (ids.insert(entry.first.id).second) {
            callers.push_back(std::move(entry));
        }
    }
    if (callers.size() > kMaxAccessRows) {
        cmp.omitted = callers.size() - kMaxAccessRows;
        callers.resize(kMaxAccessRows);
    }
    const eval::PreparedPolicy preparedA(a);
    const eval::PreparedPolicy preparedB(b);
    for (const auto& [caller, pointers] : callers) {
        compareRows(accessOf(preparedA, caller, key), accessOf(preparedB, caller, key), cmp.access);
    }
    return cmp;
}

} // namespace kps::access
