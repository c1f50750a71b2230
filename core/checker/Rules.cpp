// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/checker/Rules.h"

#include <array>

namespace kps {
namespace {

using enum Severity;
using enum RuleGroup;

// clang-format off
constexpr std::array kRules = {
    // ---- Document and grammar --------------------------------------------------------------------------------
    RuleInfo{"JSON_SYNTAX", Error, Document, "The text is not valid JSON",
        "Not valid JSON: %1.",
        "KMS rejects a key policy that does not parse. The location is where the parser stopped; the mistake is "
        "often just before it (a missing comma, quote or bracket)."},
    RuleInfo{"JSON_DUPLICATE_KEY", Error, Document, "An object repeats a key",
        "The key \"%1\" appears more than once in the same object; most JSON libraries silently keep only one of them.",
        "IAM's grammar forbids repeating an element, and what survives depends on the parser: merge the two values "
        "into one element or remove the duplicate."},
    RuleInfo{"POLICY_TOO_LARGE", Error, Document, "The policy is over the 32 KB key policy quota",
        "The policy is %1 bytes; KMS accepts at most 32,768 bytes per key policy.",
        "The key policy quota (32,768 bytes of the exact text sent, white space included) cannot be raised. Merge "
        "statements, remove redundant ones, or move per-principal permissions to IAM policies or grants."},
    RuleInfo{"POLICY_CHARSET", Error, Document, "A character KMS refuses",
        "The character %1 is not allowed in a key policy (only TAB, LF, CR and U+0020 to U+00FF).",
        "KMS validates key policies against the pattern [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+. Smart quotes, "
        "dashes and other characters pasted from documents or chats are the usual cause; replace them with ASCII."},
    RuleInfo{"NESTING_TOO_DEEP", Error, Document, "Nesting deeper than any policy element allows",
        "Nesting is deeper than %1 levels; no key policy element nests that deep, so checking stopped here.",
        "The deepest policy element (a condition value list) is six levels down. Deeper input is refused before it "
        "can exhaust memory or the stack."},
    RuleInfo{"NOT_AN_OBJECT", Error, Document, "The policy or a statement is not a JSON object",
        "%1 must be a JSON object, not %2.",
        "A key policy is an object with Version and Statement; each statement is an object."},
    RuleInfo{"UNKNOWN_ELEMENT", Error, Document, "An element that is not in the policy grammar",
        "\"%1\" is not a policy element here; allowed: %2.",
        "KMS rejects unknown elements. Top level: Version, Id, Statement. Statement: Sid, Effect, Principal, "
        "NotPrincipal, Action, NotAction, Resource, NotResource, Condition. Element names are case-sensitive."},
    RuleInfo{"WRONG_TYPE", Error, Document, "An element has a value of the wrong JSON type",
        "%1 must be %2, not %3.",
        "Each element takes a fixed JSON type: Effect and Version are strings, Action and Resource a string or an "
        "array of strings, Principal \"*\" or an object, Condition an object of objects."},
    RuleInfo{"VERSION_MISSING", Warning, Document, "No Version element",
        "The policy has no Version; policy variables would not be substituted. Use \"2012-10-17\".",
        "Without Version, IAM uses the 2008-10-17 language, in which ${aws:username} and other policy variables are "
        "literal text. The KMS developer guide asks for \"Version\": \"2012-10-17\"."},
    RuleInfo{"VERSION_INVALID", Error, Document, "Version is not a policy language version",
        "Version \"%1\" is neither \"2012-10-17\" nor \"2008-10-17\".",
        "Version is the policy language version, not a date of yours. The current one is \"2012-10-17\"."},
    RuleInfo{"VERSION_OLD", Suggestion, Document, "The old 2008-10-17 policy language",
        "Version \"2008-10-17\" is the old policy language; use \"2012-10-17\".",
        "The 2008-10-17 language does not support policy variables."},
    RuleInfo{"VERSION_OLD_WITH_VARIABLES", Error, Document, "A policy variable the Version does not substitute",
        "%1 holds a policy variable, but %2 variables are literal text; use \"2012-10-17\".",
        "Policy variables (${aws:username}, ${aws:PrincipalAccount}, ...) are substituted only under Version "
        "2012-10-17. Under 2008-10-17, or without a Version, the value is compared as written, so it matches nothing "
        "the author meant. Reported instead of VERSION_OLD or VERSION_MISSING when a Resource or Condition value "
        "holds a variable. The fix sets the Version."},
    RuleInfo{"VARIABLE_MISSING_BRACE", Error, Document, "A policy variable without its closing brace",
        "%1: the policy variable %2 has no closing brace; add } after the variable's name.",
        "A policy variable is ${ followed by a condition key and }. Without the brace the rest of the value is taken "
        "as the variable's name, which names no key, so the value matches nothing."},
    RuleInfo{"VARIABLE_MISSING_QUOTE", Error, Document, "A policy variable's default without single quotes",
        "%1: the default of the policy variable %2 is not in single quotes; write ${KEY, 'default'}.",
        "A default value follows the key after a comma and is written in single quotes: "
        "${aws:PrincipalTag/team, 'company-wide'}. The fix quotes a default written without any quote."},
    RuleInfo{"VARIABLE_SPACE", Error, Document, "A space in a policy variable's name",
        "%1: the policy variable %2 has a space in its name.",
        "No condition key has a space, so a variable with one names nothing and the value matches nothing. Blanks "
        "are allowed only around the comma before a default. The fix removes the blanks from the name."},
    RuleInfo{"VARIABLE_EMPTY", Error, Document, "An empty policy variable",
        "%1: %2 names no condition key.",
        "${} or ${ } stands for nothing: write the condition key whose value is meant (${aws:username}), or "
        "${*}, ${?} or ${$} for those characters."},
    RuleInfo{"VARIABLE_IN_ELEMENT", Error, Document, "A policy variable where variables are not substituted",
        "%1 holds the policy variable %2, but %3 takes no policy variables: it is compared as literal text.",
        "Policy variables are substituted in Resource values and in the values of String and ARN conditions only. "
        "In Principal or Action the text ${...} stays as written, so the principal or action names nothing that "
        "exists (KMS may refuse the principal). Name the principal or action itself, or move the test to a "
        "condition (aws:PrincipalArn with ArnLike and the variable)."},
    RuleInfo{"VARIABLE_INVALID_FOR_OPERATOR", Error, Document, "A policy variable under an operator that does not substitute it",
        "%1 holds the policy variable %2, but %3 does not substitute variables (only String and ARN operators do), so "
        "it compares the literal text.",
        "Numeric, Date, Bool, Binary, IpAddress and Null operators take their values as written: ${...} is then no "
        "number, date or address, and the condition never matches as meant."},
    RuleInfo{"STATEMENT_MISSING", Error, Document, "No statement",
        "The policy has no statement.",
        "A key policy needs at least one statement. Without one nobody, not even the account, can use or manage the "
        "key."},
    RuleInfo{"SID_DUPLICATE", Error, Document, "Two statements share a Sid",
        "The Sid \"%1\" is also used by statement %2.",
        "Statement ids must be unique within a policy."},
    RuleInfo{"SID_EMPTY", Suggestion, Document, "An empty Sid",
        "The Sid is an empty string; name the statement or remove the Sid.",
        "A Sid is optional; an empty one names nothing and cannot be told apart from another. The fix removes it."},
    RuleInfo{"EFFECT_MISSING", Error, Document, "A statement has no Effect",
        "The statement has no Effect (\"Allow\" or \"Deny\").",
        "Every statement needs an Effect."},
    RuleInfo{"EFFECT_INVALID", Error, Document, "Effect is not exactly Allow or Deny",
        "Effect \"%1\" must be exactly \"Allow\" or \"Deny\" (case matters).",
        "Effect values are case-sensitive."},
    RuleInfo{"PRINCIPAL_MISSING", Error, Document, "A statement has no principal",
        "The statement has neither Principal nor NotPrincipal; KMS rejects it (\"Policy contains a statement with no "
        "principal\").",
        "Every key policy statement must name who it applies to."},
    RuleInfo{"ACTION_MISSING", Error, Document, "A statement has no action",
        "The statement has neither Action nor NotAction, so it does nothing.",
        "KMS accepts such a statement but it has no effect, which is rarely what the author meant."},
    RuleInfo{"RESOURCE_MISSING", Error, Document, "A statement has no resource",
        "The statement has neither Resource nor NotResource, so it does nothing; use \"Resource\": \"*\".",
        "In a key policy, \"Resource\": \"*\" means this key."},
    RuleInfo{"ELEMENT_CONFLICT", Error, Document, "Both an element and its Not form",
        "The statement has both %1 and %2; use one of them.",
        "Action/NotAction, Principal/NotPrincipal and Resource/NotResource exclude each other."},
    RuleInfo{"ACTION_UNKNOWN", Error, Document, "An action that KMS does not have",
        "\"%1\" is not a KMS action%2.",
        "A misspelt action silently grants nothing. Action names are matched case-insensitively, but must exist."},
    RuleInfo{"ACTION_NOT_KMS", Warning, Document, "An action of another service",
        "\"%1\" is not a kms: action; a key policy only controls its own key, so it has no effect.",
        "Only kms: actions on this key can be granted by a key policy. Put other services' actions in IAM policies."},
    RuleInfo{"ACTION_IAM_ONLY", Warning, Document, "An action a key policy cannot authorize",
        "\"%1\" has no effect in a key policy: %2.",
        "Some KMS permissions are authorized only by IAM policies (for example kms:CreateKey, kms:ListAliases) or are "
        "decided by the grant itself (kms:RetireGrant)."},
    RuleInfo{"ACTION_EMPTY", Warning, Document, "Action is an empty list",
        "\"Action\": [] names no action, so this statement applies to nothing: it neither allows nor denies anything.",
        "A statement applies only to the actions it names. KMS accepts the policy, but the statement is dead. List "
        "the actions meant, or remove the statement."},
    RuleInfo{"ACTION_REDUNDANT", Suggestion, Document, "An action another entry of the list already covers",
        "\"%1\" is already covered by \"%2\" in the same list.",
        "Every KMS action the entry matches is also matched by another entry of the same Action list, so removing "
        "it changes nothing the statement allows or denies. The fix removes it."},
    RuleInfo{"PRINCIPAL_INVALID", Error, Document, "A principal KMS would reject",
        "%1",
        "Principals are \"*\", an AWS account id or IAM ARN (root, user, role, assumed-role session), or a service "
        "principal. IAM groups, partial wildcards, Federated and CanonicalUser principals are not valid in a key "
        "policy, and KMS rejects principals that do not exist. Names no IAM entity can have are reported too: IAM's "
        "character quotas (IAM User Guide, \"IAM and AWS STS quotas\") allow user, role and role session names of at "
        "most 64 characters and paths of at most 512, and the IAM API Reference gives ARNs at most 2,048."},
    RuleInfo{"PRINCIPAL_PARTITION_MISMATCH", Error, Document, "A principal of another partition than the key's",
        "\"%1\" is in the partition %2, but the key is in %3, so this principal never matches a caller of the key.",
        "Every ARN names its partition (aws, aws-cn, aws-us-gov...), and principals of one partition cannot call a key "
        "of another. Write the principal with the key's partition, e.g. arn:aws-cn:iam::ACCOUNT:root for a key in a "
        "China region. The key's partition comes from the context given (partition, region or key ARN); without it "
        "this check is skipped. The fix replaces the partition when the rest of the ARN is valid."},
    RuleInfo{"RESOURCE_NOT_STAR", Warning, Document, "Resource other than \"*\"",
        "%1 \"%2\": in a key policy the resource is always \"*\" (this key).",
        "A key policy governs only the key it is attached to. An ARN here either matches this key (and is "
        "redundant) or does not (and the statement silently does nothing)."},
    RuleInfo{"RESOURCE_ARN_INVALID", Error, Document, "A Resource ARN that is malformed or names no KMS key",
        "%1; the statement applies to no key. In a key policy the resource is \"*\" (this key).",
        "A key policy governs only the key it is attached to, and its Resource is written \"*\". A KMS key ARN is "
        "arn:PARTITION:kms:REGION:ACCOUNT:key/KEY-ID: a value that does not start with arn:, lacks one of the six "
        "fields, names an unknown partition, a service in upper case or another service, no region or an invalid "
        "one, no account or one that is not 12 digits, or a resource part other than key/ or alias/ never matches "
        "the key, so the statement silently does nothing. The message names the field that is wrong. The only fix "
        "offered is the lower-case service name (kms): whether the statement should apply is the author's decision."},
    RuleInfo{"RESOURCE_EMPTY", Warning, Document, "Resource is an empty list",
        "\"Resource\": [] names no resource, so this statement applies to nothing: it neither allows nor denies "
        "anything. In a key policy the resource is \"*\" (this key).",
        "A statement applies only to the resources its Resource element names, and an empty list names none. KMS "
        "accepts the policy, but the statement is dead: an Allow grants nothing (so it cannot keep the key "
        "manageable) and a Deny refuses nothing. Write \"Resource\": \"*\" if the statement is meant to apply, or "
        "remove it. No fix is offered: making a dead Deny apply to the key is the author's decision."},
    RuleInfo{"SERVICE_NAME_WILDCARD", Suggestion, Document, "A wildcard in a service name",
        "%1: %2 holds a wildcard; write %3.",
        "A wildcard in the service part of an action (\"*:Decrypt\", \"k*:Decrypt\") or of a resource ARN "
        "(arn:aws:*:...) also names other services, today's and future ones with similar names. In a key policy only "
        "KMS counts, so the fix writes kms when the pattern matches it."},
    RuleInfo{"CONDITION_OPERATOR_UNKNOWN", Error, Document, "Not a condition operator",
        "\"%1\" is not an IAM condition operator%2.",
        "Operators are case-sensitive; IfExists, ForAllValues: and ForAnyValue: are the only modifiers."},
    RuleInfo{"CONDITION_KEY_UNKNOWN", Warning, Document, "Not a KMS or global condition key",
        "\"%1\" is not a KMS or global condition key%2; a condition on a key that is never in the request context "
        "never matches.",
        "Condition keys are case-insensitive, but must exist for KMS requests."},
    RuleInfo{"CONDITION_TYPE_MISMATCH", Error, Document, "Operator does not fit the key's type",
        "%1 compares %2 values, but %3 is a %4 key.",
        "A Numeric, Date, Bool, IpAddress or Arn operator on a key of another type never matches as intended."},
    RuleInfo{"CONDITION_STRING_ON_BOOL", Warning, Document, "A string operator on a Boolean key",
        "%1 compares the Boolean key %2 %3; Bool is the operator for Boolean keys: write %4.",
        "A Boolean key (aws:SecureTransport, aws:ViaAWSService, kms:GrantIsForAWSResource...) holds true or false. A "
        "String operator compares it as text: the exact value \"true\" or \"false\" works, but \"True\" or \"1\" never "
        "equals it under StringEquals, and readers and tools cannot see that a Boolean is meant. Use Bool, or "
        "BoolIfExists when the key may be absent. The fix moves the key to Bool (keeping IfExists and a set prefix) "
        "when its one value is true or false and no Bool block already holds the key."},
    RuleInfo{"CONDITION_VALUE_INVALID", Error, Document, "A condition value is malformed for its operator",
        "%1",
        "Bool takes true or false; Numeric a number; Date an ISO 8601 date; IpAddress a CIDR range; Arn operators "
        "an ARN. Each value is a string, number or boolean, and several values form one flat list. A malformed value "
        "never matches."},
    RuleInfo{"CONDITION_VALUES_EMPTY", Warning, Document, "A condition key with an empty list of values",
        "%1 under %2 lists no value, so the condition %3.",
        "An empty list does not mean \"any value\". What it means depends on the operator: a positive operator "
        "never matches and ForAnyValue: never holds; a negated operator (StringNotEquals...) always holds; "
        "...IfExists and ForAllValues: hold only when the request has no such key, which Null \"true\" says "
        "plainly. List the values the condition is meant to allow or deny, or write the Null test that is meant."},
    RuleInfo{"CONDITION_SET_OPERATOR", Warning, Document, "Set operator and key do not fit",
        "%1",
        "ForAllValues/ForAnyValue are for multivalued keys (kms:EncryptionContextKeys, kms:GrantOperations, "
        "aws:TagKeys...). On a single-valued key ForAllValues is true when the key is absent, and KMS rejects it with "
        "kms:EncryptionContext:* keys."},

    RuleInfo{"CONDITION_FORALLVALUES_REJECTED", Error, Document, "KMS rejects ForAllValues on this key",
        "KMS rejects this policy: ForAllValues with the single-valued key %1 is refused as "
        "OverlyPermissiveCondition (it is true when the request has no such key). Use %2 without the "
        "ForAllValues: prefix.",
        "PutKeyPolicy refuses ForAllValues with kms:EncryptionContext:* and aws:RequestTag/* keys, because the "
        "condition also holds for a request without any such key. KMS's documentation on encryption-context "
        "conditions says to use the operator without the set prefix (or ForAnyValue with "
        "kms:EncryptionContextKeys)."},
    RuleInfo{"CONDITION_ARN_EQUALS_WILDCARD", Suggestion, Document, "ArnEquals with a wildcard",
        "\"%1\" contains a wildcard, which %2 matches as a pattern just as %3 does; %3 states the intent.",
        "The IAM User Guide documents ArnEquals and ArnLike (and ArnNotEquals and ArnNotLike) alike: each of the six "
        "colon-separated fields of the ARN is compared separately and case-sensitively, and may contain the wildcards "
        "\"*\" and \"?\"; it says the two operators behave identically. So the condition works, but ArnLike tells "
        "readers and tools that a pattern is meant. The fix moves the key to ArnLike (ArnNotLike), keeping IfExists "
        "and a set prefix, unless that block already holds the key."},
    RuleInfo{"CONDITION_VALUE_TYPES_MIXED", Error, Document, "A condition key's values mix JSON types",
        "The values of %1 mix JSON types: %2 is %3 while the first value is %4; write them all as one type.",
        "The values of one key are one list of strings, numbers or booleans, not a mixture. IAM compares them as "
        "text, so when the first value is a string the fix writes the others as strings too."},
    RuleInfo{"CONDITION_KEY_DUPLICATE_CASE", Error, Document, "A condition key written twice in different case",
        "%1 repeats the key %2 under the same operator %3: condition keys are case-insensitive, so this is one key "
        "written twice.",
        "Which of the two lists of values counts is not defined. Merge them under one spelling (OR of the values) or "
        "write the second test under another operator."},
    RuleInfo{"CONDITION_REGION_INVALID", Error, Document, "A condition value that is no Region code",
        "\"%1\" is not an AWS Region code (such as us-east-1), so %2 never equals it.",
        "aws:RequestedRegion, kms:PrimaryRegion and kms:ReplicaRegion hold Region codes: an area, a direction and a "
        "number (us-east-1, eu-central-2, us-gov-west-1). A misspelt one matches no request."},
    RuleInfo{"CONDITION_SERVICE_PRINCIPAL_FORMAT", Error, Document, "A condition value that is no service principal",
        "\"%1\" is not a service principal as %2 takes it: %3.",
        "kms:ViaService holds the service principal of the Region the request came through "
        "(sqs.us-east-1.amazonaws.com); aws:PrincipalServiceName, aws:CalledVia and the grant keys hold service "
        "principals (logs.amazonaws.com, airflow.us-east-1.amazonaws.com), in lower case. Another form never matches. "
        "The fix writes the value in lower case when that is the only problem."},
    RuleInfo{"CONDITION_VPC_FORMAT", Error, Document, "A condition value that is no VPC id",
        "\"%1\" is not a VPC id (vpc- and 8 or 17 letters or digits), so %2 never equals it.",
        "aws:SourceVpc holds the id of the VPC the request came from, such as vpc-1a2b3c4d or "
        "vpc-11223344556677889."},
    RuleInfo{"CONDITION_VPCE_FORMAT", Error, Document, "A condition value that is no VPC endpoint id",
        "\"%1\" is not a VPC endpoint id (vpce- and 8 or 17 letters or digits), so %2 never equals it.",
        "aws:SourceVpce holds the id of the VPC endpoint the request came through, such as vpce-1a2b3c4d or "
        "vpce-11223344556677889."},
    RuleInfo{"CONDITION_IP_PRIVATE", Error, Document, "aws:SourceIp limited to private addresses",
        "aws:SourceIp holds only public addresses, and %1 lists only private ranges, so the condition never holds.",
        "A request that reaches KMS through a VPC endpoint has no aws:SourceIp (aws:VpcSourceIp holds its private "
        "address), and one over the internet has a public address. Use aws:VpcSourceIp, with aws:SourceVpc, for "
        "private ranges."},
    RuleInfo{"CONDITION_NOT_IP_PRIVATE", Error, Document, "aws:SourceIp excluded only for private addresses",
        "aws:SourceIp holds only public addresses, and %1 lists only private ranges, so the condition always holds "
        "and excludes nothing.",
        "NotIpAddress with private ranges excludes addresses aws:SourceIp never holds. Use aws:VpcSourceIp for "
        "private ranges."},
    RuleInfo{"CONDITION_IP_PRIVATE_SUBSET", Suggestion, Document, "A private range among aws:SourceIp's values",
        "\"%1\" is a private range, which aws:SourceIp never holds, so under %2 it admits nothing; use "
        "aws:VpcSourceIp for private addresses.",
        "The public ranges of the list work; the private ones never match."},
    RuleInfo{"CONDITION_NOT_IP_PRIVATE_SUBSET", Suggestion, Document, "A private range among NotIpAddress's values",
        "\"%1\" is a private range, which aws:SourceIp never holds, so under %2 it excludes nothing; use "
        "aws:VpcSourceIp for private addresses.",
        "The public ranges of the list work; the private ones exclude nothing."},
    RuleInfo{"CONDITION_IP_HOST_BITS", Suggestion, Document, "An IP range with bits set after its prefix",
        "\"%1\" has bits set after its prefix length, which are ignored; write %2.",
        "In CIDR notation the address of a range ends in zero bits after the prefix: 203.0.113.7/24 means "
        "203.0.113.0/24. The fix writes the range's own address."},
    RuleInfo{"CONDITION_DATE_EPOCH", Warning, Document, "A date written as epoch seconds",
        "\"%1\" is an epoch time (%2); write the date in ISO 8601 (YYYY-MM-DDThh:mm:ssZ).",
        "Date operators accept epoch seconds, but a reader cannot check them, and milliseconds are an easy mistake "
        "that moves the date thousands of years. The fix writes the same instant in ISO 8601 (UTC)."},
    RuleInfo{"CONDITION_NUMERIC_REDUNDANT", Suggestion, Document, "Numeric bounds of which only one counts",
        "The values of %1 under %2 are ORed, so only the %4 one, %3, counts; write it alone.",
        "Several values of one key match when any of them does: under NumericLessThan the greatest bound decides, "
        "under NumericGreaterThan the least. The fix keeps that one."},
    RuleInfo{"CONDITION_NULL_SET_OPERATOR", Suggestion, Document, "Null with ForAllValues or ForAnyValue",
        "%1 %2 whatever the request holds: Null tests whether a key is present and takes no set prefix.",
        "ForAllValues:Null always holds and ForAnyValue:Null never does, so the condition decides nothing. Write Null "
        "\"true\" or \"false\" without the prefix."},
    RuleInfo{"CONDITION_EMPTY", Suggestion, Document, "An empty Condition or operator",
        "%1 is empty: %2; remove it.",
        "An empty Condition element, or an operator with no key, tests nothing. The fix removes it."},
    RuleInfo{"CONDITION_WILDCARD_NOT_LIKE", Warning, Document, "A wildcard that an Equals operator compares literally",
        "\"%1\" holds a wildcard, but %2 compares it as literal text; if a pattern is meant, use %3.",
        "Only the Like operators (and the ARN operators) read * and ? as wildcards; StringEquals looks for those "
        "characters themselves. Write ${*} or ${?} in a Like pattern for the literal characters."},
    RuleInfo{"CONDITION_NULL_EQUIVALENT", Suggestion, Document, "A pattern that only tests whether a key is present",
        "%1 with \"%2\" matches every value, so the condition %3: write Null \"%4\" for %5.",
        "A pattern of nothing but * matches whatever the key holds, so only the key's presence is tested. Null says "
        "that plainly. No fix is offered: a pattern of nothing but * is often a placeholder for a value still to be "
        "written (the MWAA profile, for one, asks for the account's log groups there)."},
    RuleInfo{"CONDITION_KEY_ALWAYS_TRUE", Suggestion, Document, "A condition that always holds",
        "%1 with \"%2\" matches every value, so the condition %3: remove the key.",
        "With IfExists or ForAllValues a pattern of nothing but * holds for every request, so the key limits "
        "nothing. Remove it, or write the values it was meant to allow; no fix is offered, because which is meant "
        "is the author's to say."},
    RuleInfo{"CONDITION_NEVER_TRUE", Warning, Document, "A condition that never holds",
        "%1 with \"%2\" matches every value, so the condition %3: this statement never %4 anything.",
        "A negated pattern of nothing but * excludes every value, and ForAnyValue: fails when the key is absent, so "
        "the statement is dead. Write the condition that is meant."},
    RuleInfo{"CONDITION_KEY_UNSUPPORTED_ACTION", Error, Document, "A condition key an action's requests never carry",
        "No %1 request carries %2, so %3.",
        "Each KMS action's requests carry the condition keys the Service Authorization Reference lists for it (and "
        "those of the key): kms:DescribeKey has no encryption context, only CreateGrant, ListGrants and RevokeGrant "
        "have kms:GrantIsForAWSResource. For an action that lacks the key, a positive condition never holds (the "
        "statement never applies to it) and a negated or ...IfExists one always holds. Move such actions to a "
        "statement without the condition. Action patterns are not judged: kms:Describe* with an "
        "encryption-context condition stands for the actions that have one, as AWS's own Logs statement writes. For "
        "the CloudWatch Logs service principal kms:DescribeKey is not judged against encryption-context keys either: "
        "the MWAA profile assumes its DescribeKey calls carry the logs-ARN context (docs/mwaa.md)."},
    RuleInfo{"CONDITION_KEY_NOT_FOR_SERVICE", Error, Document, "A condition key a service principal's requests never carry",
        "%1 is never in a request that %2 makes, so %3.",
        "A service principal calls KMS as itself: its requests have no caller identity (aws:PrincipalArn, "
        "aws:PrincipalAccount, aws:PrincipalOrgID, aws:PrincipalTag/*, aws:userid...), no VPC source and no "
        "kms:ViaService. Limit a service with aws:SourceAccount, aws:SourceArn or an encryption-context key instead. "
        "With the MWAA profile the CloudWatch Logs statement is left to MWAA_LOGS_CONDITION."},

    // ---- Security and good practice ---------------------------------------------------------------------------
    RuleInfo{"PUBLIC_ACCESS", Security, Practice, "Anyone may use the key",
        "This statement allows %1 to every AWS principal in every account: add a condition on aws:PrincipalOrgID, "
        "aws:PrincipalAccount or kms:CallerAccount.",
        "Principal \"*\" without a condition that pins the caller's account or organization opens the key to all of "
        "AWS; the other side only needs its own IAM permission."},
    RuleInfo{"ALLOW_NOT_PRINCIPAL", Security, Practice, "Allow with NotPrincipal",
        "Allow with NotPrincipal grants to every principal except the ones listed.",
        "AWS advises against NotPrincipal with Allow and is restricting it; name the principals instead."},
    RuleInfo{"ALLOW_NOT_ACTION", Security, Practice, "Allow with NotAction",
        "Allow with NotAction grants every action except the ones listed, including actions added to KMS later.",
        "List the actions the principal needs instead."},
    RuleInfo{"BROAD_ADMIN", Security, Practice, "Full control for a principal other than the account",
        "%1 gets %2 on the key; only the account principal (arn:aws:iam::ACCOUNT:root) should hold kms:*.",
        "Give administrators the key-administrator actions and users the cryptographic actions; kms:* lets a "
        "principal change the policy and schedule the key for deletion."},
    RuleInfo{"CROSS_ACCOUNT", Warning, Practice, "A principal in another account",
        "%1 is in account %2, not the key's account %3.",
        "Reported for audit: cross-account access is not wrong in itself, but should be intended."},
    RuleInfo{"SERVICE_NO_SOURCE", Suggestion, Practice, "A service principal without a confused-deputy guard",
        "The service principal %1 is allowed without aws:SourceAccount, aws:SourceArn or an encryption-context "
        "condition.",
        "A condition that names your account or resource keeps the service from using the key on behalf of someone "
        "else (the confused deputy problem)."},
    RuleInfo{"LOCKOUT_RISK", Error, Practice, "Nobody could change the policy any more",
        "%1; KMS's lockout safety check rejects this policy and the key would become unmanageable.",
        "Keep the statement that enables IAM policies (the account principal with kms:*) or a key administrator "
        "with kms:PutKeyPolicy."},
    RuleInfo{"GRANT_NOT_FOR_AWS_RESOURCE", Suggestion, Practice, "CreateGrant without kms:GrantIsForAWSResource",
        "kms:CreateGrant is allowed to %1 without the condition kms:GrantIsForAWSResource = true.",
        "A principal with kms:CreateGrant can give any grant operation to anyone. Limiting it to grants that AWS "
        "services create on the principal's behalf is the console's default."},
    RuleInfo{"STATEMENT_REDUNDANT", Suggestion, Practice, "A statement that adds nothing",
        "This statement allows nothing that statement %1 does not already allow.",
        "Redundant statements make reviews harder and use up the 32 KB quota."},
    RuleInfo{"CONDITION_KEY_UNTRUSTWORTHY", Security, Practice, "A condition on a value the caller sends",
        "%1 is taken from a header the caller sends, so any caller can present the value the condition expects; it "
        "does not control who uses the key.",
        "The IAM User Guide warns that aws:referer and aws:UserAgent can be set to any value by the caller. Control "
        "access with the caller's identity (principals, aws:PrincipalArn, aws:PrincipalOrgID) or network "
        "(aws:SourceVpce) instead."},
    RuleInfo{"CONDITION_KEY_UNPAIRED", Security, Practice, "A condition key used without the key it needs",
        "%1 is used without %2: on its own it can match requests from networks you do not own; add %2 to the "
        "same Condition.",
        "Private addresses are not unique: aws:VpcSourceIp (and aws:Ec2InstanceSourcePrivateIPv4) match the same "
        "address in anyone's VPC. The IAM User Guide asks for aws:SourceVpc (aws:Ec2InstanceSourceVpc) with them. "
        "Reported for Allow statements."},
    RuleInfo{"CONDITION_STRING_LIKE_ON_ARN", Security, Practice, "A string pattern on an ARN key",
        "%1 matches the ARN key %2 as one string, so a * also spans the colons between ARN fields; use %3, which "
        "matches each field separately.",
        "arn:aws:iam::111122223333:role/* under StringLike also matches an ARN whose later fields contain that "
        "text, and a pattern meant for one field can match across several. The fix moves the key to ArnLike "
        "(ArnNotLike) when every value is a whole ARN pattern."},
    RuleInfo{"CONDITION_WILDCARD_TOO_PERMISSIVE", Security, Practice, "A wildcard in a key that must be exact",
        "The %1 value \"%2\" holds a wildcard, so it matches %3.",
        "The IAM User Guide lists sensitive condition keys in which a wildcard has no valid use, even in part of "
        "the value: aws:SourceAccount, aws:PrincipalAccount, aws:PrincipalOrgID, aws:ResourceAccount, "
        "aws:SourceVpc, aws:SourceVpce and the like. A pattern there admits other accounts, organizations or "
        "networks. In aws:userid a wildcard in the unique id (before the colon) admits other principals. Write the "
        "exact values."},
    RuleInfo{"CONDITION_VARIABLE_TOO_PERMISSIVE", Security, Practice, "A key that must be exact compared with a value the caller sets",
        "The %1 value \"%2\" is taken from %3, a value the caller sets, so the caller chooses what the condition "
        "admits.",
        "Comparing a sensitive key (aws:SourceAccount, aws:PrincipalOrgID, ...) or aws:userid with a variable is "
        "safe when AWS sets the variable's value (${aws:PrincipalAccount}, ${aws:ResourceOrgID}), not when the "
        "caller does (request or session tags, the session name, an encryption context, headers)."},

    // ---- MWAA profile -----------------------------------------------------------------------------------------
    RuleInfo{"MWAA_LOGS_STATEMENT_MISSING", Error, Mwaa, "CloudWatch Logs cannot use the key",
        "No statement allows %1 to use the key; MWAA's encrypted log groups cannot be created.",
        "MWAA sends Airflow logs to CloudWatch Logs log groups encrypted with this key. The key policy must allow "
        "the Regional CloudWatch Logs service principal kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, "
        "kms:GenerateDataKey* and kms:Describe*, limited to the environment's log groups."},
    RuleInfo{"MWAA_LOGS_ACTIONS_INCOMPLETE", Error, Mwaa, "CloudWatch Logs lacks an action it needs",
        "%1 is not allowed %2 for the environment's log groups.",
        "CloudWatch Logs needs Encrypt, Decrypt, ReEncryptFrom, ReEncryptTo, GenerateDataKey, "
        "GenerateDataKeyWithoutPlaintext and DescribeKey."},
    RuleInfo{"MWAA_LOGS_REGION_MISMATCH", Error, Mwaa, "The logs statement names another region or partition",
        "%1 names %2, but the environment is in %3.",
        "The CloudWatch Logs principal and the log-group ARNs must be those of the environment's region."},
    RuleInfo{"MWAA_LOGS_CONDITION", Error, Mwaa, "The Logs statement's conditions refuse CloudWatch Logs",
        "%1",
        "Limit the CloudWatch Logs principal with ArnLike on kms:EncryptionContext:aws:logs:arn; the value must "
        "match arn:PARTITION:logs:REGION:ACCOUNT:log-group:airflow-ENV-*. An error when CloudWatch Logs' requests "
        "can never meet the conditions (whatever the operator or key); a warning when they meet them only if a fact "
        "that was not given holds (the message names it, and the check's assumptions list it)."},
    RuleInfo{"MWAA_LOGS_CONDITION_BROAD", Suggestion, Mwaa, "The logs condition allows any account",
        "The condition allows log groups of any account (%1); %2 is tighter.",
        "AWS's page shows arn:aws:logs:REGION:*:*, which lets CloudWatch Logs use the key for any account's log "
        "groups. Use the account id. A warning when the Logs statement has no logs-ARN condition at all (any log "
        "group of any account)."},
    RuleInfo{"MWAA_LOGS_DENIED", Error, Mwaa, "A Deny blocks CloudWatch Logs",
        "This Deny statement refuses %1 to CloudWatch Logs for the environment's log groups.",
        "An explicit Deny wins over every Allow. A warning when the Deny applies only if a fact that was not given "
        "holds (its condition key is not documented for CloudWatch Logs' requests). A documented Logs statement "
        "written with Effect Deny gets the fix that makes it an Allow."},
    RuleInfo{"MWAA_SERVICE_DENIED", Error, Mwaa, "A Deny blocks MWAA's own use of the key",
        "This Deny statement refuses %1 to %2: MWAA's service principal, which uses the key under its grants.",
        "MWAA's four grants let its service principal (airflow.REGION) encrypt and decrypt the environment's "
        "queues, database, secrets and buckets, and retire its grants; a grant gives the Allow, but an explicit Deny "
        "of the key policy wins over a grant. A warning when the Deny applies only if a fact that was not given "
        "holds (what MWAA's calls carry, such as their encryption context, is not documented)."},
    RuleInfo{"MWAA_LOGS_RESOURCE", Error, Mwaa, "The Logs statement's Resource is not this key",
        "The Logs statement's Resource %1 never applies: %2.",
        "In a key policy the resource is always the key itself, so \"*\" is the Resource to write. An alias ARN, "
        "or a key ARN of another region, account or partition, makes the statement apply to nothing. A warning "
        "when the Resource names a key ARN and the key was not given (--key): it applies only if that is the "
        "key."},
    RuleInfo{"MWAA_LOGS_PRINCIPAL_TYPE", Error, Mwaa, "The Logs service principal is written under AWS",
        "%1 is written under \"AWS\"; a service principal belongs under \"Service\".",
        "KMS matches \"AWS\" entries against IAM principals and accounts only, so CloudWatch Logs is not "
        "allowed. Move the name to \"Service\"."},
    RuleInfo{"MWAA_KEY_ALIAS", Error, Mwaa, "The key is given as an alias",
        "\"%1\" is an alias; MWAA needs the key id or key ARN.",
        "MWAA does not accept aliases for its customer managed key."},
    RuleInfo{"MWAA_KEY_MULTI_REGION", Error, Mwaa, "A multi-Region key",
        "\"%1\" is a multi-Region key; MWAA does not support multi-Region keys.",
        "Create a single-Region symmetric key in the environment's region."},
    RuleInfo{"MWAA_KEY_REGION_MISMATCH", Error, Mwaa, "The key is in another region",
        "The key is in %1, but the environment is in %2.",
        "The key must be in the same region as the environment and its S3 bucket."},
    RuleInfo{"MWAA_KEY_CROSS_ACCOUNT_ID", Error, Mwaa, "A key in another account given as a bare id",
        "The key is in account %1 but is given as a key id; a key in another account must be given by its ARN.",
        "MWAA can only find a key in another account by ARN."},
    RuleInfo{"MWAA_ACCOUNT_CANNOT_GRANT", Error, Mwaa, "MWAA cannot attach its grants",
        "The key policy does not let account %1 (through IAM) %2, so MWAA cannot create its grants on the key.",
        "The environment is created by a principal of the account, which needs kms:CreateGrant, kms:DescribeKey "
        "and the cryptographic actions on the key, either from the account delegation statement (the account "
        "principal with kms:*) or from a statement naming it. A warning when it depends on a fact that was not "
        "given, such as whether the account is in the organization a perimeter statement names (--org-id)."},
    RuleInfo{"MWAA_REGION_CONFLICT", Error, Mwaa, "The policy names two regions for CloudWatch Logs",
        "%1 names %2, but %3 names %4; the environment is in one region, so one of them refuses CloudWatch Logs.",
        "The CloudWatch Logs service principal and the log-group ARNs of its condition must name the environment's "
        "region. Which one is right is not in the policy: give --region, or pick one of the two fixes offered."},
    RuleInfo{"MWAA_LOGS_NO_REGION", Error, Mwaa, "CloudWatch Logs cannot use the key in any region",
        "CloudWatch Logs cannot use the key in any region the environment could be in (%1); the region was not "
        "given, so give --region for the findings of the environment's own region.",
        "Without the region (--region, a key ARN, or the policy's own CloudWatch Logs principal) the checker tries "
        "each region the policy names and one it does not name, which stands for all the others. When CloudWatch "
        "Logs is refused in every one of them, the key is not ready wherever the environment is. When it is refused "
        "in some only, the verdict depends on the region instead."},
    RuleInfo{"MWAA_REGION_UNKNOWN", Suggestion, Mwaa, "Region unknown",
        "The environment's region was neither given nor inferable; CloudWatch Logs and the execution role's policy "
        "were checked for every region the environment could be in, the other region-specific checks were skipped.",
        "Give the region (--region, or the MWAA environment panel), or a key ARN."},
    RuleInfo{"MWAA_GRANT_MISSING", Error, MwaaGrants, "An MWAA grant is missing",
        "The grant %1 is not on the key.",
        "MWAA attaches four grants when the environment is created; without them it cannot encrypt its resources. "
        "Every environment of the listing is audited on its own: those given with --env and those its grant names "
        "name. When the listing is truncated, a grant not on the pages read is not reported missing: GRANTS_INCOMPLETE "
        "says so, and the verdict depends on the remaining pages."},
    RuleInfo{"MWAA_GRANT_OPERATIONS", Error, MwaaGrants, "An MWAA grant lacks an operation",
        "The grant %1 lacks %2.",
        "Each MWAA grant needs the operations AWS documents for it. A grant's operations cannot be changed: MWAA "
        "creates its grants when the environment is created or updated."},
    RuleInfo{"MWAA_GRANT_EXTRA_OPERATIONS", Warning, MwaaGrants, "An MWAA grant has more operations than MWAA's",
        "The grant %1 also allows %2, which MWAA does not use.",
        "Grants only allow; extra operations widen what the grantee can do with the key."},
    RuleInfo{"MWAA_GRANT_PRINCIPAL", Error, MwaaGrants, "An MWAA grant names the wrong principal",
        "The grant %1 has %2 %3; expected %4.",
        "MWAA's grants are for, and retired by, the Regional service principal airflow.REGION.amazonaws.com of the "
        "environment's region (and partition). A grant of MWAA's name for another principal does not let MWAA use "
        "the key, so the grant matrix shows its operations as \"wrong principal\", never as present; a grantee in "
        "another account can use the key instead (GRANT_CROSS_ACCOUNT)."},
    RuleInfo{"GRANT_CROSS_ACCOUNT", Security, MwaaGrants, "A grant names a principal of another account",
        "The grant %1 has %2 %3 in account %4, not the key's account %5.",
        "A grant lets its grantee use the key without the key policy: a principal of another account can call "
        "every operation of the grant (with Decrypt, read everything encrypted under the key) until the grant is "
        "retired or revoked, and a retiring principal of another account can retire it. Revoke a grant you did not "
        "intend (aws kms revoke-grant --key-id KEY --grant-id ID). Needs the key's account: --account, or the key "
        "ARN of the listing's KeyId."},
    RuleInfo{"GRANT_CAN_REGRANT", Warning, MwaaGrants, "A grant lets its grantee create grants",
        "The grant %1 lets %2 call CreateGrant, so it can hand the key's operations on to any principal%3.",
        "CreateGrant in a grant lets the grantee create further grants for the same key (with at most its own "
        "operations), outside the key policy. AWS services need it (MWAA's environment grant, Aurora); a user or "
        "role rarely does. A security finding when the grantee is in another account than the key."},
    RuleInfo{"GRANT_OPERATION_UNKNOWN", Error, MwaaGrants, "Not a grant operation",
        "The grant %1 lists \"%2\", which is not a grant operation%3.",
        "A grant's operations are the names of KMS's GrantOperation type (Decrypt, GenerateDataKey, ...): no kms: "
        "prefix, no wildcard, exact letter case. KMS refuses anything else, so a listing that holds it was not "
        "printed by `aws kms list-grants`. The MWAA guide writes its grants in key policy notation: in a listing, "
        "kms:ReEncrypt* is ReEncryptFrom and ReEncryptTo, and kms:GenerateDataKey* is GenerateDataKey and "
        "GenerateDataKeyWithoutPlaintext (the key-pair variants are allowed, not needed)."},
    RuleInfo{"GRANT_CONSTRAINED", Warning, MwaaGrants, "A grant with constraints",
        "The grant %1 applies only with the constraint %2%3.",
        "Grant constraints limit a grant to requests whose encryption context matches. MWAA's grants carry none "
        "(AWS's page lists none), so a constraint on one may refuse MWAA's requests for its other resources: the "
        "verdict then depends on it (a warning). On any other grant it is good practice and the finding only quotes "
        "it (a suggestion)."},
    RuleInfo{"GRANTS_INCOMPLETE", Warning, MwaaGrants, "The grants listing is truncated",
        "The listing is truncated (%1): the grants on the pages not read were not audited%2.",
        "`aws kms list-grants --limit N` and the ListGrants API return one page; Truncated, NextMarker or NextToken "
        "says more follow. An MWAA grant that is not on the pages read may be on the next one, so it is not "
        "reported missing: the verdict depends on the remaining pages. List them all (the AWS CLI follows the "
        "pages itself unless --max-items or --no-paginate is given; keypolicy fetch --grants-out reads every page)."},
    RuleInfo{"MWAA_GRANT_UNEXPECTED", Warning, MwaaGrants, "A grant that belongs to no known MWAA environment",
        "The grant %1 (%2) belongs to no MWAA environment and to no AWS service.",
        "Review grants you cannot account for: a grant allows its grantee to use the key until retired or revoked. "
        "Grants of MWAA (its four grants per environment and its further grants to airflow.REGION) and of AWS "
        "services (a service principal, or a service-linked role) are expected and not reported; a grantee in "
        "another account is GRANT_CROSS_ACCOUNT instead."},

    // ---- MWAA execution role ----------------------------------------------------------------------------------
    RuleInfo{"MWAA_ROLE_CANNOT_USE_KEY", Error, MwaaRole, "The execution role cannot use the key",
        "The key policy neither names the execution role %1 nor delegates to its account, so the role's IAM policy "
        "cannot take effect.",
        "IAM policies only count for a KMS key when the key policy allows the account principal."},
    RuleInfo{"MWAA_ROLE_KMS_MISSING", Error, MwaaRole, "The execution role's policy lacks KMS actions",
        "The execution role's policy does not allow %1 on the key.",
        "The execution role needs kms:Decrypt, kms:DescribeKey, kms:GenerateDataKey* and kms:Encrypt on the key."},
    RuleInfo{"MWAA_ROLE_NOT_RESOURCE", Error, MwaaRole, "The AWS-owned-key pattern excludes the key",
        "The statement uses NotResource %1, which excludes the customer managed key itself.",
        "The NotResource pattern is meant for AWS owned keys; with a customer managed key, name the key ARN."},
    RuleInfo{"MWAA_ROLE_VIA_SERVICE", Warning, MwaaRole, "kms:ViaService does not fit the environment",
        "kms:ViaService does not allow %1.",
        "MWAA uses the key through SQS and S3 of the environment's region: sqs.REGION.amazonaws.com and "
        "s3.REGION.amazonaws.com."},
    RuleInfo{"TEMPLATE_VALUE_UNKNOWN", Warning, Template, "A value is known only when the stack is deployed",
        "Known only when the stack is deployed: %1. What depends on it is not decided.",
        "The policy comes from a CloudFormation or CDK template, and this value is a reference (a parameter, "
        "another resource's attribute, an import, a condition) or a pseudo parameter that was not given. The "
        "policy is checked again with probe values for it: a finding that some value changes is reported as a "
        "warning that names it, and the MWAA verdict depends on it when some value makes the key ready and "
        "another not (docs/cli.md, \"Templates and plans\"). Give --region and --account for AWS::Region, "
        "AWS::AccountId and AWS::Partition; check the deployed key's policy (aws kms get-key-policy) for the rest."},
    RuleInfo{"TEMPLATE_POLICY_UNKNOWN", Warning, Template, "The policy is known only after apply",
        "The policy of %1 is known only after apply: it cannot be checked from the plan.",
        "Terraform computes this key policy while it applies the plan (after_unknown), for example from a data "
        "source or another resource's attribute. Nothing of it is checked and the MWAA verdict depends on it: "
        "check the key's policy once applied (aws kms get-key-policy)."},
};

// The documented second severity of a code (spec/findings.md "warning / security").
constexpr std::array kVariants = {
    SeverityVariant{"GRANT_CAN_REGRANT", Security, "when the grantee is outside the key's account"},
    SeverityVariant{"GRANT_CONSTRAINED", Suggestion, "on a grant that is not one of MWAA's four"},
    SeverityVariant{"LOCKOUT_RISK", Warning, "when the Deny's Resource names keys and the key's ARN is not given"},
};
// clang-format on

} // namespace

std::span<const RuleInfo> ruleCatalogue()
{
    return kRules;
}

const SeverityVariant* severityVariant(std::string_view code)
{
    for (const auto& variant : kVariants) {
        if (variant.code == code) {
            return &variant;
        }
    }
    return nullptr;
}

const RuleInfo* findRule(std::string_view code)
{
    for (const auto& rule : kRules) {
        if (rule.code == code) {
            return &rule;
        }
    }
    return nullptr;
}

std::string_view ruleGroupName(RuleGroup group)
{
    switch (group) {
    case RuleGroup::Document:
        return "Document and grammar";
    case RuleGroup::Practice:
        return "Security and good practice";
    case RuleGroup::Mwaa:
        return "MWAA profile";
    case RuleGroup::MwaaGrants:
        return "MWAA grants";
    case RuleGroup::MwaaRole:
        return "MWAA execution role";
    case RuleGroup::Template:
        return "Templates and plans";
    }
    return "";
}

std::string formatMessage(std::string_view messageTemplate, const std::vector<std::string>& args)
{
    std::string out;
    out.reserve(messageTemplate.size() + 32);
    for (std::size_t i = 0; i < messageTemplate.size(); ++i) {
        const char c = messageTemplate[i];
        if (c == '%' && i + 1 < messageTemplate.size() && messageTemplate[i + 1] >= '1'
            && messageTemplate[i + 1] <= '9') {
            const auto n = static_cast<std::size_t>(messageTemplate[i + 1] - '1');
            if (n < args.size()) {
                out += args[n];
            }
            ++i;
        } else {
            out += c;
        }
    }
    return out;
}

Finding makeFinding(std::string_view code, Location location, std::vector<std::string> args, nlohmann::json fix)
{
    Finding f;
    f.code = std::string(code);
    if (const RuleInfo* rule = findRule(code)) {
        f.severity = rule->severity;
        f.message = formatMessage(rule->message, args);
    } else {
        f.severity = Severity::Error;
        f.message = std::string(code);
    }
    f.args = std::move(args);
    f.location = std::move(location);
    f.fix = std::move(fix);
    return f;
}

} // namespace kps
