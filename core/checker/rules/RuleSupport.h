// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Small helpers shared by the generic rule files of this folder (not a public API of the checker). Findings are
// reported through kps::Emitter (core/checker/Emitter.h), as the MWAA rules do.

#include "core/checker/Emitter.h"
#include "core/checker/rules/GenericRules.h"
#include "core/vocab/Vocabulary.h"

#include <bitset>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kps::rules {

/** "an object", "an array", "a string", "a number", "a boolean", "null". */
std::string jsonTypeName(const Json& value);
/** JSON Patch helpers (RFC 6902), built as plain nlohmann::json. */
nlohmann::json patchReplace(const std::string& pointer, nlohmann::json value);
nlohmann::json patchAdd(const std::string& pointer, nlohmann::json value);
nlohmann::json patchMove(const std::string& from, const std::string& to);

/** "statement "Sid"" or "statement /Statement/2": how messages name another statement. */
std::string describeStatement(const StatementView& statement);
/** Joins up to `max` items with ", ", then "and N more". */
std::string joinLimited(const std::vector<std::string>& items, std::size_t max = 4);

/** " (did you mean X?)" or " (close matches: ...)" for a message; empty without candidates. */
std::string suggestionText(const std::vector<std::string>& candidates);
bool startsWithIgnoreCase(std::string_view s, std::string_view prefix);

// ---- Actions -------------------------------------------------------------------------------------------------

/** A set of KMS actions: bit i is Vocabulary::actions()[i]. */
using ActionSet = std::bitset<128>;

/** Action sets that matter to the rules, computed once from the vocabulary. */
struct ActionSets
{
    ActionSet all; ///< every known action
    ActionSet effective; ///< actions a key policy can authorize (not IAM-only, not grant-determined)
    std::size_t putKeyPolicy = 0;
    std::size_t createGrant = 0;
};
const ActionSets& actionSets();

/**
 * Expands action patterns. Every exact action name and every "prefix*" pattern that matches some action (kms:*,
 * kms:Describe*, kms:ReEncrypt*, *, ...) is looked up in a table built once per process from the immutable
 * vocabulary (read-only after its thread-safe initialisation, so checks on several threads share it without a
 * lock); any other pattern (kms:*Key, kms:?ncrypt, another service's) is expanded once per check in a per-instance
 * cache. An ActionExpander itself is for one thread.
 */
class ActionExpander
{
public:
    /** The KMS actions one pattern as written matches (case-insensitive; empty for other services). */
    const ActionSet& expand(std::string_view pattern);
    /** What a statement allows or denies: its Action patterns, or every action its NotAction does not match. */
    ActionSet statementActions(const StatementView& statement);

private:
    std::unordered_map<std::string, ActionSet> m_cache;
};

// ---- Principals ----------------------------------------------------------------------------------------------

enum class PrincipalKind {
    Wildcard, ///< "*" or {"AWS": "*"}
    Account, ///< 12-digit id or arn:PARTITION:iam::ACCOUNT:root
    IamPrincipal, ///< a user, role, assumed-role session or federated user ARN
    Service, ///< a well-formed service principal
    Invalid, ///< anything PRINCIPAL_INVALID reports
};

struct PrincipalInfo
{
    PrincipalKind kind = PrincipalKind::Invalid;
    std::string account; ///< for Account and IamPrincipal
    std::string canonical; ///< comparable form ("*", "account:ID", the ARN, "service:name")
};

/** Classifies one principal of PolicyView (type "*", "AWS", "Service" or other). */
PrincipalInfo classifyPrincipal(const PrincipalRef& principal);
/** Why a principal value is invalid, or empty when it is valid (for AWS and Service values). */
std::string principalProblem(std::string_view type, std::string_view value);
bool isServicePrincipalName(std::string_view value);
/**
 * The partition of an IAM or STS principal ARN ("aws-cn" of arn:aws-cn:iam::...), when the field is a partition name;
 * empty for anything else (account ids, "*", other services, a malformed partition).
 */
std::string_view principalArnPartition(std::string_view value);

// ---- Conditions ----------------------------------------------------------------------------------------------

/**
 * True when the entry has at least one value and every value is a string, number or boolean. An empty list, null, or
 * an array or object among the values (CONDITION_VALUE_INVALID, WRONG_TYPE) is not a condition the rules may count on
 * as a guard: PolicyView leaves such values out, so the remaining ones must not be read as the whole condition.
 */
bool hasOnlyScalarValues(const ConditionEntry& entry);
/** The condition keys that pin the caller's account or organization (PUBLIC_ACCESS). */
bool conditionLimitsCaller(const ConditionEntry& entry);
/** True when a statement's conditions contain one that pins the caller to an account or organization. */
bool statementLimitsCaller(const StatementView& statement);

// ---- Rule groups, one per file -------------------------------------------------------------------------------

void checkDocumentStructure(const GenericInput& input, Emitter& emit); // GrammarRules.cpp
void checkActions(const GenericInput& input, Emitter& emit); // ActionRules.cpp
void checkPrincipals(const GenericInput& input, Emitter& emit); // PrincipalRules.cpp
void checkConditions(const GenericInput& input, Emitter& emit); // ConditionRules.cpp

} // namespace kps::rules
