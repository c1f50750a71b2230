// SPDX-License-Identifier: GPL-3.0-or-later
// The MWAA profile: its fixtures (tests/data/policies/MWAA_*, with per-fixture contexts), context inference,
// AWS's own example, fixes, and the cost of the evaluation on a policy at the 32 KB quota.
#include "core/checker/Checker.h"
#include "core/checker/Context.h"
#include "core/checker/Rules.h"
#include "core/json/Format.h"
#include "core/mwaa/Grants.h"
#include "core/mwaa/MwaaFacts.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

#include <algorithm>
#include <regex>
#include <set>

using namespace kps;

namespace {

QString policiesDir()
{
    return QStringLiteral(KPS_TEST_DATA_DIR "/policies");
}

std::string readText(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    const QByteArray bytes = file.readAll();
    return std::string(bytes.constData(), static_cast<std::size_t>(bytes.size()));
}

/** context.<fixture>.json next to the fixture, else the folder's context.json (the shared fixture layout). */
CheckOptions optionsFor(const QString& fixturePath)
{
    const QFileInfo info(fixturePath);
    QString path = info.absolutePath() + QStringLiteral("/context.") + info.fileName();
    if (!QFileInfo::exists(path)) {
        path = info.absolutePath() + QStringLiteral("/context.json");
    }
    CheckOptions options;
    const auto ctx = nlohmann::json::parse(readText(path), nullptr, false);
    if (!ctx.is_object()) {
        return options;
    }
    auto text = [&ctx](const char* name) {
        return ctx.contains(name) ? ctx[name].get<std::string>() : std::string();
    };
    options.mwaa = ctx.value("mwaa", false);
    options.context.region = text("region");
    options.context.account = text("account");
    options.context.environment = text("env");
    options.context.key = text("key");
    options.roleArn = text("roleArn");
    const QString dir = info.absolutePath() + QLatin1Char('/');
    if (const std::string grants = text("grants"); !grants.empty()) {
        if (auto listing = mwaa::readGrantsDocument(readText(dir + QString::fromStdString(grants)), grants)) {
            options.grants = std::move(*listing);
        }
    }
    if (const std::string role = text("rolePolicy"); !role.empty()) {
        options.rolePolicy = readText(dir + QString::fromStdString(role));
    }
    return options;
}

QString describe(const std::vector<Finding>& findings)
{
    QString out;
    for (const auto& f : findings) {
        out += QStringLiteral("\n  %1 %2 @%3:%4 %5")
                   .arg(QString::fromStdString(f.code), QString::fromStdString(f.location.pointer))
                   .arg(f.location.span.line)
                   .arg(f.location.span.column)
                   .arg(QString::fromStdString(f.message));
    }
    return out;
}

const char* kRoot = R"({"Sid":"Enable IAM User Permissions","Effect":"Allow",
    "Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"})";

std::string withStatements(const std::string& statements)
{
    return R"({"Version":"2012-10-17","Statement":[)" + std::string(kRoot) + "," + statements + "]}";
}

std::vector<std::string> codes(const CheckResult& r)
{
    std::vector<std::string> out;
    for (const auto& f : r.findings) {
        out.push_back(f.code);
    }
    return out;
}

bool has(const CheckResult& r, const std::string& code)
{
    const auto c = codes(r);
    return std::find(c.begin(), c.end(), code) != c.end();
}

} // namespace

class TestMwaaProfile : public QObject
{
    Q_OBJECT

private slots:
    void fixture_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("shouldFail");
        const QDir root(policiesDir());
        int count = 0;
        for (const QString& code : root.entryList({QStringLiteral("MWAA_*")}, QDir::Dirs, QDir::Name)) {
            const QDir dir(root.filePath(code));
            for (const QString& file : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
                const bool fail = file.startsWith(QStringLiteral("fail-"));
                if ((!fail && !file.startsWith(QStringLiteral("pass-")))
                    || file.endsWith(QStringLiteral(".expect.json"))) {
                    continue;
                }
                QTest::newRow(qPrintable(code + QLatin1Char('/') + file)) << code << dir.filePath(file) << fail;
                ++count;
            }
        }
        QVERIFY(count > 40);
    }

    void fixture()
    {
        QFETCH(QString, code);
        QFETCH(QString, path);
        QFETCH(bool, shouldFail);
        const CheckOptions options = optionsFor(path);
        QVERIFY(options.mwaa);
        const SourceDocument document = SourceDocument::parse(readText(path));
        QVERIFY(document.isValid());
        const CheckResult result = check(document, options);
        std::vector<Finding> matching;
        std::copy_if(result.findings.begin(),
                     result.findings.end(),
                     std::back_inserter(matching),
                     [&code](const Finding& f) { return QString::fromStdString(f.code) == code; });
        if (!shouldFail) {
            QVERIFY2(matching.empty(), qPrintable(QStringLiteral("unexpected:") + describe(matching)));
            return;
        }
        QVERIFY2(!matching.empty(), qPrintable(QStringLiteral("no %1; got:%2").arg(code, describe(result.findings))));
        QString expectPath = path;
        expectPath.replace(QStringLiteral(".json"), QStringLiteral(".expect.json"));
        const auto expected = nlohmann::json::parse(readText(expectPath), nullptr, false);
        QVERIFY2(expected.is_array() && !expected.empty(), qPrintable(expectPath));
        QCOMPARE(matching.size(), expected.size());
        for (const auto& e : expected) {
            const bool found = std::any_of(matching.begin(), matching.end(), [&e](const Finding& f) {
                return f.location.pointer == e.at("path").get<std::string>()
                    && f.location.span.line == e.at("line").get<int>()
                    && f.location.span.column == e.at("column").get<int>();
            });
            QVERIFY2(found, qPrintable(QString::fromStdString(e.dump()) + describe(matching)));
        }
        // Each fix applies and makes its finding go away.
        for (const auto& f : matching) {
            if (!f.hasFix()) {
                continue;
            }
            const auto patched = applyPatch(document.json(), f.fix);
            QVERIFY2(patched, patched ? "" : patched.error().message.c_str());
            const CheckResult after = check(formatPolicy(*patched), options);
            for (const auto& g : after.findings) {
                QVERIFY2(!(g.code == f.code && g.location.pointer == f.location.pointer),
                         qPrintable(QStringLiteral("still there after the fix:") + describe({g})));
            }
        }
    }

    /// AWS's MWAA page example (logs statement for us-west-2) behind the default root delegation: no error.
    void awsExampleIsMwaaReady()
    {
        const std::string text = readText(policiesDir() + QStringLiteral("/_realworld/mwaa-docs-us-west-2.json"));
        QVERIFY(!text.empty());
        CheckOptions options;
        const CheckResult inferred = check(text, options);
        // Without --region the region is the policy's claim: ready if the environment is in us-west-2.
        QCOMPARE(inferred.mwaaVerdict(), MwaaVerdict::Depends);
        QCOMPARE(inferred.assumptions.size(), std::size_t(1));
        QCOMPARE(inferred.assumptions.front().needed, std::string("--region"));
        QVERIFY(inferred.assumptions.front().fact.find("region us-west-2") != std::string::npos);
        QCOMPARE(inferred.context.region, std::string("us-west-2"));
        QVERIFY(inferred.context.regionSource == ContextSource::Inferred);
        QVERIFY(has(inferred, "MWAA_LOGS_CONDITION_BROAD")); // any account: tighter with the account id
        options.context.region = "us-west-2";
        options.context.account = "111122223333";
        options.context.environment = "MyAirflowEnvironment";
        const CheckResult given = check(text, options);
        QVERIFY2(given.mwaaReady(), qPrintable(describe(given.findings)));
        QVERIFY(given.context.regionSource == ContextSource::Given);
    }

    void executionRoleIsCheckedInEveryRegion()
    {
        // Without a decided region the execution role's policy was not checked at all: a key policy whose CloudWatch
        // Logs statement serves two regions read "MWAA ready if the environment is in one of the regions
        // eu-central-1 or eu-west-1" for a role that may use no KMS key. It is checked for each region now, and the
        // regions where it passes narrow the verdict's region.
        const QString dir = policiesDir() + QStringLiteral("/MWAA_ROLE_KMS_MISSING/");
        const std::string text = readText(dir + QStringLiteral("fail-regions-not-given.json"));
        QVERIFY(!text.empty());
        CheckOptions options;
        options.context.account = "111122223333";
        options.context.environment = "analytics";
        const CheckResult logsOnly = check(text, options);
        QCOMPARE(logsOnly.mwaaVerdict(), MwaaVerdict::Depends);
        QCOMPARE(logsOnly.assumptions.size(), std::size_t(1));
        QCOMPARE(logsOnly.assumptions.front().fact,
                 std::string("the environment is in one of the regions eu-central-1 or eu-west-1"));

        options.rolePolicy = readText(dir + QStringLiteral("role-policy-no-kms.json"));
        const CheckResult noKms = check(text, options);
        QCOMPARE(noKms.mwaaVerdict(), MwaaVerdict::NotReady);
        QVERIFY2(has(noKms, "MWAA_ROLE_KMS_MISSING"), qPrintable(describe(noKms.findings)));

        // A role policy for the key in eu-west-1 only: ready if the environment is there (one assumption, narrowed).
        options.rolePolicy = readText(dir + QStringLiteral("role-policy-cmk.json"));
        options.context.key = "1234abcd-12ab-34cd-56ef-1234567890ab";
        const CheckResult westOnly = check(text, options);
        QCOMPARE(westOnly.mwaaVerdict(), MwaaVerdict::Depends);
        QVERIFY2(!has(westOnly, "MWAA_ROLE_KMS_MISSING"), qPrintable(describe(westOnly.findings)));
        QCOMPARE(westOnly.assumptions.size(), std::size_t(1));
        QCOMPARE(westOnly.assumptions.front().fact, std::string("the environment is in region eu-west-1"));
        QCOMPARE(westOnly.assumptions.front().needed, std::string("--region"));
        // Given, the region decides it either way.
        options.context.region = "eu-west-1";
        options.context.regionSource = ContextSource::Given;
        QVERIFY2(check(text, options).mwaaReady(), qPrintable(describe(check(text, options).findings)));
        options.context.region = "eu-central-1";
        QCOMPARE(check(text, options).mwaaVerdict(), MwaaVerdict::NotReady);

        // A Logs statement that serves every region (any principal, for the account's log groups anywhere): the
        // role's policy alone decides, and its regions alone make the verdict depend.
        const std::string anyRegion = withStatements(R"({"Effect":"Allow","Principal":"*","Action":["kms:Encrypt*",
            "kms:Decrypt*","kms:ReEncrypt*","kms:GenerateDataKey*","kms:Describe*"],"Resource":"*","Condition":
            {"ArnLike":{"kms:EncryptionContext:aws:logs:arn":"arn:aws:logs:*:111122223333:*"}}})");
        options.context.region.clear();
        options.context.regionSource = ContextSource::Unknown;
        options.rolePolicy.reset();
        QVERIFY2(check(anyRegion, options).mwaaReady(), qPrintable(describe(check(anyRegion, options).findings)));
        options.rolePolicy = readText(dir + QStringLiteral("role-policy-cmk.json"));
        const CheckResult anyWest = check(anyRegion, options);
        QCOMPARE(anyWest.mwaaVerdict(), MwaaVerdict::Depends);
        QCOMPARE(anyWest.assumptions.size(), std::size_t(1));
        QCOMPARE(anyWest.assumptions.front().fact, std::string("the environment is in region eu-west-1"));
        options.rolePolicy = readText(dir + QStringLiteral("role-policy-no-kms.json"));
        const CheckResult anyNoKms = check(anyRegion, options);
        QCOMPARE(anyNoKms.mwaaVerdict(), MwaaVerdict::NotReady);

        // The key policy's side is asked per region too, with kms:ViaService = sqs.REGION. Asked without it, a Deny
        // of the role unless it comes through SQS of eu-west-1 read as applying (StringNotEquals over an absent key:
        // not ready) or as not applying (ForAnyValue:StringNotEquals: ready in either region), where the verdict
        // depends on the region being eu-west-1.
        options.rolePolicy.reset();
        options.roleArn = "arn:aws:iam::111122223333:role/service-role/AmazonMWAA-analytics-exec";
        for (const char* op : {"StringNotEquals", "ForAnyValue:StringNotEquals"}) {
            const nlohmann::json deny = {
                {"Effect", "Deny"},
                {"Principal", {{"AWS", options.roleArn}}},
                {"Action", "kms:*"},
                {"Resource", "*"},
                {"Condition", {{op, {{"kms:ViaService", "sqs.eu-west-1.amazonaws.com"}}}}},
            };
            std::string guarded = text;
            guarded.insert(guarded.find('[', guarded.find("Statement")) + 1, deny.dump() + ",");
            const CheckResult r = check(guarded, options);
            QCOMPARE(r.mwaaVerdict(), MwaaVerdict::Depends);
            QCOMPARE(r.assumptions.size(), std::size_t(1));
            QCOMPARE(r.assumptions.front().fact, std::string("the environment is in region eu-west-1"));
        }
    }

    void contextInference()
    {
        const std::string logs = R"({"Effect":"Allow","Principal":{"Service":"logs.eu-west-1.amazonaws.com"},
            "Action":"kms:*","Resource":"*","Condition":{"ArnLike":{"kms:EncryptionContext:aws:logs:arn":
            "arn:aws:logs:eu-west-1:111122223333:log-group:airflow-reporting-*"}}})";
        CheckOptions options;
        CheckResult r = check(withStatements(logs), options);
        QCOMPARE(r.context.region, std::string("eu-west-1"));
        QCOMPARE(r.context.partition, std::string("aws"));
        QCOMPARE(r.context.account, std::string("111122223333"));
        QCOMPARE(r.context.environment, std::string("reporting"));
        QVERIFY(r.context.environmentSource == ContextSource::Inferred);
        QVERIFY(r.context.accountSource == ContextSource::Inferred);
        // The key ARN wins over the policy for region, partition and account.
        options.context.key = "arn:aws-cn:kms:cn-north-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        r = check(withStatements(logs), options);
        QCOMPARE(r.context.region, std::string("cn-north-1"));
        QCOMPARE(r.context.partition, std::string("aws-cn"));
        QCOMPARE(r.context.account, std::string("444455556666"));
        QVERIFY(r.context.keySource == ContextSource::Given);
        QVERIFY(has(r, "MWAA_LOGS_REGION_MISMATCH"));
        // Given values are kept and marked given.
        options.context = {};
        options.context.region = "eu-west-1";
        options.context.environment = "analytics";
        r = check(withStatements(logs), options);
        QCOMPARE(r.context.environment, std::string("analytics"));
        QVERIFY(r.context.environmentSource == ContextSource::Given);
        QVERIFY(r.context.partitionSource == ContextSource::Inferred);
        QVERIFY(has(r, "MWAA_LOGS_CONDITION")); // airflow-reporting-* cannot match airflow-analytics-*
    }

    /// Without an environment name the logs groups are checked for a wildcard name, and the message says so.
    void unknownEnvironmentUsesWildcard()
    {
        const std::string logs = R"({"Effect":"Allow","Principal":{"Service":"logs.eu-west-1.amazonaws.com"},
            "Action":"kms:Encrypt*","Resource":"*","Condition":{"StringEquals":{"kms:EncryptionContext:aws:logs:arn":
            "arn:aws:logs:eu-west-1:111122223333:*"}}})";
        const CheckResult r = check(withStatements(logs), CheckOptions{});
        QVERIFY(r.context.environment.empty());
        const auto it = std::find_if(
            r.findings.begin(), r.findings.end(), [](const Finding& f) { return f.code == "MWAA_LOGS_CONDITION"; });
        QVERIFY2(it != r.findings.end(), qPrintable(describe(r.findings)));
        QVERIFY(it->message.find("environment unknown") != std::string::npos);
        QVERIFY(has(r, "MWAA_LOGS_ACTIONS_INCOMPLETE"));
    }

    /// Equivalent ways of writing the logs permission are all accepted.
    void equivalentFormsPass_data()
    {
        QTest::addColumn<QString>("statements");
        const char* cond
            = R"("Condition":{"ArnLike":{"kms:EncryptionContext:aws:logs:arn":"arn:aws:logs:eu-west-1:111122223333:*"}})";
        const QString principal = QStringLiteral(R"("Principal":{"Service":"logs.eu-west-1.amazonaws.com"})");
        QTest::newRow("documented wildcards")
            << QStringLiteral(R"({"Effect":"Allow",%1,"Action":["kms:Encrypt*","kms:Decrypt*","kms:ReEncrypt*",
                   "kms:GenerateDataKey*","kms:Describe*"],"Resource":"*",%2})")
                   .arg(principal, QLatin1String(cond));
        QTest::newRow("kms star") << QStringLiteral(R"({"Effect":"Allow",%1,"Action":"kms:*","Resource":"*",%2})")
                                         .arg(principal, QLatin1String(cond));
        QTest::newRow("case-insensitive actions")
            << QStringLiteral(R"({"Effect":"Allow",%1,"Action":["KMS:encrypt","kms:DECRYPT","kms:reencrypt*",
                   "kms:generatedatakey*","kms:describekey"],"Resource":"*",%2})")
                   .arg(principal, QLatin1String(cond));
        QTest::newRow("one statement per action")
            << QStringLiteral(R"({"Effect":"Allow",%1,"Action":"kms:Encrypt","Resource":"*",%2},
                {"Effect":"Allow",%1,"Action":"kms:Decrypt","Resource":"*",%2},
                {"Effect":"Allow",%1,"Action":["kms:ReEncryptFrom","kms:ReEncryptTo"],"Resource":"*",%2},
                {"Effect":"Allow",%1,"Action":"kms:GenerateDataKey*","Resource":"*",%2},
                {"Effect":"Allow",%1,"Action":"kms:DescribeKey","Resource":"*",%2})")
                   .arg(principal, QLatin1String(cond));
        QTest::newRow("not action")
            << QStringLiteral(
                   R"({"Effect":"Allow",%1,"NotAction":["kms:Put*","kms:ScheduleKeyDeletion"],"Resource":"*",%2})")
                   .arg(principal, QLatin1String(cond));
        QTest::newRow("log group prefix and for-any-value keys")
            << QStringLiteral(R"({"Effect":"Allow",%1,"Action":"kms:*","Resource":"*","Condition":{
                   "ArnLike":{"kms:EncryptionContext:aws:logs:arn":"arn:aws:logs:eu-west-1:111122223333:log-group:airflow-analytics-*"},
                   "ForAnyValue:StringEquals":{"kms:EncryptionContextKeys":"aws:logs:arn"}}})")
                   .arg(principal);
    }
    void equivalentFormsPass()
    {
        QFETCH(QString, statements);
        CheckOptions options;
        options.context.region = "eu-west-1";
        options.context.account = "111122223333";
        options.context.environment = "analytics";
        const CheckResult r = check(withStatements(statements.toStdString()), options);
        for (const auto& f : r.findings) {
            QVERIFY2(f.code.rfind("MWAA_", 0) != 0, qPrintable(describe(r.findings)));
        }
    }

    void disabledProfileReportsNothingMwaa()
    {
        CheckOptions options;
        options.mwaa = false;
        const CheckResult r = check(std::string(R"({"Version":"2012-10-17","Statement":[)") + kRoot + "]}", options);
        QVERIFY(!r.mwaaChecked);
        QVERIFY(!r.mwaaReady());
        for (const auto& f : r.findings) {
            QVERIFY(f.code.rfind("MWAA_", 0) != 0);
        }
    }

    void facts()
    {
        QCOMPARE(mwaa::logsServicePrincipal("cn-north-1"), std::string("logs.cn-north-1.amazonaws.com.cn"));
        QCOMPARE(mwaa::logsServicePrincipal("us-gov-west-1"), std::string("logs.us-gov-west-1.amazonaws.com"));
        QCOMPARE(mwaa::airflowServicePrincipal("eu-west-1"), std::string("airflow.eu-west-1.amazonaws.com"));
        QCOMPARE(mwaa::environmentOfLogsArn("arn:aws:logs:r:1:log-group:airflow-my-env-Task:*"),
                 std::optional<std::string>("my-env"));
        QCOMPARE(mwaa::environmentOfLogsArn("arn:aws:logs:r:1:log-group:airflow-*"), std::optional<std::string>());
        using Form = mwaa::KeyIdentifier::Form;
        QVERIFY(mwaa::parseKeyIdentifier("alias/x").form == Form::AliasName);
        QVERIFY(mwaa::parseKeyIdentifier("arn:aws:kms:eu-west-1:111122223333:alias/x").form == Form::AliasArn);
        QVERIFY(mwaa::parseKeyIdentifier("key/1234abcd-12ab-34cd-56ef-1234567890ab").form == Form::KeyId);
        QVERIFY(mwaa::parseKeyIdentifier("mrk-1234abcd12ab34cd56ef1234567890ab").multiRegion);
        QVERIFY(mwaa::isEnvironmentName("My_Env-1"));
        QVERIFY(!mwaa::isEnvironmentName("1env"));
        QVERIFY(!mwaa::isEnvironmentName("my env"));
    }

    /// A policy at the 32 KB quota, MWAA profile on: reported with QBENCHMARK, never asserted on time.
    void largePolicyWithProfile()
    {
        // (plain string literals: moc mis-reads some raw strings)
        std::string statements;
        int i = 0;
        const std::string middle = "\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:role/r";
        const std::string tail = "\"},\"Action\":[\"kms:Decrypt\",\"kms:Encrypt*\"],\"Resource\":\"*\",\"Condition\":"
                                 "{\"StringEquals\":{\"kms:ViaService\":\"s3.eu-west-1.amazonaws.com\"},"
                                 "\"Bool\":{\"kms:GrantIsForAWSResource\":\"true\"}}},";
        while (statements.size() < 31000) {
            ++i;
            statements += "{\"Sid\":\"s" + std::to_string(i) + middle + std::to_string(i % 13) + tail;
        }
        statements += "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"logs.eu-west-1.amazonaws.com\"},"
                      "\"Action\":\"kms:*\",\"Resource\":\"*\",\"Condition\":{\"ArnLike\":"
                      "{\"kms:EncryptionContext:aws:logs:arn\":\"arn:aws:logs:eu-west-1:111122223333:*\"}}}";
        const SourceDocument document = SourceDocument::parse(withStatements(statements));
        QVERIFY(document.isValid());
        QVERIFY(document.text().size() <= SourceDocument::MaxPolicyBytes);
        CheckOptions options;
        options.context.environment = "analytics";
        CheckResult r;
        QBENCHMARK
        {
            r = check(document, options);
        }
        QCOMPARE(r.context.region, std::string("eu-west-1"));
        for (const auto& f : r.findings) {
            QVERIFY2(f.code.rfind("MWAA_", 0) != 0, qPrintable(describe({f})));
        }
    }

    /// partitionOfRegion() matches by hand what the endpoint rule set writes as regular expressions: it must agree
    /// with them (std::regex here) on real regions and on near misses.
    void partitionOfRegionFollowsEndpointPatterns()
    {
        const std::vector<std::pair<std::string, std::string>> patterns = {
            {"aws-us-gov", R"(^us-gov-\w+-\d+$)"},
            {"aws-cn", R"(^cn-\w+-\d+$)"},
            {"aws-iso", R"(^us-iso-\w+-\d+$)"},
            {"aws-iso-b", R"(^us-isob-\w+-\d+$)"},
            {"aws-iso-e", R"(^eu-isoe-\w+-\d+$)"},
            {"aws-iso-f", R"(^us-isof-\w+-\d+$)"},
            {"aws-eusc", R"(^eusc-(de)-\w+-\d+$)"},
            {"aws", R"(^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$)"},
        };
        auto expected = [&patterns](const std::string& region) {
            for (const auto& [partition, pattern] : patterns) {
                if (std::regex_match(region, std::regex(pattern))) {
                    return partition;
                }
            }
            return std::string();
        };
        std::vector<std::string> regions = {"us-east-1",
                                            "eu-west-3",
                                            "ap-southeast-5",
                                            "il-central-1",
                                            "mx-central-1",
                                            "us-gov-west-1",
                                            "us-gov-east-1",
                                            "cn-north-1",
                                            "cn-northwest-1",
                                            "us-iso-east-1",
                                            "us-isob-east-1",
                                            "eu-isoe-west-1",
                                            "us-isof-south-1",
                                            "eusc-de-east-1",
                                            "",
                                            "us",
                                            "us-",
                                            "us-east",
                                            "us-east-",
                                            "us--1",
                                            "us-east-1a",
                                            "us-east-1-",
                                            "US-EAST-1",
                                            "xx-east-1",
                                            "us-gov-1",
                                            "us-gov-west",
                                            "us-iso-1",
                                            "eusc-fr-east-1",
                                            "eusc-de--1",
                                            "cn-north_1-2",
                                            "us-east_2-10",
                                            "us-ea st-1",
                                            "us-east-1\n",
                                            "aus-east-1",
                                            "us-east-01",
                                            "ap-northeast-1x",
                                            "me-central-12",
                                            "af-south-1 "};
        for (const std::string& region : regions) {
            QCOMPARE(partitionOfRegion(region), expected(region));
            QCOMPARE(isRegionCode(region), !expected(region).empty());
        }
    }

    /// The one region table: every row's partition is the rules' partition, no code twice, and the MWAA rows are
    /// those of AWS's MWAA endpoints page (31 aws regions, 2 aws-cn, none in GovCloud).
    void regionTableAgreesWithThePartitionRules()
    {
        std::set<std::string_view> codes;
        for (const KnownRegion& region : knownRegions()) {
            QVERIFY2(codes.insert(region.code).second, region.code.data());
            QCOMPARE(std::string(region.partition), partitionOfRegion(region.code));
        }
        const std::vector<std::string_view> mwaa = mwaaRegions();
        QCOMPARE(mwaa.size(), std::size_t{33});
        QCOMPARE(std::count_if(
                     mwaa.begin(), mwaa.end(), [](std::string_view c) { return partitionOfRegion(c) == "aws-cn"; }),
                 std::ptrdiff_t{2});
        QVERIFY(std::find(mwaa.begin(), mwaa.end(), std::string_view("eu-west-1")) != mwaa.end());
        QVERIFY(std::find(mwaa.begin(), mwaa.end(), std::string_view("us-gov-west-1")) == mwaa.end());
        QVERIFY(codes.count("us-gov-west-1") == 1);
    }
};

QTEST_GUILESS_MAIN(TestMwaaProfile)
#include "tst_mwaaprofile.moc"
