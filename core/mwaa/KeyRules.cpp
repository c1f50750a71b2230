// SPDX-License-Identifier: GPL-3.0-or-later
// MWAA_KEY_*: the key identifier as it will be given to MWAA (kms-facts 5.1, 5.2).
#include "core/eval/Arn.h"
#include "core/eval/Evaluator.h"
#include "core/mwaa/MwaaFacts.h"
#include "core/mwaa/ProfileRules.h"

#include <algorithm>

namespace kps::mwaa::detail {

namespace {

/**
 * The account that owns the key, as far as the policy tells: the one account whose account principal may call
 * kms:PutKeyPolicy (only the owning account can change a key policy). Empty when none or several.
 */
std::string keyOwnerAccount(const ProfileInput& in)
{
    std::vector<std::string> owners;
    for (const auto& s : in.policy.statements) {
        if (!s.isAllow() || !s.hasPrincipal) {
            continue;
        }
        for (const auto& p : s.principals) {
            std::string account;
            if (p.type == "AWS" && isAccountId(p.value)) {
                account = p.value;
            } else if (const auto arn = eval::parseArn(p.value);
                       p.type == "AWS" && arn && arn->service == "iam" && arn->resource == "root") {
                account = arn->account;
            }
            if (account.empty() || std::find(owners.begin(), owners.end(), account) != owners.end()) {
                continue;
            }
            const auto root = eval::RequestPrincipal::accountRoot(account, in.partition);
            if (eval::evaluate(in.prepared, eval::Request::make(root, "kms:PutKeyPolicy", in.keyResource)).allowed()) {
                owners.push_back(account);
            }
        }
    }
    return owners.size() == 1 ? owners.front() : std::string();
}

} // namespace

void checkKeyIdentifier(const ProfileInput& in, Emitter& emit)
{
    const MwaaContext& c = in.context;
    if (c.key.empty()) {
        return;
    }
    const KeyIdentifier key = parseKeyIdentifier(c.key);
    using Form = KeyIdentifier::Form;
    if (key.form == Form::AliasName || key.form == Form::AliasArn) {
        emit.addOutsideText("MWAA_KEY_ALIAS", {c.key});
        return;
    }
    if (key.form != Form::KeyId && key.form != Form::KeyArn) {
        return;
    }
    if (key.multiRegion) {
        emit.addOutsideText("MWAA_KEY_MULTI_REGION", {c.key});
    }
    if (key.form == Form::KeyArn) {
        if (!c.region.empty() && key.region != c.region) {
            emit.addOutsideText("MWAA_KEY_REGION_MISMATCH", {key.region, c.region});
        }
        return;
    }
    // A bare key id: MWAA looks it up in the environment's account. If the policy shows that another account
    // owns the key, the id cannot be found.
    if (c.accountSource != ContextSource::Given || !isAccountId(c.account)) {
        return;
    }
    const std::string owner = keyOwnerAccount(in);
    if (!owner.empty() && owner != c.account) {
        emit.addOutsideText("MWAA_KEY_CROSS_ACCOUNT_ID", {owner});
    }
}

} // namespace kps::mwaa::detail
