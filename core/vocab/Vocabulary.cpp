// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/vocab/Vocabulary.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace kps::data {
std::string_view kmsVocabularyJson();
}

namespace kps {

std::string_view keyTypeName(KeyType type)
{
    switch (type) {
    case KeyType::String:
        return "String";
    case KeyType::Bool:
        return "Bool";
    case KeyType::Numeric:
        return "Numeric";
    case KeyType::Date:
        return "Date";
    case KeyType::Arn:
        return "ARN";
    case KeyType::IpAddress:
        return "IPAddress";
    case KeyType::Binary:
        return "Binary";
    case KeyType::DateOrNumeric:
        return "Date or Numeric";
    case KeyType::Unknown:
        return "unknown";
    }
    return "unknown";
}

std::string_view operatorFamilyName(OperatorFamily family)
{
    switch (family) {
    case OperatorFamily::String:
        return "String";
    case OperatorFamily::Numeric:
        return "Numeric";
    case OperatorFamily::Date:
        return "Date";
    case OperatorFamily::Bool:
        return "Bool";
    case OperatorFamily::Binary:
        return "Binary";
    case OperatorFamily::IpAddress:
        return "IpAddress";
    case OperatorFamily::Arn:
        return "ARN";
    case OperatorFamily::Null:
        return "Null";
    }
    return "String";
}

namespace {

char lowerAscii(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

KeyType parseKeyType(const std::string& t)
{
    if (t == "String" || t == "ArrayOfString") {
        return KeyType::String;
    }
    if (t == "Bool") {
        return KeyType::Bool;
    }
    if (t == "Numeric") {
        return KeyType::Numeric;
    }
    if (t == "Date") {
        return KeyType::Date;
    }
    if (t == "ARN") {
        return KeyType::Arn;
    }
    if (t == "IPAddress") {
        return KeyType::IpAddress;
    }
    if (t == "Binary") {
        return KeyType::Binary;
    }
    if (t == "Date|Numeric") {
        return KeyType::DateOrNumeric;
    }
    return KeyType::Unknown;
}

OperatorFamily parseFamily(const std::string& f)
{
    if (f == "Numeric") {
        return OperatorFamily::Numeric;
    }
    if (f == "Date") {
        return OperatorFamily::Date;
    }
    if (f == "Boolean") {
        return OperatorFamily::Bool;
    }
    if (f == "Binary") {
        return OperatorFamily::Binary;
    }
    if (f == "IPAddress") {
        return OperatorFamily::IpAddress;
    }
    if (f == "ARN") {
        return OperatorFamily::Arn;
    }
    if (f == "Null") {
        return OperatorFamily::Null;
    }
    return OperatorFamily::String;
}

PolicyScope parseScope(const std::string& s)
{
    if (s == "key_policy") {
        return PolicyScope::KeyPolicy;
    }
    if (s == "key_policy_and_iam_policy") {
        return PolicyScope::KeyPolicyAndIam;
    }
    if (s == "iam_policy_only") {
        return PolicyScope::IamOnly;
    }
    if (s.rfind("grant-determined", 0) == 0) {
        return PolicyScope::GrantDetermined;
    }
    return PolicyScope::PermissionOnly;
}

ValueFormat parseValueFormat(const std::string& f)
{
    if (f == "region") {
        return ValueFormat::Region;
    }
    if (f == "regional_service_principal") {
        return ValueFormat::RegionalServicePrincipal;
    }
    if (f == "service_principal") {
        return ValueFormat::ServicePrincipal;
    }
    if (f == "vpc") {
        return ValueFormat::Vpc;
    }
    if (f == "vpce") {
        return ValueFormat::Vpce;
    }
    if (f == "account_id") {
        return ValueFormat::AccountId;
    }
    return ValueFormat::Free;
}

template <typename Range, typename NameOf>
std::vector<std::string> closest(std::string_view name, const Range& range, NameOf nameOf, std::size_t maxResults)
{
    std::vector<std::pair<std::size_t, std::string>> scored;
    const std::size_t limit = std::max<std::size_t>(2, name.size() / 4);
    for (const auto& item : range) {
        const std::string candidate = nameOf(item);
        // The distance is at least the difference in length: skip the O(n*m) table when that alone is too far
        // (a 1 MB action name would otherwise cost seconds per vocabulary entry).
        const std::size_t lengthGap
            = name.size() > candidate.size() ? name.size() - candidate.size() : candidate.size() - name.size();
        if (lengthGap > limit) {
            continue;
        }
        const std::size_t d = editDistance(name, candidate);
        if (d <= limit) {
            scored.emplace_back(d, candidate);
        }
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> out;
    for (const auto& s : scored) {
        if (out.size() >= maxResults) {
            break;
        }
        out.push_back(s.second);
    }
    return out;
}

} // namespace

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        // most characters are the same as written: lower-case only those that differ
        if (a[i] != b[i] && lowerAscii(a[i]) != lowerAscii(b[i])) {
            return false;
        }
    }
    return true;
}

std::string toLower(std::string_view s)
{
    std::string out(s);
    for (auto& c : out) {
        c = lowerAscii(c);
    }
    return out;
}

LowerCased::LowerCased(std::string_view s)
{
    if (s.size() <= m_buffer.size()) {
        std::transform(s.begin(), s.end(), m_buffer.begin(), lowerAscii);
        m_view = std::string_view(m_buffer.data(), s.size());
    } else {
        m_long = toLower(s);
        m_view = m_long;
    }
}

bool hasWildcard(std::string_view s)
{
    // Without an early exit the loop is a reduction that the compiler vectorizes (16 or more characters a step):
    // the strings tested are ARNs and action names that seldom hold a wildcard, so stopping early saves nothing.
    // (find_first_of would call memchr once per character of s.)
    unsigned found = 0;
    for (char c : s) {
        found |= static_cast<unsigned>(c == '*') | static_cast<unsigned>(c == '?');
    }
    return found != 0;
}

bool wildcardMatch(std::string_view pattern, std::string_view text, bool ignoreCase)
{
    if (pattern.size() == 1 && pattern[0] == '*') {
        return true; // the common case ("Resource": "*", an ARN field "*"): no need to walk the text
    }
    // The literal prefix (up to the first wildcard) is compared at once; without a wildcard the match is a comparison
    // (most action names and ARNs in a policy).
    std::size_t literal = 0;
    while (literal < pattern.size() && pattern[literal] != '*' && pattern[literal] != '?') {
        ++literal;
    }
    if (literal == pattern.size()) {
        return ignoreCase ? equalsIgnoreCase(pattern, text) : pattern == text;
    }
    if (text.size() < literal) {
        return false;
    }
    const std::string_view head = text.substr(0, literal);
    if (ignoreCase ? !equalsIgnoreCase(pattern.substr(0, literal), head) : pattern.substr(0, literal) != head) {
        return false;
    }
    // Iterative glob match of the rest with backtracking to the last '*': linear in practice, no recursion.
    std::size_t p = literal;
    std::size_t t = literal;
    std::size_t starP = std::string_view::npos;
    std::size_t starT = 0;
    auto same = [ignoreCase](char a, char b) {
        return ignoreCase ? lowerAscii(a) == lowerAscii(b) : a == b;
    };
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || (pattern[p] != '*' && same(pattern[p], text[t])))) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            starP = p++;
            starT = t;
        } else if (starP != std::string_view::npos) {
            p = starP + 1;
            t = ++starT;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') {
        ++p;
    }
    return p == pattern.size();
}

std::size_t editDistance(std::string_view a, std::string_view b)
{
    std::vector<std::size_t> prev(b.size() + 1);
    std::vector<std::size_t> cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        prev[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = lowerAscii(a[i - 1]) == lowerAscii(b[j - 1]) ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

const Vocabulary& Vocabulary::instance()
{
    static const Vocabulary vocabulary;
    return vocabulary;
}

Vocabulary::Vocabulary()
{
    const auto data = nlohmann::json::parse(data::kmsVocabularyJson());
    for (const auto& a : data.at("actions")) {
        ActionInfo info;
        info.name = a.at("name").get<std::string>();
        info.accessLevel = a.at("access_level").get<std::string>();
        info.scope = a.value("permission_only", false) ? PolicyScope::PermissionOnly
                                                       : parseScope(a.at("policy_type").get<std::string>());
        info.grantOperation = a.value("grant_operation", false);
        m_actions.push_back(std::move(info));
    }
    for (std::size_t i = 0; i < m_actions.size(); ++i) {
        m_actionIndex.emplace(toLower(m_actions[i].name), i);
        m_longestActionName = std::max(m_longestActionName, m_actions[i].name.size());
    }
    auto addKeys = [this](const nlohmann::json& list, bool global) {
        for (const auto& k : list) {
            ConditionKeyInfo info;
            info.name = k.at("name").get<std::string>();
            const auto dollar = info.name.find("${");
            info.isTemplate = dollar != std::string::npos;
            info.prefix = info.isTemplate ? info.name.substr(0, dollar) : info.name;
            info.type = parseKeyType(k.at("type").get<std::string>());
            info.multivalued = k.value("multivalued", false);
            info.global = global || info.name.rfind("aws:", 0) == 0;
            info.note = k.value("note", std::string());
            info.sensitive = k.value("sensitive_no_wildcards", false);
            info.format = parseValueFormat(k.value("value_format", std::string()));
            info.untrustworthy = k.value("untrustworthy", false);
            info.callerControlled = k.value("caller_controlled", false);
            info.absentForServicePrincipal = k.value("absent_for_service_principal", false);
            if (const auto paired = k.find("paired_with"); paired != k.end()) {
                for (const auto& p : *paired) {
                    info.pairedWith.push_back(p.get<std::string>());
                }
            }
            // the same key can be listed by KMS and as a global key: keep the first
            const bool seen = std::any_of(m_keys.begin(), m_keys.end(), [&](const ConditionKeyInfo& e) {
                return equalsIgnoreCase(e.name, info.name);
            });
            if (!seen) {
                m_keys.push_back(std::move(info));
            }
        }
    };
    addKeys(data.at("condition_keys"), false);
    addKeys(data.at("global_condition_keys"), true);
    for (std::size_t i = 0; i < m_keys.size(); ++i) {
        if (m_keys[i].isTemplate) {
            m_templateKeys.push_back(i);
        } else {
            m_exactKeyIndex.emplace(toLower(m_keys[i].name), i);
            m_longestKeyName = std::max(m_longestKeyName, m_keys[i].name.size());
        }
    }
    assignActionsToKeys(data);
    for (const auto& o : data.at("condition_operators")) {
        OperatorInfo info;
        info.name = o.at("name").get<std::string>();
        info.family = parseFamily(o.at("family").get<std::string>());
        info.negated = o.value("negated", false);
        info.wildcards = o.value("supports_wildcards", false);
        info.ignoreCase = info.name.find("IgnoreCase") != std::string::npos;
        info.allowsIfExists = o.value("allows_IfExists", true);
        info.allowsPolicyVariables = o.value("allows_policy_variables", false);
        m_operators.push_back(std::move(info));
    }
    for (const auto& g : data.at("grant_operations")) {
        m_grantOperations.push_back(g.at("name").get<std::string>());
    }
    // The access summary's groups and the actions usable across accounts (names checked by tst_vocabulary; an unknown
    // name is left out rather than stopping the program).
    m_groupOfAction.assign(m_actions.size(), -1);
    m_crossAccount.assign(m_actions.size(), false);
    for (const auto& g : data.value("access_groups", nlohmann::json::array())) {
        ActionGroup group;
        group.name = g.at("name").get<std::string>();
        group.title = g.at("title").get<std::string>();
        group.description = g.value("description", std::string());
        for (const auto& a : g.at("actions")) {
            const int index = actionIndex(a.get<std::string>());
            if (index >= 0 && m_groupOfAction[static_cast<std::size_t>(index)] < 0) {
                group.actions.push_back(static_cast<std::size_t>(index));
                m_groupOfAction[static_cast<std::size_t>(index)] = static_cast<int>(m_groups.size());
            }
        }
        m_groups.push_back(std::move(group));
    }
    for (const auto& a : data.value("cross_account_actions", nlohmann::json::array())) {
        if (const int index = actionIndex(a.get<std::string>()); index >= 0) {
            m_crossAccount[static_cast<std::size_t>(index)] = true;
        }
    }
}

const ActionGroup* Vocabulary::groupOf(std::size_t actionIndex) const
{
    if (actionIndex >= m_groupOfAction.size() || m_groupOfAction[actionIndex] < 0) {
        return nullptr;
    }
    return &m_groups[static_cast<std::size_t>(m_groupOfAction[actionIndex])];
}

bool Vocabulary::crossAccount(std::size_t actionIndex) const
{
    return actionIndex < m_crossAccount.size() && m_crossAccount[actionIndex];
}

void Vocabulary::assignActionsToKeys(const nlohmann::json& data)
{
    // By name as documented (template keys by their template name), case-insensitively.
    const auto keyIndex = [this](std::string_view name) -> ConditionKeyInfo* {
        for (auto& k : m_keys) {
            if (equalsIgnoreCase(k.name, name)) {
                return &k;
            }
        }
        return nullptr;
    };
    std::vector<bool> listed(m_keys.size(), false);
    const auto& actions = data.at("actions");
    std::vector<std::string> keyResourceKeys;
    for (const auto& type : data.at("resource_types")) {
        if (type.at("name").get<std::string>() == "key") {
            keyResourceKeys = type.at("condition_keys").get<std::vector<std::string>>();
        }
    }
    for (std::size_t i = 0; i < actions.size() && i < m_actions.size(); ++i) {
        const auto& a = actions[i];
        std::vector<std::string> keys = a.value("condition_keys", std::vector<std::string>());
        const auto resources = a.value("resource_types", std::vector<std::string>());
        if (std::find(resources.begin(), resources.end(), "key") != resources.end()) {
            keys.insert(keys.end(), keyResourceKeys.begin(), keyResourceKeys.end());
        }
        for (const auto& name : keys) {
            if (ConditionKeyInfo* info = keyIndex(name)) {
                info->actions.set(i);
                listed[static_cast<std::size_t>(info - m_keys.data())] = true;
            }
        }
    }
    // A global key the reference lists for no action goes with every request (aws:SourceIp, aws:PrincipalArn...).
    for (std::size_t k = 0; k < m_keys.size(); ++k) {
        if (m_keys[k].global && !listed[k]) {
            for (std::size_t i = 0; i < m_actions.size() && i < m_keys[k].actions.size(); ++i) {
                m_keys[k].actions.set(i);
            }
        }
    }
}

const ActionInfo* Vocabulary::action(std::string_view name) const
{
    // One hash lookup of the lower-cased name instead of a case-insensitive comparison with every action.
    if (name.size() > m_longestActionName) {
        return nullptr;
    }
    const LowerCased lower(name);
    const auto it = m_actionIndex.find(lower.view());
    return it == m_actionIndex.end() ? nullptr : &m_actions[it->second];
}

int Vocabulary::actionIndex(std::string_view name) const
{
    const ActionInfo* info = action(name);
    return info ? static_cast<int>(info - actions().data()) : -1;
}

std::vector<const ActionInfo*> Vocabulary::expand(std::string_view pattern) const
{
    std::vector<const ActionInfo*> out;
    for (const auto& a : m_actions) {
        if (wildcardMatch(pattern, a.name, true)) {
            out.push_back(&a);
        }
    }
    return out;
}

std::vector<std::string> Vocabulary::closestActions(std::string_view name, std::size_t maxResults) const
{
    return closest(
        name, m_actions, [](const ActionInfo& a) { return a.name; }, maxResults);
}

const ConditionKeyInfo* Vocabulary::conditionKey(std::string_view name) const
{
    // The first key in m_keys order that matches: the exact name (one hash lookup) or an earlier template key
    // whose prefix the name extends.
    std::size_t found = m_keys.size();
    if (name.size() <= m_longestKeyName) {
        const LowerCased lower(name);
        if (const auto it = m_exactKeyIndex.find(lower.view()); it != m_exactKeyIndex.end()) {
            found = it->second;
        }
    }
    for (std::size_t i : m_templateKeys) {
        if (i > found) {
            break;
        }
        const ConditionKeyInfo& k = m_keys[i];
        if (name.size() > k.prefix.size() && equalsIgnoreCase(name.substr(0, k.prefix.size()), k.prefix)) {
            found = i;
            break;
        }
    }
    return found < m_keys.size() ? &m_keys[found] : nullptr;
}

std::vector<std::string> Vocabulary::closestConditionKeys(std::string_view name, std::size_t maxResults) const
{
    return closest(
        name, m_keys, [](const ConditionKeyInfo& k) { return k.name; }, maxResults);
}

std::optional<ParsedOperator> Vocabulary::parseOperator(std::string_view name) const
{
    ParsedOperator parsed;
    constexpr std::string_view forAll = "ForAllValues:";
    constexpr std::string_view forAny = "ForAnyValue:";
    if (name.substr(0, forAll.size()) == forAll) {
        parsed.set = SetPrefix::ForAllValues;
        name.remove_prefix(forAll.size());
    } else if (name.substr(0, forAny.size()) == forAny) {
        parsed.set = SetPrefix::ForAnyValue;
        name.remove_prefix(forAny.size());
    }
    constexpr std::string_view ifExists = "IfExists";
    if (name.size() > ifExists.size() && name.substr(name.size() - ifExists.size()) == ifExists) {
        parsed.ifExists = true;
        name.remove_suffix(ifExists.size());
    }
    for (const auto& op : m_operators) {
        if (op.name == name) {
            parsed.base = &op;
            if (parsed.ifExists && !op.allowsIfExists) {
                return std::nullopt; // NullIfExists
            }
            return parsed;
        }
    }
    return std::nullopt;
}

std::vector<std::string> Vocabulary::closestOperators(std::string_view name, std::size_t maxResults) const
{
    return closest(
        name, m_operators, [](const OperatorInfo& o) { return o.name; }, maxResults);
}

} // namespace kps
