// SPDX-License-Identifier: GPL-3.0-or-later
// `keypolicy grants` and `keypolicy template`, in-process.
#include "CliTestSupport.h"

#include "core/checker/Checker.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QTest>

using namespace kps;
using namespace kps::test;

namespace {

std::string grantsFile(const std::string& name)
{
    return std::string(KPS_TEST_DATA_DIR) + "/grants/" + name;
}

} // namespace

class TestMwaaCommands : public QObject
{
    Q_OBJECT

private slots:
    void grantsWithoutListShowsWhatIsRequired()
    {
        const auto run = runKeypolicy({"grants", "--env", "MyEnv", "--region", "cn-north-1"});
        QCOMPARE(run.status, 0);
        QVERIFY(contains(run.out, "mwaa-grant-for-cfn-mgmt-MyEnv"));
        QVERIFY(contains(run.out, "airflow.cn-north-1.amazonaws.com.cn"));
        QVERIFY(contains(run.out, "required"));
        QVERIFY(!contains(run.out, "missing"));
    }
    void grantsAgainstCompleteList()
    {
        const auto run = runKeypolicy(
            {"grants", "--env", "analytics", "--region", "eu-west-1", "--grants", grantsFile("complete.json")});
        QCOMPARE(run.status, 0);
        QVERIFY(contains(run.out, "present"));
        QVERIFY(contains(run.out, "No grant findings."));
    }
    void grantsReportsFindingsAndExitsOne()
    {
        const auto run = runKeypolicy(
            {"grants", "--env", "analytics", "--region", "eu-west-1", "--grants", grantsFile("missing-one.json")});
        QCOMPARE(run.status, 1);
        QVERIFY(contains(run.out, "error MWAA_GRANT_MISSING"));
        // Only warnings (extra operations) stay below the default --fail-on error.
        const auto extra = runKeypolicy(
            {"grants", "--env", "analytics", "--region", "eu-west-1", "--grants", grantsFile("extra-operations.json")});
        QCOMPARE(extra.status, 0);
        QVERIFY(contains(extra.out, "MWAA_GRANT_EXTRA_OPERATIONS"));
        const auto strict = runKeypolicy({"grants",
                                          "--env",
                                          "analytics",
                                          "--region",
                                          "eu-west-1",
                                          "--grants",
                                          grantsFile("extra-operations.json"),
                                          "--fail-on",
                                          "warning"});
        QCOMPARE(strict.status, 1);
    }
    void grantsJsonAndMarkdown()
    {
        const auto run = runKeypolicy({"grants",
                                       "--env",
                                       "analytics",
                                       "--region",
                                       "eu-west-1",
                                       "--grants",
                                       grantsFile("missing-operation.json"),
                                       "--format",
                                       "json"});
        QCOMPARE(run.status, 1);
        const auto j = nlohmann::json::parse(run.out);
        QCOMPARE(j["matrix"]["rows"].size(), std::size_t(4));
        QCOMPARE(j["matrix"]["rows"][0]["cells"]["ReEncrypt*"].get<std::string>(), std::string("missing"));
        QCOMPARE(j["findings"][0]["code"].get<std::string>(), std::string("MWAA_GRANT_OPERATIONS"));
        const auto md = runKeypolicy({"grants", "--env", "analytics", "--region", "eu-west-1", "--format", "markdown"});
        QCOMPARE(md.status, 0);
        QVERIFY(contains(md.out, "| `mwaa-grant-for-env-mgmt-role-analytics` |"));
    }
    void grantsFromStandardInput()
    {
        const auto run = runKeypolicy({"grants", "--env", "analytics", "--region", "eu-west-1", "--grants", "-"},
                                      readText(grantsFile("service-principal-variant.json")));
        QCOMPARE(run.status, 0);
        QVERIFY(contains(run.out, "GranteeServicePrincipal"));
    }
    void grantsUsageAndInputErrors()
    {
        QCOMPARE(runKeypolicy({"grants", "--region", "eu-west-1"}).status, 2);
        QCOMPARE(runKeypolicy({"grants", "--env", "MyEnv"}).status, 2);
        QCOMPARE(runKeypolicy({"grants", "--env", "1bad", "--region", "eu-west-1"}).status, 2);
        QCOMPARE(runKeypolicy({"grants", "--env", "MyEnv", "--region", "mars-1"}).status, 2);
        QCOMPARE(runKeypolicy({"grants", "--env", "MyEnv", "--region", "eu-west-1", "--format", "sarif"}).status, 2);
        const auto missing = runKeypolicy(
            {"grants", "--env", "MyEnv", "--region", "eu-west-1", "--grants", "/nonexistent/grants.json"});
        QCOMPARE(missing.status, 2);
        QVERIFY(contains(missing.err, "/nonexistent/grants.json"));
        const auto bad
            = runKeypolicy({"grants", "--env", "MyEnv", "--region", "eu-west-1", "--grants", "-"}, "{\"Grants\": [");
        QCOMPARE(bad.status, 2);
        QVERIFY(contains(bad.err, "list-grants"));
        QVERIFY(contains(runKeypolicy({"grants", "--help"}).out, "mwaa-fargate-access-for-ENV"));
    }
    void templateChecksClean()
    {
        const auto run = runKeypolicy({"template",
                                       "--region",
                                       "us-gov-west-1",
                                       "--account",
                                       "111122223333",
                                       "--env",
                                       "MyEnv",
                                       "--admin",
                                       "arn:aws-us-gov:iam::111122223333:role/KeyAdmin",
                                       "--admin",
                                       "arn:aws-us-gov:iam::111122223333:user/alice"});
        QCOMPARE(run.status, 0);
        const auto policy = nlohmann::json::parse(run.out);
        QCOMPARE(policy["Statement"][1]["Principal"]["AWS"].size(), std::size_t(2));
        CheckOptions options;
        options.context.region = "us-gov-west-1";
        options.context.account = "111122223333";
        options.context.environment = "MyEnv";
        const CheckResult r = check(run.out, options);
        QVERIFY(r.mwaaReady());
        for (const auto& f : r.findings) {
            QVERIFY2(f.severity == Severity::Suggestion, f.code.c_str());
        }
        // The same policy passes `keypolicy check` with the default --fail-on.
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("policy.json")).toStdString();
        writeText(path, run.out);
        QCOMPARE(
            runKeypolicy({"check", "--region", "us-gov-west-1", "--account", "111122223333", "--env", "MyEnv", path})
                .status,
            0);
    }
    void templateWritesOutputFile()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("t.json")).toStdString();
        const auto run = runKeypolicy({"template", "--region", "eu-west-1", "--account", "111122223333", "-o", path});
        QCOMPARE(run.status, 0);
        QVERIFY(run.out.empty());
        QVERIFY(contains(readText(path), "\"logs.eu-west-1.amazonaws.com\""));
    }
    void templateUsageErrors()
    {
        QCOMPARE(runKeypolicy({"template", "--account", "111122223333"}).status, 2);
        QCOMPARE(runKeypolicy({"template", "--region", "eu-west-1"}).status, 2);
        const auto bad = runKeypolicy({"template",
                                       "--region",
                                       "eu-west-1",
                                       "--account",
                                       "111122223333",
                                       "--admin",
                                       "arn:aws:iam::111122223333:group/g"});
        QCOMPARE(bad.status, 2);
        QVERIFY(contains(bad.err, "group/g"));
        QVERIFY(contains(runKeypolicy({"--help"}).out, "template"));
    }
};

QTEST_GUILESS_MAIN(TestMwaaCommands)
#include "tst_mwaacommands.moc"
