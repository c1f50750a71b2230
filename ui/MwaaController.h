// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Context.h"
#include "core/json/SourceDocument.h"
#include "core/render/ChangeTicket.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <optional>
#include <string>

class QAction;
#include <QDialog>

namespace kps {
struct CheckResult;
}

namespace kps::model {
class GrantMatrixModel;
}

namespace kps::ui {

class ApplyToAwsDialog;
class GrantMatrixView;
class ImportFromAwsDialog;
class MainWindow;
class MwaaEnvironmentPanel;
class TemplateController;

/**
 * The MWAA features of the main window (issue 5), kept out of MainWindow: puts the `MWAA environment` panel and the
 * `Grant matrix` into their docks, feeds the panel's context and the loaded grants into the LiveChecker's
 * CheckOptions, keeps the context sidecar (`<policy>.kpsctx.json`) in step with opening and saving, and enables
 * the placeholder actions it implements: `Load grants from file…`, `Import from AWS…`, `Fetch grants from AWS…`
 * and the added `Apply to AWS…` (File menu).
 */
class MwaaController : public QObject
{
    Q_OBJECT

public:
    explicit MwaaController(MainWindow* window);
    ~MwaaController() override;

    MwaaEnvironmentPanel* panel() const { return m_panel; }
    GrantMatrixView* grantMatrixView() const { return m_matrixView; }
    model::GrantMatrixModel* grantMatrixModel() const { return m_matrix; }
    QAction* applyToAwsAction() const { return m_applyAction; }
    /** `New from MWAA template` and `Insert template statement…` (TemplateDialogs.h). */
    TemplateController* templateController() const { return m_templates; }
    /** Shows these values in the panel as the given context and re-checks with them. */
    void setContext(const MwaaContext& context);

    /** The `aws kms list-grants` JSON in use, if any, and where it came from. */
    const std::optional<Json>& grants() const { return m_grants; }
    QString grantsSource() const { return m_grantsSource; }
    /** Loads grants from list-grants text; false (grants unchanged) with a message naming line and column. */
    bool setGrantsText(const QByteArray& text, const QString& source, QString* error = nullptr);
    /**
     * Reads `aws kms list-grants` output from a file, shows the grant matrix and says so in the status bar; false
     * (grants unchanged) with a message naming the file and what is wrong. `Load grants from file…` and --grants.
     */
    bool loadGrantsFromPath(const QString& path, QString* error);

    /** The text as opened or last saved (what `Show diff to original` compares with). */
    const std::string& originalText() const { return m_original; }

    /** Tests and embedding: called with every AWS dialog right after it is created (credentials, endpoint, ...). */
    void setAwsDialogSetup(std::function<void(QDialog*)> setup) { m_dialogSetup = std::move(setup); }
    /** The AWS dialog currently open, if any. */
    QDialog* currentAwsDialog() const { return m_awsDialog; }

public slots:
    void loadGrantsFromFile();
    void importFromAws();
    void fetchGrantsFromAws();
    void applyToAws();
    /** `Show diff to original`: the text as opened/last saved against the current text. */
    void showDiffToOriginal();
    /** `Apply all fixes`: core's applyAllFixes, previewed as a diff; Apply makes it one undo step. */
    void applyAllFixes();
    /** `Export corrected policy…`: exactly what `keypolicy fix` writes for this text and context (QSaveFile). */
    void exportCorrectedPolicy();
    /**
     * `Export change-ticket report…`: Markdown (.md), HTML (.html) or PDF (.pdf), by the chosen file's suffix; the
     * Markdown and HTML are the bytes `keypolicy report` prints for the same text and context.
     */
    void exportChangeTicketReport();

public:
    /** The dialog of the last diff/preview shown (tests). */
    QDialog* currentDiffDialog() const { return m_diffDialog; }
    /** What `keypolicy fix` would write for the current text and the panel's context. */
    std::string correctedText() const;
    /** The current text, its file name, the corrected text, the panel's context and the grants: the report's input. */
    render::ChangeTicketInput changeTicketInput() const;

private:
    void applyContext();
    void onChecked(const CheckResult& result);
    void onLoaded();
    void onSaved(const QString& path);
    void rebuildMatrix(const CheckResult& result);
    void onImported(ImportFromAwsDialog* dialog, bool grantsOnly);

    MainWindow* m_window;
    MwaaEnvironmentPanel* m_panel = nullptr;
    model::GrantMatrixModel* m_matrix = nullptr;
    GrantMatrixView* m_matrixView = nullptr;
    QAction* m_applyAction = nullptr;
    TemplateController* m_templates = nullptr;
    std::optional<Json> m_grants;
    QString m_grantsSource;
    std::string m_original;
    std::function<void(QDialog*)> m_dialogSetup;
    QPointer<QDialog> m_awsDialog;
    QPointer<QDialog> m_diffDialog;
};

} // namespace kps::ui
