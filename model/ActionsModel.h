// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/StatementPartModel.h"

namespace kps::model {

/** The statement's actions (Action or NotAction): name or pattern, access level, and what a pattern covers. */
class ActionsModel : public StatementPartModel
{
    Q_OBJECT

public:
    enum Column { ActionColumn, AccessLevelColumn, MatchesColumn, ColumnCount };
    enum Role {
        ExpansionRole = PolicyTableModel::FirstCustomRole, ///< QStringList: the KMS actions the entry matches
        KnownRole, ///< bool: the entry matches at least one KMS action
    };

    explicit ActionsModel(PolicyDocument* document, QObject* parent = nullptr);

    /** The KMS actions an action or wildcard pattern matches (kps::Vocabulary::expand). */
    static QStringList expansion(const QString& pattern);

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
