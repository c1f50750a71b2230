// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/mwaa/MwaaFacts.h"

#include "core/eval/Arn.h"
#include "core/vocab/Vocabulary.h"

#include <initializer_list>

namespace kps::mwaa {

namespace {

std::string regionalService(std::string_view service, std::string_view region)
{
    return std::string(service) + "." + std::string(region) + "." + dnsSuffixOfPartition(partitionOfRegion(region));
}

} // namespace

std::string logsServicePrincipal(std::string_view region)
{
    return regionalService("logs", region);
}

std::string airflowServicePrincipal(std::string_view region)
{
    return regionalService("airflow", region);
}

std::optional<std::string> regionOfServicePrincipal(std::string_view service, std::string_view value)
{
    const std::string prefix = std::string(service) + ".";
    if (value.substr(0, prefix.size()) != prefix) {
        return std::nullopt;
    }
    value.remove_prefix(prefix.size());
    const std::size_t dot = value.find('.');
    if (dot == std::string_view::npos || dot == 0) {
        return std::nullopt;
    }
    return std::string(value.substr(0, dot));
}

namespace {

/** The parts joined in one allocation (a chain of operator+ allocates and copies once per part). */
std::string joined(std::initializer_list<std::string_view> parts)
{
    std::size_t size = 0;
    for (std::string_view p : parts) {
        size += p.size();
    }
    std::string out;
    out.reserve(size);
    for (std::string_view p : parts) {
        out.append(p);
    }
    return out;
}

} // namespace

std::string logGroupArn(std::string_view partition,
                        std::string_view region,
                        std::string_view account,
                        std::string_view environment,
                        std::string_view kind)
{
    return joined({"arn:", partition, ":logs:", region, ":", account, ":log-group:airflow-", environment, "-", kind});
}

std::string accountScopedLogsArn(std::string_view partition, std::string_view region, std::string_view account)
{
    return "arn:" + std::string(partition) + ":logs:" + std::string(region) + ":" + std::string(account) + ":*";
}

std::optional<std::string> environmentOfLogsArn(std::string_view value)
{
    const auto arn = eval::parseArn(value);
    constexpr std::string_view prefix = "log-group:airflow-";
    if (!arn || arn->resource.rfind(prefix, 0) != 0) {
        return std::nullopt;
    }
    std::string rest = arn->resource.substr(prefix.size());
    // A log-group ARN may end in :* (the log streams); drop it.
    if (const std::size_t colon = rest.find(':'); colon != std::string::npos) {
        rest.erase(colon);
    }
    std::string name;
    if (rest.size() > 2 && rest.ends_with("-*")) {
        name = rest.substr(0, rest.size() - 2);
    } else {
        for (std::string_view kind : kLogGroupKinds) {
            const std::string suffix = "-" + std::string(kind);
            if (rest.size() > suffix.size() && rest.ends_with(suffix)) {
                name = rest.substr(0, rest.size() - suffix.size());
                break;
            }
        }
    }
    if (name.empty() || hasWildcard(name) || !isEnvironmentName(name)) {
        return std::nullopt;
    }
    return name;
}

KeyIdentifier parseKeyIdentifier(std::string_view key)
{
    KeyIdentifier k;
    if (key.empty()) {
        return k;
    }
    std::string_view resource = key;
    if (key.rfind("arn:", 0) == 0) {
        const auto arn = eval::parseArn(key);
        if (!arn || arn->service != "kms") {
            k.form = KeyIdentifier::Form::Other;
            return k;
        }
        k.partition = arn->partition;
        k.region = arn->region;
        k.account = arn->account;
        if (arn->resource.rfind("alias/", 0) == 0) {
            k.form = KeyIdentifier::Form::AliasArn;
            return k;
        }
        if (arn->resource.rfind("key/", 0) != 0) {
            k.form = KeyIdentifier::Form::Other;
            return k;
        }
        k.form = KeyIdentifier::Form::KeyArn;
        k.keyId = arn->resource.substr(4);
    } else if (key.rfind("alias/", 0) == 0) {
        k.form = KeyIdentifier::Form::AliasName;
        return k;
    } else {
        if (resource.rfind("key/", 0) == 0) {
            resource.remove_prefix(4);
        }
        k.form = KeyIdentifier::Form::KeyId;
        k.keyId = std::string(resource);
    }
    k.multiRegion = k.keyId.rfind("mrk-", 0) == 0;
    return k;
}

bool isEnvironmentName(std::string_view name)
{
    if (name.empty() || name.size() > 80) {
        return false;
    }
    const auto alpha = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    };
    if (!alpha(name.front())) {
        return false;
    }
    for (char c : name) {
        if (!alpha(c) && !(c >= '0' && c <= '9') && c != '-' && c != '_') {
            return false;
        }
    }
    return true;
}

} // namespace kps::mwaa
