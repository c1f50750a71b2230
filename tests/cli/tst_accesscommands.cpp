// SPDX-License-Identifier: GPL-3.0-or-later
// `keypolicy simulate`, `keypolicy access` and `keypolicy diff`, in-process: the JSON shapes of docs/cli.md, the
// text and Markdown, usage errors and exit status.
#include "CliTestSupport.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace kps;
using namespace kps::test;

namespace {

std::string data(const std::string& name)
{
    return std::string(KPS_TEST_DATA_DIR) + "/" + name;
}

const std::string kConsole = data("policies/_realworld/console-default.json");
const std::string kConditions = data("access/conditions.json");
const std::string kRole = "arn:aws:iam::111122223333:role/ExampleRole";

std::set<std::string> keysOf(const nlohmann::json& object)
{
    std::set<std::string> keys;
    for (auto it = object.begin(); it != object.end(); ++it) {
        keys.insert(it.key());
    }
    return keys;
}

} // namespace

class TestAccessCommands : public QObject
{
    Q_OBJECT

private slots:
    void listedInHelp()
    {
        const auto run = runKeypolicy({"--help"});
        for (const char* command : {"simulate", "access", "diff"}) {
            QVERIFY2(contains(run.out, std::string("  ") + command + " "), command);
        }
        const auto help = runKeypolicy({"simulate", "--help"});
        QCOMPARE(help.status, 0);
        QVERIFY(contains(help.out, "--principal P"));
        QVERIFY(contains(help.out, "--context KEY=VALUE"));
        QVERIFY(contains(help.out, "0 the decision was printed"));
        QVERIFY(!contains(help.out, "--fail-on")); // simulate has its own exit status
        QVERIFY(contains(runKeypolicy({"diff", "--help"}).out, "1 the access differs"));
    }

    // ---- simulate -------------------------------------------------------------------------------------------------
    void simulateJsonShape()
    {
        const auto run
            = runKeypolicy({"simulate", kConsole, "--principal", kRole, "--action", "Decrypt", "--format", "json"});
        QCOMPARE(run.status, 0);
        QVERIFY(run.err.empty());
        const auto j = nlohmann::json::parse(run.out);
        QCOMPARE(keysOf(j),
                 (std::set<std::string>{"tool",
                                        "path",
                                        "request",
                                        "key",
                                        "decision",
                                        "reason",
                                        "unknowns",
                                        "unknown_facts",
                                        "cross_account",
                                        "deciding",
                                        "statements"}));
        QCOMPARE(j["decision"].get<std::string>(), std::string("allow"));
        QVERIFY(j["unknowns"].is_array() && j["unknowns"].empty());
        QVERIFY(j["deciding"] == nlohmann::json::parse("[0, 2]"));
        QVERIFY(j["cross_account"] == nlohmann::json(false));
        QCOMPARE(j["request"]["action"].get<std::string>(), std::string("kms:Decrypt"));
        QCOMPARE(j["request"]["principal_kind"].get<std::string>(), std::string("iam_principal"));
        QCOMPARE(j["key"]["account"].get<std::string>(), std::string("111122223333"));
        QCOMPARE(j["key"]["account_source"].get<std::string>(), std::string("inferred"));
        QCOMPARE(j["statements"].size(), std::size_t(4));
        const auto& s = j["statements"][2];
        // The contract's keys (docs/cli.md), then the trace.
        for (const char* k : {"index", "sid", "matched", "reason"}) {
            QVERIFY2(s.contains(k), k);
        }
        QCOMPARE(s["index"].get<int>(), 2);
        QCOMPARE(s["sid"].get<std::string>(), std::string("Allow use of the key"));
        QVERIFY(s["matched"] == nlohmann::json(true));
        QCOMPARE(s["pointer"].get<std::string>(), std::string("/Statement/2"));
        QVERIFY(s["principal"]["matched"] == nlohmann::json(true));
        QCOMPARE(s["principal"]["pointer"].get<std::string>(), std::string("/Statement/2/Principal/AWS"));
        QCOMPARE(s["action"]["pointer"].get<std::string>(), std::string("/Statement/2/Action/1"));
        QVERIFY(s["resource"]["matched"] == nlohmann::json(true));
        QVERIFY(s["decides"].get<bool>());
        // Statement 3 names CreateGrant only and depends on a condition: matched false, the condition unknown.
        const auto& grants = j["statements"][3];
        QVERIFY(grants["matched"] == nlohmann::json(false));
        QCOMPARE(grants["conditions"][0]["key_state"].get<std::string>(), std::string("unknown"));
        QVERIFY(grants["conditions"][0]["matched"].is_null());
        QCOMPARE(grants["conditions"][0]["operator"].get<std::string>(), std::string("Bool"));
        QVERIFY(grants["conditions"][0]["values"] == nlohmann::json::parse(R"(["true"])"));
    }

    void simulateDependsListsUnknowns()
    {
        const auto run = runKeypolicy({"simulate",
                                       kConditions,
                                       "--principal",
                                       "arn:aws:iam::111122223333:role/app",
                                       "--action",
                                       "kms:Encrypt",
                                       "--format",
                                       "json"});
        QCOMPARE(run.status, 0);
        const auto j = nlohmann::json::parse(run.out);
        QCOMPARE(j["decision"].get<std::string>(), std::string("depends"));
        QVERIFY(j["unknowns"] == nlohmann::json::parse(R"(["aws:PrincipalOrgID", "kms:EncryptionContextKeys"])"));
        QCOMPARE(j["unknown_facts"][0]["needed"].get<std::string>(),
                 std::string("--context aws:PrincipalOrgID=VALUE or --absent aws:PrincipalOrgID"));
        QVERIFY(j["statements"][2]["matched"].is_null());

        // Decided by what the person gives.
        const auto decided = runKeypolicy({"simulate",
                                           kConditions,
                                           "--principal",
                                           "arn:aws:iam::111122223333:role/app",
                                           "--action",
                                           "kms:Encrypt",
                                           "--context",
                                           "aws:PrincipalOrgID=o-a1b2c3d4e5",
                                           "--context=kms:EncryptionContextKeys=Department",
                                           "--context",
                                           "kms:EncryptionContextKeys=Team",
                                           "--format",
                                           "json"});
        QCOMPARE(decided.status, 0);
        const auto d = nlohmann::json::parse(decided.out);
        QCOMPARE(d["decision"].get<std::string>(), std::string("allow_if_iam"));
        QVERIFY(d["request"]["context"][1]["values"] == nlohmann::json::parse(R"(["Department", "Team"])"));
        const auto absent = runKeypolicy({"simulate",
                                          kConditions,
                                          "--principal",
                                          "arn:aws:iam::111122223333:role/app",
                                          "--action",
                                          "Encrypt",
                                          "--absent",
                                          "aws:PrincipalOrgID"});
        QVERIFY(contains(absent.out, "decision: explicit_deny\n"));
    }

    void simulateText()
    {
        const auto run = runKeypolicy({"simulate", kConsole, "--principal", "111122223333", "--action", "kms:Encrypt"});
        QCOMPARE(run.status, 0);
        QVERIFY(contains(run.out, "decision: allow_if_iam\n"));
        QVERIFY(contains(run.out, "key: account 111122223333 (inferred)"));
        QVERIFY(contains(run.out, "* statement 0 \"Enable IAM User Permissions\" (Allow) /Statement/0: applies"));
        QVERIFY(contains(run.out, "      principal: the account principal"));
    }

    void simulateKeyOptions()
    {
        const auto run = runKeypolicy({"simulate",
                                       data("access/resource-arn.json"),
                                       "--principal",
                                       "arn:aws:iam::111122223333:role/app",
                                       "--action",
                                       "Decrypt",
                                       "--key",
                                       "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                                       "--format",
                                       "json"});
        QCOMPARE(run.status, 0);
        const auto j = nlohmann::json::parse(run.out);
        QCOMPARE(j["decision"].get<std::string>(), std::string("allow"));
        QCOMPARE(j["key"]["arn"].get<std::string>(),
                 std::string("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"));
        QCOMPARE(j["key"]["region"].get<std::string>(), std::string("eu-west-1"));
    }

    void simulateUsageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString console = QString::fromStdString(kConsole);
        const QString role = QString::fromStdString(kRole);
        QTest::newRow("no principal") << QStringList{"simulate", console, "--action", "Decrypt"}
                                      << "--principal is required";
        QTest::newRow("no action") << QStringList{"simulate", console, "--principal", role} << "--action is required";
        QTest::newRow("no file") << QStringList{"simulate", "--principal", role, "--action", "Decrypt"}
                                 << "simulate takes exactly one FILE";
        QTest::newRow("two files")
            << QStringList{"simulate", console, console, "--principal", role, "--action", "Decrypt"}
            << "simulate takes exactly one FILE";
        QTest::newRow("misspelt action") << QStringList{"simulate", console, "--principal", role, "--action", "Decrpyt"}
                                         << "--action: 'Decrpyt' is not a KMS action (did you mean kms:Decrypt?)";
        QTest::newRow("IAM-only action")
            << QStringList{"simulate", console, "--principal", role, "--action", "ListKeys"}
            << "kms:ListKeys is authorized by IAM policies only";
        QTest::newRow("everyone") << QStringList{"simulate", console, "--principal", "*", "--action", "Decrypt"}
                                  << "--principal: '*' is not a caller";
        QTest::newRow("not KEY=VALUE")
            << QStringList{"simulate", console, "--principal", role, "--action", "Decrypt", "--context", "aws:SourceIp"}
            << "--context: 'aws:SourceIp' is not KEY=VALUE";
        QTest::newRow("unknown key") << QStringList{"simulate",
                                                    console,
                                                    "--principal",
                                                    role,
                                                    "--action",
                                                    "Decrypt",
                                                    "--context",
                                                    "kms:ViaServise=s3.eu-west-1.amazonaws.com"}
                                     << "(did you mean kms:ViaService?)";
        QTest::newRow("derived key") << QStringList{"simulate",
                                                    console,
                                                    "--principal",
                                                    role,
                                                    "--action",
                                                    "Decrypt",
                                                    "--context",
                                                    "aws:PrincipalArn=" + role}
                                     << "aws:PrincipalArn follows from the principal";
        QTest::newRow("empty value") << QStringList{"simulate",
                                                    console,
                                                    "--principal",
                                                    role,
                                                    "--action",
                                                    "Decrypt",
                                                    "--context",
                                                    "aws:SourceVpc="}
                                     << "declare it absent";
        QTest::newRow("given and absent") << QStringList{"simulate",
                                                         console,
                                                         "--principal",
                                                         role,
                                                         "--action",
                                                         "Decrypt",
                                                         "--context",
                                                         "kms:EncryptionContext:Team=x",
                                                         "--absent",
                                                         "kms:EncryptionContext:*"}
                                          << "kms:EncryptionContext:Team is given with --context and declared absent";
        QTest::newRow("bad region")
            << QStringList{"simulate", console, "--principal", role, "--action", "Decrypt", "--region", "europe"}
            << "--region: 'europe' is not a region code (e.g. eu-west-1)";
        QTest::newRow("bad account")
            << QStringList{"simulate", console, "--principal", role, "--action", "Decrypt", "--account", "1234"}
            << "--account: '1234' is not an account id (12 digits)";
        QTest::newRow("bad format")
            << QStringList{"simulate", console, "--principal", role, "--action", "Decrypt", "--format", "sarif"}
            << "--format: 'sarif' is not one of text, json";
        QTest::newRow("unknown option") << QStringList{"simulate", console, "--principle", role}
                                        << "unknown option '--principle' (did you mean --principal?)";
    }
    void simulateUsageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        std::vector<std::string> argv;
        for (const auto& a : args) {
            argv.push_back(a.toStdString());
        }
        const auto run = runKeypolicy(argv);
        QCOMPARE(run.status, 2);
        QVERIFY(run.out.empty());
        QVERIFY2(contains(run.err, message.toStdString()), run.err.c_str());
        QVERIFY(contains(run.err, "Try 'keypolicy simulate --help'.") || contains(run.err, "keypolicy: "));
    }

    void unreadableAndInvalidInputs()
    {
        const auto missing = runKeypolicy({"simulate", "nosuch.json", "--principal", kRole, "--action", "Decrypt"});
        QCOMPARE(missing.status, 2);
        QVERIFY(contains(missing.err, "keypolicy: nosuch.json: "));
        const auto syntax = runKeypolicy({"access", cliData("syntax-error.json")});
        QCOMPARE(syntax.status, 2);
        QVERIFY(contains(syntax.err, "error JSON_SYNTAX"));
        QVERIFY(syntax.out.empty());
        const auto diffSyntax = runKeypolicy({"diff", kConsole, cliData("syntax-error.json")});
        QCOMPARE(diffSyntax.status, 2);
        QVERIFY(contains(diffSyntax.err, "syntax-error.json:"));
    }

    void standardInput()
    {
        const std::string policy = readText(kConsole);
        const auto run = runKeypolicy({"simulate", "-", "--principal", kRole, "--action", "Decrypt"}, policy);
        QCOMPARE(run.status, 0);
        QVERIFY(contains(run.out, "<stdin>: kms:Decrypt by"));
        const auto diff = runKeypolicy({"diff", "-", kConsole}, policy);
        QCOMPARE(diff.status, 0);
        QCOMPARE(runKeypolicy({"diff", "-", "-"}, policy).status, 2);
    }

    // ---- access ---------------------------------------------------------------------------------------------------
    void accessJsonShape()
    {
        const auto run = runKeypolicy({"access", kConsole, "--format", "json"});
        QCOMPARE(run.status, 0);
        const auto j = nlohmann::json::parse(run.out);
        QVERIFY(j.contains("rows"));
        QCOMPARE(j["rows"].size(), std::size_t(3));
        QCOMPARE(j["groups"].size(), std::size_t(5));
        QCOMPARE(j["groups"][0]["name"].get<std::string>(), std::string("use"));
        const auto& row = j["rows"][2];
        for (const char* k : {"principal", "access", "conditions", "statements"}) {
            QVERIFY2(row.contains(k), k);
        }
        QCOMPARE(row["principal"].get<std::string>(), kRole);
        QCOMPARE(keysOf(row["access"]), (std::set<std::string>{"use", "administer", "grants", "read", "other"}));
        QCOMPARE(row["access"]["use"].get<std::string>(), std::string("allow"));
        QCOMPARE(row["access"]["grants"].get<std::string>(), std::string("allow_if_iam"));
        QVERIFY(row["statements"] == nlohmann::json::parse("[0, 2, 3]"));
        QCOMPARE(row["conditions"][0]["key"].get<std::string>(), std::string("kms:GrantIsForAWSResource"));
        QVERIFY(row["cells"]["grants"]["conditional"] == nlohmann::json(true));
        QCOMPARE(row["cells"]["use"]["actions"][1]["action"].get<std::string>(), std::string("kms:Decrypt"));
        QVERIFY(row["cells"]["use"]["actions"][1]["statements"] == nlohmann::json::parse("[0, 2]"));
        QCOMPARE(j["rows"][0]["principal"].get<std::string>(), std::string("111122223333"));
        QCOMPARE(j["rows"][0]["kind"].get<std::string>(), std::string("account"));
    }

    void accessTextAndMarkdown()
    {
        const auto text = runKeypolicy({"access", kConsole});
        QCOMPARE(text.status, 0);
        QVERIFY(contains(text.out, "\narn:aws:iam::111122223333:role/ExampleRole\n"));
        QVERIFY(contains(text.out, "  use: allow [statements 0, 2]\n"));
        const auto md = runKeypolicy({"access", kConsole, "--format", "markdown"});
        QCOMPARE(md.status, 0);
        QVERIFY(contains(md.out, "| Principal | Use | Administer | Grants | Read | Other use | Statements |\n"));
        QVERIFY(contains(md.out, "| allow\\_if\\_iam (conditions) |"));
        QTemporaryDir dir;
        const std::string out = dir.path().toStdString() + "/access.md";
        QCOMPARE(runKeypolicy({"access", kConsole, "--format", "markdown", "-o", out}).status, 0);
        QCOMPARE(readText(out), md.out);
    }

    // ---- diff -----------------------------------------------------------------------------------------------------
    void diffExitStatusAndShape()
    {
        const auto same = runKeypolicy({"diff", kConsole, kConsole});
        QCOMPARE(same.status, 0);
        QVERIFY(contains(same.out, "the same access"));

        QTemporaryDir dir;
        auto policy = nlohmann::ordered_json::parse(readText(kConsole));
        policy["Statement"].erase(2);
        const std::string changed = dir.path().toStdString() + "/changed.json";
        writeText(changed, policy.dump(4));
        const auto run = runKeypolicy({"diff", kConsole, changed, "--format", "json"});
        QCOMPARE(run.status, 1);
        const auto j = nlohmann::json::parse(run.out);
        QCOMPARE(keysOf(j),
                 (std::set<std::string>{"tool",
                                        "a",
                                        "b",
                                        "key",
                                        "same_access",
                                        "same_statements",
                                        "statements",
                                        "access",
                                        "omitted_principals"}));
        QVERIFY(j["same_access"] == nlohmann::json(false));
        QCOMPARE(j["statements"][3]["change"].get<std::string>(), std::string("removed"));
        QCOMPARE(j["statements"][3]["a"]["pointer"].get<std::string>(), std::string("/Statement/2"));
        QVERIFY(j["statements"][3]["b"].is_null());
        QCOMPARE(j["statements"][2]["matched_by"].get<std::string>(), std::string("sid"));
        QCOMPARE(j["access"][0]["principal"].get<std::string>(), kRole);
        QCOMPARE(j["access"][0]["group"].get<std::string>(), std::string("use"));
        QCOMPARE(j["access"][0]["from"].get<std::string>(), std::string("allow"));
        QCOMPARE(j["access"][0]["to"].get<std::string>(), std::string("allow_if_iam"));
        QCOMPARE(j["access"][0]["change"].get<std::string>(), std::string("changes"));

        const auto md = runKeypolicy({"diff", kConsole, changed, "--format", "markdown"});
        QCOMPARE(md.status, 1);
        QVERIFY(contains(md.out, "| removed | Allow use of the key | /Statement/2 |  |  |\n"));
        QVERIFY(contains(md.out, "- " + kRole + ": use from allow to allow\\_if\\_iam\n"));
        const auto text = runKeypolicy({"diff", kConsole, changed});
        QVERIFY(contains(text.out, "  removed   \"Allow use of the key\" /Statement/2\n"));
    }

    void diffUsageErrors()
    {
        QCOMPARE(runKeypolicy({"diff", kConsole}).status, 2);
        QVERIFY(contains(runKeypolicy({"diff", kConsole}).err, "diff takes exactly two policy files"));
        QCOMPARE(runKeypolicy({"diff", kConsole, kConsole, "--format", "sarif"}).status, 2);
        QCOMPARE(runKeypolicy({"diff", kConsole, std::string(KPS_TEST_DATA_DIR)}).status, 2);
        const auto missing = runKeypolicy({"diff", kConsole, "nosuch.json"});
        QCOMPARE(missing.status, 2);
        QVERIFY(contains(missing.err, "keypolicy: nosuch.json: "));
    }
};

QTEST_GUILESS_MAIN(TestAccessCommands)
#include "tst_accesscommands.moc"
