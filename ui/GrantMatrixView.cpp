// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/GrantMatrixView.h"

#include "model/GrantMatrixModel.h"
#include "model/QtConvert.h"

#include <QHeaderView>
#include <QLabel>
#include <QStringList>
#include <QTableView>
#include <QVBoxLayout>

namespace kps::ui {

using model::GrantMatrixModel;
using model::toQString;
using mwaa::CellState;

GrantMatrixView::GrantMatrixView(GrantMatrixModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
{
    setObjectName(QStringLiteral("grantMatrixPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("grantMatrixSummary"));
    m_summary->setAccessibleName(QStringLiteral("Grant matrix summary"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("grantMatrix"));
    m_table->setAccessibleName(QStringLiteral("Grant matrix"));
    m_table->setModel(model);
    m_table->setTabKeyNavigation(false);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layout->addWidget(m_table, 1);

    QStringList legend;
    for (CellState state :
         {CellState::Present, CellState::Missing, CellState::Extra, CellState::Required, CellState::NotRequired}) {
        legend << QStringLiteral("%1 = %2").arg(GrantMatrixModel::stateText(state),
                                                GrantMatrixModel::stateDescription(state));
    }
    m_legend = new QLabel(legend.join(QStringLiteral("; ")), this);
    m_legend->setObjectName(QStringLiteral("grantMatrixLegend"));
    m_legend->setAccessibleName(QStringLiteral("Grant matrix legend"));
    m_legend->setWordWrap(true);
    layout->addWidget(m_legend);

    connect(model, &QAbstractItemModel::modelReset, this, &GrantMatrixView::updateSummary);
    updateSummary();
}

void GrantMatrixView::updateSummary()
{
    const mwaa::GrantMatrix& matrix = m_model->matrix();
    QStringList parts;
    parts << (matrix.environment.empty()
                  ? tr("Environment unknown: enter its name in the MWAA environment panel.")
                  : tr("Environment %1%2")
                        .arg(toQString(matrix.environment),
                             matrix.environmentInferred ? tr(" (inferred from the grant names)") : QString()));
    if (!matrix.expectedPrincipal.empty()) {
        parts << tr("expected grantee %1").arg(toQString(matrix.expectedPrincipal));
    }
    if (!matrix.grantsLoaded) {
        parts << tr("no grant list loaded (Grants ▸ Load grants from file… or Fetch grants from AWS…)");
    } else {
        std::size_t unexpected = 0;
        for (const auto& other : matrix.others) {
            unexpected += other.kind == mwaa::OtherGrant::Kind::Unknown
                    || other.kind == mwaa::OtherGrant::Kind::OtherEnvironment
                ? 1
                : 0;
        }
        parts << tr("%n other grant(s)", nullptr, static_cast<int>(matrix.others.size()));
        if (unexpected > 0) {
            parts << tr("%n unexpected", nullptr, static_cast<int>(unexpected));
        }
        if (matrix.truncated) {
            parts << tr("the grant list is truncated: later pages are missing");
        }
        for (const std::string& problem : matrix.problems) {
            parts << toQString(problem);
        }
    }
    m_summary->setText(parts.join(QStringLiteral("; ")));
}

} // namespace kps::ui
