// SPDX-License-Identifier: GPL-3.0-or-later
// The finding reference generator (kps-findingref): every catalogue entry is documented, examples come from the
// fixture directory, fixes are shown applied, and catalogue prose renders as written.
#include "tools/findingref/FindingReference.h"

#include "core/checker/Rules.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <string>

using namespace kps;

namespace {

std::size_t count(const std::string& haystack, const std::string& needle)
{
    std::size_t n = 0;
    for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) {
        ++n;
    }
    return n;
}

void writeFile(const QString& path, const std::string& text)
{
    std::ofstream out(path.toStdString(), std::ios::binary);
    out << text;
}

} // namespace

class TestFindingRef : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyCodeHasOneSection()
    {
        const std::string md = docs::findingReferenceMarkdown({});
        for (const RuleInfo& rule : ruleCatalogue()) {
            const std::string code(rule.code);
            QVERIFY2(count(md, "\n### " + code + "\n") == 1, code.c_str());
            // Linked from the contents table, with the catalogue's severity.
            QVERIFY2(md.find("| [`" + code + "`](#") != std::string::npos, code.c_str());
            QVERIFY2(md.find("(#" + code + ")") == std::string::npos, "anchors are lower case");
            QVERIFY2(md.find("severity **" + std::string(severityName(rule.severity)) + "**") != std::string::npos,
                     code.c_str());
        }
        for (const RuleGroup group : {RuleGroup::Document, RuleGroup::Practice, RuleGroup::Mwaa}) {
            QCOMPARE(count(md, "\n## " + std::string(ruleGroupName(group)) + "\n"), std::size_t(1));
        }
        // Without fixtures there are no examples.
        QCOMPARE(count(md, "**Example**"), std::size_t(0));
    }

    void deterministic() { QCOMPARE(docs::findingReferenceMarkdown({}), docs::findingReferenceMarkdown({})); }

    void markdownInline_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("markdown");
        QTest::newRow("plain") << "Every statement needs an Effect."
                               << "Every statement needs an Effect.";
        QTest::newRow("wildcard actions") << "kms:Encrypt*, kms:Decrypt* and kms:Describe*."
                                          << "`kms:Encrypt*`, `kms:Decrypt*` and `kms:Describe*`.";
        QTest::newRow("quoted") << "Use \"Resource\": \"*\" here."
                                << "Use `\"Resource\"`: `\"*\"` here.";
        QTest::newRow("placeholder") << "The policy is %1 bytes."
                                     << "The policy is `%1` bytes.";
        QTest::newRow("parenthesis") << "(for example kms:CreateKey, kms:ListAliases)"
                                     << "(for example `kms:CreateKey`, `kms:ListAliases`)";
        QTest::newRow("option") << "Give the region (--region, or the panel)"
                                << "Give the region (`--region`, or the panel)";
        QTest::newRow("escaped") << "a <b> #d"
                                 << "a \\<b\\> \\#d";
        QTest::newRow("brackets are code") << "the pattern [a-z]+."
                                           << "the pattern `[a-z]+`.";
        QTest::newRow("half quote stays prose") << "(\"Policy contains\")."
                                                << "(\"Policy contains\").";
    }
    void markdownInline()
    {
        QFETCH(QString, text);
        QFETCH(QString, markdown);
        QCOMPARE(QString::fromStdString(docs::markdownInline(text.toStdString())), markdown);
    }

    void exampleFromFixtureDirectory()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("JSON_SYNTAX")));
        // Only fail-*.json count, the first in name order.
        writeFile(dir.filePath(QStringLiteral("JSON_SYNTAX/pass-ok.json")), "{\"Version\": \"2012-10-17\"}\n");
        writeFile(dir.filePath(QStringLiteral("JSON_SYNTAX/fail-b.json")), "{\n}}\n");
        // Expected locations are not policies, even though "fail-a-comma.expect.json" sorts first.
        writeFile(dir.filePath(QStringLiteral("JSON_SYNTAX/fail-a-comma.expect.json")), "[]\n");
        writeFile(dir.filePath(QStringLiteral("JSON_SYNTAX/fail-a-comma.json")),
                  "{\n  \"Version\": \"2012-10-17\"\n  \"Statement\": []\n}\n");
        docs::FindingReferenceOptions options;
        options.fixtureDir = dir.path().toStdString();
        const std::string md = docs::findingReferenceMarkdown(options);
        QCOMPARE(count(md, "**Example**"), std::size_t(1));
        QVERIFY(md.find("**Example** (`tests/data/policies/JSON_SYNTAX/fail-a-comma.json`, lines 1–4). "
                        "`keypolicy check --no-mwaa fail-a-comma.json` reports at line 3, column 3:")
                != std::string::npos);
        QVERIFY(md.find("```json\n{\n  \"Version\": \"2012-10-17\"\n  \"Statement\": []\n}\n```\n")
                != std::string::npos);
        QVERIFY(md.find("fail-b.json") == std::string::npos);
    }

    void exampleWithFixShowsCorrectedPolicy()
    {
        const std::string text = "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [\n        {\n"
                                 "            \"Effect\": \"allow\",\n            \"Action\": \"kms:*\"\n"
                                 "        }\n    ]\n}\n";
        const SourceDocument document = SourceDocument::parse(text);
        const Finding finding = makeFinding("EFFECT_INVALID",
                                            document.locate("/Statement/0/Effect"),
                                            {"allow"},
                                            nlohmann::json::parse(R"([{"op": "replace", "path": "/Statement/0/Effect",
                                                                       "value": "Allow"}])"));
        const std::string md
            = docs::exampleMarkdown("x/fail-case.json", "keypolicy check fail-case.json", document, &finding);
        QVERIFY(md.find("lines 3–7). `keypolicy check fail-case.json` reports at line 5, column 23:")
                != std::string::npos);
        QVERIFY(md.find("> Effect `\"allow\"` must be exactly") != std::string::npos);
        QVERIFY(md.find(R"([{"op":"replace","path":"/Statement/0/Effect","value":"Allow"}])") != std::string::npos);
        // The corrected policy, around the patched value.
        QVERIFY(md.find("After the fix (the corrected policy, lines 3–7):\n\n```json\n    \"Statement\": [\n        {\n"
                        "            \"Effect\": \"Allow\",\n")
                != std::string::npos);
    }

    void exampleWithoutTheFindingShowsTheFixture()
    {
        const SourceDocument document = SourceDocument::parse("{\n  \"Version\": \"2012-10-17\"\n}\n");
        const std::string md
            = docs::exampleMarkdown("x/fail-other.json", "keypolicy check fail-other.json", document, nullptr);
        QVERIFY(md.find("**Example** (`x/fail-other.json`):\n\n") != std::string::npos);
        QVERIFY(md.find("reports") == std::string::npos);
        QVERIFY(md.find("```json\n{\n  \"Version\": \"2012-10-17\"\n}\n```\n") != std::string::npos);
    }

    void fixtureContext()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto path = [&dir](const char* name) {
            return dir.filePath(QString::fromLatin1(name));
        };
        writeFile(path("fail-a.json"), "{}");
        writeFile(path("fail-b.json"), "{}");
        writeFile(path("fail-c.json"), "{}");
        // No context file: generic checks only, as the rule tests do.
        docs::FixtureCheck how = docs::fixtureCheck(path("fail-a.json").toStdString());
        QVERIFY(!how.options.mwaa);
        QCOMPARE(how.arguments, std::string("--no-mwaa "));

        writeFile(path("context.json"),
                  R"({"mwaa": true, "region": "eu-west-1", "account": "111122223333", "env": "analytics",
                      "grants": "grants.json", "roleArn": "arn:aws:iam::111122223333:role/x"})");
        writeFile(path("grants.json"), R"({"Grants": []})");
        writeFile(path("context.fail-b.json"), R"({"mwaa": false})");
        how = docs::fixtureCheck(path("fail-a.json").toStdString());
        QVERIFY(how.options.mwaa);
        QCOMPARE(how.options.context.region, std::string("eu-west-1"));
        QVERIFY(how.options.context.regionSource == ContextSource::Given);
        QCOMPARE(how.options.context.environment, std::string("analytics"));
        QVERIFY(how.options.context.key.empty());
        QVERIFY(how.options.grants.has_value());
        QCOMPARE(how.options.roleArn, std::string("arn:aws:iam::111122223333:role/x"));
        QCOMPARE(how.arguments,
                 std::string("--region eu-west-1 --account 111122223333 --env analytics --grants grants.json "
                             "--execution-role arn:aws:iam::111122223333:role/x "));
        // context.<fixture> wins over the folder's context.json.
        how = docs::fixtureCheck(path("fail-b.json").toStdString());
        QVERIFY(!how.options.mwaa);
        QCOMPARE(how.arguments, std::string("--no-mwaa "));
    }

    void longLinesAreCut()
    {
        const std::string longLine(500, '[');
        const SourceDocument document = SourceDocument::parse(longLine);
        const Finding finding = makeFinding("NESTING_TOO_DEEP", document.locate(""), {"64"});
        const std::string md
            = docs::exampleMarkdown("x/fail-deep.json", "keypolicy check fail-deep.json", document, &finding);
        QVERIFY(md.find(std::string(110, '[') + " …\n") != std::string::npos);
        QVERIFY(md.find(std::string(111, '[')) == std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestFindingRef)
#include "tst_findingref.moc"
