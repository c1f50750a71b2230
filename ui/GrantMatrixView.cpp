// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/GrantMatrixView.h"

#include "model/GrantMatrixModel.h"

#include <QHeaderView>
#include <QLabel>
#include <QStringList>
#include <QTableView>
#include <QVBoxLayout>

namespace kps::ui {

using model::GrantMatrixModel;
using mwaa::CellState;

GrantMatrixView::GrantMatrixView(GrantMatrixModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
{
    setObjectName(QStringLiteral("grantMatrixPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("grantMatrix"));
    m_table->setAccessibleName(QStringLiteral("Grant matrix"));
    m_table->setModel(model);
    m_table->setTabKeyNavigation(false);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    // Names are never clipped: the row headers and the columns take their contents' width.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    layout->addWidget(m_table, 1);

    QStringList legend;
    QStringList meanings;
    for (CellState state : {CellState::Present,
                            CellState::Missing,
                            CellState::WrongPrincipal,
                            CellState::Depends,
                            CellState::Extra,
                            CellState::Required,
                            CellState::NotRequired}) {
        legend << GrantMatrixModel::stateText(state);
        meanings << QStringLiteral("%1: %2").arg(GrantMatrixModel::stateWord(state),
                                                 GrantMatrixModel::stateDescription(state));
    }
    m_legend = new QLabel(legend.join(QStringLiteral("   ")), this);
    m_legend->setObjectName(QStringLiteral("grantMatrixLegend"));
    m_legend->setAccessibleName(QStringLiteral("Grant matrix legend"));
    m_legend->setAccessibleDescription(meanings.join(QStringLiteral("; ")));
    m_legend->setToolTip(meanings.join(QLatin1Char('\n')));
    layout->addWidget(m_legend);

    connect(model, &QAbstractItemModel::modelReset, this, &GrantMatrixView::fitRows);
    fitRows();
}

int GrantMatrixView::tableHeightForAllRows() const
{
    int height = m_table->horizontalHeader()->sizeHint().height() + 2 * m_table->frameWidth();
    for (int row = 0; row < m_model->rowCount(); ++row) {
        height += m_table->verticalHeader()->sectionSizeHint(row);
    }
    return height;
}

void GrantMatrixView::fitRows()
{
    // Every row visible: the table never gets less height than its four rows need (the dock grows instead).
    m_table->setMinimumHeight(tableHeightForAllRows());
}

} // namespace kps::ui
