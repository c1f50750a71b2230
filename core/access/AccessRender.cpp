// SPDX-License-Identifier: GPL-3.0-or-later
// Text, JSON and Markdown of the simulator, the access summary and the policy comparison.
#include "core/access/AccessRender.h"

#include "core/access/Wording.h"
#include "core/render/MarkdownRenderer.h"

#include <algorithm>

namespace kps::access {

namespace {

std::string factText(std::string_view name, const std::string& value, ContextSource source)
{
    if (value.empty()) {
        return std::string(name) + " unknown";
    }
    return std::string(name) + " " + value + " (" + std::string(contextSourceName(source)) + ")";
}

Json truthJson(eval::Truth t)
{
    switch (t) {
    case eval::Truth::True:
        return true;
    case eval::Truth::False:
        return false;
    case eval::Truth::Unknown:
        break;
    }
    return nullptr;
}

std::string_view keyStateName(eval::KeyState state)
{
    switch (state) {
    case eval::KeyState::Known:
        return "known";
    case eval::KeyState::Absent:
        return "absent";
    case eval::KeyState::Unknown:
        break;
    }
    return "unknown";
}

Json stringArray(const std::vector<std::string>& items)
{
    Json a = Json::array();
    for (const auto& s : items) {
        a.push_back(s);
    }
    return a;
}

Json sidJson(const std::optional<std::string>& sid)
{
    return sid ? Json(*sid) : Json(nullptr);
}

std::string statementLabel(std::size_t index, const std::optional<std::string>& sid)
{
    std::string label = "statement " + std::to_string(index);
    if (sid && !sid->empty()) {
        label += " " + wording::quoted(*sid);
    }
    return label;
}

std::string indexList(const std::vector<std::size_t>& indices)
{
    std::vector<std::string> items;
    for (std::size_t i : indices) {
        items.push_back(std::to_string(i));
    }
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += (i ? ", " : "") + items[i];
    }
    return out;
}

std::string actionName(std::size_t index)
{
    return Vocabulary::instance().actions()[index].name;
}

std::string conditionText(const ConditionRef& c)
{
    std::string values;
    for (std::size_t i = 0; i < c.values.size(); ++i) {
        values += (i ? ", " : "") + wording::quoted(c.values[i]);
    }
    return c.op + " " + c.key + " " + (values.empty() ? std::string("(no value)") : values) + " (statement "
        + std::to_string(c.statement) + ")";
}

Json conditionRefJson(const ConditionRef& c)
{
    return Json{{"statement", c.statement},
                {"operator", c.op},
                {"key", c.key},
                {"values", stringArray(c.values)},
                {"pointer", c.pointer}};
}

Json indexArray(const std::vector<std::size_t>& indices)
{
    Json a = Json::array();
    for (std::size_t i : indices) {
        a.push_back(i);
    }
    return a;
}

/** A cell in words: "allow", or for partial / depends the actions by decision. */
std::string cellDetail(const AccessCell& cell)
{
    std::string out(decisionName(cell.decision));
    const bool mixed = std::any_of(cell.actions.begin(), cell.actions.end(), [&cell](const ActionDecision& a) {
        return a.decision != cell.actions.front().decision;
    });
    if (mixed) {
        std::vector<std::string> parts;
        for (Decision d : {Decision::Allow,
                           Decision::AllowIfIam,
                           Decision::Depends,
                           Decision::ExplicitDeny,
                           Decision::ImplicitDeny}) {
            std::vector<std::string> names;
            for (const auto& a : cell.actions) {
                if (a.decision == d) {
                    names.push_back(actionName(a.action));
                }
            }
            if (!names.empty()) {
                std::string list;
                for (std::size_t i = 0; i < names.size(); ++i) {
                    list += (i ? ", " : "") + names[i];
                }
                parts.push_back(std::string(decisionName(d)) + ": " + list);
            }
        }
        out += " (";
        for (std::size_t i = 0; i < parts.size(); ++i) {
            out += (i ? "; " : "") + parts[i];
        }
        out += ")";
    }
    if (!cell.unknowns.empty()) {
        out += ", depends on " + wording::andList(cell.unknowns);
    }
    return out;
}

std::string omittedText(std::size_t omitted)
{
    return std::to_string(omitted) + " more principals are not included: the policy names more than "
        + std::to_string(kMaxAccessRows) + ", which no policy within KMS's 32 KB quota can.";
}

} // namespace

std::string dumpJson(const Json& json)
{
    return json.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string_view callerKindName(Caller::Kind kind)
{
    switch (kind) {
    case Caller::Kind::IamPrincipal:
        return "iam_principal";
    case Caller::Kind::Account:
        return "account";
    case Caller::Kind::Service:
        return "service";
    case Caller::Kind::OtherAccount:
        return "other_account";
    }
    return "iam_principal";
}

std::string keyFactsText(const KeyFacts& key)
{
    const MwaaContext& c = key.context;
    std::string out = factText("account", c.account, c.accountSource) + ", "
        + factText("region", c.region, c.regionSource) + ", " + factText("partition", c.partition, c.partitionSource)
        + ", ";
    if (!key.resource.arn.empty()) {
        out += "key ARN " + key.resource.arn;
    } else if (!c.key.empty()) {
        out += "key " + c.key + " (ARN not known in full)";
    } else {
        out += "key ARN unknown";
    }
    return out;
}

Json keyFactsJson(const KeyFacts& key)
{
    const MwaaContext& c = key.context;
    return Json{{"account", c.account},
                {"account_source", std::string(contextSourceName(c.accountSource))},
                {"region", c.region},
                {"region_source", std::string(contextSourceName(c.regionSource))},
                {"partition", c.partition},
                {"partition_source", std::string(contextSourceName(c.partitionSource))},
                {"key", c.key},
                {"arn", key.resource.arn}};
}

// ---- simulate -----------------------------------------------------------------------------------------------------

std::string
simulationText(std::string_view path, const SimulationRequest& request, const Simulation& sim, const KeyFacts& key)
{
    std::string out = std::string(path) + ": " + request.action + " by " + request.caller.text + " ("
        + request.caller.description() + ")\n";
    out += "key: " + keyFactsText(key) + "\n";
    std::string context;
    for (const auto& e : request.context) {
        std::string values;
        for (std::size_t i = 0; i < e.values.size(); ++i) {
            values += (i ? ", " : "") + e.values[i];
        }
        context += (context.empty() ? "" : "; ") + e.key + " = " + values;
    }
    for (const auto& a : request.absent) {
        context += (context.empty() ? "" : "; ") + a + " absent";
    }
    out += "context: " + (context.empty() ? std::string("nothing given") : context)
        + "; other keys the principal does not decide are unknown\n";
    out += "decision: " + std::string(decisionName(sim.decision)) + "\n";
    out += "  " + sim.reason + "\n";
    if (!sim.unknowns.empty()) {
        out += "depends on:\n";
        for (const auto& u : sim.unknowns) {
            out += "  " + u.fact + " (decide it with " + u.needed + ")";
            if (!u.pointer.empty()) {
                out += " at " + u.pointer;
            }
            out += "\n";
        }
    }
    out += "\nstatements:\n";
    for (const auto& s : sim.statements) {
        const bool decides = std::find(sim.deciding.begin(), sim.deciding.end(), s.index) != sim.deciding.end();
        out += std::string(decides ? "* " : "  ") + statementLabel(s.index, s.sid) + " ("
            + (s.effect.empty() ? std::string("no Effect") : s.effect) + ") " + s.pointer + ": " + s.reason + "\n";
        out += "      principal: " + s.principalReason + "\n";
        out += "      action:    " + s.actionReason + "\n";
        out += "      resource:  " + s.resourceReason + "\n";
        for (const auto& c : s.conditions) {
            out += "      condition: " + c.op + " " + c.key + ": " + c.reason + "\n";
        }
    }
    if (sim.statements.empty()) {
        out += "  (the policy has no statement)\n";
    }
    return out;
}

Json simulationJson(std::string_view path, const SimulationRequest& request, const Simulation& sim, const KeyFacts& key)
{
    Json j;
    j["tool"] = {{"name", "keypolicy"}, {"version", KPS_VERSION}};
    j["path"] = std::string(path);
    Json context = Json::array();
    for (const auto& e : request.context) {
        context.push_back({{"key", e.key}, {"values", stringArray(e.values)}});
    }
    j["request"] = {{"principal", request.caller.text},
                    {"principal_kind", std::string(callerKindName(request.caller.kind))},
                    {"principal_description", request.caller.description()},
                    {"action", request.action},
                    {"context", context},
                    {"absent", stringArray(request.absent)}};
    j["key"] = keyFactsJson(key);
    j["decision"] = std::string(decisionName(sim.decision));
    j["reason"] = sim.reason;
    Json unknowns = Json::array();
    Json facts = Json::array();
    for (const auto& u : sim.unknowns) {
        if (std::find(unknowns.begin(), unknowns.end(), Json(u.fact)) == unknowns.end()) {
            unknowns.push_back(u.fact);
        }
        facts.push_back({{"fact", u.fact},
                         {"needed", u.needed},
                         {"statement", u.statement == SIZE_MAX ? Json(nullptr) : Json(u.statement)},
                         {"pointer", u.pointer}});
    }
    j["unknowns"] = unknowns;
    j["unknown_facts"] = facts;
    j["cross_account"] = truthJson(sim.crossAccount);
    j["deciding"] = indexArray(sim.deciding);
    Json statements = Json::array();
    for (const auto& s : sim.statements) {
        Json conditions = Json::array();
        for (const auto& c : s.conditions) {
            conditions.push_back({{"index", c.index},
                                  {"operator", c.op},
                                  {"key", c.key},
                                  {"values", stringArray(c.values)},
                                  {"pointer", c.pointer},
                                  {"key_state", std::string(keyStateName(c.keyState))},
                                  {"request_values", stringArray(c.requestValues)},
                                  {"matched", truthJson(c.result)},
                                  {"reason", c.reason}});
        }
        statements.push_back(
            {{"index", s.index},
             {"sid", sidJson(s.sid)},
             {"pointer", s.pointer},
             {"effect", s.effect},
             {"well_formed", s.wellFormed},
             {"matched", truthJson(s.applies)},
             {"decides", std::find(sim.deciding.begin(), sim.deciding.end(), s.index) != sim.deciding.end()},
             {"reason", s.reason},
             {"principal",
              {{"matched", s.principal != eval::PrincipalMatch::None},
               {"via_account", s.principal == eval::PrincipalMatch::ViaAccount},
               {"pointer", s.principalPointer},
               {"reason", s.principalReason}}},
             {"action", {{"matched", s.actionMatches}, {"pointer", s.actionPointer}, {"reason", s.actionReason}}},
             {"resource",
              {{"matched", truthJson(s.resource)}, {"pointer", s.resourcePointer}, {"reason", s.resourceReason}}},
             {"conditions", conditions}});
    }
    j["statements"] = statements;
    return j;
}

// ---- access -------------------------------------------------------------------------------------------------------

std::string accessText(std::string_view path, const AccessSummary& summary)
{
    std::string out = std::string(path) + ": who can use this key\n";
    out += "key: " + keyFactsText(summary.key) + "\n";
    if (summary.rows.empty()) {
        out += "\nThe policy names no principal.\n";
        return out;
    }
    for (const auto& row : summary.rows) {
        out += "\n" + row.caller.label() + "\n  " + row.caller.description() + "\n";
        for (const auto& cell : row.cells) {
            out += "  " + cell.group->name + ": " + cellDetail(cell);
            if (!cell.statements.empty()) {
                out += std::string(cell.statements.size() == 1 ? " [statement " : " [statements ")
                    + indexList(cell.statements) + "]";
            }
            out += "\n";
        }
        for (const auto& c : row.conditions) {
            out += "  condition: " + conditionText(c) + "\n";
        }
    }
    if (summary.omitted > 0) {
        out += "\n" + omittedText(summary.omitted) + "\n";
    }
    return out;
}

std::string accessMarkdown(std::string_view path, const AccessSummary& summary)
{
    using render::markdownEscape;
    const auto& groups = Vocabulary::instance().actionGroups();
    std::string out = "## Who can use this key: " + markdownEscape(path) + "\n\n";
    out += "Key: " + markdownEscape(keyFactsText(summary.key)) + ".\n\n";
    if (summary.rows.empty()) {
        return out + "The policy names no principal.\n";
    }
    out += "| Principal |";
    for (const auto& g : groups) {
        out += " " + markdownEscape(g.title) + " |";
    }
    out += " Statements |\n|---|";
    for (std::size_t i = 0; i < groups.size(); ++i) {
        out += "---|";
    }
    out += "---|\n";
    for (const auto& row : summary.rows) {
        out += "| " + markdownEscape(row.caller.label()) + " |";
        for (const auto& cell : row.cells) {
            out += " " + markdownEscape(decisionName(cell.decision)) + (cell.conditional() ? " (conditions)" : "")
                + " |";
        }
        out += " " + indexList(row.statements) + " |\n";
    }
    std::string details;
    for (const auto& row : summary.rows) {
        for (const auto& cell : row.cells) {
            const bool mixed = std::any_of(cell.actions.begin(), cell.actions.end(), [&cell](const ActionDecision& a) {
                return a.decision != cell.actions.front().decision;
            });
            if (mixed || cell.decision == Decision::Depends || cell.conditional()) {
                details += "- " + markdownEscape(row.caller.label()) + ", " + markdownEscape(cell.group->name) + ": "
                    + markdownEscape(cellDetail(cell));
                std::vector<std::string> conditions;
                for (const auto& c : cell.conditions) {
                    conditions.push_back(markdownEscape(conditionText(c)));
                }
                if (!conditions.empty()) {
                    details += "; conditions: " + wording::andList(conditions);
                }
                details += "\n";
            }
        }
    }
    if (!details.empty()) {
        out += "\n" + details;
    }
    if (summary.omitted > 0) {
        out += "\n" + render::markdownEscape(omittedText(summary.omitted)) + "\n";
    }
    out += "\nallow: the key policy allows it; allow\\_if\\_iam: only if the caller's IAM policies allow it too "
           "(through the account principal, or from another account); partial: some actions of the group.\n";
    return out;
}

Json accessJson(std::string_view path, const AccessSummary& summary)
{
    Json j;
    j["tool"] = {{"name", "keypolicy"}, {"version", KPS_VERSION}};
    j["path"] = std::string(path);
    j["key"] = keyFactsJson(summary.key);
    Json groups = Json::array();
    for (const auto& g : Vocabulary::instance().actionGroups()) {
        Json actions = Json::array();
        for (std::size_t a : g.actions) {
            actions.push_back(actionName(a));
        }
        groups.push_back({{"name", g.name}, {"title", g.title}, {"description", g.description}, {"actions", actions}});
    }
    j["groups"] = groups;
    Json rows = Json::array();
    for (const auto& row : summary.rows) {
        Json access = Json::object();
        Json cells = Json::object();
        for (const auto& cell : row.cells) {
            access[cell.group->name] = std::string(decisionName(cell.decision));
            Json actions = Json::array();
            for (const auto& a : cell.actions) {
                Json unknowns = Json::array();
                for (const auto& u : a.unknowns) {
                    unknowns.push_back(u.fact);
                }
                actions.push_back({{"action", actionName(a.action)},
                                   {"decision", std::string(decisionName(a.decision))},
                                   {"statements", indexArray(a.statements)},
                                   {"unknowns", unknowns},
                                   {"reason", a.reason}});
            }
            Json conditions = Json::array();
            for (const auto& c : cell.conditions) {
                conditions.push_back(conditionRefJson(c));
            }
            cells[cell.group->name] = {{"decision", std::string(decisionName(cell.decision))},
                                       {"conditional", cell.conditional()},
                                       {"conditions", conditions},
                                       {"statements", indexArray(cell.statements)},
                                       {"unknowns", stringArray(cell.unknowns)},
                                       {"actions", actions}};
        }
        Json conditions = Json::array();
        for (const auto& c : row.conditions) {
            conditions.push_back(conditionRefJson(c));
        }
        rows.push_back({{"principal", row.caller.text},
                        {"id", row.caller.id},
                        {"kind", std::string(callerKindName(row.caller.kind))},
                        {"label", row.caller.label()},
                        {"description", row.caller.description()},
                        {"pointers", stringArray(row.pointers)},
                        {"access", access},
                        {"conditions", conditions},
                        {"statements", indexArray(row.statements)},
                        {"cells", cells}});
    }
    j["rows"] = rows;
    j["omitted_principals"] = summary.omitted;
    return j;
}

// ---- diff ---------------------------------------------------------------------------------------------------------

namespace {

std::string statementDiffText(const StatementDiff& d)
{
    std::string out(statementChangeName(d.change));
    out.resize(10, ' ');
    out += d.sid && !d.sid->empty() ? wording::quoted(*d.sid) : std::string("(no Sid)");
    switch (d.change) {
    case StatementChange::Added:
        out += " " + d.bPointer;
        break;
    case StatementChange::Removed:
        out += " " + d.aPointer;
        break;
    case StatementChange::Changed:
    case StatementChange::Unchanged:
        out += " " + d.aPointer + (d.aPointer == d.bPointer ? std::string() : " -> " + d.bPointer);
        if (!d.elements.empty()) {
            std::string elements;
            for (std::size_t i = 0; i < d.elements.size(); ++i) {
                elements += (i ? ", " : "") + d.elements[i];
            }
            out += " (" + elements + ")";
        }
        if (d.matchedBy == "content") {
            out += " [matched by content]";
        }
        break;
    }
    return out;
}

} // namespace

std::string comparisonText(std::string_view pathA, std::string_view pathB, const PolicyComparison& cmp)
{
    std::string out = std::string(pathA) + " -> " + std::string(pathB) + "\n";
    out += "key: " + keyFactsText(cmp.key) + "\n\nstatements:\n";
    bool any = false;
    for (const auto& d : cmp.statements) {
        if (d.change != StatementChange::Unchanged || d.aPointer != d.bPointer) {
            out += "  " + statementDiffText(d) + "\n";
            any = true;
        }
    }
    if (!any) {
        out += "  the same statements\n";
    }
    out += "\naccess:\n";
    for (const auto& c : cmp.access) {
        out += "  " + c.text + "\n";
    }
    out += cmp.sameAccess() ? "  the same access\n" : "";
    if (cmp.omitted > 0) {
        out += "  " + omittedText(cmp.omitted) + "\n";
    }
    return out;
}

std::string comparisonMarkdown(std::string_view pathA, std::string_view pathB, const PolicyComparison& cmp)
{
    using render::markdownEscape;
    std::string out = "## " + markdownEscape(pathA) + " compared with " + markdownEscape(pathB) + "\n\n";
    out += "Key: " + markdownEscape(keyFactsText(cmp.key)) + ".\n\n### Statements\n\n";
    bool any = false;
    for (const auto& d : cmp.statements) {
        if (d.change != StatementChange::Unchanged || d.aPointer != d.bPointer) {
            if (!any) {
                out += "| Change | Sid | Before | After | Elements |\n|---|---|---|---|---|\n";
            }
            any = true;
            std::string elements;
            for (std::size_t i = 0; i < d.elements.size(); ++i) {
                elements += (i ? ", " : "") + d.elements[i];
            }
            out += "| " + std::string(statementChangeName(d.change)) + " | "
                + markdownEscape(d.sid ? *d.sid : std::string()) + " | " + markdownEscape(d.aPointer) + " | "
                + markdownEscape(d.bPointer) + " | " + markdownEscape(elements) + " |\n";
        }
    }
    if (!any) {
        out += "The same statements.\n";
    }
    out += "\n### Access\n\n";
    if (cmp.sameAccess()) {
        out += "The same access.\n";
    }
    for (const auto& c : cmp.access) {
        out += "- " + markdownEscape(c.text) + "\n";
    }
    if (cmp.omitted > 0) {
        out += "\n" + markdownEscape(omittedText(cmp.omitted)) + "\n";
    }
    return out;
}

Json comparisonJson(std::string_view pathA, std::string_view pathB, const PolicyComparison& cmp)
{
    Json j;
    j["tool"] = {{"name", "keypolicy"}, {"version", KPS_VERSION}};
    j["a"] = std::string(pathA);
    j["b"] = std::string(pathB);
    j["key"] = keyFactsJson(cmp.key);
    j["same_access"] = cmp.sameAccess();
    j["same_statements"] = cmp.sameStatements();
    Json statements = Json::array();
    for (const auto& d : cmp.statements) {
        const auto side = [](const std::optional<std::size_t>& index, const std::string& pointer) {
            return index ? Json{{"index", *index}, {"pointer", pointer}} : Json(nullptr);
        };
        statements.push_back({{"change", std::string(statementChangeName(d.change))},
                              {"sid", sidJson(d.sid)},
                              {"a", side(d.a, d.aPointer)},
                              {"b", side(d.b, d.bPointer)},
                              {"matched_by", d.matchedBy.empty() ? Json(nullptr) : Json(d.matchedBy)},
                              {"elements", stringArray(d.elements)}});
    }
    j["statements"] = statements;
    Json access = Json::array();
    for (const auto& c : cmp.access) {
        Json actions = Json::array();
        for (std::size_t a : c.actions) {
            actions.push_back(actionName(a));
        }
        access.push_back({{"principal", c.caller.text},
                          {"id", c.caller.id},
                          {"label", c.caller.label()},
                          {"change", std::string(accessChangeKindName(c.kind))},
                          {"group", c.group ? Json(c.group->name) : Json(nullptr)},
                          {"actions", actions},
                          {"from", std::string(decisionName(c.from))},
                          {"to", std::string(decisionName(c.to))},
                          {"unknowns", stringArray(c.unknowns)},
                          {"text", c.text}});
    }
    j["access"] = access;
    j["omitted_principals"] = cmp.omitted;
    return j;
}

} // namespace kps::access
