// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/eval/Evaluator.h"

#include "core/checker/Context.h"
#include "core/eval/Arn.h"
#include "core/eval/Conditions.h"
#include "core/vocab/Vocabulary.h"

namespace kps::eval {

namespace {

/** The account an account-principal entry names, or "" when the entry is no account principal. */
std::string accountOfAccountPrincipal(const std::string& value, std::string* partition)
{
    if (isAccountId(value)) {
        return value;
    }
    const auto arn = parseArn(value);
    if (arn && arn->service == "iam" && arn->resource == "root" && isAccountId(arn->account)) {
        if (partition) {
            *partition = arn->partition;
        }
        return arn->account;
    }
    return {};
}

/** Whether an IAM ARN in a policy names the caller (its own ARN, or the role of its session). */
bool arnNamesCaller(const std::string& value, const RequestPrincipal& p)
{
    if (value == p.arn) {
        return true;
    }
    const auto sessionRole = roleArnOfSession(p.arn);
    if (!sessionRole) {
        return false;
    }
    // A role ARN in a policy may carry a path (role/path/name); the session ARN only has the name.
    const auto policyArn = parseArn(value);
    const auto callerRole = parseArn(*sessionRole);
    if (!policyArn || !callerRole || policyArn->service != "iam" || policyArn->resource.rfind("role/", 0) != 0) {
        return false;
    }
    const std::string& res = policyArn->resource;
    const std::string name = res.substr(res.rfind('/') + 1);
    return policyArn->partition == callerRole->partition && policyArn->account == callerRole->account
        && "role/" + name == callerRole->resource;
}

} // namespace

PrincipalMatch matchPrincipal(const PrincipalRef& entry, const RequestPrincipal& p)
{
    if (entry.type == "*") {
        return entry.value == "*" ? PrincipalMatch::Direct : PrincipalMatch::None;
    }
    if (entry.type == "AWS") {
        if (entry.value == "*") {
            return PrincipalMatch::Direct;
        }
        if (p.kind != PrincipalKind::Aws) {
            return PrincipalMatch::None;
        }
        std::string partition;
        const std::string account = accountOfAccountPrincipal(entry.value, &partition);
        if (!account.empty()) {
            if (account != p.account || (!partition.empty() && !p.partition.empty() && partition != p.partition)) {
                return PrincipalMatch::None;
            }
            return p.isRoot() ? PrincipalMatch::Direct : PrincipalMatch::ViaAccount;
        }
        return arnNamesCaller(entry.value, p) ? PrincipalMatch::Direct : PrincipalMatch::None;
    }
    if (entry.type == "Service") {
        return p.kind == PrincipalKind::Service && entry.value == p.service ? PrincipalMatch::Direct
                                                                            : PrincipalMatch::None;
    }
    return PrincipalMatch::None;
}

bool notPrincipalExcludes(const std::vector<PrincipalRef>& entries, const RequestPrincipal& p)
{
    bool accountListed = false;
    bool selfListed = false;
    for (const auto& e : entries) {
        if (e.value == "*" && (e.type == "*" || e.type == "AWS")) {
            return true;
        }
        if (e.type == "Service") {
            if (p.kind == PrincipalKind::Service && e.value == p.service) {
                return true;
            }
            continue;
        }
        if (e.type != "AWS" || p.kind != PrincipalKind::Aws) {
            continue;
        }
        std::string partition;
        const std::string account = accountOfAccountPrincipal(e.value, &partition);
        if (!account.empty()) {
            accountListed = accountListed
                || (account == p.account && (partition.empty() || p.partition.empty() || partition == p.partition));
        } else if (arnNamesCaller(e.value, p)) {
            selfListed = true;
        }
    }
    if (p.kind != PrincipalKind::Aws) {
        return false;
    }
    return p.isRoot() ? accountListed : (accountListed && selfListed);
}

bool matchAction(std::string_view pattern, std::string_view action)
{
    return wildcardMatch(pattern, action, true);
}

StatementResult
evaluateStatement(const StatementView& s, const Request& request, bool policyVariables, const EvalOptions& options)
{
    StatementResult r;
    r.wellFormed = (s.isAllow() || s.isDeny()) && (options.identityPolicy || s.hasPrincipal || s.hasNotPrincipal)
        && (s.hasAction || s.hasNotAction) && (s.hasResource || s.hasNotResource);
    if (!r.wellFormed) {
        return r;
    }

    if (options.identityPolicy) {
        r.principal = PrincipalMatch::Direct;
    } else if (s.hasPrincipal) {
        for (const auto& entry : s.principals) {
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
    } else if (!notPrincipalExcludes(s.principals, request.principal)) {
        r.principal = PrincipalMatch::Direct;
    }

    bool anyAction = false;
    for (const auto& a : s.actions) {
        if (matchAction(a.value, request.action)) {
            anyAction = true;
            break;
        }
    }
    r.actionMatches = s.hasAction ? anyAction : !anyAction;

    if (request.resource.empty()) {
        r.resourceMatches = true; // "this key": Resource "*" and any key ARN stand for it
    } else {
        bool anyResource = false;
        for (const auto& res : s.resources) {
            std::optional<std::string> pattern = res.value;
            if (policyVariables && res.value.find("${") != std::string::npos) {
                pattern = substituteVariables(res.value, request.context);
            }
            if (pattern && wildcardMatch(*pattern, request.resource, false)) {
                anyResource = true;
                break;
            }
        }
        r.resourceMatches = s.hasResource ? anyResource : !anyResource;
    }

    if (!r.appliesIgnoringConditions()) {
        return r;
    }
    for (std::size_t i = 0; i < s.conditions.size(); ++i) {
        const ConditionEntry& c = s.conditions[i];
        if (!evaluateCondition(c.op, c.key, c.values, request.context, policyVariables).satisfied) {
            r.failedConditions.push_back(i);
        }
    }
    r.conditionsSatisfied = options.ignoreConditions || r.failedConditions.empty();
    return r;
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

Decision evaluate(const PolicyView& policy, const Request& request, const EvalOptions& options)
{
    Decision d;
    const bool variables = policy.version && *policy.version == "2012-10-17";
    for (std::size_t i = 0; i < policy.statements.size(); ++i) {
        const StatementView& s = policy.statements[i];
        const StatementResult r = evaluateStatement(s, request, variables, options);
        if (!r.applies()) {
            continue;
        }
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

} // namespace kps::eval
