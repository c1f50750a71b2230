// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Finding.h"
#include "model/PolicyTableModel.h"
#include "model/SeverityStyle.h"

#include <memory>
#include <string>
#include <vector>

namespace kps {
struct StatementView;
}

namespace kps::model {

class PolicyDocument;

/**
 * The policy's statements, one row each, from the document's last valid DOM; a badge shows the worst finding.
 *
 * The cells are made when a view asks for them, from the document's PolicyView (a 20,000-statement policy's rows
 * as strings were 25 MB, twice over while rebuilt); per row the model keeps a hash of its cells, to signal only the
 * rows that changed, and its findings' summary.
 */
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
    /** The same, shared with the other views of the findings rather than copied. */
    void setSharedFindings(std::shared_ptr<const std::vector<Finding>> findings);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    std::string pointerAt(int row) const override;
    int rowOfPointer(const std::string& pointer) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /** One-line summaries, shared with the form; a Not… element reads "NotAction: all except kms:Decrypt". */
    static QString principalSummary(const StatementView& statement);
    static QString actionSummary(const StatementView& statement);
    static QString resourceSummary(const StatementView& statement);
    static QString conditionSummary(const StatementView& statement);

private:
    /** What the model keeps of a row. */
    struct RowState
    {
        std::size_t hash = 0; ///< of the row's cells, to signal the rows that changed
        int severity = -1; ///< worst finding severity, -1 for none
        int findings = 0; ///< how many findings are located in the statement
        std::size_t firstFinding = 0; ///< index in m_findings of the first, when findings > 0
    };
    void rebuild();
    /** The statement a valid index of this model shows, or nullptr (the document's DOM is being replaced). */
    const StatementView* statementAt(int row) const;
    /** A cell's text (the display role). */
    QString cell(const StatementView& statement, const RowState& state, int column) const;

    PolicyDocument* m_document;
    std::shared_ptr<const std::vector<Finding>> m_findings;
    /// m_findings' index of the next finding of the same statement (or npos), following RowState::firstFinding.
    std::vector<std::size_t> m_nextFinding;
    std::vector<RowState> m_rows;
    SeverityIcons m_icons;
};

} // namespace kps::model
