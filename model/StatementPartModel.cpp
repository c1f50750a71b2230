// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/StatementPartModel.h"

#include "model/PolicyDocument.h"

namespace kps::model {

StatementPartModel::StatementPartModel(PolicyDocument* document, QObject* parent)
    : PolicyTableModel(parent)
    , m_document(document)
{
    connect(m_document, &PolicyDocument::jsonChanged, this, &StatementPartModel::rebuild);
    connect(m_document, &PolicyDocument::validityChanged, this, [this] {
        // Editability follows validity: let views re-query flags.
        if (rowCount() > 0) {
            emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
        }
    });
}

void StatementPartModel::setStatement(int index)
{
    if (index == m_statement) {
        return;
    }
    m_statement = index;
    rebuild();
}

const StatementView* StatementPartModel::statementView() const
{
    const auto& statements = m_document->view().statements;
    if (m_statement < 0 || m_statement >= static_cast<int>(statements.size())) {
        return nullptr;
    }
    return &statements[static_cast<std::size_t>(m_statement)];
}

std::string StatementPartModel::elementPointer() const
{
    return {};
}

void StatementPartModel::rebuild()
{
    const StatementView* st = statementView();
    updateRows(st ? buildRows(*st) : std::vector<Row>{});
}

Qt::ItemFlags StatementPartModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags f = PolicyTableModel::flags(index);
    if (index.isValid() && isEditable(index.column()) && m_document->isValid()) {
        f |= Qt::ItemIsEditable;
    }
    return f;
}

bool StatementPartModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    const Row* row = rowAt(index);
    if (!row || role != Qt::EditRole || !isEditable(index.column())) {
        return false;
    }
    if (value.toString() == row->cells.value(index.column())) {
        return true;
    }
    // The command re-serializes the document; the rebuild that follows emits dataChanged.
    const Row copy = *row;
    return commit(copy, index.column(), value.toString());
}

bool StatementPartModel::isEditable(int) const
{
    return false;
}

bool StatementPartModel::commit(const Row&, int, const QString&)
{
    return false;
}

} // namespace kps::model
