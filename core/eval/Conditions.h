// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/PolicyView.h"
#include "core/eval/Request.h"
#include "core/vocab/Vocabulary.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kps::eval {

/**
 * Policy variables (core/vocab/PolicyVariables.h): replaces ${key} with the request's value of the key
 * (case-insensitive), ${key, 'default'} with the default when the key is absent, and ${*}, ${?}, ${$} with the
 * literal character. nullopt when a variable cannot be resolved (absent without default, multivalued, malformed, or
 * a key whose value is Unknown in the context): IAM then treats the value as matching nothing.
 */
std::optional<std::string> substituteVariables(std::string_view value, const RequestContext& context);
/**
 * The same, telling an unresolvable variable from one whose key is Unknown in the context (RequestContext::state):
 * then nullopt is returned and *unknownKey names the key (the value's match depends on it). With `pattern` the
 * result is a pattern for wildcardMatchMarked()/matchArnMarked(): the substituted text (a request value, a default,
 * ${*}) is literal, so each of its '*', '?' and kLiteralMark is preceded by kLiteralMark; the policy's own '*' and
 * '?' stay wildcards.
 */
std::optional<std::string> substituteVariables(std::string_view value,
                                               const RequestContext& context,
                                               std::string* unknownKey,
                                               bool pattern = false);

/** Marks the next character of a substituted pattern as literal. No policy text holds it (POLICY_CHARSET). */
inline constexpr char kLiteralMark = '\x01';
/** wildcardMatch() (case-sensitive) for a pattern from substituteVariables(..., pattern = true). */
bool wildcardMatchMarked(std::string_view pattern, std::string_view text);
/** ArnLike/ArnEquals (matchArn()) for a pattern from substituteVariables(..., pattern = true). */
bool matchArnMarked(std::string_view pattern, std::string_view arn);
/** Whether a substituted pattern holds a literal mark (else it is an ordinary pattern). */
inline bool hasLiteralMark(std::string_view pattern)
{
    return pattern.find(kLiteralMark) != std::string_view::npos;
}

/** Three-valued logic (Kleene): Unknown where the answer depends on a fact the evaluator does not know. */
enum class Truth { False, True, Unknown };
inline Truth truthNot(Truth t)
{
    return t == Truth::Unknown ? t : (t == Truth::True ? Truth::False : Truth::True);
}
inline Truth truthAnd(Truth a, Truth b)
{
    return a == Truth::False || b == Truth::False    ? Truth::False
        : a == Truth::Unknown || b == Truth::Unknown ? Truth::Unknown
                                                     : Truth::True;
}
inline Truth truthOr(Truth a, Truth b)
{
    return a == Truth::True || b == Truth::True      ? Truth::True
        : a == Truth::Unknown || b == Truth::Unknown ? Truth::Unknown
                                                     : Truth::False;
}

/** A number as the Numeric operators read it (decimal, optional sign, fraction and exponent). */
std::optional<double> parseNumber(std::string_view text);

/**
 * A date as the Date operators read it, in milliseconds since 1970-01-01T00:00:00Z: ISO 8601 (YYYY-MM-DD,
 * YYYY-MM-DDThh:mm[:ss[.fff]] with Z or +hh:mm / -hh:mm, no zone meaning UTC) or epoch seconds.
 */
std::optional<std::int64_t> parseDate(std::string_view text);
/**
 * Epoch seconds as ISO 8601 UTC, "1970-01-01T00:00:00Z" (H. Hinnant's civil_from_days: no time zone, no locale, the
 * same on every host). What CONDITION_DATE_EPOCH's fix writes and how a grant's CreationDate is shown.
 */
std::string formatIsoDate(std::int64_t seconds);

/** An IPv4 or IPv6 network: 16 bytes (IPv4 in the first four) and a prefix length. */
struct IpNetwork
{
    bool v6 = false;
    unsigned char bytes[16] = {};
    int prefix = 0;
};
/** "10.0.0.0/8", "203.0.113.7" (a /32), "2001:db8::/32", "::1" (a /128). */
std::optional<IpNetwork> parseIpNetwork(std::string_view text);
/** Whether the address (no prefix) lies in the network; false when either does not parse or families differ. */
bool ipInNetwork(std::string_view network, std::string_view address);

/** Base-64 decoding (padding optional); nullopt for a character outside the alphabet. */
std::optional<std::string> decodeBase64(std::string_view text);

/**
 * The positive comparison behind an operator: whether requestValue satisfies policyValue under `op` with any
 * "Not" removed (StringNotLike -> StringLike, NotIpAddress -> IpAddress). `op` is the base operator name without
 * IfExists or set prefix. Values of the wrong form never match.
 */
bool compareValue(std::string_view op, std::string_view policyValue, std::string_view requestValue);

/** The comparison an operator performs, with any "Not" removed (decided once per operator, not per value). */
enum class Comparison {
    StringEquals,
    StringEqualsIgnoreCase,
    StringLike,
    Arn, ///< ArnEquals and ArnLike (the IAM guide: they behave identically)
    Bool,
    Binary,
    IpAddress,
    NumericEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Null,
    Unknown,
};
/** For a base operator name without IfExists or set prefix ("StringNotLike" -> StringLike). */
Comparison comparisonOf(std::string_view baseOperator);
/** Whether requestValue satisfies policyValue under the (positive) comparison. */
bool compare(Comparison comparison, std::string_view policyValue, std::string_view requestValue);

/** A condition operator as written, parsed once. */
struct PreparedOperator
{
    std::optional<ParsedOperator> parsed; ///< nullopt: not an IAM operator
    Comparison comparison = Comparison::Unknown;
};
PreparedOperator prepareOperator(std::string_view op);

/** The result of one condition (operator, key, values) against a request context. */
struct ConditionResult
{
    bool satisfied = false; ///< truth == True
    bool keyPresent = false;
    bool operatorKnown = true; ///< false: not an IAM operator (never satisfied)
    Truth truth = Truth::False;
    /// truth Unknown: the context key it depends on (the condition's own key, or the key of a policy variable)
    std::string unknownKey;
};

/**
 * Evaluates one condition the way IAM does: values of one key are ORed (for a negated operator: the request
 * value matches none of them); an absent key fails a positive operator and satisfies a negated one; IfExists
 * makes absence true; ForAllValues is true when every request value satisfies it (and when the key is absent),
 * ForAnyValue when at least one does (false when absent); Null tests presence. Without a set prefix a
 * multivalued request key is satisfied when any value satisfies a positive operator (negated: when no value
 * matches). Policy variables are substituted in String and ARN values when `policyVariables` is on.
 * A key that is Unknown in the context (RequestContext::state), or a policy variable naming one, makes the
 * result Unknown unless the known values already decide it (a positive operator another value matches).
 */
ConditionResult evaluateCondition(std::string_view op,
                                  std::string_view key,
                                  const std::vector<std::string>& policyValues,
                                  const RequestContext& context,
                                  bool policyVariables = true);
/** The same for the values of a policy condition as PolicyView reads them, with the operator parsed once. */
ConditionResult evaluateCondition(const PreparedOperator& op,
                                  std::string_view key,
                                  const std::vector<ValueRef>& policyValues,
                                  const RequestContext& context,
                                  bool policyVariables = true);
/** The same for the values of a policy condition as PolicyView reads them. */
ConditionResult evaluateCondition(std::string_view op,
                                  std::string_view key,
                                  const std::vector<ValueRef>& policyValues,
                                  const RequestContext& context,
                                  bool policyVariables = true);

} // namespace kps::eval
