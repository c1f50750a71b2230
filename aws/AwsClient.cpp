// SPDX-License-Identifier: GPL-3.0-or-later
#include "aws/AwsClient.h"

#include "aws/AwsHttp.h"
#include "core/checker/Context.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QXmlStreamReader>

Q_LOGGING_CATEGORY(lcAws, "kps.aws.client", QtWarningMsg)

namespace kps::aws {

namespace {

QString clientTr(const char* text)
{
    return QCoreApplication::translate("kps::aws::AwsClient", text);
}

/** Reads the element the reader is on (StartElement) to its end. */
QJsonValue readXmlElement(QXmlStreamReader& xml)
{
    QJsonObject object;
    QJsonArray members;
    bool onlyMembers = true;
    bool anyChild = false;
    QString text;
    while (!xml.atEnd()) {
        const auto token = xml.readNext();
        if (token == QXmlStreamReader::StartElement) {
            const QString name = xml.name().toString();
            const QJsonValue value = readXmlElement(xml);
            anyChild = true;
            if (name == QLatin1String("member")) {
                members.append(value);
            } else {
                onlyMembers = false;
                object.insert(name, value);
            }
        } else if (token == QXmlStreamReader::Characters) {
            text += xml.text();
        } else if (token == QXmlStreamReader::EndElement) {
            break;
        }
    }
    if (!anyChild) {
        return text;
    }
    return onlyMembers ? QJsonValue(members) : QJsonValue(object);
}

QByteArray encodePairs(const QList<QPair<QString, QString>>& pairs)
{
    QByteArray out;
    for (const auto& [name, value] : pairs) {
        if (!out.isEmpty()) {
            out += '&';
        }
        out += uriEncode(name.toUtf8(), false) + '=' + uriEncode(value.toUtf8(), false);
    }
    return out;
}

QString lastPathSegment(const QString& arn)
{
    return arn.mid(arn.lastIndexOf(QLatin1Char('/')) + 1);
}

} // namespace

AwsServiceInfo serviceInfo(AwsService service)
{
    switch (service) {
    case AwsService::Mwaa:
        return {QStringLiteral("MWAA"),
                QStringLiteral("airflow"),
                QStringLiteral("MWAA"),
                QStringLiteral("airflow"),
                QString(),
                false};
    case AwsService::Iam:
        return {QStringLiteral("IAM"),
                QStringLiteral("iam"),
                QStringLiteral("IAM"),
                QStringLiteral("iam"),
                QStringLiteral("2010-05-08"),
                true};
    case AwsService::Sts:
        break;
    }
    return {QStringLiteral("STS"),
            QStringLiteral("sts"),
            QStringLiteral("STS"),
            QStringLiteral("sts"),
            QStringLiteral("2011-06-15"),
            true};
}

AwsServiceInfo kmsServiceInfo()
{
    return {
        QStringLiteral("KMS"), QStringLiteral("kms"), QStringLiteral("KMS"), QStringLiteral("kms"), QString(), false};
}

QUrl serviceEndpoint(
    AwsService service, const QString& region, const QString& endpointUrl, QString* signingRegion, QString* error)
{
    const std::string partition = kps::partitionOfRegion(region.toStdString());
    *signingRegion = region;
    if (service == AwsService::Iam) {
        // IAM is global: one endpoint per partition, signed for the partition's first region.
        *signingRegion = partition == "aws-cn" ? QStringLiteral("cn-north-1")
            : partition == "aws-us-gov"        ? QStringLiteral("us-gov-west-1")
                                               : QStringLiteral("us-east-1");
    }
    if (!endpointUrl.isEmpty()) {
        // Like the AWS CLI: a request to an override URL is signed for the client's region, IAM's too.
        *signingRegion = region;
        return checkedEndpointOverride(endpointUrl, error);
    }
    if (partition.empty()) {
        *error = clientTr("%1 is not an AWS region code (e.g. eu-west-1). Check --region, AWS_REGION or the profile.")
                     .arg(region.isEmpty() ? clientTr("(empty)") : region);
        return {};
    }
    const QString suffix = QString::fromStdString(kps::dnsSuffixOfPartition(partition));
    QString host;
    switch (service) {
    case AwsService::Mwaa:
        // The model's hostPrefix "api." of ListEnvironments and GetEnvironment (not added to an override URL).
        host = QStringLiteral("api.airflow.%1.%2").arg(region, suffix);
        break;
    case AwsService::Sts:
        host = QStringLiteral("sts.%1.%2").arg(region, suffix);
        break;
    case AwsService::Iam:
        host = partition == "aws-cn"    ? QStringLiteral("iam.cn-north-1.amazonaws.com.cn")
            : partition == "aws-us-gov" ? QStringLiteral("iam.us-gov.amazonaws.com")
                                        : QStringLiteral("iam.amazonaws.com");
        break;
    }
    QUrl url;
    url.setScheme(QStringLiteral("https"));
    url.setHost(host);
    url.setPath(QStringLiteral("/"));
    return url;
}

QJsonObject queryXmlToJson(const QByteArray& xml, QString* rootName)
{
    QXmlStreamReader reader(xml);
    while (!reader.atEnd()) {
        if (reader.readNext() == QXmlStreamReader::StartElement) {
            if (rootName) {
                *rootName = reader.name().toString();
            }
            const QJsonValue root = readXmlElement(reader);
            if (reader.hasError()) {
                break;
            }
            return root.isObject() ? root.toObject() : QJsonObject();
        }
    }
    if (rootName) {
        rootName->clear();
    }
    return {};
}

QString decodeIamDocument(const QString& encoded)
{
    return QUrl::fromPercentEncoding(encoded.toUtf8());
}

// ---- AwsCall ---------------------------------------------------------------------------------------------------

AwsCall::AwsCall(AwsClient* client, AwsRequest request, std::function<void(QJsonObject&)> postProcess)
    : QObject(client)
    , m_client(client)
    , m_request(std::move(request))
    , m_postProcess(std::move(postProcess))
{
    m_error.operation = m_request.operation;
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &AwsCall::send);
}

AwsCall::~AwsCall()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void AwsCall::start()
{
    AwsClient* client = m_client;
    if (!client || m_finished || m_cancelled) {
        return;
    }
    KmsError e;
    if (!client->m_endpointError.isEmpty()) {
        e.kind = KmsError::Kind::Local;
        e.awsMessage = client->m_endpointError;
    } else if (!client->m_session.credentials.isValid()) {
        e.kind = KmsError::Kind::Credentials;
        e.awsMessage = client->m_session.error.isEmpty() ? clientTr("No AWS credentials.") : client->m_session.error;
    }
    if (e.isError()) {
        fail(e);
        return;
    }
    send();
}

void AwsCall::cancel()
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

void AwsCall::send()
{
    AwsClient* client = m_client;
    if (!client || m_finished) {
        return;
    }
    ++m_attempt;
    const AwsServiceInfo& info = client->m_info;
    QList<QPair<QString, QString>> parameters = m_request.parameters;
    QUrl url = client->m_endpoint;
    QString basePath = url.path();
    if (basePath.endsWith(QLatin1Char('/'))) {
        basePath.chop(1);
    }
    SigV4Request toSign;
    QByteArray body;
    if (info.query) {
        parameters.prepend({QStringLiteral("Version"), info.apiVersion});
        parameters.prepend({QStringLiteral("Action"), m_request.operation});
        if (!m_marker.isEmpty()) {
            parameters.append({QStringLiteral("Marker"), m_marker});
        }
        body = encodePairs(parameters);
        toSign.method = "POST";
        toSign.path = url.path(QUrl::FullyDecoded).toUtf8();
        toSign.headers
            = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}, {"Host", hostHeader(url)}};
    } else {
        if (!m_marker.isEmpty()) {
            parameters.append({QStringLiteral("NextToken"), m_marker});
        }
        const QByteArray query = encodePairs(parameters);
        url.setPath(basePath + m_request.path);
        if (!query.isEmpty()) {
            url.setQuery(QString::fromLatin1(query), QUrl::StrictMode);
        }
        toSign.method = m_request.method;
        toSign.path = url.path(QUrl::FullyDecoded).toUtf8();
        toSign.query = query;
        toSign.headers = {{"Host", hostHeader(url)}};
    }
    toSign.body = body;
    SigV4Options options;
    options.region = client->m_signingRegion;
    options.service = info.signingName;
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

    qCDebug(lcAws).noquote() << "->" << info.displayName << m_request.operation << "attempt" << m_attempt << "to"
                             << url.host() << "as" << client->m_session.credentials.accessKeyId;
    emit client->requestSent(m_request.operation, m_attempt);
    m_reply = info.query ? client->m_network->post(request, body)
                         : client->m_network->sendCustomRequest(request, m_request.method);
    connect(m_reply, &QNetworkReply::finished, this, &AwsCall::onReply);
}

void AwsCall::onReply()
{
    QNetworkReply* reply = m_reply;
    m_reply = nullptr;
    if (!reply) {
        return;
    }
    reply->deleteLater();
    AwsClient* client = m_client;
    if (!client) {
        return;
    }
    if (m_cancelled) {
        KmsError e;
        e.kind = KmsError::Kind::Cancelled;
        fail(e);
        return;
    }
    const bool query = client->m_info.query;
    const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    KmsError e;
    e.operation = m_request.operation;
    e.attempts = m_attempt;
    e.httpStatus = status;
    e.requestId = QString::fromLatin1(reply->rawHeader("x-amzn-RequestId"));
    e.serverDate = parseHttpDate(reply->rawHeader("Date"));

    if (status == 0) {
        const auto code = reply->error();
        e.kind = (code == QNetworkReply::OperationCanceledError || code == QNetworkReply::TimeoutError)
            ? KmsError::Kind::Timeout
            : KmsError::Kind::Network;
        e.networkError = reply->errorString();
    } else if (status >= 200 && status < 300) {
        QJsonObject page;
        if (query) {
            QString root;
            const QJsonObject document = queryXmlToJson(body, &root);
            if (root != m_request.operation + QLatin1String("Response")) {
                e.kind = KmsError::Kind::Protocol;
            } else {
                page = document.value(m_request.operation + QLatin1String("Result")).toObject();
            }
        } else if (!body.trimmed().isEmpty()) {
            const QJsonDocument doc = QJsonDocument::fromJson(body);
            if (!doc.isObject()) {
                e.kind = KmsError::Kind::Protocol;
            } else {
                page = doc.object();
            }
        }
        if (!e.isError()) {
            qCDebug(lcAws).noquote() << "<-" << m_request.operation << status << e.requestId;
            if (m_request.resultArray.isEmpty()) {
                m_result = page;
                if (m_postProcess) {
                    m_postProcess(m_result);
                }
                finish();
                return;
            }
            ++m_pages;
            const QJsonValue items = page.value(m_request.resultArray);
            for (const QJsonValue& item : items.toArray()) { // an empty XML list reads as "": no items
                m_items.append(item);
            }
            const QString next = query ? (page.value(QStringLiteral("IsTruncated")).toString() == QLatin1String("true")
                                              ? page.value(QStringLiteral("Marker")).toString()
                                              : QString())
                                       : page.value(QStringLiteral("NextToken")).toString();
            if (!next.isEmpty()) {
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
                m_result.insert(m_request.resultArray, m_items);
                m_result.remove(QStringLiteral("NextToken"));
                m_result.remove(QStringLiteral("Marker"));
                if (query) {
                    m_result.insert(QStringLiteral("IsTruncated"), false);
                }
                finish();
                return;
            }
        }
    } else {
        QString type;
        if (query) {
            const QJsonObject document = queryXmlToJson(body, nullptr);
            const QJsonObject error = document.value(QStringLiteral("Error")).toObject();
            type = error.value(QStringLiteral("Code")).toString();
            e.awsMessage = error.value(QStringLiteral("Message")).toString();
            if (e.requestId.isEmpty()) {
                e.requestId = document.value(QStringLiteral("RequestId")).toString();
            }
        } else {
            const QJsonObject error = QJsonDocument::fromJson(body).object();
            type = QString::fromLatin1(reply->rawHeader("x-amzn-ErrorType"));
            if (type.isEmpty()) {
                type = error.value(QStringLiteral("__type")).toString();
            }
            if (type.isEmpty()) {
                type = error.value(QStringLiteral("code")).toString();
            }
            e.awsMessage = error.value(QStringLiteral("message")).toString();
            if (e.awsMessage.isEmpty()) {
                e.awsMessage = error.value(QStringLiteral("Message")).toString();
            }
        }
        e.code = normalizeErrorCode(type);
        e.kind = e.code.isEmpty() ? KmsError::Kind::Http : KmsError::Kind::Aws;
    }

    qCDebug(lcAws).noquote() << "<-" << m_request.operation << "failed: HTTP" << status << e.code << e.networkError
                             << e.requestId;
    const int maxAttempts
        = client->m_session.maxAttempts > 0 ? client->m_session.maxAttempts : client->m_options.maxAttempts;
    if (isRetryable(e) && m_attempt < maxAttempts) {
        const int delay = retryDelayMs(m_attempt, client->m_options.retryBaseMs, client->m_options.retryCapMs);
        const QString reason = e.code.isEmpty()
            ? (e.networkError.isEmpty() ? QStringLiteral("HTTP %1").arg(status) : e.networkError)
            : e.code;
        emit retrying(m_attempt, delay, reason);
        m_retryTimer.start(delay);
        return;
    }
    fail(e);
}

void AwsCall::fail(KmsError error)
{
    if (m_finished) {
        return;
    }
    error.operation = m_request.operation;
    if (error.attempts < m_attempt) {
        error.attempts = m_attempt;
    }
    KmsErrorContext context;
    if (AwsClient* client = m_client) {
        context.region = client->m_session.region;
        context.host = client->m_endpoint.isValid() ? QString::fromLatin1(hostHeader(client->m_endpoint))
                                                    : client->m_options.endpointUrl;
        context.accessKeyId = client->m_session.credentials.accessKeyId;
        context.credentialSource = client->m_session.credentialSource;
        context.localTime = client->now();
        context.timeoutSeconds = client->m_options.timeoutMs / 1000;
        context.service = client->m_info.displayName;
        context.permissionPrefix = client->m_info.permissionPrefix;
    }
    context.resource = m_request.resource;
    describeError(error, context);
    m_error = error;
    finish();
}

void AwsCall::finish()
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    m_retryTimer.stop();
    QMetaObject::invokeMethod(this, &AwsCall::finished, Qt::QueuedConnection);
}

// ---- AwsClient -------------------------------------------------------------------------------------------------

AwsClient::AwsClient(AwsService service, AwsSession session, KmsClientOptions options, QObject* parent)
    : QObject(parent)
    , m_service(service)
    , m_info(serviceInfo(service))
    , m_session(std::move(session))
    , m_options(std::move(options))
    , m_network(new QNetworkAccessManager(this))
{
    m_endpoint = serviceEndpoint(service, m_session.region, m_options.endpointUrl, &m_signingRegion, &m_endpointError);
    if (!m_session.isValid() && m_endpointError.isEmpty()) {
        m_endpointError = m_session.error;
    }
    if (m_options.maxAttempts < 1) {
        m_options.maxAttempts = 1;
    }
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_network->setProxyFactory(new AwsProxyFactory); // the manager owns it
}

AwsClient::~AwsClient() = default;

void AwsClient::setClock(std::function<QDateTime()> clock)
{
    m_clock = std::move(clock);
}

QDateTime AwsClient::now() const
{
    return m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
}

AwsCall* AwsClient::call(AwsRequest request, std::function<void(QJsonObject&)> postProcess)
{
    auto* c = new AwsCall(this, std::move(request), std::move(postProcess));
    QMetaObject::invokeMethod(c, &AwsCall::start, Qt::QueuedConnection);
    return c;
}

AwsCall* AwsClient::listEnvironments()
{
    AwsRequest r;
    r.operation = QStringLiteral("ListEnvironments");
    r.path = QStringLiteral("/environments");
    r.resultArray = QStringLiteral("Environments");
    r.resource = clientTr("the environments of region %1").arg(m_session.region);
    if (m_options.pageSize > 0) {
        r.parameters.append({QStringLiteral("MaxResults"), QString::number(m_options.pageSize)});
    }
    return call(r);
}

AwsCall* AwsClient::getEnvironment(const QString& name)
{
    AwsRequest r;
    r.operation = QStringLiteral("GetEnvironment");
    r.path = QStringLiteral("/environments/") + name;
    r.resource = clientTr("environment %1").arg(name);
    return call(r);
}

AwsCall* AwsClient::listRolePolicies(const QString& roleName)
{
    AwsRequest r;
    r.operation = QStringLiteral("ListRolePolicies");
    r.parameters = {{QStringLiteral("RoleName"), roleName}};
    if (m_options.pageSize > 0) {
        r.parameters.append({QStringLiteral("MaxItems"), QString::number(m_options.pageSize)});
    }
    r.resultArray = QStringLiteral("PolicyNames");
    r.resource = clientTr("role %1").arg(roleName);
    return call(r);
}

AwsCall* AwsClient::getRolePolicy(const QString& roleName, const QString& policyName)
{
    AwsRequest r;
    r.operation = QStringLiteral("GetRolePolicy");
    r.parameters = {{QStringLiteral("RoleName"), roleName}, {QStringLiteral("PolicyName"), policyName}};
    r.resource = clientTr("policy %1 of role %2").arg(policyName, roleName);
    return call(r, [](QJsonObject& result) {
        const QString key = QStringLiteral("PolicyDocument");
        result.insert(key, decodeIamDocument(result.value(key).toString()));
    });
}

AwsCall* AwsClient::listAttachedRolePolicies(const QString& roleName)
{
    AwsRequest r;
    r.operation = QStringLiteral("ListAttachedRolePolicies");
    r.parameters = {{QStringLiteral("RoleName"), roleName}};
    if (m_options.pageSize > 0) {
        r.parameters.append({QStringLiteral("MaxItems"), QString::number(m_options.pageSize)});
    }
    r.resultArray = QStringLiteral("AttachedPolicies");
    r.resource = clientTr("role %1").arg(roleName);
    return call(r);
}

AwsCall* AwsClient::getPolicy(const QString& policyArn)
{
    AwsRequest r;
    r.operation = QStringLiteral("GetPolicy");
    r.parameters = {{QStringLiteral("PolicyArn"), policyArn}};
    r.resource = clientTr("policy %1").arg(lastPathSegment(policyArn));
    return call(r);
}

AwsCall* AwsClient::getPolicyVersion(const QString& policyArn, const QString& versionId)
{
    AwsRequest r;
    r.operation = QStringLiteral("GetPolicyVersion");
    r.parameters = {{QStringLiteral("PolicyArn"), policyArn}, {QStringLiteral("VersionId"), versionId}};
    r.resource = clientTr("version %1 of policy %2").arg(versionId, lastPathSegment(policyArn));
    return call(r, [](QJsonObject& result) {
        QJsonObject version = result.value(QStringLiteral("PolicyVersion")).toObject();
        version.insert(QStringLiteral("Document"),
                       decodeIamDocument(version.value(QStringLiteral("Document")).toString()));
        result.insert(QStringLiteral("PolicyVersion"), version);
    });
}

AwsCall* AwsClient::assumeRole(const AssumeRoleParameters& p)
{
    AwsRequest r;
    r.operation = QStringLiteral("AssumeRole");
    r.parameters = {{QStringLiteral("RoleArn"), p.roleArn}, {QStringLiteral("RoleSessionName"), p.roleSessionName}};
    if (!p.externalId.isEmpty()) {
        r.parameters.append({QStringLiteral("ExternalId"), p.externalId});
    }
    if (p.durationSeconds > 0) {
        r.parameters.append({QStringLiteral("DurationSeconds"), QString::number(p.durationSeconds)});
    }
    r.resource = clientTr("role %1").arg(p.roleArn);
    return call(r);
}

void AwsClient::cancelAll()
{
    const auto calls = findChildren<AwsCall*>(QString(), Qt::FindDirectChildrenOnly);
    for (AwsCall* c : calls) {
        c->cancel();
    }
}

} // namespace kps::aws
