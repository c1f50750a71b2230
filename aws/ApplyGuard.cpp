// SPDX-License-Identifier: GPL-3.0-or-later
#include "aws/ApplyGuard.h"

#include "aws/KeyFetch.h"
#include "core/render/Diff.h"

#include <QCoreApplication>
#include <QStringList>

namespace kps::aws {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("kps::aws::ApplyGuard", text);
}

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

} // namespace

ApplyChecks evaluateForApply(const CheckResult& result)
{
    ApplyChecks checks;
    checks.counts = countFindings(result.findings);
    QStringList lines;
    for (const Finding& f : result.findings) {
        if (f.code == "LOCKOUT_RISK") {
            checks.lockoutRisk = true;
        }
        if (f.severity == Severity::Error || f.code == "LOCKOUT_RISK") {
            checks.blocking.push_back(f);
            lines << tr("%1:%2: %3 %4")
                         .arg(f.location.span.line)
                         .arg(f.location.span.column)
                         .arg(q(f.code), q(f.message));
        }
    }
    checks.passed = checks.blocking.empty();
    if (checks.passed) {
        checks.summary
            = tr("Checks passed: no error finding, no lockout risk (%1 security, %2 warning, %3 suggestion).")
                  .arg(checks.counts.security)
                  .arg(checks.counts.warning)
                  .arg(checks.counts.suggestion);
    } else {
        lines.prepend(QCoreApplication::translate("kps::aws::ApplyGuard",
                                                  "%n error finding(s) must be fixed before this policy can be "
                                                  "applied:",
                                                  nullptr,
                                                  int(checks.blocking.size())));
        if (checks.lockoutRisk) {
            lines << tr("LOCKOUT_RISK: nobody could change this policy afterwards. Keypolicy Studio never bypasses "
                        "KMS's lockout safety check.");
        }
        checks.summary = lines.join(QLatin1Char('\n'));
    }
    return checks;
}

ApplyChecks checkForApply(const QString& policy, const CheckOptions& options)
{
    return evaluateForApply(kps::check(policy.toStdString(), options));
}

CheckOptions applyCheckOptions(const QJsonObject& keyMetadata, const QString& region, bool mwaa, const QString& env)
{
    CheckOptions options;
    options.mwaa = mwaa;
    const QString arn = keyMetadata.value(QStringLiteral("Arn")).toString();
    const QString account = keyMetadata.value(QStringLiteral("AWSAccountId")).toString();
    const QString keyRegion = regionOfArn(arn).isEmpty() ? region : regionOfArn(arn);
    if (!arn.isEmpty()) {
        options.context.key = arn.toStdString();
        options.context.keySource = ContextSource::Given;
    }
    if (!account.isEmpty()) {
        options.context.account = account.toStdString();
        options.context.accountSource = ContextSource::Given;
    }
    if (!keyRegion.isEmpty()) {
        options.context.region = keyRegion.toStdString();
        options.context.regionSource = ContextSource::Given;
    }
    if (!env.isEmpty()) {
        options.context.environment = env.toStdString();
        options.context.environmentSource = ContextSource::Given;
    }
    return options;
}

QString unifiedDiff(const QString& before, const QString& after, const QString& beforeName, const QString& afterName)
{
    return QString::fromStdString(render::unifiedDiff(before.toStdString(),
                                                      after.toStdString(),
                                                      beforeName.toStdString(),
                                                      afterName.toStdString(),
                                                      3,
                                                      render::LineEnds::Exact));
}

// ---- PolicyApply -----------------------------------------------------------------------------------------------

PolicyApply::PolicyApply(KmsClient* client, ApplyRequest request, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_request(std::move(request))
{ }

void PolicyApply::start()
{
    if (!m_request.checks.passed) {
        finish(Outcome::Refused,
               tr("Not applied: the policy does not pass the checks.\n%1").arg(m_request.checks.summary));
        return;
    }
    if (m_request.checks.lockoutRisk) {
        finish(Outcome::Refused, tr("Not applied: the policy would lock everyone out (LOCKOUT_RISK)."));
        return;
    }
    if (!m_request.confirmed) {
        finish(Outcome::Refused, tr("Not applied: the change was not confirmed."));
        return;
    }
    if (isAliasInput(m_request.keyId) || m_request.keyId.isEmpty()) {
        finish(Outcome::Refused, tr("Not applied: PutKeyPolicy needs a key id or key ARN, not an alias."));
        return;
    }
    if (!m_client) {
        finish(Outcome::Failed, tr("Not applied: no KMS client."));
        return;
    }
    emit progress(tr("Re-reading the live policy…"));
    run(m_client->getKeyPolicy(m_request.keyId), [this](KmsCall* call) { afterRefetch(call); });
}

void PolicyApply::cancel()
{
    if (m_current) {
        m_current->cancel();
    } else if (m_outcome == Outcome::Pending) {
        finish(Outcome::Cancelled, tr("Cancelled; nothing was sent."));
    }
}

void PolicyApply::run(KmsCall* call, std::function<void(KmsCall*)> next)
{
    m_current = call;
    connect(call, &KmsCall::finished, this, [this, call, next] {
        m_current = nullptr;
        call->deleteLater();
        next(call);
    });
}

void PolicyApply::afterRefetch(KmsCall* call)
{
    if (!call->succeeded()) {
        m_error = call->error();
        finish(call->error().kind == KmsError::Kind::Cancelled ? Outcome::Cancelled : Outcome::Failed,
               tr("Not applied: the live policy could not be read again. %1").arg(call->error().message));
        return;
    }
    m_live = call->result().value(QStringLiteral("Policy")).toString();
    if (m_live != m_request.loadedLivePolicy) {
        finish(Outcome::Refused,
               tr("Not applied: the live key policy changed since it was loaded (someone else edited it). Fetch it "
                  "again, review the new differences and apply again; nothing was overwritten."));
        return;
    }
    if (m_live == m_request.policy) {
        finish(Outcome::Unchanged, tr("The live policy already is this policy; nothing to apply."));
        return;
    }
    emit progress(tr("Applying the policy…"));
    run(m_client->putKeyPolicy(m_request.keyId, m_request.policy), [this](KmsCall* c) { afterPut(c); });
}

void PolicyApply::afterPut(KmsCall* call)
{
    if (!call->succeeded()) {
        const KmsError& e = call->error();
        if (e.kind == KmsError::Kind::Timeout || e.kind == KmsError::Kind::Network) {
            // The PUT may or may not have happened: look before anyone sends it again.
            m_error = e;
            emit progress(tr("No answer; checking whether the policy changed…"));
            run(m_client->getKeyPolicy(m_request.keyId), [this](KmsCall* c) { afterReadBack(c, true); });
            return;
        }
        m_error = e;
        finish(e.kind == KmsError::Kind::Cancelled ? Outcome::Cancelled : Outcome::Failed,
               tr("Not applied: %1").arg(e.message));
        return;
    }
    emit progress(tr("Reading the policy back…"));
    run(m_client->getKeyPolicy(m_request.keyId), [this](KmsCall* c) { afterReadBack(c, false); });
}

void PolicyApply::afterReadBack(KmsCall* call, bool putTimedOut)
{
    const bool read = call->succeeded();
    if (read) {
        m_live = call->result().value(QStringLiteral("Policy")).toString();
    }
    if (putTimedOut) {
        if (read && m_live == m_request.policy) {
            m_error = KmsError();
            finish(Outcome::Applied, tr("Applied (the answer was lost, but the live policy now is the new one)."));
        } else {
            finish(Outcome::Failed,
                   tr("Unknown outcome: %1 The live policy %2. Fetch it and compare before applying again.")
                       .arg(m_error.message, read ? tr("is still the old one") : tr("could not be read")));
        }
        return;
    }
    if (read && m_live == m_request.policy) {
        finish(Outcome::Applied, tr("Applied and read back: the live policy is the new one."));
    } else {
        finish(Outcome::Applied,
               tr("Applied. Reading it back %1; KMS is eventually consistent, so fetch it again in a minute to "
                  "confirm.")
                   .arg(read ? tr("still showed the old text") : tr("failed")));
    }
}

void PolicyApply::finish(Outcome outcome, const QString& message)
{
    if (m_outcome != Outcome::Pending) {
        return;
    }
    m_outcome = outcome;
    m_message = message;
    QMetaObject::invokeMethod(this, &PolicyApply::finished, Qt::QueuedConnection);
}

} // namespace kps::aws
