// SPDX-License-Identifier: GPL-3.0-or-later
// What a condition decides from its key's presence alone: shared by CONDITION_VALUES_EMPTY, CONDITION_KEY_NOT_FOR_
// SERVICE and the wildcard rules (CONDITION_NULL_EQUIVALENT, CONDITION_KEY_ALWAYS_TRUE, CONDITION_NEVER_TRUE). The
// semantics are the evaluator's (core/eval/Conditions.h, evaluateCondition).
#include "core/checker/rules/AnalyzerRules.h"

namespace kps::rules {

bool holdsWhenAbsent(const ParsedOperator& op, const ConditionEntry& entry)
{
    if (op.base->family == OperatorFamily::Null) {
        if (op.set != SetPrefix::None) {
            return op.set == SetPrefix::ForAllValues; // NULL_WITH_QUALIFIER: always true / always false
        }
        for (const auto& v : entry.values) {
            if (equalsIgnoreCase(v.value, "true")) {
                return true;
            }
        }
        return false;
    }
    if (op.ifExists || op.set == SetPrefix::ForAllValues) {
        return true;
    }
    if (op.set == SetPrefix::ForAnyValue) {
        return false;
    }
    return op.base->negated;
}

bool holdsWhenPresent(const ParsedOperator& op, bool valuesMatch)
{
    // With a set prefix each request value is tested alike (every value matches, or none does), so ForAllValues and
    // ForAnyValue agree with the plain operator for a request with at least one value.
    return op.base->negated ? !valuesMatch : valuesMatch;
}

PresenceShape presenceShape(bool whenAbsent, bool whenPresent)
{
    if (whenAbsent) {
        return whenPresent ? PresenceShape::Always : PresenceShape::OnlyWhenAbsent;
    }
    return whenPresent ? PresenceShape::OnlyWhenPresent : PresenceShape::Never;
}

std::string describeShape(PresenceShape shape, std::string_view key)
{
    switch (shape) {
    case PresenceShape::Never:
        return "never holds, whether or not the request has " + std::string(key);
    case PresenceShape::Always:
        return "always holds, whether or not the request has " + std::string(key);
    case PresenceShape::OnlyWhenAbsent:
        return "holds only when the request has no " + std::string(key) + " (the same as Null \"true\")";
    case PresenceShape::OnlyWhenPresent:
        return "holds whenever the request has " + std::string(key) + ", whatever its value (the same as Null "
            + "\"false\")";
    }
    return {};
}

std::optional<ParsedOperator> parsedOperator(const ConditionEntry& entry)
{
    auto op = Vocabulary::instance().parseOperator(entry.op);
    if (op && !op->base) {
        return std::nullopt;
    }
    return op;
}

bool hasWildcardOutsideVariables(std::string_view s)
{
    std::size_t copied = 0;
    std::size_t pos = 0;
    PolicyVariable v;
    while (nextPolicyVariable(s, pos, v)) {
        if (hasWildcard(s.substr(copied, v.offset - copied))) {
            return true;
        }
        copied = v.offset + v.length;
    }
    return hasWildcard(s.substr(copied));
}

} // namespace kps::rules
