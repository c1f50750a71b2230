// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Context.h"
#include "core/json/SourceDocument.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <optional>

class QDockWidget;

namespace kps {
struct CheckResult;
}

namespace kps::model {
class GrantMatrixModel;
}

namespace kps::ui {

class GrantMatrixView;
class MainWindow;
class MwaaEnvironmentPanel;

/**
 * The MWAA context: the `MWAA environment` panel (environment, region, account, key, organization) and the
 * `Grant matrix` (docks), the grants in use (`Load grants from file…`, Grants menu; `--grants`; fetched by
 * AwsController), and the context sidecar (`<policy>.kpsctx.json`) kept in step with opening and saving. It feeds the
 * panel's context and the grants into the LiveChecker's CheckOptions, which every other feature then uses.
 */
class MwaaController : public QObject
{
    Q_OBJECT

public:
    explicit MwaaController(MainWindow* window);
    ~MwaaController() override;

    MwaaEnvironmentPanel* panel() const { return m_panel; }
    QDockWidget* panelDock() const { return m_panelDock; }
    GrantMatrixView* grantMatrixView() const { return m_matrixView; }
    QDockWidget* grantMatrixDock() const { return m_matrixDock; }
    model::GrantMatrixModel* grantMatrixModel() const { return m_matrix; }
    /** Shows these values in the panel as the given context and re-checks with them. */
    void setContext(const MwaaContext& context);
    /** Puts the panel's context and the grants into the checker's options (re-checks). */
    void applyContext();

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

public slots:
    void loadGrantsFromFile();

private:
    void onChecked(const CheckResult& result);
    void onLoaded();
    void onSaved(const QString& path);
    void rebuildMatrix(const CheckResult& result);

    MainWindow* m_window;
    MwaaEnvironmentPanel* m_panel = nullptr;
    QDockWidget* m_panelDock = nullptr;
    model::GrantMatrixModel* m_matrix = nullptr;
    GrantMatrixView* m_matrixView = nullptr;
    QDockWidget* m_matrixDock = nullptr;
    std::optional<Json> m_grants;
    QString m_grantsSource;
};

} // namespace kps::ui
