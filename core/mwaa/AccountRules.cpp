// SPDX-License-Identifier: GPL-3.0-or-later
// MWAA_ACCOUNT_CANNOT_GRANT: can a principal of the environment's account use the key and create MWAA's grants?
#include "core/eval/Arn.h"
#include "core/eval/Evaluator.h"
#include "core/mwaa/GrantMatrix.h"
#include "core/mwaa/MwaaFacts.h"
#include "core/mwaa/Patches.h"
#include "core/mwaa/ProfileRules.h"
#include "core/vocab/Vocabulary.h"

#include <algorithm>
#include <array>

namespace kps::mwaa::detail {

namespace {

struct CandidateResult
{
    std::vector<std::string> missing;
    std::vector<std::size_t> denies; ///< statements that explicitly deny
    std::vector<Assumption> depends; ///< what the actions that are neither missing nor certain depend on
    std::vector<std::string> dependingActions;
};

void addDependingAssumption(Assumption a, std::string_view action, CandidateResult& result)
{
    if (std::find(result.dependingActions.begin(), result.dependingActions.end(), action)
        == result.dependingActions.end()) {
        result.dependingActions.emplace_back(action);
    }
    if (std::find(result.depends.begin(), result.depends.end(), a) == result.depends.end()) {
        result.depends.push_back(std::move(a));
    }
}

void addDepending(const ProfileInput& in, const eval::Decision& d, std::string_view action, CandidateResult& result)
{
    for (Assumption& a : decidingFacts(in, d, "MWAA's calls for the environment's creator")) {
        addDependingAssumption(std::move(a), action, result);
    }
}

void addDenies(const eval::Decision& d, CandidateResult& result)
{
    for (const auto& m : d.denies) {
        if (std::find(result.denies.begin(), result.denies.end(), m.statement) == result.denies.end()) {
            result.denies.push_back(m.statement);
        }
    }
}

/** Stops once `giveUpAt` actions are missing (a better candidate is already known). */
CandidateResult
tryPrincipal(const ProfileInput& in, const eval::RequestPrincipal& principal, bool named, std::size_t giveUpAt)
{
    CandidateResult result;
    const std::string& airflow = in.airflowService;
    // Two contexts: the plain one of the key's use, and CreateGrant's with the grant keys; between actions of the
    // same context only the action changes, so condition results are computed once (Request::contextId).
    auto plain = makeRequest(in, principal, kCreatorActions[0]);
    // MWAA calls KMS for the creator (forward access sessions): through a service, by an IAM principal.
    openContext(in, plain, false);
    plain.context.set("aws:ViaAWSService", "true");
    if (!airflow.empty()) {
        plain.context.set("kms:ViaService", airflow);
    }
    if (!named) {
        // Any principal of the account: who creates the environment is not known.
        for (std::string_view key : {"aws:PrincipalArn", "aws:userid", "aws:username", "aws:PrincipalType"}) {
            plain.context.setUnknown(key);
        }
    }
    plain.contextId = in.prepared.newContextId();
    // Each context's actions evaluated at once (CreateGrant first, as in kCreatorActions, then the others).
    static const auto actions = [] {
        std::array<std::vector<eval::IndexedAction>, 2> byContext; // plain, grant
        for (std::string_view action : kCreatorActions) {
            byContext[action == "kms:CreateGrant" ? 1 : 0].push_back(eval::indexedAction(action));
        }
        return byContext;
    }();
    const std::vector<eval::Decision> plainDecisions = eval::evaluateActions(in.prepared, plain, actions[0]);
    // The same request becomes CreateGrant's (decisions refer to the policy, not to the request): MWAA creates its
    // grants for the caller, as an AWS service integrated with KMS.
    eval::Request& grant = plain;
    grant.context.set("kms:GrantIsForAWSResource", "true");
    grant.context.declareAbsent("kms:EncryptionContext:*"); // MWAA's grants carry no constraints
    grant.context.declareAbsent("kms:EncryptionContextKeys");
    if (!airflow.empty()) {
        grant.context.set("kms:GranteePrincipal", airflow);
        grant.context.set("kms:RetiringPrincipal", airflow);
    }
    // CreateGrant once per grant MWAA creates: their operations differ, and a condition on kms:GrantOperations can
    // let one through and not another.
    static const auto grantOperations = mwaaGrantOperations();
    const auto grantNames = mwaaGrantNames(in.environment);
    // Only a condition on kms:GrantOperations tells the grants apart; without one the first decides for all (the
    // MWAA check of a small policy is a few microseconds: each evaluation counts).
    const bool byOperations = std::any_of(in.policy.statements.begin(), in.policy.statements.end(), [](const auto& st) {
        return std::any_of(st.conditions.begin(), st.conditions.end(), [](const ConditionEntry& c) {
            return equalsIgnoreCase(c.key, "kms:GrantOperations");
        });
    });
    for (std::size_t g = 0; g < (byOperations ? grantOperations.size() : 1) && result.missing.empty(); ++g) {
        if (std::find(
                grantOperations.begin(), grantOperations.begin() + static_cast<std::ptrdiff_t>(g), grantOperations[g])
            != grantOperations.begin() + static_cast<std::ptrdiff_t>(g)) {
            continue; // the same operations as an earlier grant (the second and the fourth)
        }
        grant.context.set("kms:GrantOperations", grantOperations[g]);
        grant.contextId = in.prepared.newContextId();
        const eval::Decision d = eval::evaluateActions(in.prepared, grant, actions[1]).front();
        if (d.allowed()) {
            continue;
        }
        if (d.depends()) {
            addDepending(in, d, "kms:CreateGrant", result);
            continue;
        }
        // The creator cannot create this grant. The first grant it must; the others MWAA may create as its own
        // service principal under the first grant (which holds CreateGrant): AWS does not say which. That path
        // needs no Allow of the key policy (the grant gives it), only no Deny.
        if (g > 0 && !airflow.empty()) {
            const DenyResult service = denialsOf(in,
                                                 serviceGrantRequest(in, grantOperations[g]),
                                                 {eval::indexedAction("kms:CreateGrant")},
                                                 servicePartyText(in));
            if (!service.certain()) {
                Assumption who{"MWAA creates its grant " + grantNames[g] + " as " + airflow
                                   + " under its first grant, not as the principal that creates the environment",
                               "",
                               d.denies.empty() ? std::string("/Statement") : std::string(d.denies.front().pointer),
                               {}};
                addDependingAssumption(std::move(who), "kms:CreateGrant", result);
                for (auto& a : service.depends) {
                    addDependingAssumption(std::move(a), "kms:CreateGrant", result);
                }
                continue;
            }
        }
        result.missing.push_back(g == 0 ? std::string("kms:CreateGrant")
                                        : "kms:CreateGrant (for its grant " + grantNames[g] + ")");
        addDenies(d, result);
    }
    std::size_t next = 0;
    for (std::string_view action : kCreatorActions) {
        if (action == "kms:CreateGrant") {
            continue;
        }
        const eval::Decision& d = plainDecisions[next++];
        if (d.depends()) {
            addDepending(in, d, action, result);
            continue;
        }
        if (!d.allowed()) {
            result.missing.emplace_back(action);
            addDenies(d, result);
            if (result.missing.size() >= giveUpAt) {
                break;
            }
        }
    }
    return result;
}

/** Whether any Allow statement names the account or one of its principals. */
bool policyNamesAccount(const ProfileInput& in)
{
    for (const auto& s : in.policy.statements) {
        if (!s.isAllow() || !s.hasPrincipal) {
            continue;
        }
        for (const auto& p : s.principals) {
            if (p.type != "AWS") {
                continue;
            }
            if (p.value == in.account) {
                return true;
            }
            if (const auto arn = eval::parseArn(p.value); arn && arn->account == in.account) {
                return true;
            }
        }
    }
    return false;
}

/** Adds every role or user of the environment's account that an Allow statement names (once each). */
void addNamedPrincipals(const ProfileInput& in, std::vector<eval::RequestPrincipal>& candidates)
{
    for (const auto& s : in.policy.statements) {
        if (!s.isAllow() || !s.hasPrincipal) {
            continue;
        }
        for (const auto& p : s.principals) {
            const auto arn = eval::splitArn(p.value);
            if (p.type == "AWS" && arn && arn->account == in.account && arn->resource != std::string_view("root")
                && std::none_of(
                    candidates.begin(), candidates.end(), [&p](const auto& c) { return c.arn == p.value; })) {
                candidates.push_back(eval::RequestPrincipal::aws(p.value));
            }
        }
    }
}

} // namespace

void checkAccountCanGrant(const ProfileInput& in, Emitter& emit)
{
    if (!in.accountKnown) {
        return;
    }
    // Any IAM principal of the account (reached only through the account delegation), then, when that one cannot,
    // every role or user of the account that the policy names.
    std::vector<eval::RequestPrincipal> candidates{
        eval::RequestPrincipal::aws("arn:" + in.partition + ":iam::" + in.account + ":role/keypolicy-mwaa-creator")};
    std::optional<CandidateResult> best;
    std::optional<CandidateResult> depending; // the first candidate that has everything, some of it only if ...
    std::vector<std::string> namedCreators; // named principals that have everything (when an unnamed one has not)
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        CandidateResult r
            = tryPrincipal(in, candidates[i], i > 0, best ? best->missing.size() : kCreatorActions.size());
        if (r.missing.empty() && r.depends.empty()) {
            if (i == 0) {
                return; // any principal of the account: whoever creates the environment
            }
            namedCreators.push_back(candidates[i].arn);
            continue;
        }
        if (r.missing.empty()) {
            if (!depending) {
                depending = std::move(r);
            }
        } else if (!best || r.missing.size() < best->missing.size()) {
            best = std::move(r);
        }
        if (i == 0) {
            addNamedPrincipals(in, candidates);
        }
    }
    if (!namedCreators.empty()) {
        // Who creates the environment is not known: that it is one of these is what the verdict depends on.
        std::string where = "/Statement";
        for (const auto& st : in.policy.statements) {
            for (const auto& p : st.principals) {
                if (where == "/Statement" && st.isAllow() && p.value == namedCreators.front()) {
                    where = p.pointer;
                }
            }
        }
        const std::string who = namedCreators.size() == 1 ? namedCreators.front() : "one of " + joinList(namedCreators);
        addAssumption(in, Assumption{"the environment is created by " + who, "", where, {}});
        if (Finding* f = emit.addUnique("MWAA_ACCOUNT_CANNOT_GRANT", where, false)) {
            f->severity = Severity::Warning;
            f->message = "Only " + joinList(namedCreators) + " of account " + in.account
                + " can use the key and create MWAA's grants on it: MWAA can be set up with this key only by "
                + (namedCreators.size() == 1 ? "that principal" : "one of them") + ".";
        }
        return;
    }
    if (depending) {
        // A "depends" variant of the catalogue entry: its own severity and message.
        addDepending(in,
                     emit,
                     "MWAA_ACCOUNT_CANNOT_GRANT",
                     depending->depends,
                     "MWAA can create its grants on the key (" + joinList(depending->dependingActions)
                         + " for a principal of account " + in.account + ")");
        return;
    }
    const std::vector<std::string> args{in.account, joinList(best->missing)};
    if (!best->denies.empty()) {
        const StatementView& deny = in.policy.statements[best->denies.front()];
        emit.addUnique("MWAA_ACCOUNT_CANNOT_GRANT", deny.pointer, false, args);
        return;
    }
    nlohmann::json fix = nullptr;
    if (!policyNamesAccount(in)) {
        // Nothing of the account can manage or use the key: the account delegation statement is the one answer.
        fix = appendStatementPatch(
            in.document.json(),
            accountDelegationStatement(uniqueSid(in.policy, "Enable IAM User Permissions"), in.partition, in.account));
    }
    emit.addUnique("MWAA_ACCOUNT_CANNOT_GRANT", "/Statement", false, args, std::move(fix));
}

} // namespace kps::mwaa::detail
