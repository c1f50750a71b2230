// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "aws/KmsError.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QLoggingCategory;
class QNetworkReply;

namespace kps::aws {

/** How often and how soon a call tries again (the client's options, the session's max_attempts). */
struct RetrySettings
{
    int maxAttempts = 1;
    int baseMs = 1000;
    int capMs = 20000;
};

/**
 * One AWS operation in flight, whatever the protocol: its attempts (standard-mode retries with full jitter), for
 * list operations all of its pages, cancellation, and finished() emitted exactly once, asynchronously. KmsCall
 * (JSON 1.1) and AwsCall (REST-JSON, Query) say how a request is signed and sent and how an answer reads.
 */
class ServiceCall : public QObject
{
    Q_OBJECT

public:
    ~ServiceCall() override;

    QString operation() const { return m_operation; }
    bool isFinished() const { return m_finished; }
    bool succeeded() const { return m_finished && !m_error.isError(); }
    const KmsError& error() const { return m_error; }
    /** The answer; for list operations every page merged into one array. */
    QJsonObject result() const { return m_result; }
    /** Stops the call (aborts the transfer or the pending retry); finished() follows with Kind::Cancelled. */
    void cancel();

signals:
    /** Attempt `attempt` failed with a retryable error; the next one starts after `delayMs`. */
    void retrying(int attempt, int delayMs, const QString& reason);
    void finished();

protected:
    /// `client` owns the call; once it is gone the call does nothing more. `resultArray`: the array a list
    /// operation's pages are merged into, empty for an operation with one answer.
    ServiceCall(QObject* client, QString operation, QString resultArray);

    /** The next attempt (counted in m_attempt); its answer goes to onReply(). */
    void send();
    void fail(KmsError error);
    void finish();
    bool isCancelled() const { return m_cancelled; }
    int attempt() const { return m_attempt; }
    /** For recover(): the attempt that failed is not counted (it is made again). */
    void uncountAttempt();
    /** The marker of the page to ask for next; empty for the first page. */
    const QString& marker() const { return m_marker; }

    /** A JSON protocol's answer: the body's object; Protocol in error.kind when the body is not one. */
    static QJsonObject jsonPage(const QByteArray& body, KmsError& error);
    /**
     * A JSON protocol's error answer: its message (message or Message) into error.awsMessage; returns its type as
     * the body gives it (__type, else code), not yet normalized.
     */
    static QString readJsonError(const QByteArray& body, KmsError& error);

    /** Signs and sends attempt attempt(); nullptr when that cannot be done (the call has then failed). */
    virtual QNetworkReply* sendAttempt() = 0;
    /** A successful answer's body as a page; sets error.kind to Protocol when it is not one. */
    virtual QJsonObject readPage(const QByteArray& body, KmsError& error) const = 0;
    /** An error answer's code (normalized) and message, and its request id when only the body has it. */
    virtual void readError(const QByteArray& body, const QNetworkReply& reply, KmsError& error) const = 0;
    /** List operations: the marker of the page after `page`, empty on the last page. */
    virtual QString nextMarker(const QJsonObject& page) const = 0;
    /** The answer made final (`list`: the last page with every item already merged in). */
    virtual void completeResult(QJsonObject& result, bool list) = 0;
    /** A failed attempt the call takes care of itself (new credentials, then attempt again): true when it did. */
    virtual bool recover(const KmsError& error);
    /** Whether a retryable failure may be retried (an operation whose outcome is then unknown may not). */
    virtual bool mayRetry(const KmsError& error) const;
    virtual RetrySettings retrySettings() const = 0;
    /** What error messages name (region, host, credentials, the resource); also asked once the client is gone. */
    virtual KmsErrorContext errorContext() const = 0;
    virtual const QLoggingCategory& logCategory() const = 0;

private:
    void onReply();
    /** A page of a list: collect it, then ask for the next while there is one. False when the answer is wrong. */
    bool takePage(const QJsonObject& page);

    QPointer<QObject> m_client;
    QString m_operation;
    QString m_resultArray;
    QJsonArray m_items;
    QJsonObject m_result;
    KmsError m_error;
    QPointer<QNetworkReply> m_reply;
    QTimer m_retryTimer;
    QString m_marker;
    int m_attempt = 0;
    int m_pages = 0;
    bool m_cancelled = false;
    bool m_finished = false;
};

} // namespace kps::aws
