// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/ConditionsModel.h"

#include "core/checker/PolicyView.h"
#include "core/vocab/Vocabulary.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"

namespace kps::model {

ConditionsModel::ConditionsModel(PolicyDocument* document, QObject* parent)
    : StatementPartModel(document, parent)
{ }

QString ConditionsModel::keyTypeText(const QString& key)
{
    const ConditionKeyInfo* info = Vocabulary::instance().conditionKey(toStdString(key));
    if (!info) {
        return tr("unknown key");
    }
    const QString type = toQString(keyTypeName(info->type));
    return info->multivalued ? tr("%1, multivalued").arg(type) : type;
}

QStringList ConditionsModel::splitValues(const QString& text)
{
    QStringList values;
    for (const QString& part : text.split(QLatin1Char(','))) {
        const QString v = part.trimmed();
        if (!v.isEmpty()) {
            values << v;
        }
    }
    return values;
}

int ConditionsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConditionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return StatementPartModel::headerData(section, orientation, role);
    }
    switch (section) {
    case OperatorColumn:
        return tr("Operator");
    case KeyColumn:
        return tr("Key");
    case ValuesColumn:
        return tr("Values");
    case KeyTypeColumn:
        return tr("Key type");
    default:
        return {};
    }
}

std::vector<PolicyTableModel::Row> ConditionsModel::buildRows(const StatementView& statement) const
{
    std::vector<Row> rows;
    for (const ConditionEntry& c : statement.conditions) {
        Row row;
        row.pointer = c.keyPointer;
        QStringList values;
        for (const ValueRef& v : c.values) {
            values << toQString(v.value);
        }
        const QString op = toQString(c.op);
        const QString key = toQString(c.key);
        row.cells = {op, key, values.join(QStringLiteral(", ")), keyTypeText(key)};
        QString keyTip;
        if (const ConditionKeyInfo* info = Vocabulary::instance().conditionKey(c.key)) {
            keyTip = toQString(info->note);
        }
        row.tips = {QString(), keyTip, values.join(QLatin1Char('\n'))};
        row.extra = QStringList{op, key} + values;
        rows.push_back(std::move(row));
    }
    return rows;
}

bool ConditionsModel::isEditable(int column) const
{
    return column == OperatorColumn || column == KeyColumn || column == ValuesColumn;
}

bool ConditionsModel::commit(const Row& row, int column, const QString& value)
{
    const QString op = row.extra.value(0);
    const QString key = row.extra.value(1);
    QString newOp = op;
    QString newKey = key;
    QStringList values = row.extra.mid(2);
    switch (column) {
    case OperatorColumn:
        newOp = value.trimmed();
        break;
    case KeyColumn:
        newKey = value.trimmed();
        break;
    case ValuesColumn:
        values = splitValues(value);
        break;
    default:
        return false;
    }
    std::vector<std::string> stdValues;
    for (const QString& v : std::as_const(values)) {
        stdValues.push_back(toStdString(v));
    }
    return document()->editCondition(static_cast<std::size_t>(statement()),
                                     toStdString(op),
                                     toStdString(key),
                                     toStdString(newOp),
                                     toStdString(newKey),
                                     stdValues);
}

QVariant ConditionsModel::rowData(const Row& row, int, int role) const
{
    switch (role) {
    case OperatorRole:
        return row.extra.value(0);
    case KeyRole:
        return row.extra.value(1);
    case ValuesRole:
        return row.extra.mid(2);
    default:
        return {};
    }
}

} // namespace kps::model
