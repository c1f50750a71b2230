// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/PolicyTableModel.h"

#include "model/QtConvert.h"

namespace kps::model {

int PolicyTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

const PolicyTableModel::Row* PolicyTableModel::rowAt(const QModelIndex& index) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return nullptr;
    }
    return &m_rows[static_cast<std::size_t>(index.row())];
}

std::string PolicyTableModel::pointerAt(int row) const
{
    if (row < 0 || row >= static_cast<int>(m_rows.size())) {
        return {};
    }
    return m_rows[static_cast<std::size_t>(row)].pointer;
}

int PolicyTableModel::rowOfPointer(const std::string& pointer) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].pointer == pointer) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

QVariant PolicyTableModel::data(const QModelIndex& index, int role) const
{
    const Row* row = rowAt(index);
    if (!row) {
        return {};
    }
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return column < row->cells.size() ? row->cells[column] : QString();
    case Qt::ToolTipRole:
        if (column < row->tips.size() && !row->tips[column].isEmpty()) {
            return row->tips[column];
        }
        return rowData(*row, column, role);
    case PointerRole:
        return toQString(row->pointer);
    default:
        return rowData(*row, column, role);
    }
}

QVariant PolicyTableModel::rowData(const Row&, int, int) const
{
    return {};
}

void PolicyTableModel::updateRows(std::vector<Row> rows)
{
    const std::size_t common = std::min(rows.size(), m_rows.size());
    // Rows that differ within the common range: one dataChanged per contiguous run.
    std::size_t i = 0;
    while (i < common) {
        if (rows[i] == m_rows[i]) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < common && !(rows[j] == m_rows[j])) {
            m_rows[j] = rows[j];
            ++j;
        }
        emit dataChanged(index(static_cast<int>(i), 0), index(static_cast<int>(j - 1), columnCount() - 1));
        i = j;
    }
    if (rows.size() > m_rows.size()) {
        beginInsertRows({}, static_cast<int>(m_rows.size()), static_cast<int>(rows.size()) - 1);
        m_rows.insert(m_rows.end(),
                      std::make_move_iterator(rows.begin() + static_cast<std::ptrdiff_t>(common)),
                      std::make_move_iterator(rows.end()));
        endInsertRows();
    } else if (rows.size() < m_rows.size()) {
        beginRemoveRows({}, static_cast<int>(rows.size()), static_cast<int>(m_rows.size()) - 1);
        m_rows.resize(rows.size());
        endRemoveRows();
    }
}

} // namespace kps::model
