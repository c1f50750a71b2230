// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "aws/SigV4.h"

#include <QObject>
#include <QPointer>
#include <QProcess>
#include <QTimer>

namespace kps::aws {

/**
 * Runs a profile's `credential_process` asynchronously (QProcess, no shell) and parses its output: JSON
 * `{"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"?}` (RFC 3339). This also covers
 * SSO and assume-role profiles through `aws configure export-credentials --profile NAME --format process`.
 * The process's stdout carries secrets: it is parsed in memory and never echoed, not even in error messages; its
 * stderr (the tool's own diagnostics) is passed on when it fails.
 */
class CredentialProcess : public QObject
{
    Q_OBJECT

public:
    explicit CredentialProcess(QObject* parent = nullptr);
    ~CredentialProcess() override;

    /** Starts `command` (split like a shell would, without running one). */
    void start(const QString& command, const QString& source, int timeoutMs = 60000);
    void cancel();
    bool isRunning() const;

    /** Parses the process output; on failure returns invalid credentials and a message without the output. */
    static Credentials parseOutput(const QByteArray& output, const QString& source, QString* error);

signals:
    void succeeded(const kps::aws::Credentials& credentials);
    void failed(const QString& message);

private:
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onError(QProcess::ProcessError error);
    void fail(const QString& message);

    QPointer<QProcess> m_process;
    QTimer m_timer;
    QString m_command;
    QString m_source;
    bool m_done = true;
};

} // namespace kps::aws
