// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/checker/AccessAnalyzer.h"

#include <array>

namespace kps {
namespace {

// clang-format off
constexpr std::array kChecks = {
    // ---- Document and grammar ----------------------------------------------------------------------------------
    AccessAnalyzerCheck{"JSON_SYNTAX_ERROR", "JSON_SYNTAX", ""},
    AccessAnalyzerCheck{"POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA", "POLICY_TOO_LARGE",
        "A warning there; an error here, because KMS refuses a key policy over 32,768 bytes."},
    AccessAnalyzerCheck{"INVALID_POLICY_ELEMENT", "UNKNOWN_ELEMENT", ""},
    AccessAnalyzerCheck{"DATA_TYPE_MISMATCH", "WRONG_TYPE", ""},
    AccessAnalyzerCheck{"MISSING_VERSION", "VERSION_MISSING", ""},
    AccessAnalyzerCheck{"INVALID_VERSION", "VERSION_INVALID", ""},
    AccessAnalyzerCheck{"MISSING_STATEMENT", "STATEMENT_MISSING", ""},
    AccessAnalyzerCheck{"UNIQUE_SIDS_REQUIRED", "SID_DUPLICATE", ""},
    AccessAnalyzerCheck{"UNIQUE_SIDS_RECOMMENDED", "SID_DUPLICATE",
        "Access Analyzer only recommends unique Sids in a resource policy (a general warning); here two statements "
        "with one Sid are an error, because KMS refuses such a key policy (MalformedPolicyDocumentException)."},
    AccessAnalyzerCheck{"UNSUPPORTED_SID", "",
        "Not reported: KMS accepts any characters in a key policy's Sid, spaces included (its console writes "
        "\"Allow use of the key\")."},
    AccessAnalyzerCheck{"MISSING_EFFECT", "EFFECT_MISSING", ""},
    AccessAnalyzerCheck{"INVALID_EFFECT", "EFFECT_INVALID", ""},
    AccessAnalyzerCheck{"MISSING_PRINCIPAL", "PRINCIPAL_MISSING", ""},
    AccessAnalyzerCheck{"MISSING_ACTION", "ACTION_MISSING", ""},
    AccessAnalyzerCheck{"MISSING_RESOURCE", "RESOURCE_MISSING", ""},
    AccessAnalyzerCheck{"UNSUPPORTED_ELEMENT_COMBINATION", "ELEMENT_CONFLICT", ""},
    AccessAnalyzerCheck{"INVALID_ACTION", "ACTION_UNKNOWN", ""},
    AccessAnalyzerCheck{"INVALID_SERVICE_IN_ACTION", "ACTION_UNKNOWN",
        "A misspelt kms prefix in front of a KMS action (ksm:Decrypt) is a typo with a fix."},
    AccessAnalyzerCheck{"INVALID_SERVICE_IN_ACTION", "ACTION_NOT_KMS",
        "Any other service's action has no effect in a key policy, known service or not."},
    AccessAnalyzerCheck{"INVALID_SERVICE", "ACTION_NOT_KMS", ""},
    AccessAnalyzerCheck{"INVALID_SERVICE", "CONDITION_KEY_UNKNOWN", ""},
    AccessAnalyzerCheck{"UNSUPPORTED_ACTION_IN_POLICY", "ACTION_NOT_KMS", ""},
    AccessAnalyzerCheck{"UNSUPPORTED_ACTION_IN_POLICY", "ACTION_IAM_ONLY",
        "Also KMS actions that only IAM policies (or the grant itself) authorize."},
    AccessAnalyzerCheck{"INVALID_PRINCIPAL_FORMAT", "PRINCIPAL_INVALID", ""},
    AccessAnalyzerCheck{"INVALID_PRINCIPAL_KEY", "PRINCIPAL_INVALID", ""},
    AccessAnalyzerCheck{"UNSUPPORTED_WILDCARD_IN_PRINCIPAL", "PRINCIPAL_INVALID", ""},
    AccessAnalyzerCheck{"FEDERATED_PRINCIPAL_NOT_SUPPORTED", "PRINCIPAL_INVALID", ""},
    AccessAnalyzerCheck{"EMPTY_ARRAY_PRINCIPAL", "PRINCIPAL_INVALID", ""},
    AccessAnalyzerCheck{"EMPTY_OBJECT_PRINCIPAL", "PRINCIPAL_INVALID", ""},
    AccessAnalyzerCheck{"INVALID_ROLE_REFERENCE", "PRINCIPAL_INVALID",
        "A general warning there; an error here, because KMS refuses a key policy that names a principal by its "
        "unique id (PutKeyPolicy: \"Policy contains a statement with one or more invalid principals\"). The message "
        "says how to find the role the id belongs to."},
    AccessAnalyzerCheck{"INVALID_USER_REFERENCE", "PRINCIPAL_INVALID",
        "As INVALID_ROLE_REFERENCE, for an IAM user's unique id."},
    AccessAnalyzerCheck{"EMPTY_ARRAY_RESOURCE", "RESOURCE_EMPTY",
        "A suggestion there; a warning here: a statement that applies to nothing is a likely mistake, and a dead "
        "Deny or Allow changes what the key policy does."},
    AccessAnalyzerCheck{"INVALID_ARN_PREFIX", "RESOURCE_ARN_INVALID", ""},
    AccessAnalyzerCheck{"MISSING_ARN_FIELD", "RESOURCE_ARN_INVALID", ""},
    AccessAnalyzerCheck{"INVALID_PARTITION", "RESOURCE_ARN_INVALID", ""},
    AccessAnalyzerCheck{"INVALID_ARN_SERVICE_CASE", "RESOURCE_ARN_INVALID", ""},
    AccessAnalyzerCheck{"UNSUPPORTED_RESOURCE_ARN_IN_POLICY", "RESOURCE_ARN_INVALID",
        "An ARN of another service than KMS."},
    AccessAnalyzerCheck{"MISSING_ARN_REGION", "RESOURCE_ARN_INVALID", ""},
    AccessAnalyzerCheck{"INVALID_ARN_REGION", "RESOURCE_ARN_INVALID", ""},
    AccessAnalyzerCheck{"MISSING_ARN_ACCOUNT", "RESOURCE_ARN_INVALID", ""},
    AccessAnalyzerCheck{"INVALID_ARN_ACCOUNT", "RESOURCE_ARN_INVALID", ""},
    AccessAnalyzerCheck{"INVALID_ARN_RESOURCE", "RESOURCE_ARN_INVALID", ""},
    AccessAnalyzerCheck{"WILDCARD_IN_SERVICE_NAME", "SERVICE_NAME_WILDCARD", ""},
    AccessAnalyzerCheck{"REDUNDANT_RESOURCE", "RESOURCE_NOT_STAR",
        "In a key policy every resource other than \"*\" is reported, redundant or not."},
    AccessAnalyzerCheck{"INVALID_CONDITION_OPERATOR", "CONDITION_OPERATOR_UNKNOWN", ""},
    AccessAnalyzerCheck{"NULL_WITH_IF_EXISTS", "CONDITION_OPERATOR_UNKNOWN", ""},
    AccessAnalyzerCheck{"INVALID_CONDITION_KEY_FORMAT", "CONDITION_KEY_UNKNOWN", ""},
    AccessAnalyzerCheck{"INVALID_GLOBAL_CONDITION_KEY", "CONDITION_KEY_UNKNOWN", ""},
    AccessAnalyzerCheck{"INVALID_SERVICE_CONDITION_KEY", "CONDITION_KEY_UNKNOWN", ""},
    AccessAnalyzerCheck{"UNSUPPORTED_GLOBAL_CONDITION_KEY", "CONDITION_KEY_UNKNOWN", ""},
    AccessAnalyzerCheck{"DEPRECATED_GLOBAL_CONDITION_KEY", "CONDITION_KEY_UNKNOWN", ""},
    AccessAnalyzerCheck{"MISSING_TAG_KEY_IN_CONDITION", "CONDITION_KEY_UNKNOWN",
        "The message says which tag (or encryption context) key is missing instead of guessing one."},
    AccessAnalyzerCheck{"TYPE_MISMATCH", "CONDITION_TYPE_MISMATCH",
        "A general warning there; an error here: an operator of the wrong family never matches as meant."},
    AccessAnalyzerCheck{"TYPE_MISMATCH", "CONDITION_STRING_ON_BOOL", ""},
    AccessAnalyzerCheck{"TYPE_MISMATCH_BOOLEAN", "CONDITION_VALUE_INVALID", ""},
    AccessAnalyzerCheck{"TYPE_MISMATCH_DATE", "CONDITION_VALUE_INVALID", ""},
    AccessAnalyzerCheck{"TYPE_MISMATCH_NUMBER", "CONDITION_VALUE_INVALID", ""},
    AccessAnalyzerCheck{"TYPE_MISMATCH_STRING", "CONDITION_VALUE_INVALID", ""},
    AccessAnalyzerCheck{"TYPE_MISMATCH_IP_RANGE", "CONDITION_VALUE_INVALID", ""},
    AccessAnalyzerCheck{"INVALID_CONDITION_MULTIPLE_BOOLEAN", "CONDITION_VALUE_INVALID", ""},
    AccessAnalyzerCheck{"EMPTY_ARRAY_CONDITION", "CONDITION_VALUES_EMPTY",
        "A suggestion there; a warning here, and the message says what the empty list does for the operator "
        "written."},
    AccessAnalyzerCheck{"EMPTY_ARRAY_CONDITION_FORALLVALUES", "CONDITION_VALUES_EMPTY", ""},
    AccessAnalyzerCheck{"EMPTY_ARRAY_CONDITION_FORANYVALUE", "CONDITION_VALUES_EMPTY", ""},
    AccessAnalyzerCheck{"EMPTY_ARRAY_CONDITION_IFEXISTS", "CONDITION_VALUES_EMPTY", ""},
    AccessAnalyzerCheck{"MISSING_QUALIFIER", "CONDITION_SET_OPERATOR",
        "A warning here: without a set prefix the condition still works (any value matches)."},
    AccessAnalyzerCheck{"FORALLVALUES_WITH_SINGLE_VALUED_KEY", "CONDITION_SET_OPERATOR", ""},
    AccessAnalyzerCheck{"FORALLVALUES_WITH_SINGLE_VALUED_KEY", "CONDITION_FORALLVALUES_REJECTED",
        "An error for kms:EncryptionContext:* and aws:RequestTag/* keys, because KMS refuses the policy "
        "(OverlyPermissiveCondition)."},
    AccessAnalyzerCheck{"VARIABLE_UNSUPPORTED_IN_VERSION", "VERSION_OLD_WITH_VARIABLES",
        "Also without a Version (then instead of VERSION_MISSING)."},
    AccessAnalyzerCheck{"MISSING_BRACE_IN_VARIABLE", "VARIABLE_MISSING_BRACE", ""},
    AccessAnalyzerCheck{"MISSING_QUOTE_IN_VARIABLE", "VARIABLE_MISSING_QUOTE", ""},
    AccessAnalyzerCheck{"UNSUPPORTED_SPACE_IN_VARIABLE", "VARIABLE_SPACE", ""},
    AccessAnalyzerCheck{"EMPTY_VARIABLE", "VARIABLE_EMPTY", ""},
    AccessAnalyzerCheck{"VARIABLE_UNSUPPORTED_IN_ELEMENT", "VARIABLE_IN_ELEMENT", ""},
    AccessAnalyzerCheck{"INVALID_VARIABLE_FOR_OPERATOR", "VARIABLE_INVALID_FOR_OPERATOR", ""},
    AccessAnalyzerCheck{"EMPTY_SID_VALUE", "SID_EMPTY", ""},
    AccessAnalyzerCheck{"EMPTY_ARRAY_ACTION", "ACTION_EMPTY",
        "A suggestion there; a warning here, as RESOURCE_EMPTY."},
    AccessAnalyzerCheck{"REDUNDANT_ACTION", "ACTION_REDUNDANT", ""},
    AccessAnalyzerCheck{"WILDCARD_IN_SERVICE_NAME", "SERVICE_NAME_WILDCARD", ""},
    AccessAnalyzerCheck{"INVALID_CONDITION_DATA_TYPE", "CONDITION_VALUE_TYPES_MIXED", ""},
    AccessAnalyzerCheck{"DUPLICATE_KEYS_WITH_DIFFERENT_CASE", "CONDITION_KEY_DUPLICATE_CASE", ""},
    AccessAnalyzerCheck{"INVALID_REGION", "CONDITION_REGION_INVALID",
        "A Region code is judged by its form (the partitions' patterns with a direction as its middle word), so a "
        "Region AWS opens later is not reported."},
    AccessAnalyzerCheck{"INVALID_SERVICE_PRINCIPAL_FORMAT", "CONDITION_SERVICE_PRINCIPAL_FORMAT", ""},
    AccessAnalyzerCheck{"INVALID_SERVICE_PRINCIPAL_FORMAT", "PRINCIPAL_INVALID", "In the Principal element."},
    AccessAnalyzerCheck{"INVALID_VPC_FORMAT", "CONDITION_VPC_FORMAT", ""},
    AccessAnalyzerCheck{"INVALID_VPCE_FORMAT", "CONDITION_VPCE_FORMAT", ""},
    AccessAnalyzerCheck{"PRIVATE_IP_ADDRESS", "CONDITION_IP_PRIVATE", ""},
    AccessAnalyzerCheck{"PRIVATE_NOT_IP_ADDRESS", "CONDITION_NOT_IP_PRIVATE", ""},
    AccessAnalyzerCheck{"PRIVATE_IP_ADDRESS_SUBSET", "CONDITION_IP_PRIVATE_SUBSET", ""},
    AccessAnalyzerCheck{"PRIVATE_NOT_IP_ADDRESS_SUBSET", "CONDITION_NOT_IP_PRIVATE_SUBSET", ""},
    AccessAnalyzerCheck{"IMPROVE_IP_RANGE", "CONDITION_IP_HOST_BITS", ""},
    AccessAnalyzerCheck{"INVALID_DATE_VALUE", "CONDITION_DATE_EPOCH", ""},
    AccessAnalyzerCheck{"REDUNDANT_CONDITION_VALUE_NUM", "CONDITION_NUMERIC_REDUNDANT", ""},
    AccessAnalyzerCheck{"NULL_WITH_QUALIFIER", "CONDITION_NULL_SET_OPERATOR", ""},
    AccessAnalyzerCheck{"EMPTY_OBJECT_CONDITION", "CONDITION_EMPTY", "Also an operator with no key."},
    AccessAnalyzerCheck{"WILDCARD_WITHOUT_LIKE_OPERATOR", "CONDITION_WILDCARD_NOT_LIKE", ""},
    AccessAnalyzerCheck{"WILDCARD_WITHOUT_LIKE_OPERATOR", "CONDITION_ARN_EQUALS_WILDCARD",
        "ArnEquals reads wildcards as ArnLike does (the IAM User Guide), so there it is a suggestion."},
    AccessAnalyzerCheck{"EQUIVALENT_TO_NULL_FALSE", "CONDITION_NULL_EQUIVALENT", ""},
    AccessAnalyzerCheck{"EQUIVALENT_TO_NULL_TRUE", "CONDITION_NULL_EQUIVALENT", ""},
    AccessAnalyzerCheck{"REDUNDANT_KEY_DUE_TO_WILDCARD_IN_CONDITION", "CONDITION_KEY_ALWAYS_TRUE", ""},
    AccessAnalyzerCheck{"REDUNDANT_STATEMENT_DUE_TO_WILDCARD_IN_CONDITION", "CONDITION_NEVER_TRUE",
        "A suggestion there; a warning here: a statement that can never apply is a likely mistake."},
    AccessAnalyzerCheck{"UNSUPPORTED_ACTION_FOR_CONDITION_KEY", "CONDITION_KEY_UNSUPPORTED_ACTION",
        "Not reported for kms:DescribeKey with an encryption-context key in a statement for the CloudWatch Logs "
        "service principal: AWS documents that statement with kms:Describe* under the logs-ARN condition, and the "
        "MWAA template and profile take Logs' DescribeKey to carry that context."},
    AccessAnalyzerCheck{"DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE", "CONDITION_KEY_UNSUPPORTED_ACTION",
        "For the exact actions of an Action list; a NotAction statement is not judged."},
    AccessAnalyzerCheck{"ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE", "CONDITION_KEY_UNSUPPORTED_ACTION",
        "As the Deny form."},
    AccessAnalyzerCheck{"DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE", "",
        "Not reported: with NotAction the statement names the actions it leaves out, not the ones the tag key "
        "should limit."},
    AccessAnalyzerCheck{"ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE", "",
        "Not reported, as the Deny form; an Allow with NotAction is ALLOW_NOT_ACTION."},
    AccessAnalyzerCheck{"UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL", "CONDITION_KEY_NOT_FOR_SERVICE",
        "The keys are the caller-identity and network keys that a service principal's own request never has "
        "(the vocabulary marks them); with the MWAA profile the CloudWatch Logs statement is MWAA_LOGS_CONDITION's."},

    // ---- Security and good practice ----------------------------------------------------------------------------
    AccessAnalyzerCheck{"ALLOW_WITH_NOT_PRINCIPAL", "ALLOW_NOT_PRINCIPAL", ""},
    AccessAnalyzerCheck{"RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL", "SERVICE_NO_SOURCE",
        "A suggestion here, and an encryption-context condition counts as a guard: the statement for the CloudWatch "
        "Logs service principal that the MWAA and CloudWatch Logs guides document limits it with "
        "kms:EncryptionContext:aws:logs:arn to the account's log groups, which is no confused-deputy risk. Access "
        "Analyzer asks for aws:SourceArn or aws:SourceAccount there too."},
    AccessAnalyzerCheck{"RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL", "SERVICE_NO_SOURCE", ""},
    AccessAnalyzerCheck{"UNTRUSTWORTHY_CONDITION_KEY", "CONDITION_KEY_UNTRUSTWORTHY", ""},
    AccessAnalyzerCheck{"MISSING_PAIRED_CONDITION_KEYS", "CONDITION_KEY_UNPAIRED", ""},
    AccessAnalyzerCheck{"STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS", "CONDITION_STRING_LIKE_ON_ARN", ""},
    AccessAnalyzerCheck{"WILDCARD_USAGE_TOO_PERMISSIVE", "CONDITION_WILDCARD_TOO_PERMISSIVE",
        "A security finding here (an error there): the policy works, and admits more than meant."},
    AccessAnalyzerCheck{"VARIABLE_USAGE_TOO_PERMISSIVE", "CONDITION_VARIABLE_TOO_PERMISSIVE",
        "Reported when the variable's key is one the caller sets; a variable AWS sets (${aws:PrincipalAccount}, as "
        "the data perimeter examples compare aws:ResourceAccount with) is not."},
    AccessAnalyzerCheck{"REDUNDANT_STATEMENT", "STATEMENT_REDUNDANT",
        "Also a statement that another one covers (same principals and a superset of its actions), not only an "
        "identical one."},

    // ---- Checks that cannot apply to a key policy --------------------------------------------------------------
    AccessAnalyzerCheck{"ARN_ACCOUNT_NOT_ALLOWED", "",
        "Never applies: KMS key and alias ARNs always have an account."},
    AccessAnalyzerCheck{"ARN_REGION_NOT_ALLOWED", "",
        "Never applies: KMS key and alias ARNs always have a region."},
    AccessAnalyzerCheck{"MISSING_ACTION_FOR_CONDITION_KEY", "",
        "Not reported: no KMS or global condition key is documented as needing another action in the statement."},
    AccessAnalyzerCheck{"INVALID_KMS_KEY_VALUE", "",
        "Never applies: no condition key of a KMS key policy takes a KMS key ARN as its value (the keys that do "
        "belong to other services' policies)."},
    AccessAnalyzerCheck{"USE_CONDITION_KEY_ONLY_WITH_SUPPORTED_SERVICES", "",
        "Never applies: KMS supports aws:VpceAccount, aws:VpceOrgID and aws:VpceOrgPaths."},
    AccessAnalyzerCheck{"IRRELEVANT_CONDITION_KEY_IN_POLICY", "",
        "Not reported: of the keys this checker knows only kms:ResourceAliases is documented for IAM policies alone."},
};
// clang-format on

} // namespace

std::span<const AccessAnalyzerCheck> accessAnalyzerChecks()
{
    return kChecks;
}

std::vector<const AccessAnalyzerCheck*> accessAnalyzerChecksFor(std::string_view code)
{
    std::vector<const AccessAnalyzerCheck*> out;
    for (const auto& row : kChecks) {
        if (row.code == code) {
            out.push_back(&row);
        }
    }
    return out;
}

} // namespace kps
