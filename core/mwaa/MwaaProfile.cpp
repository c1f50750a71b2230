// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/mwaa/MwaaProfile.h"

#include "core/eval/Arn.h"
#include "core/eval/Evaluator.h"
#include "core/mwaa/MwaaFacts.h"
#include "core/mwaa/ProfileRules.h"
#include "core/vocab/Vocabulary.h"

#include <algorithm>

namespace kps::mwaa {

namespace {

/** Adds the value to the list unless it is already there (first-seen order). */
void addDistinct(std::vector<std::string>& list, const std::string& value)
{
    if (std::find(list.begin(), list.end(), value) == list.end()) {
        list.push_back(value);
    }
}

/** The values of kms:EncryptionContext:aws:logs:arn conditions in Allow statements. */
std::vector<std::string_view> logsConditionValues(const PolicyView& policy)
{
    std::vector<std::string_view> values;
    for (const auto& s : policy.statements) {
        if (!s.isAllow()) {
            continue;
        }
        for (const auto& c : s.conditions) {
            if (equalsIgnoreCase(c.key, kLogsArnKey)) {
                for (const auto& v : c.values) {
                    values.push_back(v.value);
                }
            }
        }
    }
    return values;
}

/** The account an account principal (12 digits or the root ARN) names; "" for other principals. */
std::string accountPrincipal(const PrincipalRef& p, std::string* partition = nullptr)
{
    if (p.type != "AWS") {
        return {};
    }
    if (isAccountId(p.value)) {
        return p.value;
    }
    const auto arn = eval::parseArn(p.value);
    if (arn && arn->service == "iam" && arn->resource == "root" && isAccountId(arn->account)) {
        if (partition) {
            *partition = arn->partition;
        }
        return arn->account;
    }
    return {};
}

/** A Logs principal or a logs-ARN condition value that names a region, with where it is written. */
struct RegionSource
{
    std::string region;
    std::string pointer;
    std::string text; ///< the value as written
};

/**
 * MWAA_REGION_CONFLICT: with no region given (nor a key ARN), the Logs principal names one region and a logs-ARN
 * condition of the same statement another. No region makes that statement work, and which half is right is not in
 * the policy: both rewrites are offered as a choice, none is applied by "apply all fixes". Returns whether it was
 * reported (the Logs checks are then skipped: they would blame one half).
 */
bool reportRegionConflict(const PolicyView& policy, const MwaaContext& context, Emitter& emit)
{
    if (context.regionSource == ContextSource::Given
        || parseKeyIdentifier(context.key).form == KeyIdentifier::Form::KeyArn) {
        return false;
    }
    bool reported = false;
    for (const auto& s : policy.statements) {
        if (!s.isAllow() || !s.hasPrincipal) {
            continue;
        }
        std::vector<RegionSource> principals;
        for (const auto& p : s.principals) {
            if (p.type != "Service") {
                continue;
            }
            if (const auto r = regionOfServicePrincipal("logs", p.value); r && isRegionCode(*r)) {
                principals.push_back({*r, p.pointer, p.value});
            }
        }
        if (principals.size() != 1) {
            continue;
        }
        const RegionSource& principal = principals.front();
        for (const auto& c : s.conditions) {
            if (!equalsIgnoreCase(c.key, kLogsArnKey)) {
                continue;
            }
            for (const auto& v : c.values) {
                const auto view = eval::splitArn(v.value);
                if (!view || hasWildcard(view->region) || !isRegionCode(view->region)
                    || view->region == principal.region) {
                    continue;
                }
                const auto arn = eval::parseArn(v.value);
                Finding& f = emit.add("MWAA_REGION_CONFLICT",
                                      v.pointer,
                                      false,
                                      {"The CloudWatch Logs principal " + principal.text,
                                       principal.region,
                                       "the condition value " + v.value,
                                       arn->region});
                eval::Arn rewritten = *arn;
                rewritten.region = principal.region;
                const std::string servicePrincipal = logsServicePrincipal(arn->region);
                f.choices = Json::array(
                    {{{"title", "Use " + principal.region + " (the principal's region) in the condition"},
                      {"fix", Json::array({{{"op", "replace"}, {"path", v.pointer}, {"value", rewritten.text()}}})}},
                     {{"title", "Use " + arn->region + " (the condition's region) in the principal"},
                      {"fix",
                       Json::array({{{"op", "replace"}, {"path", principal.pointer}, {"value", servicePrincipal}}})}}});
                reported = true;
            }
        }
    }
    return reported;
}

} // namespace

MwaaContext resolveContext(const SourceDocument&, const PolicyView& policy, const MwaaContext& given)
{
    MwaaContext c = given;
    auto mark = [](const std::string& v, ContextSource& s) {
        if (!v.empty() && s == ContextSource::Unknown) {
            s = ContextSource::Given;
        }
    };
    mark(c.environment, c.environmentSource);
    mark(c.region, c.regionSource);
    mark(c.partition, c.partitionSource);
    mark(c.account, c.accountSource);
    mark(c.key, c.keySource);

    const KeyIdentifier key = parseKeyIdentifier(c.key);
    const bool keyIsArn = key.form == KeyIdentifier::Form::KeyArn || key.form == KeyIdentifier::Form::AliasArn;

    // Region: from the key ARN, else from the CloudWatch Logs principal, else from the logs ARN condition.
    if (c.region.empty() && keyIsArn && isRegionCode(key.region)) {
        c.region = key.region;
        c.regionSource = ContextSource::Inferred;
    }
    if (c.region.empty()) {
        std::vector<std::string> regions;
        for (const auto& s : policy.statements) {
            if (!s.isAllow() || !s.hasPrincipal) {
                continue;
            }
            for (const auto& p : s.principals) {
                if (p.type != "Service") {
                    continue;
                }
                if (const auto r = regionOfServicePrincipal("logs", p.value); r && isRegionCode(*r)) {
                    addDistinct(regions, *r);
                }
            }
        }
        std::vector<std::string> conditionRegions;
        for (const auto& v : logsConditionValues(policy)) {
            const auto arn = eval::splitArn(v);
            if (arn && !hasWildcard(arn->region) && isRegionCode(arn->region)) {
                addDistinct(conditionRegions, std::string(arn->region));
            }
        }
        if (regions.empty()) {
            regions = conditionRegions;
        } else if (std::any_of(conditionRegions.begin(), conditionRegions.end(), [&regions](const std::string& r) {
                       return r != regions.front();
                   })) {
            regions.clear(); // the principal and the condition disagree: no guess (MWAA_REGION_CONFLICT)
        }
        if (regions.size() == 1) {
            c.region = regions.front();
            c.regionSource = ContextSource::Inferred;
        }
    }
    if (c.partition.empty()) {
        if (!c.region.empty()) {
            c.partition = partitionOfRegion(c.region);
        } else if (keyIsArn) {
            c.partition = key.partition;
        }
        if (!c.partition.empty()) {
            c.partitionSource = ContextSource::Inferred;
        }
    }

    // Account: from the key ARN, else the single delegated account, else the single account of the logs ARNs.
    if (c.account.empty() && keyIsArn && isAccountId(key.account)) {
        c.account = key.account;
        c.accountSource = ContextSource::Inferred;
    }
    if (c.account.empty()) {
        std::vector<std::string> accounts;
        for (const auto& s : policy.statements) {
            if (s.isAllow() && s.hasPrincipal) {
                for (const auto& p : s.principals) {
                    if (const std::string a = accountPrincipal(p); !a.empty()) {
                        addDistinct(accounts, a);
                    }
                }
            }
        }
        if (accounts.empty()) {
            for (const auto& v : logsConditionValues(policy)) {
                const auto arn = eval::parseArn(v);
                if (arn && isAccountId(arn->account)) {
                    addDistinct(accounts, arn->account);
                }
            }
        }
        if (accounts.size() == 1) {
            c.account = accounts.front();
            c.accountSource = ContextSource::Inferred;
        }
    }

    // Environment: only from a logs ARN condition that names one (…:log-group:airflow-NAME-*).
    if (c.environment.empty()) {
        std::vector<std::string> names;
        for (const auto& v : logsConditionValues(policy)) {
            if (const auto name = environmentOfLogsArn(v)) {
                addDistinct(names, *name);
            }
        }
        if (names.size() == 1) {
            c.environment = names.front();
            c.environmentSource = ContextSource::Inferred;
        }
    }
    return c;
}

KeyResource keyResourceOf(const MwaaContext& context)
{
    KeyResource out;
    const bool accountKnown = isAccountId(context.account);
    const KeyIdentifier key = parseKeyIdentifier(context.key);
    if (key.form == KeyIdentifier::Form::KeyArn) {
        out.arn = context.key;
    } else if (key.form == KeyIdentifier::Form::KeyId && !context.partition.empty() && isRegionCode(context.region)
               && accountKnown) {
        out.arn = "arn:" + context.partition + ":kms:" + context.region + ":" + context.account + ":key/" + key.keyId;
    } else {
        // Only what the context says: a guessed field would turn "depends on the key's ARN" into a verdict.
        out.hint.partition = context.partition;
        out.hint.region = isRegionCode(context.region) ? context.region : std::string();
        out.hint.account = accountKnown ? context.account : std::string();
    }
    return out;
}

void checkProfile(const SourceDocument& document,
                  const PolicyView& policy,
                  const MwaaContext& context,
                  const CheckOptions& options,
                  std::vector<Finding>& out,
                  std::vector<Assumption>& assumptions)
{
    const eval::PreparedPolicy prepared(policy);
    detail::RegionScope regions;
    detail::ProfileInput in{
        document, policy, prepared, context, options, {}, {}, false, {}, false, {}, {}, {}, {}, &assumptions, &regions};
    in.partition = context.partition;
    if (in.partition.empty()) {
        for (const auto& s : policy.statements) {
            for (const auto& p : s.principals) {
                std::string partition;
                if (!accountPrincipal(p, &partition).empty() && !partition.empty()) {
                    in.partition = partition;
                    break;
                }
            }
            if (!in.partition.empty()) {
                break;
            }
        }
    }
    if (in.partition.empty()) {
        in.partition = "aws";
    }
    in.accountKnown = isAccountId(context.account);
    in.account = in.accountKnown ? context.account : std::string("000000000000");
    in.environmentKnown = !context.environment.empty();
    in.environment = in.environmentKnown ? context.environment : std::string("*");
    if (!context.region.empty()) {
        const std::string suffix = "." + context.region + "." + dnsSuffixOfPartition(in.partition);
        in.logsService = "logs" + suffix;
        in.airflowService = "airflow" + suffix;
    }
    KeyResource key = keyResourceOf(context);
    in.keyResource = std::move(key.arn);
    in.keyArn = std::move(key.hint);

    Emitter emit(document, out);
    if (context.region.empty()) {
        emit.addOutsideText("MWAA_REGION_UNKNOWN");
    }
    detail::checkKeyIdentifier(in, emit);
    if (!reportRegionConflict(policy, context, emit)) {
        detail::checkLogs(in, emit);
    }
    detail::checkAccountCanGrant(in, emit);
    detail::checkServiceUse(in, emit);
    detail::checkExecutionRole(in, emit);
    detail::checkGrantList(in, out);
}

namespace detail {

std::string joinList(const std::vector<std::string>& items)
{
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) {
            out += i + 1 == items.size() ? " and " : ", ";
        }
        out += items[i];
    }
    return out;
}

eval::Request makeRequest(const ProfileInput& in, eval::RequestPrincipal principal, std::string_view action)
{
    eval::Request r = eval::Request::make(std::move(principal), std::string(action), in.keyResource);
    r.keyArn = in.keyArn;
    return r;
}

void openContext(const ProfileInput& in, eval::Request& request, bool service)
{
    eval::RequestContext& c = request.context;
    c.setOpenWorld(true);
    if (!in.context.region.empty() && !c.find("aws:RequestedRegion")) {
        c.set("aws:RequestedRegion", in.context.region);
    }
    // Keys of requests that are not made (tags on the request, grants, aliases, other encryption-context keys); the
    // keys of the caller's identity and session that a service principal's request never has are
    // eval::serviceCallerAbsentKeys().
    static constexpr std::string_view kNeverInTheseCalls[] = {"aws:RequestTag/*",
                                                              "aws:TagKeys",
                                                              "kms:Grant*",
                                                              "kms:GranteePrincipal",
                                                              "kms:RetiringPrincipal",
                                                              "kms:RequestAlias",
                                                              "kms:RecipientAttestation*",
                                                              "kms:ScheduleKeyDeletionPendingWindowInDays",
                                                              "kms:MacAlgorithm",
                                                              "kms:SigningAlgorithm",
                                                              "kms:MessageType",
                                                              "kms:KeyAgreementAlgorithm",
                                                              "kms:BypassPolicyLockoutSafetyCheck",
                                                              "kms:RotationPeriodInDays",
                                                              "kms:ExpirationModel",
                                                              "kms:ValidTo",
                                                              "kms:WrappingAlgorithm",
                                                              "kms:WrappingKeySpec",
                                                              "kms:ImportType",
                                                              "kms:CustomerMasterKey*",
                                                              "kms:DataKeyPairSpec",
                                                              "kms:ReplicaRegion",
                                                              "kms:PrimaryRegion"};
    c.declareAbsent(kNeverInTheseCalls);
    if (service) {
        // A service principal's own call: IAM documents that aws:SourceIp conditions refuse AWS services (the
        // request has no customer address), so it is taken as absent: NotIpAddress holds, IpAddress does not.
        c.declareAbsent("aws:SourceIp");
        c.declareAbsent(eval::serviceCallerAbsentKeys());
        return;
    }
    if (in.context.orgId == kNoOrganization) {
        c.declareAbsent("aws:PrincipalOrgID");
        c.declareAbsent("aws:PrincipalOrgPaths");
    } else if (!in.context.orgId.empty()) {
        c.set("aws:PrincipalOrgID", in.context.orgId);
    }
    c.declareAbsent("aws:PrincipalServiceName");
}

namespace {

/** The condition's values for a message: at most three, quoted. */
std::string valuesText(const ConditionEntry& c)
{
    std::string out;
    for (std::size_t i = 0; i < c.values.size() && i < 3; ++i) {
        out += (i ? " or \"" : "\"") + c.values[i].value + "\"";
    }
    if (c.values.size() > 3) {
        out += " (or " + std::to_string(c.values.size() - 3) + " more)";
    }
    return out.empty() ? std::string("(no value)") : out;
}

} // namespace

Assumption describeUnknown(const ProfileInput& in,
                           const eval::UnknownFact& fact,
                           const StatementView& statement,
                           bool wantApplies,
                           std::string_view party)
{
    Assumption a;
    a.pointer = statement.pointer;
    if (fact.fact == eval::kKeyArnFact || fact.condition >= statement.conditions.size()) {
        std::string resources;
        for (const auto& r : statement.resources) {
            resources += (resources.empty() ? "" : " or ") + r.value;
            if (a.pointer == statement.pointer) {
                a.pointer = r.pointer;
            }
        }
        a.fact = (wantApplies == statement.hasResource ? "the key's ARN matches " : "the key's ARN does not match ")
            + resources;
        a.needed = "--key KEY_ARN";
        return a;
    }
    const ConditionEntry& c = statement.conditions[fact.condition];
    a.pointer = c.keyPointer;
    const auto op = Vocabulary::instance().parseOperator(c.op);
    const bool negated = op && op->base->negated;
    // The condition must be true for an Allow to apply and false for a Deny not to.
    if (equalsIgnoreCase(fact.fact, "aws:PrincipalOrgID") && equalsIgnoreCase(c.key, "aws:PrincipalOrgID")
        && equalsIgnoreCase(c.op, "Null") && !c.values.empty()) {
        // Null true holds when the key is absent: the account is in no organization.
        const bool inNone = wantApplies == equalsIgnoreCase(c.values.front().value, "true");
        const std::string account = in.accountKnown ? "account " + in.account : std::string("the account");
        a.fact = account + (inNone ? " is in no organization" : " is in an organization");
        a.needed = "--org-id ORG_ID (or none)";
        return a;
    }
    if (equalsIgnoreCase(fact.fact, "aws:PrincipalOrgID") && equalsIgnoreCase(c.key, "aws:PrincipalOrgID")
        && !c.values.empty()) {
        const bool member = wantApplies != negated;
        const std::string account = in.accountKnown ? "account " + in.account : std::string("the account");
        a.fact = account + (member ? " is in organization " : " is not in organization ") + c.values.front().value;
        a.needed = member ? "--org-id " + c.values.front().value : std::string("--org-id ORG_ID");
        return a;
    }
    std::string subject(party);
    if (equalsIgnoreCase(fact.fact, "aws:PrincipalArn") || equalsIgnoreCase(fact.fact, "aws:userid")
        || equalsIgnoreCase(fact.fact, "aws:username")
        || (fact.fact.size() > 17 && equalsIgnoreCase(fact.fact.substr(0, 17), "aws:PrincipalTag/"))) {
        // Who the caller is: the creator, or the execution role (never the same unknown).
        subject = party.find("execution role") != std::string_view::npos ? "the environment's execution role"
                                                                         : "the principal that creates the environment";
    }
    // The parties are plural ("CloudWatch Logs' requests"); one principal is singular.
    const bool one = subject != party;
    if (!equalsIgnoreCase(fact.fact, c.key)) { // a policy variable's key
        a.fact = subject + (one ? " has a " : " have a ") + fact.fact + " that " + (wantApplies ? "meets " : "fails ")
            + c.op + " " + c.key + " " + valuesText(c);
        return a;
    }
    a.fact = subject + (wantApplies ? (one ? " meets " : " meet ") : (one ? " does not meet " : " do not meet ")) + c.op
        + " " + c.key + " " + valuesText(c);
    return a;
}

std::vector<Assumption> decidingFacts(const ProfileInput& in, const eval::Decision& decision, std::string_view party)
{
    std::vector<Assumption> facts;
    for (const eval::Decision::Deciding& deciding : decision.deciding()) {
        for (const auto& u : deciding.match->unknowns) {
            Assumption a
                = describeUnknown(in, u, in.policy.statements[deciding.match->statement], !deciding.deny, party);
            if (std::find(facts.begin(), facts.end(), a) == facts.end()) {
                facts.push_back(std::move(a));
            }
        }
    }
    return facts;
}

void addAssumption(const ProfileInput& in, Assumption assumption)
{
    if (!in.assumptions) {
        return;
    }
    auto& list = *in.assumptions;
    if (std::find(list.begin(), list.end(), assumption) == list.end()) {
        list.push_back(std::move(assumption));
    }
}

Finding* addDepending(const ProfileInput& in,
                      Emitter& emit,
                      std::string_view code,
                      const std::vector<Assumption>& facts,
                      const std::string& what)
{
    for (const auto& a : facts) {
        addAssumption(in, a);
    }
    const std::string where = facts.empty() ? std::string("/Statement") : facts.front().pointer;
    Finding* f = emit.addUnique(code, where, where.find("/Condition/") != std::string::npos);
    if (f) {
        f->severity = Severity::Warning;
        f->message = what + " only if " + assumptionsText(facts) + ".";
    }
    return f;
}

std::string assumptionsText(const std::vector<Assumption>& assumptions)
{
    std::vector<std::string> facts;
    for (const auto& a : assumptions) {
        if (std::find(facts.begin(), facts.end(), a.fact) == facts.end()) {
            facts.push_back(a.fact);
        }
    }
    return joinList(facts);
}

} // namespace detail

} // namespace kps::mwaa
