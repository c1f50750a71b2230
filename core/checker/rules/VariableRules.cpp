// SPDX-License-Identifier: GPL-3.0-or-later
// Policy variables wherever they are written (core/vocab/PolicyVariables): VARIABLE_MISSING_BRACE,
// VARIABLE_MISSING_QUOTE, VARIABLE_SPACE, VARIABLE_EMPTY (their syntax), VARIABLE_IN_ELEMENT (Principal, Action:
// elements that take no variables) and VARIABLE_INVALID_FOR_OPERATOR (a condition operator that does not substitute
// them). VERSION_OLD_WITH_VARIABLES is the Version's business (GrammarRules.cpp).
#include "core/checker/rules/AnalyzerRules.h"

namespace kps::rules {

namespace {

std::string_view variableCode(VariableProblem problem)
{
    switch (problem) {
    case VariableProblem::MissingBrace:
        return "VARIABLE_MISSING_BRACE";
    case VariableProblem::MissingQuote:
        return "VARIABLE_MISSING_QUOTE";
    case VariableProblem::Space:
        return "VARIABLE_SPACE";
    case VariableProblem::Empty:
        return "VARIABLE_EMPTY";
    case VariableProblem::None:
        break;
    }
    return {};
}

/// The corrected value where the intent is plain: the blanks of a name removed, an unquoted default quoted.
nlohmann::json syntaxFix(const std::string& value, const PolicyVariable& v, const std::string& pointer)
{
    const std::string_view written = std::string_view(value).substr(v.offset, v.length);
    std::string corrected;
    if (v.problem == VariableProblem::Space) {
        for (char c : v.name) {
            if (c != ' ' && c != '\t') {
                corrected += c;
            }
        }
        const auto nameEnd = written.find_first_of(",}");
        corrected = "${" + corrected + std::string(written.substr(nameEnd));
    } else if (v.problem == VariableProblem::MissingQuote) {
        // "${key, text}": the default has no quote at all and no brace; quote it as written.
        const auto comma = written.find(',');
        if (comma == std::string_view::npos || written.back() != '}') {
            return nullptr;
        }
        std::string_view def = written.substr(comma + 1, written.size() - comma - 2);
        while (!def.empty() && (def.front() == ' ' || def.front() == '\t')) {
            def.remove_prefix(1);
        }
        while (!def.empty() && (def.back() == ' ' || def.back() == '\t')) {
            def.remove_suffix(1);
        }
        if (def.empty() || def.find_first_of("'{}$") != std::string_view::npos) {
            return nullptr;
        }
        corrected = std::string(written.substr(0, comma)) + ", '" + std::string(def) + "'}";
    } else {
        return nullptr;
    }
    PolicyVariable check;
    if (firstMalformedVariable(corrected, check)) {
        return nullptr;
    }
    return patchReplace(pointer, value.substr(0, v.offset) + corrected + value.substr(v.offset + v.length));
}

/// Reports the first malformed variable of a value; true when there was one.
bool checkSyntax(const std::string& value, const std::string& pointer, Emitter& emit)
{
    PolicyVariable v;
    if (!firstMalformedVariable(value, v)) {
        return false;
    }
    const std::string written = value.substr(v.offset, v.length);
    emit.add(variableCode(v.problem), pointer, false, {"\"" + value + "\"", written}, syntaxFix(value, v, pointer));
    return true;
}

/// The first well-formed variable of a value, as written ("${aws:username}"); empty when it has none.
std::string firstVariable(std::string_view value)
{
    std::size_t pos = 0;
    PolicyVariable v;
    while (nextPolicyVariable(value, pos, v)) {
        if (v.problem == VariableProblem::None) {
            return std::string(value.substr(v.offset, v.length));
        }
    }
    return {};
}

void checkElementValue(const std::string& value, const std::string& pointer, std::string_view element, Emitter& emit)
{
    if (!hasPolicyVariable(value) || checkSyntax(value, pointer, emit)) {
        return;
    }
    emit.add("VARIABLE_IN_ELEMENT", pointer, false, {"\"" + value + "\"", firstVariable(value), std::string(element)});
}

void checkVariablesIn(const StatementView& statement, Emitter& emit)
{
    for (const auto& r : statement.resources) {
        if (hasPolicyVariable(r.value)) {
            checkSyntax(r.value, r.pointer, emit);
        }
    }
    const std::string_view principal = statement.hasPrincipal ? "Principal" : "NotPrincipal";
    for (const auto& p : statement.principals) {
        checkElementValue(p.value, p.pointer, principal, emit);
    }
    const std::string_view action = statement.hasAction ? "Action" : "NotAction";
    for (const auto& a : statement.actions) {
        checkElementValue(a.value, a.pointer, action, emit);
    }
    for (const auto& entry : statement.conditions) {
        for (const auto& value : entry.values) {
            if (!hasPolicyVariable(value.value) || checkSyntax(value.value, value.pointer, emit)) {
                continue;
            }
            // Parsed only for a value with a variable: most conditions have none.
            if (const auto op = parsedOperator(entry); op && !op->base->allowsPolicyVariables) {
                emit.add("VARIABLE_INVALID_FOR_OPERATOR",
                         value.pointer,
                         false,
                         {"\"" + value.value + "\"", firstVariable(value.value), entry.op});
            }
        }
    }
}

} // namespace

void checkVariables(const GenericInput& input, Emitter& emit)
{
    for (const auto& statement : input.policy.statements) {
        if (statement.json && statement.json->is_object()) {
            checkVariablesIn(statement, emit);
        }
    }
}

} // namespace kps::rules
