// SPDX-License-Identifier: GPL-3.0-or-later
// MWAA_ACCOUNT_CANNOT_GRANT: can a principal of the environment's account use the key and create MWAA's grants?
#include "core/eval/Arn.h"
#include "core/eval/Evaluator.h"
#include "core/mwaa/MwaaFacts.h"
#include "core/mwaa/Patches.h"
#include "core/mwaa/ProfileRules.h"

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
    // Each context's actions evaluated at once, then read in kCreatorActions order.
    static const auto actions = [] {
        std::array<std::vector<eval::IndexedAction>, 2> byContext; // plain, grant
        for (std::string_view action : kCreatorActions) {
            byContext[action == "kms:CreateGrant" ? 1 : 0].push_back(eval::indexedAction(action));
        }
        return byContext;
    }();
    std::array<std::vector<eval::Decision>, 2> decisions;
    decisions[0] = eval::evaluateActions(in.prepared, plain, actions[0]);
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
    static const std::vector<std::string> kOperations{"Encrypt",
                                                      "Decrypt",
                                                      "ReEncryptFrom",
                                                      "ReEncryptTo",
                                                      "GenerateDataKey",
                                                      "GenerateDataKeyWithoutPlaintext",
                                                      "CreateGrant",
                                                      "DescribeKey",
                                                      "RetireGrant"};
    grant.context.set("kms:GrantOperations", kOperations);
    grant.contextId = in.prepared.newContextId();
    decisions[1] = eval::evaluateActions(in.prepared, grant, actions[1]);
    std::array<std::size_t, 2> next{0, 0};
    for (std::string_view action : kCreatorActions) {
        const std::size_t context = action == "kms:CreateGrant" ? 1 : 0;
        const eval::Decision& d = decisions[context][next[context]++];
        if (d.depends()) {
            result.dependingActions.emplace_back(action);
            for (const eval::Decision::Deciding& deciding : d.deciding()) {
                for (const auto& u : deciding.match->unknowns) {
                    Assumption a = describeUnknown(in,
                                                   u,
                                                   in.policy.statements[deciding.match->statement],
                                                   !deciding.deny,
                                                   "MWAA's calls for the environment's creator");
                    if (std::find(result.depends.begin(), result.depends.end(), a) == result.depends.end()) {
                        result.depends.push_back(std::move(a));
                    }
                }
            }
            continue;
        }
        if (!d.allowed()) {
            result.missing.emplace_back(action);
            for (const auto& m : d.denies) {
                if (std::find(result.denies.begin(), result.denies.end(), m.statement) == result.denies.end()) {
                    result.denies.push_back(m.statement);
                }
            }
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
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        CandidateResult r
            = tryPrincipal(in, candidates[i], i > 0, best ? best->missing.size() : kCreatorActions.size());
        if (r.missing.empty() && r.depends.empty()) {
            return;
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
    if (depending) {
        for (const auto& a : depending->depends) {
            addAssumption(in, a);
        }
        const std::string& where
            = depending->depends.empty() ? std::string("/Statement") : depending->depends.front().pointer;
        // A "depends" variant of the catalogue entry: its own severity and message.
        if (Finding* f
            = emit.addUnique("MWAA_ACCOUNT_CANNOT_GRANT", where, where.find("/Condition/") != std::string::npos)) {
            f->severity = Severity::Warning;
            f->message = "MWAA can create its grants on the key (" + joinList(depending->dependingActions)
                + " for a principal of account " + in.account + ") only if " + assumptionsText(depending->depends)
                + ".";
        }
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
