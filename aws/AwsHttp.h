// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "aws/AwsConfig.h"
#include "aws/SigV4.h"

#include <QByteArray>
#include <QDateTime>
#include <QNetworkProxyFactory>
#include <QString>
#include <QUrl>

class QNetworkRequest;

namespace kps::aws {

/** The HTTP plumbing every AWS client of aws/ shares (KmsClient, AwsClient). */

/** "localhost" or a loopback address: the only hosts plain http is accepted for. */
bool isLoopbackHost(const QString& host);
/** The Host value exactly as Qt will send it for this URL (with the port whenever the URL has one). */
QByteArray hostHeader(const QUrl& url);
/** An HTTP Date header (RFC 2822 / IMF-fixdate); invalid when empty or unreadable. */
QDateTime parseHttpDate(const QByteArray& value);

/**
 * An endpoint override (--endpoint-url, AWS_ENDPOINT_URL[_SERVICE]) checked: an http(s) URL with a host, https unless
 * the host is a loopback address, no query or fragment; the path "/" when it has none. Invalid URL and *error set
 * otherwise.
 */
QUrl checkedEndpointOverride(const QString& endpointUrl, QString* error);

/**
 * The standard retry mode's delay before attempt `attempt + 1` (full jitter): random(0, min(cap, base *
 * 2^(attempt-1))).
 */
int retryDelayMs(int attempt, int baseMs, int capMs);

/**
 * The request settings every AWS call uses: the user agent, the transfer timeout, HTTP/1.1 (with HTTP/2 the signed
 * Host would travel as :authority), no redirects, and the session's CA bundle added to the trust anchors
 * (verification always stays on).
 */
void prepareRequest(QNetworkRequest& request, const AwsSession& session, int timeoutMs);

/**
 * The request of one attempt: `toSign` signed with SigV4 for the session's credentials (a fresh signature each
 * attempt), its headers and the signature's set as signed (Host too: Qt then sends exactly the value that was
 * signed), then prepareRequest().
 */
QNetworkRequest signedRequest(
    const QUrl& url, const SigV4Request& toSign, const SigV4Options& signing, const AwsSession& session, int timeoutMs);

/**
 * The system's proxy settings (as Qt reads them: https_proxy / http_proxy / no_proxy, or the desktop's), like the
 * AWS CLI honours HTTPS_PROXY; loopback addresses are always reached directly.
 */
class AwsProxyFactory : public QNetworkProxyFactory
{
public:
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery& query) override;
};

} // namespace kps::aws
