// SPDX-License-Identifier: GPL-3.0-or-later
// `keypolicy report`, in-process: options, exit status, -o, and the same bytes as the renderer.
#include "CliTestSupport.h"

#include "core/fix/Fixer.h"
#include "core/render/ChangeTicket.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace kps;
using namespace kps::test;

namespace {

std::string fixture(const std::string& relative)
{
    return std::string(KPS_TEST_DATA_DIR) + "/" + relative;
}

const std::string SeveralDefects = fixture("mwaagui/several-defects.json");

std::vector<std::string> args(std::initializer_list<std::string> list)
{
    return std::vector<std::string>(list);
}

/** The report the renderer gives for the file and the us-west-2 context (what the CLI must print). */
std::string expectedReport(const std::string& path, bool html)
{
    CheckOptions options;
    options.context.region = "us-west-2";
    options.context.regionSource = ContextSource::Given;
    options.context.account = "111122223333";
    options.context.accountSource = ContextSource::Given;
    options.context.environment = "MyEnv";
    options.context.environmentSource = ContextSource::Given;
    render::ChangeTicketInput in;
    in.originalText = readText(path);
    in.origin = render::ReportOrigin::file(path); // KPS_TEST_DATA_DIR is absolute
    in.fileName = "several-defects.json";
    in.correctedText = applyAllFixes(SourceDocument::parse(in.originalText), options).text;
    in.options = options;
    return html ? render::renderChangeTicketHtml(in) : render::renderChangeTicketMarkdown(in);
}

const std::vector<std::string> Context = {"--region", "us-west-2", "--account", "111122223333", "--env", "MyEnv"};

std::vector<std::string> reportArgs(std::vector<std::string> extra)
{
    std::vector<std::string> a = {"report"};
    a.insert(a.end(), Context.begin(), Context.end());
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
}

} // namespace

class TestReportCommand : public QObject
{
    Q_OBJECT

private slots:
    void listedInHelp()
    {
        const auto run = runKeypolicy(args({"--help"}));
        QCOMPARE(run.status, 0);
        QVERIFY(contains(run.out, "  report"));
        const auto help = runKeypolicy(args({"report", "--help"}));
        QCOMPARE(help.status, 0);
        for (const char* option : {"--region",
                                   "--account",
                                   "--env",
                                   "--key",
                                   "--grants",
                                   "--no-mwaa",
                                   "--format",
                                   "-o, --output",
                                   "put-key-policy",
                                   "<KEY_ID>"}) {
            QVERIFY2(contains(help.out, option), option);
        }
    }

    void markdownToStdoutEqualsRenderer()
    {
        const auto run = runKeypolicy(reportArgs({SeveralDefects}));
        QCOMPARE(run.status, 0);
        QVERIFY2(run.err.empty(), run.err.c_str());
        QCOMPARE(run.out, expectedReport(SeveralDefects, false));
        QVERIFY(contains(run.out, "# Change ticket: key policy several-defects.json\n"));
    }

    void htmlEqualsRenderer()
    {
        const auto run = runKeypolicy(reportArgs({"--format", "html", SeveralDefects}));
        QCOMPARE(run.status, 0);
        QCOMPARE(run.out, expectedReport(SeveralDefects, true));
        QVERIFY(run.out.rfind("<!DOCTYPE html>\n", 0) == 0);
    }

    void explicitMarkdownFormat()
    {
        const auto run = runKeypolicy(reportArgs({"--format", "markdown", SeveralDefects}));
        QCOMPARE(run.status, 0);
        QCOMPARE(run.out, expectedReport(SeveralDefects, false));
    }

    void outputFileWritten()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string out = dir.filePath(QStringLiteral("ticket.html")).toStdString();
        writeText(out, "old content");
        const auto run = runKeypolicy(reportArgs({"--format=html", "-o", out, SeveralDefects}));
        QCOMPARE(run.status, 0);
        QVERIFY(run.out.empty());
        QCOMPARE(readText(out), expectedReport(SeveralDefects, true));
    }

    void sameReportFromAnyDirectory()
    {
        // The report depends on the file, not on where keypolicy ran: a relative path from another directory names
        // the same absolute path in the "Original from" line, so the bytes are the same.
        const QString before = QDir::currentPath();
        const QFileInfo file(QString::fromStdString(SeveralDefects));
        QVERIFY(QDir::setCurrent(file.dir().filePath(QStringLiteral(".."))));
        const auto relative = runKeypolicy(reportArgs({"mwaagui/../mwaagui/several-defects.json"}));
        QVERIFY(QDir::setCurrent(before));
        QCOMPARE(relative.status, 0);
        QCOMPARE(relative.out, runKeypolicy(reportArgs({SeveralDefects})).out);
        QVERIFY(
            contains(relative.out,
                     "- Original from: the file `" + file.absoluteFilePath().toStdString() + "` as read (SHA-256 `"));

        // A copy elsewhere is another original: only its "Original from" line differs.
        QTemporaryDir dir;
        const std::string copy = dir.filePath(QStringLiteral("several-defects.json")).toStdString();
        writeText(copy, readText(SeveralDefects));
        const std::string copied = runKeypolicy(reportArgs({copy})).out;
        const std::string original = runKeypolicy(reportArgs({SeveralDefects})).out;
        QVERIFY(copied != original);
        const auto withoutOrigin = [](std::string text) {
            const auto at = text.find("- Original from: ");
            return at == std::string::npos ? text : text.erase(at, text.find('\n', at) - at);
        };
        QCOMPARE(withoutOrigin(copied), withoutOrigin(original));
        QVERIFY(contains(copied, "- Original from: the file `" + copy + "` as read"));
    }

    void standardInput()
    {
        const auto run = runKeypolicy(reportArgs({"-"}), readText(SeveralDefects));
        QCOMPARE(run.status, 0);
        QVERIFY(contains(run.out, "file://policy.corrected.json"));
        QVERIFY(contains(run.out, "- Original from: standard input (SHA-256 `"));
    }

    void exitZeroDespiteErrors()
    {
        // The report is the product; findings (even errors that remain) do not fail the command.
        const auto run = runKeypolicy(args({"report",
                                            "--region",
                                            "eu-west-1",
                                            "--account",
                                            "111122223333",
                                            "--env",
                                            "analytics",
                                            fixture("policies/ACTION_MISSING/fail-no-action.json")}));
        QCOMPARE(run.status, 0);
        QVERIFY(contains(run.out, "- After: 1 error, "));
        QVERIFY(contains(run.out, "MWAA not ready"));
        QVERIFY(contains(run.out, "1 error finding remains after the fixes: review before applying."));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("no file") << QStringList{"report"} << "exactly one FILE";
        QTest::newRow("two files") << QStringList{"report", "a.json", "b.json"} << "exactly one FILE";
        QTest::newRow("bad format") << QStringList{"report", "--format", "sarif", "x.json"} << "markdown, html";
        QTest::newRow("bad region") << QStringList{"report", "--region", "Mars", "x.json"} << "not a region code";
        QTest::newRow("unknown option") << QStringList{"report", "--fail-on", "error", "x.json"} << "unknown option";
        QTest::newRow("directory") << QStringList{"report", QStringLiteral(KPS_TEST_DATA_DIR)} << "is a directory";
    }
    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        std::vector<std::string> a;
        for (const auto& s : arguments) {
            a.push_back(s.toStdString());
        }
        const auto run = runKeypolicy(a);
        QCOMPARE(run.status, 2);
        QVERIFY(run.out.empty());
        QVERIFY2(contains(run.err, message.toStdString()), run.err.c_str());
    }

    void missingFile()
    {
        const auto run = runKeypolicy(args({"report", "/nonexistent/policy.json"}));
        QCOMPARE(run.status, 2);
        QVERIFY(contains(run.err, "keypolicy: /nonexistent/policy.json: No such file or directory"));
    }

    void syntaxErrorNamesLineAndColumn()
    {
        QTemporaryDir dir;
        const std::string out = dir.filePath(QStringLiteral("ticket.md")).toStdString();
        const std::string input = cliData("syntax-error.json");
        const auto run = runKeypolicy(args({"report", "-o", out, input}));
        QCOMPARE(run.status, 2);
        QVERIFY(run.out.empty());
        QVERIFY2(contains(run.err, input + ":") && contains(run.err, "JSON_SYNTAX"), run.err.c_str());
        QVERIFY(contains(run.err, "no report was written"));
        QVERIFY(!QFile::exists(QString::fromStdString(out)));
        // file:line:col
        const auto colon = run.err.find(input + ":");
        QVERIFY(std::isdigit(static_cast<unsigned char>(run.err[colon + input.size() + 1])));
    }

    void unwritableOutput()
    {
        const auto run = runKeypolicy(reportArgs({"-o", "/nonexistent/dir/ticket.md", SeveralDefects}));
        QCOMPARE(run.status, 2);
        QVERIFY(contains(run.err, "keypolicy: /nonexistent/dir/ticket.md: "));
    }

    void grantsOption()
    {
        const auto run = runKeypolicy(args({"report",
                                            "--region",
                                            "eu-west-1",
                                            "--account",
                                            "111122223333",
                                            "--env",
                                            "analytics",
                                            "--grants",
                                            fixture("grants/missing-one.json"),
                                            SeveralDefects}));
        QCOMPARE(run.status, 0);
        QVERIFY(contains(run.out, "## Grant audit\n\nEvery grant on the key, reviewed"));
        QVERIFY(contains(run.out, "| missing |"));
        QVERIFY(contains(run.out, "| missing-one.json:2:15 |")); // the grant finding, in the listing
    }
};

QTEST_GUILESS_MAIN(TestReportCommand)
#include "tst_reportcommand.moc"
