// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/GrantMatrixModel.h"

#include "model/QtConvert.h"

#include <QIcon>
#include <QStringList>

namespace kps::model {

using mwaa::CellState;
using mwaa::GrantColumn;

namespace {

QStringList operationsOf(int column)
{
    QStringList list;
    for (std::string_view op : mwaa::grantColumnOperations(static_cast<GrantColumn>(column))) {
        list << toQString(op);
    }
    return list;
}

QString joined(const std::vector<std::string>& values)
{
    QStringList list;
    for (const std::string& v : values) {
        list << toQString(v);
    }
    return list.join(QStringLiteral(", "));
}

} // namespace

GrantMatrixModel::GrantMatrixModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void GrantMatrixModel::setMatrix(mwaa::GrantMatrix matrix)
{
    beginResetModel();
    m_matrix = std::move(matrix);
    endResetModel();
}

int GrantMatrixModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_matrix.rows.size());
}

int GrantMatrixModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(mwaa::kGrantColumnCount);
}

QString GrantMatrixModel::stateText(CellState state)
{
    switch (state) {
    case CellState::Required:
        return tr("● required");
    case CellState::Present:
        return tr("✔ present");
    case CellState::Missing:
        return tr("✘ missing");
    case CellState::Extra:
        return tr("+ extra");
    case CellState::NotRequired:
        break;
    }
    return tr("– not required");
}

QString GrantMatrixModel::stateDescription(CellState state)
{
    switch (state) {
    case CellState::Required:
        return tr("MWAA needs this operation (no grant list loaded)");
    case CellState::Present:
        return tr("needed and granted");
    case CellState::Missing:
        return tr("needed but not (fully) granted");
    case CellState::Extra:
        return tr("granted but not needed by MWAA");
    case CellState::NotRequired:
        break;
    }
    return tr("neither needed nor granted");
}

QVariant GrantMatrixModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const mwaa::GrantRow& row = m_matrix.rows[static_cast<std::size_t>(index.row())];
    const CellState state = row.cells[static_cast<std::size_t>(index.column())];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        return stateText(state);
    case Qt::DecorationRole:
        switch (state) {
        case CellState::Present:
            return QIcon::fromTheme(QStringLiteral("emblem-ok-symbolic"),
                                    QIcon::fromTheme(QStringLiteral("dialog-ok")));
        case CellState::Missing:
            return QIcon::fromTheme(QStringLiteral("dialog-error"));
        case CellState::Extra:
            return QIcon::fromTheme(QStringLiteral("dialog-warning"));
        case CellState::Required:
            return QIcon::fromTheme(QStringLiteral("dialog-information"));
        case CellState::NotRequired:
            break;
        }
        return {};
    case Qt::TextAlignmentRole:
        return static_cast<int>(Qt::AlignCenter);
    case Qt::ToolTipRole: {
        QStringList lines;
        lines << tr("Grant: %1 (%2)").arg(toQString(row.name), toQString(row.purpose));
        if (row.grant) {
            lines << tr("Grant ID: %1").arg(toQString(row.grant->grantId));
            const std::string& grantee = row.grant->granteePrincipal.empty() ? row.grant->granteeServicePrincipal
                                                                             : row.grant->granteePrincipal;
            const std::string& retiring = row.grant->retiringPrincipal.empty() ? row.grant->retiringServicePrincipal
                                                                               : row.grant->retiringPrincipal;
            lines << tr("Grantee principal: %1").arg(toQString(grantee));
            lines << tr("Retiring principal: %1").arg(toQString(retiring));
            lines << tr("Granted operations: %1").arg(joined(row.grant->operations));
        } else if (m_matrix.grantsLoaded) {
            lines << tr("No grant of this name in the grant list");
        }
        if (!m_matrix.expectedPrincipal.empty()) {
            lines << tr("Expected grantee: %1").arg(toQString(m_matrix.expectedPrincipal));
        }
        lines << tr("Operations of %1: %2")
                     .arg(toQString(mwaa::grantColumnName(static_cast<GrantColumn>(index.column()))),
                          operationsOf(index.column()).join(QStringLiteral(", ")));
        lines << stateText(state) + QStringLiteral(": ") + stateDescription(state);
        return lines.join(QLatin1Char('\n'));
    }
    case CellStateRole:
        return static_cast<int>(state);
    case CellStateNameRole:
        return toQString(mwaa::cellStateName(state));
    case GrantNameRole:
        return toQString(row.name);
    case GrantIdRole:
        return row.grant ? toQString(row.grant->grantId) : QString();
    case OperationsRole:
        return operationsOf(index.column());
    default:
        return {};
    }
}

QVariant GrantMatrixModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal) {
        if (section < 0 || section >= static_cast<int>(mwaa::kGrantColumnCount)) {
            return {};
        }
        if (role == Qt::DisplayRole) {
            return toQString(mwaa::grantColumnName(static_cast<GrantColumn>(section)));
        }
        if (role == Qt::ToolTipRole) {
            return operationsOf(section).join(QStringLiteral(", "));
        }
        return {};
    }
    if (section < 0 || section >= rowCount()) {
        return {};
    }
    const mwaa::GrantRow& row = m_matrix.rows[static_cast<std::size_t>(section)];
    if (role == Qt::DisplayRole) {
        return toQString(row.name);
    }
    if (role == Qt::ToolTipRole) {
        return toQString(row.purpose);
    }
    return {};
}

QHash<int, QByteArray> GrantMatrixModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(CellStateRole, "cellState");
    names.insert(CellStateNameRole, "cellStateName");
    names.insert(GrantNameRole, "grantName");
    names.insert(GrantIdRole, "grantId");
    names.insert(OperationsRole, "operations");
    return names;
}

} // namespace kps::model
