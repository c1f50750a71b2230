// SPDX-License-Identifier: GPL-3.0-or-later
// The "Security and good practice" section: PUBLIC_ACCESS, ALLOW_NOT_PRINCIPAL, ALLOW_NOT_ACTION, BROAD_ADMIN,
// CROSS_ACCOUNT, SERVICE_NO_SOURCE, LOCKOUT_RISK, GRANT_NOT_FOR_AWS_RESOURCE, STATEMENT_REDUNDANT.
#include "core/checker/rules/AnalyzerRules.h"

#include "core/checker/Context.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace kps::rules {

namespace {

/// What the security rules need to know about one statement, computed once.
struct StatementFacts
{
    const StatementView* statement = nullptr;
    ActionSet actions; ///< what it allows or denies (NotAction already inverted)
    std::vector<PrincipalInfo> principals; ///< parallel to statement->principals
    bool limitsCaller = false;
    /// Whether its Resource can name this key: a statement with "Resource": [] or only an alias ARN applies to
    /// nothing, so it neither grants (PUBLIC_ACCESS, LOCKOUT_RISK's Allow) nor denies (LOCKOUT_RISK's Deny).
    KeyCoverage coverage = KeyCoverage::Always;
};

bool hasServiceGuard(const StatementView& statement)
{
    const Vocabulary& vocabulary = Vocabulary::instance();
    for (const auto& entry : statement.conditions) {
        const auto op = vocabulary.parseOperator(entry.op);
        if (!op || !op->base || op->base->negated || op->base->family == OperatorFamily::Null
            || !hasOnlyScalarValues(entry)) {
            continue;
        }
        if (equalsIgnoreCase(entry.key, "aws:SourceAccount") || equalsIgnoreCase(entry.key, "aws:SourceArn")
            || equalsIgnoreCase(entry.key, "aws:SourceOrgID") || equalsIgnoreCase(entry.key, "aws:SourceOrgPaths")
            || startsWithIgnoreCase(entry.key, "kms:EncryptionContext:")
            || equalsIgnoreCase(entry.key, "kms:EncryptionContextKeys")) {
            return true;
        }
    }
    return false;
}

bool requiresGrantForAwsResource(const StatementView& statement)
{
    const Vocabulary& vocabulary = Vocabulary::instance();
    for (const auto& entry : statement.conditions) {
        if (!equalsIgnoreCase(entry.key, "kms:GrantIsForAWSResource")) {
            continue;
        }
        const auto op = vocabulary.parseOperator(entry.op);
        if (!op || !op->base || op->base->negated
            || (op->base->family != OperatorFamily::Bool && op->base->family != OperatorFamily::String)) {
            continue;
        }
        if (hasOnlyScalarValues(entry) && std::all_of(entry.values.begin(), entry.values.end(), [](const ValueRef& v) {
                return equalsIgnoreCase(v.value, "true");
            })) {
            return true;
        }
    }
    return false;
}

/// The first Action entry whose expansion contains `bit`, else the NotAction (or Action) element itself.
std::string pointerOfAction(const StatementView& statement, std::size_t bit, ActionExpander& expander)
{
    if (statement.hasAction) {
        for (const auto& action : statement.actions) {
            if (expander.expand(action.value).test(bit)) {
                return action.pointer;
            }
        }
    }
    return appendPointer(statement.pointer, statement.hasAction ? "Action" : "NotAction");
}

std::string describeActions(const StatementView& statement)
{
    std::vector<std::string> names;
    names.reserve(statement.actions.size());
    for (const auto& action : statement.actions) {
        names.push_back(action.value);
    }
    if (!statement.hasAction && statement.hasNotAction) {
        return names.empty() ? "every action" : "every action except " + joinLimited(names);
    }
    return joinLimited(names);
}

/// The facts of every statement that is an object, in order.
std::vector<StatementFacts>
statementFacts(const PolicyView& policy, ActionExpander& expander, const std::string& keyArn = {})
{
    std::vector<StatementFacts> facts;
    facts.reserve(policy.statements.size());
    const bool policyVariables = policy.version && *policy.version == std::string_view("2012-10-17");
    for (const auto& statement : policy.statements) {
        if (!statement.json || !statement.json->is_object()) {
            continue;
        }
        StatementFacts f;
        f.statement = &statement;
        f.actions = expander.statementActions(statement);
        f.principals.reserve(statement.principals.size());
        for (const auto& p : statement.principals) {
            f.principals.push_back(classifyPrincipal(p));
        }
        f.limitsCaller = statementLimitsCaller(statement);
        f.coverage = statementCoversKey(statement, policyVariables, keyArn);
        facts.push_back(std::move(f));
    }
    return facts;
}

/// The key's account: given, or the one account that the root-delegation statements (account principal with every
/// key-policy action) delegate to. Empty when unknown or ambiguous.
std::string resolveKeyAccount(const std::string& given, const std::vector<StatementFacts>& facts)
{
    if (isAccountId(given)) {
        return given;
    }
    const ActionSet& effective = actionSets().effective;
    // Only whether there is exactly one account matters: remember the first, stop at a second.
    const std::string* account = nullptr;
    for (const auto& f : facts) {
        if (!f.statement->isAllow() || !f.statement->hasPrincipal || (effective & ~f.actions).any()
            || f.coverage == KeyCoverage::Never) {
            continue;
        }
        for (const auto& p : f.principals) {
            if (p.kind != PrincipalKind::Account) {
                continue;
            }
            if (!account) {
                account = &p.account;
            } else if (*account != p.account) {
                return {};
            }
        }
    }
    return account ? *account : std::string();
}

void checkAllowStatement(const StatementFacts& f,
                         const std::string& keyAccount,
                         ActionExpander& expander,
                         Emitter& emit)
{
    const StatementView& s = *f.statement;
    const ActionSets& sets = actionSets();
    if (s.hasNotPrincipal && !s.hasPrincipal) {
        emit.add("ALLOW_NOT_PRINCIPAL", appendPointer(s.pointer, "NotPrincipal"), true);
    }
    if (s.hasNotAction && !s.hasAction) {
        emit.add("ALLOW_NOT_ACTION", appendPointer(s.pointer, "NotAction"), true);
    }
    if (!s.hasPrincipal || (f.actions & sets.effective).none()) {
        return; // NotPrincipal is ALLOW_NOT_PRINCIPAL's; a statement that allows nothing effective widens nothing
    }

    bool publicReported = false;
    for (std::size_t i = 0; i < f.principals.size(); ++i) {
        if (f.principals[i].kind == PrincipalKind::Wildcard && !f.limitsCaller && !publicReported) {
            emit.add("PUBLIC_ACCESS", s.principals[i].pointer, false, {describeActions(s)});
            publicReported = true;
        }
    }

    const bool everything = (sets.effective & ~f.actions).none();
    for (std::size_t i = 0; i < f.principals.size(); ++i) {
        const PrincipalInfo& p = f.principals[i];
        const PrincipalRef& ref = s.principals[i];
        if (everything
            && (p.kind == PrincipalKind::IamPrincipal || p.kind == PrincipalKind::Service
                || (p.kind == PrincipalKind::Wildcard && f.limitsCaller))) {
            emit.add("BROAD_ADMIN",
                     ref.pointer,
                     false,
                     {p.kind == PrincipalKind::Wildcard ? "Every principal the condition admits" : ref.value,
                      describeActions(s)});
        }
        if (!keyAccount.empty() && !p.account.empty() && p.account != keyAccount) {
            emit.add("CROSS_ACCOUNT", ref.pointer, false, {ref.value, p.account, keyAccount});
        }
    }

    if (!hasServiceGuard(s)) {
        for (std::size_t i = 0; i < f.principals.size(); ++i) {
            if (f.principals[i].kind == PrincipalKind::Service) {
                emit.add("SERVICE_NO_SOURCE", s.principals[i].pointer, false, {s.principals[i].value});
            }
        }
    }

    // Principals that may also change the key policy gain nothing from the condition: skip them (key
    // administrators, the account principal). Services create grants for themselves.
    if (f.actions.test(sets.createGrant) && !f.actions.test(sets.putKeyPolicy) && !requiresGrantForAwsResource(s)) {
        std::vector<std::string> grantees;
        for (std::size_t i = 0; i < f.principals.size(); ++i) {
            const PrincipalKind kind = f.principals[i].kind;
            if (kind == PrincipalKind::IamPrincipal || kind == PrincipalKind::Wildcard) {
                grantees.push_back(s.principals[i].value);
            }
        }
        if (!grantees.empty()) {
            emit.add("GRANT_NOT_FOR_AWS_RESOURCE",
                     pointerOfAction(s, sets.createGrant, expander),
                     false,
                     {joinLimited(grantees)});
        }
    }
}

void checkLockout(const GenericInput& input,
                  const std::vector<StatementFacts>& facts,
                  const std::string& keyAccount,
                  ActionExpander& expander,
                  Emitter& emit)
{
    if (facts.empty()) {
        return; // STATEMENT_MISSING or NOT_AN_OBJECT says it
    }
    const std::size_t put = actionSets().putKeyPolicy;
    bool allowed = false;
    for (const auto& f : facts) {
        const StatementView& s = *f.statement;
        if (f.coverage == KeyCoverage::Never) {
            continue; // applies to no resource: it neither allows nor denies kms:PutKeyPolicy on this key
        }
        if (s.isDeny() && f.actions.test(put) && s.hasPrincipal && !s.hasCondition
            && std::any_of(f.principals.begin(), f.principals.end(), [](const PrincipalInfo& p) {
                   return p.kind == PrincipalKind::Wildcard;
               })) {
            // A Resource or NotResource that names keys applies to this one only if it is one of them (the key's
            // ARN decides: --key): a lockout then, not for certain.
            const bool certain = f.coverage == KeyCoverage::Always;
            Finding& lockout = emit.add(
                "LOCKOUT_RISK",
                pointerOfAction(s, put, expander),
                false,
                {certain ? std::string("This statement denies kms:PutKeyPolicy to every principal without a condition")
                         : std::string("If its Resource applies to this key (give --key to decide), this statement "
                                       "denies kms:PutKeyPolicy to every principal without a condition")});
            if (!certain) {
                lockout.severity = Severity::Warning;
            }
        }
        if (!s.isAllow() || !f.actions.test(put)) {
            continue;
        }
        if (s.hasNotPrincipal && !s.hasPrincipal) {
            allowed = true; // everyone but the listed principals
        }
        for (const auto& p : f.principals) {
            if (p.kind == PrincipalKind::Wildcard
                || ((p.kind == PrincipalKind::Account || p.kind == PrincipalKind::IamPrincipal)
                    && (keyAccount.empty() || p.account == keyAccount))) {
                allowed = true;
            }
        }
    }
    if (!allowed) {
        const bool array = input.policy.statementIsArray;
        emit.add("LOCKOUT_RISK",
                 array ? "/Statement" : facts.front().statement->pointer,
                 false,
                 {"No statement allows kms:PutKeyPolicy to the account or a named principal"});
    }
}

struct RedundancyCandidate
{
    const StatementFacts* facts = nullptr;
    std::vector<int> principals; ///< interned canonical forms, sorted, unique
    std::vector<int> resources; ///< interned, sorted, unique
    bool anyPrincipal = false;
    bool anyResource = false;
    const Json* condition = nullptr; ///< null when the statement has no (or an empty) Condition
};

bool covers(const RedundancyCandidate& b, const RedundancyCandidate& a)
{
    if ((a.facts->actions & ~b.facts->actions).any()) {
        return false;
    }
    if (!b.anyPrincipal
        && !std::includes(b.principals.begin(), b.principals.end(), a.principals.begin(), a.principals.end())) {
        return false;
    }
    if (!b.anyResource
        && !std::includes(b.resources.begin(), b.resources.end(), a.resources.begin(), a.resources.end())) {
        return false;
    }
    return b.condition == nullptr || (a.condition != nullptr && *a.condition == *b.condition);
}

void checkRedundancy(const std::vector<StatementFacts>& facts, Emitter& emit)
{
    std::vector<RedundancyCandidate> candidates;
    // Interning turns the pairwise subset tests into integer comparisons.
    std::unordered_map<std::string_view, int> ids;
    auto intern = [&ids](std::string_view s) {
        return ids.emplace(s, static_cast<int>(ids.size())).first->second;
    };
    for (const auto& f : facts) {
        const StatementView& s = *f.statement;
        if (!s.isAllow() || !s.hasPrincipal || s.hasNotPrincipal || !s.hasAction || s.hasNotAction || !s.hasResource
            || s.hasNotResource || f.actions.none() || f.principals.empty()) {
            continue;
        }
        RedundancyCandidate c;
        c.facts = &f;
        bool valid = true;
        for (const auto& p : f.principals) {
            valid = valid && p.kind != PrincipalKind::Invalid;
            c.anyPrincipal = c.anyPrincipal || p.kind == PrincipalKind::Wildcard;
            c.principals.push_back(intern(p.canonical));
        }
        if (!valid) {
            continue;
        }
        for (const auto& r : s.resources) {
            c.anyResource = c.anyResource || r.value == std::string_view("*");
            c.resources.push_back(intern(r.value));
        }
        for (auto* list : {&c.principals, &c.resources}) {
            std::sort(list->begin(), list->end());
            list->erase(std::unique(list->begin(), list->end()), list->end());
        }
        if (const Json* condition = s.element(StatementElement::Condition);
            condition && condition->is_object() && !condition->empty()) {
            c.condition = condition;
        }
        candidates.push_back(std::move(c));
    }
    // Statement j covers i only if j allows any principal or names every principal of i: the candidates to test for
    // i are those with a wildcard principal and those naming i's least named principal, taken in the same (index)
    // order as testing every other candidate would. A policy of thousands of statements with their own principals
    // is then checked in linear time rather than quadratic (20,000 statements: seconds).
    std::vector<std::vector<std::size_t>> naming(ids.size());
    std::vector<std::size_t> anyPrincipal;
    for (std::size_t j = 0; j < candidates.size(); ++j) {
        if (candidates[j].anyPrincipal) {
            anyPrincipal.push_back(j);
        }
        for (const int p : candidates[j].principals) {
            naming[static_cast<std::size_t>(p)].push_back(j);
        }
    }
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const std::vector<std::size_t>* named = &naming[static_cast<std::size_t>(candidates[i].principals.front())];
        for (const int p : candidates[i].principals) {
            if (naming[static_cast<std::size_t>(p)].size() < named->size()) {
                named = &naming[static_cast<std::size_t>(p)];
            }
        }
        auto x = named->begin();
        auto y = anyPrincipal.begin();
        std::size_t previous = candidates.size();
        while (x != named->end() || y != anyPrincipal.end()) {
            const std::size_t j = (y == anyPrincipal.end() || (x != named->end() && *x < *y)) ? *x++ : *y++;
            if (j == previous) {
                continue; // in both lists
            }
            previous = j;
            if (i == j || !covers(candidates[j], candidates[i])) {
                continue;
            }
            // Identical statements cover each other: report only the later one.
            if (j > i && covers(candidates[i], candidates[j])) {
                continue;
            }
            const StatementView& redundant = *candidates[i].facts->statement;
            emit.add(
                "STATEMENT_REDUNDANT", redundant.pointer, false, {describeStatement(*candidates[j].facts->statement)});
            break;
        }
    }
}

} // namespace

void checkSecurity(const GenericInput& input, std::vector<Finding>& out)
{
    if (!input.policy.isObject) {
        return;
    }
    Emitter emit(input.document, out);
    ActionExpander expander;
    const std::vector<StatementFacts> facts = statementFacts(input.policy, expander, input.keyArn);
    const std::string keyAccount = resolveKeyAccount(input.keyAccount, facts);
    for (const auto& f : facts) {
        if (f.statement->isAllow() && f.coverage != KeyCoverage::Never) {
            checkAllowStatement(f, keyAccount, expander, emit);
        }
    }
    checkLockout(input, facts, keyAccount, expander, emit);
    checkRedundancy(facts, emit);
}

std::string delegatedAccount(const PolicyView& policy)
{
    if (!policy.isObject) {
        return {};
    }
    ActionExpander expander;
    return resolveKeyAccount({}, statementFacts(policy, expander));
}

} // namespace kps::rules
