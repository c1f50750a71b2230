// SPDX-License-Identifier: GPL-3.0-or-later
// The Policy JSON view: positions, underlines, completion, two-way sync, drops.
#include "core/checker/Checker.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"
#include "ui/JsonEditor.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QKeyEvent>
#include <QMimeData>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>
#include <QUndoStack>

using namespace kps;
using namespace kps::ui;
using model::PolicyDocument;

namespace {

const Finding* firstWithCode(const std::vector<Finding>& findings, const char* code)
{
    for (const Finding& f : findings) {
        if (f.code == code) {
            return &f;
        }
    }
    return nullptr;
}

/// A JSON view showing a document loaded from text.
struct EditorOn
{
    PolicyDocument doc;
    JsonEditor editor;

    explicit EditorOn(const std::string& text)
    {
        doc.load(text);
        editor.setPolicyDocument(&doc);
    }
};

Finding findingAt(int line, int column, int endColumn)
{
    Finding f;
    f.code = "SOMETHING";
    f.message = "somewhere";
    f.location.span.line = line;
    f.location.span.column = column;
    f.location.span.endLine = line;
    f.location.span.endColumn = endColumn;
    return f;
}

/// Types text as key events carrying it (QTest::keyClicks knows only ASCII); "\n" is Return.
void typeText(QWidget& widget, const QString& text)
{
    for (const QChar c : text) {
        if (c == QLatin1Char('\n')) {
            QTest::keyClick(&widget, Qt::Key_Return);
            continue;
        }
        QKeyEvent press(QEvent::KeyPress, Qt::Key_unknown, Qt::NoModifier, QString(c));
        QCoreApplication::sendEvent(&widget, &press);
        QKeyEvent release(QEvent::KeyRelease, Qt::Key_unknown, Qt::NoModifier, QString(c));
        QCoreApplication::sendEvent(&widget, &release);
    }
}

} // namespace

class TestJsonEditor : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void shouldHaveDefaultValues()
    {
        JsonEditor editor;
        QCOMPARE(editor.accessibleName(), QStringLiteral("Policy JSON"));
        QCOMPARE(editor.objectName(), QStringLiteral("policyJson"));
        QVERIFY(editor.currentText().isEmpty());
        QVERIFY(!editor.isUndoRedoEnabled()); // undo belongs to the document
        QCOMPARE(editor.findingSelectionCount(), 0);
        QCOMPARE(editor.lineWrapMode(), QPlainTextEdit::NoWrap);
        QVERIFY(editor.lineNumberAreaWidth() > 0);
        QVERIFY(editor.completer());
        QVERIFY(editor.completer()->model()->rowCount() > 50);
    }

    void showsAndFollowsTheDocument()
    {
        PolicyDocument doc;
        JsonEditor editor;
        editor.setPolicyDocument(&doc);
        QCOMPARE(editor.currentText(), doc.displayText());
        QVERIFY(doc.addStatement());
        QCOMPARE(editor.currentText(), doc.displayText());
        doc.undoStack()->undo();
        QCOMPARE(editor.currentText(), doc.displayText());
        doc.load("{\"Version\": \"2012-10-17\"}");
        QCOMPARE(editor.currentText(), QStringLiteral("{\"Version\": \"2012-10-17\"}"));
        QCOMPARE(editor.textCursor().position(), 0);
    }

    void positionsCountCodePoints()
    {
        PolicyDocument doc;
        // U+1F600 takes two UTF-16 units; columns count it once.
        doc.load("{\"Id\": \"\xF0\x9F\x98\x80x\"}\r\n");
        JsonEditor editor;
        editor.setPolicyDocument(&doc);
        QCOMPARE(editor.positionOf(1, 10), 10); // the x after the emoji
        QCOMPARE(editor.document()->characterAt(editor.positionOf(1, 10)), QLatin1Char('x'));
        QCOMPARE(editor.positionOf(1, 1), 0);
        QCOMPARE(editor.positionOf(99, 1), editor.document()->characterCount() - 1);

        // The parser's own finding lands on exactly the emoji.
        const CheckResult result = check(doc.text());
        const Finding* charset = firstWithCode(result.findings, "POLICY_CHARSET");
        QVERIFY(charset);
        editor.selectSpan(charset->location.span);
        QCOMPARE(editor.textCursor().selectedText(), QString::fromUtf8("\xF0\x9F\x98\x80"));
    }

    /// Issue 17: a 20,000-statement policy took seconds and hundreds of MB to open because every line was
    /// highlighted (and so laid out) at once. Lines are highlighted as they come into view, and again when edited.
    void highlightsTheLinesInView()
    {
        std::string text = "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [\n";
        const int statements = JsonEditor::LazyLayoutLines + 2000; // one line each: also over the relayout limit
        for (int i = 0; i < statements; ++i) {
            text += "        {\"Sid\": \"S" + std::to_string(i)
                + "\", \"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"}, "
                + "\"Action\": \"kms:*\", \"Resource\": \"*\"}" + (i + 1 < statements ? ",\n" : "\n");
        }
        text += "    ]\n}\n";
        PolicyDocument doc;
        doc.load(text);
        JsonEditor editor;
        editor.setPolicyDocument(&doc);
        editor.resize(600, 300);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        auto coloured = [&editor](int line) {
            const QTextBlock block = editor.document()->findBlockByNumber(line - 1);
            int ranges = 0;
            for (const QTextLayout::FormatRange& range : block.layout()->formats()) {
                ranges += range.format.hasProperty(QTextFormat::ForegroundBrush) ? 1 : 0;
            }
            return ranges;
        };
        QTRY_COMPARE(coloured(2), 2); // "Version": "2012-10-17": a key and a string
        const int far = editor.document()->blockCount() - 10;
        QCOMPARE(coloured(far), 0); // not in view: not highlighted
        // A change of width (the window resized) keeps the editor working without laying every line out.
        editor.resize(500, 300);
        QTRY_COMPARE(editor.viewport()->width() < 500, true);
        editor.revealLine(far);
        QTRY_COMPARE(coloured(far), 11); // six keys (the Principal's "AWS" among them), five strings
        // An edited line is highlighted again: a number typed at its start is a literal.
        QTextCursor cursor(editor.document()->findBlockByNumber(far - 1));
        cursor.insertText(QStringLiteral("7, "));
        QTRY_COMPARE(coloured(far), 12);
    }

    void crlfLinesMapOntoBlocks()
    {
        PolicyDocument doc;
        doc.load("{\r\n  \"Version\": \"2012-10-17\",\r\n  \"Version\": \"2008-10-17\"\r\n}\r\n");
        JsonEditor editor;
        editor.setPolicyDocument(&doc);
        QCOMPARE(editor.document()->blockCount(), 5);
        const CheckResult result = check(doc.text());
        const Finding* duplicate = firstWithCode(result.findings, "JSON_DUPLICATE_KEY");
        QVERIFY(duplicate);
        QCOMPARE(duplicate->location.span.line, 3);
        editor.selectSpan(duplicate->location.span);
        QCOMPARE(editor.textCursor().selectedText(), QStringLiteral("\"Version\""));
        QCOMPARE(editor.textCursor().block().blockNumber(), 2);
    }

    void findingsAreUnderlinedWithTheirMessage()
    {
        PolicyDocument doc;
        doc.load("{\n  \"Version\": \"2012-10-17\",\n  \"Version\": \"2008-10-17\"\n}\n");
        JsonEditor editor;
        editor.setPolicyDocument(&doc);
        const CheckResult result = check(doc.text());
        editor.setFindings(result.findings);
        QCOMPARE(editor.findingSelectionCount(), static_cast<int>(result.findings.size()));
        const QList<QTextEdit::ExtraSelection> selections = editor.extraSelections();
        QCOMPARE(selections.size(), static_cast<qsizetype>(result.findings.size()));
        for (const auto& selection : selections) {
            QCOMPARE(selection.format.underlineStyle(), QTextCharFormat::SpellCheckUnderline);
            QVERIFY(selection.format.underlineColor().isValid());
            QVERIFY(selection.cursor.hasSelection());
        }
        const int duplicateKey = static_cast<int>(editor.currentText().lastIndexOf(QStringLiteral("\"Version\"")));
        const QStringList messages = editor.messagesAt(duplicateKey + 2);
        QVERIFY(!messages.isEmpty());
        QVERIFY(messages.join(QLatin1Char('\n')).contains(QLatin1String("JSON_DUPLICATE_KEY")));
        QVERIFY(editor.messagesAt(1).join(QString()).indexOf(QLatin1String("JSON_DUPLICATE_KEY")) < 0);
        editor.setFindings({});
        QCOMPARE(editor.extraSelections().size(), 0);
    }

    void manyFindingsOnOneVeryLongLine()
    {
        // A minified policy with thousands of findings on its one line: underlining must not shape the line once per
        // finding (that took minutes), painting must not lay the line out once per underline (a minute for 2,000 on
        // a 1.3 MB line), and positions stay exact.
        for (const int length : {40000, 400000}) {
            std::string text = "{\"Id\": \"";
            text.append(static_cast<std::size_t>(length), 'a');
            text += "\"}";
            EditorOn view(text);
            auto& [doc, editor] = view;
            std::vector<Finding> findings;
            for (int i = 0; i < 3000; ++i) {
                findings.push_back(findingAt(1, 10 + i * 10, 12 + i * 10));
            }
            editor.setFindings(findings);
            // The rest are listed in the Findings table only: 49 on the 40 KB line, 4 on the 400 KB one.
            const auto lineLength = static_cast<qsizetype>(text.size());
            QCOMPARE(editor.findingSelectionCount(), JsonEditor::UnderlinedCharsPerLine / lineLength);
            const QTextCursor third = editor.extraSelections().at(2).cursor;
            QCOMPARE(third.selectionStart(), 9 + 2 * 10);
            QCOMPARE(third.selectionEnd(), 11 + 2 * 10);
            QCOMPARE(doc.undoStack()->count(), 0);
        }
    }

    void underlinesAfterALimitedLineKeepTheirFinding()
    {
        // 60 findings on a 40 KB line (49 underlined), then one on the next line: hovering it shows its own message,
        // and its fix is the one offered (the underlines no longer correspond one to one to the findings).
        std::string text = "{\"Id\": \"";
        text.append(40000, 'a');
        text += "\",\n\"Version\": \"2008-10-17\"}";
        EditorOn view(text);
        std::vector<Finding> findings;
        for (int i = 0; i < 60; ++i) {
            findings.push_back(findingAt(1, 10 + i * 10, 12 + i * 10));
            findings.back().fix = nlohmann::json::array({{{"op", "remove"}, {"path", "/Id"}}});
        }
        Finding version = findingAt(2, 12, 24);
        version.code = "VERSION_OLD";
        version.message = "the old version";
        version.fix = nlohmann::json::array({{{"op", "replace"}, {"path", "/Version"}, {"value", "2012-10-17"}}});
        findings.push_back(version);
        view.editor.setFindings(findings);
        QCOMPARE(view.editor.findingSelectionCount(), 50);
        const int onVersion = view.editor.positionOf(2, 14);
        const QStringList messages = view.editor.messagesAt(onVersion);
        QCOMPARE(messages.size(), 1);
        QVERIFY2(messages.front().contains(QLatin1String("VERSION_OLD")), qPrintable(messages.front()));
        QTextCursor cursor(view.editor.document());
        cursor.setPosition(onVersion);
        view.editor.setTextCursor(cursor);
        QCOMPARE(view.editor.fixesAtCursor(), QList<int>{60});
    }

    void underlinesAreCappedOverTheDocument()
    {
        // Short lines are not limited per line, but the document is: the first 2,000 findings are underlined.
        std::string text = "{\"Statement\": [\n";
        for (int i = 0; i < 3000; ++i) {
            text += "{},\n";
        }
        text += "{}]}";
        EditorOn view(text);
        std::vector<Finding> findings;
        for (int line = 2; line < 3002; ++line) {
            findings.push_back(findingAt(line, 1, 3));
        }
        JsonEditor& editor = view.editor;
        editor.setFindings(findings);
        QCOMPARE(editor.findingSelectionCount(), static_cast<int>(JsonEditor::MaxUnderlines));
        QCOMPARE(editor.extraSelections().last().cursor.block().blockNumber(), 2000);
    }

    void typingIsOneStepPerPause()
    {
        PolicyDocument doc;
        JsonEditor editor;
        editor.setPolicyDocument(&doc);
        editor.setTypingPause(600000);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.moveCursor(QTextCursor::End);
        QTest::keyClicks(&editor, QStringLiteral("  "));
        QCOMPARE(doc.undoStack()->count(), 1);
        doc.endTypingStep();
        QTest::keyClicks(&editor, QStringLiteral(" "));
        QCOMPARE(doc.undoStack()->count(), 2);
        QCOMPARE(doc.displayText(), editor.currentText());
        // After a real pause the next keystroke starts a new step.
        editor.setTypingPause(1);
        const int steps = doc.undoStack()->count();
        QTest::keyClicks(&editor, QStringLiteral(" ")); // still the current step...
        QCOMPARE(doc.undoStack()->count(), steps);
        const quint64 serial = doc.typingSerial();
        QTRY_VERIFY(doc.typingSerial() != serial); // ...until the pause ends it
        QTest::keyClicks(&editor, QStringLiteral(" "));
        QCOMPARE(doc.undoStack()->count(), steps + 1);
    }

    void editsInPlaceKeepViewAndDocumentAlike()
    {
        // Keystrokes go to the document as the few bytes they change (PolicyDocument::editText), and the document's
        // changes come back as one replaced range (viewEditFor): with CRLF line breaks, characters of two and four
        // bytes, and a character outside the BMP (two UTF-16 units), the view and the document must stay alike.
        EditorOn on("{\r\n    \"Version\": \"2012-10-17\",\r\n    \"Id\": \"caf\xC3\xA9 \xF0\x9F\x98\x80 key\",\r\n"
                    "    \"Statement\": []\r\n}\r\n");
        on.editor.setTypingPause(600000);
        on.editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&on.editor));
        const auto alike = [&] {
            QCOMPARE(on.editor.currentText(), on.doc.displayText());
            // Every line break is still CRLF.
            const QString text = model::toQString(on.doc.text());
            QCOMPARE(text.count(QLatin1Char('\n')), text.count(QStringLiteral("\r\n")));
            QCOMPARE(text.count(QLatin1Char('\r')), text.count(QStringLiteral("\r\n")));
        };
        QTextCursor cursor = on.editor.textCursor();
        cursor.setPosition(static_cast<int>(on.editor.currentText().indexOf(QStringLiteral(" key"))));
        on.editor.setTextCursor(cursor);
        QTest::keyClick(&on.editor, Qt::Key_Backspace); // the emoji: two units, one keystroke
        alike();
        QVERIFY(on.doc.text().find("\xF0\x9F\x98\x80") == std::string::npos);
        QCOMPARE(on.doc.lastChange().whole, false);
        typeText(on.editor, QStringLiteral("\u00fc"));
        alike();
        const int lines = on.editor.document()->blockCount();
        QTest::keyClick(&on.editor, Qt::Key_End);
        QTest::keyClick(&on.editor, Qt::Key_Return);
        alike();
        QCOMPARE(on.editor.document()->blockCount(), lines + 1);
        // A selection replaced by typing, across a line break.
        cursor = on.editor.textCursor();
        cursor.setPosition(static_cast<int>(on.editor.currentText().indexOf(QStringLiteral("2012"))));
        cursor.setPosition(static_cast<int>(on.editor.currentText().indexOf(QStringLiteral("\"Id\""))),
                           QTextCursor::KeepAnchor);
        on.editor.setTextCursor(cursor);
        typeText(on.editor, QStringLiteral("2012-10-17\",\n    "));
        alike();
        QVERIFY(on.doc.isValid());
        // The document's own edits, undo and redo come back in place.
        on.doc.endTypingStep();
        QVERIFY(on.doc.setValue("/Id", Json("\xF0\x9F\x98\x80\xF0\x9F\x98\x80")));
        alike();
        QVERIFY(on.doc.addStatement());
        alike();
        for (int i = 0; i < 3; ++i) {
            on.doc.undoStack()->undo();
            alike();
        }
        on.doc.undoStack()->redo();
        alike();
        QVERIFY(on.doc.formatDocument());
        alike();
        on.doc.undoStack()->undo();
        alike();
    }

    void largeDocumentIsShownWhole()
    {
        // A load of more than a megabyte fills the view in slices (never the whole text as one QString).
        std::string text = "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [";
        for (int i = 0; i < 9000; ++i) {
            text += std::string(i ? "," : "") + "\n        {\"Sid\": \"S" + std::to_string(i)
                + "\", \"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"},"
                  " \"Action\": \"kms:Decrypt\", \"Resource\": \"*\"}";
        }
        text += "\n    ]\n}\n";
        QVERIFY(text.size() > (1u << 20));
        EditorOn on(text);
        QCOMPARE(on.editor.currentText(), on.doc.displayText());
        QCOMPARE(on.editor.document()->blockCount(), 9006); // and the empty line after the last line break
        on.doc.load("{}");
        QCOMPARE(on.editor.currentText(), QStringLiteral("{}"));
        on.doc.load(text);
        QCOMPARE(on.editor.currentText(), on.doc.displayText());
    }

    void completionReplacesTheWordBeforeTheCursor()
    {
        PolicyDocument doc;
        doc.load("{\"Action\": \"kms:Decr\"}");
        JsonEditor editor;
        editor.setPolicyDocument(&doc);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QTextCursor cursor(editor.document());
        cursor.setPosition(static_cast<int>(editor.currentText().indexOf(QStringLiteral("kms:Decr")) + 8));
        editor.setTextCursor(cursor);
        QCOMPARE(editor.wordBeforeCursor(), QStringLiteral("kms:Decr"));

        QTest::keyClick(&editor, Qt::Key_Space, Qt::ControlModifier);
        QTRY_VERIFY(editor.completer()->popup()->isVisible());
        QCOMPARE(editor.completer()->completionPrefix(), QStringLiteral("kms:Decr"));
        QCOMPARE(editor.completer()->currentCompletion(), QStringLiteral("kms:Decrypt"));
        QTest::keyClick(editor.completer()->popup(), Qt::Key_Return);
        QTRY_VERIFY(!editor.completer()->popup()->isVisible());
        QCOMPARE(editor.currentText(), QStringLiteral("{\"Action\": \"kms:Decrypt\"}"));
        QCOMPARE(doc.text(), std::string("{\"Action\": \"kms:Decrypt\"}"));
        QVERIFY(doc.isValid());
    }

    void droppedFilesAreOpenedNotInserted()
    {
        PolicyDocument doc;
        JsonEditor editor;
        editor.setPolicyDocument(&doc);
        QSignalSpy dropped(&editor, &JsonEditor::fileDropped);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(QStringLiteral("/tmp/policy.json"))});
        QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(editor.viewport(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(editor.viewport(), &drop);
        QCOMPARE(dropped.count(), 1);
        QCOMPARE(dropped.first().first().toString(), QStringLiteral("/tmp/policy.json"));
        QCOMPARE(editor.currentText(), doc.displayText());
    }
};

QTEST_MAIN(TestJsonEditor)
#include "tst_jsoneditor.moc"
