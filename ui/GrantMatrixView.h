// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QTableView;

namespace kps::model {
class GrantMatrixModel;
}

namespace kps::ui {

/**
 * The `Grant matrix` panel: a table over GrantMatrixModel (one row per MWAA grant, one column per operation), a
 * line saying what the matrix was built from, and a legend of the cell states (icon and text, never colour alone).
 */
class GrantMatrixView : public QWidget
{
    Q_OBJECT

public:
    explicit GrantMatrixView(model::GrantMatrixModel* model, QWidget* parent = nullptr);

    QTableView* table() const { return m_table; }
    QLabel* summaryLabel() const { return m_summary; }
    QLabel* legendLabel() const { return m_legend; }

private:
    void updateSummary();

    model::GrantMatrixModel* m_model;
    QTableView* m_table = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_legend = nullptr;
};

} // namespace kps::ui
