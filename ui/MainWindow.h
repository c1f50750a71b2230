// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QKeySequence>
#include <QMainWindow>
#include <QString>

#include <memory>
#include <vector>

class QAction;
class QDockWidget;
class QLabel;
class QSplitter;
class QTableView;

namespace kps {
struct CheckResult;
struct Finding;
} // namespace kps

namespace kps::model {
class FindingsModel;
class LiveChecker;
class PolicyDocument;
class StatementsModel;
} // namespace kps::model

namespace kps::ui {

class FileDialogProvider;
class FindBar;
class FindingReferenceDialog;
class FindingsView;
class JsonEditor;
class StatementEditor;

class AccessController;
class AwsController;
class FilesController;
class FixesController;
class MwaaController;
class ReportsController;
class TemplateController;
class ThemeController;

/** Where an action goes: a section of a menu (sections are separated by a line), in the order they are listed. */
enum class MenuPlace {
    FileNew,
    FileOpen,
    FileSave,
    FileAws,
    FileExport,
    FileQuit,
    EditHistory,
    EditStatements,
    EditTemplates,
    EditFormat,
    FindText,
    CheckFix,
    CheckCompare,
    Grants,
    Aws, ///< the AWS menu: account-wide work in AWS (the single key's import/apply stay in File)
    ViewTheme,
    ViewNavigate,
    Help,
};

/** An action as a feature declares it (MainWindow::addAction creates, registers and places it). */
struct ActionSpec
{
    QString objectName; ///< lowerCamelCase, `action…` (spec/gui.md); MainWindow::action() finds it by this
    QString text; ///< menu text, which is also the accessible name
    QString statusTip; ///< what it does, in the status bar
    MenuPlace place; ///< its menu section
    QKeySequence shortcut = {}; ///< empty: none
    const char* icon = nullptr; ///< freedesktop icon name
    bool toolBar = false; ///< also on the main toolbar (in menu order, a line between menus)
};

/**
 * The Keypolicy Studio window (spec/gui.md): `Statements` table and `Statement editor` on the left, `Policy JSON`
 * on the right, `Findings` dock below, `Status` in the status bar. It holds the document, the live checker and the
 * views every feature shares, declares the editing actions (undo/redo, statements, finding reference) and assembles
 * the features (ui/features/): each feature controller declares its own actions with addAction() and its own docks
 * with addPanel(); the window then builds the menus and the toolbar from what was declared, in MenuPlace order, and
 * restores the saved layout. docs/design.md, "The window", draws this.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /** Creates an action from spec, registers it under its objectName and puts it into its menu place. */
    QAction* addAction(const ActionSpec& spec);
    using QWidget::addAction;
    /** A registered action by objectName (`actionSave`), or nullptr. */
    QAction* action(QStringView objectName) const;
    /**
     * Adds a dock below the editor, tabbed with the Findings dock, with its toggle in the View menu; it is a pane of
     * F6 / Shift+F6 and gets its own `Go to <title>` shortcut.
     */
    void addPanel(QDockWidget* dock);
    /** The panes F6 cycles through, in order: Statements, Statement editor, Policy JSON, then the docks. */
    QStringList paneNames() const;
    /** Puts the keyboard focus into a pane (raising its dock); false when there is no such pane. */
    bool focusPane(int index);
    /** The pane that holds the keyboard focus, or -1. */
    int currentPane() const;

    model::PolicyDocument* document() const { return m_document; }
    model::LiveChecker* checker() const { return m_checker; }
    model::FindingsModel* findingsModel() const { return m_findings; }
    model::StatementsModel* statementsModel() const { return m_statements; }
    JsonEditor* jsonEditor() const { return m_jsonEditor; }
    StatementEditor* statementEditor() const { return m_statementEditor; }
    QTableView* statementsView() const { return m_statementsView; }
    FindingsView* findingsView() const { return m_findingsView; }
    FindBar* findBar() const { return m_findBar; }
    QLabel* statusLabel() const { return m_status; }

    /** The features (ui/features/), each owned by the window. */
    FilesController* files() const { return m_files; }
    FixesController* fixes() const { return m_fixes; }
    ReportsController* reports() const { return m_reports; }
    MwaaController* mwaa() const { return m_mwaa; }
    AwsController* aws() const { return m_aws; }
    TemplateController* templates() const { return m_templates; }
    ThemeController* themes() const { return m_themes; }
    AccessController* access() const { return m_access; }

    /** Tests inject a provider that returns prepared file names. */
    void setFileDialogProvider(std::unique_ptr<FileDialogProvider> provider);
    /** Where every feature asks for file names. */
    FileDialogProvider* fileDialogs() const { return m_dialogs.get(); }

    /** The selected statement's index, or -1. */
    int currentStatement() const;
    void selectStatement(int index);

public slots:
    void addStatement();
    void duplicateStatement();
    void removeStatement();
    void moveStatementUp();
    void moveStatementDown();
    /** "Format document": the whole policy in the 4-space layout, as one undo step (fixes and form edits never do). */
    void formatDocument();
    /** Selects the finding's statement and puts the JSON cursor on its span. */
    void activateFinding(int row);
    void showFindingReference(const QString& code = {});
    void about();

signals:
    /** A local file was dropped on the window or the JSON view. */
    void fileDropped(const QString& path);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void createCentralWidget();
    void createFindingsDock();
    void createActions();
    void installFeatures();
    void createPaneActions();
    void cyclePane(int step);
    void createMenus();
    void createToolBar();
    void createStatusBar();
    void readSettings();
    void writeSettings();
    void updateTitle();
    void updateActions();
    void updateStatus();
    void updateJsonError();
    void followStatements();
    void onChecked();

    model::PolicyDocument* m_document;
    model::LiveChecker* m_checker;
    model::FindingsModel* m_findings;
    model::StatementsModel* m_statements;
    std::unique_ptr<FileDialogProvider> m_dialogs;

    QSplitter* m_mainSplitter = nullptr;
    QSplitter* m_leftSplitter = nullptr;
    QTableView* m_statementsView = nullptr;
    StatementEditor* m_statementEditor = nullptr;
    JsonEditor* m_jsonEditor = nullptr;
    QWidget* m_jsonErrorBar = nullptr;
    QLabel* m_jsonError = nullptr;
    FindBar* m_findBar = nullptr;
    FindingsView* m_findingsView = nullptr;
    QDockWidget* m_findingsDock = nullptr;
    QLabel* m_status = nullptr;
    FindingReferenceDialog* m_reference = nullptr;

    /** Declared actions in declaration order, with their places; menus and toolbar are built from this. */
    struct Declared
    {
        QAction* action;
        MenuPlace place;
        bool toolBar;
    };
    std::vector<Declared> m_declared;
    std::vector<QDockWidget*> m_panels;
    struct Pane
    {
        QString name;
        QWidget* widget;
        QDockWidget* dock; ///< nullptr for the central panes
    };
    std::vector<Pane> m_panes;

    FilesController* m_files = nullptr;
    FixesController* m_fixes = nullptr;
    ReportsController* m_reports = nullptr;
    MwaaController* m_mwaa = nullptr;
    AwsController* m_aws = nullptr;
    TemplateController* m_templates = nullptr;
    ThemeController* m_themes = nullptr;
    AccessController* m_access = nullptr;
};

} // namespace kps::ui
