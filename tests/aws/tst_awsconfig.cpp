// SPDX-License-Identifier: GPL-3.0-or-later
#include "aws/AwsConfig.h"
#include "aws/CredentialProcess.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace kps::aws;

class TestAwsConfig : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void iniParsing();
    void environmentKeys();
    void partialEnvironmentKeys();
    void explicitProfileIgnoresEnvironmentKeys();
    void awsProfileWithEnvironmentKeys();
    void unknownProfile();
    void profileFromFiles();
    void fileOverrides();
    void regionOrder();
    void credentialProcessProfile();
    void credentialsFileBeatsCredentialProcess();
    void keysInConfigFile();
    void ssoAndAssumeRoleProfiles();
    void noCredentials();
    void noRegion();
    void settings();
    void profilesList();
    void credentialProcessOutput();
    void messagesNeverContainSecrets();

private:
    AwsConfigResolver resolver(const QMap<QString, QString>& env = {});
    void write(const QString& name, const QByteArray& text);

    std::unique_ptr<QTemporaryDir> m_home;
};

namespace {
const QByteArray kCredentials = R"(# comment
[default]
aws_access_key_id = AKIADEFAULT000000000
aws_secret_access_key = secretDefault0000000000000000000000000000

[policy-editor]
aws_access_key_id=AKIAEDITOR0000000000
aws_secret_access_key=secretEditor00000000000000000000000000000
aws_session_token = tokenEditor

[both]
aws_access_key_id = AKIABOTH000000000000
aws_secret_access_key = secretBoth000000000000000000000000000000

[half]
aws_access_key_id = AKIAHALF000000000000
)";

const QByteArray kConfig = R"([default]
region = eu-west-1
; comment
[profile policy-editor]
region = eu-central-1
s3 =
    region = nested-must-not-win
    max_concurrent_requests = 20

[profile process]
region = us-east-1
credential_process = /usr/bin/aws configure export-credentials --profile sso --format process

[profile both]
credential_process = never-run
region = eu-north-1

[profile config-keys]
aws_access_key_id = AKIACONFIG0000000000
aws_secret_access_key = secretConfig00000000000000000000000000000
region = ap-south-1

[profile sso]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Admin
region = eu-west-1

[profile role]
role_arn = arn:aws:iam::111122223333:role/Admin
source_profile = default
external_id = ext-1
role_session_name = kps-test
duration_seconds = 1800

[profile role-mfa]
role_arn = arn:aws:iam::111122223333:role/Admin
source_profile = default
mfa_serial = arn:aws:iam::111122223333:mfa/me

[profile loop-a]
role_arn = arn:aws:iam::111122223333:role/A
source_profile = loop-b

[profile loop-b]
role_arn = arn:aws:iam::111122223333:role/B
source_profile = loop-a

[profile noregion]
aws_access_key_id = AKIANOREGION00000000
aws_secret_access_key = secretNoRegion000000000000000000000000000

[profile fips]
region = us-gov-west-1
use_fips_endpoint = true
max_attempts = 7
ca_bundle = ~/corp-ca.pem
credential_process = x

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
)";

const QStringList kSecrets = {QStringLiteral("secretDefault"),
                              QStringLiteral("secretEditor"),
                              QStringLiteral("tokenEditor"),
                              QStringLiteral("secretBoth"),
                              QStringLiteral("secretConfig"),
                              QStringLiteral("envSecret"),
                              QStringLiteral("envToken")};
} // namespace

void TestAwsConfig::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    QVERIFY(QDir(m_home->path()).mkpath(QStringLiteral(".aws")));
    write(QStringLiteral(".aws/credentials"), kCredentials);
    write(QStringLiteral(".aws/config"), kConfig);
}

void TestAwsConfig::write(const QString& name, const QByteArray& text)
{
    QFile f(m_home->filePath(name));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

AwsConfigResolver TestAwsConfig::resolver(const QMap<QString, QString>& env)
{
    QProcessEnvironment vars;
    for (auto it = env.cbegin(); it != env.cend(); ++it) {
        vars.insert(it.key(), it.value());
    }
    return AwsConfigResolver({vars, m_home->path()});
}

void TestAwsConfig::iniParsing()
{
    const IniSections s = parseIni(QString::fromUtf8(kConfig));
    QCOMPARE(s.value(QStringLiteral("profile policy-editor")).value(QStringLiteral("region")),
             QStringLiteral("eu-central-1"));
    QVERIFY(!s.value(QStringLiteral("profile policy-editor")).contains(QStringLiteral("max_concurrent_requests")));
    QCOMPARE(s.value(QStringLiteral("profile process")).value(QStringLiteral("credential_process")),
             QStringLiteral("/usr/bin/aws configure export-credentials --profile sso --format process"));
    QVERIFY(s.contains(QStringLiteral("sso-session corp")));
    QVERIFY(parseIni(QStringLiteral("garbage\n[x\nk=v")).isEmpty());
}

void TestAwsConfig::environmentKeys()
{
    const AwsSession s = resolver({{QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIAENV")},
                                   {QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("envSecret")},
                                   {QStringLiteral("AWS_SESSION_TOKEN"), QStringLiteral("envToken")}})
                             .resolve(QString(), QString());
    QVERIFY2(s.isValid(), qPrintable(s.error));
    QCOMPARE(s.credentials.accessKeyId, QStringLiteral("AKIAENV"));
    QCOMPARE(s.credentials.secretAccessKey, QByteArray("envSecret"));
    QCOMPARE(s.credentials.sessionToken, QByteArray("envToken"));
    QCOMPARE(s.credentialSource, QStringLiteral("environment variables"));
    QCOMPARE(s.region, QStringLiteral("eu-west-1")); // the default profile's region
    // The legacy token name still works.
    const AwsSession legacy = resolver({{QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIAENV")},
                                        {QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("envSecret")},
                                        {QStringLiteral("AWS_SECURITY_TOKEN"), QStringLiteral("envToken")}})
                                  .resolve(QString(), QString());
    QCOMPARE(legacy.credentials.sessionToken, QByteArray("envToken"));
}

void TestAwsConfig::partialEnvironmentKeys()
{
    const AwsSession s
        = resolver({{QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIAENV")}}).resolve(QString(), QString());
    QVERIFY(!s.isValid());
    QVERIFY(s.error.contains(QStringLiteral("missing: AWS_SECRET_ACCESS_KEY")));
}

void TestAwsConfig::explicitProfileIgnoresEnvironmentKeys()
{
    const AwsSession s = resolver({{QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIAENV")},
                                   {QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("envSecret")}})
                             .resolve(QStringLiteral("policy-editor"), QString());
    QVERIFY2(s.isValid(), qPrintable(s.error));
    QCOMPARE(s.credentials.accessKeyId, QStringLiteral("AKIAEDITOR0000000000"));
    QCOMPARE(s.credentials.sessionToken, QByteArray("tokenEditor"));
    QCOMPARE(s.region, QStringLiteral("eu-central-1")); // the nested s3 region does not win
    QCOMPARE(s.credentialSource, QStringLiteral("profile policy-editor in ~/.aws/credentials"));
}

void TestAwsConfig::awsProfileWithEnvironmentKeys()
{
    // As observed with the CLI: the env keys win, the region comes from AWS_PROFILE's profile.
    const AwsSession s = resolver({{QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIAENV")},
                                   {QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("envSecret")},
                                   {QStringLiteral("AWS_PROFILE"), QStringLiteral("policy-editor")},
                                   {QStringLiteral("AWS_DEFAULT_PROFILE"), QStringLiteral("default")}})
                             .resolve(QString(), QString());
    QCOMPARE(s.credentials.accessKeyId, QStringLiteral("AKIAENV"));
    QCOMPARE(s.profile, QStringLiteral("policy-editor"));
    QCOMPARE(s.region, QStringLiteral("eu-central-1"));
}

void TestAwsConfig::unknownProfile()
{
    const AwsSession s
        = resolver({{QStringLiteral("AWS_PROFILE"), QStringLiteral("nosuch")}}).resolve(QString(), QString());
    QVERIFY(s.error.contains(QStringLiteral("The config profile (nosuch) could not be found")));
    const AwsSession t = resolver().resolve(QStringLiteral("nosuch"), QString());
    QVERIFY(t.error.contains(QStringLiteral("(nosuch)")));
}

void TestAwsConfig::profileFromFiles()
{
    const AwsSession s = resolver().resolve(QString(), QString());
    QVERIFY2(s.isValid(), qPrintable(s.error));
    QCOMPARE(s.profile, QStringLiteral("default"));
    QCOMPARE(s.credentials.accessKeyId, QStringLiteral("AKIADEFAULT000000000"));
    QVERIFY(s.credentials.sessionToken.isEmpty());
    QCOMPARE(s.region, QStringLiteral("eu-west-1"));
    QCOMPARE(s.regionSource, QStringLiteral("profile default in ~/.aws/config"));
    const AwsSession p = resolver({{QStringLiteral("AWS_DEFAULT_PROFILE"), QStringLiteral("policy-editor")}})
                             .resolve(QString(), QString());
    QCOMPARE(p.credentials.accessKeyId, QStringLiteral("AKIAEDITOR0000000000"));
}

void TestAwsConfig::fileOverrides()
{
    write(QStringLiteral("other-credentials"), "[default]\naws_access_key_id=AKIAOTHER\naws_secret_access_key=s\n");
    write(QStringLiteral("other-config"), "[default]\nregion=sa-east-1\n");
    const AwsSession s
        = resolver(
              {{QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), m_home->filePath(QStringLiteral("other-credentials"))},
               {QStringLiteral("AWS_CONFIG_FILE"), m_home->filePath(QStringLiteral("other-config"))}})
              .resolve(QString(), QString());
    QCOMPARE(s.credentials.accessKeyId, QStringLiteral("AKIAOTHER"));
    QCOMPARE(s.region, QStringLiteral("sa-east-1"));
}

void TestAwsConfig::regionOrder()
{
    QMap<QString, QString> env{{QStringLiteral("AWS_REGION"), QStringLiteral("ap-south-1")},
                               {QStringLiteral("AWS_DEFAULT_REGION"), QStringLiteral("eu-north-1")}};
    QCOMPARE(resolver(env).resolve(QString(), QStringLiteral("us-west-2")).region, QStringLiteral("us-west-2"));
    QCOMPARE(resolver(env).resolve(QString(), QString()).region, QStringLiteral("ap-south-1"));
    QCOMPARE(resolver(env).resolve(QString(), QString()).regionSource, QStringLiteral("AWS_REGION"));
    env.remove(QStringLiteral("AWS_REGION"));
    QCOMPARE(resolver(env).resolve(QStringLiteral("policy-editor"), QString()).region, QStringLiteral("eu-north-1"));
    QCOMPARE(resolver().regionFor(QStringLiteral("policy-editor")), QStringLiteral("eu-central-1"));
}

void TestAwsConfig::credentialProcessProfile()
{
    const AwsSession s = resolver().resolve(QStringLiteral("process"), QString());
    QVERIFY2(s.isValid(), qPrintable(s.error));
    QVERIFY(!s.credentials.isValid());
    QVERIFY(s.hasCredentials());
    QCOMPARE(s.credentialProcess,
             QStringLiteral("/usr/bin/aws configure export-credentials --profile sso --format process"));
    QVERIFY(s.credentialSource.contains(QStringLiteral("credential_process of profile process")));
    QCOMPARE(s.region, QStringLiteral("us-east-1"));
}

void TestAwsConfig::credentialsFileBeatsCredentialProcess()
{
    const AwsSession s = resolver().resolve(QStringLiteral("both"), QString());
    QCOMPARE(s.credentials.accessKeyId, QStringLiteral("AKIABOTH000000000000"));
    QVERIFY(s.credentialProcess.isEmpty());
    QCOMPARE(s.region, QStringLiteral("eu-north-1"));
}

void TestAwsConfig::keysInConfigFile()
{
    const AwsSession s = resolver().resolve(QStringLiteral("config-keys"), QString());
    QVERIFY2(s.isValid(), qPrintable(s.error));
    QCOMPARE(s.credentials.accessKeyId, QStringLiteral("AKIACONFIG0000000000"));
    QCOMPARE(s.credentialSource, QStringLiteral("profile config-keys in ~/.aws/config"));
}

void TestAwsConfig::ssoAndAssumeRoleProfiles()
{
    const AwsSession sso = resolver().resolve(QStringLiteral("sso"), QString());
    QVERIFY(!sso.isValid());
    QVERIFY(sso.error.contains(QStringLiteral("IAM Identity Center")));
    QVERIFY(sso.error.contains(
        QStringLiteral("credential_process = aws configure export-credentials --profile sso --format process")));
    // A role profile resolves to an AssumeRole signed with its source profile's credentials (issue 20).
    const AwsSession role = resolver().resolve(QStringLiteral("role"), QStringLiteral("eu-west-1"));
    QVERIFY2(role.isValid(), qPrintable(role.error));
    QCOMPARE(role.assumeRole.roleArn, QStringLiteral("arn:aws:iam::111122223333:role/Admin"));
    QCOMPARE(role.assumeRole.externalId, QStringLiteral("ext-1"));
    QCOMPARE(role.assumeRole.roleSessionName, QStringLiteral("kps-test"));
    QCOMPARE(role.assumeRole.durationSeconds, 1800);
    QVERIFY(role.roleSource);
    QVERIFY(role.roleSource->credentials.isValid());
    QVERIFY(role.hasCredentials());
    const AwsSession mfa = resolver().resolve(QStringLiteral("role-mfa"), QStringLiteral("eu-west-1"));
    QVERIFY(mfa.error.contains(QStringLiteral("MFA")));
    const AwsSession loop = resolver().resolve(QStringLiteral("loop-a"), QStringLiteral("eu-west-1"));
    QVERIFY(!loop.isValid());
    QVERIFY2(loop.error.contains(QStringLiteral("loops")), qPrintable(loop.error));
}

void TestAwsConfig::noCredentials()
{
    write(QStringLiteral(".aws/credentials"), "");
    const AwsSession s = resolver().resolve(QString(), QString());
    QVERIFY(s.error.contains(QStringLiteral("No AWS credentials found")));
    const AwsSession half = resolver().resolve(QStringLiteral("half"), QString());
    QVERIFY(!half.isValid());
}

void TestAwsConfig::noRegion()
{
    const AwsSession s = resolver().resolve(QStringLiteral("noregion"), QString());
    QVERIFY(s.error.contains(QStringLiteral("No AWS region")));
    QVERIFY(s.error.contains(QStringLiteral("--region")));
    QVERIFY(resolver().resolve(QStringLiteral("noregion"), QStringLiteral("eu-west-1")).isValid());
}

void TestAwsConfig::settings()
{
    const AwsSession s = resolver().resolve(QStringLiteral("fips"), QString());
    QVERIFY(s.useFips);
    QCOMPARE(s.maxAttempts, 7);
    QCOMPARE(s.caBundle, m_home->path() + QStringLiteral("/corp-ca.pem"));
    const AwsSession e = resolver({{QStringLiteral("AWS_USE_FIPS_ENDPOINT"), QStringLiteral("false")},
                                   {QStringLiteral("AWS_MAX_ATTEMPTS"), QStringLiteral("2")},
                                   {QStringLiteral("AWS_CA_BUNDLE"), QStringLiteral("/etc/ca.pem")}})
                             .resolve(QStringLiteral("fips"), QString());
    QVERIFY(!e.useFips);
    QCOMPARE(e.maxAttempts, 2);
    QCOMPARE(e.caBundle, QStringLiteral("/etc/ca.pem"));
}

void TestAwsConfig::profilesList()
{
    const QStringList p = resolver().profiles();
    QCOMPARE(p.first(), QStringLiteral("default"));
    QVERIFY(p.contains(QStringLiteral("policy-editor")));
    QVERIFY(p.contains(QStringLiteral("sso")));
    QVERIFY(p.contains(QStringLiteral("half")));
    QVERIFY(!p.contains(QStringLiteral("corp")));
    QVERIFY(!p.contains(QStringLiteral("sso-session corp")));
}

void TestAwsConfig::credentialProcessOutput()
{
    QString error;
    const Credentials ok = CredentialProcess::parseOutput(
        R"({"Version": 1, "AccessKeyId": "ASIAX", "SecretAccessKey": "procSecret", "SessionToken": "procToken", "Expiration": "2999-01-01T00:00:00Z"})",
        QStringLiteral("p"),
        &error);
    QVERIFY2(ok.isValid(), qPrintable(error));
    QCOMPARE(ok.sessionToken, QByteArray("procToken"));
    QCOMPARE(ok.expiration, QDateTime(QDate(2999, 1, 1), QTime(0, 0), Qt::UTC));

    const struct
    {
        const char* output;
        const char* says;
    } bad[] = {
        {R"({"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "procSecret"})", "Version"},
        {R"({"Version": 1, "AccessKeyId": "A"})", "SecretAccessKey"},
        {R"({"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "procSecret", "Expiration": "2001-01-01T00:00:00Z"})",
         "expired"},
        {R"(procSecret)", "not a JSON object"},
    };
    for (const auto& b : bad) {
        error.clear();
        QVERIFY(!CredentialProcess::parseOutput(b.output, QStringLiteral("p"), &error).isValid());
        QVERIFY2(error.contains(QLatin1String(b.says)), qPrintable(error));
        QVERIFY2(!error.contains(QStringLiteral("procSecret")), qPrintable(error));
    }
}

void TestAwsConfig::messagesNeverContainSecrets()
{
    const QList<QPair<QMap<QString, QString>, QString>> cases = {
        {{{QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("envSecret")}}, QString()},
        {{{QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIAENV")},
          {QStringLiteral("AWS_SESSION_TOKEN"), QStringLiteral("envToken")}},
         QString()},
        {{}, QStringLiteral("half")},
        {{}, QStringLiteral("noregion")},
        {{}, QStringLiteral("sso")},
        {{}, QStringLiteral("nosuch")},
        {{}, QStringLiteral("policy-editor")},
    };
    for (const auto& [env, profile] : cases) {
        const AwsSession s = resolver(env).resolve(profile, QString());
        QString debugText;
        QDebug(&debugText) << s.credentials;
        for (const QString& secret : kSecrets) {
            QVERIFY2(!s.error.contains(secret), qPrintable(s.error));
            QVERIFY2(!s.credentialSource.contains(secret), qPrintable(s.credentialSource));
            QVERIFY2(!debugText.contains(secret), qPrintable(debugText));
        }
    }
}

QTEST_GUILESS_MAIN(TestAwsConfig)
#include "tst_awsconfig.moc"
