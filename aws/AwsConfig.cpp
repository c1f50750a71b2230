// SPDX-License-Identifier: GPL-3.0-or-later
#include "aws/AwsConfig.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSet>

#include <algorithm>

namespace kps::aws {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("kps::aws::AwsConfig", text);
}

QString readText(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) {
        return {};
    }
    return QString::fromUtf8(f.readAll());
}

QString expandHome(const QString& path, const QString& home)
{
    if (path == QLatin1String("~")) {
        return home;
    }
    if (path.startsWith(QLatin1String("~/"))) {
        return home + path.mid(1);
    }
    return path;
}

bool truthy(const QString& value)
{
    return value.trimmed().compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
}

} // namespace

IniSections parseIni(const QString& text)
{
    IniSections sections;
    QString current;
    bool inSection = false;
    QString lastKey;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (const QString& raw : lines) {
        QString line = raw;
        line.remove(QLatin1Char('\r'));
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(QLatin1Char('#')) || trimmed.startsWith(QLatin1Char(';'))) {
            continue;
        }
        if (trimmed.startsWith(QLatin1Char('[')) && trimmed.endsWith(QLatin1Char(']'))) {
            current = trimmed.mid(1, trimmed.size() - 2).trimmed();
            inSection = true;
            sections[current];
            lastKey.clear();
            continue;
        }
        if (!inSection) {
            continue;
        }
        // An indented line belongs to the previous key's nested block (e.g. "s3 =" followed by settings): the
        // editor needs none of those, and they must not override top-level keys.
        if (line.at(0).isSpace()) {
            continue;
        }
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq < 0) {
            continue;
        }
        lastKey = line.left(eq).trimmed().toLower();
        sections[current][lastKey] = line.mid(eq + 1).trimmed();
    }
    return sections;
}

AwsEnvironment AwsEnvironment::system()
{
    return {QProcessEnvironment::systemEnvironment(), QDir::homePath()};
}

QString AwsEnvironment::credentialsFile() const
{
    const QString v = value(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"));
    return expandHome(v.isEmpty() ? QStringLiteral("~/.aws/credentials") : v, homeDir);
}

QString AwsEnvironment::configFile() const
{
    const QString v = value(QStringLiteral("AWS_CONFIG_FILE"));
    return expandHome(v.isEmpty() ? QStringLiteral("~/.aws/config") : v, homeDir);
}

QString displayPath(const QString& path, const QString& homeDir)
{
    if (!homeDir.isEmpty() && path.startsWith(homeDir + QLatin1Char('/'))) {
        return QLatin1Char('~') + path.mid(homeDir.size());
    }
    return path;
}

AwsConfigResolver::AwsConfigResolver(AwsEnvironment environment)
    : m_env(std::move(environment))
    , m_credentialsPath(m_env.credentialsFile())
    , m_configPath(m_env.configFile())
{
    m_credentials = parseIni(readText(m_credentialsPath));
    // In the config file a profile is "[profile name]"; "[default]" and "[profile default]" both name the default.
    const IniSections config = parseIni(readText(m_configPath));
    for (auto it = config.cbegin(); it != config.cend(); ++it) {
        const QString& section = it.key();
        if (section.startsWith(QLatin1String("profile "))) {
            const QString name = section.mid(8).trimmed();
            auto& target = m_config[name];
            for (auto kv = it.value().cbegin(); kv != it.value().cend(); ++kv) {
                target[kv.key()] = kv.value();
            }
        } else if (section == QLatin1String("default")) {
            auto& target = m_config[section];
            for (auto kv = it.value().cbegin(); kv != it.value().cend(); ++kv) {
                if (!target.contains(kv.key())) {
                    target[kv.key()] = kv.value();
                }
            }
        }
        // Other sections ([sso-session x], [services x]) are not profiles.
    }
}

QStringList AwsConfigResolver::profiles() const
{
    QSet<QString> names;
    for (auto it = m_credentials.cbegin(); it != m_credentials.cend(); ++it) {
        names.insert(it.key());
    }
    for (auto it = m_config.cbegin(); it != m_config.cend(); ++it) {
        names.insert(it.key());
    }
    QStringList list(names.cbegin(), names.cend());
    std::sort(list.begin(), list.end(), [](const QString& a, const QString& b) {
        if ((a == QLatin1String("default")) != (b == QLatin1String("default"))) {
            return a == QLatin1String("default");
        }
        return a < b;
    });
    return list;
}

QMap<QString, QString> AwsConfigResolver::configProfile(const QString& name) const
{
    return m_config.value(name);
}

bool AwsConfigResolver::profileExists(const QString& name) const
{
    return m_credentials.contains(name) || m_config.contains(name);
}

QString AwsConfigResolver::regionFor(const QString& profileOption) const
{
    const AwsSession s = resolve(profileOption, QString());
    return s.region;
}

QString configuredEndpoint(const AwsEnvironment& environment, const QString& serviceId, const QString& cliOption)
{
    if (!cliOption.isEmpty()) {
        return cliOption;
    }
    if (truthy(environment.value(QStringLiteral("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")))) {
        return {};
    }
    QString id = serviceId.toUpper();
    id.replace(QLatin1Char(' '), QLatin1Char('_'));
    const QString specific = environment.value(QStringLiteral("AWS_ENDPOINT_URL_") + id);
    return specific.isEmpty() ? environment.value(QStringLiteral("AWS_ENDPOINT_URL")) : specific;
}

AwsSession AwsConfigResolver::resolve(const QString& profileOption, const QString& regionOption) const
{
    return resolveChain(profileOption, regionOption, {});
}

AwsSession
AwsConfigResolver::resolveChain(const QString& profileOption, const QString& regionOption, QStringList chain) const
{
    AwsSession s;
    const QString home = m_env.homeDir;
    const QString credPath = displayPath(m_credentialsPath, home);
    const QString confPath = displayPath(m_configPath, home);

    // The profile: --profile, then AWS_PROFILE (CLI v2 prefers it to the older AWS_DEFAULT_PROFILE).
    bool explicitProfile = true;
    if (!profileOption.isEmpty()) {
        s.profile = profileOption;
    } else if (!m_env.value(QStringLiteral("AWS_PROFILE")).isEmpty()) {
        s.profile = m_env.value(QStringLiteral("AWS_PROFILE"));
    } else if (!m_env.value(QStringLiteral("AWS_DEFAULT_PROFILE")).isEmpty()) {
        s.profile = m_env.value(QStringLiteral("AWS_DEFAULT_PROFILE"));
    } else {
        s.profile = QStringLiteral("default");
        explicitProfile = false;
    }
    if (explicitProfile && !profileExists(s.profile)) {
        s.error = tr("The config profile (%1) could not be found in %2 or %3. Check the name (--profile, AWS_PROFILE) "
                     "or create it with `aws configure --profile %1`.")
                      .arg(s.profile, credPath, confPath);
        return s;
    }
    const QMap<QString, QString> config = configProfile(s.profile);
    const QMap<QString, QString> creds = m_credentials.value(s.profile);

    // Settings that are not credentials.
    s.useFips = truthy(m_env.value(QStringLiteral("AWS_USE_FIPS_ENDPOINT")))
        || (m_env.value(QStringLiteral("AWS_USE_FIPS_ENDPOINT")).isEmpty()
            && truthy(config.value(QStringLiteral("use_fips_endpoint"))));
    s.caBundle = m_env.value(QStringLiteral("AWS_CA_BUNDLE"));
    if (s.caBundle.isEmpty()) {
        s.caBundle = expandHome(config.value(QStringLiteral("ca_bundle")), home);
    }
    bool ok = false;
    const QString attempts = m_env.value(QStringLiteral("AWS_MAX_ATTEMPTS")).isEmpty()
        ? config.value(QStringLiteral("max_attempts"))
        : m_env.value(QStringLiteral("AWS_MAX_ATTEMPTS"));
    const int n = attempts.toInt(&ok);
    s.maxAttempts = ok && n > 0 ? n : 0;

    // Region.
    if (!regionOption.isEmpty()) {
        s.region = regionOption;
        s.regionSource = QStringLiteral("--region");
    } else if (!m_env.value(QStringLiteral("AWS_REGION")).isEmpty()) {
        s.region = m_env.value(QStringLiteral("AWS_REGION"));
        s.regionSource = QStringLiteral("AWS_REGION");
    } else if (!m_env.value(QStringLiteral("AWS_DEFAULT_REGION")).isEmpty()) {
        s.region = m_env.value(QStringLiteral("AWS_DEFAULT_REGION"));
        s.regionSource = QStringLiteral("AWS_DEFAULT_REGION");
    } else if (!config.value(QStringLiteral("region")).isEmpty()) {
        s.region = config.value(QStringLiteral("region"));
        s.regionSource = tr("profile %1 in %2").arg(s.profile, confPath);
    }

    // Credentials. Environment keys count unless a profile was named on the command line.
    const QString envKey = m_env.value(QStringLiteral("AWS_ACCESS_KEY_ID"));
    const QString envSecret = m_env.value(QStringLiteral("AWS_SECRET_ACCESS_KEY"));
    if (profileOption.isEmpty() && (!envKey.isEmpty() || !envSecret.isEmpty())) {
        if (envKey.isEmpty() || envSecret.isEmpty()) {
            s.error = tr("Partial credentials found in the environment, missing: %1. Set both AWS_ACCESS_KEY_ID and "
                         "AWS_SECRET_ACCESS_KEY, or unset both to use a profile.")
                          .arg(envKey.isEmpty() ? QStringLiteral("AWS_ACCESS_KEY_ID")
                                                : QStringLiteral("AWS_SECRET_ACCESS_KEY"));
            return s;
        }
        s.credentials.accessKeyId = envKey;
        s.credentials.secretAccessKey = envSecret.toUtf8();
        QString token = m_env.value(QStringLiteral("AWS_SESSION_TOKEN"));
        if (token.isEmpty()) {
            token = m_env.value(QStringLiteral("AWS_SECURITY_TOKEN"));
        }
        s.credentials.sessionToken = token.toUtf8();
        const QString expiry = m_env.value(QStringLiteral("AWS_CREDENTIAL_EXPIRATION"));
        if (!expiry.isEmpty()) {
            s.credentials.expiration = QDateTime::fromString(expiry, Qt::ISODateWithMs);
        }
        s.credentials.source = tr("environment variables");
        s.credentialSource = s.credentials.source;
    } else {
        // Profiles the CLI resolves with SSO or web-identity calls come first in its chain; Keypolicy Studio does
        // not make those calls, so such a profile is refused rather than silently answered with other credentials.
        // A role profile is resolved to an AssumeRole, made later by SessionCredentials.
        const bool assumeRole = config.contains(QStringLiteral("role_arn"));
        const bool sso = config.contains(QStringLiteral("sso_session"))
            || config.contains(QStringLiteral("sso_start_url")) || config.contains(QStringLiteral("sso_account_id"));
        const bool webIdentity = config.contains(QStringLiteral("web_identity_token_file"));
        const QString source = config.value(QStringLiteral("source_profile"));
        const QString credentialSourceSetting = config.value(QStringLiteral("credential_source"));
        const bool mfa = assumeRole && config.contains(QStringLiteral("mfa_serial"));
        const bool unsupportedSource = assumeRole
            && ((source.isEmpty() && credentialSourceSetting.compare(QLatin1String("Environment"), Qt::CaseInsensitive))
                || (!source.isEmpty() && !credentialSourceSetting.isEmpty()));
        if (sso || webIdentity || mfa || unsupportedSource) {
            const QString kind = sso ? tr("IAM Identity Center (SSO)")
                : webIdentity        ? tr("web identity")
                : mfa                ? tr("an assumed role with MFA")
                                     : tr("an assumed role with credential_source %1").arg(credentialSourceSetting);
            s.error = tr("Profile %1 uses %2, which Keypolicy Studio does not sign in to by itself. Add a profile to "
                         "%3 that asks the AWS CLI for the credentials, and use it instead:\n"
                         "  [profile %1-export]\n"
                         "  credential_process = aws configure export-credentials --profile %1 --format process\n"
                         "  region = %4")
                          .arg(s.profile, kind, confPath, s.region.isEmpty() ? QStringLiteral("<region>") : s.region);
            return s;
        }
        if (assumeRole) {
            s.assumeRole.roleArn = config.value(QStringLiteral("role_arn"));
            s.assumeRole.externalId = config.value(QStringLiteral("external_id"));
            s.assumeRole.roleSessionName = config.value(QStringLiteral("role_session_name"));
            if (s.assumeRole.roleSessionName.isEmpty()) {
                s.assumeRole.roleSessionName
                    = QStringLiteral("botocore-session-%1").arg(QDateTime::currentSecsSinceEpoch());
            }
            const QString duration = config.value(QStringLiteral("duration_seconds"));
            if (!duration.isEmpty()) {
                bool durationOk = false;
                s.assumeRole.durationSeconds = duration.toInt(&durationOk);
                if (!durationOk || s.assumeRole.durationSeconds < 900 || s.assumeRole.durationSeconds > 43200) {
                    s.error = tr("duration_seconds of profile %1 in %2 must be a number of seconds from 900 to 43200.")
                                  .arg(s.profile, confPath);
                    return s;
                }
            }
            AwsSession base;
            if (source.isEmpty()) {
                // credential_source = Environment: the environment's keys sign the AssumeRole.
                AwsConfigResolver environmentOnly(*this);
                environmentOnly.m_credentials.clear();
                environmentOnly.m_config.clear();
                base = environmentOnly.resolveChain(QString(), s.region, chain);
            } else if (source == s.profile
                       && (creds.contains(QStringLiteral("aws_access_key_id"))
                           || config.contains(QStringLiteral("aws_access_key_id")))) {
                // A profile that names itself as its source signs with its own keys (as the AWS CLI does).
                AwsConfigResolver keysOnly(*this);
                keysOnly.m_config[s.profile].remove(QStringLiteral("role_arn"));
                base = keysOnly.resolveChain(source, s.region, chain);
            } else if (chain.contains(source) || chain.size() > 10 || source == s.profile) {
                s.error = tr("The source_profile chain of profile %1 in %2 loops (%3). Point source_profile at a "
                             "profile with credentials.")
                              .arg(s.profile,
                                   confPath,
                                   (chain + QStringList{s.profile, source}).join(QLatin1String(" -> ")));
                return s;
            } else {
                base = resolveChain(source, s.region, chain + QStringList{s.profile});
            }
            if (!base.isValid()) {
                s.error = tr("Profile %1 assumes %2 with the credentials of %3, which cannot be used: %4")
                              .arg(s.profile,
                                   s.assumeRole.roleArn,
                                   source.isEmpty() ? tr("the environment") : tr("profile %1").arg(source),
                                   base.error);
                return s;
            }
            s.credentialSource = tr("role %1 assumed with %2").arg(s.assumeRole.roleArn, base.credentialSource);
            s.roleSource = std::make_shared<const AwsSession>(std::move(base));
            if (s.region.isEmpty()) {
                s.error = tr("No AWS region. Pass --region, set AWS_REGION, or add `region = ...` to profile %1 in %2.")
                              .arg(s.profile, confPath);
            }
            return s;
        }
        const auto keysFrom = [&](const QMap<QString, QString>& section, const QString& where) {
            const QString key = section.value(QStringLiteral("aws_access_key_id"));
            const QString secret = section.value(QStringLiteral("aws_secret_access_key"));
            if (key.isEmpty() && secret.isEmpty()) {
                return false;
            }
            if (key.isEmpty() || secret.isEmpty()) {
                s.error = tr("Partial credentials for profile %1 in %2: missing %3.")
                              .arg(s.profile,
                                   where,
                                   key.isEmpty() ? QStringLiteral("aws_access_key_id")
                                                 : QStringLiteral("aws_secret_access_key"));
                return true;
            }
            s.credentials.accessKeyId = key;
            s.credentials.secretAccessKey = secret.toUtf8();
            QString token = section.value(QStringLiteral("aws_session_token"));
            if (token.isEmpty()) {
                token = section.value(QStringLiteral("aws_security_token"));
            }
            s.credentials.sessionToken = token.toUtf8();
            s.credentials.source = tr("profile %1 in %2").arg(s.profile, where);
            s.credentialSource = s.credentials.source;
            return true;
        };
        if (!keysFrom(creds, credPath)) {
            const QString process = config.value(QStringLiteral("credential_process"));
            if (!process.isEmpty()) {
                s.credentialProcess = process;
                s.credentialSource = tr("credential_process of profile %1 in %2").arg(s.profile, confPath);
            } else if (!keysFrom(config, confPath)) {
                s.error = tr("No AWS credentials found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or choose a "
                             "profile (--profile, AWS_PROFILE) that has keys in %1 or a credential_process in %2 "
                             "(`aws configure` creates one).")
                              .arg(credPath, confPath);
                return s;
            }
        }
        if (!s.error.isEmpty()) {
            return s;
        }
    }

    if (s.region.isEmpty()) {
        s.error = tr("No AWS region. Pass --region, set AWS_REGION, or add `region = ...` to profile %1 in %2.")
                      .arg(s.profile, confPath);
    }
    return s;
}

} // namespace kps::aws
