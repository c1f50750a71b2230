// SPDX-License-Identifier: GPL-3.0-or-later
// Everything reachable without a mouse: pane navigation (F6, Shift+F6, Alt+1…), the shortcuts of the main actions,
// Tab that indents in the JSON view and leaves the tables, one accessible name per control.
#include "GuiFixture.h"
#include "model/PolicyDocument.h"
#include "ui/FindingsView.h"
#include "ui/JsonEditor.h"
#include "ui/MainWindow.h"
#include "ui/features/Features.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QMap>
#include <QRegularExpression>
#include <QTableView>
#include <QTest>
#include <QTextBlock>

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
        QVERIFY(panes.contains(QStringLiteral("Grant matrix")));
        m_window->statementsView()->setFocus();
        QTRY_COMPARE(m_window->currentPane(), 0);
        for (int i = 1; i <= panes.size(); ++i) {
            press(QKeyCombination(Qt::Key_F6));
            QTRY_COMPARE_WITH_TIMEOUT(m_window->currentPane(), i % static_cast<int>(panes.size()), 2000);
        }
        press(QKeyCombination(Qt::ShiftModifier, Qt::Key_F6));
        QTRY_COMPARE(m_window->currentPane(), static_cast<int>(panes.size()) - 1);
        // A dock pane is raised when it is reached: its tab was behind the Findings tab.
        QTRY_VERIFY(!m_window->mwaa()->grantMatrixDock()->visibleRegion().isEmpty());
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
