// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/eval/Request.h"

#include "core/eval/Arn.h"
#include "core/vocab/Vocabulary.h"

#include <algorithm>
#include <array>

namespace kps::eval {

namespace {
/** RequestContext::setCallerDefaults()'s keys, in the order find() answers them. */
constexpr std::array<std::string_view, 4> kDefaultKeys
    = {"aws:SecureTransport", "aws:ViaAWSService", "aws:PrincipalIsAWSService", "aws:PrincipalServiceName"};
/** serviceCallerAbsentKeys(). */
constexpr std::string_view kServiceCallerAbsentKeys[] = {"aws:PrincipalArn",
                                                         "aws:PrincipalAccount",
                                                         "aws:PrincipalOrgID",
                                                         "aws:PrincipalOrgPaths",
                                                         "aws:PrincipalTag/*",
                                                         "aws:PrincipalType",
                                                         "aws:userid",
                                                         "aws:username",
                                                         "aws:MultiFactorAuth*",
                                                         "aws:FederatedProvider",
                                                         "aws:TokenIssueTime",
                                                         "aws:SourceIdentity",
                                                         "aws:CalledVia*",
                                                         "aws:SourceVpc",
                                                         "aws:SourceVpce",
                                                         "aws:VpcSourceIp",
                                                         "aws:Ec2InstanceSourceVpc",
                                                         "aws:Ec2InstanceSourcePrivateIPv4",
                                                         "aws:RoleDelivery",
                                                         "kms:ViaService"};
} // namespace

std::span<const std::string_view> serviceCallerAbsentKeys()
{
    return kServiceCallerAbsentKeys;
}

RequestPrincipal RequestPrincipal::aws(std::string_view arnText)
{
    RequestPrincipal p;
    p.kind = PrincipalKind::Aws;
    p.arn = std::string(arnText);
    if (const auto parsed = splitArn(arnText)) {
        p.account = parsed->account;
        p.partition = parsed->partition;
        p.root = parsed->service == std::string_view("iam") && parsed->resource == std::string_view("root");
        if (parsed->service == std::string_view("sts")) {
            if (const auto role = roleArnOfSession(arnText)) {
                p.sessionRoleName = role->substr(role->rfind('/') + 1);
            }
        }
    }
    return p;
}

RequestPrincipal RequestPrincipal::accountRoot(std::string_view account, std::string_view partition)
{
    return aws("arn:" + std::string(partition) + ":iam::" + std::string(account) + ":root");
}

RequestPrincipal RequestPrincipal::unnamedIamPrincipal(std::string_view account, std::string_view partition)
{
    RequestPrincipal p;
    p.kind = PrincipalKind::Aws;
    p.account = std::string(account);
    p.partition = std::string(partition);
    return p;
}

RequestPrincipal RequestPrincipal::servicePrincipal(std::string_view name)
{
    RequestPrincipal p;
    p.kind = PrincipalKind::Service;
    p.service = std::string(name);
    return p;
}

bool RequestPrincipal::isRoot() const
{
    return kind == PrincipalKind::Aws && root;
}

std::string RequestPrincipal::display() const
{
    switch (kind) {
    case PrincipalKind::Aws:
        if (arn.empty()) {
            return account.empty() ? "an IAM principal of another account" : "an IAM principal of account " + account;
        }
        return arn;
    case PrincipalKind::Service:
        return service;
    case PrincipalKind::Anonymous:
        return "anonymous";
    }
    return {};
}

void RequestContext::set(std::string_view key, std::string value)
{
    // In place: the MWAA profile sets the keys of its requests again and again (one log group after another).
    std::vector<std::string>& values = valuesOf(key);
    values.resize(1);
    values.front() = std::move(value);
}

void RequestContext::set(std::string_view key, std::vector<std::string> values)
{
    valuesOf(key) = std::move(values);
}

std::vector<std::string>& RequestContext::valuesOf(std::string_view key)
{
    for (auto& entry : m_entries) {
        if (equalsIgnoreCase(entry.first, key)) {
            return entry.second;
        }
    }
    if (m_entries.empty()) {
        m_entries.reserve(8); // a request has a handful of keys
    }
    if (!m_unknown.empty()) {
        std::erase_if(m_unknown, [key](const std::string& k) { return equalsIgnoreCase(k, key); });
    }
    return m_entries.emplace_back(std::string(key), std::vector<std::string>{}).second;
}

void RequestContext::erase(std::string_view key)
{
    for (unsigned i = 0; i < kDefaultKeys.size(); ++i) {
        if (equalsIgnoreCase(key, kDefaultKeys[i])) {
            m_removedDefaults |= 1U << i;
        }
    }
    std::erase_if(m_entries, [key](const auto& entry) { return equalsIgnoreCase(entry.first, key); });
}

void RequestContext::setUnknown(std::string_view key)
{
    erase(key);
    for (const auto& k : m_unknown) {
        if (equalsIgnoreCase(k, key)) {
            return;
        }
    }
    m_unknown.emplace_back(key);
}

void RequestContext::declareAbsent(std::string_view keyOrPrefix)
{
    m_absent.push_back(keyOrPrefix);
}

void RequestContext::declareAbsent(std::span<const std::string_view> keysOrPrefixes)
{
    m_absentTables.push_back(keysOrPrefixes);
}

KeyState RequestContext::state(std::string_view key) const
{
    if (find(key)) {
        return KeyState::Known;
    }
    for (const auto& k : m_unknown) {
        if (equalsIgnoreCase(k, key)) {
            return KeyState::Unknown;
        }
    }
    if (!m_openWorld) {
        return KeyState::Absent;
    }
    // A key that is neither global nor KMS's (a misspelling, another service's key) is never in a KMS request.
    if (!Vocabulary::instance().conditionKey(key)) {
        return KeyState::Absent;
    }
    const auto matches = [key](std::string_view pattern) {
        if (!pattern.empty() && pattern.back() == '*') {
            const std::size_t n = pattern.size() - 1;
            return key.size() >= n && equalsIgnoreCase(pattern.substr(0, n), key.substr(0, n));
        }
        return equalsIgnoreCase(pattern, key);
    };
    if (std::any_of(m_absent.begin(), m_absent.end(), matches)) {
        return KeyState::Absent;
    }
    for (const auto& table : m_absentTables) {
        if (std::any_of(table.begin(), table.end(), matches)) {
            return KeyState::Absent;
        }
    }
    return KeyState::Unknown;
}

const std::vector<std::string>* RequestContext::find(std::string_view key) const
{
    for (const auto& entry : m_entries) {
        if (equalsIgnoreCase(entry.first, key)) {
            return &entry.second;
        }
    }
    if (m_defaults) {
        static const std::vector<std::string> kTrue{"true"};
        static const std::vector<std::string> kFalse{"false"};
        for (unsigned i = 0; i < kDefaultKeys.size(); ++i) {
            if (!(m_removedDefaults & (1U << i)) && equalsIgnoreCase(key, kDefaultKeys[i])) {
                switch (i) {
                case 0:
                    return &kTrue;
                case 1:
                    return &kFalse;
                case 2:
                    return m_servicePrincipal ? &kTrue : &kFalse;
                default:
                    return m_servicePrincipal ? &m_serviceName : nullptr;
                }
            }
        }
    }
    return nullptr;
}

void RequestContext::setCallerDefaults(bool servicePrincipal, std::string serviceName)
{
    m_defaults = true;
    m_servicePrincipal = servicePrincipal;
    if (servicePrincipal) {
        m_serviceName.assign(1, std::move(serviceName));
    }
}

void Request::setAction(std::string_view newAction)
{
    actionIndex = Vocabulary::instance().actionIndex(newAction);
    action.assign(newAction);
}

Request Request::make(RequestPrincipal principal, std::string action, std::string resource)
{
    Request r;
    r.actionIndex = Vocabulary::instance().actionIndex(action);
    r.action = std::move(action);
    r.resource = std::move(resource);
    if (principal.kind == PrincipalKind::Aws) {
        r.context.set("aws:PrincipalArn", roleArnOfSession(principal.arn).value_or(principal.arn));
        if (!principal.account.empty()) {
            r.context.set("aws:PrincipalAccount", principal.account);
            r.context.set("kms:CallerAccount", principal.account);
        }
        r.context.setCallerDefaults(false);
    } else if (principal.kind == PrincipalKind::Service) {
        r.context.setCallerDefaults(true, principal.service);
    }
    // And the region of the request: the key's, when its ARN is known.
    if (const auto arn = splitArn(r.resource); arn && !arn->region.empty()) {
        r.context.set("aws:RequestedRegion", std::string(arn->region));
    }
    r.principal = std::move(principal);
    return r;
}

} // namespace kps::eval
