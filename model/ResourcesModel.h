// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/StatementPartModel.h"

namespace kps::model {

/** The statement's resources (Resource or NotResource), one row per value. In a key policy this is usually "*". */
class ResourcesModel : public StatementPartModel
{
    Q_OBJECT

public:
    enum Column { ResourceColumn, ColumnCount };

    explicit ResourcesModel(PolicyDocument* document, QObject* parent = nullptr);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    std::string elementPointer() const override;

protected:
    std::vector<Row> buildRows(const StatementView& statement) const override;
    bool isEditable(int column) const override;
    bool commit(const Row& row, int column, const QString& value) override;
};

} // namespace kps::model
