// SPDX-License-Identifier: GPL-3.0-or-later
#include "aws/KmsError.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QStringList>

#include <cmath>
#include <cstdlib>

namespace kps::aws {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("kps::aws::KmsError", text);
}

const QStringList kThrottling = {QStringLiteral("Throttling"),
                                 QStringLiteral("ThrottlingException"),
                                 QStringLiteral("ThrottledException"),
                                 QStringLiteral("RequestThrottledException"),
                                 QStringLiteral("TooManyRequestsException"),
                                 QStringLiteral("RequestLimitExceeded"),
                                 QStringLiteral("RequestThrottled"),
                                 QStringLiteral("BandwidthLimitExceeded"),
                                 QStringLiteral("ProvisionedThroughputExceededException"),
                                 QStringLiteral("TransactionInProgressException"),
                                 QStringLiteral("EC2ThrottledException"),
                                 QStringLiteral("SlowDown")};
const QStringList kTransient = {QStringLiteral("KMSInternalException"),
                                QStringLiteral("DependencyTimeoutException"),
                                QStringLiteral("InternalFailure"),
                                QStringLiteral("InternalError"),
                                QStringLiteral("ServiceUnavailable"),
                                QStringLiteral("RequestTimeout"),
                                QStringLiteral("RequestTimeoutException"),
                                QStringLiteral("PriorRequestNotComplete")};

/** The time in "Signature expired: A is now earlier than B (SERVER - 5 min.)" messages. */
QDateTime serverTimeFromMessage(const QString& message)
{
    static const QRegularExpression re(QStringLiteral("\\((\\d{8}T\\d{6}Z) [-+] \\d+ min\\.\\)"));
    const QRegularExpressionMatch m = re.match(message);
    if (!m.hasMatch()) {
        return {};
    }
    QDateTime t = QDateTime::fromString(m.captured(1), QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    t.setTimeSpec(Qt::UTC);
    return t;
}

QString said(const KmsError& e)
{
    return e.awsMessage.isEmpty() ? QString() : tr(" AWS said: %1").arg(e.awsMessage);
}

} // namespace

QString normalizeErrorCode(const QString& type)
{
    const qsizetype hash = type.lastIndexOf(QLatin1Char('#'));
    QString code = hash < 0 ? type : type.mid(hash + 1);
    // Some services append ":http://internal.amazon.com/..." to the type.
    const qsizetype colon = code.indexOf(QLatin1Char(':'));
    if (colon >= 0) {
        code = code.left(colon);
    }
    return code.trimmed();
}

bool isRetryable(const KmsError& error)
{
    switch (error.kind) {
    case KmsError::Kind::Network:
    case KmsError::Kind::Timeout:
        return true;
    case KmsError::Kind::Aws:
    case KmsError::Kind::Http:
        return kThrottling.contains(error.code) || kTransient.contains(error.code) || error.httpStatus == 429
            || (error.httpStatus >= 500 && error.httpStatus <= 599);
    default:
        return false;
    }
}

qint64 clockSkewSeconds(const KmsError& error, const QDateTime& localTime)
{
    QDateTime server = error.serverDate;
    if (!server.isValid()) {
        server = serverTimeFromMessage(error.awsMessage);
    }
    if (!server.isValid() || !localTime.isValid()) {
        return 0;
    }
    return server.secsTo(localTime);
}

void describeError(KmsError& e, const KmsErrorContext& c)
{
    const QString permission = c.permissionPrefix + QLatin1Char(':') + e.operation;
    const QString key = !c.resource.isEmpty() ? c.resource : (c.keyId.isEmpty() ? tr("the key") : c.keyId);
    const QString& service = c.service;
    QString text;
    switch (e.kind) {
    case KmsError::Kind::None:
        e.message.clear();
        return;
    case KmsError::Kind::Cancelled:
        e.message = tr("%1 was cancelled.").arg(e.operation);
        return;
    case KmsError::Kind::Timeout:
        text = tr("%5 did not answer %1 within %2 seconds (%3 attempt(s)) at %4. Check your network or proxy, or "
                  "raise the timeout.")
                   .arg(e.operation)
                   .arg(c.timeoutSeconds)
                   .arg(e.attempts)
                   .arg(c.host, service);
        break;
    case KmsError::Kind::Network:
        if (e.networkError.contains(QLatin1String("SSL"), Qt::CaseInsensitive)
            || e.networkError.contains(QLatin1String("certificate"), Qt::CaseInsensitive)
            || e.networkError.contains(QLatin1String("TLS"), Qt::CaseInsensitive)) {
            text = tr("The TLS certificate of %1 could not be verified (%2). Keypolicy Studio never turns "
                      "verification off: if a proxy or VPC endpoint uses its own certificate authority, point "
                      "AWS_CA_BUNDLE (or --ca-bundle) at its PEM file.")
                       .arg(c.host, e.networkError);
        } else {
            text = tr("Could not reach %6 at %1 for %2 (%3 attempt(s)): %4. Check the region (%5), the endpoint URL "
                      "and your network.")
                       .arg(c.host, e.operation)
                       .arg(e.attempts)
                       .arg(e.networkError, c.region, service);
        }
        break;
    case KmsError::Kind::Credentials:
    case KmsError::Kind::Local:
        e.message = e.awsMessage;
        return;
    case KmsError::Kind::Protocol:
        text = tr("%3 answered %1 with something that is not a %3 response (HTTP %2). Check the endpoint URL.")
                   .arg(e.operation)
                   .arg(e.httpStatus)
                   .arg(service);
        break;
    case KmsError::Kind::Http:
        text = tr("%4 answered %1 with HTTP %2 and no error code (%3 attempt(s)). Try again later; if it persists, "
                  "check the endpoint URL.")
                   .arg(e.operation)
                   .arg(e.httpStatus)
                   .arg(e.attempts)
                   .arg(service);
        break;
    case KmsError::Kind::Aws:
        if (e.code == QLatin1String("AccessDeniedException") || e.code == QLatin1String("AccessDenied")) {
            static const QRegularExpression who(QStringLiteral("User: (\\S+) is not authorized"));
            const QRegularExpressionMatch m = who.match(e.awsMessage);
            const QString principal = m.hasMatch() ? m.captured(1) : tr("your identity");
            text = c.permissionPrefix == QLatin1String("kms")
                ? tr("Access denied: %1 lacks the permission %2 on %3. Allow %2 for it in its IAM policy and make "
                     "sure the key policy allows it too (directly or through the account root).%4")
                      .arg(principal, permission, key, said(e))
                : tr("Access denied: %1 lacks the permission %2 on %3. Allow %2 for it in its IAM policy.%4")
                      .arg(principal, permission, key, said(e));
        } else if (e.code == QLatin1String("NotFoundException")) {
            text = tr("KMS found no %1 in region %2 for these credentials. Check the region (--region, AWS_REGION or "
                      "the profile's region) and the key id, key ARN or alias; a key in another account needs its "
                      "full ARN.%3")
                       .arg(key, c.region, said(e));
        } else if (e.code == QLatin1String("NoSuchEntity") || e.code == QLatin1String("ResourceNotFoundException")) {
            text = tr("%1 found no %2 in this account for these credentials (%3). Check the name and the account.%4")
                       .arg(service, key, e.operation, said(e));
        } else if (e.code == QLatin1String("ExpiredTokenException") || e.code == QLatin1String("RequestExpired")
                   || e.code == QLatin1String("ExpiredToken")) {
            text = tr("The temporary credentials from %1 have expired. Get new ones (e.g. `aws sso login`, or export "
                      "a fresh AWS_SESSION_TOKEN) and try again.")
                       .arg(c.credentialSource);
        } else if (e.code == QLatin1String("UnrecognizedClientException")
                   || e.code == QLatin1String("InvalidClientTokenId")) {
            text = tr("AWS does not recognise the access key %1 (from %2): it may be deleted or inactive, belong to "
                      "another partition, or its session token may be missing or wrong. Check those credentials.")
                       .arg(c.accessKeyId, c.credentialSource);
        } else if (e.code == QLatin1String("InvalidSignatureException")
                   || e.code == QLatin1String("SignatureDoesNotMatch")) {
            const qint64 skew = clockSkewSeconds(e, c.localTime);
            if (std::llabs(skew) > 5 * 60) {
                const qint64 minutes = std::llround(std::abs(double(skew)) / 60.0);
                text = tr("Your computer's clock is off by %1 minutes (%2 of AWS's time, %3 UTC): AWS rejects "
                          "signatures more than 5 minutes off. Correct the system clock (turn on automatic time / "
                          "NTP) and try again.")
                           .arg(minutes)
                           .arg(skew > 0 ? tr("ahead") : tr("behind"))
                           .arg(e.serverDate.isValid() ? e.serverDate.toUTC().toString(Qt::ISODate)
                                                       : serverTimeFromMessage(e.awsMessage).toString(Qt::ISODate));
            } else {
                text = tr("AWS rejected the request signature: the secret access key from %1 does not belong to "
                          "access key %2 (or the signature was scoped to another region than %3). Check the "
                          "secret key and the region.%4")
                           .arg(c.credentialSource, c.accessKeyId, c.region, said(e));
            }
        } else if (e.code == QLatin1String("MissingAuthenticationTokenException")
                   || e.code == QLatin1String("IncompleteSignatureException")) {
            text = tr("AWS says the request was not signed properly (%1). This is a bug in Keypolicy Studio; please "
                      "report it.%2")
                       .arg(e.code, said(e));
        } else if (kThrottling.contains(e.code) || e.httpStatus == 429) {
            text = tr("%4 throttled %1 (%2 attempt(s)): too many requests for this account and region. Wait a "
                      "moment and try again.%3")
                       .arg(e.operation)
                       .arg(e.attempts)
                       .arg(said(e), service);
        } else if (e.code == QLatin1String("KMSInternalException")
                   || e.code == QLatin1String("DependencyTimeoutException") || e.httpStatus >= 500) {
            text = tr("%5 had an internal problem with %1 (%2, %3 attempt(s)). Try again in a few minutes.%4")
                       .arg(e.operation, e.code)
                       .arg(e.attempts)
                       .arg(said(e), service);
        } else if (e.code == QLatin1String("KMSInvalidStateException")) {
            text = tr("The key's state does not allow %1 (e.g. it is pending deletion, disabled or unavailable). "
                      "Check the key state in the KMS console.%2")
                       .arg(e.operation, said(e));
        } else if (e.code == QLatin1String("MalformedPolicyDocumentException")) {
            text = tr("KMS rejected the policy.%1 If it says you could not update the policy in the future, the "
                      "policy must keep kms:PutKeyPolicy for you or the account root (the lockout safety check).")
                       .arg(said(e));
        } else if (e.code == QLatin1String("LimitExceededException")) {
            text = tr("A KMS limit was hit: a key policy may have at most 32,768 bytes.%1").arg(said(e));
        } else if (e.code == QLatin1String("InvalidArnException")) {
            text = tr("The ARN is malformed. Check %1.%2").arg(key, said(e));
        } else if (e.code == QLatin1String("UnsupportedOperationException")) {
            text = tr("KMS does not support %1 for this key (AWS managed keys' policies cannot be changed).%2")
                       .arg(e.operation, said(e));
        } else if (e.code == QLatin1String("InvalidMarkerException")) {
            text = tr("The listing changed while it was read (stale marker). Try again.%1").arg(said(e));
        } else if (e.code == QLatin1String("ValidationException")) {
            text = tr("%2 refused the request as invalid.%1").arg(said(e), service);
        } else {
            text = tr("%4 refused %1 with %2.%3").arg(e.operation, e.code, said(e), service);
        }
        break;
    }
    if (!e.requestId.isEmpty()) {
        text += tr(" (request id %1)").arg(e.requestId);
    }
    e.message = text;
}

} // namespace kps::aws
