// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "aws/KmsClient.h"

#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

namespace kps::aws {

/** What a fetch brought back. */
struct KeyFetchResult
{
    QString keyInput; ///< what the user typed (key id, key ARN, alias name or alias ARN)
    QString aliasResolvedFrom; ///< the alias, when keyInput was one
    QJsonObject keyMetadata; ///< DescribeKey's KeyMetadata
    QString policy; ///< GetKeyPolicy's Policy, exactly as KMS returned it
    QDateTime policyFetchedAt; ///< when GetKeyPolicy answered (UTC, whole seconds)
    QJsonObject grants; ///< {"Grants": [...]} as `aws kms list-grants` prints it (every page)
    bool grantsFetched = false;

    QString keyId() const { return keyMetadata.value(QStringLiteral("KeyId")).toString(); }
    QString keyArn() const { return keyMetadata.value(QStringLiteral("Arn")).toString(); }
};

/** True for "alias/..." and alias ARNs. */
bool isAliasInput(const QString& key);
/** The region of a key or alias ARN; empty for ids and alias names. */
QString regionOfArn(const QString& arn);
/** A few lines about the key for people: ARN, description, state, manager, spec, creation date, grant count. */
QString keySummary(const KeyFetchResult& result);
/** The grants as `aws kms list-grants` output, indented JSON with a final newline. */
QByteArray grantsJson(const QJsonObject& grants);

/**
 * Fetches everything the editor needs about one key: resolves an alias with ListAliases (every page; DescribeKey
 * when ListAliases is not allowed or the alias is in another account), then DescribeKey, GetKeyPolicy and, when
 * asked, ListGrants (every page). finished() is emitted once; cancel() stops the call in flight.
 */
class KeyFetch : public QObject
{
    Q_OBJECT

public:
    KeyFetch(KmsClient* client, QString keyInput, bool withGrants, QObject* parent = nullptr);

    void start();
    void cancel();
    bool isFinished() const { return m_finished; }
    bool succeeded() const { return m_finished && !m_error.isError(); }
    const KmsError& error() const { return m_error; }
    const KeyFetchResult& result() const { return m_result; }

signals:
    void progress(const QString& step);
    void retrying(int attempt, int delayMs, const QString& reason);
    void finished();

private:
    void run(KmsCall* call, void (KeyFetch::*next)(KmsCall*));
    void afterAliases(KmsCall* call);
    void describe(const QString& keyId);
    void afterDescribe(KmsCall* call);
    void afterPolicy(KmsCall* call);
    void afterGrants(KmsCall* call);
    void fail(const KmsError& error);
    void done();

    QPointer<KmsClient> m_client;
    QPointer<KmsCall> m_current;
    KeyFetchResult m_result;
    KmsError m_error;
    bool m_withGrants = true;
    bool m_finished = false;
};

} // namespace kps::aws
