// SPDX-License-Identifier: GPL-3.0-or-later
// The renderers on hand-made reports: exact text, JSON keys, SARIF mapping and fixes, Markdown escaping.
#include "core/checker/Rules.h"
#include "core/json/Format.h"
#include "core/render/JsonRenderer.h"
#include "core/render/MarkdownRenderer.h"
#include "core/render/SarifRenderer.h"
#include "core/render/TextRenderer.h"

#include <QTest>

using namespace kps;
using namespace kps::render;

namespace {

const std::string Policy = "{\n"
                           "    \"Version\": \"2012-10-17\",\n"
                           "    \"Statement\": [\n"
                           "        {\n"
                           "            \"Sid\": \"Root | admin\",\n"
                           "            \"Effect\": \"allow\",\n"
                           "            \"Principal\": {\"AWS\": \"*\"},\n"
                           "            \"Action\": \"kms:*\",\n"
                           "            \"Resource\": \"*\"\n"
                           "        }\n"
                           "    ]\n"
                           "}\n";

FileResult makeFile(const std::string& path, const std::string& text)
{
    FileResult file;
    file.path = path;
    file.document = SourceDocument::parse(text);
    file.result.mwaaChecked = true;
    file.result.context.region = "eu-west-1";
    file.result.context.regionSource = ContextSource::Given;
    file.result.context.partition = "aws";
    file.result.context.partitionSource = ContextSource::Inferred;
    const auto& doc = file.document;
    file.result.findings.push_back(
        makeFinding("EFFECT_INVALID",
                    doc.locate("/Statement/0/Effect"),
                    {"allow"},
                    nlohmann::json::array({{{"op", "replace"}, {"path", "/Statement/0/Effect"}, {"value", "Allow"}}})));
    file.result.findings.push_back(makeFinding("PUBLIC_ACCESS", doc.locate("/Statement/0/Principal/AWS")));
    file.result.findings.push_back(makeFinding("VERSION_OLD", doc.locate("/Version")));
    file.result.findings.push_back(makeFinding("STATEMENT_REDUNDANT",
                                               doc.locate("/Statement/0"),
                                               {},
                                               nlohmann::json::array({{{"op", "remove"}, {"path", "/Statement/0"}}})));
    sortFindings(file.result.findings);
    return file;
}

Report sampleReport()
{
    Report report;
    report.files.push_back(makeFile("dir/my policy.json", Policy));
    return report;
}

} // namespace

class TestRender : public QObject
{
    Q_OBJECT

private slots:
    void countsArePluralized();
    void textIsCompilerStyle();
    void jsonFindingHasFixOnlyWhenFixable();
    void jsonTextIsLaidOutLikeDump();
    void sarifLevelsAndLocations();
    void sarifFixReplacementsReproduceThePatch();
    void sarifHasNoTextFixForWrappedOrStructuralPatches();
    void sarifUrisAreEncoded();
    void markdownEscapesCells();
};

void TestRender::countsArePluralized()
{
    QCOMPARE(describeCounts({}), std::string("0 errors, 0 security, 0 warnings, 0 suggestions"));
    QCOMPARE(describeCounts({1, 1, 1, 1}), std::string("1 error, 1 security, 1 warning, 1 suggestion"));
    QCOMPARE(describeCounts({2, 3, 4, 5}), std::string("2 errors, 3 security, 4 warnings, 5 suggestions"));
}

void TestRender::textIsCompilerStyle()
{
    const auto report = sampleReport();
    const auto& f = report.files[0].result.findings;
    std::string expected;
    for (const auto& finding : f) {
        expected += "dir/my policy.json:" + std::to_string(finding.location.span.line) + ':'
            + std::to_string(finding.location.span.column) + ": " + std::string(severityName(finding.severity)) + ' '
            + finding.code + ' ' + finding.message + '\n';
    }
    expected += "dir/my policy.json: 1 error, 1 security, 0 warnings, 2 suggestions; MWAA not ready\n";
    expected += "dir/my policy.json: context: region eu-west-1 (given), partition aws (inferred), account unknown, "
                "env unknown, key unknown\n";
    QCOMPARE(renderText(report), expected);
    // The Version finding is on line 2, column 16.
    QVERIFY(renderText(report).find("dir/my policy.json:2:16: suggestion VERSION_OLD ") != std::string::npos);
}

void TestRender::jsonFindingHasFixOnlyWhenFixable()
{
    const auto report = sampleReport();
    const auto json = reportToJson(report);
    const auto& findings = json["files"][0]["findings"];
    QCOMPARE(findings.size(), std::size_t(4));
    int withFix = 0;
    for (const auto& f : findings) {
        if (f.contains("fix")) {
            ++withFix;
            QVERIFY(f["fix"].is_array());
        }
    }
    QCOMPARE(withFix, 2);
    const auto effect = findingToJson(report.files[0].result.findings[2]);
    QCOMPARE(effect["code"].get<std::string>(), std::string("EFFECT_INVALID"));
    QCOMPARE(effect["fix"].dump(), std::string(R"([{"op":"replace","path":"/Statement/0/Effect","value":"Allow"}])"));
    QCOMPARE(json["summary"].dump(), std::string(R"({"files":1,"error":1,"security":1,"warning":0,"suggestion":2})"));
    QCOMPARE(json["files"][0]["context"].dump(),
             std::string(R"({"region":"eu-west-1","partition":"aws","account":"","env":"","key":""})"));
    // renderJson is the same document as text.
    QVERIFY(Json::parse(renderJson(report)) == json);
}

void TestRender::jsonTextIsLaidOutLikeDump()
{
    // renderJson writes the text itself; it must be byte for byte nlohmann's dump(2) of it, whatever the strings hold.
    const auto dumped = [](const Report& r) {
        return reportToJson(r).dump(2, ' ', false, nlohmann::detail::error_handler_t::replace) + '\n';
    };
    Report report = sampleReport();
    QCOMPARE(renderJson(report), dumped(report));
    // Quotes, backslashes, control characters, UTF-8, a byte that is not UTF-8 (in a file name), DEL.
    FileResult odd = makeFile("odd \"name\"\\\t\xff\x7f\u00e9.json", Policy);
    odd.result.findings[0].message = "line\nbreak \x01 \u20ac \U0001F600";
    odd.result.context.key = "arn:aws:kms:eu-west-1:111122223333:key/\"quoted\"";
    report.files.push_back(odd);
    FileResult empty = makeFile("empty.json", Policy);
    empty.result.findings.clear();
    empty.result.mwaaChecked = false;
    report.files.push_back(empty);
    report.errors.push_back(Error{"No such file or directory", "missing.json"});
    report.errors.push_back(Error{"Is a directory", "bad\x80.json"});
    QCOMPARE(renderJson(report), dumped(report));
    QVERIFY(renderJson(report).find("\"findings\": []") != std::string::npos);
    QCOMPARE(renderJson(Report{}), dumped(Report{}));
}

void TestRender::sarifLevelsAndLocations()
{
    const auto report = sampleReport();
    const auto sarif = reportToSarif(report);
    const auto& results = sarif["runs"][0]["results"];
    QCOMPARE(results.size(), std::size_t(4));
    std::map<std::string, Json> byRule;
    for (const auto& r : results) {
        byRule[r["ruleId"].get<std::string>()] = r;
    }
    QCOMPARE(byRule["EFFECT_INVALID"]["level"].get<std::string>(), std::string("error"));
    QCOMPARE(byRule["PUBLIC_ACCESS"]["level"].get<std::string>(), std::string("error"));
    QCOMPARE(byRule["PUBLIC_ACCESS"]["properties"]["severity"].get<std::string>(), std::string("security"));
    QCOMPARE(byRule["VERSION_OLD"]["level"].get<std::string>(), std::string("note"));
    // A security rule is tagged for code scanning.
    const auto& rules = sarif["runs"][0]["tool"]["driver"]["rules"];
    const auto index = byRule["PUBLIC_ACCESS"]["ruleIndex"].get<std::size_t>();
    QCOMPARE(rules[index]["id"].get<std::string>(), std::string("PUBLIC_ACCESS"));
    const auto& tags = rules[index]["properties"]["tags"];
    QVERIFY(std::find(tags.begin(), tags.end(), Json("security")) != tags.end());

    const auto& location = byRule["PUBLIC_ACCESS"]["locations"][0];
    const auto& region = location["physicalLocation"]["region"];
    const auto span = report.files[0].document.locate("/Statement/0/Principal/AWS").span;
    QCOMPARE(region["startLine"].get<int>(), 7);
    QCOMPARE(region["startColumn"].get<int>(), span.column);
    QCOMPARE(region["endLine"].get<int>(), 7);
    QCOMPARE(region["endColumn"].get<int>(), span.column + 3); // "*" with its quotes, exclusive end
    QCOMPARE(Policy.substr(region["byteOffset"].get<std::size_t>(), region["byteLength"].get<std::size_t>()),
             std::string("\"*\""));
    QCOMPARE(location["logicalLocations"][0]["fullyQualifiedName"].get<std::string>(),
             std::string("/Statement/0/Principal/AWS"));
    QCOMPARE(location["logicalLocations"][0]["kind"].get<std::string>(), std::string("value"));
    QCOMPARE(byRule["STATEMENT_REDUNDANT"]["locations"][0]["logicalLocations"][0]["kind"].get<std::string>(),
             std::string("object"));
    // Fingerprints are stable and distinguish findings.
    QVERIFY(reportToSarif(report)["runs"][0]["results"][0]["partialFingerprints"] == results[0]["partialFingerprints"]);
    QVERIFY(results[0]["partialFingerprints"] != results[1]["partialFingerprints"]);
}

void TestRender::sarifFixReplacementsReproduceThePatch()
{
    const auto report = sampleReport();
    const auto sarif = reportToSarif(report);
    const Finding* effect = nullptr;
    for (const auto& f : report.files[0].result.findings) {
        if (f.code == "EFFECT_INVALID") {
            effect = &f;
        }
    }
    QVERIFY(effect);
    Json result;
    for (const auto& r : sarif["runs"][0]["results"]) {
        if (r["ruleId"] == "EFFECT_INVALID") {
            result = r;
        }
    }
    QCOMPARE(result["properties"]["fix"].dump(), effect->fix.dump());
    const auto& change = result["fixes"][0]["artifactChanges"][0];
    QCOMPARE(change["artifactLocation"]["uri"].get<std::string>(), std::string("dir/my%20policy.json"));
    // Applying the text replacement gives the same document as applying the JSON Patch.
    std::string text = Policy;
    const auto& replacement = change["replacements"][0];
    text.replace(replacement["deletedRegion"]["byteOffset"].get<std::size_t>(),
                 replacement["deletedRegion"]["byteLength"].get<std::size_t>(),
                 replacement["insertedContent"]["text"].get<std::string>());
    const auto patched = applyPatch(Json::parse(Policy), effect->fix);
    QVERIFY(patched);
    QVERIFY(Json::parse(text) == *patched);
}

void TestRender::sarifHasNoTextFixForWrappedOrStructuralPatches()
{
    auto report = sampleReport();
    const auto plain = reportToSarif(report);
    for (const auto& r : plain["runs"][0]["results"]) {
        if (r["ruleId"] == "STATEMENT_REDUNDANT") {
            QVERIFY(!r.contains("fixes")); // a remove has no exact text equivalent here
            QVERIFY(r["properties"].contains("fix"));
        }
    }
    Report wrapped;
    wrapped.files.push_back(makeFile("wrapped.json", Json{{"Policy", Policy}}.dump()));
    QVERIFY(wrapped.files[0].document.isWrapped());
    const auto sarif = reportToSarif(wrapped);
    for (const auto& r : sarif["runs"][0]["results"]) {
        QVERIFY(!r.contains("fixes"));
    }
    QCOMPARE(sarif["runs"][0]["artifacts"][0]["properties"]["getKeyPolicyWrapper"].get<bool>(), true);
}

void TestRender::sarifUrisAreEncoded()
{
    QCOMPARE(pathToUri("policies/a.json"), std::string("policies/a.json"));
    QCOMPARE(pathToUri("my policy#1.json"), std::string("my%20policy%231.json"));
    QCOMPARE(pathToUri("<stdin>"), std::string("%3Cstdin%3E"));
    QCOMPARE(pathToUri("d\xC3\xA9j\xC3\xA0.json"), std::string("d%C3%A9j%C3%A0.json"));
    Report report;
    report.errors.push_back(Error{"No such file or directory", "gone.json"});
    const auto sarif = reportToSarif(report);
    const auto& invocation = sarif["runs"][0]["invocations"][0];
    QCOMPARE(invocation["executionSuccessful"].get<bool>(), false);
    QCOMPARE(invocation["toolExecutionNotifications"][0]["level"].get<std::string>(), std::string("error"));
    QCOMPARE(sarif["runs"][0]["results"].size(), std::size_t(0));
}

void TestRender::markdownEscapesCells()
{
    QCOMPARE(markdownEscape("a|b *c* <d> `e` [f]"), std::string("a\\|b \\*c\\* &lt;d&gt; \\`e\\` \\[f\\]"));
    const auto report = sampleReport();
    const auto md = renderMarkdown(report);
    QVERIFY(md.find("## dir/my policy.json\n") != std::string::npos);
    QVERIFY(md.find("| Severity | Code | Line:Col | Path | Message |\n|---|---|---|---|---|\n") != std::string::npos);
    QVERIFY(md.find("| suggestion | `VERSION_OLD` | 2:16 | /Version | ") != std::string::npos);
    QVERIFY(md.find("(fix available) |\n") != std::string::npos);
    QVERIFY(md.find("**MWAA not ready**") != std::string::npos);
    // One table row per finding: every row has exactly 6 unescaped pipes.
    std::size_t rows = 0;
    std::size_t pos = 0;
    while ((pos = md.find("\n| ", pos)) != std::string::npos) {
        ++pos;
        const auto end = md.find('\n', pos);
        const auto line = md.substr(pos, end - pos);
        int pipes = 0;
        for (std::size_t i = 0; i < line.size(); ++i) {
            pipes += line[i] == '|' && (i == 0 || line[i - 1] != '\\') ? 1 : 0;
        }
        QCOMPARE(pipes, 6);
        ++rows;
    }
    QCOMPARE(rows, std::size_t(1 + 4)); // header + findings
    FileResult clean;
    clean.path = "ok.json";
    clean.document = SourceDocument::parse("{}");
    QVERIFY(renderMarkdownFindings(clean).find("No findings.") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestRender)
#include "tst_render.moc"
