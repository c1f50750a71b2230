// SPDX-License-Identifier: GPL-3.0-or-later
// Templates and quick fixes (issue 5): `New from MWAA template`, `Insert template statement…`, the Findings dock's
// `Apply fix` button and the JSON view's fix marker, driven through the real widgets offscreen.
#include "GuiFixture.h"
#include "core/cli/Cli.h"
#include "core/json/Format.h"
#include "core/mwaa/Template.h"
#include "model/FindingsModel.h"
#include "model/JsonNodes.h"
#include "model/LiveChecker.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"
#include "ui/FindingsView.h"
#include "ui/JsonEditor.h"
#include "ui/MainWindow.h"
#include "ui/MessageBox.h"
#include "ui/MwaaEnvironmentPanel.h"
#include "ui/TemplateDialogs.h"
#include "ui/features/Features.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

#include <sstream>

using namespace kps;
using namespace kps::ui;
using namespace kps::test;
using model::toQString;
using mwaa::StatementKind;

namespace {

QString fixture(const char* relative)
{
    return QStringLiteral(KPS_TEST_DATA_DIR "/") + QLatin1String(relative);
}

void typeInto(QLineEdit* edit, const QString& text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

void typeLines(QPlainTextEdit* edit, const QStringList& lines)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (i > 0) {
            QTest::keyClick(edit, Qt::Key_Return);
        }
        QTest::keyClicks(edit, lines[i]);
    }
}

std::string cliTemplate(const std::vector<std::string>& args)
{
    std::istringstream in;
    std::ostringstream out;
    std::ostringstream err;
    std::vector<std::string> all = {"template"};
    all.insert(all.end(), args.begin(), args.end());
    const int status = kps::cli::runCli(all, in, out, err);
    return status == 0 ? out.str() : std::string();
}

} // namespace

class TestTemplates : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { initGuiTests("tst_templates"); }

    void init()
    {
        MessageBox::clearHistory();
        m_window = std::make_unique<MainWindow>();
        m_controller = m_window->mwaa();
        QVERIFY(showWindow(*m_window));
    }

    void cleanup() { closeWindow(m_window); }

    void actionsAreAvailable();
    void newFromTemplateEqualsKeypolicyTemplate();
    void newFromTemplatePrefillsAndAsksAboutUnsavedChanges();
    void invalidAccountKeepsOkDisabled();
    void insertEachKind_data();
    void insertEachKind();
    void insertMakesTheSidUnique();
    void insertRefusesInvalidJson();
    void findingsDockButtonAppliesTheSelectedFix();
    void gutterMarkerAppliesTheLinesFix();
    void ctrlPeriodAppliesTheFixAtTheCursor();
    void severalFixesOnALineAreOfferedInAMenu();

private:
    model::PolicyDocument& doc() { return *m_window->document(); }
    TemplateController* templates() { return m_window->templates(); }
    void openChecked(const QString& path)
    {
        QVERIFY(m_window->files()->openFile(path));
        QTRY_VERIFY(m_window->checker()->isUpToDate());
        QTRY_VERIFY(!m_window->findingsModel()->findings().empty());
    }
    /** The index (in the JSON view's findings) of the first finding with this code. */
    int findingIndex(const char* code)
    {
        const auto& findings = m_window->jsonEditor()->findings();
        for (std::size_t i = 0; i < findings.size(); ++i) {
            if (findings[i].code == code) {
                return static_cast<int>(i);
            }
        }
        return -1;
    }

    std::unique_ptr<MainWindow> m_window;
    MwaaController* m_controller = nullptr;
};

void TestTemplates::actionsAreAvailable()
{
    QVERIFY(m_window->action(u"actionNewFromMwaaTemplate")->isEnabled());
    QVERIFY(m_window->action(u"actionInsertTemplateStatement")->isEnabled());
    QVERIFY(templates());
}

void TestTemplates::newFromTemplateEqualsKeypolicyTemplate()
{
    m_window->action(u"actionNewFromMwaaTemplate")->trigger();
    NewFromTemplateDialog* dialog = templates()->currentNewDialog();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    // Accessible names are the visible labels.
    auto* region = byName<QComboBox>(dialog, QStringLiteral("Region"));
    auto* account = byName<QLineEdit>(dialog, QStringLiteral("Account"));
    auto* environment = byName<QLineEdit>(dialog, QStringLiteral("Environment name"));
    auto* admins = byName<QPlainTextEdit>(dialog, QStringLiteral("Administrators"));
    QVERIFY(region && account && environment && admins);
    QCOMPARE(region->findText(QStringLiteral("eu-west-1")) >= 0, true);

    typeInto(region->lineEdit(), QStringLiteral("eu-west-1"));
    typeInto(account, QStringLiteral("111122223333"));
    typeInto(environment, QStringLiteral("analytics"));
    typeLines(admins,
              {QStringLiteral("arn:aws:iam::111122223333:role/KeyAdmin"),
               QStringLiteral("  arn:aws:iam::111122223333:user/alice "),
               QString()});
    QVERIFY(dialog->okButton()->isEnabled());
    QVERIFY(!dialog->messageLabel()->isVisible());
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);

    const mwaa::TemplateResult expected
        = mwaa::makeTemplate({"eu-west-1",
                              "111122223333",
                              "analytics",
                              {"arn:aws:iam::111122223333:role/KeyAdmin", "arn:aws:iam::111122223333:user/alice"}});
    QVERIFY(expected.ok());
    QCOMPARE(doc().text(), expected->text);
    QCOMPARE(doc().text(),
             cliTemplate({"--region",
                          "eu-west-1",
                          "--account",
                          "111122223333",
                          "--env",
                          "analytics",
                          "--admin",
                          "arn:aws:iam::111122223333:role/KeyAdmin",
                          "--admin",
                          "arn:aws:iam::111122223333:user/alice"}));
    QVERIFY(doc().filePath().isEmpty());
    QCOMPARE(doc().displayName(), QStringLiteral("Untitled"));
    QCOMPARE(doc().undoStack()->count(), 0);
    // The MWAA context comes from the dialog.
    const MwaaContext context = m_controller->panel()->context();
    QCOMPARE(context.region, std::string("eu-west-1"));
    QCOMPARE(context.account, std::string("111122223333"));
    QCOMPARE(context.environment, std::string("analytics"));
    QTRY_VERIFY(m_window->checker()->isUpToDate());
    QCOMPARE(m_window->checker()->options().context.environment, std::string("analytics"));
    QVERIFY(m_window->checker()->result().mwaaReady());
    QTRY_VERIFY(!templates()->currentNewDialog());
}

void TestTemplates::newFromTemplatePrefillsAndAsksAboutUnsavedChanges()
{
    MwaaEnvironmentPanel* panel = m_controller->panel();
    typeInto(panel->regionField()->lineEdit(), QStringLiteral("us-west-2"));
    typeInto(panel->accountField(), QStringLiteral("444455556666"));
    typeInto(panel->environmentField(), QStringLiteral("etl"));
    m_window->addStatement(); // an unsaved change
    const std::string edited = doc().text();

    m_window->action(u"actionNewFromMwaaTemplate")->trigger();
    NewFromTemplateDialog* dialog = templates()->currentNewDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->regionField()->currentText(), QStringLiteral("us-west-2"));
    QCOMPARE(dialog->accountField()->text(), QStringLiteral("444455556666"));
    QCOMPARE(dialog->environmentField()->text(), QStringLiteral("etl"));
    QVERIFY(dialog->okButton()->isEnabled());

    // Cancel in the unsaved-changes question keeps the document.
    MessageBox::setNextAnswer(QMessageBox::Cancel);
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    QCOMPARE(MessageBox::count(), 1);
    QCOMPARE(doc().text(), edited);

    // Discard replaces it.
    m_window->action(u"actionNewFromMwaaTemplate")->trigger();
    dialog = templates()->currentNewDialog();
    QVERIFY(dialog);
    MessageBox::setNextAnswer(QMessageBox::Discard);
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    QCOMPARE(doc().text(), mwaa::makeTemplate({"us-west-2", "444455556666", "etl", {}})->text);
    QVERIFY(!doc().isModified());
}

void TestTemplates::invalidAccountKeepsOkDisabled()
{
    m_window->action(u"actionNewFromMwaaTemplate")->trigger();
    NewFromTemplateDialog* dialog = templates()->currentNewDialog();
    QVERIFY(dialog);
    const std::string before = doc().text();
    typeInto(dialog->regionField()->lineEdit(), QStringLiteral("eu-west-1"));
    typeInto(dialog->accountField(), QStringLiteral("12345"));
    QVERIFY(!dialog->okButton()->isEnabled());
    QVERIFY(dialog->messageLabel()->isVisible());
    QVERIFY(dialog->messageLabel()->text().contains(QStringLiteral("'12345' is not an account id")));
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton); // disabled: nothing happens
    QVERIFY(dialog->isVisible());
    QCOMPARE(doc().text(), before);

    typeLines(dialog->administratorsField(), {QStringLiteral("arn:aws:iam::111122223333:group/admins")});
    QVERIFY(dialog->messageLabel()->text().contains(QStringLiteral("group/admins")));
    typeLines(dialog->administratorsField(), {});
    QTest::keyClicks(dialog->accountField(), QStringLiteral("6789012"));
    QVERIFY(dialog->okButton()->isEnabled());
    QVERIFY(!dialog->messageLabel()->isVisible());
    dialog->reject();
    QCOMPARE(doc().text(), before);
}

void TestTemplates::insertEachKind_data()
{
    QTest::addColumn<int>("kind");
    for (int k = 0; k <= static_cast<int>(StatementKind::CloudWatchLogs); ++k) {
        QTest::addRow("%s", std::string(mwaa::statementSid(static_cast<StatementKind>(k))).c_str()) << k;
    }
}

void TestTemplates::insertEachKind()
{
    QFETCH(int, kind);
    const auto k = static_cast<StatementKind>(kind);
    QVERIFY(m_window->files()->openFile(fixture("editor/two-statements.json")));
    typeInto(m_controller->panel()->regionField()->lineEdit(), QStringLiteral("eu-west-1"));
    QTRY_VERIFY(m_window->checker()->isUpToDate());
    const std::string before = doc().text();
    m_window->selectStatement(0);
    QUndoStack* stack = doc().undoStack();
    const int steps = stack->count();

    m_window->action(u"actionInsertTemplateStatement")->trigger();
    InsertTemplateStatementDialog* dialog = templates()->currentInsertDialog();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QListWidget* list = byName<QListWidget>(dialog, QStringLiteral("Statement"));
    QVERIFY(list);
    QCOMPARE(list->count(), 5);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->item(kind)).center());
    QCOMPARE(static_cast<int>(dialog->kind()), kind);

    const std::vector<std::string> principals
        = {"arn:aws:iam::111122223333:role/MwaaExecution", "arn:aws:iam::111122223333:user/bob"};
    mwaa::StatementResult expected;
    switch (k) {
    case StatementKind::AccountDelegation:
        QVERIFY(dialog->accountField()->isVisible());
        QVERIFY(!dialog->principalsField()->isVisible());
        // Region from the panel, account inferred from the policy by the checker.
        QCOMPARE(dialog->regionField()->currentText(), QStringLiteral("eu-west-1"));
        QCOMPARE(dialog->accountField()->text(), QStringLiteral("111122223333"));
        typeInto(dialog->accountField(), QStringLiteral("444455556666"));
        expected = mwaa::accountDelegation("aws", "444455556666");
        break;
    case StatementKind::KeyAdministrators:
    case StatementKind::KeyUsers:
    case StatementKind::GrantsForAwsResources:
        QVERIFY(dialog->principalsField()->isVisible());
        QVERIFY(!dialog->accountField()->isVisible());
        QVERIFY(!dialog->okButton()->isEnabled()); // no principal yet
        QVERIFY(byName<QPlainTextEdit>(dialog, QStringLiteral("Principals")));
        typeLines(dialog->principalsField(), {toQString(principals[0]), toQString(principals[1])});
        expected = k == StatementKind::KeyAdministrators ? mwaa::keyAdministrators(principals)
            : k == StatementKind::KeyUsers               ? mwaa::keyUsers(principals)
                                                         : mwaa::grantsForAwsResources(principals);
        break;
    case StatementKind::CloudWatchLogs:
        QVERIFY(dialog->environmentField()->isVisible());
        QCOMPARE(byName<QComboBox>(dialog, QStringLiteral("Region"))->currentText(), QStringLiteral("eu-west-1"));
        typeInto(dialog->environmentField(), QStringLiteral("analytics"));
        expected = mwaa::cloudWatchLogs("eu-west-1", "111122223333", "analytics");
        break;
    }
    QVERIFY(expected.ok());
    QVERIFY(dialog->okButton()->isEnabled());
    QCOMPARE(dialog->previewField()->toPlainText(), toQString(formatPolicy(*expected)));
    QVERIFY(dialog->previewField()->isReadOnly());
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);

    QCOMPARE(stack->count(), steps + 1);
    QCOMPARE(doc().view().statements.size(), std::size_t(3));
    const Json* inserted = model::findNode(doc().json(), "/Statement/1"); // after the selected statement
    QVERIFY(inserted);
    QCOMPARE(toQString(inserted->dump()), toQString(expected->dump()));
    QCOMPARE(m_window->currentStatement(), 1);
    stack->undo();
    QCOMPARE(doc().text(), before);
}

void TestTemplates::insertMakesTheSidUnique()
{
    QVERIFY(m_window->files()->openFile(fixture("mwaagui/several-defects.json")));
    m_window->selectStatement(-1);
    const std::size_t count = doc().view().statements.size();
    m_window->action(u"actionInsertTemplateStatement")->trigger();
    InsertTemplateStatementDialog* dialog = templates()->currentInsertDialog();
    QVERIFY(dialog);
    dialog->setKind(StatementKind::AccountDelegation);
    typeInto(dialog->regionField()->lineEdit(), QStringLiteral("us-west-2"));
    typeInto(dialog->accountField(), QStringLiteral("111122223333"));
    QVERIFY(dialog->messageLabel()->isVisible());
    QVERIFY(dialog->messageLabel()->text().contains(QStringLiteral("\"Enable IAM User Permissions 2\"")));
    QVERIFY(dialog->previewField()->toPlainText().contains(QStringLiteral("\"Enable IAM User Permissions 2\"")));
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    QCOMPARE(doc().view().statements.size(), count + 1);
    const Json* sid = model::findNode(doc().json(), "/Statement/" + std::to_string(count) + "/Sid");
    QVERIFY(sid); // no statement selected: appended at the end
    QCOMPARE(sid->get<std::string>(), std::string("Enable IAM User Permissions 2"));
}

void TestTemplates::insertRefusesInvalidJson()
{
    QVERIFY(m_window->files()->openFile(fixture("editor/not-json.yaml")));
    QVERIFY(!doc().isValid());
    const std::string before = doc().text();
    m_window->action(u"actionInsertTemplateStatement")->trigger();
    QVERIFY(!templates()->currentInsertDialog());
    QCOMPARE(MessageBox::lastTitle(), QStringLiteral("Insert template statement"));
    QVERIFY(MessageBox::lastText().contains(QStringLiteral("not valid JSON")));
    QCOMPARE(doc().text(), before);
}

void TestTemplates::findingsDockButtonAppliesTheSelectedFix()
{
    openChecked(fixture("mwaagui/several-defects.json"));
    FindingsView* view = m_window->findingsView();
    QPushButton* button = byName<QPushButton>(m_window.get(), QStringLiteral("Apply fix of selected finding"));
    QVERIFY(button);
    QCOMPARE(button, view->applyFixButton());
    view->table()->clearSelection();
    view->table()->setCurrentIndex({});
    QVERIFY(!button->isEnabled());

    const auto& findings = m_window->findingsModel()->findings();
    int fixable = -1;
    int plain = -1;
    for (std::size_t i = 0; i < findings.size(); ++i) {
        int& first = findings[i].hasFix() ? fixable : plain;
        if (first < 0) {
            first = static_cast<int>(i);
        }
    }
    QVERIFY(fixable >= 0);
    if (plain >= 0) {
        view->setCurrentRow(plain);
        QVERIFY(!button->isEnabled());
    }
    view->setCurrentRow(fixable);
    QVERIFY(button->isEnabled());
    const Finding finding = findings[static_cast<std::size_t>(fixable)];
    const std::string before = doc().text();
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(doc().undoStack()->count(), 1);
    QCOMPARE(doc().undoStack()->undoText(), QStringLiteral("Apply fix %1").arg(toQString(finding.code)));
    QVERIFY(doc().text() != before);
    // The re-check replaces the findings: no finding is current, so the button is disabled again.
    QTRY_VERIFY(m_window->checker()->isUpToDate());
    QVERIFY(!button->isEnabled());
    m_window->action(u"actionUndo")->trigger();
    QCOMPARE(doc().text(), before);
}

void TestTemplates::gutterMarkerAppliesTheLinesFix()
{
    openChecked(fixture("mwaagui/several-defects.json"));
    JsonEditor* json = m_window->jsonEditor();
    const int index = findingIndex("VERSION_OLD");
    QVERIFY(index >= 0);
    const Finding version = json->findings()[static_cast<std::size_t>(index)];
    QVERIFY(version.hasFix());
    QCOMPARE(version.location.span.line, 2);
    QVERIFY(json->fixMarkerLines().contains(2));
    QVERIFY(!json->fixMarkerLines().contains(1)); // the opening brace holds no fixable finding
    for (int line : json->fixMarkerLines()) {
        for (int i : json->fixesOnLine(line)) {
            QVERIFY(json->findings()[static_cast<std::size_t>(i)].hasFix());
            QCOMPARE(json->findings()[static_cast<std::size_t>(i)].location.span.line, line);
        }
    }
    const QRect marker = json->fixMarkerRect(2);
    QVERIFY(marker.isValid());
    QVERIFY(json->lineNumberArea()->rect().contains(marker));
    QCOMPARE(json->gutterToolTip(marker.center()),
             QStringLiteral("Fix available: VERSION_OLD — %1").arg(toQString(version.message)));
    QVERIFY(json->gutterToolTip(QPoint(marker.center().x(), marker.center().y() - marker.height())).isEmpty());

    const std::string before = doc().text();
    QTest::mouseClick(json->lineNumberArea(), Qt::LeftButton, {}, marker.center());
    QCOMPARE(doc().undoStack()->count(), 1);
    QCOMPARE(doc().undoStack()->undoText(), QStringLiteral("Apply fix VERSION_OLD"));
    QVERIFY(doc().text().find("\"2012-10-17\"") != std::string::npos);
    QTRY_VERIFY(m_window->checker()->isUpToDate());
    QCOMPARE(findingIndex("VERSION_OLD"), -1);
    QVERIFY(!json->fixMarkerLines().contains(2));
    // A click on a line without a marker does nothing.
    QTest::mouseClick(json->lineNumberArea(), Qt::LeftButton, {}, marker.center());
    QCOMPARE(doc().undoStack()->count(), 1);
    m_window->action(u"actionUndo")->trigger();
    QCOMPARE(doc().text(), before);
}

void TestTemplates::ctrlPeriodAppliesTheFixAtTheCursor()
{
    openChecked(fixture("mwaagui/several-defects.json"));
    JsonEditor* json = m_window->jsonEditor();
    const int index = findingIndex("VERSION_OLD");
    QVERIFY(index >= 0);
    // No finding is selected in the Findings dock: the window's `Apply fix` has nothing to apply.
    m_window->findingsView()->table()->setCurrentIndex({});
    QVERIFY(!m_window->action(u"actionApplyFix")->isEnabled());
    json->setFocus();
    QTextCursor cursor = json->textCursor();
    const Span& span = json->findings()[static_cast<std::size_t>(index)].location.span;
    cursor.setPosition(json->positionOf(span.line, span.column + 1));
    json->setTextCursor(cursor);
    QCOMPARE(json->fixesAtCursor(), QList<int>{index});
    QTest::keyClick(json, Qt::Key_Period, Qt::ControlModifier);
    QCOMPARE(doc().undoStack()->count(), 1);
    QCOMPARE(doc().undoStack()->undoText(), QStringLiteral("Apply fix VERSION_OLD"));

    // On a line without a fix, Ctrl+. changes nothing.
    QTRY_VERIFY(m_window->checker()->isUpToDate());
    cursor = json->textCursor();
    cursor.setPosition(0);
    json->setTextCursor(cursor);
    QVERIFY(json->fixesAtCursor().isEmpty());
    QTest::keyClick(json, Qt::Key_Period, Qt::ControlModifier);
    QCOMPARE(doc().undoStack()->count(), 1);
}

void TestTemplates::severalFixesOnALineAreOfferedInAMenu()
{
    // Two fixable findings starting on line 2 (made up: the rule set decides what real findings exist).
    QVERIFY(m_window->files()->openFile(fixture("editor/two-statements.json")));
    QTRY_VERIFY(m_window->checker()->isUpToDate());
    auto finding = [this](const char* code, const char* value) {
        Finding f;
        f.code = code;
        f.severity = Severity::Warning;
        f.message = std::string("Set Version to ") + value + ".";
        f.location = doc().source().locate("/Version");
        f.fix = nlohmann::json::array({{{"op", "replace"}, {"path", "/Version"}, {"value", value}}});
        return f;
    };
    JsonEditor* json = m_window->jsonEditor();
    json->setFindings({finding("FIRST_FIX", "2008-10-17"), finding("SECOND_FIX", "2012-10-18")});
    QCOMPARE(json->fixesOnLine(2), (QList<int>{0, 1}));
    QCOMPARE(json->gutterToolTip(json->fixMarkerRect(2).center()).count(QStringLiteral("Fix available:")), 2);

    QStringList offered;
    QTimer::singleShot(0, this, [&offered] {
        auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
        if (!menu) {
            return;
        }
        for (QAction* a : menu->actions()) {
            offered << a->text();
        }
        menu->actions().at(1)->trigger();
        menu->close();
    });
    QTest::mouseClick(json->lineNumberArea(), Qt::LeftButton, {}, json->fixMarkerRect(2).center());
    QCOMPARE(offered.size(), 2);
    QVERIFY(offered[0].contains(QStringLiteral("FIRST_FIX")));
    QCOMPARE(doc().undoStack()->count(), 1);
    QCOMPARE(doc().undoStack()->undoText(), QStringLiteral("Apply fix SECOND_FIX"));
    QVERIFY(doc().text().find("\"2012-10-18\"") != std::string::npos);
}

QTEST_MAIN(TestTemplates)
#include "tst_templates.moc"
