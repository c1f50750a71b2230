// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/ActionsModel.h"

#include "core/checker/PolicyView.h"
#include "core/vocab/Vocabulary.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"

namespace kps::model {

ActionsModel::ActionsModel(PolicyDocument* document, QObject* parent)
    : StatementPartModel(document, parent)
{ }

QStringList ActionsModel::expansion(const QString& pattern)
{
    QStringList names;
    for (const ActionInfo* action : Vocabulary::instance().expand(toStdString(pattern))) {
        names << toQString(action->name);
    }
    return names;
}

int ActionsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ActionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return StatementPartModel::headerData(section, orientation, role);
    }
    switch (section) {
    case ActionColumn:
        return tr("Action");
    case AccessLevelColumn:
        return tr("Access level");
    case MatchesColumn:
        return tr("Matches");
    default:
        return {};
    }
}

std::string ActionsModel::elementPointer() const
{
    const StatementView* st = statementView();
    if (!st) {
        return {};
    }
    return appendPointer(st->pointer, st->hasNotAction && !st->hasAction ? "NotAction" : "Action");
}

std::vector<PolicyTableModel::Row> ActionsModel::buildRows(const StatementView& statement) const
{
    const Vocabulary& vocabulary = Vocabulary::instance();
    std::vector<Row> rows;
    for (const ValueRef& a : statement.actions) {
        Row row;
        row.pointer = a.pointer;
        const QString name = toQString(a.value);
        const QStringList matches = expansion(name);
        QString level;
        if (const ActionInfo* info = vocabulary.action(a.value)) {
            level = toQString(info->accessLevel);
        } else if (matches.size() > 1) {
            level = tr("pattern");
        }
        QString count;
        QString tip;
        if (matches.isEmpty()) {
            count = tr("no KMS action");
            QStringList close;
            for (const auto& c : vocabulary.closestActions(a.value)) {
                close << toQString(c);
            }
            tip = close.isEmpty() ? tr("Matches no KMS action.")
                                  : tr("Matches no KMS action. Did you mean %1?").arg(close.join(QStringLiteral(", ")));
        } else {
            count = tr("%n action(s)", nullptr, static_cast<int>(matches.size()));
            tip = matches.join(QLatin1Char('\n'));
        }
        row.cells = {name, level, count};
        row.tips = {tip, QString(), tip};
        row.extra = matches;
        rows.push_back(std::move(row));
    }
    return rows;
}

bool ActionsModel::isEditable(int column) const
{
    return column == ActionColumn;
}

bool ActionsModel::commit(const Row& row, int, const QString& value)
{
    if (value.trimmed().isEmpty()) {
        return false;
    }
    return document()->setValue(row.pointer, Json(toStdString(value.trimmed())), tr("Edit action"));
}

QVariant ActionsModel::rowData(const Row& row, int, int role) const
{
    switch (role) {
    case ExpansionRole:
        return row.extra;
    case KnownRole:
        return !row.extra.isEmpty();
    default:
        return {};
    }
}

} // namespace kps::model
