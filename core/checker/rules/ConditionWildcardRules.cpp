// SPDX-License-Identifier: GPL-3.0-or-later
// Wildcards in condition values: CONDITION_WILDCARD_NOT_LIKE (a '*' that an Equals operator compares literally),
// CONDITION_STRING_LIKE_ON_ARN (a string pattern on an ARN key), and a value that matches every value, after which
// the condition depends only on whether the key is present: CONDITION_NULL_EQUIVALENT, CONDITION_KEY_ALWAYS_TRUE,
// CONDITION_NEVER_TRUE. (ArnEquals with a wildcard is CONDITION_ARN_EQUALS_WILDCARD, ConditionRules.cpp; wildcards
// in sensitive keys are CONDITION_WILDCARD_TOO_PERMISSIVE, ConditionKeyRules.cpp.)
#include "core/checker/rules/AnalyzerRules.h"

namespace kps::rules {

namespace {

/// A pattern that matches every string: one or more '*' and nothing else.
bool matchesEverything(std::string_view s)
{
    return !s.empty() && s.find_first_not_of('*') == std::string_view::npos;
}

/// An ARN pattern of six fields, which ArnLike matches as StringLike's author meant ("*" too).
bool isWholeArnPattern(std::string_view s)
{
    return s == "*" || (s.starts_with("arn:") && std::count(s.begin(), s.end(), ':') >= 5);
}

/// "StringLike" -> "ArnLike" with the modifiers of `op` kept.
std::string arnLikeOf(const ParsedOperator& op)
{
    std::string out;
    if (op.set == SetPrefix::ForAllValues) {
        out = "ForAllValues:";
    } else if (op.set == SetPrefix::ForAnyValue) {
        out = "ForAnyValue:";
    }
    out += op.base->negated ? "ArnNotLike" : "ArnLike";
    if (op.ifExists) {
        out += "IfExists";
    }
    return out;
}

} // namespace

void checkConditionWildcards(const StatementView& statement,
                             const ConditionEntry& entry,
                             const ParsedOperator& parsed,
                             const ConditionKeyInfo* key,
                             const Json& condition,
                             Emitter& emit)
{
    const ParsedOperator* op = &parsed;
    if (op->base->family == OperatorFamily::Null || !hasOnlyScalarValues(entry)) {
        return;
    }
    const OperatorInfo& base = *op->base;

    if (base.family == OperatorFamily::String && !base.wildcards) {
        for (const auto& value : entry.values) {
            if (hasWildcardOutsideVariables(value.value)) {
                const std::string like = base.negated ? "StringNotLike" : "StringLike";
                emit.add("CONDITION_WILDCARD_NOT_LIKE", value.pointer, false, {value.value, entry.op, like});
            }
        }
        return;
    }
    if (!base.wildcards) {
        return;
    }
    if (base.family == OperatorFamily::String && key && key->type == KeyType::Arn) {
        nlohmann::json fix;
        if (std::all_of(entry.values.begin(), entry.values.end(), [](const ValueRef& v) {
                return isWholeArnPattern(v.value);
            })) {
            fix = moveKeyToOperator(condition, entry, arnLikeOf(*op));
        }
        emit.add("CONDITION_STRING_LIKE_ON_ARN",
                 entry.keyPointer,
                 true,
                 {entry.op, entry.key, arnLikeOf(*op)},
                 std::move(fix));
    }
    const auto everything = std::find_if(
        entry.values.begin(), entry.values.end(), [](const ValueRef& v) { return matchesEverything(v.value); });
    if (everything == entry.values.end()) {
        return;
    }
    // The value matches whatever the key holds: only the key's presence decides the condition.
    const bool absent = holdsWhenAbsent(*op, entry);
    const bool present = holdsWhenPresent(*op, true);
    const PresenceShape shape = presenceShape(absent, present);
    const std::string description = describeShape(shape, entry.key);
    switch (shape) {
    case PresenceShape::OnlyWhenPresent:
    case PresenceShape::OnlyWhenAbsent: {
        const bool nullValue = shape == PresenceShape::OnlyWhenAbsent;
        emit.add("CONDITION_NULL_EQUIVALENT",
                 everything->pointer,
                 false,
                 {entry.op, everything->value, description, nullValue ? "true" : "false", entry.key});
        break;
    }
    case PresenceShape::Always:
        emit.add("CONDITION_KEY_ALWAYS_TRUE", everything->pointer, false, {entry.op, everything->value, description});
        break;
    case PresenceShape::Never:
        emit.add("CONDITION_NEVER_TRUE",
                 everything->pointer,
                 false,
                 {entry.op, everything->value, description, statement.isDeny() ? "denies" : "allows"});
        break;
    }
}

} // namespace kps::rules
