// SPDX-License-Identifier: GPL-3.0-or-later
// PRINCIPAL_INVALID: malformed account ids and ARNs, principal types other than AWS and Service, partial
// wildcards, IAM groups, malformed service principals.
#include "core/checker/rules/RuleSupport.h"

namespace kps::rules {

namespace {

/// A bare principal string other than "*": wrapping it is unambiguous when it is a valid AWS or Service value.
void checkBareString(const std::string& value, const std::string& pointer, Emitter& emit)
{
    if (value == "*") {
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

void checkValue(const std::string& value, const std::string& pointer, const std::string& type, Emitter& emit)
{
    std::string problem = principalProblem(type, value);
    if (problem.empty()) {
        return;
    }
    nlohmann::json fix;
    if (type == "Service") {
        const std::string lower = toLower(value);
        if (lower != value && isServicePrincipalName(lower)) {
            fix = patchReplace(pointer, lower);
        }
    }
    emit.add("PRINCIPAL_INVALID", pointer, false, {std::move(problem)}, std::move(fix));
}

void checkValues(const Json& list, const std::string& pointer, const std::string& type, Emitter& emit)
{
    if (list.is_string()) {
        checkValue(list.get_ref<const std::string&>(), pointer, type, emit);
        return;
    }
    if (!list.is_array()) {
        return; // WRONG_TYPE
    }
    if (list.empty()) {
        emit.add("PRINCIPAL_INVALID", pointer, false, {"\"" + type + "\" lists no principal."});
        return;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (list[i].is_string()) {
            checkValue(list[i].get_ref<const std::string&>(), appendPointer(pointer, i), type, emit);
        }
    }
}

void checkStatementPrincipals(const StatementView& statement, Emitter& emit)
{
    const Json& s = *statement.json;
    for (const char* element : {"Principal", "NotPrincipal"}) {
        auto it = s.find(element);
        if (it == s.end()) {
            continue;
        }
        const std::string pointer = appendPointer(statement.pointer, element);
        if (it->is_string()) {
            checkBareString(it->get_ref<const std::string&>(), pointer, emit);
            continue;
        }
        if (!it->is_object()) {
            continue; // WRONG_TYPE
        }
        if (it->empty()) {
            emit.add("PRINCIPAL_INVALID", pointer, false, {std::string(element) + " names no principal."});
            continue;
        }
        for (const auto& [type, list] : it->items()) {
            if (type != "AWS" && type != "Service") {
                checkPrincipalType(*it, pointer, type, emit);
            } else {
                checkValues(list, appendPointer(pointer, type), type, emit);
            }
        }
    }
}

} // namespace

void checkPrincipals(const GenericInput& input, Emitter& emit)
{
    for (const auto& statement : input.policy.statements) {
        if (statement.json && statement.json->is_object()) {
            checkStatementPrincipals(statement, emit);
        }
    }
}

} // namespace kps::rules
