// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/PolicyView.h"
#include "core/eval/Conditions.h"
#include "core/eval/Request.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kps::eval {

/** How a policy principal entry relates to the request's principal. */
enum class PrincipalMatch {
    None,
    Direct, ///< the entry names the caller ("*", its ARN, its service name, the root user's own account)
    ViaAccount, ///< the entry is the caller's account principal: it applies only through the account's IAM policies
};

/**
 * Whether one Principal entry (PolicyView's PrincipalRef) covers the caller. The account principal (12-digit id or
 * arn:PARTITION:iam::ACCOUNT:root) covers the account's IAM principals only through IAM (ViaAccount); it covers
 * the root user directly. A role ARN covers the role's sessions. Federated, CanonicalUser and malformed entries
 * cover nobody.
 */
PrincipalMatch matchPrincipal(const PrincipalRef& entry, const RequestPrincipal& principal);

/** A Principal entry read once (its account, partition and role name), for matching many requests. */
struct PreparedPrincipal
{
    enum class Kind { Everyone, Account, Arn, Service, None };
    // Views into the PrincipalRef (in the PolicyView, which outlives this).
    Kind kind = Kind::None;
    std::string_view value; ///< as written
    std::string_view account; ///< Account, Arn
    std::string_view partition; ///< Account (when written as the root ARN), Arn
    std::string_view roleName; ///< Arn of a role: the last segment of its path (sessions match by it)
    std::string_view pointer; ///< the PrincipalRef's pointer
};
PreparedPrincipal preparePrincipal(const PrincipalRef& entry);
PrincipalMatch matchPrincipal(const PreparedPrincipal& entry, const RequestPrincipal& principal);

/**
 * Whether a NotPrincipal list excludes the caller. Following the IAM guide, an IAM role or user is excluded only
 * when both its ARN (for a session: its role's ARN) and its account are listed; the root user when its account is
 * listed; a service when its name is listed; everyone when "*" is listed.
 */
bool notPrincipalExcludes(const std::vector<PrincipalRef>& entries, const RequestPrincipal& principal);
bool notPrincipalExcludes(const std::vector<PreparedPrincipal>& entries, const RequestPrincipal& principal);

/** Action / NotAction patterns: case-insensitive, '*' and '?' wildcards. */
bool matchAction(std::string_view pattern, std::string_view action);

/**
 * Whether a Resource pattern matches the key whose ARN is known only in part (Request::keyArn; the key id is
 * never known): True when it matches every such ARN, False when none (an alias ARN, another region or account),
 * Unknown otherwise (it depends on the key's ARN).
 */
Truth matchKeyResource(std::string_view pattern, const KeyArnHint& hint);

/**
 * Whether the statement's Resource / NotResource covers the request's key (its ARN, or what Request::keyArn knows
 * of it), policy variables substituted when `policyVariables`: True, False, or Unknown (it depends on the key's ARN
 * or on the value of an Unknown context key). Uncached; the evaluator caches it per statement.
 */
Truth matchResources(const StatementView& statement, const Request& request, bool policyVariables);

/** Options of one evaluation. */
struct EvalOptions
{
    /// An IAM identity policy: statements have no Principal and apply to the caller (the request principal).
    bool identityPolicy = false;
    /// Treat every condition as satisfied: "would this statement apply if its conditions held?"
    bool ignoreConditions = false;
};

/** The fact the answer "depends" on for the resource: the key's ARN (Request::keyArn lacks what decides it). */
inline constexpr std::string_view kKeyArnFact = "the key's ARN";

/** One reason a statement may or may not apply: a context key whose value is Unknown, or the key's ARN. */
struct UnknownFact
{
    std::string fact; ///< the context key as the policy writes it, or kKeyArnFact
    std::size_t condition = SIZE_MAX; ///< index into StatementView::conditions; SIZE_MAX for the resource

    bool operator==(const UnknownFact&) const = default;
};

/** How one statement relates to one request. */
struct StatementResult
{
    bool wellFormed = false; ///< Effect is Allow/Deny and Principal (key policies), Action and Resource are present
    PrincipalMatch principal = PrincipalMatch::None;
    /// The entry that matched ("" for NotPrincipal or identity policies); refers into the PolicyView.
    std::string_view principalPointer;
    bool actionMatches = false;
    bool resourceMatches = false;
    bool conditionsSatisfied = false;
    std::vector<std::size_t> failedConditions; ///< indices into StatementView::conditions
    /// Whether the resource matches may depend on the key's ARN (resourceMatches is then false).
    bool resourceUnknown = false;
    /// The conditions whose result is Unknown (none of them in failedConditions), with the key each depends on.
    std::vector<UnknownFact> unknownConditions;

    /** Principal, action and resource match: the statement would apply if its conditions held. */
    bool appliesIgnoringConditions() const
    {
        return wellFormed && principal != PrincipalMatch::None && actionMatches && resourceMatches;
    }
    bool applies() const { return appliesIgnoringConditions() && conditionsSatisfied; }
};

/** A statement with its principals and condition operators read once. */
struct PreparedStatement
{
    const StatementView* view = nullptr;
    std::vector<PreparedPrincipal> principals; ///< of Principal or NotPrincipal
    std::vector<PreparedOperator> operators; ///< one per view->conditions entry
    /// Action / NotAction patterns in the two shapes policies use most, matched without the general glob:
    /// an exact name (compared by length first: most names differ in it) and a prefix ending in the only '*'
    /// ("kms:Describe*").
    struct ActionPattern
    {
        enum class Shape { Exact, Prefix, Glob };
        std::string_view text; ///< the ValueRef's value (in the PolicyView)
        Shape shape = Shape::Exact;
    };
    std::vector<ActionPattern> actionPatterns;
    /// Effect is Allow or Deny, Action or NotAction and Resource or NotResource are present (StatementResult's
    /// wellFormed, less the Principal that identity policies do without).
    bool wellFormedButPrincipal = false;
    bool deny = false; ///< Effect is Deny
    /// A Resource entry holds a policy variable (and the Version substitutes them): its match depends on the
    /// request context, so it is not cached.
    bool resourceVariables = false;
    /// The resource match of the last request resource seen (resourceSeen), unless resourceVariables: the requests
    /// of one check name the same key again and again.
    mutable std::string resourceSeen; ///< the request's resource, or "" with resourceSeenHint
    mutable KeyArnHint resourceSeenHint;
    mutable bool resourceSeenKnown = false;
    mutable Truth resourceSeenMatches = Truth::False;
    /// Whether Action/NotAction patterns match the KMS action of index i, computed on first use (bit i of
    /// actionKnown says whether bit i of actionMatched is computed). A PreparedPolicy is not shared between threads.
    mutable std::uint64_t actionKnown = 0;
    mutable std::uint64_t actionMatched = 0;
    /// The failed and the unknown conditions per Request::contextId, computed on first use: the MWAA profile
    /// evaluates the same context for many actions, and conditions do not depend on the action.
    struct ConditionOutcome
    {
        std::vector<std::size_t> failed; ///< indices into view->conditions
        std::vector<UnknownFact> unknown;
    };
    mutable std::vector<std::pair<int, ConditionOutcome>> conditionsByContext;
};

/**
 * A policy read once for evaluating many requests (the MWAA profile evaluates dozens). It refers to the
 * PolicyView, which must outlive it.
 */
class PreparedPolicy
{
public:
    explicit PreparedPolicy(const PolicyView& policy);
    // Not copyable: a copy would share context ids (newContextId) with the original while carrying its cached
    // condition results, so a new id in the copy could find the original's results for another context.
    PreparedPolicy(const PreparedPolicy&) = delete;
    PreparedPolicy& operator=(const PreparedPolicy&) = delete;
    const PolicyView& view() const { return *m_view; }
    const std::vector<PreparedStatement>& statements() const { return m_statements; }
    /// Version 2012-10-17: policy variables are substituted.
    bool policyVariables() const { return m_variables; }
    /// A fresh Request::contextId for this policy: condition results are cached per id (see Request::contextId).
    int newContextId() const { return m_nextContextId++; }

private:
    const PolicyView* m_view;
    std::vector<PreparedStatement> m_statements;
    bool m_variables = false;
    mutable int m_nextContextId = 0;
};

/** Every condition of the statement is evaluated (failedConditions lists all that fail). */
StatementResult evaluateStatement(const PreparedStatement& statement,
                                  const Request& request,
                                  bool policyVariables,
                                  const EvalOptions& options = {});
/** The same, preparing the statement first. */
StatementResult evaluateStatement(const StatementView& statement,
                                  const Request& request,
                                  bool policyVariables,
                                  const EvalOptions& options = {});

/**
 * One statement matched against one request part by part, no part skipped (evaluateStatement() and evaluate() stop at
 * the first part that fails): what a trace of a simulated request shows. It agrees with evaluate(): `applies` is True
 * for the statements of Decision::allows / denies, Unknown for those of maybeAllows / maybeDenies, False for the others
 * (tst_evaluator::traceAgreesWithEvaluate). Pointers refer into the evaluated PolicyView.
 */
struct StatementTrace
{
    bool wellFormed = false; ///< as StatementResult::wellFormed
    PrincipalMatch principal = PrincipalMatch::None;
    /// Principal: the entry that matched (a Direct one before one matching through the account). NotPrincipal: the
    /// first entry that names the caller or its account ("" when none does). Identity policies: "".
    std::string_view principalPointer;
    bool actionMatches = false;
    /// The first Action / NotAction entry that names the action ("" when none does): for Action the reason it
    /// matches, for NotAction the reason it does not.
    std::string_view actionPointer;
    Truth resource = Truth::False; ///< Unknown: it depends on the key's ARN or on an Unknown context key
    /// The first Resource / NotResource entry that matches the key (else the first that may): "" when none does.
    std::string_view resourcePointer;
    /// One per StatementView::conditions entry, in order (evaluated even when another part fails).
    std::vector<ConditionResult> conditions;
    Truth conditionsHold = Truth::True; ///< the conditions ANDed (True without conditions or with ignoreConditions)
    Truth applies = Truth::False;
};

/** Every part of one statement against the request (see StatementTrace). */
StatementTrace traceStatement(const PreparedStatement& statement,
                              const Request& request,
                              bool policyVariables,
                              const EvalOptions& options = {});
/** The trace of every statement of the policy, in order. */
std::vector<StatementTrace>
tracePolicy(const PreparedPolicy& policy, const Request& request, const EvalOptions& options = {});

/**
 * Depends: the answer hinges on a fact the request leaves Unknown (Decision::unknowns names them); it is never
 * resolved in either direction.
 */
enum class Outcome { Allow, ExplicitDeny, ImplicitDeny, Depends };

/** A statement that applied to the request. */
struct StatementMatch
{
    std::size_t statement = 0; ///< index into PolicyView::statements
    /// /Statement/i. Like principalPointer it refers into the evaluated PolicyView, which must outlive the Decision.
    std::string_view pointer;
    bool viaAccountDelegation = false; ///< it applied only through the account principal
    std::string_view principalPointer;
    std::vector<UnknownFact> unknowns; ///< in Decision::maybeAllows / maybeDenies: what decides whether it applies
};

/**
 * What the policy decides for one request: an applicable Deny wins (explicit deny); else an applicable Allow
 * allows; else implicit deny. `allows` and `denies` list every applicable statement in text order;
 * `maybeAllows` and `maybeDenies` the statements that apply or not depending on an Unknown fact. When they can
 * change the answer (a Deny that may apply where something allows; an Allow that may apply where nothing else
 * does) the outcome is Depends; a Deny that may apply where nothing allows leaves it an ImplicitDeny.
 */
struct Decision
{
    Outcome outcome = Outcome::ImplicitDeny;
    std::vector<StatementMatch> allows;
    std::vector<StatementMatch> denies;
    std::vector<StatementMatch> maybeAllows;
    std::vector<StatementMatch> maybeDenies;

    bool allowed() const { return outcome == Outcome::Allow; }
    bool depends() const { return outcome == Outcome::Depends; }
    /** A statement that decides a Depends, and whether it is a Deny (it must not apply) or an Allow (it must). */
    struct Deciding
    {
        const StatementMatch* match = nullptr;
        bool deny = false;
    };
    /** For Depends: the statements that decide it, the maybe-Denies and (when no Allow is certain) the
     *  maybe-Allows, in that order; empty otherwise. The one rule of what a Depends hinges on. */
    std::vector<Deciding> deciding() const;
    /** The facts of deciding(), each once, in that order. */
    std::vector<UnknownFact> unknowns() const;
    /** Allowed, but only through the account principal: the caller's IAM policy must allow it too. */
    bool onlyViaAccountDelegation() const;
};

/**
 * Evaluates a key policy (or, with EvalOptions::identityPolicy, an IAM identity policy) for one request, following
 * IAM's evaluation logic for a single policy. Policy variables are substituted when the policy's Version is
 * 2012-10-17. Pure; never throws.
 */
Decision evaluate(const PreparedPolicy& policy, const Request& request, const EvalOptions& options = {});
/** The same, preparing the policy first (for one request; prepare once to evaluate many). */
Decision evaluate(const PolicyView& policy, const Request& request, const EvalOptions& options = {});

/** An action name with its index in Vocabulary::actions() (-1 for another service's action), looked up once. */
struct IndexedAction
{
    std::string_view name;
    int index = -1;
};
IndexedAction indexedAction(std::string_view name);
/** indexedAction() of each name, in order (a rule's fixed list, looked up once: keep the result in a static). */
std::vector<IndexedAction> indexedActions(std::span<const std::string_view> names);

/**
 * evaluate() for each of `actions` in turn, the request otherwise unchanged (its action is not read): the principal,
 * resource and conditions of each statement are matched once for all of them. Element i of the result is evaluate()
 * of the request with actions[i].
 */
std::vector<Decision> evaluateActions(const PreparedPolicy& policy,
                                      const Request& request,
                                      const std::vector<IndexedAction>& actions,
                                      const EvalOptions& options = {});
/** The same, writing the decision of actions[i] into *out[i] (which must be a default Decision). */
void evaluateActionsInto(const PreparedPolicy& policy,
                         const Request& request,
                         const std::vector<IndexedAction>& actions,
                         Decision* const* out,
                         const EvalOptions& options = {});

} // namespace kps::eval
