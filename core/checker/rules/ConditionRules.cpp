// SPDX-License-Identifier: GPL-3.0-or-later
// CONDITION_OPERATOR_UNKNOWN, CONDITION_KEY_UNKNOWN, CONDITION_TYPE_MISMATCH, CONDITION_STRING_ON_BOOL,
// CONDITION_VALUE_INVALID, CONDITION_SET_OPERATOR, CONDITION_ARN_EQUALS_WILDCARD.
#include "core/checker/rules/AnalyzerRules.h"

#include "core/checker/Context.h"

#include <algorithm>
#include <array>
#include <optional>

namespace kps::rules {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool allDigits(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), isDigit);
}

bool endsWith(std::string_view s, std::string_view suffix)
{
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// ---- value syntax --------------------------------------------------------------------------------------------

/// -?digits(.digits)? as IAM's numeric operators take it (also as a JSON string).
bool isNumberText(std::string_view s)
{
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
        s.remove_prefix(1);
    }
    const auto dot = s.find('.');
    if (dot == std::string_view::npos) {
        return allDigits(s);
    }
    return allDigits(s.substr(0, dot)) && allDigits(s.substr(dot + 1));
}

/// Value of at most three digits (callers check allDigits and the length first).
int smallNumber(std::string_view digits)
{
    int n = 0;
    for (char c : digits) {
        n = n * 10 + (c - '0');
    }
    return n;
}

bool digitsAt(std::string_view s, std::size_t pos, std::size_t count)
{
    return pos + count <= s.size() && allDigits(s.substr(pos, count));
}

/// ISO 8601 as IAM accepts it: YYYY-MM-DD, optionally Thh:mm[:ss[.fff]] and Z or +hh:mm; or epoch seconds.
bool isDateText(std::string_view s)
{
    if (allDigits(s)) {
        return true; // epoch seconds (accepted; Access Analyzer prefers ISO 8601)
    }
    if (!digitsAt(s, 0, 4) || s.size() < 10 || s[4] != '-' || !digitsAt(s, 5, 2) || s[7] != '-' || !digitsAt(s, 8, 2)) {
        return false;
    }
    const int month = (s[5] - '0') * 10 + (s[6] - '0');
    const int day = (s[8] - '0') * 10 + (s[9] - '0');
    if (month < 1 || month > 12 || day < 1 || day > 31) {
        return false;
    }
    if (s.size() == 10) {
        return true;
    }
    if (s[10] != 'T' || !digitsAt(s, 11, 2) || s.size() < 16 || s[13] != ':' || !digitsAt(s, 14, 2)) {
        return false;
    }
    std::size_t i = 16;
    if (i < s.size() && s[i] == ':') {
        if (!digitsAt(s, i + 1, 2)) {
            return false;
        }
        i += 3;
        if (i < s.size() && s[i] == '.') {
            ++i;
            const std::size_t start = i;
            while (i < s.size() && isDigit(s[i])) {
                ++i;
            }
            if (i == start) {
                return false;
            }
        }
    }
    if (i == s.size()) {
        return true;
    }
    if (s[i] == 'Z') {
        return i + 1 == s.size();
    }
    if (s[i] == '+' || s[i] == '-') {
        return s.size() == i + 6 && digitsAt(s, i + 1, 2) && s[i + 3] == ':' && digitsAt(s, i + 4, 2);
    }
    return false;
}

bool isIpv4(std::string_view s)
{
    int parts = 0;
    std::size_t start = 0;
    while (true) {
        const auto dot = s.find('.', start);
        const std::string_view part
            = s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (!allDigits(part) || part.size() > 3 || smallNumber(part) > 255) {
            return false;
        }
        ++parts;
        if (dot == std::string_view::npos) {
            break;
        }
        start = dot + 1;
    }
    return parts == 4;
}

bool isHexDigit(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool isIpv6(std::string_view s)
{
    if (s.size() < 2) {
        return false;
    }
    int groups = 0;
    bool compressed = false;
    std::size_t i = 0;
    if (s.substr(0, 2) == "::") {
        compressed = true;
        i = 2;
        if (i == s.size()) {
            return true;
        }
    }
    while (i < s.size()) {
        std::size_t start = i;
        while (i < s.size() && isHexDigit(s[i])) {
            ++i;
        }
        const std::size_t len = i - start;
        if (len == 0 || len > 4) {
            // an embedded IPv4 tail (::ffff:10.0.0.1)
            return false;
        }
        if (i < s.size() && s[i] == '.') {
            if (!isIpv4(s.substr(start))) {
                return false;
            }
            groups += 2;
            i = s.size();
            break;
        }
        ++groups;
        if (i == s.size()) {
            break;
        }
        if (s[i] != ':') {
            return false;
        }
        ++i;
        if (i < s.size() && s[i] == ':') {
            if (compressed) {
                return false;
            }
            compressed = true;
            ++i;
            if (i == s.size()) {
                break;
            }
        } else if (i == s.size()) {
            return false;
        }
    }
    return compressed ? groups < 8 : groups == 8;
}

bool isCidr(std::string_view s)
{
    const auto slash = s.find('/');
    const std::string_view address = s.substr(0, slash);
    const bool v4 = isIpv4(address);
    if (!v4 && !isIpv6(address)) {
        return false;
    }
    if (slash == std::string_view::npos) {
        return true;
    }
    const std::string_view bits = s.substr(slash + 1);
    if (!allDigits(bits) || bits.size() > 3) {
        return false;
    }
    return smallNumber(bits) <= (v4 ? 32 : 128);
}

bool isArnPattern(std::string_view s)
{
    if (s == "*" || s.find("${") != std::string_view::npos) {
        return true;
    }
    return s.substr(0, 4) == "arn:" && std::count(s.begin(), s.end(), ':') >= 5;
}

bool isBase64(std::string_view s)
{
    if (s.empty() || s.size() % 4 != 0) {
        return false;
    }
    std::size_t padding = 0;
    while (padding < 2 && padding < s.size() && s[s.size() - 1 - padding] == '=') {
        ++padding;
    }
    return std::all_of(s.begin(), s.end() - static_cast<std::ptrdiff_t>(padding), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || isDigit(c) || c == '+' || c == '/';
    });
}

bool isAccountKey(std::string_view key)
{
    return equalsIgnoreCase(key, "aws:SourceAccount") || equalsIgnoreCase(key, "aws:PrincipalAccount")
        || equalsIgnoreCase(key, "kms:CallerAccount") || equalsIgnoreCase(key, "aws:ResourceAccount")
        || equalsIgnoreCase(key, "aws:VpceAccount");
}

// ---- suggestions ---------------------------------------------------------------------------------------------

std::vector<std::string> suggestOperators(std::string_view op)
{
    const Vocabulary& vocabulary = Vocabulary::instance();
    std::string prefix;
    std::string_view rest = op;
    if (const auto colon = op.find(':'); colon != std::string_view::npos) {
        const std::string_view written = op.substr(0, colon);
        const std::size_t toAll = editDistance(written, "ForAllValues");
        const std::size_t toAny = editDistance(written, "ForAnyValue");
        if (std::min(toAll, toAny) > 2 || toAll == toAny) {
            return {};
        }
        prefix = toAll < toAny ? "ForAllValues:" : "ForAnyValue:";
        rest = op.substr(colon + 1);
    }
    std::string suffix;
    constexpr std::string_view ifExists = "IfExists";
    if (rest.size() > ifExists.size() && equalsIgnoreCase(rest.substr(rest.size() - ifExists.size()), ifExists)) {
        suffix = std::string(ifExists);
        rest.remove_suffix(ifExists.size());
    }
    std::vector<std::string> bases;
    for (const auto& info : vocabulary.operators()) {
        if (equalsIgnoreCase(info.name, rest)) {
            bases.push_back(info.name);
        }
    }
    if (bases.empty()) {
        bases = vocabulary.closestOperators(rest);
    }
    std::vector<std::string> out;
    for (const auto& base : bases) {
        std::string candidate = prefix + base + suffix;
        if (candidate != op && vocabulary.parseOperator(candidate)) {
            out.push_back(std::move(candidate));
        }
    }
    return out;
}

std::vector<std::string> suggestKeys(std::string_view key)
{
    const Vocabulary& vocabulary = Vocabulary::instance();
    std::vector<std::string> out;
    for (auto& name : vocabulary.closestConditionKeys(key, 3)) {
        if (name.find("${") == std::string::npos) {
            out.push_back(std::move(name));
        }
    }
    // Template keys (kms:EncryptionContext:KEY, aws:RequestTag/KEY...): compare the written prefix only and keep
    // what follows it, choosing the prefix length that matches best.
    for (const auto& info : vocabulary.conditionKeys()) {
        if (!info.isTemplate) {
            continue;
        }
        const std::size_t p = info.prefix.size();
        std::size_t best = 3;
        std::vector<std::string> candidates;
        for (std::size_t len = p > 2 ? p - 2 : 1; len <= p + 2 && len < key.size(); ++len) {
            // The written prefix must end in the template's separator ('/' of aws:ResourceTag/, ':' of
            // kms:EncryptionContext:), so that what follows is a whole tag or context key: "aws:ResourceTag" is not
            // "aws:ResourceTa" + "g".
            if (key[len - 1] != info.prefix.back()) {
                continue;
            }
            const std::size_t d = editDistance(key.substr(0, len), info.prefix);
            std::string candidate = info.prefix + std::string(key.substr(len));
            if (d < best) {
                best = d;
                candidates.assign(1, std::move(candidate));
            } else if (d == best && d < 3) {
                candidates.push_back(std::move(candidate));
            }
        }
        if (best > 0) {
            for (auto& c : candidates) {
                if (std::find(out.begin(), out.end(), c) == out.end()) {
                    out.push_back(std::move(c));
                }
            }
        }
    }
    return out;
}

/// The template key (aws:ResourceTag/${TagKey}, kms:EncryptionContext:${...}) that `key` names without the part
/// that follows the template's prefix: "aws:ResourceTag", "aws:ResourceTag/" (any case). Null for anything else.
const ConditionKeyInfo* templateWithoutItsKey(std::string_view key)
{
    for (const auto& info : Vocabulary::instance().conditionKeys()) {
        if (!info.isTemplate || info.prefix.empty()) {
            continue;
        }
        const std::string_view prefix = info.prefix;
        if (equalsIgnoreCase(key, prefix) || equalsIgnoreCase(key, prefix.substr(0, prefix.size() - 1))) {
            return &info;
        }
    }
    return nullptr;
}

std::string_view templateNoun(const ConditionKeyInfo& info)
{
    return info.name.find("${TagKey}") != std::string::npos ? "tag key" : "encryption context key";
}

std::string_view templatePlaceholder(const ConditionKeyInfo& info)
{
    return info.name.find("${TagKey}") != std::string::npos ? "TAG-KEY" : "CONTEXT-KEY";
}

// ---- per-entry rules -----------------------------------------------------------------------------------------

bool typeFits(OperatorFamily family, KeyType type)
{
    if (type == KeyType::Unknown) {
        return true;
    }
    switch (family) {
    case OperatorFamily::Null:
        return true;
    case OperatorFamily::String:
        // Bool keys compare as the strings "true"/"false", which works (CONDITION_STRING_ON_BOOL asks for Bool);
        // ARN keys accept String operators.
        return type == KeyType::String || type == KeyType::Arn || type == KeyType::Bool;
    case OperatorFamily::Numeric:
        return type == KeyType::Numeric || type == KeyType::DateOrNumeric;
    case OperatorFamily::Date:
        return type == KeyType::Date || type == KeyType::DateOrNumeric;
    case OperatorFamily::Bool:
        return type == KeyType::Bool;
    case OperatorFamily::Binary:
        return type == KeyType::Binary;
    case OperatorFamily::IpAddress:
        return type == KeyType::IpAddress;
    case OperatorFamily::Arn:
        // AWS documents ArnLike/ArnEquals on kms:EncryptionContext:aws:logs:arn (a String key) for CloudWatch
        // Logs; ARN operators on String keys are accepted.
        return type == KeyType::Arn || type == KeyType::String;
    }
    return true;
}

std::string_view setPrefixText(SetPrefix set)
{
    switch (set) {
    case SetPrefix::ForAllValues:
        return "ForAllValues:";
    case SetPrefix::ForAnyValue:
        return "ForAnyValue:";
    case SetPrefix::None:
        break;
    }
    return {};
}

/// `base` with the set prefix and IfExists of `op` ("ForAnyValue:" + "Bool" + "IfExists").
std::string sameModifiers(const ParsedOperator& op, std::string_view base)
{
    std::string out(setPrefixText(op.set));
    out += base;
    if (op.ifExists) {
        out += "IfExists";
    }
    return out;
}

/// A single value written exactly as Bool takes it: true, false, "true" or "false".
bool isSingleBoolValue(const Json& raw)
{
    const Json* value = &raw;
    if (raw.is_array()) {
        if (raw.size() != 1) {
            return false;
        }
        value = &raw.front();
    }
    if (value->is_boolean()) {
        return true;
    }
    return value->is_string()
        && (value->get_ref<const std::string&>() == "true" || value->get_ref<const std::string&>() == "false");
}

/// CONDITION_STRING_ON_BOOL: a String operator on a Bool key works, but compares text.
void checkStringOnBool(const ConditionEntry& entry, const ParsedOperator& op, const Json& condition, Emitter& emit)
{
    const OperatorInfo& base = *op.base;
    const std::string comparison
        = base.ignoreCase ? std::string("as text") : "as case-sensitive text (\"True\" is not \"true\")";
    // StringNotEquals "true" holds when the key is absent or "false": exactly BoolIfExists "false".
    const std::string advice = base.negated
        ? std::string(setPrefixText(op.set)) + "BoolIfExists with the opposite value"
        : sameModifiers(op, "Bool");
    nlohmann::json fix;
    // The same test under Bool: a positive operator and one value true or false, as Bool takes it (a pattern, another
    // spelling or several values are the author's to decide).
    if (!base.negated && entry.raw && isSingleBoolValue(*entry.raw)) {
        fix = moveKeyToOperator(condition, entry, advice);
    }
    emit.add(
        "CONDITION_STRING_ON_BOOL", entry.keyPointer, true, {entry.op, entry.key, comparison, advice}, std::move(fix));
}

/// '*' or '?' outside policy variables: "${*}" and "${?}" stand for the characters themselves.
bool hasPatternWildcard(std::string_view s)
{
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '{') {
            const auto close = s.find('}', i + 2);
            if (close == std::string_view::npos) {
                return hasWildcard(s.substr(i));
            }
            i = close;
        } else if (s[i] == '*' || s[i] == '?') {
            return true;
        }
    }
    return false;
}

/// CONDITION_ARN_EQUALS_WILDCARD: ArnEquals/ArnNotEquals with a wildcard work like ArnLike/ArnNotLike (the IAM User
/// Guide documents them as behaving identically); the Like form states the intent. Once per key, at its first such
/// value, so that the one fix (which moves the whole key) is offered once.
void checkArnEqualsWildcard(const ConditionEntry& entry, const ParsedOperator& op, const Json& condition, Emitter& emit)
{
    const std::string& base = op.base->name;
    if ((base != "ArnEquals" && base != "ArnNotEquals") || !entry.raw) {
        return;
    }
    const Json& raw = *entry.raw;
    const auto patternValue = [](const Json& value) {
        if (!value.is_string()) {
            return false;
        }
        const std::string& text = value.get_ref<const std::string&>();
        return isArnPattern(text) && hasPatternWildcard(text); // malformed ARNs are CONDITION_VALUE_INVALID's
    };
    std::string pointer;
    const Json* value = nullptr;
    if (raw.is_array()) {
        for (std::size_t i = 0; i < raw.size() && !value; ++i) {
            if (patternValue(raw[i])) {
                value = &raw[i];
                pointer = appendPointer(entry.keyPointer, i);
            }
        }
    } else if (patternValue(raw)) {
        value = &raw;
        pointer = entry.keyPointer;
    }
    if (!value) {
        return;
    }
    const std::string like = sameModifiers(op, op.base->negated ? "ArnNotLike" : "ArnLike");
    emit.add("CONDITION_ARN_EQUALS_WILDCARD",
             pointer,
             false,
             {value->get_ref<const std::string&>(), entry.op, like},
             moveKeyToOperator(condition, entry, like));
}

void checkSetOperator(const ConditionEntry& entry, const ParsedOperator& op, const ConditionKeyInfo& key, Emitter& emit)
{
    if (op.base->family == OperatorFamily::Null) {
        return;
    }
    std::string message;
    if (op.set == SetPrefix::ForAllValues && !key.multivalued) {
        if (startsWithIgnoreCase(entry.key, "kms:EncryptionContext:")
            || startsWithIgnoreCase(entry.key, "aws:RequestTag/")) {
            emit.add("CONDITION_FORALLVALUES_REJECTED", entry.keyPointer, true, {entry.key, op.base->name});
            return;
        } else {
            message = "ForAllValues with the single-valued key " + entry.key
                + " is also true when the request has no such key, so it allows more than intended; use "
                + op.base->name + " without the prefix.";
        }
    } else if (op.set == SetPrefix::ForAnyValue && !key.multivalued) {
        message = "ForAnyValue is for multivalued keys; " + entry.key + " has a single value, so write "
            + entry.op.substr(entry.op.find(':') + 1) + ".";
    } else if (op.set == SetPrefix::None && key.multivalued) {
        message = entry.key + " is multivalued: write ForAnyValue:" + entry.op
            + " (any value matches) or ForAllValues:" + entry.op + " (every value matches).";
    }
    if (!message.empty()) {
        emit.add("CONDITION_SET_OPERATOR", entry.keyPointer, true, {std::move(message)});
    }
}

std::optional<std::string> valueProblem(const ParsedOperator& op, const ConditionEntry& entry, const Json& value)
{
    // A string value is read in place; the quoted text is only built for a problem.
    const std::string rendered = value.is_string() ? std::string() : scalarText(value);
    const std::string_view text = value.is_string() ? std::string_view(value.get_ref<const std::string&>()) : rendered;
    const auto q = [text] {
        return "\"" + std::string(text) + "\"";
    };
    if (!op.base->allowsPolicyVariables && hasPolicyVariable(text)) {
        return std::nullopt; // VARIABLE_INVALID_FOR_OPERATOR says it (VariableRules.cpp)
    }
    switch (op.base->family) {
    case OperatorFamily::Bool:
    case OperatorFamily::Null:
        if (value.is_boolean() || text == "true" || text == "false") {
            return std::nullopt;
        }
        return q() + " is not a value for " + op.base->name + ": write true or false (lower case).";
    case OperatorFamily::Numeric:
        if (value.is_number() || isNumberText(text)) {
            return std::nullopt;
        }
        return q() + " is not a number, so " + entry.op + " never matches it.";
    case OperatorFamily::Date:
        if (value.is_number_integer() || value.is_number_unsigned() || isDateText(text)) {
            return std::nullopt;
        }
        return q() + " is not a date: write ISO 8601, e.g. 2025-01-31 or 2025-01-31T23:59:59Z.";
    case OperatorFamily::IpAddress:
        if (value.is_string() && isCidr(text)) {
            return std::nullopt;
        }
        return q() + " is not an IP address or CIDR range (e.g. 203.0.113.0/24 or 2001:db8::/32).";
    case OperatorFamily::Arn:
        if (value.is_string() && isArnPattern(text)) {
            return std::nullopt;
        }
        return q() + " is not an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE), so " + entry.op
            + " never matches it.";
    case OperatorFamily::Binary:
        if (value.is_string() && isBase64(text)) {
            return std::nullopt;
        }
        return q() + " is not base64, as BinaryEquals needs.";
    case OperatorFamily::String:
        if (isAccountKey(entry.key) && !hasWildcard(text) && text.find("${") == std::string_view::npos
            && !isAccountId(text)) {
            return q() + " is not a 12-digit account id, so it never equals " + entry.key + ".";
        }
        return std::nullopt;
    }
    return std::nullopt;
}

void checkValues(const ConditionEntry& entry, const ParsedOperator& op, Emitter& emit)
{
    if (!entry.raw) {
        return;
    }
    const Json& raw = *entry.raw;
    if (raw.is_array() && raw.empty()) {
        // What an empty list means depends on the operator: IfExists and ForAllValues hold when the key is absent,
        // a negated operator always holds (EMPTY_ARRAY_CONDITION and its _IFEXISTS, _FORALLVALUES, _FORANYVALUE).
        const bool absent = holdsWhenAbsent(op, entry);
        const bool present = op.base->family != OperatorFamily::Null && holdsWhenPresent(op, false);
        emit.add("CONDITION_VALUES_EMPTY",
                 entry.keyPointer,
                 false,
                 {entry.key, entry.op, describeShape(presenceShape(absent, present), entry.key)});
        return;
    }
    const bool boolLike = op.base->family == OperatorFamily::Bool || op.base->family == OperatorFamily::Null;
    if (boolLike && raw.is_array() && raw.size() > 1 && op.set == SetPrefix::None) {
        emit.add("CONDITION_VALUE_INVALID",
                 entry.keyPointer,
                 false,
                 {op.base->name + " takes a single true or false value for " + entry.key + "."});
        return;
    }
    // The pointer of a value is only built for a finding.
    auto checkOne = [&](const Json& value, const PointerPath& valuePointer) {
        if (!value.is_primitive() || value.is_null()) {
            return; // WRONG_TYPE
        }
        auto problem = valueProblem(op, entry, value);
        if (!problem) {
            return;
        }
        const std::string pointer = valuePointer.str();
        nlohmann::json fix;
        if (boolLike && value.is_string()) {
            const std::string& text = value.get_ref<const std::string&>();
            if (equalsIgnoreCase(text, "true") || equalsIgnoreCase(text, "false")) {
                fix = patchReplace(pointer, toLower(text));
            }
        }
        emit.add("CONDITION_VALUE_INVALID", pointer, false, {std::move(*problem)}, std::move(fix));
    };
    const PointerPath keyPointer(entry.keyPointer);
    if (raw.is_array()) {
        const auto& items = raw.get_ref<const Json::array_t&>();
        for (std::size_t i = 0; i < items.size(); ++i) {
            checkOne(items[i], PointerPath(keyPointer, i));
        }
    } else {
        checkOne(raw, keyPointer);
    }
}

void checkEntry(const ConditionEntry& entry,
                const std::optional<ParsedOperator>& op,
                const Json& block,
                const Json& condition,
                ConditionScan& scan,
                Emitter& emit)
{
    const Vocabulary& vocabulary = Vocabulary::instance();
    const ConditionKeyInfo* key = vocabulary.conditionKey(entry.key);
    scan.entry(entry, op && op->base ? &*op : nullptr, key, condition, emit);
    if (!key) {
        if (const ConditionKeyInfo* templateKey = templateWithoutItsKey(entry.key)) {
            // aws:ResourceTag, aws:RequestTag/, kms:EncryptionContext: (MISSING_TAG_KEY_IN_CONDITION): which key is
            // meant is the author's to say.
            emit.add("CONDITION_KEY_UNKNOWN",
                     entry.keyPointer,
                     true,
                     {entry.key,
                      " (it names no " + std::string(templateNoun(*templateKey)) + ": write " + templateKey->prefix
                          + std::string(templatePlaceholder(*templateKey)) + ")"});
        } else {
            auto candidates = suggestKeys(entry.key);
            nlohmann::json fix;
            if (candidates.size() == 1 && !block.contains(candidates.front())) {
                fix = patchMove(entry.keyPointer, appendPointer(entry.opPointer, candidates.front()));
            }
            emit.add("CONDITION_KEY_UNKNOWN",
                     entry.keyPointer,
                     true,
                     {entry.key, suggestionText(candidates)},
                     std::move(fix));
        }
    }
    if (!op || !op->base) {
        return;
    }
    const bool fits = !key || typeFits(op->base->family, key->type);
    if (fits) {
        checkArnEqualsWildcard(entry, *op, condition, emit);
    }
    if (key) {
        if (!fits) {
            emit.add("CONDITION_TYPE_MISMATCH",
                     entry.keyPointer,
                     true,
                     {entry.op,
                      std::string(operatorFamilyName(op->base->family)),
                      entry.key,
                      std::string(keyTypeName(key->type))});
        } else if (op->base->family == OperatorFamily::String && key->type == KeyType::Bool) {
            checkStringOnBool(entry, *op, condition, emit);
        }
        checkSetOperator(entry, *op, *key, emit);
    }
    checkValues(entry, *op, emit);
}

void checkStatementConditions(const StatementView& statement, ConditionScan& scan, Emitter& emit)
{
    const Json* condition = statement.element(StatementElement::Condition);
    if (!condition || !condition->is_object()) {
        return;
    }
    scan.beginStatement(statement, emit);
    const Vocabulary& vocabulary = Vocabulary::instance();
    const PointerPath statementPointer(statement.pointer);
    const PointerPath conditionPointer(statementPointer, "Condition");
    // PolicyView lists the entries grouped by operator, in document order: walk both together. An operator is
    // unique within the Condition object, so its name identifies its entries.
    std::size_t next = 0;
    for (const auto& [opName, block] : condition->get_ref<const Json::object_t&>()) {
        const auto op = vocabulary.parseOperator(opName);
        if (!op) {
            auto candidates = suggestOperators(opName);
            std::string hint = suggestionText(candidates);
            if (opName.size() > 8 && endsWith(opName, "IfExists") && opName.find("Null") != std::string::npos) {
                hint = " (Null has no IfExists form: Null itself tests whether the key is present)";
            }
            const PointerPath opPointer(conditionPointer, opName);
            nlohmann::json fix;
            if (candidates.size() == 1 && !condition->contains(candidates.front())) {
                fix = patchMove(opPointer.str(), PointerPath(conditionPointer, candidates.front()).str());
            }
            emit.add("CONDITION_OPERATOR_UNKNOWN", opPointer, true, {opName, hint}, std::move(fix));
        }
        if (!block.is_object()) {
            continue;
        }
        while (next < statement.conditions.size() && statement.conditions[next].op == opName) {
            checkEntry(statement.conditions[next], op, block, *condition, scan, emit);
            ++next;
        }
    }
    scan.endStatement(emit);
}

} // namespace

/**
 * A JSON Patch that moves the entry's key from its operator block to the block `target` of the same Condition, or
 * null when `target` already holds the key (condition keys are case-insensitive) or is not an object. No empty block
 * is left behind: the only key of a block moves by renaming the block (when `target` is absent) or by removing the
 * emptied block after the move.
 */
nlohmann::json moveKeyToOperator(const Json& condition, const ConditionEntry& entry, const std::string& target)
{
    const auto source = condition.find(entry.op);
    if (target == entry.op || source == condition.end() || !source->is_object()) {
        return nullptr;
    }
    const bool onlyKey = source->size() == 1;
    const std::string targetPointer = appendPointer(parentPointer(entry.opPointer), target);
    const std::string movedPointer = appendPointer(targetPointer, entry.key);
    const auto existing = condition.find(target);
    if (existing == condition.end()) {
        if (onlyKey) {
            return patchMove(entry.opPointer, targetPointer);
        }
        nlohmann::json patch = patchAdd(targetPointer, nlohmann::json::object());
        patch.push_back(patchMove(entry.keyPointer, movedPointer).front());
        return patch;
    }
    if (!existing->is_object()) {
        return nullptr;
    }
    for (const auto& member : existing->get_ref<const Json::object_t&>()) {
        if (equalsIgnoreCase(member.first, entry.key)) {
            return nullptr;
        }
    }
    nlohmann::json patch = patchMove(entry.keyPointer, movedPointer);
    if (onlyKey) {
        patch.push_back({{"op", "remove"}, {"path", entry.opPointer}});
    }
    return patch;
}

void checkConditions(const GenericInput& input, Emitter& emit)
{
    ConditionScan scan(input.mwaaProfile); // the rules of AnalyzerRules.h, on the same walk
    for (const auto& statement : input.policy.statements) {
        if (statement.json && statement.json->is_object() && statement.hasCondition) {
            checkStatementConditions(statement, scan, emit);
        }
    }
}

} // namespace kps::rules
