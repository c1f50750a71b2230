// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/json/SourceDocument.h"

#include <QTest>

using namespace kps;

class TestSourceDocument : public QObject
{
    Q_OBJECT

private slots:
    void locatesValuesAndKeys();
    void reportsSyntaxErrorPosition_data();
    void reportsSyntaxErrorPosition();
    void reportsDuplicateKeysAndKeepsFirst();
    void refusesDeepNestingWithoutRecursion();
    void reportsOversizeAndCharset();
    void unwrapsGetKeyPolicyOutput();
    void countsColumnsInCodePoints();
    void escapesPointerTokens();
    void pointerAtFindsDeepestNode();
    void handlesBomAndCrlf();
};

void TestSourceDocument::locatesValuesAndKeys()
{
    const std::string text
        = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [ {\"Effect\": \"Allow\", \"N\": 12} ]\n}";
    const auto doc = SourceDocument::parse(text);
    QVERIFY(doc.isValid());
    QVERIFY(doc.parseFindings().empty());
    const auto version = doc.locate("/Version");
    QCOMPARE(version.span.line, 2);
    QCOMPARE(version.span.column, 14);
    QCOMPARE(text.substr(version.span.offset, version.span.length), std::string("\"2012-10-17\""));
    const auto versionKey = doc.locate("/Version", true);
    QCOMPARE(text.substr(versionKey.span.offset, versionKey.span.length), std::string("\"Version\""));
    const auto effect = doc.locate("/Statement/0/Effect");
    QCOMPARE(text.substr(effect.span.offset, effect.span.length), std::string("\"Allow\""));
    const auto number = doc.locate("/Statement/0/N");
    QCOMPARE(text.substr(number.span.offset, number.span.length), std::string("12"));
    const auto stmt = doc.locate("/Statement/0");
    QCOMPARE(text.substr(stmt.span.offset, stmt.span.length), std::string("{\"Effect\": \"Allow\", \"N\": 12}"));
    // a missing node points at the nearest existing parent, keeping the pointer asked for
    const auto missing = doc.locate("/Statement/0/Principal");
    QCOMPARE(missing.pointer, std::string("/Statement/0/Principal"));
    QCOMPARE(missing.span.offset, stmt.span.offset);
    QCOMPARE(doc.json()["Statement"][0]["N"].get<int>(), 12);
}

void TestSourceDocument::reportsSyntaxErrorPosition_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::newRow("missing comma") << QStringLiteral("{\n  \"a\": 1\n  \"b\": 2\n}") << 3 << 3;
    QTest::newRow("truncated") << QStringLiteral("{\"a\": [1, 2") << 1 << 12;
    QTest::newRow("empty") << QString() << 1 << 1;
    QTest::newRow("bad literal") << QStringLiteral("{\"a\": tru}") << 1 << 10;
}

void TestSourceDocument::reportsSyntaxErrorPosition()
{
    QFETCH(QString, text);
    QFETCH(int, line);
    QFETCH(int, column);
    const auto doc = SourceDocument::parse(text.toStdString());
    QVERIFY(!doc.isValid());
    QCOMPARE(doc.parseFindings().size(), std::size_t(1));
    const auto& f = doc.parseFindings().front();
    QCOMPARE(f.code, std::string("JSON_SYNTAX"));
    QCOMPARE(f.location.span.line, line);
    QCOMPARE(f.location.span.column, column);
    QVERIFY2(f.message.find("[json.exception") == std::string::npos, f.message.c_str());
}

void TestSourceDocument::reportsDuplicateKeysAndKeepsFirst()
{
    const std::string text = R"({"Effect": "Allow", "Effect": "Deny", "C": {"x": 1, "x": {"y": 2}}})";
    const auto doc = SourceDocument::parse(text);
    QVERIFY(doc.isValid());
    QCOMPARE(doc.parseFindings().size(), std::size_t(2));
    const auto& first = doc.parseFindings()[0];
    QCOMPARE(first.code, std::string("JSON_DUPLICATE_KEY"));
    QCOMPARE(first.location.pointer, std::string("/Effect"));
    QCOMPARE(first.location.span.offset, text.find("\"Effect\"", 5));
    QCOMPARE(doc.json()["Effect"].get<std::string>(), std::string("Allow"));
    QCOMPARE(doc.parseFindings()[1].location.pointer, std::string("/C/x"));
    QCOMPARE(doc.json()["C"]["x"].get<int>(), 1);
    // the discarded duplicate's children were not located over the kept value
    QVERIFY(!doc.contains("/C/x/y"));
}

void TestSourceDocument::refusesDeepNestingWithoutRecursion()
{
    const std::string text = std::string(100000, '[') + std::string(100000, ']');
    const auto doc = SourceDocument::parse(text);
    QVERIFY(!doc.isValid());
    QCOMPARE(doc.parseFindings().front().code, std::string("NESTING_TOO_DEEP"));
    QCOMPARE(doc.parseFindings().front().location.span.offset, SourceDocument::MaxDepth);
}

void TestSourceDocument::reportsOversizeAndCharset()
{
    std::string big = "{\"Id\": \"" + std::string(40000, 'a') + "\"}";
    auto doc = SourceDocument::parse(big);
    QVERIFY(doc.isValid());
    QCOMPARE(doc.parseFindings().size(), std::size_t(1));
    QCOMPARE(doc.parseFindings()[0].code, std::string("POLICY_TOO_LARGE"));
    QVERIFY(doc.parseFindings()[0].message.find("40010") != std::string::npos);

    // U+2019 (right single quotation mark) is outside KMS's allowed set; é (U+00E9) is inside.
    const std::string text = "{\"Sid\": \"caf\xC3\xA9 it\xE2\x80\x99s\"}";
    doc = SourceDocument::parse(text);
    QCOMPARE(doc.parseFindings().size(), std::size_t(1));
    const auto& f = doc.parseFindings()[0];
    QCOMPARE(f.code, std::string("POLICY_CHARSET"));
    QVERIFY(f.message.find("U+2019") != std::string::npos);
    QCOMPARE(f.location.pointer, std::string("/Sid"));
    QCOMPARE(f.location.span.length, std::size_t(3));
    QCOMPARE(f.location.span.column, 17);
}

void TestSourceDocument::unwrapsGetKeyPolicyOutput()
{
    const std::string wrapper = R"({
    "Policy": "{\n  \"Version\" : \"2012-10-17\",\n  \"Statement\" : [ ]\n}",
    "PolicyName": "default"
})";
    const auto doc = SourceDocument::parse(wrapper);
    QVERIFY(doc.isWrapped());
    QVERIFY(doc.isValid());
    QCOMPARE(doc.wrapperText(), wrapper);
    QVERIFY(doc.json().contains("Statement"));
    const auto loc = doc.locate("/Statement");
    QCOMPARE(loc.span.line, 3);
    QCOMPARE(loc.span.column, 17);
}

void TestSourceDocument::countsColumnsInCodePoints()
{
    const std::string text = "{\"S\": \"\xC3\xA9\xC3\xA9\", \"E\": 1}";
    const auto doc = SourceDocument::parse(text);
    const auto loc = doc.locate("/E");
    QCOMPARE(loc.span.column, 18);
    QCOMPARE(loc.span.offset, std::size_t(19));
    QCOMPARE(doc.offsetOf(1, 18), std::size_t(19));
}

void TestSourceDocument::escapesPointerTokens()
{
    const auto doc = SourceDocument::parse(R"({"aws:RequestTag/a~b": "x"})");
    QVERIFY(doc.contains("/aws:RequestTag~1a~0b"));
    QCOMPARE(unescapePointerToken("aws:RequestTag~1a~0b"), std::string("aws:RequestTag/a~b"));
    QCOMPARE(parentPointer("/Statement/0/Effect"), std::string("/Statement/0"));
    QCOMPARE(parentPointer("/Statement"), std::string());
}

void TestSourceDocument::pointerAtFindsDeepestNode()
{
    const std::string text = R"({"Statement": [{"Action": ["kms:Decrypt", "kms:Encrypt"]}]})";
    const auto doc = SourceDocument::parse(text);
    QCOMPARE(doc.pointerAt(text.find("kms:Encrypt")), std::string("/Statement/0/Action/1"));
    QCOMPARE(doc.pointerAt(text.find("\"Action\"")), std::string("/Statement/0/Action"));
    QCOMPARE(doc.pointerAt(0), std::string());
}

void TestSourceDocument::handlesBomAndCrlf()
{
    const std::string text = "\xEF\xBB\xBF{\r\n\"Version\": \"2012-10-17\"\r\n}";
    const auto doc = SourceDocument::parse(text);
    QVERIFY(doc.isValid());
    const auto loc = doc.locate("/Version");
    QCOMPARE(loc.span.line, 2);
    QCOMPARE(loc.span.column, 12);
    QCOMPARE(text.substr(loc.span.offset, loc.span.length), std::string("\"2012-10-17\""));
    // the BOM itself is outside KMS's character set
    QCOMPARE(doc.parseFindings().size(), std::size_t(1));
    QCOMPARE(doc.parseFindings()[0].code, std::string("POLICY_CHARSET"));
}

QTEST_GUILESS_MAIN(TestSourceDocument)
#include "tst_sourcedocument.moc"
