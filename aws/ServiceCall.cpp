// SPDX-License-Identifier: GPL-3.0-or-later
#include "aws/ServiceCall.h"

#include "aws/AwsHttp.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace kps::aws {

ServiceCall::ServiceCall(QObject* client, QString operation, QString resultArray)
    : QObject(client)
    , m_client(client)
    , m_operation(std::move(operation))
    , m_resultArray(std::move(resultArray))
{
    m_error.operation = m_operation;
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &ServiceCall::send);
}

ServiceCall::~ServiceCall()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

bool ServiceCall::recover(const KmsError&)
{
    return false;
}

bool ServiceCall::mayRetry(const KmsError&) const
{
    return true;
}

void ServiceCall::cancel()
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

void ServiceCall::send()
{
    if (!m_client || m_finished) {
        return;
    }
    ++m_attempt;
    m_reply = sendAttempt();
    if (m_reply) {
        connect(m_reply, &QNetworkReply::finished, this, &ServiceCall::onReply);
    }
}

void ServiceCall::onReply()
{
    QNetworkReply* reply = m_reply;
    m_reply = nullptr;
    if (!reply) {
        return;
    }
    reply->deleteLater();
    if (!m_client) {
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
        const QJsonObject page = readPage(body, e);
        if (!e.isError()) {
            qCDebug(logCategory()).noquote() << "<-" << m_operation << status << e.requestId;
            if (m_resultArray.isEmpty()) {
                m_result = page;
                completeResult(m_result, false);
                finish();
                return;
            }
            if (takePage(page)) {
                return;
            }
            e.kind = KmsError::Kind::Protocol;
        }
    } else {
        readError(body, *reply, e);
        e.kind = e.code.isEmpty() ? KmsError::Kind::Http : KmsError::Kind::Aws;
    }

    qCDebug(logCategory()).noquote() << "<-" << m_operation << "failed: HTTP" << status << e.code << e.networkError
                                     << e.requestId;
    if (recover(e)) {
        return;
    }
    const RetrySettings retry = retrySettings();
    if (isRetryable(e) && mayRetry(e) && m_attempt < retry.maxAttempts) {
        const int delay = retryDelayMs(m_attempt, retry.baseMs, retry.capMs);
        const QString reason = e.code.isEmpty()
            ? (e.networkError.isEmpty() ? QStringLiteral("HTTP %1").arg(status) : e.networkError)
            : e.code;
        qCDebug(logCategory()).noquote() << "   retrying" << m_operation << "in" << delay << "ms";
        emit retrying(m_attempt, delay, reason);
        m_retryTimer.start(delay);
        return;
    }
    fail(e);
}

bool ServiceCall::takePage(const QJsonObject& page)
{
    ++m_pages;
    for (const QJsonValue& item : page.value(m_resultArray).toArray()) { // an empty XML list reads as "": no items
        m_items.append(item);
    }
    const QString next = nextMarker(page);
    if (next.isEmpty()) {
        m_result = page;
        m_result.insert(m_resultArray, m_items);
        completeResult(m_result, true);
        finish();
        return true;
    }
    if (next == m_marker || m_pages > 100000) {
        return false; // a service that keeps answering with the same page
    }
    m_marker = next;
    m_attempt = 0; // each page gets its own attempts
    send();
    return true;
}

QJsonObject ServiceCall::jsonPage(const QByteArray& body, KmsError& error)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject()) {
        error.kind = KmsError::Kind::Protocol;
        return {};
    }
    return doc.object();
}

QString ServiceCall::readJsonError(const QByteArray& body, KmsError& error)
{
    const QJsonObject answer = QJsonDocument::fromJson(body).object();
    error.awsMessage = answer.value(QStringLiteral("message")).toString();
    if (error.awsMessage.isEmpty()) {
        error.awsMessage = answer.value(QStringLiteral("Message")).toString();
    }
    const QString type = answer.value(QStringLiteral("__type")).toString();
    return type.isEmpty() ? answer.value(QStringLiteral("code")).toString() : type;
}

void ServiceCall::uncountAttempt()
{
    --m_attempt;
}

void ServiceCall::fail(KmsError error)
{
    if (m_finished) {
        return;
    }
    error.operation = m_operation;
    if (error.attempts < m_attempt) {
        error.attempts = m_attempt;
    }
    describeError(error, errorContext());
    m_error = error;
    finish();
}

void ServiceCall::finish()
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    m_retryTimer.stop();
    // Always asynchronous: callers connect to finished() after the call returned.
    QMetaObject::invokeMethod(this, &ServiceCall::finished, Qt::QueuedConnection);
}

} // namespace kps::aws
