// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/checker/Checker.h"

#include "core/checker/PolicyView.h"
#include "core/checker/rules/GenericRules.h"
#include "core/mwaa/MwaaProfile.h"

namespace kps {

bool CheckResult::mwaaReady() const
{
    if (!mwaaChecked) {
        return false;
    }
    for (const auto& f : findings) {
        if (f.severity == Severity::Error) {
            return false;
        }
    }
    return true;
}

CheckResult check(const SourceDocument& document, const CheckOptions& options)
{
    CheckResult result;
    result.findings = document.parseFindings();
    result.context = options.context;
    if (!document.isValid()) {
        sortFindings(result.findings);
        return result;
    }
    const PolicyView policy = readPolicy(document.json());
    if (options.mwaa) {
        result.context = mwaa::resolveContext(document, policy, options.context);
    }
    // The account may be inferred from the policy (CROSS_ACCOUNT says which); the partition only comes from what the
    // user gave, since a principal of the policy is what PRINCIPAL_PARTITION_MISMATCH judges.
    const rules::GenericInput input{document, policy, result.context.account, givenPartition(options.context)};
    rules::checkGrammar(input, result.findings);
    rules::checkSecurity(input, result.findings);
    if (options.mwaa) {
        mwaa::checkProfile(document, policy, result.context, options, result.findings);
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
