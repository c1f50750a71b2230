// SPDX-License-Identifier: GPL-3.0-or-later
#include "aws/AwsHttp.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QLocale>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QSslCertificate>
#include <QSslConfiguration>

#include <algorithm>

namespace kps::aws {

namespace {

QString httpTr(const char* text)
{
    return QCoreApplication::translate("kps::aws::KmsClient", text);
}

} // namespace

bool isLoopbackHost(const QString& host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0) {
        return true;
    }
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

QByteArray hostHeader(const QUrl& url)
{
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':')) {
        host = '[' + host + ']';
    }
    if (url.port() != -1) {
        host += ':' + QByteArray::number(url.port());
    }
    return host;
}

QDateTime parseHttpDate(const QByteArray& value)
{
    if (value.isEmpty()) {
        return {};
    }
    const QString text = QString::fromLatin1(value).trimmed();
    QDateTime t = QDateTime::fromString(text, Qt::RFC2822Date);
    if (!t.isValid()) {
        // "Sun, 29 Nov 2026 02:09:51 GMT" (RFC 7231 IMF-fixdate)
        t = QLocale::c().toDateTime(text, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
        t.setTimeSpec(Qt::UTC);
    }
    return t;
}

QUrl checkedEndpointOverride(const QString& endpointUrl, QString* error)
{
    const QUrl url(endpointUrl, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty()
        || (scheme != QLatin1String("https") && scheme != QLatin1String("http"))) {
        *error = httpTr("The endpoint URL %1 is not an http(s) URL with a host.").arg(endpointUrl);
        return {};
    }
    if (scheme == QLatin1String("http") && !isLoopbackHost(url.host())) {
        *error = httpTr("The endpoint URL %1 is not encrypted: use https (plain http is accepted only for local test "
                        "servers on a loopback address).")
                     .arg(endpointUrl);
        return {};
    }
    if (!url.query().isEmpty() || !url.fragment().isEmpty()) {
        *error = httpTr("The endpoint URL %1 must not have a query or fragment.").arg(endpointUrl);
        return {};
    }
    QUrl result = url;
    if (result.path().isEmpty()) {
        result.setPath(QStringLiteral("/"));
    }
    return result;
}

int retryDelayMs(int attempt, int baseMs, int capMs)
{
    const qint64 ceiling = std::min<qint64>(capMs, qint64(baseMs) << std::clamp(attempt - 1, 0, 20));
    return int(QRandomGenerator::global()->bounded(ceiling + 1));
}

QNetworkRequest signedRequest(
    const QUrl& url, const SigV4Request& toSign, const SigV4Options& signing, const AwsSession& session, int timeoutMs)
{
    const SigV4Result signature = signV4(toSign, session.credentials, signing);
    QNetworkRequest request(url);
    for (const auto& [name, value] : toSign.headers) {
        request.setRawHeader(name, value);
    }
    for (const auto& [name, value] : signature.addedHeaders) {
        request.setRawHeader(name, value);
    }
    prepareRequest(request, session, timeoutMs);
    return request;
}

void prepareRequest(QNetworkRequest& request, const AwsSession& session, int timeoutMs)
{
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QStringLiteral("keypolicy-studio/%1 Qt/%2")
                          .arg(QCoreApplication::applicationVersion(), QLatin1String(qVersion())));
    request.setTransferTimeout(timeoutMs);
    // HTTP/1.1 only: with HTTP/2 the signed Host travels as :authority, which has not been tested against AWS.
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (!session.caBundle.isEmpty()) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        QList<QSslCertificate> cas = ssl.caCertificates();
        cas += QSslCertificate::fromPath(session.caBundle, QSsl::Pem);
        ssl.setCaCertificates(cas);
        request.setSslConfiguration(ssl); // adds trust anchors; peer verification stays on
    }
}

QList<QNetworkProxy> AwsProxyFactory::queryProxy(const QNetworkProxyQuery& query)
{
    if (isLoopbackHost(query.peerHostName())) {
        return {QNetworkProxy(QNetworkProxy::NoProxy)};
    }
    return systemProxyForQuery(query);
}

} // namespace kps::aws
