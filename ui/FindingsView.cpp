// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/FindingsView.h"

#include "model/FindingsModel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace kps::ui {

using model::FindingsModel;

FindingsView::FindingsView(FindingsModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_filter(new model::FindingsFilterModel(this))
    , m_severity(new QComboBox)
    , m_text(new QLineEdit)
    , m_table(new QTableView)
    , m_applyFix(new QPushButton(tr("Apply fix")))
{
    setObjectName(QStringLiteral("findingsPanel"));
    m_filter->setSourceModel(m_model);

    m_severity->setObjectName(QStringLiteral("findingsSeverityFilter"));
    m_severity->setAccessibleName(tr("Show severities"));
    m_severity->addItem(tr("All severities"), -1);
    m_severity->addItem(tr("Errors only"), static_cast<int>(Severity::Error));
    m_severity->addItem(tr("Security and worse"), static_cast<int>(Severity::Security));
    m_severity->addItem(tr("Warnings and worse"), static_cast<int>(Severity::Warning));
    m_text->setObjectName(QStringLiteral("findingsTextFilter"));
    m_text->setAccessibleName(tr("Filter findings"));
    m_text->setPlaceholderText(tr("Filter by code or message"));
    m_text->setClearButtonEnabled(true);

    m_table->setObjectName(QStringLiteral("findings"));
    m_table->setAccessibleName(QStringLiteral("Findings"));
    m_table->setModel(m_filter);
    m_table->setTabKeyNavigation(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(FindingsModel::SeverityColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(FindingsModel::CodeColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(FindingsModel::MessageColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(FindingsModel::LocationColumn, QHeaderView::ResizeToContents);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_applyFix->setObjectName(QStringLiteral("applyFixButton"));
    // Not "Apply fix": that is the action's toolbar button and menu item (one name, one control, spec/gui.md).
    m_applyFix->setAccessibleName(QStringLiteral("Apply fix of selected finding"));
    m_applyFix->setIcon(QIcon::fromTheme(QStringLiteral("tools-check-spelling")));
    m_applyFix->setToolTip(tr("Apply the selected finding's fix (one undo step)"));
    m_applyFix->setEnabled(false);

    auto* filters = new QHBoxLayout;
    filters->addWidget(m_severity);
    filters->addWidget(m_text, 1);
    filters->addWidget(m_applyFix);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);

    connect(m_severity, &QComboBox::currentIndexChanged, this, [this] {
        const int value = m_severity->currentData().toInt();
        m_filter->setMinimumSeverity(value < 0 ? std::nullopt : std::optional(static_cast<Severity>(value)));
    });
    connect(m_text, &QLineEdit::textChanged, m_filter, &model::FindingsFilterModel::setText);
    connect(m_table, &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        emit findingActivated(m_filter->mapToSource(index).row());
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        emit currentRowChanged(currentRow());
    });
    connect(m_filter, &QAbstractItemModel::modelReset, this, [this] { emit currentRowChanged(currentRow()); });
    connect(m_table, &QWidget::customContextMenuRequested, this, &FindingsView::showContextMenu);
    connect(this, &FindingsView::currentRowChanged, this, &FindingsView::updateFixButton);
    connect(m_filter, &QAbstractItemModel::dataChanged, this, &FindingsView::updateFixButton);
    connect(m_applyFix, &QPushButton::clicked, this, [this] {
        const int row = currentRow();
        if (row >= 0) {
            emit applyFixRequested(row);
        }
    });
}

void FindingsView::updateFixButton()
{
    const int row = currentRow();
    m_applyFix->setEnabled(row >= 0 && m_model->index(row, 0).data(FindingsModel::HasFixRole).toBool());
}

int FindingsView::currentRow() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? m_filter->mapToSource(current).row() : -1;
}

void FindingsView::setCurrentRow(int row)
{
    QModelIndex proxy = m_filter->mapFromSource(m_model->index(row, 0));
    if (!proxy.isValid()) {
        m_severity->setCurrentIndex(0);
        m_text->clear();
        proxy = m_filter->mapFromSource(m_model->index(row, 0));
    }
    m_table->setCurrentIndex(proxy);
}

void FindingsView::showContextMenu(const QPoint& position)
{
    const QModelIndex index = m_table->indexAt(position);
    if (!index.isValid()) {
        return;
    }
    const QModelIndex source = m_filter->mapToSource(index);
    m_table->setCurrentIndex(index);
    QMenu menu(this);
    QAction* fix = menu.addAction(tr("Apply fix"));
    fix->setEnabled(source.data(FindingsModel::HasFixRole).toBool());
    // Fixes of which the person picks one (never applied by "Apply all fixes").
    QList<QAction*> choices;
    for (const QString& title : source.data(FindingsModel::FixChoicesRole).toStringList()) {
        choices << menu.addAction(tr("Fix: %1").arg(title));
    }
    QAction* reference = menu.addAction(tr("Finding reference"));
    QAction* copy = menu.addAction(tr("Copy"));
    QAction* chosen = menu.exec(m_table->viewport()->mapToGlobal(position));
    if (chosen == fix) {
        emit applyFixRequested(source.row());
    } else if (const auto at = choices.indexOf(chosen); chosen && at >= 0) {
        emit applyChoiceRequested(source.row(), static_cast<int>(at));
    } else if (chosen == reference) {
        emit referenceRequested(source.row());
    } else if (chosen == copy) {
        const QString text = QStringLiteral("%1 %2 %3 (%4)")
                                 .arg(source.siblingAtColumn(FindingsModel::SeverityColumn).data().toString(),
                                      source.data(FindingsModel::CodeRole).toString(),
                                      source.data(FindingsModel::MessageRole).toString(),
                                      source.siblingAtColumn(FindingsModel::LocationColumn).data().toString());
        QApplication::clipboard()->setText(text);
    }
}

} // namespace kps::ui
