// SPDX-License-Identifier: GPL-3.0-or-later
// PRINCIPAL_INVALID: malformed account ids and ARNs, principal types other than AWS and Service, partial
// wildcards, IAM groups, malformed service principals, names beyond IAM's length quotas.
// PRINCIPAL_PARTITION_MISMATCH: an IAM or STS principal ARN of another partition than the key's.
#include "core/checker/rules/RuleSupport.h"
#include "core/vocab/PolicyVariables.h"

namespace kps::rules {

namespace {

/// A bare principal string other than "*": wrapping it is unambiguous when it is a valid AWS or Service value.
void checkBareString(const std::string& value, const std::string& pointer, Emitter& emit)
{
    if (value == std::string_view("*")) {
        return;
    }
    nlohmann::json fix;
    if (principalProblem("AWS", value).empty()) {
        fix = patchReplace(pointer, nlohmann::json{{"AWS", value}});
    } else if (isServicePrincipalName(value)) {
        fix = patchReplace(pointer, nlohmann::json{{"Service", value}});
    }
    emit.add("PRINCIPAL_INVALID",
             pointer,
             false,
             {"A principal given as a plain string must be \"*\"; write \"" + value
              + "\" in an object, e.g. {\"AWS\": \"...\"} or {\"Service\": \"...\"}."},
             std::move(fix));
}

void checkPrincipalType(const Json& principal, const std::string& pointer, const std::string& type, Emitter& emit)
{
    const std::string typePointer = appendPointer(pointer, type);
    for (const char* valid : {"AWS", "Service"}) {
        if (equalsIgnoreCase(type, valid)) {
            nlohmann::json fix;
            if (!principal.contains(valid)) {
                fix = patchMove(typePointer, appendPointer(pointer, valid));
            }
            emit.add("PRINCIPAL_INVALID",
                     typePointer,
                     true,
                     {"The principal type \"" + type + "\" must be written \"" + valid + "\" (case matters)."},
                     std::move(fix));
            return;
        }
    }
    std::string message;
    if (type == "Federated") {
        message = "Federated principals are not supported in a key policy; name the role the identity provider's "
                  "users assume.";
    } else if (type == "CanonicalUser") {
        message = "CanonicalUser principals exist only in S3 bucket policies; name the AWS account instead.";
    } else {
        message
            = "\"" + type + "\" is not a principal type; a key policy names principals under \"AWS\" or \"Service\".";
    }
    emit.add("PRINCIPAL_INVALID", typePointer, true, {message});
}

/// An IAM or STS ARN of another partition never matches a caller of the key. The fix replaces the partition only when
/// the ARN is valid apart from it (a malformed one is PRINCIPAL_INVALID's, and the author's to correct).
void checkPartition(
    const std::string& value, bool valid, const PointerPath& pointer, const std::string& keyPartition, Emitter& emit)
{
    const std::string_view partition = principalArnPartition(value);
    if (partition.empty() || partition == keyPartition) {
        return;
    }
    const std::string valuePointer = pointer.str();
    nlohmann::json fix;
    if (valid) {
        std::string corrected = "arn:" + keyPartition + value.substr(4 + partition.size());
        if (principalProblem("AWS", corrected).empty()) {
            fix = patchReplace(valuePointer, std::move(corrected));
        }
    }
    emit.add("PRINCIPAL_PARTITION_MISMATCH",
             valuePointer,
             false,
             {value, std::string(partition), keyPartition},
             std::move(fix));
}

void checkValue(std::string_view type,
                const std::string& value,
                const PointerPath& pointer,
                const std::string& keyPartition,
                Emitter& emit)
{
    std::string problem = principalProblem(type, value);
    if (type == "AWS" && !keyPartition.empty()) {
        checkPartition(value, problem.empty(), pointer, keyPartition, emit);
    }
    if (problem.empty() || hasPolicyVariable(value)) {
        return; // a policy variable is VARIABLE_IN_ELEMENT's (VariableRules.cpp)
    }
    const std::string valuePointer = pointer.str();
    nlohmann::json fix;
    if (type == "Service") {
        const std::string lower = toLower(value);
        if (lower != value && isServicePrincipalName(lower)) {
            fix = patchReplace(valuePointer, lower);
        }
    }
    emit.add("PRINCIPAL_INVALID", valuePointer, false, {std::move(problem)}, std::move(fix));
}

/// The values under "AWS" or "Service". Their pointers are only built for a finding.
void checkValues(
    const Json& list, const PointerPath& pointer, std::string_view type, const std::string& keyPartition, Emitter& emit)
{
    if (list.is_string()) {
        checkValue(type, list.get_ref<const std::string&>(), pointer, keyPartition, emit);
        return;
    }
    if (!list.is_array()) {
        return; // WRONG_TYPE
    }
    const auto& items = list.get_ref<const Json::array_t&>();
    if (items.empty()) {
        emit.add("PRINCIPAL_INVALID", pointer, false, {"\"" + std::string(type) + "\" lists no principal."});
        return;
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (items[i].is_string()) {
            checkValue(type, items[i].get_ref<const std::string&>(), PointerPath(pointer, i), keyPartition, emit);
        }
    }
}

void checkStatementPrincipals(const StatementView& statement, const std::string& keyPartition, Emitter& emit)
{
    const PointerPath statementPointer(statement.pointer);
    for (const StatementElement element : {StatementElement::Principal, StatementElement::NotPrincipal}) {
        const Json* value = statement.element(element);
        if (!value) {
            continue;
        }
        const std::string_view name = element == StatementElement::Principal ? "Principal" : "NotPrincipal";
        const PointerPath pointer(statementPointer, name);
        if (value->is_string()) {
            checkBareString(value->get_ref<const std::string&>(), pointer.str(), emit);
            continue;
        }
        if (!value->is_object()) {
            continue; // WRONG_TYPE
        }
        if (value->empty()) {
            emit.add("PRINCIPAL_INVALID", pointer, false, {std::string(name) + " names no principal."});
            continue;
        }
        for (const auto& [type, list] : value->get_ref<const Json::object_t&>()) {
            if (type != std::string_view("AWS") && type != std::string_view("Service")) {
                checkPrincipalType(*value, pointer.str(), type, emit);
            } else {
                checkValues(list, PointerPath(pointer, type), type, keyPartition, emit);
            }
        }
    }
}

} // namespace

void checkPrincipals(const GenericInput& input, Emitter& emit)
{
    for (const auto& statement : input.policy.statements) {
        if (statement.json && statement.json->is_object()) {
            checkStatementPrincipals(statement, input.keyPartition, emit);
        }
    }
}

} // namespace kps::rules
