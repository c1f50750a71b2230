// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "aws/SigV4.h"

#include <QMap>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <memory>

namespace kps::aws {

/** One INI file as the AWS CLI reads it: section -> key -> value (keys lower-cased, nested blocks skipped). */
using IniSections = QMap<QString, QMap<QString, QString>>;
/** Parses ~/.aws/credentials or ~/.aws/config text. `#` and `;` start comment lines; never fails. */
IniSections parseIni(const QString& text);

/** Where the resolver looks: the process environment and the home directory (injectable for tests). */
struct AwsEnvironment
{
    QProcessEnvironment variables;
    QString homeDir;

    static AwsEnvironment system();
    QString value(const QString& name) const { return variables.value(name); }
    QString credentialsFile() const; ///< AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials
    QString configFile() const; ///< AWS_CONFIG_FILE or ~/.aws/config
};

/** A profile's `role_arn` and what goes with it, as the AWS CLI reads them. */
struct AssumeRoleSettings
{
    QString roleArn; ///< empty: the profile assumes no role
    QString externalId; ///< external_id
    QString roleSessionName; ///< role_session_name (default: botocore-session-<unix time>, as the AWS CLI)
    int durationSeconds = 0; ///< duration_seconds; 0: STS's default (one hour)
};

struct AwsSession;

/**
 * What a command needs to talk to KMS: the profile, the region and the credentials, each with where it came from.
 * Either `credentials` is valid, or `credentialProcess` holds the command that will produce them (run later,
 * asynchronously, by KmsClient), or `error` says what is missing and what to do.
 */
struct AwsSession
{
    QString profile;
    QString region;
    QString regionSource; ///< "--region", "AWS_REGION", "AWS_DEFAULT_REGION", "profile dev in ~/.aws/config"
    Credentials credentials;
    QString credentialProcess; ///< the profile's credential_process command, when that is the source
    QString credentialSource; ///< where the credentials come from (never the credentials themselves)
    bool useFips = false; ///< use_fips_endpoint / AWS_USE_FIPS_ENDPOINT
    QString caBundle; ///< ca_bundle / AWS_CA_BUNDLE: extra trusted CA certificates (PEM), verification stays on
    int maxAttempts = 0; ///< max_attempts / AWS_MAX_ATTEMPTS; 0 = the client's default
    QString error; ///< empty when the session is usable
    /// A role profile: these credentials come from STS AssumeRole, signed with those of `roleSource` (the
    /// source_profile's session, or the environment's keys for credential_source = Environment).
    AssumeRoleSettings assumeRole;
    std::shared_ptr<const AwsSession> roleSource;

    bool isValid() const { return error.isEmpty(); }
    bool hasCredentials() const
    {
        return credentials.isValid() || !credentialProcess.isEmpty() || !assumeRole.roleArn.isEmpty();
    }
};

/**
 * Resolves profile, credentials and region in the AWS CLI v2's order (docs/aws.md):
 * credentials: an explicit --profile (environment keys are then ignored) > AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY
 * (+AWS_SESSION_TOKEN) > the profile (AWS_PROFILE, AWS_DEFAULT_PROFILE, "default"): its keys in the credentials
 * file, its credential_process, its keys in the config file. Region: --region > AWS_REGION > AWS_DEFAULT_REGION >
 * the profile's region. A profile with `role_arn` and `source_profile` (or `credential_source = Environment`) is
 * resolved to an AssumeRole to make (SessionCredentials makes it); SSO, web-identity and MFA profiles are refused with
 * a message naming the bridge (`credential_process = aws configure export-credentials --profile NAME --format
 * process`).
 * Reads files only; never runs anything, never logs a secret.
 */
class AwsConfigResolver
{
public:
    explicit AwsConfigResolver(AwsEnvironment environment = AwsEnvironment::system());

    /** Profile names from both files, sorted, "default" first (for a profile chooser). */
    QStringList profiles() const;
    /** The region the given profile would use without --region (for pre-filling a field). */
    QString regionFor(const QString& profileOption) const;
    /** Resolves everything; `profileOption` / `regionOption` are --profile / --region (empty when not given). */
    AwsSession resolve(const QString& profileOption, const QString& regionOption) const;

private:
    AwsSession resolveChain(const QString& profileOption, const QString& regionOption, QStringList chain) const;
    QMap<QString, QString> configProfile(const QString& name) const;
    bool profileExists(const QString& name) const;

    AwsEnvironment m_env;
    IniSections m_credentials;
    IniSections m_config; ///< keyed by profile name ("profile x" already stripped)
    QString m_credentialsPath;
    QString m_configPath;
};

/**
 * The endpoint URL to use for a service as the AWS CLI chooses it: `cliOption` (--endpoint-url), then
 * AWS_ENDPOINT_URL_<SERVICE ID> (the service id upper-cased, spaces as underscores: MWAA, IAM, STS, KMS), then
 * AWS_ENDPOINT_URL; the variables are ignored when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true. Empty: the service's
 * regional endpoint.
 */
QString configuredEndpoint(const AwsEnvironment& environment, const QString& serviceId, const QString& cliOption);

/** "~/..." for paths under the home directory, for messages. */
QString displayPath(const QString& path, const QString& homeDir);

} // namespace kps::aws
