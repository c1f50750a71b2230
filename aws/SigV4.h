// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

class QDebug;

namespace kps::aws {

/**
 * AWS credentials. The secret and the session token live only in memory: nothing in aws/ ever logs, prints or writes
 * them. The QDebug operator below prints the access key id and the source only.
 */
struct Credentials
{
    QString accessKeyId;
    QByteArray secretAccessKey;
    QByteArray sessionToken; ///< empty for long-term keys
    QDateTime expiration; ///< invalid when the credentials do not expire
    QString source; ///< where they came from, for messages ("environment", "profile dev in ~/.aws/credentials")

    bool isValid() const { return !accessKeyId.isEmpty() && !secretAccessKey.isEmpty(); }
    /// True when an expiration is known and lies within `marginSeconds` of `now`.
    bool expiresWithin(const QDateTime& now, qint64 marginSeconds) const;
};

QDebug operator<<(QDebug debug, const Credentials& credentials);

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

/** A request to sign, as it goes on the wire. */
struct SigV4Request
{
    QByteArray method = "POST";
    QByteArray path = "/"; ///< the path as sent, not percent-encoded (UTF-8 bytes, spaces allowed)
    QByteArray query; ///< the query string without '?', percent-encoded as sent (may be empty)
    HeaderList headers; ///< every header to sign, in order; must include Host
    QByteArray body;
};

/** How to sign. */
struct SigV4Options
{
    QString region;
    QString service;
    QDateTime time; ///< signing time (converted to UTC)
    bool normalizePath = true; ///< remove "." / ".." segments and duplicate slashes (every service but S3)
    bool signBody = false; ///< add and sign x-amz-content-sha256 (S3 style; KMS does not use it)
    bool omitSessionToken = false; ///< add X-Amz-Security-Token after signing (not signed); KMS signs it
};

/** Every intermediate of one signature, so a test can tell which step differs. */
struct SigV4Result
{
    QByteArray canonicalRequest;
    QByteArray stringToSign;
    QByteArray signature; ///< lower-case hex
    QByteArray authorization; ///< the Authorization header value
    /// Headers to add to the request, in the order AWS's suite adds them: X-Amz-Security-Token, X-Amz-Date,
    /// x-amz-content-sha256, Authorization.
    HeaderList addedHeaders;
};

/** Signs a request with AWS Signature Version 4 (AWS4-HMAC-SHA256, Authorization header). Pure; never throws. */
SigV4Result signV4(const SigV4Request& request, const Credentials& credentials, const SigV4Options& options);

/** RFC 3986 percent-encoding of everything but A-Z a-z 0-9 - . _ ~ (upper-case hex), optionally keeping '/'. */
QByteArray uriEncode(const QByteArray& bytes, bool keepSlash);
/** The canonical URI of a path (normalized when asked, then percent-encoded). */
QByteArray canonicalUri(const QByteArray& path, bool normalize);
/** The canonical query string: parameters decoded, re-encoded and sorted by name, then value. */
QByteArray canonicalQuery(const QByteArray& query);
/** A header value as SigV4 signs it: trimmed, every run of white space collapsed to one space. */
QByteArray canonicalHeaderValue(const QByteArray& value);
/** "yyyyMMddTHHmmssZ" in UTC. */
QByteArray amzDate(const QDateTime& time);

} // namespace kps::aws
