// SPDX-License-Identifier: GPL-3.0-or-later
#include "aws/KeyFetch.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace kps::aws {

bool isAliasInput(const QString& key)
{
    return key.startsWith(QLatin1String("alias/"))
        || (key.startsWith(QLatin1String("arn:")) && key.contains(QLatin1String(":alias/")));
}

QString regionOfArn(const QString& arn)
{
    if (!arn.startsWith(QLatin1String("arn:"))) {
        return {};
    }
    const QStringList parts = arn.split(QLatin1Char(':'));
    return parts.size() > 5 ? parts.at(3) : QString();
}

QString keySummary(const KeyFetchResult& r)
{
    const QJsonObject& m = r.keyMetadata;
    QStringList lines;
    const auto add = [&lines](const QString& label, const QString& value) {
        if (!value.isEmpty()) {
            lines << QStringLiteral("%1: %2").arg(label, value);
        }
    };
    add(QCoreApplication::translate("kps::aws::KeyFetch", "Key"), m.value(QStringLiteral("Arn")).toString());
    add(QCoreApplication::translate("kps::aws::KeyFetch", "Alias"), r.aliasResolvedFrom);
    add(QCoreApplication::translate("kps::aws::KeyFetch", "Description"),
        m.value(QStringLiteral("Description")).toString());
    add(QCoreApplication::translate("kps::aws::KeyFetch", "State"), m.value(QStringLiteral("KeyState")).toString());
    add(QCoreApplication::translate("kps::aws::KeyFetch", "Managed by"),
        m.value(QStringLiteral("KeyManager")).toString());
    add(QCoreApplication::translate("kps::aws::KeyFetch", "Spec"),
        m.value(QStringLiteral("KeySpec")).toString() + QStringLiteral(" / ")
            + m.value(QStringLiteral("KeyUsage")).toString());
    if (m.value(QStringLiteral("MultiRegion")).toBool()) {
        add(QCoreApplication::translate("kps::aws::KeyFetch", "Multi-Region"), QStringLiteral("yes"));
    }
    const QJsonValue created = m.value(QStringLiteral("CreationDate"));
    if (created.isDouble()) {
        add(QCoreApplication::translate("kps::aws::KeyFetch", "Created"),
            QDateTime::fromMSecsSinceEpoch(qint64(created.toDouble() * 1000), Qt::UTC).toString(Qt::ISODate));
    }
    if (r.grantsFetched) {
        add(QCoreApplication::translate("kps::aws::KeyFetch", "Grants"),
            QString::number(r.grants.value(QStringLiteral("Grants")).toArray().size()));
    }
    return lines.join(QLatin1Char('\n'));
}

QByteArray grantsJson(const QJsonObject& grants)
{
    return QJsonDocument(grants).toJson(QJsonDocument::Indented);
}

KeyFetch::KeyFetch(KmsClient* client, QString keyInput, bool withGrants, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_withGrants(withGrants)
{
    m_result.keyInput = keyInput.trimmed();
}

void KeyFetch::start()
{
    if (!m_client) {
        return;
    }
    if (m_result.keyInput.isEmpty()) {
        KmsError e;
        e.kind = KmsError::Kind::Local;
        e.message = tr("No key given: enter a key id, key ARN, alias name (alias/...) or alias ARN.");
        fail(e);
        return;
    }
    if (isAliasInput(m_result.keyInput)) {
        emit progress(tr("Looking up alias %1…").arg(m_result.keyInput));
        run(m_client->listAliases(), &KeyFetch::afterAliases);
    } else {
        describe(m_result.keyInput);
    }
}

void KeyFetch::cancel()
{
    if (m_current) {
        m_current->cancel();
    } else if (!m_finished) {
        KmsError e;
        e.kind = KmsError::Kind::Cancelled;
        e.message = tr("Cancelled.");
        fail(e);
    }
}

void KeyFetch::run(KmsCall* call, void (KeyFetch::*next)(KmsCall*))
{
    m_current = call;
    connect(call, &KmsCall::retrying, this, &KeyFetch::retrying);
    connect(call, &KmsCall::finished, this, [this, call, next] {
        m_current = nullptr;
        call->deleteLater();
        if (call->error().kind == KmsError::Kind::Cancelled) {
            fail(call->error());
            return;
        }
        (this->*next)(call);
    });
}

void KeyFetch::afterAliases(KmsCall* call)
{
    const QString& input = m_result.keyInput;
    if (!call->succeeded()) {
        // kms:ListAliases is an IAM-only permission many users lack; DescribeKey accepts aliases too.
        if (call->error().code == QLatin1String("AccessDeniedException")) {
            m_result.aliasResolvedFrom = input;
            describe(input);
            return;
        }
        fail(call->error());
        return;
    }
    const QJsonArray aliases = call->result().value(QStringLiteral("Aliases")).toArray();
    for (const QJsonValue& v : aliases) {
        const QJsonObject a = v.toObject();
        if (a.value(QStringLiteral("AliasName")).toString() == input
            || a.value(QStringLiteral("AliasArn")).toString() == input) {
            const QString target = a.value(QStringLiteral("TargetKeyId")).toString();
            if (target.isEmpty()) {
                KmsError e;
                e.kind = KmsError::Kind::Local;
                e.message = tr("Alias %1 points to no key yet (AWS creates the keys of alias/aws/... aliases when a "
                               "service first uses them).")
                                .arg(input);
                fail(e);
                return;
            }
            m_result.aliasResolvedFrom = input;
            describe(target);
            return;
        }
    }
    if (input.startsWith(QLatin1String("arn:"))) {
        // An alias ARN of another account is not in this account's list; DescribeKey resolves it if allowed.
        m_result.aliasResolvedFrom = input;
        describe(input);
        return;
    }
    KmsError e;
    e.kind = KmsError::Kind::Local;
    e.message = tr("There is no alias %1 in region %2 for these credentials (%3 aliases listed). Check the region and "
                   "the alias name, or give the key id or ARN.")
                    .arg(input, m_client->session().region)
                    .arg(aliases.size());
    fail(e);
}

void KeyFetch::describe(const QString& keyId)
{
    emit progress(tr("Reading key metadata…"));
    run(m_client->describeKey(keyId), &KeyFetch::afterDescribe);
}

void KeyFetch::afterDescribe(KmsCall* call)
{
    if (!call->succeeded()) {
        fail(call->error());
        return;
    }
    m_result.keyMetadata = call->result().value(QStringLiteral("KeyMetadata")).toObject();
    const QString arn = m_result.keyArn().isEmpty() ? m_result.keyId() : m_result.keyArn();
    if (arn.isEmpty()) {
        KmsError e;
        e.kind = KmsError::Kind::Protocol;
        e.message = tr("DescribeKey answered without a key id.");
        fail(e);
        return;
    }
    emit progress(tr("Reading the key policy…"));
    run(m_client->getKeyPolicy(arn), &KeyFetch::afterPolicy);
}

void KeyFetch::afterPolicy(KmsCall* call)
{
    if (!call->succeeded()) {
        fail(call->error());
        return;
    }
    const QJsonValue policy = call->result().value(QStringLiteral("Policy"));
    if (!policy.isString()) {
        KmsError e;
        e.kind = KmsError::Kind::Protocol;
        e.message = tr("GetKeyPolicy answered without a policy.");
        fail(e);
        return;
    }
    m_result.policy = policy.toString();
    // Whole seconds, so the report prints 2024-05-01T12:34:56Z (ISO 8601) without milliseconds.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_result.policyFetchedAt = now.addMSecs(-now.time().msec());
    if (!m_withGrants) {
        done();
        return;
    }
    emit progress(tr("Reading the grants…"));
    run(m_client->listGrants(m_result.keyArn().isEmpty() ? m_result.keyId() : m_result.keyArn()),
        &KeyFetch::afterGrants);
}

void KeyFetch::afterGrants(KmsCall* call)
{
    if (!call->succeeded()) {
        fail(call->error());
        return;
    }
    m_result.grants = QJsonObject{{QStringLiteral("Grants"), call->result().value(QStringLiteral("Grants"))}};
    m_result.grantsFetched = true;
    done();
}

void KeyFetch::fail(const KmsError& error)
{
    if (m_finished) {
        return;
    }
    m_error = error;
    if (m_error.kind == KmsError::Kind::None) {
        m_error.kind = KmsError::Kind::Local;
    }
    m_finished = true;
    QMetaObject::invokeMethod(this, &KeyFetch::finished, Qt::QueuedConnection);
}

void KeyFetch::done()
{
    m_finished = true;
    QMetaObject::invokeMethod(this, &KeyFetch::finished, Qt::QueuedConnection);
}

} // namespace kps::aws
