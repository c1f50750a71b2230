// SPDX-License-Identifier: GPL-3.0-or-later
// MWAA_SERVICE_DENIED: MWAA's own service principal (airflow.REGION) uses the key under its four grants. A grant
// gives the Allow, but a Deny of the key policy still wins over it: "No AWS principal ... has any permissions to a
// KMS key unless they are explicitly allowed, and never denied, in a key policy, IAM policy, or grant" (KMS,
// "Key policies"). So only the key policy's Deny statements are asked about these requests.
#include "core/mwaa/GrantMatrix.h"
#include "core/mwaa/MwaaFacts.h"
#include "core/mwaa/ProfileRules.h"

#include <algorithm>
#include <array>

namespace kps::mwaa::detail {

namespace {

/** What airflow.REGION does with the key under its grants, CreateGrant aside (asked per grant it would create). */
constexpr std::array<std::string_view, 8> kServiceActions = {"kms:Encrypt",
                                                             "kms:Decrypt",
                                                             "kms:ReEncryptFrom",
                                                             "kms:ReEncryptTo",
                                                             "kms:GenerateDataKey",
                                                             "kms:GenerateDataKeyWithoutPlaintext",
                                                             "kms:DescribeKey",
                                                             "kms:RetireGrant"};

const std::vector<eval::IndexedAction>& serviceActions()
{
    static const std::vector<eval::IndexedAction> actions = eval::indexedActions(kServiceActions);
    return actions;
}

} // namespace

std::string servicePartyText(const ProfileInput& in)
{
    return "MWAA's own calls under its grants (" + in.airflowService + ")";
}

eval::Request serviceRequest(const ProfileInput& in)
{
    eval::Request request = makeRequest(in, eval::RequestPrincipal::servicePrincipal(in.airflowService), "kms:Decrypt");
    // Which encryption context MWAA's calls for SQS, Aurora, Secrets Manager, S3 and DynamoDB carry is not documented:
    // left Unknown, like the rest of what is not documented about them.
    openContext(in, request, true);
    request.contextId = in.prepared.newContextId();
    return request;
}

eval::Request serviceGrantRequest(const ProfileInput& in, const std::vector<std::string>& operations)
{
    eval::Request request
        = makeRequest(in, eval::RequestPrincipal::servicePrincipal(in.airflowService), "kms:CreateGrant");
    openContext(in, request, true);
    // The grant MWAA creates: its own principal as grantee and retiring principal, no constraints.
    request.context.set("kms:GrantOperations", operations);
    request.context.set("kms:GranteePrincipal", in.airflowService);
    request.context.set("kms:RetiringPrincipal", in.airflowService);
    request.context.declareAbsent("kms:EncryptionContext:*");
    request.context.declareAbsent("kms:EncryptionContextKeys");
    request.context.declareAbsent("kms:GrantConstraintType");
    request.context.setUnknown("kms:GrantIsForAWSResource");
    request.contextId = in.prepared.newContextId();
    return request;
}

DenyResult denialsOf(const ProfileInput& in,
                     const eval::Request& request,
                     const std::vector<eval::IndexedAction>& actions,
                     std::string_view party)
{
    DenyResult result;
    const std::vector<eval::Decision> decisions = eval::evaluateActions(in.prepared, request, actions);
    for (std::size_t i = 0; i < actions.size(); ++i) {
        const eval::Decision& d = decisions[i];
        if (!d.denies.empty()) {
            result.deniedActions.emplace_back(actions[i].name);
            for (const auto& m : d.denies) {
                if (std::find(result.denies.begin(), result.denies.end(), m.statement) == result.denies.end()) {
                    result.denies.push_back(m.statement);
                }
            }
            continue;
        }
        if (d.maybeDenies.empty()) {
            continue;
        }
        result.dependingActions.emplace_back(actions[i].name);
        for (const auto& m : d.maybeDenies) {
            for (const auto& u : m.unknowns) {
                Assumption a = describeUnknown(in, u, in.policy.statements[m.statement], false, party);
                if (std::find(result.depends.begin(), result.depends.end(), a) == result.depends.end()) {
                    result.depends.push_back(std::move(a));
                }
            }
        }
    }
    return result;
}

void checkServiceUse(const ProfileInput& in, Emitter& emit)
{
    if (in.airflowService.empty()) {
        return; // the region is not known: MWAA_REGION_UNKNOWN
    }
    if (std::none_of(in.policy.statements.begin(), in.policy.statements.end(), [](const StatementView& s) {
            return s.isDeny();
        })) {
        return; // only a Deny can refuse what a grant allows
    }
    const std::string party = servicePartyText(in);
    const DenyResult use = denialsOf(in, serviceRequest(in), serviceActions(), party);
    if (use.certain()) {
        emit.addUnique("MWAA_SERVICE_DENIED",
                       in.policy.statements[use.denies.front()].pointer,
                       false,
                       {joinList(use.deniedActions), in.airflowService});
        return;
    }
    if (use.depends.empty()) {
        return;
    }
    addDepending(in,
                 emit,
                 "MWAA_SERVICE_DENIED",
                 use.depends,
                 "MWAA's service principal " + in.airflowService + " can use the key under its grants ("
                     + joinList(use.dependingActions) + ")");
}

} // namespace kps::mwaa::detail
