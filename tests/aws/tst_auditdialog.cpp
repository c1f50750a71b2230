// SPDX-License-Identifier: GPL-3.0-or-later
// "Audit MWAA environments in AWS…" (issue 20): the audit dialog and opening an audited environment in the editor,
// offscreen with real widgets against the fake server (MWAA, IAM, STS and KMS).
#include "../ui/GuiFixture.h"
#include "FakeKmsServer.h"

#include "core/checker/Checker.h"
#include "model/LiveChecker.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"
#include "ui/AuditAwsDialog.h"
#include "ui/MainWindow.h"
#include "ui/MessageBox.h"
#include "ui/MwaaEnvironmentPanel.h"
#include "ui/features/Features.h"

#include <QAction>
#include <QComboBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace kps::ui;
using namespace kps::aws;
using namespace kpstest;
using kps::model::toQString;
using kps::model::toStdString;
using kps::test::byName;

namespace {

const QString kReady = QStringLiteral("MyAirflowEnvironment");
const QString kBroken = QStringLiteral("BrokenEnv");
const QString kOwned = QStringLiteral("OwnedKeyEnv");
const QString kArn2 = QStringLiteral("arn:aws:kms:eu-west-1:111122223333:key/") + kKey2;

/** What a finding says, without the file it is located in (the audit names the grants file differently). */
QStringList describe(const std::vector<kps::Finding>& findings)
{
    QStringList out;
    for (const kps::Finding& f : findings) {
        out << QStringLiteral("%1 %2 %3:%4 %5")
                   .arg(toQString(f.code), toQString(f.location.pointer))
                   .arg(f.location.span.line)
                   .arg(f.location.span.column)
                   .arg(toQString(f.message));
    }
    out.sort();
    return out;
}

} // namespace

class TestAuditDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void everyWidgetIsNamed();
    void progressAndSummary();
    void failedCallsAreShownPerEnvironment();
    void cancelStopsTheCallsAndTheDialogStaysUsable();
    void openingAnEnvironmentFillsTheContext_data();
    void openingAnEnvironmentFillsTheContext();
    void notReadPolicyCannotBeOpened();

private:
    AuditAwsDialog* openDialog();
    void runAudit(AuditAwsDialog* dialog);
    int rowOf(AuditAwsDialog* dialog, const QString& environment) const;

    MainWindow* m_window = nullptr;
    FakeKmsServer m_server;
    QTemporaryDir m_home;
    bool m_started = false;
};

void TestAuditDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("KeypolicyStudioTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_auditdialog"));
    MessageBox::setNonInteractive(true);
    QString error;
    m_started = m_server.start(&error);
    if (!m_started) {
        QSKIP(qPrintable(error));
    }
    QVERIFY(m_home.isValid());
    QVERIFY(writeAwsHome(m_home.path(), "auditor", "us-east-1"));
}

void TestAuditDialog::init()
{
    QSettings().clear();
    m_server.reset();
    m_window = new MainWindow;
    m_window->checker()->setInterval(0);
    const QString home = m_home.path();
    const QString url = m_server.url();
    m_window->aws()->setAwsDialogSetup([home, url](QDialog* dialog) {
        if (auto* audit = qobject_cast<AuditAwsDialog*>(dialog)) {
            KmsClientOptions fast;
            fast.retryBaseMs = 5;
            fast.retryCapMs = 20;
            audit->setEnvironment(AwsEnvironment{QProcessEnvironment(), home});
            audit->setClientOptions(fast);
            audit->setEndpointUrl(url);
        }
    });
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void TestAuditDialog::cleanup()
{
    MessageBox::setNextAnswer(QMessageBox::Discard);
    m_window->close();
    delete m_window;
    m_window = nullptr;
}

AuditAwsDialog* TestAuditDialog::openDialog()
{
    QAction* action = m_window->action(u"actionAuditAws");
    if (!action || action->text() != QStringLiteral("Audit MWAA environments in AWS…")) {
        return nullptr;
    }
    action->trigger();
    AuditAwsDialog* dialog = m_window->aws()->auditDialog();
    if (!dialog || !QTest::qWaitForWindowExposed(dialog)) {
        return nullptr;
    }
    // The user's input, typed: the region (the profile's own is us-east-1, where there is nothing) and the profile.
    auto* region = byName<QComboBox>(dialog, QStringLiteral("Audit region"));
    region->lineEdit()->clear();
    QTest::keyClicks(region, QStringLiteral("eu-west-1"));
    QTest::keyClicks(byName<QLineEdit>(dialog, QStringLiteral("Audit profiles")), QStringLiteral("auditor"));
    return dialog;
}

void TestAuditDialog::runAudit(AuditAwsDialog* dialog)
{
    QSignalSpy finished(dialog, &AuditAwsDialog::auditFinished);
    QTest::mouseClick(byName<QPushButton>(dialog, QStringLiteral("Start audit")), Qt::LeftButton);
    QVERIFY(finished.wait(60000));
}

int TestAuditDialog::rowOf(AuditAwsDialog* dialog, const QString& environment) const
{
    QTableWidget* table = dialog->summaryTable();
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, AuditAwsDialog::Environment)->text() == environment) {
            return row;
        }
    }
    return -1;
}

void TestAuditDialog::everyWidgetIsNamed()
{
    AuditAwsDialog* dialog = openDialog();
    QVERIFY(dialog);
    QVERIFY(!dialog->isModal()); // the editor stays usable next to it
    QCOMPARE(dialog->windowTitle(), QStringLiteral("Audit MWAA environments in AWS"));
    // The Advanced group holds the endpoint (the test's setup opened it with the fake server's URL).
    QVERIFY(byName<QGroupBox>(dialog, QStringLiteral("Advanced"))->isChecked());
    QCOMPARE(byName<QLineEdit>(dialog, QStringLiteral("Audit endpoint URL"))->text(), m_server.url());
    // The MWAA regions are offered, any code can be typed.
    auto* region = byName<QComboBox>(dialog, QStringLiteral("Audit region"));
    QVERIFY(region->isEditable());
    QVERIFY(region->findText(QStringLiteral("eu-west-1")) > 0);
    QCOMPARE(region->count() - 1, MwaaEnvironmentPanel::mwaaRegions().size());

    // Every input, button, table, bar and label has an accessible name, and no two share one.
    QSet<QString> names;
    const auto widgets = dialog->findChildren<QWidget*>();
    for (QWidget* w : widgets) {
        const bool interesting = qobject_cast<QLineEdit*>(w) || qobject_cast<QComboBox*>(w)
            || qobject_cast<QAbstractButton*>(w) || qobject_cast<QTableWidget*>(w) || qobject_cast<QProgressBar*>(w)
            || qobject_cast<QGroupBox*>(w) || (qobject_cast<QLabel*>(w) && !w->objectName().isEmpty());
        if (!interesting || w->parentWidget() == nullptr || qobject_cast<QLineEdit*>(w->parentWidget()) != nullptr
            || qobject_cast<QComboBox*>(w->parentWidget()) != nullptr
            || qobject_cast<QHeaderView*>(w->parentWidget()) != nullptr
            || qobject_cast<QTableWidget*>(w->parentWidget()) != nullptr
            || qobject_cast<QTableWidget*>(w->parentWidget()->parentWidget()) != nullptr) {
            continue; // a combo's own line edit, a line edit's clear button, the table's header and corner parts
        }
        QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(w->metaObject()->className() + w->objectName()));
        QVERIFY2(!names.contains(w->accessibleName()), qPrintable(w->accessibleName()));
        names.insert(w->accessibleName());
    }
    for (const QString& name : {QStringLiteral("Audit region"),
                                QStringLiteral("Audit profiles"),
                                QStringLiteral("Audit environments"),
                                QStringLiteral("Audit endpoint URL"),
                                QStringLiteral("Audit progress"),
                                QStringLiteral("Audit summary"),
                                QStringLiteral("Start audit"),
                                QStringLiteral("Cancel audit"),
                                QStringLiteral("Open in editor"),
                                QStringLiteral("Close audit")}) {
        QVERIFY2(names.contains(name), qPrintable(name));
    }
    // A second trigger raises the same dialog.
    m_window->action(u"actionAuditAws")->trigger();
    QCOMPARE(m_window->aws()->auditDialog(), dialog);
}

void TestAuditDialog::progressAndSummary()
{
    AuditAwsDialog* dialog = openDialog();
    QVERIFY(dialog);
    QProgressBar* progress = byName<QProgressBar>(dialog, QStringLiteral("Audit progress"));
    QSignalSpy values(progress, &QProgressBar::valueChanged);
    runAudit(dialog);

    // One step per call: the bar counted every call the server answered, and ends full.
    QVERIFY(values.size() >= 10);
    QCOMPARE(progress->value(), progress->maximum());
    QVERIFY(progress->maximum() >= int(m_server.log().size())); // every request the server saw, and the credentials
    QVERIFY2(dialog->statusText().startsWith(QStringLiteral("Audit finished")), qPrintable(dialog->statusText()));

    QTableWidget* table = byName<QTableWidget>(dialog, QStringLiteral("Audit summary"));
    QCOMPARE(table->rowCount(), 3);
    QCOMPARE(table->horizontalHeaderItem(AuditAwsDialog::Verdict)->text(), QStringLiteral("Verdict"));
    const int ready = rowOf(dialog, kReady);
    const int broken = rowOf(dialog, kBroken);
    const int owned = rowOf(dialog, kOwned);
    QVERIFY(ready >= 0 && broken >= 0 && owned >= 0);
    QCOMPARE(table->item(ready, AuditAwsDialog::Account)->text(), QStringLiteral("111122223333"));
    QCOMPARE(table->item(ready, AuditAwsDialog::Key)->text(), kKey1);
    QCOMPARE(table->item(ready, AuditAwsDialog::Verdict)->text(), QStringLiteral("MWAA ready"));
    QCOMPARE(table->item(broken, AuditAwsDialog::Verdict)->text(), QStringLiteral("MWAA not ready"));
    QCOMPARE(table->item(owned, AuditAwsDialog::Verdict)->text(), QStringLiteral("AWS-owned key, not checked"));
    QCOMPARE(table->item(owned, AuditAwsDialog::Key)->text(), QStringLiteral("AWS-owned key"));
    // The counts per severity are those of the audit's own check.
    for (const auto& e : dialog->audit().environments) {
        const int row = rowOf(dialog, toQString(e.input.name));
        QCOMPARE(table->item(row, AuditAwsDialog::Errors)->text().toInt(), e.counts.error);
        QCOMPARE(table->item(row, AuditAwsDialog::Security)->text().toInt(), e.counts.security);
        QCOMPARE(table->item(row, AuditAwsDialog::Warnings)->text().toInt(), e.counts.warning);
        QCOMPARE(table->item(row, AuditAwsDialog::Suggestions)->text().toInt(), e.counts.suggestion);
        QCOMPARE(table->item(row, AuditAwsDialog::FailedCalls)->text(), QStringLiteral("none"));
    }
    QVERIFY(table->item(broken, AuditAwsDialog::Errors)->text().toInt() > 0);
    QCOMPARE(table->item(ready, AuditAwsDialog::Errors)->text(), QStringLiteral("0"));

    // Nothing to open for the AWS-owned key: no key policy.
    table->selectRow(owned);
    QVERIFY(!byName<QPushButton>(dialog, QStringLiteral("Open in editor"))->isEnabled());
    table->selectRow(broken);
    QVERIFY(byName<QPushButton>(dialog, QStringLiteral("Open in editor"))->isEnabled());
    QVERIFY(byName<QLabel>(dialog, QStringLiteral("Audit environment details"))
                ->text()
                .contains(QStringLiteral("mwaa-broken-role")));

    // docs/images/audit-dialog.png: run under xvfb-run with QT_QPA_PLATFORM=xcb and KPS_AUDIT_SCREENSHOT=PATH.
    const QString shot = qEnvironmentVariable("KPS_AUDIT_SCREENSHOT");
    if (!shot.isEmpty()) {
        m_window->setGeometry(0, 0, 1280, 720);
        dialog->move(80, 60);
        QTest::qWait(1500); // only for the picture: let the window manager-less X server paint
        QVERIFY(QGuiApplication::primaryScreen()->grabWindow(0).save(shot));
    }
}

void TestAuditDialog::failedCallsAreShownPerEnvironment()
{
    m_server.fail({{QStringLiteral("operation"), QStringLiteral("GetRolePolicy")},
                   {QStringLiteral("status"), 403},
                   {QStringLiteral("type"), QStringLiteral("AccessDenied")},
                   {QStringLiteral("count"), -1},
                   {QStringLiteral("message"), QStringLiteral("injected")}});
    AuditAwsDialog* dialog = openDialog();
    QVERIFY(dialog);
    QTest::keyClicks(byName<QLineEdit>(dialog, QStringLiteral("Audit environments")), kReady);
    runAudit(dialog);
    QTableWidget* table = dialog->summaryTable();
    QCOMPARE(table->rowCount(), 1); // only the named environment
    QCOMPARE(table->item(0, AuditAwsDialog::Environment)->text(), kReady);
    QVERIFY2(table->item(0, AuditAwsDialog::Verdict)->text().startsWith(QStringLiteral("incomplete")),
             qPrintable(table->item(0, AuditAwsDialog::Verdict)->text()));
    QCOMPARE(table->item(0, AuditAwsDialog::FailedCalls)->text(), QStringLiteral("1"));
    QVERIFY(table->item(0, AuditAwsDialog::FailedCalls)->toolTip().startsWith(QStringLiteral("GetRolePolicy: ")));
    table->selectRow(0);
    const QString details = byName<QLabel>(dialog, QStringLiteral("Audit environment details"))->text();
    QVERIFY2(details.contains(QStringLiteral("Failed: GetRolePolicy: "))
                 && details.contains(QStringLiteral("iam:GetRolePolicy")),
             qPrintable(details));
}

void TestAuditDialog::cancelStopsTheCallsAndTheDialogStaysUsable()
{
    m_server.fail({{QStringLiteral("operation"), QStringLiteral("GetKeyPolicy")},
                   {QStringLiteral("delay"), 60},
                   {QStringLiteral("count"), -1}});
    AuditAwsDialog* dialog = openDialog();
    QVERIFY(dialog);
    QSignalSpy finished(dialog, &AuditAwsDialog::auditFinished);
    auto* start = byName<QPushButton>(dialog, QStringLiteral("Start audit"));
    auto* cancel = byName<QPushButton>(dialog, QStringLiteral("Cancel audit"));
    QVERIFY(!cancel->isEnabled());
    QTest::mouseClick(start, Qt::LeftButton);
    QVERIFY(dialog->isBusy());
    QVERIFY(!start->isEnabled());
    QVERIFY(cancel->isEnabled());
    QVERIFY(!byName<QComboBox>(dialog, QStringLiteral("Audit region"))->isEnabled());
    QProgressBar* progress = dialog->progressBar();
    QVERIFY(progress->isVisible());
    // The slow GetKeyPolicy is on its way; the bar has counted the calls before it.
    QTRY_VERIFY_WITH_TIMEOUT(m_server.log(QStringLiteral("GetKeyPolicy")).size() >= 1, 30000);
    QTRY_VERIFY(progress->value() > 0);
    QVERIFY(progress->value() < progress->maximum());
    QTest::mouseClick(cancel, Qt::LeftButton);
    // The call in flight is aborted: the audit ends long before the server's 60 s answer.
    QVERIFY(finished.wait(20000));
    QVERIFY(!dialog->isBusy());
    QVERIFY2(dialog->statusText().startsWith(QStringLiteral("Cancelled")), qPrintable(dialog->statusText()));
    for (const auto& e : dialog->audit().environments) {
        QVERIFY(!e.ready.value_or(false)); // nothing read in part is ever called ready
    }
    QVERIFY(dialog->isVisible());
    QVERIFY(start->isEnabled());
    QVERIFY(!cancel->isEnabled());

    // The dialog stays usable: the next run, without the slow answer, audits everything.
    m_server.reset();
    runAudit(dialog);
    QCOMPARE(dialog->summaryTable()->rowCount(), 3);
    QCOMPARE(dialog->summaryTable()->item(rowOf(dialog, kReady), AuditAwsDialog::Verdict)->text(),
             QStringLiteral("MWAA ready"));
}

void TestAuditDialog::openingAnEnvironmentFillsTheContext_data()
{
    QTest::addColumn<QString>("environment");
    QTest::addColumn<QString>("keyArn");
    QTest::addColumn<QString>("keyId");
    QTest::addColumn<QString>("roleArn");
    QTest::addColumn<bool>("doubleClick");
    QTest::newRow("ready, double-click") << kReady << kArn1 << kKey1
                                         << "arn:aws:iam::111122223333:role/service-role/mwaa-ready-role" << true;
    QTest::newRow("broken, Open in editor")
        << kBroken << kArn2 << kKey2 << "arn:aws:iam::111122223333:role/mwaa-broken-role" << false;
}

void TestAuditDialog::openingAnEnvironmentFillsTheContext()
{
    QFETCH(QString, environment);
    QFETCH(QString, keyArn);
    QFETCH(QString, keyId);
    QFETCH(QString, roleArn);
    QFETCH(bool, doubleClick);
    AuditAwsDialog* dialog = openDialog();
    QVERIFY(dialog);
    runAudit(dialog);
    const int row = rowOf(dialog, environment);
    QVERIFY(row >= 0);
    QTableWidget* table = dialog->summaryTable();
    if (doubleClick) {
        const QRect cell = table->visualItemRect(table->item(row, AuditAwsDialog::Environment));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    } else {
        table->selectRow(row);
        QTest::mouseClick(byName<QPushButton>(dialog, QStringLiteral("Open in editor")), Qt::LeftButton);
    }
    const kps::render::AuditedEnvironment* audited = dialog->currentEnvironment();
    QVERIFY(audited);
    QCOMPARE(toQString(audited->input.name), environment);

    // The key policy as fetched is a new, unsaved document; its report's original is the policy in AWS KMS.
    kps::model::PolicyDocument* document = m_window->document();
    QCOMPARE(toQString(document->text()), fixturePolicy(keyId));
    QVERIFY(document->filePath().isEmpty());
    const kps::render::ReportOrigin& origin = document->origin();
    QCOMPARE(origin.kind, kps::render::ReportOrigin::Kind::Aws);
    QCOMPARE(toQString(origin.keyArn), keyArn);
    QCOMPARE(origin.region, std::string("eu-west-1"));
    QCOMPARE(origin.fetchedAt, audited->input.policyFetchedAt);
    QVERIFY(!origin.fetchedAt.empty());

    // The whole context: region, account, environment, key, grants and the execution role's policies.
    MwaaEnvironmentPanel* panel = m_window->mwaa()->panel();
    QCOMPARE(panel->environmentField()->text(), environment);
    QCOMPARE(panel->regionField()->currentText(), QStringLiteral("eu-west-1"));
    QCOMPARE(panel->accountField()->text(), QStringLiteral("111122223333"));
    QCOMPARE(panel->keyField()->text(), keyArn);
    QVERIFY(m_window->mwaa()->grants().has_value());
    QCOMPARE(toQString(m_window->mwaa()->roleArn()), roleArn);
    QVERIFY(m_window->mwaa()->rolePolicy().has_value());
    QVERIFY(panel->executionRoleLabel()->isVisible());
    QVERIFY(panel->executionRoleLabel()->text().contains(roleArn));
    const kps::CheckOptions& options = m_window->checker()->options();
    QCOMPARE(options.rolePolicy, m_window->mwaa()->rolePolicy());
    QCOMPARE(toQString(options.roleArn), roleArn);
    QVERIFY(options.grants.has_value());

    // The checker shows what the audit found, and the same verdict.
    QTRY_COMPARE(describe(m_window->checker()->result().findings), describe(audited->file.result.findings));
    QCOMPARE(m_window->checker()->result().mwaaVerdict(), audited->file.result.mwaaVerdict());
    QCOMPARE(m_window->checker()->result().mwaaReady(), audited->ready.value_or(false));
    QVERIFY(dialog->isVisible()); // ready for the next environment

    // Another document loaded later does not keep this environment's role policy.
    m_window->files()->newDocument();
    QVERIFY(!m_window->mwaa()->rolePolicy().has_value());
    QVERIFY(m_window->mwaa()->roleArn().empty());
    QVERIFY(!panel->executionRoleLabel()->isVisible());
}

void TestAuditDialog::notReadPolicyCannotBeOpened()
{
    m_server.fail({{QStringLiteral("operation"), QStringLiteral("GetKeyPolicy")},
                   {QStringLiteral("status"), 400},
                   {QStringLiteral("type"), QStringLiteral("AccessDeniedException")},
                   {QStringLiteral("count"), -1},
                   {QStringLiteral("message"), QStringLiteral("injected")}});
    AuditAwsDialog* dialog = openDialog();
    QVERIFY(dialog);
    runAudit(dialog);
    const QString before = toQString(m_window->document()->text());
    const int row = rowOf(dialog, kReady);
    QTableWidget* table = dialog->summaryTable();
    table->selectRow(row);
    QVERIFY(!byName<QPushButton>(dialog, QStringLiteral("Open in editor"))->isEnabled());
    const QRect cell = table->visualItemRect(table->item(row, AuditAwsDialog::Environment));
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    QCOMPARE(toQString(m_window->document()->text()), before); // nothing loaded
    QVERIFY(table->item(row, AuditAwsDialog::FailedCalls)->toolTip().contains(QStringLiteral("GetKeyPolicy")));
}

QTEST_MAIN(TestAuditDialog)
#include "tst_auditdialog.moc"
