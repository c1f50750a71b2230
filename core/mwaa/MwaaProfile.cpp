// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/mwaa/MwaaProfile.h"

#include "core/checker/Rules.h"
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
std::vector<std::string> logsConditionValues(const PolicyView& policy)
{
    std::vector<std::string> values;
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
        if (regions.empty()) {
            for (const auto& v : logsConditionValues(policy)) {
                const auto arn = eval::parseArn(v);
                if (arn && !hasWildcard(arn->region) && isRegionCode(arn->region)) {
                    addDistinct(regions, arn->region);
                }
            }
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

void checkProfile(const SourceDocument& document,
                  const PolicyView& policy,
                  const MwaaContext& context,
                  const CheckOptions& options,
                  std::vector<Finding>& out)
{
    const eval::PreparedPolicy prepared(policy);
    detail::ProfileInput in{document, policy, prepared, context, options, {}, {}, false, {}, false, {}, {}, {}};
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
    if (parseKeyIdentifier(context.key).form == KeyIdentifier::Form::KeyArn) {
        in.keyResource = context.key;
    }

    if (context.region.empty()) {
        out.push_back(makeFinding("MWAA_REGION_UNKNOWN", detail::noTextLocation(document)));
    }
    detail::checkKeyIdentifier(in, out);
    detail::checkLogs(in, out);
    detail::checkAccountCanGrant(in, out);
    detail::checkExecutionRole(in, out);
    detail::checkGrantList(in, out);
}

namespace detail {

Location nodeLocation(const SourceDocument& document, const std::string& pointer, bool key)
{
    return document.locate(pointer, key);
}

Location noTextLocation(const SourceDocument& document)
{
    return Location{"", document.spanAt(0, 0)};
}

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

void addUnique(std::vector<Finding>& out, Finding finding)
{
    const bool seen = std::any_of(out.begin(), out.end(), [&finding](const Finding& f) {
        return f.code == finding.code && f.location.pointer == finding.location.pointer;
    });
    if (!seen) {
        out.push_back(std::move(finding));
    }
}

} // namespace detail

} // namespace kps::mwaa
