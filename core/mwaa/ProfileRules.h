// SPDX-License-Identifier: GPL-3.0-or-later
// Internal to core/mwaa: the MWAA rule groups that checkProfile() runs.
#pragma once

#include "core/checker/Checker.h"
#include "core/checker/Emitter.h"
#include "core/checker/PolicyView.h"
#include "core/eval/Evaluator.h"
#include "core/json/SourceDocument.h"

#include <string>
#include <vector>

namespace kps::mwaa::detail {

/** The resolved context plus what the rules derive from it once. */
struct ProfileInput
{
    const SourceDocument& document;
    const PolicyView& policy;
    const eval::PreparedPolicy& prepared; ///< the policy read once for the many requests the rules evaluate
    const MwaaContext& context;
    const CheckOptions& options;
    std::string partition; ///< the context's, else that of the policy's account principals, else "aws"
    std::string account; ///< the context's, else a placeholder (accountKnown false)
    bool accountKnown = false;
    std::string environment; ///< the context's, else "*" (environmentKnown false)
    bool environmentKnown = false;
    std::string keyResource; ///< the key ARN when it is known (given, or a key id with region and account)
    eval::KeyArnHint keyArn; ///< when keyResource is empty: the fields of the key ARN the context knows
    std::string logsService; ///< logs.REGION.SUFFIX (region known)
    std::string airflowService; ///< airflow.REGION.SUFFIX (region known)
    std::vector<Assumption>* assumptions = nullptr; ///< what the verdict depends on (CheckResult::assumptions)
};

/** A request of the profile: the key (its ARN, or what is known of it) filled in. */
eval::Request makeRequest(const ProfileInput& in, eval::RequestPrincipal principal, std::string_view action);

/**
 * Opens the request's context to what is not documented about it: keys not set are Unknown, except those every
 * request of a service principal (service true) or of an IAM principal lacks. The organization of the account
 * follows the context's orgId (for IAM principals).
 */
void openContext(const ProfileInput& in, eval::Request& request, bool service);

/**
 * What must hold for the statement to do what MWAA needs (wantApplies: an Allow must apply, a Deny must not), for
 * one fact it depends on, in words, with the option that decides it; `party` names the requests ("CloudWatch Logs'
 * requests").
 */
Assumption describeUnknown(const ProfileInput& in,
                           const eval::UnknownFact& fact,
                           const StatementView& statement,
                           bool wantApplies,
                           std::string_view party);
/** Records the assumption (once). */
void addAssumption(const ProfileInput& in, Assumption assumption);
/** "a" or "a and b": the facts joined for a message. */
std::string assumptionsText(const std::vector<Assumption>& assumptions);

/** "a, b and c". */
std::string joinList(const std::vector<std::string>& items);

// The rule groups report through the profile's one Emitter (core/checker/Emitter.h), located in in.document; a rule
// that may reach a node more than once uses Emitter::addUnique.
void checkLogs(const ProfileInput& in, Emitter& emit); // LogsRules.cpp
void checkKeyIdentifier(const ProfileInput& in, Emitter& emit); // KeyRules.cpp
void checkAccountCanGrant(const ProfileInput& in, Emitter& emit); // AccountRules.cpp
void checkExecutionRole(const ProfileInput& in, Emitter& emit); // RoleRules.cpp
/// The grant audit of CheckOptions::grants: its findings are located in the listing (an Emitter of its own over `out`).
void checkGrantList(const ProfileInput& in, std::vector<Finding>& out); // GrantRules.cpp

} // namespace kps::mwaa::detail
