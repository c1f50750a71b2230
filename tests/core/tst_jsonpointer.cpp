// SPDX-License-Identifier: GPL-3.0-or-later
// core/json alone (this test links kps_json, not kps_core): the one JSON Pointer implementation (RFC 6901) and the
// plain problems the parser reports, which the checker turns into findings.
#include "core/json/GetKeyPolicy.h"
#include "core/json/JsonPointer.h"
#include "core/json/SourceDocument.h"

#include <QTest>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

using namespace kps;

class TestJsonPointer : public QObject
{
    Q_OBJECT

private slots:
    void escapesAndUnescapesTokens();
    void appendsAndTakesParents();
    void splitsTokens();
    void readsArrayIndices();
    void matchesEscapedKeys();
    void findsNodes();
    void removesNodes();
    void sourceDocumentUsesTheSamePointers();
    void reportsPlainParseProblems();
    void recognisesGetKeyPolicyOutput();
};

namespace {

const Json& sample()
{
    // RFC 6901, section 5
    static const Json doc = Json::parse(R"({"foo": ["bar", "baz"], "": 0, "a/b": 1, "c%d": 2, "e^f": 3, "g|h": 4,
        "i\\j": 5, "k\"l": 6, " ": 7, "m~n": 8})");
    return doc;
}

} // namespace

void TestJsonPointer::escapesAndUnescapesTokens()
{
    QCOMPARE(escapePointerToken("a/b"), std::string("a~1b"));
    QCOMPARE(escapePointerToken("m~n"), std::string("m~0n"));
    QCOMPARE(escapePointerToken("~/"), std::string("~0~1"));
    QCOMPARE(escapePointerToken("kms:ViaService"), std::string("kms:ViaService"));
    QCOMPARE(escapePointerToken(""), std::string());
    QCOMPARE(unescapePointerToken("a~1b"), std::string("a/b"));
    QCOMPARE(unescapePointerToken("m~0n"), std::string("m~n"));
    // "~01" is "~1" unescaped once, not "/": ~0 is replaced first, and the result is not read again
    QCOMPARE(unescapePointerToken("~01"), std::string("~1"));
    QCOMPARE(unescapePointerToken("~10"), std::string("/0"));
    // a "~" not followed by 0 or 1 is kept as it is
    QCOMPARE(unescapePointerToken("~2~"), std::string("~2~"));
    for (const std::string token : {"", "~", "/", "~0", "~1", "a/b~c", "//~~"}) {
        QCOMPARE(unescapePointerToken(escapePointerToken(token)), token);
    }
}

void TestJsonPointer::appendsAndTakesParents()
{
    QCOMPARE(appendPointer("", "Statement"), std::string("/Statement"));
    QCOMPARE(appendPointer("/Statement", std::size_t{12}), std::string("/Statement/12"));
    QCOMPARE(appendPointer("/Condition/StringEquals", "aws:RequestTag/a~b"),
             std::string("/Condition/StringEquals/aws:RequestTag~1a~0b"));
    QCOMPARE(appendPointer("", ""), std::string("/"));
    QCOMPARE(parentPointer("/Statement/0/Effect"), std::string("/Statement/0"));
    QCOMPARE(parentPointer("/Statement"), std::string());
    QCOMPARE(parentPointer("/"), std::string());
    QCOMPARE(parentPointer(""), std::string());
    QCOMPARE(parentPointer("/a~1b/c"), std::string("/a~1b"));
}

void TestJsonPointer::splitsTokens()
{
    QCOMPARE(pointerTokens(""), std::vector<std::string>());
    QCOMPARE(pointerTokens("/"), std::vector<std::string>{""});
    QCOMPARE(pointerTokens("//"), (std::vector<std::string>{"", ""}));
    QCOMPARE(pointerTokens("/Statement/0/Action"), (std::vector<std::string>{"Statement", "0", "Action"}));
    QCOMPARE(pointerTokens("/a~1b/m~0n"), (std::vector<std::string>{"a/b", "m~n"}));
}

void TestJsonPointer::readsArrayIndices()
{
    QCOMPARE(pointerIndex("0"), std::optional<std::size_t>(0));
    QCOMPARE(pointerIndex("10"), std::optional<std::size_t>(10));
    QCOMPARE(pointerIndex("18446744073709551615"), std::optional<std::size_t>(18446744073709551615ULL));
    for (const char* invalid :
         {"", "01", "00", "-", "-1", "+1", "1a", " 1", "1 ", "1.0", "0x1", "18446744073709551616"}) {
        QVERIFY2(!pointerIndex(invalid), invalid);
    }
}

void TestJsonPointer::matchesEscapedKeys()
{
    QVERIFY(tokenNamesKey("a~1b", "a/b"));
    QVERIFY(tokenNamesKey("m~0n", "m~n"));
    QVERIFY(tokenNamesKey("", ""));
    QVERIFY(!tokenNamesKey("a/b", "a/b")); // an unescaped "/" names nothing
    QVERIFY(!tokenNamesKey("m~n", "m~n"));
    QVERIFY(!tokenNamesKey("a~1", "a/b"));
    QVERIFY(!tokenNamesKey("a~1bc", "a/b"));
}

void TestJsonPointer::findsNodes()
{
    const Json& doc = sample();
    QCOMPARE(findNode(doc, ""), &doc);
    QVERIFY(*findNode(doc, "/foo") == Json::parse(R"(["bar", "baz"])"));
    QVERIFY(*findNode(doc, "/foo/0") == Json("bar"));
    QVERIFY(*findNode(doc, "/") == Json(0));
    QVERIFY(*findNode(doc, "/a~1b") == Json(1));
    QVERIFY(*findNode(doc, "/c%d") == Json(2));
    QVERIFY(*findNode(doc, "/i\\j") == Json(5));
    QVERIFY(*findNode(doc, "/k\"l") == Json(6));
    QVERIFY(*findNode(doc, "/ ") == Json(7));
    QVERIFY(*findNode(doc, "/m~0n") == Json(8));
    for (const char* missing :
         {"/foo/2", "/foo/01", "/foo/-", "/foo/-1", "/foo/ 1", "/a/b", "/x", "/foo/0/x", "/ /x", "foo", "#/foo"}) {
        QVERIFY2(!findNode(doc, missing), missing);
    }
    // A "~" not followed by 0 or 1 is not an escape: unescaping keeps it, so a DOM lookup finds "m~n" (RFC 6901
    // calls such a pointer an error; SourceDocument's locate() and contains() match tokens strictly and do not).
    QVERIFY(*findNode(doc, "/m~n") == Json(8));

    Json copy = doc;
    *findNode(copy, "/foo/1") = "qux";
    QVERIFY(copy["foo"][1] == Json("qux"));
}

void TestJsonPointer::removesNodes()
{
    Json doc = sample();
    QVERIFY(!removeNode(doc, ""));
    QVERIFY(!removeNode(doc, "/foo/2"));
    QVERIFY(!removeNode(doc, "/foo/-"));
    QVERIFY(!removeNode(doc, "/nothing"));
    QVERIFY(removeNode(doc, "/foo/0"));
    QVERIFY(doc["foo"] == Json::parse(R"(["baz"])"));
    QVERIFY(removeNode(doc, "/a~1b"));
    QVERIFY(!doc.contains("a/b"));
    QVERIFY(removeNode(doc, "/"));
    QVERIFY(!doc.contains(""));
    QVERIFY(!removeNode(doc, "/"));
}

void TestJsonPointer::sourceDocumentUsesTheSamePointers()
{
    const auto doc = SourceDocument::parse(sample().dump(4));
    QVERIFY(doc.isValid());
    for (const char* pointer : {"", "/foo", "/foo/1", "/", "/a~1b", "/m~0n", "/ "}) {
        QVERIFY2(doc.contains(pointer), pointer);
        QVERIFY2(findNode(doc.json(), pointer), pointer);
    }
    for (const char* pointer : {"/foo/2", "/foo/01", "/foo/-", "/a/b", "/x"}) {
        QVERIFY2(!doc.contains(pointer), pointer);
        QVERIFY2(!findNode(doc.json(), pointer), pointer);
    }
    QVERIFY(!doc.contains("/m~n")); // strict: only "~0" names a "~" (findNode() is lenient, see findsNodes())
    // every pointer SourceDocument builds names its node in the DOM
    for (const auto& [pointer, spans] : doc.nodes()) {
        QVERIFY2(findNode(doc.json(), pointer), pointer.c_str());
        QCOMPARE(doc.locate(pointer).span, spans.value);
    }
}

void TestJsonPointer::reportsPlainParseProblems()
{
    using Kind = ParseProblem::Kind;
    {
        const auto doc = SourceDocument::parse("{\"a\": 1, \"a\": 2, \"b\": [1 2]}");
        QVERIFY(!doc.isValid());
        QCOMPARE(doc.problems().size(), std::size_t(2));
        QVERIFY(doc.problems()[0].kind == Kind::DuplicateKey);
        QCOMPARE(doc.problems()[0].detail, std::string("a"));
        QCOMPARE(doc.problems()[0].offset, std::size_t(9));
        QCOMPARE(doc.problems()[0].length, std::size_t(3));
        QCOMPARE(doc.problems()[0].pointer, std::string("/a"));
        QVERIFY(doc.problems()[1].kind == Kind::Syntax);
        QCOMPARE(doc.problems()[1].offset, std::size_t(25));
    }
    {
        const auto doc = SourceDocument::parse("{\"S\": [{\"T\": \"x\x01y\"}]}", SourceDocument::Reader::Nlohmann);
        const auto it = std::find_if(doc.problems().begin(), doc.problems().end(), [](const ParseProblem& p) {
            return p.kind == Kind::Charset;
        });
        QVERIFY(it != doc.problems().end());
        QCOMPARE(it->detail, std::string("U+0001"));
        QCOMPARE(it->offset, std::size_t(15));
        QCOMPARE(it->length, std::size_t(1));
    }
    {
        const auto doc = SourceDocument::parse(std::string(SourceDocument::MaxDepth + 1, '['));
        QCOMPARE(doc.problems().size(), std::size_t(1));
        QVERIFY(doc.problems()[0].kind == Kind::NestingTooDeep);
        QCOMPARE(doc.problems()[0].detail, std::to_string(SourceDocument::MaxDepth));
    }
    {
        const std::string text = "{\"Sid\": \"" + std::string(SourceDocument::MaxPolicyBytes, 'a') + "\"}";
        const auto doc = SourceDocument::parse(text);
        QCOMPARE(doc.problems().size(), std::size_t(1));
        QVERIFY(doc.problems()[0].kind == Kind::TooLarge);
        QCOMPARE(doc.problems()[0].detail, std::to_string(text.size()));
        QCOMPARE(doc.problems()[0].offset, SourceDocument::MaxPolicyBytes);
        QCOMPARE(doc.problems()[0].length, text.size() - SourceDocument::MaxPolicyBytes);
        QCOMPARE(doc.problems()[0].pointer, std::string());
    }
    QVERIFY(SourceDocument::parse("{\"Version\": \"2012-10-17\"}").problems().empty());
}

void TestJsonPointer::recognisesGetKeyPolicyOutput()
{
    const Json wrapper = Json::parse(R"({"Policy": "{}", "PolicyName": "default"})");
    QVERIFY(getKeyPolicyText(wrapper));
    QCOMPARE(*getKeyPolicyText(wrapper), std::string("{}"));
    QVERIFY(!getKeyPolicyText(Json::parse(R"({"Policy": {}})")));
    QVERIFY(!getKeyPolicyText(Json::parse(R"({"Policy": "{}", "Version": "2012-10-17"})")));
    QVERIFY(!getKeyPolicyText(Json::parse(R"({"Policy": "{}", "Statement": []})")));
    QVERIFY(!getKeyPolicyText(Json::parse(R"(["Policy"])")));
    const auto doc = SourceDocument::parse(R"({"Policy": "{\"Version\": \"2012-10-17\"}", "PolicyName": "default"})");
    QVERIFY(doc.isWrapped());
    QCOMPARE(doc.text(), std::string("{\"Version\": \"2012-10-17\"}"));
}

QTEST_GUILESS_MAIN(TestJsonPointer)
#include "tst_jsonpointer.moc"
