// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/features/TemplateController.h"

#include "core/checker/Checker.h"
#include "core/mwaa/Template.h"
#include "model/Commands.h"
#include "model/LiveChecker.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"
#include "ui/MainWindow.h"
#include "ui/MessageBox.h"
#include "ui/MwaaEnvironmentPanel.h"
#include "ui/features/FilesController.h"
#include "ui/features/MwaaController.h"

#include <QAction>
#include <QStatusBar>

namespace kps::ui {

using model::toQString;

TemplateController::TemplateController(MainWindow* window)
    : QObject(window)
    , m_window(window)
{
    setObjectName(QStringLiteral("templateController"));
    connect(m_window->addAction({QStringLiteral("actionNewFromMwaaTemplate"),
                                 tr("New from MWAA template"),
                                 tr("Start a least-privilege key policy for an MWAA environment"),
                                 MenuPlace::FileNew}),
            &QAction::triggered,
            this,
            &TemplateController::newFromTemplate);
    connect(m_window->addAction({QStringLiteral("actionInsertTemplateStatement"),
                                 tr("Insert template statement…"),
                                 tr("Insert a ready-made statement: account delegation, key administrators, key "
                                    "users, grants for AWS resources or CloudWatch Logs"),
                                 MenuPlace::EditTemplates}),
            &QAction::triggered,
            this,
            &TemplateController::insertTemplateStatement);
}

MwaaContext TemplateController::context() const
{
    MwaaContext given = m_window->mwaa()->panel()->context();
    const MwaaContext& used = m_window->checker()->result().context;
    if (given.region.empty()) {
        given.region = used.region;
    }
    if (given.account.empty()) {
        given.account = used.account;
    }
    if (given.environment.empty()) {
        given.environment = used.environment;
    }
    return given;
}

void TemplateController::newFromTemplate()
{
    if (m_newDialog) {
        m_newDialog->raise();
        m_newDialog->activateWindow();
        return;
    }
    auto* dialog = new NewFromTemplateDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setContext(context());
    m_newDialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const mwaa::TemplateResult made = dialog->result();
        if (made.ok()) {
            createFromTemplate(dialog->options(), made->text);
        }
    });
    dialog->open();
}

void TemplateController::createFromTemplate(const mwaa::TemplateOptions& options, const std::string& text)
{
    if (!m_window->files()->maybeSave()) {
        return;
    }
    model::PolicyDocument* document = m_window->document();
    document->load(text, {}, {}, render::ReportOrigin::created(render::ReportOrigin::Kind::Template));
    m_window->files()->discardAutosave();
    // Loading resets the panel (an untitled document has no context file); the template's context replaces it.
    MwaaContext context;
    context.region = options.region;
    context.account = options.account;
    context.environment = options.environment;
    m_window->mwaa()->setContext(context);
    m_window->statusBar()->showMessage(tr("New policy from the MWAA template"), 5000);
}

void TemplateController::insertTemplateStatement()
{
    if (m_insertDialog) {
        m_insertDialog->raise();
        m_insertDialog->activateWindow();
        return;
    }
    model::PolicyDocument* document = m_window->document();
    if (!document->isValid()) {
        MessageBox::warning(
            m_window, tr("Insert template statement"), tr("The policy is not valid JSON; fix the syntax error first."));
        return;
    }
    auto* dialog = new InsertTemplateStatementDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setContext(context());
    QStringList sids;
    for (const auto& s : document->view().statements) {
        if (s.sid) {
            sids << toQString(*s.sid);
        }
    }
    dialog->setUsedSids(sids);
    m_insertDialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const mwaa::StatementResult made = dialog->result();
        if (made.ok()) {
            insertStatement(*made);
        }
    });
    dialog->open();
}

void TemplateController::insertStatement(const Json& statement)
{
    model::PolicyDocument* document = m_window->document();
    const int current = m_window->currentStatement();
    const std::size_t count = document->view().statements.size();
    const std::size_t at = current >= 0 ? std::min(count, static_cast<std::size_t>(current) + 1) : count;
    if (!document->execute(
            std::make_unique<model::AddStatementCommand>(document, statement, at, tr("Insert template statement")))) {
        MessageBox::warning(m_window, tr("Insert template statement"), document->lastError());
        return;
    }
    m_window->selectStatement(static_cast<int>(at));
    m_window->statusBar()->showMessage(
        tr("Inserted the statement \"%1\".").arg(toQString(statement["Sid"].get<std::string>())), 5000);
}

} // namespace kps::ui
