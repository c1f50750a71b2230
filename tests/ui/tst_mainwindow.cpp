// SPDX-License-Identifier: GPL-3.0-or-later
// The main window, driven through its real widgets: files, two-way editing, findings, undo, prompts, autosave.
#include "GuiFixture.h"
#include "core/json/Format.h"
#include "core/json/SourceDocument.h"
#include "model/AutosaveStore.h"
#include "model/FindingsModel.h"
#include "model/JsonNodes.h"
#include "model/LiveChecker.h"
#include "model/PolicyDocument.h"
#include "model/PolicyFile.h"
#include "model/QtConvert.h"
#include "model/StatementsModel.h"
#include "ui/FileDialogProvider.h"
#include "ui/FindingsView.h"
#include "ui/JsonEditor.h"
#include "ui/MainWindow.h"
#include "ui/MessageBox.h"
#include "ui/StatementEditor.h"
#include "ui/features/Features.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QUndoStack>

using namespace kps;
using namespace kps::ui;
using namespace kps::test;
using model::FindingsModel;

namespace {

QString fixture(const char* name)
{
    return QStringLiteral(KPS_TEST_DATA_DIR "/editor/") + QLatin1String(name);
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/** Returns prepared names instead of showing a file dialog. */
class FakeDialogs : public FileDialogProvider
{
public:
    QString openName;
    QString saveName;
    int asked = 0;
    QString openFileName(QWidget*, const QString&, const QString&, const QString&) override
    {
        ++asked;
        return openName;
    }
    QString saveFileName(QWidget*, const QString&, const QString&, const QString&) override
    {
        ++asked;
        return saveName;
    }
};

int findingRow(const MainWindow& window, const char* code)
{
    const auto& findings = window.findingsModel()->findings();
    for (std::size_t i = 0; i < findings.size(); ++i) {
        if (findings[i].code == code) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

QString menuText(QString text)
{
    return text.remove(QLatin1Char('&'));
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MainWindow> m_window;
    FakeDialogs* m_dialogs = nullptr;
    QTemporaryDir m_dir;

    MainWindow& window() { return *m_window; }
    model::PolicyDocument& doc() { return *m_window->document(); }
    void settle() { QTRY_VERIFY(window().checker()->isUpToDate() && !window().checker()->isPending()); }
    void open(const QString& path)
    {
        QVERIFY(window().files()->openFile(path));
        settle();
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("KeypolicyStudioTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        QSettings().clear();
        // Any box a test did not expect returns its default instead of blocking.
        MessageBox::setNonInteractive(true);
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        MessageBox::clearHistory();
        m_window = std::make_unique<MainWindow>();
        auto dialogs = std::make_unique<FakeDialogs>();
        m_dialogs = dialogs.get();
        m_window->setFileDialogProvider(std::move(dialogs));
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        if (m_window) {
            closeWindow(m_window);
        }
        MessageBox::clearHistory();
    }

    void shouldHaveDefaultValues()
    {
        QCOMPARE(window().windowTitle(), QStringLiteral("Untitled[*] — Keypolicy Studio"));
        QVERIFY(!window().isWindowModified());
        QCOMPARE(doc().text(), model::PolicyDocument::newDocumentText());
        QCOMPARE(window().statementsModel()->rowCount(), 0);
        QCOMPARE(window().currentStatement(), -1);
        QVERIFY(window().statementEditor()->isReadOnly());
        QCOMPARE(window().jsonEditor()->currentText(), doc().displayText());
        QVERIFY(!window().action(u"actionUndo")->isEnabled());
        QVERIFY(!window().action(u"actionRemoveStatement")->isEnabled());
        QVERIFY(window().action(u"actionAddStatement")->isEnabled());
        QVERIFY(window().mwaa()->panelDock() && window().mwaa()->grantsDock());
        settle();
        QVERIFY(window().statusLabel()->text().contains(QLatin1String("MWAA ready")));
    }

    void everyWidgetOfTheSpecIsFoundByAccessibleName()
    {
        // Walk the window as an accessibility client would: by accessible name, never objectName.
        QHash<QString, QWidget*> named;
        for (QWidget* w : window().findChildren<QWidget*>()) {
            if (!w->accessibleName().isEmpty() && !named.contains(w->accessibleName())) {
                named.insert(w->accessibleName(), w);
            }
        }
        for (const char* name : {"Statements", "Statement editor", "Policy JSON", "Findings"}) {
            QVERIFY2(named.contains(QLatin1String(name)), name);
            QVERIFY2(named.value(QLatin1String(name))->isVisible(), name);
        }
        QVERIFY(qobject_cast<QTableView*>(named.value(QStringLiteral("Statements"))));
        QVERIFY(qobject_cast<QTableView*>(named.value(QStringLiteral("Findings"))));
        QVERIFY(qobject_cast<QPlainTextEdit*>(named.value(QStringLiteral("Policy JSON"))));
        QWidget* editor = named.value(QStringLiteral("Statement editor"));
        for (const char* name : {"Sid", "Effect", "Principals", "Actions", "Resources", "Conditions"}) {
            QWidget* child = named.value(QLatin1String(name));
            QVERIFY2(child, name);
            QVERIFY2(editor->isAncestorOf(child), name);
            QVERIFY2(child->isVisible(), name);
            // objectName: lowerCamelCase of the accessible name
            QVERIFY2(child->objectName().at(0).isLower(), name);
        }
        QCOMPARE(named.value(QStringLiteral("Statements"))->objectName(), QStringLiteral("statements"));
        QCOMPARE(named.value(QStringLiteral("Policy JSON"))->objectName(), QStringLiteral("policyJson"));
        QLabel* status = nullptr;
        for (QLabel* label : window().findChildren<QLabel*>()) {
            if (label->accessibleDescription() == QLatin1String("Status")) {
                status = label;
            }
        }
        QVERIFY(status);
        QVERIFY(status->isVisible());
    }

    void menusHoldEveryActionOfTheSpec()
    {
        const QMap<QString, QStringList> expected{
            {QStringLiteral("File"),
             {QStringLiteral("New"),
              QStringLiteral("New from MWAA template"),
              QStringLiteral("Open…"),
              QStringLiteral("Open Recent"),
              QStringLiteral("Save"),
              QStringLiteral("Save As…"),
              QStringLiteral("Import from AWS…"),
              QStringLiteral("Export corrected policy…"),
              QStringLiteral("Export change-ticket report…"),
              QStringLiteral("Quit")}},
            {QStringLiteral("Edit"),
             {QStringLiteral("Undo"),
              QStringLiteral("Redo"),
              QStringLiteral("Add statement"),
              QStringLiteral("Duplicate statement"),
              QStringLiteral("Remove statement"),
              QStringLiteral("Move statement up"),
              QStringLiteral("Move statement down"),
              QStringLiteral("Insert template statement…"),
              QStringLiteral("Format document")}},
            {QStringLiteral("Check"),
             {QStringLiteral("Apply fix"), QStringLiteral("Apply all fixes"), QStringLiteral("Show diff to original")}},
            {QStringLiteral("Grants"),
             {QStringLiteral("Load grants from file…"), QStringLiteral("Fetch grants from AWS…")}},
            {QStringLiteral("AWS"), {QStringLiteral("Audit MWAA environments in AWS…")}},
            {QStringLiteral("Help"), {QStringLiteral("Finding reference"), QStringLiteral("About Keypolicy Studio")}},
        };
        QMap<QString, QStringList> found;
        for (QAction* top : window().menuBar()->actions()) {
            if (QMenu* menu = top->menu()) {
                for (QAction* a : menu->actions()) {
                    if (!a->isSeparator()) {
                        found[menuText(top->text())] << menuText(a->text());
                    }
                }
            }
        }
        for (auto it = expected.begin(); it != expected.end(); ++it) {
            QVERIFY2(found.contains(it.key()), qPrintable(it.key()));
            for (const QString& text : it.value()) {
                QVERIFY2(found[it.key()].contains(text), qPrintable(it.key() + QLatin1String(" > ") + text));
            }
        }
        QCOMPARE(window().action(u"actionNew")->shortcut(), QKeySequence(QKeySequence::New));
        QCOMPARE(window().action(u"actionOpen")->shortcut(), QKeySequence(QKeySequence::Open));
        QCOMPARE(window().action(u"actionSave")->shortcut(), QKeySequence(QKeySequence::Save));
        QCOMPARE(window().action(u"actionUndo")->shortcut(), QKeySequence(QKeySequence::Undo));
        QCOMPARE(window().action(u"actionRedo")->shortcut(), QKeySequence(QKeySequence::Redo));
        QCOMPARE(window().action(u"actionQuit")->shortcut(), QKeySequence(QKeySequence::Quit));
        QCOMPARE(window().action(u"actionFormatDocument")->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+I")));
        // Format document has a section of its own at the end of the Edit menu.
        QMenu* edit = window().findChild<QMenu*>(QStringLiteral("editMenu"));
        QVERIFY(edit);
        QVERIFY(edit->actions().size() >= 2);
        QVERIFY(edit->actions().at(edit->actions().size() - 2)->isSeparator());
        QCOMPARE(edit->actions().last()->objectName(), QStringLiteral("actionFormatDocument"));
        // Each feature declares its actions and the window places them: the File menu in its sections, in order,
        // whichever feature declared each entry.
        QMenu* file = window().findChild<QMenu*>(QStringLiteral("fileMenu"));
        QVERIFY(file);
        QStringList entries;
        for (QAction* a : file->actions()) {
            entries << (a->isSeparator() ? QStringLiteral("|") : a->objectName());
        }
        QCOMPARE(
            entries.join(QLatin1Char(' ')),
            QStringLiteral("actionNew actionPasteAsNew actionNewFromMwaaTemplate actionOpen actionOpenFromTemplate "
                           "actionOpenRecent | "
                           "actionSave actionSaveAs | actionImportFromAws actionApplyToAws actionExportCorrected "
                           "actionExportReport | actionQuit"));
        // Every action in a menu is one the window knows by its objectName, with a status tip, and none is a
        // placeholder of a feature that is not there.
        for (QAction* top : window().menuBar()->actions()) {
            for (QAction* a : top->menu()->actions()) {
                if (a->isSeparator() || top->menu()->objectName() == QLatin1String("viewMenu")) {
                    continue;
                }
                QVERIFY2(window().action(a->objectName()) == a, qPrintable(a->objectName()));
                QVERIFY2(!a->statusTip().isEmpty() || a->menu()
                             || a->objectName().startsWith(QLatin1String("actionUndo"))
                             || a->objectName() == QLatin1String("actionRedo"),
                         qPrintable(a->objectName()));
                QVERIFY(!a->statusTip().contains(QLatin1String("not available")));
            }
        }
        QCOMPARE(window().action(u"actionNoSuchThing"), nullptr);
    }

    void openShowsStatementsAndText()
    {
        const QString path = fixture("two-statements.json");
        open(path);
        QCOMPARE(window().windowTitle(), QStringLiteral("two-statements.json[*] — Keypolicy Studio"));
        // What a user sees is the file's name, not the machine's absolute path (the README's screenshots).
        QCOMPARE(window().statusBar()->currentMessage(), QStringLiteral("Opened two-statements.json"));
        QCOMPARE(window().statementsModel()->rowCount(), 2);
        QCOMPARE(window().currentStatement(), 0);
        QCOMPARE(window().jsonEditor()->currentText(), QString::fromUtf8(readAll(path)));
        QCOMPARE(window().findChild<QLineEdit*>(QStringLiteral("sid"))->text(), QStringLiteral("Root"));
        QVERIFY(window().files()->recentFiles().contains(QFileInfo(path).absoluteFilePath()));
    }

    void openingGetKeyPolicyOutputShowsTheInnerPolicy()
    {
        open(fixture("get-key-policy-output.json"));
        QCOMPARE(window().jsonEditor()->currentText(), QString::fromUtf8(readAll(fixture("two-statements.json"))));
        QVERIFY(doc().wasUnwrapped());
        QVERIFY(window().statusBar()->currentMessage().contains(QLatin1String("get-key-policy")));
    }

    void formEditRewritesTheJson()
    {
        open(fixture("two-statements.json"));
        window().selectStatement(1);
        auto* sid = window().findChild<QLineEdit*>(QStringLiteral("sid"));
        QCOMPARE(sid->text(), QStringLiteral("Use"));
        sid->selectAll();
        QTest::keyClicks(sid, QStringLiteral("Application"));
        QTest::keyClick(sid, Qt::Key_Return);
        QVERIFY(window().jsonEditor()->currentText().contains(QLatin1String("\"Sid\": \"Application\"")));
        QCOMPARE(doc().undoStack()->count(), 1);
        QVERIFY(window().isWindowModified());
        QCOMPARE(window().statementsModel()->index(1, 0).data().toString(), QStringLiteral("Application"));

        auto* effect = window().findChild<QComboBox*>(QStringLiteral("effect"));
        effect->setCurrentIndex(effect->findText(QStringLiteral("Deny")));
        emit effect->activated(effect->currentIndex());
        QVERIFY(window().jsonEditor()->currentText().contains(QLatin1String("\"Effect\": \"Deny\"")));
        QCOMPARE(doc().undoStack()->count(), 2);

        window().action(u"actionUndo")->trigger();
        window().action(u"actionUndo")->trigger();
        QCOMPARE(window().jsonEditor()->currentText(), QString::fromUtf8(readAll(fixture("two-statements.json"))));
        QCOMPARE(sid->text(), QStringLiteral("Use"));
        QVERIFY(!window().isWindowModified());
        window().action(u"actionRedo")->trigger();
        QCOMPARE(sid->text(), QStringLiteral("Application"));
    }

    void typingInTheJsonUpdatesFormAndFindings()
    {
        open(fixture("two-statements.json"));
        window().selectStatement(1);
        JsonEditor* json = window().jsonEditor();
        json->setTypingPause(600000); // the test decides where steps end
        QTextCursor cursor(json->document());
        cursor.setPosition(static_cast<int>(json->currentText().indexOf(QStringLiteral("\"Use\"")) + 4));
        json->setTextCursor(cursor);
        json->setFocus();
        QTest::keyClicks(json, QStringLiteral("Key"));
        QCOMPARE(doc().undoStack()->count(), 1); // typing merges into one step
        QCOMPARE(window().findChild<QLineEdit*>(QStringLiteral("sid"))->text(), QStringLiteral("UseKey"));
        QCOMPARE(window().statementsModel()->index(1, 0).data().toString(), QStringLiteral("UseKey"));

        // A duplicate key typed in the JSON becomes a finding shortly after.
        doc().endTypingStep();
        cursor.setPosition(
            static_cast<int>(json->currentText().indexOf(QStringLiteral("\"Effect\": \"Allow\",")) + 18));
        json->setTextCursor(cursor);
        QTest::keyClicks(json, QStringLiteral(" \"Sid\": \"Again\","));
        QCOMPARE(doc().undoStack()->count(), 2);
        QTRY_VERIFY(hasFinding(window(), "JSON_DUPLICATE_KEY"));
        QVERIFY(json->findingSelectionCount() >= 1);
        window().action(u"actionUndo")->trigger();
        QTRY_VERIFY(!hasFinding(window(), "JSON_DUPLICATE_KEY"));
    }

    void activatingAFindingMovesTheCursorOntoItsSpan()
    {
        const QString text
            = QString::fromUtf8(readAll(fixture("two-statements.json")))
                  .replace(QStringLiteral("\"Effect\": \"Allow\",\n      \"Principal\": {\"AWS\": "
                                          "\"arn:aws:iam::111122223333:role/App\"}"),
                           QStringLiteral("\"Effect\": \"Allow\",\n      \"Effect\": \"Deny\",\n      \"Principal\": "
                                          "{\"AWS\": \"arn:aws:iam::111122223333:role/App\"}"));
        const QString path = m_dir.filePath(QStringLiteral("duplicate.json"));
        QString error;
        QVERIFY(model::PolicyFile::write(path, model::toStdString(text), &error));
        open(path);
        window().selectStatement(0);
        const int row = findingRow(window(), "JSON_DUPLICATE_KEY");
        QVERIFY(row >= 0);
        window().findingsView()->setCurrentRow(row);
        QSignalSpy activated(window().findingsView(), &FindingsView::findingActivated);
        QTableView* table = window().findingsView()->table();
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Return);
        if (activated.isEmpty()) {
            emit table->activated(table->currentIndex()); // platforms where Return does not activate
        }
        QCOMPARE(window().currentStatement(), 1);
        const QTextCursor cursor = window().jsonEditor()->textCursor();
        const int second = static_cast<int>(text.indexOf(QStringLiteral("\"Effect\": \"Deny\"")));
        QCOMPARE(cursor.selectionStart(), second);
        QCOMPARE(cursor.selectedText(), QStringLiteral("\"Effect\""));
        QVERIFY(window().jsonEditor()->hasFocus());
        QCOMPARE(cursor.blockNumber() + 1,
                 window().findingsModel()->index(row, 0).data(FindingsModel::LineRole).toInt());
    }

    void brokenJsonKeepsTheTextAndMakesTheFormReadOnly()
    {
        open(fixture("two-statements.json"));
        window().selectStatement(1);
        JsonEditor* json = window().jsonEditor();
        QTextCursor cursor(json->document());
        cursor.setPosition(static_cast<int>(json->currentText().indexOf(QStringLiteral("\"Use\",")) + 6));
        json->setTextCursor(cursor);
        json->setFocus();
        QTest::keyClick(json, Qt::Key_Backspace); // removes the comma after "Use"
        const QString broken = json->currentText();
        QVERIFY(!doc().isValid());
        QCOMPARE(doc().displayText(), broken);
        QVERIFY(window().statementEditor()->isReadOnly());
        QVERIFY(!window().findChild<QLineEdit*>(QStringLiteral("sid"))->isEnabled());
        QCOMPARE(window().findChild<QLineEdit*>(QStringLiteral("sid"))->text(), QStringLiteral("Use"));
        QCOMPARE(window().statementsModel()->rowCount(), 2);
        auto* error = window().findChild<QLabel*>(QStringLiteral("jsonError"));
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().contains(QLatin1String("line 13, column 7")), qPrintable(error->text()));
        QVERIFY(!window().action(u"actionAddStatement")->isEnabled());
        QTRY_VERIFY(hasFinding(window(), "JSON_SYNTAX"));
        QTRY_VERIFY(window().statusLabel()->text().contains(QLatin1String("Not MWAA ready")));
        QVERIFY(window().statusLabel()->text().contains(QLatin1String("Errors: 1")));
        // Fixing the text makes the form editable again.
        QTest::keyClick(json, Qt::Key_Comma);
        QVERIFY2(doc().isValid(), qPrintable(json->currentText()));
        QVERIFY(!error->isVisible());
        QVERIFY(!window().statementEditor()->isReadOnly());
        QVERIFY(window().findChild<QLineEdit*>(QStringLiteral("sid"))->isEnabled());
    }

    void findingsNotUnderlinedAreCountedInTheStatus()
    {
        open(fixture("two-statements.json"));
        settle();
        QVERIFY(!window().statusLabel()->text().contains(QLatin1String("not underlined")));
        // 1,000 empty statements: four findings each, more than the JSON view underlines.
        QString text = QStringLiteral("{\"Version\": \"2012-10-17\", \"Statement\": [");
        for (int i = 0; i < 1000; ++i) {
            text += QStringLiteral("\n{},");
        }
        text += QStringLiteral("\n{}]}");
        QVERIFY(doc().replaceText(text));
        settle();
        const auto total = static_cast<int>(window().checker()->result().findings.size());
        QVERIFY(total > JsonEditor::MaxUnderlines);
        const QString expected = QStringLiteral("%1 findings listed but not underlined").arg(total - 2000);
        QVERIFY2(window().statusLabel()->text().contains(expected), qPrintable(window().statusLabel()->text()));
    }

    void statementActionsAreUndoable()
    {
        open(fixture("two-statements.json"));
        const QString original = window().jsonEditor()->currentText();
        window().action(u"actionAddStatement")->trigger();
        QCOMPARE(window().statementsModel()->rowCount(), 3);
        QCOMPARE(window().currentStatement(), 2);
        window().action(u"actionDuplicateStatement")->trigger();
        QCOMPARE(window().statementsModel()->rowCount(), 4);
        QCOMPARE(window().currentStatement(), 3);
        window().action(u"actionMoveStatementUp")->trigger();
        QCOMPARE(window().currentStatement(), 2);
        window().selectStatement(0);
        window().action(u"actionMoveStatementDown")->trigger();
        QCOMPARE(window().currentStatement(), 1);
        QCOMPARE(window().statementsModel()->index(0, 0).data().toString(), QStringLiteral("Use"));
        window().action(u"actionRemoveStatement")->trigger();
        QCOMPARE(window().statementsModel()->rowCount(), 3);
        QCOMPARE(doc().undoStack()->count(), 5);
        for (int i = 0; i < 5; ++i) {
            QVERIFY(window().action(u"actionUndo")->isEnabled());
            window().action(u"actionUndo")->trigger();
        }
        QVERIFY(!window().action(u"actionUndo")->isEnabled());
        QCOMPARE(window().jsonEditor()->currentText(), original);
        QCOMPARE(window().statementsModel()->rowCount(), 2);
        for (int i = 0; i < 5; ++i) {
            window().action(u"actionRedo")->trigger();
        }
        QCOMPARE(window().statementsModel()->rowCount(), 3);
    }

    void undoShortcutInTheJsonViewUndoesTheDocument()
    {
        open(fixture("two-statements.json"));
        QApplication::setActiveWindow(&window());
        QVERIFY(QTest::qWaitForWindowActive(&window()));
        JsonEditor* json = window().jsonEditor();
        json->setFocus();
        json->moveCursor(QTextCursor::End);
        QTest::keyClicks(json, QStringLiteral(" "));
        QCOMPARE(doc().undoStack()->count(), 1);
        QTest::keySequence(json, QKeySequence::Undo);
        QCOMPARE(doc().undoStack()->index(), 0);
        QCOMPARE(json->currentText(), QString::fromUtf8(readAll(fixture("two-statements.json"))));
    }

    void applyFixIsOneUndoStep()
    {
        open(fixture("two-statements.json"));
        // A finding with a fix, as the rules produce them (the rule set grows separately).
        Finding f;
        f.code = "SOME_FIXABLE_THING";
        f.severity = Severity::Warning;
        f.message = "Effect should be Deny.";
        f.location = doc().source().locate("/Statement/1/Effect");
        f.fix = nlohmann::json::parse(R"([{"op": "replace", "path": "/Statement/1/Effect", "value": "Deny"}])");
        window().findingsModel()->setFindings({f});
        window().findingsView()->setCurrentRow(0);
        QVERIFY(window().action(u"actionApplyFix")->isEnabled());
        window().action(u"actionApplyFix")->trigger();
        QCOMPARE(doc().undoStack()->count(), 1);
        QCOMPARE(doc().undoStack()->undoText(), QStringLiteral("Apply fix SOME_FIXABLE_THING"));
        QCOMPARE(model::toQString(model::findNode(doc().json(), "/Statement/1/Effect")->dump()),
                 QStringLiteral("\"Deny\""));
        window().action(u"actionUndo")->trigger();
        QCOMPARE(doc().text(), model::toStdString(QString::fromUtf8(readAll(fixture("two-statements.json")))));
    }

    void applyFixChangesOnlyTheFixedLine()
    {
        // A policy written with 2 spaces and a real fixable finding (EFFECT_INVALID: "allow").
        const Json policy = Json::parse(
            readAll(QStringLiteral(KPS_TEST_DATA_DIR "/policies/EFFECT_INVALID/fail-lowercase.json")).toStdString());
        const QString path = m_dir.filePath(QStringLiteral("two-spaces.json"));
        QString error;
        QVERIFY(model::PolicyFile::write(path, policy.dump(2) + "\n", &error));
        open(path);
        JsonEditor* json = window().jsonEditor();
        const QString before = json->currentText();
        QVERIFY(before.contains(QStringLiteral("\n      \"Effect\": \"allow\",\n")));
        const int row = findingRow(window(), "EFFECT_INVALID");
        QVERIFY(row >= 0);
        window().findingsView()->setCurrentRow(row);
        // The JSON cursor sits on the last line, below the fix.
        json->moveCursor(QTextCursor::End);
        json->moveCursor(QTextCursor::StartOfBlock);
        const int lastLine = json->textCursor().blockNumber();
        QVERIFY(window().action(u"actionApplyFix")->isEnabled());
        window().action(u"actionApplyFix")->trigger();
        QCOMPARE(doc().undoStack()->undoText(), QStringLiteral("Apply fix EFFECT_INVALID"));

        // Exactly the fixed line differs, in the file's own indentation.
        const QStringList a = before.split(QLatin1Char('\n'));
        const QStringList b = json->currentText().split(QLatin1Char('\n'));
        QCOMPARE(b.size(), a.size());
        QStringList changed;
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (a[i] != b[i]) {
                changed << a[i] << b[i];
            }
        }
        QCOMPARE(changed,
                 QStringList(
                     {QStringLiteral("      \"Effect\": \"allow\","), QStringLiteral("      \"Effect\": \"Allow\",")}));
        QCOMPARE(json->currentText(), model::toQString(doc().text()));
        // The view's cursor did not jump to the fix.
        QCOMPARE(json->textCursor().blockNumber(), lastLine);
        window().action(u"actionUndo")->trigger();
        QCOMPARE(json->currentText(), before);
    }

    void formatDocumentLaysOutTheWholePolicy()
    {
        const QString path = m_dir.filePath(QStringLiteral("inline.json"));
        const std::string text
            = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": "
              "{\"AWS\": \"arn:aws:iam::111122223333:root\"}, \"Action\": \"kms:*\", \"Resource\": \"*\"}]}";
        QString error;
        QVERIFY(model::PolicyFile::write(path, text, &error));
        open(path);
        QAction* format = window().action(u"actionFormatDocument");
        QVERIFY(format);
        QVERIFY(format->isEnabled());
        format->trigger();
        QCOMPARE(doc().undoStack()->count(), 1);
        QCOMPARE(doc().undoStack()->undoText(), QStringLiteral("Format document"));
        QCOMPARE(window().jsonEditor()->currentText(), model::toQString(formatPolicy(doc().json())));
        QVERIFY(window().isWindowModified());
        // Once formatted, formatting again is no step.
        format->trigger();
        QCOMPARE(doc().undoStack()->count(), 1);
        window().action(u"actionUndo")->trigger();
        QCOMPARE(doc().text(), text);
        // Not while the text does not parse.
        QVERIFY(doc().replaceText(model::toQString(text) + QStringLiteral(" oops"), false));
        QVERIFY(!format->isEnabled());
    }

    void saveAndReloadAreByteExact()
    {
        // A CRLF file with a no-break space: nothing may be normalized on the way.
        const QByteArray original = QByteArray("{\r\n  \"Version\": \"2012-10-17\",\r\n  \"Id\": \"a\xC2\xA0"
                                               "b\",\r\n"
                                               "  \"Statement\": []\r\n}\r\n");
        const QString source = m_dir.filePath(QStringLiteral("crlf.json"));
        QString error;
        QVERIFY(model::PolicyFile::write(source, original.toStdString(), &error));
        open(source);
        QVERIFY(doc().usesCrLf());
        const QString copy = m_dir.filePath(QStringLiteral("copy.json"));
        m_dialogs->saveName = copy;
        QVERIFY(window().files()->saveAs());
        QCOMPARE(readAll(copy), original);
        QCOMPARE(window().windowTitle(), QStringLiteral("copy.json[*] — Keypolicy Studio"));

        // Type in the JSON, save, reopen: the same bytes come back, CRLF kept.
        JsonEditor* json = window().jsonEditor();
        json->setFocus();
        json->moveCursor(QTextCursor::End);
        QTest::keyClicks(json, QStringLiteral(" "));
        QVERIFY(window().isWindowModified());
        QVERIFY(window().files()->save());
        QVERIFY(!window().isWindowModified());
        const QByteArray saved = readAll(copy);
        QCOMPARE(saved, original + ' ');
        open(copy);
        QCOMPARE(QByteArray::fromStdString(doc().text()), saved);
    }

    void saveFailureKeepsTheDocumentDirty()
    {
        open(fixture("two-statements.json"));
        QVERIFY(doc().setValue("/Statement/0/Sid", Json("Changed")));
        const QString impossible = m_dir.filePath(QStringLiteral("missing-folder/policy.json"));
        const int boxes = MessageBox::count();
        QVERIFY(!window().files()->saveFile(impossible));
        QCOMPARE(MessageBox::count(), boxes + 1);
        QVERIFY(MessageBox::lastText().contains(QLatin1String("missing-folder")));
        QVERIFY(window().isWindowModified());
        QVERIFY(doc().isModified());
        QCOMPARE(doc().filePath(), fixture("two-statements.json"));
    }

    void unsavedChangesAskSaveDiscardCancel()
    {
        open(fixture("two-statements.json"));
        QVERIFY(doc().setValue("/Statement/0/Sid", Json("Changed")));
        const std::string edited = doc().text();

        MessageBox::setNextAnswer(QMessageBox::Cancel);
        QVERIFY(!window().close());
        QVERIFY(window().isVisible());
        QVERIFY(MessageBox::lastText().contains(QLatin1String("two-statements.json")));
        QCOMPARE(doc().text(), edited);

        MessageBox::setNextAnswer(QMessageBox::Cancel);
        window().files()->newDocument();
        QCOMPARE(doc().text(), edited);

        // Save: goes through Save As for a copy, then closes.
        const QString copy = m_dir.filePath(QStringLiteral("saved-on-close.json"));
        doc().load(edited); // untitled, unsaved
        doc().markModified();
        m_dialogs->saveName = copy;
        MessageBox::setNextAnswer(QMessageBox::Save);
        QVERIFY(window().close());
        QCOMPARE(readAll(copy).toStdString(), edited);
        m_window.reset();

        init();
        QVERIFY(doc().setValue("/Statement", Json::array()));
        MessageBox::setNextAnswer(QMessageBox::Discard);
        window().files()->newDocument();
        QCOMPARE(doc().text(), model::PolicyDocument::newDocumentText());
    }

    void autosaveIsOfferedAfterACrash()
    {
        open(fixture("two-statements.json"));
        QVERIFY(doc().setValue("/Statement/0/Sid", Json("Unsaved work")));
        const std::string work = doc().text();
        window().files()->autosaveNow();
        const QString autosaveFile = window().files()->autosaveStore().filePath();
        QVERIFY(QFile::exists(autosaveFile));
        m_window.reset(); // a crash: no close, no clean-up

        init();
        MessageBox::setNextAnswer(QMessageBox::Yes);
        QVERIFY(window().files()->offerRestore());
        QVERIFY(MessageBox::lastText().contains(QLatin1String("two-statements.json")));
        QCOMPARE(doc().text(), work);
        QVERIFY(doc().isModified());
        QCOMPARE(doc().filePath(), fixture("two-statements.json"));
        QVERIFY(!QFile::exists(autosaveFile));

        // A clean exit removes this run's autosave.
        const QString restoredAutosave = window().files()->autosaveStore().filePath();
        QVERIFY(QFile::exists(restoredAutosave));
        MessageBox::setNextAnswer(QMessageBox::Discard);
        QVERIFY(window().close());
        QVERIFY(!QFile::exists(restoredAutosave));
        m_window.reset();
        init();
        QVERIFY(!window().files()->offerRestore());
    }

    void aFileThatIsNotJsonOpensWithAMessage()
    {
        const QString path = fixture("not-json.yaml");
        QVERIFY(window().files()->openFile(path));
        QVERIFY(MessageBox::lastText().contains(QLatin1String("not-json.yaml")));
        QVERIFY2(MessageBox::lastText().contains(QLatin1String("line 1, column 1")),
                 qPrintable(MessageBox::lastText()));
        QCOMPARE(window().jsonEditor()->currentText(), QString::fromUtf8(readAll(path)));
        QVERIFY(window().statementEditor()->isReadOnly());
        QVERIFY(window().findChild<QLabel*>(QStringLiteral("jsonError"))->isVisible());
    }

    void anOversizeFileIsRefused()
    {
        const QString path = m_dir.filePath(QStringLiteral("huge.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.resize(qint64(kps::SourceDocument::MaxInputBytes) + 1024));
        file.close();
        const std::string before = doc().text();
        QVERIFY(!window().files()->openFile(path));
        QVERIFY(MessageBox::lastText().contains(QLatin1String("MB")));
        QVERIFY(MessageBox::lastText().contains(QLatin1String("huge.json")));
        QCOMPARE(doc().text(), before);
        QVERIFY(!window().files()->recentFiles().contains(QFileInfo(path).absoluteFilePath()));
    }

    void droppingAFileOpensIt()
    {
        const QString path = fixture("two-statements.json");
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window(), &drop);
        QCOMPARE(doc().filePath(), path);
        QCOMPARE(window().statementsModel()->rowCount(), 2);
    }

    void openAndRecentFilesGoThroughTheSeams()
    {
        m_dialogs->openName = fixture("two-statements.json");
        window().action(u"actionOpen")->trigger();
        QCOMPARE(m_dialogs->asked, 1);
        QCOMPARE(doc().filePath(), fixture("two-statements.json"));
        window().files()->newDocument();
        // Remembered across windows (QSettings).
        m_window.reset();
        init();
        QMenu* recent = window().action(u"actionOpenRecent")->menu();
        QVERIFY(recent);
        QAction* first = recent->actions().value(0);
        QVERIFY(first);
        QCOMPARE(first->data().toString(), QFileInfo(fixture("two-statements.json")).absoluteFilePath());
        first->trigger();
        QCOMPARE(window().statementsModel()->rowCount(), 2);
    }

    void pasteAsNewDocument()
    {
        QApplication::clipboard()->setText(QString::fromUtf8(readAll(fixture("get-key-policy-output.json"))));
        window().action(u"actionPasteAsNew")->trigger();
        QCOMPARE(doc().text(), readAll(fixture("two-statements.json")).toStdString());
        QVERIFY(doc().isModified());
        QVERIFY(window().isWindowModified());
        QVERIFY(window().statusBar()->currentMessage().contains(QLatin1String("get-key-policy")));
    }

    void layoutIsRemembered()
    {
        window().resize(900, 700);
        window().findChild<QDockWidget*>(QStringLiteral("findingsDock"))->hide();
        MessageBox::setNextAnswer(QMessageBox::Discard);
        QVERIFY(window().close());
        m_window.reset();
        init();
        QCOMPARE(window().size(), QSize(900, 700));
        QVERIFY(!window().findChild<QDockWidget*>(QStringLiteral("findingsDock"))->isVisible());
        window().findChild<QDockWidget*>(QStringLiteral("findingsDock"))->show();
    }

    void helpShowsReferenceAndVersion()
    {
        window().action(u"actionFindingReference")->trigger();
        auto* reference = window().findChild<QDialog*>(QStringLiteral("findingReference"));
        QVERIFY(reference);
        QVERIFY(reference->isVisible());
        auto* text = reference->findChild<QTextEdit*>(QStringLiteral("findingReferenceText"));
        QVERIFY(text->toPlainText().contains(QLatin1String("JSON_SYNTAX")));
        QVERIFY(text->toPlainText().contains(QLatin1String("MWAA_REGION_UNKNOWN")));
        window().action(u"actionAbout")->trigger();
        QVERIFY(MessageBox::lastText().contains(QLatin1String(KPS_VERSION)));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
