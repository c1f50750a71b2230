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
    : ServiceCall(client, request.operation, request.resultArray)
    , m_client(client)
    , m_request(std::move(request))
    , m_postProcess(std::move(postProcess))
    , m_query(client->m_info.query)
{ }

void AwsCall::start()
{
    AwsClient* client = m_client;
    if (!client || isFinished() || isCancelled()) {
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

QNetworkReply* AwsCall::sendAttempt()
{
    AwsClient* client = m_client;
    const AwsServiceInfo& info = client->m_info;
    QList<QPair<QString, QString>> parameters = m_request.parameters;
    QUrl url = client->m_endpoint;
    QString basePath = url.path();
    if (basePath.endsWith(QLatin1Char('/'))) {
        basePath.chop(1);
    }
    SigV4Request toSign;
    QByteArray body;
    if (m_query) {
        parameters.prepend({QStringLiteral("Version"), info.apiVersion});
        parameters.prepend({QStringLiteral("Action"), m_request.operation});
        if (!marker().isEmpty()) {
            parameters.append({QStringLiteral("Marker"), marker()});
        }
        body = encodePairs(parameters);
        toSign.method = "POST";
        toSign.path = url.path(QUrl::FullyDecoded).toUtf8();
        toSign.headers
            = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}, {"Host", hostHeader(url)}};
    } else {
        if (!marker().isEmpty()) {
            parameters.append({QStringLiteral("NextToken"), marker()});
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
    const QNetworkRequest request = signedRequest(url, toSign, options, client->m_session, client->m_options.timeoutMs);

    qCDebug(lcAws).noquote() << "->" << info.displayName << m_request.operation << "attempt" << attempt() << "to"
                             << url.host() << "as" << client->m_session.credentials.accessKeyId;
    emit client->requestSent(m_request.operation, attempt());
    return m_query ? client->m_network->post(request, body)
                   : client->m_network->sendCustomRequest(request, m_request.method);
}

QJsonObject AwsCall::readPage(const QByteArray& body, KmsError& error) const
{
    if (m_query) {
        QString root;
        const QJsonObject document = queryXmlToJson(body, &root);
        if (root != m_request.operation + QLatin1String("Response")) {
            error.kind = KmsError::Kind::Protocol;
            return {};
        }
        return document.value(m_request.operation + QLatin1String("Result")).toObject();
    }
    if (body.trimmed().isEmpty()) {
        return {};
    }
    return jsonPage(body, error);
}

void AwsCall::readError(const QByteArray& body, const QNetworkReply& reply, KmsError& error) const
{
    QString type;
    if (m_query) {
        const QJsonObject document = queryXmlToJson(body, nullptr);
        const QJsonObject answer = document.value(QStringLiteral("Error")).toObject();
        type = answer.value(QStringLiteral("Code")).toString();
        error.awsMessage = answer.value(QStringLiteral("Message")).toString();
        if (error.requestId.isEmpty()) {
            error.requestId = document.value(QStringLiteral("RequestId")).toString();
        }
    } else {
        const QString inBody = readJsonError(body, error);
        type = QString::fromLatin1(reply.rawHeader("x-amzn-ErrorType"));
        if (type.isEmpty()) {
            type = inBody;
        }
    }
    error.code = normalizeErrorCode(type);
}

QString AwsCall::nextMarker(const QJsonObject& page) const
{
    if (!m_query) {
        return page.value(QStringLiteral("NextToken")).toString();
    }
    return page.value(QStringLiteral("IsTruncated")).toString() == QLatin1String("true")
        ? page.value(QStringLiteral("Marker")).toString()
        : QString();
}

void AwsCall::completeResult(QJsonObject& result, bool list)
{
    if (!list) {
        if (m_postProcess) {
            m_postProcess(result);
        }
        return;
    }
    result.remove(QStringLiteral("NextToken"));
    result.remove(QStringLiteral("Marker"));
    if (m_query) {
        result.insert(QStringLiteral("IsTruncated"), false);
    }
}

RetrySettings AwsCall::retrySettings() const
{
    return retrySettingsOf(m_client->m_session, m_client->m_options);
}

KmsErrorContext AwsCall::errorContext() const
{
    KmsErrorContext context;
    if (const AwsClient* client = m_client) {
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
    return context;
}

const QLoggingCategory& AwsCall::logCategory() const
{
    return lcAws();
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
