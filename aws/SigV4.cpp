// SPDX-License-Identifier: GPL-3.0-or-later
#include "aws/SigV4.h"

#include <QCryptographicHash>
#include <QDebug>
#include <QMap>
#include <QMessageAuthenticationCode>

#include <algorithm>

namespace kps::aws {

bool Credentials::expiresWithin(const QDateTime& now, qint64 marginSeconds) const
{
    return expiration.isValid() && now.secsTo(expiration) <= marginSeconds;
}

QDebug operator<<(QDebug debug, const Credentials& credentials)
{
    // Deliberately without the secret and the token: debug output ends up in logs and bug reports.
    QDebugStateSaver saver(debug);
    debug.nospace() << "Credentials(" << credentials.accessKeyId << ", secret=<redacted>"
                    << (credentials.sessionToken.isEmpty() ? "" : ", token=<redacted>") << ", source=\""
                    << credentials.source << "\")";
    return debug;
}

namespace {

bool isUnreserved(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
        || c == '_' || c == '~';
}

QByteArray sha256Hex(const QByteArray& data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

QByteArray hmac(const QByteArray& key, const QByteArray& message)
{
    return QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256);
}

QByteArray normalizedPath(const QByteArray& path)
{
    QList<QByteArray> out;
    for (const QByteArray& segment : path.split('/')) {
        if (segment.isEmpty() || segment == ".") {
            continue;
        }
        if (segment == "..") {
            if (!out.isEmpty()) {
                out.removeLast();
            }
            continue;
        }
        out.append(segment);
    }
    QByteArray result = "/" + out.join('/');
    // Like botocore: a trailing slash of the original survives normalization.
    if (path.endsWith('/') && result != "/") {
        result += '/';
    }
    return result;
}

} // namespace

QByteArray uriEncode(const QByteArray& bytes, bool keepSlash)
{
    static const char hex[] = "0123456789ABCDEF";
    QByteArray out;
    out.reserve(bytes.size() * 3);
    for (char c : bytes) {
        if (isUnreserved(c) || (keepSlash && c == '/')) {
            out += c;
        } else {
            const auto u = static_cast<unsigned char>(c);
            out += '%';
            out += hex[u >> 4];
            out += hex[u & 0x0f];
        }
    }
    return out;
}

QByteArray canonicalUri(const QByteArray& path, bool normalize)
{
    QByteArray p = path.isEmpty() ? QByteArray("/") : path;
    if (normalize) {
        p = normalizedPath(p);
    }
    return uriEncode(p, true);
}

QByteArray canonicalQuery(const QByteArray& query)
{
    if (query.isEmpty()) {
        return {};
    }
    QList<QPair<QByteArray, QByteArray>> params;
    for (const QByteArray& part : query.split('&')) {
        if (part.isEmpty()) {
            continue;
        }
        const qsizetype eq = part.indexOf('=');
        const QByteArray name = eq < 0 ? part : part.left(eq);
        const QByteArray value = eq < 0 ? QByteArray() : part.mid(eq + 1);
        params.append({uriEncode(QByteArray::fromPercentEncoding(name), false),
                       uriEncode(QByteArray::fromPercentEncoding(value), false)});
    }
    std::sort(params.begin(), params.end());
    QByteArray out;
    for (const auto& [name, value] : params) {
        if (!out.isEmpty()) {
            out += '&';
        }
        out += name + '=' + value;
    }
    return out;
}

QByteArray canonicalHeaderValue(const QByteArray& value)
{
    // simplified() trims and turns every run of white space (including folded lines) into one space.
    return value.simplified();
}

QByteArray amzDate(const QDateTime& time)
{
    return time.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")).toLatin1();
}

SigV4Result signV4(const SigV4Request& request, const Credentials& credentials, const SigV4Options& options)
{
    SigV4Result result;
    const QByteArray date = amzDate(options.time);
    const QByteArray day = date.left(8);
    const QByteArray payloadHash = sha256Hex(request.body);

    HeaderList toSign = request.headers;
    if (!credentials.sessionToken.isEmpty()) {
        result.addedHeaders.append({"X-Amz-Security-Token", credentials.sessionToken});
        if (!options.omitSessionToken) {
            toSign.append({"X-Amz-Security-Token", credentials.sessionToken});
        }
    }
    result.addedHeaders.append({"X-Amz-Date", date});
    toSign.append({"X-Amz-Date", date});
    if (options.signBody) {
        result.addedHeaders.append({"x-amz-content-sha256", payloadHash});
        toSign.append({"x-amz-content-sha256", payloadHash});
    }

    // Lower-case names, sorted; repeated headers joined with ',' in the order they appear.
    QMap<QByteArray, QByteArray> canonical;
    for (const auto& [name, value] : toSign) {
        const QByteArray key = name.toLower().trimmed();
        const QByteArray v = canonicalHeaderValue(value);
        auto it = canonical.find(key);
        if (it == canonical.end()) {
            canonical.insert(key, v);
        } else {
            it.value() += ',' + v;
        }
    }
    QByteArray canonicalHeaders;
    QByteArrayList signedNames;
    for (auto it = canonical.cbegin(); it != canonical.cend(); ++it) {
        canonicalHeaders += it.key() + ':' + it.value() + '\n';
        signedNames.append(it.key());
    }
    const QByteArray signedHeaders = signedNames.join(';');

    result.canonicalRequest = request.method + '\n' + canonicalUri(request.path, options.normalizePath) + '\n'
        + canonicalQuery(request.query) + '\n' + canonicalHeaders + '\n' + signedHeaders + '\n' + payloadHash;

    const QByteArray scope = day + '/' + options.region.toUtf8() + '/' + options.service.toUtf8() + "/aws4_request";
    result.stringToSign = "AWS4-HMAC-SHA256\n" + date + '\n' + scope + '\n' + sha256Hex(result.canonicalRequest);

    QByteArray key = hmac("AWS4" + credentials.secretAccessKey, day);
    key = hmac(key, options.region.toUtf8());
    key = hmac(key, options.service.toUtf8());
    key = hmac(key, "aws4_request");
    result.signature = hmac(key, result.stringToSign).toHex();

    result.authorization = "AWS4-HMAC-SHA256 Credential=" + credentials.accessKeyId.toUtf8() + '/' + scope
        + ", SignedHeaders=" + signedHeaders + ", Signature=" + result.signature;
    result.addedHeaders.append({"Authorization", result.authorization});
    return result;
}

} // namespace kps::aws
