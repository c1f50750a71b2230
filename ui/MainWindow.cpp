// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/MainWindow.h"

#include "core/checker/Checker.h"
#include "core/checker/ParseFindings.h"
#include "model/FindingsModel.h"
#include "model/JsonNodes.h"
#include "model/LiveChecker.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"
#include "model/SeverityStyle.h"
#include "model/StatementsModel.h"
#include "ui/FileDialogProvider.h"
#include "ui/FindBar.h"
#include "ui/FindingReferenceDialog.h"
#include "ui/FindingsView.h"
#include "ui/JsonEditor.h"
#include "ui/MessageBox.h"
#include "ui/ParseErrorText.h"
#include "ui/StatementEditor.h"
#include "ui/features/AccessController.h"
#include "ui/features/AwsController.h"
#include "ui/features/FilesController.h"
#include "ui/features/FixesController.h"
#include "ui/features/MwaaController.h"
#include "ui/features/ReportsController.h"
#include "ui/features/TemplateController.h"
#include "ui/features/ThemeController.h"

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

#include <algorithm>

namespace kps::ui {

using model::PolicyDocument;
using model::toQString;

namespace {

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

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_document(new PolicyDocument(this))
    , m_checker(new model::LiveChecker(m_document, this))
    , m_findings(new model::FindingsModel(this))
    , m_statements(new model::StatementsModel(m_document, this))
    , m_dialogs(std::make_unique<FileDialogProvider>())
{
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

    createCentralWidget();
    createFindingsDock();
    createStatusBar();
    createActions();

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
                // Show the statement in the JSON view too, unless the user is typing there.
                if (current.isValid() && !m_jsonEditor->hasFocus() && m_document->isValid()) {
                    const std::string pointer = m_document->statementPointer(static_cast<std::size_t>(current.row()));
                    if (m_document->source().contains(pointer)) {
                        m_jsonEditor->revealLine(m_document->source().locate(pointer).span.line);
                    }
                }
                updateActions();
            });
    connect(m_findingsView, &FindingsView::findingActivated, this, &MainWindow::activateFinding);
    connect(m_findingsView, &FindingsView::referenceRequested, this, [this](int row) {
        showFindingReference(m_findings->index(row, 0).data(model::FindingsModel::CodeRole).toString());
    });
    connect(m_statementEditor, &StatementEditor::editRefused, this, [this](const QString& reason) {
        statusBar()->showMessage(reason, 8000);
    });
    connect(m_jsonEditor, &JsonEditor::fileDropped, this, &MainWindow::fileDropped);

    // The features connect to the same signals after the window: the Findings table and the statements are up to
    // date when they are told.
    installFeatures();
    createPaneActions();
    createToolBar();
    createMenus();
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
    m_document->disconnect(this);
    m_checker->disconnect(this);
    m_document->undoStack()->disconnect(this);
}

void MainWindow::installFeatures()
{
    // Each declares its own actions and docks; the menus are built from the declarations afterwards. Later features
    // use earlier ones (files: maybeSave; MWAA: the context and grants), so the order matters.
    m_files = new FilesController(this);
    m_fixes = new FixesController(this);
    m_reports = new ReportsController(this);
    m_mwaa = new MwaaController(this);
    m_aws = new AwsController(this);
    m_templates = new TemplateController(this);
    m_themes = new ThemeController(this);
    m_access = new AccessController(this);
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
    m_statementsView->setTabKeyNavigation(false);
    m_statementsView->setWordWrap(false);
    m_statementsView->verticalHeader()->hide();
    m_statementsView->horizontalHeader()->setStretchLastSection(false);
    m_statementsView->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_statementsView->horizontalHeader()->setSectionResizeMode(model::StatementsModel::ActionsColumn,
                                                               QHeaderView::Stretch);
    m_statementsView->setColumnWidth(model::StatementsModel::SidColumn, 160);
    m_statementsView->setColumnWidth(model::StatementsModel::EffectColumn, 60);
    m_statementsView->setColumnWidth(model::StatementsModel::PrincipalColumn, 180);
    m_statementsView->setColumnWidth(model::StatementsModel::ResourcesColumn, 70);
    m_statementsView->setColumnWidth(model::StatementsModel::ConditionsColumn, 110);
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
    m_findBar = new FindBar(m_jsonEditor, m_document);
    jsonLayout->addWidget(m_findBar);

    m_mainSplitter = new QSplitter(Qt::Horizontal);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_mainSplitter->addWidget(m_leftSplitter);
    m_mainSplitter->addWidget(jsonPane);
    m_mainSplitter->setStretchFactor(0, 3);
    m_mainSplitter->setStretchFactor(1, 2);
    setCentralWidget(m_mainSplitter);
}

void MainWindow::createFindingsDock()
{
    m_findingsView = new FindingsView(m_findings);
    m_findingsDock = new QDockWidget(tr("Findings"), this);
    m_findingsDock->setObjectName(QStringLiteral("findingsDock"));
    m_findingsDock->setAccessibleName(QStringLiteral("Findings panel"));
    m_findingsDock->setWidget(m_findingsView);
    addDockWidget(Qt::BottomDockWidgetArea, m_findingsDock);
    m_panels.push_back(m_findingsDock);
    m_panes = {{QStringLiteral("Statements"), m_statementsView, nullptr},
               {QStringLiteral("Statement editor"), m_statementEditor, nullptr},
               {QStringLiteral("Policy JSON"), m_jsonEditor, nullptr},
               {QStringLiteral("Findings"), m_findingsView, m_findingsDock}};
}

void MainWindow::addPanel(QDockWidget* dock)
{
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    tabifyDockWidget(m_panels.back(), dock);
    m_panels.push_back(dock);
    m_panes.push_back({dock->windowTitle(), dock->widget(), dock});
    m_findingsDock->raise();
}

// ---- Panes ----------------------------------------------------------------------------------------------------

namespace {

/** The first widget inside root that takes the focus with Tab (root itself when it does). */
QWidget* firstFocusable(QWidget* root)
{
    auto takes = [root](QWidget* w) {
        return (w->focusPolicy() & Qt::TabFocus) && w->isEnabled() && w->isVisibleTo(root->window());
    };
    if (takes(root)) {
        return root;
    }
    QWidget* w = root->nextInFocusChain();
    for (int guard = 0; w && w != root && guard < 10000; ++guard, w = w->nextInFocusChain()) {
        if (root->isAncestorOf(w) && takes(w)) {
            return w;
        }
    }
    return nullptr;
}

} // namespace

QStringList MainWindow::paneNames() const
{
    QStringList names;
    for (const Pane& pane : m_panes) {
        names << pane.name;
    }
    return names;
}

bool MainWindow::focusPane(int index)
{
    if (index < 0 || static_cast<std::size_t>(index) >= m_panes.size()) {
        return false;
    }
    const Pane& pane = m_panes[static_cast<std::size_t>(index)];
    if (pane.dock) {
        pane.dock->show();
        pane.dock->raise();
    }
    QWidget* target = firstFocusable(pane.widget);
    if (!target) {
        return false;
    }
    target->setFocus(Qt::ShortcutFocusReason);
    return true;
}

int MainWindow::currentPane() const
{
    const QWidget* focus = QApplication::focusWidget();
    for (std::size_t i = 0; focus && i < m_panes.size(); ++i) {
        if (m_panes[i].widget == focus || m_panes[i].widget->isAncestorOf(focus)) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

void MainWindow::cyclePane(int step)
{
    const int count = static_cast<int>(m_panes.size());
    const int current = currentPane();
    int next = current < 0 ? (step > 0 ? 0 : count - 1) : current;
    for (int tries = 0; tries < count; ++tries) {
        if (current >= 0 || tries > 0) {
            next = (next + step + count) % count;
        }
        if (focusPane(next)) {
            return;
        }
    }
}

void MainWindow::createPaneActions()
{
    connect(addAction({QStringLiteral("actionNextPane"),
                       tr("Next pane"),
                       tr("Move the keyboard focus to the next pane"),
                       MenuPlace::ViewNavigate,
                       QKeySequence(Qt::Key_F6)}),
            &QAction::triggered,
            this,
            [this] { cyclePane(1); });
    connect(addAction({QStringLiteral("actionPreviousPane"),
                       tr("Previous pane"),
                       tr("Move the keyboard focus to the previous pane"),
                       MenuPlace::ViewNavigate,
                       QKeySequence(Qt::SHIFT | Qt::Key_F6)}),
            &QAction::triggered,
            this,
            [this] { cyclePane(-1); });
    for (std::size_t i = 0; i < m_panes.size(); ++i) {
        const QString name = m_panes[i].name;
        QString id = name;
        id.remove(QLatin1Char(' '));
        ActionSpec spec{QStringLiteral("actionGoTo") + id,
                        tr("Go to %1").arg(name),
                        tr("Move the keyboard focus to %1").arg(name),
                        MenuPlace::ViewNavigate};
        if (i < 9) {
            spec.shortcut = QKeySequence(Qt::ALT | static_cast<Qt::Key>(Qt::Key_1 + static_cast<int>(i)));
        }
        connect(addAction(spec), &QAction::triggered, this, [this, i] { focusPane(static_cast<int>(i)); });
    }
}

void MainWindow::setFileDialogProvider(std::unique_ptr<FileDialogProvider> provider)
{
    m_dialogs = std::move(provider);
}

QAction* MainWindow::addAction(const ActionSpec& spec)
{
    auto* action = new QAction(spec.text, this);
    action->setObjectName(spec.objectName);
    action->setStatusTip(spec.statusTip);
    if (!spec.shortcut.isEmpty()) {
        action->setShortcut(spec.shortcut);
    }
    if (spec.icon) {
        action->setIcon(themed(spec.icon));
    }
    m_declared.push_back({action, spec.place, spec.toolBar});
    return action;
}

QAction* MainWindow::action(QStringView objectName) const
{
    for (const Declared& declared : m_declared) {
        if (declared.action->objectName() == objectName) {
            return declared.action;
        }
    }
    return nullptr;
}

void MainWindow::createActions()
{
    // Own Undo/Redo actions (not QUndoStack::createUndoAction) keep the texts exactly "Undo" and "Redo"; the
    // step's name goes to the status tip.
    QUndoStack* stack = m_document->undoStack();
    QAction* a = addAction(
        {QStringLiteral("actionUndo"), tr("Undo"), {}, MenuPlace::EditHistory, QKeySequence::Undo, "edit-undo", true});
    a->setEnabled(false);
    connect(a, &QAction::triggered, stack, &QUndoStack::undo);
    connect(stack, &QUndoStack::canUndoChanged, a, &QAction::setEnabled);
    connect(stack, &QUndoStack::undoTextChanged, a, [a](const QString& text) {
        a->setStatusTip(text.isEmpty() ? QString() : tr("Undo %1").arg(text));
        a->setToolTip(text.isEmpty() ? tr("Undo") : tr("Undo %1").arg(text));
    });
    a = addAction(
        {QStringLiteral("actionRedo"), tr("Redo"), {}, MenuPlace::EditHistory, QKeySequence::Redo, "edit-redo", true});
    a->setEnabled(false);
    connect(a, &QAction::triggered, stack, &QUndoStack::redo);
    connect(stack, &QUndoStack::canRedoChanged, a, &QAction::setEnabled);
    connect(stack, &QUndoStack::redoTextChanged, a, [a](const QString& text) {
        a->setStatusTip(text.isEmpty() ? QString() : tr("Redo %1").arg(text));
        a->setToolTip(text.isEmpty() ? tr("Redo") : tr("Redo %1").arg(text));
    });

    connect(addAction({QStringLiteral("actionAddStatement"),
                       tr("Add statement"),
                       tr("Append a statement to the policy"),
                       MenuPlace::EditStatements,
                       QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return),
                       "list-add",
                       true}),
            &QAction::triggered,
            this,
            &MainWindow::addStatement);
    connect(addAction({QStringLiteral("actionDuplicateStatement"),
                       tr("Duplicate statement"),
                       tr("Insert a copy of the selected statement after it"),
                       MenuPlace::EditStatements,
                       QKeySequence(Qt::CTRL | Qt::Key_D),
                       "edit-copy"}),
            &QAction::triggered,
            this,
            &MainWindow::duplicateStatement);
    connect(addAction({QStringLiteral("actionRemoveStatement"),
                       tr("Remove statement"),
                       tr("Remove the selected statement"),
                       MenuPlace::EditStatements,
                       {},
                       "list-remove",
                       true}),
            &QAction::triggered,
            this,
            &MainWindow::removeStatement);
    connect(addAction({QStringLiteral("actionMoveStatementUp"),
                       tr("Move statement up"),
                       tr("Move the selected statement one place up"),
                       MenuPlace::EditStatements,
                       QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Up),
                       "go-up"}),
            &QAction::triggered,
            this,
            &MainWindow::moveStatementUp);
    connect(addAction({QStringLiteral("actionMoveStatementDown"),
                       tr("Move statement down"),
                       tr("Move the selected statement one place down"),
                       MenuPlace::EditStatements,
                       QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Down),
                       "go-down"}),
            &QAction::triggered,
            this,
            &MainWindow::moveStatementDown);
    connect(addAction({QStringLiteral("actionFormatDocument"),
                       tr("Format document"),
                       tr("Lay the whole policy out again: 4-space indentation, one element per line"),
                       MenuPlace::EditFormat,
                       QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I),
                       "format-indent-more"}),
            &QAction::triggered,
            this,
            &MainWindow::formatDocument);

    connect(addAction({QStringLiteral("actionFind"),
                       tr("Find…"),
                       tr("Find text in the Policy JSON view"),
                       MenuPlace::FindText,
                       QKeySequence::Find,
                       "edit-find"}),
            &QAction::triggered,
            this,
            [this] { m_findBar->start(false); });
    connect(addAction({QStringLiteral("actionReplace"),
                       tr("Replace…"),
                       tr("Find and replace text in the Policy JSON view (Replace all is one undo step)"),
                       MenuPlace::FindText,
                       QKeySequence(Qt::CTRL | Qt::Key_H),
                       "edit-find-replace"}),
            &QAction::triggered,
            this,
            [this] { m_findBar->start(true); });
    connect(addAction({QStringLiteral("actionFindNext"),
                       tr("Find next"),
                       tr("Select the next match of the find bar's text"),
                       MenuPlace::FindText,
                       QKeySequence(Qt::Key_F3)}),
            &QAction::triggered,
            this,
            [this] { m_findBar->findNext(false); });
    connect(addAction({QStringLiteral("actionFindPrevious"),
                       tr("Find previous"),
                       tr("Select the previous match of the find bar's text"),
                       MenuPlace::FindText,
                       QKeySequence(Qt::SHIFT | Qt::Key_F3)}),
            &QAction::triggered,
            this,
            [this] { m_findBar->findNext(true); });

    connect(addAction({QStringLiteral("actionFindingReference"),
                       tr("Finding reference"),
                       tr("What each finding code means and how to fix it"),
                       MenuPlace::Help,
                       QKeySequence::HelpContents,
                       "help-contents"}),
            &QAction::triggered,
            this,
            [this] {
                const int row = m_findingsView->currentRow();
                showFindingReference(
                    row < 0 ? QString() : m_findings->index(row, 0).data(model::FindingsModel::CodeRole).toString());
            });
    a = addAction({QStringLiteral("actionAbout"),
                   tr("About Keypolicy Studio"),
                   tr("Version and licence"),
                   MenuPlace::Help,
                   {},
                   "help-about"});
    a->setMenuRole(QAction::AboutRole);
    connect(a, &QAction::triggered, this, &MainWindow::about);
}

namespace {

/** The menus in menu-bar order; View (the docks and the toolbar) is built by the window itself. */
enum class Menu { File, Edit, Find, Check, Grants, Aws, View, Help };

struct Place
{
    Menu menu;
    int section; ///< a line between sections of one menu
    int toolSection; ///< a line between these on the toolbar
};

Place placeOf(MenuPlace place)
{
    switch (place) {
    case MenuPlace::FileNew:
    case MenuPlace::FileOpen:
        return {Menu::File, 0, 0};
    case MenuPlace::FileSave:
        return {Menu::File, 1, 0};
    case MenuPlace::FileAws:
    case MenuPlace::FileExport:
        return {Menu::File, 2, 0};
    case MenuPlace::FileQuit:
        return {Menu::File, 3, 0};
    case MenuPlace::EditHistory:
        return {Menu::Edit, 0, 1};
    case MenuPlace::EditStatements:
        return {Menu::Edit, 1, 2};
    case MenuPlace::EditTemplates:
        return {Menu::Edit, 2, 2};
    case MenuPlace::EditFormat:
        return {Menu::Edit, 3, 2};
    case MenuPlace::FindText:
        return {Menu::Find, 0, 2};
    case MenuPlace::CheckFix:
    case MenuPlace::CheckCompare:
        return {Menu::Check, 0, 3};
    case MenuPlace::Grants:
        return {Menu::Grants, 0, 4};
    case MenuPlace::Aws:
        return {Menu::Aws, 0, 4};
    case MenuPlace::ViewTheme:
        return {Menu::View, 1, 6};
    case MenuPlace::ViewNavigate:
        return {Menu::View, 2, 6};
    case MenuPlace::Help:
        return {Menu::Help, 0, 5};
    }
    return {Menu::Help, 0, 5};
}

} // namespace

void MainWindow::createMenus()
{
    const std::pair<Menu, std::pair<QString, QString>> menus[] = {
        {Menu::File, {tr("&File"), QStringLiteral("fileMenu")}},
        {Menu::Edit, {tr("&Edit"), QStringLiteral("editMenu")}},
        {Menu::Find, {tr("F&ind"), QStringLiteral("findMenu")}},
        {Menu::Check, {tr("&Check"), QStringLiteral("checkMenu")}},
        {Menu::Grants, {tr("&Grants"), QStringLiteral("grantsMenu")}},
        {Menu::Aws, {tr("&AWS"), QStringLiteral("awsMenu")}},
        {Menu::View, {tr("&View"), QStringLiteral("viewMenu")}},
        {Menu::Help, {tr("&Help"), QStringLiteral("helpMenu")}},
    };
    for (const auto& [menuId, names] : menus) {
        QMenu* menu = menuBar()->addMenu(names.first);
        menu->setObjectName(names.second);
        // View starts with the docks' and the toolbar's toggles (a section of their own).
        int section = -1;
        if (menuId == Menu::View) {
            for (QDockWidget* dock : m_panels) {
                menu->addAction(dock->toggleViewAction());
            }
            menu->addAction(findChild<QToolBar*>(QStringLiteral("mainToolBar"))->toggleViewAction());
            section = 0;
        }
        // Places in MenuPlace order, actions of one place in declaration order.
        for (int p = 0; p <= static_cast<int>(MenuPlace::Help); ++p) {
            const auto place = static_cast<MenuPlace>(p);
            const Place where = placeOf(place);
            if (where.menu != menuId) {
                continue;
            }
            for (const Declared& declared : m_declared) {
                if (declared.place != place) {
                    continue;
                }
                if (section >= 0 && section != where.section) {
                    menu->addSeparator();
                }
                section = where.section;
                menu->addAction(declared.action);
            }
        }
    }
}

void MainWindow::createToolBar()
{
    QToolBar* bar = QMainWindow::addToolBar(tr("Main toolbar"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    int section = -1;
    for (int p = 0; p <= static_cast<int>(MenuPlace::Help); ++p) {
        const auto place = static_cast<MenuPlace>(p);
        for (const Declared& declared : m_declared) {
            if (declared.place != place || !declared.toolBar) {
                continue;
            }
            const int toolSection = placeOf(place).toolSection;
            if (section >= 0 && section != toolSection) {
                bar->addSeparator();
            }
            section = toolSection;
            bar->addAction(declared.action);
        }
    }
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
        // Five statement rows (header included) above the form, more on a tall screen.
        const int rows = 6 * m_statementsView->verticalHeader()->defaultSectionSize();
        m_leftSplitter->setSizes({std::max(rows, height() / 4), std::max(300, height() * 3 / 5)});
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

// ---- Updating -------------------------------------------------------------------------------------------------

void MainWindow::updateTitle()
{
    setWindowTitle(tr("%1[*] — Keypolicy Studio").arg(m_document->displayName()));
    setWindowModified(m_document->isModified());
}

void MainWindow::updateActions()
{
    const bool valid = m_document->isValid();
    const int count = static_cast<int>(m_document->view().statements.size());
    const int current = currentStatement();
    const bool selected = valid && current >= 0 && current < count;
    const bool array = m_document->view().statementIsArray;
    action(u"actionAddStatement")->setEnabled(valid);
    action(u"actionDuplicateStatement")->setEnabled(selected);
    action(u"actionRemoveStatement")->setEnabled(selected);
    action(u"actionMoveStatementUp")->setEnabled(selected && array && current > 0);
    action(u"actionMoveStatementDown")->setEnabled(selected && array && current + 1 < count);
    action(u"actionFormatDocument")->setEnabled(valid);
}

void MainWindow::onChecked()
{
    // The checker's findings, shared by the views rather than copied (a large policy has tens of thousands). The
    // statements and the JSON view show the policy's; those located in the grants listing (sorted after them) belong
    // to the Grants dock.
    const auto findings = m_checker->findings();
    m_findings->setSharedFindings(findings);
    const auto listing
        = std::find_if(findings->begin(), findings->end(), [](const Finding& f) { return !f.location.file.empty(); });
    const auto policy = listing == findings->end()
        ? findings
        : std::make_shared<const std::vector<Finding>>(findings->begin(), listing);
    m_statements->setSharedFindings(policy);
    m_jsonEditor->setSharedFindings(policy);
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
    // Grant findings are in the grants listing, not in the policy: the Grants dock shows them.
    const auto inPolicy = std::count_if(
        result.findings.begin(), result.findings.end(), [](const Finding& f) { return f.location.file.empty(); });
    const auto hidden = static_cast<qsizetype>(inPolicy) - m_jsonEditor->findingSelectionCount();
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
                   .arg(parseFindingReason(*first));
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

// ---- Window events -------------------------------------------------------------------------------------------

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!m_files->maybeSave()) {
        event->ignore();
        return;
    }
    writeSettings();
    m_files->discardAutosave();
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
    emit fileDropped(path);
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

void MainWindow::formatDocument()
{
    if (!m_document->formatDocument()) {
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

void MainWindow::activateFinding(int row)
{
    const Finding* finding = m_findings->findingAt(m_findings->index(row, 0));
    if (!finding || !finding->location.file.empty()) {
        return; // a grant finding: the MWAA feature shows its grant in the Grants dock
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
