// SPDX-License-Identifier: GPL-3.0-or-later
// Internal to core/mwaa: the MWAA rule groups that checkProfile() runs.
#pragma once

#include "core/checker/Checker.h"
#include "core/checker/Emitter.h"
#include "core/checker/PolicyView.h"
#include "core/eval/Evaluator.h"
#include "core/json/SourceDocument.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kps::mwaa::detail {

/**
 * Where the environment can be for the region-dependent checks so far to pass, when its region is not decided
 * (regionDecided() false): checkLogs() narrows it to the regions where CloudWatch Logs can use the key and writes the
 * verdict's region assumption; the execution role's check narrows it further (and rewrites that assumption).
 */
struct RegionScope
{
    bool narrowed = false; ///< some region fails the checks so far
    std::vector<std::string> usable; ///< when narrowed: the regions that pass them
    std::size_t assumption = static_cast<std::size_t>(-1); ///< index of the region assumption in *assumptions
};

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
    RegionScope* regions = nullptr; ///< see RegionScope; null in a run for one region
};

/**
 * `in` as if the environment were in `context`'s region (a run for one candidate region): the services of that
 * region; the context (a copy of in.context with the region set) must outlive the result.
 */
ProfileInput inRegion(const ProfileInput& in, const MwaaContext& context, std::vector<Assumption>* assumptions);
/** in.context with `region` given (the runs' messages are not shown: no "inferred" remark in them). */
MwaaContext contextInRegion(const ProfileInput& in, const std::string& region);

/** True when the region is a fact: given, or the region of a given key ARN (an MWAA environment's key is in it). */
bool regionDecided(const ProfileInput& in);
/**
 * The regions a policy can treat differently from every other one: those of the partition its text names (a
 * Logs principal, a log-group ARN, any value), and one it does not name, standing for all the others (a policy
 * that names no region treats them all alike). `except` is left out; a region named in `alsoIn` (the execution
 * role's policy) counts as named too.
 */
std::vector<std::string>
candidateRegions(const ProfileInput& in, std::string_view except, std::string_view alsoIn = {});
/** "region us-west-2", "one of the regions a, b or c". */
std::string regionsText(const std::vector<std::string>& regions);

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
/** describeUnknown() of every fact a Depends decision hinges on (Decision::deciding()), each once, in order. */
std::vector<Assumption> decidingFacts(const ProfileInput& in, const eval::Decision& decision, std::string_view party);
/** Records the assumption (once). */
void addAssumption(const ProfileInput& in, Assumption assumption);
/**
 * The "depends" variant of a catalogue entry: records `facts` as the verdict's assumptions and reports `code` as a
 * warning at the first fact's element (its key when it is a condition), "<what> only if <facts>." Nullptr when that
 * element already has `code`.
 */
Finding* addDepending(const ProfileInput& in,
                      Emitter& emit,
                      std::string_view code,
                      const std::vector<Assumption>& facts,
                      const std::string& what);
/** "a" or "a and b": the facts joined for a message. */
std::string assumptionsText(const std::vector<Assumption>& assumptions);

/** "a, b and c". */
std::string joinList(const std::vector<std::string>& items);

/** Which Deny statements refuse a party's requests: certainly, or only if a fact that is not known holds. */
struct DenyResult
{
    std::vector<std::string> deniedActions; ///< certainly denied
    std::vector<std::size_t> denies; ///< the statements that certainly deny them, in the order met
    std::vector<std::string> dependingActions; ///< denied only if what `depends` says does not hold
    std::vector<Assumption> depends;
    bool certain() const { return !deniedActions.empty(); }
};
/**
 * Only the Deny statements, for a party whose Allow comes from elsewhere (MWAA's service principal: its grants);
 * `party` names its requests in the assumptions.
 */
DenyResult denialsOf(const ProfileInput& in,
                     const eval::Request& request,
                     const std::vector<eval::IndexedAction>& actions,
                     std::string_view party);
/** "MWAA's own calls under its grants (airflow.REGION.SUFFIX)". */
std::string servicePartyText(const ProfileInput& in);
/**
 * The CreateGrant request airflow.REGION makes when it creates one of MWAA's grants under its first grant (which
 * holds CreateGrant): `operations` are that grant's (ServiceRules.cpp).
 */
eval::Request serviceGrantRequest(const ProfileInput& in, const std::vector<std::string>& operations);

// The rule groups report through the profile's one Emitter (core/checker/Emitter.h), located in in.document; a rule
// that may reach a node more than once uses Emitter::addUnique.
void checkLogs(const ProfileInput& in, Emitter& emit); // LogsRules.cpp
void checkKeyIdentifier(const ProfileInput& in, Emitter& emit); // KeyRules.cpp
void checkAccountCanGrant(const ProfileInput& in, Emitter& emit); // AccountRules.cpp
void checkExecutionRole(const ProfileInput& in, Emitter& emit); // RoleRules.cpp
void checkServiceUse(const ProfileInput& in, Emitter& emit); // ServiceRules.cpp
/// The grant audit of CheckOptions::grants: its findings are located in the listing (an Emitter of its own over `out`).
void checkGrantList(const ProfileInput& in, std::vector<Finding>& out); // GrantRules.cpp

} // namespace kps::mwaa::detail
