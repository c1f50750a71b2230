// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Finding.h"
#include "model/PolicyTableModel.h"
#include "model/SeverityStyle.h"

#include <vector>

namespace kps {
struct StatementView;
}

namespace kps::model {

class PolicyDocument;

/** The policy's statements, one row each, from the document's last valid DOM; a badge shows the worst finding. */
class StatementsModel : public PolicyTableModel
{
    Q_OBJECT

public:
    enum Column {
        SidColumn,
        EffectColumn,
        PrincipalColumn,
        ActionsColumn,
        ResourcesColumn,
        ConditionsColumn,
        FindingsColumn,
        ColumnCount
    };
    enum Role {
        WorstSeverityRole
        = PolicyTableModel::FirstCustomRole, ///< int: worst kps::Severity of the row's findings, -1 none
        FindingCountRole, ///< int: number of findings located in the statement
    };

    explicit StatementsModel(PolicyDocument* document, QObject* parent = nullptr);

    /** The findings the badges summarize (from LiveChecker). */
    void setFindings(const std::vector<Finding>& findings);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /** One-line summaries, shared with the form; a Not… element reads "NotAction: all except kms:Decrypt". */
    static QString principalSummary(const StatementView& statement);
    static QString actionSummary(const StatementView& statement);
    static QString resourceSummary(const StatementView& statement);
    static QString conditionSummary(const StatementView& statement);

protected:
    QVariant rowData(const Row& row, int column, int role) const override;

private:
    void rebuild();

    PolicyDocument* m_document;
    std::vector<Finding> m_findings;
    SeverityIcons m_icons;
};

} // namespace kps::model
