// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

namespace kps::aws {

/** Why an AWS call (KMS, MWAA, IAM, STS) failed: the raw facts plus a message that says what to do. */
struct KmsError
{
    enum class Kind {
        None,
        Aws, ///< the service answered with an error (code set)
        Http, ///< a non-2xx status without a modelled error (e.g. an HTML 503)
        Network, ///< no answer: DNS, connection, TLS
        Timeout, ///< no answer within the transfer timeout
        Cancelled, ///< the caller cancelled
        Credentials, ///< no usable credentials (resolver or credential_process)
        Protocol, ///< an answer we cannot read (not JSON or XML where it is due)
        Local, ///< refused before sending (a safeguard)
    };

    Kind kind = Kind::None;
    QString operation; ///< e.g. "GetKeyPolicy"
    QString code; ///< AWS error code without namespace, e.g. "AccessDeniedException"
    QString awsMessage; ///< AWS's own text
    int httpStatus = 0;
    QString requestId; ///< x-amzn-RequestId, for AWS Support
    QDateTime serverDate; ///< the response's Date header, when there was one
    QString networkError; ///< Qt's description for Network/Timeout
    int attempts = 1;
    QString message; ///< the text for people: what happened and what to do

    bool isError() const { return kind != Kind::None; }
};

/** Context the message builder needs besides the error itself. */
struct KmsErrorContext
{
    QString region;
    QString keyId; ///< as the user gave it
    QString host; ///< endpoint host
    QString accessKeyId; ///< never the secret
    QString credentialSource;
    QDateTime localTime; ///< the client's clock when the answer arrived
    int timeoutSeconds = 0;
    QString service = QStringLiteral("KMS"); ///< the service's name for people ("KMS", "MWAA", "IAM", "STS")
    QString permissionPrefix = QStringLiteral("kms"); ///< the IAM action prefix of its operations
    QString resource; ///< what the call was about, when it is not a key ("role X", "environment Y")
};

/** The AWS code of an error body's __type (text after the last '#'). */
QString normalizeErrorCode(const QString& type);
/** True for errors worth another attempt: throttling, 429, 5xx, internal and dependency timeouts, network errors. */
bool isRetryable(const KmsError& error);
/** How far the local clock is off from the server's, in seconds (0 when unknown); positive: local clock is ahead. */
qint64 clockSkewSeconds(const KmsError& error, const QDateTime& localTime);
/** Fills error.message from the facts: what went wrong and what to do. Never includes a secret. */
void describeError(KmsError& error, const KmsErrorContext& context);

} // namespace kps::aws
