// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Checker.h"
#include "core/checker/Context.h"
#include "core/json/SourceDocument.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <optional>

class QDockWidget;

namespace kps::model {
class AllGrantsModel;
class GrantMatrixModel;
} // namespace kps::model

namespace kps::ui {

class GrantMatrixView;
class GrantsView;
class MainWindow;
class MwaaEnvironmentPanel;

/**
 * The MWAA context: the `MWAA environment` panel (environment, region, account, key, organization) and the `Grants`
 * dock (each environment's grant matrix and `All grants`), the grants listing in use (`Load grants from file…`,
 * Grants menu; `--grants`; fetched by AwsController), and the context sidecar (`<policy>.kpsctx.json`) kept in step
 * with opening and saving. It feeds the panel's context and the listing into the LiveChecker's CheckOptions, which
 * every other feature then uses, and shows the grant of a grant finding selected in the Findings dock.
 */
class MwaaController : public QObject
{
    Q_OBJECT

public:
    explicit MwaaController(MainWindow* window);
    ~MwaaController() override;

    MwaaEnvironmentPanel* panel() const { return m_panel; }
    QDockWidget* panelDock() const { return m_panelDock; }
    GrantsView* grantsView() const { return m_grantsView; }
    GrantMatrixView* grantMatrixView() const;
    QDockWidget* grantsDock() const { return m_grantsDock; }
    model::GrantMatrixModel* grantMatrixModel() const { return m_matrix; }
    model::AllGrantsModel* allGrantsModel() const { return m_allGrants; }
    /** Shows these values in the panel as the given context and re-checks with them. */
    void setContext(const MwaaContext& context);
    /** Puts the panel's context and the grants into the checker's options (re-checks). */
    void applyContext();

    /** The grants listing in use (`aws kms list-grants` output, parsed with positions), if any, and its source. */
    const std::optional<GrantsDocument>& grants() const { return m_grants; }
    QString grantsSource() const { return m_grantsSource; }
    /**
     * Loads grants from list-grants text; false (grants unchanged) with a message naming line and column. `name` is
     * what grant findings are located in (the file name; the Findings dock shows it), `source` where it came from.
     */
    bool setGrantsText(const QByteArray& text, const QString& source, const QString& name, QString* error = nullptr);
    /**
     * Reads `aws kms list-grants` output from a file, shows the grant matrix and says so in the status bar; false
     * (grants unchanged) with a message naming the file and what is wrong. `Load grants from file…` and --grants.
     */
    bool loadGrantsFromPath(const QString& path, QString* error);
    /**
     * The MWAA execution role the check uses (CheckOptions::roleArn) and its IAM policy document (rolePolicy;
     * nullopt when its policies could not all be read), shown in the panel with `source` (where they came from);
     * re-checks. Cleared when another document is loaded.
     */
    void setRolePolicy(std::optional<std::string> policy, const std::string& roleArn, const QString& source);
    const std::optional<std::string>& rolePolicy() const { return m_rolePolicy; }
    const std::string& roleArn() const { return m_roleArn; }

public slots:
    void loadGrantsFromFile();

private:
    void onChecked(const CheckResult& result);
    /** A Findings row became current or was activated: a grant finding selects its grant in the Grants dock. */
    void showGrantOfFinding(int row, bool raise);
    void onLoaded();
    void onSaved(const QString& path);
    void rebuildMatrix(const CheckResult& result);

    MainWindow* m_window;
    MwaaEnvironmentPanel* m_panel = nullptr;
    QDockWidget* m_panelDock = nullptr;
    model::GrantMatrixModel* m_matrix = nullptr;
    model::AllGrantsModel* m_allGrants = nullptr;
    GrantsView* m_grantsView = nullptr;
    QDockWidget* m_grantsDock = nullptr;
    std::optional<GrantsDocument> m_grants;
    QString m_grantsSource;
    std::optional<std::string> m_rolePolicy;
    std::string m_roleArn;
};

} // namespace kps::ui
