// SPDX-License-Identifier: GPL-3.0-or-later
// Everything reachable without a mouse: pane navigation (F6, Shift+F6, Alt+1…), the shortcuts of the main actions,
// Tab that indents in the JSON view and leaves the tables, one accessible name per control.
#include "GuiFixture.h"
#include "model/FindingsModel.h"
#include "model/LiveChecker.h"
#include "model/PolicyDocument.h"
#include "ui/DiffDialog.h"
#include "ui/FindBar.h"
#include "ui/FindingsView.h"
#include "ui/JsonEditor.h"
#include "ui/MainWindow.h"
#include "ui/features/Features.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTableView>
#include <QTest>
#include <QTextBlock>
#include <QTextEdit>
#include <QToolButton>

using namespace kps;
using namespace kps::ui;
using namespace kps::test;

namespace {

QString fixture(const char* name)
{
    return QStringLiteral(KPS_TEST_DATA_DIR "/editor/") + QLatin1String(name);
}

} // namespace

class TestKeyboard : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MainWindow> m_window;

    QWidget* focus() const { return QApplication::focusWidget(); }
    /** Sends a key to whatever has the focus, as a person pressing it would. */
    void press(QKeyCombination key)
    {
        QWidget* target = focus() ? focus() : m_window.get();
        QTest::keyClick(target, key.key(), key.keyboardModifiers());
    }

private slots:
    void initTestCase() { initGuiTests("tst_keyboard"); }

    void init()
    {
        m_window = std::make_unique<MainWindow>();
        QVERIFY(showWindow(*m_window));
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QVERIFY(m_window->files()->openFile(fixture("two-statements.json")));
    }

    void cleanup() { closeWindow(m_window); }

    void mainActionsHaveShortcuts()
    {
        // The list: each of these is one key press away.
        for (const char* name : {"actionSaveAs",
                                 "actionExportCorrected",
                                 "actionExportReport",
                                 "actionApplyAllFixes",
                                 "actionShowDiff",
                                 "actionLoadGrants",
                                 "actionNextPane",
                                 "actionPreviousPane"}) {
            QAction* action = m_window->action(QString::fromLatin1(name));
            QVERIFY2(action, name);
            QVERIFY2(!action->shortcut().isEmpty(), name);
        }
        // No key does two things (Qt would then do neither).
        QMap<QString, QString> owner;
        for (QAction* action : m_window->findChildren<QAction*>()) {
            for (const QKeySequence& key : action->shortcuts()) {
                const QString text = key.toString();
                QVERIFY2(!owner.contains(text) || owner[text] == action->objectName(),
                         qPrintable(text + QLatin1String(": ") + owner[text] + QLatin1String(" and ")
                                    + action->objectName()));
                owner[text] = action->objectName();
            }
        }
    }

    void f6CyclesThroughEveryPaneAndBack()
    {
        const QStringList panes = m_window->paneNames();
        QCOMPARE(panes.mid(0, 4),
                 (QStringList{QStringLiteral("Statements"),
                              QStringLiteral("Statement editor"),
                              QStringLiteral("Policy JSON"),
                              QStringLiteral("Findings")}));
        QVERIFY(panes.contains(QStringLiteral("MWAA environment")));
        QVERIFY(panes.contains(QStringLiteral("Grants")));
        m_window->statementsView()->setFocus();
        QTRY_COMPARE(m_window->currentPane(), 0);
        for (int i = 1; i <= panes.size(); ++i) {
            press(QKeyCombination(Qt::Key_F6));
            QTRY_COMPARE_WITH_TIMEOUT(m_window->currentPane(), i % static_cast<int>(panes.size()), 2000);
        }
        press(QKeyCombination(Qt::ShiftModifier, Qt::Key_F6));
        QTRY_COMPARE(m_window->currentPane(), static_cast<int>(panes.size()) - 1);
        // A dock pane is raised when it is reached: its tab was behind the Findings tab.
        QDockWidget* lastDock = nullptr;
        for (QDockWidget* dock : m_window->findChildren<QDockWidget*>()) {
            if (dock->windowTitle() == panes.last()) {
                lastDock = dock;
            }
        }
        QVERIFY(lastDock);
        QTRY_VERIFY(!lastDock->visibleRegion().isEmpty());
    }

    void altDigitGoesToOnePane()
    {
        press(QKeyCombination(Qt::AltModifier, Qt::Key_3));
        QTRY_VERIFY(focus() == m_window->jsonEditor());
        press(QKeyCombination(Qt::AltModifier, Qt::Key_1));
        QTRY_VERIFY(focus() == m_window->statementsView());
        press(QKeyCombination(Qt::AltModifier, Qt::Key_4));
        QTRY_COMPARE(m_window->currentPane(), 3);
        QVERIFY(m_window->findingsView()->isAncestorOf(focus()));
    }

    void tabInTheJsonViewIndentsInTheDocumentsStyle()
    {
        JsonEditor* json = m_window->jsonEditor();
        QCOMPARE(json->indentUnit(), QStringLiteral("  ")); // the fixture is indented by two spaces
        json->setFocus();
        QTextCursor cursor(json->document()->findBlockByNumber(4)); // `      "Sid": "Root",`
        cursor.movePosition(QTextCursor::EndOfBlock);
        cursor.movePosition(QTextCursor::Left, QTextCursor::MoveAnchor, 3); // inside the string "Root"
        json->setTextCursor(cursor);
        QTest::keyClick(json, Qt::Key_Tab);
        const QString line = json->document()->findBlockByNumber(4).text();
        QVERIFY2(!line.contains(QLatin1Char('\t')), qPrintable(line));
        // Spaces up to the next 2-column stop, where the cursor was ("Roo|t").
        QVERIFY2(line.contains(QRegularExpression(QStringLiteral("\"Roo {1,2}t\""))), qPrintable(line));
        QVERIFY(focus() == json); // Tab stays in the editor (F6 leaves it)
        QTRY_VERIFY(m_window->document()->isValid());

        // Shift+Tab outdents the line by one step.
        QTextCursor start(json->document()->findBlockByNumber(2)); // `  "Statement": [`
        json->setTextCursor(start);
        QTest::keyClick(json, Qt::Key_Backtab);
        QCOMPARE(json->document()->findBlockByNumber(2).text(), QStringLiteral("\"Statement\": ["));
        // A selection of lines is indented line by line, as one undo step.
        QTextCursor lines(json->document()->findBlockByNumber(2));
        lines.movePosition(QTextCursor::Down, QTextCursor::KeepAnchor, 1);
        json->setTextCursor(lines);
        QTest::keyClick(json, Qt::Key_Tab);
        QCOMPARE(json->document()->findBlockByNumber(2).text(), QStringLiteral("  \"Statement\": ["));
        QCOMPARE(json->document()->findBlockByNumber(3).text(), QStringLiteral("      {"));
    }

    void indentUnitFollowsTheDocument()
    {
        m_window->document()->load("{\n\t\"Version\": \"2012-10-17\",\n\t\"Statement\": []\n}\n");
        QCOMPARE(m_window->jsonEditor()->indentUnit(), QStringLiteral("\t"));
        m_window->document()->load("{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": []\n}\n");
        QCOMPARE(m_window->jsonEditor()->indentUnit(), QStringLiteral("    "));
        m_window->document()->load("{\"Version\": \"2012-10-17\", \"Statement\": []}");
        QCOMPARE(m_window->jsonEditor()->indentUnit(), QStringLiteral("    "));
    }

    void tabLeavesTheTables()
    {
        QTableView* statements = m_window->statementsView();
        statements->setFocus();
        QTRY_VERIFY(focus() == statements);
        QTest::keyClick(statements, Qt::Key_Tab);
        QTRY_VERIFY(focus() != statements);
        for (QTableView* table : m_window->findChildren<QTableView*>()) {
            QVERIFY2(!table->tabKeyNavigation(), qPrintable(table->objectName()));
        }
    }

    void findAndReplaceInTheJsonView()
    {
        QVERIFY(!m_window->findBar()->isVisible());
        m_window->jsonEditor()->setFocus();
        press(QKeyCombination(Qt::ControlModifier, Qt::Key_F));
        QTRY_VERIFY(m_window->findBar()->isVisible());
        QLineEdit* find = m_window->findBar()->findField();
        QTRY_VERIFY(focus() == find);
        QTest::keyClicks(find, QStringLiteral("111122223333"));
        QCOMPARE(m_window->findBar()->resultLabel()->text(), QStringLiteral("2 matches"));
        QTest::keyClick(find, Qt::Key_Return);
        QCOMPARE(m_window->jsonEditor()->textCursor().selectedText(), QStringLiteral("111122223333"));
        QCOMPARE(m_window->findBar()->resultLabel()->text(), QStringLiteral("1 of 2"));
        const int first = m_window->jsonEditor()->textCursor().selectionStart();
        QTest::keyClick(find, Qt::Key_Return);
        QCOMPARE(m_window->findBar()->resultLabel()->text(), QStringLiteral("2 of 2"));
        QTest::keyClick(find, Qt::Key_Return); // wraps around
        QCOMPARE(m_window->jsonEditor()->textCursor().selectionStart(), first);
        QTest::keyClick(find, Qt::Key_Return, Qt::ShiftModifier); // backwards, wrapping
        QCOMPARE(m_window->findBar()->resultLabel()->text(), QStringLiteral("2 of 2"));
        QTest::keyClick(find, Qt::Key_Escape);
        QTRY_VERIFY(!m_window->findBar()->isVisible());
        QTRY_VERIFY(focus() == m_window->jsonEditor());

        // Replace all: every match, one undo step.
        press(QKeyCombination(Qt::ControlModifier, Qt::Key_H));
        QTRY_VERIFY(m_window->findBar()->replaceField()->isVisible());
        find->setText(QStringLiteral("111122223333"));
        m_window->findBar()->replaceField()->setText(QStringLiteral("444455556666"));
        const std::string before = m_window->document()->text();
        QCOMPARE(m_window->findBar()->replaceAll(), 2);
        QVERIFY(m_window->document()->text().find("111122223333") == std::string::npos);
        QCOMPARE(m_window->findBar()->matchCount(), 0);
        m_window->action(u"actionUndo")->trigger();
        QCOMPARE(m_window->document()->text(), before);
    }

    void selectingAStatementShowsItInTheJson()
    {
        // A long policy: the last statement is far below the first screen of the JSON view.
        std::string text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n";
        for (int i = 0; i < 60; ++i) {
            text += "    {\n      \"Sid\": \"S" + std::to_string(i)
                + "\",\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"AWS\": "
                  "\"arn:aws:iam::111122223333:root\"},\n"
                  "      \"Action\": \"kms:DescribeKey\",\n      \"Resource\": \"*\"\n    }"
                + (i < 59 ? ",\n" : "\n");
        }
        text += "  ]\n}\n";
        m_window->document()->load(text);
        JsonEditor* json = m_window->jsonEditor();
        auto firstShown = [json] {
            return json->cursorForPosition(QPoint(0, 0)).blockNumber();
        };
        auto lastShown = [json] {
            return json->cursorForPosition(QPoint(0, json->viewport()->height() - 1)).blockNumber();
        };
        QCOMPARE(firstShown(), 0);
        m_window->statementsView()->setFocus();
        m_window->selectStatement(59);
        const int line = static_cast<int>(m_window->document()->source().locate("/Statement/59").span.line);
        QTRY_VERIFY(firstShown() > 0);
        QVERIFY2(firstShown() <= line - 1 && line - 1 <= lastShown(),
                 qPrintable(QStringLiteral("%1..%2 %3").arg(firstShown()).arg(lastShown()).arg(line)));
        // Typing in the JSON view is never interrupted: with the focus there, selecting does not scroll it.
        json->setFocus();
        QTRY_VERIFY(json->hasFocus());
        const int shown = firstShown();
        m_window->selectStatement(0);
        QCOMPARE(firstShown(), shown);
    }

    void activatingAFindingKeepsTheStartOfTheLineInView()
    {
        // One long line: the finding (an unknown action) starts near its beginning and the line runs far right.
        std::string actions;
        for (int i = 0; i < 40; ++i) {
            actions += ", \"kms:DescribeKey\"";
        }
        m_window->document()->load(
            "{\"Statement\": [{\"Action\": [\"kms:NoSuchThingAtAllHereInThisPolicyThatIsLongerThan"
            "TheViewportItselfForSureAndEvenLongerStill\""
            + actions
            + "], \"Effect\": \"Allow\", \"Principal\": {\"AWS\": "
              "\"arn:aws:iam::111122223333:root\"}, \"Resource\": \"*\"}], "
              "\"Version\": \"2012-10-17\"}\n");
        QTRY_VERIFY(m_window->checker()->isUpToDate() && !m_window->checker()->isPending());
        int row = -1;
        const auto& findings = m_window->findingsModel()->findings();
        for (std::size_t i = 0; i < findings.size(); ++i) {
            if (findings[i].location.pointer == "/Statement/0/Action/0") {
                row = static_cast<int>(i);
            }
        }
        QVERIFY(row >= 0);
        m_window->jsonEditor()->resize(600, 200); // the span starts in view, ends far beyond it
        m_window->jsonEditor()->horizontalScrollBar()->setValue(0);
        m_window->activateFinding(row);
        QVERIFY(m_window->jsonEditor()->horizontalScrollBar()->maximum() > 0);
        QCOMPARE(m_window->jsonEditor()->horizontalScrollBar()->value(), 0);
    }

    void previewGoesFromChangeToChange()
    {
        std::string before;
        std::string after;
        for (int i = 1; i <= 200; ++i) {
            const std::string line = "line " + std::to_string(i) + "\n";
            before += line;
            after += (i == 20 || i == 180) ? "changed " + line : line;
        }
        DiffDialog dialog(before, after, QStringLiteral("current"), QStringLiteral("fixed"), DiffDialog::Mode::Confirm);
        dialog.resize(600, 300);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        QCOMPARE(dialog.changeCount(), 2);
        QCOMPARE(dialog.currentChange(), 0);
        auto shownLine = [&dialog] {
            QTextEdit* view = dialog.unifiedView();
            return view->cursorForPosition(view->viewport()->rect().center()).block().text();
        };
        auto visible = [&dialog](const QString& text) {
            QTextEdit* view = dialog.unifiedView();
            const int top = view->cursorForPosition(QPoint(0, 0)).blockNumber();
            const int bottom = view->cursorForPosition(QPoint(0, view->viewport()->height() - 1)).blockNumber();
            for (int b = top; b <= bottom; ++b) {
                if (view->document()->findBlockByNumber(b).text() == text) {
                    return true;
                }
            }
            return false;
        };
        QVERIFY2(visible(QStringLiteral("+ changed line 20")), qPrintable(shownLine()));
        press(QKeyCombination(Qt::Key_F7));
        QTRY_COMPARE(dialog.currentChange(), 1); // a button's shortcut clicks it after a short animation
        QVERIFY2(visible(QStringLiteral("+ changed line 180")), qPrintable(shownLine()));
        QCOMPARE(dialog.findChild<QLabel*>(QStringLiteral("changePosition"))->text(), QStringLiteral("Change 2 of 2"));
        press(QKeyCombination(Qt::ShiftModifier, Qt::Key_F7));
        QTRY_COMPARE(dialog.currentChange(), 0);
    }

    void fixMarkerIsAControlForScreenReaders()
    {
        m_window->document()->load(
            "{\n  \"Version\": \"2008-10-17\",\n  \"Statement\": [{\"Sid\": \"Root\", \"Effect\": "
            "\"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"}, "
            "\"Action\": \"kms:*\", \"Resource\": \"*\"}]\n}\n");
        QTRY_VERIFY(m_window->checker()->isUpToDate() && !m_window->checker()->isPending());
        JsonEditor* json = m_window->jsonEditor();
        QTRY_VERIFY(json->fixMarkerLines().contains(2));
        QToolButton* button = byName<QToolButton>(m_window.get(), QStringLiteral("Fix on cursor line"));
        QVERIFY(button);
        json->setTextCursor(QTextCursor(json->document()->findBlockByNumber(0)));
        QTRY_VERIFY(!button->isVisible()); // line 1 has no fix
        json->setTextCursor(QTextCursor(json->document()->findBlockByNumber(1)));
        QTRY_VERIFY(button->isVisible());
        QVERIFY2(button->accessibleDescription().contains(QLatin1String("Line 2")),
                 qPrintable(button->accessibleDescription()));
        QVERIFY(button->accessibleDescription().contains(QLatin1String("VERSION_OLD")));
        button->click(); // what an AT-SPI client's "press" does
        QTRY_VERIFY(m_window->document()->text().find("2012-10-17") != std::string::npos);
    }

    void oneControlPerAccessibleName()
    {
        // Buttons a person can press (toolbar buttons carry their action's text): no two share a name.
        QMap<QString, QString> seen;
        for (QAbstractButton* button : m_window->findChildren<QAbstractButton*>()) {
            const QString name = button->accessibleName().isEmpty() ? button->text() : button->accessibleName();
            if (name.isEmpty() || !button->isVisibleTo(m_window.get()) || button->objectName().startsWith(u"qt_")) {
                continue;
            }
            QVERIFY2(
                !seen.contains(name),
                qPrintable(name + QLatin1String(": ") + seen[name] + QLatin1String(" and ") + button->objectName()));
            seen[name] = button->objectName();
        }
    }
};

QTEST_MAIN(TestKeyboard)
#include "tst_keyboard.moc"
