// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QComboBox;
class QLineEdit;
class QPushButton;
class QTableView;

namespace kps::model {
class FindingsFilterModel;
class FindingsModel;
} // namespace kps::model

namespace kps::ui {

/**
 * The content of the Findings dock: a severity filter, a text filter, and the `Findings` table (severity icon and
 * word, code, message, location) and an `Apply fix` button, enabled while the current finding has a fix. Activating a
 * row asks the window to show the finding; the context menu offers Apply fix, Finding reference and Copy. Signals
 * carry rows of the FindingsModel (not of the filter).
 */
class FindingsView : public QWidget
{
    Q_OBJECT

public:
    explicit FindingsView(model::FindingsModel* model, QWidget* parent = nullptr);

    QTableView* table() const { return m_table; }
    QPushButton* applyFixButton() const { return m_applyFix; }
    model::FindingsFilterModel* filterModel() const { return m_filter; }
    /** The FindingsModel row of the current finding, or -1. */
    int currentRow() const;
    /** Makes a FindingsModel row current (clearing filters that hide it). */
    void setCurrentRow(int row);

signals:
    void findingActivated(int row);
    void applyFixRequested(int row);
    /** One of the fixes a finding offers as a choice (FindingsModel::FixChoicesRole), by its index. */
    void applyChoiceRequested(int row, int choice);
    void referenceRequested(int row);
    void currentRowChanged(int row);

private:
    void showContextMenu(const QPoint& position);
    void updateFixButton();

    model::FindingsModel* m_model;
    model::FindingsFilterModel* m_filter;
    QComboBox* m_severity;
    QLineEdit* m_text;
    QTableView* m_table;
    QPushButton* m_applyFix;
};

} // namespace kps::ui
