// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "aws/AwsConfig.h"
#include "aws/KmsClient.h"

#include <QObject>
#include <QPointer>

namespace kps::aws {

class AwsCall;
class CredentialProcess;

/**
 * Turns a resolved session into one with credentials in hand, asynchronously, as the AWS CLI would: a
 * credential_process is run, a role profile's source session is resolved (recursively) and STS AssumeRole is called
 * with it (RoleArn, RoleSessionName, ExternalId, DurationSeconds of the profile). finished() is always emitted once,
 * asynchronously. The STS endpoint follows `stsOptions.endpointUrl` (AWS_ENDPOINT_URL_STS / --endpoint-url).
 */
class SessionCredentials : public QObject
{
    Q_OBJECT

public:
    SessionCredentials(AwsSession session, KmsClientOptions stsOptions, QObject* parent = nullptr);
    ~SessionCredentials() override;

    void start();
    void cancel();
    bool isFinished() const { return m_finished; }
    bool succeeded() const { return m_finished && m_error.isEmpty(); }
    /** The session with credentials (valid once succeeded). */
    const AwsSession& session() const { return m_session; }
    QString error() const { return m_error; }
    QString operation() const { return QStringLiteral("AssumeRole"); }

signals:
    /** The AssumeRole call is retried (throttling, 5xx). */
    void retrying(int attempt, int delayMs, const QString& reason);
    void finished();

private:
    void assume(const AwsSession& source);
    void done(const QString& error);

    AwsSession m_session;
    KmsClientOptions m_stsOptions;
    QPointer<SessionCredentials> m_source;
    QPointer<CredentialProcess> m_process;
    QPointer<AwsCall> m_call;
    QString m_error;
    bool m_finished = false;
};

} // namespace kps::aws
