// SPDX-License-Identifier: GPL-3.0-or-later
// The policy evaluator, case by case against IAM's documented semantics (reference_policies_elements_condition_
// operators, reference_policies_evaluation-logic, reference_policies_elements_principal/notprincipal).
#include "core/eval/Arn.h"
#include "core/eval/Conditions.h"
#include "core/eval/Evaluator.h"
#include "core/vocab/Vocabulary.h"

#include <QDirIterator>
#include <QFile>
#include <QTest>

#include <algorithm>
#include <array>

using namespace kps;
using namespace kps::eval;

namespace {

RequestContext ctx(std::initializer_list<std::pair<const char*, std::vector<std::string>>> entries)
{
    RequestContext c;
    for (const auto& [k, v] : entries) {
        c.set(k, v);
    }
    return c;
}

bool cond(const char* op, const char* key, std::vector<std::string> values, const RequestContext& c)
{
    return evaluateCondition(op, key, values, c).satisfied;
}

PolicyView policy(const char* text)
{
    static std::vector<Json> keep; // PolicyView points into the document
    keep.push_back(Json::parse(text));
    return readPolicy(keep.back());
}

const char* kRole = "arn:aws:iam::111122223333:role/app";

} // namespace

class TestEvaluator : public QObject
{
    Q_OBJECT

private slots:
    // ---- String ----------------------------------------------------------------------------------------------
    void stringEqualsIsCaseSensitiveAndLiteral()
    {
        const auto c = ctx({{"kms:ViaService", {"s3.us-east-1.amazonaws.com"}}});
        QVERIFY(cond("StringEquals", "kms:ViaService", {"s3.us-east-1.amazonaws.com"}, c));
        QVERIFY(!cond("StringEquals", "kms:ViaService", {"S3.us-east-1.amazonaws.com"}, c));
        QVERIFY(!cond("StringEquals", "kms:ViaService", {"s3.*.amazonaws.com"}, c)); // * is literal here
        QVERIFY(cond("StringEquals", "kms:ViaService", {"x", "s3.us-east-1.amazonaws.com"}, c)); // values ORed
    }
    void stringIgnoreCaseAndLike()
    {
        const auto c = ctx({{"kms:ViaService", {"s3.us-east-1.amazonaws.com"}}});
        QVERIFY(cond("StringEqualsIgnoreCase", "kms:ViaService", {"S3.US-EAST-1.AMAZONAWS.COM"}, c));
        QVERIFY(cond("StringLike", "kms:ViaService", {"s3.*.amazonaws.com"}, c));
        QVERIFY(cond("StringLike", "kms:ViaService", {"s?.us-east-1.amazonaws.com"}, c));
        QVERIFY(!cond("StringLike", "kms:ViaService", {"S3.*"}, c)); // Like is case-sensitive
        QVERIFY(cond("StringNotLike", "kms:ViaService", {"sqs.*"}, c));
        QVERIFY(!cond("StringNotEqualsIgnoreCase", "kms:ViaService", {"S3.US-EAST-1.AMAZONAWS.COM"}, c));
    }
    void negatedOperatorsNeedNoValueToMatch()
    {
        const auto c = ctx({{"aws:PrincipalAccount", {"111122223333"}}});
        QVERIFY(cond("StringNotEquals", "aws:PrincipalAccount", {"444455556666", "777788889999"}, c));
        QVERIFY(!cond("StringNotEquals", "aws:PrincipalAccount", {"444455556666", "111122223333"}, c));
    }
    void conditionKeysAreCaseInsensitive()
    {
        const auto c = ctx({{"aws:SourceAccount", {"111122223333"}}});
        QVERIFY(cond("StringEquals", "AWS:sourceaccount", {"111122223333"}, c));
    }
    void absentKeyFailsPositiveAndSatisfiesNegated()
    {
        const RequestContext empty;
        QVERIFY(!cond("StringEquals", "aws:SourceAccount", {"111122223333"}, empty));
        QVERIFY(cond("StringNotEquals", "aws:SourceAccount", {"111122223333"}, empty));
        QVERIFY(!cond("ArnLike", "aws:SourceArn", {"*"}, empty));
        QVERIFY(cond("ArnNotLike", "aws:SourceArn", {"arn:aws:s3:::x"}, empty));
        QVERIFY(!cond("NumericLessThan", "kms:RotationPeriodInDays", {"100"}, empty));
        QVERIFY(!cond("Bool", "aws:SecureTransport", {"true"}, empty));
    }
    void ifExistsMakesAbsenceTrue()
    {
        const RequestContext empty;
        QVERIFY(cond("StringEqualsIfExists", "aws:SourceAccount", {"111122223333"}, empty));
        const auto c = ctx({{"aws:SourceAccount", {"444455556666"}}});
        QVERIFY(!cond("StringEqualsIfExists", "aws:SourceAccount", {"111122223333"}, c));
        QVERIFY(cond("ArnLikeIfExists", "aws:SourceArn", {"arn:aws:s3:::x"}, empty));
    }
    // ---- Numeric ---------------------------------------------------------------------------------------------
    void numericComparisons()
    {
        const auto c = ctx({{"kms:RotationPeriodInDays", {"90"}}});
        QVERIFY(cond("NumericEquals", "kms:RotationPeriodInDays", {"90"}, c));
        QVERIFY(cond("NumericEquals", "kms:RotationPeriodInDays", {"90.0"}, c));
        QVERIFY(cond("NumericNotEquals", "kms:RotationPeriodInDays", {"91"}, c));
        QVERIFY(cond("NumericLessThan", "kms:RotationPeriodInDays", {"100"}, c));
        QVERIFY(!cond("NumericLessThan", "kms:RotationPeriodInDays", {"90"}, c));
        QVERIFY(cond("NumericLessThanEquals", "kms:RotationPeriodInDays", {"90"}, c));
        QVERIFY(cond("NumericGreaterThan", "kms:RotationPeriodInDays", {"-5"}, c));
        QVERIFY(cond("NumericGreaterThanEquals", "kms:RotationPeriodInDays", {"90"}, c));
        QVERIFY(!cond("NumericEquals", "kms:RotationPeriodInDays", {"ninety"}, c)); // malformed never matches
        QVERIFY(parseNumber("1e3") == 1000.0);
        QVERIFY(!parseNumber("12abc"));
    }
    // ---- Date ------------------------------------------------------------------------------------------------
    void dateParsing()
    {
        QCOMPARE(*parseDate("1970-01-01T00:00:00Z"), std::int64_t(0));
        QCOMPARE(*parseDate("2020-01-01"), std::int64_t(1577836800000));
        QCOMPARE(*parseDate("2020-01-01T01:00:00+01:00"), std::int64_t(1577836800000));
        QCOMPARE(*parseDate("2020-01-01T00:00:00.250Z"), std::int64_t(1577836800250));
        QCOMPARE(*parseDate("1577836800"), std::int64_t(1577836800000)); // epoch seconds
        QVERIFY(!parseDate("2021-02-29"));
        QVERIFY(!parseDate("2020-13-01"));
        QVERIFY(!parseDate("yesterday"));
    }
    void dateComparisons()
    {
        const auto c = ctx({{"aws:CurrentTime", {"2024-06-01T12:00:00Z"}}});
        QVERIFY(cond("DateGreaterThan", "aws:CurrentTime", {"2024-01-01T00:00:00Z"}, c));
        QVERIFY(cond("DateLessThan", "aws:CurrentTime", {"2025-01-01"}, c));
        QVERIFY(!cond("DateLessThan", "aws:CurrentTime", {"2024-06-01T12:00:00Z"}, c));
        QVERIFY(cond("DateLessThanEquals", "aws:CurrentTime", {"2024-06-01T14:00:00+02:00"}, c));
        QVERIFY(cond("DateEquals", "aws:CurrentTime", {"2024-06-01T12:00:00Z"}, c));
        QVERIFY(cond("DateNotEquals", "aws:CurrentTime", {"2024-06-01T12:00:01Z"}, c));
        QVERIFY(cond("DateGreaterThanEquals", "aws:CurrentTime", {"1717243200"}, c));
    }
    // ---- Bool and Binary -------------------------------------------------------------------------------------
    void boolOperator()
    {
        const auto c = ctx({{"kms:GrantIsForAWSResource", {"true"}}});
        QVERIFY(cond("Bool", "kms:GrantIsForAWSResource", {"true"}, c));
        QVERIFY(cond("Bool", "kms:GrantIsForAWSResource", {"True"}, c));
        QVERIFY(!cond("Bool", "kms:GrantIsForAWSResource", {"false"}, c));
        QVERIFY(!cond("Bool", "kms:GrantIsForAWSResource", {"yes"}, c));
        QVERIFY(cond("BoolIfExists", "aws:SecureTransport", {"true"}, c));
    }
    void binaryEqualsComparesDecodedBytes()
    {
        const auto c = ctx({{"aws:SomeBinary", {"QmluYXJ5"}}});
        QVERIFY(cond("BinaryEquals", "aws:SomeBinary", {"QmluYXJ5"}, c));
        QVERIFY(!cond("BinaryEquals", "aws:SomeBinary", {"QmluYXJ6"}, c));
        QCOMPARE(*decodeBase64("QmluYXJ5"), std::string("Binary"));
        QCOMPARE(*decodeBase64("YQ=="), std::string("a"));
        QVERIFY(!decodeBase64("not base64!"));
    }
    // ---- IpAddress -------------------------------------------------------------------------------------------
    void ipAddressIpv4()
    {
        const auto c = ctx({{"aws:SourceIp", {"203.0.113.77"}}});
        QVERIFY(cond("IpAddress", "aws:SourceIp", {"203.0.113.0/24"}, c));
        QVERIFY(!cond("IpAddress", "aws:SourceIp", {"203.0.112.0/24"}, c));
        QVERIFY(cond("IpAddress", "aws:SourceIp", {"203.0.113.77"}, c)); // a single address is a /32
        QVERIFY(cond("IpAddress", "aws:SourceIp", {"0.0.0.0/0"}, c));
        QVERIFY(cond("IpAddress", "aws:SourceIp", {"203.0.113.64/27"}, c));
        QVERIFY(!cond("IpAddress", "aws:SourceIp", {"203.0.113.96/27"}, c));
        QVERIFY(cond("NotIpAddress", "aws:SourceIp", {"10.0.0.0/8", "192.168.0.0/16"}, c));
        QVERIFY(!parseIpNetwork("256.0.0.1"));
        QVERIFY(!parseIpNetwork("10.0.0.0/33"));
    }
    void ipAddressIpv6()
    {
        const auto c = ctx({{"aws:SourceIp", {"2001:db8:1234::5"}}});
        QVERIFY(cond("IpAddress", "aws:SourceIp", {"2001:db8::/32"}, c));
        QVERIFY(cond("IpAddress", "aws:SourceIp", {"2001:DB8:1234:0:0:0:0:0/48"}, c));
        QVERIFY(!cond("IpAddress", "aws:SourceIp", {"2001:db9::/32"}, c));
        QVERIFY(!cond("IpAddress", "aws:SourceIp", {"203.0.113.0/24"}, c)); // families differ
        QVERIFY(ipInNetwork("::ffff:192.0.2.0/120", "::ffff:192.0.2.9"));
        QVERIFY(ipInNetwork("::1", "0:0:0:0:0:0:0:1"));
        QVERIFY(!parseIpNetwork("1::2::3"));
    }
    // ---- ARN -------------------------------------------------------------------------------------------------
    void arnMatchingIsPerField()
    {
        const std::string group = "arn:aws:logs:us-west-2:111122223333:log-group:airflow-prod-Task";
        QVERIFY(matchArn("arn:aws:logs:us-west-2:*:*", group));
        QVERIFY(matchArn("arn:aws:logs:us-west-2:111122223333:log-group:airflow-prod-*", group));
        QVERIFY(matchArn("arn:aws:logs:*:*:*", group));
        QVERIFY(matchArn("*", group));
        QVERIFY(!matchArn("arn:aws:logs:us-east-1:*:*", group));
        QVERIFY(!matchArn("arn:aws-cn:logs:us-west-2:*:*", group));
        QVERIFY(!matchArn("arn:aws:logs:us-west-2:*", group)); // a truncated ARN matches nothing
        QVERIFY(!matchArn("arn:aws:logs:us-west-?:444455556666:*", group));
        // '*' in one field does not cross a colon
        QVERIFY(!matchArn("arn:aws:logs:*:log-group:airflow-prod-Task", group));
        // Literal but for a final '*' in the resource (compared as a prefix): the same answers field by field.
        QVERIFY(matchArn("arn:aws:logs:us-west-2:111122223333:*", group));
        QVERIFY(matchArn("arn:aws:logs:us-west-2:111122223333:log-group:*", group));
        QVERIFY(matchArn("arn:aws:logs:us-west-2:111122223333:*", "arn:aws:logs:us-west-2:111122223333:"));
        QVERIFY(!matchArn("arn:aws:logs:us-west-2:111122223333:*", "arn:aws:logs:us-west-2:111122223333"));
        QVERIFY(!matchArn("arn:aws:logs:us-west-2:444455556666:*", group));
        QVERIFY(!matchArn("arn:aws:logs:us-west-2:111122223333:log-group:other-*", group));
        QVERIFY(!matchArn("arn:aws:logs:us-west-2:11112222333:*", group)); // a shorter account is no prefix match
        QVERIFY(matchArn("arn:aws:logs:us-west-2:*:log-group:*", group)); // another '*': field by field
    }
    void arnOperators()
    {
        const auto c = ctx({{"kms:EncryptionContext:aws:logs:arn",
                             {"arn:aws:logs:us-west-2:111122223333:log-group:airflow-prod-Task"}}});
        QVERIFY(cond("ArnLike", "kms:EncryptionContext:aws:logs:arn", {"arn:aws:logs:us-west-2:*:*"}, c));
        // The IAM guide: ArnEquals and ArnLike behave identically (wildcards work in both).
        QVERIFY(cond("ArnEquals", "kms:EncryptionContext:aws:logs:arn", {"arn:aws:logs:us-west-2:*:*"}, c));
        QVERIFY(cond("ArnNotLike", "kms:EncryptionContext:aws:logs:arn", {"arn:aws:logs:eu-west-1:*:*"}, c));
        QVERIFY(!cond("ArnNotEquals", "kms:EncryptionContext:aws:logs:arn", {"arn:aws:logs:us-west-2:*:*"}, c));
        // StringEquals cannot match the ARN pattern: '*' is literal.
        QVERIFY(!cond("StringEquals", "kms:EncryptionContext:aws:logs:arn", {"arn:aws:logs:us-west-2:*:*"}, c));
        const auto arn = parseArn("arn:aws:logs:us-west-2:111122223333:log-group:a:b");
        QVERIFY(arn);
        QCOMPARE(arn->resource, std::string("log-group:a:b"));
        QVERIFY(!parseArn("arn:aws:logs"));
    }
    // ---- Null ------------------------------------------------------------------------------------------------
    void nullOperator()
    {
        const auto c = ctx({{"aws:SourceAccount", {"111122223333"}}});
        QVERIFY(cond("Null", "aws:SourceArn", {"true"}, c));
        QVERIFY(!cond("Null", "aws:SourceAccount", {"true"}, c));
        QVERIFY(cond("Null", "aws:SourceAccount", {"false"}, c));
        QVERIFY(!cond("Null", "aws:SourceArn", {"false"}, c));
        QVERIFY(!evaluateCondition("NullIfExists", "aws:SourceArn", {"true"}, c).operatorKnown);
    }
    // ---- Set operators ---------------------------------------------------------------------------------------
    void forAllValues()
    {
        const auto c = ctx({{"kms:GrantOperations", {"Decrypt", "Encrypt"}}});
        QVERIFY(cond("ForAllValues:StringEquals", "kms:GrantOperations", {"Decrypt", "Encrypt", "DescribeKey"}, c));
        QVERIFY(!cond("ForAllValues:StringEquals", "kms:GrantOperations", {"Decrypt"}, c));
        QVERIFY(cond("ForAllValues:StringEquals", "kms:GrantOperations", {"Decrypt"}, RequestContext()));
        QVERIFY(cond("ForAllValues:StringNotEquals", "kms:GrantOperations", {"Sign"}, c));
        QVERIFY(!cond("ForAllValues:StringNotEquals", "kms:GrantOperations", {"Encrypt"}, c));
        QVERIFY(cond("ForAllValues:StringLike", "kms:GrantOperations", {"*crypt"}, c));
    }
    void forAnyValue()
    {
        const auto c = ctx({{"kms:GrantOperations", {"Decrypt", "Encrypt"}}});
        QVERIFY(cond("ForAnyValue:StringEquals", "kms:GrantOperations", {"Encrypt"}, c));
        QVERIFY(!cond("ForAnyValue:StringEquals", "kms:GrantOperations", {"Sign"}, c));
        QVERIFY(!cond("ForAnyValue:StringEquals", "kms:GrantOperations", {"Encrypt"}, RequestContext()));
        QVERIFY(cond("ForAnyValue:StringNotEquals", "kms:GrantOperations", {"Encrypt"}, c));
        QVERIFY(!cond("ForAnyValue:StringNotEquals", "kms:GrantOperations", {"Encrypt", "Decrypt"}, c));
        QVERIFY(cond("ForAnyValue:StringEqualsIfExists", "kms:GrantOperations", {"Sign"}, RequestContext()));
    }
    // ---- Policy variables ------------------------------------------------------------------------------------
    void policyVariables()
    {
        const auto c = ctx({{"aws:PrincipalAccount", {"111122223333"}}, {"aws:CalledVia", {"a", "b"}}});
        QCOMPARE(*substituteVariables("arn:aws:iam::${aws:PrincipalAccount}:root", c),
                 std::string("arn:aws:iam::111122223333:root"));
        QCOMPARE(*substituteVariables("${AWS:principalaccount}", c), std::string("111122223333"));
        QCOMPARE(*substituteVariables("a${*}b${?}c${$}", c), std::string("a*b?c$"));
        QCOMPARE(*substituteVariables("${aws:username, 'nobody'}", c), std::string("nobody"));
        QCOMPARE(*substituteVariables("${aws:username, 'it''s'}", c), std::string("it's"));
        QVERIFY(!substituteVariables("${aws:username}", c)); // absent, no default
        QVERIFY(!substituteVariables("${aws:CalledVia}", c)); // multivalued
        QVERIFY(!substituteVariables("${aws:PrincipalAccount", c)); // malformed

        const auto c2 = ctx({{"aws:PrincipalAccount", {"111122223333"}}, {"kms:CallerAccount", {"111122223333"}}});
        QVERIFY(cond("StringEquals", "kms:CallerAccount", {"${aws:PrincipalAccount}"}, c2));
        // Only String and ARN operators substitute; the literal text never equals the number.
        QVERIFY(!evaluateCondition("NumericEquals", "kms:CallerAccount", {"${aws:PrincipalAccount}"}, c2).satisfied);
        // An unresolvable variable matches nothing: a negated operator is then satisfied.
        QVERIFY(!cond("StringEquals", "kms:CallerAccount", {"${aws:username}"}, c2));
        QVERIFY(cond("StringNotEquals", "kms:CallerAccount", {"${aws:username}"}, c2));
        // Off (Version 2008-10-17): the value is literal.
        QVERIFY(
            !evaluateCondition("StringEquals", "kms:CallerAccount", {"${aws:PrincipalAccount}"}, c2, false).satisfied);
    }
    /// "${*}", "${?}" and "${$}" are the characters themselves, also in a pattern, and a substituted request value
    /// is literal too: only the policy's own '*' and '?' are wildcards.
    void substitutedTextIsLiteralInPatterns()
    {
        const auto c = ctx({{"aws:username", {"a*"}}, {"aws:PrincipalTag/team", {"blue"}}});
        QVERIFY(cond("StringLike", "aws:PrincipalTag/team", {"b${*}"}, ctx({{"aws:PrincipalTag/team", {"b*"}}})));
        QVERIFY(!cond("StringLike", "aws:PrincipalTag/team", {"b${*}"}, c)); // was read as the pattern b*
        QVERIFY(cond("StringLike", "aws:PrincipalTag/team", {"b*"}, c));
        QVERIFY(!cond("StringLike",
                      "aws:PrincipalTag/team",
                      {"${aws:username}"},
                      ctx({{"aws:username", {"a*"}}, {"aws:PrincipalTag/team", {"abc"}}})));
        QVERIFY(cond("StringLike",
                     "aws:PrincipalTag/team",
                     {"${aws:username}*"},
                     ctx({{"aws:username", {"a*"}}, {"aws:PrincipalTag/team", {"a*c"}}})));
        QVERIFY(cond("StringEquals", "aws:PrincipalTag/team", {"b${*}"}, ctx({{"aws:PrincipalTag/team", {"b*"}}})));
        QVERIFY(!cond("ArnLike",
                      "aws:PrincipalArn",
                      {"arn:aws:iam::111122223333:role/${?}"},
                      ctx({{"aws:PrincipalArn", {"arn:aws:iam::111122223333:role/x"}}})));
        QVERIFY(cond("ArnLike",
                     "aws:PrincipalArn",
                     {"arn:aws:iam::111122223333:role/${aws:username}"},
                     ctx({{"aws:username", {"x?"}}, {"aws:PrincipalArn", {"arn:aws:iam::111122223333:role/x?"}}})));
        QCOMPARE(*substituteVariables("a${aws:username}b", c, nullptr, true), std::string("aa\x01*b"));
    }
    /// The syntax is core/vocab's parser: a space in the name, a default without quotes, an empty or unclosed variable
    /// resolve to nothing; a key whose value is unknown never falls back to the default (that would be a guess); a
    /// multivalued key is no variable even with a default.
    void malformedAndUnknownVariables()
    {
        const auto c = ctx({{"aws:PrincipalAccount", {"111122223333"}}, {"aws:CalledVia", {"a", "b"}}});
        QVERIFY(!substituteVariables("${aws:PrincipalAccount }", c));
        QVERIFY(!substituteVariables("${ aws:PrincipalAccount}", c));
        QVERIFY(!substituteVariables("${aws:username, nobody}", c));
        QVERIFY(!substituteVariables("${}", c));
        QVERIFY(!substituteVariables("x${aws:PrincipalAccount", c));
        QCOMPARE(*substituteVariables("${aws:username,'a}b'}", c), std::string("a}b"));
        QVERIFY(!substituteVariables("${aws:CalledVia, 'x'}", c));
        RequestContext open = c;
        open.setOpenWorld(true);
        std::string unknownKey;
        QVERIFY(!substituteVariables("${aws:username, 'nobody'}", open, &unknownKey));
        QCOMPARE(unknownKey, std::string("aws:username"));
        QVERIFY(!substituteVariables("${aws:username, 'nobody'}", open)); // no guess without a place to say so
        open.set("aws:SourceAccount", std::string("111122223333"));
        const auto r
            = evaluateCondition("StringEquals", "aws:SourceAccount", {"${aws:username, '111122223333'}"}, open);
        QCOMPARE(r.truth, Truth::Unknown);
        QCOMPARE(r.unknownKey, std::string("aws:username"));
    }
    /// IAM policy validation's NULL_WITH_QUALIFIER: ForAllValues:Null is always true, ForAnyValue:Null always false.
    void nullWithSetPrefix()
    {
        const auto present = ctx({{"aws:TagKeys", {"a"}}});
        const auto absent = ctx({});
        for (const auto* c : {&present, &absent}) {
            QVERIFY(cond("ForAllValues:Null", "aws:TagKeys", {"false"}, *c));
            QVERIFY(cond("ForAllValues:Null", "aws:TagKeys", {"true"}, *c));
            QVERIFY(!cond("ForAnyValue:Null", "aws:TagKeys", {"false"}, *c));
            QVERIFY(!cond("ForAnyValue:Null", "aws:TagKeys", {"true"}, *c));
        }
        RequestContext open;
        open.setOpenWorld(true);
        QCOMPARE(evaluateCondition("ForAllValues:Null", "aws:TagKeys", {"true"}, open).truth, Truth::True);
    }
    void versionControlsVariables()
    {
        const char* body = R"(,"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*",
            "Condition":{"StringEquals":{"kms:CallerAccount":"${aws:PrincipalAccount}"}}}]})";
        const auto request = Request::make(RequestPrincipal::aws(kRole), "kms:Decrypt");
        QVERIFY(evaluate(policy((std::string(R"({"Version":"2012-10-17")") + body).c_str()), request).allowed());
        QVERIFY(!evaluate(policy((std::string(R"({"Version":"2008-10-17")") + body).c_str()), request).allowed());
    }
    void unknownOperatorNeverHolds()
    {
        QVERIFY(!evaluateCondition("StringEqualz", "aws:SourceAccount", {"1"}, RequestContext()).operatorKnown);
        QVERIFY(!cond("StringEqualz", "aws:SourceAccount", {"1"}, ctx({{"aws:SourceAccount", {"1"}}})));
    }

    // ---- Principals ------------------------------------------------------------------------------------------
    void accountPrincipalMatchesThroughIam()
    {
        const RequestPrincipal role = RequestPrincipal::aws(kRole);
        QCOMPARE(role.account, std::string("111122223333"));
        QVERIFY(matchPrincipal({"AWS", "arn:aws:iam::111122223333:root", ""}, role) == PrincipalMatch::ViaAccount);
        QVERIFY(matchPrincipal({"AWS", "111122223333", ""}, role) == PrincipalMatch::ViaAccount);
        QVERIFY(matchPrincipal({"AWS", "444455556666", ""}, role) == PrincipalMatch::None);
        QVERIFY(matchPrincipal({"AWS", "arn:aws-cn:iam::111122223333:root", ""}, role) == PrincipalMatch::None);
        const RequestPrincipal root = RequestPrincipal::accountRoot("111122223333");
        QVERIFY(root.isRoot());
        QVERIFY(matchPrincipal({"AWS", "111122223333", ""}, root) == PrincipalMatch::Direct);
    }
    void namedPrincipals()
    {
        const RequestPrincipal role = RequestPrincipal::aws(kRole);
        QVERIFY(matchPrincipal({"AWS", kRole, ""}, role) == PrincipalMatch::Direct);
        QVERIFY(matchPrincipal({"AWS", "arn:aws:iam::111122223333:role/other", ""}, role) == PrincipalMatch::None);
        QVERIFY(matchPrincipal({"AWS", "*", ""}, role) == PrincipalMatch::Direct);
        QVERIFY(matchPrincipal({"*", "*", ""}, role) == PrincipalMatch::Direct);
        QVERIFY(matchPrincipal({"Federated", kRole, ""}, role) == PrincipalMatch::None);
        // A session of the role matches the role ARN, with or without a path.
        const auto session = RequestPrincipal::aws("arn:aws:sts::111122223333:assumed-role/app/me");
        QVERIFY(matchPrincipal({"AWS", kRole, ""}, session) == PrincipalMatch::Direct);
        QVERIFY(matchPrincipal({"AWS", "arn:aws:iam::111122223333:role/team/app", ""}, session)
                == PrincipalMatch::Direct);
        QVERIFY(matchPrincipal({"AWS", "arn:aws:iam::111122223333:user/app", ""}, session) == PrincipalMatch::None);
        // Partial wildcards are not patterns in Principal.
        QVERIFY(matchPrincipal({"AWS", "arn:aws:iam::111122223333:role/*", ""}, role) == PrincipalMatch::None);
    }
    void servicePrincipals()
    {
        const auto logs = RequestPrincipal::servicePrincipal("logs.us-west-2.amazonaws.com");
        QVERIFY(matchPrincipal({"Service", "logs.us-west-2.amazonaws.com", ""}, logs) == PrincipalMatch::Direct);
        QVERIFY(matchPrincipal({"Service", "logs.us-east-1.amazonaws.com", ""}, logs) == PrincipalMatch::None);
        QVERIFY(matchPrincipal({"AWS", "111122223333", ""}, logs) == PrincipalMatch::None);
        QVERIFY(matchPrincipal({"*", "*", ""}, logs) == PrincipalMatch::Direct);
        QVERIFY(matchPrincipal({"*", "*", ""}, RequestPrincipal::anonymous()) == PrincipalMatch::Direct);
        QVERIFY(matchPrincipal({"Service", "x", ""}, RequestPrincipal::anonymous()) == PrincipalMatch::None);
    }
    void notPrincipal()
    {
        const RequestPrincipal role = RequestPrincipal::aws(kRole);
        const PrincipalRef account{"AWS", "arn:aws:iam::111122223333:root", ""};
        const PrincipalRef self{"AWS", kRole, ""};
        QVERIFY(notPrincipalExcludes({account, self}, role));
        QVERIFY(!notPrincipalExcludes({self}, role)); // the account must be listed too
        QVERIFY(!notPrincipalExcludes({account}, role)); // listing the account does not exclude its roles
        QVERIFY(notPrincipalExcludes({account}, RequestPrincipal::accountRoot("111122223333")));
        QVERIFY(notPrincipalExcludes({{"Service", "logs.us-west-2.amazonaws.com", ""}},
                                     RequestPrincipal::servicePrincipal("logs.us-west-2.amazonaws.com")));
        QVERIFY(notPrincipalExcludes({{"*", "*", ""}}, role));
    }

    // ---- Actions and resources -------------------------------------------------------------------------------
    void actionMatching()
    {
        QVERIFY(matchAction("kms:*", "kms:Decrypt"));
        QVERIFY(matchAction("*", "kms:Decrypt"));
        QVERIFY(matchAction("KMS:decrypt", "kms:Decrypt")); // case-insensitive
        QVERIFY(matchAction("kms:Decrypt*", "kms:Decrypt"));
        QVERIFY(matchAction("kms:ReEncrypt*", "kms:ReEncryptTo"));
        QVERIFY(matchAction("kms:GenerateDataKey*", "kms:GenerateDataKeyWithoutPlaintext"));
        QVERIFY(matchAction("kms:Describe?ey", "kms:DescribeKey"));
        QVERIFY(!matchAction("kms:Encrypt", "kms:Decrypt"));
        QVERIFY(!matchAction("s3:*", "kms:Decrypt"));
    }
    void notActionAndNotResource()
    {
        const auto p = policy(R"({"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},
             "NotAction":["kms:Put*","kms:ScheduleKeyDeletion"],"Resource":"*"},
            {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Action":"kms:PutKeyPolicy",
             "NotResource":"arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}]})");
        const std::string key = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        QVERIFY(evaluate(p, Request::make(RequestPrincipal::aws(kRole), "kms:Decrypt", key)).allowed());
        QVERIFY(!evaluate(p, Request::make(RequestPrincipal::aws(kRole), "kms:PutKeyPolicy", key)).allowed());
        QVERIFY(evaluate(p,
                         Request::make(RequestPrincipal::aws(kRole),
                                       "kms:PutKeyPolicy",
                                       "arn:aws:kms:us-west-2:111122223333:key/other"))
                    .allowed());
    }
    void resourcePatterns()
    {
        const auto p = policy(R"({"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Action":"kms:Decrypt",
             "Resource":"arn:aws:kms:us-west-2:111122223333:*"}]})"); // no slash-star: moc reads it as a comment
        QVERIFY(evaluate(p,
                         Request::make(
                             RequestPrincipal::aws(kRole), "kms:Decrypt", "arn:aws:kms:us-west-2:111122223333:key/k"))
                    .allowed());
        QVERIFY(!evaluate(p,
                          Request::make(
                              RequestPrincipal::aws(kRole), "kms:Decrypt", "arn:aws:kms:eu-west-1:111122223333:key/k"))
                     .allowed());
        // The key ARN unknown: whether the statement is about this key depends on it.
        const Decision unknown = evaluate(p, Request::make(RequestPrincipal::aws(kRole), "kms:Decrypt"));
        QCOMPARE(unknown.outcome, Outcome::Depends);
        QCOMPARE(unknown.unknowns().size(), std::size_t(1));
        QCOMPARE(unknown.unknowns().front().fact, std::string(kKeyArnFact));
        // Known region and account: every key there matches; another region: none does.
        auto hinted = Request::make(RequestPrincipal::aws(kRole), "kms:Decrypt");
        hinted.keyArn = {"aws", "us-west-2", "111122223333"};
        QVERIFY(evaluate(p, hinted).allowed());
        hinted.keyArn.region = "eu-west-1";
        QCOMPARE(evaluate(p, hinted).outcome, Outcome::ImplicitDeny);
    }

    // ---- Three-valued answers --------------------------------------------------------------------------------
    // The key is a key, never an alias; "*" is every key; a key ARN depends on the key unless the known fields
    // already rule it out.
    void keyResourceWithPartialArn()
    {
        const KeyArnHint none;
        const KeyArnHint known{"aws", "us-east-1", "111122223333"};
        QCOMPARE(matchKeyResource("*", none), Truth::True);
        QCOMPARE(matchKeyResource("arn:aws:kms:*:*:key/*", none), Truth::Unknown); // partition unknown
        QCOMPARE(matchKeyResource("arn:aws:kms:us-east-1:111122223333:key/*", known), Truth::True);
        QCOMPARE(matchKeyResource("arn:*:kms:*", known), Truth::True);
        QCOMPARE(matchKeyResource("arn:aws:kms:us-east-1:111122223333:alias/my-key", known), Truth::False);
        QCOMPARE(matchKeyResource("arn:aws:kms:us-east-1:111122223333:alias/my-key", none), Truth::False);
        QCOMPARE(matchKeyResource("arn:aws:kms:eu-west-1:111122223333:key/*", known), Truth::False);
        QCOMPARE(matchKeyResource("arn:aws:kms:us-east-1:444455556666:key/*", known), Truth::False);
        QCOMPARE(matchKeyResource("arn:aws-cn:kms:us-east-1:111122223333:key/*", known), Truth::False);
        QCOMPARE(matchKeyResource("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", known),
                 Truth::Unknown);
        QCOMPARE(matchKeyResource("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", none),
                 Truth::Unknown);
        QCOMPARE(matchKeyResource("arn:aws:s3:::bucket/*", none), Truth::False);
        QCOMPARE(matchKeyResource("arn:aws:kms:us-east-1:111122223333:*", none), Truth::Unknown);
        QCOMPARE(matchKeyResource("arn:aws:kms:us-east-1:111122223333:key/a:b", none), Truth::False);
        QCOMPARE(matchKeyResource("arn:aws:kms:us-east-1:111122223333:key/mrk-?*", known), Truth::Unknown);
    }

    void unknownKeysMakeConditionsUnknown()
    {
        RequestContext c;
        c.setUnknown("aws:PrincipalOrgID");
        const auto r = evaluateCondition("StringNotEqualsIfExists", "aws:PrincipalOrgID", {"o-a1b2c3d4e5"}, c);
        QCOMPARE(r.truth, Truth::Unknown);
        QVERIFY(!r.satisfied);
        QCOMPARE(r.unknownKey, std::string("aws:PrincipalOrgID"));
        QCOMPARE(evaluateCondition("Null", "aws:PrincipalOrgID", {"true"}, c).truth, Truth::Unknown);
        // Known now: decided.
        c.set("aws:PrincipalOrgID", "o-a1b2c3d4e5");
        QCOMPARE(evaluateCondition("StringNotEqualsIfExists", "aws:PrincipalOrgID", {"o-a1b2c3d4e5"}, c).truth,
                 Truth::False);
        // An open world: what is not set and not declared absent is unknown; a key IAM does not know is absent.
        RequestContext open;
        open.setOpenWorld(true);
        open.declareAbsent("aws:PrincipalTag/*");
        QCOMPARE(open.state("aws:SourceAccount"), KeyState::Unknown);
        QCOMPARE(open.state("aws:PrincipalTag/team"), KeyState::Absent);
        QCOMPARE(open.state("kms:EncryptionContext:aws:log:arn"), KeyState::Unknown); // a template key: unknown
        open.declareAbsent("kms:EncryptionContext:*");
        QCOMPARE(open.state("kms:EncryptionContext:aws:log:arn"), KeyState::Absent);
        QCOMPARE(open.state("kms:NoSuchKey"), KeyState::Absent);
        QCOMPARE(evaluateCondition("ArnLike", "kms:EncryptionContext:aws:log:arn", {"arn:aws:logs:*"}, open).truth,
                 Truth::False);
    }

    void policyVariableOfUnknownKey()
    {
        RequestContext c;
        c.set("kms:EncryptionContext:aws:logs:arn", "arn:aws:logs:us-east-1:111122223333:log-group:g");
        c.setUnknown("aws:SourceAccount");
        const auto r = evaluateCondition(
            "ArnLike", "kms:EncryptionContext:aws:logs:arn", {"arn:aws:logs:us-east-1:${aws:SourceAccount}:*"}, c);
        QCOMPARE(r.truth, Truth::Unknown);
        QCOMPARE(r.unknownKey, std::string("aws:SourceAccount"));
        // Another value that matches decides it.
        const std::vector<std::string> two{"arn:aws:logs:us-east-1:${aws:SourceAccount}:*", "arn:aws:logs:*:*:*"};
        QCOMPARE(evaluateCondition("ArnLike", "kms:EncryptionContext:aws:logs:arn", two, c).truth, Truth::True);
    }

    // A Deny that may apply makes an allowed request depend on it; where nothing allows, it is denied anyway.
    void maybeDenyAndMaybeAllow()
    {
        const auto p = policy(R"({"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},
            {"Effect":"Deny","Principal":"*","Action":"kms:*","Resource":"*","Condition":{
              "StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"},
              "BoolIfExists":{"aws:PrincipalIsAWSService":"false"}}}]})");
        auto request = Request::make(RequestPrincipal::aws(kRole), "kms:Decrypt");
        request.context.setUnknown("aws:PrincipalOrgID");
        const Decision d = evaluate(p, request);
        QCOMPARE(d.outcome, Outcome::Depends);
        QCOMPARE(d.maybeDenies.size(), std::size_t(1));
        QCOMPARE(d.unknowns().size(), std::size_t(1));
        QCOMPARE(d.unknowns().front().fact, std::string("aws:PrincipalOrgID"));
        request.context.set("aws:PrincipalOrgID", "o-a1b2c3d4e5");
        QVERIFY(evaluate(p, request).allowed());
        request.context.set("aws:PrincipalOrgID", "o-zzzzzzzzzz");
        QCOMPARE(evaluate(p, request).outcome, Outcome::ExplicitDeny);
        // A service principal is exempt whatever its organization.
        auto service = Request::make(RequestPrincipal::servicePrincipal("logs.us-east-1.amazonaws.com"), "kms:Decrypt");
        service.context.setUnknown("aws:PrincipalOrgID");
        QCOMPARE(evaluate(p, service).outcome, Outcome::ImplicitDeny);
        QVERIFY(evaluate(p, service).maybeDenies.empty());
    }

    // ---- The decision table written from the IAM User Guide (tests/data/eval/condition-table.json) ---------------
    void conditionDecisionTable_data()
    {
        QTest::addColumn<QString>("op");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QStringList>("values");
        QTest::addColumn<bool>("present");
        QTest::addColumn<QStringList>("requestValues");
        QTest::addColumn<bool>("expected");
        QFile file(QStringLiteral(KPS_TEST_DATA_DIR "/eval/condition-table.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const Json table = Json::parse(file.readAll().toStdString());
        QVERIFY(table.at("rows").size() > 100);
        auto list = [](const Json& a) {
            QStringList out;
            for (const auto& v : a) {
                out << QString::fromStdString(v.get<std::string>());
            }
            return out;
        };
        for (const Json& row : table.at("rows")) {
            QTest::newRow(row.at("id").get<std::string>().c_str())
                << QString::fromStdString(row.at("operator").get<std::string>())
                << QString::fromStdString(row.at("key").get<std::string>()) << list(row.at("values"))
                << row.at("request").at("present").get<bool>() << list(row.at("request").at("values"))
                << row.at("expected").get<bool>();
        }
    }
    void conditionDecisionTable()
    {
        QFETCH(QString, op);
        QFETCH(QString, key);
        QFETCH(QStringList, values);
        QFETCH(bool, present);
        QFETCH(QStringList, requestValues);
        QFETCH(bool, expected);
        RequestContext c;
        if (present) {
            std::vector<std::string> v;
            for (const auto& s : requestValues) {
                v.push_back(s.toStdString());
            }
            c.set(key.toStdString(), v);
        }
        std::vector<std::string> policyValues;
        for (const auto& s : values) {
            policyValues.push_back(s.toStdString());
        }
        const auto r = evaluateCondition(op.toStdString(), key.toStdString(), policyValues, c);
        QCOMPARE(r.truth == Truth::True, expected);
        QVERIFY(r.truth != Truth::Unknown); // a closed context is always decided
    }

    // A PreparedPolicy caches per statement the action matches, the last resource and the conditions per context:
    // each request evaluated against the same PreparedPolicy must still get its own answer.
    void preparedPolicyAnswersEachRequestOnItsOwn()
    {
        const auto view = policy(R"({"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},
             "Action":["KMS:put*","kms:DECRYPT","kms:Describe?ey"],"Resource":"arn:aws:kms:us-west-2:111122223333:key/a"},
            {"Effect":"Allow","Principal":{"AWS":"*"},"NotAction":["kms:Re*","kms:Decrypt"],
             "Resource":"arn:aws:kms:us-west-2:${aws:PrincipalAccount}:key/b"}]})");
        const PreparedPolicy prepared(view);
        const std::string a = "arn:aws:kms:us-west-2:111122223333:key/a";
        const std::string b = "arn:aws:kms:us-west-2:111122223333:key/b";
        const auto app = RequestPrincipal::aws(kRole);
        const auto other = RequestPrincipal::aws("arn:aws:iam::444455556666:role/app");
        const auto allowed = [&prepared](const RequestPrincipal& who, const char* action, const std::string& key) {
            return evaluate(prepared, Request::make(who, action, key)).allowed();
        };
        QVERIFY(allowed(app, "kms:PutKeyPolicy", a)); // prefix, another case
        QVERIFY(allowed(app, "kms:Decrypt", a)); // exact, another case
        QVERIFY(allowed(app, "kms:DescribeKey", a)); // glob
        QVERIFY(!allowed(app, "kms:Encrypt", a)); // same length as kms:Decrypt
        QVERIFY(!allowed(app, "kms:P", a)); // shorter than the prefix
        QVERIFY(!allowed(app, "kms:ReEncryptFrom", a)); // statement 2: NotAction, and another key
        QVERIFY(allowed(app, "kms:Encrypt", b)); // statement 2 through the variable: account 111122223333
        QVERIFY(!allowed(other, "kms:Encrypt", b)); // the same key, another account: the variable differs
        QVERIFY(allowed(app, "kms:Encrypt", b));
        QVERIFY(!allowed(app, "kms:ReEncryptTo", b));
        QVERIFY(!allowed(app, "kms:Decrypt", b)); // statement 1 saw key a last: b must not reuse its answer
        QVERIFY(allowed(app, "kms:Decrypt", a));
    }

    // evaluateActions is evaluate() for several actions at once: same outcome and same statements, in order, and the
    // statements that evaluateStatement says apply.
    void evaluateActionsAgreesWithEvaluate()
    {
        const auto view = policy(R"({"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"kms:*","Resource":"*"},
            {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},
             "NotAction":["kms:Put*","kms:ScheduleKeyDeletion"],"Resource":"*",
             "Condition":{"StringEquals":{"kms:ViaService":"s3.us-west-2.amazonaws.com"}}},
            {"Effect":"Deny","Principal":"*","Action":["kms:Decrypt","s3:GetObject"],"Resource":"*",
             "Condition":{"Bool":{"aws:SecureTransport":"false"}}},
            {"Effect":"Allow","Principal":{"Service":"logs.us-west-2.amazonaws.com"},"Action":"kms:Encrypt",
             "Resource":"*"}]})");
        const PreparedPolicy prepared(view);
        std::vector<IndexedAction> actions;
        for (const char* a : {"kms:Decrypt", "kms:PutKeyPolicy", "kms:Encrypt", "s3:GetObject", "kms:CreateGrant"}) {
            actions.push_back(indexedAction(a));
        }
        QCOMPARE(actions[3].index, -1);
        const auto key = std::string("arn:aws:kms:us-west-2:111122223333:key/k");
        std::vector<Request> requests{
            Request::make(RequestPrincipal::aws(kRole), "kms:Decrypt", key),
            Request::make(RequestPrincipal::accountRoot("111122223333"), "kms:Decrypt", key),
            Request::make(RequestPrincipal::servicePrincipal("logs.us-west-2.amazonaws.com"), "kms:Decrypt", key)};
        requests[0].context.set("kms:ViaService", "s3.us-west-2.amazonaws.com");
        requests[0].context.set("aws:SecureTransport", "false");
        int allowed = 0;
        int denied = 0;
        for (const EvalOptions options : {EvalOptions{}, EvalOptions{false, true}}) {
            for (Request request : requests) {
                const std::vector<Decision> all = evaluateActions(prepared, request, actions, options);
                QCOMPARE(all.size(), actions.size());
                for (std::size_t a = 0; a < actions.size(); ++a) {
                    request.setAction(actions[a].name);
                    const Decision one = evaluate(view, request, options);
                    QCOMPARE(all[a].outcome, one.outcome);
                    QCOMPARE(all[a].allows.size(), one.allows.size());
                    QCOMPARE(all[a].denies.size(), one.denies.size());
                    for (std::size_t i = 0; i < one.allows.size(); ++i) {
                        QCOMPARE(all[a].allows[i].statement, one.allows[i].statement);
                        QCOMPARE(all[a].allows[i].viaAccountDelegation, one.allows[i].viaAccountDelegation);
                        QCOMPARE(all[a].allows[i].principalPointer, one.allows[i].principalPointer);
                    }
                    // and with evaluateStatement, the statement-by-statement path that reports why
                    std::vector<std::size_t> applying;
                    for (std::size_t i = 0; i < view.statements.size(); ++i) {
                        if (evaluateStatement(view.statements[i], request, true, options).applies()) {
                            applying.push_back(i);
                        }
                    }
                    std::vector<std::size_t> listed;
                    for (const auto* matches : {&all[a].allows, &all[a].denies}) {
                        for (const auto& m : *matches) {
                            listed.push_back(m.statement);
                        }
                    }
                    std::sort(listed.begin(), listed.end());
                    QCOMPARE(listed, applying);
                    allowed += one.allowed() ? 1 : 0;
                    denied += one.outcome == Outcome::ExplicitDeny ? 1 : 0;
                }
            }
        }
        QVERIFY(allowed > 0); // the cases cover all three outcomes
        QVERIFY(denied > 0);
        QVERIFY(allowed + denied < 2 * 3 * 5);

        // Many actions at once (more than the 64 bits of a statement's action cache; the list holds s3:GetObject, so
        // the matches are kept per action): the same answers.
        std::vector<IndexedAction> many;
        for (int copy = 0; copy < 14; ++copy) {
            many.insert(many.end(), actions.begin(), actions.end());
        }
        for (const Request& request : requests) {
            const std::vector<Decision> few = evaluateActions(prepared, request, actions);
            const std::vector<Decision> all = evaluateActions(prepared, request, many);
            QCOMPARE(all.size(), many.size());
            for (std::size_t a = 0; a < many.size(); ++a) {
                const Decision& one = few[a % actions.size()];
                QCOMPARE(all[a].outcome, one.outcome);
                QCOMPARE(all[a].allows.size(), one.allows.size());
                QCOMPARE(all[a].denies.size(), one.denies.size());
            }
        }
    }

    // ---- Whole-policy decisions ------------------------------------------------------------------------------
    void explicitDenyWins()
    {
        const auto p = policy(R"({"Version":"2012-10-17","Statement":[
            {"Sid":"a","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},
            {"Sid":"d","Effect":"Deny","Principal":"*","Action":"kms:Decrypt","Resource":"*",
             "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]})");
        auto request = Request::make(RequestPrincipal::aws(kRole), "kms:Decrypt");
        request.context.set("aws:SecureTransport", "false");
        const Decision denied = evaluate(p, request);
        QVERIFY(denied.outcome == Outcome::ExplicitDeny);
        QCOMPARE(denied.denies.size(), std::size_t(1));
        QCOMPARE(std::string(denied.denies[0].pointer), std::string("/Statement/1"));
        QCOMPARE(denied.allows.size(), std::size_t(1)); // the Allow applied too, and lost
        request.context.set("aws:SecureTransport", "true");
        const Decision allowed = evaluate(p, request);
        QVERIFY(allowed.outcome == Outcome::Allow);
        QVERIFY(allowed.onlyViaAccountDelegation());
        QCOMPARE(std::string(allowed.allows[0].principalPointer), std::string("/Statement/0/Principal/AWS"));
    }
    void implicitDenyWhenNothingApplies()
    {
        const auto p = policy(R"({"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"kms:*","Resource":"*"}]})");
        const Decision d = evaluate(p, Request::make(RequestPrincipal::aws(kRole), "kms:Decrypt"));
        QVERIFY(d.outcome == Outcome::ImplicitDeny);
        QVERIFY(d.allows.empty() && d.denies.empty());
    }
    void directAllowIsNotDelegation()
    {
        const auto p = policy(R"({"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::111122223333:role/app"]},
             "Action":"kms:Decrypt","Resource":"*"}]})");
        const Decision d = evaluate(p, Request::make(RequestPrincipal::aws(kRole), "kms:Decrypt"));
        QVERIFY(d.allowed());
        QVERIFY(!d.onlyViaAccountDelegation());
        QCOMPARE(std::string(d.allows[0].principalPointer), std::string("/Statement/0/Principal/AWS/1"));
    }
    void malformedStatementsApplyToNobody()
    {
        const auto p = policy(R"({"Version":"2012-10-17","Statement":[
            {"Effect":"allow","Principal":"*","Action":"kms:*","Resource":"*"},
            {"Effect":"Allow","Action":"kms:*","Resource":"*"},
            {"Effect":"Allow","Principal":"*","Action":"kms:*"},
            {"Effect":"Allow","Principal":"*","Resource":"*"}]})");
        QVERIFY(evaluate(p, Request::make(RequestPrincipal::aws(kRole), "kms:Decrypt")).outcome
                == Outcome::ImplicitDeny);
    }
    void singleStatementObject()
    {
        const auto p = policy(R"({"Version":"2012-10-17","Statement":
            {"Effect":"Allow","Principal":{"Service":"logs.us-west-2.amazonaws.com"},"Action":"kms:Encrypt*","Resource":"*"}})");
        const Decision d = evaluate(
            p, Request::make(RequestPrincipal::servicePrincipal("logs.us-west-2.amazonaws.com"), "kms:Encrypt"));
        QVERIFY(d.allowed());
        QCOMPARE(std::string(d.allows[0].pointer), std::string("/Statement"));
    }
    void ignoreConditionsAndFailedConditions()
    {
        const auto p = policy(R"({"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Principal":{"Service":"logs.us-west-2.amazonaws.com"},"Action":"kms:*","Resource":"*",
             "Condition":{"ArnLike":{"kms:EncryptionContext:aws:logs:arn":"arn:aws:logs:us-west-2:111122223333:*"},
                          "StringEquals":{"aws:SourceAccount":"111122223333"}}}]})");
        auto request = Request::make(RequestPrincipal::servicePrincipal("logs.us-west-2.amazonaws.com"), "kms:Decrypt");
        request.context.set("kms:EncryptionContext:aws:logs:arn",
                            "arn:aws:logs:us-west-2:111122223333:log-group:airflow-x-Task");
        QVERIFY(!evaluate(p, request).allowed());
        QVERIFY(evaluate(p, request, EvalOptions{false, true}).allowed());
        const StatementResult r = evaluateStatement(p.statements[0], request, true);
        QVERIFY(r.appliesIgnoringConditions());
        QCOMPARE(r.failedConditions, std::vector<std::size_t>{1});
    }
    void identityPolicies()
    {
        const auto p = policy(R"({"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Action":["kms:Decrypt","kms:GenerateDataKey*"],
             "Resource":"arn:aws:kms:us-west-2:111122223333:key/k",
             "Condition":{"StringLike":{"kms:ViaService":["sqs.us-west-2.amazonaws.com","s3.us-west-2.amazonaws.com"]}}}]})");
        auto request
            = Request::make(RequestPrincipal::aws(kRole), "kms:Decrypt", "arn:aws:kms:us-west-2:111122223333:key/k");
        request.context.set("kms:ViaService", "sqs.us-west-2.amazonaws.com");
        QVERIFY(evaluate(p, request, EvalOptions{true, false}).allowed());
        QVERIFY(!evaluate(p, request).allowed()); // as a key policy the statement has no principal
        request.context.set("kms:ViaService", "sqs.us-east-1.amazonaws.com");
        QVERIFY(!evaluate(p, request, EvalOptions{true, false}).allowed());
    }
    void requestDefaults()
    {
        const auto r
            = Request::make(RequestPrincipal::aws("arn:aws:sts::111122223333:assumed-role/app/s"), "kms:Decrypt");
        QCOMPARE(r.context.find("aws:PrincipalArn")->front(), std::string(kRole));
        QCOMPARE(r.context.find("kms:calleraccount")->front(), std::string("111122223333"));
        // Keys every request has: a direct call, over HTTPS; the region when the key's ARN is known.
        QCOMPARE(r.context.find("aws:ViaAWSService")->front(), std::string("false"));
        QCOMPARE(r.context.find("aws:SecureTransport")->front(), std::string("true"));
        QVERIFY(!r.context.find("aws:RequestedRegion"));
        const auto withKey
            = Request::make(RequestPrincipal::servicePrincipal("logs.eu-west-1.amazonaws.com"),
                            "kms:Decrypt",
                            "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
        QCOMPARE(withKey.context.find("aws:RequestedRegion")->front(), std::string("eu-west-1"));
        QCOMPARE(withKey.context.find("aws:PrincipalIsAWSService")->front(), std::string("true"));
        QCOMPARE(roleArnOfSession("arn:aws:iam::111122223333:role/app"), std::optional<std::string>());
    }

    // The trace of a simulated request (traceStatement) matches every part of every statement, where evaluate() stops
    // at the first part that fails: for every fixture policy, caller, context and KMS action the two must agree on
    // which statements apply (True), may apply (Unknown) and do not (False), and on each part evaluate() reached.
    void traceAgreesWithEvaluate()
    {
        std::vector<std::string> files;
        QDirIterator it(
            QStringLiteral(KPS_TEST_DATA_DIR), {QStringLiteral("*.json")}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (path.contains(QStringLiteral("/policies/")) || path.contains(QStringLiteral("/access/"))
                || path.contains(QStringLiteral("/verdicts/"))) {
                files.push_back(path.toStdString());
            }
        }
        std::sort(files.begin(), files.end());
        QVERIFY(files.size() > 100);
        const std::string keyArn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        std::vector<Request> requests;
        for (const char* arn : {kRole,
                                "arn:aws:iam::111122223333:root",
                                "arn:aws:sts::111122223333:assumed-role/app/session",
                                "arn:aws:iam::444455556666:user/Bob"}) {
            requests.push_back(Request::make(RequestPrincipal::aws(arn), "kms:Decrypt"));
        }
        requests.push_back(Request::make(RequestPrincipal::unnamedIamPrincipal("111122223333"), "kms:Decrypt", keyArn));
        requests.push_back(Request::make(RequestPrincipal::unnamedIamPrincipal(), "kms:Decrypt"));
        requests.push_back(
            Request::make(RequestPrincipal::servicePrincipal("logs.eu-west-1.amazonaws.com"), "kms:Decrypt"));
        requests.push_back(
            Request::make(RequestPrincipal::servicePrincipal("logs.us-west-2.amazonaws.com"), "kms:Decrypt", keyArn));
        for (std::size_t i = 0; i < requests.size(); ++i) {
            // Half of them in an open world (unknown keys make statements "may apply"), half closed.
            requests[i].context.setOpenWorld(i % 2 == 0);
            requests[i].keyArn = {"aws", i % 3 == 0 ? "eu-west-1" : "", i % 3 == 0 ? "111122223333" : ""};
        }
        requests[1].context.set("aws:PrincipalOrgID", "o-a1b2c3d4e5");
        requests[3].context.set("kms:ViaService", "s3.eu-west-1.amazonaws.com");
        requests[3].context.set("kms:EncryptionContext:aws:logs:arn",
                                "arn:aws:logs:eu-west-1:111122223333:log-group:airflow-MyEnv-Task");
        std::size_t compared = 0;
        std::array<std::size_t, 3> byTruth{};
        for (const std::string& path : files) {
            QFile file(QString::fromStdString(path));
            QVERIFY(file.open(QIODevice::ReadOnly));
            const SourceDocument document = SourceDocument::parse(file.readAll().toStdString());
            if (!document.isValid()) {
                continue;
            }
            const PolicyView view = readPolicy(document.json());
            const PreparedPolicy prepared(view);
            for (Request request : requests) {
                for (const auto& action : Vocabulary::instance().actions()) {
                    request.setAction(action.name);
                    const Decision d = evaluate(prepared, request);
                    const std::vector<StatementTrace> traces = tracePolicy(prepared, request);
                    QCOMPARE(traces.size(), view.statements.size());
                    std::vector<Truth> expected(view.statements.size(), Truth::False);
                    for (const auto* list : {&d.allows, &d.denies}) {
                        for (const auto& m : *list) {
                            expected[m.statement] = Truth::True;
                        }
                    }
                    for (const auto* list : {&d.maybeAllows, &d.maybeDenies}) {
                        for (const auto& m : *list) {
                            expected[m.statement] = Truth::Unknown;
                        }
                    }
                    for (std::size_t i = 0; i < traces.size(); ++i) {
                        const StatementTrace& t = traces[i];
                        if (t.applies != expected[i]) {
                            qWarning("%s statement %zu, %s by %s",
                                     path.c_str(),
                                     i,
                                     action.name.c_str(),
                                     request.principal.display().c_str());
                        }
                        QCOMPARE(t.applies, expected[i]);
                        ++byTruth[static_cast<std::size_t>(t.applies)];
                        // Each part evaluateStatement() reaches agrees with the trace's.
                        const StatementResult r
                            = evaluateStatement(prepared.statements()[i], request, prepared.policyVariables());
                        QCOMPARE(r.wellFormed, t.wellFormed);
                        if (r.wellFormed) {
                            QCOMPARE(r.actionMatches, t.actionMatches);
                        }
                        if (r.actionMatches) {
                            QCOMPARE(r.principal, t.principal);
                            if (view.statements[i].hasPrincipal) { // NotPrincipal: the trace names the entry
                                QCOMPARE(r.principalPointer, t.principalPointer);
                            }
                        }
                        if (r.principal != PrincipalMatch::None) {
                            QCOMPARE(r.resourceMatches, t.resource == Truth::True);
                            QCOMPARE(r.resourceUnknown, t.resource == Truth::Unknown);
                        }
                        QCOMPARE(t.conditions.size(), view.statements[i].conditions.size());
                        // A part that matched names the entry that matched.
                        if (view.statements[i].hasAction && t.actionMatches) {
                            QVERIFY(!t.actionPointer.empty());
                        }
                        if (view.statements[i].hasResource && t.resource != Truth::False) {
                            QVERIFY(!t.resourcePointer.empty());
                        }
                        ++compared;
                    }
                }
            }
        }
        QVERIFY(compared > 100000);
        QVERIFY(byTruth[0] > 0 && byTruth[1] > 0 && byTruth[2] > 0); // all three answers occur
    }
};

QTEST_GUILESS_MAIN(TestEvaluator)
#include "tst_evaluator.moc"
