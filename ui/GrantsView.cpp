// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/GrantsView.h"

#include "model/AllGrantsModel.h"
#include "model/GrantMatrixModel.h"
#include "model/QtConvert.h"
#include "ui/GrantMatrixView.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTabBar>
#include <QTableView>
#include <QVBoxLayout>

#include <array>

namespace kps::ui {

using model::toQString;

GrantsView::GrantsView(model::GrantMatrixModel* matrix, model::AllGrantsModel* grants, QWidget* parent)
    : QWidget(parent)
    , m_matrix(matrix)
    , m_grants(grants)
{
    setObjectName(QStringLiteral("grantsPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);

    // One line of controls, so that the matrix keeps the height of its four rows at 1280x720.
    auto* bar = new QHBoxLayout;
    bar->setSpacing(6);
    m_pages = new QTabBar(this);
    m_pages->setObjectName(QStringLiteral("grantsPages"));
    m_pages->setAccessibleName(QStringLiteral("Grants pages"));
    m_pages->setDrawBase(false);
    m_pages->setExpanding(false);
    m_pages->addTab(QString());
    m_pages->addTab(QString());
    bar->addWidget(m_pages);

    m_environmentLabel = new QLabel(this);
    m_environment = new QComboBox(this);
    m_environment->setObjectName(QStringLiteral("grantsEnvironment"));
    m_environment->setAccessibleName(QStringLiteral("Grants environment"));
    m_environment->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_environmentLabel->setBuddy(m_environment);
    bar->addWidget(m_environmentLabel);
    bar->addWidget(m_environment);

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("grantsFilter"));
    m_filter->setAccessibleName(QStringLiteral("Grants filter"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMinimumWidth(m_filter->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 24);
    bar->addWidget(m_filter);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("grantMatrixSummary"));
    m_summary->setAccessibleName(QStringLiteral("Grant matrix summary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setMinimumWidth(0);
    m_summary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    bar->addWidget(m_summary, 1);
    layout->addLayout(bar);

    m_stack = new QStackedWidget(this);
    m_matrixView = new GrantMatrixView(matrix, m_stack);
    m_stack->addWidget(m_matrixView);

    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setObjectName(QStringLiteral("allGrantsFilterModel"));
    m_proxy->setSourceModel(grants);
    m_proxy->setFilterKeyColumn(-1); // any column: name, principal, operation, class, ...
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_allGrants = new QTableView(m_stack);
    m_allGrants->setObjectName(QStringLiteral("allGrants"));
    m_allGrants->setAccessibleName(QStringLiteral("All grants"));
    m_allGrants->setModel(m_proxy);
    m_allGrants->setTabKeyNavigation(false);
    m_allGrants->setSelectionMode(QAbstractItemView::SingleSelection);
    m_allGrants->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_allGrants->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_allGrants->setWordWrap(false);
    m_allGrants->verticalHeader()->setVisible(false);
    m_allGrants->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // Seven columns in the dock's width (fitColumns): names whole, long principals, operations and constraints
    // elided in the middle (the account and the role name stay readable; the tooltip has them whole).
    m_allGrants->setTextElideMode(Qt::ElideMiddle);
    m_allGrants->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_allGrants->horizontalHeader()->setStretchLastSection(true);
    // An auditor reads what a grant is for right after its name: Class is shown second (the date is then last).
    m_allGrants->horizontalHeader()->moveSection(model::AllGrantsModel::ClassColumn, 1);
    // The listing's order until a header is clicked.
    m_allGrants->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_allGrants->setSortingEnabled(true);
    m_stack->addWidget(m_allGrants);
    layout->addWidget(m_stack, 1);

    connect(m_pages, &QTabBar::currentChanged, this, [this](int index) {
        m_stack->setCurrentIndex(index);
        const bool matrixPage = index == 0;
        m_environmentLabel->setVisible(matrixPage);
        m_environment->setVisible(matrixPage);
        m_filter->setVisible(!matrixPage);
    });
    connect(m_environment, &QComboBox::currentIndexChanged, this, &GrantsView::showEnvironment);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &GrantsView::fitColumns);
    m_filter->setVisible(false);
    updateTexts();
}

void GrantsView::setAudit(const mwaa::GrantAudit& audit, const std::vector<Finding>& findings)
{
    const QString shown = currentEnvironment();
    m_audit = audit;
    m_grants->setAudit(m_audit, findings);
    {
        const QSignalBlocker block(m_environment);
        m_environment->clear();
        for (const auto& m : m_audit.environments) {
            const QString name = toQString(m.environment);
            const QString text = m.environment.empty() ? tr("(unknown)")
                : m.environmentInferred                ? tr("%1 (from the grant names)").arg(name)
                                                       : name;
            m_environment->addItem(text, name);
        }
        const int keep = m_environment->findData(shown);
        m_environment->setCurrentIndex(keep >= 0 ? keep : 0);
    }
    showEnvironment(m_environment->currentIndex());
}

QString GrantsView::currentEnvironment() const
{
    return m_environment->currentData().toString();
}

bool GrantsView::setCurrentEnvironment(const QString& environment)
{
    const int index = m_environment->findData(environment);
    if (index < 0) {
        return false;
    }
    m_environment->setCurrentIndex(index);
    return true;
}

void GrantsView::showEnvironment(int index)
{
    if (index >= 0 && static_cast<std::size_t>(index) < m_audit.environments.size()) {
        m_matrix->setMatrix(m_audit.environments[static_cast<std::size_t>(index)]);
    }
    updateTexts();
}

bool GrantsView::selectGrant(const QString& pointer)
{
    QModelIndex source = m_grants->indexFromPointer(pointer);
    if (!source.isValid()) {
        return false;
    }
    if (!m_proxy->mapFromSource(source).isValid()) {
        m_filter->clear(); // the filter hid it
    }
    const QModelIndex row = m_proxy->mapFromSource(source);
    m_allGrants->selectionModel()->setCurrentIndex(row,
                                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_allGrants->scrollTo(row);
    const mwaa::AuditedGrant* grant = m_grants->grantFromIndex(source);
    if (grant && grant->matrixRow >= 0 && setCurrentEnvironment(toQString(grant->environment))) {
        const QModelIndex cell = m_matrix->index(grant->matrixRow, 0);
        m_matrixView->table()->selectionModel()->setCurrentIndex(
            cell, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        showPage(Page::Matrix);
    } else {
        showPage(Page::AllGrants);
    }
    return true;
}

void GrantsView::fitColumns()
{
    // At most this many average characters per column (by the model's column): the name is never cut, and the
    // date is last (stretched).
    using Column = model::AllGrantsModel::Column;
    static constexpr std::array<int, Column::ColumnCount> limits = {0, 36, 20, 30, 16, 0, 32};
    const int character = m_allGrants->fontMetrics().averageCharWidth();
    for (int column = 0; column < Column::ColumnCount; ++column) {
        if (column == Column::CreatedColumn) {
            continue;
        }
        m_allGrants->resizeColumnToContents(column);
        const int limit = limits[static_cast<std::size_t>(column)] * character;
        if (limit > 0 && m_allGrants->columnWidth(column) > limit) {
            m_allGrants->setColumnWidth(column, limit);
        }
    }
}

GrantsView::Page GrantsView::currentPage() const
{
    return m_pages->currentIndex() == 0 ? Page::Matrix : Page::AllGrants;
}

void GrantsView::showPage(Page page)
{
    m_pages->setCurrentIndex(page == Page::Matrix ? 0 : 1);
}

void GrantsView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        updateTexts();
    }
    QWidget::changeEvent(event);
}

void GrantsView::updateTexts()
{
    m_pages->setTabText(0, tr("Matrix"));
    m_pages->setTabText(1, tr("All grants (%1)").arg(m_audit.grants.size()));
    m_environmentLabel->setText(tr("&Environment:"));
    m_filter->setPlaceholderText(tr("Filter grants"));

    const mwaa::GrantMatrix& matrix = m_matrix->matrix();
    QStringList parts;
    if (matrix.environment.empty()) {
        parts << tr("Environment unknown: enter its name in the MWAA environment panel");
    }
    if (!matrix.expectedPrincipal.empty()) {
        parts << tr("expected grantee %1").arg(toQString(matrix.expectedPrincipal));
    } else if (m_audit.region.empty()) {
        parts << tr("region unknown");
    }
    if (!m_audit.grantsLoaded) {
        parts << tr("no grant list loaded (Grants ▸ Load grants from file… or Fetch grants from AWS…)");
    } else {
        std::size_t flagged = 0;
        for (int row = 0; row < m_grants->rowCount(); ++row) {
            flagged += m_grants->index(row, 0).data(model::AllGrantsModel::WorstSeverityRole).toInt() >= 0 ? 1 : 0;
        }
        // No plural forms without a translation: numbers after a colon read right for any count.
        parts << tr("grants listed: %1").arg(m_audit.grants.size());
        if (flagged > 0) {
            parts << tr("with findings: %1").arg(flagged);
        }
        if (m_audit.truncated) {
            parts << tr("the listing is truncated: later pages were not read");
        }
        for (const std::string& problem : m_audit.problems) {
            parts << toQString(problem);
        }
    }
    const QString text = parts.join(QStringLiteral("; "));
    m_summary->setText(text);
    m_summary->setToolTip(text);
}

} // namespace kps::ui
