// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "aws/KmsClient.h"
#include "core/checker/Checker.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <vector>

namespace kps::aws {

/**
 * The verdict of the checks that must pass before a policy may be sent with PutKeyPolicy: the checker
 * (kps::check) reports no error-severity finding, in particular no LOCKOUT_RISK.
 */
struct ApplyChecks
{
    bool passed = false;
    bool lockoutRisk = false; ///< LOCKOUT_RISK was reported
    std::vector<Finding> blocking; ///< the error-severity findings, in text order
    SeverityCounts counts;
    QString summary; ///< one line per blocking finding, or a line saying the checks passed
};

/** Judges a check result for applying. Pure. */
ApplyChecks evaluateForApply(const CheckResult& result);
/** Checks the policy text that would be sent, with `options`, then judges it. */
ApplyChecks checkForApply(const QString& policy, const CheckOptions& options);
/**
 * Check options for a live key: the key's ARN, account and region from its metadata (DescribeKey), the MWAA profile
 * when `mwaa` is set (with the environment name when known).
 */
CheckOptions applyCheckOptions(const QJsonObject& keyMetadata, const QString& region, bool mwaa, const QString& env);

/**
 * core's unified diff (kps::render::unifiedDiff, 3 lines of context) from `before` to `after`, comparing lines byte
 * for byte as `diff -u` does (render::LineEnds::Exact): empty exactly when the texts are equal, so a change of line
 * ends or of the final line break is still shown and can be applied.
 */
QString unifiedDiff(const QString& before, const QString& after, const QString& beforeName, const QString& afterName);

/** Everything PolicyApply needs; every safeguard is a field the caller must fill in deliberately. */
struct ApplyRequest
{
    QString keyId; ///< key id or ARN (not an alias: PutKeyPolicy does not take one)
    QString policy; ///< the text to send
    QString loadedLivePolicy; ///< the live policy the user saw the diff against
    ApplyChecks checks; ///< checkForApply(policy, ...)
    bool confirmed = false; ///< the user confirmed the diff from loadedLivePolicy to policy
};

/**
 * Applies a policy with every safeguard: refuses unless the checks passed (no error finding, no LOCKOUT_RISK) and the
 * user confirmed; re-fetches the live policy right before PutKeyPolicy and stops when it is no longer the one the
 * diff was made against (no lost update); never sets BypassPolicyLockoutSafetyCheck; reads the policy back after
 * the PUT. When the PUT times out, it looks at the live policy to learn whether the change happened.
 */
class PolicyApply : public QObject
{
    Q_OBJECT

public:
    enum class Outcome {
        Pending,
        Applied, ///< KMS took the policy
        Unchanged, ///< the live policy already is the new one; nothing sent
        Refused, ///< a safeguard stopped it before anything was sent
        Failed, ///< KMS or the network failed
        Cancelled,
    };
    Q_ENUM(Outcome)

    PolicyApply(KmsClient* client, ApplyRequest request, QObject* parent = nullptr);

    void start();
    void cancel();
    Outcome outcome() const { return m_outcome; }
    bool isFinished() const { return m_outcome != Outcome::Pending; }
    /** What happened and, when it did not work, what to do. */
    QString message() const { return m_message; }
    const KmsError& error() const { return m_error; }
    /** The live policy as last read (before the PUT; after it, the read-back). */
    QString livePolicy() const { return m_live; }

signals:
    void progress(const QString& step);
    void finished();

private:
    void afterRefetch(KmsCall* call);
    void afterPut(KmsCall* call);
    void afterReadBack(KmsCall* call, bool putTimedOut);
    void run(KmsCall* call, std::function<void(KmsCall*)> next);
    void finish(Outcome outcome, const QString& message);

    QPointer<KmsClient> m_client;
    QPointer<KmsCall> m_current;
    ApplyRequest m_request;
    Outcome m_outcome = Outcome::Pending;
    QString m_message;
    QString m_live;
    KmsError m_error;
};

} // namespace kps::aws
