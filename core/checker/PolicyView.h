// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/SourceDocument.h"

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kps {

/** A string value of the policy and the JSON Pointer it was read from. */
struct ValueRef
{
    std::string value;
    std::string pointer;
};

/** One principal: type is "*" (the bare wildcard), "AWS", "Service", or whatever key the author used. */
struct PrincipalRef
{
    std::string type;
    std::string value;
    std::string pointer;
};

/** One condition: operator -> key -> values (strings, numbers and booleans rendered as their JSON text). */
struct ConditionEntry
{
    std::string op;
    std::string key;
    std::vector<ValueRef> values;
    std::string opPointer; ///< /Statement/i/Condition/<op>
    std::string keyPointer; ///< /Statement/i/Condition/<op>/<key>
    const Json* raw = nullptr;
};

/** The elements of a statement in the policy grammar (the order UNKNOWN_ELEMENT lists them in). */
enum class StatementElement {
    Sid,
    Effect,
    Principal,
    NotPrincipal,
    Action,
    NotAction,
    Resource,
    NotResource,
    Condition,
    Unknown, ///< any other member name
};
inline constexpr std::size_t kStatementElementCount = 9; ///< the elements before Unknown

/** The element a statement member name stands for; case-sensitive, as IAM is. */
StatementElement statementElement(std::string_view name);

/**
 * A tolerant, normalized reading of one statement: what the rules and the evaluator work on. Elements of the
 * wrong type are left out here (WRONG_TYPE reports them), so every consumer sees only well-typed data.
 */
struct StatementView
{
    std::size_t index = 0;
    std::string pointer; ///< /Statement/i, or /Statement when Statement is a single object
    const Json* json = nullptr;
    std::optional<std::string> sid;
    std::optional<std::string> effect; ///< as written
    bool hasPrincipal = false;
    bool hasNotPrincipal = false;
    bool hasAction = false;
    bool hasNotAction = false;
    bool hasResource = false;
    bool hasNotResource = false;
    bool hasCondition = false;
    std::vector<PrincipalRef> principals; ///< from Principal or NotPrincipal (see hasNotPrincipal)
    std::vector<ValueRef> actions; ///< from Action or NotAction
    std::vector<ValueRef> resources; ///< from Resource or NotResource
    std::vector<ConditionEntry> conditions;
    /// Each element's value as written (any JSON type), null when absent; indexed by StatementElement. The rules
    /// read elements here instead of searching the statement object again.
    std::array<const Json*, kStatementElementCount> elements{};

    const Json* element(StatementElement e) const { return elements[static_cast<std::size_t>(e)]; }
    // string_view literals: the evaluator asks for every statement of every request (a strlen per call otherwise).
    bool isAllow() const { return effect && *effect == std::string_view("Allow"); }
    bool isDeny() const { return effect && *effect == std::string_view("Deny"); }
};

struct PolicyView
{
    bool isObject = false;
    std::optional<std::string> version;
    bool statementIsArray = false;
    std::vector<StatementView> statements;
};

/** Reads the policy; never throws. */
PolicyView readPolicy(const Json& document);
/** Text of a scalar JSON value as IAM compares it ("true", "5", "abc"). */
std::string scalarText(const Json& value);

} // namespace kps
