// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/StatementPartModel.h"

namespace kps::model {

/** The statement's principals (Principal or NotPrincipal): one row per value, with its type. */
class PrincipalsModel : public StatementPartModel
{
    Q_OBJECT

public:
    enum Column { TypeColumn, ValueColumn, ColumnCount };
    enum Role {
        TypeRole = PolicyTableModel::FirstCustomRole, ///< principal type as written: "AWS", "Service", "*", ...
        ProblemRole, ///< QString: why the value does not look like a principal of its type ("" when fine)
    };

    explicit PrincipalsModel(PolicyDocument* document, QObject* parent = nullptr);

    /**
     * Why a value does not look like a principal of the type (empty when it does): AWS takes an account ID, an IAM
     * or STS ARN or "*"; Service a service principal name; "*" needs no value.
     */
    static QString problem(const QString& type, const QString& value);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    std::string elementPointer() const override;

protected:
    std::vector<Row> buildRows(const StatementView& statement) const override;
    bool isEditable(int column) const override;
    bool commit(const Row& row, int column, const QString& value) override;
    QVariant rowData(const Row& row, int column, int role) const override;
};

} // namespace kps::model
