// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/MainWindow.h"

#include "core/checker/Checker.h"
#include "core/checker/ParseFindings.h"
#include "model/AutosaveStore.h"
#include "model/FindingsModel.h"
#include "model/JsonNodes.h"
#include "model/LiveChecker.h"
#include "model/PolicyDocument.h"
#include "model/PolicyFile.h"
#include "model/QtConvert.h"
#include "model/SeverityStyle.h"
#include "model/StatementsModel.h"
#include "ui/FileDialogProvider.h"
#include "ui/FindingReferenceDialog.h"
#include "ui/FindingsView.h"
#include "ui/JsonEditor.h"
#include "ui/MessageBox.h"
#include "ui/StatementEditor.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

namespace kps::ui {

using model::PolicyDocument;
using model::toQString;

namespace {

constexpr int MaxRecentFiles = 8;
constexpr int AutosaveIntervalMs = 30 * 1000;

QIcon themed(const char* name)
{
    return QIcon::fromTheme(QLatin1String(name));
}

QString firstLocalFile(const QMimeData* mime)
{
    if (!mime || !mime->hasUrls()) {
        return {};
    }
    for (const QUrl& url : mime->urls()) {
        if (url.isLocalFile()) {
            return url.toLocalFile();
        }
    }
    return {};
}

/// What a parse finding says, without the "Not valid JSON" the caller already wrote.
QString reason(const Finding& finding)
{
    if (finding.code == "JSON_SYNTAX" && !finding.args.empty()) {
        return toQString(finding.args.front());
    }
    return toQString(finding.message);
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_document(new PolicyDocument(this))
    , m_checker(new model::LiveChecker(m_document, this))
    , m_findings(new model::FindingsModel(this))
    , m_statements(new model::StatementsModel(m_document, this))
    , m_dialogs(std::make_unique<FileDialogProvider>())
    , m_autosave(std::make_unique<model::AutosaveStore>())
{
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

    createCentralWidget();
    createDocks();
    createActions();
    createMenus();
    createToolBar();
    createStatusBar();

    connect(m_document, &PolicyDocument::modificationChanged, this, &MainWindow::updateTitle);
    connect(m_document, &PolicyDocument::filePathChanged, this, &MainWindow::updateTitle);
    connect(m_document, &PolicyDocument::loaded, this, [this] {
        updateTitle();
        selectStatement(m_statements->rowCount() > 0 ? 0 : -1);
    });
    connect(m_document, &PolicyDocument::textChanged, this, &MainWindow::updateJsonError);
    connect(m_document, &PolicyDocument::textChanged, this, &MainWindow::updateActions);
    connect(m_document, &PolicyDocument::jsonChanged, this, &MainWindow::followStatements);
    connect(m_checker, &model::LiveChecker::checked, this, &MainWindow::onChecked);
    connect(m_statementsView->selectionModel(),
            &QItemSelectionModel::currentRowChanged,
            this,
            [this](const QModelIndex& current) {
                m_statementEditor->setStatement(current.isValid() ? current.row() : -1);
                updateActions();
            });
    connect(m_findingsView, &FindingsView::findingActivated, this, &MainWindow::activateFinding);
    connect(m_findingsView, &FindingsView::applyFixRequested, this, &MainWindow::applyFixAt);
    connect(m_findingsView, &FindingsView::applyChoiceRequested, this, &MainWindow::applyChoiceAt);
    connect(m_findingsView, &FindingsView::currentRowChanged, this, &MainWindow::updateActions);
    connect(m_findingsView, &FindingsView::referenceRequested, this, [this](int row) {
        showFindingReference(m_findings->index(row, 0).data(model::FindingsModel::CodeRole).toString());
    });
    connect(m_statementEditor, &StatementEditor::editRefused, this, [this](const QString& reason) {
        statusBar()->showMessage(reason, 8000);
    });
    connect(m_jsonEditor, &JsonEditor::fileDropped, this, &MainWindow::openInteractively);
    connect(m_jsonEditor, &JsonEditor::applyFixRequested, this, [this](int index) {
        if (index >= 0 && static_cast<std::size_t>(index) < m_jsonEditor->findings().size()) {
            applyFinding(m_jsonEditor->findings()[static_cast<std::size_t>(index)]);
        }
    });

    m_autosaveTimer.setInterval(AutosaveIntervalMs);
    connect(&m_autosaveTimer, &QTimer::timeout, this, &MainWindow::autosaveNow);
    m_autosaveTimer.start();

    readSettings();
    updateTitle();
    updateJsonError();
    updateStatus();
    updateActions();
    m_checker->checkNow();
}

MainWindow::~MainWindow()
{
    // The document and the checker are destroyed after this part of the window: they must not call back into it.
    m_autosaveTimer.stop();
    m_document->disconnect(this);
    m_checker->disconnect(this);
    m_document->undoStack()->disconnect(this);
}

// ---- Construction ---------------------------------------------------------------------------------------------

void MainWindow::createCentralWidget()
{
    m_statementsView = new QTableView;
    m_statementsView->setObjectName(QStringLiteral("statements"));
    m_statementsView->setAccessibleName(QStringLiteral("Statements"));
    m_statementsView->setModel(m_statements);
    m_statementsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_statementsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_statementsView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_statementsView->setAlternatingRowColors(true);
    m_statementsView->setWordWrap(false);
    m_statementsView->verticalHeader()->hide();
    m_statementsView->horizontalHeader()->setStretchLastSection(false);
    m_statementsView->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_statementsView->horizontalHeader()->setSectionResizeMode(model::StatementsModel::ActionsColumn,
                                                               QHeaderView::Stretch);
    m_statementsView->setColumnWidth(model::StatementsModel::SidColumn, 190);
    m_statementsView->setColumnWidth(model::StatementsModel::EffectColumn, 60);
    m_statementsView->setColumnWidth(model::StatementsModel::PrincipalColumn, 200);
    m_statementsView->setColumnWidth(model::StatementsModel::ConditionsColumn, 120);
    m_statementsView->setColumnWidth(model::StatementsModel::FindingsColumn, 110);

    m_statementEditor = new StatementEditor(m_document);
    auto* editorScroll = new QScrollArea;
    editorScroll->setObjectName(QStringLiteral("statementEditorScroll"));
    editorScroll->setWidget(m_statementEditor);
    editorScroll->setWidgetResizable(true);
    editorScroll->setFrameShape(QFrame::NoFrame);

    m_leftSplitter = new QSplitter(Qt::Vertical);
    m_leftSplitter->setObjectName(QStringLiteral("leftSplitter"));
    m_leftSplitter->addWidget(m_statementsView);
    m_leftSplitter->addWidget(editorScroll);
    m_leftSplitter->setStretchFactor(0, 1);
    m_leftSplitter->setStretchFactor(1, 3);

    m_jsonEditor = new JsonEditor;
    m_jsonEditor->setPolicyDocument(m_document);
    m_jsonErrorBar = new QWidget;
    m_jsonErrorBar->setObjectName(QStringLiteral("jsonErrorBar"));
    auto* errorIcon = new QLabel;
    errorIcon->setPixmap(model::SeverityStyle::icon(Severity::Error).pixmap(16, 16));
    m_jsonError = new QLabel;
    m_jsonError->setObjectName(QStringLiteral("jsonError"));
    m_jsonError->setAccessibleName(QStringLiteral("JSON error"));
    m_jsonError->setWordWrap(true);
    m_jsonError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* errorLayout = new QHBoxLayout(m_jsonErrorBar);
    errorLayout->setContentsMargins(4, 2, 4, 2);
    errorLayout->addWidget(errorIcon, 0, Qt::AlignTop);
    errorLayout->addWidget(m_jsonError, 1);
    auto* jsonPane = new QWidget;
    jsonPane->setObjectName(QStringLiteral("jsonPane"));
    auto* jsonLayout = new QVBoxLayout(jsonPane);
    jsonLayout->setContentsMargins(0, 0, 0, 0);
    jsonLayout->setSpacing(2);
    jsonLayout->addWidget(m_jsonErrorBar);
    jsonLayout->addWidget(m_jsonEditor, 1);

    m_mainSplitter = new QSplitter(Qt::Horizontal);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_mainSplitter->addWidget(m_leftSplitter);
    m_mainSplitter->addWidget(jsonPane);
    m_mainSplitter->setStretchFactor(0, 3);
    m_mainSplitter->setStretchFactor(1, 2);
    setCentralWidget(m_mainSplitter);
}

void MainWindow::createDocks()
{
    m_findingsView = new FindingsView(m_findings);
    m_findingsDock = new QDockWidget(tr("Findings"), this);
    m_findingsDock->setObjectName(QStringLiteral("findingsDock"));
    m_findingsDock->setAccessibleName(QStringLiteral("Findings panel"));
    m_findingsDock->setWidget(m_findingsView);
    addDockWidget(Qt::BottomDockWidgetArea, m_findingsDock);

    auto placeholder = [](const QString& text) {
        auto* label = new QLabel(text);
        label->setObjectName(QStringLiteral("placeholder"));
        label->setAlignment(Qt::AlignCenter);
        label->setWordWrap(true);
        label->setEnabled(false);
        return label;
    };
    m_mwaaDock = new QDockWidget(tr("MWAA environment"), this);
    m_mwaaDock->setObjectName(QStringLiteral("mwaaEnvironmentDock"));
    m_mwaaDock->setAccessibleName(QStringLiteral("MWAA environment panel"));
    m_mwaaDock->setWidget(placeholder(tr("The MWAA environment panel is not available yet.")));
    addDockWidget(Qt::BottomDockWidgetArea, m_mwaaDock);

    m_grantDock = new QDockWidget(tr("Grant matrix"), this);
    m_grantDock->setObjectName(QStringLiteral("grantMatrixDock"));
    m_grantDock->setAccessibleName(QStringLiteral("Grant matrix panel"));
    m_grantDock->setWidget(placeholder(tr("The grant matrix is not available yet.")));
    addDockWidget(Qt::BottomDockWidgetArea, m_grantDock);

    tabifyDockWidget(m_findingsDock, m_mwaaDock);
    tabifyDockWidget(m_mwaaDock, m_grantDock);
    m_findingsDock->raise();
}

void MainWindow::setMwaaPanel(QWidget* panel)
{
    delete m_mwaaDock->widget();
    m_mwaaDock->setWidget(panel);
}

void MainWindow::setGrantMatrixWidget(QWidget* widget)
{
    delete m_grantDock->widget();
    m_grantDock->setWidget(widget);
}

void MainWindow::setFileDialogProvider(std::unique_ptr<FileDialogProvider> provider)
{
    m_dialogs = std::move(provider);
}

QAction* MainWindow::makeAction(ActionId id, const QString& text, const QString& objectName, const QString& statusTip)
{
    auto* action = new QAction(text, this);
    action->setObjectName(objectName);
    action->setStatusTip(statusTip);
    m_actions[id] = action;
    return action;
}

QAction*
MainWindow::makeLaterAction(ActionId id, const QString& text, const QString& objectName, void (MainWindow::*signal)())
{
    QAction* action
        = makeAction(id, text, objectName, tr("%1 is not available yet.").arg(QString(text).remove(QChar(0x2026))));
    action->setEnabled(false);
    connect(action, &QAction::triggered, this, signal);
    return action;
}

QAction* MainWindow::action(ActionId id) const
{
    const auto it = m_actions.find(id);
    return it == m_actions.end() ? nullptr : it->second;
}

void MainWindow::setActionAvailable(ActionId id, bool available, const QString& statusTip)
{
    if (QAction* a = action(id)) {
        a->setEnabled(available);
        if (!statusTip.isEmpty()) {
            a->setStatusTip(statusTip);
        }
    }
}

void MainWindow::createActions()
{
    using enum ActionId;
    QAction* a = makeAction(New, tr("New"), QStringLiteral("actionNew"), tr("Start a new key policy"));
    a->setShortcut(QKeySequence::New);
    a->setIcon(themed("document-new"));
    connect(a, &QAction::triggered, this, &MainWindow::newDocument);

    a = makeAction(NewFromClipboard,
                   tr("Paste as new document"),
                   QStringLiteral("actionPasteAsNew"),
                   tr("Open the policy on the clipboard as a new document"));
    a->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V));
    a->setIcon(themed("edit-paste"));
    connect(a, &QAction::triggered, this, &MainWindow::newFromClipboard);

    makeLaterAction(NewFromMwaaTemplate,
                    tr("New from MWAA template"),
                    QStringLiteral("actionNewFromMwaaTemplate"),
                    &MainWindow::newFromMwaaTemplateRequested);

    a = makeAction(
        Open, tr("Open…"), QStringLiteral("actionOpen"), tr("Open a key policy or `aws kms get-key-policy` output"));
    a->setShortcut(QKeySequence::Open);
    a->setIcon(themed("document-open"));
    connect(a, &QAction::triggered, this, &MainWindow::open);

    m_recentMenu = new QMenu(tr("Open Recent"), this);
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    m_recentMenu->menuAction()->setObjectName(QStringLiteral("actionOpenRecent"));
    m_recentMenu->setIcon(themed("document-open-recent"));
    m_actions[OpenRecent] = m_recentMenu->menuAction();
    updateRecentFilesMenu();

    a = makeAction(Save, tr("Save"), QStringLiteral("actionSave"), tr("Save the policy"));
    a->setShortcut(QKeySequence::Save);
    a->setIcon(themed("document-save"));
    connect(a, &QAction::triggered, this, &MainWindow::save);

    a = makeAction(SaveAs, tr("Save As…"), QStringLiteral("actionSaveAs"), tr("Save the policy under a new name"));
    a->setShortcut(QKeySequence::SaveAs);
    a->setIcon(themed("document-save-as"));
    connect(a, &QAction::triggered, this, &MainWindow::saveAs);

    makeLaterAction(ImportFromAws,
                    tr("Import from AWS…"),
                    QStringLiteral("actionImportFromAws"),
                    &MainWindow::importFromAwsRequested);
    makeLaterAction(ExportCorrectedPolicy,
                    tr("Export corrected policy…"),
                    QStringLiteral("actionExportCorrected"),
                    &MainWindow::exportCorrectedPolicyRequested);
    makeLaterAction(ExportChangeTicketReport,
                    tr("Export change-ticket report…"),
                    QStringLiteral("actionExportReport"),
                    &MainWindow::exportChangeTicketReportRequested);

    a = makeAction(Quit, tr("Quit"), QStringLiteral("actionQuit"), tr("Quit Keypolicy Studio"));
    a->setShortcut(QKeySequence::Quit);
    a->setMenuRole(QAction::QuitRole);
    a->setIcon(themed("application-exit"));
    connect(a, &QAction::triggered, this, &QWidget::close);

    // Own Undo/Redo actions (not QUndoStack::createUndoAction) keep the texts exactly "Undo" and "Redo"; the
    // step's name goes to the status tip.
    QUndoStack* stack = m_document->undoStack();
    a = makeAction(Undo, tr("Undo"), QStringLiteral("actionUndo"), QString());
    a->setShortcut(QKeySequence::Undo);
    a->setIcon(themed("edit-undo"));
    a->setEnabled(false);
    connect(a, &QAction::triggered, stack, &QUndoStack::undo);
    connect(stack, &QUndoStack::canUndoChanged, a, &QAction::setEnabled);
    connect(stack, &QUndoStack::undoTextChanged, a, [a](const QString& text) {
        a->setStatusTip(text.isEmpty() ? QString() : tr("Undo %1").arg(text));
        a->setToolTip(text.isEmpty() ? tr("Undo") : tr("Undo %1").arg(text));
    });
    a = makeAction(Redo, tr("Redo"), QStringLiteral("actionRedo"), QString());
    a->setShortcut(QKeySequence::Redo);
    a->setIcon(themed("edit-redo"));
    a->setEnabled(false);
    connect(a, &QAction::triggered, stack, &QUndoStack::redo);
    connect(stack, &QUndoStack::canRedoChanged, a, &QAction::setEnabled);
    connect(stack, &QUndoStack::redoTextChanged, a, [a](const QString& text) {
        a->setStatusTip(text.isEmpty() ? QString() : tr("Redo %1").arg(text));
        a->setToolTip(text.isEmpty() ? tr("Redo") : tr("Redo %1").arg(text));
    });

    a = makeAction(AddStatement,
                   tr("Add statement"),
                   QStringLiteral("actionAddStatement"),
                   tr("Append a statement to the policy"));
    a->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return));
    a->setIcon(themed("list-add"));
    connect(a, &QAction::triggered, this, &MainWindow::addStatement);
    a = makeAction(DuplicateStatement,
                   tr("Duplicate statement"),
                   QStringLiteral("actionDuplicateStatement"),
                   tr("Insert a copy of the selected statement after it"));
    a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    a->setIcon(themed("edit-copy"));
    connect(a, &QAction::triggered, this, &MainWindow::duplicateStatement);
    a = makeAction(RemoveStatement,
                   tr("Remove statement"),
                   QStringLiteral("actionRemoveStatement"),
                   tr("Remove the selected statement"));
    a->setIcon(themed("list-remove"));
    connect(a, &QAction::triggered, this, &MainWindow::removeStatement);
    a = makeAction(MoveStatementUp,
                   tr("Move statement up"),
                   QStringLiteral("actionMoveStatementUp"),
                   tr("Move the selected statement one place up"));
    a->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Up));
    a->setIcon(themed("go-up"));
    connect(a, &QAction::triggered, this, &MainWindow::moveStatementUp);
    a = makeAction(MoveStatementDown,
                   tr("Move statement down"),
                   QStringLiteral("actionMoveStatementDown"),
                   tr("Move the selected statement one place down"));
    a->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Down));
    a->setIcon(themed("go-down"));
    connect(a, &QAction::triggered, this, &MainWindow::moveStatementDown);
    makeLaterAction(InsertTemplateStatement,
                    tr("Insert template statement…"),
                    QStringLiteral("actionInsertTemplateStatement"),
                    &MainWindow::insertTemplateStatementRequested);

    a = makeAction(ApplyFix,
                   tr("Apply fix"),
                   QStringLiteral("actionApplyFix"),
                   tr("Apply the selected finding's fix (one undo step)"));
    a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    a->setIcon(themed("tools-check-spelling"));
    connect(a, &QAction::triggered, this, &MainWindow::applyFix);
    makeLaterAction(ApplyAllFixes,
                    tr("Apply all fixes"),
                    QStringLiteral("actionApplyAllFixes"),
                    &MainWindow::applyAllFixesRequested);
    makeLaterAction(ShowDiffToOriginal,
                    tr("Show diff to original"),
                    QStringLiteral("actionShowDiff"),
                    &MainWindow::showDiffToOriginalRequested);

    makeLaterAction(LoadGrantsFromFile,
                    tr("Load grants from file…"),
                    QStringLiteral("actionLoadGrants"),
                    &MainWindow::loadGrantsFromFileRequested);
    makeLaterAction(FetchGrantsFromAws,
                    tr("Fetch grants from AWS…"),
                    QStringLiteral("actionFetchGrants"),
                    &MainWindow::fetchGrantsFromAwsRequested);

    a = makeAction(FindingReference,
                   tr("Finding reference"),
                   QStringLiteral("actionFindingReference"),
                   tr("What each finding code means and how to fix it"));
    a->setShortcut(QKeySequence::HelpContents);
    a->setIcon(themed("help-contents"));
    connect(a, &QAction::triggered, this, [this] {
        const int row = m_findingsView->currentRow();
        showFindingReference(row < 0 ? QString()
                                     : m_findings->index(row, 0).data(model::FindingsModel::CodeRole).toString());
    });
    a = makeAction(About, tr("About Keypolicy Studio"), QStringLiteral("actionAbout"), tr("Version and licence"));
    a->setMenuRole(QAction::AboutRole);
    a->setIcon(themed("help-about"));
    connect(a, &QAction::triggered, this, &MainWindow::about);
}

void MainWindow::createMenus()
{
    using enum ActionId;
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("fileMenu"));
    file->addAction(action(New));
    file->addAction(action(NewFromClipboard));
    file->addAction(action(NewFromMwaaTemplate));
    file->addAction(action(Open));
    file->addMenu(m_recentMenu);
    file->addSeparator();
    file->addAction(action(Save));
    file->addAction(action(SaveAs));
    file->addSeparator();
    file->addAction(action(ImportFromAws));
    file->addAction(action(ExportCorrectedPolicy));
    file->addAction(action(ExportChangeTicketReport));
    file->addSeparator();
    file->addAction(action(Quit));

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->setObjectName(QStringLiteral("editMenu"));
    edit->addAction(action(Undo));
    edit->addAction(action(Redo));
    edit->addSeparator();
    edit->addAction(action(AddStatement));
    edit->addAction(action(DuplicateStatement));
    edit->addAction(action(RemoveStatement));
    edit->addAction(action(MoveStatementUp));
    edit->addAction(action(MoveStatementDown));
    edit->addSeparator();
    edit->addAction(action(InsertTemplateStatement));

    QMenu* check = menuBar()->addMenu(tr("&Check"));
    check->setObjectName(QStringLiteral("checkMenu"));
    check->addAction(action(ApplyFix));
    check->addAction(action(ApplyAllFixes));
    check->addAction(action(ShowDiffToOriginal));

    QMenu* grants = menuBar()->addMenu(tr("&Grants"));
    grants->setObjectName(QStringLiteral("grantsMenu"));
    grants->addAction(action(LoadGrantsFromFile));
    grants->addAction(action(FetchGrantsFromAws));

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->setObjectName(QStringLiteral("viewMenu"));
    m_viewMenu->addAction(m_findingsDock->toggleViewAction());
    m_viewMenu->addAction(m_mwaaDock->toggleViewAction());
    m_viewMenu->addAction(m_grantDock->toggleViewAction());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("helpMenu"));
    help->addAction(action(FindingReference));
    help->addAction(action(About));
}

void MainWindow::createToolBar()
{
    using enum ActionId;
    QToolBar* bar = addToolBar(tr("Main toolbar"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(action(New));
    bar->addAction(action(Open));
    bar->addAction(action(Save));
    bar->addSeparator();
    bar->addAction(action(Undo));
    bar->addAction(action(Redo));
    bar->addSeparator();
    bar->addAction(action(AddStatement));
    bar->addAction(action(RemoveStatement));
    bar->addSeparator();
    bar->addAction(action(ApplyFix));
    m_viewMenu->addAction(bar->toggleViewAction());
}

void MainWindow::createStatusBar()
{
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setAccessibleDescription(QStringLiteral("Status"));
    statusBar()->addPermanentWidget(m_status);
}

// ---- Settings -------------------------------------------------------------------------------------------------

void MainWindow::readSettings()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("MainWindow"));
    const QByteArray geometry = settings.value(QStringLiteral("geometry")).toByteArray();
    if (geometry.isEmpty() || !restoreGeometry(geometry)) {
        const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1400, 900);
        setGeometry(
            QRect(available.topLeft(), QSize(std::min(1600, available.width()), std::min(1000, available.height()))));
    }
    if (!restoreState(settings.value(QStringLiteral("state")).toByteArray())) {
        resizeDocks({m_findingsDock}, {150}, Qt::Vertical);
    }
    const QByteArray main = settings.value(QStringLiteral("mainSplitter")).toByteArray();
    if (main.isEmpty() || !m_mainSplitter->restoreState(main)) {
        m_mainSplitter->setSizes({width() * 3 / 5, width() * 2 / 5});
    }
    const QByteArray left = settings.value(QStringLiteral("leftSplitter")).toByteArray();
    if (left.isEmpty() || !m_leftSplitter->restoreState(left)) {
        m_leftSplitter->setSizes({130, 520});
    }
    settings.endGroup();
}

void MainWindow::writeSettings()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("MainWindow"));
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("state"), saveState());
    settings.setValue(QStringLiteral("mainSplitter"), m_mainSplitter->saveState());
    settings.setValue(QStringLiteral("leftSplitter"), m_leftSplitter->saveState());
    settings.endGroup();
}

QStringList MainWindow::recentFiles() const
{
    return QSettings().value(QStringLiteral("recentFiles")).toStringList();
}

void MainWindow::addRecentFile(const QString& path)
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

void MainWindow::updateRecentFilesMenu()
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

// ---- Updating -------------------------------------------------------------------------------------------------

void MainWindow::updateTitle()
{
    setWindowTitle(tr("%1[*] — Keypolicy Studio").arg(m_document->displayName()));
    setWindowModified(m_document->isModified());
}

void MainWindow::updateActions()
{
    using enum ActionId;
    const bool valid = m_document->isValid();
    const int count = static_cast<int>(m_document->view().statements.size());
    const int current = currentStatement();
    const bool selected = valid && current >= 0 && current < count;
    action(AddStatement)->setEnabled(valid);
    action(DuplicateStatement)->setEnabled(selected);
    action(RemoveStatement)->setEnabled(selected);
    action(MoveStatementUp)->setEnabled(selected && m_document->view().statementIsArray && current > 0);
    action(MoveStatementDown)->setEnabled(selected && m_document->view().statementIsArray && current + 1 < count);
    const int finding = m_findingsView->currentRow();
    const bool hasFix = finding >= 0 && m_findings->index(finding, 0).data(model::FindingsModel::HasFixRole).toBool();
    action(ApplyFix)->setEnabled(valid && hasFix && m_checker->isUpToDate());
}

void MainWindow::onChecked(const CheckResult& result)
{
    m_findings->setFindings(result.findings);
    m_statements->setFindings(result.findings);
    m_jsonEditor->setFindings(result.findings);
    updateStatus();
    updateActions();
}

void MainWindow::updateStatus()
{
    const CheckResult& result = m_checker->result();
    const SeverityCounts counts = countFindings(result.findings);
    // Depends: "MWAA ready if account … is in organization …" (the facts are the checker's, in English like the
    // findings' messages).
    const QString ready = result.mwaaVerdict() == MwaaVerdict::Depends
        ? QString::fromStdString(mwaaVerdictText(result))
        : (result.mwaaReady() ? tr("MWAA ready") : tr("Not MWAA ready"));
    QString text = tr("Errors: %1 · Security: %2 · Warnings: %3 · Suggestions: %4 — %5")
                       .arg(counts.error)
                       .arg(counts.security)
                       .arg(counts.warning)
                       .arg(counts.suggestion)
                       .arg(ready);
    // The JSON view does not underline every finding of a huge document (JsonEditor::MaxUnderlines and the per-line
    // limit): say so, so that nobody takes a clean-looking line for a clean policy.
    const auto hidden = static_cast<qsizetype>(result.findings.size()) - m_jsonEditor->findingSelectionCount();
    if (m_checker->isUpToDate() && hidden > 0) {
        text += hidden == 1 ? tr(" · 1 finding listed but not underlined")
                            : tr(" · %1 findings listed but not underlined").arg(hidden);
    }
    m_status->setText(text);
}

void MainWindow::updateJsonError()
{
    if (m_document->isValid()) {
        m_jsonErrorBar->hide();
        m_jsonError->clear();
        return;
    }
    const auto findings = parseFindings(m_document->source());
    const Finding* first = nullptr;
    for (const Finding& f : findings) {
        if (f.code == "JSON_SYNTAX" || f.code == "NESTING_TOO_DEEP" || !first) {
            first = &f;
            if (f.code != "JSON_DUPLICATE_KEY" && f.code != "POLICY_CHARSET") {
                break;
            }
        }
    }
    QString text;
    if (first) {
        text = tr("Not valid JSON at line %1, column %2: %3")
                   .arg(first->location.span.line)
                   .arg(first->location.span.column)
                   .arg(reason(*first));
    } else {
        text = tr("Not valid JSON.");
    }
    text += QLatin1Char(' ')
        + (m_document->hasJson() ? tr("The form shows the last valid state until the text parses again.")
                                 : tr("Nothing typed is lost; fix the text to edit it in the form."));
    m_jsonError->setText(text);
    m_jsonErrorBar->show();
}

void MainWindow::followStatements()
{
    const int count = m_statements->rowCount();
    const int current = currentStatement();
    if (count == 0) {
        m_statementEditor->setStatement(-1);
    } else if (current < 0) {
        selectStatement(0);
    } else if (current >= count) {
        selectStatement(count - 1);
    }
    updateActions();
}

int MainWindow::currentStatement() const
{
    const QModelIndex current = m_statementsView->selectionModel()->currentIndex();
    return current.isValid() ? current.row() : -1;
}

void MainWindow::selectStatement(int index)
{
    if (index < 0 || index >= m_statements->rowCount()) {
        m_statementsView->selectionModel()->clear();
        m_statementEditor->setStatement(-1);
        return;
    }
    const QModelIndex target = m_statements->index(index, 0);
    m_statementsView->selectionModel()->setCurrentIndex(
        target, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_statementsView->scrollTo(target);
    // setCurrentIndex does not signal when the index is already current but the statement changed underneath.
    m_statementEditor->setStatement(index);
}

// ---- Files ----------------------------------------------------------------------------------------------------

bool MainWindow::maybeSave()
{
    if (!m_document->isModified()) {
        return true;
    }
    const auto answer = MessageBox::warning(this,
                                            tr("Keypolicy Studio"),
                                            tr("%1 has unsaved changes. Save them?").arg(m_document->displayName()),
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

void MainWindow::newDocument()
{
    if (!maybeSave()) {
        return;
    }
    m_document->load(PolicyDocument::newDocumentText());
    m_autosave->discard();
    statusBar()->showMessage(tr("New policy"), 3000);
}

void MainWindow::newFromClipboard()
{
    const QString text = QApplication::clipboard()->text();
    if (text.trimmed().isEmpty()) {
        statusBar()->showMessage(tr("The clipboard holds no text to open."), 5000);
        return;
    }
    if (!maybeSave()) {
        return;
    }
    m_document->load(model::toStdString(text), {}, tr("Pasted policy"));
    m_document->markModified();
    statusBar()->showMessage(m_document->wasUnwrapped()
                                 ? tr("Pasted `aws kms get-key-policy` output: showing the policy inside it.")
                                 : tr("Pasted the clipboard as a new document."),
                             8000);
}

void MainWindow::open()
{
    if (!maybeSave()) {
        return;
    }
    const QString directory = m_document->filePath().isEmpty()
        ? (recentFiles().isEmpty() ? QDir::homePath() : QFileInfo(recentFiles().first()).absolutePath())
        : QFileInfo(m_document->filePath()).absolutePath();
    const QString path
        = m_dialogs->openFileName(this, tr("Open policy"), directory, tr("Key policies (*.json);;All files (*)"));
    if (!path.isEmpty()) {
        openFile(path);
    }
}

void MainWindow::openInteractively(const QString& path)
{
    if (maybeSave()) {
        openFile(path);
    }
}

bool MainWindow::openFile(const QString& path)
{
    const model::PolicyFile::ReadResult read = model::PolicyFile::read(path);
    if (!read.ok) {
        MessageBox::warning(this, tr("Open policy"), read.error);
        statusBar()->showMessage(read.error, 8000);
        return false;
    }
    m_document->load(read.text, path);
    m_autosave->discard();
    addRecentFile(path);
    const QString name = QDir::toNativeSeparators(path);
    if (!m_document->isValid()) {
        const auto findings = parseFindings(m_document->source());
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
                                             .arg(reason(*syntax))
                                       : tr("%1 is not valid JSON.").arg(name);
        MessageBox::warning(
            this, tr("Open policy"), message + QLatin1Char('\n') + tr("The text is shown as it is so you can fix it."));
        statusBar()->showMessage(message, 10000);
    } else if (m_document->wasUnwrapped()) {
        statusBar()->showMessage(tr("%1 is `aws kms get-key-policy` output: showing the policy inside it. Save asks "
                                    "for a new file name.")
                                     .arg(QFileInfo(path).fileName()),
                                 10000);
    } else {
        statusBar()->showMessage(tr("Opened %1").arg(name), 5000);
    }
    return true;
}

bool MainWindow::save()
{
    if (m_document->filePath().isEmpty()) {
        return saveAs();
    }
    return saveFile(m_document->filePath());
}

bool MainWindow::saveAs()
{
    QString suggestion = m_document->filePath();
    if (suggestion.isEmpty()) {
        QString base = m_document->displayName();
        if (m_document->wasUnwrapped()) {
            base = QFileInfo(base).completeBaseName() + QStringLiteral("-policy.json");
        } else if (!base.endsWith(QLatin1String(".json"))) {
            base = QStringLiteral("key-policy.json");
        }
        suggestion = QDir::home().filePath(base);
    }
    const QString path
        = m_dialogs->saveFileName(this, tr("Save policy as"), suggestion, tr("Key policies (*.json);;All files (*)"));
    if (path.isEmpty()) {
        return false;
    }
    return saveFile(path);
}

bool MainWindow::saveFile(const QString& path)
{
    QString error;
    if (!model::PolicyFile::write(path, m_document->text(), &error)) {
        MessageBox::critical(this, tr("Save policy"), error + QLatin1Char('\n') + tr("Your changes are not saved."));
        statusBar()->showMessage(error, 10000);
        return false;
    }
    m_document->markSaved(path);
    addRecentFile(path);
    m_autosave->discard();
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

void MainWindow::autosaveNow()
{
    if (m_document->isModified()) {
        m_autosave->save(m_document->text(), m_document->filePath());
    } else {
        m_autosave->discard();
    }
}

bool MainWindow::offerRestore()
{
    const auto orphans = m_autosave->orphans();
    if (orphans.empty()) {
        return false;
    }
    const auto& entry = orphans.front();
    const QString what
        = entry.documentPath.isEmpty() ? tr("an untitled policy") : QDir::toNativeSeparators(entry.documentPath);
    const auto answer = MessageBox::question(
        this,
        tr("Restore unsaved work"),
        tr("Keypolicy Studio did not exit cleanly. Restore the unsaved changes to %1 (autosaved %2)?")
            .arg(what, QLocale().toString(entry.saved.toLocalTime(), QLocale::ShortFormat)),
        QMessageBox::Yes | QMessageBox::No,
        QMessageBox::Yes);
    model::AutosaveStore::remove(entry);
    if (answer != QMessageBox::Yes) {
        return false;
    }
    m_document->load(entry.text, entry.documentPath);
    m_document->markModified();
    autosaveNow();
    statusBar()->showMessage(tr("Restored unsaved work; save it to keep it."), 10000);
    return true;
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    writeSettings();
    m_autosave->discard();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (!firstLocalFile(event->mimeData()).isEmpty()) {
        event->acceptProposedAction();
    }
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QString path = firstLocalFile(event->mimeData());
    if (path.isEmpty()) {
        return;
    }
    event->acceptProposedAction();
    openInteractively(path);
}

void MainWindow::changeEvent(QEvent* event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) {
        updateTitle();
        updateStatus();
        updateJsonError();
    }
}

// ---- Statements -----------------------------------------------------------------------------------------------

void MainWindow::addStatement()
{
    std::size_t index = 0;
    if (m_document->addStatement({}, &index)) {
        selectStatement(static_cast<int>(index));
    } else {
        statusBar()->showMessage(m_document->lastError(), 8000);
    }
}

void MainWindow::duplicateStatement()
{
    const int current = currentStatement();
    if (current < 0) {
        return;
    }
    if (m_document->duplicateStatement(static_cast<std::size_t>(current))) {
        selectStatement(current + 1);
    } else {
        statusBar()->showMessage(m_document->lastError(), 8000);
    }
}

void MainWindow::removeStatement()
{
    const int current = currentStatement();
    if (current < 0) {
        return;
    }
    if (m_document->removeStatement(static_cast<std::size_t>(current))) {
        selectStatement(std::min(current, m_statements->rowCount() - 1));
    } else {
        statusBar()->showMessage(m_document->lastError(), 8000);
    }
}

void MainWindow::moveStatementUp()
{
    const int current = currentStatement();
    if (current <= 0) {
        return;
    }
    if (m_document->moveStatement(static_cast<std::size_t>(current), static_cast<std::size_t>(current - 1))) {
        selectStatement(current - 1);
    }
}

void MainWindow::moveStatementDown()
{
    const int current = currentStatement();
    if (current < 0 || current + 1 >= m_statements->rowCount()) {
        return;
    }
    if (m_document->moveStatement(static_cast<std::size_t>(current), static_cast<std::size_t>(current + 1))) {
        selectStatement(current + 1);
    }
}

// ---- Findings -------------------------------------------------------------------------------------------------

void MainWindow::applyFix()
{
    applyFixAt(m_findingsView->currentRow());
}

void MainWindow::applyFixAt(int row)
{
    if (const Finding* finding = m_findings->findingAt(m_findings->index(row, 0))) {
        applyFinding(*finding);
    }
}

void MainWindow::applyChoiceAt(int row, int choice)
{
    const Finding* found = m_findings->findingAt(m_findings->index(row, 0));
    if (!found || !found->hasChoices() || choice < 0 || static_cast<std::size_t>(choice) >= found->choices.size()) {
        return;
    }
    if (!m_checker->isUpToDate()) {
        statusBar()->showMessage(tr("The findings are being refreshed; choose the fix again in a moment."), 5000);
        return;
    }
    const nlohmann::json patch = found->choices[static_cast<std::size_t>(choice)].value("fix", nlohmann::json());
    const QString code = toQString(found->code);
    if (patch.is_array() && m_document->applyFix(patch, code)) {
        statusBar()->showMessage(tr("Applied the chosen fix for %1.").arg(code), 5000);
    } else {
        statusBar()->showMessage(m_document->lastError(), 8000);
    }
}

void MainWindow::applyFinding(const Finding& found)
{
    const Finding finding = found; // the document's change may replace the findings `found` belongs to
    if (!finding.hasFix()) {
        statusBar()->showMessage(tr("%1 has no automatic fix.").arg(toQString(finding.code)), 5000);
        return;
    }
    if (!m_checker->isUpToDate()) {
        statusBar()->showMessage(tr("The findings are being refreshed; apply the fix again in a moment."), 5000);
        return;
    }
    const QString code = toQString(finding.code);
    if (m_document->applyFix(finding.fix, code)) {
        statusBar()->showMessage(tr("Applied the fix for %1.").arg(code), 5000);
    } else {
        statusBar()->showMessage(m_document->lastError(), 8000);
    }
}

void MainWindow::activateFinding(int row)
{
    const Finding* finding = m_findings->findingAt(m_findings->index(row, 0));
    if (!finding) {
        return;
    }
    const auto statement = model::statementIndexOf(finding->location.pointer, m_document->view().statementIsArray);
    if (statement && static_cast<int>(*statement) < m_statements->rowCount()) {
        selectStatement(static_cast<int>(*statement));
    }
    m_jsonEditor->selectSpan(finding->location.span);
    m_jsonEditor->setFocus(Qt::OtherFocusReason);
}

void MainWindow::showFindingReference(const QString& code)
{
    if (!m_reference) {
        m_reference = new FindingReferenceDialog(this);
    }
    m_reference->show();
    m_reference->raise();
    if (!code.isEmpty()) {
        m_reference->showCode(code);
    }
}

void MainWindow::about()
{
    MessageBox::about(this,
                      tr("About Keypolicy Studio"),
                      tr("<h3>Keypolicy Studio %1</h3>"
                         "<p>An editor and auditor for AWS KMS key policies, first for the customer managed keys "
                         "of Amazon MWAA environments.</p>"
                         "<p>Every finding has a stable code; the <code>keypolicy</code> command line reports the "
                         "same findings.</p><p>Built with Qt %2. Licensed under the GNU GPL, version 3 or later.</p>")
                          .arg(QStringLiteral(KPS_VERSION), QString::fromLatin1(qVersion())));
}

} // namespace kps::ui
