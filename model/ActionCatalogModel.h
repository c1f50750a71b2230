// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractItemModel>

#include <vector>

namespace kps {
struct ActionInfo;
struct StatementView;
} // namespace kps

namespace kps::model {

class PolicyDocument;

/**
 * Every KMS action of kps::Vocabulary, grouped by access level (a two-level tree), checkable against one statement:
 * checked when the statement names the action, partially checked when only a wildcard of the statement covers it.
 * Checking adds the action to the statement and unchecking removes it, each as one command.
 */
class ActionCatalogModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Role {
        ActionNameRole = Qt::UserRole + 1, ///< QString: "kms:Decrypt" on action rows, empty on group rows
        AccessLevelRole, ///< QString: the access level ("Read", "Write", ...) of the row or group
        IsGroupRole, ///< bool: the row is an access-level group
    };

    explicit ActionCatalogModel(PolicyDocument* document, QObject* parent = nullptr);

    /** The statement the check marks refer to (-1: none; then nothing is checkable). */
    void setStatement(int index);
    int statement() const { return m_statement; }
    /** The row of an action (case-insensitive), or an invalid index. */
    QModelIndex indexOfAction(const QString& name) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Group
    {
        QString level;
        std::vector<const ActionInfo*> actions;
        std::vector<Qt::CheckState> states;
    };
    const StatementView* statementView() const;
    Qt::CheckState stateOf(const ActionInfo& action) const;
    void refreshStates();
    const ActionInfo* actionAt(const QModelIndex& index) const;

    PolicyDocument* m_document;
    int m_statement = -1;
    std::vector<Group> m_groups;
};

} // namespace kps::model
