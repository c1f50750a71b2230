// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QStringList>

#include <string>
#include <vector>

namespace kps::model {

/**
 * Base of the table models over a policy: rows of display cells, each row tied to the JSON Pointer of the node it
 * shows. updateRows() turns a rebuilt row list into the minimal model signals (rows inserted or removed at the end,
 * dataChanged for the rows that differ), so views keep their selection and scroll position while the user types.
 */
class PolicyTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Role {
        PointerRole = Qt::UserRole + 1, ///< JSON Pointer of the row's node (QString)
        FirstCustomRole ///< first role free for subclasses
    };

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    /** The pointer of a row ("" when out of range). */
    virtual std::string pointerAt(int row) const;
    /** The row showing this pointer, or -1 (the nodeFromIndex()/indexFromPointer() pair). */
    virtual int rowOfPointer(const std::string& pointer) const;

protected:
    struct Row
    {
        std::string pointer;
        QStringList cells; ///< display text per column
        QStringList tips; ///< tooltip per column (may be shorter than cells)
        QStringList extra; ///< data for subclass roles
        int severity = -1; ///< worst finding severity, -1 for none

        bool operator==(const Row&) const = default;
    };

    using QAbstractTableModel::QAbstractTableModel;
    void updateRows(std::vector<Row> rows);
    const Row* rowAt(const QModelIndex& index) const;
    const std::vector<Row>& rows() const { return m_rows; }
    /** Data for roles the base does not know. */
    virtual QVariant rowData(const Row& row, int column, int role) const;

private:
    std::vector<Row> m_rows;
};

} // namespace kps::model
