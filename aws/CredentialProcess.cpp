// SPDX-License-Identifier: GPL-3.0-or-later
#include "aws/CredentialProcess.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace kps::aws {

CredentialProcess::CredentialProcess(QObject* parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        fail(tr("credential_process (%1) did not finish within %2 seconds.")
                 .arg(m_command)
                 .arg(m_timer.interval() / 1000));
    });
}

CredentialProcess::~CredentialProcess()
{
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(1000);
    }
}

bool CredentialProcess::isRunning() const
{
    return !m_done;
}

void CredentialProcess::start(const QString& command, const QString& source, int timeoutMs)
{
    cancel();
    m_source = source;
    // Messages name the program only: arguments may carry things that should not end up in logs.
    m_command = QFileInfo(QProcess::splitCommand(command).value(0)).fileName();
    m_done = false;
    const QStringList args = QProcess::splitCommand(command);
    if (args.isEmpty()) {
        QMetaObject::invokeMethod(
            this, [this] { fail(tr("credential_process is empty in %1.").arg(m_source)); }, Qt::QueuedConnection);
        return;
    }
    m_process = new QProcess(this);
    m_process->setProgram(args.first());
    m_process->setArguments(args.mid(1));
    m_process->setStandardInputFile(QProcess::nullDevice());
    connect(m_process, &QProcess::finished, this, &CredentialProcess::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, &CredentialProcess::onError);
    m_timer.start(timeoutMs);
    m_process->start();
}

void CredentialProcess::cancel()
{
    m_timer.stop();
    if (m_process) {
        QProcess* p = m_process;
        m_process = nullptr;
        p->disconnect(this);
        p->kill();
        p->waitForFinished(1000);
        p->deleteLater();
    }
    m_done = true;
}

void CredentialProcess::fail(const QString& message)
{
    if (m_done) {
        return;
    }
    cancel();
    emit failed(message);
}

void CredentialProcess::onError(QProcess::ProcessError error)
{
    if (error == QProcess::FailedToStart) {
        fail(tr("credential_process (%1, %2) could not be started: %3")
                 .arg(m_command, m_source, m_process ? m_process->errorString() : QString()));
    }
    // Crashes and other errors arrive through finished().
}

void CredentialProcess::onFinished(int exitCode, QProcess::ExitStatus status)
{
    if (m_done || !m_process) {
        return;
    }
    const QByteArray out = m_process->readAllStandardOutput();
    const QString err = QString::fromLocal8Bit(m_process->readAllStandardError()).trimmed();
    if (status != QProcess::NormalExit || exitCode != 0) {
        fail(tr("credential_process (%1, %2) failed with exit code %3%4")
                 .arg(m_command, m_source)
                 .arg(exitCode)
                 .arg(err.isEmpty() ? QStringLiteral(".") : QStringLiteral(": ") + err));
        return;
    }
    QString error;
    const Credentials creds = parseOutput(out, m_source, &error);
    if (!creds.isValid()) {
        fail(tr("credential_process (%1, %2): %3").arg(m_command, m_source, error));
        return;
    }
    m_timer.stop();
    m_done = true;
    m_process->deleteLater();
    m_process = nullptr;
    emit succeeded(creds);
}

Credentials CredentialProcess::parseOutput(const QByteArray& output, const QString& source, QString* error)
{
    Credentials creds;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(output, &parseError);
    if (!doc.isObject()) {
        *error = tr("its output is not a JSON object (the output is not shown: it may hold secrets).");
        return {};
    }
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("Version")).toInt() != 1) {
        *error = tr("its output has no \"Version\": 1 (only version 1 is defined).");
        return {};
    }
    const QString key = o.value(QStringLiteral("AccessKeyId")).toString();
    const QString secret = o.value(QStringLiteral("SecretAccessKey")).toString();
    if (key.isEmpty() || secret.isEmpty()) {
        *error = tr("its output lacks %1.")
                     .arg(key.isEmpty() ? QStringLiteral("AccessKeyId") : QStringLiteral("SecretAccessKey"));
        return {};
    }
    creds.accessKeyId = key;
    creds.secretAccessKey = secret.toUtf8();
    creds.sessionToken = o.value(QStringLiteral("SessionToken")).toString().toUtf8();
    const QString expiration = o.value(QStringLiteral("Expiration")).toString();
    if (!expiration.isEmpty()) {
        creds.expiration = QDateTime::fromString(expiration, Qt::ISODateWithMs);
        if (!creds.expiration.isValid()) {
            *error = tr("its \"Expiration\" is not an RFC 3339 time: %1").arg(expiration);
            return {};
        }
        if (creds.expiration <= QDateTime::currentDateTimeUtc()) {
            *error = tr("the credentials it returned expired at %1. Sign in again (e.g. `aws sso login`).")
                         .arg(creds.expiration.toUTC().toString(Qt::ISODate));
            return {};
        }
    }
    creds.source = source;
    return creds;
}

} // namespace kps::aws
