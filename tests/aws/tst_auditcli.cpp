// SPDX-License-Identifier: GPL-3.0-or-later
// `keypolicy audit` (issue 20) in-process against the fake server speaking MWAA, IAM, STS and KMS: the scenario of
// three environments (ready, broken, AWS-owned key), every fault, role profiles, endpoint variables and cancel.
#include "FakeKmsServer.h"

#include "aws/AccountAudit.h"
#include "aws/AwsCli.h"
#include "aws/AwsClient.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

using namespace kps::aws;
using namespace kpstest;

namespace {

struct Run
{
    int status = -1;
    QString out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
    QJsonObject environment(const QString& name) const
    {
        for (const QJsonValue& e : json().value(QStringLiteral("environments")).toArray()) {
            if (e.toObject().value(QStringLiteral("name")).toString() == name) {
                return e.toObject();
            }
        }
        return {};
    }
};

const QString kReady = QStringLiteral("MyAirflowEnvironment");
const QString kBroken = QStringLiteral("BrokenEnv");
const QString kOwned = QStringLiteral("OwnedKeyEnv");

} // namespace

class TestAuditCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void queryXmlAndDocuments();
    void scenario();
    void onlyNamedEnvironments();
    void formats_data();
    void formats();
    void faults_data();
    void faults();
    void listEnvironmentsDenied();
    void allPages();
    void assumeRoleProfile();
    void assumeRoleRefused();
    void fetchWithRoleProfile();
    void endpointVariables();
    void severalProfiles();
    void cancel();
    void usage();

private:
    Run run(const QStringList& args, const QMap<QString, QString>& extraEnv = {});
    AwsEnvironment environment(const QMap<QString, QString>& extraEnv = {}) const;
    QString path(const QString& name) const { return m_dir.filePath(name); }
    void write(const QString& name, const QByteArray& data);
    QStringList base() const
    {
        return {QStringLiteral("audit"),
                QStringLiteral("--region"),
                QStringLiteral("eu-west-1"),
                QStringLiteral("--endpoint-url"),
                m_server.url(),
                QStringLiteral("--format"),
                QStringLiteral("json")};
    }

    FakeKmsServer m_server;
    QTemporaryDir m_dir;
    bool m_started = false;
};

void TestAuditCli::initTestCase()
{
    QString error;
    m_started = m_server.start(&error);
    if (!m_started) {
        QSKIP(qPrintable(error));
    }
    QVERIFY(m_dir.isValid());
}

void TestAuditCli::init()
{
    if (m_started) {
        m_server.reset();
    }
}

void TestAuditCli::write(const QString& name, const QByteArray& data)
{
    QFile f(path(name));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
}

AwsEnvironment TestAuditCli::environment(const QMap<QString, QString>& extraEnv) const
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), kUserKey);
    env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QString::fromLatin1(kUserSecret));
    env.insert(QStringLiteral("AWS_CONFIG_FILE"), path(QStringLiteral("config")));
    env.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), path(QStringLiteral("credentials")));
    for (auto it = extraEnv.cbegin(); it != extraEnv.cend(); ++it) {
        if (it.value().isNull()) {
            env.remove(it.key());
        } else {
            env.insert(it.key(), it.value());
        }
    }
    return {env, m_dir.path()};
}

Run TestAuditCli::run(const QStringList& args, const QMap<QString, QString>& extraEnv)
{
    AwsCliSettings settings;
    settings.environment = environment(extraEnv);
    settings.retryBaseMs = 5;
    settings.readStdin = false;
    Run r;
    QTextStream out(&r.out);
    QTextStream err(&r.err);
    r.status = runAwsCommand(QStringList{QStringLiteral("keypolicy")} + args, out, err, settings);
    out.flush();
    err.flush();
    return r;
}

void TestAuditCli::queryXmlAndDocuments()
{
    QString root;
    const QJsonObject o = queryXmlToJson(
        "<ListRolePoliciesResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ListRolePoliciesResult>"
        "<PolicyNames><member>a</member><member>b&amp;c</member></PolicyNames><IsTruncated>false</IsTruncated>"
        "</ListRolePoliciesResult></ListRolePoliciesResponse>",
        &root);
    QCOMPARE(root, QStringLiteral("ListRolePoliciesResponse"));
    const QJsonObject result = o.value(QStringLiteral("ListRolePoliciesResult")).toObject();
    QCOMPARE(result.value(QStringLiteral("PolicyNames")).toArray(),
             (QJsonArray{QStringLiteral("a"), QStringLiteral("b&c")}));
    QCOMPARE(result.value(QStringLiteral("IsTruncated")).toString(), QStringLiteral("false"));
    QCOMPARE(decodeIamDocument(QStringLiteral("%7B%22Version%22%3A%222012-10-17%22%7D")),
             QStringLiteral("{\"Version\":\"2012-10-17\"}"));
    QString signingRegion;
    QString error;
    QCOMPARE(serviceEndpoint(AwsService::Mwaa, QStringLiteral("eu-west-1"), QString(), &signingRegion, &error),
             QUrl(QStringLiteral("https://api.airflow.eu-west-1.amazonaws.com/")));
    QCOMPARE(serviceEndpoint(AwsService::Iam, QStringLiteral("eu-west-1"), QString(), &signingRegion, &error),
             QUrl(QStringLiteral("https://iam.amazonaws.com/")));
    QCOMPARE(signingRegion, QStringLiteral("us-east-1"));
    QCOMPARE(serviceEndpoint(AwsService::Sts, QStringLiteral("cn-north-1"), QString(), &signingRegion, &error),
             QUrl(QStringLiteral("https://sts.cn-north-1.amazonaws.com.cn/")));
    QVERIFY(!serviceEndpoint(AwsService::Mwaa,
                             QStringLiteral("eu-west-1"),
                             QStringLiteral("http://example.com"),
                             &signingRegion,
                             &error)
                 .isValid());
}

void TestAuditCli::scenario()
{
    const Run r = run(base());
    QCOMPARE(r.status, 1); // BrokenEnv has error findings; no call failed
    const QJsonArray environments = r.json().value(QStringLiteral("environments")).toArray();
    QCOMPARE(environments.size(), 3);
    QCOMPARE(environments.at(0).toObject().value(QStringLiteral("name")).toString(), kReady); // ListEnvironments order

    const QJsonObject ready = r.environment(kReady);
    QCOMPARE(ready.value(QStringLiteral("mwaa_ready")), QJsonValue(true));
    QCOMPARE(ready.value(QStringLiteral("account")).toString(), QStringLiteral("111122223333"));
    QCOMPARE(ready.value(QStringLiteral("region")).toString(), QStringLiteral("eu-west-1"));
    QCOMPARE(ready.value(QStringLiteral("key_arn")).toString(), kArn1);
    QCOMPARE(ready.value(QStringLiteral("execution_role_arn")).toString(),
             QStringLiteral("arn:aws:iam::111122223333:role/service-role/mwaa-ready-role"));
    QCOMPARE(ready.value(QStringLiteral("status")).toString(), QStringLiteral("AVAILABLE"));
    QCOMPARE(ready.value(QStringLiteral("errors")).toArray().size(), 0);
    // Both the inline and the managed policy (its default version, URL-decoded) made the role complete.
    const QJsonArray policies = ready.value(QStringLiteral("role_policies")).toArray();
    QCOMPARE(policies.size(), 2);
    QCOMPARE(policies.at(1).toObject().value(QStringLiteral("arn")).toString(),
             QStringLiteral("arn:aws:iam::111122223333:policy/MwaaKmsWrite"));
    QVERIFY(ready.value(QStringLiteral("key"))
                .toObject()
                .value(QStringLiteral("aliases"))
                .toArray()
                .contains(QStringLiteral("alias/mwaa-key")));

    const QJsonObject broken = r.environment(kBroken);
    QCOMPARE(broken.value(QStringLiteral("mwaa_ready")), QJsonValue(false));
    QStringList codes;
    for (const QJsonValue& f : broken.value(QStringLiteral("findings")).toArray()) {
        codes << f.toObject().value(QStringLiteral("code")).toString();
    }
    QVERIFY2(codes.contains(QStringLiteral("MWAA_ROLE_KMS_MISSING")), qPrintable(codes.join(',')));
    QVERIFY(codes.contains(QStringLiteral("MWAA_GRANT_MISSING")));

    const QJsonObject owned = r.environment(kOwned);
    QVERIFY(owned.value(QStringLiteral("mwaa_ready")).isNull());
    QVERIFY(owned.value(QStringLiteral("key_arn")).isNull());
    QCOMPARE(owned.value(QStringLiteral("aws_owned_key")), QJsonValue(true));
    QCOMPARE(owned.value(QStringLiteral("verdict")).toString(), QStringLiteral("aws-owned-key"));
    QCOMPARE(owned.value(QStringLiteral("findings")).toArray().size(), 0);

    // Read-only: only the audit's calls were made, none that writes.
    static const QStringList allowed = {QStringLiteral("ListEnvironments"),
                                        QStringLiteral("GetEnvironment"),
                                        QStringLiteral("DescribeKey"),
                                        QStringLiteral("GetKeyPolicy"),
                                        QStringLiteral("ListGrants"),
                                        QStringLiteral("ListAliases"),
                                        QStringLiteral("ListRolePolicies"),
                                        QStringLiteral("GetRolePolicy"),
                                        QStringLiteral("ListAttachedRolePolicies"),
                                        QStringLiteral("GetPolicy"),
                                        QStringLiteral("GetPolicyVersion")};
    for (const QJsonValue& request : m_server.log()) {
        QVERIFY2(allowed.contains(request.toObject().value(QStringLiteral("operation")).toString()),
                 qPrintable(request.toObject().value(QStringLiteral("operation")).toString()));
        QCOMPARE(request.toObject().value(QStringLiteral("status")).toInt(), 200);
    }
    // The shared role is read once.
    QCOMPARE(m_server.log(QStringLiteral("ListRolePolicies")).size(), 2);
}

void TestAuditCli::onlyNamedEnvironments()
{
    const Run r = run(base() + QStringList{QStringLiteral("--env"), kReady});
    QCOMPARE(r.status, 0);
    QCOMPARE(r.json().value(QStringLiteral("environments")).toArray().size(), 1);
    QCOMPARE(m_server.log(QStringLiteral("ListEnvironments")).size(), 0);
}

void TestAuditCli::formats_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("expected");
    QTest::newRow("text") << "text"
                          << "ACCOUNT       REGION     ENVIRONMENT";
    QTest::newRow("markdown") << "markdown"
                              << "| Account | Region | Environment | Key | Verdict |";
    QTest::newRow("html") << "html"
                          << "<th>Account</th><th>Region</th><th>Environment</th>";
    QTest::newRow("sarif") << "sarif"
                           << "\"version\": \"2.1.0\"";
}

void TestAuditCli::formats()
{
    QFETCH(QString, format);
    QFETCH(QString, expected);
    QStringList args = base();
    args.replace(args.indexOf(QStringLiteral("json")), format);
    args << QStringLiteral("-o") << path(QStringLiteral("report.") + format);
    const Run r = run(args);
    QCOMPARE(r.status, 1);
    QVERIFY(r.out.isEmpty());
    QFile f(path(QStringLiteral("report.") + format));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    QVERIFY2(text.contains(expected), qPrintable(text.left(400)));
    QVERIFY(text.contains(kBroken));
    if (format != QLatin1String("sarif")) {
        QVERIFY(text.contains(QStringLiteral("MWAA_ROLE_KMS_MISSING")));
    }
}

void TestAuditCli::faults_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("erredEnvironment"); ///< "" when the fault is retried away
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("attempts");

    QTest::newRow("AccessDenied GetRolePolicy")
        << "GetRolePolicy" << 403 << "AccessDenied" << -1 << kReady << "lacks the permission iam:GetRolePolicy" << 1;
    QTest::newRow("AccessDenied GetKeyPolicy")
        << "GetKeyPolicy" << 400 << "AccessDeniedException" << -1 << kReady << "kms:GetKeyPolicy" << 1;
    QTest::newRow("AccessDenied GetEnvironment")
        << "GetEnvironment" << 403 << "AccessDeniedException" << -1 << kReady << "airflow:GetEnvironment" << 1;
    QTest::newRow("missing role") << "ListAttachedRolePolicies" << 404 << "NoSuchEntity" << -1 << kReady
                                  << "IAM found no role mwaa-ready-role" << 1;
    QTest::newRow("missing key") << "DescribeKey" << 400 << "NotFoundException" << -1 << kReady << "KMS found no" << 1;
    QTest::newRow("throttled after retries") << "ListGrants" << 400 << "ThrottlingException" << -1 << kReady
                                             << "KMS throttled ListGrants (3 attempt(s))" << 3;
    QTest::newRow("IAM throttled after retries") << "GetPolicyVersion" << 400 << "Throttling" << -1 << kReady
                                                 << "IAM throttled GetPolicyVersion (3 attempt(s))" << 3;
    QTest::newRow("MWAA 5xx after retries")
        << "GetEnvironment" << 500 << "InternalServerException" << -1 << kReady << "MWAA had an internal problem" << 3;
    QTest::newRow("throttling retried away") << "GetRolePolicy" << 400 << "Throttling" << 2 << ""
                                             << "" << 3;
    QTest::newRow("5xx retried away") << "ListAliases" << 503 << "ServiceUnavailable" << 1 << ""
                                      << "" << 2;
}

void TestAuditCli::faults()
{
    QFETCH(QString, operation);
    QFETCH(int, status);
    QFETCH(QString, type);
    QFETCH(int, count);
    QFETCH(QString, erredEnvironment);
    QFETCH(QString, message);
    QFETCH(int, attempts);
    m_server.fail({{QStringLiteral("operation"), operation},
                   {QStringLiteral("status"), status},
                   {QStringLiteral("type"), type},
                   {QStringLiteral("count"), count},
                   {QStringLiteral("message"), QStringLiteral("injected")}});
    const Run r = run(base() + QStringList{QStringLiteral("--env"), kReady});
    QCOMPARE(m_server.log(operation).size(), attempts);
    const QJsonObject e = r.environment(kReady);
    if (erredEnvironment.isEmpty()) {
        QCOMPARE(r.status, 0);
        QCOMPARE(e.value(QStringLiteral("mwaa_ready")), QJsonValue(true));
        return;
    }
    QCOMPARE(r.status, 2);
    QVERIFY(e.value(QStringLiteral("mwaa_ready")).isNull()); // incomplete inputs: never true
    QCOMPARE(e.value(QStringLiteral("verdict")).toString(), QStringLiteral("incomplete"));
    const QJsonArray errors = e.value(QStringLiteral("errors")).toArray();
    QVERIFY(!errors.isEmpty());
    QCOMPARE(errors.at(0).toObject().value(QStringLiteral("call")).toString(), operation);
    const QString text = errors.at(0).toObject().value(QStringLiteral("message")).toString();
    QVERIFY2(text.contains(message), qPrintable(text));
}

void TestAuditCli::listEnvironmentsDenied()
{
    m_server.fail({{QStringLiteral("operation"), QStringLiteral("ListEnvironments")},
                   {QStringLiteral("status"), 403},
                   {QStringLiteral("type"), QStringLiteral("AccessDeniedException")},
                   {QStringLiteral("count"), -1}});
    const Run r = run(base());
    QCOMPARE(r.status, 2);
    QCOMPARE(r.json().value(QStringLiteral("environments")).toArray().size(), 0);
    const QJsonArray failures = r.json().value(QStringLiteral("failures")).toArray();
    QCOMPARE(failures.size(), 1);
    QCOMPARE(failures.at(0).toObject().value(QStringLiteral("call")).toString(), QStringLiteral("ListEnvironments"));
    QVERIFY(failures.at(0)
                .toObject()
                .value(QStringLiteral("message"))
                .toString()
                .contains(QStringLiteral("airflow:ListEnvironments")));
}

void TestAuditCli::allPages()
{
    // One environment and one policy name per page: every page is read.
    AccountAuditRequest request;
    request.environment = environment();
    request.region = QStringLiteral("eu-west-1");
    request.endpointUrl = m_server.url();
    request.clientOptions.pageSize = 1;
    request.clientOptions.retryBaseMs = 5;
    AccountAuditRun run(request);
    QSignalSpy finished(&run, &AccountAuditRun::finished);
    run.start();
    QVERIFY(finished.wait(60000));
    QCOMPARE(int(run.result().environments.size()), 3);
    QCOMPARE(m_server.log(QStringLiteral("ListEnvironments")).size(), 3);
    QVERIFY(run.result().environments.at(0).ready.value_or(false));
}

void TestAuditCli::assumeRoleProfile()
{
    write(QStringLiteral("credentials"),
          "[base]\naws_access_key_id = " + kUserKey.toLatin1() + "\naws_secret_access_key = " + kUserSecret + "\n");
    write(QStringLiteral("config"),
          "[profile auditor]\nrole_arn = arn:aws:iam::111122223333:role/Auditor\nsource_profile = base\n"
          "external_id = kps-external-id\nrole_session_name = kps-audit\nduration_seconds = 900\n");
    QStringList args = base();
    args << QStringLiteral("--profile") << QStringLiteral("auditor") << QStringLiteral("--env") << kReady;
    const Run r = run(
        args, {{QStringLiteral("AWS_ACCESS_KEY_ID"), QString()}, {QStringLiteral("AWS_SECRET_ACCESS_KEY"), QString()}});
    QCOMPARE(r.status, 0);
    const QJsonArray assume = m_server.log(QStringLiteral("AssumeRole"));
    QCOMPARE(assume.size(), 1);
    const QString body = assume.at(0).toObject().value(QStringLiteral("body")).toString();
    QVERIFY2(body.contains(QStringLiteral("RoleSessionName=kps-audit")), qPrintable(body));
    QVERIFY(body.contains(QStringLiteral("ExternalId=kps-external-id")));
    QVERIFY(body.contains(QStringLiteral("DurationSeconds=900")));
    // Every later call is signed with the assumed role's temporary credentials.
    const QJsonArray get = m_server.log(QStringLiteral("GetEnvironment"));
    QCOMPARE(get.size(), 1);
    const QJsonObject headers = get.at(0).toObject().value(QStringLiteral("headers")).toObject();
    QVERIFY(headers.value(QStringLiteral("authorization"))
                .toString()
                .contains(QStringLiteral("Credential=ASIAKPSASSUMED")));
    QVERIFY(headers.contains(QStringLiteral("x-amz-security-token")));
    QCOMPARE(r.environment(kReady).value(QStringLiteral("profile")).toString(), QStringLiteral("auditor"));
}

void TestAuditCli::assumeRoleRefused()
{
    write(QStringLiteral("credentials"),
          "[base]\naws_access_key_id = " + kUserKey.toLatin1() + "\naws_secret_access_key = " + kUserSecret + "\n");
    write(QStringLiteral("config"),
          "[profile auditor]\nrole_arn = arn:aws:iam::111122223333:role/Auditor\nsource_profile = base\n"
          "external_id = wrong\n");
    QStringList args = base();
    args << QStringLiteral("--profile") << QStringLiteral("auditor");
    const Run r = run(args);
    QCOMPARE(r.status, 2);
    const QJsonArray failures = r.json().value(QStringLiteral("failures")).toArray();
    QCOMPARE(failures.size(), 1);
    QCOMPARE(failures.at(0).toObject().value(QStringLiteral("call")).toString(), QStringLiteral("AssumeRole"));
    QVERIFY(failures.at(0)
                .toObject()
                .value(QStringLiteral("message"))
                .toString()
                .contains(QStringLiteral("sts:AssumeRole")));
}

void TestAuditCli::fetchWithRoleProfile()
{
    write(QStringLiteral("credentials"),
          "[base]\naws_access_key_id = " + kUserKey.toLatin1() + "\naws_secret_access_key = " + kUserSecret + "\n");
    write(QStringLiteral("config"),
          "[profile auditor]\nrole_arn = arn:aws:iam::111122223333:role/Auditor\nsource_profile = base\n"
          "external_id = kps-external-id\nregion = eu-west-1\n");
    const Run r = run({QStringLiteral("fetch"),
                       QStringLiteral("--key-id"),
                       kKey1,
                       QStringLiteral("--profile"),
                       QStringLiteral("auditor"),
                       QStringLiteral("--endpoint-url"),
                       m_server.url()});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QCOMPARE(r.out,
             fixturePolicy(kKey1)
                 + (fixturePolicy(kKey1).endsWith(QLatin1Char('\n')) ? QString() : QStringLiteral("\n")));
    QCOMPARE(m_server.log(QStringLiteral("AssumeRole")).size(), 1);
}

void TestAuditCli::endpointVariables()
{
    QStringList args = {QStringLiteral("audit"),
                        QStringLiteral("--region"),
                        QStringLiteral("eu-west-1"),
                        QStringLiteral("--format"),
                        QStringLiteral("json"),
                        QStringLiteral("--env"),
                        kReady};
    // AWS_ENDPOINT_URL for every service.
    Run r = run(args, {{QStringLiteral("AWS_ENDPOINT_URL"), m_server.url()}});
    QCOMPARE(r.status, 0);
    // AWS_ENDPOINT_URL_MWAA wins over AWS_ENDPOINT_URL for MWAA only: an unencrypted remote URL is refused there.
    r = run(args,
            {{QStringLiteral("AWS_ENDPOINT_URL"), m_server.url()},
             {QStringLiteral("AWS_ENDPOINT_URL_MWAA"), QStringLiteral("http://example.com")}});
    QCOMPARE(r.status, 2);
    QVERIFY(r.environment(kReady)
                .value(QStringLiteral("errors"))
                .toArray()
                .at(0)
                .toObject()
                .value(QStringLiteral("message"))
                .toString()
                .contains(QStringLiteral("http://example.com")));
    // AWS_IGNORE_CONFIGURED_ENDPOINT_URLS turns the variables off; --endpoint-url still applies.
    r = run(args + QStringList{QStringLiteral("--endpoint-url"), m_server.url()},
            {{QStringLiteral("AWS_ENDPOINT_URL_KMS"), QStringLiteral("http://example.com")},
             {QStringLiteral("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), QStringLiteral("true")}});
    QCOMPARE(r.status, 0);
}

void TestAuditCli::severalProfiles()
{
    write(QStringLiteral("credentials"),
          "[a]\naws_access_key_id = " + kUserKey.toLatin1() + "\naws_secret_access_key = " + kUserSecret
              + "\n[b]\naws_access_key_id = " + kTempKey.toLatin1() + "\naws_secret_access_key = " + kTempSecret
              + "\naws_session_token = " + kTempToken + "\n");
    QStringList args = base();
    args << QStringLiteral("--profile") << QStringLiteral("a") << QStringLiteral("--profile") << QStringLiteral("b");
    const Run r = run(args);
    QCOMPARE(r.status, 1);
    const QJsonArray environments = r.json().value(QStringLiteral("environments")).toArray();
    QCOMPARE(environments.size(), 6);
    QCOMPARE(environments.at(0).toObject().value(QStringLiteral("profile")).toString(), QStringLiteral("a"));
    QCOMPARE(environments.at(5).toObject().value(QStringLiteral("profile")).toString(), QStringLiteral("b"));
}

void TestAuditCli::cancel()
{
    m_server.fail({{QStringLiteral("operation"), QStringLiteral("GetKeyPolicy")},
                   {QStringLiteral("delay"), 30},
                   {QStringLiteral("count"), -1}});
    AccountAuditRequest request;
    request.environment = environment();
    request.region = QStringLiteral("eu-west-1");
    request.endpointUrl = m_server.url();
    AccountAuditRun run(request);
    QSignalSpy finished(&run, &AccountAuditRun::finished);
    QSignalSpy progress(&run, &AccountAuditRun::progress);
    run.start();
    // Wait until the slow GetKeyPolicy is on its way, then cancel.
    QTRY_VERIFY_WITH_TIMEOUT(m_server.log(QStringLiteral("GetKeyPolicy")).size() >= 1, 30000);
    run.cancel();
    QVERIFY(finished.wait(10000));
    QVERIFY(run.wasCancelled());
    QVERIFY(!progress.isEmpty());
    bool anyCancelled = false;
    for (const auto& e : run.result().environments) {
        QVERIFY(!e.ready.value_or(false));
        for (const auto& error : e.input.errors) {
            anyCancelled = anyCancelled || error.message == "cancelled";
        }
    }
    QVERIFY(anyCancelled);
}

void TestAuditCli::usage()
{
    Run r = run({QStringLiteral("audit"), QStringLiteral("--format"), QStringLiteral("pdf")});
    QCOMPARE(r.status, 2);
    QVERIFY(r.err.contains(QStringLiteral("--format")));
    r = run({QStringLiteral("audit"), QStringLiteral("--region"), QStringLiteral("nowhere")});
    QCOMPARE(r.status, 2);
    r = run({QStringLiteral("audit"), QStringLiteral("--fail-on"), QStringLiteral("loud")});
    QCOMPARE(r.status, 2);
    r = run({QStringLiteral("audit"), QStringLiteral("--help")});
    QCOMPARE(r.status, 0);
    QVERIFY(r.out.contains(QStringLiteral("--env")));
}

QTEST_GUILESS_MAIN(TestAuditCli)
#include "tst_auditcli.moc"
