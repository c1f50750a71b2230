// SPDX-License-Identifier: GPL-3.0-or-later
// The request simulator: one request against one key policy, with the trace of every statement (docs/design.md,
// "Who can use this key").
#include "core/access/Simulator.h"

#include "core/access/Wording.h"

#include "core/checker/rules/GenericRules.h"
#include "core/checker/rules/RuleSupport.h"
#include "core/eval/Arn.h"
#include "core/eval/Conditions.h"
#include "core/mwaa/MwaaFacts.h"
#include "core/vocab/Vocabulary.h"

#include <algorithm>
#include <array>

namespace kps::access {

using eval::KeyState;
using eval::PrincipalMatch;
using eval::Truth;

std::string_view decisionName(Decision decision)
{
    switch (decision) {
    case Decision::Allow:
        return "allow";
    case Decision::AllowIfIam:
        return "allow_if_iam";
    case Decision::ExplicitDeny:
        return "explicit_deny";
    case Decision::ImplicitDeny:
        return "implicit_deny";
    case Decision::Depends:
        return "depends";
    case Decision::Partial:
        return "partial";
    }
    return "implicit_deny";
}

bool isAllowed(Decision decision)
{
    return decision == Decision::Allow || decision == Decision::AllowIfIam;
}

// ---- Callers ----------------------------------------------------------------------------------------------------

std::string Caller::label() const
{
    switch (kind) {
    case Kind::IamPrincipal:
        return text;
    case Kind::Account:
        return "account " + account + " (through IAM)";
    case Kind::Service:
        return "service " + text;
    case Kind::OtherAccount:
        return "anyone in another account (\"*\")";
    }
    return text;
}

std::string Caller::description() const
{
    switch (kind) {
    case Kind::IamPrincipal: {
        if (root) {
            return "the root user of account " + account;
        }
        const auto arn = eval::splitArn(text);
        const std::string_view resource = arn ? arn->resource : std::string_view();
        if (resource.substr(0, 5) == "role/") {
            return "a session of IAM role " + std::string(resource.substr(resource.rfind('/') + 1)) + " of account "
                + account;
        }
        if (resource.substr(0, 5) == "user/") {
            return "IAM user " + std::string(resource.substr(resource.rfind('/') + 1)) + " of account " + account;
        }
        if (resource.substr(0, 13) == "assumed-role/") {
            return "a session of IAM role " + principal.sessionRoleName + " of account " + account;
        }
        if (resource.substr(0, 15) == "federated-user/") {
            return "a federated user of account " + account;
        }
        return "an IAM principal of account " + account;
    }
    case Kind::Account:
        return "any IAM role or user of account " + account + " that the policy does not name";
    case Kind::Service:
        return "the AWS service principal " + text + " calling on its own behalf";
    case Kind::OtherAccount:
        return "any IAM role or user of an account that the policy does not name";
    }
    return {};
}

namespace {

Caller iamCaller(std::string_view arn)
{
    Caller c;
    c.kind = Caller::Kind::IamPrincipal;
    c.text = std::string(arn);
    c.id = c.text;
    c.principal = eval::RequestPrincipal::aws(arn);
    c.account = c.principal.account;
    c.partition = c.principal.partition;
    c.root = c.principal.isRoot();
    // aws:PrincipalType as IAM sets it: a role acts through its sessions.
    if (const auto parts = eval::splitArn(arn)) {
        const std::string_view resource = parts->resource;
        if (c.root) {
            c.principalType = "Account";
        } else if (resource.substr(0, 5) == "user/") {
            c.principalType = "User";
            c.user = true;
        } else if (resource.substr(0, 5) == "role/" || resource.substr(0, 13) == "assumed-role/") {
            c.principalType = "AssumedRole";
        } else if (resource.substr(0, 15) == "federated-user/") {
            c.principalType = "FederatedUser";
        }
    }
    return c;
}

Caller serviceCaller(std::string_view name)
{
    Caller c;
    c.kind = Caller::Kind::Service;
    c.text = std::string(name);
    c.id = "service:" + c.text;
    c.principal = eval::RequestPrincipal::servicePrincipal(name);
    return c;
}

Caller otherAccountCaller()
{
    Caller c;
    c.kind = Caller::Kind::OtherAccount;
    c.text = "*";
    c.id = "*";
    c.principal = eval::RequestPrincipal::unnamedIamPrincipal();
    return c;
}

} // namespace

Caller accountCaller(std::string_view account, std::string_view partition)
{
    Caller c;
    c.kind = Caller::Kind::Account;
    c.account = std::string(account);
    c.partition = std::string(partition);
    c.text = partition.empty() ? c.account : "arn:" + c.partition + ":iam::" + c.account + ":root";
    c.id = "account:" + c.account;
    c.principal = eval::RequestPrincipal::unnamedIamPrincipal(account, partition);
    return c;
}

Expected<Caller> parseCaller(std::string_view text)
{
    const std::string quoted = "'" + std::string(text) + "'";
    if (text.empty()) {
        return Error("the principal is empty");
    }
    if (text == "*") {
        return Error(
            "'*' is not a caller: a request is signed by an IAM principal or made by a service; name an IAM ARN, an "
            "account id or a service principal");
    }
    if (isAccountId(text)) {
        return accountCaller(text);
    }
    if (text.substr(0, 4) == "arn:") {
        if (std::string problem = rules::principalProblem("AWS", text); !problem.empty()) {
            return Error(problem);
        }
        return iamCaller(text);
    }
    if (text.find(".amazonaws.com") != std::string_view::npos) {
        if (std::string problem = rules::principalProblem("Service", text); !problem.empty()) {
            return Error(problem);
        }
        return serviceCaller(text);
    }
    return Error(
        quoted
        + " is not an IAM ARN (arn:PARTITION:iam::ACCOUNT:role/NAME), an account id (12 digits) or a service principal "
          "(NAME.amazonaws.com)");
}

std::optional<Caller> callerOfPrincipal(const PrincipalRef& entry)
{
    const rules::PrincipalInfo info = rules::classifyPrincipal(entry);
    switch (info.kind) {
    case rules::PrincipalKind::Wildcard:
        return otherAccountCaller();
    case rules::PrincipalKind::Account: {
        Caller c = accountCaller(info.account, rules::principalArnPartition(entry.value));
        return c;
    }
    case rules::PrincipalKind::IamPrincipal:
        return iamCaller(entry.value);
    case rules::PrincipalKind::Service:
        return serviceCaller(entry.value);
    case rules::PrincipalKind::Invalid:
        break;
    }
    return std::nullopt;
}

// ---- Actions ----------------------------------------------------------------------------------------------------

Expected<std::string> parseAction(std::string_view text)
{
    if (text.empty()) {
        return Error("the action is empty");
    }
    const std::string quoted = "'" + std::string(text) + "'";
    if (hasWildcard(text)) {
        return Error(quoted + " is a pattern: name one action (e.g. kms:Decrypt)");
    }
    std::string name(text);
    if (name.find(':') == std::string::npos) {
        name = "kms:" + name;
    } else if (!rules::startsWithIgnoreCase(name, "kms:")) {
        return Error(quoted + " is not a KMS action: a key policy decides only kms: actions");
    }
    const Vocabulary& vocabulary = Vocabulary::instance();
    const ActionInfo* info = vocabulary.action(name);
    if (!info) {
        return Error(quoted + " is not a KMS action" + rules::suggestionText(vocabulary.closestActions(name)));
    }
    switch (info->scope) {
    case PolicyScope::KeyPolicy:
    case PolicyScope::KeyPolicyAndIam:
        return info->name;
    case PolicyScope::IamOnly:
        return Error(info->name + " is authorized by IAM policies only: a key policy does not decide it");
    case PolicyScope::GrantDetermined:
        return Error(
            info->name
            + " is decided by the grant, not by the key policy: the grant's retiring principal (and its grantee when "
              "the grant allows RetireGrant) may retire it, and the account that created it may delegate it in IAM "
              "policies");
    case PolicyScope::PermissionOnly:
        return Error(info->name + " is a permission without an API of its own: no request calls it");
    }
    return Error(info->name + " is not decided by a key policy");
}

// ---- The key and the request context ------------------------------------------------------------------------------

KeyFacts resolveKeyFacts(const SourceDocument& document, const PolicyView& policy, const MwaaContext& given)
{
    MwaaContext context = given;
    // The key's account decides whether a caller is in another account, so only what names the key's owner is taken:
    // given, a key ARN's account, or the account the policy's root delegation names (never merely the one account
    // some Allow statement names: that may be the account the key is shared with).
    if (context.account.empty()) {
        const mwaa::KeyIdentifier id = mwaa::parseKeyIdentifier(context.key);
        const bool arn = id.form == mwaa::KeyIdentifier::Form::KeyArn || id.form == mwaa::KeyIdentifier::Form::AliasArn;
        context.account = arn && isAccountId(id.account) ? id.account : rules::delegatedAccount(policy);
        context.accountSource = context.account.empty() ? ContextSource::Unknown : ContextSource::Inferred;
    }
    KeyFacts facts;
    facts.context = mwaa::resolveContext(document, policy, context);
    facts.resource = mwaa::keyResourceOf(facts.context);
    return facts;
}

namespace {

/** The keys that follow from the caller (Caller, makeRequest): never given on their own. */
constexpr std::array<std::string_view, 8> kCallerKeys = {"aws:PrincipalArn",
                                                         "aws:PrincipalAccount",
                                                         "kms:CallerAccount",
                                                         "aws:PrincipalType",
                                                         "aws:PrincipalIsAWSService",
                                                         "aws:PrincipalServiceName",
                                                         "aws:PrincipalServiceNamesList",
                                                         "aws:username"};

/** Whether an absent-key pattern (a trailing '*' names a prefix) covers the key; case-insensitive. */
bool patternCovers(std::string_view pattern, std::string_view key)
{
    if (!pattern.empty() && pattern.back() == '*') {
        return rules::startsWithIgnoreCase(key, pattern.substr(0, pattern.size() - 1));
    }
    return equalsIgnoreCase(pattern, key);
}

} // namespace

std::string contextKeyError(std::string_view key)
{
    if (key.empty()) {
        return "the condition key is empty";
    }
    const Vocabulary& vocabulary = Vocabulary::instance();
    if (!vocabulary.conditionKey(key)) {
        return "'" + std::string(key) + "' is not a global or KMS condition key"
            + rules::suggestionText(vocabulary.closestConditionKeys(key));
    }
    for (std::string_view k : kCallerKeys) {
        if (equalsIgnoreCase(k, key)) {
            return std::string(k) + " follows from the principal: name the caller as the principal instead";
        }
    }
    if (equalsIgnoreCase(key, "aws:RequestedRegion")) {
        return "aws:RequestedRegion follows from the key's region: give the region (or the key's ARN) instead";
    }
    return {};
}

std::string contextEntryError(const ContextEntry& entry)
{
    if (std::string error = contextKeyError(entry.key); !error.empty()) {
        return error;
    }
    if (entry.values.empty()) {
        return entry.key + " has no value";
    }
    const ConditionKeyInfo* info = Vocabulary::instance().conditionKey(entry.key);
    if (entry.values.size() > 1 && !info->multivalued) {
        return entry.key + " takes one value (it is not a multivalued key)";
    }
    for (const std::string& v : entry.values) {
        const std::string quoted = "'" + v + "'";
        if (v.empty()) {
            return entry.key + ": an empty value; to say the request lacks the key, declare it absent";
        }
        switch (info->type) {
        case KeyType::Bool:
            if (!equalsIgnoreCase(v, "true") && !equalsIgnoreCase(v, "false")) {
                return entry.key + ": " + quoted + " is not true or false";
            }
            break;
        case KeyType::Numeric:
            if (!eval::parseNumber(v)) {
                return entry.key + ": " + quoted + " is not a number";
            }
            break;
        case KeyType::Date:
            if (!eval::parseDate(v)) {
                return entry.key + ": " + quoted + " is not a date (2025-01-31T12:00:00Z or epoch seconds)";
            }
            break;
        case KeyType::DateOrNumeric:
            if (!eval::parseDate(v) && !eval::parseNumber(v)) {
                return entry.key + ": " + quoted + " is not a date or a number";
            }
            break;
        case KeyType::IpAddress:
            if (!eval::parseIpNetwork(v) || v.find('/') != std::string::npos) {
                return entry.key + ": " + quoted + " is not an IP address";
            }
            break;
        default:
            break;
        }
    }
    return {};
}

std::string absentKeyError(std::string_view keyOrPrefix)
{
    if (keyOrPrefix.size() > 1 && keyOrPrefix.back() == '*') {
        const std::string_view prefix = keyOrPrefix.substr(0, keyOrPrefix.size() - 1);
        for (const auto& k : Vocabulary::instance().conditionKeys()) {
            if (rules::startsWithIgnoreCase(k.name, prefix) || rules::startsWithIgnoreCase(prefix, k.prefix)) {
                return {};
            }
        }
        return "'" + std::string(keyOrPrefix) + "' names no global or KMS condition key";
    }
    return contextKeyError(keyOrPrefix);
}

eval::Request makeRequest(const SimulationRequest& in, const KeyFacts& key)
{
    eval::Request r = eval::Request::make(in.caller.principal, in.action, key.resource.arn);
    r.keyArn = key.resource.hint;
    eval::RequestContext& c = r.context;
    c.setOpenWorld(true);
    if (!c.find("aws:RequestedRegion") && isRegionCode(key.context.region)) {
        c.set("aws:RequestedRegion", key.context.region);
    }
    const auto mentioned = [&in](std::string_view k) {
        return std::any_of(in.context.begin(),
                           in.context.end(),
                           [k](const ContextEntry& e) { return equalsIgnoreCase(e.key, k); })
            || std::any_of(
                   in.absent.begin(), in.absent.end(), [k](const std::string& p) { return patternCovers(p, k); });
    };
    // A direct call or one through a service: the person did not say (Request::make assumes a direct call).
    if (!mentioned("aws:ViaAWSService")) {
        c.setUnknown("aws:ViaAWSService");
    }
    switch (in.caller.kind) {
    case Caller::Kind::IamPrincipal:
        if (!in.caller.principalType.empty()) {
            c.set("aws:PrincipalType", in.caller.principalType);
        }
        if (in.caller.user) {
            c.set("aws:username", in.caller.text.substr(in.caller.text.rfind('/') + 1));
        } else if (!in.caller.principalType.empty()) {
            c.declareAbsent("aws:username"); // IAM users only
        }
        c.declareAbsent("aws:PrincipalServiceName");
        c.declareAbsent("aws:PrincipalServiceNamesList");
        break;
    case Caller::Kind::Account:
    case Caller::Kind::OtherAccount:
        // Which role or user (and of which account, for "*") is not known.
        c.setUnknown("aws:PrincipalArn");
        c.declareAbsent("aws:PrincipalServiceName");
        c.declareAbsent("aws:PrincipalServiceNamesList");
        break;
    case Caller::Kind::Service:
        c.declareAbsent(eval::serviceCallerAbsentKeys());
        break;
    }
    for (const ContextEntry& e : in.context) {
        c.set(e.key, e.values);
    }
    for (const std::string& pattern : in.absent) {
        // The defaults of Request::make that the principal does not decide: a person may take them back.
        for (std::string_view k : {"aws:SecureTransport", "aws:ViaAWSService"}) {
            if (patternCovers(pattern, k)) {
                c.erase(k);
            }
        }
        c.declareAbsent(std::string_view(pattern));
    }
    return r;
}

// ---- Decisions --------------------------------------------------------------------------------------------------

namespace {

std::string statementName(const PolicyView& policy, std::size_t index)
{
    std::string name = "statement " + std::to_string(index);
    if (index < policy.statements.size() && policy.statements[index].sid && !policy.statements[index].sid->empty()) {
        name += " (\"" + *policy.statements[index].sid + "\")";
    }
    return name;
}

std::string statementList(const PolicyView& policy, const std::vector<eval::StatementMatch>& matches)
{
    std::vector<std::string> names;
    for (const auto& m : matches) {
        names.push_back(statementName(policy, m.statement));
    }
    return wording::andList(names);
}

std::string neededFor(std::string_view fact)
{
    if (fact == eval::kKeyArnFact) {
        return "--key KEY_ARN";
    }
    return "--context " + std::string(fact) + "=VALUE or --absent " + std::string(fact);
}

UnknownFact keyAccountFact()
{
    return {"the key's account", "--account ID (or --key KEY_ARN)", SIZE_MAX, {}};
}

/** The Truth that the caller is in another account than the key. */
Truth crossAccountOf(const Caller& caller, const KeyFacts& key)
{
    switch (caller.kind) {
    case Caller::Kind::Service:
        return Truth::False;
    case Caller::Kind::OtherAccount:
        return Truth::True;
    case Caller::Kind::IamPrincipal:
    case Caller::Kind::Account:
        break;
    }
    if (!isAccountId(key.context.account) || caller.account.empty()) {
        return Truth::Unknown;
    }
    return caller.account == key.context.account ? Truth::False : Truth::True;
}

/** The evaluator's answer in the simulator's words, with the statements and facts behind it. */
struct Mapped
{
    Decision decision = Decision::ImplicitDeny;
    std::string reason;
    std::vector<UnknownFact> unknowns;
    std::vector<std::size_t> deciding;
};

void addFact(std::vector<UnknownFact>& facts, UnknownFact fact)
{
    if (std::find(facts.begin(), facts.end(), fact) == facts.end()) {
        facts.push_back(std::move(fact));
    }
}

std::vector<std::size_t> indicesOf(const std::vector<eval::StatementMatch>& matches)
{
    std::vector<std::size_t> out;
    for (const auto& m : matches) {
        out.push_back(m.statement);
    }
    return out;
}

Mapped mapDecision(const eval::Decision& d,
                   const PolicyView& policy,
                   const Caller& caller,
                   const KeyFacts& key,
                   std::size_t actionIndex)
{
    Mapped m;
    const Vocabulary& vocabulary = Vocabulary::instance();
    const std::string& action = vocabulary.actions()[actionIndex].name;
    const Truth cross = crossAccountOf(caller, key);
    const bool acrossAccounts = vocabulary.crossAccount(actionIndex);
    const std::string otherAccount = caller.kind == Caller::Kind::OtherAccount ? std::string("another account")
                                                                               : "account " + caller.account
            + (isAccountId(key.context.account) ? ", the key in account " + key.context.account : "");
    switch (d.outcome) {
    case eval::Outcome::ExplicitDeny:
        m.decision = Decision::ExplicitDeny;
        m.deciding = indicesOf(d.denies);
        m.reason = "Denied by " + statementList(policy, d.denies) + ".";
        return m;
    case eval::Outcome::ImplicitDeny:
        m.decision = Decision::ImplicitDeny;
        m.reason = "No statement allows " + action + " to the caller.";
        return m;
    case eval::Outcome::Allow:
    case eval::Outcome::Depends:
        break;
    }
    // KMS takes only some actions from another account (docs/reference/kms-facts.md 2.1): for the others a key
    // policy's permission has no effect across accounts.
    if (!acrossAccounts && cross == Truth::True) {
        m.decision = Decision::ImplicitDeny;
        m.deciding = indicesOf(d.allowed() ? d.allows : d.maybeAllows);
        m.reason = "KMS does not accept " + action + " from another account (the caller is in " + otherAccount
            + "): the key policy's permission has no effect across accounts.";
        return m;
    }
    if (d.outcome == eval::Outcome::Depends) {
        m.decision = Decision::Depends;
        std::vector<std::string> parts;
        for (const eval::Decision::Deciding& deciding : d.deciding()) {
            m.deciding.push_back(deciding.match->statement);
            std::vector<std::string> facts;
            for (const eval::UnknownFact& u : deciding.match->unknowns) {
                const StatementView& s = policy.statements[deciding.match->statement];
                std::string pointer;
                if (u.condition < s.conditions.size()) {
                    pointer = s.conditions[u.condition].keyPointer;
                } else if (!s.resources.empty()) {
                    pointer = s.resources.front().pointer;
                }
                addFact(m.unknowns, {u.fact, neededFor(u.fact), deciding.match->statement, pointer});
                if (std::find(facts.begin(), facts.end(), u.fact) == facts.end()) {
                    facts.push_back(u.fact);
                }
            }
            parts.push_back(statementName(policy, deciding.match->statement) + (deciding.deny ? " denies" : " allows")
                            + " it if it applies, which depends on " + wording::andList(facts));
        }
        std::sort(m.deciding.begin(), m.deciding.end());
        m.reason = "It depends: " + wording::andList(parts) + ".";
        if (!acrossAccounts && cross == Truth::Unknown) {
            addFact(m.unknowns, keyAccountFact());
            m.reason += " KMS does not accept " + action + " from another account, and the key's account is not known.";
        }
        return m;
    }
    // Allowed by the policy.
    m.deciding = indicesOf(d.allows);
    const bool viaAccountOnly = d.onlyViaAccountDelegation();
    const std::string by = statementList(policy, d.allows);
    if (!acrossAccounts && cross == Truth::Unknown) {
        m.decision = Decision::Depends;
        addFact(m.unknowns, keyAccountFact());
        m.reason = "Allowed by " + by + " if the caller is in the key's account: KMS does not accept " + action
            + " from another account, and the key's account is not known.";
        return m;
    }
    if (viaAccountOnly) {
        m.decision = Decision::AllowIfIam;
        m.reason = "Allowed only through the account principal (" + by + "): the caller's IAM policies must allow "
            + action + " too.";
        for (const auto& maybe : d.maybeAllows) {
            if (!maybe.viaAccountDelegation) {
                std::vector<std::string> facts;
                for (const auto& u : maybe.unknowns) {
                    facts.push_back(u.fact);
                }
                m.reason += " " + statementName(policy, maybe.statement) + " allows it without IAM if it applies ("
                    + wording::andList(facts) + ").";
            }
        }
        if (cross == Truth::True) {
            m.reason += " The caller is in " + otherAccount + ".";
        }
        return m;
    }
    if (caller.root || cross == Truth::False) {
        m.decision = Decision::Allow;
        m.reason = "Allowed by " + by + ".";
        return m;
    }
    if (cross == Truth::True) {
        m.decision = Decision::AllowIfIam;
        m.reason = "Allowed by " + by + ", but the caller is in " + otherAccount
            + ": an IAM principal of another account also needs its own IAM policies to allow " + action + ".";
        return m;
    }
    m.decision = Decision::Depends;
    addFact(m.unknowns, keyAccountFact());
    m.reason = "Allowed by " + by + "; whether the caller's IAM policies must allow " + action
        + " too depends on the key's account (they must when the caller is in another account).";
    return m;
}

// ---- Trace wording ----------------------------------------------------------------------------------------------

std::string q(std::string_view text)
{
    return wording::quoted(text);
}

std::string valueList(const std::vector<std::string>& values)
{
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i) {
        out += (i ? ", " : "") + q(values[i]);
    }
    return out.empty() ? std::string("(no value)") : out;
}

std::string wellFormedProblem(const StatementView& s)
{
    if (!s.effect) {
        return "it has no Effect";
    }
    if (!s.isAllow() && !s.isDeny()) {
        return "its Effect " + q(*s.effect) + " is not Allow or Deny";
    }
    if (!s.hasPrincipal && !s.hasNotPrincipal) {
        return "it has no Principal (every statement of a key policy needs one)";
    }
    if (!s.hasAction && !s.hasNotAction) {
        return "it has no Action";
    }
    return "it has no Resource";
}

const PrincipalRef* principalAt(const StatementView& s, std::string_view pointer)
{
    for (const auto& p : s.principals) {
        if (p.pointer == pointer) {
            return &p;
        }
    }
    return nullptr;
}

const ValueRef* valueAt(const std::vector<ValueRef>& values, std::string_view pointer)
{
    for (const auto& v : values) {
        if (v.pointer == pointer) {
            return &v;
        }
    }
    return nullptr;
}

std::string principalReason(const StatementView& s, const eval::StatementTrace& t, const Caller& caller)
{
    const PrincipalRef* entry = principalAt(s, t.principalPointer);
    const std::string value = entry ? q(entry->value) : std::string();
    if (s.hasNotPrincipal && !s.hasPrincipal) {
        if (t.principal == PrincipalMatch::None) {
            return "NotPrincipal excludes the caller" + (entry ? " (" + value + ")" : std::string());
        }
        if (entry && caller.kind == Caller::Kind::IamPrincipal && !caller.root) {
            return "NotPrincipal lists " + value
                + " but does not exclude the caller: an IAM principal is excluded only when both its ARN and its "
                  "account are listed";
        }
        return "NotPrincipal does not exclude the caller";
    }
    if (!s.hasPrincipal) {
        return "no Principal";
    }
    switch (t.principal) {
    case PrincipalMatch::Direct:
        if (entry && (entry->value == "*")) {
            return value + " names everyone";
        }
        if (caller.root) {
            return value + " names the account, whose root user is the caller";
        }
        if (caller.kind == Caller::Kind::IamPrincipal && !caller.principal.sessionRoleName.empty()) {
            return value + " names the caller's role";
        }
        return value + " names the caller";
    case PrincipalMatch::ViaAccount:
        return "the account principal " + value
            + " covers the caller only through IAM: its IAM policies must allow the request too";
    case PrincipalMatch::None:
        break;
    }
    switch (caller.kind) {
    case Caller::Kind::Account:
        return "no Principal entry names account " + caller.account + " or everyone";
    case Caller::Kind::OtherAccount:
        return "no Principal entry names everyone";
    default:
        return "no Principal entry names the caller";
    }
}

std::string actionReason(const StatementView& s, const eval::StatementTrace& t, const std::string& action)
{
    const ValueRef* entry = valueAt(s.actions, t.actionPointer);
    if (s.hasAction) {
        return t.actionMatches ? q(entry ? entry->value : action) + " matches " + action
                               : "Action does not name " + action;
    }
    if (s.hasNotAction) {
        return t.actionMatches ? "NotAction does not name " + action
                               : "NotAction names " + action + (entry ? " (" + q(entry->value) + ")" : std::string());
    }
    return "no Action";
}

std::string resourceReason(const StatementView& s, const eval::StatementTrace& t, const eval::Request& request)
{
    const ValueRef* entry = valueAt(s.resources, t.resourcePointer);
    const std::string value = entry ? q(entry->value) : std::string();
    const std::string key = request.resource.empty() ? std::string("this key") : "the key " + request.resource;
    if (!s.hasResource && !s.hasNotResource) {
        return "no Resource";
    }
    if (s.hasResource) {
        switch (t.resource) {
        case Truth::True:
            return entry && entry->value == "*" ? value + " is this key" : value + " matches " + key;
        case Truth::Unknown:
            return "whether " + value + " names this key depends on "
                + (entry && entry->value.find("${") != std::string::npos ? std::string("a policy variable's key")
                                                                         : "the key's ARN (--key)");
        case Truth::False:
            break;
        }
        return "no Resource entry names " + key;
    }
    switch (t.resource) {
    case Truth::True:
        return "NotResource does not name " + key;
    case Truth::Unknown:
        return "whether NotResource " + value + " names this key depends on the key's ARN (--key)";
    case Truth::False:
        break;
    }
    return "NotResource names " + key + (entry ? " (" + value + ")" : std::string());
}

ConditionTrace traceCondition(const ConditionEntry& c,
                              std::size_t index,
                              const eval::ConditionResult& result,
                              const eval::Request& request,
                              bool policyVariables)
{
    ConditionTrace t;
    t.index = index;
    t.op = c.op;
    t.key = c.key;
    for (const auto& v : c.values) {
        t.values.push_back(v.value);
    }
    t.pointer = c.keyPointer;
    t.keyState = request.context.state(c.key);
    if (const auto* values = request.context.find(c.key)) {
        t.requestValues = *values;
    }
    t.result = result.truth;
    const std::string holds
        = result.truth == Truth::True ? "holds" : (result.truth == Truth::False ? "fails" : "may hold");
    const std::string written = c.op + " " + c.key + " " + valueList(t.values);
    if (!result.operatorKnown) {
        t.reason = q(c.op) + " is not a condition operator: it never holds";
        return t;
    }
    const auto parsed = Vocabulary::instance().parseOperator(c.op);
    if (result.truth == Truth::Unknown) {
        if (t.keyState == KeyState::Unknown && t.requestValues.empty()) {
            t.reason = c.key + " is not known in the request: " + c.op + " " + valueList(t.values)
                + " may hold or not (decide it with " + neededFor(c.key) + ")";
        } else {
            t.reason = "a value uses the policy variable " + result.unknownKey + ", which is not known in the request: "
                + c.op + " may hold or not (decide it with " + neededFor(result.unknownKey) + ")";
        }
        return t;
    }
    if (parsed && parsed->base->family == OperatorFamily::Null) {
        t.reason = c.key + (result.keyPresent ? " is in the request" : " is absent from the request") + ": " + written
            + " " + holds;
        return t;
    }
    if (!result.keyPresent) {
        std::string why = c.key + " is absent from the request: ";
        if (parsed && parsed->ifExists) {
            why += "...IfExists holds for an absent key";
        } else if (parsed && parsed->set == SetPrefix::ForAllValues) {
            why += "ForAllValues holds when the key is absent";
        } else if (parsed && parsed->set == SetPrefix::ForAnyValue) {
            why += "ForAnyValue fails when the key is absent";
        } else if (parsed && parsed->base->negated) {
            why += "a negated operator holds for an absent key";
        } else {
            why += c.op + " fails for an absent key";
        }
        t.reason = why;
        return t;
    }
    // Which request value matched which policy value (the operator's comparison with any "Not" removed).
    const eval::Comparison comparison = parsed ? eval::comparisonOf(parsed->base->name) : eval::Comparison::Unknown;
    const bool substitute = policyVariables && parsed && parsed->base->allowsPolicyVariables;
    std::string match;
    for (const std::string& r : t.requestValues) {
        for (const std::string& p : t.values) {
            std::optional<std::string> resolved = p;
            if (substitute && p.find("${") != std::string::npos) {
                resolved = eval::substituteVariables(p, request.context);
            }
            if (resolved && eval::compare(comparison, *resolved, r)) {
                match = q(r) + " matches " + q(p);
                break;
            }
        }
        if (!match.empty()) {
            break;
        }
    }
    t.reason = "the request's " + c.key + " is " + valueList(t.requestValues) + "; "
        + (match.empty() ? std::string("no value matches ") + valueList(t.values) : match) + ": " + c.op + " " + holds;
    return t;
}

std::string partsReason(const StatementView& s, const TracedStatement& t)
{
    if (!t.wellFormed) {
        return "KMS applies it to nobody: " + wellFormedProblem(s);
    }
    switch (t.applies) {
    case Truth::True:
        if (s.isDeny()) {
            return "applies: it denies the request";
        }
        return t.principal == PrincipalMatch::ViaAccount
            ? "applies: it allows the request through the account principal"
            : "applies: it allows the request";
    case Truth::False:
        if (!t.actionMatches) {
            return "does not apply: " + t.actionReason;
        }
        if (t.principal == PrincipalMatch::None) {
            return "does not apply: " + t.principalReason;
        }
        if (t.resource == Truth::False) {
            return "does not apply: " + t.resourceReason;
        }
        for (const auto& c : t.conditions) {
            if (c.result == Truth::False) {
                return "does not apply: " + c.op + " " + c.key + " fails";
            }
        }
        return "does not apply";
    case Truth::Unknown:
        break;
    }
    std::vector<std::string> facts;
    if (t.resource == Truth::Unknown) {
        facts.push_back("the key's ARN");
    }
    for (const auto& c : t.conditions) {
        if (c.result == Truth::Unknown) {
            facts.push_back(c.op + " " + c.key);
        }
    }
    return std::string("may apply: it ") + (s.isDeny() ? "denies" : "allows") + " the request only if "
        + wording::andList(facts) + (facts.size() == 1 ? " holds" : " hold");
}

TracedStatement traceOne(const StatementView& s,
                         const eval::StatementTrace& t,
                         const eval::Request& request,
                         const Caller& caller,
                         bool policyVariables)
{
    TracedStatement out;
    out.index = s.index;
    out.pointer = s.pointer;
    out.sid = s.sid;
    out.effect = s.effect.value_or(std::string());
    out.wellFormed = t.wellFormed;
    out.principal = t.principal;
    out.principalPointer = std::string(t.principalPointer);
    out.principalReason = principalReason(s, t, caller);
    out.actionMatches = t.actionMatches;
    out.actionPointer = std::string(t.actionPointer);
    out.actionReason = actionReason(s, t, request.action);
    out.resource = t.resource;
    out.resourcePointer = std::string(t.resourcePointer);
    out.resourceReason = resourceReason(s, t, request);
    for (std::size_t i = 0; i < s.conditions.size(); ++i) {
        out.conditions.push_back(traceCondition(s.conditions[i], i, t.conditions[i], request, policyVariables));
    }
    out.applies = t.applies;
    out.reason = partsReason(s, out);
    return out;
}

} // namespace

Simulation simulate(const PolicyView& policy, const SimulationRequest& request, const KeyFacts& key)
{
    Simulation sim;
    const eval::PreparedPolicy prepared(policy);
    const eval::Request r = makeRequest(request, key);
    const int actionIndex = Vocabulary::instance().actionIndex(request.action);
    sim.crossAccount = crossAccountOf(request.caller, key);
    const std::vector<eval::StatementTrace> traces = eval::tracePolicy(prepared, r);
    for (std::size_t i = 0; i < traces.size(); ++i) {
        sim.statements.push_back(
            traceOne(policy.statements[i], traces[i], r, request.caller, prepared.policyVariables()));
    }
    if (actionIndex < 0) {
        sim.decision = Decision::ImplicitDeny;
        sim.reason = request.action + " is not a KMS action: a key policy decides KMS actions only.";
        return sim;
    }
    const eval::Decision d = eval::evaluate(prepared, r);
    Mapped m = mapDecision(d, policy, request.caller, key, static_cast<std::size_t>(actionIndex));
    sim.decision = m.decision;
    sim.reason = std::move(m.reason);
    sim.unknowns = std::move(m.unknowns);
    sim.deciding = std::move(m.deciding);
    return sim;
}

std::vector<ActionDecision> decideActions(const eval::PreparedPolicy& policy,
                                          const Caller& caller,
                                          const std::vector<std::size_t>& actions,
                                          const KeyFacts& key)
{
    std::vector<ActionDecision> out;
    if (actions.empty()) {
        return out;
    }
    const auto& vocabulary = Vocabulary::instance().actions();
    SimulationRequest request{caller, vocabulary[actions.front()].name, {}, {}};
    // One request per caller, evaluated once for all actions: no contextId (its per-statement condition cache would
    // only grow with every caller of an access summary).
    const eval::Request r = makeRequest(request, key);
    std::vector<eval::IndexedAction> indexed;
    indexed.reserve(actions.size());
    for (std::size_t a : actions) {
        indexed.push_back({vocabulary[a].name, static_cast<int>(a)});
    }
    const std::vector<eval::Decision> decisions = eval::evaluateActions(policy, r, indexed);
    for (std::size_t i = 0; i < actions.size(); ++i) {
        const eval::Decision& d = decisions[i];
        Mapped m = mapDecision(d, policy.view(), caller, key, actions[i]);
        ActionDecision a;
        a.action = actions[i];
        a.decision = m.decision;
        a.reason = std::move(m.reason);
        a.unknowns = std::move(m.unknowns);
        for (const auto* list : {&d.allows, &d.denies, &d.maybeAllows, &d.maybeDenies}) {
            for (const auto& match : *list) {
                a.statements.push_back(match.statement);
            }
        }
        std::sort(a.statements.begin(), a.statements.end());
        a.statements.erase(std::unique(a.statements.begin(), a.statements.end()), a.statements.end());
        out.push_back(std::move(a));
    }
    return out;
}

} // namespace kps::access
