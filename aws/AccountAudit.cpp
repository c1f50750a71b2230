// SPDX-License-Identifier: GPL-3.0-or-later
#include "aws/AccountAudit.h"

#include "aws/AwsClient.h"
#include "aws/SessionCredentials.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>

#include <optional>
#include <vector>

namespace kps::aws {

namespace {

QString auditTr(const char* text)
{
    return QCoreApplication::translate("kps::aws::AccountAudit", text);
}

render::AuditCallError callError(const QString& call, const KmsError& error)
{
    return {call.toStdString(),
            (error.kind == KmsError::Kind::Cancelled ? auditTr("cancelled") : error.message).toStdString()};
}

Json toJson(const QJsonObject& object)
{
    return Json::parse(QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString(), nullptr, false);
}

/** The 5th field of an ARN (the account), "" when it has none. */
QString accountOfArn(const QString& arn)
{
    const QStringList parts = arn.split(QLatin1Char(':'));
    return parts.size() > 5 ? parts.at(4) : QString();
}

} // namespace

struct AccountAuditRun::Key
{
    QString id; ///< as the environment names it
    QString arn; ///< DescribeKey's Arn once known
    std::optional<QJsonObject> metadata;
    std::optional<QString> policy;
    QString policyFetchedAt; ///< when GetKeyPolicy answered (UTC, ISO 8601, whole seconds)
    std::optional<QString> grants;
    QStringList aliases;
    std::vector<render::AuditCallError> errors;
};

struct AccountAuditRun::Role
{
    QString arn;
    QString name;
    std::vector<std::optional<render::AuditRolePolicy>> inlinePolicies;
    std::vector<std::optional<render::AuditRolePolicy>> managedPolicies;
    bool inlineListed = false;
    bool managedListed = false;
    std::vector<render::AuditCallError> errors;
};

struct AccountAuditRun::Environment
{
    QString name;
    bool read = false;
    QString arn;
    QString status;
    QString kmsKey;
    QString roleArn;
    std::shared_ptr<Key> key;
    std::shared_ptr<Role> role;
    std::vector<render::AuditCallError> errors;
};

struct AccountAuditRun::Profile
{
    QString name;
    AwsSession session;
    QPointer<SessionCredentials> credentials;
    QPointer<AwsClient> mwaa;
    QPointer<AwsClient> iam;
    QPointer<KmsClient> kms;
    QList<std::shared_ptr<Environment>> environments;
    QMap<QString, std::shared_ptr<Key>> keys;
    QMap<QString, std::shared_ptr<Role>> roles;
};

AccountAuditRun::AccountAuditRun(AccountAuditRequest request, QObject* parent)
    : QObject(parent)
    , m_request(std::move(request))
{ }

AccountAuditRun::~AccountAuditRun() = default;

template <typename Call, typename Then>
void AccountAuditRun::track(Call* call, const QString& step, Then then)
{
    ++m_total;
    ++m_pending;
    connect(call,
            &Call::retrying,
            this,
            [this, operation = call->operation()](int attempt, int delayMs, const QString& reason) {
                emit retrying(operation, attempt, delayMs, reason);
            });
    connect(call, &Call::finished, this, [this, call, step, then] {
        then(call);
        callDone(step);
    });
}

void AccountAuditRun::callDone(const QString& step)
{
    --m_pending;
    ++m_done;
    emit progress(m_done, m_total, step);
    finishIfIdle();
}

void AccountAuditRun::finishIfIdle()
{
    if (m_pending > 0 || m_finished || !m_started) {
        return;
    }
    assemble();
    m_finished = true;
    QMetaObject::invokeMethod(this, &AccountAuditRun::finished, Qt::QueuedConnection);
}

void AccountAuditRun::start()
{
    if (m_started) {
        return;
    }
    QStringList names = m_request.profiles;
    if (names.isEmpty()) {
        names.append(QString());
    }
    for (const QString& name : names) {
        auto profile = std::make_shared<Profile>();
        profile->name = name;
        m_profiles.append(profile);
        startProfile(profile);
    }
    m_started = true;
    // Asynchronous even when nothing could start (every profile refused).
    QMetaObject::invokeMethod(this, &AccountAuditRun::finishIfIdle, Qt::QueuedConnection);
}

void AccountAuditRun::cancel()
{
    if (m_finished) {
        return;
    }
    m_cancelled = true;
    for (const auto& profile : std::as_const(m_profiles)) {
        if (profile->credentials) {
            profile->credentials->cancel();
        }
        if (profile->mwaa) {
            profile->mwaa->cancelAll();
        }
        if (profile->iam) {
            profile->iam->cancelAll();
        }
        if (profile->kms) {
            profile->kms->cancelAll();
        }
    }
}

void AccountAuditRun::startProfile(const std::shared_ptr<Profile>& profile)
{
    const AwsConfigResolver resolver(m_request.environment);
    profile->session = resolver.resolve(profile->name, m_request.region);
    if (!m_request.caBundle.isEmpty()) {
        profile->session.caBundle = m_request.caBundle;
    }
    if (!profile->session.isValid()) {
        m_result.failures.push_back({profile->name.toStdString(),
                                     profile->session.region.toStdString(),
                                     {"credentials", profile->session.error.toStdString()}});
        return;
    }
    KmsClientOptions stsOptions = m_request.clientOptions;
    stsOptions.endpointUrl = configuredEndpoint(m_request.environment, QStringLiteral("STS"), m_request.endpointUrl);
    profile->credentials = new SessionCredentials(profile->session, stsOptions, this);
    track(profile->credentials.data(),
          auditTr("credentials of %1").arg(profile->session.profile),
          [this, profile](SessionCredentials* c) {
              if (!c->succeeded()) {
                  m_result.failures.push_back(
                      {profile->name.toStdString(),
                       profile->session.region.toStdString(),
                       {profile->session.assumeRole.roleArn.isEmpty() ? "credentials" : "AssumeRole",
                        c->error().toStdString()}});
                  return;
              }
              profile->session = c->session();
              withSession(profile);
          });
    profile->credentials->start();
}

void AccountAuditRun::withSession(const std::shared_ptr<Profile>& profile)
{
    if (m_cancelled) {
        return;
    }
    const auto options = [this](const QString& serviceId) {
        KmsClientOptions o = m_request.clientOptions;
        o.endpointUrl = configuredEndpoint(m_request.environment, serviceId, m_request.endpointUrl);
        return o;
    };
    profile->mwaa = new AwsClient(AwsService::Mwaa, profile->session, options(QStringLiteral("MWAA")), this);
    profile->iam = new AwsClient(AwsService::Iam, profile->session, options(QStringLiteral("IAM")), this);
    profile->kms = new KmsClient(profile->session, options(QStringLiteral("KMS")), this);
    if (!m_request.environments.isEmpty()) {
        for (const QString& name : std::as_const(m_request.environments)) {
            startEnvironment(profile, name);
        }
        return;
    }
    track(profile->mwaa->listEnvironments(), auditTr("ListEnvironments"), [this, profile](AwsCall* call) {
        if (!call->succeeded()) {
            m_result.failures.push_back({profile->name.toStdString(),
                                         profile->session.region.toStdString(),
                                         callError(call->operation(), call->error())});
            return;
        }
        for (const QJsonValue& name : call->result().value(QStringLiteral("Environments")).toArray()) {
            startEnvironment(profile, name.toString());
        }
    });
}

void AccountAuditRun::startEnvironment(const std::shared_ptr<Profile>& profile, const QString& name)
{
    auto environment = std::make_shared<Environment>();
    environment->name = name;
    profile->environments.append(environment);
    track(profile->mwaa->getEnvironment(name),
          auditTr("GetEnvironment %1").arg(name),
          [this, profile, environment](AwsCall* call) {
              if (!call->succeeded()) {
                  environment->errors.push_back(callError(call->operation(), call->error()));
                  return;
              }
              const QJsonObject e = call->result().value(QStringLiteral("Environment")).toObject();
              environment->read = true;
              environment->arn = e.value(QStringLiteral("Arn")).toString();
              environment->status = e.value(QStringLiteral("Status")).toString();
              environment->kmsKey = e.value(QStringLiteral("KmsKey")).toString();
              environment->roleArn = e.value(QStringLiteral("ExecutionRoleArn")).toString();
              if (m_cancelled) {
                  return;
              }
              if (!environment->kmsKey.isEmpty()) {
                  environment->key = key(profile, environment->kmsKey);
              }
              if (!environment->roleArn.isEmpty()) {
                  environment->role = role(profile, environment->roleArn);
              } else {
                  environment->errors.push_back(
                      {"GetEnvironment", auditTr("The environment has no ExecutionRoleArn.").toStdString()});
              }
          });
}

std::shared_ptr<AccountAuditRun::Key> AccountAuditRun::key(const std::shared_ptr<Profile>& profile,
                                                           const QString& keyId)
{
    if (auto existing = profile->keys.value(keyId)) {
        return existing;
    }
    auto key = std::make_shared<Key>();
    key->id = keyId;
    profile->keys.insert(keyId, key);
    KmsClient* kms = profile->kms;
    const auto failed = [key](KmsCall* call) {
        if (!call->succeeded()) {
            key->errors.push_back(callError(call->operation(), call->error()));
            return true;
        }
        return false;
    };
    track(kms->describeKey(keyId), auditTr("DescribeKey %1").arg(keyId), [this, kms, key, failed](KmsCall* call) {
        if (failed(call) || m_cancelled) {
            return;
        }
        key->metadata = call->result().value(QStringLiteral("KeyMetadata")).toObject();
        key->arn = key->metadata->value(QStringLiteral("Arn")).toString();
        track(kms->getKeyPolicy(key->arn), auditTr("GetKeyPolicy %1").arg(key->arn), [key, failed](KmsCall* c) {
            if (!failed(c)) {
                key->policy = c->result().value(QStringLiteral("Policy")).toString();
                // Whole seconds, as KeyFetch records it: the report's origin prints 2024-05-01T12:34:56Z.
                const QDateTime now = QDateTime::currentDateTimeUtc();
                key->policyFetchedAt = now.addMSecs(-now.time().msec()).toString(Qt::ISODate);
            }
        });
        track(kms->listGrants(key->arn), auditTr("ListGrants %1").arg(key->arn), [key, failed](KmsCall* c) {
            if (!failed(c)) {
                key->grants = QString::fromUtf8(QJsonDocument(c->result()).toJson(QJsonDocument::Indented));
            }
        });
        track(kms->listAliases(key->arn), auditTr("ListAliases %1").arg(key->arn), [key, failed](KmsCall* c) {
            if (!failed(c)) {
                for (const QJsonValue& alias : c->result().value(QStringLiteral("Aliases")).toArray()) {
                    key->aliases.append(alias.toObject().value(QStringLiteral("AliasName")).toString());
                }
            }
        });
    });
    return key;
}

std::shared_ptr<AccountAuditRun::Role> AccountAuditRun::role(const std::shared_ptr<Profile>& profile,
                                                             const QString& roleArn)
{
    if (auto existing = profile->roles.value(roleArn)) {
        return existing;
    }
    auto role = std::make_shared<Role>();
    role->arn = roleArn;
    role->name = roleArn.mid(roleArn.lastIndexOf(QLatin1Char('/')) + 1);
    profile->roles.insert(roleArn, role);
    AwsClient* iam = profile->iam;
    const auto failed = [role](AwsCall* call) {
        if (!call->succeeded()) {
            role->errors.push_back(callError(call->operation(), call->error()));
            return true;
        }
        return false;
    };
    track(iam->listRolePolicies(role->name),
          auditTr("ListRolePolicies %1").arg(role->name),
          [this, iam, role, failed](AwsCall* call) {
              if (failed(call) || m_cancelled) {
                  return;
              }
              role->inlineListed = true;
              const QJsonArray names = call->result().value(QStringLiteral("PolicyNames")).toArray();
              role->inlinePolicies.resize(std::size_t(names.size()));
              for (qsizetype i = 0; i < names.size(); ++i) {
                  const QString policyName = names.at(i).toString();
                  track(iam->getRolePolicy(role->name, policyName),
                        auditTr("GetRolePolicy %1").arg(policyName),
                        [role, failed, i, policyName](AwsCall* c) {
                            if (!failed(c)) {
                                role->inlinePolicies[std::size_t(i)] = render::AuditRolePolicy{
                                    policyName.toStdString(),
                                    std::string(),
                                    c->result().value(QStringLiteral("PolicyDocument")).toString().toStdString()};
                            }
                        });
              }
          });
    track(iam->listAttachedRolePolicies(role->name),
          auditTr("ListAttachedRolePolicies %1").arg(role->name),
          [this, iam, role, failed](AwsCall* call) {
              if (failed(call) || m_cancelled) {
                  return;
              }
              role->managedListed = true;
              const QJsonArray attached = call->result().value(QStringLiteral("AttachedPolicies")).toArray();
              role->managedPolicies.resize(std::size_t(attached.size()));
              for (qsizetype i = 0; i < attached.size(); ++i) {
                  const QString policyName = attached.at(i).toObject().value(QStringLiteral("PolicyName")).toString();
                  const QString policyArn = attached.at(i).toObject().value(QStringLiteral("PolicyArn")).toString();
                  track(iam->getPolicy(policyArn),
                        auditTr("GetPolicy %1").arg(policyName),
                        [this, iam, role, failed, i, policyName, policyArn](AwsCall* c) {
                            if (failed(c) || m_cancelled) {
                                return;
                            }
                            const QString version = c->result()
                                                        .value(QStringLiteral("Policy"))
                                                        .toObject()
                                                        .value(QStringLiteral("DefaultVersionId"))
                                                        .toString();
                            track(iam->getPolicyVersion(policyArn, version),
                                  auditTr("GetPolicyVersion %1").arg(policyName),
                                  [role, failed, i, policyName, policyArn](AwsCall* v) {
                                      if (!failed(v)) {
                                          role->managedPolicies[std::size_t(i)]
                                              = render::AuditRolePolicy{policyName.toStdString(),
                                                                        policyArn.toStdString(),
                                                                        v->result()
                                                                            .value(QStringLiteral("PolicyVersion"))
                                                                            .toObject()
                                                                            .value(QStringLiteral("Document"))
                                                                            .toString()
                                                                            .toStdString()};
                                      }
                                  });
                        });
              }
          });
    return role;
}

void AccountAuditRun::assemble()
{
    for (const auto& profile : std::as_const(m_profiles)) {
        for (const auto& environment : std::as_const(profile->environments)) {
            render::AuditEnvironmentInput in;
            in.name = environment->name.toStdString();
            in.region = profile->session.region.toStdString();
            in.account = accountOfArn(environment->arn).toStdString();
            in.profile = profile->name.toStdString();
            in.status = environment->status.toStdString();
            in.environmentRead = environment->read;
            in.executionRoleArn = environment->roleArn.toStdString();
            in.errors = environment->errors;
            if (const auto& key = environment->key) {
                in.keyArn = (key->arn.isEmpty() ? key->id : key->arn).toStdString();
                if (key->metadata) {
                    in.keyMetadata = toJson(*key->metadata);
                }
                if (key->policy) {
                    in.keyPolicy = key->policy->toStdString();
                    in.policyFetchedAt = key->policyFetchedAt.toStdString();
                }
                if (key->grants) {
                    in.grants = key->grants->toStdString();
                }
                for (const QString& alias : std::as_const(key->aliases)) {
                    in.aliases.push_back(alias.toStdString());
                }
                in.errors.insert(in.errors.end(), key->errors.begin(), key->errors.end());
            }
            if (const auto& role = environment->role) {
                in.errors.insert(in.errors.end(), role->errors.begin(), role->errors.end());
                std::vector<render::AuditRolePolicy> policies;
                bool all = role->inlineListed && role->managedListed;
                for (const auto* list : {&role->inlinePolicies, &role->managedPolicies}) {
                    for (const auto& p : *list) {
                        if (p) {
                            policies.push_back(*p);
                        } else {
                            all = false;
                        }
                    }
                }
                if (all) {
                    in.rolePolicies = std::move(policies);
                }
            }
            if (m_cancelled && in.errors.empty() && (!environment->read || (environment->key && !in.keyPolicy))) {
                in.errors.push_back({"audit", auditTr("cancelled").toStdString()});
            }
            m_result.environments.push_back(render::auditEnvironment(std::move(in)));
        }
    }
}

} // namespace kps::aws
