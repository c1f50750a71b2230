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
    // string_view literals: comparing a std::string with a char pointer costs a strlen each time.
    using namespace std::string_view_literals;
    const std::string_view type = entry.type;
    const std::string_view value = entry.value;
    p.value = entry.value;
    p.pointer = entry.pointer;
    if ((type == "*"sv || type == "AWS"sv) && value == "*"sv) {
        p.kind = Kind::Everyone;
    } else if (type == "Service"sv) {
        p.kind = Kind::Service;
    } else if (type == "AWS"sv) {
        if (isAccountId(value)) {
            p.kind = Kind::Account;
            p.account = value;
        } else if (const auto arn = splitArn(value)) {
            p.account = arn->account;
            p.partition = arn->partition;
            if (arn->service == "iam"sv && arn->resource == "root"sv) {
                p.kind = isAccountId(arn->account) ? Kind::Account : Kind::None;
            } else {
                p.kind = Kind::Arn;
                if (arn->service == "iam"sv && arn->resource.substr(0, 5) == "role/"sv) {
                    p.roleName = arn->resource.substr(arn->resource.rfind('/') + 1);
                }
            }
        }
    }
    return p;
}

namespace {

bool samePartition(std::string_view a, std::string_view b)
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
    p.actionPatterns.reserve(s.actions.size());
    for (const auto& a : s.actions) {
        using Shape = PreparedStatement::ActionPattern::Shape;
        const std::string_view text = a.value;
        // a plain loop: find_first_of calls memchr once per character
        std::size_t wildcard = 0;
        while (wildcard < text.size() && text[wildcard] != '*' && text[wildcard] != '?') {
            ++wildcard;
        }
        wildcard = wildcard == text.size() ? std::string_view::npos : wildcard;
        const Shape shape = wildcard == std::string_view::npos  ? Shape::Exact
            : wildcard == text.size() - 1 && text.back() == '*' ? Shape::Prefix
                                                                : Shape::Glob;
        p.actionPatterns.push_back({shape == Shape::Prefix ? text.substr(0, wildcard) : text, shape});
    }
    p.wellFormedButPrincipal
        = (s.isAllow() || s.isDeny()) && (s.hasAction || s.hasNotAction) && (s.hasResource || s.hasNotResource);
    p.deny = s.isDeny();
    p.resourceVariables = std::any_of(s.resources.begin(), s.resources.end(), [](const ValueRef& r) {
        return r.value.find("${") != std::string::npos;
    });
    return p;
}

// The parts of evaluateStatement, each cached in the PreparedStatement where the MWAA profile's many requests repeat
// it: evaluate() asks them in turn and stops at the first that fails.

bool wellFormed(const PreparedStatement& p, const EvalOptions& options)
{
    return p.wellFormedButPrincipal && (options.identityPolicy || p.view->hasPrincipal || p.view->hasNotPrincipal);
}

bool actionMatches(const PreparedStatement& p, std::string_view action, int actionIndex)
{
    auto matchesAnyPattern = [&p, action]() {
        using Shape = PreparedStatement::ActionPattern::Shape;
        for (const auto& a : p.actionPatterns) {
            const bool matches = a.shape == Shape::Exact ? equalsIgnoreCase(a.text, action) // compares lengths first
                : a.shape == Shape::Prefix
                ? action.size() >= a.text.size() && equalsIgnoreCase(a.text, action.substr(0, a.text.size()))
                : matchAction(a.text, action);
            if (matches) {
                return true;
            }
        }
        return false;
    };
    bool anyAction = false;
    if (actionIndex >= 0 && actionIndex < 64) { // a KMS action: cached per statement
        const std::uint64_t bit = std::uint64_t(1) << actionIndex;
        if (!(p.actionKnown & bit)) {
            p.actionKnown |= bit;
            if (matchesAnyPattern()) {
                p.actionMatched |= bit;
            }
        }
        anyAction = (p.actionMatched & bit) != 0;
    } else {
        anyAction = matchesAnyPattern();
    }
    return p.view->hasAction ? anyAction : !anyAction;
}

/** How the statement's Principal / NotPrincipal relates to the caller; `pointer` names the entry that matched. */
PrincipalMatch principalMatches(const PreparedStatement& p,
                                const Request& request,
                                const EvalOptions& options,
                                std::string_view& pointer)
{
    if (options.identityPolicy) {
        return PrincipalMatch::Direct;
    }
    if (!p.view->hasPrincipal) {
        return notPrincipalExcludes(p.principals, request.principal) ? PrincipalMatch::None : PrincipalMatch::Direct;
    }
    PrincipalMatch result = PrincipalMatch::None;
    for (const auto& entry : p.principals) {
        const PrincipalMatch m = matchPrincipal(entry, request.principal);
        if (m == PrincipalMatch::Direct) {
            pointer = entry.pointer;
            return m;
        }
        if (m == PrincipalMatch::ViaAccount && result == PrincipalMatch::None) {
            result = m;
            pointer = entry.pointer;
        }
    }
    return result;
}

/** In a keyArnSubject: an unknown field, any run of characters other than ':' and '/' (none has them). */
constexpr char kHole = '\x02';

/** The key ARN of the request as a subject: kHole stands for each unknown field (the key id is always one). */
std::string keyArnSubject(const KeyArnHint& hint)
{
    auto field = [](const std::string& v) {
        return v.empty() ? std::string(1, kHole) : v;
    };
    return "arn:" + field(hint.partition) + ":kms:" + field(hint.region) + ":" + field(hint.account) + ":key/" + kHole;
}

/**
 * Whether the glob `pattern` ('*', '?') and the `subject` (kHole for unknown fields) can match a common string: a
 * dynamic programme over positions of both (O(|pattern| x |subject|)).
 */
bool globsIntersect(std::string_view pattern, std::string_view subject)
{
    const std::size_t n = pattern.size();
    const std::size_t m = subject.size();
    std::vector<char> reach((n + 1) * (m + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> char& {
        return reach[i * (m + 1) + j];
    };
    at(0, 0) = 1;
    for (std::size_t i = 0; i <= n; ++i) {
        for (std::size_t j = 0; j <= m; ++j) {
            if (!at(i, j)) {
                continue;
            }
            const bool pStar = i < n && pattern[i] == '*';
            const bool sHole = j < m && subject[j] == kHole;
            if (pStar) {
                at(i + 1, j) = 1; // the pattern's star matches nothing more
                if (j < m) {
                    at(i, j + 1) = 1; // it eats the subject's next character (or the whole of its hole)
                }
            }
            if (sHole) {
                at(i, j + 1) = 1; // the hole ends
                if (i < n && !pStar && pattern[i] != ':' && pattern[i] != '/') {
                    at(i + 1, j) = 1; // the hole holds the pattern's next character
                }
            }
            if (i < n && j < m && !pStar && !sHole && (pattern[i] == '?' || pattern[i] == subject[j])) {
                at(i + 1, j + 1) = 1;
            }
        }
    }
    return at(n, m) != 0;
}

} // namespace

Truth matchKeyResource(std::string_view pattern, const KeyArnHint& hint)
{
    if (pattern == "*") {
        return Truth::True; // "this key", as nearly every key policy writes it
    }
    const std::string subject = keyArnSubject(hint);
    // Every instance: each unknown field replaced by characters no pattern can name literally, in two lengths (a
    // run of '?' could match one length only).
    auto instance = [&subject](std::size_t length) {
        std::string text;
        for (char c : subject) {
            if (c == kHole) {
                text.append(length, '\x01');
            } else {
                text.push_back(c);
            }
        }
        return text;
    };
    if (wildcardMatch(pattern, instance(1), false) && wildcardMatch(pattern, instance(37), false)) {
        return Truth::True;
    }
    return globsIntersect(pattern, subject) ? Truth::Unknown : Truth::False;
}

namespace {

/** Whether one Resource / NotResource entry names the request's key (policy variables substituted). */
Truth matchResourceEntry(const ValueRef& res, const Request& request, bool policyVariables)
{
    const bool hinted = request.resource.empty();
    std::string_view pattern = res.value;
    std::optional<std::string> substituted;
    if (policyVariables && res.value.find("${") != std::string::npos) {
        std::string unknownKey;
        substituted = substituteVariables(res.value, request.context, &unknownKey, true);
        if (!substituted) {
            return unknownKey.empty() ? Truth::False : Truth::Unknown;
        }
        if (hasLiteralMark(*substituted)) {
            // A substituted '*' or '?' is a literal character: no key ARN holds one.
            if (!hinted) {
                return wildcardMatchMarked(*substituted, request.resource) ? Truth::True : Truth::False;
            }
            std::string unmatchable;
            for (std::size_t i = 0; i < substituted->size(); ++i) {
                const bool marked = (*substituted)[i] == kLiteralMark && i + 1 < substituted->size();
                unmatchable.push_back(marked ? '\x02' : (*substituted)[i]);
                i += marked ? 1 : 0;
            }
            return matchKeyResource(unmatchable, request.keyArn);
        }
        pattern = *substituted;
    }
    if (hinted) {
        return matchKeyResource(pattern, request.keyArn);
    }
    return wildcardMatch(pattern, request.resource, false) ? Truth::True : Truth::False;
}

} // namespace

Truth matchResources(const StatementView& s, const Request& request, bool policyVariables)
{
    Truth anyResource = Truth::False;
    for (const auto& res : s.resources) {
        anyResource = truthOr(anyResource, matchResourceEntry(res, request, policyVariables));
        if (anyResource == Truth::True) {
            break;
        }
    }
    return s.hasResource ? anyResource : truthNot(anyResource);
}

namespace {

/** matchResources(), cached per statement for the last resource (or key hint) seen, unless variables are used. */
Truth resourceMatches(const PreparedStatement& p, const Request& request, bool policyVariables)
{
    const bool variables = policyVariables && p.resourceVariables;
    const KeyArnHint& hint = request.keyArn;
    if (!variables && p.resourceSeenKnown && p.resourceSeen == request.resource
        && (!request.resource.empty()
            || (p.resourceSeenHint.partition == hint.partition && p.resourceSeenHint.region == hint.region
                && p.resourceSeenHint.account == hint.account))) {
        return p.resourceSeenMatches;
    }
    const Truth matches = matchResources(*p.view, request, variables);
    if (!variables) {
        p.resourceSeen = request.resource;
        p.resourceSeenHint = hint;
        p.resourceSeenKnown = true;
        p.resourceSeenMatches = matches;
    }
    return matches;
}

/**
 * The statement's failed and unknown conditions for the request: from the statement's cache when the request has a
 * contextId, else computed into `scratch`.
 */
const PreparedStatement::ConditionOutcome& conditionOutcome(const PreparedStatement& p,
                                                            const Request& request,
                                                            bool policyVariables,
                                                            PreparedStatement::ConditionOutcome& scratch)
{
    const StatementView& s = *p.view;
    const auto evaluateConditions = [&](PreparedStatement::ConditionOutcome& out) {
        for (std::size_t i = 0; i < s.conditions.size(); ++i) {
            const ConditionEntry& c = s.conditions[i];
            ConditionResult r = evaluateCondition(p.operators[i], c.key, c.values, request.context, policyVariables);
            if (r.truth == Truth::False) {
                out.failed.push_back(i);
            } else if (r.truth == Truth::Unknown) {
                out.unknown.push_back({std::move(r.unknownKey), i});
            }
        }
    };
    if (s.conditions.empty() || request.contextId < 0) {
        scratch.failed.clear();
        scratch.unknown.clear();
        evaluateConditions(scratch);
        return scratch;
    }
    auto& cache = p.conditionsByContext;
    for (const auto& [id, outcome] : cache) {
        if (id == request.contextId) {
            return outcome;
        }
    }
    cache.emplace_back(request.contextId, PreparedStatement::ConditionOutcome{});
    evaluateConditions(cache.back().second);
    return cache.back().second;
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
    StatementResult r;
    r.wellFormed = wellFormed(prepared, options);
    if (!r.wellFormed) {
        return r;
    }
    // Cheapest first: the action decides most statements.
    r.actionMatches = actionMatches(prepared, request.action, request.actionIndex);
    if (!r.actionMatches) {
        return r;
    }
    r.principal = principalMatches(prepared, request, options, r.principalPointer);
    if (r.principal == PrincipalMatch::None) {
        return r;
    }
    const Truth resource = resourceMatches(prepared, request, policyVariables);
    r.resourceMatches = resource == Truth::True;
    r.resourceUnknown = resource == Truth::Unknown;
    if (resource == Truth::False) {
        return r;
    }
    PreparedStatement::ConditionOutcome scratch;
    const auto& conditions = conditionOutcome(prepared, request, policyVariables, scratch);
    r.failedConditions = conditions.failed;
    r.unknownConditions = conditions.unknown;
    r.conditionsSatisfied = options.ignoreConditions || (r.failedConditions.empty() && r.unknownConditions.empty());
    return r;
}

StatementResult evaluateStatement(const StatementView& statement,
                                  const Request& request,
                                  bool policyVariables,
                                  const EvalOptions& options)
{
    return evaluateStatement(prepareStatement(statement), request, policyVariables, options);
}

StatementTrace traceStatement(const PreparedStatement& prepared,
                              const Request& request,
                              bool policyVariables,
                              const EvalOptions& options)
{
    const StatementView& s = *prepared.view;
    StatementTrace t;
    t.wellFormed = wellFormed(prepared, options);
    // Each part as evaluate() decides it (the same helpers), then the entry that decided it, for the trace.
    t.actionMatches = actionMatches(prepared, request.action, request.actionIndex);
    for (const auto& a : s.actions) {
        if (matchAction(a.value, request.action)) {
            t.actionPointer = a.pointer;
            break;
        }
    }
    t.principal = principalMatches(prepared, request, options, t.principalPointer);
    if (!options.identityPolicy && !s.hasPrincipal) {
        for (const auto& e : prepared.principals) {
            if (matchPrincipal(e, request.principal) != PrincipalMatch::None) {
                t.principalPointer = e.pointer;
                break;
            }
        }
    }
    t.resource = resourceMatches(prepared, request, policyVariables);
    for (const Truth wanted : {Truth::True, Truth::Unknown}) {
        for (const auto& r : s.resources) {
            if (t.resourcePointer.empty() && matchResourceEntry(r, request, policyVariables) == wanted) {
                t.resourcePointer = r.pointer;
            }
        }
    }
    t.conditions.reserve(s.conditions.size());
    Truth conditions = Truth::True;
    for (std::size_t i = 0; i < s.conditions.size(); ++i) {
        const ConditionEntry& c = s.conditions[i];
        t.conditions.push_back(
            evaluateCondition(prepared.operators[i], c.key, c.values, request.context, policyVariables));
        conditions = truthAnd(conditions, t.conditions.back().truth);
    }
    t.conditionsHold = options.ignoreConditions ? Truth::True : conditions;
    const bool parts = t.wellFormed && t.actionMatches && t.principal != PrincipalMatch::None;
    t.applies = parts ? truthAnd(t.resource, t.conditionsHold) : Truth::False;
    return t;
}

std::vector<StatementTrace>
tracePolicy(const PreparedPolicy& policy, const Request& request, const EvalOptions& options)
{
    std::vector<StatementTrace> out;
    out.reserve(policy.statements().size());
    for (const auto& s : policy.statements()) {
        out.push_back(traceStatement(s, request, policy.policyVariables(), options));
    }
    return out;
}

std::vector<Decision::Deciding> Decision::deciding() const
{
    std::vector<Deciding> out;
    if (outcome != Outcome::Depends) {
        return out;
    }
    for (const auto& m : maybeDenies) {
        out.push_back({&m, true});
    }
    if (allows.empty()) {
        for (const auto& m : maybeAllows) {
            out.push_back({&m, false});
        }
    }
    return out;
}

std::vector<UnknownFact> Decision::unknowns() const
{
    std::vector<UnknownFact> facts;
    for (const Deciding& d : deciding()) {
        for (const auto& u : d.match->unknowns) {
            if (std::find_if(facts.begin(), facts.end(), [&u](const UnknownFact& f) { return f.fact == u.fact; })
                == facts.end()) {
                facts.push_back(u);
            }
        }
    }
    return facts;
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
    // evaluateActions for the request's own action: one implementation of the evaluation order for both.
    return std::move(
        evaluateActions(policy, request, {IndexedAction{request.action, request.actionIndex}}, options).front());
}

Decision evaluate(const PolicyView& policy, const Request& request, const EvalOptions& options)
{
    return evaluate(PreparedPolicy(policy), request, options);
}

std::vector<IndexedAction> indexedActions(std::span<const std::string_view> names)
{
    std::vector<IndexedAction> out;
    out.reserve(names.size());
    for (std::string_view name : names) {
        out.push_back(indexedAction(name));
    }
    return out;
}

IndexedAction indexedAction(std::string_view name)
{
    return {name, Vocabulary::instance().actionIndex(name)};
}

std::vector<Decision> evaluateActions(const PreparedPolicy& policy,
                                      const Request& request,
                                      const std::vector<IndexedAction>& actions,
                                      const EvalOptions& options)
{
    std::vector<Decision> decisions(actions.size());
    std::vector<Decision*> out(actions.size());
    for (std::size_t a = 0; a < actions.size(); ++a) {
        out[a] = &decisions[a];
    }
    evaluateActionsInto(policy, request, actions, out.data(), options);
    return decisions;
}

void evaluateActionsInto(const PreparedPolicy& policy,
                         const Request& request,
                         const std::vector<IndexedAction>& actions,
                         Decision* const* decisions,
                         const EvalOptions& options)
{
    std::uint64_t wanted = 0; // the actions' bits in PreparedStatement::actionKnown / actionMatched
    bool allIndexed = true;
    for (const IndexedAction& a : actions) {
        allIndexed = allIndexed && a.index >= 0 && a.index < 64;
        wanted |= allIndexed ? std::uint64_t(1) << a.index : 0;
    }
    // Which actions the current statement names: its cached bits when every action is indexed (no allocation on
    // the MWAA profile's path), else one flag per action.
    std::uint64_t matchedBits = 0;
    std::vector<bool> matchedFlags(allIndexed ? 0 : actions.size());
    PreparedStatement::ConditionOutcome scratch;
    const auto& statements = policy.statements();
    for (std::size_t i = 0; i < statements.size(); ++i) {
        const PreparedStatement& p = statements[i];
        if (!wellFormed(p, options)) {
            continue;
        }
        // Statements of other actions are passed over before the principal is matched, as in evaluate(). When every
        // action is a KMS action, the statement's cached bits answer for all of them at once.
        bool anyAction = false;
        if (allIndexed) {
            if ((p.actionKnown & wanted) != wanted) {
                for (const IndexedAction& a : actions) {
                    actionMatches(p, a.name, a.index); // fills the statement's cache
                }
            }
            matchedBits = (p.view->hasAction ? p.actionMatched : ~p.actionMatched) & wanted;
            anyAction = matchedBits != 0;
        } else {
            for (std::size_t a = 0; a < actions.size(); ++a) {
                matchedFlags[a] = actionMatches(p, actions[a].name, actions[a].index);
                anyAction = anyAction || matchedFlags[a];
            }
        }
        if (!anyAction) {
            continue;
        }
        std::string_view principalPointer;
        const PrincipalMatch principal = principalMatches(p, request, options, principalPointer);
        if (principal == PrincipalMatch::None) {
            continue;
        }
        const Truth resource = resourceMatches(p, request, policy.policyVariables());
        if (resource == Truth::False) {
            continue;
        }
        StatementMatch m{i, p.view->pointer, principal == PrincipalMatch::ViaAccount, principalPointer, {}};
        if (resource == Truth::Unknown) {
            m.unknowns.push_back({std::string(kKeyArnFact), SIZE_MAX});
        }
        if (!options.ignoreConditions) {
            const auto& conditions = conditionOutcome(p, request, policy.policyVariables(), scratch);
            if (!conditions.failed.empty()) {
                continue;
            }
            m.unknowns.insert(m.unknowns.end(), conditions.unknown.begin(), conditions.unknown.end());
        }
        const bool certain = m.unknowns.empty();
        for (std::size_t a = 0; a < actions.size(); ++a) {
            if (allIndexed ? ((matchedBits >> actions[a].index) & 1U) != 0 : matchedFlags[a]) {
                Decision& d = *decisions[a];
                (p.deny ? (certain ? d.denies : d.maybeDenies) : (certain ? d.allows : d.maybeAllows)).push_back(m);
            }
        }
    }
    for (std::size_t a = 0; a < actions.size(); ++a) {
        Decision& d = *decisions[a];
        if (!d.denies.empty()) {
            d.outcome = Outcome::ExplicitDeny;
        } else if (!d.maybeDenies.empty()) {
            // Denied if the Deny applies; if it does not, whatever the Allows say.
            d.outcome = d.allows.empty() && d.maybeAllows.empty() ? Outcome::ImplicitDeny : Outcome::Depends;
        } else if (!d.allows.empty()) {
            d.outcome = Outcome::Allow;
        } else if (!d.maybeAllows.empty()) {
            d.outcome = Outcome::Depends;
        }
    }
}

} // namespace kps::eval
