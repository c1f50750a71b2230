// SPDX-License-Identifier: GPL-3.0-or-later
// Condition values checked against what their key takes (core/vocab: value formats, types): CONDITION_VALUE_TYPES_
// MIXED, CONDITION_REGION_INVALID, CONDITION_SERVICE_PRINCIPAL_FORMAT, CONDITION_VPC_FORMAT, CONDITION_VPCE_FORMAT,
// CONDITION_IP_PRIVATE and CONDITION_NOT_IP_PRIVATE (and their _SUBSET forms), CONDITION_IP_HOST_BITS,
// CONDITION_DATE_EPOCH, CONDITION_NUMERIC_REDUNDANT, CONDITION_NULL_SET_OPERATOR, CONDITION_EMPTY.
#include "core/checker/rules/AnalyzerRules.h"

#include "core/eval/Conditions.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace kps::rules {

namespace {

// ---- JSON types ----------------------------------------------------------------------------------------------

enum class ScalarKind { String, Number, Boolean, Other };

ScalarKind scalarKind(const Json& v)
{
    if (v.is_string()) {
        return ScalarKind::String;
    }
    if (v.is_number()) {
        return ScalarKind::Number;
    }
    if (v.is_boolean()) {
        return ScalarKind::Boolean;
    }
    return ScalarKind::Other;
}

std::string_view kindName(ScalarKind k)
{
    switch (k) {
    case ScalarKind::String:
        return "a string";
    case ScalarKind::Number:
        return "a number";
    case ScalarKind::Boolean:
        return "a boolean";
    case ScalarKind::Other:
        break;
    }
    return "another type";
}

/// CONDITION_VALUE_TYPES_MIXED: the values of one key are of one JSON type (INVALID_CONDITION_DATA_TYPE). IAM compares
/// their text, so a string list with a number in it is fixed by writing the number as a string.
void checkMixedTypes(const ConditionEntry& entry, Emitter& emit)
{
    if (!entry.raw || !entry.raw->is_array() || entry.raw->size() < 2) {
        return;
    }
    const auto& items = entry.raw->get_ref<const Json::array_t&>();
    ScalarKind first = ScalarKind::Other;
    const PointerPath keyPointer(entry.keyPointer);
    for (std::size_t i = 0; i < items.size(); ++i) {
        const ScalarKind kind = scalarKind(items[i]);
        if (kind == ScalarKind::Other) {
            continue; // WRONG_TYPE or CONDITION_VALUE_INVALID
        }
        if (first == ScalarKind::Other) {
            first = kind;
            continue;
        }
        if (kind != first) {
            const std::string pointer = PointerPath(keyPointer, i).str();
            nlohmann::json fix;
            if (first == ScalarKind::String) {
                fix = patchReplace(pointer, scalarText(items[i]));
            }
            emit.add("CONDITION_VALUE_TYPES_MIXED",
                     pointer,
                     false,
                     {entry.key, scalarText(items[i]), std::string(kindName(kind)), std::string(kindName(first))},
                     std::move(fix));
        }
    }
}

// ---- formats ---------------------------------------------------------------------------------------------------

bool isAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/// PREFIX followed by 8 or 17 letters or digits (aws:SourceVpc "vpc-", aws:SourceVpce "vpce-").
bool isResourceId(std::string_view v, std::string_view prefix)
{
    if (!v.starts_with(prefix)) {
        return false;
    }
    const std::string_view id = v.substr(prefix.size());
    return (id.size() == 8 || id.size() == 17) && std::all_of(id.begin(), id.end(), isAlnum);
}

/// SERVICE.REGION.amazonaws.com(.cn), as kms:ViaService takes it.
bool isRegionalServicePrincipal(std::string_view v)
{
    if (!isServicePrincipalName(v)) {
        return false;
    }
    const std::string_view suffix = v.ends_with(".amazonaws.com.cn") ? ".amazonaws.com.cn" : ".amazonaws.com";
    const std::string_view head = v.substr(0, v.size() - suffix.size());
    const auto dot = head.rfind('.');
    return dot != std::string_view::npos && dot > 0 && isRegionName(head.substr(dot + 1));
}

void checkFormat(const ConditionEntry& entry, const ParsedOperator& op, const ConditionKeyInfo& key, Emitter& emit)
{
    if (key.format == ValueFormat::Free || key.format == ValueFormat::AccountId
        || op.base->family != OperatorFamily::String) {
        return; // 12-digit account ids are CONDITION_VALUE_INVALID's
    }
    for (const auto& value : entry.values) {
        const std::string& v = value.value;
        if (v.empty() || hasWildcard(v) || hasPolicyVariable(v)) {
            continue; // a pattern or a variable is not a value as written (WILDCARD_NOT_LIKE says the rest)
        }
        // IgnoreCase operators compare case-insensitively: judge the lower-case value then.
        const std::string lower = op.base->ignoreCase ? toLower(v) : std::string();
        const std::string_view judged = op.base->ignoreCase ? std::string_view(lower) : std::string_view(v);
        switch (key.format) {
        case ValueFormat::Region:
            if (!isRegionName(judged)) {
                emit.add("CONDITION_REGION_INVALID", value.pointer, false, {v, entry.key});
            }
            break;
        case ValueFormat::RegionalServicePrincipal:
        case ValueFormat::ServicePrincipal: {
            const bool regional = key.format == ValueFormat::RegionalServicePrincipal;
            if (regional ? isRegionalServicePrincipal(judged) : isServicePrincipalName(judged)) {
                break;
            }
            nlohmann::json fix;
            const std::string lowerValue = toLower(v);
            if (lowerValue != v
                && (regional ? isRegionalServicePrincipal(lowerValue) : isServicePrincipalName(lowerValue))) {
                fix = patchReplace(value.pointer, lowerValue);
            }
            emit.add("CONDITION_SERVICE_PRINCIPAL_FORMAT",
                     value.pointer,
                     false,
                     {v,
                      entry.key,
                      regional ? "SERVICE.REGION.amazonaws.com in lower case (e.g. s3.us-east-1.amazonaws.com)"
                               : "SERVICE.amazonaws.com in lower case (e.g. logs.amazonaws.com)"},
                     std::move(fix));
            break;
        }
        case ValueFormat::Vpc:
            if (!isResourceId(judged, "vpc-")) {
                emit.add("CONDITION_VPC_FORMAT", value.pointer, false, {v, entry.key});
            }
            break;
        case ValueFormat::Vpce:
            if (!isResourceId(judged, "vpce-")) {
                emit.add("CONDITION_VPCE_FORMAT", value.pointer, false, {v, entry.key});
            }
            break;
        case ValueFormat::Free:
        case ValueFormat::AccountId:
            break;
        }
    }
}

// ---- IP addresses ----------------------------------------------------------------------------------------------

/// Inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 (RFC 1918) or fc00::/7 (RFC 4193, unique local).
bool isPrivateNetwork(const eval::IpNetwork& n)
{
    const auto within = [&n](std::initializer_list<unsigned char> prefixBytes, int bits) {
        if (n.prefix < bits) {
            return false;
        }
        int remaining = bits;
        std::size_t i = 0;
        for (const unsigned char b : prefixBytes) {
            const int take = remaining >= 8 ? 8 : remaining;
            const auto mask = static_cast<unsigned char>(0xFF << (8 - take));
            if ((n.bytes[i] & mask) != (b & mask)) {
                return false;
            }
            remaining -= take;
            ++i;
        }
        return true;
    };
    if (!n.v6) {
        return within({10}, 8) || within({172, 16}, 12) || within({192, 168}, 16);
    }
    return within({0xfc}, 7);
}

std::string formatIpv4(const unsigned char* b)
{
    return std::to_string(b[0]) + "." + std::to_string(b[1]) + "." + std::to_string(b[2]) + "." + std::to_string(b[3]);
}

/// RFC 5952 text of an IPv6 address: lower-case hex, the longest run of two or more zero groups as "::".
std::string formatIpv6(const unsigned char* b)
{
    unsigned groups[8];
    for (int i = 0; i < 8; ++i) {
        groups[i] = static_cast<unsigned>(b[2 * i] << 8 | b[2 * i + 1]);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8;) {
        if (groups[i] != 0) {
            ++i;
            continue;
        }
        int j = i;
        while (j < 8 && groups[j] == 0) {
            ++j;
        }
        if (j - i > bestLength) {
            bestStart = i;
            bestLength = j - i;
        }
        i = j;
    }
    std::string out;
    char buffer[8];
    for (int i = 0; i < 8; ++i) {
        if (i == bestStart) {
            out += "::";
            i += bestLength - 1;
            continue;
        }
        if (!out.empty() && out.back() != ':') {
            out += ':';
        }
        std::snprintf(buffer, sizeof buffer, "%x", groups[i]);
        out += buffer;
    }
    return out;
}

/// The network with its host bits cleared, in CIDR notation; empty when no host bit is set.
std::string maskedNetwork(const eval::IpNetwork& n)
{
    unsigned char masked[16];
    bool changed = false;
    const int total = n.v6 ? 128 : 32;
    for (int i = 0; i < total / 8; ++i) {
        const int bitsHere = std::clamp(n.prefix - 8 * i, 0, 8);
        const auto mask = static_cast<unsigned char>(bitsHere == 0 ? 0 : 0xFF << (8 - bitsHere));
        masked[i] = static_cast<unsigned char>(n.bytes[i] & mask);
        changed = changed || masked[i] != n.bytes[i];
    }
    if (!changed) {
        return {};
    }
    return (n.v6 ? formatIpv6(masked) : formatIpv4(masked)) + "/" + std::to_string(n.prefix);
}

void checkIpValues(const ConditionEntry& entry, const ParsedOperator& op, Emitter& emit)
{
    if (op.base->family != OperatorFamily::IpAddress || !hasOnlyScalarValues(entry)) {
        return;
    }
    std::size_t privateCount = 0;
    std::size_t parsed = 0;
    for (const auto& value : entry.values) {
        const auto network = eval::parseIpNetwork(value.value);
        if (!network) {
            continue; // CONDITION_VALUE_INVALID
        }
        ++parsed;
        if (std::string masked = maskedNetwork(*network); !masked.empty()) {
            emit.add("CONDITION_IP_HOST_BITS",
                     value.pointer,
                     false,
                     {value.value, masked},
                     patchReplace(value.pointer, masked));
        }
        privateCount += isPrivateNetwork(*network) ? 1 : 0;
    }
    // aws:SourceIp holds public addresses only: a request through a VPC endpoint has none (aws:VpcSourceIp has the
    // private one), so a private range never matches it (PRIVATE_IP_ADDRESS, PRIVATE_NOT_IP_ADDRESS and _SUBSET).
    if (!equalsIgnoreCase(entry.key, "aws:SourceIp") || privateCount == 0 || parsed != entry.values.size()) {
        return;
    }
    const bool negated = op.base->negated;
    if (privateCount == entry.values.size()) {
        emit.add(negated ? "CONDITION_NOT_IP_PRIVATE" : "CONDITION_IP_PRIVATE", entry.keyPointer, true, {entry.op});
        return;
    }
    for (const auto& value : entry.values) {
        const auto network = eval::parseIpNetwork(value.value);
        if (network && isPrivateNetwork(*network)) {
            emit.add(negated ? "CONDITION_NOT_IP_PRIVATE_SUBSET" : "CONDITION_IP_PRIVATE_SUBSET",
                     value.pointer,
                     false,
                     {value.value, entry.op});
        }
    }
}

// ---- dates and numbers -----------------------------------------------------------------------------------------

/// CONDITION_DATE_EPOCH (INVALID_DATE_VALUE): epoch seconds under a Date operator work but are easy to get wrong
/// (milliseconds); ISO 8601 says the same instant plainly, so the fix writes it.
void checkDates(const ConditionEntry& entry, const ParsedOperator& op, const ConditionKeyInfo* key, Emitter& emit)
{
    if (op.base->family != OperatorFamily::Date || (key && key->type == KeyType::DateOrNumeric)) {
        return; // aws:EpochTime is epoch seconds by definition
    }
    for (const auto& value : entry.values) {
        const std::string& v = value.value;
        if (v.empty() || v.size() > 18
            || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            continue;
        }
        const std::int64_t seconds = std::stoll(v);
        // Beyond the year 5138 it is surely milliseconds: say so, and offer no fix.
        const bool millis = seconds >= 100000000000LL;
        const std::string reading = millis ? "read as seconds, as IAM does, a date after the year 5000: milliseconds?"
                                           : eval::formatIsoDate(seconds);
        emit.add("CONDITION_DATE_EPOCH",
                 value.pointer,
                 false,
                 {v, reading},
                 millis ? nlohmann::json() : patchReplace(value.pointer, eval::formatIsoDate(seconds)));
    }
}

/// CONDITION_NUMERIC_REDUNDANT (REDUNDANT_CONDITION_VALUE_NUM): the values of a key are ORed, so of several bounds
/// under NumericLessThan(Equals) only the greatest counts, under NumericGreaterThan(Equals) the least.
void checkNumericBounds(const ConditionEntry& entry, const ParsedOperator& op, Emitter& emit)
{
    const std::string& base = op.base->name;
    const bool less = base == "NumericLessThan" || base == "NumericLessThanEquals";
    const bool greater = base == "NumericGreaterThan" || base == "NumericGreaterThanEquals";
    if ((!less && !greater) || op.set != SetPrefix::None || !entry.raw || !entry.raw->is_array()
        || entry.raw->size() < 2 || !hasOnlyScalarValues(entry)) {
        return;
    }
    std::size_t best = 0;
    double bestValue = 0;
    for (std::size_t i = 0; i < entry.values.size(); ++i) {
        const auto n = eval::parseNumber(entry.values[i].value);
        if (!n) {
            return; // CONDITION_VALUE_INVALID
        }
        if (i == 0 || (less ? *n > bestValue : *n < bestValue)) {
            best = i;
            bestValue = *n;
        }
    }
    emit.add("CONDITION_NUMERIC_REDUNDANT",
             entry.keyPointer,
             false,
             {entry.key, entry.op, entry.values[best].value, less ? "greatest" : "least"},
             patchReplace(entry.keyPointer, (*entry.raw)[best]));
}

void checkEmptyObjects(const StatementView& statement, Emitter& emit)
{
    const Json* condition = statement.element(StatementElement::Condition);
    if (!condition || !condition->is_object()) {
        return;
    }
    if (!condition->empty()
        && std::none_of(condition->get_ref<const Json::object_t&>().begin(),
                        condition->get_ref<const Json::object_t&>().end(),
                        [](const auto& member) { return member.second.is_object() && member.second.empty(); })) {
        return; // the pointer is only built for a finding
    }
    const std::string conditionPointer = appendPointer(statement.pointer, "Condition");
    if (condition->empty()) {
        emit.add("CONDITION_EMPTY",
                 conditionPointer,
                 false,
                 {"The Condition element", "the statement applies without conditions"},
                 nlohmann::json::array({{{"op", "remove"}, {"path", conditionPointer}}}));
        return;
    }
    for (const auto& [op, block] : condition->get_ref<const Json::object_t&>()) {
        if (block.is_object() && block.empty()) {
            const std::string pointer = appendPointer(conditionPointer, op);
            // The last block removed leaves an empty Condition: remove the whole element then.
            const std::string removed = condition->size() == 1 ? conditionPointer : pointer;
            emit.add("CONDITION_EMPTY",
                     pointer,
                     false,
                     {"The operator " + op, "it tests nothing"},
                     nlohmann::json::array({{{"op", "remove"}, {"path", removed}}}));
        }
    }
}

} // namespace

void checkConditionObjects(const StatementView& statement, Emitter& emit)
{
    checkEmptyObjects(statement, emit);
}

void checkConditionValues(const ConditionEntry& entry,
                          const ParsedOperator* op,
                          const ConditionKeyInfo* key,
                          Emitter& emit)
{
    checkMixedTypes(entry, emit);
    if (!op) {
        return;
    }
    if (op->base->family == OperatorFamily::Null && op->set != SetPrefix::None) {
        emit.add("CONDITION_NULL_SET_OPERATOR",
                 entry.keyPointer,
                 true,
                 {entry.op, op->set == SetPrefix::ForAllValues ? "always holds" : "never holds"});
    }
    if (key) {
        checkFormat(entry, *op, *key, emit);
    }
    checkIpValues(entry, *op, emit);
    checkDates(entry, *op, key, emit);
    checkNumericBounds(entry, *op, emit);
}

} // namespace kps::rules
