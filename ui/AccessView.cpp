// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/AccessView.h"

#include "model/QtConvert.h"
#include "ui/Named.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace kps::ui {

using model::toQString;

QString decisionWords(access::Decision decision)
{
    switch (decision) {
    case access::Decision::Allow:
        return AccessView::tr("allow");
    case access::Decision::AllowIfIam:
        return AccessView::tr("allow if IAM");
    case access::Decision::ExplicitDeny:
        return AccessView::tr("explicit deny");
    case access::Decision::ImplicitDeny:
        return AccessView::tr("no");
    case access::Decision::Depends:
        return AccessView::tr("depends");
    case access::Decision::Partial:
        break;
    }
    return AccessView::tr("partial");
}

AccessView::AccessView(QWidget* parent)
    : QWidget(parent)
    , m_table(named(new QTableView(this), "accessTable", QStringLiteral("Access")))
    , m_model(new QStandardItemModel(this))
    , m_details(named(new QLabel(this), "accessDetails", QStringLiteral("Access details")))
{
    setObjectName(QStringLiteral("accessView"));
    m_table->setModel(m_model);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_table->setTabKeyNavigation(false);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setText(tr("Select a cell to see its actions and the statements behind them."));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_details);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this, &AccessView::showDetails);
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex& index) {
        if (index.row() < 0 || static_cast<std::size_t>(index.row()) >= m_summary.rows.size()) {
            return;
        }
        const access::AccessRow& row = m_summary.rows[static_cast<std::size_t>(index.row())];
        const std::vector<std::size_t>& statements
            = index.column() == 0 ? row.statements : row.cells[static_cast<std::size_t>(index.column() - 1)].statements;
        if (!statements.empty() && statements.front() < policy().statements.size()) {
            const std::size_t s = statements.front();
            emit statementActivated(static_cast<int>(s), toQString(policy().statements[s].pointer));
        }
    });
}

void AccessView::setPolicy(std::shared_ptr<const model::PolicyDocument::Parse> parse, const MwaaContext& given)
{
    const QModelIndex current = m_table->currentIndex();
    m_model->clear();
    if (!parse || !parse->source.isValid()) {
        m_parse.reset();
        m_summary = access::AccessSummary();
        m_details->setText(tr("The policy is not valid JSON: no access summary."));
        return;
    }
    m_parse = std::move(parse);
    m_summary = access::summarizeAccess(policy(), access::resolveKeyFacts(m_parse->source, policy(), given));
    QStringList headers{tr("Principal")};
    for (const ActionGroup& group : Vocabulary::instance().actionGroups()) {
        headers << toQString(group.title);
    }
    m_model->setHorizontalHeaderLabels(headers);
    for (const access::AccessRow& row : m_summary.rows) {
        QList<QStandardItem*> items{new QStandardItem(toQString(row.caller.label()))};
        items.front()->setToolTip(toQString(row.caller.description()));
        for (const access::AccessCell& cell : row.cells) {
            // The decision in words (never colour alone), and a mark when conditions limit it.
            const QString text = decisionWords(cell.decision) + (cell.conditional() ? tr(" (conditions)") : QString());
            auto* item = new QStandardItem(text);
            item->setToolTip(cell.group ? toQString(cell.group->description) : QString());
            items << item;
        }
        m_model->appendRow(items);
    }
    if (m_summary.omitted > 0) {
        m_details->setText(tr("%1 more principals are not summarized.").arg(m_summary.omitted));
    }
    if (current.isValid() && current.row() < m_model->rowCount() && current.column() < m_model->columnCount()) {
        m_table->setCurrentIndex(m_model->index(current.row(), current.column()));
    }
}

const PolicyView& AccessView::policy() const
{
    static const PolicyView none;
    return m_parse ? m_parse->view : none;
}

void AccessView::showDetails()
{
    const QModelIndex index = m_table->currentIndex();
    if (!index.isValid() || static_cast<std::size_t>(index.row()) >= m_summary.rows.size()) {
        return;
    }
    const access::AccessRow& row = m_summary.rows[static_cast<std::size_t>(index.row())];
    const auto& actions = Vocabulary::instance().actions();
    auto statementNames = [this](const std::vector<std::size_t>& statements) {
        QStringList names;
        for (const std::size_t s : statements) {
            const StatementView& st = policy().statements[s];
            names << (st.sid ? QStringLiteral("%1 (%2)").arg(s + 1).arg(toQString(*st.sid)) : QString::number(s + 1));
        }
        return names.isEmpty() ? tr("none") : names.join(QStringLiteral(", "));
    };
    QString text
        = QStringLiteral("<b>%1</b> — %2")
              .arg(toQString(row.caller.label()).toHtmlEscaped(), toQString(row.caller.description()).toHtmlEscaped());
    if (index.column() == 0) {
        text += QStringLiteral("<br>") + tr("Statements: %1").arg(statementNames(row.statements));
    } else {
        const access::AccessCell& cell = row.cells[static_cast<std::size_t>(index.column() - 1)];
        text += QStringLiteral("<br>%1: <b>%2</b>")
                    .arg(cell.group ? toQString(cell.group->title) : QString(), decisionWords(cell.decision));
        for (const access::ActionDecision& a : cell.actions) {
            text += QStringLiteral("<br>• %1: %2").arg(toQString(actions[a.action].name), decisionWords(a.decision));
        }
        text += QStringLiteral("<br>") + tr("Statements: %1").arg(statementNames(cell.statements));
        for (const access::ConditionRef& c : cell.conditions) {
            text += QStringLiteral("<br>")
                + tr("Condition: %1 %2").arg(toQString(c.op), toQString(c.key).toHtmlEscaped());
        }
        for (const std::string& u : cell.unknowns) {
            text += QStringLiteral("<br>") + tr("Depends on: %1").arg(toQString(u).toHtmlEscaped());
        }
    }
    m_details->setText(text);
}

} // namespace kps::ui
