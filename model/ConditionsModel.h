// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/StatementPartModel.h"

namespace kps::model {

/** The statement's conditions: one row per operator / key pair, with its values and the key's type. */
class ConditionsModel : public StatementPartModel
{
    Q_OBJECT

public:
    enum Column { OperatorColumn, KeyColumn, ValuesColumn, KeyTypeColumn, ColumnCount };
    enum Role {
        OperatorRole = PolicyTableModel::FirstCustomRole, ///< QString: the operator as written
        KeyRole, ///< QString: the condition key as written
        ValuesRole, ///< QStringList: the values as IAM compares them
    };

    explicit ConditionsModel(PolicyDocument* document, QObject* parent = nullptr);

    /** "String, multivalued" for a known key, or a hint that the key is unknown. */
    static QString keyTypeText(const QString& key);
    /** Splits "a, b" into values (trimmed, empty parts dropped). */
    static QStringList splitValues(const QString& text);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    std::vector<Row> buildRows(const StatementView& statement) const override;
    bool isEditable(int column) const override;
    bool commit(const Row& row, int column, const QString& value) override;
    QVariant rowData(const Row& row, int column, int role) const override;
};

} // namespace kps::model
