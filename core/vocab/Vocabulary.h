// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <bitset>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace kps {

/** Where a KMS permission can be granted. */
enum class PolicyScope {
    KeyPolicy, ///< key policy (and IAM when the key policy delegates to the account)
    KeyPolicyAndIam, ///< needs both (alias actions)
    IamOnly, ///< only IAM policies authorize it: no effect in a key policy
    GrantDetermined, ///< kms:RetireGrant: decided by the grant itself
    PermissionOnly, ///< no public API (kms:SynchronizeMultiRegionKey)
};

struct ActionInfo
{
    std::string name; ///< "kms:Decrypt"
    std::string accessLevel; ///< Read, List, Write, Permissions management, Tagging
    PolicyScope scope = PolicyScope::KeyPolicy;
    bool grantOperation = false;

    /** Name without the "kms:" prefix. */
    std::string_view shortName() const { return std::string_view(name).substr(4); }
};

/**
 * A group of actions of the access summary (`keypolicy access`, the Access dock): use, administer, grants, read and
 * other. Every action a key policy decides (scope KeyPolicy or KeyPolicyAndIam) is in exactly one group; IAM-only,
 * permission-only and grant-determined (kms:RetireGrant) actions are in none.
 */
struct ActionGroup
{
    std::string name; ///< "use": the JSON key and the option value
    std::string title; ///< "Use": a column header
    std::string description; ///< one sentence
    std::vector<std::size_t> actions; ///< indices into Vocabulary::actions(), in the data's order
};

/** Condition key value types (SAR terms). */
enum class KeyType { String, Bool, Numeric, Date, Arn, IpAddress, Binary, DateOrNumeric, Unknown };
std::string_view keyTypeName(KeyType type);

/** The form a condition key's values take beyond its type (kms-vocabulary.json "value_format"). */
enum class ValueFormat {
    Free, ///< no format beyond the type
    Region, ///< a Region code (aws:RequestedRegion)
    RegionalServicePrincipal, ///< SERVICE.REGION.amazonaws.com (kms:ViaService)
    ServicePrincipal, ///< SERVICE.amazonaws.com, regional or not (aws:PrincipalServiceName)
    Vpc, ///< vpc- and 8 or 17 letters or digits (aws:SourceVpc)
    Vpce, ///< vpce- and 8 or 17 letters or digits (aws:SourceVpce)
    AccountId, ///< 12 digits (aws:SourceAccount, kms:CallerAccount)
};

/** A set of KMS actions: bit i is Vocabulary::actions()[i]. */
using KmsActionSet = std::bitset<128>;

struct ConditionKeyInfo
{
    std::string name; ///< as documented, e.g. "kms:EncryptionContext:${EncryptionContextKey}"
    std::string prefix; ///< for template keys the part before "${" ("kms:EncryptionContext:"); else the name
    bool isTemplate = false;
    KeyType type = KeyType::String;
    bool multivalued = false;
    bool global = false; ///< an aws: key
    bool sensitive = false; ///< wildcards have no valid use (aws:SourceAccount, aws:PrincipalOrgID, ...)
    ValueFormat format = ValueFormat::Free;
    bool untrustworthy = false; ///< the caller chooses its value (aws:referer, aws:UserAgent)
    bool callerControlled = false; ///< the caller sets it (tags, session names, encryption context)
    bool absentForServicePrincipal = false; ///< never in a request a service principal makes itself
    std::vector<std::string> pairedWith; ///< keys it is unsafe without (aws:VpcSourceIp: aws:SourceVpc)
    /// The KMS actions whose requests can carry the key (the Service Authorization Reference: the action's own keys
    /// and those of the key resource; every action for a global key it does not list per action).
    KmsActionSet actions;
    std::string note;
};

/** Operator families (the IAM guide's). */
enum class OperatorFamily { String, Numeric, Date, Bool, Binary, IpAddress, Arn, Null };
std::string_view operatorFamilyName(OperatorFamily family);

struct OperatorInfo
{
    std::string name;
    OperatorFamily family = OperatorFamily::String;
    bool negated = false;
    bool wildcards = false; ///< * and ? are patterns (Like forms, Arn*)
    bool ignoreCase = false;
    bool allowsIfExists = true;
    bool allowsPolicyVariables = false;
};

enum class SetPrefix { None, ForAllValues, ForAnyValue };

/** A condition operator as written: base operator plus its modifiers. */
struct ParsedOperator
{
    const OperatorInfo* base = nullptr;
    bool ifExists = false;
    SetPrefix set = SetPrefix::None;
};

/**
 * Whether `text` is exactly `literal`, and whether it starts with it. The length is a compile-time constant, so this
 * compiles to a few loads: std::string_view's operator== was an out-of-line call to compare() (GCC 12) in the paths
 * that every statement member, principal and ARN goes through.
 */
template <std::size_t N>
constexpr bool equalsLiteral(std::string_view text, const char (&literal)[N])
{
    return text.size() == N - 1 && std::char_traits<char>::compare(text.data(), literal, N - 1) == 0;
}
template <std::size_t N>
constexpr bool startsWithLiteral(std::string_view text, const char (&literal)[N])
{
    return text.size() >= N - 1 && std::char_traits<char>::compare(text.data(), literal, N - 1) == 0;
}

/** Case-insensitive (ASCII) comparison. */
bool equalsIgnoreCase(std::string_view a, std::string_view b);
std::string toLower(std::string_view s);
/**
 * The ASCII lower case of a string, kept in a stack buffer when it fits (every vocabulary name does), so that a
 * case-insensitive table lookup allocates nothing. Views into itself: not copyable.
 */
class LowerCased
{
public:
    explicit LowerCased(std::string_view s);
    LowerCased(const LowerCased&) = delete;
    LowerCased& operator=(const LowerCased&) = delete;

    std::string_view view() const { return m_view; }

private:
    std::array<char, 96> m_buffer;
    std::string m_long; ///< only for longer strings
    std::string_view m_view;
};
/** IAM wildcard match: '*' any run (also empty), '?' one character. */
bool wildcardMatch(std::string_view pattern, std::string_view text, bool ignoreCase);
/** Whether s contains an IAM wildcard ('*' or '?'). */
bool hasWildcard(std::string_view s);

/**
 * The KMS vocabulary: actions, condition keys (KMS and global), operators and grant operations, loaded once from
 * the data file core/vocab/kms-vocabulary.json embedded at build time. Thread-safe after first use.
 */
class Vocabulary
{
public:
    static const Vocabulary& instance();

    const std::vector<ActionInfo>& actions() const { return m_actions; }
    /** Exact action by name, case-insensitive ("kms:decrypt" finds kms:Decrypt). */
    const ActionInfo* action(std::string_view name) const;
    /// The index of an action in actions() (what Request::actionIndex holds), -1 when it is not a KMS action.
    int actionIndex(std::string_view name) const;
    /** Every KMS action an action pattern matches ("kms:Describe*", "kms:*", "*"); case-insensitive. */
    std::vector<const ActionInfo*> expand(std::string_view pattern) const;
    /** Known actions within a small edit distance of a misspelt name, best first. */
    std::vector<std::string> closestActions(std::string_view name, std::size_t maxResults = 3) const;

    const std::vector<ConditionKeyInfo>& conditionKeys() const { return m_keys; }
    /** A condition key as written (case-insensitive; template keys match their prefix). */
    const ConditionKeyInfo* conditionKey(std::string_view name) const;
    std::vector<std::string> closestConditionKeys(std::string_view name, std::size_t maxResults = 3) const;

    const std::vector<OperatorInfo>& operators() const { return m_operators; }
    /** Parses "ForAnyValue:StringLikeIfExists" etc.; nullopt for anything else. Case-sensitive, as IAM is. */
    std::optional<ParsedOperator> parseOperator(std::string_view name) const;
    std::vector<std::string> closestOperators(std::string_view name, std::size_t maxResults = 3) const;

    /** The groups of the access summary, in column order (core/vocab/kms-vocabulary.json, "access_groups"). */
    const std::vector<ActionGroup>& actionGroups() const { return m_groups; }
    /** The group of an action (index into actions()); nullptr for actions a key policy does not decide. */
    const ActionGroup* groupOf(std::size_t actionIndex) const;
    /**
     * Whether a principal of another account can call the action on the key when the key policy allows it (the KMS
     * Developer Guide's "Cross-account use" column, docs/reference/kms-facts.md 2.1): key policy permissions for the
     * other actions are not effective across accounts.
     */
    bool crossAccount(std::size_t actionIndex) const;

    /** The 17 GrantOperation values (no "kms:" prefix). */
    const std::vector<std::string>& grantOperations() const { return m_grantOperations; }

private:
    /// Hashes std::string and std::string_view alike, so a lookup by string_view builds no std::string.
    struct NameHash
    {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    /// Lower-case name -> index, for the case-insensitive lookups that every checked action or key makes.
    using NameIndex = std::unordered_map<std::string, std::size_t, NameHash, std::equal_to<>>;

    Vocabulary();
    /// ConditionKeyInfo::actions from the actions' and the key resource's condition keys (kms-vocabulary.json).
    void assignActionsToKeys(const nlohmann::json& data);
    std::vector<ActionInfo> m_actions;
    NameIndex m_actionIndex; ///< lower-case action name -> index in m_actions
    std::size_t m_longestActionName = 0;
    std::vector<ConditionKeyInfo> m_keys;
    NameIndex m_exactKeyIndex; ///< lower-case name of each non-template key -> index in m_keys
    std::vector<std::size_t> m_templateKeys; ///< indices of the template keys in m_keys, in order
    std::size_t m_longestKeyName = 0;
    std::vector<OperatorInfo> m_operators;
    std::vector<std::string> m_grantOperations;
    std::vector<ActionGroup> m_groups;
    std::vector<int> m_groupOfAction; ///< per action: index into m_groups, -1 for none
    std::vector<bool> m_crossAccount; ///< per action
};

/** Levenshtein distance, case-insensitive. */
std::size_t editDistance(std::string_view a, std::string_view b);

} // namespace kps
