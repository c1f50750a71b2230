// SPDX-License-Identifier: GPL-3.0-or-later
// `keypolicy check` / `fix` in-process: exit codes, options, formats, inputs, -o (spec/cli.md).
#include "CliTestSupport.h"

#include "core/checker/ParseFindings.h"
#include "core/checker/Rules.h"
#include "core/cli/Inputs.h"
#include "core/cli/Io.h"
#include "core/json/SourceDocument.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <filesystem>
#include <regex>
#include <set>

#include <sys/resource.h>
#include <sys/stat.h>

using namespace kps;
using namespace kps::test;

namespace {

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

#define QCOMPARE_JSON(actual, expected)                                                                                \
    QVERIFY2((actual) == (expected), ((actual).dump() + " != " + (expected).dump()).c_str())

Json parseJson(const std::string& text)
{
    return Json::parse(text, nullptr, false);
}

std::vector<std::string> keysOf(const Json& object)
{
    std::vector<std::string> keys;
    for (auto it = object.begin(); it != object.end(); ++it) {
        keys.push_back(it.key());
    }
    return keys;
}

const std::string RootOnlyPolicy = R"({
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Enable IAM User Permissions",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
            "Action": "kms:*",
            "Resource": "*"
        }
    ]
}
)";

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void versionAndHelp();
    void helpListsEveryOptionOfTheContract();
    void usageErrors_data();
    void usageErrors();
    void exitCodes();
    void failOnLevels_data();
    void failOnLevels();
    void failOnSuggestionCatchesRegionUnknown();
    void textFormat();
    void jsonFormatKeyByKey();
    void jsonContextAndReadiness();
    void organizationDecidesTheVerdict();
    void sarifFormat();
    void readsStdin();
    void walksDirectoriesInSortedOrder();
    void emptyDirectoryIsAnInputError();
    void unreadableFileAndGoodFile();
    void directoryFilesAreReadOneAtATimeWithErrorsInOrder();
    void checkWithoutDocumentsKeepsNoText();
    void wrapperLocationsReferToInnerPolicy();
    void outputFileIsWritten();
    void outputFailuresLeaveTargetUntouched();
    void outputFailureMidWriteKeepsOriginal();
    void outputKeepsPermissions();
    void fixPrintsCorrectedPolicy();
    void fixUnwrapsGetKeyPolicyOutput();
    void fixRefusesInvalidJsonAndBadOperands();
    void contextFilesAreLoaded();
};

void TestCli::versionAndHelp()
{
    auto r = runKeypolicy({"--version"});
    QCOMPARE(r.status, 0);
    QCOMPARE(r.out, std::string("keypolicy ") + KPS_VERSION + "\n");

    r = runKeypolicy({"--help"});
    QCOMPARE(r.status, 0);
    QVERIFY(contains(r.out, "check"));
    QVERIFY(contains(r.out, "fix"));

    const auto checkHelp = runKeypolicy({"check", "--help"});
    QCOMPARE(checkHelp.status, 0);
    QVERIFY(contains(checkHelp.out, "Usage: keypolicy check"));
    QVERIFY(contains(checkHelp.out, "Exit status"));
    // `help check`, `check -h` and `check FILE --help` print the same text.
    QCOMPARE(runKeypolicy({"help", "check"}).out, checkHelp.out);
    QCOMPARE(runKeypolicy({"check", "x.json", "-h"}).out, checkHelp.out);
    QCOMPARE(runKeypolicy({"fix", "--help"}).status, 0);

    r = runKeypolicy({});
    QCOMPARE(r.status, 2);
    QVERIFY(contains(r.err, "Usage: keypolicy"));

    QVERIFY(cli::isCoreCommand("check"));
    QVERIFY(cli::isCoreCommand("fix"));
    QVERIFY(cli::isCoreCommand("--version"));
    QVERIFY(!cli::isCoreCommand("fetch"));
}

void TestCli::helpListsEveryOptionOfTheContract()
{
    const auto help = runKeypolicy({"check", "--help"}).out;
    for (const char* option : {"--region R",
                               "--account ID",
                               "--env NAME",
                               "--key ID_OR_ARN",
                               "--grants FILE",
                               "--no-mwaa",
                               "--format FORMAT",
                               "--fail-on SEVERITY",
                               "--fix",
                               "-o, --output FILE",
                               "--execution-role-policy FILE",
                               "--execution-role ARN",
                               "-h, --help"}) {
        QVERIFY2(contains(help, std::string("\n  ") + option + "\n"), option);
    }
    const auto fixHelp = runKeypolicy({"fix", "--help"}).out;
    QVERIFY(contains(fixHelp, "\n  -o, --output FILE\n"));
    QVERIFY(!contains(fixHelp, "--format"));
}

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString good = QString::fromStdString(cliData("good-mwaa.json"));
    QTest::newRow("unknown option") << QStringList{"check", "--regoin", "eu-west-1", good}
                                    << "keypolicy check: unknown option '--regoin' (did you mean --region?)";
    QTest::newRow("unknown command") << QStringList{"chekc", good} << "keypolicy: unknown command 'chekc'";
    QTest::newRow("option before command") << QStringList{"--format", "json"} << "unknown option '--format'";
    QTest::newRow("bad format") << QStringList{"check", "--format", "xml", good}
                                << "--format: 'xml' is not one of text, json, sarif";
    QTest::newRow("bad fail-on") << QStringList{"check", "--fail-on=fatal", good} << "--fail-on: 'fatal'";
    QTest::newRow("bad region") << QStringList{"check", "--region", "europe", good}
                                << "--region: 'europe' is not a region code";
    QTest::newRow("bad account") << QStringList{"check", "--account", "1234", good}
                                 << "--account: '1234' is not an account id";
    // One rule per context option, shared with fetch/apply and the editor (core/checker/ContextValues).
    QTest::newRow("bad env") << QStringList{"check", "--env", "1bad", good}
                             << "--env: '1bad' is not an MWAA environment name";
    QTest::newRow("empty env") << QStringList{"check", "--env=", good} << "--env: the environment name is empty";
    QTest::newRow("bad key") << QStringList{"report", "--key", "arn:aws:s3:::bucket", good}
                             << "--key: 'arn:aws:s3:::bucket' is not a key id, key ARN or alias";
    QTest::newRow("empty key") << QStringList{"fix", "--key=", good} << "--key: the key is empty";
    QTest::newRow("bad org id") << QStringList{"check", "--org-id", "o-ABC", good}
                                << "--org-id: 'o-ABC' is not an organization id";
    QTest::newRow("grants bad env") << QStringList{"grants", "--env", "my env", "--region", "eu-west-1"}
                                    << "keypolicy grants: --env: 'my env' is not an MWAA environment name";
    QTest::newRow("grants bad region") << QStringList{"grants", "--env", "MyEnv", "--region", "mars-1"}
                                       << "keypolicy grants: --region: 'mars-1' is not a region code";
    QTest::newRow("missing value") << QStringList{"check", good, "--region"} << "option --region needs a value";
    QTest::newRow("flag with value") << QStringList{"check", "--no-mwaa=yes", good}
                                     << "option --no-mwaa takes no value";
    QTest::newRow("no file") << QStringList{"check", "--region", "eu-west-1"} << "no FILE given";
    QTest::newRow("fix two files") << QStringList{"fix", good, good} << "exactly one FILE";
    QTest::newRow("check --fix --format")
        << QStringList{"check", "--fix", "--format", "json", good} << "--format does not apply";
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    std::vector<std::string> argv;
    for (const auto& a : args) {
        argv.push_back(a.toStdString());
    }
    const auto r = runKeypolicy(argv);
    QCOMPARE(r.status, 2);
    QVERIFY2(contains(r.err, message.toStdString()), r.err.c_str());
    QVERIFY(r.out.empty());
}

void TestCli::exitCodes()
{
    // A complete MWAA policy checked with its context: nothing at error level.
    auto r = runKeypolicy(concat({"check", cliData("good-mwaa.json")}, goodContext()));
    QVERIFY2(r.status == 0, r.out.c_str());
    QVERIFY(r.err.empty());
    // A duplicate key is an error whatever the rules say.
    r = runKeypolicy({"check", cliData("duplicate-key.json")});
    QCOMPARE(r.status, 1);
    r = runKeypolicy({"check", cliData("syntax-error.json")});
    QCOMPARE(r.status, 1);
    // A file that cannot be read wins over findings: 2.
    r = runKeypolicy({"check", cliData("duplicate-key.json"), cliData("nosuch.json")});
    QCOMPARE(r.status, 2);
}

void TestCli::failOnLevels_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("mwaa");
    for (const char* f : {"good-mwaa.json", "duplicate-key.json", "syntax-error.json", "wrapped-duplicate-key.json"}) {
        QTest::newRow((std::string(f) + " mwaa").c_str()) << QString::fromLatin1(f) << true;
        QTest::newRow((std::string(f) + " generic").c_str()) << QString::fromLatin1(f) << false;
    }
}

void TestCli::failOnLevels()
{
    // The exit status must follow the severities the check reports, for every threshold.
    QFETCH(QString, file);
    QFETCH(bool, mwaa);
    std::vector<std::string> base = {"check", cliData(file.toStdString())};
    if (!mwaa) {
        base.push_back("--no-mwaa");
    }
    const auto json = runKeypolicy(concat(base, {"--format", "json"}));
    const auto doc = parseJson(json.out);
    QVERIFY(doc.is_object());
    const auto& summary = doc["summary"];
    const int counts[] = {summary["error"].get<int>(),
                          summary["security"].get<int>(),
                          summary["warning"].get<int>(),
                          summary["suggestion"].get<int>()};
    int atLeast = 0;
    for (int level = 0; level < 4; ++level) {
        atLeast += counts[level];
        const std::string name(severityName(static_cast<Severity>(level)));
        const auto r = runKeypolicy(concat(base, {"--fail-on", name}));
        QCOMPARE(r.status, atLeast > 0 ? 1 : 0);
        QCOMPARE(json.status, counts[0] > 0 ? 1 : 0); // default --fail-on error
    }
}

void TestCli::failOnSuggestionCatchesRegionUnknown()
{
    // No region, no key, no logs statement: MWAA_REGION_UNKNOWN (a suggestion) is certain.
    const auto json = parseJson(runKeypolicy({"check", "--format", "json", "-"}, RootOnlyPolicy).out);
    bool found = false;
    for (const auto& f : json["files"][0]["findings"]) {
        found = found || f["code"] == "MWAA_REGION_UNKNOWN";
    }
    QVERIFY(found);
    QCOMPARE(runKeypolicy({"check", "--fail-on", "suggestion", "-"}, RootOnlyPolicy).status, 1);
    // Generic checks only: the MWAA finding is gone.
    const auto generic = parseJson(runKeypolicy({"check", "--no-mwaa", "--format", "json", "-"}, RootOnlyPolicy).out);
    for (const auto& f : generic["files"][0]["findings"]) {
        QVERIFY(f["code"].get<std::string>().rfind("MWAA_", 0) != 0);
    }
}

void TestCli::textFormat()
{
    const auto path = cliData("duplicate-key.json");
    const auto r = runKeypolicy(concat({"check", path}, goodContext()));
    QCOMPARE(r.status, 1);
    // Every finding line is file:line:col: severity CODE message.
    const std::regex findingLine("^(.+):([0-9]+):([0-9]+): (error|security|warning|suggestion) ([A-Z0-9_]+) (.+)$");
    std::istringstream lines(r.out);
    std::string line;
    int findingLines = 0;
    bool sawDuplicate = false;
    std::vector<std::string> others;
    while (std::getline(lines, line)) {
        std::smatch m;
        if (std::regex_match(line, m, findingLine) && m[1] == path) {
            ++findingLines;
            QVERIFY(findRule(m[5].str()) != nullptr);
            if (m[5] == "JSON_DUPLICATE_KEY") {
                sawDuplicate = true;
                QCOMPARE(m[2].str(), std::string("12"));
                QCOMPARE(m[3].str(), std::string("13"));
                QCOMPARE(m[4].str(), std::string("error"));
            }
        } else {
            others.push_back(line);
        }
    }
    QVERIFY(sawDuplicate);
    // Then a summary and the context.
    QCOMPARE(others.size(), std::size_t(2));
    QVERIFY(contains(others[0], path + ": "));
    QVERIFY(contains(others[0], " security, "));
    QVERIFY(contains(others[0], "; MWAA not ready"));
    QVERIFY(contains(others[1],
                     path
                         + ": context: region eu-west-1 (given), partition aws (inferred), account "
                           "111122223333 (given), env MyEnv (given), key "));
    // Counts in the summary match the lines.
    const auto json = parseJson(runKeypolicy(concat({"check", "--format", "json", path}, goodContext())).out);
    QCOMPARE(static_cast<int>(json["files"][0]["findings"].size()), findingLines);

    // --no-mwaa: no readiness verdict.
    const auto generic = runKeypolicy({"check", "--no-mwaa", path});
    QVERIFY(!contains(generic.out, "MWAA"));
    // Several files: a total line.
    const auto two = runKeypolicy({"check", path, cliData("good-mwaa.json")});
    QVERIFY(contains(two.out, "\ntotal: 2 files checked, "));
}

void TestCli::jsonFormatKeyByKey()
{
    const auto path = cliData("duplicate-key.json");
    const auto r = runKeypolicy(concat({"check", "--format", "json", path, cliData("good-mwaa.json")}, goodContext()));
    QCOMPARE(r.status, 1);
    const auto doc = parseJson(r.out);
    QVERIFY(doc.is_object());
    QCOMPARE(keysOf(doc), (std::vector<std::string>{"tool", "files", "summary"}));
    QCOMPARE(keysOf(doc["tool"]), (std::vector<std::string>{"name", "version"}));
    QCOMPARE(doc["tool"]["name"].get<std::string>(), std::string("keypolicy"));
    QCOMPARE(doc["tool"]["version"].get<std::string>(), std::string(KPS_VERSION));
    QVERIFY(doc["files"].is_array());
    QCOMPARE(doc["files"].size(), std::size_t(2));

    int totals[4] = {0, 0, 0, 0};
    const std::vector<std::string> withFix
        = {"code", "severity", "message", "path", "line", "column", "offset", "length", "fix"};
    const std::vector<std::string> withoutFix(withFix.begin(), withFix.end() - 1);
    for (const auto& file : doc["files"]) {
        QCOMPARE(keysOf(file), (std::vector<std::string>{"path", "mwaa_ready", "assumptions", "context", "findings"}));
        QVERIFY(file["path"].is_string());
        QVERIFY(file["mwaa_ready"].is_boolean() || file["mwaa_ready"].is_null());
        QVERIFY(file["assumptions"].is_array());
        QCOMPARE(keysOf(file["context"]), (std::vector<std::string>{"region", "partition", "account", "env", "key"}));
        for (const auto& value : file["context"]) {
            QVERIFY(value.is_string());
        }
        QVERIFY(file["findings"].is_array());
        const auto text = readText(file["path"].get<std::string>());
        for (const auto& f : file["findings"]) {
            const auto keys = keysOf(f);
            QVERIFY(keys == withFix || keys == withoutFix);
            QVERIFY(f["code"].is_string() && findRule(f["code"].get<std::string>()));
            const auto severity = severityFromName(f["severity"].get<std::string>());
            QVERIFY(severity);
            ++totals[static_cast<int>(*severity)];
            QVERIFY(f["message"].is_string() && !f["message"].get<std::string>().empty());
            QVERIFY(f["path"].is_string());
            QVERIFY(f["line"].is_number_integer() && f["line"].get<int>() >= 1);
            QVERIFY(f["column"].is_number_integer() && f["column"].get<int>() >= 1);
            QVERIFY(f["offset"].is_number_unsigned() && f["offset"].get<std::size_t>() <= text.size());
            QVERIFY(f["length"].is_number_unsigned());
            if (f.contains("fix")) {
                QVERIFY(f["fix"].is_array() && !f["fix"].empty());
                for (const auto& op : f["fix"]) {
                    QVERIFY(op.contains("op") && op.contains("path"));
                }
            }
            if (f["code"] == "JSON_DUPLICATE_KEY") {
                QCOMPARE(f["path"].get<std::string>(), std::string("/Statement/0/Resource"));
                const auto offset = f["offset"].get<std::size_t>();
                QCOMPARE(offset, text.rfind("\"Resource\""));
                QCOMPARE(f["length"].get<std::size_t>(), std::size_t(10));
                QCOMPARE(f["line"].get<int>(), 12);
                QCOMPARE(f["column"].get<int>(), 13);
                QVERIFY(!f.contains("fix"));
            }
        }
    }
    QCOMPARE(keysOf(doc["summary"]), (std::vector<std::string>{"files", "error", "security", "warning", "suggestion"}));
    QCOMPARE(doc["summary"]["files"].get<int>(), 2);
    QCOMPARE(doc["summary"]["error"].get<int>(), totals[0]);
    QCOMPARE(doc["summary"]["security"].get<int>(), totals[1]);
    QCOMPARE(doc["summary"]["warning"].get<int>(), totals[2]);
    QCOMPARE(doc["summary"]["suggestion"].get<int>(), totals[3]);
    QVERIFY(totals[0] >= 1);
    QVERIFY(!doc.contains("errors"));
}

void TestCli::jsonContextAndReadiness()
{
    const auto key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    auto doc = parseJson(
        runKeypolicy(concat({"check", "--format", "json", "--key", key, cliData("good-mwaa.json")}, goodContext()))
            .out);
    const auto& file = doc["files"][0];
    QCOMPARE(file["context"]["region"].get<std::string>(), std::string("eu-west-1"));
    QCOMPARE(file["context"]["partition"].get<std::string>(), std::string("aws"));
    QCOMPARE(file["context"]["account"].get<std::string>(), std::string("111122223333"));
    QCOMPARE(file["context"]["env"].get<std::string>(), std::string("MyEnv"));
    QCOMPARE(file["context"]["key"].get<std::string>(), std::string(key));
    bool anyError = false;
    for (const auto& f : file["findings"]) {
        anyError = anyError || f["severity"] == "error";
    }
    QCOMPARE(file["mwaa_ready"].get<bool>(), !anyError);
    QVERIFY(!anyError);

    doc = parseJson(
        runKeypolicy(concat({"check", "--format", "json", cliData("duplicate-key.json")}, goodContext())).out);
    QCOMPARE(doc["files"][0]["mwaa_ready"].get<bool>(), false);
    // Without the MWAA profile there is no readiness verdict: false.
    doc = parseJson(runKeypolicy({"check", "--no-mwaa", "--format", "json", cliData("good-mwaa.json")}).out);
    QCOMPARE(doc["files"][0]["mwaa_ready"].get<bool>(), false);
}

// An organization-perimeter Deny: without --org-id the verdict is null with the assumption that decides it; with the
// organization it names, ready; with another, not ready. The exit status follows the findings as before.
void TestCli::organizationDecidesTheVerdict()
{
    const std::string policy = std::string(KPS_TEST_DATA_DIR) + "/verdicts/org-perimeter/breaks.json";
    const std::vector<std::string> context{"--region", "us-east-1", "--account", "111122223333", "--env", "MyEnv"};
    auto r = runKeypolicy(concat({"check", "--format", "json", policy}, context));
    QCOMPARE(r.status, 0);
    auto doc = parseJson(r.out);
    const auto& file = doc["files"][0];
    QVERIFY(file["mwaa_ready"].is_null());
    QCOMPARE(file["assumptions"].size(), std::size_t(1));
    QCOMPARE(file["assumptions"][0]["fact"].get<std::string>(),
             std::string("account 111122223333 is in organization o-a1b2c3d4e5"));
    QCOMPARE(file["assumptions"][0]["needed"].get<std::string>(), std::string("--org-id o-a1b2c3d4e5"));
    QVERIFY(file["assumptions"][0]["pointer"].get<std::string>().rfind("/Statement/2/Condition/", 0) == 0);
    r = runKeypolicy(concat({"check", policy}, context));
    QVERIFY2(r.out.find("MWAA ready if account 111122223333 is in organization o-a1b2c3d4e5") != std::string::npos,
             r.out.c_str());
    QCOMPARE(runKeypolicy(concat({"check", "--fail-on", "warning", policy}, context)).status, 1);

    doc = parseJson(
        runKeypolicy(concat({"check", "--format", "json", "--org-id", "o-a1b2c3d4e5", policy}, context)).out);
    QVERIFY(doc["files"][0]["mwaa_ready"] == Json(true));
    QVERIFY(doc["files"][0]["assumptions"].empty());
    r = runKeypolicy(concat({"check", "--format", "json", "--org-id", "o-zzzzzzzzzz", policy}, context));
    QCOMPARE(r.status, 1);
    QVERIFY(parseJson(r.out)["files"][0]["mwaa_ready"] == Json(false));
    r = runKeypolicy(concat({"check", "--format", "json", "--org-id", "none", policy}, context));
    QVERIFY(parseJson(r.out)["files"][0]["mwaa_ready"] == Json(false));
    r = runKeypolicy(concat({"check", "--org-id", "acme", policy}, context));
    QCOMPARE(r.status, 2);
    QVERIFY(r.err.find("--org-id") != std::string::npos);
}

void TestCli::sarifFormat()
{
    // Fix choices become SARIF fixes of their own (proposals), described by their titles.
    {
        const std::string conflict = std::string(KPS_TEST_DATA_DIR) + "/verdicts/region-disagreement/breaks.json";
        const auto doc
            = parseJson(runKeypolicy({"check", "--format", "sarif", "--account", "111122223333", conflict}).out);
        bool found = false;
        for (const auto& result : doc["runs"][0]["results"]) {
            if (result["ruleId"] == "MWAA_REGION_CONFLICT") {
                found = true;
                QCOMPARE(result["fixes"].size(), std::size_t(2));
                QVERIFY(result["fixes"][0]["description"]["text"].get<std::string>().find("us-west-2")
                        != std::string::npos);
                QCOMPARE(result["properties"]["fixChoices"].size(), std::size_t(2));
            }
        }
        QVERIFY(found);
    }
    const auto path = cliData("duplicate-key.json");
    const auto r = runKeypolicy(concat({"check", "--format", "sarif", path, cliData("good-mwaa.json")}, goodContext()));
    QCOMPARE(r.status, 1);
    const auto log = parseJson(r.out);
    QVERIFY(log.is_object());
    QCOMPARE(log["version"].get<std::string>(), std::string("2.1.0"));
    QVERIFY(log["$schema"].get<std::string>().find("sarif-schema-2.1.0.json") != std::string::npos);
    QCOMPARE(log["runs"].size(), std::size_t(1));
    const auto& run = log["runs"][0];
    const auto& driver = run["tool"]["driver"];
    QCOMPARE(driver["name"].get<std::string>(), std::string("keypolicy"));
    QCOMPARE(driver["version"].get<std::string>(), std::string(KPS_VERSION));
    QVERIFY(driver["informationUri"].get<std::string>().rfind("https://", 0) == 0);
    // Every catalogue rule, in catalogue order, once.
    const auto catalogue = ruleCatalogue();
    QCOMPARE(driver["rules"].size(), catalogue.size());
    for (std::size_t i = 0; i < catalogue.size(); ++i) {
        const auto& rule = driver["rules"][i];
        QCOMPARE(rule["id"].get<std::string>(), std::string(catalogue[i].code));
        QCOMPARE(rule["shortDescription"]["text"].get<std::string>(), std::string(catalogue[i].title));
        QCOMPARE(rule["fullDescription"]["text"].get<std::string>(), std::string(catalogue[i].help));
        QCOMPARE(rule["help"]["text"].get<std::string>(), std::string(catalogue[i].help));
        const std::string level = rule["defaultConfiguration"]["level"].get<std::string>();
        switch (catalogue[i].severity) {
        case Severity::Error:
        case Severity::Security:
            QCOMPARE(level, std::string("error"));
            break;
        case Severity::Warning:
            QCOMPARE(level, std::string("warning"));
            break;
        case Severity::Suggestion:
            QCOMPARE(level, std::string("note"));
            break;
        }
    }
    QCOMPARE(run["artifacts"].size(), std::size_t(2));
    QCOMPARE(run["columnKind"].get<std::string>(), std::string("unicodeCodePoints"));
    QCOMPARE(run["invocations"][0]["executionSuccessful"].get<bool>(), true);

    // Results correspond one to one with the JSON findings, in order.
    const auto json = parseJson(
        runKeypolicy(concat({"check", "--format", "json", path, cliData("good-mwaa.json")}, goodContext())).out);
    std::vector<Json> findings;
    for (const auto& file : json["files"]) {
        for (const auto& f : file["findings"]) {
            findings.push_back(f);
        }
    }
    QCOMPARE(run["results"].size(), findings.size());
    for (std::size_t i = 0; i < findings.size(); ++i) {
        const auto& result = run["results"][i];
        const auto& f = findings[i];
        QCOMPARE(result["ruleId"].get<std::string>(), f["code"].get<std::string>());
        QCOMPARE_JSON(driver["rules"][result["ruleIndex"].get<std::size_t>()]["id"], f["code"]);
        QCOMPARE(result["message"]["text"].get<std::string>(), f["message"].get<std::string>());
        QCOMPARE(result["properties"]["severity"].get<std::string>(), f["severity"].get<std::string>());
        const auto& region = result["locations"][0]["physicalLocation"]["region"];
        QCOMPARE_JSON(region["startLine"], f["line"]);
        QCOMPARE_JSON(region["startColumn"], f["column"]);
        QCOMPARE_JSON(region["byteOffset"], f["offset"]);
        QCOMPARE_JSON(region["byteLength"], f["length"]);
        QVERIFY(region["endLine"].get<int>() >= region["startLine"].get<int>());
        if (!f["path"].get<std::string>().empty()) {
            QCOMPARE_JSON(result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"], f["path"]);
        }
        if (f["code"] == "JSON_DUPLICATE_KEY") {
            QCOMPARE(result["level"].get<std::string>(), std::string("error"));
            QCOMPARE(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].get<std::string>(),
                     path); // the test's path has only unreserved characters
            QCOMPARE(region["endColumn"].get<int>(), 23);
        }
    }
}

void TestCli::readsStdin()
{
    const auto text = readText(cliData("duplicate-key.json"));
    const auto r = runKeypolicy({"check", "--format", "json", "-"}, text);
    QCOMPARE(r.status, 1);
    const auto doc = parseJson(r.out);
    QCOMPARE(doc["files"][0]["path"].get<std::string>(), std::string("<stdin>"));
    // The wrapper from stdin is detected too.
    const auto wrapped
        = runKeypolicy({"check", "--format", "json", "-"}, readText(cliData("wrapped-duplicate-key.json")));
    QCOMPARE_JSON(parseJson(wrapped.out)["files"][0]["findings"], doc["files"][0]["findings"]);
    // "-" twice: the second cannot be read.
    const auto twice = runKeypolicy({"check", "-", "-"}, text);
    QCOMPARE(twice.status, 2);
    QVERIFY(contains(twice.err, "keypolicy: <stdin>: "));
}

void TestCli::walksDirectoriesInSortedOrder()
{
    const auto tree = cliData("tree");
    const auto r = runKeypolicy({"check", "--format", "json", tree});
    QCOMPARE(r.status, 1);
    const auto doc = parseJson(r.out);
    std::vector<std::string> paths;
    for (const auto& f : doc["files"]) {
        paths.push_back(f["path"].get<std::string>());
    }
    QCOMPARE(paths, (std::vector<std::string>{tree + "/b.json", tree + "/sub/a.json", tree + "/sub/c.json"}));
    QCOMPARE(doc["summary"]["files"].get<int>(), 3);
    // A trailing slash names the same files.
    QCOMPARE(parseJson(runKeypolicy({"check", "--format", "json", tree + "/"}).out)["files"].size(), std::size_t(3));
}

void TestCli::emptyDirectoryIsAnInputError()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeText(dir.filePath("readme.txt").toStdString(), "no policies here");
    const auto r = runKeypolicy({"check", dir.path().toStdString()});
    QCOMPARE(r.status, 2);
    QVERIFY(contains(r.err, "keypolicy: " + dir.path().toStdString() + ": No *.json file"));
}

void TestCli::unreadableFileAndGoodFile()
{
    const auto good = cliData("good-mwaa.json");
    const auto r = runKeypolicy(concat({"check", "--format", "json", "nosuch.json", good}, goodContext()));
    QCOMPARE(r.status, 2);
    QCOMPARE(r.err, std::string("keypolicy: nosuch.json: No such file or directory\n"));
    // The good file is still checked and reported.
    const auto doc = parseJson(r.out);
    QCOMPARE(doc["files"].size(), std::size_t(1));
    QCOMPARE(doc["files"][0]["path"].get<std::string>(), good);
    QCOMPARE(doc["summary"]["files"].get<int>(), 1);
    QCOMPARE(doc["errors"][0]["path"].get<std::string>(), std::string("nosuch.json"));
    QCOMPARE(doc["errors"][0]["message"].get<std::string>(), std::string("No such file or directory"));

    const auto text = runKeypolicy(concat({"check", "nosuch.json", good}, goodContext()));
    QCOMPARE(text.status, 2);
    QVERIFY(contains(text.out, good + ": context: "));
    const auto sarif
        = parseJson(runKeypolicy(concat({"check", "--format", "sarif", "nosuch.json", good}, goodContext())).out);
    const auto& invocation = sarif["runs"][0]["invocations"][0];
    QCOMPARE(invocation["executionSuccessful"].get<bool>(), false);
    QCOMPARE(invocation["toolExecutionNotifications"][0]["message"]["text"].get<std::string>(),
             std::string("nosuch.json: No such file or directory"));
}

// `keypolicy check DIR` reads a directory's files one at a time while checking (ReadMode::DirectoriesLater); a file
// that cannot be read is still reported where it was in the operands, between the errors before and after it.
void TestCli::directoryFilesAreReadOneAtATimeWithErrorsInOrder()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string tree = dir.path().toStdString();
    const std::string good = readText(cliData("good-mwaa.json"));
    writeText(tree + "/a.json", good);
    // Too large to read (a sparse file: no disk used), even for root, whom permissions do not stop.
    writeText(tree + "/b.json", "");
    std::filesystem::resize_file(tree + "/b.json", kps::SourceDocument::MaxInputBytes + 1);
    writeText(tree + "/c.json", good);
    const auto r
        = runKeypolicy(concat({"check", "--format", "json", "nosuch-1.json", tree, "nosuch-2.json"}, goodContext()));
    QCOMPARE(r.status, 2);
    const auto doc = parseJson(r.out);
    std::vector<std::string> errors;
    for (const auto& e : doc["errors"]) {
        errors.push_back(e["path"].get<std::string>());
    }
    QCOMPARE(errors, (std::vector<std::string>{"nosuch-1.json", tree + "/b.json", "nosuch-2.json"}));
    QVERIFY(contains(doc["errors"][1]["message"].get<std::string>(), "File too large"));
    std::vector<std::string> files;
    for (const auto& f : doc["files"]) {
        files.push_back(f["path"].get<std::string>());
    }
    QCOMPARE(files, (std::vector<std::string>{tree + "/a.json", tree + "/c.json"}));
    QCOMPARE(r.err,
             "keypolicy: nosuch-1.json: No such file or directory\nkeypolicy: " + tree
                 + "/b.json: File too large (16777217 bytes; a key policy is at most 32768)\n"
                   "keypolicy: nosuch-2.json: No such file or directory\n");
}

// Without SARIF the report keeps no document: each text is freed once checked. (Assigning an empty document kept
// the text's buffer: a folder of 10,000 policies held all of them to the end.)
void TestCli::checkWithoutDocumentsKeepsNoText()
{
    const std::string padded = std::string(100000, ' ') + readText(cliData("good-mwaa.json"));
    for (const bool keep : {false, true}) {
        cli::Inputs inputs;
        inputs.files.push_back({"padded.json", padded, false, 0});
        const auto report = cli::checkInputs(std::move(inputs), CheckOptions{}, keep);
        QCOMPARE(report.files.size(), std::size_t(1));
        if (keep) {
            QCOMPARE(report.files[0].document.text(), padded);
        } else {
            QVERIFY(report.files[0].document.text().capacity() < 1000);
        }
    }
}

void TestCli::wrapperLocationsReferToInnerPolicy()
{
    const auto plain = parseJson(runKeypolicy({"check", "--format", "json", cliData("duplicate-key.json")}).out);
    const auto wrapped
        = parseJson(runKeypolicy({"check", "--format", "json", cliData("wrapped-duplicate-key.json")}).out);
    // The inner policy of the wrapper is duplicate-key.json byte for byte: same findings at the same places.
    QCOMPARE_JSON(wrapped["files"][0]["findings"], plain["files"][0]["findings"]);
    bool found = false;
    for (const auto& f : wrapped["files"][0]["findings"]) {
        if (f["code"] == "JSON_DUPLICATE_KEY") {
            found = true;
            QCOMPARE(f["line"].get<int>(), 12);
        }
    }
    QVERIFY(found);
    const auto sarif
        = parseJson(runKeypolicy({"check", "--format", "sarif", cliData("wrapped-duplicate-key.json")}).out);
    QCOMPARE(sarif["runs"][0]["artifacts"][0]["properties"]["getKeyPolicyWrapper"].get<bool>(), true);
}

void TestCli::outputFileIsWritten()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto target = dir.filePath("out.sarif").toStdString();
    const auto args = concat({"check", "--format", "sarif", cliData("duplicate-key.json")}, goodContext());
    const auto toStdout = runKeypolicy(args);
    const auto toFile = runKeypolicy(concat(args, {"-o", target}));
    QCOMPARE(toFile.status, toStdout.status);
    QVERIFY(toFile.out.empty());
    QCOMPARE(readText(target), toStdout.out);
    // --output=FILE replaces the previous content; "-o -" is standard output.
    QCOMPARE(runKeypolicy({"check", "--output=" + target, cliData("good-mwaa.json"), "--no-mwaa"}).status, 0);
    QVERIFY(contains(readText(target), "good-mwaa.json: "));
    QVERIFY(!runKeypolicy({"check", "-o", "-", cliData("good-mwaa.json")}).out.empty());
    // No temporary file is left behind.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), qsizetype(1));
}

void TestCli::outputFailuresLeaveTargetUntouched()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto good = cliData("good-mwaa.json");
    // The parent of the target is a regular file: nothing can be created there (even as root).
    const auto blocker = dir.filePath("file").toStdString();
    writeText(blocker, "original");
    auto r = runKeypolicy({"check", good, "-o", blocker + "/out.json"});
    QCOMPARE(r.status, 2);
    QCOMPARE(r.err, "keypolicy: " + blocker + "/out.json: Not a directory\n");
    QCOMPARE(readText(blocker), std::string("original"));
    // The target is a directory: refused, the directory is untouched.
    const auto subdir = dir.filePath("subdir").toStdString();
    std::filesystem::create_directory(subdir);
    writeText(subdir + "/keep.json", "{}");
    r = runKeypolicy({"fix", good, "-o", subdir});
    QCOMPARE(r.status, 2);
    QVERIFY(contains(r.err, "keypolicy: " + subdir + ": Is a directory"));
    QVERIFY(std::filesystem::is_directory(subdir));
    QCOMPARE(readText(subdir + "/keep.json"), std::string("{}"));
    // A missing directory.
    r = runKeypolicy({"check", good, "-o", dir.filePath("nosuchdir/out.txt").toStdString()});
    QCOMPARE(r.status, 2);
    QVERIFY(contains(r.err, "No such file or directory"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), qsizetype(1));
}

void TestCli::outputFailureMidWriteKeepsOriginal()
{
    // Make the write itself fail half way (file size limit), as a full disk would: the original must survive and
    // no temporary file may remain. RLIMIT_FSIZE applies to root too.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto target = dir.filePath("policy.json").toStdString();
    const std::string original(2000, 'x');
    writeText(target, original);

    auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit previous{};
    QVERIFY(getrlimit(RLIMIT_FSIZE, &previous) == 0);
    rlimit small = previous;
    small.rlim_cur = 100;
    QVERIFY(setrlimit(RLIMIT_FSIZE, &small) == 0);
    const auto r
        = runKeypolicy(concat({"check", "--format", "sarif", "-o", target, cliData("good-mwaa.json")}, goodContext()));
    QVERIFY(setrlimit(RLIMIT_FSIZE, &previous) == 0);
    std::signal(SIGXFSZ, previousHandler);

    QCOMPARE(r.status, 2);
    QVERIFY2(contains(r.err, "keypolicy: " + target + ": File too large"), r.err.c_str());
    QCOMPARE(readText(target), original);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), qsizetype(1));
}

void TestCli::outputKeepsPermissions()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto target = dir.filePath("policy.json").toStdString();
    writeText(target, readText(cliData("good-mwaa.json")));
    QVERIFY(::chmod(target.c_str(), 0640) == 0);
    const auto r = runKeypolicy({"fix", target, "-o", target});
    QCOMPARE(r.status, 0);
    struct stat st
    {
    };
    QVERIFY(::stat(target.c_str(), &st) == 0);
    QCOMPARE(st.st_mode & 07777, mode_t(0640));
    // Nothing to fix: the file is rewritten with exactly its own text.
    QCOMPARE(readText(target), readText(cliData("good-mwaa.json")));
}

void TestCli::fixPrintsCorrectedPolicy()
{
    const auto good = cliData("good-mwaa.json");
    const auto r = runKeypolicy(concat({"check", "--fix", good}, goodContext()));
    QCOMPARE(r.status, 0);
    const auto reparsed = SourceDocument::parse(r.out);
    QVERIFY(reparsed.isValid());
    // Nothing to fix: the output is the input, byte for byte; fixing it again changes nothing.
    QCOMPARE(r.out, readText(good));
    QCOMPARE(runKeypolicy(concat({"fix", "-"}, goodContext()), r.out).out, r.out);
    QVERIFY(contains(r.err, "fix"));
    QVERIFY(contains(r.err, "applied; remaining: "));
    // `fix` and `check --fix` are the same.
    QCOMPARE(runKeypolicy(concat({"fix", good}, goodContext())).out, r.out);
    // A duplicate key is a judgement call (merge or remove), not a fix: the text stays as written (the old
    // full reformat dropped the second value as a side effect) and JSON_DUPLICATE_KEY is still reported.
    const auto dup = runKeypolicy({"fix", cliData("duplicate-key.json")});
    QCOMPARE(dup.status, 1);
    QCOMPARE(dup.out, readText(cliData("duplicate-key.json")));
    const auto fixed = SourceDocument::parse(dup.out);
    QVERIFY(fixed.isValid());
    QCOMPARE(parseFindings(fixed).size(), std::size_t(1));
    QCOMPARE(fixed.json()["Statement"].size(), std::size_t(1));
}

void TestCli::fixUnwrapsGetKeyPolicyOutput()
{
    const auto r = runKeypolicy({"fix", cliData("wrapped-duplicate-key.json")});
    QVERIFY(r.status == 0 || r.status == 1);
    const auto fixed = SourceDocument::parse(r.out);
    QVERIFY(fixed.isValid());
    QVERIFY(!fixed.isWrapped());
    QVERIFY(fixed.json().contains("Statement"));
    QVERIFY(!fixed.json().contains("Policy"));
    QCOMPARE(r.out, runKeypolicy({"fix", cliData("duplicate-key.json")}).out);
}

void TestCli::fixRefusesInvalidJsonAndBadOperands()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto target = dir.filePath("out.json").toStdString();
    auto r = runKeypolicy({"fix", cliData("syntax-error.json"), "-o", target});
    QCOMPARE(r.status, 1);
    QVERIFY(r.out.empty());
    QVERIFY(contains(r.err, "JSON_SYNTAX"));
    QVERIFY(contains(r.err, "nothing was written"));
    QVERIFY(!std::filesystem::exists(target));
    r = runKeypolicy({"fix", cliData("tree")});
    QCOMPARE(r.status, 2);
    QVERIFY(contains(r.err, "is a directory"));
    r = runKeypolicy({"fix", "nosuch.json"});
    QCOMPARE(r.status, 2);
    QCOMPARE(r.err, std::string("keypolicy: nosuch.json: No such file or directory\n"));
    r = runKeypolicy({"fix"});
    QCOMPARE(r.status, 2);
}

void TestCli::contextFilesAreLoaded()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto good = cliData("good-mwaa.json");
    auto r = runKeypolicy({"check", good, "--grants", "nosuch-grants.json"});
    QCOMPARE(r.status, 2);
    QCOMPARE(r.err.substr(0, r.err.find('\n')),
             std::string("keypolicy check: nosuch-grants.json: No such file or directory"));
    const auto bad = dir.filePath("bad.json").toStdString();
    writeText(bad, "{\"Grants\": ");
    r = runKeypolicy({"check", good, "--grants", bad});
    QCOMPARE(r.status, 2);
    // The file, line and column where the listing stops being JSON.
    QVERIFY2(contains(r.err, "keypolicy check: " + bad + ":1:12: Not valid JSON"), r.err.c_str());
    QVERIFY(contains(r.err, "(expected the output of `aws kms list-grants`)"));
    writeText(bad, "{\n  \"Grants\": [\n    \"not a grant\"\n  ]\n}\n");
    r = runKeypolicy({"check", good, "--grants", bad});
    QCOMPARE(r.status, 2);
    QVERIFY2(contains(r.err, bad + ":3:5: /Grants/0 is not a grant object"), r.err.c_str());
    writeText(bad, "{\"Keys\": []}");
    QCOMPARE(runKeypolicy({"check", good, "--grants", bad}).status, 2);
    const auto grants = dir.filePath("grants.json").toStdString();
    writeText(grants, "{\"Grants\": [], \"Truncated\": false}");
    r = runKeypolicy(concat({"check", good, "--grants", grants}, goodContext()));
    QVERIFY2(r.status == 0 || r.status == 1, r.err.c_str());
    QVERIFY(r.err.empty());
    r = runKeypolicy({"check", good, "--execution-role-policy", "nosuch-role.json"});
    QCOMPARE(r.status, 2);
    QVERIFY(contains(r.err, "nosuch-role.json: No such file or directory"));
    const auto role = dir.filePath("role.json").toStdString();
    writeText(role, R"({"Version": "2012-10-17", "Statement": []})");
    r = runKeypolicy(concat({"check",
                             good,
                             "--execution-role-policy",
                             role,
                             "--execution-role",
                             "arn:aws:iam::111122223333:role/service-role/MyEnv-role"},
                            goodContext()));
    QVERIFY2(r.status == 0 || r.status == 1, r.err.c_str());
    QVERIFY(r.err.empty());
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
