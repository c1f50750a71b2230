// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "aws/AwsConfig.h"
#include "aws/KmsClient.h"
#include "core/render/AuditReport.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <memory>

namespace kps::aws {

class AwsClient;

/** What `keypolicy audit` and the audit dialog ask for. */
struct AccountAuditRequest
{
    QStringList profiles; ///< each --profile; empty: the default chain (AWS_PROFILE, environment keys, default)
    QString region; ///< --region (empty: each profile's own region)
    QStringList environments; ///< --env; empty: every environment ListEnvironments returns
    QString endpointUrl; ///< --endpoint-url, for every service
    QString caBundle; ///< --ca-bundle
    KmsClientOptions clientOptions; ///< timeout, retries, page size (endpointUrl is set per service)
    AwsEnvironment environment = AwsEnvironment::system();
};

/**
 * The account audit (issue 20): for each profile, every MWAA environment of the region (ListEnvironments, all pages,
 * or the named ones), GetEnvironment, then for each customer key DescribeKey, GetKeyPolicy, ListGrants and
 * ListAliases, for each execution role its inline (ListRolePolicies, GetRolePolicy) and managed (ListAttachedRole-
 * Policies, GetPolicy, GetPolicyVersion) policies, and the check of each environment with that context
 * (render::auditEnvironment). Read-only: the only calls are those (plus STS AssumeRole for role profiles). A failed
 * call is recorded in the environments it concerns; the audit goes on. finished() is emitted once, asynchronously.
 */
class AccountAuditRun : public QObject
{
    Q_OBJECT

public:
    explicit AccountAuditRun(AccountAuditRequest request, QObject* parent = nullptr);
    ~AccountAuditRun() override;

    void start();
    /** Stops every call; finished() follows, with what was read so far marked incomplete. */
    void cancel();
    bool isFinished() const { return m_finished; }
    bool wasCancelled() const { return m_cancelled; }
    const render::AccountAudit& result() const { return m_result; }

signals:
    /** A call finished (`done` of `total` known so far); `step` says which ("GetKeyPolicy prod"). */
    void progress(int done, int total, const QString& step);
    void retrying(const QString& operation, int attempt, int delayMs, const QString& reason);
    void finished();

private:
    struct Profile;
    struct Environment;
    struct Key;
    struct Role;

    void startProfile(const std::shared_ptr<Profile>& profile);
    void withSession(const std::shared_ptr<Profile>& profile);
    void startEnvironment(const std::shared_ptr<Profile>& profile, const QString& name);
    std::shared_ptr<Key> key(const std::shared_ptr<Profile>& profile, const QString& keyId);
    std::shared_ptr<Role> role(const std::shared_ptr<Profile>& profile, const QString& roleArn);
    /** Counts a call in; `then` runs when it finished (also on failure). */
    template <typename Call, typename Then>
    void track(Call* call, const QString& step, Then then);
    void callDone(const QString& step);
    void finishIfIdle();
    void assemble();

    AccountAuditRequest m_request;
    QList<std::shared_ptr<Profile>> m_profiles;
    render::AccountAudit m_result;
    int m_total = 0;
    int m_done = 0;
    int m_pending = 0;
    bool m_started = false;
    bool m_cancelled = false;
    bool m_finished = false;
};

} // namespace kps::aws
