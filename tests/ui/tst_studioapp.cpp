// SPDX-License-Identifier: GPL-3.0-or-later
// The editor's command line (keypolicy-studio FILE --grants FILE --env/--region/--account/--key): what it opens in
// the real window, offscreen, and what it reports when a file cannot be used.
#include "GuiFixture.h"
#include "model/FindingsModel.h"
#include "model/GrantMatrixModel.h"
#include "model/LiveChecker.h"
#include "model/PolicyDocument.h"
#include "ui/MainWindow.h"
#include "ui/MessageBox.h"
#include "ui/MwaaEnvironmentPanel.h"
#include "ui/StudioApplication.h"
#include "ui/features/Features.h"

#include <QComboBox>
#include <QCryptographicHash>
#include <QDockWidget>
#include <QFile>
#include <QLineEdit>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace kps;
using namespace kps::ui;
using namespace kps::test;
using model::GrantMatrixModel;

namespace {

const QString kSample = QStringLiteral(KPS_SOURCE_DIR "/resources/samples/mwaa-sample-policy.json");
const QString kSampleGrants = QStringLiteral(KPS_SOURCE_DIR "/resources/samples/mwaa-sample-grants.json");

QStringList cellStates(const GrantMatrixModel* matrix)
{
    QStringList states;
    for (int r = 0; r < matrix->rowCount(); ++r) {
        for (int c = 0; c < matrix->columnCount(); ++c) {
            states << matrix->index(r, c).data(GrantMatrixModel::CellStateNameRole).toString();
        }
    }
    return states;
}

} // namespace

class TestStudioApp : public QObject
{
    Q_OBJECT

    std::unique_ptr<MainWindow> m_window;
    MwaaController* m_mwaa = nullptr;

    void settle() { QTRY_VERIFY(m_window->checker()->isUpToDate() && !m_window->checker()->isPending()); }

private slots:
    void initTestCase() { initGuiTests("tst_studioapp"); }

    void init()
    {
        MessageBox::clearHistory();
        m_window = std::make_unique<MainWindow>();
        m_mwaa = m_window->mwaa();
        QVERIFY(showWindow(*m_window));
    }

    void cleanup() { closeWindow(m_window); }

    void sampleWithItsGrantsFillsTheMatrix()
    {
        StartupOptions options;
        options.file = kSample;
        options.grantsFile = kSampleGrants;
        options.environment = QStringLiteral("MyAirflowEnvironment");
        QVERIFY(applyStartupOptions(m_window.get(), options).isEmpty());
        settle();
        QCOMPARE(m_window->document()->filePath(), kSample);
        QCOMPARE(m_mwaa->panel()->environmentField()->text(), QStringLiteral("MyAirflowEnvironment"));
        QCOMPARE(m_mwaa->grantsSource(), kSampleGrants);
        const GrantMatrixModel* matrix = m_mwaa->grantMatrixModel();
        QCOMPARE(matrix->rowCount(), 4);
        const QStringList states = cellStates(matrix);
        QVERIFY2(states.contains(QStringLiteral("present")), qPrintable(states.join(u',')));
        QVERIFY2(!states.contains(QStringLiteral("missing")), qPrintable(states.join(u',')));
        QVERIFY(!hasFinding(*m_window, "MWAA_GRANT_MISSING"));
        QVERIFY(!m_window->mwaa()->grantsDock()->visibleRegion().isEmpty());
    }

    void contextOptionsWinOverTheInference()
    {
        StartupOptions options;
        options.file = kSample;
        options.region = QStringLiteral("eu-west-1"); // the sample's logs statement names us-west-2
        options.account = QStringLiteral("444455556666");
        options.key = QStringLiteral("1234abcd-12ab-34cd-56ef-1234567890ab");
        options.orgId = QStringLiteral("o-a1b2c3d4e5");
        QVERIFY(applyStartupOptions(m_window.get(), options).isEmpty());
        settle();
        QCOMPARE(m_mwaa->panel()->organizationField()->text(), QStringLiteral("o-a1b2c3d4e5"));
        QCOMPARE(m_mwaa->panel()->context().orgId, std::string("o-a1b2c3d4e5"));
        QCOMPARE(m_mwaa->panel()->regionField()->currentText(), QStringLiteral("eu-west-1"));
        QCOMPARE(m_mwaa->panel()->accountField()->text(), QStringLiteral("444455556666"));
        QCOMPARE(m_mwaa->panel()->keyField()->text(), QStringLiteral("1234abcd-12ab-34cd-56ef-1234567890ab"));
        const MwaaContext given = m_mwaa->panel()->context();
        QCOMPARE(given.region, std::string("eu-west-1"));
        QCOMPARE(given.account, std::string("444455556666"));
        // Checked against the given region and account, the sample's us-west-2 logs statement no longer fits.
        QVERIFY(m_window->findingsModel()->rowCount() > 1);
    }

    void exportReportBatchMode()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        StartupOptions options;
        options.file = kSample;
        options.grantsFile = kSampleGrants;
        options.environment = QStringLiteral("MyAirflowEnvironment");
        options.exportReport = dir.filePath(QStringLiteral("ticket.md"));
        QString error;
        QCOMPARE(exportReportAndQuit(m_window.get(), options, &error), 0);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QFile report(options.exportReport);
        QVERIFY(report.open(QIODevice::ReadOnly));
        const QByteArray text = report.readAll();
        QFile sample(kSample);
        QVERIFY(sample.open(QIODevice::ReadOnly));
        const QByteArray sha = QCryptographicHash::hash(sample.readAll(), QCryptographicHash::Sha256).toHex();
        QVERIFY2(text.contains(sha), text.left(2000).constData());
        QVERIFY(text.contains("aws kms put-key-policy"));
        QVERIFY(text.contains("MyAirflowEnvironment"));

        options.exportReport = dir.filePath(QStringLiteral("ticket.txt"));
        QCOMPARE(exportReportAndQuit(m_window.get(), options, &error), 2);
        QVERIFY2(error.contains(QStringLiteral("ticket.txt")), qPrintable(error));
        QVERIFY(!QFile::exists(options.exportReport));
    }

    // The context options follow keypolicy's one rule (core/checker/ContextValues): an invalid value is refused
    // with the CLI's message and never typed into the panel.
    void invalidContextValuesAreRefused()
    {
        StartupOptions options;
        options.file = kSample;
        options.region = QStringLiteral("europe");
        options.account = QStringLiteral("1234");
        options.environment = QStringLiteral("1bad");
        options.key = QStringLiteral("arn:aws:s3:::bucket");
        options.orgId = QStringLiteral("o-ABC");
        const QStringList expected
            = {QStringLiteral("--env: '1bad' is not an MWAA environment name (a letter, then letters, digits, - or _; "
                              "at most 80 characters)"),
               QStringLiteral("--region: 'europe' is not a region code (e.g. eu-west-1)"),
               QStringLiteral("--account: '1234' is not an account id (12 digits)"),
               QStringLiteral("--key: 'arn:aws:s3:::bucket' is not a key id, key ARN or alias "
                              "(arn:PARTITION:kms:REGION:ACCOUNT:key/ID or alias/NAME)"),
               QStringLiteral("--org-id: 'o-ABC' is not an organization id (o- and 10 to 32 lower-case letters or "
                              "digits) or none")};
        QCOMPARE(invalidStartupOptions(options), expected);
        QCOMPARE(applyStartupOptions(m_window.get(), options), expected);
        QCOMPARE(m_window->document()->filePath(), kSample); // the file still opens
        MwaaEnvironmentPanel* panel = m_mwaa->panel();
        QCOMPARE(panel->regionField()->currentText(), QString());
        QCOMPARE(panel->accountField()->text(), QString());
        QCOMPARE(panel->environmentField()->text(), QString());
        QCOMPARE(panel->keyField()->text(), QString());
        QCOMPARE(panel->organizationField()->text(), QString());

        // Valid values and options not given pass; an option given empty does not (as in keypolicy).
        StartupOptions good;
        good.region = QStringLiteral("cn-north-1");
        good.key = QStringLiteral("alias/aws/airflow");
        good.orgId = QStringLiteral("none");
        QVERIFY(invalidStartupOptions(good).isEmpty());
        good.environment = QStringLiteral("");
        QCOMPARE(invalidStartupOptions(good), QStringList{QStringLiteral("--env: the environment name is empty")});
    }

    // The real editor refuses them before a window opens: the message on stderr and exit status 2.
    void theEditorExitsWithAUsageError()
    {
        const QString studio = QStringLiteral(KPS_BINARY_DIR "/app/keypolicy-studio");
        QVERIFY2(QFile::exists(studio), "build the keypolicy-studio target first");
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        process.setProcessEnvironment(env);
        process.start(studio, {QStringLiteral("--region"), QStringLiteral("europe"), kSample});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 2);
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(
            err.contains(QStringLiteral("keypolicy-studio: --region: 'europe' is not a region code (e.g. eu-west-1)")),
            qPrintable(err));
    }

    void unusableFilesAreReportedAndTheRestOpens()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString notGrants = dir.filePath(QStringLiteral("not-grants.json"));
        {
            QFile f(notGrants);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("{\"Grants\": [ {\"GrantId\": ");
        }
        StartupOptions options;
        options.file = kSample;
        options.grantsFile = notGrants;
        QStringList errors = applyStartupOptions(m_window.get(), options);
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.first().contains(notGrants), qPrintable(errors.first()));
        QCOMPARE(m_window->document()->filePath(), kSample);
        QVERIFY(!m_mwaa->grants().has_value());

        options.file = dir.filePath(QStringLiteral("absent.json"));
        options.grantsFile = dir.filePath(QStringLiteral("absent-grants.json"));
        errors = applyStartupOptions(m_window.get(), options);
        QCOMPARE(errors.size(), 2);
        QVERIFY2(errors.at(0).contains(QStringLiteral("absent.json")), qPrintable(errors.at(0)));
        QVERIFY2(errors.at(1).contains(QStringLiteral("absent-grants.json")), qPrintable(errors.at(1)));
        QCOMPARE(m_window->document()->filePath(), kSample); // what was open stays open
    }
};

QTEST_MAIN(TestStudioApp)
#include "tst_studioapp.moc"
