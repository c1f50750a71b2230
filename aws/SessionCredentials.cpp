// SPDX-License-Identifier: GPL-3.0-or-later
#include "aws/SessionCredentials.h"

#include "aws/AwsClient.h"
#include "aws/CredentialProcess.h"

#include <QCoreApplication>

namespace kps::aws {

namespace {

QString credentialsTr(const char* text)
{
    return QCoreApplication::translate("kps::aws::SessionCredentials", text);
}

} // namespace

SessionCredentials::SessionCredentials(AwsSession session, KmsClientOptions stsOptions, QObject* parent)
    : QObject(parent)
    , m_session(std::move(session))
    , m_stsOptions(std::move(stsOptions))
{ }

SessionCredentials::~SessionCredentials() = default;

void SessionCredentials::start()
{
    if (!m_session.isValid()) {
        done(m_session.error);
        return;
    }
    if (!m_session.assumeRole.roleArn.isEmpty() && m_session.roleSource) {
        AwsSession source = *m_session.roleSource;
        source.region = m_session.region;
        m_source = new SessionCredentials(source, m_stsOptions, this);
        connect(m_source, &SessionCredentials::retrying, this, &SessionCredentials::retrying);
        connect(m_source, &SessionCredentials::finished, this, [this] {
            if (!m_source->succeeded()) {
                done(m_source->error());
                return;
            }
            assume(m_source->session());
        });
        m_source->start();
        return;
    }
    if (!m_session.credentialProcess.isEmpty() && !m_session.credentials.isValid()) {
        m_process = new CredentialProcess(this);
        connect(m_process, &CredentialProcess::succeeded, this, [this](const Credentials& c) {
            m_session.credentials = c;
            done(QString());
        });
        connect(m_process, &CredentialProcess::failed, this, &SessionCredentials::done);
        m_process->start(m_session.credentialProcess, m_session.credentialSource);
        return;
    }
    done(m_session.credentials.isValid() ? QString() : credentialsTr("No AWS credentials."));
}

void SessionCredentials::assume(const AwsSession& source)
{
    auto* sts = new AwsClient(AwsService::Sts, source, m_stsOptions, this);
    AwsClient::AssumeRoleParameters p;
    p.roleArn = m_session.assumeRole.roleArn;
    p.roleSessionName = m_session.assumeRole.roleSessionName;
    p.externalId = m_session.assumeRole.externalId;
    p.durationSeconds = m_session.assumeRole.durationSeconds;
    m_call = sts->assumeRole(p);
    connect(m_call, &AwsCall::retrying, this, &SessionCredentials::retrying);
    connect(m_call, &AwsCall::finished, this, [this] {
        if (!m_call->succeeded()) {
            done(credentialsTr("Could not assume %1 for profile %2: %3")
                     .arg(m_session.assumeRole.roleArn, m_session.profile, m_call->error().message));
            return;
        }
        const QJsonObject c = m_call->result().value(QStringLiteral("Credentials")).toObject();
        Credentials credentials;
        credentials.accessKeyId = c.value(QStringLiteral("AccessKeyId")).toString();
        credentials.secretAccessKey = c.value(QStringLiteral("SecretAccessKey")).toString().toUtf8();
        credentials.sessionToken = c.value(QStringLiteral("SessionToken")).toString().toUtf8();
        credentials.expiration
            = QDateTime::fromString(c.value(QStringLiteral("Expiration")).toString(), Qt::ISODateWithMs);
        credentials.source = m_session.credentialSource;
        if (!credentials.isValid()) {
            done(credentialsTr("STS answered AssumeRole of %1 without credentials.").arg(m_session.assumeRole.roleArn));
            return;
        }
        m_session.credentials = credentials;
        done(QString());
    });
}

void SessionCredentials::cancel()
{
    if (m_call) {
        m_call->cancel();
    }
    if (m_source) {
        m_source->cancel();
    }
    if (m_process) {
        m_process->cancel();
    }
    done(credentialsTr("Cancelled."));
}

void SessionCredentials::done(const QString& error)
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    m_error = error;
    QMetaObject::invokeMethod(this, &SessionCredentials::finished, Qt::QueuedConnection);
}

} // namespace kps::aws
