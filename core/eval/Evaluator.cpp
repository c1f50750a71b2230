// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/eval/Evaluator.h"

#include "core/checker/Context.h"
#include "core/eval/Arn.h"
#include "core/eval/Conditions.h"
#include "core/vocab/Vocabulary.h"

#include <algorithm>

namespace kps::eval {

PreparedPrincipal preparePrincipal(const PrincipalRef& entry)
{
    using Kind = PreparedPrincipal::Kind;
    PreparedPrincipal p;
    p.value = entry.value;
    p.pointer = entry.pointer;
    if ((entry.type == "*" || entry.type == "AWS") && entry.value == "*") {
        p.kind = Kind::Everyone;
    } else if (entry.type == "Service") {
        p.kind = Kind::Service;
    } else if (entry.type == "AWS") {
        if (isAccountId(entry.value)) {
            p.kind = Kind::Account;
            p.account = entry.value;
        } else if (const auto arn = parseArn(entry.value)) {
            p.account = arn->account;
            p.partition = arn->partition;
            if (arn->service == "iam" && arn->resource == "root") {
                p.kind = isAccountId(arn->account) ? Kind::Account : Kind::None;
            } else {
                p.kind = Kind::Arn;
                if (arn->service == "iam" && arn->resource.rfind("role/", 0) == 0) {
                    p.roleName = arn->resource.substr(arn->resource.rfind('/') + 1);
                }
            }
        }
    }
    return p;
}

namespace {

bool samePartition(const std::string& a, const std::string& b)
{
    return a.empty() || b.empty() || a == b;
}

/** Whether a prepared IAM ARN names the caller: its own ARN, or the role of its session. */
bool arnNamesCaller(const PreparedPrincipal& entry, const RequestPrincipal& p)
{
    if (entry.value == p.arn) {
        return true;
    }
    // A role ARN in a policy may carry a path (role/path/name); the session ARN only has the name.
    return !p.sessionRoleName.empty() && entry.roleName == p.sessionRoleName && entry.account == p.account
        && entry.partition == p.partition;
}

} // namespace

PrincipalMatch matchPrincipal(const PreparedPrincipal& entry, const RequestPrincipal& p)
{
    using Kind = PreparedPrincipal::Kind;
    switch (entry.kind) {
    case Kind::Everyone:
        return PrincipalMatch::Direct;
    case Kind::Service:
        return p.kind == PrincipalKind::Service && entry.value == p.service ? PrincipalMatch::Direct
                                                                            : PrincipalMatch::None;
    case Kind::Account:
        if (p.kind != PrincipalKind::Aws || entry.account != p.account
            || !samePartition(entry.partition, p.partition)) {
            return PrincipalMatch::None;
        }
        return p.isRoot() ? PrincipalMatch::Direct : PrincipalMatch::ViaAccount;
    case Kind::Arn:
        return p.kind == PrincipalKind::Aws && arnNamesCaller(entry, p) ? PrincipalMatch::Direct : PrincipalMatch::None;
    case Kind::None:
        return PrincipalMatch::None;
    }
    return PrincipalMatch::None;
}

PrincipalMatch matchPrincipal(const PrincipalRef& entry, const RequestPrincipal& principal)
{
    return matchPrincipal(preparePrincipal(entry), principal);
}

bool notPrincipalExcludes(const std::vector<PreparedPrincipal>& entries, const RequestPrincipal& p)
{
    using Kind = PreparedPrincipal::Kind;
    bool accountListed = false;
    bool selfListed = false;
    for (const auto& e : entries) {
        switch (e.kind) {
        case Kind::Everyone:
            return true;
        case Kind::Service:
            if (p.kind == PrincipalKind::Service && e.value == p.service) {
                return true;
            }
            break;
        case Kind::Account:
            accountListed = accountListed
                || (p.kind == PrincipalKind::Aws && e.account == p.account && samePartition(e.partition, p.partition));
            break;
        case Kind::Arn:
            selfListed = selfListed || (p.kind == PrincipalKind::Aws && arnNamesCaller(e, p));
            break;
        case Kind::None:
            break;
        }
    }
    if (p.kind != PrincipalKind::Aws) {
        return false;
    }
    return p.isRoot() ? accountListed : (accountListed && selfListed);
}

bool notPrincipalExcludes(const std::vector<PrincipalRef>& entries, const RequestPrincipal& principal)
{
    std::vector<PreparedPrincipal> prepared;
    prepared.reserve(entries.size());
    for (const auto& e : entries) {
        prepared.push_back(preparePrincipal(e));
    }
    return notPrincipalExcludes(prepared, principal);
}

bool matchAction(std::string_view pattern, std::string_view action)
{
    return wildcardMatch(pattern, action, true);
}

namespace {

PreparedStatement prepareStatement(const StatementView& s)
{
    PreparedStatement p;
    p.view = &s;
    p.principals.reserve(s.principals.size());
    for (const auto& e : s.principals) {
        p.principals.push_back(preparePrincipal(e));
    }
    p.operators.reserve(s.conditions.size());
    for (const auto& c : s.conditions) {
        p.operators.push_back(prepareOperator(c.op));
    }
    return p;
}

} // namespace

PreparedPolicy::PreparedPolicy(const PolicyView& policy)
    : m_view(&policy)
    , m_variables(policy.version && *policy.version == "2012-10-17")
{
    m_statements.reserve(policy.statements.size());
    for (const auto& s : policy.statements) {
        m_statements.push_back(prepareStatement(s));
    }
}

StatementResult evaluateStatement(const PreparedStatement& prepared,
                                  const Request& request,
                                  bool policyVariables,
                                  const EvalOptions& options)
{
    const StatementView& s = *prepared.view;
    StatementResult r;
    r.wellFormed = (s.isAllow() || s.isDeny()) && (options.identityPolicy || s.hasPrincipal || s.hasNotPrincipal)
        && (s.hasAction || s.hasNotAction) && (s.hasResource || s.hasNotResource);
    if (!r.wellFormed) {
        return r;
    }

    // Cheapest first: the action decides most statements. A KMS action's match is cached per statement.
    auto matchesAnyPattern = [&s](std::string_view action) {
        for (const auto& a : s.actions) {
            if (matchAction(a.value, action)) {
                return true;
            }
        }
        return false;
    };
    bool anyAction = false;
    if (request.actionIndex >= 0 && request.actionIndex < 64) {
        const std::uint64_t bit = std::uint64_t(1) << request.actionIndex;
        if (!(prepared.actionKnown & bit)) {
            prepared.actionKnown |= bit;
            if (matchesAnyPattern(request.action)) {
                prepared.actionMatched |= bit;
            }
        }
        anyAction = (prepared.actionMatched & bit) != 0;
    } else {
        anyAction = matchesAnyPattern(request.action);
    }
    r.actionMatches = s.hasAction ? anyAction : !anyAction;
    if (!r.actionMatches) {
        return r;
    }

    if (options.identityPolicy) {
        r.principal = PrincipalMatch::Direct;
    } else if (s.hasPrincipal) {
        for (const auto& entry : prepared.principals) {
            const PrincipalMatch m = matchPrincipal(entry, request.principal);
            if (m == PrincipalMatch::Direct
                || (m == PrincipalMatch::ViaAccount && r.principal == PrincipalMatch::None)) {
                r.principal = m;
                r.principalPointer = entry.pointer;
            }
            if (m == PrincipalMatch::Direct) {
                break;
            }
        }
    } else if (!notPrincipalExcludes(prepared.principals, request.principal)) {
        r.principal = PrincipalMatch::Direct;
    }
    if (r.principal == PrincipalMatch::None) {
        return r;
    }

    if (request.resource.empty()) {
        r.resourceMatches = true; // "this key": Resource "*" and any key ARN stand for it
    } else {
        bool anyResource = false;
        for (const auto& res : s.resources) {
            if (policyVariables && res.value.find("${") != std::string::npos) {
                const std::optional<std::string> pattern = substituteVariables(res.value, request.context);
                anyResource = pattern && wildcardMatch(*pattern, request.resource, false);
            } else {
                anyResource = wildcardMatch(res.value, request.resource, false);
            }
            if (anyResource) {
                break;
            }
        }
        r.resourceMatches = s.hasResource ? anyResource : !anyResource;
    }
    if (!r.appliesIgnoringConditions()) {
        return r;
    }
    const auto evaluateConditions = [&]() {
        std::vector<std::size_t> failed;
        for (std::size_t i = 0; i < s.conditions.size(); ++i) {
            const ConditionEntry& c = s.conditions[i];
            if (!evaluateCondition(prepared.operators[i], c.key, c.values, request.context, policyVariables)
                     .satisfied) {
                failed.push_back(i);
            }
        }
        return failed;
    };
    if (s.conditions.empty()) {
        // nothing to evaluate
    } else if (request.contextId < 0) {
        r.failedConditions = evaluateConditions();
    } else {
        auto& cache = prepared.failedByContext;
        auto it = std::find_if(
            cache.begin(), cache.end(), [&request](const auto& entry) { return entry.first == request.contextId; });
        if (it == cache.end()) {
            cache.emplace_back(request.contextId, evaluateConditions());
            it = cache.end() - 1;
        }
        r.failedConditions = it->second;
    }
    r.conditionsSatisfied = options.ignoreConditions || r.failedConditions.empty();
    return r;
}

StatementResult evaluateStatement(const StatementView& statement,
                                  const Request& request,
                                  bool policyVariables,
                                  const EvalOptions& options)
{
    return evaluateStatement(prepareStatement(statement), request, policyVariables, options);
}

std::string_view outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Allow:
        return "allow";
    case Outcome::ExplicitDeny:
        return "explicit deny";
    case Outcome::ImplicitDeny:
        return "implicit deny";
    }
    return "implicit deny";
}

bool Decision::onlyViaAccountDelegation() const
{
    if (!allowed()) {
        return false;
    }
    for (const auto& m : allows) {
        if (!m.viaAccountDelegation) {
            return false;
        }
    }
    return true;
}

Decision evaluate(const PreparedPolicy& policy, const Request& request, const EvalOptions& options)
{
    Decision d;
    const auto& statements = policy.statements();
    for (std::size_t i = 0; i < statements.size(); ++i) {
        const StatementResult r = evaluateStatement(statements[i], request, policy.policyVariables(), options);
        if (!r.applies()) {
            continue;
        }
        const StatementView& s = *statements[i].view;
        StatementMatch m{i, s.pointer, r.principal == PrincipalMatch::ViaAccount, r.principalPointer};
        (s.isDeny() ? d.denies : d.allows).push_back(std::move(m));
    }
    if (!d.denies.empty()) {
        d.outcome = Outcome::ExplicitDeny;
    } else if (!d.allows.empty()) {
        d.outcome = Outcome::Allow;
    }
    return d;
}

Decision evaluate(const PolicyView& policy, const Request& request, const EvalOptions& options)
{
    return evaluate(PreparedPolicy(policy), request, options);
}

} // namespace kps::eval
