// SPDX-License-Identifier: GPL-3.0-or-later
// Test helper: runs tests/aws/fake_kms.py on 127.0.0.1 (a free port chosen at run time) and talks to its control
// endpoints. The server stops when this object is destroyed (its stdin closes), even if a test fails midway.
#pragma once

#include "aws/AwsConfig.h"

#include <QByteArray>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace kpstest {

inline const QString kKey1 = QStringLiteral("1234abcd-12ab-34cd-56ef-1234567890ab");
inline const QString kKey2 = QStringLiteral("0987dcba-09fe-87dc-65ba-ab0987654321");
inline const QString kKeyAws = QStringLiteral("5555eeee-55ee-55ee-55ee-5555eeee5555");
inline const QString kKeyDeleted = QStringLiteral("dddd0000-dd00-dd00-dd00-dddd0000dddd");
inline const QString kArn1 = QStringLiteral("arn:aws:kms:eu-west-1:111122223333:key/") + kKey1;
inline const QString kUserKey = QStringLiteral("AKIAKPSTEST0000USER1");
inline const QByteArray kUserSecret = "kpsTestSecretKeyUser1/DoNotUseAnywhere000";
inline const QString kTempKey = QStringLiteral("ASIAKPSTEST0000TEMP1");
inline const QByteArray kTempSecret = "kpsTestSecretKeyTemp1/DoNotUseAnywhere000";
inline const QByteArray kTempToken = "IQoJb3JpZ2luX2VjEKPS//////////wEaCWV1LXdlc3QtMSJHMEUCIQDkpsTestSessionToken+/=";

inline QString dataDir()
{
    return QStringLiteral(KPS_TEST_DATA_DIR "/kms");
}

inline QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline QString fixturePolicy(const QString& keyId)
{
    return QString::fromUtf8(readFile(dataDir() + QStringLiteral("/policies/") + keyId + QStringLiteral(".json")));
}

/** A session as the resolver would produce it for the fake server's test user. */
inline kps::aws::AwsSession testSession(bool temporary = false)
{
    kps::aws::AwsSession s;
    s.profile = QStringLiteral("test");
    s.region = QStringLiteral("eu-west-1");
    s.credentials.accessKeyId = temporary ? kTempKey : kUserKey;
    s.credentials.secretAccessKey = temporary ? kTempSecret : kUserSecret;
    s.credentials.sessionToken = temporary ? kTempToken : QByteArray();
    s.credentials.source = QStringLiteral("test");
    s.credentialSource = s.credentials.source;
    return s;
}

/** Writes HOME/.aws/credentials and config with one profile of the test user and its region; false on failure. */
inline bool writeAwsHome(const QString& home, const QByteArray& profile, const QByteArray& region)
{
    QDir(home).mkpath(QStringLiteral(".aws"));
    QFile credentials(home + QStringLiteral("/.aws/credentials"));
    QFile config(home + QStringLiteral("/.aws/config"));
    if (!credentials.open(QIODevice::WriteOnly) || !config.open(QIODevice::WriteOnly)) {
        return false;
    }
    credentials.write("[" + profile + "]\naws_access_key_id = " + kUserKey.toLatin1()
                      + "\naws_secret_access_key = " + kUserSecret + "\n");
    config.write("[profile " + profile + "]\nregion = " + region + "\n");
    return true;
}

class FakeKmsServer
{
public:
    FakeKmsServer() { m_network.setProxy(QNetworkProxy::NoProxy); }
    ~FakeKmsServer() { stop(); }
    FakeKmsServer(const FakeKmsServer&) = delete;
    FakeKmsServer& operator=(const FakeKmsServer&) = delete;

    /** Starts the server; returns false with *error set when python3 or the script is missing. */
    bool start(QString* error, const QStringList& extraArgs = {})
    {
        const QString python = QStringLiteral(KPS_PYTHON3);
        if (python.isEmpty() || !QFile::exists(QStringLiteral(KPS_FAKE_KMS))) {
            *error = QStringLiteral("python3 or fake_kms.py not found");
            return false;
        }
        m_process.setProgram(python);
        m_process.setArguments(QStringList{QStringLiteral(KPS_FAKE_KMS), QStringLiteral("--data"), dataDir()}
                               + extraArgs);
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start();
        if (!m_process.waitForStarted(30000)) {
            *error = QStringLiteral("fake_kms.py did not start: ") + m_process.errorString();
            return false;
        }
        QByteArray line;
        while (!line.contains('\n') && m_process.waitForReadyRead(30000)) {
            line += m_process.readAll();
        }
        if (!line.startsWith("PORT ")) {
            *error = QStringLiteral("fake_kms.py did not report its port: ") + QString::fromUtf8(line);
            return false;
        }
        m_port = line.mid(5).trimmed().toInt();
        m_scheme = extraArgs.contains(QStringLiteral("--tls-cert")) ? QStringLiteral("https") : QStringLiteral("http");
        return m_port > 0;
    }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning) {
            return;
        }
        m_process.closeWriteChannel();
        if (!m_process.waitForFinished(10000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    int port() const { return m_port; }
    QString url() const { return QStringLiteral("%1://127.0.0.1:%2").arg(m_scheme).arg(m_port); }

    QJsonObject control(const QString& path, const QJsonObject& payload = {}, bool post = true)
    {
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/__control/%2").arg(m_port).arg(path)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply* reply = post ? m_network.post(request, QJsonDocument(payload).toJson()) : m_network.get(request);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        const QJsonObject result = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        return result;
    }

    void reset() { control(QStringLiteral("reset")); }
    void fail(const QJsonObject& rule) { control(QStringLiteral("fail"), rule); }
    /** Replaces the grants of a key (until reset()). */
    void setGrants(const QString& keyId, const QJsonArray& grants)
    {
        control(QStringLiteral("grants"), {{QStringLiteral("KeyId"), keyId}, {QStringLiteral("Grants"), grants}});
    }

    /** The requests the server saw (optionally only one operation), oldest first. */
    QJsonArray log(const QString& operation = QString())
    {
        QJsonArray all = control(QStringLiteral("log"), {}, false).value(QStringLiteral("Requests")).toArray();
        if (operation.isEmpty()) {
            return all;
        }
        QJsonArray some;
        for (const QJsonValue& v : all) {
            if (v.toObject().value(QStringLiteral("operation")).toString() == operation) {
                some.append(v);
            }
        }
        return some;
    }

    QString policy(const QString& keyId)
    {
        return control(QStringLiteral("policy?KeyId=") + keyId, {}, false).value(QStringLiteral("Policy")).toString();
    }

private:
    QProcess m_process;
    QNetworkAccessManager m_network;
    QString m_scheme = QStringLiteral("http");
    int m_port = 0;
};

} // namespace kpstest
