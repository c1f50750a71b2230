// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/features/MwaaController.h"

#include "core/checker/Checker.h"
#include "core/mwaa/GrantMatrix.h"
#include "core/mwaa/Grants.h"
#include "model/AllGrantsModel.h"
#include "model/ContextSidecar.h"
#include "model/FindingsModel.h"
#include "model/GrantMatrixModel.h"
#include "model/LiveChecker.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"
#include "ui/FileDialogProvider.h"
#include "ui/FindingsView.h"
#include "ui/GrantMatrixView.h"
#include "ui/GrantsView.h"
#include "ui/MainWindow.h"
#include "ui/MessageBox.h"
#include "ui/MwaaEnvironmentPanel.h"

#include <QAction>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QStatusBar>

namespace kps::ui {

using model::toQString;
using model::toStdString;

MwaaController::MwaaController(MainWindow* window)
    : QObject(window)
    , m_window(window)
{
    setObjectName(QStringLiteral("mwaaController"));
    m_panel = new MwaaEnvironmentPanel;
    m_panelDock = new QDockWidget(tr("MWAA environment"), m_window);
    m_panelDock->setObjectName(QStringLiteral("mwaaEnvironmentDock"));
    m_panelDock->setAccessibleName(QStringLiteral("MWAA environment panel"));
    m_panelDock->setWidget(m_panel);
    m_window->addPanel(m_panelDock);

    m_matrix = new model::GrantMatrixModel(this);
    m_allGrants = new model::AllGrantsModel(this);
    m_grantsView = new GrantsView(m_matrix, m_allGrants);
    m_grantsDock = new QDockWidget(tr("Grants"), m_window);
    m_grantsDock->setObjectName(QStringLiteral("grantsDock"));
    m_grantsDock->setAccessibleName(QStringLiteral("Grants"));
    m_grantsDock->setWidget(m_grantsView);
    m_window->addPanel(m_grantsDock);

    connect(m_window->addAction({QStringLiteral("actionLoadGrants"),
                                 tr("Load grants from file…"),
                                 tr("Load `aws kms list-grants` output to check the MWAA grants"),
                                 MenuPlace::Grants,
                                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G)}),
            &QAction::triggered,
            this,
            &MwaaController::loadGrantsFromFile);

    model::PolicyDocument* document = m_window->document();
    connect(m_panel, &MwaaEnvironmentPanel::contextChanged, this, &MwaaController::applyContext);
    connect(m_window->checker(), &model::LiveChecker::checked, this, &MwaaController::onChecked);
    connect(m_window->findingsView(), &FindingsView::currentRowChanged, this, [this](int row) {
        showGrantOfFinding(row, false);
    });
    connect(m_window->findingsView(), &FindingsView::findingActivated, this, [this](int row) {
        showGrantOfFinding(row, true);
    });
    connect(document, &model::PolicyDocument::loaded, this, &MwaaController::onLoaded);
    connect(document, &model::PolicyDocument::saved, this, &MwaaController::onSaved);
    rebuildMatrix(m_window->checker()->result()); // the four expected grants at once, before the first check ends
    applyContext();
}

MwaaController::~MwaaController() = default;

GrantMatrixView* MwaaController::grantMatrixView() const
{
    return m_grantsView->matrixView();
}

void MwaaController::setContext(const MwaaContext& context)
{
    m_panel->setContext(context);
    applyContext();
}

void MwaaController::applyContext()
{
    CheckOptions options = m_window->checker()->options();
    options.context = m_panel->context();
    options.grants = m_grants;
    options.rolePolicy = m_rolePolicy;
    options.roleArn = m_roleArn;
    m_window->checker()->setOptions(options);
}

void MwaaController::onChecked(const CheckResult& result)
{
    m_panel->showResolved(result.context);
    rebuildMatrix(result);
}

void MwaaController::rebuildMatrix(const CheckResult& result)
{
    // The audit of the check's own context, so that the dock and the findings always agree.
    std::vector<std::string> environments;
    if (!result.context.environment.empty()) {
        environments.push_back(result.context.environment);
    }
    if (m_grants) {
        const mwaa::GrantList list = mwaa::readGrants(m_grants->document.json());
        m_grantsView->setAudit(mwaa::auditGrants(result.context, environments, &list), result.findings);
    } else {
        m_grantsView->setAudit(mwaa::auditGrants(result.context, environments, nullptr), result.findings);
    }
}

void MwaaController::showGrantOfFinding(int row, bool raise)
{
    if (row < 0) {
        return; // no current finding
    }
    const Finding* finding = m_window->findingsModel()->findingAt(m_window->findingsModel()->index(row, 0));
    if (!finding || finding->location.file.empty()) {
        return;
    }
    if (m_grantsView->selectGrant(toQString(finding->location.pointer)) && raise) {
        m_grantsDock->show();
        m_grantsDock->raise();
    }
}

void MwaaController::onLoaded()
{
    model::PolicyDocument* document = m_window->document();
    m_grants.reset();
    m_grantsSource.clear();
    m_rolePolicy.reset();
    m_roleArn.clear();
    m_panel->setExecutionRole(QString());
    QString error;
    const std::optional<MwaaContext> context = model::sidecar::read(document->filePath(), &error);
    if (!context && !error.isEmpty()) {
        m_window->statusBar()->showMessage(
            tr("The context file %1 was ignored: %2")
                .arg(QFileInfo(model::sidecar::pathFor(document->filePath())).fileName(), error),
            10000);
    }
    m_panel->setContext(context.value_or(MwaaContext{}));
    applyContext();
}

void MwaaController::onSaved(const QString& path)
{
    QString error;
    if (!model::sidecar::write(path, m_panel->context(), &error)) {
        MessageBox::warning(m_window,
                            tr("Save context"),
                            tr("The policy was saved, but its MWAA context could not be written to %1: %2")
                                .arg(model::sidecar::pathFor(path), error));
    }
}

bool MwaaController::setGrantsText(const QByteArray& text, const QString& source, const QString& name, QString* error)
{
    auto grants = mwaa::readGrantsDocument(std::string(text.constData(), static_cast<std::size_t>(text.size())),
                                           toStdString(name));
    if (!grants) {
        if (error) {
            // The reason with its position in words, as this message always read.
            const Error& e = grants.error();
            std::string reason = e.message;
            if (e.line > 0) {
                reason += " (line " + std::to_string(e.line) + ", column " + std::to_string(e.column) + ")";
            }
            *error = toQString(reason);
        }
        return false;
    }
    m_grants = std::move(*grants);
    m_grantsSource = source;
    applyContext();
    return true;
}

void MwaaController::setRolePolicy(std::optional<std::string> policy, const std::string& roleArn, const QString& source)
{
    m_rolePolicy = std::move(policy);
    m_roleArn = roleArn;
    if (m_rolePolicy || !m_roleArn.empty()) {
        m_panel->setExecutionRole(
            m_rolePolicy
                ? tr("Execution role %1: its policies from %2").arg(toQString(m_roleArn), source)
                : tr("Execution role %1: its policies could not all be read (%2)").arg(toQString(m_roleArn), source));
    } else {
        m_panel->setExecutionRole(QString());
    }
    applyContext();
}

void MwaaController::loadGrantsFromFile()
{
    FileDialogProvider* dialogs = m_window->fileDialogs();
    const QString path = dialogs->openFileName(m_window,
                                               tr("Load grants from file"),
                                               QFileInfo(m_window->document()->filePath()).absolutePath(),
                                               tr("aws kms list-grants output (*.json);;All files (*)"));
    if (path.isEmpty()) {
        return;
    }
    QString error;
    if (!loadGrantsFromPath(path, &error)) {
        MessageBox::warning(
            m_window, tr("Load grants"), error + QLatin1Char(' ') + tr("The grants shown before are kept."));
    }
}

bool MwaaController::loadGrantsFromPath(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot read grants from %1: %2.").arg(path, file.errorString());
        return false;
    }
    // The one input limit of policies applies to grants listings too (read one byte more to tell).
    constexpr qint64 limit = static_cast<qint64>(SourceDocument::MaxInputBytes);
    const QByteArray text = file.read(limit + 1);
    if (text.size() > limit) {
        *error = tr("Cannot read grants from %1: the file is larger than %2 MiB.").arg(path).arg(limit / (1024 * 1024));
        return false;
    }
    QString reason;
    if (!setGrantsText(text, path, QFileInfo(path).fileName(), &reason)) {
        *error = tr("%1 is not `aws kms list-grants` output: %2.").arg(path, reason);
        return false;
    }
    m_grantsDock->raise();
    m_window->statusBar()->showMessage(tr("Grants loaded from %1").arg(QFileInfo(path).fileName()), 5000);
    return true;
}

} // namespace kps::ui
