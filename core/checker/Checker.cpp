// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/checker/Checker.h"

#include "core/checker/ParseFindings.h"
#include "core/checker/PolicyView.h"
#include "core/checker/rules/GenericRules.h"
#include "core/mwaa/MwaaProfile.h"

namespace kps {

MwaaVerdict CheckResult::mwaaVerdict() const
{
    if (!mwaaChecked) {
        return MwaaVerdict::NotChecked;
    }
    for (const auto& f : findings) {
        if (f.severity == Severity::Error) {
            return MwaaVerdict::NotReady;
        }
    }
    return assumptions.empty() ? MwaaVerdict::Ready : MwaaVerdict::Depends;
}

std::string mwaaVerdictText(const CheckResult& result)
{
    switch (result.mwaaVerdict()) {
    case MwaaVerdict::NotChecked:
        return "MWAA not checked";
    case MwaaVerdict::Ready:
        return "MWAA ready";
    case MwaaVerdict::NotReady:
        return "MWAA not ready";
    case MwaaVerdict::Depends:
        break;
    }
    std::string text = "MWAA ready if ";
    for (std::size_t i = 0; i < result.assumptions.size(); ++i) {
        if (i > 0) {
            text += i + 1 == result.assumptions.size() ? " and " : ", ";
        }
        text += result.assumptions[i].fact;
    }
    return text;
}

CheckResult check(const SourceDocument& document, const CheckOptions& options)
{
    if (!document.isValid()) {
        return check(document, PolicyView(), options);
    }
    return check(document, readPolicy(document.json()), options);
}

CheckResult check(const SourceDocument& document, const PolicyView& policy, const CheckOptions& options)
{
    CheckResult result;
    result.findings = parseFindings(document);
    result.context = options.context;
    if (!document.isValid()) {
        sortFindings(result.findings);
        return result;
    }
    if (options.mwaa) {
        result.context = mwaa::resolveContext(document, policy, options.context);
    }
    // The account may be inferred from the policy (CROSS_ACCOUNT says which); the partition only comes from what the
    // user gave, since a principal of the policy is what PRINCIPAL_PARTITION_MISMATCH judges.
    const rules::GenericInput input{document,
                                    policy,
                                    result.context.account,
                                    givenPartition(options.context),
                                    givenKeyArn(options.context),
                                    options.mwaa};
    rules::checkGrammar(input, result.findings);
    rules::checkSecurity(input, result.findings);
    if (options.mwaa) {
        mwaa::checkProfile(document, policy, result.context, options, result.findings, result.assumptions);
        result.mwaaChecked = true;
    }
    sortFindings(result.findings);
    return result;
}

CheckResult check(std::string text, const CheckOptions& options)
{
    return check(SourceDocument::parse(std::move(text)), options);
}

} // namespace kps
