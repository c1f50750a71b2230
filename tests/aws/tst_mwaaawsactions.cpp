// SPDX-License-Identifier: GPL-3.0-or-later
// The main window's live-KMS actions (MwaaController): Import from AWS…, Fetch grants from AWS…, Apply to AWS…,
// offscreen against the fake KMS server.
#include "../ui/GuiFixture.h"
#include "FakeKmsServer.h"

#include "core/render/ChangeTicket.h"
#include "model/AllGrantsModel.h"
#include "model/GrantMatrixModel.h"
#include "model/LiveChecker.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"
#include "ui/ApplyToAwsDialog.h"
#include "ui/GrantsView.h"
#include "ui/ImportFromAwsDialog.h"
#include "ui/MainWindow.h"
#include "ui/MessageBox.h"
#include "ui/MwaaEnvironmentPanel.h"
#include "ui/features/Features.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace kps::ui;
using namespace kps::aws;
using namespace kpstest;
using kps::model::toQString;
using kps::test::byName;

class TestMwaaAwsActions : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void importOpensPolicyGrantsAndContext();
    void importedPolicyIsTheReportsOriginal();
    void fetchGrantsKeepsThePolicy();
    void applyUsesTheDialogSafeguards();

private:
    MainWindow* m_window = nullptr;
    MwaaController* m_controller = nullptr;
    FakeKmsServer m_server;
    QTemporaryDir m_home;
    bool m_started = false;
};

void TestMwaaAwsActions::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("KeypolicyStudioTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mwaaawsactions"));
    MessageBox::setNonInteractive(true);
    QString error;
    m_started = m_server.start(&error);
    if (!m_started) {
        QSKIP(qPrintable(error));
    }
    QVERIFY(m_home.isValid());
    QVERIFY(writeAwsHome(m_home.path(), "editor", "eu-west-1"));
}

void TestMwaaAwsActions::init()
{
    QSettings().clear();
    m_server.reset();
    m_window = new MainWindow;
    m_controller = m_window->mwaa();
    m_window->checker()->setInterval(0);
    const QString home = m_home.path();
    const QString url = m_server.url();
    m_window->aws()->setAwsDialogSetup([home, url](QDialog* dialog) {
        KmsClientOptions fast;
        fast.retryBaseMs = 5;
        fast.retryCapMs = 20;
        const AwsEnvironment environment{QProcessEnvironment(), home};
        if (auto* import = qobject_cast<ImportFromAwsDialog*>(dialog)) {
            import->setEnvironment(environment);
            import->setClientOptions(fast);
            import->setProfile(QStringLiteral("editor"));
            import->setEndpointUrl(url);
        } else if (auto* apply = qobject_cast<ApplyToAwsDialog*>(dialog)) {
            apply->setEnvironment(environment);
            apply->setClientOptions(fast);
            apply->setProfile(QStringLiteral("editor"));
            apply->setEndpointUrl(url);
        }
    });
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void TestMwaaAwsActions::cleanup()
{
    MessageBox::setNextAnswer(QMessageBox::Discard);
    m_window->close();
    delete m_window;
    m_window = nullptr;
}

void TestMwaaAwsActions::importOpensPolicyGrantsAndContext()
{
    m_window->action(u"actionImportFromAws")->trigger();
    auto* dialog = qobject_cast<ImportFromAwsDialog*>(m_window->aws()->currentAwsDialog());
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QTest::keyClicks(byName<QLineEdit>(dialog, QStringLiteral("Key")), QStringLiteral("alias/mwaa-key"));
    QTest::mouseClick(byName<QPushButton>(dialog, QStringLiteral("Import")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->aws()->currentAwsDialog(), 30000); // closed (and deleted) on success

    // The fetched policy is a new, unsaved document.
    QCOMPARE(toQString(m_window->document()->text()), fixturePolicy(kKey1));
    QVERIFY(m_window->document()->filePath().isEmpty());
    // The panel holds the key's context, the grants are loaded and checked.
    MwaaEnvironmentPanel* panel = m_controller->panel();
    QCOMPARE(panel->keyField()->text(), kArn1);
    QCOMPARE(panel->regionField()->currentText(), QStringLiteral("eu-west-1"));
    QCOMPARE(panel->accountField()->text(), QStringLiteral("111122223333"));
    QVERIFY(m_controller->grants().has_value());
    QCOMPARE(m_controller->grants()->document.json().at("Grants").size(), std::size_t{7});
    QTRY_COMPARE(m_controller->allGrantsModel()->rowCount(), 7); // every grant of the key, in All grants
    QVERIFY(m_window->checker()->options().grants.has_value());
    QCOMPARE(m_window->checker()->options().context.key, kps::model::toStdString(kArn1));
    QTRY_VERIFY(m_controller->grantMatrixModel()->matrix().grantsLoaded);
}

// Issue 17: the change ticket of an imported policy compares with the live policy as fetched, names its key, region
// and fetch time, and shows every edit made since (also after Save As: the ticket is about what is in place in KMS).
void TestMwaaAwsActions::importedPolicyIsTheReportsOriginal()
{
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    m_window->action(u"actionImportFromAws")->trigger();
    auto* dialog = qobject_cast<ImportFromAwsDialog*>(m_window->aws()->currentAwsDialog());
    QVERIFY(dialog);
    QTest::keyClicks(byName<QLineEdit>(dialog, QStringLiteral("Key")), kKey1);
    QTest::mouseClick(byName<QPushButton>(dialog, QStringLiteral("Import")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->aws()->currentAwsDialog(), 30000);
    const QDateTime after = QDateTime::currentDateTimeUtc().addSecs(1);

    kps::model::PolicyDocument* document = m_window->document();
    const kps::render::ReportOrigin& origin = document->origin();
    QCOMPARE(origin.kind, kps::render::ReportOrigin::Kind::Aws);
    QCOMPARE(toQString(origin.keyArn), kArn1);
    QCOMPARE(origin.region, std::string("eu-west-1"));
    const QString fetchedAt = toQString(origin.fetchedAt);
    QVERIFY2(
        QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$")).match(fetchedAt).hasMatch(),
        qPrintable(fetchedAt));
    const QDateTime fetched = QDateTime::fromString(fetchedAt, Qt::ISODate);
    QVERIFY(fetched >= before.addMSecs(-before.time().msec()) && fetched <= after);

    // An edit after the import, then Save As: the original stays the policy as fetched.
    QVERIFY(document->setValue("/Statement/0/Sid", kps::Json("Edited after import")));
    QTemporaryDir dir;
    QVERIFY(m_window->files()->saveFile(dir.filePath(QStringLiteral("imported.json"))));
    QCOMPARE(document->origin(), origin);

    const kps::render::ChangeTicketInput input = m_window->reports()->changeTicketInput();
    QCOMPARE(toQString(input.originalText), fixturePolicy(kKey1));
    const std::string md = kps::render::renderChangeTicketMarkdown(input);
    const std::string line = "- Original from: the key policy of `" + origin.keyArn
        + "` in eu-west-1 as fetched from AWS KMS at `" + origin.fetchedAt + "` (SHA-256 `"
        + kps::render::sha256Hex(input.originalText) + "`)\n";
    QVERIFY2(md.find(line) != std::string::npos, md.c_str());
    QVERIFY2(md.find("\n+            \"Sid\": \"Edited after import\",\n") != std::string::npos, md.c_str());
}

void TestMwaaAwsActions::fetchGrantsKeepsThePolicy()
{
    // More grants than one ListGrants page holds (50): the editor's fetch reads every page too.
    QJsonArray grants;
    for (int i = 0; i < 60; ++i) {
        grants.append(QJsonObject{
            {QStringLiteral("KeyId"), kArn1},
            {QStringLiteral("GrantId"), QStringLiteral("%1").arg(i, 64, 16, QLatin1Char('0'))},
            {QStringLiteral("Name"), QStringLiteral("app-grant-%1").arg(i)},
            {QStringLiteral("GranteePrincipal"), QStringLiteral("arn:aws:iam::111122223333:role/app-%1").arg(i)},
            {QStringLiteral("Operations"), QJsonArray{QStringLiteral("Decrypt")}}});
    }
    m_server.setGrants(kKey1, grants);
    m_window->document()->load(kps::model::toStdString(fixturePolicy(kKey1)), {}, QStringLiteral("local.json"));
    m_controller->panel()->keyField()->setText(kArn1);
    const std::string before = m_window->document()->text();
    m_window->action(u"actionFetchGrants")->trigger();
    auto* dialog = qobject_cast<ImportFromAwsDialog*>(m_window->aws()->currentAwsDialog());
    QVERIFY(dialog);
    QCOMPARE(dialog->key(), kArn1); // the current key is filled in
    QTest::mouseClick(byName<QPushButton>(dialog, QStringLiteral("Import")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->aws()->currentAwsDialog(), 30000);
    QCOMPARE(m_window->document()->text(), before);
    QVERIFY(m_controller->grants().has_value());
    QCOMPARE(m_controller->panel()->regionField()->currentText(), QStringLiteral("eu-west-1"));
    QTRY_VERIFY(m_controller->grantMatrixModel()->matrix().grantsLoaded);
    QCOMPARE(m_controller->grants()->document.json().at("Grants").size(), std::size_t{60});
    QTRY_COMPARE(m_controller->allGrantsModel()->rowCount(), 60);
    QVERIFY(!m_controller->grantsView()->audit().truncated);
}

void TestMwaaAwsActions::applyUsesTheDialogSafeguards()
{
    // The live policy of key 2 with one more statement, as the editor holds it.
    const QString edited = fixturePolicy(kKey2).replace(
        QStringLiteral("  } ]\n}"),
        QStringLiteral(
            "  }, {\n    \"Sid\" : \"Allow use of the key\",\n    \"Effect\" : \"Allow\",\n"
            "    \"Principal\" : {\n      \"AWS\" : \"arn:aws:iam::111122223333:role/app\"\n    },\n"
            "    \"Action\" : [ \"kms:Decrypt\", \"kms:DescribeKey\" ],\n    \"Resource\" : \"*\"\n  } ]\n}"));
    m_window->document()->load(kps::model::toStdString(edited));
    m_controller->panel()->keyField()->setText(kKey2);
    QAction* action = m_window->aws()->applyToAwsAction();
    QVERIFY(action->isEnabled());
    action->trigger();
    auto* dialog = qobject_cast<ApplyToAwsDialog*>(m_window->aws()->currentAwsDialog());
    QVERIFY(dialog);
    QCOMPARE(dialog->policy(), edited);
    dialog->setCheckProfile(false, QString()); // key 2 is no MWAA key: generic checks only
    QTest::mouseClick(byName<QPushButton>(dialog, QStringLiteral("Compare")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isCompared(), 30000);
    auto* apply = byName<QPushButton>(dialog, QStringLiteral("Apply"));
    QVERIFY(!apply->isEnabled()); // not confirmed
    QTest::mouseClick(byName<QCheckBox>(dialog, QStringLiteral("Confirm")), Qt::LeftButton);
    QVERIFY(apply->isEnabled());
    QTest::mouseClick(apply, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(dialog->outcome(), PolicyApply::Outcome::Applied, 30000);
    QCOMPARE(m_server.policy(kKey2), edited);
    for (const QJsonValue& v : m_server.log()) {
        QVERIFY(!v.toObject().value(QStringLiteral("body")).toString().contains(QStringLiteral("Bypass")));
    }
}

QTEST_MAIN(TestMwaaAwsActions)
#include "tst_mwaaawsactions.moc"
