// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "aws/AwsConfig.h"
#include "aws/KmsClient.h"
#include "aws/KmsError.h"
#include "aws/ServiceCall.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace kps::aws {

class AwsClient;

/** The read-only services the account audit talks to besides KMS (which has its own KmsClient). */
enum class AwsService {
    Mwaa, ///< Amazon MWAA: REST-JSON, signing name "airflow", airflow.REGION.SUFFIX
    Iam, ///< IAM: Query protocol (XML answers), a global endpoint signed for us-east-1 (an override: the region)
    Sts, ///< STS: Query protocol (XML answers), regional endpoints sts.REGION.SUFFIX
};

/** What the clients need to know of a service. */
struct AwsServiceInfo
{
    QString serviceId; ///< as the AWS CLI names it in AWS_ENDPOINT_URL_<ID>: "MWAA", "IAM", "STS", "KMS"
    QString signingName; ///< SigV4 service: "airflow", "iam", "sts", "kms"
    QString displayName; ///< for messages: "MWAA", "IAM", "STS", "KMS"
    QString permissionPrefix; ///< IAM action prefix: "airflow", "iam", "sts", "kms"
    QString apiVersion; ///< Query protocol Version parameter ("2010-05-08", "2011-06-15"); empty for REST-JSON
    bool query = false; ///< Query protocol (form body, XML answer), else REST-JSON
};
AwsServiceInfo serviceInfo(AwsService service);
AwsServiceInfo kmsServiceInfo();

/**
 * The endpoint of a service for a region (or the override), and the region requests to it are signed for (IAM is
 * global: us-east-1 in the aws partition). Invalid URL and *error set when the region is unknown or the override
 * is refused (see checkedEndpointOverride).
 */
QUrl serviceEndpoint(
    AwsService service, const QString& region, const QString& endpointUrl, QString* signingRegion, QString* error);

/** A Query-protocol XML answer as JSON: elements with children become objects, `member` lists arrays, text strings. */
QJsonObject queryXmlToJson(const QByteArray& xml, QString* rootName);
/** An IAM policy document as IAM returns it (URL-encoded, RFC 3986) decoded to its JSON text. */
QString decodeIamDocument(const QString& encoded);

/** One request of the generic client. */
struct AwsRequest
{
    QString operation;
    QByteArray method = "GET"; ///< REST-JSON; Query requests are always POST
    QString path = QStringLiteral("/"); ///< REST-JSON: the path below the endpoint, not encoded
    QList<QPair<QString, QString>> parameters; ///< REST-JSON: query string; Query: form fields (Action, Version added)
    QString resultArray; ///< list operations: the array every page is merged into (all pages are read)
    QString resource; ///< what the call is about, for messages ("role mwaa-exec", "environment prod")
};

/** One call in flight (retries and pages included); finished() is always emitted once, asynchronously. */
class AwsCall : public ServiceCall
{
    Q_OBJECT

private:
    friend class AwsClient;
    AwsCall(AwsClient* client, AwsRequest request, std::function<void(QJsonObject&)> postProcess);

    void start();

    QNetworkReply* sendAttempt() override;
    /** Query: the <OperationResult> element; REST-JSON: the body (none is an empty answer). */
    QJsonObject readPage(const QByteArray& body, KmsError& error) const override;
    void readError(const QByteArray& body, const QNetworkReply& reply, KmsError& error) const override;
    QString nextMarker(const QJsonObject& page) const override;
    void completeResult(QJsonObject& result, bool list) override;
    RetrySettings retrySettings() const override;
    KmsErrorContext errorContext() const override;
    const QLoggingCategory& logCategory() const override;

    QPointer<AwsClient> m_client;
    AwsRequest m_request;
    std::function<void(QJsonObject&)> m_postProcess;
    bool m_query = false;
};

/**
 * A read-only client for MWAA, IAM and STS over QNetworkAccessManager, with the KMS client's behaviour: SigV4 for
 * every attempt, TLS always verified, standard-mode retries (throttling, 429, 5xx, timeouts) with full jitter, all
 * pages of list operations. The session must carry credentials (resolve a credential_process or an assumed role
 * first with SessionCredentials). Nothing here writes to AWS: AssumeRole only obtains temporary credentials.
 */
class AwsClient : public QObject
{
    Q_OBJECT

public:
    AwsClient(AwsService service, AwsSession session, KmsClientOptions options = {}, QObject* parent = nullptr);
    ~AwsClient() override;

    AwsService service() const { return m_service; }
    const AwsServiceInfo& info() const { return m_info; }
    QUrl endpoint() const { return m_endpoint; }
    QString signingRegion() const { return m_signingRegion; }

    // MWAA
    AwsCall* listEnvironments();
    AwsCall* getEnvironment(const QString& name);
    // IAM (role names, policy ARNs); GetRolePolicy's PolicyDocument and GetPolicyVersion's Document come decoded
    AwsCall* listRolePolicies(const QString& roleName);
    AwsCall* getRolePolicy(const QString& roleName, const QString& policyName);
    AwsCall* listAttachedRolePolicies(const QString& roleName);
    AwsCall* getPolicy(const QString& policyArn);
    AwsCall* getPolicyVersion(const QString& policyArn, const QString& versionId);
    // STS
    struct AssumeRoleParameters
    {
        QString roleArn;
        QString roleSessionName;
        QString externalId;
        int durationSeconds = 0; ///< 0: STS's default (one hour)
    };
    AwsCall* assumeRole(const AssumeRoleParameters& parameters);

    /** Any operation (tests, future calls). */
    AwsCall* call(AwsRequest request, std::function<void(QJsonObject&)> postProcess = {});
    void cancelAll();
    void setClock(std::function<QDateTime()> clock);
    QDateTime now() const;

signals:
    void requestSent(const QString& operation, int attempt);

private:
    friend class AwsCall;

    AwsService m_service;
    AwsServiceInfo m_info;
    AwsSession m_session;
    KmsClientOptions m_options;
    QUrl m_endpoint;
    QString m_signingRegion;
    QString m_endpointError;
    QNetworkAccessManager* m_network = nullptr;
    std::function<QDateTime()> m_clock;
};

} // namespace kps::aws
