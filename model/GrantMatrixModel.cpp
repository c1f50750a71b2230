// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/GrantMatrixModel.h"

#include "model/QtConvert.h"

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
    // One mark per cell: the glyph is part of the text (no icon besides it), so it shows without an icon theme.
    switch (state) {
    case CellState::Required:
        return tr("● required");
    case CellState::Present:
        return tr("✔ present");
    case CellState::Missing:
        return tr("✘ missing");
    case CellState::Extra:
        return tr("+ extra");
    case CellState::WrongPrincipal:
        return tr("⚠ wrong principal");
    case CellState::Depends:
        return tr("? depends");
    case CellState::NotRequired:
        break;
    }
    return tr("– not required");
}

QString GrantMatrixModel::stateWord(CellState state)
{
    switch (state) {
    case CellState::Required:
        return tr("required");
    case CellState::Present:
        return tr("present");
    case CellState::Missing:
        return tr("missing");
    case CellState::Extra:
        return tr("extra");
    case CellState::WrongPrincipal:
        return tr("wrong principal");
    case CellState::Depends:
        return tr("depends");
    case CellState::NotRequired:
        break;
    }
    return tr("not required");
}

QString GrantMatrixModel::stateDescription(CellState state)
{
    switch (state) {
    case CellState::Required:
        return tr("MWAA needs this operation (no grant list loaded)");
    case CellState::Present:
        return tr("needed and granted to MWAA's principal");
    case CellState::Missing:
        return tr("needed but not (fully) granted");
    case CellState::Extra:
        return tr("granted but not needed by MWAA");
    case CellState::WrongPrincipal:
        return tr("granted, but to or retired by another principal than MWAA's: MWAA cannot use it");
    case CellState::Depends:
        return tr("needed; whether MWAA has it depends on a fact the listing does not give");
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
        return stateText(state);
    case Qt::AccessibleTextRole:
        return stateWord(state);
    case Qt::TextAlignmentRole:
        return static_cast<int>(Qt::AlignCenter);
    case Qt::ToolTipRole: {
        QStringList lines;
        lines << tr("Grant: %1 (%2)").arg(toQString(row.name), toQString(row.purpose));
        if (row.grant) {
            lines << tr("Grant ID: %1").arg(toQString(row.grant->grantId));
            for (const auto& check : row.principalChecks) {
                const QString actual = check.actual.empty() ? tr("(none)") : toQString(check.actual);
                switch (check.state) {
                case mwaa::PrincipalCheck::State::Ok:
                    lines << tr("%1 (%2): %3").arg(toQString(check.role), toQString(check.field), actual);
                    break;
                case mwaa::PrincipalCheck::State::Wrong:
                    lines << tr("%1 (%2): %3, expected %4")
                                 .arg(toQString(check.role), toQString(check.field), actual, toQString(check.expected));
                    break;
                case mwaa::PrincipalCheck::State::Unknown:
                    lines << tr("%1 (%2): %3, right only if the environment is in its region")
                                 .arg(toQString(check.role), toQString(check.field), actual);
                    break;
                }
            }
            lines << tr("Granted operations: %1").arg(joined(row.grant->operations));
        } else if (m_matrix.grantsLoaded) {
            lines << (m_matrix.truncated ? tr("No grant of this name on the pages of the listing that were read")
                                         : tr("No grant of this name in the grant list"));
        }
        if (!m_matrix.expectedPrincipal.empty()) {
            lines << tr("Expected grantee: %1").arg(toQString(m_matrix.expectedPrincipal));
        }
        lines << tr("Operations of %1: %2")
                     .arg(toQString(mwaa::grantColumnName(static_cast<GrantColumn>(index.column()))),
                          operationsOf(index.column()).join(QStringLiteral(", ")));
        lines << stateWord(state) + QStringLiteral(": ") + stateDescription(state);
        if (state == CellState::Depends && !row.dependsOn.empty()) {
            lines << tr("Depends: %1").arg(toQString(row.dependsOn));
        }
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
    case GrantPointerRole:
        return row.grant ? toQString(row.grant->pointer) : QString();
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
    names.insert(GrantPointerRole, "grantPointer");
    return names;
}

} // namespace kps::model
