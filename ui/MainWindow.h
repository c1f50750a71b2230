// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>
#include <QTimer>
#include <map>

#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QSplitter;
class QTableView;

namespace kps {
struct CheckResult;
struct Finding;
} // namespace kps

namespace kps::model {
class AutosaveStore;
class FindingsModel;
class LiveChecker;
class PolicyDocument;
class StatementsModel;
} // namespace kps::model

namespace kps::ui {

class FileDialogProvider;
class FindingReferenceDialog;
class FindingsView;
class JsonEditor;
class StatementEditor;

/**
 * The Keypolicy Studio window (spec/gui.md): `Statements` table and `Statement editor` on the left, `Policy JSON`
 * on the right, `Findings` dock below, `Status` in the status bar. Skeleton of Qt's application example:
 * createActions(), createMenus(), readSettings()/writeSettings(), maybeSave().
 *
 * Actions of later features exist in the menus but start disabled; each emits its own signal when triggered, and
 * setActionAvailable() enables it. The `MWAA environment` and `Grant matrix` docks hold placeholders until
 * setMwaaPanel() / setGrantMatrixWidget() put the real widgets in.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    enum class ActionId {
        New,
        NewFromClipboard,
        NewFromMwaaTemplate,
        Open,
        OpenRecent,
        Save,
        SaveAs,
        ImportFromAws,
        ExportCorrectedPolicy,
        ExportChangeTicketReport,
        Quit,
        Undo,
        Redo,
        AddStatement,
        DuplicateStatement,
        RemoveStatement,
        MoveStatementUp,
        MoveStatementDown,
        InsertTemplateStatement,
        ApplyFix,
        ApplyAllFixes,
        ShowDiffToOriginal,
        LoadGrantsFromFile,
        FetchGrantsFromAws,
        FindingReference,
        About,
    };

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    QAction* action(ActionId id) const;
    /** Enables an action of a later feature (or disables it again), with the status tip to show. */
    void setActionAvailable(ActionId id, bool available, const QString& statusTip = {});

    model::PolicyDocument* document() const { return m_document; }
    model::LiveChecker* checker() const { return m_checker; }
    model::FindingsModel* findingsModel() const { return m_findings; }
    model::StatementsModel* statementsModel() const { return m_statements; }
    JsonEditor* jsonEditor() const { return m_jsonEditor; }
    StatementEditor* statementEditor() const { return m_statementEditor; }
    QTableView* statementsView() const { return m_statementsView; }
    FindingsView* findingsView() const { return m_findingsView; }
    QLabel* statusLabel() const { return m_status; }
    QDockWidget* mwaaDock() const { return m_mwaaDock; }
    QDockWidget* grantMatrixDock() const { return m_grantDock; }
    model::AutosaveStore& autosaveStore() const { return *m_autosave; }

    /** Puts the MWAA environment panel into its dock (replacing the placeholder). */
    void setMwaaPanel(QWidget* panel);
    /** Puts the grant matrix into its dock (replacing the placeholder). */
    void setGrantMatrixWidget(QWidget* widget);
    /** Tests inject a provider that returns prepared file names. */
    void setFileDialogProvider(std::unique_ptr<FileDialogProvider> provider);
    /** Where file names are asked for (MwaaController uses it too). */
    FileDialogProvider* fileDialogs() const { return m_dialogs.get(); }

    /** Opens a file without asking about unsaved changes (callers ask first); false with a message on failure. */
    bool openFile(const QString& path);
    /** Writes the document to path (atomic); false with a message on failure, and the document stays dirty. */
    bool saveFile(const QString& path);
    /** Asks Save / Discard / Cancel when there are unsaved changes; false when the user cancels. */
    bool maybeSave();

    /** The selected statement's index, or -1. */
    int currentStatement() const;
    void selectStatement(int index);
    QStringList recentFiles() const;

public slots:
    void newDocument();
    void newFromClipboard();
    void open();
    bool save();
    bool saveAs();
    void addStatement();
    void duplicateStatement();
    void removeStatement();
    void moveStatementUp();
    void moveStatementDown();
    /** Applies the fix of the current finding as one undo step. */
    void applyFix();
    /** Applies the fix of a FindingsModel row. */
    void applyFixAt(int row);
    /** Applies one of the fixes a FindingsModel row offers as a choice (Finding::choices), as one undo step. */
    void applyChoiceAt(int row, int choice);
    /** Applies a finding's fix as one undo step (the Findings dock, the JSON view's fix marker and Ctrl+.). */
    void applyFinding(const kps::Finding& finding);
    /** Selects the finding's statement and puts the JSON cursor on its span. */
    void activateFinding(int row);
    void showFindingReference(const QString& code = {});
    void about();
    /** Writes the autosave now (the 30 s timer calls this). */
    void autosaveNow();
    /** Offers to restore work an earlier run left behind; true when restored. */
    bool offerRestore();

signals:
    void newFromMwaaTemplateRequested();
    void importFromAwsRequested();
    void exportCorrectedPolicyRequested();
    void exportChangeTicketReportRequested();
    void insertTemplateStatementRequested();
    void applyAllFixesRequested();
    void showDiffToOriginalRequested();
    void loadGrantsFromFileRequested();
    void fetchGrantsFromAwsRequested();

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void createCentralWidget();
    void createDocks();
    void createActions();
    void createMenus();
    void createToolBar();
    void createStatusBar();
    void readSettings();
    void writeSettings();
    QAction* makeAction(ActionId id, const QString& text, const QString& objectName, const QString& statusTip);
    QAction* makeLaterAction(ActionId id, const QString& text, const QString& objectName, void (MainWindow::*signal)());
    void updateTitle();
    void updateActions();
    void updateStatus();
    void updateJsonError();
    void updateRecentFilesMenu();
    void addRecentFile(const QString& path);
    void openInteractively(const QString& path);
    void followStatements();
    void onChecked(const CheckResult& result);

    model::PolicyDocument* m_document;
    model::LiveChecker* m_checker;
    model::FindingsModel* m_findings;
    model::StatementsModel* m_statements;
    std::unique_ptr<FileDialogProvider> m_dialogs;
    std::unique_ptr<model::AutosaveStore> m_autosave;
    QTimer m_autosaveTimer;

    QSplitter* m_mainSplitter = nullptr;
    QSplitter* m_leftSplitter = nullptr;
    QTableView* m_statementsView = nullptr;
    StatementEditor* m_statementEditor = nullptr;
    JsonEditor* m_jsonEditor = nullptr;
    QWidget* m_jsonErrorBar = nullptr;
    QLabel* m_jsonError = nullptr;
    FindingsView* m_findingsView = nullptr;
    QDockWidget* m_findingsDock = nullptr;
    QDockWidget* m_mwaaDock = nullptr;
    QDockWidget* m_grantDock = nullptr;
    QLabel* m_status = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    FindingReferenceDialog* m_reference = nullptr;
    std::map<ActionId, QAction*> m_actions;
};

} // namespace kps::ui
