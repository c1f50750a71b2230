// SPDX-License-Identifier: GPL-3.0-or-later
// What the vocabulary knows of each condition key (core/vocab/kms-vocabulary.json): CONDITION_KEY_DUPLICATE_CASE,
// CONDITION_KEY_NOT_FOR_SERVICE (a key no request of the statement's service principal carries),
// CONDITION_KEY_UNSUPPORTED_ACTION (a key a listed action's requests never carry), CONDITION_KEY_UNTRUSTWORTHY,
// CONDITION_KEY_UNPAIRED, CONDITION_WILDCARD_TOO_PERMISSIVE and CONDITION_VARIABLE_TOO_PERMISSIVE.
#include "core/checker/rules/AnalyzerRules.h"

#include <unordered_map>

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
    for (const auto& operatorBlock : condition->get_ref<const Json::object_t&>()) {
        const std::string& op = operatorBlock.first;
        const Json& block = operatorBlock.second;
        if (!block.is_object() || block.size() < 2) {
            continue;
        }
        const auto& members = block.get_ref<const Json::object_t&>();
        const auto report = [&](const std::string& later, const std::string& earlier) {
            const PointerPath opPointer(conditionPointer, op);
            emit.add("CONDITION_KEY_DUPLICATE_CASE", PointerPath(opPointer, later), true, {later, earlier, op});
        };
        if (members.size() <= 16) {
            // A few keys (every real block): compared pairwise, allocating nothing.
            for (auto later = std::next(members.begin()); later != members.end(); ++later) {
                for (auto earlier = members.begin(); earlier != later; ++earlier) {
                    if (earlier->first.size() == later->first.size()
                        && equalsIgnoreCase(earlier->first, later->first)) {
                        report(later->first, earlier->first);
                        break;
                    }
                }
            }
            continue;
        }
        // Many keys: by their lower-case spelling, so that a hostile block stays linear.
        std::unordered_map<std::string, const std::string*> seen;
        for (const auto& member : members) {
            const auto [it, inserted] = seen.emplace(toLower(member.first), &member.first);
            if (!inserted) {
                report(member.first, *it->second);
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

/// The distinct key names of `entries`, as joinLimited() writes them (the first four, then how many more).
std::string joinKeys(const std::vector<const ConditionEntry*>& entries)
{
    std::vector<std::string> names;
    std::size_t more = 0;
    for (const auto* e : entries) {
        if (std::find(names.begin(), names.end(), e->key) != names.end()) {
            continue;
        }
        if (names.size() < 4) {
            names.push_back(e->key);
        } else {
            ++more; // (a key repeated in other spellings may be counted twice: condition keys ignore case)
        }
    }
    std::string out = joinLimited(names);
    if (more > 0) {
        out += " and " + std::to_string(more) + " more";
    }
    return out;
}

} // namespace

/// CONDITION_KEY_UNSUPPORTED_ACTION: at each exact action (wildcards are skipped, as Access Analyzer does: a pattern
/// stands for the actions that carry the key) whose requests carry none of a condition key; an action listed twice
/// is reported once (ACTION_REDUNDANT reports the second).
void ConditionScan::checkActionsCarryKeys(Emitter& emit)
{
    const StatementView& statement = *m_statement;
    if (!statement.hasAction || m_known.empty()) {
        return;
    }
    const Vocabulary& vocabulary = Vocabulary::instance();
    // AWS's documented CloudWatch Logs statement limits kms:Describe* with the logs-ARN encryption context, and the
    // MWAA profile assumes that CloudWatch Logs' DescribeKey requests carry it (docs/mwaa.md, "Unconfirmed facts"):
    // for that principal kms:DescribeKey is not judged against encryption-context keys.
    static const int kDescribeKey = vocabulary.actionIndex("kms:DescribeKey");
    const int describeKey = m_logsOnly ? kDescribeKey : -1;
    KmsActionSet reported;
    std::vector<const ConditionEntry*> missing;
    for (const auto& action : statement.actions) {
        if (hasWildcard(action.value)) {
            continue;
        }
        const int index = vocabulary.actionIndex(action.value);
        if (index < 0 || reported.test(static_cast<std::size_t>(index))) {
            continue;
        }
        reported.set(static_cast<std::size_t>(index));
        missing.clear();
        bool never = false;
        for (const KnownKey& known : m_known) {
            if (index == describeKey && startsWithIgnoreCase(known.key->name, "kms:EncryptionContext")) {
                continue;
            }
            if (!known.key->actions.test(static_cast<std::size_t>(index))) {
                missing.push_back(known.entry);
                never = never || !known.holdsWhenAbsent;
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

void ConditionScan::beginStatement(const StatementView& statement, Emitter& emit)
{
    m_statement = &statement;
    m_known.clear();
    m_keyPresence.clear();
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
    m_known.push_back({&entry, key, holdsWhenAbsent(*op, entry)});
    if (key->untrustworthy) {
        emit.add("CONDITION_KEY_UNTRUSTWORTHY", entry.keyPointer, true, {entry.key});
    }
    if (!key->pairedWith.empty() && statement.isAllow()) {
        std::vector<std::string> absent;
        for (const auto& paired : key->pairedWith) {
            if (!hasConditionKey(paired)) {
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
    checkActionsCarryKeys(emit);
}

bool ConditionScan::hasConditionKey(const std::string& key)
{
    // Asked for the few paired keys only; each answer is kept for the statement, so a hostile statement with many
    // aws:VpcSourceIp spellings is still one pass over its conditions per paired key.
    for (const auto& [name, present] : m_keyPresence) {
        if (name == &key) {
            return present;
        }
    }
    const auto& conditions = m_statement->conditions;
    const bool present = std::any_of(
        conditions.begin(), conditions.end(), [&key](const ConditionEntry& e) { return equalsIgnoreCase(e.key, key); });
    m_keyPresence.emplace_back(&key, present);
    return present;
}

} // namespace kps::rules
