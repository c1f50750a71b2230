// SPDX-License-Identifier: GPL-3.0-or-later
// The SigV4 signer against AWS's own test suite (tests/data/sigv4, from awslabs/aws-c-auth), read at run
// time. Every case folder has the four header-* files, and every case is compared: the canonical request, the
// string to sign, the signature and the signed request, byte for byte. The `normalize: false` (S3-style) cases run
// with path normalization off, as their context.json asks, so none is left out. Not compared: the query-* files,
// which describe pre-signed URLs (signature in the query string); KMS requests are always signed in the
// Authorization header and the signer has no pre-signing mode.
#include "aws/SigV4.h"

#include <QDebug>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace kps::aws;

namespace {

// AWS's suite as the repository holds it (tests/data/sigv4, with its licence); KPS_SIGV4_SUITE points elsewhere.
QString suiteDir()
{
    const QString fromEnv = qEnvironmentVariable("KPS_SIGV4_SUITE");
    return fromEnv.isEmpty() ? QStringLiteral(KPS_TEST_DATA_DIR "/sigv4") : fromEnv;
}
const QString kSuiteDir = suiteDir();

QByteArray readAll(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return QByteArray("<cannot read ") + path.toUtf8() + '>';
    }
    return f.readAll();
}

struct SuiteCase
{
    QByteArray head; ///< request line and header lines as in request.txt, without the final newline
    QByteArray body;
    bool hasBody = false;
    SigV4Request request;
    Credentials credentials;
    SigV4Options options;
};

// request.txt: request line, `Name:value` lines (a line starting with white space continues the previous header),
// then, if there is a body, a blank line and the body.
SuiteCase parseCase(const QString& dir)
{
    SuiteCase c;
    const QByteArray raw = readAll(dir + QStringLiteral("/request.txt"));
    const qsizetype split = raw.indexOf("\n\n");
    c.head = split < 0 ? raw : raw.left(split);
    if (c.head.endsWith('\n')) {
        c.head.chop(1);
    }
    c.hasBody = split >= 0;
    c.body = split < 0 ? QByteArray() : raw.mid(split + 2);

    const QList<QByteArray> lines = c.head.split('\n');
    const QByteArray requestLine = lines.value(0);
    const qsizetype firstSpace = requestLine.indexOf(' ');
    const qsizetype lastSpace = requestLine.lastIndexOf(' ');
    c.request.method = requestLine.left(firstSpace);
    const QByteArray target = requestLine.mid(firstSpace + 1, lastSpace - firstSpace - 1);
    const qsizetype q = target.indexOf('?');
    c.request.path = q < 0 ? target : target.left(q);
    c.request.query = q < 0 ? QByteArray() : target.mid(q + 1);
    c.request.body = c.body;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray& line = lines[i];
        if ((line.startsWith(' ') || line.startsWith('\t')) && !c.request.headers.isEmpty()) {
            c.request.headers.last().second += '\n' + line;
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        c.request.headers.append({line.left(colon), line.mid(colon + 1)});
    }

    const QJsonObject context = QJsonDocument::fromJson(readAll(dir + QStringLiteral("/context.json"))).object();
    const QJsonObject creds = context.value(QStringLiteral("credentials")).toObject();
    c.credentials.accessKeyId = creds.value(QStringLiteral("access_key_id")).toString();
    c.credentials.secretAccessKey = creds.value(QStringLiteral("secret_access_key")).toString().toUtf8();
    c.credentials.sessionToken = creds.value(QStringLiteral("token")).toString().toUtf8();
    c.options.region = context.value(QStringLiteral("region")).toString();
    c.options.service = context.value(QStringLiteral("service")).toString();
    c.options.time = QDateTime::fromString(context.value(QStringLiteral("timestamp")).toString(), Qt::ISODate);
    c.options.normalizePath = context.value(QStringLiteral("normalize")).toBool(true);
    c.options.signBody = context.value(QStringLiteral("sign_body")).toBool(false);
    c.options.omitSessionToken = context.value(QStringLiteral("omit_session_token")).toBool(false);
    return c;
}

} // namespace

class TestSigV4 : public QObject
{
    Q_OBJECT

private slots:
    void suite_data();
    void suite();
    void suiteIsComplete();
    void kmsRequestWithPortAndToken();
    void helpers();
    void debugOutputHidesSecrets();
};

void TestSigV4::suite_data()
{
    if (!QDir(kSuiteDir).exists()) {
        QFAIL("The SigV4 suite (tests/data/sigv4) is missing.");
    }
    QTest::addColumn<QString>("dir");
    const QStringList cases = QDir(kSuiteDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString& name : cases) {
        QTest::newRow(name.toUtf8().constData()) << QDir(kSuiteDir).filePath(name);
    }
}

void TestSigV4::suite()
{
    QFETCH(QString, dir);
    for (const char* file : {"header-canonical-request.txt",
                             "header-string-to-sign.txt",
                             "header-signature.txt",
                             "header-signed-request.txt",
                             "context.json",
                             "request.txt"}) {
        QVERIFY2(QFile::exists(dir + '/' + QLatin1String(file)), file);
    }
    const SuiteCase c = parseCase(dir);
    const SigV4Result r = signV4(c.request, c.credentials, c.options);

    // In the order of the algorithm, so a failure names the first step that differs.
    QCOMPARE(r.canonicalRequest, readAll(dir + QStringLiteral("/header-canonical-request.txt")));
    QCOMPARE(r.stringToSign, readAll(dir + QStringLiteral("/header-string-to-sign.txt")));
    QCOMPARE(r.signature, readAll(dir + QStringLiteral("/header-signature.txt")).trimmed());

    QByteArray signedRequest = c.head;
    for (const auto& [name, value] : r.addedHeaders) {
        signedRequest += '\n' + name + ':' + value;
    }
    signedRequest += "\n\n" + c.body;
    QCOMPARE(signedRequest, readAll(dir + QStringLiteral("/header-signed-request.txt")));

    const QByteArray expectedAuth = [&] {
        const QByteArray signedText = readAll(dir + QStringLiteral("/header-signed-request.txt"));
        const qsizetype at = signedText.indexOf("\nAuthorization:");
        return signedText.mid(at + 15, signedText.indexOf('\n', at + 1) - at - 15);
    }();
    QCOMPARE(r.authorization, expectedAuth);
}

void TestSigV4::suiteIsComplete()
{
    if (!QDir(kSuiteDir).exists()) {
        QFAIL("The SigV4 suite (tests/data/sigv4) is missing.");
    }
    // The README promises 38 cases; a truncated copy must not pass silently.
    QCOMPARE(QDir(kSuiteDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size(), 38);
}

void TestSigV4::kmsRequestWithPortAndToken()
{
    // A KMS call as KmsClient builds it: Host carries the explicit port Qt will send, the token is signed.
    SigV4Request request;
    request.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                       {"Host", "127.0.0.1:4567"},
                       {"X-Amz-Target", "TrentService.GetKeyPolicy"}};
    request.body = R"({"KeyId":"k","PolicyName":"default"})";
    Credentials creds;
    creds.accessKeyId = QStringLiteral("AKIDEXAMPLE");
    creds.secretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    creds.sessionToken = "TOKEN";
    SigV4Options options;
    options.region = QStringLiteral("eu-west-1");
    options.service = QStringLiteral("kms");
    options.time = QDateTime(QDate(2026, 11, 29), QTime(2, 9, 51), Qt::UTC);
    const SigV4Result r = signV4(request, creds, options);
    QVERIFY(r.canonicalRequest.contains("\nhost:127.0.0.1:4567\n"));
    QVERIFY(r.authorization.startsWith(
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261129/eu-west-1/kms/aws4_request, "
        "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature="));
    QCOMPARE(r.addedHeaders.size(), 3);
    QCOMPARE(r.addedHeaders[0].first, QByteArray("X-Amz-Security-Token"));
    QCOMPARE(r.addedHeaders[1].second, QByteArray("20261129T020951Z"));
    // A different time gives a different signature: every retry is signed again.
    options.time = options.time.addSecs(1);
    QVERIFY(signV4(request, creds, options).signature != r.signature);
}

void TestSigV4::helpers()
{
    QCOMPARE(uriEncode("a b/c~", true), QByteArray("a%20b/c~"));
    QCOMPARE(uriEncode("a b/c~", false), QByteArray("a%20b%2Fc~"));
    QCOMPARE(canonicalUri("/a/./b/../c//", true), QByteArray("/a/c/"));
    QCOMPARE(canonicalUri("/a/./b/../c//", false), QByteArray("/a/./b/../c//"));
    QCOMPARE(canonicalUri("", true), QByteArray("/"));
    QCOMPARE(canonicalQuery("b=2&a=1&a=0&c"), QByteArray("a=0&a=1&b=2&c="));
    QCOMPARE(canonicalHeaderValue("  x \t y\n   z  "), QByteArray("x y z"));
    QCOMPARE(amzDate(QDateTime(QDate(2015, 8, 30), QTime(12, 36), Qt::UTC)), QByteArray("20150830T123600Z"));
}

void TestSigV4::debugOutputHidesSecrets()
{
    Credentials creds;
    creds.accessKeyId = QStringLiteral("AKIDEXAMPLE");
    creds.secretAccessKey = "SECRET-must-not-appear";
    creds.sessionToken = "TOKEN-must-not-appear";
    creds.source = QStringLiteral("environment");
    QString text;
    QDebug(&text) << creds;
    QVERIFY(text.contains(QStringLiteral("AKIDEXAMPLE")));
    QVERIFY(!text.contains(QStringLiteral("SECRET")));
    QVERIFY(!text.contains(QStringLiteral("TOKEN-must")));
}

QTEST_GUILESS_MAIN(TestSigV4)
#include "tst_sigv4.moc"
