// SPDX-License-Identifier: GPL-3.0-or-later
// MWAA_ROLE_*: the execution role against the key policy and its own IAM policy (kms-facts 5.6).
#include "core/eval/Arn.h"
#include "core/eval/Evaluator.h"
#include "core/mwaa/MwaaFacts.h"
#include "core/mwaa/ProfileRules.h"
#include "core/vocab/Vocabulary.h"

#include <algorithm>

namespace kps::mwaa::detail {

namespace {

/** The key ARN the role's policy is evaluated against: given, else built from the context (an example key id). */
std::string roleKeyResource(const ProfileInput& in)
{
    if (!in.keyResource.empty()) {
        return in.keyResource;
    }
    if (in.context.region.empty() || !in.accountKnown) {
        return {};
    }
    const KeyIdentifier key = parseKeyIdentifier(in.context.key);
    const std::string id = key.form == KeyIdentifier::Form::KeyId && !key.keyId.empty()
        ? key.keyId
        : std::string("00000000-0000-0000-0000-000000000000");
    return "arn:" + in.partition + ":kms:" + in.context.region + ":" + in.account + ":key/" + id;
}

std::string viaService(const ProfileInput& in, std::string_view service)
{
    return std::string(service) + "." + in.context.region + "." + dnsSuffixOfPartition(in.partition);
}

/** kRoleActions with their vocabulary indices, looked up once. */
const std::vector<eval::IndexedAction>& roleActions()
{
    static const std::vector<eval::IndexedAction> actions = eval::indexedActions(kRoleActions);
    return actions;
}

/** What the key policy decides for an execution role's calls through Amazon SQS (an open context). */
struct RoleOutcome
{
    std::vector<std::string> refused;
    std::optional<std::size_t> deny; ///< the first Deny that refused
    std::vector<Assumption> depends;
    bool onlyViaAccount = false; ///< some action is allowed only through the account delegation
    bool passes() const { return refused.empty() && depends.empty(); }
};

RoleOutcome askForRole(const ProfileInput& in, const eval::RequestPrincipal& role, bool named)
{
    RoleOutcome out;
    eval::Request request = makeRequest(in, role, kRoleActions[0]);
    openContext(in, request, false);
    // Amazon SQS calls KMS for the role (the queue's encryption): through a service, by an IAM principal.
    request.context.set("aws:ViaAWSService", "true");
    if (!in.context.region.empty()) {
        request.context.set("kms:ViaService", viaService(in, "sqs"));
    }
    if (!named) {
        for (std::string_view key : {"aws:PrincipalArn", "aws:userid", "aws:username"}) {
            request.context.setUnknown(key);
        }
    }
    request.contextId = in.prepared.newContextId();
    const std::vector<eval::Decision> decisions = eval::evaluateActions(in.prepared, request, roleActions());
    for (std::size_t i = 0; i < decisions.size(); ++i) {
        const eval::Decision& d = decisions[i];
        if (d.allowed()) {
            out.onlyViaAccount = out.onlyViaAccount || d.onlyViaAccountDelegation();
            continue;
        }
        if (d.depends()) {
            for (Assumption& a : decidingFacts(in, d, "the execution role's calls through Amazon SQS")) {
                if (std::find(out.depends.begin(), out.depends.end(), a) == out.depends.end()) {
                    out.depends.push_back(std::move(a));
                }
            }
            continue;
        }
        out.refused.emplace_back(kRoleActions[i]);
        if (!d.denies.empty() && !out.deny) {
            out.deny = d.denies.front().statement;
        }
    }
    return out;
}

/**
 * MWAA_ROLE_CANNOT_USE_KEY for the given role; returns whether the key policy allows it only through the account (then
 * the role's own IAM policy must allow it too). Its requests are the open ones of askForRole(): what SQS's calls carry
 * beyond kms:ViaService (their encryption context) is not documented, so a condition on it makes the verdict depend.
 */
bool checkKeyPolicySide(const ProfileInput& in, const eval::RequestPrincipal& role, Emitter& emit)
{
    const RoleOutcome o = askForRole(in, role, true);
    if (!o.refused.empty()) {
        if (o.deny) {
            if (Finding* f = emit.addUnique("MWAA_ROLE_CANNOT_USE_KEY", in.policy.statements[*o.deny].pointer, false)) {
                f->message = "This Deny statement refuses " + joinList(o.refused) + " to the execution role " + role.arn
                    + " through Amazon SQS, so MWAA's queues cannot use the key.";
            }
        } else {
            emit.addUnique("MWAA_ROLE_CANNOT_USE_KEY",
                           "/Statement",
                           false,
                           {role.arn + " (refused: " + joinList(o.refused) + ")"});
        }
        return o.onlyViaAccount;
    }
    if (!o.depends.empty()) {
        addDepending(in,
                     emit,
                     "MWAA_ROLE_CANNOT_USE_KEY",
                     o.depends,
                     "The execution role " + role.arn + " can use the key through Amazon SQS");
    }
    return o.onlyViaAccount;
}

void checkRolePolicySide(const ProfileInput& in, const eval::RequestPrincipal& role, Emitter& emit)
{
    const SourceDocument rolePolicy = SourceDocument::parse(*in.options.rolePolicy);
    std::vector<std::string> allActions;
    for (std::string_view a : kRoleActions) {
        allActions.emplace_back(a);
    }
    if (!rolePolicy.isValid()) {
        emit.addOutsideText("MWAA_ROLE_KMS_MISSING",
                            {joinList(allActions) + " (the execution role's policy could not be read as JSON)"});
        return;
    }
    const PolicyView view = readPolicy(rolePolicy.json());
    const eval::PreparedPolicy prepared(view);
    const std::string key = roleKeyResource(in);
    const std::array<std::string, 2> services = {viaService(in, "sqs"), viaService(in, "s3")};
    const eval::EvalOptions identity{true, false};

    std::vector<std::string> missing;
    std::vector<std::string> missingServices;
    std::vector<std::size_t> notResourceStatements;
    for (std::string_view action : kRoleActions) {
        std::array<bool, 2> allowed{};
        for (std::size_t s = 0; s < services.size(); ++s) {
            auto request = eval::Request::make(role, std::string(action), key);
            request.context.set("kms:ViaService", services[s]);
            allowed[s] = eval::evaluate(prepared, request, identity).allowed();
        }
        if (allowed[0] && allowed[1]) {
            continue;
        }
        if (allowed[0] || allowed[1]) {
            const std::string& refused = allowed[0] ? services[1] : services[0];
            if (std::find(missingServices.begin(), missingServices.end(), refused) == missingServices.end()) {
                missingServices.push_back(refused);
            }
            continue;
        }
        // Refused through both services: is it the AWS-owned-key pattern (NotResource excluding the key)?
        bool notResource = false;
        for (std::size_t i = 0; i < view.statements.size() && !key.empty(); ++i) {
            const StatementView& s = view.statements[i];
            if (!s.isAllow() || !s.hasNotResource) {
                continue;
            }
            auto request = eval::Request::make(role, std::string(action), std::string());
            request.context.set("kms:ViaService", services[0]);
            const auto r
                = eval::evaluateStatement(prepared.statements()[i], request, prepared.policyVariables(), identity);
            const bool excludesKey = std::any_of(s.resources.begin(), s.resources.end(), [&key](const ValueRef& v) {
                return wildcardMatch(v.value, key, false);
            });
            // Request without a key ARN: does the statement apply but for its NotResource?
            const bool appliesButForResource = r.wellFormed && r.principal != eval::PrincipalMatch::None
                && r.actionMatches && (r.resourceMatches || r.resourceUnknown);
            if (appliesButForResource && excludesKey) {
                notResource = true;
                if (std::find(notResourceStatements.begin(), notResourceStatements.end(), i)
                    == notResourceStatements.end()) {
                    notResourceStatements.push_back(i);
                }
            }
        }
        if (notResource) {
            continue;
        }
        // Allowed but for a kms:ViaService condition: the services are wrong, not the actions.
        auto sqs = eval::Request::make(role, std::string(action), key);
        sqs.context.set("kms:ViaService", services[0]);
        bool onlyViaService = false;
        for (const auto& m : eval::evaluate(prepared, sqs, eval::EvalOptions{true, true}).allows) {
            const auto r = eval::evaluateStatement(
                prepared.statements()[m.statement], sqs, prepared.policyVariables(), identity);
            onlyViaService = onlyViaService
                || (!r.failedConditions.empty()
                    && std::all_of(r.failedConditions.begin(), r.failedConditions.end(), [&](std::size_t c) {
                           return equalsIgnoreCase(view.statements[m.statement].conditions[c].key, "kms:ViaService");
                       }));
        }
        if (onlyViaService) {
            for (const auto& service : services) {
                if (std::find(missingServices.begin(), missingServices.end(), service) == missingServices.end()) {
                    missingServices.push_back(service);
                }
            }
        } else {
            missing.emplace_back(action);
        }
    }
    for (std::size_t i : notResourceStatements) {
        const StatementView& s = view.statements[i];
        std::string patterns;
        for (const auto& v : s.resources) {
            patterns += (patterns.empty() ? "" : ", ") + v.value;
        }
        emit.addOutsideText("MWAA_ROLE_NOT_RESOURCE",
                            {patterns + " (execution role policy " + appendPointer(s.pointer, "NotResource") + ")"});
    }
    if (!missing.empty()) {
        emit.addOutsideText("MWAA_ROLE_KMS_MISSING", {joinList(missing) + " (execution role policy)"});
    }
    if (!missingServices.empty()) {
        emit.addOutsideText("MWAA_ROLE_VIA_SERVICE", {joinList(missingServices)});
    }
}

/** The role's checks in the context's region: the key policy's side, then the role's policy where it matters. */
void checkRole(const ProfileInput& in, const eval::RequestPrincipal& role, Emitter& emit)
{
    bool onlyViaAccount = true;
    if (!in.options.roleArn.empty()) {
        onlyViaAccount = checkKeyPolicySide(in, role, emit);
        // A role of another account than the key's always needs its own IAM policy too.
        const KeyIdentifier key = parseKeyIdentifier(in.keyResource);
        if (!key.account.empty() && key.account != role.account) {
            onlyViaAccount = true;
        }
    }
    // The role's IAM policy only matters where the key policy leaves it to IAM.
    if (in.options.rolePolicy && onlyViaAccount) {
        checkRolePolicySide(in, role, emit);
    }
}

/**
 * The role's checks when the environment's region is not decided: run for each region it could be in (an inferred
 * one first, then candidateRegions(), counting the regions the role's policy names): the key policy asked with
 * `kms:ViaService = sqs.REGION`, and the role's own policy where the key policy leaves it to IAM. Skipping the
 * role's policy without a region (as before) read "MWAA ready" for a role that may use no KMS key; asking the key
 * policy without kms:ViaService could read a condition on it as met. The regions where the role passes narrow those
 * the other checks left (RegionScope): none left, the findings of a region the others allow are reported (not
 * ready); some, the verdict's region assumption names them; all, nothing depends on the region.
 */
void checkRoleEachRegion(const ProfileInput& in, const eval::RequestPrincipal& role, Emitter& emit)
{
    struct Run
    {
        std::string region;
        std::vector<Finding> findings;
        bool refused = false;
    };
    std::vector<std::string> regions;
    if (!in.context.region.empty()) {
        regions.push_back(in.context.region);
    }
    for (std::string& region :
         candidateRegions(in, in.context.region, in.options.rolePolicy ? *in.options.rolePolicy : std::string())) {
        regions.push_back(std::move(region));
    }
    std::vector<Run> runs;
    for (const std::string& region : regions) {
        Run run{region, {}, false};
        const MwaaContext context = contextInRegion(in, region);
        const ProfileInput regional = inRegion(in, context, nullptr);
        Emitter scratch(in.document, run.findings);
        checkRole(regional, role, scratch);
        run.refused = std::any_of(
            run.findings.begin(), run.findings.end(), [](const Finding& f) { return f.severity == Severity::Error; });
        runs.push_back(std::move(run));
    }
    const bool narrowed = in.regions && in.regions->narrowed;
    const auto allowedElsewhere = [&](const std::string& region) {
        return !narrowed
            || std::find(in.regions->usable.begin(), in.regions->usable.end(), region) != in.regions->usable.end();
    };
    std::vector<std::string> usable;
    bool refusedSomewhere = false;
    for (const Run& run : runs) {
        if (!allowedElsewhere(run.region)) {
            continue;
        }
        if (run.refused) {
            refusedSomewhere = true;
        } else {
            usable.push_back(run.region);
        }
    }
    // The findings shown are those of a region the verdict can be ready in, else of one the other checks allow.
    auto shown = std::find_if(runs.begin(), runs.end(), [&](const Run& run) {
        return usable.empty() ? allowedElsewhere(run.region) : run.region == usable.front();
    });
    if (shown == runs.end()) {
        shown = runs.begin();
    }
    if (shown != runs.end()) {
        for (const Finding& f : shown->findings) {
            emit.take(f);
        }
    }
    if (usable.empty() || !refusedSomewhere || !in.assumptions) {
        return; // refused wherever the environment could be (the findings say why), or nowhere
    }
    const std::string fact = "the environment is in " + regionsText(usable);
    if (narrowed && in.regions->assumption < in.assumptions->size()) {
        (*in.assumptions)[in.regions->assumption].fact = fact;
    } else {
        Assumption a;
        a.fact = fact;
        a.needed = "--region";
        addAssumption(in, std::move(a));
    }
    if (in.regions) {
        in.regions->narrowed = true;
        in.regions->usable = usable;
    }
}

/**
 * The common case decided without evaluating: no Deny anywhere, and an Allow of "kms:*" (or "*") on "*" to the
 * account (its root ARN or id) with no condition. Every role of the account then gets what it needs from its IAM
 * policy (the small policy's MWAA check is a few microseconds; this request was a tenth of it).
 */
bool delegatesAllWithoutDeny(const ProfileInput& in)
{
    const std::string root = "arn:" + in.partition + ":iam::" + in.account + ":root";
    bool delegation = false;
    for (const StatementView& s : in.policy.statements) {
        if (s.isDeny() || (!s.isAllow() && !s.effect)) {
            return false;
        }
        if (!s.isAllow() || s.hasCondition || !s.hasPrincipal || !s.hasAction || !s.hasResource) {
            continue;
        }
        const auto is = [](const std::vector<ValueRef>& values, std::string_view a, std::string_view b) {
            return std::any_of(values.begin(), values.end(), [&](const ValueRef& v) {
                return equalsIgnoreCase(v.value, a) || v.value == b;
            });
        };
        const bool account = std::any_of(s.principals.begin(), s.principals.end(), [&](const PrincipalRef& p) {
            return p.type == "AWS" && (p.value == root || p.value == in.account);
        });
        delegation = delegation || (account && is(s.actions, "kms:*", "*") && is(s.resources, "*", "*"));
    }
    return delegation;
}

/**
 * MWAA_ROLE_CANNOT_USE_KEY without --execution-role: whichever role the environment runs as, it uses the key through
 * Amazon SQS, so the key policy is asked for a role of the account it does not name (only the account delegation can
 * allow it), then for each role of the account it names. None can → error (no execution role works); only named ones
 * → the verdict depends on the execution role being one of them; the unnamed one only if a fact holds → depends on it.
 */
void checkAnyExecutionRole(const ProfileInput& in, Emitter& emit)
{
    if (!in.accountKnown || in.context.region.empty() || delegatesAllWithoutDeny(in)) {
        return;
    }
    const RoleOutcome any
        = askForRole(in,
                     eval::RequestPrincipal::aws("arn:" + in.partition + ":iam::" + in.account
                                                 + ":role/service-role/keypolicy-mwaa-execution-role"),
                     false);
    if (any.passes()) {
        return;
    }
    if (any.refused.empty()) {
        addDepending(in,
                     emit,
                     "MWAA_ROLE_CANNOT_USE_KEY",
                     any.depends,
                     "An execution role of account " + in.account + " can use the key through Amazon SQS ("
                         + viaService(in, "sqs") + ")");
        return;
    }
    // Refused to every role the policy does not name: the execution role must be one it names. Those that can use
    // the key outright are listed; only when none can, those that can if a fact holds (with their facts).
    std::vector<std::string> named;
    std::vector<std::string> namedIf;
    std::vector<Assumption> namedFacts;
    std::string namedPointer;
    std::string namedIfPointer;
    for (const auto& s : in.policy.statements) {
        if (!s.isAllow() || !s.hasPrincipal) {
            continue;
        }
        for (const auto& p : s.principals) {
            const auto arn = eval::splitArn(p.value);
            if (p.type != "AWS" || !arn || arn->account != in.account || arn->service != std::string_view("iam")
                || arn->resource.substr(0, 5) != std::string_view("role/")
                || std::find(named.begin(), named.end(), p.value) != named.end()
                || std::find(namedIf.begin(), namedIf.end(), p.value) != namedIf.end()) {
                continue;
            }
            RoleOutcome o = askForRole(in, eval::RequestPrincipal::aws(p.value), true);
            if (o.passes()) {
                named.push_back(p.value);
                namedPointer = namedPointer.empty() ? p.pointer : namedPointer;
            } else if (o.refused.empty()) {
                namedIf.push_back(p.value);
                namedIfPointer = namedIfPointer.empty() ? p.pointer : namedIfPointer;
                for (auto& a : o.depends) {
                    if (std::find(namedFacts.begin(), namedFacts.end(), a) == namedFacts.end()) {
                        namedFacts.push_back(std::move(a));
                    }
                }
            }
        }
    }
    if (named.empty() && !namedIf.empty()) {
        named = std::move(namedIf);
        namedPointer = namedIfPointer;
    } else {
        namedFacts.clear();
    }
    if (!named.empty()) {
        Assumption a;
        a.fact = "the environment's execution role is "
            + (named.size() == 1 ? named.front() : "one of " + joinList(named));
        a.needed = "--execution-role ARN";
        a.pointer = namedPointer;
        namedFacts.insert(namedFacts.begin(), a);
        for (const auto& fact : namedFacts) {
            addAssumption(in, fact);
        }
        if (Finding* f = emit.addUnique("MWAA_ROLE_CANNOT_USE_KEY", namedPointer, false)) {
            f->severity = Severity::Warning;
            f->message = "Only " + joinList(named) + " of account " + in.account
                + " can use the key through Amazon SQS (" + viaService(in, "sqs") + "): MWAA works only if "
                + assumptionsText(namedFacts) + ".";
        }
        return;
    }
    const std::string pointer = any.deny ? in.policy.statements[*any.deny].pointer : std::string("/Statement");
    if (Finding* f = emit.addUnique("MWAA_ROLE_CANNOT_USE_KEY", pointer, false)) {
        f->message = "No execution role of account " + in.account + " can use the key through Amazon SQS ("
            + viaService(in, "sqs") + "): the key policy refuses " + joinList(any.refused)
            + (any.deny ? " (this Deny statement)" : " to every role of the account")
            + ", and MWAA's queues need them.";
    }
}

} // namespace

void checkExecutionRole(const ProfileInput& in, Emitter& emit)
{
    if (in.options.roleArn.empty()) {
        // Whichever role it is: the key policy's side for a role it does not name.
        checkAnyExecutionRole(in, emit);
    }
    if (!in.options.rolePolicy && in.options.roleArn.empty()) {
        return;
    }
    eval::RequestPrincipal role;
    if (!in.options.roleArn.empty()) {
        role = eval::RequestPrincipal::aws(in.options.roleArn);
    } else if (in.accountKnown) {
        role = eval::RequestPrincipal::aws("arn:" + in.partition + ":iam::" + in.account + ":role/mwaa-execution-role");
    } else {
        return;
    }
    if (regionDecided(in)) {
        checkRole(in, role, emit);
    } else {
        checkRoleEachRegion(in, role, emit);
    }
}

} // namespace kps::mwaa::detail
