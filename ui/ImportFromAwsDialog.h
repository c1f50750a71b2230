// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "aws/AwsConfig.h"
#include "aws/KeyFetch.h"
#include "aws/KmsClient.h"

#include <QDialog>
#include <QJsonObject>
#include <QPointer>

#include <memory>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace kps::ui {

/**
 * "Import from AWS…" / "Fetch grants from AWS…": asks for profile, region and key (id, ARN, alias name or alias
 * ARN), then fetches the key's metadata, its policy and (optionally) its grants with KmsClient, asynchronously: the
 * window stays responsive, shows progress and retries, and Cancel stops the request in flight. On success it emits
 * imported() and closes with Accepted; the results stay available through the getters. Errors are shown in the
 * dialog (never in a modal box) with what to do. No secret is shown, stored or remembered; only the profile,
 * region, endpoint URL and key id are remembered (QSettings group "aws").
 */
class ImportFromAwsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ImportFromAwsDialog(QWidget* parent = nullptr);
    ~ImportFromAwsDialog() override;

    /** For tests and embedding: where credentials are looked up (default: the process environment and home). */
    void setEnvironment(const kps::aws::AwsEnvironment& environment);
    /** For tests: client tunables (timeouts, retry delays). The endpoint URL comes from the field. */
    void setClientOptions(const kps::aws::KmsClientOptions& options);
    /** Whether grants are fetched too (on for "Fetch grants from AWS…"). */
    void setFetchGrants(bool fetch);
    void setKey(const QString& key);
    void setRegion(const QString& region);
    void setProfile(const QString& profile);
    void setEndpointUrl(const QString& url);

    QString profile() const;
    QString region() const;
    QString key() const;
    QString endpointUrl() const;
    bool isBusy() const;

    /** Results of the last successful import. */
    QString policyText() const { return m_result.policy; }
    QByteArray grantsJson() const;
    bool hasGrants() const { return m_result.grantsFetched; }
    QJsonObject keyMetadata() const { return m_result.keyMetadata; }
    QString keyArn() const { return m_result.keyArn(); }
    const kps::aws::KeyFetchResult& fetchResult() const { return m_result; }
    /** The error of the last attempt (empty after a success). */
    QString errorText() const;

signals:
    void imported(const QString& policyText, const QByteArray& grantsJson, const QJsonObject& keyMetadata);

public slots:
    /** Starts the fetch (the Import button). */
    void startImport();
    /** Stops the fetch in flight (the Cancel button while busy); closes the dialog when idle. */
    void cancelOrClose();
    void reject() override;

private:
    void buildUi();
    void fillProfiles();
    void onProfileChanged();
    void onFinished();
    void updateWidgets();
    void readSettings();
    void writeSettings() const;

    kps::aws::AwsEnvironment m_environment;
    kps::aws::KmsClientOptions m_clientOptions;
    std::unique_ptr<kps::aws::KmsClient> m_client;
    QPointer<kps::aws::KeyFetch> m_fetch;
    kps::aws::KeyFetchResult m_result;
    bool m_fetchGrants = true;

    QComboBox* m_profile = nullptr;
    QComboBox* m_region = nullptr;
    QLineEdit* m_key = nullptr;
    QLineEdit* m_endpoint = nullptr;
    QCheckBox* m_grants = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_error = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QPushButton* m_import = nullptr;
    QPushButton* m_cancel = nullptr;
};

/**
 * Region codes offered in the AWS dialogs' region fields: every row of core's kps::knownRegions() (any other code
 * can be typed).
 */
QStringList knownRegions();

} // namespace kps::ui
