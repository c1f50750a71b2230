// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Finding.h"
#include "core/mwaa/GrantMatrix.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QStackedWidget;
class QTabBar;
class QTableView;

namespace kps::model {
class AllGrantsModel;
class GrantMatrixModel;
} // namespace kps::model

namespace kps::ui {

class GrantMatrixView;

/**
 * The content of the `Grants` dock (spec/gui.md): every grant on the key, reviewed. One line holds the page tabs
 * (`Matrix`, `All grants`), the environment whose matrix is shown (each environment is audited on its own), the
 * filter of the grants table and a summary; below it either the `Grant matrix` of that environment or the
 * `All grants` table (name, grantee, retiring principal, operations, constraints, created, class), filtered through
 * a QSortFilterProxyModel. Built in code like the other docks; every child a test touches has an objectName.
 */
class GrantsView : public QWidget
{
    Q_OBJECT

public:
    enum class Page { Matrix, AllGrants };

    GrantsView(model::GrantMatrixModel* matrix, model::AllGrantsModel* grants, QWidget* parent = nullptr);

    /** Shows an audit: its environments in the selector (the one shown stays when it is still there), the grants. */
    void setAudit(const kps::mwaa::GrantAudit& audit, const std::vector<Finding>& findings);
    const kps::mwaa::GrantAudit& audit() const { return m_audit; }

    /** The environment whose matrix is shown ("" when unknown). */
    QString currentEnvironment() const;
    /** Shows the matrix of an environment of the audit; false when it has none of that name. */
    bool setCurrentEnvironment(const QString& environment);

    /**
     * Selects the grant a JSON Pointer of the listing lies in (/Grants/3/Operations/1): its row of `All grants` (a
     * filter that hides it is cleared) and, when it is one of an environment's four grants, that environment's matrix
     * row too. Shows the matrix page for those, the grants table for any other. False when no grant holds the pointer.
     */
    bool selectGrant(const QString& pointer);

    Page currentPage() const;
    void showPage(Page page);

    GrantMatrixView* matrixView() const { return m_matrixView; }
    QTableView* allGrantsTable() const { return m_allGrants; }
    QSortFilterProxyModel* allGrantsFilter() const { return m_proxy; }
    QLineEdit* filterEdit() const { return m_filter; }
    QComboBox* environmentBox() const { return m_environment; }
    QLabel* summaryLabel() const { return m_summary; }
    QTabBar* pageBar() const { return m_pages; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void showEnvironment(int index);
    void updateTexts();
    /** Column widths of All grants after a reset: each its contents', long text columns up to a limit. */
    void fitColumns();

    model::GrantMatrixModel* m_matrix;
    model::AllGrantsModel* m_grants;
    kps::mwaa::GrantAudit m_audit;
    QTabBar* m_pages = nullptr;
    QLabel* m_environmentLabel = nullptr;
    QComboBox* m_environment = nullptr;
    QLineEdit* m_filter = nullptr;
    QLabel* m_summary = nullptr;
    QStackedWidget* m_stack = nullptr;
    GrantMatrixView* m_matrixView = nullptr;
    QTableView* m_allGrants = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
};

} // namespace kps::ui
