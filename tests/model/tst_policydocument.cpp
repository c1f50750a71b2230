// SPDX-License-Identifier: GPL-3.0-or-later
// PolicyDocument and its commands: every edit is one undo step that restores the text exactly.
#include "core/checker/ParseFindings.h"
#include "core/json/Format.h"
#include "model/Commands.h"
#include "model/DisplayText.h"
#include "model/JsonNodes.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

#include <functional>
#include <random>

using namespace kps;
using namespace kps::model;

namespace QTest {
/// Texts in failure messages.
template <>
char* toString(const std::string& text)
{
    return toString(QString::fromStdString(text));
}
} // namespace QTest

namespace {

std::string readFixture(const char* name)
{
    QFile file(QStringLiteral(KPS_TEST_DATA_DIR "/editor/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    const QByteArray bytes = file.readAll();
    return std::string(bytes.constData(), static_cast<std::size_t>(bytes.size()));
}

const Json& at(const PolicyDocument& doc, const char* pointer)
{
    static const Json missing = "<missing>";
    const Json* node = findNode(doc.json(), pointer);
    return node ? *node : missing;
}

QString dump(const Json& json)
{
    return toQString(json.dump());
}

/** The lines that differ between two texts (common head and tail removed), "-old" then "+new", one per line. */
QString changedLines(const std::string& before, const std::string& after)
{
    const QStringList a = toQString(before).split(QLatin1Char('\n'));
    const QStringList b = toQString(after).split(QLatin1Char('\n'));
    qsizetype head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head]) {
        ++head;
    }
    qsizetype tail = 0;
    while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) {
        ++tail;
    }
    QString out;
    for (qsizetype i = head; i < a.size() - tail; ++i) {
        out += QLatin1Char('-') + a[i] + QLatin1Char('\n');
    }
    for (qsizetype i = head; i < b.size() - tail; ++i) {
        out += QLatin1Char('+') + b[i] + QLatin1Char('\n');
    }
    return out;
}

} // namespace

class TestPolicyDocument : public QObject
{
    Q_OBJECT

private:
    /// Runs an edit and checks it is exactly one undo step that undo and redo reverse byte-exactly.
    void checkOneStep(PolicyDocument& doc, const std::function<bool()>& edit)
    {
        const std::string before = doc.text();
        const int steps = doc.undoStack()->count();
        QVERIFY2(edit(), qPrintable(doc.lastError()));
        const std::string after = doc.text();
        QVERIFY(after != before);
        QCOMPARE(doc.undoStack()->count(), steps + 1);
        doc.undoStack()->undo();
        QCOMPARE(doc.text(), before);
        doc.undoStack()->redo();
        QCOMPARE(doc.text(), after);
        QVERIFY(doc.isValid());
    }

private slots:
    void shouldHaveDefaultValues()
    {
        PolicyDocument doc;
        QCOMPARE(doc.text(), PolicyDocument::newDocumentText());
        QVERIFY(doc.isValid());
        QVERIFY(doc.hasJson());
        QVERIFY(!doc.isModified());
        QVERIFY(doc.filePath().isEmpty());
        QCOMPARE(doc.displayName(), QStringLiteral("Untitled"));
        QCOMPARE(doc.undoStack()->count(), 0);
        QVERIFY(doc.view().statements.empty());
        QVERIFY(!doc.usesCrLf());
        QVERIFY(!doc.wasUnwrapped());
    }

    void loadReplacesDocumentAndHistory()
    {
        PolicyDocument doc;
        QVERIFY(doc.addStatement());
        QSignalSpy loaded(&doc, &PolicyDocument::loaded);
        QSignalSpy json(&doc, &PolicyDocument::jsonChanged);
        doc.load(readFixture("two-statements.json"), QStringLiteral("/tmp/two-statements.json"));
        QCOMPARE(loaded.count(), 1);
        QVERIFY(json.count() >= 1);
        QCOMPARE(doc.text(), readFixture("two-statements.json"));
        QCOMPARE(doc.displayName(), QStringLiteral("two-statements.json"));
        QCOMPARE(doc.undoStack()->count(), 0);
        QVERIFY(!doc.isModified());
        QCOMPARE(doc.view().statements.size(), std::size_t(2));
        QCOMPARE(dump(at(doc, "/Statement/1/Sid")), dump(Json("Use")));
    }

    void loadUnwrapsGetKeyPolicyOutput()
    {
        PolicyDocument doc;
        doc.load(readFixture("get-key-policy-output.json"), QStringLiteral("/tmp/out.json"));
        QVERIFY(doc.wasUnwrapped());
        QCOMPARE(doc.text(), readFixture("two-statements.json"));
        // Saving must not overwrite the wrapper file with the bare policy.
        QVERIFY(doc.filePath().isEmpty());
        QCOMPARE(doc.displayName(), QStringLiteral("out.json"));
        QCOMPARE(doc.view().statements.size(), std::size_t(2));
    }

    void setValueIsOneStep()
    {
        PolicyDocument doc;
        doc.load(readFixture("two-statements.json"));
        checkOneStep(doc, [&] { return doc.setValue("/Statement/0/Sid", Json("Admins"), QStringLiteral("Set Sid")); });
        QCOMPARE(dump(at(doc, "/Statement/0/Sid")), dump(Json("Admins")));
        QCOMPARE(doc.undoStack()->undoText(), QStringLiteral("Set Sid"));
        QVERIFY(doc.isModified());
    }

    void formEditKeepsCrLf()
    {
        PolicyDocument doc;
        std::string text = readFixture("two-statements.json");
        std::string crlf;
        for (char c : text) {
            crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
        }
        doc.load(crlf);
        QVERIFY(doc.usesCrLf());
        QVERIFY(!doc.displayText().contains(QLatin1Char('\r')));
        QVERIFY(doc.setValue("/Statement/0/Effect", Json("Deny")));
        const std::string edited = doc.text();
        QVERIFY(edited.find("\r\n") != std::string::npos);
        for (std::size_t i = 0; i < edited.size(); ++i) {
            if (edited[i] == '\n') {
                QVERIFY2(i > 0 && edited[i - 1] == '\r', "a bare LF in a CRLF document");
            }
        }
        // Text typed in the view (LF) is stored with the document's CRLF.
        QVERIFY(doc.replaceText(doc.displayText().replace(QStringLiteral("Deny"), QStringLiteral("Allow")), false));
        QCOMPARE(doc.text().find("\"Allow\""), edited.find("\"Deny\""));
        QVERIFY(doc.text().find("\r\n") != std::string::npos);
    }

    void statementCommands()
    {
        PolicyDocument doc;
        doc.load(readFixture("two-statements.json"));
        std::size_t index = 0;
        checkOneStep(doc, [&] { return doc.addStatement({}, &index); });
        QCOMPARE(index, std::size_t(2));
        QCOMPARE(doc.view().statements.size(), std::size_t(3));
        QCOMPARE(dump(at(doc, "/Statement/2/Principal/AWS")), dump(Json("arn:aws:iam::111122223333:root")));

        checkOneStep(doc, [&] { return doc.duplicateStatement(1); });
        QCOMPARE(dump(at(doc, "/Statement/2/Sid")), dump(Json("Use copy")));
        QCOMPARE(dump(at(doc, "/Statement/2/Action")), dump(at(doc, "/Statement/1/Action")));

        checkOneStep(doc, [&] { return doc.moveStatement(0, 1); });
        QCOMPARE(dump(at(doc, "/Statement/0/Sid")), dump(Json("Use")));
        QCOMPARE(dump(at(doc, "/Statement/1/Sid")), dump(Json("Root")));

        checkOneStep(doc, [&] { return doc.removeStatement(0); });
        QCOMPARE(dump(at(doc, "/Statement/0/Sid")), dump(Json("Root")));
        QCOMPARE(doc.view().statements.size(), std::size_t(3));

        QVERIFY(!doc.removeStatement(10));
        QVERIFY(!doc.lastError().isEmpty());
        QVERIFY(!doc.moveStatement(0, 10));
    }

    void singleStatementObjectBecomesArray()
    {
        PolicyDocument doc;
        doc.load(R"({"Version": "2012-10-17", "Statement": {"Sid": "One", "Effect": "Allow", "Principal": "*", )"
                 R"("Action": "kms:Decrypt", "Resource": "*"}, "Id": "x"})");
        QCOMPARE(doc.statementPointer(0), std::string("/Statement"));
        checkOneStep(doc, [&] { return doc.duplicateStatement(0); });
        QVERIFY(at(doc, "/Statement").is_array());
        QCOMPARE(dump(at(doc, "/Statement/1/Sid")), dump(Json("One copy")));
        // Statement keeps its place, and the statement its text, inside the new array (inline, as the policy is).
        QCOMPARE(doc.text(),
                 std::string(R"({"Version": "2012-10-17", "Statement": [{"Sid": "One", "Effect": "Allow", )"
                             R"("Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}, {"Sid": "One copy", )"
                             R"("Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}], )"
                             R"("Id": "x"})"));

        // Written one member per line: the statement goes one level deeper into the array, the new one after it.
        doc.load("{\n  \"Statement\": {\n    \"Sid\": \"One\",\n    \"Effect\": \"Deny\"\n  },\n  \"Id\": \"x\"\n}\n");
        checkOneStep(doc, [&] { return doc.addStatement(Json::object({{"Sid", "Two"}, {"Effect", "Allow"}})); });
        QCOMPARE(doc.text(),
                 std::string(
                     "{\n  \"Statement\": [\n    {\n      \"Sid\": \"One\",\n      \"Effect\": \"Deny\"\n    },\n"
                     "    {\n      \"Sid\": \"Two\",\n      \"Effect\": \"Allow\"\n    }\n  ],\n  \"Id\": \"x\"\n}\n"));
    }

    void valueCommands()
    {
        PolicyDocument doc;
        doc.load(readFixture("two-statements.json"));
        // A string element becomes an array of two.
        checkOneStep(
            doc, [&] { return doc.addValue("/Statement/0/Action", "kms:Decrypt", PolicyDocument::Element::Action); });
        QCOMPARE(dump(at(doc, "/Statement/0/Action")), dump(Json::parse(R"(["kms:*", "kms:Decrypt"])")));
        QVERIFY(!doc.addValue("/Statement/0/Action", "kms:Decrypt", PolicyDocument::Element::Action));
        // An array grows.
        checkOneStep(
            doc, [&] { return doc.addValue("/Statement/1/Action", "kms:Encrypt", PolicyDocument::Element::Action); });
        QCOMPARE(dump(at(doc, "/Statement/1/Action/2")), dump(Json("kms:Encrypt")));
        // Removing the last value removes the element.
        checkOneStep(doc, [&] { return doc.removeValue("/Statement/0/Resource", PolicyDocument::Element::Resource); });
        QVERIFY(!findNode(doc.json(), "/Statement/0/Resource"));
        checkOneStep(doc,
                     [&] { return doc.addValue("/Statement/0/Resource", "*", PolicyDocument::Element::Resource); });
        QCOMPARE(dump(at(doc, "/Statement/0/Resource")), dump(Json("*")));
        // Removing the only principal removes Principal too (empty containers go, up to the statement).
        checkOneStep(doc,
                     [&] { return doc.removeValue("/Statement/0/Principal/AWS", PolicyDocument::Element::Principal); });
        QVERIFY(!findNode(doc.json(), "/Statement/0/Principal"));
        QVERIFY(findNode(doc.json(), "/Statement/0"));
    }

    void principalCommands()
    {
        PolicyDocument doc;
        doc.load(readFixture("two-statements.json"));
        checkOneStep(doc, [&] { return doc.addPrincipal(1, "Service", "logs.us-east-1.amazonaws.com"); });
        QCOMPARE(dump(at(doc, "/Statement/1/Principal/Service")), dump(Json("logs.us-east-1.amazonaws.com")));
        checkOneStep(doc, [&] { return doc.addPrincipal(1, "AWS", "111122223333"); });
        QCOMPARE(dump(at(doc, "/Statement/1/Principal/AWS")),
                 dump(Json::parse(R"(["arn:aws:iam::111122223333:role/App", "111122223333"])")));
        QVERIFY(!doc.addPrincipal(0, "*", "")); // would silently drop the account principal
        QVERIFY(doc.removeValue("/Statement/0/Principal/AWS", PolicyDocument::Element::Principal));
        checkOneStep(doc, [&] { return doc.addPrincipal(0, "*", ""); });
        QCOMPARE(dump(at(doc, "/Statement/0/Principal")), dump(Json("*")));
        QVERIFY(!doc.addPrincipal(0, "AWS", "111122223333"));
        QVERIFY(doc.lastError().contains(QLatin1String("*")));
    }

    void conditionCommands()
    {
        PolicyDocument doc;
        doc.load(readFixture("two-statements.json"));
        checkOneStep(doc, [&] { return doc.addCondition(0, "Bool", "aws:ViaAWSService", {"true"}); });
        QCOMPARE(dump(at(doc, "/Statement/0/Condition/Bool/aws:ViaAWSService")), dump(Json("true")));
        checkOneStep(doc, [&] {
            return doc.editCondition(1,
                                     "StringEquals",
                                     "kms:ViaService",
                                     "StringLike",
                                     "kms:ViaService",
                                     {"s3.*.amazonaws.com", "ec2.*.amazonaws.com"});
        });
        QVERIFY(!findNode(doc.json(), "/Statement/1/Condition/StringEquals"));
        QCOMPARE(dump(at(doc, "/Statement/1/Condition/StringLike/kms:ViaService/1")),
                 dump(Json("ec2.*.amazonaws.com")));
        QVERIFY(!doc.addCondition(0, "StringEquals", "kms:ViaService", {}));
        checkOneStep(doc, [&] {
            return doc.removeValue("/Statement/1/Condition/StringLike/kms:ViaService",
                                   PolicyDocument::Element::Condition);
        });
        QVERIFY(!findNode(doc.json(), "/Statement/1/Condition"));
    }

    void applyFixIsOneStep()
    {
        PolicyDocument doc;
        doc.load(readFixture("two-statements.json"));
        const auto patch
            = nlohmann::json::parse(R"([{"op": "replace", "path": "/Statement/1/Effect", "value": "Deny"}])");
        checkOneStep(doc, [&] { return doc.applyFix(patch, QStringLiteral("SOME_CODE")); });
        QCOMPARE(dump(at(doc, "/Statement/1/Effect")), dump(Json("Deny")));
        QCOMPARE(doc.undoStack()->undoText(), QStringLiteral("Apply fix SOME_CODE"));
        const auto stale = nlohmann::json::parse(R"([{"op": "remove", "path": "/Statement/7"}])");
        QVERIFY(!doc.applyFix(stale, QStringLiteral("SOME_CODE")));
        QVERIFY(!doc.lastError().isEmpty());
    }

    void typingMergesUntilPause()
    {
        PolicyDocument doc;
        doc.load(readFixture("two-statements.json"));
        const qsizetype pos = doc.displayText().indexOf(QStringLiteral("\"Use\"")) + 4;
        const std::string original = doc.text();
        // Three keystrokes.
        QString typed = doc.displayText();
        typed.insert(pos, QLatin1Char('K'));
        QVERIFY(doc.replaceText(typed));
        typed.insert(pos + 1, QLatin1Char('e'));
        QVERIFY(doc.replaceText(typed));
        typed.insert(pos + 2, QLatin1Char('y'));
        QVERIFY(doc.replaceText(typed));
        QCOMPARE(doc.undoStack()->count(), 1);
        QCOMPARE(dump(at(doc, "/Statement/1/Sid")), dump(Json("UseKey")));
        doc.endTypingStep();
        typed.insert(pos + 3, QLatin1Char('s'));
        QVERIFY(doc.replaceText(typed));
        QCOMPARE(doc.undoStack()->count(), 2);
        doc.undoStack()->undo();
        QCOMPARE(dump(at(doc, "/Statement/1/Sid")), dump(Json("UseKey")));
        doc.undoStack()->undo();
        QCOMPARE(doc.text(), original);
        QVERIFY(!doc.isModified());
        // After an undo, typing starts a new step instead of extending the undone one.
        typed = doc.displayText();
        typed.insert(pos, QLatin1Char('X'));
        QVERIFY(doc.replaceText(typed));
        QCOMPARE(doc.undoStack()->count(), 1);
        QCOMPARE(doc.undoStack()->index(), 1);
    }

    void typingBackToTheStartIsNoStep()
    {
        PolicyDocument doc;
        const QString start = doc.displayText();
        QVERIFY(doc.replaceText(start + QLatin1Char(' ')));
        QVERIFY(doc.replaceText(start));
        QCOMPARE(doc.undoStack()->count(), 0);
        QVERIFY(!doc.isModified());
    }

    /// Each step keeps only the bytes it changed: typing at several places of one step (before, after and inside
    /// what it typed before), deleting, and edits that change the length, undo and redo byte for byte.
    void typingStepsStoreTheirDifference()
    {
        PolicyDocument doc;
        doc.load(readFixture("two-statements.json"));
        const std::string original = doc.text();
        QString typed = doc.displayText();
        const qsizetype sid = typed.indexOf(QStringLiteral("\"Use\"")) + 4;
        std::vector<QString> edits;
        auto type = [&](const std::function<void(QString&)>& edit) {
            edit(typed);
            QVERIFY(doc.replaceText(typed));
            edits.push_back(typed);
        };
        type([&](QString& t) { t.insert(sid, QStringLiteral("Key")); }); // inside the second statement
        type([&](QString& t) { t.insert(1, QStringLiteral("\n")); }); // before it, at the start
        type([&](QString& t) { t.append(QStringLiteral("\n\n")); }); // after it, at the end
        type([&](QString& t) { t.remove(sid + 2, 3); }); // inside and past what was typed ("Key" + the quote)
        type([&](QString& t) { t.insert(sid + 2, QStringLiteral("ed\"")); });
        type([&](QString& t) { t.replace(0, 1, QStringLiteral("{ ")); }); // at the very start
        QCOMPARE(doc.undoStack()->count(), 1); // one typing step
        const std::string final = doc.text();
        QCOMPARE(model::toQString(final), typed);
        doc.undoStack()->undo();
        QCOMPARE(doc.text(), original);
        QVERIFY(!doc.isModified());
        doc.undoStack()->redo();
        QCOMPARE(doc.text(), final);

        // Separate steps: each undo goes back exactly one of them.
        doc.load(readFixture("two-statements.json"));
        typed = doc.displayText();
        edits.clear();
        std::vector<std::string> texts{doc.text()};
        for (int i = 0; i < 5; ++i) {
            type([&](QString& t) {
                qsizetype line = 0; // after the (2i+1)th line break: whitespace between tokens, the JSON stays valid
                for (int n = 0; n <= 2 * i; ++n) {
                    line = t.indexOf(QLatin1Char('\n'), line) + 1;
                }
                t.insert(line, QString(i + 1, QLatin1Char(' ')));
            });
            doc.endTypingStep();
            texts.push_back(doc.text());
        }
        QVERIFY(doc.setValue("/Statement/0/Sid", Json("Form edit")));
        texts.push_back(doc.text());
        QVERIFY(doc.formatDocument());
        texts.push_back(doc.text());
        QCOMPARE(doc.undoStack()->count(), static_cast<int>(texts.size()) - 1);
        for (auto i = static_cast<int>(texts.size()) - 2; i >= 0; --i) {
            doc.undoStack()->undo();
            QCOMPARE(doc.text(), texts[static_cast<std::size_t>(i)]);
        }
        for (std::size_t i = 1; i < texts.size(); ++i) {
            doc.undoStack()->redo();
            QCOMPARE(doc.text(), texts[i]);
        }
    }

    /// The report's original shares the loaded text's storage, and keeps its bytes when the text changes.
    void originalSurvivesEdits()
    {
        PolicyDocument doc;
        const std::string loaded = readFixture("two-statements.json");
        doc.load(loaded, QStringLiteral("/tmp/two.json"));
        QCOMPARE(&doc.originalText(), &doc.text()); // one copy of a large file
        QVERIFY(doc.setValue("/Statement/0/Sid", Json("Edited")));
        QCOMPARE(doc.originalText(), loaded);
        QCOMPARE(doc.savedText(), loaded);
        QVERIFY(doc.text() != loaded);
        doc.markSaved(QStringLiteral("/tmp/two.json"));
        const std::string saved = doc.text();
        QVERIFY(doc.replaceText(doc.displayText() + QLatin1Char('\n')));
        QCOMPARE(doc.savedText(), saved);
        QCOMPARE(doc.originalText(), loaded);
        doc.undoStack()->undo();
        doc.undoStack()->undo();
        QCOMPARE(doc.text(), loaded);
        QCOMPARE(doc.originalText(), loaded);
    }

    void invalidTextKeepsLastValidState()
    {
        PolicyDocument doc;
        doc.load(readFixture("two-statements.json"));
        QSignalSpy validity(&doc, &PolicyDocument::validityChanged);
        const QString broken = doc.displayText().replace(QStringLiteral("\"Use\","), QStringLiteral("\"Use\" oops"));
        QVERIFY(doc.replaceText(broken));
        QCOMPARE(validity.count(), 1);
        QCOMPARE(validity.first().first().toBool(), false);
        QVERIFY(!doc.isValid());
        QVERIFY(doc.hasJson());
        QCOMPARE(doc.displayText(), broken);
        QCOMPARE(doc.view().statements.size(), std::size_t(2));
        QCOMPARE(dump(at(doc, "/Statement/1/Sid")), dump(Json("Use")));
        QVERIFY(!parseFindings(doc.source()).empty());
        QCOMPARE(parseFindings(doc.source()).front().code, std::string("JSON_SYNTAX"));
        // Form edits wait for the text to parse.
        const int steps = doc.undoStack()->count();
        QVERIFY(!doc.setValue("/Statement/0/Sid", Json("X")));
        QVERIFY(!doc.lastError().isEmpty());
        QCOMPARE(doc.undoStack()->count(), steps);
        doc.undoStack()->undo();
        QVERIFY(doc.isValid());
        QCOMPARE(validity.count(), 2);
    }

    void displayTextFollowsByteChanges()
    {
        // The JSON view follows a change of the text by replacing one range of its own text (viewEditFor); random
        // changes of texts with every kind of line break and character must leave it showing the text after them.
        const std::vector<std::string> texts = {
            "{\n    \"Sid\": \"abc\"\n}\n",
            "{\r\n    \"Sid\": \"abc\"\r\n}\r\n",
            "a\rb\r\nc\nd\r",
            "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 x\"\r\n\xF0\x9F\x98\x80\n",
        };
        const std::vector<std::string> pieces
            = {"", "x", "\n", "\r\n", "\r", "\xC3\xA9", "\xF0\x9F\x98\x80", "ab\r\ncd", "\xE2\x82\xAC\n"};
        std::mt19937 random(17);
        for (const std::string& before : texts) {
            for (int round = 0; round < 400; ++round) {
                const std::size_t offset = random() % (before.size() + 1);
                const std::size_t removed = random() % (before.size() - offset + 1) % 7;
                const std::string& inserted = pieces[random() % pieces.size()];
                std::string after = before;
                after.replace(offset, removed, inserted);
                if (!isValidUtf8(after)) {
                    QVERIFY(!viewEditFor(after, TextChange::at(offset, removed, inserted.size()), 0));
                    continue;
                }
                // The change as the document records it: its common start and end left out, which may cut a
                // character or a line break in two.
                std::size_t head = 0;
                while (head < before.size() && head < after.size() && before[head] == after[head]) {
                    ++head;
                }
                std::size_t tail = 0;
                while (tail < before.size() - head && tail < after.size() - head
                       && before[before.size() - 1 - tail] == after[after.size() - 1 - tail]) {
                    ++tail;
                }
                const TextChange change = TextChange::at(head, before.size() - head - tail, after.size() - head - tail);
                QString view = displayPiece(before, 0, before.size());
                const auto edit = viewEditFor(after, change, view.size());
                QVERIFY2(edit, after.c_str());
                view.replace(edit->position, edit->removed, edit->inserted);
                QCOMPARE(view, displayPiece(after, 0, after.size()));
            }
        }
        QVERIFY(!viewEditFor("{}", TextChange::everything(), 2));
        QVERIFY(!isValidUtf8("\xC3"));
        QVERIFY(!isValidUtf8("\xED\xA0\x80")); // a surrogate
        QVERIFY(!isValidUtf8("\xC0\xAF")); // overlong
        QVERIFY(isValidUtf8(std::string(100, 'a') + "\xF0\x9F\x98\x80"));
    }

    void viewEditsBecomeByteEdits()
    {
        // A change of the view (a keystroke, a paste) said in the document's bytes (byteEditFor): applied to the text,
        // the text shows as the view after the change, with the document's own line breaks.
        const std::vector<std::pair<std::string, bool>> texts = {
            {"{\n    \"Sid\": \"abc\"\n}\n", false},
            {"{\r\n    \"Sid\": \"abc\"\r\n}\r\n", true},
            {"\"caf\xC3\xA9 \xF0\x9F\x98\x80 x\"\r\n\xF0\x9F\x98\x80\r\n", true},
        };
        const QStringList pieces = {QString(),
                                    QStringLiteral("x"),
                                    QStringLiteral("\n"),
                                    QString(QChar::ParagraphSeparator),
                                    QStringLiteral("\u00e9"),
                                    QString::fromUtf8("\xF0\x9F\x98\x80"),
                                    QStringLiteral("a\nb")};
        std::mt19937 random(23);
        for (const auto& [text, crlf] : texts) {
            const QString view = displayPiece(text, 0, text.size());
            for (int round = 0; round < 400; ++round) {
                const auto position = static_cast<qsizetype>(random() % static_cast<unsigned>(view.size() + 1));
                const auto removed
                    = static_cast<qsizetype>(random() % static_cast<unsigned>(view.size() - position + 1) % 5);
                const QString inserted
                    = pieces[static_cast<qsizetype>(random() % static_cast<unsigned>(pieces.size()))];
                const auto edit = byteEditFor(text, position, removed, inserted, crlf);
                const bool splitsPair = (position < view.size() && view[position].isLowSurrogate())
                    || (position + removed < view.size() && view[position + removed].isLowSurrogate());
                QCOMPARE(!edit, splitsPair);
                if (!edit) {
                    continue;
                }
                std::string after = text;
                after.replace(edit->offset, edit->removed, edit->inserted);
                QString expected = view;
                expected.replace(position, removed, inserted);
                expected.replace(QChar::ParagraphSeparator, QLatin1Char('\n'));
                QCOMPARE(displayPiece(after, 0, after.size()), expected);
                QCOMPARE(edit->inserted.find("\r\n") != std::string::npos
                             || edit->inserted.find('\n') == std::string::npos,
                         crlf || edit->inserted.find('\n') == std::string::npos);
            }
        }
        QVERIFY(!byteEditFor("\"\xC3\"", 0, 1, QStringLiteral("x"), false)); // not UTF-8: the view's units are unknown
        QVERIFY(!byteEditFor("abc", 2, 5, QString(), false)); // past the end
    }

    void editTextIsTypedInPlace()
    {
        PolicyDocument doc;
        doc.load("{\r\n    \"Sid\": \"ab\"\r\n}\r\n");
        QSignalSpy json(&doc, &PolicyDocument::jsonChanged);
        const QString view = doc.displayText();
        const int at = static_cast<int>(view.indexOf(QStringLiteral("ab")));
        QVERIFY(doc.editText(at + 1, 0, QStringLiteral("X")));
        QVERIFY(doc.editText(at + 2, 0, QStringLiteral("Y")));
        QCOMPARE(doc.text(), std::string("{\r\n    \"Sid\": \"aXYb\"\r\n}\r\n"));
        QCOMPARE(doc.lastChange().whole, false);
        QCOMPARE(doc.lastChange().offset, std::size_t(17));
        QCOMPARE(json.count(), 2);
        QCOMPARE(doc.undoStack()->count(), 1); // typing merges
        // A line break typed into a CRLF document is written as one.
        QVERIFY(doc.editText(0, 0, QString(QChar::ParagraphSeparator)));
        QCOMPARE(doc.text().substr(0, 3), std::string("\r\n{"));
        QCOMPARE(json.count(), 2); // layout only: the policy did not change
        doc.undoStack()->undo();
        QCOMPARE(doc.text(), std::string("{\r\n    \"Sid\": \"ab\"\r\n}\r\n"));
        QCOMPARE(doc.lastChange().whole, false);
        // Not UTF-8: the view cannot say its positions in bytes, and the caller gives the whole text instead.
        doc.load("{\"Sid\": \"\xC3\"}");
        QVERIFY(!doc.editText(0, 0, QStringLiteral(" ")));
        QCOMPARE(doc.undoStack()->count(), 0);
    }

    void typingIntoInvalidTextKeepsTheLastPolicy()
    {
        // setText lets go of the parse before it parses the next text (two parses of a large policy at once doubled
        // typing's memory): the last policy that parsed comes back when the text stops parsing, whether or not
        // someone else held the parse.
        for (const bool held : {false, true}) {
            PolicyDocument doc;
            doc.load(readFixture("two-statements.json"));
            std::shared_ptr<const PolicyDocument::Parse> holder = held ? doc.currentParse() : nullptr;
            QSignalSpy json(&doc, &PolicyDocument::jsonChanged);
            QSignalSpy validity(&doc, &PolicyDocument::validityChanged);
            const int quote = static_cast<int>(doc.displayText().indexOf(QStringLiteral("\"Use\"")));
            QVERIFY(doc.editText(quote, 0, QStringLiteral("\"")));
            QVERIFY(!doc.isValid());
            QCOMPARE(validity.count(), 1);
            QCOMPARE(json.count(), 0);
            QVERIFY(doc.hasJson());
            QCOMPARE(doc.view().statements.size(), std::size_t(2));
            QCOMPARE(dump(at(doc, "/Statement/1/Sid")), dump(Json("Use")));
            QVERIFY(doc.editText(quote, 1, QString()));
            QVERIFY(doc.isValid());
            QCOMPARE(validity.count(), 2);
            QCOMPARE(json.count(), 0); // the same policy as before
            QVERIFY(doc.editText(quote + 1, 0, QStringLiteral("d")));
            QCOMPARE(json.count(), 1);
            QCOMPARE(dump(at(doc, "/Statement/1/Sid")), dump(Json("dUse")));
            QCOMPARE(doc.originalText(), readFixture("two-statements.json"));
        }
    }

    void noOpEditPushesNothing()
    {
        PolicyDocument doc;
        doc.load(readFixture("two-statements.json"));
        // Setting a value to what it is changes no byte (form edits no longer re-lay out the text): no step at all.
        QVERIFY(doc.setValue("/Statement/0/Sid", Json("Root")));
        QCOMPARE(doc.undoStack()->count(), 0);
        QCOMPARE(doc.text(), readFixture("two-statements.json"));
        QVERIFY(!doc.isModified());
    }

    void applyFixChangesOneLine()
    {
        // two-statements.json is written with 2 spaces, inline principals and inline action lists.
        PolicyDocument doc;
        const std::string original = readFixture("two-statements.json");
        doc.load(original);
        const auto patch
            = nlohmann::json::parse(R"([{"op": "replace", "path": "/Statement/1/Effect", "value": "Deny"}])");
        QVERIFY(doc.applyFix(patch, QStringLiteral("SOME_CODE")));
        QCOMPARE(changedLines(original, doc.text()),
                 QStringLiteral("-      \"Effect\": \"Allow\",\n+      \"Effect\": \"Deny\",\n"));
        // A key renamed by a fix stays where it is.
        doc.undoStack()->undo();
        const auto rename = nlohmann::json::parse(
            R"([{"op": "move", "from": "/Statement/0/Principal/AWS", "path": "/Statement/0/Principal/Service"}])");
        QVERIFY(doc.applyFix(rename, QStringLiteral("SOME_CODE")));
        QCOMPARE(changedLines(original, doc.text()),
                 QStringLiteral("-      \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"},\n"
                                "+      \"Principal\": {\"Service\": \"arn:aws:iam::111122223333:root\"},\n"));
        QCOMPARE(doc.undoStack()->count(), 1);
    }

    void formEditsChangeOnlyTheirText()
    {
        PolicyDocument doc;
        const std::string original = readFixture("two-statements.json");
        doc.load(original);
        const auto expect = [&](const std::function<bool()>& edit, const QString& diff) {
            QVERIFY2(edit(), qPrintable(doc.lastError()));
            QCOMPARE(changedLines(original, doc.text()), diff);
            doc.undoStack()->undo();
            QCOMPARE(doc.text(), original);
        };
        expect([&] { return doc.setValue("/Statement/0/Sid", Json("Admins")); },
               QStringLiteral("-      \"Sid\": \"Root\",\n+      \"Sid\": \"Admins\",\n"));
        // A string becomes a list written like the document's other action lists: inline.
        expect([&] { return doc.addValue("/Statement/0/Action", "kms:Decrypt", PolicyDocument::Element::Action); },
               QStringLiteral("-      \"Action\": \"kms:*\",\n+      \"Action\": [\"kms:*\", \"kms:Decrypt\"],\n"));
        expect([&] { return doc.addValue("/Statement/1/Action", "kms:Encrypt", PolicyDocument::Element::Action); },
               QStringLiteral("-      \"Action\": [\"kms:Decrypt\", \"kms:GenerateDataKey*\"],\n"
                              "+      \"Action\": [\"kms:Decrypt\", \"kms:GenerateDataKey*\", \"kms:Encrypt\"],\n"));
        // The last member goes with the comma before it.
        expect([&] { return doc.removeValue("/Statement/0/Resource", PolicyDocument::Element::Resource); },
               QStringLiteral("-      \"Action\": \"kms:*\",\n-      \"Resource\": \"*\"\n"
                              "+      \"Action\": \"kms:*\"\n"));
        expect([&] { return doc.removeValue("/Statement/1/Action/0", PolicyDocument::Element::Action); },
               QStringLiteral("-      \"Action\": [\"kms:Decrypt\", \"kms:GenerateDataKey*\"],\n"
                              "+      \"Action\": [\"kms:GenerateDataKey*\"],\n"));
        expect([&] { return doc.addPrincipal(1, "Service", "logs.us-east-1.amazonaws.com"); },
               QStringLiteral("-      \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:role/App\"},\n"
                              "+      \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:role/App\", "
                              "\"Service\": \"logs.us-east-1.amazonaws.com\"},\n"));
        // Another operator for a condition: its block is renamed where it stands.
        expect(
            [&] {
                return doc.editCondition(
                    1, "StringEquals", "kms:ViaService", "StringLike", "kms:ViaService", {"s3.*.amazonaws.com"});
            },
            QStringLiteral(
                "-      \"Condition\": {\"StringEquals\": {\"kms:ViaService\": \"s3.us-east-1.amazonaws.com\"}}\n"
                "+      \"Condition\": {\"StringLike\": {\"kms:ViaService\": \"s3.*.amazonaws.com\"}}\n"));
        expect([&] { return doc.addCondition(0, "Bool", "aws:ViaAWSService", {"true"}); },
               QStringLiteral("-      \"Resource\": \"*\"\n+      \"Resource\": \"*\",\n"
                              "+      \"Condition\": {\"Bool\": {\"aws:ViaAWSService\": \"true\"}}\n"));
        // A new statement: on lines of its own like the others, its principal inline like theirs.
        expect([&] { return doc.addStatement(); },
               QStringLiteral("+    },\n+    {\n+      \"Sid\": \"Statement3\",\n+      \"Effect\": \"Allow\",\n"
                              "+      \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"},\n"
                              "+      \"Action\": \"kms:DescribeKey\",\n+      \"Resource\": \"*\"\n"));
        // Statements move and go with their text as written.
        QVERIFY(doc.moveStatement(1, 0));
        const std::string moved = doc.text();
        const std::string use = original.substr(original.find("    {\n      \"Sid\": \"Use\""));
        QVERIFY(moved.find(use.substr(0, use.find("    }") + 5)) < moved.find("\"Sid\": \"Root\""));
        doc.undoStack()->undo();
        QVERIFY(doc.removeStatement(0));
        QCOMPARE(doc.text().find("Root"), std::string::npos);
        QVERIFY(doc.text().find(use.substr(0, use.find("    }") + 5)) != std::string::npos);
    }

    void formatDocumentIsOneStep()
    {
        PolicyDocument doc;
        std::string crlf;
        for (char c : readFixture("two-statements.json")) {
            crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
        }
        doc.load(crlf);
        checkOneStep(doc, [&] { return doc.formatDocument(); });
        QCOMPARE(doc.undoStack()->undoText(), QStringLiteral("Format document"));
        QCOMPARE(doc.text(), doc.withLineEndings(formatPolicy(doc.json())));
        QVERIFY(doc.text().find("\r\n            \"Sid\": \"Root\",\r\n") != std::string::npos);
        // Already formatted: no step.
        const int steps = doc.undoStack()->count();
        QVERIFY(doc.formatDocument());
        QCOMPARE(doc.undoStack()->count(), steps);
        // Not while the text does not parse.
        QVERIFY(doc.replaceText(doc.displayText() + QStringLiteral("oops"), false));
        QVERIFY(!doc.formatDocument());
        QVERIFY(!doc.lastError().isEmpty());
    }

    void cleanStateFollowsUndo()
    {
        PolicyDocument doc;
        doc.load(readFixture("two-statements.json"));
        QSignalSpy modified(&doc, &PolicyDocument::modificationChanged);
        QVERIFY(doc.setValue("/Statement/0/Effect", Json("Deny")));
        QVERIFY(doc.isModified());
        QCOMPARE(modified.count(), 1);
        doc.undoStack()->undo();
        QVERIFY(!doc.isModified());
        doc.undoStack()->redo();
        doc.markSaved(QStringLiteral("/tmp/saved.json"));
        QVERIFY(!doc.isModified());
        QCOMPARE(doc.displayName(), QStringLiteral("saved.json"));
        doc.markModified();
        QVERIFY(doc.isModified());
    }

    // The change-ticket report's original: what was loaded (the wrapper too), kept across edits and saves.
    void originalIsWhatWasLoaded()
    {
        PolicyDocument doc;
        QCOMPARE(doc.origin().kind, render::ReportOrigin::Kind::New);
        QCOMPARE(doc.originalText(), PolicyDocument::newDocumentText());

        const std::string wrapped = readFixture("get-key-policy-output.json");
        doc.load(wrapped, QStringLiteral("/tmp/x/../out.json"));
        QCOMPARE(doc.originalText(), wrapped); // the file's bytes, not the unwrapped policy
        QCOMPARE(doc.origin(), render::ReportOrigin::file("/tmp/out.json"));
        QVERIFY(doc.setValue("/Statement/1/Sid", Json("Edited")));
        doc.markSaved(QStringLiteral("/tmp/saved.json"));
        QCOMPARE(doc.originalText(), wrapped);
        QCOMPARE(doc.origin(), render::ReportOrigin::file("/tmp/out.json"));

        const auto aws = render::ReportOrigin::aws(
            "arn:aws:kms:eu-west-1:111122223333:key/k", "eu-west-1", "2024-05-01T12:34:56Z");
        doc.load(readFixture("two-statements.json"), {}, QStringLiteral("k.json"), aws);
        QCOMPARE(doc.origin(), aws);
        QCOMPARE(doc.originalText(), readFixture("two-statements.json"));
        doc.load("{}", {}, QStringLiteral("Pasted"));
        QCOMPARE(doc.origin().kind, render::ReportOrigin::Kind::New);

        doc.setOriginal("{\"a\": 1}", render::ReportOrigin::created(render::ReportOrigin::Kind::Restored));
        QCOMPARE(doc.originalText(), std::string("{\"a\": 1}"));
        QCOMPARE(doc.text(), std::string("{}")); // the text is not touched
        QCOMPARE(doc.origin().kind, render::ReportOrigin::Kind::Restored);
    }

    void jsonNodes()
    {
        const Json doc = Json::parse(R"({"a/b": {"c~d": [1, 2]}, "e": []})");
        QVERIFY(findNode(doc, "/a~1b/c~0d/1"));
        QCOMPARE(dump(*findNode(doc, "/a~1b/c~0d/1")), dump(Json(2)));
        QVERIFY(!findNode(doc, "/a~1b/c~0d/2"));
        QVERIFY(!findNode(doc, "/a~1b/c~0d/01"));
        QVERIFY(!findNode(doc, "/a~1b/c~0d/-"));
        QVERIFY(!findNode(doc, "no-slash"));
        QCOMPARE(statementIndexOf("/Statement/3/Action/0", true), std::optional<std::size_t>(3));
        QCOMPARE(statementIndexOf("/Statement/Action", false), std::optional<std::size_t>(0));
        QCOMPARE(statementIndexOf("/Version", true), std::nullopt);
        QCOMPARE(statementIndexOf("/Statement", true), std::nullopt);
    }
};

QTEST_GUILESS_MAIN(TestPolicyDocument)
#include "tst_policydocument.moc"
