// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/SimulatePanel.h"

#include "core/access/AccessSummary.h"
#include "core/vocab/Vocabulary.h"
#include "model/QtConvert.h"
#include "ui/Named.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace kps::ui {

using model::toQString;
using model::toStdString;

namespace {

enum ContextColumn { KeyColumn, ValuesColumn, AbsentColumn };
enum TraceColumn {
    TraceStatement,
    TraceApplies,
    TracePrincipal,
    TraceAction,
    TraceResource,
    TraceConditions,
    TraceReason
};

QString truthText(eval::Truth truth)
{
    switch (truth) {
    case eval::Truth::True:
        return SimulatePanel::tr("yes");
    case eval::Truth::Unknown:
        return SimulatePanel::tr("depends");
    case eval::Truth::False:
        break;
    }
    return SimulatePanel::tr("no");
}

QString decisionText(access::Decision decision)
{
    switch (decision) {
    case access::Decision::Allow:
        return SimulatePanel::tr("Allowed by the key policy");
    case access::Decision::AllowIfIam:
        return SimulatePanel::tr("Allowed if the caller's IAM policies allow it too");
    case access::Decision::ExplicitDeny:
        return SimulatePanel::tr("Denied by a Deny statement");
    case access::Decision::ImplicitDeny:
        return SimulatePanel::tr("Denied: nothing allows it");
    case access::Decision::Depends:
        return SimulatePanel::tr("Depends on facts the request leaves open");
    case access::Decision::Partial:
        break;
    }
    return SimulatePanel::tr("Partly allowed");
}

} // namespace

SimulatePanel::SimulatePanel(QWidget* parent)
    : QWidget(parent)
    , m_principal(named(new QComboBox(this), "simulatePrincipal", QStringLiteral("Principal")))
    , m_action(named(new QComboBox(this), "simulateAction", QStringLiteral("Action")))
    , m_context(named(new QTableWidget(0, 3, this), "simulateContext", QStringLiteral("Context")))
    , m_addContext(named(new QPushButton(tr("Add key"), this), "addContextKey", QStringLiteral("Add context key")))
    , m_removeContext(
          named(new QPushButton(tr("Remove key"), this), "removeContextKey", QStringLiteral("Remove context key")))
    , m_decision(named(new QLabel(this), "simulateDecision", QStringLiteral("Decision")))
    , m_problem(named(new QLabel(this), "simulateProblem", QStringLiteral("Simulation problem")))
    , m_trace(named(new QTableView(this), "simulateTrace", QStringLiteral("Trace")))
    , m_traceModel(new QStandardItemModel(0, 7, this))
{
    setObjectName(QStringLiteral("simulatePanel"));
    setAccessibleName(QStringLiteral("Simulate"));

    m_principal->setEditable(true);
    m_principal->setInsertPolicy(QComboBox::NoInsert);
    m_principal->lineEdit()->setPlaceholderText(tr("arn:aws:iam::111122223333:role/Name, an account id or a service"));
    m_principal->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);

    QStringList actions;
    for (const ActionInfo& info : Vocabulary::instance().actions()) {
        if (info.scope == PolicyScope::KeyPolicy || info.scope == PolicyScope::KeyPolicyAndIam) {
            actions << toQString(info.name);
        }
    }
    m_action->setEditable(true);
    m_action->setInsertPolicy(QComboBox::NoInsert);
    m_action->addItems(actions);
    m_action->setCurrentText(QStringLiteral("kms:Decrypt"));
    auto* actionCompleter = new QCompleter(actions, m_action);
    actionCompleter->setCaseSensitivity(Qt::CaseInsensitive);
    actionCompleter->setFilterMode(Qt::MatchContains); // "search": typing "crypt" offers Encrypt, Decrypt, ReEncrypt*
    m_action->setCompleter(actionCompleter);

    m_context->setHorizontalHeaderLabels({tr("Key"), tr("Values"), tr("Absent")});
    m_context->horizontalHeader()->setSectionResizeMode(KeyColumn, QHeaderView::Interactive);
    m_context->horizontalHeader()->setSectionResizeMode(ValuesColumn, QHeaderView::Stretch);
    m_context->horizontalHeader()->setSectionResizeMode(AbsentColumn, QHeaderView::ResizeToContents);
    m_context->setColumnWidth(KeyColumn, 220);
    m_context->verticalHeader()->hide();
    m_context->setTabKeyNavigation(false);
    m_context->setMaximumHeight(90);
    m_context->setToolTip(tr("Context keys the request carries (a key with no values and Absent ticked: the request "
                             "certainly lacks it). Every key not listed is unknown: an answer that hinges on one "
                             "says so."));

    m_decision->setWordWrap(true);
    m_decision->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->setWordWrap(true);
    m_problem->hide();

    m_traceModel->setHorizontalHeaderLabels(
        {tr("Statement"), tr("Applies"), tr("Principal"), tr("Action"), tr("Resource"), tr("Conditions"), tr("Why")});
    m_trace->setModel(m_traceModel);
    m_trace->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_trace->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_trace->setSelectionMode(QAbstractItemView::SingleSelection);
    m_trace->setTabKeyNavigation(false);
    m_trace->setWordWrap(false);
    m_trace->verticalHeader()->hide();
    m_trace->horizontalHeader()->setStretchLastSection(true);
    m_trace->setToolTip(tr("Click a row (or press Enter on it) to select that statement in the form and the JSON"));

    auto* form = new QFormLayout;
    form->addRow(tr("&Principal:"), m_principal);
    form->addRow(tr("A&ction:"), m_action);
    auto* contextButtons = new QVBoxLayout;
    contextButtons->addWidget(m_addContext);
    contextButtons->addWidget(m_removeContext);
    contextButtons->addStretch(1);
    auto* contextBox = new QHBoxLayout;
    contextBox->addWidget(m_context, 1);
    contextBox->addLayout(contextButtons);
    auto* contextLabel = new QLabel(tr("Conte&xt:"), this);
    contextLabel->setBuddy(m_context);
    form->addRow(contextLabel, contextBox);
    auto* layout = new QHBoxLayout(this);
    auto* left = new QVBoxLayout;
    left->addLayout(form);
    left->addWidget(m_problem);
    left->addWidget(m_decision);
    left->addStretch(1);
    layout->addLayout(left, 2);
    layout->addWidget(m_trace, 3);

    connect(m_principal, &QComboBox::currentTextChanged, this, &SimulatePanel::simulate);
    connect(m_action, &QComboBox::currentTextChanged, this, &SimulatePanel::simulate);
    connect(m_context, &QTableWidget::cellChanged, this, &SimulatePanel::simulate);
    connect(m_addContext, &QPushButton::clicked, this, [this] {
        const int row = m_context->rowCount();
        m_context->insertRow(row);
        auto* absent = new QTableWidgetItem;
        absent->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        absent->setCheckState(Qt::Unchecked);
        m_context->setItem(row, AbsentColumn, absent);
        m_context->setCurrentCell(row, KeyColumn);
        m_context->editItem(m_context->item(row, KeyColumn) ? m_context->item(row, KeyColumn) : nullptr);
    });
    connect(m_removeContext, &QPushButton::clicked, this, [this] {
        if (m_context->currentRow() >= 0) {
            m_context->removeRow(m_context->currentRow());
            simulate();
        }
    });
    const auto select = [this](const QModelIndex& index) {
        if (!m_simulation || index.row() < 0
            || static_cast<std::size_t>(index.row()) >= m_simulation->statements.size()) {
            return;
        }
        const access::TracedStatement& t = m_simulation->statements[static_cast<std::size_t>(index.row())];
        emit statementActivated(static_cast<int>(t.index), toQString(t.pointer));
    };
    connect(m_trace, &QTableView::clicked, this, select); // a click selects the statement, as Enter does
    connect(m_trace, &QTableView::activated, this, select);
    simulate();
}

QSize SimulatePanel::sizeHint() const
{
    return {QWidget::sizeHint().width(), 160};
}

void SimulatePanel::setPolicy(std::shared_ptr<const model::PolicyDocument::Parse> parse, const MwaaContext& given)
{
    if (!parse || !parse->source.isValid()) {
        m_parse.reset();
        m_problem->setText(tr("The policy is not valid JSON: nothing to simulate."));
        m_problem->show();
        return;
    }
    m_parse = std::move(parse);
    m_key = access::resolveKeyFacts(m_parse->source, policy(), given);
    fillPrincipals();
    simulate();
}

const PolicyView& SimulatePanel::policy() const
{
    static const PolicyView none;
    return m_parse ? m_parse->view : none;
}

void SimulatePanel::setRequest(const QString& principal, const QString& action)
{
    m_principal->setCurrentText(principal);
    m_action->setCurrentText(action);
    simulate();
}

void SimulatePanel::fillPrincipals()
{
    const QString typed = m_principal->currentText();
    QStringList names;
    for (const auto& [caller, pointers] : access::callersOf(policy(), m_key)) {
        if (caller.kind != access::Caller::Kind::OtherAccount) {
            names << toQString(caller.text);
        }
    }
    names.removeDuplicates();
    QStringList current;
    for (int i = 0; i < m_principal->count(); ++i) {
        current << m_principal->itemText(i);
    }
    if (current != names) {
        const QSignalBlocker block(m_principal);
        m_principal->clear();
        m_principal->addItems(names);
        m_principal->setCurrentText(typed.isEmpty() && !names.isEmpty() ? names.front() : typed);
    }
}

bool SimulatePanel::readContext(access::SimulationRequest& request, QString& problem) const
{
    for (int row = 0; row < m_context->rowCount(); ++row) {
        const QTableWidgetItem* keyItem = m_context->item(row, KeyColumn);
        const QString key = keyItem ? keyItem->text().trimmed() : QString();
        if (key.isEmpty()) {
            continue;
        }
        const QTableWidgetItem* absentItem = m_context->item(row, AbsentColumn);
        if (absentItem && absentItem->checkState() == Qt::Checked) {
            if (const std::string error = access::absentKeyError(toStdString(key)); !error.empty()) {
                problem = toQString(error);
                return false;
            }
            request.absent.push_back(toStdString(key));
            continue;
        }
        access::ContextEntry entry{toStdString(key), {}};
        const QTableWidgetItem* valuesItem = m_context->item(row, ValuesColumn);
        for (const QString& value : (valuesItem ? valuesItem->text() : QString()).split(QLatin1Char(','))) {
            if (!value.trimmed().isEmpty()) {
                entry.values.push_back(toStdString(value.trimmed()));
            }
        }
        if (const std::string error = access::contextEntryError(entry); !error.empty()) {
            problem = toQString(error);
            return false;
        }
        request.context.push_back(std::move(entry));
    }
    return true;
}

void SimulatePanel::simulate()
{
    m_simulation.reset();
    m_traceModel->removeRows(0, m_traceModel->rowCount());
    auto fail = [this](const QString& problem) {
        m_problem->setText(problem);
        m_problem->show();
        m_decision->setText(tr("No decision: fix the request first."));
    };
    if (!policy().isObject) {
        fail(tr("The policy is not valid JSON: nothing to simulate."));
        return;
    }
    access::SimulationRequest request;
    const auto caller = access::parseCaller(toStdString(m_principal->currentText().trimmed()));
    if (!caller) {
        fail(tr("Principal: %1").arg(toQString(caller.error().message)));
        return;
    }
    request.caller = *caller;
    const auto action = access::parseAction(toStdString(m_action->currentText().trimmed()));
    if (!action) {
        fail(tr("Action: %1").arg(toQString(action.error().message)));
        return;
    }
    request.action = *action;
    if (QString problem; !readContext(request, problem)) {
        fail(tr("Context: %1").arg(problem));
        return;
    }
    m_problem->hide();
    m_simulation = access::simulate(policy(), request, m_key);
    const access::Simulation& s = *m_simulation;
    QString text = QStringLiteral("<b>%1</b> (%2)<br>%3")
                       .arg(decisionText(s.decision).toHtmlEscaped(),
                            toQString(std::string(access::decisionName(s.decision))),
                            toQString(s.reason).toHtmlEscaped());
    if (!s.unknowns.empty()) {
        text += QStringLiteral("<br>") + tr("It depends on:");
        for (const access::UnknownFact& u : s.unknowns) {
            text += QStringLiteral("<br>• %1 — %2")
                        .arg(toQString(u.fact).toHtmlEscaped(), toQString(u.needed).toHtmlEscaped());
        }
    }
    m_decision->setText(text);
    for (const access::TracedStatement& t : s.statements) {
        QString conditions;
        for (const access::ConditionTrace& c : t.conditions) {
            conditions += (conditions.isEmpty() ? QString() : QStringLiteral("; ")) + toQString(c.op) + QLatin1Char(' ')
                + toQString(c.key) + QStringLiteral(": ") + truthText(c.result);
        }
        const bool deciding = std::find(s.deciding.begin(), s.deciding.end(), t.index) != s.deciding.end();
        QList<QStandardItem*> row{
            new QStandardItem(QStringLiteral("%1%2 %3")
                                  .arg(deciding ? QStringLiteral("▶ ") : QString())
                                  .arg(t.index) // as the decision's reason and the CLI count: /Statement/0 is 0
                                  .arg(t.sid ? toQString(*t.sid) : toQString(t.effect))),
            new QStandardItem(truthText(t.applies)),
            new QStandardItem(toQString(t.principalReason)),
            new QStandardItem(toQString(t.actionReason)),
            new QStandardItem(toQString(t.resourceReason)),
            new QStandardItem(conditions.isEmpty() ? tr("none") : conditions),
            new QStandardItem(toQString(t.reason)),
        };
        for (QStandardItem* item : row) {
            item->setToolTip(item->text());
        }
        if (deciding) {
            QFont bold = row.front()->font();
            bold.setBold(true);
            row.front()->setFont(bold);
            row.front()->setAccessibleText(tr("deciding: %1").arg(row.front()->text()));
        }
        m_traceModel->appendRow(row);
    }
    m_trace->resizeColumnToContents(TraceStatement);
    m_trace->resizeColumnToContents(TraceApplies);
}

} // namespace kps::ui
