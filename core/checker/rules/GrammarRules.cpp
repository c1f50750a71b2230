// SPDX-License-Identifier: GPL-3.0-or-later
// Document structure: NOT_AN_OBJECT, UNKNOWN_ELEMENT, WRONG_TYPE, VERSION_*, STATEMENT_MISSING, SID_DUPLICATE,
// EFFECT_*, PRINCIPAL_MISSING, ACTION_MISSING, RESOURCE_MISSING, ELEMENT_CONFLICT; checkGrammar() runs every rule
// group of the "Document and grammar" section.
#include "core/checker/rules/AnalyzerRules.h"

#include <array>
#include <string_view>
#include <unordered_map>

namespace kps::rules {

namespace {

constexpr std::array<std::string_view, 3> kTopElements = {"Version", "Id", "Statement"};
// In StatementElement order.
constexpr std::array<std::string_view, kStatementElementCount> kStatementElements
    = {"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view name)
{
    for (auto item : list) {
        if (item == name) {
            return true;
        }
    }
    return false;
}

template <std::size_t N>
std::string joinNames(const std::array<std::string_view, N>& list)
{
    std::string out;
    for (auto item : list) {
        if (!out.empty()) {
            out += ", ";
        }
        out += item;
    }
    return out;
}

/// UNKNOWN_ELEMENT for every member of `object` not in `allowed`; a member that differs from an allowed element
/// only in case is renamed by its fix, unless the correctly spelt element is already there.
template <std::size_t N, typename IsAllowed>
void checkMembers(const Json& object,
                  const std::string& pointer,
                  const std::array<std::string_view, N>& allowed,
                  IsAllowed isAllowed,
                  Emitter& emit)
{
    for (const auto& member : object.get_ref<const Json::object_t&>()) {
        const std::string& name = member.first;
        if (isAllowed(name)) {
            continue;
        }
        nlohmann::json fix;
        for (auto candidate : allowed) {
            if (equalsIgnoreCase(candidate, name) && !object.contains(std::string(candidate))) {
                fix = patchMove(appendPointer(pointer, name), appendPointer(pointer, candidate));
                break;
            }
        }
        emit.add("UNKNOWN_ELEMENT", appendPointer(pointer, name), true, {name, joinNames(allowed)}, std::move(fix));
    }
}

bool isStringOrStringArray(const Json& value)
{
    if (value.is_string()) {
        return true;
    }
    if (!value.is_array()) {
        return false;
    }
    for (const auto& item : value.get_ref<const Json::array_t&>()) {
        if (!item.is_string()) {
            return false;
        }
    }
    return true;
}

/// Action/Resource (and principal lists): a string or an array of strings. Reports each non-string entry.
void checkStringList(const Json& value, const PointerPath& pointer, std::string_view name, Emitter& emit)
{
    if (value.is_string()) {
        return;
    }
    if (!value.is_array()) {
        emit.add(
            "WRONG_TYPE", pointer, false, {std::string(name), "a string or an array of strings", jsonTypeName(value)});
        return;
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_string()) {
            emit.add("WRONG_TYPE",
                     PointerPath(pointer, i),
                     false,
                     {"Each entry of " + std::string(name), "a string", jsonTypeName(value[i])});
        }
    }
}

void checkPrincipalType(const Json& value, const PointerPath& pointer, std::string_view name, Emitter& emit)
{
    if (value.is_string()) {
        return; // "*" is valid; any other string is a PRINCIPAL_INVALID (PrincipalRules.cpp)
    }
    if (!value.is_object()) {
        emit.add("WRONG_TYPE",
                 pointer,
                 false,
                 {std::string(name), "\"*\" or an object such as {\"AWS\": [...]}", jsonTypeName(value)});
        return;
    }
    for (const auto& [type, list] : value.get_ref<const Json::object_t&>()) {
        if (!isStringOrStringArray(list)) {
            checkStringList(list, PointerPath(pointer, type), std::string(name) + " " + type, emit);
        }
    }
}

bool isConditionScalar(const Json& value)
{
    return value.is_string() || value.is_number() || value.is_boolean();
}

void checkConditionTypes(const Json& condition, const PointerPath& pointer, Emitter& emit)
{
    if (!condition.is_object()) {
        emit.add(
            "WRONG_TYPE", pointer, false, {"Condition", "an object of condition operators", jsonTypeName(condition)});
        return;
    }
    for (const auto& [op, block] : condition.get_ref<const Json::object_t&>()) {
        const PointerPath opPointer(pointer, op);
        if (!block.is_object()) {
            emit.add("WRONG_TYPE",
                     opPointer,
                     false,
                     {"The condition operator " + op, "an object of condition keys", jsonTypeName(block)});
            continue;
        }
        for (const auto& [key, values] : block.get_ref<const Json::object_t&>()) {
            const PointerPath keyPointer(opPointer, key);
            if (values.is_array()) {
                const auto& items = values.get_ref<const Json::array_t&>();
                for (std::size_t i = 0; i < items.size(); ++i) {
                    if (items[i].is_array() || items[i].is_object()) {
                        // A list inside the list: the value is malformed, not the element's type.
                        emit.add("CONDITION_VALUE_INVALID",
                                 PointerPath(keyPointer, i),
                                 false,
                                 {"The values of " + key + " must be one flat list of strings, numbers or booleans; "
                                  + jsonTypeName(items[i]) + " inside it is not a condition value."});
                    } else if (!isConditionScalar(items[i])) {
                        emit.add("WRONG_TYPE",
                                 PointerPath(keyPointer, i),
                                 false,
                                 {"Each value of " + key, "a string, number or boolean", jsonTypeName(items[i])});
                    }
                }
            } else if (!isConditionScalar(values)) {
                emit.add(
                    "WRONG_TYPE",
                    keyPointer,
                    false,
                    {"The value of " + key, "a string, number or boolean, or an array of them", jsonTypeName(values)});
            }
        }
    }
}

/// Reports X and NotX together (ELEMENT_CONFLICT at the Not element's key) or neither (the `missing` code).
void checkPair(bool has,
               bool hasNot,
               const std::string& pointer,
               std::string_view name,
               std::string_view notName,
               std::string_view missingCode,
               Emitter& emit)
{
    if (has && hasNot) {
        emit.add("ELEMENT_CONFLICT", appendPointer(pointer, notName), true, {std::string(name), std::string(notName)});
    } else if (!has && !hasNot) {
        nlohmann::json fix;
        if (missingCode == "RESOURCE_MISSING") {
            fix = patchAdd(appendPointer(pointer, "Resource"), "*");
        }
        emit.add(missingCode, pointer, false, {}, std::move(fix));
    }
}

void checkEffect(const Json* effectValue, const std::string& pointer, Emitter& emit)
{
    if (!effectValue) {
        emit.add("EFFECT_MISSING", pointer, false);
        return;
    }
    if (!effectValue->is_string()) {
        emit.add("WRONG_TYPE",
                 appendPointer(pointer, "Effect"),
                 false,
                 {"Effect", "the string \"Allow\" or \"Deny\"", jsonTypeName(*effectValue)});
        return;
    }
    const std::string_view effect = effectValue->get_ref<const std::string&>();
    if (effect == "Allow" || effect == "Deny") {
        return;
    }
    const std::string effectPointer = appendPointer(pointer, "Effect");
    // Case or surrounding blanks are the only unambiguous corrections.
    const auto first = effect.find_first_not_of(" \t\r\n");
    const auto last = effect.find_last_not_of(" \t\r\n");
    const std::string_view trimmed
        = first == std::string_view::npos ? std::string_view() : effect.substr(first, last - first + 1);
    nlohmann::json fix;
    if (equalsIgnoreCase(trimmed, "Allow")) {
        fix = patchReplace(effectPointer, "Allow");
    } else if (equalsIgnoreCase(trimmed, "Deny")) {
        fix = patchReplace(effectPointer, "Deny");
    }
    emit.add("EFFECT_INVALID", effectPointer, false, {std::string(effect)}, std::move(fix));
}

void checkStatement(const StatementView& statement, Emitter& emit)
{
    using enum StatementElement;
    const Json& s = *statement.json;
    const std::string& pointer = statement.pointer;
    checkMembers(
        s, pointer, kStatementElements, [](std::string_view name) { return statementElement(name) != Unknown; }, emit);
    if (const Json* sid = statement.element(Sid); sid && !sid->is_string()) {
        emit.add("WRONG_TYPE", appendPointer(pointer, "Sid"), false, {"Sid", "a string", jsonTypeName(*sid)});
    }
    checkEffect(statement.element(Effect), pointer, emit);

    if (!statement.hasPrincipal && !statement.hasNotPrincipal) {
        emit.add("PRINCIPAL_MISSING", pointer, false);
    } else if (statement.hasPrincipal && statement.hasNotPrincipal) {
        emit.add("ELEMENT_CONFLICT", appendPointer(pointer, "NotPrincipal"), true, {"Principal", "NotPrincipal"});
    }
    checkPair(statement.hasAction, statement.hasNotAction, pointer, "Action", "NotAction", "ACTION_MISSING", emit);
    checkPair(
        statement.hasResource, statement.hasNotResource, pointer, "Resource", "NotResource", "RESOURCE_MISSING", emit);

    const PointerPath statementPointer(pointer);
    for (const StatementElement element : {Principal, NotPrincipal}) {
        if (const Json* value = statement.element(element); value && !value->is_string()) {
            const std::string_view name = kStatementElements[static_cast<std::size_t>(element)];
            checkPrincipalType(*value, PointerPath(statementPointer, name), name, emit);
        }
    }
    for (const StatementElement element : {Action, NotAction, Resource, NotResource}) {
        if (const Json* value = statement.element(element); value && !isStringOrStringArray(*value)) {
            const std::string_view name = kStatementElements[static_cast<std::size_t>(element)];
            checkStringList(*value, PointerPath(statementPointer, name), name, emit);
        }
    }
    if (const Json* condition = statement.element(Condition)) {
        checkConditionTypes(*condition, PointerPath(statementPointer, "Condition"), emit);
    }
}

/// The first Resource or Condition value that holds a policy variable, or null.
const ValueRef* firstValueWithVariable(const PolicyView& policy)
{
    for (const auto& s : policy.statements) {
        for (const auto& r : s.resources) {
            if (hasPolicyVariable(r.value)) {
                return &r;
            }
        }
        for (const auto& c : s.conditions) {
            for (const auto& v : c.values) {
                if (hasPolicyVariable(v.value)) {
                    return &v;
                }
            }
        }
    }
    return nullptr;
}

void checkVersion(const Json& doc, const PolicyView& policy, Emitter& emit)
{
    // A policy variable without Version 2012-10-17 is literal text: the statement compares against "${aws:...}"
    // itself (VARIABLE_UNSUPPORTED_IN_VERSION), an error rather than VERSION_MISSING's or VERSION_OLD's advice.
    auto it = doc.find("Version");
    if (it == doc.end()) {
        if (const ValueRef* variable = firstValueWithVariable(policy)) {
            emit.add("VERSION_OLD_WITH_VARIABLES",
                     variable->pointer,
                     false,
                     {variable->value, "without a Version"},
                     patchAdd("/Version", "2012-10-17"));
        } else {
            emit.add("VERSION_MISSING", "", false, {}, patchAdd("/Version", "2012-10-17"));
        }
        return;
    }
    if (!it->is_string()) {
        emit.add("WRONG_TYPE", "/Version", false, {"Version", "the string \"2012-10-17\"", jsonTypeName(*it)});
        return;
    }
    const auto& version = it->get_ref<const std::string&>();
    if (version == "2008-10-17") {
        if (const ValueRef* variable = firstValueWithVariable(policy)) {
            emit.add("VERSION_OLD_WITH_VARIABLES",
                     variable->pointer,
                     false,
                     {variable->value, "under Version \"2008-10-17\""},
                     patchReplace("/Version", "2012-10-17"));
        } else {
            emit.add("VERSION_OLD", "/Version", false, {version}, patchReplace("/Version", "2012-10-17"));
        }
    } else if (version != "2012-10-17") {
        emit.add("VERSION_INVALID", "/Version", false, {version});
    }
}

} // namespace

void checkDocumentStructure(const GenericInput& input, Emitter& emit)
{
    const Json& doc = input.document.json();
    if (!doc.is_object()) {
        emit.add("NOT_AN_OBJECT", "", false, {"The policy", jsonTypeName(doc)});
        return;
    }
    checkMembers(
        doc, "", kTopElements, [](std::string_view name) { return contains(kTopElements, name); }, emit);
    checkVersion(doc, input.policy, emit);
    if (auto it = doc.find("Id"); it != doc.end() && !it->is_string()) {
        emit.add("WRONG_TYPE", "/Id", false, {"Id", "a string", jsonTypeName(*it)});
    }

    auto statements = doc.find("Statement");
    if (statements == doc.end()) {
        emit.add("STATEMENT_MISSING", "", false);
        return;
    }
    if (statements->is_array() && statements->empty()) {
        emit.add("STATEMENT_MISSING", "/Statement", false);
        return;
    }
    if (!statements->is_array() && !statements->is_object()) {
        emit.add("WRONG_TYPE",
                 "/Statement",
                 false,
                 {"Statement", "an array of statement objects", jsonTypeName(*statements)});
        return;
    }

    std::unordered_map<std::string_view, const StatementView*> sids;
    for (const auto& statement : input.policy.statements) {
        if (!statement.json || !statement.json->is_object()) {
            emit.add("NOT_AN_OBJECT",
                     statement.pointer,
                     false,
                     {"Each statement (" + statement.pointer + ")",
                      statement.json ? jsonTypeName(*statement.json) : "null"});
            continue;
        }
        checkStatement(statement, emit);
        if (statement.sid && !statement.sid->empty()) {
            auto [it, inserted] = sids.emplace(*statement.sid, &statement);
            if (!inserted) {
                emit.add("SID_DUPLICATE",
                         appendPointer(statement.pointer, "Sid"),
                         false,
                         {*statement.sid, it->second->pointer});
            }
        }
    }
}

void checkGrammar(const GenericInput& input, std::vector<Finding>& out)
{
    Emitter emit(input.document, out);
    checkDocumentStructure(input, emit);
    if (!input.policy.isObject) {
        return;
    }
    checkActions(input, emit);
    checkPrincipals(input, emit);
    checkConditions(input, emit);
    checkResourceElements(input, emit);
    checkStatementLists(input, emit);
    checkVariables(input, emit);
}

} // namespace kps::rules
