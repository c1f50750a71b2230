// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/ResourcesModel.h"

#include "core/checker/PolicyView.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"

namespace kps::model {

ResourcesModel::ResourcesModel(PolicyDocument* document, QObject* parent)
    : StatementPartModel(document, parent)
{ }

int ResourcesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ResourcesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section != ResourceColumn) {
        return StatementPartModel::headerData(section, orientation, role);
    }
    return tr("Resource");
}

std::string ResourcesModel::elementPointer() const
{
    const StatementView* st = statementView();
    if (!st) {
        return {};
    }
    return appendPointer(st->pointer, st->hasNotResource && !st->hasResource ? "NotResource" : "Resource");
}

std::vector<PolicyTableModel::Row> ResourcesModel::buildRows(const StatementView& statement) const
{
    std::vector<Row> rows;
    for (const ValueRef& r : statement.resources) {
        Row row;
        row.pointer = r.pointer;
        row.cells = {toQString(r.value)};
        rows.push_back(std::move(row));
    }
    return rows;
}

bool ResourcesModel::isEditable(int column) const
{
    return column == ResourceColumn;
}

bool ResourcesModel::commit(const Row& row, int, const QString& value)
{
    if (value.trimmed().isEmpty()) {
        return false;
    }
    return document()->setValue(row.pointer, Json(toStdString(value.trimmed())), tr("Edit resource"));
}

} // namespace kps::model
