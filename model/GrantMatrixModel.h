// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/mwaa/GrantMatrix.h"

#include <QAbstractTableModel>

namespace kps::model {

/**
 * The MWAA grant matrix of one environment (core's kps::mwaa::GrantMatrix) as a table: one row per MWAA grant
 * (always four, in AWS's order), one column per operation (Encrypt … RetireGrant). Every cell says its state in text
 * with one mark ("✔ present"), never by colour alone; the tooltip names the grant (id, principals, what a cell
 * depends on) and the concrete grant operations. Read-only.
 */
class GrantMatrixModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Role {
        CellStateRole = Qt::UserRole + 1, ///< kps::mwaa::CellState as int
        CellStateNameRole, ///< kps::mwaa::cellStateName: "present", "wrong-principal", ... (QString, never translated)
        GrantNameRole, ///< the expected grant name of the row (QString)
        GrantIdRole, ///< the id of the grant found for the row ("" when none was found)
        OperationsRole, ///< QStringList: the exact grant operations the column stands for
        GrantPointerRole, ///< the JSON Pointer of the row's grant in the listing ("" when none was found)
    };

    explicit GrantMatrixModel(QObject* parent = nullptr);

    /** Replaces the matrix (a reset). */
    void setMatrix(kps::mwaa::GrantMatrix matrix);
    const kps::mwaa::GrantMatrix& matrix() const { return m_matrix; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /**
     * The text a cell of this state shows, its one mark included: "✔ present", "✘ missing", "+ extra",
     * "⚠ wrong principal", "? depends", "● required", "– not required".
     */
    static QString stateText(kps::mwaa::CellState state);
    /** The same without the mark (the accessible text): "present", "wrong principal", ... */
    static QString stateWord(kps::mwaa::CellState state);
    /** What the state means, for the legend and tooltips. */
    static QString stateDescription(kps::mwaa::CellState state);

private:
    kps::mwaa::GrantMatrix m_matrix;
};

} // namespace kps::model
