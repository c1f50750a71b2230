// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/json/SourceDocument.h"

#include "core/checker/ParseFindings.h"
#include "core/json/JsonPointer.h"

#include <QDirIterator>
#include <QFile>
#include <QTest>

#include <algorithm>
#include <array>
#include <iterator>
#include <random>
#include <string>
#include <utility>
#include <vector>

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
    void findsControlCharactersAtEveryOffset();
    void unwrapsGetKeyPolicyOutput();
    void countsColumnsInCodePoints();
    void escapesPointerTokens();
    void pointerAtFindsDeepestNode();
    void handlesBomAndCrlf();
    void minifiedNonAsciiColumnsAreExact_data();
    void minifiedNonAsciiColumnsAreExact();
    void locatesEveryNodeAndOnlyRealNodes();
    void locatesKeysWithEscapedQuotesAndBackslashes();
    void reportsPointersOfTextProblemsInNestedNodes();
    void locatesElementsFarIntoLongArrays();
    void scannerAgreesWithNlohmann_data();
    void scannerAgreesWithNlohmann();
    void scannerAgreesWithNlohmannOnEveryFixture();
    void scannerAgreesWithNlohmannOnMutations();
};

namespace {

/// Line and code-point column of a byte offset, counted the slow, obvious way (LF, CRLF and a lone CR end a line).
std::pair<int, int> lineAndColumn(const std::string& text, std::size_t offset)
{
    int line = 1;
    int column = 1;
    for (std::size_t i = 0; i < offset; ++i) {
        const char c = text[i];
        if (c == '\n' || (c == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
            ++line;
            column = 1;
        } else if (c != '\r' && (static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return {line, column};
}

void compareSpan(const std::string& text, const Span& span, const std::string& what)
{
    const auto [line, column] = lineAndColumn(text, span.offset);
    const auto [endLine, endColumn] = lineAndColumn(text, span.offset + span.length);
    QVERIFY2(span.line == line && span.column == column && span.endLine == endLine && span.endColumn == endColumn,
             (what + ": " + std::to_string(span.line) + ":" + std::to_string(span.column) + "-"
              + std::to_string(span.endLine) + ":" + std::to_string(span.endColumn) + ", expected "
              + std::to_string(line) + ":" + std::to_string(column) + "-" + std::to_string(endLine) + ":"
              + std::to_string(endColumn))
                 .c_str());
}

/// Parses `text` both ways and compares; returns whether the scanner read it.
bool expectSameAsNlohmann(const std::string& text, const std::string& what)
{
    const auto scanned = SourceDocument::parse(text);
    const auto reference = SourceDocument::parse(text, SourceDocument::Reader::Nlohmann);
    if (reference.wasScanned()) {
        QTest::qFail("the Nlohmann reader used the scanner", __FILE__, __LINE__);
    }
    const std::string difference = firstDifference(scanned, reference);
    if (!difference.empty()) {
        QTest::qFail((what + ": " + difference).c_str(), __FILE__, __LINE__);
    }
    return scanned.wasScanned();
}

} // namespace

void TestSourceDocument::locatesValuesAndKeys()
{
    const std::string text
        = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [ {\"Effect\": \"Allow\", \"N\": 12} ]\n}";
    const auto doc = SourceDocument::parse(text);
    QVERIFY(doc.isValid());
    QVERIFY(parseFindings(doc).empty());
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
    QCOMPARE(parseFindings(doc).size(), std::size_t(1));
    const Finding f = parseFindings(doc).front();
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
    QCOMPARE(parseFindings(doc).size(), std::size_t(2));
    const Finding first = parseFindings(doc)[0];
    QCOMPARE(first.code, std::string("JSON_DUPLICATE_KEY"));
    QCOMPARE(first.location.pointer, std::string("/Effect"));
    QCOMPARE(first.location.span.offset, text.find("\"Effect\"", 5));
    QCOMPARE(doc.json()["Effect"].get<std::string>(), std::string("Allow"));
    QCOMPARE(parseFindings(doc)[1].location.pointer, std::string("/C/x"));
    QCOMPARE(doc.json()["C"]["x"].get<int>(), 1);
    // the discarded duplicate's children were not located over the kept value
    QVERIFY(!doc.contains("/C/x/y"));
}

void TestSourceDocument::refusesDeepNestingWithoutRecursion()
{
    const std::string text = std::string(100000, '[') + std::string(100000, ']');
    const auto doc = SourceDocument::parse(text);
    QVERIFY(!doc.isValid());
    QCOMPARE(parseFindings(doc).front().code, std::string("NESTING_TOO_DEEP"));
    QCOMPARE(parseFindings(doc).front().location.span.offset, SourceDocument::MaxDepth);
}

void TestSourceDocument::reportsOversizeAndCharset()
{
    std::string big = "{\"Id\": \"" + std::string(40000, 'a') + "\"}";
    auto doc = SourceDocument::parse(big);
    QVERIFY(doc.isValid());
    QCOMPARE(parseFindings(doc).size(), std::size_t(1));
    QCOMPARE(parseFindings(doc)[0].code, std::string("POLICY_TOO_LARGE"));
    QVERIFY(parseFindings(doc)[0].message.find("40010") != std::string::npos);

    // U+2019 (right single quotation mark) is outside KMS's allowed set; é (U+00E9) is inside.
    const std::string text = "{\"Sid\": \"caf\xC3\xA9 it\xE2\x80\x99s\"}";
    doc = SourceDocument::parse(text);
    QCOMPARE(parseFindings(doc).size(), std::size_t(1));
    const Finding f = parseFindings(doc)[0];
    QCOMPARE(f.code, std::string("POLICY_CHARSET"));
    QVERIFY(f.message.find("U+2019") != std::string::npos);
    QCOMPARE(f.location.pointer, std::string("/Sid"));
    QCOMPARE(f.location.span.length, std::size_t(3));
    QCOMPARE(f.location.span.column, 17);
}

void TestSourceDocument::findsControlCharactersAtEveryOffset()
{
    // ASCII text is scanned 64 and eight bytes at a time: a refused control character is found wherever it sits
    // in a block or a word, TAB/LF/CR anywhere are not refused, and DEL (0x7F) and spaces never are.
    for (std::size_t at = 0; at < 150; ++at) {
        std::string sid(150, 'a');
        sid[at] = '\x01';
        const std::string text = "{\"Sid\": \"" + sid + "\",\t\r\n \"Id\": \"\x7F \"}";
        const auto doc = SourceDocument::parse(text); // also JSON_SYNTAX: JSON refuses a raw control character
        std::vector<Finding> charset;
        const std::vector<Finding> findings = parseFindings(doc);
        std::copy_if(findings.begin(), findings.end(), std::back_inserter(charset), [](const Finding& f) {
            return f.code == "POLICY_CHARSET";
        });
        QCOMPARE(charset.size(), std::size_t(1));
        QCOMPARE(charset[0].location.span.line, 1);
        QCOMPARE(charset[0].location.span.column, static_cast<int>(10 + at));
    }
    QVERIFY(parseFindings(SourceDocument::parse("{\"Sid\":\t\"a\",\r\n\"Id\":\n\"b\"}")).empty());

    // Several in one block, and one in each of the next blocks.
    std::string text = "{\"Sid\": \"" + std::string(300, 'a') + "\"}";
    const std::vector<std::size_t> offsets{20, 21, 40, 90, 170, 230, 300};
    for (const std::size_t at : offsets) {
        text[at] = at % 2 ? '\x1F' : '\x0B';
    }
    std::vector<std::size_t> found;
    const auto doc = SourceDocument::parse(text);
    for (const Finding& f : parseFindings(doc)) {
        if (f.code == "POLICY_CHARSET") {
            found.push_back(f.location.span.offset);
        }
    }
    QCOMPARE(found, offsets);
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

    // `--output text`: the policy, a tab and the policy's name; the policy keeps the file's lines and columns.
    const std::string policy = "{\n  \"Version\" : \"2012-10-17\",\n  \"Statement\" : [ ]\n}";
    for (const std::string& tail :
         {std::string("\tdefault\n"), std::string("\tdefault"), std::string("\tdefault\r\n")}) {
        const auto text = SourceDocument::parse(policy + tail);
        QVERIFY(text.isValid());
        QVERIFY(text.isWrapped());
        QCOMPARE(text.text(), policy);
        QCOMPARE(text.wrapperText(), policy + tail);
        QCOMPARE(text.locate("/Statement").span.line, 3);
    }
    // Only a tab and "default" after a policy that then parses: anything else stays the syntax error it is.
    for (const std::string& other : {policy + " default\n", policy + "\tother\n", std::string("{\"a\": \tdefault")}) {
        const auto text = SourceDocument::parse(other);
        QVERIFY(!text.isValid());
        QVERIFY(!text.isWrapped());
        QCOMPARE(text.text(), other);
    }
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
    QCOMPARE(parseFindings(doc).size(), std::size_t(1));
    QCOMPARE(parseFindings(doc)[0].code, std::string("POLICY_CHARSET"));
}

void TestSourceDocument::minifiedNonAsciiColumnsAreExact_data()
{
    QTest::addColumn<QString>("separator");
    QTest::newRow("one line (minified)") << QString();
    QTest::newRow("LF") << QStringLiteral("\n");
    QTest::newRow("CRLF") << QStringLiteral("\r\n");
    QTest::newRow("CR") << QStringLiteral("\r");
}

/// Columns count code points, also far into one long line (a minified policy) and across the 64-byte blocks the
/// parser counts UTF-8 continuation bytes in.
void TestSourceDocument::minifiedNonAsciiColumnsAreExact()
{
    QFETCH(QString, separator);
    const std::string sep = separator.toStdString();
    // 2-, 3- and 4-byte sequences (é, €, U+1D11E) in keys and values, at varying offsets.
    const std::array<std::string, 4> words = {"caf\xC3\xA9",
                                              "\xE2\x82\xAC"
                                              "5",
                                              "x\xF0\x9D\x84\x9E"
                                              "y",
                                              "plain"};
    std::string text = "{" + sep + "\"Statement\": [";
    for (int i = 0; i < 120; ++i) {
        const std::string& w = words[static_cast<std::size_t>(i) % words.size()];
        text += (i > 0 ? "," + sep : sep) + "{\"Sid\": \"" + w + std::to_string(i) + "\", \"" + w + "\": ["
            + std::to_string(i) + ", \"" + std::string(static_cast<std::size_t>(i % 7), 'a') + w
            + "\"], \"Effect\": \"Allow\"}";
    }
    text += sep + "]}";
    const auto doc = SourceDocument::parse(text);
    QVERIFY(doc.isValid());
    QVERIFY(doc.nodes().size() > 600);
    for (const auto& [pointer, spans] : doc.nodes()) {
        compareSpan(text, spans.value, pointer);
        if (spans.key) {
            compareSpan(text, *spans.key, pointer + " (key)");
        }
        QVERIFY(doc.contains(pointer));
        QCOMPARE(doc.locate(pointer), (Location{pointer, spans.value, {}}));
        QCOMPARE(doc.locate(pointer, true), (Location{pointer, spans.key ? *spans.key : spans.value, {}}));
        // 1-based line/column -> offset is the inverse
        QCOMPARE(doc.offsetOf(spans.value.line, spans.value.column), spans.value.offset);
    }
    const auto last = doc.locate("/Statement/119/Effect");
    QCOMPARE(text.substr(last.span.offset, last.span.length), std::string("\"Allow\""));
    compareSpan(text, doc.spanAt(text.size(), 0), "end of text");
}

/// locate() and contains() walk the node tree: they must agree with an index of the pointers nodes() lists, also
/// for pointers that only look like one of them.
void TestSourceDocument::locatesEveryNodeAndOnlyRealNodes()
{
    const std::string text
        = R"({"Statement": [{"Action": ["a", "b"]}, {"0": {"": 1, "a/b": 2, "c~d": 3}}], "x": null})";
    const auto doc = SourceDocument::parse(text);
    QVERIFY(doc.isValid());
    std::vector<std::string> pointers;
    for (const auto& node : doc.nodes()) {
        pointers.push_back(node.first);
    }
    // children before their container, in text order
    const std::vector<std::string> expected = {"/Statement/0/Action/0",
                                               "/Statement/0/Action/1",
                                               "/Statement/0/Action",
                                               "/Statement/0",
                                               "/Statement/1/0/",
                                               "/Statement/1/0/a~1b",
                                               "/Statement/1/0/c~0d",
                                               "/Statement/1/0",
                                               "/Statement/1",
                                               "/Statement",
                                               "/x",
                                               ""};
    QCOMPARE(pointers, expected);
    const auto statement = doc.locate("/Statement").span;
    const auto first = doc.locate("/Statement/0").span;
    const auto object = doc.locate("/Statement/1/0").span;
    const auto root = doc.locate("").span;
    QCOMPARE(text.substr(doc.locate("/Statement/1/0/").span.offset, 1), std::string("1"));
    QCOMPARE(text.substr(doc.locate("/Statement/1/0/c~0d", true).span.offset, 5), std::string("\"c~d\""));
    // not nodes: the nearest existing ancestor's span, the pointer as asked
    const std::vector<std::pair<std::string, Span>> missing
        = {{"/Statement/01", statement},
           {"/Statement/-", statement},
           {"/Statement/2", statement},
           {"/Statement/+1", statement},
           {"/Statement/0/Action/0/x", doc.locate("/Statement/0/Action/0").span},
           {"/Statement/0/Principal", first},
           {"/Statement/0/", first},
           {"/Statement/1/0/c~d", object},
           {"/Statement/1/0/a/b", object},
           {"/Statement/1/0/c~2d", object},
           {"/statement", root},
           {"Statement", root},
           {"/x/0", doc.locate("/x").span}};
    for (const auto& [pointer, span] : missing) {
        QVERIFY2(!doc.contains(pointer), pointer.c_str());
        QCOMPARE(doc.locate(pointer), (Location{pointer, span, {}}));
        QCOMPARE(doc.locate(pointer, true), (Location{pointer, span, {}}));
    }
    // an invalid document has no nodes: everything is at the start
    const auto invalid = SourceDocument::parse("{\"a\": [1, 2");
    QVERIFY(!invalid.contains(""));
    QVERIFY(invalid.nodes().empty());
    QCOMPARE(invalid.locate("/a/0").span.offset, std::size_t(0));
    QCOMPARE(SourceDocument().locate("/a").span.offset, std::size_t(0));
    QVERIFY(SourceDocument().nodes().empty());
    // copies share nothing that could change
    const SourceDocument copy = doc;
    QCOMPARE(copy.nodes().size(), doc.nodes().size());
    QCOMPARE(copy.locate("/x"), doc.locate("/x"));
}

/// A member's key span is read again from the text (the node index keeps only where it starts): it must end at the
/// closing quote, not at an escaped quote inside the name or after a run of backslashes. Both readers (the
/// scanner does not take \u escapes; nlohmann does) and a key after a previous one with an escaped quote.
void TestSourceDocument::locatesKeysWithEscapedQuotesAndBackslashes()
{
    const std::vector<std::string> keys = {"a\\\"b", "\\\\", "x\\\\\\\"y\\\\", "\\u00e9\\\"", "", "\\\"", "plain"};
    std::string text = "{";
    for (std::size_t i = 0; i < keys.size(); ++i) {
        text += (i ? ",\n  \"" : "\n  \"") + keys[i] + "\": " + std::to_string(i);
    }
    text += "\n}";
    for (const auto reader : {SourceDocument::Reader::Default, SourceDocument::Reader::Nlohmann}) {
        const auto doc = SourceDocument::parse(text, reader);
        QVERIFY2(doc.isValid(), text.c_str());
        const auto& object = doc.json().get_ref<const Json::object_t&>();
        QCOMPARE(object.size(), keys.size());
        std::size_t from = 0;
        for (std::size_t i = 0; i < keys.size(); ++i) {
            const std::string pointer
                = "/" + escapePointerToken((object.begin() + static_cast<std::ptrdiff_t>(i))->first);
            const Span key = doc.locate(pointer, true).span;
            const std::string literal = "\"" + keys[i] + "\"";
            const std::size_t at = text.find(literal + ": " + std::to_string(i), from);
            QVERIFY2(at != std::string::npos, literal.c_str());
            QCOMPARE(key.offset, at);
            QCOMPARE(text.substr(key.offset, key.length), literal);
            QCOMPARE(doc.pointerAt(at + literal.size() - 1), pointer);
            from = at + literal.size();
        }
    }
}

/// The findings of the text itself name the node they are in: a duplicate key and too deep nesting inside arrays
/// and objects, and a refused character deep in the document.
void TestSourceDocument::reportsPointersOfTextProblemsInNestedNodes()
{
    const std::string text = R"({"S": [{"a": 1}, {"b": {"c": 1, "c": 2}}], "T": "x)"
                             "\xE2\x80\x99"
                             R"("})";
    const auto doc = SourceDocument::parse(text);
    QCOMPARE(parseFindings(doc).size(), std::size_t(2));
    QCOMPARE(parseFindings(doc)[0].code, std::string("JSON_DUPLICATE_KEY"));
    QCOMPARE(parseFindings(doc)[0].location.pointer, std::string("/S/1/b/c"));
    QCOMPARE(parseFindings(doc)[1].code, std::string("POLICY_CHARSET"));
    QCOMPARE(parseFindings(doc)[1].location.pointer, std::string("/T"));

    std::string deep = R"({"A": [{"B": )";
    for (std::size_t i = 0; i < SourceDocument::MaxDepth; ++i) {
        deep += "[";
    }
    const auto deepDoc = SourceDocument::parse(deep);
    QCOMPARE(parseFindings(deepDoc).size(), std::size_t(1));
    const Finding f = parseFindings(deepDoc)[0];
    QCOMPARE(f.code, std::string("NESTING_TOO_DEEP"));
    std::string pointer = "/A/0/B";
    for (std::size_t i = 0; i + 4 < SourceDocument::MaxDepth; ++i) {
        pointer += "/0";
    }
    QCOMPARE(f.location.pointer, pointer);

    const std::string charset = "{\"S\": [1, {\"Sid\": [\"ok\", \"it\xE2\x80\x99s\"]}]}";
    const auto charsetDoc = SourceDocument::parse(charset);
    QCOMPARE(parseFindings(charsetDoc).size(), std::size_t(1));
    QCOMPARE(parseFindings(charsetDoc)[0].location.pointer, std::string("/S/1/Sid/1"));
    QCOMPARE(parseFindings(charsetDoc)[0].location.span.column, 29);
}

/// Elements far into an array are found through the array's child index (hopping from the first element made a
/// check of 100,000 statements quadratic): every element, of varying subtree sizes, in arrays and objects.
void TestSourceDocument::locatesElementsFarIntoLongArrays()
{
    std::string text = "{\"a\": [";
    std::vector<std::string> elements;
    for (int i = 0; i < 300; ++i) {
        std::string element = i % 3 == 0 ? std::to_string(i)
            : i % 3 == 1                 ? "[" + std::to_string(i) + ", [" + std::to_string(i) + "]]"
                                         : "{\"k\": {\"v\": " + std::to_string(i) + "}}";
        elements.push_back(element);
        text += (i ? ", " : "") + element;
    }
    text += "]}";
    const SourceDocument doc = SourceDocument::parse(text);
    QVERIFY(doc.isValid());
    // Far elements first, so the index is built before the near ones are asked for; then every element.
    for (int i : {299, 150, 31, 32, 33, 0}) {
        const Span span = doc.locate("/a/" + std::to_string(i)).span;
        QCOMPARE(text.substr(span.offset, span.length), elements[static_cast<std::size_t>(i)]);
    }
    for (std::size_t i = 0; i < elements.size(); ++i) {
        const Span span = doc.locate("/a/" + std::to_string(i)).span;
        QCOMPARE(text.substr(span.offset, span.length), elements[i]);
        if (i % 3 == 2) {
            const Span inner = doc.locate("/a/" + std::to_string(i) + "/k/v").span;
            QCOMPARE(text.substr(inner.offset, inner.length), std::to_string(i));
        }
    }
    QVERIFY(!doc.contains("/a/300"));
    QVERIFY(doc.contains("/a/299"));
}

void TestSourceDocument::scannerAgreesWithNlohmann_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("scanned"); // whether json::scanJson reads it (else nlohmann's parser does)

    QTest::newRow("policy") << QByteArray(R"({"Version": "2012-10-17", "Statement": [{"Sid": "a", "Effect": "Allow",)"
                                          R"( "Principal": {"AWS": ["arn:aws:iam::111122223333:root"]},)"
                                          R"( "Action": "kms:*", "Resource": "*"}]})")
                            << true;
    QTest::newRow("minified, every type")
        << QByteArray(R"({"a":[1,-2,0,-0,true,false,null,"s",{},[],{"b":[[]]}]})") << true;
    QTest::newRow("white space everywhere") << QByteArray(" \t\r\n{ \"a\" \r\n: [ 1 , 2 ] \t} \n\n") << true;
    QTest::newRow("short escapes") << QByteArray(R"({"k\"\\\/": "a\b\f\n\r\t\"\\\/z"})") << true;
    QTest::newRow("DEL in a string") << QByteArray("[\"a\x7F\"]") << true;
    QTest::newRow("64-bit limits") << QByteArray("[18446744073709551615, -9223372036854775808, 9223372036854775808]")
                                   << true;
    QTest::newRow("duplicate keys at two levels")
        << QByteArray(R"({"a": 1, "b": {"c": 1, "c": [2]}, "a": {"d": 3}})") << true;
    QTest::newRow("scalar root") << QByteArray("\"policy\"") << true;
    QTest::newRow("wrapper") << QByteArray(R"({"Policy": "{\"Version\": \"2012-10-17\", \"Statement\": []}",)"
                                           R"( "PolicyName": "default"})")
                             << true;
    QTest::newRow("too deep") << QByteArray(100, '[') << true; // the handler stops it, as under nlohmann

    // Read by nlohmann's parser: the scanner gives up without leaving anything behind.
    QTest::newRow("\\u escape") << QByteArray(R"({"a": "\u00e9\ud83d\ude00"})") << false;
    QTest::newRow("lone surrogate") << QByteArray(R"(["\udc00"])") << false;
    QTest::newRow("UTF-8") << QByteArray("{\"a\": \"caf\xC3\xA9\"}") << false;
    QTest::newRow("invalid UTF-8") << QByteArray("{\"a\": \"\xC3(\"}") << false;
    QTest::newRow("BOM") << QByteArray("\xEF\xBB\xBF{\"a\": 1}") << false;
    QTest::newRow("fraction") << QByteArray("[1.5]") << false;
    QTest::newRow("exponent") << QByteArray("[1e400, -2E-3]") << false;
    QTest::newRow("integer beyond 64 bits") << QByteArray("[18446744073709551616, -9223372036854775809]") << false;
    QTest::newRow("leading zero") << QByteArray("[01]") << false;
    QTest::newRow("minus alone") << QByteArray("[-]") << false;
    QTest::newRow("trailing comma") << QByteArray(R"({"a": 1,})") << false;
    QTest::newRow("missing comma") << QByteArray(R"({"a": 1 "b": 2})") << false;
    QTest::newRow("missing colon") << QByteArray(R"({"a" 1})") << false;
    QTest::newRow("unterminated string") << QByteArray(R"({"a": "b)") << false;
    QTest::newRow("unclosed") << QByteArray(R"({"a": [1, 2)") << false;
    QTest::newRow("control character in a string") << QByteArray("[\"a\tb\"]") << false;
    QTest::newRow("invalid escape") << QByteArray(R"(["\x"])") << false;
    QTest::newRow("trailing text") << QByteArray("{} x") << false;
    QTest::newRow("two roots") << QByteArray("1 2") << false;
    QTest::newRow("NUL after the root") << QByteArray("{}\0", 3) << false;
    QTest::newRow("truncated literal") << QByteArray("[tru]") << false;
    QTest::newRow("literal run-on") << QByteArray("[nullx]") << false;
    QTest::newRow("comment") << QByteArray("/* c */ {}") << false;
    QTest::newRow("empty") << QByteArray("") << false;
    QTest::newRow("only space") << QByteArray(" \n ") << false;
    QTest::newRow("key not a string") << QByteArray("{1: 2}") << false;
    QTest::newRow("error after a duplicate key") << QByteArray(R"({"a": 1, "a": 2, })") << false;
    QTest::newRow("too deep after an error") << QByteArray("[1 " + QByteArray(100, '[')) << false;
}

/// json::scanJson (the fast path of parse()) gives exactly nlohmann's document, or leaves the text to nlohmann.
void TestSourceDocument::scannerAgreesWithNlohmann()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, scanned);
    QCOMPARE(expectSameAsNlohmann(text.toStdString(), QTest::currentDataTag()), scanned);
}

/// Every file of the test data (policies, hostile input, templates, grant listings...) parses to the same document
/// both ways, and the scanner reads the bundled sample and every MWAA fixture that is plain ASCII JSON.
void TestSourceDocument::scannerAgreesWithNlohmannOnEveryFixture()
{
    int files = 0;
    int scanned = 0;
    QDirIterator it(QStringLiteral(KPS_TEST_DATA_DIR), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (it.fileInfo().size() > 2 * 1024 * 1024) {
            continue; // the 10 MB hostile documents: covered by tst_hostile_cli
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        ++files;
        scanned += expectSameAsNlohmann(file.readAll().toStdString(), path.toStdString()) ? 1 : 0;
        if (QTest::currentTestFailed()) {
            return;
        }
    }
    QVERIFY(files > 100);
    QVERIFY2(scanned > files / 2, (std::to_string(scanned) + " of " + std::to_string(files)).c_str());

    QFile sample(QStringLiteral(KPS_SOURCE_DIR "/resources/samples/mwaa-sample-policy.json"));
    QVERIFY(sample.open(QIODevice::ReadOnly));
    QVERIFY(expectSameAsNlohmann(sample.readAll().toStdString(), "the sample"));
}

/// Random single-character edits of a policy (deletions, insertions and replacements, biased towards the
/// characters JSON's grammar turns on) parse to the same document both ways: valid or not, scanned or not.
void TestSourceDocument::scannerAgreesWithNlohmannOnMutations()
{
    QFile sample(QStringLiteral(KPS_SOURCE_DIR "/resources/samples/mwaa-sample-policy.json"));
    QVERIFY(sample.open(QIODevice::ReadOnly));
    const std::string original = sample.readAll().toStdString();
    const std::string alphabet = std::string("\"\\,:{}[]0123456789-+.eE tfnulrsa/\n\r\t\x01\x7F\xC3\xA9\xEF") + '\0';
    std::mt19937 random(20261129); // fixed: a failure is reproducible
    int scanned = 0;
    const int rounds = 3000;
    for (int round = 0; round < rounds; ++round) {
        std::string text = original;
        const int edits = 1 + static_cast<int>(random() % 3);
        for (int e = 0; e < edits && !text.empty(); ++e) {
            const std::size_t at = random() % text.size();
            const char c = alphabet[random() % alphabet.size()];
            switch (random() % 3) {
            case 0:
                text.erase(at, 1);
                break;
            case 1:
                text.insert(at, 1, c);
                break;
            default:
                text[at] = c;
                break;
            }
        }
        scanned += expectSameAsNlohmann(text, "mutation " + std::to_string(round)) ? 1 : 0;
        if (QTest::currentTestFailed()) {
            return;
        }
    }
    // Most edits fall inside string literals and keep the policy valid JSON: the scanner's path is exercised.
    QVERIFY2(scanned > rounds / 4, std::to_string(scanned).c_str());
}

QTEST_GUILESS_MAIN(TestSourceDocument)
#include "tst_sourcedocument.moc"
