// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "aws/AwsConfig.h"
#include "aws/KmsClient.h"
#include "core/render/AuditReport.h"

#include <QDialog>
#include <QPointer>

class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace kps::aws {
class AccountAuditRun;
}

namespace kps::ui {

/**
 * "Audit MWAA environments in AWS…" (issue 20): region (the regions where MWAA runs; any code can be typed), one or
 * more profiles, optional environment names and (Advanced) an endpoint URL; Start runs aws::AccountAuditRun
 * (read-only) with a progress bar counting its calls, Stop cancels the calls in flight and the dialog stays usable.
 * The summary table then has one row per environment: account, environment, key, verdict, findings per severity and
 * the calls that failed; the row's details say which call failed and why. Opening a row (double-click or `Open in
 * editor`) emits openRequested() with what the audit read for it; the dialog stays open for the next one. No secret
 * is shown or stored; the region, profiles and endpoint URL are remembered (QSettings group "aws/audit").
 */
class AuditAwsDialog : public QDialog
{
    Q_OBJECT

public:
    /** Summary table columns. */
    enum Column { Account, Environment, Key, Verdict, Errors, Security, Warnings, Suggestions, FailedCalls, Columns };

    explicit AuditAwsDialog(QWidget* parent = nullptr);
    ~AuditAwsDialog() override;

    /** For tests and embedding: where credentials are looked up (default: the process environment and home). */
    void setEnvironment(const kps::aws::AwsEnvironment& environment);
    /** For tests: client tunables (timeouts, retry delays). The endpoint URL comes from the field. */
    void setClientOptions(const kps::aws::KmsClientOptions& options);
    void setRegion(const QString& region);
    /** Profiles separated by commas or spaces; empty: the AWS CLI's default chain. */
    void setProfiles(const QString& profiles);
    /** Environment names separated by commas or spaces; empty: every environment of the region. */
    void setEnvironmentNames(const QString& names);
    /** Also opens Advanced when `url` is not empty. */
    void setEndpointUrl(const QString& url);

    QString region() const;
    QStringList profiles() const;
    QStringList environmentNames() const;
    /** The endpoint URL when Advanced is open, else empty (the services' own endpoints). */
    QString endpointUrl() const;
    bool isBusy() const;

    /** The last audit's result (empty before the first one finished). */
    const kps::render::AccountAudit& audit() const { return m_audit; }
    /** The environment of the summary's current row, if any. */
    const kps::render::AuditedEnvironment* currentEnvironment() const;
    QTableWidget* summaryTable() const { return m_table; }
    QProgressBar* progressBar() const { return m_progress; }
    QString statusText() const;

signals:
    /** A row was opened: load its key policy with its whole context. */
    void openRequested(const kps::render::AuditedEnvironment& environment);
    /** The audit ended (done or cancelled); the summary is filled. */
    void auditFinished();

public slots:
    /** Starts the audit (the Start button). */
    void startAudit();
    /** Opens the current row (the Open in editor button, or a double-click). */
    void openCurrent();
    void reject() override;

private:
    void buildUi();
    void onProgress(int done, int total, const QString& step);
    void onFinished();
    void fillSummary();
    void showDetails();
    void updateWidgets();
    void readSettings();
    void writeSettings() const;

    kps::aws::AwsEnvironment m_environment;
    kps::aws::KmsClientOptions m_clientOptions;
    QPointer<kps::aws::AccountAuditRun> m_run;
    kps::render::AccountAudit m_audit;

    QComboBox* m_region = nullptr;
    QLineEdit* m_profiles = nullptr;
    QLineEdit* m_environments = nullptr;
    QGroupBox* m_advanced = nullptr;
    QLineEdit* m_endpoint = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_failures = nullptr;
    QTableWidget* m_table = nullptr;
    QLabel* m_details = nullptr;
    QPushButton* m_start = nullptr;
    QPushButton* m_stop = nullptr;
    QPushButton* m_open = nullptr;
    QPushButton* m_close = nullptr;
};

} // namespace kps::ui
