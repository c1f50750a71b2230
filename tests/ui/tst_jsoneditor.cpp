// SPDX-License-Identifier: GPL-3.0-or-later
// The Policy JSON view: positions, underlines, completion, two-way sync, drops.
#include "core/checker/Checker.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"
#include "ui/JsonEditor.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QMimeData>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTextBlock>
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
        // A minified 400 KB policy with thousands of findings on its one line: underlining must not shape the line
        // once per finding (that took minutes), and positions stay exact.
        std::string text = "{\"Id\": \"";
        text.append(400000, 'a');
        text += "\"}";
        PolicyDocument doc;
        doc.load(text);
        JsonEditor editor;
        editor.setPolicyDocument(&doc);
        std::vector<Finding> findings;
        for (int i = 0; i < 3000; ++i) {
            Finding f;
            f.code = "SOMETHING";
            f.message = "somewhere";
            f.location.span.line = 1;
            f.location.span.column = 10 + i * 100;
            f.location.span.endLine = 1;
            f.location.span.endColumn = 12 + i * 100;
            findings.push_back(f);
        }
        editor.setFindings(findings);
        QCOMPARE(editor.findingSelectionCount(), 2000); // the rest are listed in the Findings table only
        const QTextCursor tenth = editor.extraSelections().at(10).cursor;
        QCOMPARE(tenth.selectionStart(), 9 + 10 * 100);
        QCOMPARE(tenth.selectionEnd(), 11 + 10 * 100);
        QCOMPARE(doc.undoStack()->count(), 0);
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
