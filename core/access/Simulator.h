// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Expected.h"

#include "core/checker/Context.h"
#include "core/checker/PolicyView.h"
#include "core/eval/Evaluator.h"
#include "core/mwaa/MwaaProfile.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kps::access {

/**
 * What a key policy decides for a caller and an action, in the words of `keypolicy simulate`, `keypolicy access` and
 * the window's Simulate panel and Access dock (docs/cli.md). Partial occurs only in the access summary.
 */
enum class Decision {
    Allow, ///< the key policy itself allows the caller
    /// allowed only if the caller's IAM policies allow it too: through the account principal (ACCOUNT or
    /// arn:PARTITION:iam::ACCOUNT:root), or because the caller is an IAM principal of another account than the key's
    AllowIfIam,
    ExplicitDeny, ///< a Deny statement applies
    ImplicitDeny, ///< nothing allows it (or KMS does not accept the action from another account)
    Depends, ///< it hinges on facts the request leaves unknown (the unknowns say which)
    Partial, ///< access summary: some actions of the group are allowed (or may be), others are not
};
/** "allow", "allow_if_iam", "explicit_deny", "implicit_deny", "depends", "partial". */
std::string_view decisionName(Decision decision);
/** Allow or AllowIfIam. */
bool isAllowed(Decision decision);

/** Who makes a request: what `--principal` names, or a row of the access summary. */
struct Caller
{
    enum class Kind {
        /// An IAM role, user, role session, federated user or the account's root user, by its ARN. A role ARN stands
        /// for a session of the role (the caller of a request is always a session).
        IamPrincipal,
        /// Any IAM role or user of an account that the policy does not name by ARN: `--principal ACCOUNT`, and the
        /// account principal's row ("the account through IAM").
        Account,
        Service, ///< an AWS service principal calling on its own behalf (logs.eu-west-1.amazonaws.com)
        /// Any IAM principal of an account the policy names nowhere: the row of "*".
        OtherAccount,
    };
    Kind kind = Kind::IamPrincipal;
    /// The principal as given or as the policy first writes it: the ARN, the account id or root ARN, the service
    /// name, "*".
    std::string text;
    /// What the rows of two policies are matched by: the ARN (IamPrincipal), "account:ID", "service:NAME", "*".
    std::string id;
    eval::RequestPrincipal principal;
    std::string account; ///< IamPrincipal and Account: 12 digits
    std::string partition; ///< when the ARN names it
    bool root = false; ///< the account's root user
    bool user = false; ///< an IAM user (aws:username is its name)
    std::string principalType; ///< aws:PrincipalType when certain ("AssumedRole", "User", "Account", "FederatedUser")

    /** For a sentence: the ARN, "account 111122223333 (through IAM)", "service logs...", "anyone in another account".
     */
    std::string label() const;
    /** What it is: "IAM role of account 111122223333", "any IAM principal of account 111122223333", ... */
    std::string description() const;
};

/**
 * The caller a person names (`--principal`, the Simulate panel): an IAM ARN (role, user, assumed-role session,
 * federated user, root), a 12-digit account id (any IAM principal of that account the policy does not name) or a
 * service principal (NAME.amazonaws.com); the error says why not otherwise ("*" is no caller: a request is always
 * signed by someone).
 */
Expected<Caller> parseCaller(std::string_view text);
/** Any IAM principal of `account` that the policy does not name (the account principal's row). */
Caller accountCaller(std::string_view account, std::string_view partition = {});
/** The caller of a policy's principal entry; nullopt for entries that match no caller (Federated, malformed). */
std::optional<Caller> callerOfPrincipal(const PrincipalRef& entry);

/**
 * The action a person names: "kms:Decrypt", "Decrypt" or "kms:decrypt" give "kms:Decrypt". Refused, with the reason: an
 * unknown name (with the closest KMS actions), a pattern, another service's action, and the actions a key policy does
 * not decide (IAM-only ones such as kms:ListKeys, kms:RetireGrant which the grant decides,
 * kms:SynchronizeMultiRegionKey which has no API of its own).
 */
Expected<std::string> parseAction(std::string_view text);

/** What is known of the key the policy is attached to. */
struct KeyFacts
{
    /// region, partition, account and key with their sources: given, else inferred. The account: a key ARN's, else
    /// the one account the policy's root delegation names (rules::delegatedAccount, as CROSS_ACCOUNT infers it);
    /// region and partition as `keypolicy check` infers them (mwaa::resolveContext: a key ARN, the CloudWatch Logs
    /// principal, the region's partition).
    MwaaContext context;
    mwaa::KeyResource resource; ///< the key's ARN, or what is known of it
};
KeyFacts resolveKeyFacts(const SourceDocument& document, const PolicyView& policy, const MwaaContext& given);

/** A context key of the request with its values (several for a multivalued key). */
struct ContextEntry
{
    std::string key;
    std::vector<std::string> values;
};

/**
 * Why a key cannot be given for a simulated request ("" when it can): an unknown key (with the closest known ones);
 * a key the caller decides (aws:PrincipalArn, aws:PrincipalAccount, kms:CallerAccount, aws:PrincipalType,
 * aws:PrincipalIsAWSService, aws:PrincipalServiceName, aws:username: give the principal instead) or the region
 * decides (aws:RequestedRegion: give the region).
 */
std::string contextKeyError(std::string_view key);
/**
 * Why the values cannot be given for the key ("" when they can): contextKeyError(), no value or an empty one,
 * several values for a single-valued key, and a value of the wrong form for Bool (true/false), Numeric, Date and
 * IP address keys.
 */
std::string contextEntryError(const ContextEntry& entry);
/** Why a key (or a prefix ending in '*') cannot be declared absent ("" when it can). */
std::string absentKeyError(std::string_view keyOrPrefix);

/** One request to simulate. */
struct SimulationRequest
{
    Caller caller;
    std::string action; ///< "kms:Decrypt": parseAction()'s result
    std::vector<ContextEntry> context; ///< keys the request carries (Known)
    std::vector<std::string> absent; ///< keys the request certainly lacks; a trailing '*' names a prefix
};

/**
 * The request as the evaluator sees it, in an open world: the keys of `request.context` are Known and those of
 * `request.absent` Absent; the caller decides aws:PrincipalArn, aws:PrincipalAccount, kms:CallerAccount,
 * aws:PrincipalType, aws:username (IAM users; absent for others) and aws:PrincipalIsAWSService (a service principal:
 * aws:PrincipalServiceName, and the identity keys eval::serviceCallerAbsentKeys() are absent); aws:SecureTransport is
 * true (KMS has HTTPS endpoints only) and aws:RequestedRegion is the key's region when known. Every other key, also
 * aws:ViaAWSService and kms:ViaService, is Unknown: the answer then depends on it rather than on a guess.
 * The request keeps views of `request.absent`: `request` must outlive it.
 */
eval::Request makeRequest(const SimulationRequest& request, const KeyFacts& key);

/** Something the decision depends on, and what decides it. */
struct UnknownFact
{
    std::string fact; ///< a context key as the policy writes it, "the key's ARN" or "the key's account"
    std::string needed; ///< the options that decide it: "--context aws:SourceVpc=VALUE or --absent aws:SourceVpc"
    std::size_t statement = SIZE_MAX; ///< the statement that depends on it (SIZE_MAX: the key's account)
    std::string pointer; ///< the condition key or Resource entry that depends on it ("" for the key's account)

    bool operator==(const UnknownFact&) const = default;
};

/** One condition of a statement against the request. */
struct ConditionTrace
{
    std::size_t index = 0; ///< into StatementView::conditions
    std::string op; ///< "StringEqualsIfExists"
    std::string key; ///< as written
    std::vector<std::string> values; ///< the policy's values
    std::string pointer; ///< /Statement/i/Condition/OP/KEY
    eval::KeyState keyState = eval::KeyState::Absent; ///< the key in the request
    std::vector<std::string> requestValues; ///< when Known
    eval::Truth result = eval::Truth::False;
    std::string reason; ///< why it holds, fails or may: the values compared and the operator
};

/** One statement of the policy against the request: each part, and why. */
struct TracedStatement
{
    std::size_t index = 0; ///< into PolicyView::statements
    std::string pointer; ///< /Statement/i: selects the statement in the form and the JSON
    std::optional<std::string> sid;
    std::string effect; ///< as written ("" when absent)
    bool wellFormed = false; ///< KMS applies it at all (Effect Allow/Deny, Principal, Action, Resource)
    eval::PrincipalMatch principal = eval::PrincipalMatch::None;
    std::string principalPointer; ///< the entry that decided it ("" when none)
    std::string principalReason;
    bool actionMatches = false;
    std::string actionPointer;
    std::string actionReason;
    eval::Truth resource = eval::Truth::False;
    std::string resourcePointer;
    std::string resourceReason;
    std::vector<ConditionTrace> conditions;
    eval::Truth applies = eval::Truth::False; ///< Unknown: it applies only if the unknown facts hold
    std::string reason; ///< one sentence: why it applies, does not, or may
};

/** The answer for one request. */
struct Simulation
{
    Decision decision = Decision::ImplicitDeny;
    std::string reason; ///< one or two sentences
    std::vector<UnknownFact> unknowns; ///< for Depends: what it depends on, each fact once per statement
    /// The statements that decide the answer (the applicable Allows or Denies, or for Depends those that may
    /// apply), indices into `statements`, in text order.
    std::vector<std::size_t> deciding;
    std::vector<TracedStatement> statements; ///< every statement, in text order
    eval::Truth crossAccount = eval::Truth::False; ///< the caller is in another account than the key's
};

/**
 * Simulates one request against the policy (IAM's evaluation logic for one key policy, three-valued: see
 * core/eval/Evaluator.h), with every statement's trace. Pure; never throws.
 */
Simulation simulate(const PolicyView& policy, const SimulationRequest& request, const KeyFacts& key);

/** The decision of one action for a caller, with what decides it: the access summary's per-action answer. */
struct ActionDecision
{
    std::size_t action = 0; ///< index into Vocabulary::actions()
    Decision decision = Decision::ImplicitDeny;
    std::vector<std::size_t> statements; ///< the statements that decide it (applicable or maybe-applicable), in order
    std::vector<UnknownFact> unknowns;
    std::string reason;
};

/**
 * The decisions of several actions for one caller in a context nothing else is known of (only what the caller
 * decides: see makeRequest). Element i is actions[i]'s decision; simulate() of the same request agrees.
 */
std::vector<ActionDecision> decideActions(const eval::PreparedPolicy& policy,
                                          const Caller& caller,
                                          const std::vector<std::size_t>& actions,
                                          const KeyFacts& key);

} // namespace kps::access
