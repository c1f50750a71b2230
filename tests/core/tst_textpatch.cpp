// SPDX-License-Identifier: GPL-3.0-or-later
// core/json alone (this test links kps_json, not kps_core): the JSON Patch that edits a policy's text in place, in
// the author's layout. Every case also checks the result against the DOM patch (applyPatch).
#include "core/json/Format.h"
#include "core/json/TextPatch.h"

#include <QTest>

#include <string>

using namespace kps;

namespace QTest {
/// Texts in failure messages, with line breaks shown as \n.
template <>
char* toString(const std::string& text)
{
    return toString(QString::fromStdString(text));
}
} // namespace QTest

namespace {

/** The text after the patch; fails the test unless it was edited in place and reads as applyPatch()'s document. */
std::string patched(const std::string& text, const char* patch)
{
    const SourceDocument document = SourceDocument::parse(text);
    const auto ops = nlohmann::json::parse(patch);
    const TextPatchResult result = textPatch(document, ops);
    if (result.status != TextPatchResult::Status::Edited) {
        QTest::qFail(("not edited in place: " + result.message).c_str(), __FILE__, __LINE__);
        return {};
    }
    const auto expected = applyPatch(document.json(), ops);
    const SourceDocument reread = SourceDocument::parse(result.text);
    if (!expected || !reread.isValid() || reread.json() != *expected || result.json != *expected) {
        QTest::qFail("the text does not read as the DOM patch's document", __FILE__, __LINE__);
    }
    if (applyTextEdits(document.text(), result.edits) != result.text) {
        QTest::qFail("the edits do not make the text", __FILE__, __LINE__);
    }
    if (!result.document || result.document->text() != result.text || result.document->json() != result.json) {
        QTest::qFail("the result's document is not the parse of its text", __FILE__, __LINE__);
    }
    return result.text;
}

/** `n` spaces. */
std::string sp(int n)
{
    return std::string(static_cast<std::size_t>(n), ' ');
}

/** A two-statement policy laid out with the given indentation unit and line break. */
std::string layout(const std::string& unit, const std::string& nl)
{
    const std::string u1 = unit;
    const std::string u2 = unit + unit;
    const std::string u3 = u2 + unit;
    const std::string u4 = u3 + unit;
    return "{" + nl + u1 + "\"Version\": \"2012-10-17\"," + nl + u1 + "\"Statement\": [" + nl + u2 + "{" + nl + u3
        + "\"Sid\": \"Root\"," + nl + u3 + "\"Effect\": \"allow\"," + nl + u3 + "\"Principal\": {" + nl + u4
        + "\"AWS\": \"arn:aws:iam::111122223333:root\"" + nl + u3 + "}," + nl + u3 + "\"Action\": \"kms:*\"," + nl + u3
        + "\"Resource\": \"*\"" + nl + u2 + "}," + nl + u2 + "{" + nl + u3 + "\"Sid\": \"Use\"," + nl + u3
        + "\"Effect\": \"Allow\"," + nl + u3 + "\"Principal\": {" + nl + u4
        + "\"AWS\": \"arn:aws:iam::111122223333:role/App\"" + nl + u3 + "}," + nl + u3 + "\"Action\": [" + nl + u4
        + "\"kms:Decrypt\"," + nl + u4 + "\"kms:Encrypt\"" + nl + u3 + "]," + nl + u3 + "\"Resource\": \"*\"" + nl + u2
        + "}" + nl + u1 + "]" + nl + "}" + nl;
}

/** The lines of a text that differ from the other's, as "-line" / "+line" (a simple line-by-line comparison). */
std::string changedLines(const std::string& before, const std::string& after)
{
    const auto split = [](const std::string& text) {
        std::vector<std::string> lines;
        std::size_t at = 0;
        while (at <= text.size()) {
            const std::size_t lf = text.find('\n', at);
            lines.push_back(text.substr(at, lf == std::string::npos ? std::string::npos : lf - at));
            if (lf == std::string::npos) {
                break;
            }
            at = lf + 1;
        }
        return lines;
    };
    const auto a = split(before);
    const auto b = split(after);
    // Common head and tail; what is between them changed.
    std::size_t head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head]) {
        ++head;
    }
    std::size_t tail = 0;
    while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) {
        ++tail;
    }
    std::string out;
    for (std::size_t i = head; i < a.size() - tail; ++i) {
        out += "-" + a[i] + "\n";
    }
    for (std::size_t i = head; i < b.size() - tail; ++i) {
        out += "+" + b[i] + "\n";
    }
    return out;
}

} // namespace

class TestTextPatch : public QObject
{
    Q_OBJECT

private slots:
    void detectsTheLayout();
    void replaceRewritesOnlyTheValue_data();
    void replaceRewritesOnlyTheValue();
    void addsToArraysInTheirStyle();
    void addsMembersInTheObjectsStyle();
    void fillsEmptyContainersInTheDocumentsStyle();
    void scalarBecomesArrayLikeTheOtherArrays();
    void removesEntriesWithOneComma();
    void followsTabsAndCrLf();
    void editsOneLinePolicies();
    void movesRenamesAndCopies();
    void nestedConditions();
    void keepsUnicodeEscapesAndNumbers();
    void editsThePolicyInsideGetKeyPolicyOutput();
    void reformatsWhenTheTextCannotBeEdited();
    void failsWhenThePatchDoesNotApply();
    void applyPatchRenamesInPlace();
};

void TestTextPatch::detectsTheLayout()
{
    const TextStyle two = detectTextStyle(layout(sp(2), "\n"));
    QCOMPARE(two.indentUnit, sp(2));
    QCOMPARE(two.newline, std::string("\n"));
    QVERIFY(two.multilineObjects);
    QVERIFY(two.multilineArrays);
    QCOMPARE(two.colon, std::string(": "));

    const TextStyle tabs = detectTextStyle(layout("\t", "\r\n"));
    QCOMPARE(tabs.indentUnit, std::string("\t"));
    QCOMPARE(tabs.newline, std::string("\r\n"));

    const TextStyle oneLine = detectTextStyle(R"({"Version":"2012-10-17","Statement":[{"Action":["a","b"]}]})");
    QVERIFY(!oneLine.multilineObjects);
    QVERIFY(!oneLine.multilineArrays);
    QCOMPARE(oneLine.colon, std::string(":"));
    QCOMPARE(oneLine.inlineComma, std::string(","));

    // Statements on lines of their own, principals and action lists inline: per depth.
    const std::string mixed
        = "{\n  \"Statement\": [\n    {\n      \"Principal\": {\"AWS\": \"x\"},\n"
          "      \"Action\": [\"a\", \"b\"]\n    },\n    {\n      \"Principal\": {\"AWS\": \"y\"},\n"
          "      \"Action\": [\"c\", \"d\"]\n    }\n  ]\n}\n";
    const TextStyle m = detectTextStyle(mixed);
    QVERIFY(m.objectsMultiline(0));
    QVERIFY(m.arraysMultiline(1));
    QVERIFY(m.objectsMultiline(2));
    QVERIFY(!m.objectsMultiline(3));
    QVERIFY(!m.arraysMultiline(3));
    QCOMPARE(m.inlineComma, std::string(", "));
}

void TestTextPatch::replaceRewritesOnlyTheValue_data()
{
    QTest::addColumn<QString>("unit");
    QTest::newRow("2 spaces") << QStringLiteral("  ");
    QTest::newRow("4 spaces") << QStringLiteral("    ");
    QTest::newRow("tabs") << QStringLiteral("\t");
}

void TestTextPatch::replaceRewritesOnlyTheValue()
{
    QFETCH(QString, unit);
    const std::string text = layout(unit.toStdString(), "\n");
    const std::string out = patched(text, R"([{"op": "replace", "path": "/Statement/0/Effect", "value": "Allow"}])");
    QCOMPARE(changedLines(text, out),
             "-" + unit.toStdString().append(unit.toStdString()).append(unit.toStdString())
                 + "\"Effect\": \"allow\",\n+" + unit.toStdString() + unit.toStdString() + unit.toStdString()
                 + "\"Effect\": \"Allow\",\n");
    const auto result = textPatch(SourceDocument::parse(text),
                                  nlohmann::json::parse(R"([{"op": "replace", "path": "/Statement/0/Effect",
                                                             "value": "Allow"}])"));
    QCOMPARE(result.edits.size(), std::size_t(1));
    QCOMPARE(result.edits[0].text, std::string("\"Allow\""));
    QCOMPARE(result.edits[0].length, std::string("\"allow\"").size());
}

void TestTextPatch::addsToArraysInTheirStyle()
{
    const std::string text = layout(sp(2), "\n");
    // Appended after the last element, one per line as its siblings.
    QCOMPARE(changedLines(text, patched(text, R"([{"op": "add", "path": "/Statement/1/Action/-", "value": "kms:X"}])")),
             "-" + sp(8) + "\"kms:Encrypt\"\n+" + sp(8) + "\"kms:Encrypt\",\n+" + sp(8) + "\"kms:X\"\n");
    // At index 0: before the first element.
    QCOMPARE(changedLines(text, patched(text, R"([{"op": "add", "path": "/Statement/1/Action/0", "value": "kms:X"}])")),
             "+" + sp(8) + "\"kms:X\",\n");
    // In the middle: after its predecessor (whose line, comma included, stays as it was).
    QCOMPARE(changedLines(text, patched(text, R"([{"op": "add", "path": "/Statement/1/Action/1", "value": "kms:X"}])")),
             "+" + sp(8) + "\"kms:X\",\n");
    // An inline array stays inline.
    const std::string inlined = R"({
  "Statement": [{"Action": ["kms:A", "kms:B"], "Resource": ["*"]}]
})";
    QCOMPARE(patched(inlined, R"([{"op": "add", "path": "/Statement/0/Action/-", "value": "kms:C"}])"), std::string(R"({
  "Statement": [{"Action": ["kms:A", "kms:B", "kms:C"], "Resource": ["*"]}]
})"));
    QCOMPARE(patched(inlined, R"([{"op": "add", "path": "/Statement/0/Resource/-", "value": "arn:x"}])"),
             std::string(R"({
  "Statement": [{"Action": ["kms:A", "kms:B"], "Resource": ["*", "arn:x"]}]
})"));
    // A new statement: written in the style of the statements, after the last one.
    const std::string added
        = patched(text, R"([{"op": "add", "path": "/Statement/-", "value": {"Effect": "Deny", "Action": ["kms:A"]}}])");
    // (The comparison pairs the old closing brace with the new statement's.)
    QCOMPARE(changedLines(text, added),
             "+" + sp(4) + "},\n+" + sp(4) + "{\n+" + sp(6) + "\"Action\": [\n+" + sp(8) + "\"kms:A\"\n+" + sp(6)
                 + "],\n+" + sp(6) + "\"Effect\": \"Deny\"\n");
}

void TestTextPatch::addsMembersInTheObjectsStyle()
{
    const std::string text = layout(sp(2), "\n");
    QCOMPARE(changedLines(text, patched(text, R"([{"op": "add", "path": "/Statement/0/Sid2", "value": "x"}])")),
             "-" + sp(6) + "\"Resource\": \"*\"\n+" + sp(6) + "\"Resource\": \"*\",\n+" + sp(6) + "\"Sid2\": \"x\"\n");
    // An existing member: its value is replaced in place.
    QCOMPARE(changedLines(text, patched(text, R"([{"op": "add", "path": "/Statement/0/Sid", "value": "Admin"}])")),
             "-" + sp(6) + "\"Sid\": \"Root\",\n+" + sp(6) + "\"Sid\": \"Admin\",\n");
    // An inline object gets an inline member, with the object's own colon.
    const std::string inlined = "{\n  \"Principal\": {\"AWS\" : \"a\"}\n}\n";
    QCOMPARE(patched(inlined, R"([{"op": "add", "path": "/Principal/Service", "value": "logs.amazonaws.com"}])"),
             std::string("{\n  \"Principal\": {\"AWS\" : \"a\", \"Service\" : \"logs.amazonaws.com\"}\n}\n"));
    // kps:before puts a new member in front of the one it names, in the DOM and in the text alike.
    QCOMPARE(
        changedLines(
            text,
            patched(text,
                    R"([{"op": "add", "path": "/Statement/0/Principal2", "value": "*", "kps:before": "Action"}])")),
        "+" + sp(6) + "\"Principal2\": \"*\",\n");
    QCOMPARE(patched(inlined, R"([{"op": "add", "path": "/Principal/Service", "value": "s", "kps:before": "AWS"}])"),
             std::string("{\n  \"Principal\": {\"Service\" : \"s\", \"AWS\" : \"a\"}\n}\n"));
    const auto dom = applyPatch(Json::parse(R"({"a": 1, "b": 2})"),
                                Json::parse(R"([{"op": "add", "path": "/n", "value": 0, "kps:before": "b"}])"));
    QVERIFY(dom);
    QCOMPARE(dom->dump(), std::string(R"({"a":1,"n":0,"b":2})"));
    // A member it does not name: appended, as RFC 6902 says.
    const auto appended = applyPatch(Json::parse(R"({"a": 1})"),
                                     Json::parse(R"([{"op": "add", "path": "/n", "value": 0, "kps:before": "x"}])"));
    QCOMPARE(appended->dump(), std::string(R"({"a":1,"n":0})"));
}

void TestTextPatch::fillsEmptyContainersInTheDocumentsStyle()
{
    const std::string text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}\n";
    // Member by member, as the MWAA fixes add a statement (Patches.cpp's appendAddValue).
    const std::string out = patched(text, R"([
        {"op": "add", "path": "/Statement/0", "value": {}},
        {"op": "add", "path": "/Statement/0/Sid", "value": "Logs"},
        {"op": "add", "path": "/Statement/0/Principal", "value": {}},
        {"op": "add", "path": "/Statement/0/Principal/Service", "value": "logs.eu-west-1.amazonaws.com"},
        {"op": "add", "path": "/Statement/0/Action", "value": ["kms:Encrypt*", "kms:Decrypt*"]}
    ])");
    QCOMPARE(out,
             std::string("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"Logs\",\n"
                         "      \"Principal\": {\n        \"Service\": \"logs.eu-west-1.amazonaws.com\"\n      },\n"
                         "      \"Action\": [\n        \"kms:Encrypt*\",\n        \"kms:Decrypt*\"\n      ]\n"
                         "    }\n  ]\n}\n"));
    // Inside an inline object, an empty object is filled inline.
    QCOMPARE(patched("{\n  \"Condition\": {\"Bool\": {}}\n}\n",
                     R"([{"op": "add", "path": "/Condition/Bool/aws:ViaAWSService", "value": "true"}])"),
             std::string("{\n  \"Condition\": {\"Bool\": {\"aws:ViaAWSService\": \"true\"}}\n}\n"));
}

void TestTextPatch::scalarBecomesArrayLikeTheOtherArrays()
{
    // The document writes its arrays one element per line: so is the new one.
    const std::string text = layout(sp(2), "\n");
    QCOMPARE(changedLines(text,
                          patched(text,
                                  R"([{"op": "replace", "path": "/Statement/0/Action",
                                       "value": ["kms:X", "kms:Y"]}])")),
             "-" + sp(6) + "\"Action\": \"kms:*\",\n+" + sp(6) + "\"Action\": [\n+" + sp(8) + "\"kms:X\",\n+" + sp(8)
                 + "\"kms:Y\"\n+" + sp(6) + "],\n");
    // The document writes its action lists inline: so is the new one.
    const std::string inlineArrays
        = "{\n  \"Statement\": [\n    {\n      \"Action\": \"kms:X\",\n"
          "      \"Resource\": \"*\"\n    },\n    {\n      \"Action\": [\"kms:A\", \"kms:B\"],\n"
          "      \"Resource\": \"*\"\n    }\n  ]\n}\n";
    QCOMPARE(changedLines(inlineArrays,
                          patched(inlineArrays,
                                  R"([{"op": "replace", "path": "/Statement/0/Action",
                                       "value": ["kms:X", "kms:Y"]}])")),
             std::string("-      \"Action\": \"kms:X\",\n+      \"Action\": [\"kms:X\", \"kms:Y\"],\n"));
}

void TestTextPatch::removesEntriesWithOneComma()
{
    const std::string text = layout(sp(2), "\n");
    // First of two on lines of their own: its line goes, with its comma.
    QCOMPARE(changedLines(text, patched(text, R"([{"op": "remove", "path": "/Statement/1/Action/0"}])")),
             "-" + sp(8) + "\"kms:Decrypt\",\n");
    // Last: the comma before it goes.
    QCOMPARE(changedLines(text, patched(text, R"([{"op": "remove", "path": "/Statement/1/Action/1"}])")),
             "-" + sp(8) + "\"kms:Decrypt\",\n-" + sp(8) + "\"kms:Encrypt\"\n+" + sp(8) + "\"kms:Decrypt\"\n");
    // A middle member.
    QCOMPARE(changedLines(text, patched(text, R"([{"op": "remove", "path": "/Statement/0/Effect"}])")),
             "-" + sp(6) + "\"Effect\": \"allow\",\n");
    // A whole statement of several lines.
    const std::string first = patched(text, R"([{"op": "remove", "path": "/Statement/0"}])");
    QVERIFY(first.find("Root") == std::string::npos);
    QVERIFY(first.starts_with("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"Use\","));
    QVERIFY(first.find("\"Sid\": \"Use\"") != std::string::npos);
    // Inline: first, middle, last.
    const std::string inlined = R"({"Action": ["a", "b", "c"]})";
    QCOMPARE(patched(inlined, R"([{"op": "remove", "path": "/Action/0"}])"), std::string(R"({"Action": ["b", "c"]})"));
    QCOMPARE(patched(inlined, R"([{"op": "remove", "path": "/Action/1"}])"), std::string(R"({"Action": ["a", "c"]})"));
    QCOMPARE(patched(inlined, R"([{"op": "remove", "path": "/Action/2"}])"), std::string(R"({"Action": ["a", "b"]})"));
    // The only entry: the brackets stay.
    QCOMPARE(patched("{\n  \"Action\": [\n    \"a\"\n  ]\n}", R"([{"op": "remove", "path": "/Action/0"}])"),
             std::string("{\n  \"Action\": []\n}"));
    // Comma-first layout.
    QCOMPARE(patched("[ \"a\"\n, \"b\"\n, \"c\"\n]", R"([{"op": "remove", "path": "/1"}])"),
             std::string("[ \"a\"\n, \"c\"\n]"));
}

void TestTextPatch::followsTabsAndCrLf()
{
    const std::string text = layout("\t", "\r\n");
    const std::string out
        = patched(text, R"([{"op": "add", "path": "/Statement/0/Condition", "value": {"Bool": {"aws:X": "true"}}}])");
    QCOMPARE(changedLines(text, out),
             std::string("-\t\t\t\"Resource\": \"*\"\r\n+\t\t\t\"Resource\": \"*\",\r\n+\t\t\t\"Condition\": {\r\n"
                         "+\t\t\t\t\"Bool\": {\r\n+\t\t\t\t\t\"aws:X\": \"true\"\r\n+\t\t\t\t}\r\n+\t\t\t}\r\n"));
    // Every line break is still CRLF.
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i] == '\n') {
            QVERIFY(i > 0 && out[i - 1] == '\r');
        }
    }
    const std::string removed = patched(text, R"([{"op": "remove", "path": "/Statement/1/Action/0"}])");
    QCOMPARE(changedLines(text, removed), std::string("-\t\t\t\t\"kms:Decrypt\",\r\n"));
}

void TestTextPatch::editsOneLinePolicies()
{
    const std::string text
        = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"a"},"Action":"kms:X"}]})";
    QCOMPARE(
        patched(text, R"([{"op": "replace", "path": "/Statement/0/Action", "value": ["kms:X", "kms:Y"]}])"),
        std::string(
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"a"},"Action":["kms:X","kms:Y"]}]})"));
    QCOMPARE(
        patched(text, R"([{"op": "add", "path": "/Statement/0/Resource", "value": "*"}])"),
        std::string(
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"a"},"Action":"kms:X","Resource":"*"}]})"));
    QCOMPARE(
        patched(text,
                R"([{"op": "add", "path": "/Statement/-", "value": {"Effect": "Deny", "Principal": {"AWS": "b"}}}])"),
        std::string(
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"a"},"Action":"kms:X"},{"Effect":"Deny","Principal":{"AWS":"b"}}]})"));
    QCOMPARE(patched(text, R"([{"op": "remove", "path": "/Version"}])"),
             std::string(R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"a"},"Action":"kms:X"}]})"));
}

void TestTextPatch::movesRenamesAndCopies()
{
    const std::string text = layout(sp(2), "\n");
    // A move to a new key of the same object renames the key where it stands.
    QCOMPARE(changedLines(text,
                          patched(text,
                                  R"([{"op": "move", "from": "/Statement/0/Principal/AWS",
                                       "path": "/Statement/0/Principal/Service"}])")),
             "-" + sp(8) + "\"AWS\": \"arn:aws:iam::111122223333:root\"\n+" + sp(8)
                 + "\"Service\": \"arn:aws:iam::111122223333:root\"\n");
    // A statement moved down keeps its text (re-indented where needed).
    const std::string moved = patched(text, R"([{"op": "move", "from": "/Statement/0", "path": "/Statement/1"}])");
    QVERIFY(moved.find("\"Sid\": \"Use\"") < moved.find("\"Sid\": \"Root\""));
    QVERIFY(moved.find("    {\n      \"Sid\": \"Root\",\n      \"Effect\": \"allow\",") != std::string::npos);
    // A copy into another object at another depth: re-indented.
    QCOMPARE(changedLines(text,
                          patched(text,
                                  R"([{"op": "copy", "from": "/Statement/0/Principal",
                                       "path": "/Copied"}])")),
             "-  ]\n+  ],\n+  \"Copied\": {\n+    \"AWS\": \"arn:aws:iam::111122223333:root\"\n+  }\n");
    // Wrapping a single statement object into an array (core/mwaa/Patches.cpp's appendStatementPatch).
    const std::string single
        = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\n    \"Effect\": \"Allow\"\n  }\n}\n";
    QCOMPARE(patched(single, R"([
        {"op": "move", "from": "/Statement", "path": "/__keypolicy_statement"},
        {"op": "add", "path": "/Statement", "value": []},
        {"op": "move", "from": "/__keypolicy_statement", "path": "/Statement/-"}
    ])"),
             std::string("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\"\n"
                         "    }\n  ]\n}\n"));
    // test changes nothing; a move onto itself neither.
    QCOMPARE(patched(text, R"([{"op": "test", "path": "/Version", "value": "2012-10-17"}])"), text);
    QCOMPARE(patched(text, R"([{"op": "move", "from": "/Version", "path": "/Version"}])"), text);
}

void TestTextPatch::nestedConditions()
{
    const std::string text = R"({
  "Statement": [
    {
      "Effect": "Allow",
      "Condition": {
        "StringEquals": {"kms:CallerAccount": "111122223333"},
        "ArnEquals": {
          "aws:SourceArn": "arn:aws:logs:eu-west-1:111122223333:log-group:*"
        }
      }
    }
  ]
}
)";
    // ArnEquals with a wildcard -> ArnLike: the block is renamed where it stands.
    QCOMPARE(changedLines(text,
                          patched(text,
                                  R"([{"op": "move", "from": "/Statement/0/Condition/ArnEquals",
                                       "path": "/Statement/0/Condition/ArnLike"}])")),
             std::string("-        \"ArnEquals\": {\n+        \"ArnLike\": {\n"));
    // A key moved to a new block, the emptied block removed (core/mwaa/LogsRules.cpp's moveToArnLike).
    const std::string out = patched(text, R"([
        {"op": "add", "path": "/Statement/0/Condition/ArnLike", "value": {}},
        {"op": "move", "from": "/Statement/0/Condition/ArnEquals/aws:SourceArn",
         "path": "/Statement/0/Condition/ArnLike/aws:SourceArn"},
        {"op": "remove", "path": "/Statement/0/Condition/ArnEquals"}
    ])");
    QCOMPARE(changedLines(text, out), std::string("-        \"ArnEquals\": {\n+        \"ArnLike\": {\n"));
    // A new condition value next to an inline one.
    QCOMPARE(changedLines(text,
                          patched(text,
                                  R"([{"op": "add", "path": "/Statement/0/Condition/StringEquals/kms:ViaService",
                                       "value": "s3.eu-west-1.amazonaws.com"}])")),
             std::string("-        \"StringEquals\": {\"kms:CallerAccount\": \"111122223333\"},\n"
                         "+        \"StringEquals\": {\"kms:CallerAccount\": \"111122223333\", \"kms:ViaService\": "
                         "\"s3.eu-west-1.amazonaws.com\"},\n"));
}

void TestTextPatch::keepsUnicodeEscapesAndNumbers()
{
    const std::string text = "{\n  \"Id\": \"caf\\u00e9 \xc3\xa9t\xc3\xa9 \xf0\x9f\x94\x91\",\n"
                             "  \"Note\": \"a\\/b \\\"q\\\"\",\n  \"Max\": 3600.50,\n  \"Big\": 1e3,\n"
                             "  \"Sid\": \"x\"\n}\n";
    const std::string out
        = patched(text, R"([{"op": "replace", "path": "/Sid", "value": "d\u00e9j\u00e0 \ud83d\udd11"}])");
    QCOMPARE(changedLines(text, out),
             std::string("-  \"Sid\": \"x\"\n+  \"Sid\": \"d\xc3\xa9j\xc3\xa0 \xf0\x9f\x94\x91\"\n"));
    // Removing one member keeps the others byte for byte.
    const std::string removed = patched(text, R"([{"op": "remove", "path": "/Note"}])");
    QCOMPARE(changedLines(text, removed), std::string("-  \"Note\": \"a\\/b \\\"q\\\"\",\n"));
    QVERIFY(removed.find("3600.50") != std::string::npos);
    QVERIFY(removed.find("1e3") != std::string::npos);
    QVERIFY(removed.find("caf\\u00e9") != std::string::npos);
}

void TestTextPatch::editsThePolicyInsideGetKeyPolicyOutput()
{
    const std::string inner = layout(sp(2), "\n");
    const std::string wrapper = Json{{"Policy", inner}, {"PolicyName", "default"}}.dump(4);
    const SourceDocument document = SourceDocument::parse(wrapper);
    QVERIFY(document.isWrapped());
    const auto result = textPatch(
        document, nlohmann::json::parse(R"([{"op": "replace", "path": "/Statement/0/Effect", "value": "Allow"}])"));
    QCOMPARE(int(result.status), int(TextPatchResult::Status::Edited));
    // The decoded policy is edited, in its own layout.
    QCOMPARE(changedLines(inner, result.text),
             "-" + sp(6) + "\"Effect\": \"allow\",\n+" + sp(6) + "\"Effect\": \"Allow\",\n");
}

void TestTextPatch::reformatsWhenTheTextCannotBeEdited()
{
    // A duplicate key sits between the members the DOM knows: removing the first "a" would let the second one in.
    const std::string text = "{\n  \"a\": 1,\n  \"a\": 2,\n  \"b\": 3\n}\n";
    const SourceDocument document = SourceDocument::parse(text);
    const auto result = textPatch(document, nlohmann::json::parse(R"([{"op": "remove", "path": "/a"}])"));
    QCOMPARE(int(result.status), int(TextPatchResult::Status::Reformatted));
    QVERIFY(!result.message.empty());
    QVERIFY(!result.document);
    QCOMPARE(result.text, formatPolicy(Json::parse(R"({"b": 3})")));
    QCOMPARE(result.edits.size(), std::size_t(1));
    QCOMPARE(result.edits[0].length, text.size());
    // CRLF stays CRLF even then.
    const std::string crlf = "{\r\n  \"a\": 1,\r\n  \"a\": 2,\r\n  \"b\": 3\r\n}\r\n";
    const auto again
        = textPatch(SourceDocument::parse(crlf), nlohmann::json::parse(R"([{"op": "remove", "path": "/a"}])"));
    QCOMPARE(again.text, std::string("{\r\n    \"b\": 3\r\n}\r\n"));
}

void TestTextPatch::failsWhenThePatchDoesNotApply()
{
    const std::string text = layout(sp(2), "\n");
    const auto missing
        = textPatch(SourceDocument::parse(text), nlohmann::json::parse(R"([{"op": "remove", "path": "/Nope"}])"));
    QCOMPARE(int(missing.status), int(TextPatchResult::Status::Failed));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.text, text);
    QVERIFY(!missing.message.empty());
    QVERIFY(missing.edits.empty());
    const auto failedTest = textPatch(SourceDocument::parse(text),
                                      nlohmann::json::parse(R"([{"op": "test", "path": "/Version", "value": "x"}])"));
    QVERIFY(!failedTest.ok());
    const auto broken = textPatch(SourceDocument::parse("{\"a\": "), nlohmann::json::parse(R"([])"));
    QVERIFY(!broken.ok());
    // An empty patch edits nothing.
    const auto none = textPatch(SourceDocument::parse(text), nlohmann::json::array());
    QCOMPARE(int(none.status), int(TextPatchResult::Status::Edited));
    QCOMPARE(none.text, text);
    QVERIFY(none.edits.empty());
}

void TestTextPatch::applyPatchRenamesInPlace()
{
    const Json doc = Json::parse(R"({"a": 1, "b": 2, "c": 3})");
    const auto renamed = applyPatch(doc, nlohmann::json::parse(R"([{"op": "move", "from": "/b", "path": "/x"}])"));
    QVERIFY(renamed);
    QCOMPARE(renamed->dump(), std::string(R"({"a":1,"x":2,"c":3})"));
    // Onto an existing key: RFC 6902's remove-then-add (the target keeps its place).
    const auto onto = applyPatch(doc, nlohmann::json::parse(R"([{"op": "move", "from": "/a", "path": "/c"}])"));
    QVERIFY(onto);
    QCOMPARE(onto->dump(), std::string(R"({"b":2,"c":1})"));
    const auto self = applyPatch(doc, nlohmann::json::parse(R"([{"op": "move", "from": "/a", "path": "/a"}])"));
    QVERIFY(self);
    QCOMPARE(self->dump(), doc.dump());
    QVERIFY(!applyPatch(doc, nlohmann::json::parse(R"([{"op": "move", "from": "/z", "path": "/y"}])")));
    QVERIFY(!applyPatch(doc, nlohmann::json::parse(R"([{"op": "move", "from": "/z", "path": "/z"}])")));
}

QTEST_GUILESS_MAIN(TestTextPatch)
#include "tst_textpatch.moc"
