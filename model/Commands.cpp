// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/Commands.h"

#include "core/checker/PolicyView.h"
#include "core/json/Format.h"
#include "core/json/TextPatch.h"
#include "model/JsonNodes.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"

#include <QCoreApplication>

#include <algorithm>
#include <utility>

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

/// One RFC 6902 operation. The patches are of the ordered Json type, so an object value keeps its member order.
Json operation(const char* op, const std::string& path, const Json& value)
{
    Json out = Json::object();
    out["op"] = op;
    out["path"] = path;
    out["value"] = value;
    return out;
}

Json removal(const std::string& path)
{
    return Json::object({{"op", "remove"}, {"path", path}});
}

Json moving(const char* op, const std::string& from, const std::string& path)
{
    return Json::object({{"op", op}, {"from", from}, {"path", path}});
}

bool containsValue(const Json& array, const Json& value)
{
    return std::find(array.begin(), array.end(), value) != array.end();
}

std::string lastTokenOf(const std::string& pointer)
{
    const auto tokens = pointerTokens(pointer);
    return tokens.empty() ? std::string() : tokens.back();
}

/**
 * The member a new element of a statement goes in front of: the first member that comes after it in the grammar's
 * order (Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition), so a Principal
 * added back goes after Effect and not after Condition. Empty (appended) when none does, or outside a statement.
 */
std::string placeBefore(const Json& current, const std::string& pointer)
{
    const std::string parent = parentPointer(pointer);
    if (parent != "/Statement" && parentPointer(parent) != "/Statement") {
        return {};
    }
    const Json* node = findNode(current, parent);
    const StatementElement rank = statementElement(lastTokenOf(pointer));
    if (!node || !node->is_object() || rank == StatementElement::Unknown) {
        return {};
    }
    for (auto it = node->begin(); it != node->end(); ++it) {
        const StatementElement other = statementElement(it.key());
        if (other != StatementElement::Unknown && static_cast<int>(other) > static_cast<int>(rank)) {
            return it.key();
        }
    }
    return {};
}

/// An `add` of a value; a new statement element goes where placeBefore() says.
Json adding(const Json& current, const std::string& path, const Json& value)
{
    Json op = operation("add", path, value);
    if (!findNode(current, path)) {
        if (const std::string before = placeBefore(current, path); !before.empty()) {
            op[kInsertBefore] = before;
        }
    }
    return op;
}

/**
 * The operations that turn the scalar at `pointer` into an array holding it, keeping its text (copied aside to the
 * policy's root, the scalar replaced by [], the copy moved into it).
 */
void wrapInArray(const Json& current, const std::string& pointer, Json& ops)
{
    std::string aside = "/__keypolicy_aside";
    while (current.is_object() && current.contains(aside.substr(1))) {
        aside += '_';
    }
    ops.push_back(moving("copy", pointer, aside));
    ops.push_back(operation("replace", pointer, Json::array()));
    ops.push_back(moving("move", aside, appendPointer(pointer, std::size_t{0})));
}

/**
 * The operations that make the value at `pointer` (a scalar or an array) hold `values` (an array), touching only the
 * values that differ: the common first and last values stay as written (type and spelling), the differing ones in
 * between are replaced one for one, and the rest removed or added. A scalar stays a scalar for one value; an array
 * stays an array.
 */
void valueOps(const Json& current, const std::string& pointer, const Json& old, const Json& values, Json& ops)
{
    if (!old.is_array()) {
        if (values.size() == 1) {
            if (!(values[0] == old) || values[0].type() != old.type()) {
                ops.push_back(operation("replace", pointer, values[0]));
            }
            return;
        }
        wrapInArray(current, pointer, ops);
        valueOps(current, pointer, Json::array({old}), values, ops);
        return;
    }
    const auto same = [](const Json& a, const Json& b) {
        return a == b && a.type() == b.type();
    };
    const std::size_t oldSize = old.size();
    const std::size_t newSize = values.size();
    std::size_t prefix = 0;
    while (prefix < oldSize && prefix < newSize && same(old[prefix], values[prefix])) {
        ++prefix;
    }
    std::size_t suffix = 0;
    while (suffix < oldSize - prefix && suffix < newSize - prefix
           && same(old[oldSize - 1 - suffix], values[newSize - 1 - suffix])) {
        ++suffix;
    }
    const std::size_t oldMiddle = oldSize - prefix - suffix;
    const std::size_t newMiddle = newSize - prefix - suffix;
    const std::size_t replaced = std::min(oldMiddle, newMiddle);
    for (std::size_t i = 0; i < replaced; ++i) {
        ops.push_back(operation("replace", appendPointer(pointer, prefix + i), values[prefix + i]));
    }
    for (std::size_t i = oldMiddle; i > replaced; --i) {
        ops.push_back(removal(appendPointer(pointer, prefix + i - 1)));
    }
    for (std::size_t i = replaced; i < newMiddle; ++i) {
        ops.push_back(operation("add", appendPointer(pointer, prefix + i), values[prefix + i]));
    }
}

/// Whether one pointer names a node inside the other (or the same node).
bool overlaps(const std::string& a, const std::string& b)
{
    const auto within = [](const std::string& inner, const std::string& outer) {
        return inner.size() > outer.size() && inner.compare(0, outer.size(), outer) == 0 && inner[outer.size()] == '/';
    };
    return a == b || within(a, b) || within(b, a);
}

/**
 * The operations that give the policy a Statement array (turning a single statement object into an array of it, in
 * place and keeping its text), appended to `patch`; the array's size afterwards in *size. Null on failure.
 */
bool statementArrayPatch(const Json& policy, Json& patch, std::size_t* size, QString* error)
{
    if (!policy.is_object()) {
        failWith(error, tr("The policy is not a JSON object."));
        return false;
    }
    const auto it = policy.find("Statement");
    if (it == policy.end()) {
        patch.push_back(operation("add", "/Statement", Json::array()));
        *size = 0;
        return true;
    }
    if (it->is_object()) {
        // Copy the statement aside, make Statement an empty array where it stands, and move the copy into it: the
        // statement keeps its text (one level deeper), and Statement its place among the policy's members.
        std::string aside = "/__keypolicy_statement";
        while (policy.contains(aside.substr(1))) {
            aside += '_';
        }
        patch.push_back(moving("copy", "/Statement", aside));
        patch.push_back(operation("replace", "/Statement", Json::array()));
        patch.push_back(moving("move", aside, "/Statement/0"));
        *size = 1;
        return true;
    }
    if (!it->is_array()) {
        failWith(error, tr("The policy's Statement is neither an array nor an object."));
        return false;
    }
    *size = it->size();
    return true;
}

} // namespace

// ---- DocumentCommand ------------------------------------------------------------------------------------------

DocumentCommand::DocumentCommand(PolicyDocument* document, const QString& text)
    : QUndoCommand(text)
    , m_document(document)
{ }

std::string DocumentCommand::textAfter() const
{
    const std::string& before = m_document->text();
    std::string after;
    after.reserve(m_sizeAfter);
    after.append(before, 0, m_offset).append(m_inserted).append(before, m_offset + m_removed.size());
    return after;
}

bool DocumentCommand::prepare(const PolicyDocument& document, QString* error)
{
    return computeDifference(document, error);
}

bool DocumentCommand::computeDifference(const PolicyDocument& document, QString* error)
{
    auto after = computeText(document, error);
    if (!after) {
        return false;
    }
    setDifference(document.text(), *after);
    return true;
}

void DocumentCommand::setDifference(const std::string& before, const std::string& after)
{
    const auto mismatch = std::mismatch(before.begin(), before.end(), after.begin(), after.end());
    const auto prefix = static_cast<std::size_t>(mismatch.first - before.begin());
    const std::size_t room = std::min(before.size(), after.size()) - prefix;
    const auto tail
        = std::mismatch(before.rbegin(), before.rbegin() + static_cast<std::ptrdiff_t>(room), after.rbegin());
    const auto suffix = static_cast<std::size_t>(tail.first - before.rbegin());
    m_offset = prefix;
    m_removed = before.substr(prefix, before.size() - prefix - suffix);
    m_inserted = after.substr(prefix, after.size() - prefix - suffix);
    m_sizeAfter = after.size();
}

bool DocumentCommand::appendDifference(const DocumentCommand& next)
{
    // Both differences in the coordinates of the text between the two steps (T1): this step's inserted bytes are at
    // [m_offset, m_offset + m_inserted.size()), next's removed bytes at [next.m_offset, + next.m_removed.size()).
    const std::string& now = m_document->text(); // the text after `next`
    if (now.size() != next.m_sizeAfter) {
        return false;
    }
    const std::size_t start = std::min(m_offset, next.m_offset);
    const std::size_t end = std::max(m_offset + m_inserted.size(), next.m_offset + next.m_removed.size());
    // T1[start, end): the text after `next` around its difference, with next's removed bytes put back.
    const std::size_t afterNext = next.m_offset + next.m_inserted.size();
    const std::size_t tailLength = end - (next.m_offset + next.m_removed.size());
    std::string between = now.substr(start, next.m_offset - start);
    between += next.m_removed;
    between.append(now, afterNext, tailLength);
    std::string before = between;
    before.replace(m_offset - start, m_inserted.size(), m_removed);
    std::string after = std::move(between);
    after.replace(next.m_offset - start, next.m_removed.size(), next.m_inserted);
    const std::size_t sizeAfter = next.m_sizeAfter;
    setDifference(before, after);
    m_offset += start;
    m_sizeAfter = sizeAfter;
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
    const auto ops = patch(document.json(), error);
    if (!ops) {
        return std::nullopt;
    }
    if (m_formEdit) {
        // The DOM holds only the first of a duplicate key: an edit there would drop the text of the second.
        for (const ParseProblem& problem : document.source().problems()) {
            if (problem.kind != ParseProblem::Kind::DuplicateKey) {
                continue;
            }
            for (const auto& op : *ops) {
                for (const char* member : {"path", "from"}) {
                    if (op.contains(member) && overlaps(op[member].get<std::string>(), problem.pointer)) {
                        if (error) {
                            *error = tr("The policy has the key \"%1\" twice at %2 (KMS rejects that), and the form "
                                        "shows only the first: edit it in the JSON view, so nothing of the second is "
                                        "lost.")
                                         .arg(toQString(problem.detail), toQString(problem.pointer));
                        }
                        return std::nullopt;
                    }
                }
            }
        }
    }
    // Only the spans the edit changes are rewritten, in the document's own layout (indentation, line endings).
    TextPatchResult result = textPatch(document.source(), *ops);
    switch (result.status) {
    case TextPatchResult::Status::Edited:
        m_afterParsed = std::move(result.document);
        return std::move(result.text);
    case TextPatchResult::Status::Reformatted:
        if (m_formEdit) {
            if (error) {
                *error = tr("The form cannot write this change into the text without reformatting the whole policy "
                            "(%1); make it in the JSON view.")
                             .arg(toQString(result.message));
            }
            return std::nullopt;
        }
        return document.withLineEndings(std::move(result.text));
    case TextPatchResult::Status::Failed:
        break;
    }
    if (error) {
        *error = tr("The edit does not apply to the policy: %1").arg(toQString(result.message));
    }
    return std::nullopt;
}

std::optional<Json> DocumentCommand::patch(const Json&, QString*) const
{
    return Json::array();
}

void DocumentCommand::redo()
{
    std::string text = m_document->text();
    Q_ASSERT(text.compare(m_offset, m_removed.size(), m_removed) == 0);
    text.replace(m_offset, m_removed.size(), m_inserted);
    m_document->setText(std::move(text),
                        std::exchange(m_afterParsed, std::nullopt),
                        TextChange::at(m_offset, m_removed.size(), m_inserted.size()));
}

void DocumentCommand::undo()
{
    // An undone step is never extended by later typing.
    m_undone = true;
    std::string text = m_document->text();
    Q_ASSERT(text.compare(m_offset, m_inserted.size(), m_inserted) == 0);
    text.replace(m_offset, m_inserted.size(), m_removed);
    m_document->setText(std::move(text), std::nullopt, TextChange::at(m_offset, m_inserted.size(), m_removed.size()));
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
{
    m_formEdit = false;
}

ReplaceTextCommand::ReplaceTextCommand(PolicyDocument* document, ByteEdit edit, bool typing, quint64 serial)
    : DocumentCommand(document, tr("Edit JSON"))
    , m_edit(std::move(edit))
    , m_typing(typing)
    , m_serial(serial)
{
    m_formEdit = false;
}

bool ReplaceTextCommand::computeDifference(const PolicyDocument& document, QString* error)
{
    if (!m_edit) {
        return DocumentCommand::computeDifference(document, error);
    }
    const std::string& before = document.text();
    if (m_edit->offset + m_edit->removed > before.size()) {
        failWith(error, tr("The edit lies outside the text."));
        return false;
    }
    m_offset = m_edit->offset;
    m_removed = before.substr(m_edit->offset, m_edit->removed);
    m_inserted = std::move(m_edit->inserted);
    m_sizeAfter = before.size() - m_removed.size() + m_inserted.size();
    m_edit.reset();
    return true;
}

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
    if (!appendDifference(*next)) {
        return false;
    }
    // Typing that ends where it began is no step at all.
    setObsolete(isNoOp());
    return true;
}

std::optional<std::string> ReplaceTextCommand::computeText(const PolicyDocument&, QString*) const
{
    return std::exchange(m_text, {}); // asked once, by prepare(): the step keeps only the difference
}

// ---- SetValueCommand ------------------------------------------------------------------------------------------

SetValueCommand::SetValueCommand(PolicyDocument* document, std::string pointer, Json value, const QString& text)
    : DocumentCommand(document, text)
    , m_pointer(std::move(pointer))
    , m_value(std::move(value))
{ }

std::optional<Json> SetValueCommand::patch(const Json& current, QString* error) const
{
    if (m_pointer.empty()) {
        return Json::array({operation("replace", m_pointer, m_value)});
    }
    const Json* parent = findNode(current, parentPointer(m_pointer));
    if (!parent) {
        return failWith(error, tr("There is no %1 in the policy.").arg(toQString(parentPointer(m_pointer))));
    }
    const std::string last = pointerTokens(m_pointer).back();
    // An object member is set in place or appended; an array element is replaced, or appended just past the end.
    if (parent->is_object() || (parent->is_array() && last == std::to_string(parent->size()))) {
        return Json::array({adding(current, m_pointer, m_value)});
    }
    if (parent->is_array() && findNode(current, m_pointer)) {
        return Json::array({operation("replace", m_pointer, m_value)});
    }
    return failWith(error, tr("There is no %1 in the policy.").arg(toQString(m_pointer)));
}

// ---- AddValueCommand ------------------------------------------------------------------------------------------

AddValueCommand::AddValueCommand(PolicyDocument* document, std::string elementPointer, Json value, const QString& text)
    : DocumentCommand(document, text)
    , m_pointer(std::move(elementPointer))
    , m_value(std::move(value))
{ }

std::optional<Json> AddValueCommand::patch(const Json& current, QString* error) const
{
    const Json* node = findNode(current, m_pointer);
    if (!node) {
        const Json* parent = findNode(current, parentPointer(m_pointer));
        if (!parent || !parent->is_object() || m_pointer.empty()) {
            return failWith(error, tr("There is no %1 in the policy.").arg(toQString(parentPointer(m_pointer))));
        }
        return Json::array({adding(current, m_pointer, m_value)});
    }
    const QString already = tr("%1 is already there.").arg(toQString(scalarText(m_value)));
    if (node->is_array()) {
        if (containsValue(*node, m_value)) {
            return failWith(error, already);
        }
        return Json::array({operation("add", m_pointer + "/-", m_value)});
    }
    if (node->is_string()) {
        if (*node == m_value) {
            return failWith(error, already);
        }
        Json ops = Json::array();
        wrapInArray(current, m_pointer, ops);
        ops.push_back(operation("add", m_pointer + "/-", m_value));
        return ops;
    }
    return failWith(error, tr("%1 is neither a string nor an array.").arg(toQString(m_pointer)));
}

// ---- RemoveValueCommand ---------------------------------------------------------------------------------------

RemoveValueCommand::RemoveValueCommand(PolicyDocument* document, std::string pointer, const QString& text)
    : DocumentCommand(document, text)
    , m_pointer(std::move(pointer))
{ }

std::optional<Json> RemoveValueCommand::patch(const Json& current, QString* error) const
{
    if (m_pointer.empty() || !findNode(current, m_pointer)) {
        return failWith(error, tr("There is no %1 in the policy.").arg(toQString(m_pointer)));
    }
    // What the removal leaves empty goes too, up to (not including) the statement itself: remove the outermost
    // container that holds nothing else.
    std::string target = m_pointer;
    std::string parent = parentPointer(m_pointer);
    while (!parent.empty() && parent != "/Statement" && parentPointer(parent) != "/Statement") {
        const Json* node = findNode(current, parent);
        if (!node || !node->is_structured() || node->size() != 1) {
            break;
        }
        target = parent;
        parent = parentPointer(parent);
    }
    return Json::array({removal(target)});
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

std::optional<Json> AddStatementCommand::patch(const Json& current, QString* error) const
{
    Json ops = Json::array();
    std::size_t size = 0;
    if (!statementArrayPatch(current, ops, &size, error)) {
        return std::nullopt;
    }
    ops.push_back(operation("add", appendPointer("/Statement", std::min(m_index, size)), m_statement));
    return ops;
}

DuplicateStatementCommand::DuplicateStatementCommand(PolicyDocument* document, std::size_t index)
    : DocumentCommand(document, tr("Duplicate statement"))
    , m_index(index)
{ }

std::optional<Json> DuplicateStatementCommand::patch(const Json& current, QString* error) const
{
    Json ops = Json::array();
    std::size_t size = 0;
    if (!statementArrayPatch(current, ops, &size, error)) {
        return std::nullopt;
    }
    if (m_index >= size) {
        return failWith(error, tr("There is no statement %1.").arg(m_index + 1));
    }
    const Json& statement = current["Statement"].is_array() ? current["Statement"][m_index] : current["Statement"];
    const std::string copy = appendPointer("/Statement", m_index + 1);
    ops.push_back(moving("copy", appendPointer("/Statement", m_index), copy));
    if (statement.is_object() && statement.contains("Sid") && statement["Sid"].is_string()) {
        const std::string sid = statement["Sid"].get<std::string>();
        const Json& all = current["Statement"];
        auto taken = [&](const std::string& candidate) {
            if (all.is_object()) {
                return candidate == sid;
            }
            return std::any_of(all.begin(), all.end(), [&](const Json& s) {
                return s.is_object() && s.contains("Sid") && s["Sid"] == candidate;
            });
        };
        std::string candidate = sid.empty() ? sid : sid + " copy";
        for (int n = 2; !sid.empty() && taken(candidate); ++n) {
            candidate = sid + " copy " + std::to_string(n);
        }
        ops.push_back(operation("replace", appendPointer(copy, "Sid"), candidate));
    }
    return ops;
}

RemoveStatementCommand::RemoveStatementCommand(PolicyDocument* document, std::size_t index)
    : DocumentCommand(document, tr("Remove statement"))
    , m_index(index)
{ }

std::optional<Json> RemoveStatementCommand::patch(const Json& current, QString* error) const
{
    if (current.is_object() && current.contains("Statement") && current["Statement"].is_object() && m_index == 0) {
        return Json::array({removal("/Statement")});
    }
    if (!current.is_object() || !current.contains("Statement") || !current["Statement"].is_array()
        || m_index >= current["Statement"].size()) {
        return failWith(error, tr("There is no statement %1.").arg(m_index + 1));
    }
    return Json::array({removal(appendPointer("/Statement", m_index))});
}

MoveStatementCommand::MoveStatementCommand(PolicyDocument* document, std::size_t from, std::size_t to)
    : DocumentCommand(document, to < from ? tr("Move statement up") : tr("Move statement down"))
    , m_from(from)
    , m_to(to)
{ }

std::optional<Json> MoveStatementCommand::patch(const Json& current, QString* error) const
{
    if (!current.is_object() || !current.contains("Statement") || !current["Statement"].is_array()
        || m_from >= current["Statement"].size() || m_to >= current["Statement"].size()) {
        return failWith(error, tr("The statement cannot move there."));
    }
    // RFC 6902's move: removed, then inserted at `to` of the shorter array; the statement's text moves as it is.
    return Json::array({moving("move", appendPointer("/Statement", m_from), appendPointer("/Statement", m_to))});
}

// ---- SetConditionCommand --------------------------------------------------------------------------------------

SetConditionCommand::SetConditionCommand(PolicyDocument* document,
                                         std::string statementPointer,
                                         std::string oldOp,
                                         std::string oldKey,
                                         std::string newOp,
                                         std::string newKey,
                                         Json values,
                                         const QString& text)
    : DocumentCommand(document, text)
    , m_statement(std::move(statementPointer))
    , m_oldOp(std::move(oldOp))
    , m_oldKey(std::move(oldKey))
    , m_newOp(std::move(newOp))
    , m_newKey(std::move(newKey))
    , m_values(std::move(values))
{ }

std::optional<Json> SetConditionCommand::patch(const Json& current, QString* error) const
{
    if (m_newOp.empty() || m_newKey.empty()) {
        return failWith(error, tr("A condition needs an operator and a key."));
    }
    if (!m_values.is_array() || m_values.empty()) {
        return failWith(error, tr("A condition needs at least one value."));
    }
    for (const Json& v : m_values) {
        if (!v.is_primitive() || v.is_null()) {
            return failWith(error, tr("A condition value is a string, a number or a Boolean."));
        }
    }
    const Json* statement = findNode(current, m_statement);
    if (!statement || !statement->is_object()) {
        return failWith(error, tr("There is no statement at %1.").arg(toQString(m_statement)));
    }
    const Json value = m_values.size() == 1 ? m_values.front() : m_values;
    const std::string condition = appendPointer(m_statement, "Condition");
    const auto block = [&condition](const std::string& op) {
        return appendPointer(condition, op);
    };
    const auto entry = [&block](const std::string& op, const std::string& key) {
        return appendPointer(block(op), key);
    };
    const auto fresh = [this, &value] {
        return Json::object({{m_newOp, Json::object({{m_newKey, value}})}});
    };
    const QString taken = tr("The statement already has a condition %1 %2; edit that one.")
                              .arg(toQString(m_newOp), toQString(m_newKey));

    const auto existing = statement->find("Condition");
    if (existing == statement->end()) {
        return Json::array({adding(current, condition, fresh())});
    }
    if (existing->is_null()) {
        return Json::array({operation("replace", condition, fresh())});
    }
    if (!existing->is_object()) {
        return failWith(error, tr("The statement's Condition is not an object."));
    }
    Json ops = Json::array();
    const auto newBlock = existing->find(m_newOp);
    if (m_oldOp.empty()) {
        // Added: a new block or key, or more values for a key that is there.
        if (newBlock == existing->end()) {
            ops.push_back(operation("add", block(m_newOp), Json::object({{m_newKey, value}})));
        } else if (newBlock->is_null()) {
            ops.push_back(operation("replace", block(m_newOp), Json::object({{m_newKey, value}})));
        } else if (!newBlock->is_object()) {
            return failWith(error, tr("The condition operator %1 does not hold an object.").arg(toQString(m_newOp)));
        } else if (const auto there = newBlock->find(m_newKey); there == newBlock->end()) {
            ops.push_back(operation("add", entry(m_newOp, m_newKey), value));
        } else if (there->is_primitive() || there->is_array()) {
            const Json had = there->is_array() ? *there : Json::array({*there});
            Json more = Json::array();
            for (const Json& v : m_values) {
                if (!containsValue(had, v) && !containsValue(more, v)) {
                    more.push_back(v);
                }
            }
            if (more.empty()) {
                return failWith(
                    error,
                    tr("The condition %1 %2 already has these values.").arg(toQString(m_newOp), toQString(m_newKey)));
            }
            Json all = had;
            all.insert(all.end(), more.begin(), more.end());
            valueOps(current, entry(m_newOp, m_newKey), *there, all, ops);
        } else {
            return failWith(
                error, tr("The condition %1 %2 does not hold values.").arg(toQString(m_newOp), toQString(m_newKey)));
        }
        return ops;
    }

    // Edited: only what changed, where it stands.
    const auto oldBlock = existing->find(m_oldOp);
    if (oldBlock == existing->end() || !oldBlock->is_object() || !oldBlock->contains(m_oldKey)) {
        return failWith(
            error, tr("There is no condition %1 %2 in the statement.").arg(toQString(m_oldOp), toQString(m_oldKey)));
    }
    const Json& oldValue = (*oldBlock)[m_oldKey];
    std::string path = entry(m_oldOp, m_oldKey);
    if (m_newOp != m_oldOp) {
        if (newBlock == existing->end()) {
            if (oldBlock->size() == 1) {
                // The block's only key under another operator: the block is renamed where it stands.
                ops.push_back(moving("move", block(m_oldOp), block(m_newOp)));
            } else {
                // A new block right after the old one, and the key moved into it (its value keeps its text).
                Json add = operation("add", block(m_newOp), Json::object());
                for (auto it = existing->begin(); it != existing->end(); ++it) {
                    if (it.key() == m_oldOp && std::next(it) != existing->end()) {
                        add[kInsertBefore] = std::next(it).key();
                    }
                }
                ops.push_back(add);
                ops.push_back(moving("move", path, entry(m_newOp, m_oldKey)));
            }
        } else if (newBlock->is_object()) {
            if (newBlock->contains(m_newKey) || (m_newKey != m_oldKey && newBlock->contains(m_oldKey))) {
                return failWith(error, taken);
            }
            ops.push_back(moving("move", path, entry(m_newOp, m_oldKey)));
            if (oldBlock->size() == 1) {
                ops.push_back(removal(block(m_oldOp)));
            }
        } else {
            return failWith(error, tr("The condition operator %1 does not hold an object.").arg(toQString(m_newOp)));
        }
        path = entry(m_newOp, m_oldKey);
    } else if (m_newKey != m_oldKey && oldBlock->contains(m_newKey)) {
        return failWith(error, taken);
    }
    if (m_newKey != m_oldKey) {
        ops.push_back(moving("move", path, entry(m_newOp, m_newKey)));
        path = entry(m_newOp, m_newKey);
    }
    valueOps(current, path, oldValue, m_values, ops);
    return ops;
}

// ---- SwitchElementCommand -------------------------------------------------------------------------------------

SwitchElementCommand::SwitchElementCommand(PolicyDocument* document,
                                           std::string statementPointer,
                                           std::string from,
                                           std::string to)
    : DocumentCommand(document, tr("Change %1 to %2").arg(toQString(from), toQString(to)))
    , m_statement(std::move(statementPointer))
    , m_from(std::move(from))
    , m_to(std::move(to))
{ }

std::optional<Json> SwitchElementCommand::patch(const Json& current, QString* error) const
{
    const Json* statement = findNode(current, m_statement);
    if (!statement || !statement->is_object() || !statement->contains(m_from)) {
        return failWith(error, tr("The statement has no %1.").arg(toQString(m_from)));
    }
    if (statement->contains(m_to)) {
        return failWith(
            error,
            tr("The statement has both %1 and %2; edit it in the JSON view.").arg(toQString(m_from), toQString(m_to)));
    }
    // Renamed where it stands; the value keeps its text.
    return Json::array({moving("move", appendPointer(m_statement, m_from), appendPointer(m_statement, m_to))});
}

// ---- ApplyFixCommand ------------------------------------------------------------------------------------------

ApplyFixCommand::ApplyFixCommand(PolicyDocument* document, nlohmann::json patch, const QString& code)
    : DocumentCommand(document, tr("Apply fix %1").arg(code))
    , m_patch(std::move(patch))
{
    m_formEdit = false;
}

std::optional<Json> ApplyFixCommand::patch(const Json& current, QString* error) const
{
    std::string reason;
    // The patch is the finding's as the checker made it (an nlohmann::json); the text engine reads it in order.
    Json ops;
    try {
        ops = Json::parse(m_patch.dump());
    } catch (const nlohmann::json::exception& e) {
        reason = e.what();
    }
    if (reason.empty()) {
        if (auto patched = applyPatch(current, ops); !patched) {
            reason = patched.error().message;
        }
    }
    if (!reason.empty()) {
        return failWith(error, tr("The fix no longer applies: %1").arg(toQString(reason)));
    }
    return ops;
}

// ---- FormatDocumentCommand ------------------------------------------------------------------------------------

FormatDocumentCommand::FormatDocumentCommand(PolicyDocument* document)
    : DocumentCommand(document, tr("Format document"))
{
    m_formEdit = false;
}

std::optional<std::string> FormatDocumentCommand::computeText(const PolicyDocument& document, QString* error) const
{
    if (!document.isValid()) {
        if (error) {
            *error = tr("The policy text is not valid JSON; fix the text first.");
        }
        return std::nullopt;
    }
    return document.withLineEndings(formatPolicy(document.json()));
}

} // namespace kps::model
