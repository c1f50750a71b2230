// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/Commands.h"

#include "core/json/Format.h"
#include "model/JsonNodes.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"

#include <QCoreApplication>

#include <algorithm>

namespace kps::model {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("DocumentCommand", text);
}

std::optional<Json> failWith(QString* error, const QString& message)
{
    if (error) {
        *error = message;
    }
    return std::nullopt;
}

/// The Statement array of a policy, creating it (or turning a single statement object into an array) on demand.
Json* statementArray(Json& policy, QString* error)
{
    if (!policy.is_object()) {
        failWith(error, tr("The policy is not a JSON object."));
        return nullptr;
    }
    auto it = policy.find("Statement");
    if (it == policy.end()) {
        policy["Statement"] = Json::array();
        return &policy["Statement"];
    }
    if (it->is_object()) {
        Json single = std::move(*it);
        *it = Json::array();
        it->push_back(std::move(single));
    }
    if (!it->is_array()) {
        failWith(error, tr("The policy's Statement is neither an array nor an object."));
        return nullptr;
    }
    return &*it;
}

bool containsValue(const Json& array, const Json& value)
{
    return std::find(array.begin(), array.end(), value) != array.end();
}

} // namespace

// ---- DocumentCommand ------------------------------------------------------------------------------------------

DocumentCommand::DocumentCommand(PolicyDocument* document, const QString& text)
    : QUndoCommand(text)
    , m_document(document)
{ }

bool DocumentCommand::prepare(const PolicyDocument& document, QString* error)
{
    m_before = document.text();
    auto after = computeText(document, error);
    if (!after) {
        return false;
    }
    m_after = std::move(*after);
    return true;
}

std::optional<std::string> DocumentCommand::computeText(const PolicyDocument& document, QString* error) const
{
    if (!document.isValid()) {
        if (error) {
            *error = tr("The policy text is not valid JSON; fix the text first.");
        }
        return std::nullopt;
    }
    auto changed = transform(document.json(), error);
    if (!changed) {
        return std::nullopt;
    }
    return document.withLineEndings(formatPolicy(*changed));
}

std::optional<Json> DocumentCommand::transform(const Json& current, QString*) const
{
    return current;
}

void DocumentCommand::redo()
{
    m_document->setText(m_after);
}

void DocumentCommand::undo()
{
    // An undone step is never extended by later typing.
    m_undone = true;
    m_document->setText(m_before);
}

// ---- ReplaceTextCommand ---------------------------------------------------------------------------------------

namespace {
constexpr int TypingCommandId = 1;
}

ReplaceTextCommand::ReplaceTextCommand(PolicyDocument* document, std::string text, bool typing, quint64 serial)
    : DocumentCommand(document, tr("Edit JSON"))
    , m_text(std::move(text))
    , m_typing(typing)
    , m_serial(serial)
{ }

int ReplaceTextCommand::id() const
{
    return m_typing ? TypingCommandId : -1;
}

bool ReplaceTextCommand::mergeWith(const QUndoCommand* other)
{
    const auto* next = dynamic_cast<const ReplaceTextCommand*>(other);
    if (!next || !m_typing || !next->m_typing || m_undone || m_serial != next->m_serial) {
        return false;
    }
    m_after = next->m_after;
    // Typing that ends where it began is no step at all.
    setObsolete(m_after == m_before);
    return true;
}

std::optional<std::string> ReplaceTextCommand::computeText(const PolicyDocument&, QString*) const
{
    return m_text;
}

// ---- SetValueCommand ------------------------------------------------------------------------------------------

SetValueCommand::SetValueCommand(PolicyDocument* document, std::string pointer, Json value, const QString& text)
    : DocumentCommand(document, text)
    , m_pointer(std::move(pointer))
    , m_value(std::move(value))
{ }

std::optional<Json> SetValueCommand::transform(const Json& current, QString* error) const
{
    Json result = current;
    if (m_pointer.empty()) {
        return m_value;
    }
    Json* parent = findNode(result, parentPointer(m_pointer));
    if (!parent) {
        return failWith(error, tr("There is no %1 in the policy.").arg(toQString(parentPointer(m_pointer))));
    }
    const std::string last = pointerTokens(m_pointer).back();
    if (parent->is_object()) {
        (*parent)[last] = m_value;
        return result;
    }
    if (parent->is_array()) {
        if (last == std::to_string(parent->size())) {
            parent->push_back(m_value);
            return result;
        }
        if (Json* node = findNode(result, m_pointer)) {
            *node = m_value;
            return result;
        }
    }
    return failWith(error, tr("There is no %1 in the policy.").arg(toQString(m_pointer)));
}

// ---- AddValueCommand ------------------------------------------------------------------------------------------

AddValueCommand::AddValueCommand(PolicyDocument* document, std::string elementPointer, Json value, const QString& text)
    : DocumentCommand(document, text)
    , m_pointer(std::move(elementPointer))
    , m_value(std::move(value))
{ }

std::optional<Json> AddValueCommand::transform(const Json& current, QString* error) const
{
    Json result = current;
    Json* node = findNode(result, m_pointer);
    if (!node) {
        Json* parent = findNode(result, parentPointer(m_pointer));
        if (!parent || !parent->is_object() || m_pointer.empty()) {
            return failWith(error, tr("There is no %1 in the policy.").arg(toQString(parentPointer(m_pointer))));
        }
        (*parent)[pointerTokens(m_pointer).back()] = m_value;
        return result;
    }
    const QString already = tr("%1 is already there.").arg(toQString(scalarText(m_value)));
    if (node->is_array()) {
        if (containsValue(*node, m_value)) {
            return failWith(error, already);
        }
        node->push_back(m_value);
        return result;
    }
    if (node->is_string()) {
        if (*node == m_value) {
            return failWith(error, already);
        }
        Json pair = Json::array();
        pair.push_back(std::move(*node));
        pair.push_back(m_value);
        *node = std::move(pair);
        return result;
    }
    return failWith(error, tr("%1 is neither a string nor an array.").arg(toQString(m_pointer)));
}

// ---- RemoveValueCommand ---------------------------------------------------------------------------------------

RemoveValueCommand::RemoveValueCommand(PolicyDocument* document, std::string pointer, const QString& text)
    : DocumentCommand(document, text)
    , m_pointer(std::move(pointer))
{ }

std::optional<Json> RemoveValueCommand::transform(const Json& current, QString* error) const
{
    Json result = current;
    if (!removeNode(result, m_pointer)) {
        return failWith(error, tr("There is no %1 in the policy.").arg(toQString(m_pointer)));
    }
    // Remove what became empty, up to (not including) the statement itself.
    std::string parent = parentPointer(m_pointer);
    while (!parent.empty() && parent != "/Statement" && parentPointer(parent) != "/Statement") {
        const Json* node = findNode(result, parent);
        if (!node || !node->is_structured() || !node->empty()) {
            break;
        }
        removeNode(result, parent);
        parent = parentPointer(parent);
    }
    return result;
}

// ---- Statement commands ---------------------------------------------------------------------------------------

AddStatementCommand::AddStatementCommand(PolicyDocument* document,
                                         Json statement,
                                         std::size_t index,
                                         const QString& text)
    : DocumentCommand(document, text.isEmpty() ? tr("Add statement") : text)
    , m_statement(std::move(statement))
    , m_index(index)
{ }

std::optional<Json> AddStatementCommand::transform(const Json& current, QString* error) const
{
    Json result = current;
    Json* statements = statementArray(result, error);
    if (!statements) {
        return std::nullopt;
    }
    const auto at = std::min(m_index, statements->size());
    statements->insert(statements->begin() + static_cast<std::ptrdiff_t>(at), m_statement);
    return result;
}

DuplicateStatementCommand::DuplicateStatementCommand(PolicyDocument* document, std::size_t index)
    : DocumentCommand(document, tr("Duplicate statement"))
    , m_index(index)
{ }

std::optional<Json> DuplicateStatementCommand::transform(const Json& current, QString* error) const
{
    Json result = current;
    Json* statements = statementArray(result, error);
    if (!statements) {
        return std::nullopt;
    }
    if (m_index >= statements->size()) {
        return failWith(error, tr("There is no statement %1.").arg(m_index + 1));
    }
    Json copy = (*statements)[m_index];
    if (copy.is_object() && copy.contains("Sid") && copy["Sid"].is_string()) {
        const std::string sid = copy["Sid"].get<std::string>();
        auto taken = [&](const std::string& candidate) {
            return std::any_of(statements->begin(), statements->end(), [&](const Json& s) {
                return s.is_object() && s.contains("Sid") && s["Sid"] == candidate;
            });
        };
        std::string candidate = sid.empty() ? sid : sid + " copy";
        for (int n = 2; !sid.empty() && taken(candidate); ++n) {
            candidate = sid + " copy " + std::to_string(n);
        }
        copy["Sid"] = candidate;
    }
    statements->insert(statements->begin() + static_cast<std::ptrdiff_t>(m_index + 1), std::move(copy));
    return result;
}

RemoveStatementCommand::RemoveStatementCommand(PolicyDocument* document, std::size_t index)
    : DocumentCommand(document, tr("Remove statement"))
    , m_index(index)
{ }

std::optional<Json> RemoveStatementCommand::transform(const Json& current, QString* error) const
{
    Json result = current;
    if (result.is_object() && result.contains("Statement") && result["Statement"].is_object() && m_index == 0) {
        result.erase("Statement");
        return result;
    }
    if (!result.is_object() || !result.contains("Statement") || !result["Statement"].is_array()
        || m_index >= result["Statement"].size()) {
        return failWith(error, tr("There is no statement %1.").arg(m_index + 1));
    }
    Json& statements = result["Statement"];
    statements.erase(statements.begin() + static_cast<std::ptrdiff_t>(m_index));
    return result;
}

MoveStatementCommand::MoveStatementCommand(PolicyDocument* document, std::size_t from, std::size_t to)
    : DocumentCommand(document, to < from ? tr("Move statement up") : tr("Move statement down"))
    , m_from(from)
    , m_to(to)
{ }

std::optional<Json> MoveStatementCommand::transform(const Json& current, QString* error) const
{
    Json result = current;
    if (!result.is_object() || !result.contains("Statement") || !result["Statement"].is_array()
        || m_from >= result["Statement"].size() || m_to >= result["Statement"].size()) {
        return failWith(error, tr("The statement cannot move there."));
    }
    Json& statements = result["Statement"];
    Json moving = std::move(statements[m_from]);
    statements.erase(statements.begin() + static_cast<std::ptrdiff_t>(m_from));
    statements.insert(statements.begin() + static_cast<std::ptrdiff_t>(m_to), std::move(moving));
    return result;
}

// ---- SetConditionCommand --------------------------------------------------------------------------------------

SetConditionCommand::SetConditionCommand(PolicyDocument* document,
                                         std::string statementPointer,
                                         std::string oldOp,
                                         std::string oldKey,
                                         std::string newOp,
                                         std::string newKey,
                                         std::vector<std::string> values,
                                         const QString& text)
    : DocumentCommand(document, text)
    , m_statement(std::move(statementPointer))
    , m_oldOp(std::move(oldOp))
    , m_oldKey(std::move(oldKey))
    , m_newOp(std::move(newOp))
    , m_newKey(std::move(newKey))
    , m_values(std::move(values))
{ }

std::optional<Json> SetConditionCommand::transform(const Json& current, QString* error) const
{
    if (m_newOp.empty() || m_newKey.empty()) {
        return failWith(error, tr("A condition needs an operator and a key."));
    }
    if (m_values.empty()) {
        return failWith(error, tr("A condition needs at least one value."));
    }
    Json result = current;
    Json* statement = findNode(result, m_statement);
    if (!statement || !statement->is_object()) {
        return failWith(error, tr("There is no statement at %1.").arg(toQString(m_statement)));
    }
    Json& condition = (*statement)["Condition"];
    if (condition.is_null()) {
        condition = Json::object();
    }
    if (!condition.is_object()) {
        return failWith(error, tr("The statement's Condition is not an object."));
    }
    Json value = m_values.size() == 1 ? Json(m_values.front()) : Json(m_values);
    const bool sameSlot = m_oldOp == m_newOp && m_oldKey == m_newKey;
    if (!m_oldOp.empty() && !sameSlot) {
        auto op = condition.find(m_oldOp);
        if (op != condition.end() && op->is_object()) {
            op->erase(m_oldKey);
            if (op->empty()) {
                condition.erase(m_oldOp);
            }
        }
    }
    Json& op = condition[m_newOp];
    if (op.is_null()) {
        op = Json::object();
    }
    if (!op.is_object()) {
        return failWith(error, tr("The condition operator %1 does not hold an object.").arg(toQString(m_newOp)));
    }
    op[m_newKey] = std::move(value);
    return result;
}

// ---- ApplyFixCommand ------------------------------------------------------------------------------------------

ApplyFixCommand::ApplyFixCommand(PolicyDocument* document, nlohmann::json patch, const QString& code)
    : DocumentCommand(document, tr("Apply fix %1").arg(code))
    , m_patch(std::move(patch))
{ }

std::optional<Json> ApplyFixCommand::transform(const Json& current, QString* error) const
{
    auto patched = applyPatch(current, m_patch);
    if (!patched) {
        return failWith(error, tr("The fix no longer applies: %1").arg(toQString(patched.error().message)));
    }
    return std::move(*patched);
}

} // namespace kps::model
