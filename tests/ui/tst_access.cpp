// SPDX-License-Identifier: GPL-3.0-or-later
// Who can use this key, in the window: the Simulate panel (decision and trace, live with the policy, a trace row
// selects its statement), the Access dock (one row per principal, a cell's details) and Compare with file… — driven
// through the real widgets and found by their accessible names.
#include "GuiFixture.h"
#include "model/PolicyDocument.h"
#include "ui/AccessView.h"
#include "ui/ComparisonDialog.h"
#include "ui/FileDialogProvider.h"
#include "ui/JsonEditor.h"
#include "ui/MainWindow.h"
#include "ui/SimulatePanel.h"
#include "ui/features/Features.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace kps;
using namespace kps::ui;
using namespace kps::test;

namespace {

QString fixture(const char* name)
{
    return QStringLiteral(KPS_TEST_DATA_DIR "/editor/") + QLatin1String(name);
}

class FakeDialogs : public FileDialogProvider
{
public:
    QString openName;
    QString openFileName(QWidget*, const QString&, const QString&, const QString&) override { return openName; }
    QString saveFileName(QWidget*, const QString&, const QString&, const QString&) override { return {}; }
};

} // namespace

class TestAccess : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MainWindow> m_window;
    FakeDialogs* m_dialogs = nullptr;
    QTemporaryDir m_dir;

    SimulatePanel* simulate() const { return m_window->access()->simulatePanel(); }
    void settle()
    {
        QTRY_VERIFY(m_window->checker()->isUpToDate() && !m_window->checker()->isPending());
        QCoreApplication::processEvents();
    }
    QString decision() const { return simulate()->decisionLabel()->text(); }

private slots:
    void initTestCase()
    {
        initGuiTests("tst_access");
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        m_window = std::make_unique<MainWindow>();
        auto dialogs = std::make_unique<FakeDialogs>();
        m_dialogs = dialogs.get();
        m_window->setFileDialogProvider(std::move(dialogs));
        QVERIFY(showWindow(*m_window));
        // two-statements.json: the account (kms:*) and role/App (Decrypt, GenerateDataKey* via S3 in us-east-1).
        QVERIFY(m_window->files()->openFile(fixture("two-statements.json")));
        settle();
    }

    void cleanup() { closeWindow(m_window); }

    void panelsHaveTheirNames()
    {
        for (const char* name : {"Simulate panel", "Access panel"}) {
            QVERIFY2(byName<QDockWidget>(m_window.get(), QLatin1String(name)), name);
        }
        m_window->access()->simulateDock()->raise();
        QVERIFY(byName<QWidget>(m_window.get(), QStringLiteral("Simulate")));
        for (const char* name : {"Principal", "Action", "Context", "Decision", "Trace", "Access"}) {
            QVERIFY2(byName<QWidget>(m_window.get(), QLatin1String(name)), name);
        }
        QVERIFY(m_window->action(u"actionCompareWithFile"));
        QVERIFY(m_window->action(u"actionCompareWithLiveKey"));
    }

    void simulatorDecidesLiveAndNamesWhatItDependsOn()
    {
        m_window->access()->simulateDock()->raise();
        QTRY_VERIFY(!simulate()->visibleRegion().isEmpty());
        settle();
        // The policy's principals are offered.
        QComboBox* principal = simulate()->principalField();
        QVERIFY(principal->findText(QStringLiteral("arn:aws:iam::111122223333:role/App")) >= 0);

        // The role, Decrypt: the account's statement allows it through IAM; the role's own statement would allow it
        // by the key policy itself, but only for requests through S3 in us-east-1, which nothing says this one is.
        principal->setCurrentText(QString());
        QTest::keyClicks(principal->lineEdit(), QStringLiteral("arn:aws:iam::111122223333:role/App"));
        simulate()->actionField()->setCurrentText(QStringLiteral("Decrypt"));
        QTRY_VERIFY2(decision().contains(QLatin1String("(allow_if_iam)")), qPrintable(decision()));
        QVERIFY(decision().contains(QLatin1String("kms:ViaService")));
        QCOMPARE(simulate()->traceTable()->model()->rowCount(), 2);

        // Given the context the condition asks for, the key policy itself allows it.
        QTest::mouseClick(byName<QPushButton>(simulate(), QStringLiteral("Add context key")), Qt::LeftButton);
        QTableWidget* context = simulate()->contextTable();
        context->setItem(0, 0, new QTableWidgetItem(QStringLiteral("kms:ViaService")));
        context->setItem(0, 1, new QTableWidgetItem(QStringLiteral("s3.us-east-1.amazonaws.com")));
        QTRY_VERIFY2(decision().contains(QLatin1String("(allow)")), qPrintable(decision()));
        context->item(0, 1)->setText(QStringLiteral("sqs.us-east-1.amazonaws.com"));
        QTRY_VERIFY2(decision().contains(QLatin1String("(allow_if_iam)")), qPrintable(decision()));

        // A mistyped action says what is wrong, with a suggestion.
        simulate()->actionField()->setCurrentText(QStringLiteral("kms:Decrpyt"));
        QLabel* problem = byName<QLabel>(simulate(), QStringLiteral("Simulation problem"));
        QTRY_VERIFY(problem->isVisible());
        QVERIFY2(problem->text().contains(QLatin1String("kms:Decrypt")), qPrintable(problem->text()));
        simulate()->actionField()->setCurrentText(QStringLiteral("kms:Decrypt"));
        QTRY_VERIFY(!problem->isVisible());

        // The decision follows the policy as it is edited. Without the account's statement, and with nothing said
        // of kms:ViaService, the answer depends on it: never a guess either way.
        context->removeRow(0);
        m_window->selectStatement(0);
        m_window->action(u"actionRemoveStatement")->trigger();
        settle();
        QTRY_VERIFY2(decision().contains(QLatin1String("(depends)")), qPrintable(decision()));
        QVERIFY(decision().contains(QLatin1String("kms:ViaService")));
        QCOMPARE(simulate()->traceTable()->model()->rowCount(), 1);
    }

    void traceRowSelectsItsStatement()
    {
        m_window->access()->simulateDock()->raise();
        QTRY_VERIFY(!simulate()->visibleRegion().isEmpty());
        settle();
        simulate()->setRequest(QStringLiteral("arn:aws:iam::111122223333:role/App"), QStringLiteral("kms:Decrypt"));
        QTableView* trace = simulate()->traceTable();
        QCOMPARE(trace->model()->rowCount(), 2);
        m_window->selectStatement(0);
        const QModelIndex second = trace->model()->index(1, 0);
        trace->setCurrentIndex(second);
        trace->setFocus();
        QTest::keyClick(trace, Qt::Key_Return); // activates the row
        QTRY_COMPARE(m_window->currentStatement(), 1);
        // A click on the first row selects the first statement.
        const QRect first = trace->visualRect(trace->model()->index(0, 1));
        QTest::mouseClick(trace->viewport(), Qt::LeftButton, {}, first.center());
        QTRY_COMPARE(m_window->currentStatement(), 0);
        trace->setCurrentIndex(second);
        QTest::keyClick(trace, Qt::Key_Return);
        QTRY_COMPARE(m_window->currentStatement(), 1);
        QVERIFY(m_window->jsonEditor()->textCursor().selectedText().contains(QLatin1String("\"Sid\": \"Use\"")));
    }

    void accessDockShowsWhoCanDoWhat()
    {
        m_window->access()->accessDock()->raise();
        QTRY_VERIFY(!m_window->access()->accessView()->visibleRegion().isEmpty());
        settle();
        QTableView* table = m_window->access()->accessView()->table();
        QTRY_VERIFY(table->model()->rowCount() >= 2);
        QCOMPARE(table->model()->headerData(1, Qt::Horizontal).toString(), QStringLiteral("Use"));
        int role = -1;
        for (int r = 0; r < table->model()->rowCount(); ++r) {
            if (table->model()->index(r, 0).data().toString().contains(QLatin1String("role/App"))) {
                role = r;
            }
        }
        QVERIFY(role >= 0);
        // The role may use the key only through S3 in us-east-1: partial or depends, with conditions — never plain
        // "allow".
        const QString use = table->model()->index(role, 1).data().toString();
        QVERIFY2(use.contains(QLatin1String("(conditions)")), qPrintable(use));
        table->setCurrentIndex(table->model()->index(role, 1));
        QLabel* details = byName<QLabel>(m_window.get(), QStringLiteral("Access details"));
        QTRY_VERIFY(details->text().contains(QLatin1String("kms:Decrypt")));
        QVERIFY(details->text().contains(QLatin1String("Use")));
    }

    void compareWithFileSaysWhoGainsWhat()
    {
        // In the other policy the account could only describe the key: the current one gives it everything else.
        const QString other = m_dir.filePath(QStringLiteral("before.json"));
        QFile file(other);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"Root\", \"Effect\": \"Allow\", \"Principal\": "
            "{\"AWS\": \"arn:aws:iam::111122223333:root\"}, \"Action\": \"kms:Describe*\", \"Resource\": \"*\"}]}");
        file.close();
        m_dialogs->openName = other;
        m_window->action(u"actionCompareWithFile")->trigger();
        ComparisonDialog* dialog = m_window->access()->currentComparison();
        QVERIFY(dialog);
        QVERIFY(dialog->comparison());
        QVERIFY(!dialog->comparison()->sameAccess());
        QStringList lines;
        for (int i = 0; i < dialog->accessChanges()->count(); ++i) {
            lines << dialog->accessChanges()->item(i)->text();
        }
        QVERIFY2(lines.join(QLatin1Char('\n')).contains(QLatin1String("role/App")),
                 qPrintable(lines.join(QLatin1Char('\n'))));
        // Root is matched by its Sid and changed in its Action; Use is new.
        QCOMPARE(dialog->statementChanges()->count(), 2);
        QCOMPARE(dialog->statementChanges()->item(0)->text(), QStringLiteral("changed: Root (Action)"));
        QCOMPARE(dialog->statementChanges()->item(1)->text(), QStringLiteral("added: Use"));
        dialog->close();
    }
};

QTEST_MAIN(TestAccess)
#include "tst_access.moc"
