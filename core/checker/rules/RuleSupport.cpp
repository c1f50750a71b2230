// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/checker/rules/RuleSupport.h"

#include "core/checker/Context.h"
#include "core/checker/Rules.h"

#include <algorithm>
#include <array>
#include <functional>

namespace kps::rules {

std::string jsonTypeName(const Json& value)
{
    switch (value.type()) {
    case Json::value_t::object:
        return "an object";
    case Json::value_t::array:
        return "an array";
    case Json::value_t::string:
        return "a string";
    case Json::value_t::boolean:
        return "a boolean";
    case Json::value_t::null:
        return "null";
    default:
        return "a number";
    }
}

nlohmann::json patchReplace(const std::string& pointer, nlohmann::json value)
{
    return nlohmann::json::array({{{"op", "replace"}, {"path", pointer}, {"value", std::move(value)}}});
}

nlohmann::json patchAdd(const std::string& pointer, nlohmann::json value)
{
    return nlohmann::json::array({{{"op", "add"}, {"path", pointer}, {"value", std::move(value)}}});
}

nlohmann::json patchMove(const std::string& from, const std::string& to)
{
    return nlohmann::json::array({{{"op", "move"}, {"from", from}, {"path", to}}});
}

std::string describeStatement(const StatementView& statement)
{
    if (statement.sid && !statement.sid->empty()) {
        return "\"" + *statement.sid + "\"";
    }
    return statement.pointer;
}

std::string joinLimited(const std::vector<std::string>& items, std::size_t max)
{
    std::string out;
    const std::size_t shown = std::min(max, items.size());
    for (std::size_t i = 0; i < shown; ++i) {
        if (i > 0) {
            out += ", ";
        }
        out += items[i];
    }
    if (items.size() > shown) {
        out += " and " + std::to_string(items.size() - shown) + " more";
    }
    return out;
}

std::string suggestionText(const std::vector<std::string>& candidates)
{
    if (candidates.empty()) {
        return {};
    }
    if (candidates.size() == 1) {
        return " (did you mean " + candidates.front() + "?)";
    }
    return " (close matches: " + joinLimited(candidates) + ")";
}

bool startsWithIgnoreCase(std::string_view s, std::string_view prefix)
{
    return s.size() >= prefix.size() && equalsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

// ---- Actions -------------------------------------------------------------------------------------------------

namespace {

ActionSets computeActionSets()
{
    ActionSets sets;
    const auto& actions = Vocabulary::instance().actions();
    for (std::size_t i = 0; i < actions.size() && i < sets.all.size(); ++i) {
        sets.all.set(i);
        const PolicyScope scope = actions[i].scope;
        if (scope != PolicyScope::IamOnly && scope != PolicyScope::GrantDetermined) {
            sets.effective.set(i);
        }
        if (actions[i].name == "kms:PutKeyPolicy") {
            sets.putKeyPolicy = i;
        } else if (actions[i].name == "kms:CreateGrant") {
            sets.createGrant = i;
        }
    }
    return sets;
}

} // namespace

const ActionSets& actionSets()
{
    static const ActionSets sets = computeActionSets();
    return sets;
}

namespace {

struct StringHash
{
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
using PatternTable = std::unordered_map<std::string, ActionSet, StringHash, std::equal_to<>>;

/// Lower-case action name -> its bit, and lower-case "prefix*" -> every action with that prefix (the prefix may be
/// empty: "*"). This is exactly what wildcardMatch() gives for these patterns.
PatternTable computePatternTable()
{
    PatternTable table;
    const auto& actions = Vocabulary::instance().actions();
    for (std::size_t i = 0; i < actions.size() && i < ActionSet().size(); ++i) {
        const std::string name = toLower(actions[i].name);
        table[name].set(i);
        for (std::size_t length = 0; length <= name.size(); ++length) {
            std::string pattern = name.substr(0, length);
            pattern += '*';
            table[pattern].set(i);
        }
    }
    return table;
}

const PatternTable& patternTable()
{
    static const PatternTable table = computePatternTable();
    return table;
}

} // namespace

const ActionSet& ActionExpander::expand(std::string_view pattern)
{
    // Lower-cased in a stack buffer: a lookup of a known pattern allocates nothing.
    const LowerCased lower(pattern);
    const std::string_view key = lower.view();
    const PatternTable& table = patternTable();
    if (auto it = table.find(key); it != table.end()) {
        return it->second;
    }
    if (auto it = m_cache.find(std::string(key)); it != m_cache.end()) {
        return it->second;
    }
    ActionSet set;
    const auto& actions = Vocabulary::instance().actions();
    if (hasWildcard(key)) {
        for (std::size_t i = 0; i < actions.size() && i < set.size(); ++i) {
            if (wildcardMatch(key, actions[i].name, true)) {
                set.set(i);
            }
        }
    } else {
        for (std::size_t i = 0; i < actions.size() && i < set.size(); ++i) {
            if (equalsIgnoreCase(actions[i].name, key)) {
                set.set(i);
                break;
            }
        }
    }
    return m_cache.emplace(std::string(key), set).first->second;
}

ActionSet ActionExpander::statementActions(const StatementView& statement)
{
    ActionSet set;
    for (const auto& action : statement.actions) {
        set |= expand(action.value);
    }
    if (!statement.hasAction && statement.hasNotAction) {
        set = actionSets().all & ~set;
    }
    return set;
}

// ---- Principals ----------------------------------------------------------------------------------------------

namespace {

/// Splits "arn:partition:service:region:account:resource" (the resource may contain ':'); false if < 6 fields.
bool splitArn(std::string_view arn, std::array<std::string_view, 6>& parts)
{
    std::size_t start = 0;
    for (std::size_t i = 0; i < 5; ++i) {
        const auto colon = arn.find(':', start);
        if (colon == std::string_view::npos) {
            return false;
        }
        parts[i] = arn.substr(start, colon - start);
        start = colon + 1;
    }
    parts[5] = arn.substr(start);
    return true;
}

bool isPartition(std::string_view p)
{
    if (equalsLiteral(p, "aws")) {
        return true;
    }
    if (p.size() < 5 || !startsWithLiteral(p, "aws-")) {
        return false;
    }
    return std::all_of(p.begin() + 4, p.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; });
}

/// Letters, digits and +=,.@_- (a table: the test runs for every character of every user and role ARN).
constexpr std::array<bool, 256> kIamNameChars = [] {
    std::array<bool, 256> table{};
    for (int c = 0; c < 256; ++c) {
        table[static_cast<std::size_t>(c)] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '+' || c == '=' || c == ',' || c == '.' || c == '@' || c == '_' || c == '-';
    }
    return table;
}();

bool isIamNameChar(char c)
{
    return kIamNameChars[static_cast<unsigned char>(c)];
}

/// "path/name" after "user/" or "role/": non-empty segments of IAM name characters.
bool isIamPathAndName(std::string_view s)
{
    if (s.empty() || s.front() == '/' || s.back() == '/') {
        return false;
    }
    bool previousSlash = false;
    for (char c : s) {
        if (c == '/') {
            if (previousSlash) {
                return false;
            }
            previousSlash = true;
        } else if (!isIamNameChar(c)) {
            return false;
        } else {
            previousSlash = false;
        }
    }
    return true;
}

// IAM and STS character quotas (IAM User Guide, "IAM and AWS STS quotas": user name, role name and role session name
// 64 characters, path 512; IAM API Reference, Role and User data types: Arn at most 2,048 characters).
constexpr std::size_t kMaxIamNameLength = 64;
constexpr std::size_t kMaxIamPathLength = 512;
constexpr std::size_t kMaxPrincipalArnLength = 2048;

/// The IAM path of "path/name" after "user/" or "role/", slashes included: "/" for a bare name, "/a/b/" for "a/b/n".
std::size_t iamPathLength(std::string_view pathAndName)
{
    const auto slash = pathAndName.rfind('/');
    return slash == std::string_view::npos ? 1 : slash + 2;
}

std::size_t iamNameLength(std::string_view pathAndName)
{
    const auto slash = pathAndName.rfind('/');
    return slash == std::string_view::npos ? pathAndName.size() : pathAndName.size() - slash - 1;
}

/// Whether "path/name" fits IAM's quotas (one search from the end: the test runs for every user and role ARN).
bool iamPathAndNameFit(std::string_view pathAndName)
{
    return iamNameLength(pathAndName) <= kMaxIamNameLength && iamPathLength(pathAndName) <= kMaxIamPathLength;
}

/// ": the role name is 70 characters; IAM allows at most 64." for a quota that `length` breaks, else empty.
std::string quotaProblem(std::string_view what, std::size_t length, std::size_t quota)
{
    if (length <= quota) {
        return {};
    }
    return ": the " + std::string(what) + " is " + std::to_string(length) + " characters long; IAM allows at most "
        + std::to_string(quota) + ".";
}

bool looksLikeUniqueId(std::string_view v)
{
    static constexpr std::array kPrefixes = {"AIDA", "AROA", "AIPA", "ANPA", "ANVA", "ASIA", "AKIA", "AGPA"};
    if (v.size() < 16 || v.size() > 32) {
        return false;
    }
    const bool prefixOk
        = std::any_of(kPrefixes.begin(), kPrefixes.end(), [v](const char* p) { return v.substr(0, 4) == p; });
    return prefixOk
        && std::all_of(v.begin(), v.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

/// What an IAM unique id written as a principal means and how to tell which entity it is (IAM Access Analyzer's
/// INVALID_ROLE_REFERENCE and INVALID_USER_REFERENCE). A policy that IAM or KMS has stored shows a principal's unique
/// id instead of its ARN when the principal no longer exists under that id (deleted, or deleted and created again,
/// which gives it a new id); KMS refuses such a policy on PutKeyPolicy ("invalid principals").
std::string uniqueIdProblem(std::string_view v)
{
    const std::string id(v);
    const std::string_view prefix = v.substr(0, 4);
    std::string what;
    std::string lookup;
    if (prefix == "AROA") {
        what = "an IAM role's unique id";
        lookup = "aws iam list-roles --query \"Roles[?RoleId=='" + id + "'].Arn\"";
    } else if (prefix == "AIDA") {
        what = "an IAM user's unique id";
        lookup = "aws iam list-users --query \"Users[?UserId=='" + id + "'].Arn\"";
    } else if (prefix == "AGPA") {
        return "\"" + id
            + "\" is an IAM group's unique id; groups cannot be principals. Name the users or roles, or let the "
              "account "
              "principal delegate to an IAM policy attached to the group.";
    } else if (prefix == "AKIA" || prefix == "ASIA") {
        return "\"" + id
            + "\" is an access key id, not a principal; name the user or role the key belongs to by its ARN.";
    } else {
        return "\"" + id
            + "\" is an IAM unique id of an instance profile or policy, not a principal; name a user or "
              "role by its ARN.";
    }
    return "\"" + id + "\" is " + what
        + ", not an ARN. A stored policy shows a unique id where the principal it named no longer exists under that id "
          "(deleted, or deleted and created again with a new id), and KMS refuses a policy with one (\"invalid "
          "principals\"). Look it up with "
        + lookup + ": if that finds it, write the ARN; if not, remove the id.";
}

std::string quoted(std::string_view v)
{
    std::string out;
    out.reserve(v.size() + 2);
    out += '"';
    out += v;
    out += '"';
    return out;
}

std::string awsPrincipalProblem(std::string_view v)
{
    if (v == "*" || isAccountId(v)) {
        return {};
    }
    const auto q = [v] {
        return quoted(v);
    };
    if (v.empty()) {
        return "An empty string is not a principal.";
    }
    if (hasWildcard(v)) {
        return q() + " uses a partial wildcard; a principal is either exactly \"*\" or a full account id or ARN.";
    }
    if (v.substr(0, 4) != "arn:") {
        if (looksLikeUniqueId(v)) {
            return uniqueIdProblem(v);
        }
        if (v.size() > 14 && v.substr(v.size() - 14) == ".amazonaws.com") {
            return q() + " is a service principal: write it as {\"Service\": " + q() + "}.";
        }
        if (std::all_of(v.begin(), v.end(), [](char c) { return (c >= '0' && c <= '9') || c == '-'; })) {
            return q() + " is not a 12-digit AWS account id.";
        }
        return q() + " is neither an AWS account id nor an IAM ARN.";
    }
    if (v.size() > kMaxPrincipalArnLength) {
        return "This principal ARN is " + std::to_string(v.size()) + " characters long; IAM ARNs have at most "
            + std::to_string(kMaxPrincipalArnLength) + " characters.";
    }
    std::array<std::string_view, 6> parts;
    if (!splitArn(v, parts)) {
        return q() + " is not a well-formed ARN (arn:PARTITION:iam::ACCOUNT:root, user/NAME or role/NAME).";
    }
    if (!isPartition(parts[1])) {
        return q() + ": \"" + std::string(parts[1]) + "\" is not an AWS partition (aws, aws-cn, aws-us-gov...).";
    }
    const std::string_view service = parts[2];
    if (service != "iam" && service != "sts") {
        return q()
            + " is not an IAM or STS principal ARN; services are named with {\"Service\": "
              "\"NAME.amazonaws.com\"}, and resources cannot be principals.";
    }
    if (!parts[3].empty()) {
        return q() + ": IAM and STS principal ARNs have no region (arn:PARTITION:" + std::string(service)
            + "::ACCOUNT:...).";
    }
    if (!isAccountId(parts[4])) {
        return q() + ": \"" + std::string(parts[4]) + "\" is not a 12-digit account id.";
    }
    const std::string_view resource = parts[5];
    if (service == "iam") {
        if (resource == "root") {
            return {};
        }
        for (std::string_view prefix : {std::string_view("user/"), std::string_view("role/")}) {
            if (resource.substr(0, prefix.size()) == prefix) {
                const std::string_view pathAndName = resource.substr(prefix.size());
                const std::string kind(prefix.substr(0, 4));
                if (!isIamPathAndName(pathAndName)) {
                    return q() + " is not a valid " + kind
                        + " ARN: names and paths use letters, digits and +=,.@_- only.";
                }
                std::string quota = quotaProblem(kind + " name", iamNameLength(pathAndName), kMaxIamNameLength);
                if (quota.empty()) {
                    quota = quotaProblem(kind + " path", iamPathLength(pathAndName), kMaxIamPathLength);
                }
                return quota.empty() ? std::string() : q() + quota;
            }
        }
        if (resource.substr(0, 6) == "group/") {
            return q()
                + " is an IAM group, and groups cannot be principals: name the users or roles, or let the "
                  "account principal delegate to an IAM policy attached to the group.";
        }
        return q() + " does not name a principal: IAM principal ARNs end in root, user/NAME or role/NAME.";
    }
    // sts
    constexpr std::string_view assumed = "assumed-role/";
    constexpr std::string_view federated = "federated-user/";
    if (resource.substr(0, assumed.size()) == assumed) {
        const std::string_view rest = resource.substr(assumed.size());
        const auto slash = rest.find('/');
        if (slash != std::string_view::npos && slash > 0 && slash + 1 < rest.size()
            && isIamPathAndName(rest.substr(0, slash)) && rest.find('/', slash + 1) == std::string_view::npos) {
            std::string quota = quotaProblem("role name", slash, kMaxIamNameLength);
            if (quota.empty()) {
                quota = quotaProblem("role session name", rest.size() - slash - 1, kMaxIamNameLength);
            }
            return quota.empty() ? std::string() : q() + quota;
        }
        return q() + " is not a valid assumed-role session ARN (assumed-role/ROLE/SESSION).";
    }
    if (resource.substr(0, federated.size()) == federated && resource.size() > federated.size()) {
        return {};
    }
    return q()
        + " does not name a principal: STS principal ARNs are assumed-role/ROLE/SESSION or "
          "federated-user/NAME.";
}

/// The common valid ARN principals (root, user and role), recognised without building a message; `parts` holds the
/// split ARN when true. Anything else is left to awsPrincipalProblem, which has the last word.
bool isCommonIamArn(std::string_view v, std::array<std::string_view, 6>& parts)
{
    if (!startsWithLiteral(v, "arn:") || v.size() > kMaxPrincipalArnLength || hasWildcard(v) || !splitArn(v, parts)
        || !equalsLiteral(parts[2], "iam") || !parts[3].empty() || !isPartition(parts[1]) || !isAccountId(parts[4])) {
        return false;
    }
    const std::string_view resource = parts[5];
    if (equalsLiteral(resource, "root")) {
        return true;
    }
    if (startsWithLiteral(resource, "user/") || startsWithLiteral(resource, "role/")) {
        return isIamPathAndName(resource.substr(5)) && iamPathAndNameFit(resource.substr(5));
    }
    return false;
}

bool isValidAwsPrincipal(std::string_view v)
{
    if (equalsLiteral(v, "*") || isAccountId(v)) {
        return true;
    }
    std::array<std::string_view, 6> parts;
    return isCommonIamArn(v, parts) || awsPrincipalProblem(v).empty();
}

} // namespace

bool isServicePrincipalName(std::string_view v)
{
    constexpr std::string_view com = ".amazonaws.com";
    constexpr std::string_view cn = ".amazonaws.com.cn";
    std::string_view name;
    if (v.size() > cn.size() && v.substr(v.size() - cn.size()) == cn) {
        name = v.substr(0, v.size() - cn.size());
    } else if (v.size() > com.size() && v.substr(v.size() - com.size()) == com) {
        name = v.substr(0, v.size() - com.size());
    } else {
        return false;
    }
    if (name.empty() || name.front() == '.' || name.front() == '-' || name.back() == '.'
        || name.find("..") != std::string_view::npos) {
        return false;
    }
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    });
}

std::string principalProblem(std::string_view type, std::string_view value)
{
    if (equalsLiteral(type, "AWS")) {
        return isValidAwsPrincipal(value) ? std::string() : awsPrincipalProblem(value);
    }
    if (equalsLiteral(type, "Service")) {
        if (isServicePrincipalName(value)) {
            return {};
        }
        const std::string q = quoted(value);
        if (value == "*") {
            return "\"Service\": \"*\" is not valid; use Principal \"*\" with a condition, or name the service "
                   "principal (NAME.amazonaws.com).";
        }
        if (hasWildcard(value)) {
            return q + " uses a partial wildcard; service principals must be named exactly.";
        }
        if (isServicePrincipalName(toLower(value))) {
            return q + " must be written in lower case.";
        }
        return q + " is not a service principal (NAME.amazonaws.com or NAME.amazonaws.com.cn).";
    }
    return {};
}

std::string_view principalArnPartition(std::string_view value)
{
    std::array<std::string_view, 6> parts;
    if (!startsWithLiteral(value, "arn:") || !splitArn(value, parts) || !isPartition(parts[1])
        || !(equalsLiteral(parts[2], "iam") || equalsLiteral(parts[2], "sts"))) {
        return {};
    }
    return parts[1];
}

PrincipalInfo classifyPrincipal(const PrincipalRef& principal)
{
    PrincipalInfo info;
    const std::string_view type = principal.type;
    const std::string& v = principal.value;
    if (equalsLiteral(type, "*") || (equalsLiteral(type, "AWS") && equalsLiteral(v, "*"))) {
        info.kind = PrincipalKind::Wildcard;
        info.canonical.push_back('*'); // not = "*": GCC 12 -Wrestrict false positive (PR 105651)
        return info;
    }
    if (equalsLiteral(type, "Service")) {
        if (isServicePrincipalName(v)) {
            info.kind = PrincipalKind::Service;
            info.canonical.append("service:").append(v);
        }
        return info;
    }
    if (!equalsLiteral(type, "AWS")) {
        return info;
    }
    if (isAccountId(v)) {
        info.kind = PrincipalKind::Account;
        info.account = v;
    } else {
        // The common ARN forms are validated and split in one pass; the rest (assumed-role sessions, federated
        // users) go through the full validation first.
        std::array<std::string_view, 6> parts;
        if (!isCommonIamArn(v, parts)) {
            if (!isValidAwsPrincipal(v)) {
                return info;
            }
            splitArn(v, parts);
        }
        info.account = std::string(parts[4]);
        info.kind = equalsLiteral(parts[5], "root") ? PrincipalKind::Account : PrincipalKind::IamPrincipal;
    }
    if (info.kind == PrincipalKind::Account) {
        info.canonical.append("account:").append(info.account);
    } else {
        info.canonical = v;
    }
    return info;
}

// ---- Conditions ----------------------------------------------------------------------------------------------

namespace {

enum class LimitKind { None, Account, Org, OrgPath, Arn };

LimitKind limitKindOf(std::string_view key)
{
    if (equalsIgnoreCase(key, "aws:PrincipalAccount") || equalsIgnoreCase(key, "kms:CallerAccount")
        || equalsIgnoreCase(key, "aws:SourceAccount")) {
        return LimitKind::Account;
    }
    if (equalsIgnoreCase(key, "aws:PrincipalOrgID") || equalsIgnoreCase(key, "aws:SourceOrgID")) {
        return LimitKind::Org;
    }
    if (equalsIgnoreCase(key, "aws:PrincipalOrgPaths") || equalsIgnoreCase(key, "aws:SourceOrgPaths")) {
        return LimitKind::OrgPath;
    }
    if (equalsIgnoreCase(key, "aws:SourceArn") || equalsIgnoreCase(key, "aws:PrincipalArn")) {
        return LimitKind::Arn;
    }
    return LimitKind::None;
}

bool concreteValue(LimitKind kind, std::string_view v)
{
    if (v.empty() || v.find("${") != std::string_view::npos) {
        return false;
    }
    switch (kind) {
    case LimitKind::Account:
        return isAccountId(v);
    case LimitKind::Org:
        return !hasWildcard(v);
    case LimitKind::OrgPath: {
        const auto slash = v.find('/');
        const std::string_view org = v.substr(0, slash);
        return !org.empty() && !hasWildcard(org);
    }
    case LimitKind::Arn: {
        std::array<std::string_view, 6> parts;
        if (v.substr(0, 4) != "arn:" || !splitArn(v, parts)) {
            return false;
        }
        if (isAccountId(parts[4])) {
            return true;
        }
        // ARNs without an account field (S3 buckets) name a globally unique resource when fully concrete
        return parts[4].empty() && !hasWildcard(v);
    }
    case LimitKind::None:
        break;
    }
    return false;
}

} // namespace

bool hasOnlyScalarValues(const ConditionEntry& entry)
{
    if (entry.values.empty()) {
        return false;
    }
    return !entry.raw || (entry.raw->is_array() ? entry.raw->size() == entry.values.size() : entry.values.size() == 1);
}

bool conditionLimitsCaller(const ConditionEntry& entry)
{
    const LimitKind kind = limitKindOf(entry.key);
    if (kind == LimitKind::None) {
        return false;
    }
    const auto parsed = Vocabulary::instance().parseOperator(entry.op);
    // IfExists is true when the key is absent, a negated operator matches every other value, and ForAllValues is
    // true for an absent key: none of them pins the caller.
    if (!parsed || !parsed->base || parsed->base->negated || parsed->ifExists
        || parsed->set == SetPrefix::ForAllValues) {
        return false;
    }
    const OperatorFamily family = parsed->base->family;
    if (family != OperatorFamily::String && family != OperatorFamily::Arn) {
        return false;
    }
    if (!hasOnlyScalarValues(entry)) {
        return false;
    }
    return std::all_of(entry.values.begin(), entry.values.end(), [kind](const ValueRef& value) {
        return concreteValue(kind, value.value);
    });
}

bool statementLimitsCaller(const StatementView& statement)
{
    return std::any_of(statement.conditions.begin(), statement.conditions.end(), conditionLimitsCaller);
}

} // namespace kps::rules
