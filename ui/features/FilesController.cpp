// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/features/FilesController.h"

#include "core/checker/ParseFindings.h"
#include "core/iac/TemplateCheck.h"
#include "model/AutosaveStore.h"
#include "model/LiveChecker.h"
#include "model/PolicyDocument.h"
#include "model/PolicyFile.h"
#include "model/QtConvert.h"
#include "ui/FileDialogProvider.h"
#include "ui/MainWindow.h"
#include "ui/MessageBox.h"
#include "ui/ParseErrorText.h"
#include "ui/TemplatePolicyDialog.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QMenu>
#include <QSettings>
#include <QStatusBar>

namespace kps::ui {

using model::PolicyDocument;

namespace {

constexpr int MaxRecentFiles = 8;
constexpr int AutosaveIntervalMs = 30 * 1000;

} // namespace

FilesController::FilesController(MainWindow* window)
    : QObject(window)
    , m_window(window)
    , m_autosave(std::make_unique<model::AutosaveStore>())
{
    setObjectName(QStringLiteral("filesController"));
    createActions();
    connect(m_window, &MainWindow::fileDropped, this, &FilesController::openInteractively);
    m_autosaveTimer.setInterval(AutosaveIntervalMs);
    connect(&m_autosaveTimer, &QTimer::timeout, this, &FilesController::autosaveNow);
    m_autosaveTimer.start();
}

FilesController::~FilesController() = default;

void FilesController::createActions()
{
    connect(m_window->addAction({QStringLiteral("actionNew"),
                                 tr("New"),
                                 tr("Start a new key policy"),
                                 MenuPlace::FileNew,
                                 QKeySequence::New,
                                 "document-new",
                                 true}),
            &QAction::triggered,
            this,
            &FilesController::newDocument);
    connect(m_window->addAction({QStringLiteral("actionPasteAsNew"),
                                 tr("Paste as new document"),
                                 tr("Open the policy on the clipboard as a new document"),
                                 MenuPlace::FileNew,
                                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V),
                                 "edit-paste"}),
            &QAction::triggered,
            this,
            &FilesController::newFromClipboard);
    connect(m_window->addAction({QStringLiteral("actionOpen"),
                                 tr("Open…"),
                                 tr("Open a key policy or `aws kms get-key-policy` output"),
                                 MenuPlace::FileOpen,
                                 QKeySequence::Open,
                                 "document-open",
                                 true}),
            &QAction::triggered,
            this,
            &FilesController::open);
    connect(m_window->addAction({QStringLiteral("actionOpenFromTemplate"),
                                 tr("Open key policy from template…"),
                                 tr("Open a key policy of a CloudFormation template, CDK output or Terraform plan"),
                                 MenuPlace::FileOpen,
                                 {},
                                 "document-open"}),
            &QAction::triggered,
            this,
            &FilesController::openFromTemplate);
    QAction* recent = m_window->addAction(
        {QStringLiteral("actionOpenRecent"), tr("Open Recent"), {}, MenuPlace::FileOpen, {}, "document-open-recent"});
    m_recentMenu = new QMenu(tr("Open Recent"), m_window);
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    recent->setMenu(m_recentMenu);
    updateRecentFilesMenu();
    connect(m_window->addAction({QStringLiteral("actionSave"),
                                 tr("Save"),
                                 tr("Save the policy"),
                                 MenuPlace::FileSave,
                                 QKeySequence::Save,
                                 "document-save",
                                 true}),
            &QAction::triggered,
            this,
            &FilesController::save);
    connect(
        m_window->addAction(
            {QStringLiteral("actionSaveAs"),
             tr("Save As…"),
             tr("Save the policy under a new name"),
             MenuPlace::FileSave,
             // Some platforms define no Save As key (QKeySequence::SaveAs is empty there).
             QKeySequence::keyBindings(QKeySequence::SaveAs).value(0, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)),
             "document-save-as"}),
        &QAction::triggered,
        this,
        &FilesController::saveAs);
    QAction* quit = m_window->addAction({QStringLiteral("actionQuit"),
                                         tr("Quit"),
                                         tr("Quit Keypolicy Studio"),
                                         MenuPlace::FileQuit,
                                         QKeySequence::Quit,
                                         "application-exit"});
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, m_window, &QWidget::close);
}

void FilesController::discardAutosave()
{
    m_autosave->discard();
}

QStringList FilesController::recentFiles() const
{
    return QSettings().value(QStringLiteral("recentFiles")).toStringList();
}

void FilesController::addRecentFile(const QString& path)
{
    QStringList files = recentFiles();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > MaxRecentFiles) {
        files.removeLast();
    }
    QSettings().setValue(QStringLiteral("recentFiles"), files);
    updateRecentFilesMenu();
}

void FilesController::updateRecentFilesMenu()
{
    m_recentMenu->clear();
    const QStringList files = recentFiles();
    for (int i = 0; i < files.size(); ++i) {
        QAction* a = m_recentMenu->addAction(tr("&%1 %2").arg(i + 1).arg(QFileInfo(files[i]).fileName()));
        a->setData(files[i]);
        a->setStatusTip(QDir::toNativeSeparators(files[i]));
        connect(a, &QAction::triggered, this, [this, path = files[i]] { openInteractively(path); });
    }
    if (files.isEmpty()) {
        m_recentMenu->addAction(tr("No recent files"))->setEnabled(false);
        return;
    }
    m_recentMenu->addSeparator();
    connect(m_recentMenu->addAction(tr("Clear list")), &QAction::triggered, this, [this] {
        QSettings().remove(QStringLiteral("recentFiles"));
        updateRecentFilesMenu();
    });
}

bool FilesController::maybeSave()
{
    model::PolicyDocument* document = m_window->document();
    if (!document->isModified()) {
        return true;
    }
    const auto answer = MessageBox::warning(m_window,
                                            tr("Keypolicy Studio"),
                                            tr("%1 has unsaved changes. Save them?").arg(document->displayName()),
                                            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel,
                                            QMessageBox::Save);
    switch (answer) {
    case QMessageBox::Save:
        return save();
    case QMessageBox::Discard:
        return true;
    default:
        return false;
    }
}

void FilesController::newDocument()
{
    model::PolicyDocument* document = m_window->document();
    if (!maybeSave()) {
        return;
    }
    document->load(PolicyDocument::newDocumentText());
    m_autosave->discard();
    m_window->statusBar()->showMessage(tr("New policy"), 3000);
}

void FilesController::newFromClipboard()
{
    model::PolicyDocument* document = m_window->document();
    const QString text = QApplication::clipboard()->text();
    if (text.trimmed().isEmpty()) {
        m_window->statusBar()->showMessage(tr("The clipboard holds no text to open."), 5000);
        return;
    }
    if (!maybeSave()) {
        return;
    }
    document->load(model::toStdString(text),
                   {},
                   tr("Pasted policy"),
                   render::ReportOrigin::created(render::ReportOrigin::Kind::Clipboard));
    document->markModified();
    m_window->statusBar()->showMessage(document->wasUnwrapped()
                                           ? tr("Pasted `aws kms get-key-policy` output: showing the policy inside it.")
                                           : tr("Pasted the clipboard as a new document."),
                                       8000);
}

void FilesController::open()
{
    model::PolicyDocument* document = m_window->document();
    if (!maybeSave()) {
        return;
    }
    const QString directory = document->filePath().isEmpty()
        ? (recentFiles().isEmpty() ? QDir::homePath() : QFileInfo(recentFiles().first()).absolutePath())
        : QFileInfo(document->filePath()).absolutePath();
    const QString path = m_window->fileDialogs()->openFileName(
        m_window, tr("Open policy"), directory, tr("Key policies (*.json);;All files (*)"));
    if (!path.isEmpty()) {
        openFile(path);
    }
}

void FilesController::openFromTemplate()
{
    if (!maybeSave()) {
        return;
    }
    const QString path = m_window->fileDialogs()->openFileName(
        m_window,
        tr("Open key policy from template"),
        recentFiles().isEmpty() ? QDir::homePath() : QFileInfo(recentFiles().first()).absolutePath(),
        tr("Templates and plans (*.yaml *.yml *.json *.template);;All files (*)"));
    if (!path.isEmpty()) {
        openTemplate(path);
    }
}

bool FilesController::openTemplate(const QString& path)
{
    const QString title = tr("Open key policy from template");
    const model::PolicyFile::ReadResult read = model::PolicyFile::read(path);
    QString problem;
    std::vector<iac::KeyPolicy> policies;
    if (!read.ok) {
        problem = read.error;
    } else if (auto document = iac::TemplateDocument::read(read.text, model::toStdString(path)); !document) {
        problem = tr("%1 is not a CloudFormation template, CDK output or Terraform plan.")
                      .arg(QDir::toNativeSeparators(path));
    } else if (!*document) {
        problem = tr("%1, line %2, column %3: %4")
                      .arg(QDir::toNativeSeparators(path))
                      .arg((*document).error().line)
                      .arg((*document).error().column)
                      .arg(model::toQString((*document).error().message));
    } else if (auto found = iac::keyPolicies(**document, m_window->checker()->options()); !found) {
        problem = tr("%1, line %2, column %3: %4")
                      .arg(QDir::toNativeSeparators(path))
                      .arg(found.error().line)
                      .arg(found.error().column)
                      .arg(model::toQString(found.error().message));
    } else if (found->empty()) {
        problem = tr("%1 holds no key policy (AWS::KMS::Key, AWS::KMS::ReplicaKey, aws_kms_key, aws_kms_key_policy).")
                      .arg(QDir::toNativeSeparators(path));
    } else {
        policies = std::move(*found);
    }
    if (!problem.isEmpty()) {
        MessageBox::warning(m_window, title, problem);
        m_window->statusBar()->showMessage(problem, 8000);
        return false;
    }
    const QString name = QFileInfo(path).fileName();
    auto* dialog = new TemplatePolicyDialog(name, std::move(policies), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, name] {
        const iac::KeyPolicy* chosen = dialog->selectedPolicy();
        if (!chosen) {
            return;
        }
        model::PolicyDocument* document = m_window->document();
        const QString resource = model::toQString(chosen->source.resource);
        document->load(chosen->text,
                       {},
                       tr("%1 from %2").arg(resource, name),
                       render::ReportOrigin::created(render::ReportOrigin::Kind::New));
        document->markModified();
        m_autosave->discard();
        m_window->statusBar()->showMessage(
            tr("Opened the key policy of %1 from %2: save it with Save As (the template is not changed).")
                .arg(resource, name),
            8000);
    });
    dialog->open();
    return true;
}

void FilesController::openInteractively(const QString& path)
{
    if (maybeSave()) {
        openFile(path);
    }
}

bool FilesController::openFile(const QString& path)
{
    model::PolicyDocument* document = m_window->document();
    model::PolicyFile::ReadResult read = model::PolicyFile::read(path);
    if (!read.ok) {
        MessageBox::warning(m_window, tr("Open policy"), read.error);
        m_window->statusBar()->showMessage(read.error, 8000);
        return false;
    }
    document->load(std::move(read.text), path); // moved: one copy of a large file less while it opens
    m_autosave->discard();
    addRecentFile(path);
    const QString name = QDir::toNativeSeparators(path);
    if (!document->isValid()) {
        const auto findings = parseFindings(document->source());
        const Finding* syntax = nullptr;
        for (const Finding& f : findings) {
            if (f.code == "JSON_SYNTAX" || f.code == "NESTING_TOO_DEEP") {
                syntax = &f;
                break;
            }
        }
        const QString message = syntax ? tr("%1 is not valid JSON: line %2, column %3: %4")
                                             .arg(name)
                                             .arg(syntax->location.span.line)
                                             .arg(syntax->location.span.column)
                                             .arg(parseFindingReason(*syntax))
                                       : tr("%1 is not valid JSON.").arg(name);
        MessageBox::warning(m_window,
                            tr("Open policy"),
                            message + QLatin1Char('\n') + tr("The text is shown as it is so you can fix it."));
        m_window->statusBar()->showMessage(message, 10000);
    } else if (document->wasUnwrapped()) {
        m_window->statusBar()->showMessage(
            tr("%1 is `aws kms get-key-policy` output: showing the policy inside it. Save asks "
               "for a new file name.")
                .arg(QFileInfo(path).fileName()),
            10000);
    } else {
        // The file name, as the title shows it (the full path is in Open Recent's status tips).
        m_window->statusBar()->showMessage(tr("Opened %1").arg(QFileInfo(path).fileName()), 5000);
    }
    return true;
}

bool FilesController::save()
{
    model::PolicyDocument* document = m_window->document();
    if (document->filePath().isEmpty()) {
        return saveAs();
    }
    return saveFile(document->filePath());
}

bool FilesController::saveAs()
{
    model::PolicyDocument* document = m_window->document();
    QString suggestion = document->filePath();
    if (suggestion.isEmpty()) {
        QString base = document->displayName();
        if (document->wasUnwrapped()) {
            base = QFileInfo(base).completeBaseName() + QStringLiteral("-policy.json");
        } else if (!base.endsWith(QLatin1String(".json"))) {
            base = QStringLiteral("key-policy.json");
        }
        suggestion = QDir::home().filePath(base);
    }
    const QString path = m_window->fileDialogs()->saveFileName(
        m_window, tr("Save policy as"), suggestion, tr("Key policies (*.json);;All files (*)"));
    if (path.isEmpty()) {
        return false;
    }
    return saveFile(path);
}

bool FilesController::saveFile(const QString& path)
{
    model::PolicyDocument* document = m_window->document();
    QString error;
    if (!model::PolicyFile::write(path, document->text(), &error)) {
        MessageBox::critical(
            m_window, tr("Save policy"), error + QLatin1Char('\n') + tr("Your changes are not saved."));
        m_window->statusBar()->showMessage(error, 10000);
        return false;
    }
    document->markSaved(path);
    addRecentFile(path);
    m_autosave->discard();
    m_window->statusBar()->showMessage(tr("Saved %1").arg(QFileInfo(path).fileName()), 5000);
    return true;
}

void FilesController::autosaveNow()
{
    model::PolicyDocument* document = m_window->document();
    if (document->isModified()) {
        m_autosave->save(document->text(), document->filePath());
    } else {
        m_autosave->discard();
    }
}

bool FilesController::offerRestore()
{
    model::PolicyDocument* document = m_window->document();
    const auto orphans = m_autosave->orphans();
    if (orphans.empty()) {
        return false;
    }
    const auto& entry = orphans.front();
    const QString what
        = entry.documentPath.isEmpty() ? tr("an untitled policy") : QDir::toNativeSeparators(entry.documentPath);
    const auto answer = MessageBox::question(
        m_window,
        tr("Restore unsaved work"),
        tr("Keypolicy Studio did not exit cleanly. Restore the unsaved changes to %1 (autosaved %2)?")
            .arg(what, QLocale().toString(entry.saved.toLocalTime(), QLocale::ShortFormat)),
        QMessageBox::Yes | QMessageBox::No,
        QMessageBox::Yes);
    model::AutosaveStore::remove(entry);
    if (answer != QMessageBox::Yes) {
        return false;
    }
    document->load(entry.text, entry.documentPath);
    // The report's original is what is in place: the file as it is on disk, not the restored (unsaved) text.
    const model::PolicyFile::ReadResult onDisk
        = entry.documentPath.isEmpty() ? model::PolicyFile::ReadResult{} : model::PolicyFile::read(entry.documentPath);
    if (onDisk.ok) {
        document->setOriginal(onDisk.text, document->origin());
    } else {
        document->setOriginal(entry.text, render::ReportOrigin::created(render::ReportOrigin::Kind::Restored));
    }
    document->markModified();
    autosaveNow();
    m_window->statusBar()->showMessage(tr("Restored unsaved work; save it to keep it."), 10000);
    return true;
}

} // namespace kps::ui
