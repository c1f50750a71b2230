// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/MwaaController.h"

#include "aws/KeyFetch.h"
#include "core/checker/Checker.h"
#include "core/fix/Fixer.h"
#include "core/mwaa/GrantMatrix.h"
#include "core/mwaa/Grants.h"
#include "model/ContextSidecar.h"
#include "model/GrantMatrixModel.h"
#include "model/LiveChecker.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"
#include "model/TextCommands.h"
#include "ui/ApplyToAwsDialog.h"
#include "ui/DiffDialog.h"
#include "ui/FileDialogProvider.h"
#include "ui/GrantMatrixView.h"
#include "ui/ImportFromAwsDialog.h"
#include "ui/MainWindow.h"
#include "ui/MessageBox.h"
#include "ui/MwaaEnvironmentPanel.h"
#include "ui/ReportExport.h"
#include "ui/TemplateDialogs.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QMenu>
#include <QSaveFile>
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
    m_window->setMwaaPanel(m_panel);
    m_matrix = new model::GrantMatrixModel(this);
    m_matrixView = new GrantMatrixView(m_matrix);
    m_window->setGrantMatrixWidget(m_matrixView);

    model::PolicyDocument* document = m_window->document();
    m_original = document->text();
    connect(m_panel, &MwaaEnvironmentPanel::contextChanged, this, &MwaaController::applyContext);
    connect(m_window->checker(), &model::LiveChecker::checked, this, &MwaaController::onChecked);
    connect(document, &model::PolicyDocument::loaded, this, &MwaaController::onLoaded);
    connect(document, &model::PolicyDocument::saved, this, &MwaaController::onSaved);

    using Id = MainWindow::ActionId;
    connect(m_window, &MainWindow::loadGrantsFromFileRequested, this, &MwaaController::loadGrantsFromFile);
    connect(m_window, &MainWindow::importFromAwsRequested, this, &MwaaController::importFromAws);
    connect(m_window, &MainWindow::fetchGrantsFromAwsRequested, this, &MwaaController::fetchGrantsFromAws);
    m_window->setActionAvailable(
        Id::LoadGrantsFromFile, true, tr("Load `aws kms list-grants` output to check the MWAA grants"));
    m_window->setActionAvailable(
        Id::ImportFromAws, true, tr("Open a key's policy, grants and metadata from AWS KMS as a new document"));
    m_window->setActionAvailable(Id::FetchGrantsFromAws, true, tr("Fetch the current key's grants from AWS KMS"));
    connect(m_window, &MainWindow::showDiffToOriginalRequested, this, &MwaaController::showDiffToOriginal);
    connect(m_window, &MainWindow::applyAllFixesRequested, this, &MwaaController::applyAllFixes);
    connect(m_window, &MainWindow::exportCorrectedPolicyRequested, this, &MwaaController::exportCorrectedPolicy);
    m_window->setActionAvailable(
        Id::ShowDiffToOriginal, true, tr("Compare the policy with the text as opened or last saved"));
    m_window->setActionAvailable(Id::ApplyAllFixes, true, tr("Preview and apply every unambiguous fix as one step"));
    m_window->setActionAvailable(
        Id::ExportCorrectedPolicy, true, tr("Write the policy with every unambiguous fix applied (as keypolicy fix)"));
    connect(m_window, &MainWindow::exportChangeTicketReportRequested, this, &MwaaController::exportChangeTicketReport);
    m_window->setActionAvailable(Id::ExportChangeTicketReport,
                                 true,
                                 tr("Write a change-ticket report (Markdown, HTML or PDF): findings before and after, "
                                    "grant matrix, diff, hashes and the put-key-policy command"));

    // `Apply to AWS…` sits right after `Import from AWS…` in the File menu.
    m_applyAction = new QAction(tr("Apply to AWS…"), m_window);
    m_applyAction->setObjectName(QStringLiteral("actionApplyToAws"));
    m_applyAction->setStatusTip(tr("Compare the policy with the key's live policy and apply it, with safeguards"));
    connect(m_applyAction, &QAction::triggered, this, &MwaaController::applyToAws);
    if (QAction* import = m_window->action(Id::ImportFromAws)) {
        for (QObject* object : import->associatedObjects()) {
            if (auto* menu = qobject_cast<QMenu*>(object)) {
                const QList<QAction*> actions = menu->actions();
                const qsizetype at = actions.indexOf(import);
                menu->insertAction(at + 1 < actions.size() ? actions[at + 1] : nullptr, m_applyAction);
                break;
            }
        }
    }
    applyContext();
    m_templates = new TemplateController(m_window, this);
}

MwaaController::~MwaaController() = default;

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
    m_window->checker()->setOptions(options);
}

void MwaaController::onChecked(const CheckResult& result)
{
    m_panel->showResolved(result.context);
    rebuildMatrix(result);
}

void MwaaController::rebuildMatrix(const CheckResult& result)
{
    if (m_grants) {
        const mwaa::GrantList list = mwaa::readGrants(*m_grants);
        m_matrix->setMatrix(mwaa::buildGrantMatrix(result.context, &list));
    } else {
        m_matrix->setMatrix(mwaa::buildGrantMatrix(result.context));
    }
}

void MwaaController::onLoaded()
{
    model::PolicyDocument* document = m_window->document();
    m_original = document->text();
    m_grants.reset();
    m_grantsSource.clear();
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
    m_original = m_window->document()->text();
    QString error;
    if (!model::sidecar::write(path, m_panel->context(), &error)) {
        MessageBox::warning(m_window,
                            tr("Save context"),
                            tr("The policy was saved, but its MWAA context could not be written to %1: %2")
                                .arg(model::sidecar::pathFor(path), error));
    }
}

bool MwaaController::setGrantsText(const QByteArray& text, const QString& source, QString* error)
{
    const std::string utf8(text.constData(), static_cast<std::size_t>(text.size()));
    if (const auto grants = mwaa::readGrantsText(utf8); !grants) {
        if (error) {
            // The parser's message with its position in words, as this message always read.
            const Error& e = grants.error();
            std::string reason = e.message;
            if (e.line > 0) {
                reason += " (line " + std::to_string(e.line) + ", column " + std::to_string(e.column) + ")";
            }
            *error = toQString(reason);
        }
        return false;
    }
    m_grants = Json::parse(utf8, nullptr, false);
    m_grantsSource = source;
    applyContext();
    return true;
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
    if (!setGrantsText(text, path, &reason)) {
        *error = tr("%1 is not `aws kms list-grants` output: %2.").arg(path, reason);
        return false;
    }
    m_window->grantMatrixDock()->raise();
    m_window->statusBar()->showMessage(tr("Grants loaded from %1").arg(QFileInfo(path).fileName()), 5000);
    return true;
}

void MwaaController::importFromAws()
{
    if (m_awsDialog || !m_window->maybeSave()) {
        return;
    }
    auto* dialog = new ImportFromAwsDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFetchGrants(true);
    if (m_dialogSetup) {
        m_dialogSetup(dialog);
    }
    m_awsDialog = dialog;
    connect(dialog, &ImportFromAwsDialog::imported, this, [this, dialog] { onImported(dialog, false); });
    dialog->open();
}

void MwaaController::fetchGrantsFromAws()
{
    if (m_awsDialog) {
        return;
    }
    auto* dialog = new ImportFromAwsDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Fetch grants from AWS"));
    dialog->setFetchGrants(true);
    const CheckResult& last = m_window->checker()->result();
    const MwaaContext given = m_panel->context();
    const std::string& key = given.key.empty() ? last.context.key : given.key;
    const std::string& region = given.region.empty() ? last.context.region : given.region;
    if (!key.empty()) {
        dialog->setKey(toQString(key));
    }
    if (!region.empty()) {
        dialog->setRegion(toQString(region));
    }
    if (m_dialogSetup) {
        m_dialogSetup(dialog);
    }
    m_awsDialog = dialog;
    connect(dialog, &ImportFromAwsDialog::imported, this, [this, dialog] { onImported(dialog, true); });
    dialog->open();
}

void MwaaController::onImported(ImportFromAwsDialog* dialog, bool grantsOnly)
{
    const QString arn = dialog->keyArn();
    MwaaContext context = m_panel->context();
    if (!grantsOnly) {
        const QString keyId = dialog->fetchResult().keyId();
        m_window->document()->load(toStdString(dialog->policyText()), QString(), keyId + QStringLiteral(".json"));
        context = m_panel->context(); // as onLoaded() left it: empty for a document without a file
        context.key = toStdString(arn);
        context.region = toStdString(aws::regionOfArn(arn));
        context.account = toStdString(dialog->keyMetadata().value(QStringLiteral("AWSAccountId")).toString());
    } else {
        // Fill only what the user left empty: the fetched key is the one the grants belong to.
        if (context.key.empty()) {
            context.key = toStdString(arn);
        }
        if (context.region.empty()) {
            context.region = toStdString(aws::regionOfArn(arn));
        }
    }
    m_panel->setContext(context);
    if (dialog->hasGrants()) {
        QString error;
        setGrantsText(dialog->grantsJson(), tr("AWS KMS (%1)").arg(arn), &error);
    }
    applyContext();
    m_window->grantMatrixDock()->raise();
    m_window->statusBar()->showMessage(
        grantsOnly ? tr("Grants of %1 fetched from AWS").arg(arn) : tr("Imported %1 from AWS").arg(arn), 5000);
}

void MwaaController::applyToAws()
{
    if (m_awsDialog) {
        return;
    }
    auto* dialog = new ApplyToAwsDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setPolicy(toQString(m_window->document()->text()));
    const MwaaContext given = m_panel->context();
    const CheckResult& last = m_window->checker()->result();
    dialog->setCheckProfile(m_window->checker()->options().mwaa, toQString(given.environment));
    const std::string& key = given.key.empty() ? last.context.key : given.key;
    const std::string& region = given.region.empty() ? last.context.region : given.region;
    if (!key.empty()) {
        dialog->setKey(toQString(key));
    }
    if (!region.empty()) {
        dialog->setRegion(toQString(region));
    }
    if (m_dialogSetup) {
        m_dialogSetup(dialog);
    }
    m_awsDialog = dialog;
    connect(dialog, &ApplyToAwsDialog::applied, this, [this] {
        m_window->statusBar()->showMessage(tr("The policy was applied to the key in AWS KMS"), 10000);
    });
    dialog->open();
}

std::string MwaaController::correctedText() const
{
    CheckOptions options = m_window->checker()->options();
    options.context = m_panel->context();
    options.grants = m_grants;
    return kps::applyAllFixes(m_window->document()->source(), options).text;
}

render::ChangeTicketInput MwaaController::changeTicketInput() const
{
    const model::PolicyDocument* document = m_window->document();
    render::ChangeTicketInput input;
    input.originalText = document->text();
    // Only the file name, as `keypolicy report` does, so both write the same bytes.
    input.fileName = toStdString(
        QFileInfo(document->filePath().isEmpty() ? document->displayName() : document->filePath()).fileName());
    input.correctedText = correctedText();
    input.options = m_window->checker()->options();
    input.options.context = m_panel->context();
    input.options.grants = m_grants;
    return input;
}

void MwaaController::showDiffToOriginal()
{
    model::PolicyDocument* document = m_window->document();
    auto* dialog = new DiffDialog(
        m_original, document->text(), tr("original"), tr("current"), DiffDialog::Mode::Review, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_diffDialog = dialog;
    dialog->open();
}

void MwaaController::applyAllFixes()
{
    model::PolicyDocument* document = m_window->document();
    if (!document->isValid()) {
        MessageBox::warning(
            m_window, tr("Apply all fixes"), tr("The policy is not valid JSON; fix the syntax error first."));
        return;
    }
    CheckOptions options = m_window->checker()->options();
    options.context = m_panel->context();
    options.grants = m_grants;
    const FixOutcome outcome = kps::applyAllFixes(document->source(), options);
    if (outcome.applied.empty()) {
        MessageBox::warning(m_window, tr("Apply all fixes"), tr("No finding has an unambiguous fix."));
        return;
    }
    auto* dialog = new DiffDialog(document->text(),
                                  outcome.text,
                                  tr("current"),
                                  tr("fixed (%n fix(es))", nullptr, static_cast<int>(outcome.applied.size())),
                                  DiffDialog::Mode::Confirm,
                                  m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_diffDialog = dialog;
    const quint64 revision = document->revision();
    const std::string fixed = outcome.text;
    connect(dialog, &QDialog::accepted, this, [this, document, revision, fixed] {
        if (document->revision() != revision) {
            MessageBox::warning(m_window,
                                tr("Apply all fixes"),
                                tr("The policy changed while the preview was open; nothing was applied."));
            return;
        }
        if (!document->execute(std::make_unique<model::SetTextCommand>(document, fixed, tr("Apply all fixes")))) {
            MessageBox::warning(m_window, tr("Apply all fixes"), document->lastError());
        }
    });
    dialog->open();
}

void MwaaController::exportCorrectedPolicy()
{
    model::PolicyDocument* document = m_window->document();
    if (!document->isValid()) {
        MessageBox::warning(
            m_window, tr("Export corrected policy"), tr("The policy is not valid JSON; nothing was written."));
        return;
    }
    const QFileInfo info(document->filePath().isEmpty() ? document->displayName() : document->filePath());
    const QString suggestion = info.dir().filePath(info.completeBaseName() + QStringLiteral(".corrected.json"));
    const QString path = m_window->fileDialogs()->saveFileName(
        m_window, tr("Export corrected policy"), suggestion, tr("Key policies (*.json);;All files (*)"));
    if (path.isEmpty()) {
        return;
    }
    const std::string text = correctedText();
    QSaveFile file(path);
    // Unbuffered: see model/PolicyFile.cpp (a buffered QSaveFile loses a short write and still commits).
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered)
        || file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size())
        || !file.commit()) {
        MessageBox::warning(
            m_window, tr("Export corrected policy"), tr("Cannot write %1: %2").arg(path, file.errorString()));
        return;
    }
    m_window->statusBar()->showMessage(tr("Corrected policy written to %1").arg(QFileInfo(path).fileName()), 5000);
}

void MwaaController::exportChangeTicketReport()
{
    model::PolicyDocument* document = m_window->document();
    const QString title = tr("Export change-ticket report");
    if (!document->isValid()) {
        MessageBox::warning(m_window, title, tr("The policy is not valid JSON; nothing was written."));
        return;
    }
    const QFileInfo info(document->filePath().isEmpty() ? document->displayName() : document->filePath());
    const QString suggestion = info.dir().filePath(info.completeBaseName() + QStringLiteral(".change-ticket.md"));
    QString path = m_window->fileDialogs()->saveFileName(
        m_window, title, suggestion, tr("Markdown (*.md);;HTML (*.html);;PDF (*.pdf)"));
    if (path.isEmpty()) {
        return;
    }
    if (QFileInfo(path).suffix().isEmpty()) {
        path += QStringLiteral(".md");
    }
    const std::optional<ReportFormat> format = reportFormatForPath(path);
    if (!format) {
        MessageBox::warning(m_window,
                            title,
                            tr("Cannot tell the format of %1: name the file .md (Markdown), .html (HTML) or .pdf "
                               "(PDF). Nothing was written.")
                                .arg(path));
        return;
    }
    QString error;
    if (!writeChangeTicketReport(path, *format, changeTicketInput(), &error)) {
        MessageBox::warning(m_window, title, tr("Cannot write %1: %2").arg(path, error));
        return;
    }
    m_window->statusBar()->showMessage(tr("Change-ticket report written to %1").arg(QFileInfo(path).fileName()), 5000);
}

} // namespace kps::ui
