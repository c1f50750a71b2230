// SPDX-License-Identifier: GPL-3.0-or-later
// The keypolicy(1) generator: roff escaping, and every command and option of the help tables in the page.
#include "tools/manpage/ManPage.h"

#include "core/cli/Commands.h"

#include <QTest>

#include <string>

using namespace kps;

class TestManPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roffText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("roff");
        QTest::newRow("plain") << "Checks policies"
                               << "Checks policies";
        QTest::newRow("hyphens are minus") << "--fail-on error"
                                           << "\\-\\-fail\\-on error";
        QTest::newRow("backslash") << "a\\b"
                                   << "a\\eb";
        QTest::newRow("leading dot") << ".json files"
                                     << "\\&.json files";
        QTest::newRow("leading quote") << "'x'"
                                       << "\\&'x'";
        QTest::newRow("dot after newline") << "a\n.b"
                                           << "a\n\\&.b";
        QTest::newRow("non-ASCII") << QStringLiteral("a \u2014 b \u00e9") << "a \\[u2014] b \\[u00E9]";
    }
    void roffText()
    {
        QFETCH(QString, text);
        QFETCH(QString, roff);
        QCOMPARE(QString::fromStdString(docs::roffText(text.toStdString())), roff);
    }

    void everyCommandAndOptionIsInThePage()
    {
        const std::string page = docs::keypolicyManPage("1.2.3", "2026-01-02");
        QVERIFY(page.starts_with(".\\\""));
        QVERIFY(page.find(".TH KEYPOLICY 1 \"2026\\-01\\-02\" \"keypolicy 1.2.3\" \"User Commands\"\n")
                != std::string::npos);
        QVERIFY(page.find("\n.SH NAME\nkeypolicy \\- ") != std::string::npos);
        QVERIFY(!cli::commands().empty());
        for (const auto& command : cli::commands()) {
            const std::string name(command.name);
            QVERIFY2(page.find(".SS \"keypolicy " + name + "\"\n") != std::string::npos, name.c_str());
            for (const auto& option : command.options) {
                const std::string bold = "\\fB" + docs::roffText(option.name) + "\\fR";
                QVERIFY2(page.find(bold) != std::string::npos, std::string(option.name).c_str());
            }
        }
        QVERIFY(page.find(".SH \"EXIT STATUS\"\n.PP\n" + docs::roffText(cli::exitStatusHelp()).substr(0, 20))
                != std::string::npos);
        // No line may start with a character roff would take for a request, except the requests themselves.
        std::size_t pos = 0;
        while (pos < page.size()) {
            const auto end = page.find('\n', pos);
            const std::string line = page.substr(pos, end - pos);
            if (!line.empty() && (line[0] == '.' || line[0] == '\'')) {
                QVERIFY2(line.starts_with(".TH ") || line.starts_with(".SH ") || line.starts_with(".SS ")
                             || line == ".PP" || line == ".TP" || line == ".br" || line == ".nf" || line == ".fi"
                             || line == ".RE" || line.starts_with(".RS ") || line.starts_with(".\\\""),
                         line.c_str());
            }
            pos = end == std::string::npos ? page.size() : end + 1;
        }
    }

    void otherCommandsFromTheirHelpText()
    {
        // The layout QCommandLineParser prints (aws/ commands).
        const std::string help = "Usage: keypolicy [options] fetch\n"
                                 "Fetches a key's policy:\n"
                                 "  1. first;\n"
                                 "Exit status: 0 done.\n"
                                 "\n"
                                 "Options:\n"
                                 "  --key-id <KEY>            The key: key id or key ARN, alias name\n"
                                 "                            (alias/...) or alias ARN.\n"
                                 "  -o, --output-file <FILE>  Write the policy to FILE.\n"
                                 "  -h, --help                Show this help.\n"
                                 "\n"
                                 "Arguments:\n"
                                 "  fetch                     The command.\n"
                                 "  FILE                      The policy.\n";
        const std::string page = docs::keypolicyManPage("1.0.0", "2026-01-01", {{"fetch", help}});
        const auto section = page.find(".SS \"keypolicy fetch\"\n");
        QVERIFY(section != std::string::npos);
        const std::string fetch = page.substr(section, page.find(".SH OPTIONS") - section);
        QVERIFY2(fetch.find("\\fBkeypolicy\\fR [options] \\fBfetch\\fR\n") != std::string::npos, fetch.c_str());
        // Description lines keep their breaks (a list).
        QVERIFY(fetch.find("Fetches a key's policy:\n.br\n  1. first;\n.br\n") != std::string::npos);
        // Continuation lines join the item's description.
        QVERIFY(fetch.find(".TP\n\\fB\\-\\-key\\-id\\fR \\fI<KEY>\\fR\nThe key: key id or key ARN, alias name "
                           "(alias/...) or alias ARN.\n")
                != std::string::npos);
        QVERIFY(fetch.find(".TP\n\\fB\\-o\\fR, \\fB\\-\\-output\\-file\\fR \\fI<FILE>\\fR\n") != std::string::npos);
        QVERIFY(fetch.find(".TP\n\\fBFILE\\fR\nThe policy.\n") != std::string::npos);
        // The command's own name as an argument and the global -h/--help are left out.
        QVERIFY(fetch.find("The command.") == std::string::npos);
        QVERIFY(fetch.find("Show this help") == std::string::npos);
        // And it is in the synopsis.
        QVERIFY(page.find(".SH SYNOPSIS\n") < page.find("\\fBkeypolicy\\fR [options] \\fBfetch\\fR\n.br\n"));
    }

    void deterministic()
    {
        QCOMPARE(docs::keypolicyManPage("1.0.0", "2026-01-01"), docs::keypolicyManPage("1.0.0", "2026-01-01"));
    }
};

QTEST_GUILESS_MAIN(TestManPage)
#include "tst_manpage.moc"
