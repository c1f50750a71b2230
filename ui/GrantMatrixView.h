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
 * The matrix page of the `Grants` dock: the `Grant matrix` table over GrantMatrixModel (one row per MWAA grant of
 * the environment shown, one column per operation; every row and name visible, one mark per cell) and a one-line
 * legend of the cell states (mark and word, never colour alone; what each means in its tooltip).
 */
class GrantMatrixView : public QWidget
{
    Q_OBJECT

public:
    explicit GrantMatrixView(model::GrantMatrixModel* model, QWidget* parent = nullptr);

    QTableView* table() const { return m_table; }
    QLabel* legendLabel() const { return m_legend; }
    /** The height that shows the header and all four rows (the table never gets less). */
    int tableHeightForAllRows() const;

private:
    void fitRows();

    model::GrantMatrixModel* m_model;
    QTableView* m_table = nullptr;
    QLabel* m_legend = nullptr;
};

} // namespace kps::ui
