// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The rules that name each of IAM Access Analyzer's policy validation checks that apply to a key policy (the
// mapping is core/checker/AccessAnalyzer.cpp), and the helpers they share. One file per concern, next to the older
// rule files of this folder; checkGrammar() runs them after the rules of RuleSupport.h.

#include "core/checker/rules/RuleSupport.h"
#include "core/vocab/PolicyVariables.h"

#include <string_view>

namespace kps::rules {

// ---- What a condition decides (ConditionFacts.cpp) -------------------------------------------------------------

/// Whether a condition holds when its key is not in the request: IfExists and ForAllValues do, ForAnyValue does
/// not, a negated operator does, a positive one does not; Null holds when one of its values is true.
bool holdsWhenAbsent(const ParsedOperator& op, const ConditionEntry& entry);
/// Whether a condition holds when its key is in the request, given that the policy's values match every value the
/// request can hold (`valuesMatch`, e.g. "*" under a Like operator) or none of them (an empty list). Not for Null.
bool holdsWhenPresent(const ParsedOperator& op, bool valuesMatch);

/** When a condition holds, as a function of its key's presence alone. */
enum class PresenceShape {
    Never, ///< whether the key is present or not
    Always, ///< the condition has no effect
    OnlyWhenAbsent, ///< the same as Null "true"
    OnlyWhenPresent, ///< the same as Null "false"
};
PresenceShape presenceShape(bool whenAbsent, bool whenPresent);
/** "never holds", "always holds", "holds only when KEY is absent (Null: true)", ... for a message. */
std::string describeShape(PresenceShape shape, std::string_view key);

/**
 * A JSON Patch that moves the entry's key from its operator block to the block `target` of the same Condition, or
 * null when `target` already holds the key (condition keys are case-insensitive) or is not an object. No empty block
 * is left behind (ConditionRules.cpp).
 */
nlohmann::json moveKeyToOperator(const Json& condition, const ConditionEntry& entry, const std::string& target);

/** '*' or '?' outside policy variables ("${*}" and "${?}" are the literal characters). */
bool hasWildcardOutsideVariables(std::string_view s);

/** The operator of a condition entry, parsed (nullopt for an unknown operator). */
std::optional<ParsedOperator> parsedOperator(const ConditionEntry& entry);

// ---- The key as a resource (ResourceRules.cpp) -----------------------------------------------------------------

/// A Region code: the pattern of partitions.json (isRegionCode) with a direction as its middle word ("us-east-1",
/// "us-gov-west-1", "eusc-de-east-1"; not "us-easte-1" or "useast-1").
bool isRegionName(std::string_view region);

/** Whether a statement's Resource (NotResource) can name the key the policy is attached to. */
enum class KeyCoverage {
    Never, ///< "Resource": [], an alias ARN, a malformed ARN, "NotResource": "*": the statement applies to nothing
    Maybe, ///< it depends on the key's ARN (a key ARN), or on a policy variable's value
    Always, ///< "*" and any pattern that matches every key ARN
};
/** The evaluator's resource matcher (eval::matchResources) for the key `keyArn`, or one whose ARN is unknown (""). */
KeyCoverage statementCoversKey(const StatementView& statement, bool policyVariables, const std::string& keyArn = {});

// ---- Rule groups, one per file -----------------------------------------------------------------------------------

void checkVariables(const GenericInput& input, Emitter& emit); // VariableRules.cpp
void checkResourceElements(const GenericInput& input, Emitter& emit); // ResourceRules.cpp
void checkStatementLists(const GenericInput& input, Emitter& emit); // ListRules.cpp
/**
 * The condition rules of this header for one statement, fed by ConditionRules.cpp's walk over the Condition element
 * so that each operator is parsed and each key looked up once for all of them (ConditionKeyRules.cpp): the keys'
 * rules, checkConditionValues and checkConditionWildcards per entry, and per statement CONDITION_KEY_DUPLICATE_CASE,
 * CONDITION_EMPTY and CONDITION_KEY_UNSUPPORTED_ACTION. One instance serves a whole check (its buffer is reused).
 */
class ConditionScan
{
public:
    explicit ConditionScan(bool mwaaProfile)
        : m_mwaaProfile(mwaaProfile)
    { }
    void beginStatement(const StatementView& statement, Emitter& emit);
    /// `op` and `key` are null when the operator or the key is unknown.
    void entry(const ConditionEntry& entry,
               const ParsedOperator* op,
               const ConditionKeyInfo* key,
               const Json& condition,
               Emitter& emit);
    void endStatement(Emitter& emit);

private:
    struct KnownKey
    {
        const ConditionEntry* entry = nullptr;
        const ConditionKeyInfo* key = nullptr;
        bool holdsWhenAbsent = false; ///< the condition holds for a request without the key
    };
    void checkActionsCarryKeys(Emitter& emit);
    /// Whether the statement's Condition names `key` (a vocabulary string: the answer is kept by its address).
    bool hasConditionKey(const std::string& key);

    const StatementView* m_statement = nullptr;
    std::vector<KnownKey> m_known; ///< the entries with a known operator and key, in order
    std::vector<std::pair<const std::string*, bool>> m_keyPresence;
    bool m_mwaaProfile = false;
    bool m_services = false;
    bool m_logsOnly = false;
};
/// CONDITION_EMPTY (ConditionValueRules.cpp).
void checkConditionObjects(const StatementView& statement, Emitter& emit);
/// Values against their key (ConditionValueRules.cpp); `op` and `key` are null when unknown.
void checkConditionValues(const ConditionEntry& entry,
                          const ParsedOperator* op,
                          const ConditionKeyInfo* key,
                          Emitter& emit);
/// Wildcards in values (ConditionWildcardRules.cpp); `key` is null when unknown.
void checkConditionWildcards(const StatementView& statement,
                             const ConditionEntry& entry,
                             const ParsedOperator& op,
                             const ConditionKeyInfo* key,
                             const Json& condition,
                             Emitter& emit);

} // namespace kps::rules
