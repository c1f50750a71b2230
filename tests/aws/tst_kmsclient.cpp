// SPDX-License-Identifier: GPL-3.0-or-later
// KmsClient, KeyFetch and PolicyApply against the local fake KMS (tests/aws/fake_kms.py, 127.0.0.1 only), whose own
// SigV4 verification checks every request the C++ signer makes.
#include "FakeKmsServer.h"

#include "aws/ApplyGuard.h"
#include "aws/KeyFetch.h"
#include "aws/KmsClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace kps::aws;
using namespace kpstest;

namespace {

QStringList g_messages;

void captureMessages(QtMsgType, const QMessageLogContext&, const QString& message)
{
    g_messages << message;
}

/** Waits for finished() (emitted exactly once, asynchronously). */
template <typename T>
bool waitFinished(T* object, int timeoutMs = 60000)
{
    QSignalSpy spy(object, &T::finished);
    if (!spy.wait(timeoutMs)) {
        return false;
    }
    return spy.count() == 1;
}

QJsonObject fixtureJson(const QString& name)
{
    return QJsonDocument::fromJson(readFile(dataDir() + QLatin1Char('/') + name)).object();
}

QString credentialProcessCommand(const QStringList& args)
{
    QStringList parts{QStringLiteral(KPS_PYTHON3),
                      QStringLiteral(KPS_SOURCE_DIR "/tests/aws/fake_credential_process.py")};
    parts += args;
    for (QString& p : parts) {
        p = QLatin1Char('"') + p + QLatin1Char('"');
    }
    return parts.join(QLatin1Char(' '));
}

} // namespace

class TestKmsClient : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void endpoints_data();
    void endpoints();

    void describeKeySignsLikeAws();
    void getKeyPolicyKeepsTheText();
    void sessionTokenIsSigned();
    void listGrantsAllPages();
    void listAliasesAllPages();
    void listKeyPolicies();
    void unknownMembersIgnored();

    void retriesThenSucceeds_data();
    void retriesThenSucceeds();
    void eachAttemptIsSignedAgain();
    void retriesGiveUp();
    void notFoundIsNotRetried();

    void errorMessages_data();
    void errorMessages();
    void clockSkewFromLocalClock();
    void networkErrorWhenNothingListens();

    void timeoutReportsAndRetries();
    void cancelInFlight();
    void cancelBeforeStart();
    void cancelDuringBackoff();

    void tlsIsVerified();
    void proxySettingsHonouredButNotForLoopback();

    void credentialProcessProvidesCredentials();
    void credentialProcessRefreshedOnExpiredToken();
    void credentialProcessFailureKeepsSecrets();
    void secretsNeverInMessagesOrDebugOutput();

    void keyFetchResolvesAlias();
    void keyFetchUnknownAlias();
    void keyFetchAliasWithoutListAliasesPermission();

    void putKeyPolicyNeverBypasses();
    void applyHappyPath();
    void applyRefusesWithoutConfirmation();
    void applyRefusesFailedChecks();
    void lockoutGuardStopsBeforeSending();
    void lockoutPolicyNeverReachesTheKey();
    void lostUpdateGuard();
    void applyUnchanged();
    void applyLostAnswerButApplied();
    void applyUnknownOutcome();
    void diff();

private:
    std::unique_ptr<KmsClient> client(AwsSession session = testSession(), KmsClientOptions options = {});
    KmsClientOptions fastOptions() const;

    FakeKmsServer m_server;
    bool m_started = false;
};

void TestKmsClient::initTestCase()
{
    QString error;
    m_started = m_server.start(&error);
    if (!m_started) {
        QSKIP(qPrintable(error));
    }
}

void TestKmsClient::init()
{
    if (m_started) {
        m_server.reset();
    }
}

KmsClientOptions TestKmsClient::fastOptions() const
{
    KmsClientOptions o;
    o.endpointUrl = m_server.url();
    o.retryBaseMs = 5; // retries are tested for counts and order, never for their timing
    o.retryCapMs = 20;
    o.timeoutMs = 20000;
    return o;
}

std::unique_ptr<KmsClient> TestKmsClient::client(AwsSession session, KmsClientOptions options)
{
    if (options.endpointUrl.isEmpty()) {
        options = fastOptions();
    }
    return std::make_unique<KmsClient>(std::move(session), options);
}

void TestKmsClient::endpoints_data()
{
    QTest::addColumn<QString>("region");
    QTest::addColumn<bool>("fips");
    QTest::addColumn<QString>("override");
    QTest::addColumn<QString>("expected"); // empty: an error is expected

    QTest::newRow("aws") << "eu-west-1" << false << ""
                         << "https://kms.eu-west-1.amazonaws.com/";
    QTest::newRow("aws fips") << "us-east-1" << true << ""
                              << "https://kms-fips.us-east-1.amazonaws.com/";
    QTest::newRow("aws-cn") << "cn-north-1" << false << ""
                            << "https://kms.cn-north-1.amazonaws.com.cn/";
    QTest::newRow("aws-cn fips") << "cn-northwest-1" << true << ""
                                 << "";
    QTest::newRow("aws-us-gov") << "us-gov-west-1" << false << ""
                                << "https://kms.us-gov-west-1.amazonaws.com/";
    QTest::newRow("aws-us-gov fips") << "us-gov-east-1" << true << ""
                                     << "https://kms-fips.us-gov-east-1.amazonaws.com/";
    QTest::newRow("not a region") << "europe" << false << ""
                                  << "";
    QTest::newRow("override https") << "eu-west-1" << false << "https://vpce-1.kms.eu-west-1.vpce.amazonaws.com"
                                    << "https://vpce-1.kms.eu-west-1.vpce.amazonaws.com/";
    QTest::newRow("override loopback http") << "eu-west-1" << false << "http://127.0.0.1:8080"
                                            << "http://127.0.0.1:8080/";
    QTest::newRow("override remote http") << "eu-west-1" << false << "http://kms.example.com"
                                          << "";
    QTest::newRow("override not a url") << "eu-west-1" << false << "ftp://x"
                                        << "";
}

void TestKmsClient::endpoints()
{
    QFETCH(QString, region);
    QFETCH(bool, fips);
    QFETCH(QString, override);
    QFETCH(QString, expected);
    QString error;
    const QUrl url = kmsEndpoint(region, fips, override, &error);
    if (expected.isEmpty()) {
        QVERIFY(!url.isValid());
        QVERIFY(!error.isEmpty());
    } else {
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(url.toString(), expected);
    }
}

void TestKmsClient::describeKeySignsLikeAws()
{
    auto c = client();
    KmsCall* call = c->describeKey(kKey1);
    QVERIFY(waitFinished(call));
    QVERIFY2(call->succeeded(), qPrintable(call->error().message));
    const QJsonObject metadata = call->result().value(QStringLiteral("KeyMetadata")).toObject();
    QCOMPARE(metadata.value(QStringLiteral("Arn")).toString(), kArn1);

    const QJsonArray log = m_server.log(QStringLiteral("DescribeKey"));
    QCOMPARE(log.size(), 1);
    const QJsonObject headers = log[0].toObject().value(QStringLiteral("headers")).toObject();
    QCOMPARE(headers.value(QStringLiteral("host")).toString(), QStringLiteral("127.0.0.1:%1").arg(m_server.port()));
    QCOMPARE(headers.value(QStringLiteral("content-type")).toString(), QStringLiteral("application/x-amz-json-1.1"));
    QCOMPARE(headers.value(QStringLiteral("x-amz-target")).toString(), QStringLiteral("TrentService.DescribeKey"));
    QVERIFY(headers.value(QStringLiteral("authorization"))
                .toString()
                .contains(QStringLiteral("/eu-west-1/kms/aws4_request, "
                                         "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=")));
    const QJsonObject body
        = QJsonDocument::fromJson(log[0].toObject().value(QStringLiteral("body")).toString().toUtf8()).object();
    QCOMPARE(body, QJsonObject({{QStringLiteral("KeyId"), kKey1}}));
}

void TestKmsClient::getKeyPolicyKeepsTheText()
{
    auto c = client();
    for (const QString& key : {kKey1, kKey2}) {
        KmsCall* call = c->getKeyPolicy(key);
        QVERIFY(waitFinished(call));
        QVERIFY2(call->succeeded(), qPrintable(call->error().message));
        QCOMPARE(call->result().value(QStringLiteral("Policy")).toString(), fixturePolicy(key));
    }
    const QJsonObject body = QJsonDocument::fromJson(m_server.log(QStringLiteral("GetKeyPolicy"))[0]
                                                         .toObject()
                                                         .value(QStringLiteral("body"))
                                                         .toString()
                                                         .toUtf8())
                                 .object();
    QCOMPARE(body.value(QStringLiteral("PolicyName")).toString(), QStringLiteral("default"));
}

void TestKmsClient::sessionTokenIsSigned()
{
    auto c = client(testSession(true));
    KmsCall* call = c->describeKey(kKey1);
    QVERIFY(waitFinished(call));
    QVERIFY2(call->succeeded(), qPrintable(call->error().message));
    const QJsonObject headers = m_server.log()[0].toObject().value(QStringLiteral("headers")).toObject();
    QCOMPARE(headers.value(QStringLiteral("x-amz-security-token")).toString().toUtf8(), kTempToken);
    QVERIFY(
        headers.value(QStringLiteral("authorization"))
            .toString()
            .contains(QStringLiteral("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target")));
}

void TestKmsClient::listGrantsAllPages()
{
    KmsClientOptions o = fastOptions();
    o.pageSize = 3;
    auto c = client(testSession(), o);
    KmsCall* call = c->listGrants(kArn1);
    QVERIFY(waitFinished(call));
    QVERIFY2(call->succeeded(), qPrintable(call->error().message));
    const QJsonArray expected = fixtureJson(QStringLiteral("grants/") + kKey1 + QStringLiteral(".json"))
                                    .value(QStringLiteral("Grants"))
                                    .toArray();
    QCOMPARE(expected.size(), 7);
    QCOMPARE(call->result().value(QStringLiteral("Grants")).toArray(), expected);
    QCOMPARE(call->result().value(QStringLiteral("Truncated")).toBool(), false);

    const QJsonArray log = m_server.log(QStringLiteral("ListGrants"));
    QCOMPARE(log.size(), 3);
    QStringList markers;
    for (const QJsonValue& v : log) {
        const QJsonObject body
            = QJsonDocument::fromJson(v.toObject().value(QStringLiteral("body")).toString().toUtf8()).object();
        QCOMPARE(body.value(QStringLiteral("Limit")).toInt(), 3);
        markers << body.value(QStringLiteral("Marker")).toString();
    }
    QVERIFY(markers[0].isEmpty());
    QVERIFY(!markers[1].isEmpty());
    QVERIFY(!markers[2].isEmpty() && markers[2] != markers[1]);
}

void TestKmsClient::listAliasesAllPages()
{
    KmsClientOptions o = fastOptions();
    o.pageSize = 2;
    auto c = client(testSession(), o);
    KmsCall* call = c->listAliases();
    QVERIFY(waitFinished(call));
    QVERIFY2(call->succeeded(), qPrintable(call->error().message));
    QCOMPARE(call->result().value(QStringLiteral("Aliases")).toArray(),
             fixtureJson(QStringLiteral("aliases.json")).value(QStringLiteral("Aliases")).toArray());
    QCOMPARE(m_server.log(QStringLiteral("ListAliases")).size(), 4);
}

void TestKmsClient::listKeyPolicies()
{
    auto c = client();
    KmsCall* call = c->listKeyPolicies(kKey1);
    QVERIFY(waitFinished(call));
    QVERIFY2(call->succeeded(), qPrintable(call->error().message));
    QCOMPARE(call->result().value(QStringLiteral("PolicyNames")).toArray(), QJsonArray({QStringLiteral("default")}));
}

void TestKmsClient::unknownMembersIgnored()
{
    auto c = client();
    KmsCall* call = c->describeKey(kKey2);
    QVERIFY(waitFinished(call));
    QVERIFY(call->succeeded());
    QCOMPARE(call->result().value(QStringLiteral("KeyMetadata")).toObject().value(QStringLiteral("KeyId")).toString(),
             kKey2);
}

void TestKmsClient::retriesThenSucceeds_data()
{
    QTest::addColumn<QJsonObject>("rule");
    const auto rule = [](int status, const char* type, const char* body = nullptr) {
        QJsonObject r{{QStringLiteral("operation"), QStringLiteral("GetKeyPolicy")},
                      {QStringLiteral("count"), 2},
                      {QStringLiteral("status"), status}};
        if (type) {
            r.insert(QStringLiteral("type"), QLatin1String(type));
            r.insert(QStringLiteral("message"), QStringLiteral("try later"));
        }
        if (body) {
            r.insert(QStringLiteral("body"), QLatin1String(body));
        }
        return r;
    };
    QTest::newRow("ThrottlingException") << rule(400, "ThrottlingException");
    QTest::newRow("429 without code") << rule(429, nullptr, "Too Many Requests");
    QTest::newRow("KMSInternalException 500") << rule(500, "KMSInternalException");
    QTest::newRow("DependencyTimeoutException") << rule(503, "DependencyTimeoutException");
    QTest::newRow("HTML 503") << rule(503, nullptr, "<html>Service Unavailable</html>");
    QTest::newRow("502") << rule(502, nullptr, "");
    QTest::newRow("connection dropped") << QJsonObject{{QStringLiteral("operation"), QStringLiteral("GetKeyPolicy")},
                                                       {QStringLiteral("count"), 2},
                                                       {QStringLiteral("drop"), true}};
}

void TestKmsClient::retriesThenSucceeds()
{
    QFETCH(QJsonObject, rule);
    m_server.fail(rule);
    auto c = client();
    KmsCall* call = c->getKeyPolicy(kKey1);
    QSignalSpy retrying(call, &KmsCall::retrying);
    QVERIFY(waitFinished(call));
    QVERIFY2(call->succeeded(), qPrintable(call->error().message));
    QCOMPARE(call->result().value(QStringLiteral("Policy")).toString(), fixturePolicy(kKey1));
    QCOMPARE(m_server.log(QStringLiteral("GetKeyPolicy")).size(), 3);
    if (rule.value(QStringLiteral("drop")).toBool()) {
        // Qt's HTTP layer itself resends once when a connection closes before any answer, so two drops may cost
        // the client one retry or two.
        QVERIFY(retrying.count() >= 1 && retrying.count() <= 2);
        return;
    }
    QCOMPARE(retrying.count(), 2);
    QCOMPARE(retrying[0][0].toInt(), 1);
    QCOMPARE(retrying[1][0].toInt(), 2);
}

void TestKmsClient::eachAttemptIsSignedAgain()
{
    m_server.fail({{QStringLiteral("operation"), QStringLiteral("DescribeKey")},
                   {QStringLiteral("count"), 2},
                   {QStringLiteral("type"), QStringLiteral("ThrottlingException")}});
    auto c = client();
    // A clock that moves one second per reading: every attempt gets its own X-Amz-Date and signature.
    auto ticks = std::make_shared<int>(0);
    const QDateTime base = QDateTime::currentDateTimeUtc();
    c->setClock([ticks, base] { return base.addSecs((*ticks)++); });
    KmsCall* call = c->describeKey(kKey1);
    QVERIFY(waitFinished(call));
    QVERIFY2(call->succeeded(), qPrintable(call->error().message));
    const QJsonArray log = m_server.log(QStringLiteral("DescribeKey"));
    QCOMPARE(log.size(), 3);
    QSet<QString> dates;
    QSet<QString> signatures;
    for (const QJsonValue& v : log) {
        const QJsonObject h = v.toObject().value(QStringLiteral("headers")).toObject();
        dates.insert(h.value(QStringLiteral("x-amz-date")).toString());
        signatures.insert(h.value(QStringLiteral("authorization")).toString());
    }
    QCOMPARE(dates.size(), 3);
    QCOMPARE(signatures.size(), 3);
}

void TestKmsClient::retriesGiveUp()
{
    m_server.fail({{QStringLiteral("operation"), QStringLiteral("DescribeKey")},
                   {QStringLiteral("count"), -1},
                   {QStringLiteral("type"), QStringLiteral("ThrottlingException")},
                   {QStringLiteral("message"), QStringLiteral("Rate exceeded")}});
    auto c = client();
    KmsCall* call = c->describeKey(kKey1);
    QVERIFY(waitFinished(call));
    QVERIFY(!call->succeeded());
    QCOMPARE(call->error().code, QStringLiteral("ThrottlingException"));
    QCOMPARE(call->error().attempts, 3);
    QVERIFY2(call->error().message.contains(QStringLiteral("throttled")), qPrintable(call->error().message));
    QVERIFY(call->error().message.contains(QStringLiteral("3 attempt")));
    QCOMPARE(m_server.log(QStringLiteral("DescribeKey")).size(), 3);

    // The session's max_attempts / AWS_MAX_ATTEMPTS wins over the default.
    m_server.reset();
    m_server.fail({{QStringLiteral("count"), -1}, {QStringLiteral("type"), QStringLiteral("ThrottlingException")}});
    AwsSession session = testSession();
    session.maxAttempts = 5;
    auto c5 = client(session);
    KmsCall* call5 = c5->describeKey(kKey1);
    QVERIFY(waitFinished(call5));
    QCOMPARE(m_server.log(QStringLiteral("DescribeKey")).size(), 5);
}

void TestKmsClient::notFoundIsNotRetried()
{
    auto c = client();
    KmsCall* call = c->describeKey(QStringLiteral("1234abcd-12ab-34cd-56ef-000000000000"));
    QVERIFY(waitFinished(call));
    QCOMPARE(call->error().code, QStringLiteral("NotFoundException"));
    QCOMPARE(m_server.log().size(), 1);
}

void TestKmsClient::errorMessages_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("operation");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QStringList>("mustSay");

    QTest::newRow("AccessDenied") << "deny"
                                  << "GetKeyPolicy"
                                  << "AccessDeniedException"
                                  << QStringList{"kms:GetKeyPolicy",
                                                 "arn:aws:iam::111122223333:user/policy-editor",
                                                 "IAM policy",
                                                 "key policy"};
    QTest::newRow("NotFound") << "missing"
                              << "DescribeKey"
                              << "NotFoundException"
                              << QStringList{"eu-west-1", "region", "1234abcd-12ab-34cd-56ef-000000000000"};
    QTest::newRow("ExpiredToken") << "expired"
                                  << "DescribeKey"
                                  << "ExpiredTokenException" << QStringList{"expired", "aws sso login"};
    QTest::newRow("UnrecognizedClient") << "unknown-key"
                                        << "DescribeKey"
                                        << "UnrecognizedClientException"
                                        << QStringList{"AKIAUNKNOWNUNKNOWN00", "recognise"};
    QTest::newRow("InvalidSignature") << "wrong-secret"
                                      << "DescribeKey"
                                      << "InvalidSignatureException" << QStringList{"secret access key", kUserKey};
    QTest::newRow("clock skew") << "skew"
                                << "DescribeKey"
                                << "InvalidSignatureException" << QStringList{"clock is off by 30 minutes", "behind"};
    QTest::newRow("KMSInvalidState") << "deleted"
                                     << "GetKeyPolicy"
                                     << "KMSInvalidStateException" << QStringList{"state", "pending deletion"};
    QTest::newRow("namespaced type, Message") << "namespaced"
                                              << "GetKeyPolicy"
                                              << "AccessDeniedException" << QStringList{"kms:GetKeyPolicy"};
    QTest::newRow("MalformedPolicyDocument")
        << "lockout"
        << "PutKeyPolicy"
        << "MalformedPolicyDocumentException" << QStringList{"lockout", "update the key policy in the future"};
    QTest::newRow("AWS managed key") << "aws-managed"
                                     << "PutKeyPolicy"
                                     << "AccessDeniedException" << QStringList{"kms:PutKeyPolicy"};
    QTest::newRow("HTTP 400 without code") << "bare400"
                                           << "DescribeKey"
                                           << "" << QStringList{"HTTP 400"};
}

void TestKmsClient::errorMessages()
{
    QFETCH(QString, scenario);
    QFETCH(QString, operation);
    QFETCH(QString, code);
    QFETCH(QStringList, mustSay);

    AwsSession session = testSession(scenario == QLatin1String("expired"));
    QString key = kKey1;
    if (scenario == QLatin1String("deny")) {
        m_server.fail({{QStringLiteral("operation"), operation},
                       {QStringLiteral("type"), QStringLiteral("AccessDeniedException")},
                       {QStringLiteral("message"),
                        QStringLiteral("User: arn:aws:iam::111122223333:user/policy-editor is not authorized to "
                                       "perform: kms:GetKeyPolicy on resource: %1 because no identity-based policy "
                                       "allows the kms:GetKeyPolicy action")
                            .arg(kArn1)}});
    } else if (scenario == QLatin1String("missing")) {
        key = QStringLiteral("1234abcd-12ab-34cd-56ef-000000000000");
    } else if (scenario == QLatin1String("expired")) {
        m_server.control(QStringLiteral("expire"), {{QStringLiteral("expired"), true}});
    } else if (scenario == QLatin1String("unknown-key")) {
        session.credentials.accessKeyId = QStringLiteral("AKIAUNKNOWNUNKNOWN00");
    } else if (scenario == QLatin1String("wrong-secret")) {
        session.credentials.secretAccessKey = "not-the-secret";
    } else if (scenario == QLatin1String("skew")) {
        m_server.control(QStringLiteral("clock"), {{QStringLiteral("skewSeconds"), 1800}});
    } else if (scenario == QLatin1String("deleted")) {
        key = kKeyDeleted;
    } else if (scenario == QLatin1String("namespaced")) {
        m_server.fail({{QStringLiteral("type"), QStringLiteral("AccessDeniedException")},
                       {QStringLiteral("prefix"), QStringLiteral("com.amazon.coral.service#")},
                       {QStringLiteral("messageField"), QStringLiteral("Message")},
                       {QStringLiteral("message"), QStringLiteral("not allowed")}});
    } else if (scenario == QLatin1String("aws-managed")) {
        key = kKeyAws;
    } else if (scenario == QLatin1String("bare400")) {
        m_server.fail({{QStringLiteral("status"), 400}, {QStringLiteral("body"), QStringLiteral("Bad Request")}});
    }

    auto c = client(session);
    KmsCall* call = nullptr;
    if (operation == QLatin1String("GetKeyPolicy")) {
        call = c->getKeyPolicy(key);
    } else if (operation == QLatin1String("PutKeyPolicy")) {
        const QString lockout = QStringLiteral(
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Action":"kms:Decrypt","Resource":"*"}]})");
        call = c->putKeyPolicy(key, scenario == QLatin1String("lockout") ? lockout : fixturePolicy(kKey2));
    } else {
        call = c->describeKey(key);
    }
    QVERIFY(waitFinished(call));
    QVERIFY(!call->succeeded());
    QCOMPARE(call->error().code, code);
    for (const QString& phrase : mustSay) {
        QVERIFY2(call->error().message.contains(phrase, Qt::CaseInsensitive),
                 qPrintable(QStringLiteral("'%1' not in: %2").arg(phrase, call->error().message)));
    }
    QVERIFY(!call->error().message.contains(QString::fromLatin1(kUserSecret)));
    QVERIFY(!call->error().message.contains(QString::fromLatin1(kTempToken)));
}

void TestKmsClient::clockSkewFromLocalClock()
{
    // The local clock is 45 minutes ahead: the server refuses, and its Date header shows by how much.
    auto c = client();
    c->setClock([] { return QDateTime::currentDateTimeUtc().addSecs(45 * 60); });
    KmsCall* call = c->describeKey(kKey1);
    QVERIFY(waitFinished(call));
    QCOMPARE(call->error().code, QStringLiteral("InvalidSignatureException"));
    QVERIFY(call->error().serverDate.isValid());
    QVERIFY2(call->error().message.contains(QStringLiteral("off by 45 minutes")), qPrintable(call->error().message));
    QVERIFY(call->error().message.contains(QStringLiteral("ahead")));
}

void TestKmsClient::networkErrorWhenNothingListens()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    KmsClientOptions o = fastOptions();
    o.endpointUrl = QStringLiteral("http://127.0.0.1:%1").arg(port);
    o.maxAttempts = 2;
    auto c = client(testSession(), o);
    KmsCall* call = c->describeKey(kKey1);
    QSignalSpy retrying(call, &KmsCall::retrying);
    QVERIFY(waitFinished(call));
    QCOMPARE(call->error().kind, KmsError::Kind::Network);
    QCOMPARE(retrying.count(), 1);
    QVERIFY2(call->error().message.contains(QStringLiteral("Could not reach KMS")), qPrintable(call->error().message));
}

void TestKmsClient::timeoutReportsAndRetries()
{
    // The first answer takes far longer than the timeout; the retry gets a prompt answer.
    m_server.fail({{QStringLiteral("operation"), QStringLiteral("DescribeKey")},
                   {QStringLiteral("count"), 1},
                   {QStringLiteral("delay"), 30}});
    KmsClientOptions o = fastOptions();
    o.timeoutMs = 500;
    auto c = client(testSession(), o);
    KmsCall* call = c->describeKey(kKey1);
    QSignalSpy retrying(call, &KmsCall::retrying);
    QVERIFY(waitFinished(call));
    QVERIFY2(call->succeeded(), qPrintable(call->error().message));
    QCOMPARE(retrying.count(), 1);

    m_server.fail({{QStringLiteral("operation"), QStringLiteral("DescribeKey")},
                   {QStringLiteral("count"), 1},
                   {QStringLiteral("delay"), 30}});
    o.maxAttempts = 1;
    auto once = client(testSession(), o);
    KmsCall* timedOut = once->describeKey(kKey1);
    QVERIFY(waitFinished(timedOut));
    QCOMPARE(timedOut->error().kind, KmsError::Kind::Timeout);
    QVERIFY2(timedOut->error().message.contains(QStringLiteral("did not answer")),
             qPrintable(timedOut->error().message));
}

void TestKmsClient::cancelInFlight()
{
    m_server.fail({{QStringLiteral("operation"), QStringLiteral("GetKeyPolicy")},
                   {QStringLiteral("count"), 1},
                   {QStringLiteral("delay"), 30}});
    auto c = client();
    KmsCall* call = c->getKeyPolicy(kKey1);
    QSignalSpy finished(call, &KmsCall::finished);
    // Cancel once the request is on the wire.
    connect(c.get(), &KmsClient::requestSent, call, [call] {
        QMetaObject::invokeMethod(call, &KmsCall::cancel, Qt::QueuedConnection);
    });
    QSignalSpy sent(c.get(), &KmsClient::requestSent);
    QVERIFY(finished.wait(30000));
    QCOMPARE(call->error().kind, KmsError::Kind::Cancelled);
    QCOMPARE(sent.count(), 1); // cancelled during the first attempt, not retried
    QTest::qWait(50);
    QCOMPARE(finished.count(), 1);
}

void TestKmsClient::cancelBeforeStart()
{
    auto c = client();
    KmsCall* call = c->describeKey(kKey1);
    call->cancel();
    QVERIFY(waitFinished(call));
    QCOMPARE(call->error().kind, KmsError::Kind::Cancelled);
    QCOMPARE(m_server.log().size(), 0);
}

void TestKmsClient::cancelDuringBackoff()
{
    m_server.fail({{QStringLiteral("count"), -1}, {QStringLiteral("type"), QStringLiteral("ThrottlingException")}});
    KmsClientOptions o = fastOptions();
    o.retryBaseMs = 600000; // the retry would wait minutes: only cancel() can end it soon
    o.retryCapMs = 600000;
    auto c = client(testSession(), o);
    KmsCall* call = c->describeKey(kKey1);
    connect(call, &KmsCall::retrying, call, [c = c.get()] { c->cancelAll(); });
    QVERIFY(waitFinished(call));
    QCOMPARE(call->error().kind, KmsError::Kind::Cancelled);
    QCOMPARE(m_server.log().size(), 1);
}

void TestKmsClient::tlsIsVerified()
{
    const QString cert = dataDir() + QStringLiteral("/tls/test-only-cert.pem");
    FakeKmsServer tls;
    QString error;
    QVERIFY2(tls.start(&error,
                       {QStringLiteral("--tls-cert"),
                        cert,
                        QStringLiteral("--tls-key"),
                        dataDir() + QStringLiteral("/tls/test-only-key.pem")}),
             qPrintable(error));
    KmsClientOptions o = fastOptions();
    o.endpointUrl = tls.url();
    o.maxAttempts = 1;

    // A self-signed certificate nobody trusts: the connection must fail, and nothing is sent.
    auto untrusted = client(testSession(), o);
    KmsCall* refused = untrusted->describeKey(kKey1);
    QVERIFY(waitFinished(refused));
    QCOMPARE(refused->error().kind, KmsError::Kind::Network);
    QVERIFY2(refused->error().message.contains(QStringLiteral("could not be verified")),
             qPrintable(refused->error().message));

    // Trusted through a CA bundle (AWS_CA_BUNDLE): verification still runs, and succeeds.
    AwsSession session = testSession();
    session.caBundle = cert;
    auto trusted = client(session, o);
    KmsCall* ok = trusted->describeKey(kKey1);
    QVERIFY(waitFinished(ok));
    QVERIFY2(ok->succeeded(), qPrintable(ok->error().message));
}

void TestKmsClient::proxySettingsHonouredButNotForLoopback()
{
    // The system proxy settings apply to AWS endpoints (not exercised here: that would mean traffic beyond
    // 127.0.0.1), but never to loopback endpoints: with a proxy configured, the request still goes straight to the
    // local server and the "proxy" (a second fake server) sees nothing.
    FakeKmsServer proxy;
    QString error;
    QVERIFY2(proxy.start(&error), qPrintable(error));
    qputenv("https_proxy", proxy.url().toLatin1());
    qputenv("http_proxy", proxy.url().toLatin1());
    const auto restore = qScopeGuard([] {
        qunsetenv("https_proxy");
        qunsetenv("http_proxy");
    });
    auto c = client();
    KmsCall* call = c->describeKey(kKey1);
    QVERIFY(waitFinished(call));
    QVERIFY2(call->succeeded(), qPrintable(call->error().message));
    QCOMPARE(m_server.log(QStringLiteral("DescribeKey")).size(), 1);
    QCOMPARE(proxy.log().size(), 0);
}

void TestKmsClient::credentialProcessProvidesCredentials()
{
    QTemporaryDir dir;
    const QString counter = dir.filePath(QStringLiteral("runs"));
    AwsSession session = testSession();
    session.credentials = Credentials();
    session.credentialProcess = credentialProcessCommand({QStringLiteral("--key"),
                                                          kTempKey,
                                                          QStringLiteral("--secret"),
                                                          QString::fromLatin1(kTempSecret),
                                                          QStringLiteral("--token"),
                                                          QString::fromLatin1(kTempToken),
                                                          QStringLiteral("--expires-in"),
                                                          QStringLiteral("3600"),
                                                          QStringLiteral("--count-file"),
                                                          counter});
    session.credentialSource = QStringLiteral("credential_process of profile test");
    auto c = client(session);
    // Two calls at once share one run of the process.
    KmsCall* a = c->describeKey(kKey1);
    KmsCall* b = c->getKeyPolicy(kKey1);
    QVERIFY(waitFinished(a));
    if (!b->isFinished()) {
        QVERIFY(waitFinished(b));
    }
    QVERIFY2(a->succeeded(), qPrintable(a->error().message));
    QVERIFY2(b->succeeded(), qPrintable(b->error().message));
    QCOMPARE(readFile(counter).count("run"), 1);
    const QJsonObject headers = m_server.log()[0].toObject().value(QStringLiteral("headers")).toObject();
    QCOMPARE(headers.value(QStringLiteral("x-amz-security-token")).toString().toUtf8(), kTempToken);
}

void TestKmsClient::credentialProcessRefreshedOnExpiredToken()
{
    QTemporaryDir dir;
    const QString counter = dir.filePath(QStringLiteral("runs"));
    m_server.fail(
        {{QStringLiteral("operation"), QStringLiteral("DescribeKey")},
         {QStringLiteral("count"), 1},
         {QStringLiteral("type"), QStringLiteral("ExpiredTokenException")},
         {QStringLiteral("message"), QStringLiteral("The security token included in the request is expired")}});
    AwsSession session = testSession();
    session.credentials = Credentials();
    session.credentialProcess = credentialProcessCommand({QStringLiteral("--key"),
                                                          kTempKey,
                                                          QStringLiteral("--secret"),
                                                          QString::fromLatin1(kTempSecret),
                                                          QStringLiteral("--token"),
                                                          QString::fromLatin1(kTempToken),
                                                          QStringLiteral("--count-file"),
                                                          counter});
    auto c = client(session);
    KmsCall* call = c->describeKey(kKey1);
    QVERIFY(waitFinished(call));
    QVERIFY2(call->succeeded(), qPrintable(call->error().message));
    QCOMPARE(readFile(counter).count("run"), 2);
    QCOMPARE(m_server.log(QStringLiteral("DescribeKey")).size(), 2);
}

void TestKmsClient::credentialProcessFailureKeepsSecrets()
{
    for (const QString& mode : {QStringLiteral("--fail"), QStringLiteral("--garbage")}) {
        AwsSession session = testSession();
        session.credentials = Credentials();
        session.credentialProcess = credentialProcessCommand(
            {QStringLiteral("--key"), kTempKey, QStringLiteral("--secret"), QString::fromLatin1(kTempSecret), mode});
        session.credentialSource = QStringLiteral("credential_process of profile sso");
        auto c = client(session);
        KmsCall* call = c->describeKey(kKey1);
        QVERIFY(waitFinished(call));
        QCOMPARE(call->error().kind, KmsError::Kind::Credentials);
        QVERIFY(!call->error().message.contains(QString::fromLatin1(kTempSecret)));
        if (mode == QLatin1String("--fail")) {
            QVERIFY2(call->error().message.contains(QStringLiteral("SSO session has expired")),
                     qPrintable(call->error().message));
        } else {
            QVERIFY2(call->error().message.contains(QStringLiteral("not a JSON object")),
                     qPrintable(call->error().message));
        }
        QCOMPARE(m_server.log().size(), 0);
    }
}

void TestKmsClient::secretsNeverInMessagesOrDebugOutput()
{
    QLoggingCategory::setFilterRules(QStringLiteral("kps.aws.*=true"));
    g_messages.clear();
    const QtMessageHandler previous = qInstallMessageHandler(captureMessages);

    QStringList texts;
    {
        auto ok = client(testSession(true));
        KmsCall* call = ok->getKeyPolicy(kKey1);
        QVERIFY(waitFinished(call));
        QVERIFY(call->succeeded());
        AwsSession wrong = testSession(true);
        wrong.credentials.secretAccessKey = "wrong-" + kTempSecret;
        auto bad = client(wrong);
        KmsCall* failed = bad->getKeyPolicy(kKey1);
        QVERIFY(waitFinished(failed));
        texts << failed->error().message;
        AwsSession process = testSession();
        process.credentials = Credentials();
        process.credentialProcess = credentialProcessCommand({QStringLiteral("--key"),
                                                              kTempKey,
                                                              QStringLiteral("--secret"),
                                                              QString::fromLatin1(kTempSecret),
                                                              QStringLiteral("--token"),
                                                              QString::fromLatin1(kTempToken)});
        auto viaProcess = client(process);
        KmsCall* third = viaProcess->describeKey(kKey1);
        QVERIFY(waitFinished(third));
        QVERIFY(third->succeeded());
        qDebug() << process.credentials << testSession(true).credentials;
    }
    qInstallMessageHandler(previous);
    QLoggingCategory::setFilterRules(QString());

    texts += g_messages;
    QVERIFY2(g_messages.size() >= 4, "the client logs its requests at debug level");
    for (const QString& text : std::as_const(texts)) {
        QVERIFY2(!text.contains(QString::fromLatin1(kTempSecret)), qPrintable(text));
        QVERIFY2(!text.contains(QString::fromLatin1(kTempToken)), qPrintable(text));
        QVERIFY2(!text.contains(QString::fromLatin1(kUserSecret)), qPrintable(text));
    }
}

void TestKmsClient::keyFetchResolvesAlias()
{
    KmsClientOptions o = fastOptions();
    o.pageSize = 2; // the alias is on the third page
    auto c = client(testSession(), o);
    KeyFetch fetch(c.get(), QStringLiteral("alias/mwaa-key"), true);
    QSignalSpy progress(&fetch, &KeyFetch::progress);
    fetch.start();
    QVERIFY(waitFinished(&fetch));
    QVERIFY2(fetch.succeeded(), qPrintable(fetch.error().message));
    QCOMPARE(fetch.result().keyArn(), kArn1);
    QCOMPARE(fetch.result().aliasResolvedFrom, QStringLiteral("alias/mwaa-key"));
    QCOMPARE(fetch.result().policy, fixturePolicy(kKey1));
    QCOMPARE(fetch.result().grants.value(QStringLiteral("Grants")).toArray().size(), 7);
    QVERIFY(progress.count() >= 4);
    QVERIFY(keySummary(fetch.result()).contains(kArn1));
    // The grants come out as `aws kms list-grants` prints them.
    const QJsonObject written = QJsonDocument::fromJson(grantsJson(fetch.result().grants)).object();
    QCOMPARE(written.value(QStringLiteral("Grants")).toArray(),
             fixtureJson(QStringLiteral("grants/") + kKey1 + QStringLiteral(".json"))
                 .value(QStringLiteral("Grants"))
                 .toArray());
    // Every later call used the ARN, never the alias.
    for (const QString& op : {QStringLiteral("GetKeyPolicy"), QStringLiteral("ListGrants")}) {
        QVERIFY(m_server.log(op)[0].toObject().value(QStringLiteral("body")).toString().contains(kArn1));
    }
}

void TestKmsClient::keyFetchUnknownAlias()
{
    auto c = client();
    KeyFetch fetch(c.get(), QStringLiteral("alias/nope"), false);
    fetch.start();
    QVERIFY(waitFinished(&fetch));
    QVERIFY(!fetch.succeeded());
    QVERIFY2(fetch.error().message.contains(QStringLiteral("no alias alias/nope in region eu-west-1")),
             qPrintable(fetch.error().message));
}

void TestKmsClient::keyFetchAliasWithoutListAliasesPermission()
{
    m_server.fail({{QStringLiteral("operation"), QStringLiteral("ListAliases")},
                   {QStringLiteral("count"), -1},
                   {QStringLiteral("type"), QStringLiteral("AccessDeniedException")},
                   {QStringLiteral("message"), QStringLiteral("not authorized to perform: kms:ListAliases")}});
    auto c = client();
    KeyFetch fetch(c.get(), QStringLiteral("alias/other"), false);
    fetch.start();
    QVERIFY(waitFinished(&fetch));
    QVERIFY2(fetch.succeeded(), qPrintable(fetch.error().message));
    QCOMPARE(fetch.result().keyId(), kKey2);
}

void TestKmsClient::putKeyPolicyNeverBypasses()
{
    auto c = client();
    const QString policy
        = fixturePolicy(kKey2).replace(QStringLiteral("key-default-1"), QStringLiteral("key-default-2"));
    KmsCall* call = c->putKeyPolicy(kKey2, policy);
    QVERIFY(waitFinished(call));
    QVERIFY2(call->succeeded(), qPrintable(call->error().message));
    QCOMPARE(m_server.policy(kKey2), policy);
    const QJsonArray puts = m_server.log(QStringLiteral("PutKeyPolicy"));
    QCOMPARE(puts.size(), 1);
    QVERIFY(!puts[0].toObject().value(QStringLiteral("body")).toString().contains(QStringLiteral("Bypass")));
}

namespace {
QString editedKey2Policy()
{
    return fixturePolicy(kKey2).replace(
        QStringLiteral("  } ]\n}"),
        QStringLiteral(
            "  }, {\n    \"Sid\" : \"Allow use of the key\",\n    \"Effect\" : \"Allow\",\n"
            "    \"Principal\" : {\n      \"AWS\" : \"arn:aws:iam::111122223333:role/app\"\n    },\n"
            "    \"Action\" : [ \"kms:Decrypt\", \"kms:DescribeKey\" ],\n    \"Resource\" : \"*\"\n  } ]\n}"));
}

ApplyRequest requestFor(const QString& policy, const QString& live)
{
    ApplyRequest r;
    r.keyId = kKey2;
    r.policy = policy;
    r.loadedLivePolicy = live;
    r.checks = checkForApply(policy, applyCheckOptions({}, QStringLiteral("eu-west-1"), false, QString()));
    r.confirmed = true;
    return r;
}
} // namespace

void TestKmsClient::applyHappyPath()
{
    auto c = client();
    const QString policy = editedKey2Policy();
    QVERIFY(policy != fixturePolicy(kKey2));
    ApplyRequest request = requestFor(policy, fixturePolicy(kKey2));
    QVERIFY2(request.checks.passed, qPrintable(request.checks.summary));
    PolicyApply apply(c.get(), request);
    apply.start();
    QVERIFY(waitFinished(&apply));
    QCOMPARE(apply.outcome(), PolicyApply::Outcome::Applied);
    QCOMPARE(m_server.policy(kKey2), policy);
    // Re-fetched right before the PUT, read back after it.
    QStringList ops;
    for (const QJsonValue& v : m_server.log()) {
        ops << v.toObject().value(QStringLiteral("operation")).toString();
    }
    QCOMPARE(
        ops,
        QStringList({QStringLiteral("GetKeyPolicy"), QStringLiteral("PutKeyPolicy"), QStringLiteral("GetKeyPolicy")}));
    QVERIFY(!m_server.log(QStringLiteral("PutKeyPolicy"))[0]
                 .toObject()
                 .value(QStringLiteral("body"))
                 .toString()
                 .contains(QStringLiteral("BypassPolicyLockoutSafetyCheck")));
}

void TestKmsClient::applyRefusesWithoutConfirmation()
{
    auto c = client();
    ApplyRequest request = requestFor(editedKey2Policy(), fixturePolicy(kKey2));
    request.confirmed = false;
    PolicyApply apply(c.get(), request);
    apply.start();
    QVERIFY(waitFinished(&apply));
    QCOMPARE(apply.outcome(), PolicyApply::Outcome::Refused);
    QCOMPARE(m_server.log().size(), 0);
}

void TestKmsClient::applyRefusesFailedChecks()
{
    auto c = client();
    ApplyRequest request
        = requestFor(QStringLiteral("{\"Version\": \"2012-10-17\", \"Statement\": ["), fixturePolicy(kKey2));
    QVERIFY(!request.checks.passed);
    QVERIFY(request.checks.summary.contains(QStringLiteral("JSON_SYNTAX")));
    PolicyApply apply(c.get(), request);
    apply.start();
    QVERIFY(waitFinished(&apply));
    QCOMPARE(apply.outcome(), PolicyApply::Outcome::Refused);
    QCOMPARE(m_server.log().size(), 0);
    QCOMPARE(m_server.policy(kKey2), fixturePolicy(kKey2));
}

void TestKmsClient::lockoutGuardStopsBeforeSending()
{
    // The guard's verdict on a LOCKOUT_RISK finding, independent of how the checker finds it.
    kps::CheckResult result;
    kps::Finding f;
    f.code = "LOCKOUT_RISK";
    f.severity = kps::Severity::Error;
    f.message = "no Allow lets anyone call kms:PutKeyPolicy";
    result.findings.push_back(f);
    const ApplyChecks checks = evaluateForApply(result);
    QVERIFY(!checks.passed);
    QVERIFY(checks.lockoutRisk);
    QVERIFY(checks.summary.contains(QStringLiteral("LOCKOUT_RISK")));

    auto c = client();
    ApplyRequest request = requestFor(editedKey2Policy(), fixturePolicy(kKey2));
    request.checks = checks;
    PolicyApply apply(c.get(), request);
    apply.start();
    QVERIFY(waitFinished(&apply));
    QCOMPARE(apply.outcome(), PolicyApply::Outcome::Refused);
    QCOMPARE(m_server.log().size(), 0);

    // A clean result passes.
    QVERIFY(evaluateForApply(kps::CheckResult()).passed);
}

void TestKmsClient::lockoutPolicyNeverReachesTheKey()
{
    // End to end with the real checker: whichever safeguard stops it (LOCKOUT_RISK here, KMS's own lockout safety
    // check there), the policy that locks everyone out is never set, and no request ever asks to bypass the check.
    const QString lockout = QStringLiteral(
        "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [\n        {\n            \"Sid\": \"UseOnly\",\n"
        "            \"Effect\": \"Allow\",\n            \"Principal\": {\"AWS\": "
        "\"arn:aws:iam::111122223333:role/app\"},\n"
        "            \"Action\": \"kms:Decrypt\",\n            \"Resource\": \"*\"\n        }\n    ]\n}\n");
    auto c = client();
    PolicyApply apply(c.get(), requestFor(lockout, fixturePolicy(kKey2)));
    apply.start();
    QVERIFY(waitFinished(&apply));
    QVERIFY(apply.outcome() == PolicyApply::Outcome::Refused || apply.outcome() == PolicyApply::Outcome::Failed);
    QCOMPARE(m_server.policy(kKey2), fixturePolicy(kKey2));
    for (const QJsonValue& v : m_server.log()) {
        QVERIFY(!v.toObject().value(QStringLiteral("body")).toString().contains(QStringLiteral("Bypass")));
    }
}

void TestKmsClient::lostUpdateGuard()
{
    auto c = client();
    const QString loaded = fixturePolicy(kKey2);
    // Someone else changes the policy after it was loaded and before the user applies.
    const QString theirs = loaded + QStringLiteral("\n");
    m_server.control(QStringLiteral("policy"), {{QStringLiteral("KeyId"), kKey2}, {QStringLiteral("Policy"), theirs}});
    PolicyApply apply(c.get(), requestFor(editedKey2Policy(), loaded));
    apply.start();
    QVERIFY(waitFinished(&apply));
    QCOMPARE(apply.outcome(), PolicyApply::Outcome::Refused);
    QVERIFY2(apply.message().contains(QStringLiteral("changed since it was loaded")), qPrintable(apply.message()));
    QCOMPARE(m_server.log(QStringLiteral("PutKeyPolicy")).size(), 0);
    QCOMPARE(m_server.policy(kKey2), theirs);
}

void TestKmsClient::applyUnchanged()
{
    auto c = client();
    PolicyApply apply(c.get(), requestFor(fixturePolicy(kKey2), fixturePolicy(kKey2)));
    apply.start();
    QVERIFY(waitFinished(&apply));
    QCOMPARE(apply.outcome(), PolicyApply::Outcome::Unchanged);
    QCOMPARE(m_server.log(QStringLiteral("PutKeyPolicy")).size(), 0);
}

void TestKmsClient::applyLostAnswerButApplied()
{
    // KMS takes the policy, but no answer ever arrives: the read-back shows it was applied.
    m_server.fail({{QStringLiteral("operation"), QStringLiteral("PutKeyPolicy")},
                   {QStringLiteral("count"), -1},
                   {QStringLiteral("dropAfter"), true}});
    auto c = client();
    const QString policy = editedKey2Policy();
    PolicyApply apply(c.get(), requestFor(policy, fixturePolicy(kKey2)));
    apply.start();
    QVERIFY(waitFinished(&apply));
    QCOMPARE(apply.outcome(), PolicyApply::Outcome::Applied);
    QVERIFY2(apply.message().contains(QStringLiteral("answer was lost")), qPrintable(apply.message()));
    // The client itself never sends it again; Qt's HTTP layer may resend once on a closed connection.
    QVERIFY(m_server.log(QStringLiteral("PutKeyPolicy")).size() <= 2);
    QCOMPARE(m_server.policy(kKey2), policy);
}

void TestKmsClient::applyUnknownOutcome()
{
    // No answer and nothing applied: the client must not claim success, and says what to do.
    m_server.fail({{QStringLiteral("operation"), QStringLiteral("PutKeyPolicy")},
                   {QStringLiteral("count"), -1},
                   {QStringLiteral("drop"), true}});
    auto c = client();
    PolicyApply apply(c.get(), requestFor(editedKey2Policy(), fixturePolicy(kKey2)));
    apply.start();
    QVERIFY(waitFinished(&apply));
    QCOMPARE(apply.outcome(), PolicyApply::Outcome::Failed);
    QVERIFY2(apply.message().contains(QStringLiteral("Unknown outcome")), qPrintable(apply.message()));
    QVERIFY(m_server.log(QStringLiteral("PutKeyPolicy")).size() <= 2);
    QCOMPARE(m_server.policy(kKey2), fixturePolicy(kKey2));
}

void TestKmsClient::diff()
{
    QCOMPARE(unifiedDiff(QStringLiteral("a\nb\n"), QStringLiteral("a\nb\n"), QStringLiteral("x"), QStringLiteral("y")),
             QString());
    const QString d = unifiedDiff(QStringLiteral("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n"),
                                  QStringLiteral("1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\neleven\n"),
                                  QStringLiteral("live"),
                                  QStringLiteral("new"));
    // The expected texts are GNU `diff -u`'s output (core's unified diff; the final line break is no extra line).
    QCOMPARE(
        d,
        QStringLiteral("--- live\n+++ new\n@@ -2,9 +2,10 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n 9\n 10\n+eleven\n"));
    const QString far = unifiedDiff(QStringLiteral("a\n1\n2\n3\n4\n5\n6\n7\n8\nz"),
                                    QStringLiteral("A\n1\n2\n3\n4\n5\n6\n7\n8\nZ"),
                                    QStringLiteral("l"),
                                    QStringLiteral("n"));
    QCOMPARE(far,
             QStringLiteral("--- l\n+++ n\n@@ -1,4 +1,4 @@\n-a\n+A\n 1\n 2\n 3\n@@ -7,4 +7,4 @@\n 6\n 7\n 8\n-z\n"
                            "\\ No newline at end of file\n+Z\n\\ No newline at end of file\n"));
    // Texts that differ only in line ends still differ: the dialog and `keypolicy apply` must not say "nothing
    // to apply" while the live text is another.
    QCOMPARE(unifiedDiff(QStringLiteral("x\r\ny\n"), QStringLiteral("x\ny"), QStringLiteral("l"), QStringLiteral("n")),
             QStringLiteral("--- l\n+++ n\n@@ -1,2 +1,2 @@\n-x\r\n-y\n+x\n+y\n\\ No newline at end of file\n"));
}

QTEST_GUILESS_MAIN(TestKmsClient)
#include "tst_kmsclient.moc"
