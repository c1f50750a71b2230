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
    : QObject(client)
    , m_client(client)
    , m_operation(std::move(operation))
    , m_parameters(std::move(parameters))
    , m_resultArray(std::move(resultArray))
{
    m_error.operation = m_operation;
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &KmsCall::send);
}

KmsCall::~KmsCall()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void KmsCall::start()
{
    KmsClient* client = m_client;
    if (!client || m_finished || m_cancelled) {
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
        if (m_finished || m_cancelled) {
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

void KmsCall::cancel()
{
    if (m_finished) {
        return;
    }
    m_cancelled = true;
    m_retryTimer.stop();
    if (m_reply) {
        m_reply->abort(); // onReply() reports the cancellation
        return;
    }
    KmsError e;
    e.kind = KmsError::Kind::Cancelled;
    fail(e);
}

void KmsCall::send()
{
    KmsClient* client = m_client;
    if (!client || m_finished) {
        return;
    }
    ++m_attempt;
    QJsonObject parameters = m_parameters;
    if (!m_resultArray.isEmpty()) {
        if (client->m_options.pageSize > 0) {
            parameters.insert(QStringLiteral("Limit"), client->m_options.pageSize);
        }
        if (!m_marker.isEmpty()) {
            parameters.insert(QStringLiteral("Marker"), m_marker);
        }
    }
    const QByteArray body = QJsonDocument(parameters).toJson(QJsonDocument::Compact);
    const QUrl url = client->m_endpoint;
    const QByteArray target = "TrentService." + m_operation.toLatin1();

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
    const SigV4Result signature = signV4(toSign, client->m_session.credentials, options);

    QNetworkRequest request(url);
    for (const auto& [name, value] : toSign.headers) {
        request.setRawHeader(name, value); // Host too: Qt then sends exactly the value that was signed
    }
    for (const auto& [name, value] : signature.addedHeaders) {
        request.setRawHeader(name, value);
    }
    prepareRequest(request, client->m_session, client->m_options.timeoutMs);

    qCDebug(lcKms).noquote() << "->" << m_operation << "attempt" << m_attempt << "to" << url.host() << "as"
                             << client->m_session.credentials.accessKeyId;
    emit client->requestSent(m_operation, m_attempt);
    m_reply = client->m_network->post(request, body);
    connect(m_reply, &QNetworkReply::finished, this, &KmsCall::onReply);
}

void KmsCall::onReply()
{
    QNetworkReply* reply = m_reply;
    m_reply = nullptr;
    if (!reply) {
        return;
    }
    reply->deleteLater();
    KmsClient* client = m_client;
    if (!client) {
        return;
    }
    if (m_cancelled) {
        KmsError e;
        e.kind = KmsError::Kind::Cancelled;
        fail(e);
        return;
    }
    const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    KmsError e;
    e.operation = m_operation;
    e.attempts = m_attempt;
    e.httpStatus = status;
    e.requestId = QString::fromLatin1(reply->rawHeader("x-amzn-RequestId"));
    e.serverDate = parseHttpDate(reply->rawHeader("Date"));

    if (status == 0) {
        const auto code = reply->error();
        e.kind = (code == QNetworkReply::OperationCanceledError || code == QNetworkReply::TimeoutError)
            ? KmsError::Kind::Timeout // setTransferTimeout aborts the transfer; a user cancel was handled above
            : KmsError::Kind::Network;
        e.networkError = reply->errorString();
    } else if (status >= 200 && status < 300) {
        QJsonObject page;
        if (!body.trimmed().isEmpty()) {
            QJsonParseError parseError;
            const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
            if (!doc.isObject()) {
                e.kind = KmsError::Kind::Protocol;
            } else {
                page = doc.object();
            }
        } else if (m_operation != QLatin1String("PutKeyPolicy")) {
            e.kind = KmsError::Kind::Protocol; // only PutKeyPolicy answers with an empty body
        }
        if (!e.isError()) {
            qCDebug(lcKms).noquote() << "<-" << m_operation << status << e.requestId;
            if (m_resultArray.isEmpty()) {
                m_result = page;
                finish();
                return;
            }
            // One page of a list: collect it, then follow NextMarker while Truncated.
            ++m_pages;
            for (const QJsonValue& item : page.value(m_resultArray).toArray()) {
                m_items.append(item);
            }
            const QString next = page.value(QStringLiteral("NextMarker")).toString();
            if (page.value(QStringLiteral("Truncated")).toBool() && !next.isEmpty()) {
                if (next == m_marker || m_pages > 100000) {
                    e.kind = KmsError::Kind::Protocol;
                } else {
                    m_marker = next;
                    m_attempt = 0; // each page gets its own attempts
                    send();
                    return;
                }
            } else {
                m_result = page;
                m_result.insert(m_resultArray, m_items);
                m_result.insert(QStringLiteral("Truncated"), false);
                m_result.remove(QStringLiteral("NextMarker"));
                finish();
                return;
            }
        }
    } else {
        const QJsonObject error = QJsonDocument::fromJson(body).object();
        QString type = error.value(QStringLiteral("__type")).toString();
        if (type.isEmpty()) {
            type = error.value(QStringLiteral("code")).toString();
        }
        if (type.isEmpty()) {
            const QByteArray header = reply->rawHeader("x-amzn-query-error");
            type = QString::fromLatin1(header.left(header.indexOf(';')));
        }
        e.code = normalizeErrorCode(type);
        e.awsMessage = error.value(QStringLiteral("message")).toString();
        if (e.awsMessage.isEmpty()) {
            e.awsMessage = error.value(QStringLiteral("Message")).toString();
        }
        e.kind = e.code.isEmpty() ? KmsError::Kind::Http : KmsError::Kind::Aws;
    }

    qCDebug(lcKms).noquote() << "<-" << m_operation << "failed: HTTP" << status << e.code << e.networkError
                             << e.requestId;

    // Expired temporary credentials from credential_process: fetch new ones once, then try again.
    if (e.code == QLatin1String("ExpiredTokenException") && !client->m_session.credentialProcess.isEmpty()
        && !m_refreshedCredentials) {
        m_refreshedCredentials = true;
        client->invalidateCredentials();
        --m_attempt;
        start();
        return;
    }
    // PutKeyPolicy is idempotent, so an error answer may be retried; after a timeout or a dropped connection its
    // outcome is unknown, and the caller must look at the live policy before sending it again.
    const bool unknownOutcome = m_operation == QLatin1String("PutKeyPolicy")
        && (e.kind == KmsError::Kind::Timeout || e.kind == KmsError::Kind::Network);
    const int maxAttempts
        = client->m_session.maxAttempts > 0 ? client->m_session.maxAttempts : client->m_options.maxAttempts;
    if (isRetryable(e) && !unknownOutcome && m_attempt < maxAttempts) {
        const int delay = retryDelayMs(m_attempt, client->m_options.retryBaseMs, client->m_options.retryCapMs);
        const QString reason = e.code.isEmpty()
            ? (e.networkError.isEmpty() ? QStringLiteral("HTTP %1").arg(status) : e.networkError)
            : e.code;
        qCDebug(lcKms).noquote() << "   retrying" << m_operation << "in" << delay << "ms";
        emit retrying(m_attempt, delay, reason);
        m_retryTimer.start(delay);
        return;
    }
    fail(e);
}

void KmsCall::fail(KmsError error)
{
    if (m_finished) {
        return;
    }
    error.operation = m_operation;
    if (error.attempts < m_attempt) {
        error.attempts = m_attempt;
    }
    KmsErrorContext context;
    if (m_client) {
        context = m_client->errorContext(m_parameters.value(QStringLiteral("KeyId")).toString());
    }
    describeError(error, context);
    m_error = error;
    finish();
}

void KmsCall::finish()
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    m_retryTimer.stop();
    // Always asynchronous: callers connect to finished() after the call returned.
    QMetaObject::invokeMethod(this, &KmsCall::finished, Qt::QueuedConnection);
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
