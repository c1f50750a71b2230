// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "aws/ApplyGuard.h"
#include "aws/AwsConfig.h"
#include "aws/KeyFetch.h"
#include "aws/KmsClient.h"

#include <QDialog>
#include <QPointer>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace kps::ui {

/**
 * "Apply to AWS…": compares the policy to apply with the key's live policy and applies it with every safeguard of
 * kps::aws::PolicyApply. Compare fetches the live policy and key metadata, runs the checks (kps::check with the
 * key's ARN, account and region) and shows them with the differences; Apply is enabled only when the checks pass
 * (no error finding, no LOCKOUT_RISK), there is a difference, and the user ticked "I reviewed the differences".
 * Applying re-reads the live policy first and stops if it changed since Compare. Everything runs asynchronously;
 * Stop cancels the request in flight. Messages appear in the dialog, never in modal boxes.
 */
class ApplyToAwsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ApplyToAwsDialog(QWidget* parent = nullptr);
    ~ApplyToAwsDialog() override;

    void setEnvironment(const kps::aws::AwsEnvironment& environment);
    void setClientOptions(const kps::aws::KmsClientOptions& options);
    /** The policy to apply (the editor's corrected policy text). */
    void setPolicy(const QString& policy);
    /** Checker settings: the MWAA profile on or off, and the environment name. */
    void setCheckProfile(bool mwaa, const QString& environmentName);
    void setKey(const QString& key);
    void setRegion(const QString& region);
    void setProfile(const QString& profile);
    void setEndpointUrl(const QString& url);

    QString policy() const { return m_policy; }
    QString livePolicy() const { return m_live.policy; }
    const kps::aws::ApplyChecks& checks() const { return m_checks; }
    bool isCompared() const { return m_compared; }
    bool isBusy() const;
    bool canApply() const;
    kps::aws::PolicyApply::Outcome outcome() const { return m_outcome; }
    QString statusText() const;

signals:
    /** The policy was applied; `livePolicy` is what KMS returned when it was read back. */
    void applied(const QString& livePolicy);

public slots:
    /** Fetches the live policy and shows checks and differences. */
    void compare();
    /** Applies (only when canApply()). */
    void apply();
    void cancelOrClose();
    void reject() override;

private:
    void buildUi();
    void onCompared();
    void onApplied();
    void startClient();
    void updateWidgets();
    void setStatus(const QString& text);

    kps::aws::AwsEnvironment m_environment;
    kps::aws::KmsClientOptions m_clientOptions;
    std::unique_ptr<kps::aws::KmsClient> m_client;
    QPointer<kps::aws::KeyFetch> m_fetch;
    QPointer<kps::aws::PolicyApply> m_apply;
    QString m_policy;
    bool m_mwaa = true;
    QString m_environmentName;
    kps::aws::KeyFetchResult m_live;
    kps::aws::ApplyChecks m_checks;
    bool m_compared = false;
    QString m_diff;
    kps::aws::PolicyApply::Outcome m_outcome = kps::aws::PolicyApply::Outcome::Pending;

    QComboBox* m_profile = nullptr;
    QComboBox* m_region = nullptr;
    QLineEdit* m_key = nullptr;
    QLineEdit* m_endpoint = nullptr;
    QPlainTextEdit* m_checksView = nullptr;
    QPlainTextEdit* m_diffView = nullptr;
    QCheckBox* m_confirm = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_compare = nullptr;
    QPushButton* m_applyButton = nullptr;
    QPushButton* m_cancel = nullptr;
};

} // namespace kps::ui
