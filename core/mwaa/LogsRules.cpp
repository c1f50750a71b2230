// SPDX-License-Identifier: GPL-3.0-or-later
// MWAA_LOGS_*: decided by evaluating the requests CloudWatch Logs makes for the environment's log groups.
#include "core/eval/Arn.h"
#include "core/eval/Conditions.h"
#include "core/eval/Evaluator.h"
#include "core/mwaa/MwaaFacts.h"
#include "core/mwaa/Patches.h"
#include "core/mwaa/ProfileRules.h"
#include "core/vocab/Vocabulary.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <set>

namespace kps::mwaa::detail {

namespace {

using eval::Decision;
using eval::EvalOptions;
using eval::Outcome;
using eval::Request;
using eval::RequestPrincipal;

constexpr std::size_t kActions = kLogsActions.size();
constexpr std::size_t kGroups = kLogGroupKinds.size();

class LogsCheck
{
public:
    LogsCheck(const ProfileInput& in, Emitter& emit)
        : m_in(in)
        , m_emit(emit)
        , m_service(in.logsService)
    {
        for (std::string_view kind : kLogGroupKinds) {
            m_groups.push_back(logGroupArn(in.partition, in.context.region, in.account, in.environment, kind));
        }
        m_request = makeRequest(in, RequestPrincipal::servicePrincipal(m_service), kLogsActions[0]);
        // What CloudWatch Logs' requests are documented to carry; the rest of their context is Unknown.
        openContext(in, m_request, true);
        m_request.context.declareAbsent("kms:EncryptionContext:*"); // aws:logs:arn is the only pair Logs sends
        m_request.context.set("kms:EncryptionContextKeys", std::vector<std::string>{"aws:logs:arn"});
        m_contextIds.assign(m_groups.size(), -1);
        m_groupsText = in.environmentKnown
            ? "airflow-" + in.environment + "-*"
            : std::string("airflow-*-* (environment unknown: checked for a wildcard environment name)");
    }

    void run();

private:
    /** kLogsActions with their vocabulary indices, looked up once per process. */
    static const std::vector<eval::IndexedAction>& logsActions()
    {
        static const std::vector<eval::IndexedAction> actions = eval::indexedActions(kLogsActions);
        return actions;
    }
    /**
     * The request of action a (kLogsActions) for log group g (m_groups), valid until the next call. The requests
     * differ only in the action and the group's encryption context; each group keeps one context id, so condition
     * results are computed once per group and statement.
     */
    const Request& request(std::size_t a, std::size_t g)
    {
        Request& r = m_request;
        r.action.assign(kLogsActions[a]);
        r.actionIndex = m_actions[a].index;
        if (m_requestGroup != g) {
            r.context.set(kLogsArnKey, m_groups[g]);
            if (m_contextIds[g] < 0) {
                m_contextIds[g] = m_in.prepared.newContextId();
            }
            r.contextId = m_contextIds[g];
            m_requestGroup = g;
        }
        return r;
    }
    /** The statement allowed the Logs principal through an explicit Service entry (not "*" or NotPrincipal). */
    static bool explicitLogsMatch(const eval::StatementMatch& m)
    {
        // m.principalPointer starts with m.pointer + "/Principal/Service"
        constexpr std::string_view suffix = "/Principal/Service";
        const std::string_view p = m.principalPointer;
        return p.size() >= m.pointer.size() + suffix.size() && p.substr(0, m.pointer.size()) == m.pointer
            && p.substr(m.pointer.size(), suffix.size()) == suffix;
    }
    const StatementView& statement(std::size_t i) const { return m_in.policy.statements[i]; }
    /** The entry is the environment's CloudWatch Logs service principal, written under "Service". */
    bool isLogsService(const PrincipalRef& p) const { return p.type == "Service" && p.value == m_service; }
    std::string shortGroup(std::size_t g) const
    {
        return "airflow-" + m_in.environment + "-" + std::string(kLogGroupKinds[g]);
    }
    /// The environment's region for a message; an inferred one says so (it is the policy's own claim, not a fact).
    std::string regionText(const std::string& detail) const
    {
        const bool inferred = m_in.context.regionSource == ContextSource::Inferred;
        return m_in.context.region + " (" + detail
            + (inferred ? ", inferred from the policy: give --region to decide" : "") + ")";
    }
    std::string expectedRegionText() const { return regionText(m_service); }

    void reportMissingOrRegion();
    nlohmann::json serviceExemption(const StatementView& s) const;
    bool reportPrincipalUnderAws();
    void reportResources();
    void reportDepends(const std::vector<std::array<Decision, kGroups>>& d);
    void reportWrongRegionConditionValues(const StatementView& s);
    void reportDenies(const std::vector<std::array<Decision, kGroups>>& d);
    void reportMissingActions(const std::vector<std::string>& missing, const std::set<std::size_t>& logsStatements);
    void analyzeFailedCondition(const StatementView& s, std::size_t index, const std::set<std::size_t>& groups);
    bool reportOperatorCannotMatch(const StatementView& s, const ConditionEntry& c, const ParsedOperator& op);
    void reportBroad(const StatementView& s, const std::string& otherGroup);
    nlohmann::json moveToArnLike(const StatementView& s, const ConditionEntry& c, const ParsedOperator& op) const;
    /**
     * A logs-ARN condition value as an ARN for the region, partition and account analysis: only a value written
     * without policy variables (substituted ones are judged by the evaluator alone, and in a 2008-10-17 policy a
     * variable is literal text that matches no log group).
     */
    std::optional<eval::Arn> conditionArn(const ValueRef& v) const
    {
        if (v.value.find("${") != std::string::npos) {
            return std::nullopt;
        }
        return eval::parseArn(v.value);
    }

    const ProfileInput& m_in;
    Emitter& m_emit;
    std::string m_service;
    std::vector<std::string> m_groups; ///< the environment's groups, then (run()) another account's group
    Request m_request; ///< see request()
    std::size_t m_requestGroup = SIZE_MAX; ///< the group m_request is set up for
    std::vector<int> m_contextIds; ///< per m_groups entry, -1 until first used
    const std::vector<eval::IndexedAction>& m_actions = logsActions(); ///< kLogsActions, indexed
    std::string m_groupsText;
    std::set<std::string> m_analyzedEntries; ///< key pointers already reported on
    std::set<std::size_t> m_neverThisKey; ///< statements naming the Logs principal whose Resource is never the key
};

void LogsCheck::run()
{
    // One request per log group (and below, per other account's group), evaluated for all the actions at once.
    std::vector<std::array<Decision, kGroups>> d(kActions);
    std::set<std::size_t> logsStatements; // allow the Logs principal by name, ignoring conditions
    std::vector<bool> explicitIgnoring(kActions, false);
    bool anyAllowed = false;
    bool allAllowed = true;
    for (std::size_t g = 0; g < kGroups; ++g) {
        std::array<Decision*, kActions> out{};
        for (std::size_t a = 0; a < kActions; ++a) {
            out[a] = &d[a][g];
        }
        eval::evaluateActionsInto(m_in.prepared, request(0, g), m_actions, out.data());
        for (std::size_t a = 0; a < kActions; ++a) {
            anyAllowed = anyAllowed || d[a][g].allowed() || !d[a][g].maybeAllows.empty();
            allAllowed = allAllowed && d[a][g].allowed();
        }
    }
    // Which statements name CloudWatch Logs ignoring their conditions tells a missing action from a refusing
    // condition; when every request is allowed there is neither, and the evaluation is skipped (the common case).
    const std::vector<Decision> ignoring = allAllowed
        ? std::vector<Decision>(kActions)
        : eval::evaluateActions(m_in.prepared, request(0, 0), m_actions, EvalOptions{false, true});
    for (std::size_t a = 0; a < kActions; ++a) {
        for (const auto* list : {&ignoring[a].allows, &ignoring[a].maybeAllows}) {
            for (const auto& m : *list) {
                if (explicitLogsMatch(m)) {
                    logsStatements.insert(m.statement);
                    explicitIgnoring[a] = true;
                }
            }
        }
    }
    reportResources();
    const bool anyDenied = std::any_of(d.begin(), d.end(), [](const auto& groups) {
        return std::any_of(groups.begin(), groups.end(), [](const Decision& x) { return !x.denies.empty(); });
    });
    if (!anyAllowed && logsStatements.empty()) {
        if (anyDenied) {
            // Only Denies name CloudWatch Logs (the documented statement written with Effect Deny, or a Deny that
            // leaves nothing): report the Deny, whose fix flips it where that is the evident intent, rather than
            // append an Allow beside it.
            reportDenies(d);
        } else if (m_neverThisKey.empty() && !reportPrincipalUnderAws()) {
            reportMissingOrRegion();
        }
        return;
    }
    reportDenies(d);
    reportDepends(d);

    std::vector<std::string> missing;
    for (std::size_t a = 0; a < kActions; ++a) {
        bool allowedSomewhere = false;
        bool denied = false;
        for (std::size_t g = 0; g < kGroups; ++g) {
            allowedSomewhere
                = allowedSomewhere || d[a][g].allowed() || d[a][g].depends() || !d[a][g].maybeAllows.empty();
            denied = denied || d[a][g].outcome == Outcome::ExplicitDeny;
        }
        if (!allowedSomewhere && !denied && !explicitIgnoring[a]) {
            missing.emplace_back(kLogsActions[a]);
        }
    }
    if (!missing.empty()) {
        reportMissingActions(missing, logsStatements);
    }

    // Conditions that refuse some log group for an action a named statement would otherwise allow.
    std::map<std::pair<std::size_t, std::size_t>, std::set<std::size_t>> failures; // (statement, condition) -> groups
    for (std::size_t a = 0; a < kActions; ++a) {
        if (!explicitIgnoring[a]) {
            continue;
        }
        for (std::size_t g = 0; g < kGroups; ++g) {
            if (d[a][g].outcome != Outcome::ImplicitDeny) {
                continue;
            }
            const bool variables = m_in.prepared.policyVariables();
            for (const auto* list : {&ignoring[a].allows, &ignoring[a].maybeAllows}) {
                for (const auto& m : *list) {
                    if (!explicitLogsMatch(m)) {
                        continue;
                    }
                    const auto r
                        = eval::evaluateStatement(m_in.prepared.statements()[m.statement], request(a, g), variables);
                    for (std::size_t c : r.failedConditions) {
                        failures[{m.statement, c}].insert(g);
                    }
                }
            }
        }
    }
    for (const auto& [where, groups] : failures) {
        analyzeFailedCondition(statement(where.first), where.second, groups);
    }

    // Another account's log group must be refused: else the condition is missing or allows any account.
    const std::string other = m_in.account == "999999999999" ? "888888888888" : "999999999999";
    const std::string otherGroup = logGroupArn(m_in.partition, m_in.context.region, other, m_in.environment, "Task");
    std::set<std::size_t> broad;
    m_groups.push_back(otherGroup);
    m_contextIds.push_back(-1);
    for (const Decision& od : eval::evaluateActions(m_in.prepared, request(0, m_groups.size() - 1), m_actions)) {
        for (const auto& m : od.allows) {
            if (od.allowed() && explicitLogsMatch(m)) {
                broad.insert(m.statement);
            }
        }
    }
    for (std::size_t s : broad) {
        reportBroad(statement(s), otherGroup);
    }
}

void LogsCheck::reportMissingOrRegion()
{
    bool wrongRegion = false;
    for (const StatementView& s : m_in.policy.statements) {
        if (!s.isAllow() || !s.hasPrincipal) {
            continue;
        }
        bool statementReported = false;
        for (const PrincipalRef& p : s.principals) {
            if (p.type != "Service" || p.value == m_service) {
                continue;
            }
            const auto region = regionOfServicePrincipal("logs", p.value);
            if (!region && p.value != "logs.amazonaws.com") {
                continue;
            }
            std::string named = region && isRegionCode(*region) ? *region : std::string("no region");
            if (region && *region == m_in.context.region) {
                named = "the DNS suffix \"" + p.value.substr(6 + region->size()) + "\"";
            }
            nlohmann::json fix = nlohmann::json::array();
            fix.push_back({{"op", "replace"}, {"path", p.pointer}, {"value", m_service}});
            m_emit.addUnique("MWAA_LOGS_REGION_MISMATCH",
                             p.pointer,
                             false,
                             {"The CloudWatch Logs principal " + p.value, named, expectedRegionText()},
                             std::move(fix));
            wrongRegion = true;
            statementReported = true;
        }
        if (statementReported) {
            reportWrongRegionConditionValues(s);
        }
    }
    if (wrongRegion) {
        return;
    }
    const std::string value = m_in.accountKnown
        ? accountScopedLogsArn(m_in.partition, m_in.context.region, m_in.account)
        : accountScopedLogsArn(m_in.partition, m_in.context.region, "*");
    const std::string sid = uniqueSid(m_in.policy, "Allow CloudWatch Logs for MWAA");
    // The patch depends only on these inputs and on the shape of /Statement; a folder checked with one context asks
    // for the same patch again and again, and building it is a third of the profile's cost on such a policy.
    const Json& doc = m_in.document.json();
    const auto statements = doc.is_object() ? doc.find("Statement") : doc.end();
    std::string key = sid + '\n' + m_in.context.region + '\n' + value + '\n';
    if (!doc.is_object()) {
        key += "no object";
    } else if (statements == doc.end()) {
        key += "no statement";
    } else {
        key += statements->is_array() ? "array " + std::to_string(statements->size())
                                      : std::string(statements->type_name());
    }
    thread_local std::pair<std::string, nlohmann::json> last;
    if (last.first != key) {
        last = {key, appendStatementPatch(doc, logsStatement(sid, m_in.context.region, value))};
    }
    m_emit.add("MWAA_LOGS_STATEMENT_MISSING", "/Statement", false, {m_service}, last.second);
}

void LogsCheck::reportWrongRegionConditionValues(const StatementView& s)
{
    for (const ConditionEntry& c : s.conditions) {
        if (!equalsIgnoreCase(c.key, kLogsArnKey)) {
            continue;
        }
        for (const ValueRef& v : c.values) {
            auto arn = conditionArn(v);
            if (!arn) {
                continue;
            }
            const bool wrongPartition = !hasWildcard(arn->partition) && arn->partition != m_in.partition;
            const bool wrongRegion = !hasWildcard(arn->region) && arn->region != m_in.context.region;
            if (!wrongPartition && !wrongRegion) {
                continue;
            }
            const std::string named = wrongRegion ? arn->region : "partition " + arn->partition;
            if (wrongPartition) {
                arn->partition = m_in.partition;
            }
            if (wrongRegion) {
                arn->region = m_in.context.region;
            }
            nlohmann::json fix = nlohmann::json::array();
            fix.push_back({{"op", "replace"}, {"path", v.pointer}, {"value", arn->text()}});
            m_emit.addUnique("MWAA_LOGS_REGION_MISMATCH",
                             v.pointer,
                             false,
                             {"The condition value " + v.value, named, regionText("partition " + m_in.partition)},
                             std::move(fix));
            m_analyzedEntries.insert(c.keyPointer);
        }
    }
}

void LogsCheck::reportDenies(const std::vector<std::array<Decision, kGroups>>& d)
{
    std::map<std::size_t, std::vector<std::string>> denied;
    for (std::size_t a = 0; a < kActions; ++a) {
        for (std::size_t g = 0; g < kGroups; ++g) {
            for (const auto& m : d[a][g].denies) {
                auto& actions = denied[m.statement];
                if (std::find(actions.begin(), actions.end(), kLogsActions[a]) == actions.end()) {
                    actions.emplace_back(kLogsActions[a]);
                }
            }
        }
    }
    for (const auto& [index, actions] : denied) {
        const StatementView& s = statement(index);
        // The documented Logs statement written with Effect Deny (it names only the Logs principal and nothing
        // else allows Logs): the intent is an Allow, so the fix flips the Effect instead of adding a statement.
        nlohmann::json fix = nullptr;
        const bool onlyLogs = s.hasPrincipal && !s.principals.empty()
            && std::all_of(s.principals.begin(), s.principals.end(), [this](const PrincipalRef& p) {
                                  return isLogsService(p);
                              });
        const bool nothingElseAllows = std::none_of(d.begin(), d.end(), [](const auto& groups) {
            return std::any_of(groups.begin(), groups.end(), [](const Decision& x) { return !x.allows.empty(); });
        });
        if (onlyLogs && nothingElseAllows) {
            fix = nlohmann::json::array(
                {{{"op", "replace"}, {"path", appendPointer(s.pointer, "Effect")}, {"value", "Allow"}}});
        }
        if (Finding* f = m_emit.addUnique("MWAA_LOGS_DENIED", s.pointer, false, {joinList(actions)}, std::move(fix))) {
            f->choices = serviceExemption(s);
        }
    }
}

nlohmann::json LogsCheck::serviceExemption(const StatementView& s) const
{
    // A perimeter Deny (everyone, with conditions) that does not yet exempt AWS services: offering the exemption is a
    // choice, since it also lets every other AWS service principal through the perimeter.
    const bool everyone = s.hasPrincipal
        && std::any_of(s.principals.begin(), s.principals.end(), [](const PrincipalRef& p) { return p.value == "*"; });
    if (!everyone || !s.json || !s.json->contains("Condition") || !(*s.json)["Condition"].is_object()) {
        return nullptr;
    }
    const bool exempted = std::any_of(s.conditions.begin(), s.conditions.end(), [](const ConditionEntry& c) {
        return equalsIgnoreCase(c.key, "aws:PrincipalIsAWSService");
    });
    const Json& condition = (*s.json)["Condition"];
    if (exempted || (condition.contains("BoolIfExists") && !condition["BoolIfExists"].is_object())) {
        return nullptr;
    }
    const std::string block = appendPointer(appendPointer(s.pointer, "Condition"), "BoolIfExists");
    nlohmann::json patch = nlohmann::json::array();
    if (condition.contains("BoolIfExists")) {
        patch.push_back(
            {{"op", "add"}, {"path", appendPointer(block, "aws:PrincipalIsAWSService")}, {"value", "false"}});
    } else {
        patch.push_back(
            {{"op", "add"}, {"path", block}, {"value", Json::object({{"aws:PrincipalIsAWSService", "false"}})}});
    }
    return nlohmann::json::array(
        {{{"title", "Exempt AWS service principals from this Deny (BoolIfExists aws:PrincipalIsAWSService false)"},
          {"fix", std::move(patch)}}});
}

void LogsCheck::reportDepends(const std::vector<std::array<Decision, kGroups>>& d)
{
    for (const auto& groups : d) {
        for (const Decision& decision : groups) {
            for (const Decision::Deciding& deciding : decision.deciding()) {
                const StatementView& s = statement(deciding.match->statement);
                if (deciding.deny) {
                    std::vector<Assumption> facts;
                    for (const auto& u : deciding.match->unknowns) {
                        facts.push_back(describeUnknown(m_in, u, s, false, "CloudWatch Logs' requests"));
                        addAssumption(m_in, facts.back());
                    }
                    // A "depends" variant of the catalogue entry: its own severity and message.
                    if (Finding* f = m_emit.addUnique("MWAA_LOGS_DENIED", s.pointer, false)) {
                        f->severity = Severity::Warning;
                        f->message = "This Deny statement refuses CloudWatch Logs the environment's log groups unless "
                            + assumptionsText(facts) + ".";
                    }
                    continue;
                }
                for (const auto& u : deciding.match->unknowns) {
                    const Assumption fact = describeUnknown(m_in, u, s, true, "CloudWatch Logs' requests");
                    addAssumption(m_in, fact);
                    const bool resource = u.fact == eval::kKeyArnFact;
                    if (Finding* f
                        = m_emit.addUnique(resource ? "MWAA_LOGS_RESOURCE" : "MWAA_LOGS_CONDITION",
                                           fact.pointer,
                                           !resource && fact.pointer.find("/Condition/") != std::string::npos)) {
                        f->severity = Severity::Warning;
                        f->message = "CloudWatch Logs can use the key for the environment's log groups only if "
                            + fact.fact + (fact.needed.empty() ? "" : " (give " + fact.needed + ")") + ".";
                    }
                }
            }
        }
    }
}

void LogsCheck::reportResources()
{
    for (std::size_t i = 0; i < m_in.policy.statements.size(); ++i) {
        const StatementView& s = statement(i);
        if (!s.isAllow() || !s.hasPrincipal || !s.hasResource || s.resources.empty()) {
            continue;
        }
        const bool namesLogs = std::any_of(
            s.principals.begin(), s.principals.end(), [this](const PrincipalRef& p) { return isLogsService(p); });
        // A Resource with a policy variable is left to the evaluator's answers for each request.
        const bool variables = std::any_of(s.resources.begin(), s.resources.end(), [](const ValueRef& r) {
            return r.value.find("${") != std::string::npos;
        });
        if (!namesLogs || variables || eval::matchResources(s, m_request, false) != eval::Truth::False) {
            continue;
        }
        m_neverThisKey.insert(i);
        std::string written;
        for (const ValueRef& r : s.resources) {
            written += (written.empty() ? "" : ", ") + r.value;
        }
        const std::string element = appendPointer(s.pointer, "Resource");
        nlohmann::json fix = nlohmann::json::array({{{"op", "replace"}, {"path", element}, {"value", "*"}}});
        const std::string keyText = m_in.keyResource.empty()
            ? std::string("an alias, or a key of another region, account or partition, is never the key")
            : "it does not match the key " + m_in.keyResource;
        m_emit.addUnique("MWAA_LOGS_RESOURCE",
                         s.resources.size() == 1 ? s.resources.front().pointer : element,
                         false,
                         {written, keyText},
                         std::move(fix));
    }
}

bool LogsCheck::reportPrincipalUnderAws()
{
    bool reported = false;
    for (const StatementView& s : m_in.policy.statements) {
        if (!s.isAllow() || !s.hasPrincipal || !s.json || !s.json->contains("Principal")) {
            continue;
        }
        const Json& principal = (*s.json)["Principal"];
        for (const PrincipalRef& p : s.principals) {
            if (p.type != "AWS" || p.value != m_service) {
                continue;
            }
            // Move the name from AWS to Service when that is one JSON Patch with no choice in it: AWS holds only it
            // and Service is absent.
            nlohmann::json fix = nullptr;
            const std::string principalPointer = appendPointer(s.pointer, "Principal");
            if (principal.is_object() && !principal.contains("Service") && principal.contains("AWS")
                && (principal["AWS"].is_string() || (principal["AWS"].is_array() && principal["AWS"].size() == 1))) {
                fix = nlohmann::json::array({{{"op", "move"},
                                              {"from", appendPointer(principalPointer, "AWS")},
                                              {"path", appendPointer(principalPointer, "Service")}}});
            }
            m_emit.addUnique("MWAA_LOGS_PRINCIPAL_TYPE", p.pointer, false, {p.value}, std::move(fix));
            reported = true;
        }
    }
    return reported;
}

void LogsCheck::reportMissingActions(const std::vector<std::string>& missing,
                                     const std::set<std::size_t>& logsStatements)
{
    const StatementView* primary = nullptr;
    for (std::size_t i : logsStatements) {
        if (statement(i).hasAction) {
            primary = &statement(i);
            break;
        }
    }
    if (!primary && !logsStatements.empty()) {
        primary = &statement(*logsStatements.begin());
    }
    if (!primary) { // allowed only through "*" or NotPrincipal statements: nothing names CloudWatch Logs
        m_emit.add("MWAA_LOGS_ACTIONS_INCOMPLETE", "/Statement", false, {m_service, joinList(missing)});
        return;
    }
    const std::string element = appendPointer(primary->pointer, primary->hasAction ? "Action" : "NotAction");
    nlohmann::json fix = nullptr;
    if (primary->hasAction && primary->json) {
        const Json& action = (*primary->json)["Action"];
        fix = nlohmann::json::array();
        if (action.is_array()) {
            for (const auto& a : missing) {
                fix.push_back({{"op", "add"}, {"path", element + "/-"}, {"value", a}});
            }
        } else if (action.is_string()) {
            nlohmann::json list = nlohmann::json::array({action.get<std::string>()});
            for (const auto& a : missing) {
                list.push_back(a);
            }
            fix.push_back({{"op", "replace"}, {"path", element}, {"value", list}});
        } else {
            fix = nullptr;
        }
    }
    m_emit.addUnique("MWAA_LOGS_ACTIONS_INCOMPLETE", element, false, {m_service, joinList(missing)}, std::move(fix));
}

nlohmann::json LogsCheck::moveToArnLike(const StatementView& s, const ConditionEntry& c, const ParsedOperator& op) const
{
    std::string target = op.set == SetPrefix::ForAllValues ? "ForAllValues:"
                                                           : (op.set == SetPrefix::ForAnyValue ? "ForAnyValue:" : "");
    target += "ArnLike";
    if (op.ifExists) {
        target += "IfExists";
    }
    const std::string conditionPointer = appendPointer(s.pointer, "Condition");
    const std::string targetPointer = appendPointer(conditionPointer, target);
    const Json& condition = (*s.json)["Condition"];
    nlohmann::json patch = nlohmann::json::array();
    if (const auto it = condition.find(target); it != condition.end()) {
        if (!it->is_object() || it->contains(c.key)) {
            return nullptr; // the target already constrains this key: no single right merge
        }
    } else {
        patch.push_back({{"op", "add"}, {"path", targetPointer}, {"value", nlohmann::json::object()}});
    }
    patch.push_back({{"op", "move"}, {"from", c.keyPointer}, {"path", appendPointer(targetPointer, c.key)}});
    const Json& block = condition[c.op];
    if (block.is_object() && block.size() == 1) {
        patch.push_back({{"op", "remove"}, {"path", c.opPointer}});
    }
    return patch;
}

bool LogsCheck::reportOperatorCannotMatch(const StatementView& s, const ConditionEntry& c, const ParsedOperator& op)
{
    if (op.base->family != OperatorFamily::String || op.base->wildcards || op.base->negated) {
        return false;
    }
    const auto wild
        = std::find_if(c.values.begin(), c.values.end(), [](const ValueRef& v) { return hasWildcard(v.value); });
    if (wild == c.values.end()) {
        return false;
    }
    m_emit.addUnique("MWAA_LOGS_CONDITION",
                     c.opPointer,
                     true,
                     {c.op + " compares " + c.key + " literally, so the pattern " + wild->value
                      + " cannot match the environment's log groups (" + m_groupsText + "); use ArnLike."},
                     moveToArnLike(s, c, op));
    return true;
}

void LogsCheck::analyzeFailedCondition(const StatementView& s, std::size_t index, const std::set<std::size_t>& groups)
{
    const ConditionEntry& c = s.conditions[index];
    if (m_analyzedEntries.count(c.keyPointer)) {
        return;
    }
    m_analyzedEntries.insert(c.keyPointer);
    const auto op = Vocabulary::instance().parseOperator(c.op);
    if (!op) {
        return; // CONDITION_OPERATOR_UNKNOWN says it
    }
    std::vector<std::string> failed;
    for (std::size_t g : groups) {
        failed.push_back(shortGroup(g));
    }
    const std::string failedText = joinList(failed);

    if (!equalsIgnoreCase(c.key, kLogsArnKey)) {
        m_emit.addUnique("MWAA_LOGS_CONDITION",
                         c.keyPointer,
                         true,
                         {"The condition " + c.op + " on " + c.key + " is never met by CloudWatch Logs' requests for "
                          + failedText + " (" + std::string(kLogsArnKey)
                          + " is the only encryption-context key they carry; they come from a service principal, "
                            "not through another service), so CloudWatch Logs is refused."});
        return;
    }
    if (reportOperatorCannotMatch(s, c, *op)) {
        return;
    }
    if (op->base->negated) {
        m_emit.addUnique(
            "MWAA_LOGS_CONDITION",
            c.keyPointer,
            true,
            {"The condition " + c.op + " on " + c.key + " refuses the environment's log groups " + failedText + "."});
        return;
    }
    bool valueReported = false;
    for (const ValueRef& v : c.values) {
        auto arn = conditionArn(v);
        if (!arn) {
            continue;
        }
        const bool wrongPartition = !hasWildcard(arn->partition) && arn->partition != m_in.partition;
        const bool wrongRegion = !hasWildcard(arn->region) && arn->region != m_in.context.region;
        if (wrongPartition || wrongRegion) {
            const std::string named = wrongRegion ? arn->region : "partition " + arn->partition;
            arn->partition = hasWildcard(arn->partition) ? arn->partition : m_in.partition;
            arn->region = hasWildcard(arn->region) ? arn->region : m_in.context.region;
            nlohmann::json fix = nlohmann::json::array();
            fix.push_back({{"op", "replace"}, {"path", v.pointer}, {"value", arn->text()}});
            m_emit.addUnique("MWAA_LOGS_REGION_MISMATCH",
                             v.pointer,
                             false,
                             {"The condition value " + v.value, named, regionText("partition " + m_in.partition)},
                             std::move(fix));
            valueReported = true;
        } else if (m_in.accountKnown && !hasWildcard(arn->account) && arn->account != m_in.account) {
            const std::string named = arn->account;
            arn->account = m_in.account;
            nlohmann::json fix = nlohmann::json::array();
            fix.push_back({{"op", "replace"}, {"path", v.pointer}, {"value", arn->text()}});
            m_emit.addUnique("MWAA_LOGS_CONDITION",
                             v.pointer,
                             false,
                             {"The condition value " + v.value + " names account " + named
                              + "; the environment's log groups are in account " + m_in.account + "."},
                             std::move(fix));
            valueReported = true;
        }
    }
    if (valueReported) {
        return;
    }
    const bool single = c.values.size() == 1;
    const std::string where = single ? c.values.front().pointer : c.keyPointer;
    std::string values;
    for (const ValueRef& v : c.values) {
        values += (values.empty() ? "" : ", ") + v.value;
    }
    const bool literalVariables = !m_in.prepared.policyVariables() && values.find("${") != std::string::npos;
    m_emit.addUnique("MWAA_LOGS_CONDITION",
                     where,
                     !single,
                     {"The condition " + c.op + " " + (values.empty() ? std::string("(no value)") : values)
                      + " does not match the log groups " + failedText + "; MWAA writes to " + m_groupsText
                      + " (Task, DAGProcessing, Scheduler, WebServer, Worker)."
                      + (literalVariables ? " The policy variable is literal text here: variables are "
                                            "substituted only under Version 2012-10-17."
                                          : "")});
}

void LogsCheck::reportBroad(const StatementView& s, const std::string& otherGroup)
{
    const std::string suggested
        = m_in.accountKnown ? accountScopedLogsArn(m_in.partition, m_in.context.region, m_in.account) : std::string();
    bool valueReported = false;
    for (const ConditionEntry& c : s.conditions) {
        if (!equalsIgnoreCase(c.key, kLogsArnKey)) {
            continue;
        }
        const auto op = Vocabulary::instance().parseOperator(c.op);
        if (!op || op->base->negated || op->base->family == OperatorFamily::Null) {
            continue;
        }
        for (const ValueRef& v : c.values) {
            if (!eval::compareValue(op->base->name, v.value, otherGroup)) {
                continue;
            }
            nlohmann::json fix = nullptr;
            std::string tighter = suggested.empty() ? std::string("the account id") : suggested;
            if (m_in.accountKnown) {
                auto arn = eval::parseArn(v.value);
                std::string replacement = suggested;
                if (arn && arn->service == "logs" && hasWildcard(arn->account)) {
                    arn->account = m_in.account;
                    replacement = arn->text();
                }
                tighter = replacement;
                fix = nlohmann::json::array();
                fix.push_back({{"op", "replace"}, {"path", v.pointer}, {"value", replacement}});
            }
            m_emit.addUnique("MWAA_LOGS_CONDITION_BROAD", v.pointer, false, {v.value, tighter}, std::move(fix));
            valueReported = true;
        }
    }
    if (valueReported) {
        return;
    }
    // No logs-ARN condition limits the statement: add one.
    const std::string value
        = suggested.empty() ? accountScopedLogsArn(m_in.partition, m_in.context.region, "*") : suggested;
    const std::string condition = appendPointer(s.pointer, "Condition");
    nlohmann::json fix = nlohmann::json::array();
    const Json* existing = s.json && s.json->contains("Condition") ? &(*s.json)["Condition"] : nullptr;
    if (!existing) {
        appendAddValue(fix, condition, Json::object({{"ArnLike", Json::object({{std::string(kLogsArnKey), value}})}}));
    } else if (!existing->is_object()) {
        fix = nullptr;
    } else if (const auto it = existing->find("ArnLike"); it != existing->end()) {
        if (it->is_object() && !it->contains(std::string(kLogsArnKey))) {
            fix.push_back({{"op", "add"},
                           {"path", appendPointer(appendPointer(condition, "ArnLike"), kLogsArnKey)},
                           {"value", value}});
        } else {
            fix = nullptr;
        }
    } else {
        appendAddValue(fix, appendPointer(condition, "ArnLike"), Json::object({{std::string(kLogsArnKey), value}}));
    }
    // The catalogue's message names a condition value; this statement has no such condition, so the text says what
    // to add.
    if (Finding* f = m_emit.addUnique("MWAA_LOGS_CONDITION_BROAD", s.pointer, false, {}, std::move(fix))) {
        f->severity = Severity::Suggestion;
        f->message = "The CloudWatch Logs statement has no " + std::string(kLogsArnKey)
            + " condition that limits it to the environment's log groups, so CloudWatch Logs can use the key for any "
              "log group of any account; add ArnLike "
            + value + ".";
    }
}

} // namespace

namespace {

/** The Logs check of one region the environment could be in, into lists of its own (nothing reported). */
struct RegionRun
{
    std::string region;
    std::vector<Finding> findings;
    std::vector<Assumption> assumptions;
    bool refused = false; ///< an error: CloudWatch Logs certainly cannot use the key there
};

RegionRun runInRegion(const ProfileInput& in, std::string_view region)
{
    RegionRun run;
    run.region = std::string(region);
    const MwaaContext context = contextInRegion(in, run.region);
    const ProfileInput regional = inRegion(in, context, &run.assumptions);
    Emitter scratch(in.document, run.findings);
    LogsCheck(regional, scratch).run();
    run.refused = std::any_of(
        run.findings.begin(), run.findings.end(), [](const Finding& f) { return f.severity == Severity::Error; });
    return run;
}

/** The first statement that names CloudWatch Logs' principal of `region` (the verdict's region depends on it). */
std::string logsStatementOf(const ProfileInput& in, std::string_view region)
{
    for (const auto& s : in.policy.statements) {
        for (const auto& p : s.principals) {
            if (p.type == "Service"
                && regionOfServicePrincipal("logs", p.value) == std::optional<std::string>(region)) {
                return s.pointer;
            }
        }
    }
    return {};
}

} // namespace

MwaaContext contextInRegion(const ProfileInput& in, const std::string& region)
{
    MwaaContext context = in.context;
    context.region = region;
    context.regionSource = ContextSource::Given;
    return context;
}

ProfileInput inRegion(const ProfileInput& in, const MwaaContext& context, std::vector<Assumption>* assumptions)
{
    const std::string suffix = "." + context.region + "." + dnsSuffixOfPartition(in.partition);
    return ProfileInput{in.document,
                        in.policy,
                        in.prepared,
                        context,
                        in.options,
                        in.partition,
                        in.account,
                        in.accountKnown,
                        in.environment,
                        in.environmentKnown,
                        in.keyResource,
                        in.keyArn,
                        "logs" + suffix,
                        "airflow" + suffix,
                        assumptions,
                        nullptr};
}

bool regionDecided(const ProfileInput& in)
{
    const KeyIdentifier key = parseKeyIdentifier(in.context.key);
    const bool keyRegion = (key.form == KeyIdentifier::Form::KeyArn || key.form == KeyIdentifier::Form::AliasArn)
        && key.region == in.context.region; // an MWAA environment's key is in its region
    return in.context.regionSource == ContextSource::Given || (!in.context.region.empty() && keyRegion);
}

std::vector<std::string> candidateRegions(const ProfileInput& in, std::string_view except, std::string_view alsoIn)
{
    std::vector<std::string> named;
    std::string unnamed;
    const std::string& text = in.document.text();
    for (const KnownRegion& r : knownRegions()) {
        if (r.partition != in.partition || r.code == except) {
            continue;
        }
        if (text.find(r.code) != std::string::npos || alsoIn.find(r.code) != std::string_view::npos) {
            named.emplace_back(r.code);
        } else if (unnamed.empty()) {
            unnamed = std::string(r.code);
        }
    }
    if (!unnamed.empty()) {
        named.push_back(std::move(unnamed));
    }
    return named;
}

std::string regionsText(const std::vector<std::string>& regions)
{
    std::string out = regions.size() == 1 ? "region " : "one of the regions ";
    for (std::size_t i = 0; i < regions.size(); ++i) {
        out += (i == 0 ? "" : i + 1 == regions.size() ? " or " : ", ") + regions[i];
    }
    return out;
}

void checkLogs(const ProfileInput& in, Emitter& emit)
{
    if (regionDecided(in)) {
        LogsCheck(in, emit).run();
        return;
    }
    // The region was not given: whether CloudWatch Logs can use the key may depend on it. Each region the policy
    // can treat differently is tried; the verdict depends on the region when some can and some cannot, and is "not
    // ready" when none can. An inferred region (the policy's own Logs principal) is the one reported in detail.
    std::vector<std::string> usable;
    if (!in.context.region.empty()) {
        const std::size_t before = std::count_if(emit.findings().begin(), emit.findings().end(), [](const Finding& f) {
            return f.severity == Severity::Error;
        });
        LogsCheck(in, emit).run();
        const std::size_t after = std::count_if(emit.findings().begin(), emit.findings().end(), [](const Finding& f) {
            return f.severity == Severity::Error;
        });
        if (after > before) {
            return; // not ready as written; other regions are not tried (the findings name this one)
        }
        usable.push_back(in.context.region);
    }
    const std::string& text = in.document.text();
    std::vector<RegionRun> refused;
    std::vector<RegionRun> runs;
    for (const std::string& region : candidateRegions(in, in.context.region)) {
        RegionRun run = runInRegion(in, region);
        if (run.refused) {
            refused.push_back(std::move(run));
        } else {
            usable.push_back(run.region);
            runs.push_back(std::move(run));
        }
    }
    if (refused.empty()) {
        return; // CloudWatch Logs can use the key whatever the region (or as the context already says)
    }
    if (usable.empty()) {
        // No region: the findings of the region the policy does not name (the last run) locate the problem.
        const RegionRun& any = refused.back();
        const auto first = std::find_if(
            any.findings.begin(), any.findings.end(), [](const Finding& f) { return f.severity == Severity::Error; });
        std::vector<std::string> why;
        for (const RegionRun& r : refused) {
            const auto e = std::find_if(
                r.findings.begin(), r.findings.end(), [](const Finding& f) { return f.severity == Severity::Error; });
            const bool unnamed = text.find(r.region) == std::string::npos;
            why.push_back((unnamed ? (refused.size() == 1 ? "every region" : "any other region") : r.region) + ": "
                          + e->code);
        }
        if (first->location.pointer.empty()) {
            emit.addOutsideText("MWAA_LOGS_NO_REGION", {joinList(why)});
        } else {
            emit.addUnique("MWAA_LOGS_NO_REGION", first->location.pointer, false, {joinList(why)});
        }
        return;
    }
    Assumption a;
    // CloudWatch Logs cannot use the key in the other regions (docs/mwaa.md): the fact is the region alone, so the
    // verdict reads "MWAA ready if the environment is in region us-west-2".
    a.fact = "the environment is in " + regionsText(usable);
    a.needed = "--region";
    a.pointer = logsStatementOf(in, usable.front());
    addAssumption(in, a);
    if (in.regions && in.assumptions) {
        // The execution role's check may narrow the regions further and rewrite this assumption.
        in.regions->narrowed = true;
        in.regions->usable = usable;
        in.regions->assumption = static_cast<std::size_t>(std::find(in.assumptions->begin(), in.assumptions->end(), a)
                                                          - in.assumptions->begin());
    }
    for (RegionRun& run : runs) {
        for (Assumption& other : run.assumptions) {
            addAssumption(in, std::move(other));
        }
    }
}

} // namespace kps::mwaa::detail
