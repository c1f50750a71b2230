// SPDX-License-Identifier: GPL-3.0-or-later
#include "aws/KmsClient.h"

#include "aws/AwsHttp.h"
#include "aws/CredentialProcess.h"
#include "core/checker/Context.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <algorithm>

Q_LOGGING_CATEGORY(lcKms, "kps.aws.kms", QtWarningMsg)

namespace kps::aws {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("kps::aws::KmsClient", text);
}

} // namespace

QUrl kmsEndpoint(const QString& region, bool fips, const QString& endpointUrl, QString* error)
{
    if (!endpointUrl.isEmpty()) {
        return checkedEndpointOverride(endpointUrl, error);
    }
    const std::string partition = kps::partitionOfRegion(region.toStdString());
    if (partition.empty()) {
        *error = tr("%1 is not an AWS region code (e.g. eu-west-1). Check --region, AWS_REGION or the profile.")
                     .arg(region.isEmpty() ? tr("(empty)") : region);
        return {};
    }
    if (fips && partition == "aws-cn") {
        *error = tr("KMS has no FIPS endpoints in the China regions; turn off use_fips_endpoint for %1.").arg(region);
        return {};
    }
    const QString host = QStringLiteral("%1.%2.%3")
                             .arg(fips ? QStringLiteral("kms-fips") : QStringLiteral("kms"),
                                  region,
                                  QString::fromStdString(kps::dnsSuffixOfPartition(partition)));
    QUrl url;
    url.setScheme(QStringLiteral("https"));
    url.setHost(host);
    url.setPath(QStringLiteral("/"));
    return url;
}

// ---- KmsCall ---------------------------------------------------------------------------------------------------

KmsCall::KmsCall(KmsClient* client, QString operation, QJsonObject parameters, QString resultArray)
    : ServiceCall(client, std::move(operation), resultArray)
    , m_client(client)
    , m_parameters(std::move(parameters))
    , m_list(!resultArray.isEmpty())
{ }

void KmsCall::start()
{
    KmsClient* client = m_client;
    if (!client || isFinished() || isCancelled()) {
        return;
    }
    if (!client->m_endpointError.isEmpty()) {
        KmsError e;
        e.kind = KmsError::Kind::Local;
        e.awsMessage = client->m_endpointError;
        fail(e);
        return;
    }
    client->withCredentials(this, [this](const QString& error) {
        if (isFinished() || isCancelled()) {
            return;
        }
        if (!error.isEmpty()) {
            KmsError e;
            e.kind = KmsError::Kind::Credentials;
            e.awsMessage = error;
            fail(e);
            return;
        }
        send();
    });
}

QNetworkReply* KmsCall::sendAttempt()
{
    KmsClient* client = m_client;
    QJsonObject parameters = m_parameters;
    if (m_list) {
        if (client->m_options.pageSize > 0) {
            parameters.insert(QStringLiteral("Limit"), client->m_options.pageSize);
        }
        if (!marker().isEmpty()) {
            parameters.insert(QStringLiteral("Marker"), marker());
        }
    }
    const QByteArray body = QJsonDocument(parameters).toJson(QJsonDocument::Compact);
    const QUrl url = client->m_endpoint;
    const QByteArray target = "TrentService." + operation().toLatin1();

    SigV4Request toSign;
    toSign.method = "POST";
    toSign.path = url.path(QUrl::FullyDecoded).toUtf8();
    toSign.headers
        = {{"Content-Type", "application/x-amz-json-1.1"}, {"Host", hostHeader(url)}, {"X-Amz-Target", target}};
    toSign.body = body;
    SigV4Options options;
    options.region = client->m_session.region;
    options.service = QStringLiteral("kms");
    options.time = client->now();
    const QNetworkRequest request = signedRequest(url, toSign, options, client->m_session, client->m_options.timeoutMs);

    qCDebug(lcKms).noquote() << "->" << operation() << "attempt" << attempt() << "to" << url.host() << "as"
                             << client->m_session.credentials.accessKeyId;
    emit client->requestSent(operation(), attempt());
    return client->m_network->post(request, body);
}

QJsonObject KmsCall::readPage(const QByteArray& body, KmsError& error) const
{
    if (body.trimmed().isEmpty()) {
        if (operation() != QLatin1String("PutKeyPolicy")) {
            error.kind = KmsError::Kind::Protocol; // only PutKeyPolicy answers with an empty body
        }
        return {};
    }
    return jsonPage(body, error);
}

void KmsCall::readError(const QByteArray& body, const QNetworkReply& reply, KmsError& error) const
{
    QString type = readJsonError(body, error);
    if (type.isEmpty()) {
        const QByteArray header = reply.rawHeader("x-amzn-query-error");
        type = QString::fromLatin1(header.left(header.indexOf(';')));
    }
    error.code = normalizeErrorCode(type);
}

QString KmsCall::nextMarker(const QJsonObject& page) const
{
    return page.value(QStringLiteral("Truncated")).toBool() ? page.value(QStringLiteral("NextMarker")).toString()
                                                            : QString();
}

void KmsCall::completeResult(QJsonObject& result, bool list)
{
    if (list) {
        result.insert(QStringLiteral("Truncated"), false);
        result.remove(QStringLiteral("NextMarker"));
    }
}

bool KmsCall::recover(const KmsError& error)
{
    // Expired temporary credentials from credential_process: fetch new ones once, then try again.
    KmsClient* client = m_client;
    if (error.code != QLatin1String("ExpiredTokenException") || client->m_session.credentialProcess.isEmpty()
        || m_refreshedCredentials) {
        return false;
    }
    m_refreshedCredentials = true;
    client->invalidateCredentials();
    uncountAttempt();
    start();
    return true;
}

bool KmsCall::mayRetry(const KmsError& error) const
{
    // PutKeyPolicy is idempotent, so an error answer may be retried; after a timeout or a dropped connection its
    // outcome is unknown, and the caller must look at the live policy before sending it again.
    return operation() != QLatin1String("PutKeyPolicy")
        || (error.kind != KmsError::Kind::Timeout && error.kind != KmsError::Kind::Network);
}

RetrySettings KmsCall::retrySettings() const
{
    return retrySettingsOf(m_client->m_session, m_client->m_options);
}

KmsErrorContext KmsCall::errorContext() const
{
    return m_client ? m_client->errorContext(m_parameters.value(QStringLiteral("KeyId")).toString())
                    : KmsErrorContext();
}

const QLoggingCategory& KmsCall::logCategory() const
{
    return lcKms();
}

// ---- KmsClient -------------------------------------------------------------------------------------------------

KmsClient::KmsClient(AwsSession session, KmsClientOptions options, QObject* parent)
    : QObject(parent)
    , m_session(std::move(session))
    , m_options(std::move(options))
    , m_network(new QNetworkAccessManager(this))
{
    m_endpoint = kmsEndpoint(m_session.region, m_session.useFips, m_options.endpointUrl, &m_endpointError);
    if (!m_session.isValid() && m_endpointError.isEmpty()) {
        m_endpointError = m_session.error;
    }
    if (m_options.maxAttempts < 1) {
        m_options.maxAttempts = 1;
    }
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_network->setProxyFactory(new AwsProxyFactory); // the manager owns it
}

KmsClient::~KmsClient() = default;

void KmsClient::setClock(std::function<QDateTime()> clock)
{
    m_clock = std::move(clock);
}

QDateTime KmsClient::now() const
{
    return m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
}

RetrySettings retrySettingsOf(const AwsSession& session, const KmsClientOptions& options)
{
    return {
        session.maxAttempts > 0 ? session.maxAttempts : options.maxAttempts, options.retryBaseMs, options.retryCapMs};
}

KmsErrorContext KmsClient::errorContext(const QString& keyId) const
{
    KmsErrorContext c;
    c.region = m_session.region;
    c.keyId = keyId;
    c.host = m_endpoint.isValid() ? QString::fromLatin1(hostHeader(m_endpoint)) : m_options.endpointUrl;
    c.accessKeyId = m_session.credentials.accessKeyId;
    c.credentialSource = m_session.credentialSource;
    c.localTime = now();
    c.timeoutSeconds = m_options.timeoutMs / 1000;
    return c;
}

KmsCall* KmsClient::makeCall(const QString& operation, QJsonObject parameters, const QString& resultArray)
{
    auto* call = new KmsCall(this, operation, std::move(parameters), resultArray);
    // Started from the event loop, so the caller can connect to every signal (requestSent included) first.
    QMetaObject::invokeMethod(call, &KmsCall::start, Qt::QueuedConnection);
    return call;
}

KmsCall* KmsClient::describeKey(const QString& keyId)
{
    return makeCall(QStringLiteral("DescribeKey"), {{QStringLiteral("KeyId"), keyId}});
}

KmsCall* KmsClient::getKeyPolicy(const QString& keyId)
{
    // PolicyName is required by older models and optional in newer ones; "default" is its only value.
    return makeCall(QStringLiteral("GetKeyPolicy"),
                    {{QStringLiteral("KeyId"), keyId}, {QStringLiteral("PolicyName"), QStringLiteral("default")}});
}

KmsCall* KmsClient::listKeyPolicies(const QString& keyId)
{
    return makeCall(
        QStringLiteral("ListKeyPolicies"), {{QStringLiteral("KeyId"), keyId}}, QStringLiteral("PolicyNames"));
}

KmsCall* KmsClient::listGrants(const QString& keyId)
{
    return makeCall(QStringLiteral("ListGrants"), {{QStringLiteral("KeyId"), keyId}}, QStringLiteral("Grants"));
}

KmsCall* KmsClient::listAliases(const QString& keyId)
{
    QJsonObject parameters;
    if (!keyId.isEmpty()) {
        parameters.insert(QStringLiteral("KeyId"), keyId);
    }
    return makeCall(QStringLiteral("ListAliases"), parameters, QStringLiteral("Aliases"));
}

KmsCall* KmsClient::putKeyPolicy(const QString& keyId, const QString& policy)
{
    // BypassPolicyLockoutSafetyCheck is never sent: KMS then refuses a policy that would lock the caller out.
    return makeCall(QStringLiteral("PutKeyPolicy"),
                    {{QStringLiteral("KeyId"), keyId},
                     {QStringLiteral("PolicyName"), QStringLiteral("default")},
                     {QStringLiteral("Policy"), policy}});
}

void KmsClient::cancelAll()
{
    const auto calls = findChildren<KmsCall*>(QString(), Qt::FindDirectChildrenOnly);
    for (KmsCall* call : calls) {
        call->cancel();
    }
}

void KmsClient::invalidateCredentials()
{
    m_session.credentials = Credentials();
}

void KmsClient::withCredentials(QObject* context, std::function<void(const QString& error)> then)
{
    const bool fresh = m_session.credentials.isValid() && !m_session.credentials.expiresWithin(now(), 5 * 60);
    if (fresh || (m_session.credentials.isValid() && m_session.credentialProcess.isEmpty())) {
        then(QString());
        return;
    }
    if (m_session.credentialProcess.isEmpty()) {
        const QString error = m_session.error.isEmpty() ? tr("No AWS credentials.") : m_session.error;
        QMetaObject::invokeMethod(
            context, [then, error] { then(error); }, Qt::QueuedConnection);
        return;
    }
    m_waitingForCredentials.append({QPointer<QObject>(context), std::move(then)});
    if (m_credentialProcess && m_credentialProcess->isRunning()) {
        return;
    }
    if (!m_credentialProcess) {
        m_credentialProcess = new CredentialProcess(this);
        const auto deliver = [this](const QString& error) {
            const auto waiting = std::exchange(m_waitingForCredentials, {});
            for (const auto& [ctx, callback] : waiting) {
                if (ctx) {
                    callback(error);
                }
            }
        };
        connect(m_credentialProcess, &CredentialProcess::succeeded, this, [this, deliver](const Credentials& c) {
            m_session.credentials = c;
            qCDebug(lcKms) << "credential_process gave" << c;
            deliver(QString());
        });
        connect(m_credentialProcess, &CredentialProcess::failed, this, deliver);
    }
    m_credentialProcess->start(m_session.credentialProcess, m_session.credentialSource);
}

} // namespace kps::aws
