// SPDX-License-Identifier: GPL-3.0-or-later
// `keypolicy fetch` / `keypolicy apply` in-process (runAwsCommand) and as the real binary, against the fake KMS.
#include "FakeKmsServer.h"

#include "aws/AwsCli.h"
#include "core/cli/Cli.h"
#include "core/json/SourceDocument.h"

#include <nlohmann/json.hpp>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#include <sstream>

using namespace kps::aws;
using namespace kpstest;

namespace {

struct Run
{
    int status = -1;
    QString out;
    QString err;
};

} // namespace

class TestAwsCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void help_data();
    void help();
    void usageErrors_data();
    void usageErrors();

    void fetchWritesPolicyAndGrants();
    void fetchGrantsOverEveryPage();
    void fetchToStdoutByAlias();
    void fetchJsonSummary();
    void fetchWithProfileFromFiles();
    void fetchErrors_data();
    void fetchErrors();
    void fetchUnwritableOutput();

    void applyWithYes();
    void applyNeedsConfirmation();
    void applyAsksAndRespectsTheAnswer();
    void applyExpectedPolicy();
    void applyRefusesErrorFindings();
    void applyNeverLocksOut();
    void applyAwsManagedKey();
    void applyNothingToChange();
    void applyAcceptsGetKeyPolicyOutput();

    void realBinary();
    void secretsNeverPrinted();

private:
    Run run(const QStringList& args, const ConfirmFunction& confirm = {}, const QMap<QString, QString>& extraEnv = {});
    QString path(const QString& name) const { return m_dir.filePath(name); }
    void write(const QString& name, const QByteArray& data);
    QStringList endpoint() const { return {QStringLiteral("--endpoint-url"), m_server.url()}; }

    FakeKmsServer m_server;
    QTemporaryDir m_dir;
    QList<Run> m_runs;
    bool m_started = false;
};

void TestAwsCli::initTestCase()
{
    QString error;
    m_started = m_server.start(&error);
    if (!m_started) {
        QSKIP(qPrintable(error));
    }
    QVERIFY(m_dir.isValid());
}

void TestAwsCli::init()
{
    if (m_started) {
        m_server.reset();
    }
}

void TestAwsCli::write(const QString& name, const QByteArray& data)
{
    QFile f(path(name));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
}

Run TestAwsCli::run(const QStringList& args, const ConfirmFunction& confirm, const QMap<QString, QString>& extraEnv)
{
    AwsCliSettings settings;
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), kUserKey);
    env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QString::fromLatin1(kUserSecret));
    env.insert(QStringLiteral("AWS_REGION"), QStringLiteral("eu-west-1"));
    env.insert(QStringLiteral("AWS_CONFIG_FILE"), path(QStringLiteral("no-config")));
    env.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), path(QStringLiteral("no-credentials")));
    for (auto it = extraEnv.cbegin(); it != extraEnv.cend(); ++it) {
        if (it.value().isNull()) {
            env.remove(it.key());
        } else {
            env.insert(it.key(), it.value());
        }
    }
    settings.environment = {env, m_dir.path()};
    settings.confirm = confirm;
    settings.retryBaseMs = 5;
    settings.readStdin = false;
    Run r;
    QTextStream out(&r.out);
    QTextStream err(&r.err);
    r.status = runAwsCommand(QStringList{QStringLiteral("keypolicy")} + args, out, err, settings);
    out.flush();
    err.flush();
    m_runs << r;
    return r;
}

void TestAwsCli::help_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QStringList>("options");
    QTest::newRow("fetch") << "fetch"
                           << QStringList{"--key-id",
                                          "--profile",
                                          "--region",
                                          "--endpoint-url",
                                          "--output-file",
                                          "-o",
                                          "--grants-out",
                                          "--format",
                                          "--ca-bundle",
                                          "--cli-read-timeout",
                                          "--debug",
                                          "Exit status"};
    QTest::newRow("apply") << "apply"
                           << QStringList{"--key-id",
                                          "--profile",
                                          "--region",
                                          "--endpoint-url",
                                          "--expected-policy",
                                          "--yes",
                                          "--no-mwaa",
                                          "--env",
                                          "LOCKOUT_RISK",
                                          "BypassPolicyLockoutSafetyCheck",
                                          "FILE",
                                          "Exit status"};
}

void TestAwsCli::help()
{
    QFETCH(QString, command);
    QFETCH(QStringList, options);
    const Run r = run({command, QStringLiteral("--help")});
    QCOMPARE(r.status, 0);
    QVERIFY(r.out.startsWith(QStringLiteral("Usage: keypolicy")));
    for (const QString& option : options) {
        QVERIFY2(r.out.contains(option), qPrintable(option));
    }
}

void TestAwsCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("says");
    QTest::newRow("no key") << QStringList{"fetch"} << "--key-id is required";
    QTest::newRow("unknown option") << QStringList{"fetch", "--key-id", "k", "--bogus"} << "Unknown option";
    QTest::newRow("bad format") << QStringList{"fetch", "--key-id", "k", "--format", "xml"} << "--format";
    QTest::newRow("apply without file") << QStringList{"apply", "--key-id", "k"} << "exactly one policy FILE";
    QTest::newRow("apply missing file") << QStringList{"apply", "/nonexistent/p.json", "--key-id", "k"}
                                        << "cannot read /nonexistent/p.json";
    QTest::newRow("bad timeout") << QStringList{"fetch", "--key-id", "k", "--cli-read-timeout", "soon"}
                                 << "--cli-read-timeout";
    // The context options follow the one rule of keypolicy check (core/checker/ContextValues).
    QTest::newRow("bad region") << QStringList{"fetch", "--key-id", "k", "--region", "europe"}
                                << "keypolicy fetch: --region: 'europe' is not a region code (e.g. eu-west-1)";
    const QString sample = QStringLiteral(KPS_SOURCE_DIR "/resources/samples/mwaa-sample-policy.json");
    QTest::newRow("apply bad region") << QStringList{"apply", sample, "--key-id", "k", "--region", "europe"}
                                      << "keypolicy apply: --region: 'europe' is not a region code";
    QTest::newRow("apply bad env") << QStringList{"apply", sample, "--key-id", "k", "--env", "1bad"}
                                   << "keypolicy apply: --env: '1bad' is not an MWAA environment name";
    // The one input limit (a sparse file one byte over it): refused before anything is sent.
    const QString huge = m_dir.filePath(QStringLiteral("huge-policy.json"));
    QFile big(huge);
    QVERIFY(big.open(QIODevice::WriteOnly));
    QVERIFY(big.resize(static_cast<qint64>(kps::SourceDocument::MaxInputBytes) + 1));
    big.close();
    QTest::newRow("apply too large") << QStringList{"apply", huge, "--key-id", "k"} << "is larger than 16 MiB";
}

void TestAwsCli::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, says);
    const Run r = run(args + endpoint());
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(says), qPrintable(r.err));
    QCOMPARE(m_server.log().size(), 0);
}

void TestAwsCli::fetchWritesPolicyAndGrants()
{
    const Run r = run(QStringList{QStringLiteral("fetch"),
                                  QStringLiteral("--key-id"),
                                  kKey1,
                                  QStringLiteral("-o"),
                                  path(QStringLiteral("policy.json")),
                                  QStringLiteral("--grants-out"),
                                  path(QStringLiteral("grants.json"))}
                      + endpoint());
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QCOMPARE(readFile(path(QStringLiteral("policy.json"))), fixturePolicy(kKey1).toUtf8());
    const QJsonObject grants = QJsonDocument::fromJson(readFile(path(QStringLiteral("grants.json")))).object();
    QCOMPARE(grants.value(QStringLiteral("Grants")).toArray(),
             QJsonDocument::fromJson(readFile(dataDir() + QStringLiteral("/grants/") + kKey1 + QStringLiteral(".json")))
                 .object()
                 .value(QStringLiteral("Grants"))
                 .toArray());
    QVERIFY(r.out.contains(kArn1));
    QVERIFY(r.out.contains(QStringLiteral("MWAA environment MyAirflowEnvironment")));
    QVERIFY(r.out.contains(QStringLiteral("Grants: 7")));
}

void TestAwsCli::fetchGrantsOverEveryPage()
{
    // 120 grants: ListGrants returns them in three pages (50 at a time); --grants-out holds every one.
    QJsonArray grants
        = QJsonDocument::fromJson(readFile(dataDir() + QStringLiteral("/grants/") + kKey1 + QStringLiteral(".json")))
              .object()
              .value(QStringLiteral("Grants"))
              .toArray();
    for (int i = static_cast<int>(grants.size()); i < 120; ++i) {
        grants.append(QJsonObject{
            {QStringLiteral("KeyId"), kArn1},
            {QStringLiteral("GrantId"), QStringLiteral("%1").arg(i, 64, 16, QLatin1Char('0'))},
            {QStringLiteral("Name"), QStringLiteral("app-grant-%1").arg(i)},
            {QStringLiteral("CreationDate"), 1700000000.0 + i},
            {QStringLiteral("GranteePrincipal"), QStringLiteral("arn:aws:iam::111122223333:role/app-%1").arg(i)},
            {QStringLiteral("IssuingAccount"), QStringLiteral("arn:aws:iam::111122223333:root")},
            {QStringLiteral("Operations"), QJsonArray{QStringLiteral("Decrypt")}}});
    }
    m_server.setGrants(kKey1, grants);
    const Run r = run(QStringList{QStringLiteral("fetch"),
                                  QStringLiteral("--key-id"),
                                  kKey1,
                                  QStringLiteral("-o"),
                                  path(QStringLiteral("policy.json")),
                                  QStringLiteral("--grants-out"),
                                  path(QStringLiteral("all-grants.json"))}
                      + endpoint());
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(QStringLiteral("Grants: 120")));
    QCOMPARE(m_server.log(QStringLiteral("ListGrants")).size(), 3);
    const QByteArray written = readFile(path(QStringLiteral("all-grants.json")));
    const QJsonObject listing = QJsonDocument::fromJson(written).object();
    QCOMPARE(listing.value(QStringLiteral("Grants")).toArray(), grants);
    QVERIFY(!listing.contains(QStringLiteral("NextMarker")));
    QVERIFY(!listing.value(QStringLiteral("Truncated")).toBool());

    // The grant audit reads the whole listing: nothing depends on a page that was not read, and each of the 113
    // application grants is in the table of other grants.
    std::istringstream in;
    std::ostringstream out;
    std::ostringstream err;
    const int status = kps::cli::runCli(
        {"grants", "--grants", path(QStringLiteral("all-grants.json")).toStdString(), "--format", "json"},
        in,
        out,
        err);
    QVERIFY2(status == 0 || status == 1, err.str().c_str());
    const auto audit = nlohmann::json::parse(out.str());
    QCOMPARE(audit["grants"].size(), std::size_t(120));
    QCOMPARE(audit["truncated"].get<bool>(), false);
    for (const auto& f : audit["findings"]) {
        QVERIFY(f["code"].get<std::string>() != "GRANTS_INCOMPLETE");
    }
}

void TestAwsCli::fetchToStdoutByAlias()
{
    const Run r = run(QStringList{QStringLiteral("fetch"), QStringLiteral("--key-id"), QStringLiteral("alias/other")}
                      + endpoint());
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QCOMPARE(r.out, fixturePolicy(kKey2) + QLatin1Char('\n')); // the fixture has no final newline
    QVERIFY(r.err.contains(QStringLiteral("Alias: alias/other")));
    QCOMPARE(m_server.log(QStringLiteral("ListGrants")).size(), 0);
}

void TestAwsCli::fetchJsonSummary()
{
    const Run r = run(QStringList{QStringLiteral("fetch"),
                                  QStringLiteral("--key-id"),
                                  kKey1,
                                  QStringLiteral("-o"),
                                  path(QStringLiteral("p.json")),
                                  QStringLiteral("--format"),
                                  QStringLiteral("json")}
                      + endpoint());
    QVERIFY2(r.status == 0, qPrintable(r.err));
    const QJsonObject summary = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(summary.value(QStringLiteral("KeyMetadata")).toObject().value(QStringLiteral("Arn")).toString(), kArn1);
    QCOMPARE(summary.value(QStringLiteral("PolicyFile")).toString(), path(QStringLiteral("p.json")));
}

void TestAwsCli::fetchWithProfileFromFiles()
{
    write(QStringLiteral("credentials"),
          "[editor]\naws_access_key_id = " + kTempKey.toLatin1() + "\naws_secret_access_key = " + kTempSecret
              + "\naws_session_token = " + kTempToken + "\n");
    write(QStringLiteral("config"), "[profile editor]\nregion = eu-west-1\n");
    const Run r = run({QStringLiteral("fetch"),
                       QStringLiteral("--key-id"),
                       kKey2,
                       QStringLiteral("--profile"),
                       QStringLiteral("editor"),
                       QStringLiteral("--endpoint-url"),
                       m_server.url()},
                      {},
                      {{QStringLiteral("AWS_REGION"), QString()},
                       {QStringLiteral("AWS_CONFIG_FILE"), path(QStringLiteral("config"))},
                       {QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), path(QStringLiteral("credentials"))}});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QCOMPARE(m_server.log()[0]
                 .toObject()
                 .value(QStringLiteral("headers"))
                 .toObject()
                 .value(QStringLiteral("x-amz-security-token"))
                 .toString()
                 .toLatin1(),
             kTempToken);
}

void TestAwsCli::fetchErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("env"); // name, value pairs; empty value unsets
    QTest::addColumn<QString>("says");
    QTest::newRow("not found") << QStringList{"fetch", "--key-id", "1234abcd-12ab-34cd-56ef-000000000000"}
                               << QStringList{} << "found no";
    QTest::newRow("no credentials") << QStringList{"fetch", "--key-id", "k"}
                                    << QStringList{"AWS_ACCESS_KEY_ID", "", "AWS_SECRET_ACCESS_KEY", ""}
                                    << "No AWS credentials";
    QTest::newRow("no region") << QStringList{"fetch", "--key-id", "k"} << QStringList{"AWS_REGION", ""}
                               << "No AWS region";
    QTest::newRow("unknown profile") << QStringList{"fetch", "--key-id", "k", "--profile", "nosuch"} << QStringList{}
                                     << "(nosuch) could not be found";
    QTest::newRow("wrong region") << QStringList{"fetch", "--key-id", "k", "--region", "us-east-1"} << QStringList{}
                                  << "us-east-1";
    QTest::newRow("unknown alias") << QStringList{"fetch", "--key-id", "alias/none"} << QStringList{}
                                   << "no alias alias/none";
}

void TestAwsCli::fetchErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QStringList, env);
    QFETCH(QString, says);
    QMap<QString, QString> extra;
    for (qsizetype i = 0; i + 1 < env.size(); i += 2) {
        extra.insert(env[i], env[i + 1].isEmpty() ? QString() : env[i + 1]);
    }
    const Run r = run(args + endpoint(), {}, extra);
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(says), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
}

void TestAwsCli::fetchUnwritableOutput()
{
    const Run r = run(QStringList{QStringLiteral("fetch"),
                                  QStringLiteral("--key-id"),
                                  kKey1,
                                  QStringLiteral("-o"),
                                  QStringLiteral("/nonexistent-dir/policy.json")}
                      + endpoint());
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QStringLiteral("cannot write /nonexistent-dir/policy.json")), qPrintable(r.err));
}

namespace {
QByteArray editedPolicy()
{
    return fixturePolicy(kKey2)
        .replace(QStringLiteral("  } ]\n}"),
                 QStringLiteral(
                     "  }, {\n    \"Sid\" : \"Allow use of the key\",\n    \"Effect\" : \"Allow\",\n"
                     "    \"Principal\" : {\n      \"AWS\" : \"arn:aws:iam::111122223333:role/app\"\n    },\n"
                     "    \"Action\" : [ \"kms:Decrypt\", \"kms:DescribeKey\" ],\n    \"Resource\" : \"*\"\n  } ]\n}"))
        .toUtf8();
}
} // namespace

void TestAwsCli::applyWithYes()
{
    write(QStringLiteral("new.json"), editedPolicy());
    const Run r = run(QStringList{QStringLiteral("apply"),
                                  path(QStringLiteral("new.json")),
                                  QStringLiteral("--key-id"),
                                  kKey2,
                                  QStringLiteral("--yes"),
                                  QStringLiteral("--no-mwaa")}
                      + endpoint());
    QVERIFY2(r.status == 0, qPrintable(r.err + r.out));
    QCOMPARE(m_server.policy(kKey2).toUtf8(), editedPolicy());
    QVERIFY(r.out.contains(QStringLiteral("+    \"Sid\" : \"Allow use of the key\",")));
    QVERIFY(r.out.contains(QStringLiteral("--- live policy of arn:aws:kms:eu-west-1:111122223333:key/") + kKey2));
    QVERIFY(r.out.contains(QStringLiteral("Applied")));
    for (const QJsonValue& v : m_server.log()) {
        QVERIFY(!v.toObject().value(QStringLiteral("body")).toString().contains(QStringLiteral("Bypass")));
    }
}

void TestAwsCli::applyNeedsConfirmation()
{
    write(QStringLiteral("new.json"), editedPolicy());
    const Run r = run(QStringList{QStringLiteral("apply"),
                                  path(QStringLiteral("new.json")),
                                  QStringLiteral("--key-id"),
                                  kKey2,
                                  QStringLiteral("--no-mwaa")}
                      + endpoint());
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QStringLiteral("confirmation needed")), qPrintable(r.err));
    QVERIFY(r.out.contains(QStringLiteral("+    \"Sid\" : \"Allow use of the key\","))); // the diff was shown
    QCOMPARE(m_server.log(QStringLiteral("PutKeyPolicy")).size(), 0);
}

void TestAwsCli::applyAsksAndRespectsTheAnswer()
{
    write(QStringLiteral("new.json"), editedPolicy());
    QStringList questions;
    const QStringList args = QStringList{QStringLiteral("apply"),
                                         path(QStringLiteral("new.json")),
                                         QStringLiteral("--key-id"),
                                         kKey2,
                                         QStringLiteral("--no-mwaa")}
        + endpoint();
    Run no = run(args, [&questions](const QString& q) {
        questions << q;
        return false;
    });
    QCOMPARE(no.status, 2);
    QCOMPARE(questions.size(), 1);
    QVERIFY(questions[0].contains(kKey2));
    QCOMPARE(m_server.log(QStringLiteral("PutKeyPolicy")).size(), 0);

    Run yes = run(args, [](const QString&) { return true; });
    QVERIFY2(yes.status == 0, qPrintable(yes.err));
    QCOMPARE(m_server.policy(kKey2).toUtf8(), editedPolicy());
}

void TestAwsCli::applyExpectedPolicy()
{
    write(QStringLiteral("new.json"), editedPolicy());
    // What the user fetched earlier...
    QVERIFY(run(QStringList{QStringLiteral("fetch"),
                            QStringLiteral("--key-id"),
                            kKey2,
                            QStringLiteral("-o"),
                            path(QStringLiteral("fetched.json"))}
                + endpoint())
                .status
            == 0);
    // ...then someone else changes the live policy: even with --yes, nothing is applied.
    const QString theirs
        = fixturePolicy(kKey2).replace(QStringLiteral("key-default-1"), QStringLiteral("someone-else"));
    m_server.control(QStringLiteral("policy"), {{QStringLiteral("KeyId"), kKey2}, {QStringLiteral("Policy"), theirs}});
    const QStringList args = QStringList{QStringLiteral("apply"),
                                         path(QStringLiteral("new.json")),
                                         QStringLiteral("--key-id"),
                                         kKey2,
                                         QStringLiteral("--yes"),
                                         QStringLiteral("--no-mwaa"),
                                         QStringLiteral("--expected-policy"),
                                         path(QStringLiteral("fetched.json"))}
        + endpoint();
    const Run refused = run(args);
    QCOMPARE(refused.status, 2);
    QVERIFY2(refused.err.contains(QStringLiteral("changed since it was fetched")), qPrintable(refused.err));
    QVERIFY(refused.err.contains(QStringLiteral("someone-else")));
    QCOMPARE(m_server.policy(kKey2), theirs);
    QCOMPARE(m_server.log(QStringLiteral("PutKeyPolicy")).size(), 0);

    // With the policy as it now is, it applies.
    write(QStringLiteral("fetched.json"), theirs.toUtf8());
    const Run ok = run(args);
    QVERIFY2(ok.status == 0, qPrintable(ok.err));
    QCOMPARE(m_server.policy(kKey2).toUtf8(), editedPolicy());
}

void TestAwsCli::applyRefusesErrorFindings()
{
    write(QStringLiteral("broken.json"), "{\"Version\": \"2012-10-17\", \"Statement\": [ }");
    const Run r = run(QStringList{QStringLiteral("apply"),
                                  path(QStringLiteral("broken.json")),
                                  QStringLiteral("--key-id"),
                                  kKey2,
                                  QStringLiteral("--yes")}
                      + endpoint());
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains(QStringLiteral("JSON_SYNTAX")), qPrintable(r.err));
    QCOMPARE(m_server.log(QStringLiteral("PutKeyPolicy")).size(), 0);
}

void TestAwsCli::applyNeverLocksOut()
{
    write(
        QStringLiteral("lockout.json"),
        R"({"Version": "2012-10-17", "Statement": [{"Sid": "UseOnly", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"}, "Action": "kms:Decrypt", "Resource": "*"}]})");
    const Run r = run(QStringList{QStringLiteral("apply"),
                                  path(QStringLiteral("lockout.json")),
                                  QStringLiteral("--key-id"),
                                  kKey2,
                                  QStringLiteral("--yes"),
                                  QStringLiteral("--no-mwaa")}
                      + endpoint());
    QVERIFY(r.status != 0);
    QCOMPARE(m_server.policy(kKey2), fixturePolicy(kKey2));
    for (const QJsonValue& v : m_server.log()) {
        QVERIFY(!v.toObject().value(QStringLiteral("body")).toString().contains(QStringLiteral("Bypass")));
    }
}

void TestAwsCli::applyAwsManagedKey()
{
    write(QStringLiteral("new.json"), editedPolicy());
    const Run r = run(QStringList{QStringLiteral("apply"),
                                  path(QStringLiteral("new.json")),
                                  QStringLiteral("--key-id"),
                                  QStringLiteral("alias/aws/s3"),
                                  QStringLiteral("--yes")}
                      + endpoint());
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QStringLiteral("AWS managed key")), qPrintable(r.err));
    QCOMPARE(m_server.log(QStringLiteral("PutKeyPolicy")).size(), 0);
}

void TestAwsCli::applyNothingToChange()
{
    write(QStringLiteral("same.json"), fixturePolicy(kKey2).toUtf8());
    const Run r = run(QStringList{QStringLiteral("apply"),
                                  path(QStringLiteral("same.json")),
                                  QStringLiteral("--key-id"),
                                  kKey2,
                                  QStringLiteral("--no-mwaa")}
                      + endpoint());
    QCOMPARE(r.status, 0);
    QVERIFY(r.out.contains(QStringLiteral("nothing to apply")));
    QCOMPARE(m_server.log(QStringLiteral("PutKeyPolicy")).size(), 0);
}

void TestAwsCli::applyAcceptsGetKeyPolicyOutput()
{
    const QJsonObject wrapper{{QStringLiteral("Policy"), QString::fromUtf8(editedPolicy())},
                              {QStringLiteral("PolicyName"), QStringLiteral("default")}};
    write(QStringLiteral("wrapped.json"), QJsonDocument(wrapper).toJson());
    const Run r = run(QStringList{QStringLiteral("apply"),
                                  path(QStringLiteral("wrapped.json")),
                                  QStringLiteral("--key-id"),
                                  kKey2,
                                  QStringLiteral("--yes"),
                                  QStringLiteral("--no-mwaa")}
                      + endpoint());
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QCOMPARE(m_server.policy(kKey2).toUtf8(), editedPolicy());
}

void TestAwsCli::realBinary()
{
    // The installed entry point: main() hands fetch/apply to runAwsCli (QCoreApplication only).
    const QString binary = QStringLiteral(KPS_BINARY_DIR "/app/keypolicy");
    if (!QFile::exists(binary)) {
        QSKIP("app/keypolicy is not built");
    }
    QProcess p;
    QProcessEnvironment env;
    env.insert(QStringLiteral("HOME"), m_dir.path());
    env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), kUserKey);
    env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QString::fromLatin1(kUserSecret));
    env.insert(QStringLiteral("AWS_REGION"), QStringLiteral("eu-west-1"));
    env.insert(QStringLiteral("ASAN_OPTIONS"), QStringLiteral("detect_leaks=0"));
    p.setProcessEnvironment(env);
    p.setStandardInputFile(QProcess::nullDevice());
    p.start(binary,
            {QStringLiteral("fetch"),
             QStringLiteral("--key-id"),
             kKey1,
             QStringLiteral("--endpoint-url"),
             m_server.url(),
             QStringLiteral("--grants-out"),
             path(QStringLiteral("bin-grants.json"))});
    QVERIFY(p.waitForFinished(60000));
    const QByteArray err = p.readAllStandardError();
    QVERIFY2(p.exitCode() == 0, err.constData());
    QCOMPARE(p.readAllStandardOutput(), fixturePolicy(kKey1).toUtf8()); // it ends with a newline already
    QVERIFY(err.contains(kArn1.toUtf8()));
    QVERIFY(!err.contains(kUserSecret));

    p.start(binary, {QStringLiteral("fetch"), QStringLiteral("--help")});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(p.readAllStandardOutput().contains("--grants-out"));

    p.start(binary, {QStringLiteral("fetch")});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 2);
}

void TestAwsCli::secretsNeverPrinted()
{
    // Every run of this test case so far, errors included.
    QVERIFY(m_runs.size() > 20);
    for (const Run& r : std::as_const(m_runs)) {
        for (const QByteArray& secret : {kUserSecret, kTempSecret, kTempToken}) {
            QVERIFY(!r.out.contains(QString::fromLatin1(secret)));
            QVERIFY(!r.err.contains(QString::fromLatin1(secret)));
        }
    }
}

QTEST_GUILESS_MAIN(TestAwsCli)
#include "tst_awscli.moc"
