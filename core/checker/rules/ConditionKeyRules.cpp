// SPDX-License-Identifier: GPL-3.0-or-later
// What the vocabulary knows of each condition key (core/vocab/kms-vocabulary.json): CONDITION_KEY_DUPLICATE_CASE,
// CONDITION_KEY_NOT_FOR_SERVICE (a key no request of the statement's service principal carries),
// CONDITION_KEY_UNSUPPORTED_ACTION (a key a listed action's requests never carry), CONDITION_KEY_UNTRUSTWORTHY,
// CONDITION_KEY_UNPAIRED, CONDITION_WILDCARD_TOO_PERMISSIVE and CONDITION_VARIABLE_TOO_PERMISSIVE.
#include "core/checker/rules/AnalyzerRules.h"

namespace kps::rules {

namespace {

/// Whether the statement names principals and every one of them is a service principal (Principal, not
/// NotPrincipal): then a key that no service principal's request carries is never present.
bool onlyServicePrincipals(const StatementView& statement)
{
    if (!statement.hasPrincipal || statement.hasNotPrincipal || statement.principals.empty()) {
        return false;
    }
    return std::all_of(statement.principals.begin(), statement.principals.end(), [](const PrincipalRef& p) {
        return equalsLiteral(p.type, "Service") && isServicePrincipalName(p.value);
    });
}

/// CloudWatch Logs' principal (logs.REGION.amazonaws.com): the MWAA profile judges its statement's conditions.
bool isLogsPrincipal(std::string_view service)
{
    return startsWithLiteral(service, "logs.");
}

void checkDuplicateCase(const StatementView& statement, Emitter& emit)
{
    const Json* condition = statement.element(StatementElement::Condition);
    if (!condition || !condition->is_object()) {
        return;
    }
    const PointerPath statementPointer(statement.pointer);
    const PointerPath conditionPointer(statementPointer, "Condition");
    for (const auto& [op, block] : condition->get_ref<const Json::object_t&>()) {
        if (!block.is_object() || block.size() < 2) {
            continue;
        }
        const auto& members = block.get_ref<const Json::object_t&>();
        for (auto later = std::next(members.begin()); later != members.end(); ++later) {
            for (auto earlier = members.begin(); earlier != later; ++earlier) {
                if (earlier->first.size() == later->first.size() && equalsIgnoreCase(earlier->first, later->first)) {
                    const PointerPath opPointer(conditionPointer, op);
                    emit.add("CONDITION_KEY_DUPLICATE_CASE",
                             PointerPath(opPointer, later->first),
                             true,
                             {later->first, earlier->first, op});
                    break;
                }
            }
        }
    }
}

/// Where a wildcard or variable of aws:userid is harmless: after the colon that ends the principal's unique id
/// (ROLE-ID:SESSION-NAME, ACCOUNT:CALLER-SPECIFIED-NAME).
std::string_view userIdHead(std::string_view value)
{
    const auto colon = value.find(':');
    return colon == std::string_view::npos ? value : value.substr(0, colon);
}

/// Whom a pattern in a sensitive key admits.
std::string wildcardReach(const ConditionKeyInfo& key)
{
    switch (key.format) {
    case ValueFormat::AccountId:
        return "any account whose id fits it";
    case ValueFormat::Vpc:
        return "any VPC whose id fits it";
    case ValueFormat::Vpce:
        return "any VPC endpoint whose id fits it";
    default:
        break;
    }
    return "any organization or network whose id fits it";
}

/// The key of the first variable in `value` that the caller sets (or that no vocabulary knows), else empty.
std::string callerChosenVariable(std::string_view value)
{
    std::size_t pos = 0;
    PolicyVariable v;
    while (nextPolicyVariable(value, pos, v)) {
        if (v.problem != VariableProblem::None || v.isSpecialCharacter()) {
            continue;
        }
        const ConditionKeyInfo* key = Vocabulary::instance().conditionKey(v.name);
        if (!key || key->callerControlled || key->untrustworthy) {
            return std::string(v.name);
        }
    }
    return {};
}

void checkPermissiveValues(const ConditionEntry& entry,
                           const ParsedOperator& op,
                           const ConditionKeyInfo& key,
                           Emitter& emit)
{
    const bool userId = equalsIgnoreCase(entry.key, "aws:userid");
    if (!key.sensitive && !userId) {
        return;
    }
    const OperatorFamily family = op.base->family;
    if (family != OperatorFamily::String && family != OperatorFamily::Arn) {
        return;
    }
    for (const auto& value : entry.values) {
        const std::string_view judged = userId ? userIdHead(value.value) : std::string_view(value.value);
        if (op.base->wildcards && hasWildcardOutsideVariables(judged)) {
            const std::string what = userId
                ? std::string("any principal whose unique id (the part before the colon) fits it")
                : wildcardReach(key) + "; IAM documents no valid use of a wildcard in this key";
            emit.add("CONDITION_WILDCARD_TOO_PERMISSIVE", value.pointer, false, {entry.key, value.value, what});
            continue;
        }
        if (op.base->allowsPolicyVariables && hasPolicyVariable(judged)) {
            if (std::string variable = callerChosenVariable(judged); !variable.empty()) {
                emit.add("CONDITION_VARIABLE_TOO_PERMISSIVE",
                         value.pointer,
                         false,
                         {entry.key, value.value, "${" + variable + "}"});
            }
        }
    }
}

std::string joinKeys(const std::vector<const ConditionEntry*>& entries)
{
    std::vector<std::string> names;
    for (const auto* e : entries) {
        if (std::find(names.begin(), names.end(), e->key) == names.end()) {
            names.push_back(e->key);
        }
    }
    return joinLimited(names);
}

/// CONDITION_KEY_UNSUPPORTED_ACTION: at each exact action (wildcards are skipped, as Access Analyzer does: a pattern
/// stands for the actions that carry the key) whose requests carry none of a condition key.
void checkActionsCarryKeys(const StatementView& statement,
                           const std::vector<std::pair<const ConditionEntry*, const ConditionKeyInfo*>>& keys,
                           bool logsOnly,
                           Emitter& emit)
{
    if (!statement.hasAction || keys.empty()) {
        return;
    }
    const Vocabulary& vocabulary = Vocabulary::instance();
    // AWS's documented CloudWatch Logs statement limits kms:Describe* with the logs-ARN encryption context, and the
    // MWAA profile assumes that CloudWatch Logs' DescribeKey requests carry it (docs/mwaa.md, "Unconfirmed facts"):
    // for that principal kms:DescribeKey is not judged against encryption-context keys.
    static const int kDescribeKey = vocabulary.actionIndex("kms:DescribeKey");
    const int describeKey = logsOnly ? kDescribeKey : -1;
    std::vector<const ConditionEntry*> missing;
    for (const auto& action : statement.actions) {
        if (hasWildcard(action.value)) {
            continue;
        }
        const int index = vocabulary.actionIndex(action.value);
        if (index < 0) {
            continue;
        }
        missing.clear();
        bool never = false;
        for (const auto& [entry, key] : keys) {
            if (index == describeKey && startsWithIgnoreCase(key->name, "kms:EncryptionContext")) {
                continue;
            }
            if (!key->actions.test(static_cast<std::size_t>(index))) {
                missing.push_back(entry);
                const auto op = parsedOperator(*entry);
                never = never || (op && !holdsWhenAbsent(*op, *entry));
            }
        }
        if (missing.empty()) {
            continue;
        }
        const std::string consequence = never
            ? "this statement never applies to " + action.value + ": move it to a statement without that condition"
            : "the condition always holds for " + action.value + " and limits nothing";
        emit.add(
            "CONDITION_KEY_UNSUPPORTED_ACTION", action.pointer, false, {action.value, joinKeys(missing), consequence});
    }
}

} // namespace

void ConditionScan::beginStatement(const StatementView& statement, Emitter& emit)
{
    m_statement = &statement;
    m_known.clear();
    m_services = onlyServicePrincipals(statement);
    m_logsOnly = m_services
        && std::all_of(statement.principals.begin(), statement.principals.end(), [](const PrincipalRef& p) {
                     return isLogsPrincipal(p.value);
                 });
    checkDuplicateCase(statement, emit);
    checkConditionObjects(statement, emit);
}

void ConditionScan::entry(const ConditionEntry& entry,
                          const ParsedOperator* op,
                          const ConditionKeyInfo* key,
                          const Json& condition,
                          Emitter& emit)
{
    const StatementView& statement = *m_statement;
    checkConditionValues(entry, op, key, emit);
    if (op) {
        checkConditionWildcards(statement, entry, *op, key, condition, emit);
    }
    if (!key || !op) {
        return;
    }
    m_known.emplace_back(&entry, key);
    if (key->untrustworthy) {
        emit.add("CONDITION_KEY_UNTRUSTWORTHY", entry.keyPointer, true, {entry.key});
    }
    if (!key->pairedWith.empty() && statement.isAllow()) {
        std::vector<std::string> absent;
        for (const auto& paired : key->pairedWith) {
            const bool present
                = std::any_of(statement.conditions.begin(),
                              statement.conditions.end(),
                              [&paired](const ConditionEntry& e) { return equalsIgnoreCase(e.key, paired); });
            if (!present) {
                absent.push_back(paired);
            }
        }
        if (!absent.empty()) {
            emit.add("CONDITION_KEY_UNPAIRED", entry.keyPointer, true, {entry.key, joinLimited(absent)});
        }
    }
    if (m_services && !(m_mwaaProfile && m_logsOnly) && key->absentForServicePrincipal) {
        std::vector<std::string> names;
        for (const auto& p : statement.principals) {
            names.push_back(p.value);
        }
        const std::string outcome = holdsWhenAbsent(*op, entry) ? "the condition always holds for it and limits nothing"
                                                                : "the statement never applies to it";
        emit.add("CONDITION_KEY_NOT_FOR_SERVICE", entry.keyPointer, true, {entry.key, joinLimited(names), outcome});
    }
    checkPermissiveValues(entry, *op, *key, emit);
}

void ConditionScan::endStatement(Emitter& emit)
{
    checkActionsCarryKeys(*m_statement, m_known, m_logsOnly, emit);
}

} // namespace kps::rules
