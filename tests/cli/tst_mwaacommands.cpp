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
    /// Every grant reviewed: without --env and --region, the environments come from the grant names and the region
    /// from the listing's key ARN; each environment has its own matrix.
    void grantsAuditsEveryEnvironment()
    {
        const auto run = runKeypolicy({"grants", "--grants", grantsFile("two-environments.json")});
        QCOMPARE(run.status, 0);
        QVERIFY(contains(run.out, "region eu-west-1 (of the listing's key ARN)"));
        QVERIFY(contains(run.out, "MWAA grants for environment analytics (named by the grant names)"));
        QVERIFY(contains(run.out, "MWAA grants for environment reporting (named by the grant names)"));
        QVERIFY(contains(run.out, "Other grants (0):"));
        QVERIFY(contains(run.out, "environment reporting: every MWAA grant is on the key as MWAA needs it"));
        const auto json = runKeypolicy({"grants", "--grants", grantsFile("two-environments.json"), "--format", "json"});
        const auto j = nlohmann::json::parse(json.out);
        QCOMPARE(j["environments"].size(), std::size_t(2));
        QCOMPARE(j["environments"][1]["environment"].get<std::string>(), std::string("reporting"));
        QCOMPARE(j["environments"][1]["status"].get<std::string>(), std::string("ok"));
        QVERIFY(j["matrix"] == j["environments"][0]);
        QCOMPARE(j["grants"].size(), std::size_t(8));
        QCOMPARE(j["key"]["account"].get<std::string>(), std::string("111122223333"));
        QVERIFY(j["findings"].empty());
        // --env is repeatable: a given environment without grants is missing all four.
        const auto three = runKeypolicy(
            {"grants", "--grants", grantsFile("two-environments.json"), "--env", "analytics", "--env", "etl"});
        QCOMPARE(three.status, 1);
        QVERIFY(contains(three.out, "MWAA grants for environment etl, region eu-west-1"));
        QVERIFY(
            contains(three.out, "error MWAA_GRANT_MISSING The grant mwaa-grant-for-cfn-mgmt-etl is not on the key."));
        QVERIFY(contains(three.out, "MWAA grants for environment analytics, region"));
    }
    void grantsTableOfOtherGrantsAndLocations()
    {
        const std::string file = grantsFile("cross-account.json");
        const auto run = runKeypolicy({"grants", "--grants", file});
        QCOMPARE(run.status, 0); // security findings only: below the default --fail-on error
        QVERIFY(contains(run.out, "Other grants (1):\nname         grantee"));
        QVERIFY(contains(run.out, "retiring principal"));
        QVERIFY(contains(run.out, "operations            constraints  created               class\n"));
        QVERIFY(contains(run.out, "partner-etl  arn:aws:iam::444455556666:role/partner-etl"));
        QVERIFY(contains(run.out, "2024-06-11T10:00:00Z  other-account: a principal of account 444455556666"));
        // Each finding names the listing, line and column.
        QVERIFY(contains(run.out, file + ":84:33: security GRANT_CROSS_ACCOUNT The grant partner-etl"));
        QVERIFY(contains(run.out, file + ":89:17: security GRANT_CAN_REGRANT"));
        QCOMPARE(runKeypolicy({"grants", "--grants", file, "--fail-on", "security"}).status, 1);
        const auto json = runKeypolicy({"grants", "--grants", file, "--format", "json"});
        const auto j = nlohmann::json::parse(json.out);
        QCOMPARE(j["grants_file"].get<std::string>(), file);
        QCOMPARE(j["grants"][4]["class"].get<std::string>(), std::string("other-account"));
        QVERIFY(j["grants"][4]["operations"] == nlohmann::json::parse(R"(["Decrypt", "CreateGrant"])"));
        QVERIFY(j["grants"][4]["matrix_row"].is_null());
        QCOMPARE(j["grants"][0]["matrix_row"].get<int>(), 0);
        const auto& f = j["findings"][0];
        QCOMPARE(f["file"].get<std::string>(), file);
        QCOMPARE(f["path"].get<std::string>(), std::string("/Grants/4/GranteePrincipal"));
        QCOMPARE(f["line"].get<int>(), 84);
        QCOMPARE(f["column"].get<int>(), 33);
        const auto md = runKeypolicy({"grants", "--grants", file, "--format", "markdown"});
        QVERIFY(contains(md.out,
                         "### Other grants\n\n| name | grantee | retiring principal | operations | constraints | "
                         "created | class |"));
        QVERIFY(contains(md.out, "`GRANT_CROSS_ACCOUNT` at "));
    }
    /// The verdict bugs: a grant for airflow.<other region> is never present; a truncated listing depends.
    void grantsWrongRegionAndTruncation()
    {
        const auto run = runKeypolicy({"grants",
                                       "--env",
                                       "analytics",
                                       "--region",
                                       "eu-west-1",
                                       "--grants",
                                       grantsFile("other-region.json"),
                                       "--format",
                                       "json"});
        QCOMPARE(run.status, 1);
        const auto j = nlohmann::json::parse(run.out);
        for (const auto& row : j["matrix"]["rows"]) {
            for (const auto& [column, cell] : row["cells"].items()) {
                QVERIFY2(cell.get<std::string>() != "present", column.c_str());
            }
        }
        QCOMPARE(j["matrix"]["rows"][0]["cells"]["Encrypt"].get<std::string>(), std::string("wrong-principal"));
        QCOMPARE(j["matrix"]["status"].get<std::string>(), std::string("problems"));

        const auto truncated = runKeypolicy({"grants", "--grants", grantsFile("paginated-truncated.json")});
        QCOMPARE(truncated.status, 0); // a warning: nothing is reported missing
        QVERIFY(!contains(truncated.out, "MWAA_GRANT_MISSING"));
        QVERIFY(contains(truncated.out, "warning GRANTS_INCOMPLETE"));
        QVERIFY(contains(truncated.out, "mwaa-grant-for-cfn-mgmt-analytics: not on the pages read"));
        QVERIFY(
            contains(truncated.out, "assumes the listing's remaining pages hold mwaa-grant-for-cfn-mgmt-analytics"));
        const auto tj = nlohmann::json::parse(
            runKeypolicy({"grants", "--grants", grantsFile("paginated-truncated.json"), "--format", "json"}).out);
        QVERIFY(tj["truncated"].get<bool>());
        QCOMPARE(tj["matrix"]["rows"][2]["cells"]["Encrypt"].get<std::string>(), std::string("depends"));
        QCOMPARE(tj["assumptions"][0]["pointer"].get<std::string>(), std::string("/Truncated"));
    }
    /// Not JSON, or not a listing: the file, line and column, exit status 2.
    void grantsBadInputIsLocated()
    {
        const auto notJson = runKeypolicy({"grants", "--grants", "-"}, "{\"Grants\": [");
        QCOMPARE(notJson.status, 2);
        QVERIFY2(contains(notJson.err, "keypolicy: <stdin>:1:13: Not valid JSON"), notJson.err.c_str());
        const auto shape = runKeypolicy({"grants", "--grants", "-"}, "{\"Grants\": [\n  {\"Name\": 5}\n]}");
        QCOMPARE(shape.status, 2);
        QVERIFY2(contains(shape.err,
                          "keypolicy: <stdin>:2:12: /Grants/0/Name is not a string (expected the output of "
                          "`aws kms list-grants`)"),
                 shape.err.c_str());
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("g.json")).toStdString();
        writeText(path, "{\"Keys\": []}");
        const auto noGrants = runKeypolicy({"grants", "--grants", path});
        QCOMPARE(noGrants.status, 2);
        QVERIFY2(contains(noGrants.err, path + ":1:1: the document has no \"Grants\" array"), noGrants.err.c_str());
        QCOMPARE(runKeypolicy({"grants"}).status, 2); // neither --grants nor --env
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
