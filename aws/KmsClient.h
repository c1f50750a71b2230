// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "aws/AwsConfig.h"
#include "aws/KmsError.h"
#include "aws/ServiceCall.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace kps::aws {

class CredentialProcess;
class KmsClient;

/** Tunables of a KmsClient; the defaults follow the AWS CLI v2 (standard retry mode). */
struct KmsClientOptions
{
    QString endpointUrl; ///< --endpoint-url: overrides the regional endpoint (http only for loopback addresses)
    int timeoutMs = 60000; ///< per attempt, QNetworkRequest::setTransferTimeout
    int maxAttempts = 3; ///< attempts per request (a session's max_attempts / AWS_MAX_ATTEMPTS wins)
    int retryBaseMs = 1000; ///< full jitter: delay = random(0, min(cap, base * 2^(attempt-1)))
    int retryCapMs = 20000;
    int pageSize = 0; ///< Limit for list calls; 0 lets KMS choose
};

/** The retries of a call: the session's max_attempts (AWS_MAX_ATTEMPTS) when set, else the options'. */
RetrySettings retrySettingsOf(const AwsSession& session, const KmsClientOptions& options);

/**
 * The KMS endpoint for a region: https://kms[-fips].REGION.DNS-SUFFIX/ (partition from the region), or the override.
 * Returns an invalid URL and sets *error when the region is unknown, FIPS is asked for China, or the override is
 * not https (plain http is accepted only for loopback addresses, for local test servers).
 */
QUrl kmsEndpoint(const QString& region, bool fips, const QString& endpointUrl, QString* error);

/**
 * One KMS operation in flight (JSON 1.1 protocol), including its retries and, for list operations, all of its pages
 * (merged into one array, with Truncated false). Owned by the client; finished() is always emitted exactly once,
 * asynchronously (also for immediate failures), so connect right after the call.
 */
class KmsCall : public ServiceCall
{
    Q_OBJECT

private:
    friend class KmsClient;
    KmsCall(KmsClient* client, QString operation, QJsonObject parameters, QString resultArray);

    /** Credentials first (credential_process runs asynchronously), then the first attempt. */
    void start();

    QNetworkReply* sendAttempt() override;
    QJsonObject readPage(const QByteArray& body, KmsError& error) const override;
    void readError(const QByteArray& body, const QNetworkReply& reply, KmsError& error) const override;
    QString nextMarker(const QJsonObject& page) const override;
    void completeResult(QJsonObject& result, bool list) override;
    bool recover(const KmsError& error) override;
    bool mayRetry(const KmsError& error) const override;
    RetrySettings retrySettings() const override;
    KmsErrorContext errorContext() const override;
    const QLoggingCategory& logCategory() const override;

    QPointer<KmsClient> m_client;
    QJsonObject m_parameters;
    bool m_list = false;
    bool m_refreshedCredentials = false;
};

/**
 * An asynchronous AWS KMS client over QNetworkAccessManager, usable from a QCoreApplication: DescribeKey,
 * GetKeyPolicy, ListKeyPolicies, ListGrants (all pages), ListAliases (all pages) and PutKeyPolicy (never with
 * BypassPolicyLockoutSafetyCheck). Each attempt is signed afresh with SigV4; TLS is always verified; retryable
 * errors are retried with jittered exponential backoff; credential_process runs asynchronously when needed and
 * again once on ExpiredTokenException. Logging (category kps.aws.kms) never includes credentials.
 */
class KmsClient : public QObject
{
    Q_OBJECT

public:
    explicit KmsClient(AwsSession session, KmsClientOptions options = {}, QObject* parent = nullptr);
    ~KmsClient() override;

    const AwsSession& session() const { return m_session; }
    const KmsClientOptions& options() const { return m_options; }
    QUrl endpoint() const { return m_endpoint; }

    KmsCall* describeKey(const QString& keyId);
    KmsCall* getKeyPolicy(const QString& keyId);
    KmsCall* listKeyPolicies(const QString& keyId);
    KmsCall* listGrants(const QString& keyId);
    KmsCall* listAliases(const QString& keyId = QString());
    KmsCall* putKeyPolicy(const QString& keyId, const QString& policy);

    /** Cancels every call in flight. */
    void cancelAll();
    /** For tests: the clock used for signing and for clock-skew messages. */
    void setClock(std::function<QDateTime()> clock);
    QDateTime now() const;
    /** The context error messages are built with (region, host, access key id, credential source). */
    KmsErrorContext errorContext(const QString& keyId) const;

signals:
    /** Every attempt, for progress displays and tests. */
    void requestSent(const QString& operation, int attempt);

private:
    friend class KmsCall;
    KmsCall* makeCall(const QString& operation, QJsonObject parameters, const QString& resultArray = QString());
    /** Calls `then` with an empty string when credentials are ready, else with the reason. */
    void withCredentials(QObject* context, std::function<void(const QString& error)> then);
    void invalidateCredentials();

    AwsSession m_session;
    KmsClientOptions m_options;
    QUrl m_endpoint;
    QString m_endpointError;
    QNetworkAccessManager* m_network = nullptr;
    CredentialProcess* m_credentialProcess = nullptr;
    QList<QPair<QPointer<QObject>, std::function<void(const QString&)>>> m_waitingForCredentials;
    std::function<QDateTime()> m_clock;
};

} // namespace kps::aws
