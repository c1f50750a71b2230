// SPDX-License-Identifier: GPL-3.0-or-later
// The MWAA features of the main window (MwaaController): environment panel, grant matrix, grants from a file and
// the context sidecar, driven through the real widgets offscreen.
#include "GuiFixture.h"
#include "core/cli/Cli.h"
#include "core/fix/Fixer.h"
#include "core/mwaa/GrantMatrix.h"
#include "model/ContextSidecar.h"
#include "model/FindingsModel.h"
#include "model/GrantMatrixModel.h"
#include "model/LiveChecker.h"
#include "model/PolicyDocument.h"
#include "ui/DiffDialog.h"
#include "ui/FileDialogProvider.h"
#include "ui/GrantMatrixView.h"
#include "ui/MainWindow.h"
#include "ui/MessageBox.h"
#include "ui/MwaaEnvironmentPanel.h"
#include "ui/features/Features.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>
#include <QUndoStack>

#include <sstream>

using namespace kps;
using namespace kps::ui;
using namespace kps::test;
using model::GrantMatrixModel;

namespace {

QString policyFixture(const char* relative)
{
    return QStringLiteral(KPS_TEST_DATA_DIR "/policies/") + QLatin1String(relative);
}

QString grantsFixture(const char* name)
{
    return QStringLiteral(KPS_TEST_DATA_DIR "/grants/") + QLatin1String(name);
}

class FakeDialogs : public FileDialogProvider
{
public:
    QString openName;
    QString saveName;
    QString openFileName(QWidget*, const QString&, const QString&, const QString&) override { return openName; }
    QString saveFileName(QWidget*, const QString&, const QString&, const QString&) override { return saveName; }
};

mwaa::CellState cell(const GrantMatrixModel& model, int row, int column)
{
    return static_cast<mwaa::CellState>(model.index(row, column).data(GrantMatrixModel::CellStateRole).toInt());
}

} // namespace

class TestMwaaGui : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        initGuiTests("tst_mwaagui");
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        MessageBox::clearHistory();
        m_window = std::make_unique<MainWindow>();
        auto dialogs = std::make_unique<FakeDialogs>();
        m_dialogs = dialogs.get();
        m_window->setFileDialogProvider(std::move(dialogs));
        m_controller = m_window->mwaa();
        QVERIFY(showWindow(*m_window));
    }

    void cleanup() { closeWindow(m_window); }

    void panelAndMatrixReplaceThePlaceholders();
    void panelShowsInferredValuesAndRechecks();
    void loadGrantsFromFileFillsMatrixAndFindings();
    void badGrantsFileKeepsWhatWasLoaded();
    void sidecarTravelsWithThePolicy();
    void diffToOriginalShowsChangesWithMarkers();
    void applyAllFixesPreviewsThenIsOneUndoStep();
    void exportCorrectedPolicyEqualsKeypolicyFix();
    void organizationDecidesADependingVerdict();
    void regionConflictOffersBothRewrites();
    void invalidTypedValuesAreNotUsed();

private:
    void typeInto(QLineEdit* edit, const QString& text)
    {
        edit->clear();
        QTest::keyClicks(edit, text);
    }
    void setAnalyticsContext()
    {
        MwaaEnvironmentPanel* panel = m_controller->panel();
        typeInto(panel->environmentField(), QStringLiteral("analytics"));
        typeInto(panel->regionField()->lineEdit(), QStringLiteral("eu-west-1"));
        typeInto(panel->accountField(), QStringLiteral("111122223333"));
        typeInto(panel->keyField(),
                 QStringLiteral("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"));
    }

    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
    FakeDialogs* m_dialogs = nullptr;
    MwaaController* m_controller = nullptr;
};

void TestMwaaGui::panelAndMatrixReplaceThePlaceholders()
{
    auto* panel = byName<QWidget>(m_window.get(), QStringLiteral("MWAA environment"));
    QVERIFY(panel);
    QCOMPARE(m_controller->panelDock()->widget(), m_controller->panel());
    for (const char* name : {"Environment name", "Region", "Account", "Key"}) {
        QVERIFY2(byName<QWidget>(panel, QLatin1String(name)), name);
    }
    auto* region = byName<QComboBox>(panel, QStringLiteral("Region"));
    QVERIFY(region->isEditable());
    QVERIFY(region->findText(QStringLiteral("us-west-2")) >= 0);
    QVERIFY(region->findText(QStringLiteral("cn-north-1")) >= 0);
    auto* table = byName<QTableView>(m_window.get(), QStringLiteral("Grant matrix"));
    QVERIFY(table);
    QCOMPARE(table->model()->rowCount(), 4);
    QCOMPARE(table->model()->columnCount(), 7);
    QVERIFY(byName<QLabel>(m_window.get(), QStringLiteral("Grant matrix legend"))
                ->text()
                .contains(QStringLiteral("✘ missing")));
    for (QStringView id : {u"actionLoadGrants", u"actionImportFromAws", u"actionFetchGrants"}) {
        QVERIFY(m_window->action(id)->isEnabled());
    }
    // `Apply to AWS…` is in the File menu right after `Import from AWS…`.
    QAction* apply = m_window->aws()->applyToAwsAction();
    QCOMPARE(apply->text(), QStringLiteral("Apply to AWS…"));
    QMenu* file = nullptr;
    for (QObject* o : m_window->action(u"actionImportFromAws")->associatedObjects()) {
        if ((file = qobject_cast<QMenu*>(o))) {
            break;
        }
    }
    QVERIFY(file);
    const auto actions = file->actions();
    QCOMPARE(actions.indexOf(apply), actions.indexOf(m_window->action(u"actionImportFromAws")) + 1);
}

void TestMwaaGui::panelShowsInferredValuesAndRechecks()
{
    QVERIFY(m_window->files()->openFile(policyFixture("_realworld/mwaa-docs-us-west-2.json")));
    QTRY_VERIFY(m_window->checker()->isUpToDate() && !m_window->checker()->isPending());
    MwaaEnvironmentPanel* panel = m_controller->panel();
    QCOMPARE(panel->regionField()->currentText(), QString());
    QCOMPARE(panel->regionField()->lineEdit()->placeholderText(), QStringLiteral("inferred: us-west-2"));

    // Typing a name re-checks at once with it: the matrix rows follow the environment.
    QTest::keyClicks(panel->environmentField(), QStringLiteral("etl"));
    QCOMPARE(m_window->checker()->options().context.environment, std::string("etl"));
    QCOMPARE(m_window->checker()->options().context.environmentSource, ContextSource::Given);
    QTRY_COMPARE(m_controller->grantMatrixModel()->headerData(0, Qt::Vertical).toString(),
                 QStringLiteral("mwaa-grant-for-env-mgmt-role-etl"));
    QCOMPARE(cell(*m_controller->grantMatrixModel(), 0, 0), mwaa::CellState::Required);
    // A given region replaces the inferred one; the logs statement no longer matches it.
    typeInto(panel->regionField()->lineEdit(), QStringLiteral("eu-west-1"));
    QTRY_VERIFY(hasFinding(*m_window, "MWAA_LOGS_REGION_MISMATCH"));
    QCOMPARE(m_window->checker()->result().context.regionSource, ContextSource::Given);
}

void TestMwaaGui::loadGrantsFromFileFillsMatrixAndFindings()
{
    QVERIFY(m_window->files()->openFile(policyFixture("MWAA_GRANT_MISSING/fail-missing-one.json")));
    setAnalyticsContext();
    m_dialogs->openName = grantsFixture("missing-one.json");
    m_window->action(u"actionLoadGrants")->trigger();
    QVERIFY(m_controller->grants().has_value());
    QTRY_VERIFY(hasFinding(*m_window, "MWAA_GRANT_MISSING"));
    const GrantMatrixModel& model = *m_controller->grantMatrixModel();
    QTRY_VERIFY(model.matrix().grantsLoaded);
    QCOMPARE(cell(model, 0, 0), mwaa::CellState::Present);
    QCOMPARE(cell(model, 2, 0), mwaa::CellState::Missing);
    auto* table = byName<QTableView>(m_window.get(), QStringLiteral("Grant matrix"));
    QCOMPARE(table->model()->index(2, 0).data().toString(), QStringLiteral("✘ missing"));

    // The complete list: no grant finding is left.
    m_dialogs->openName = grantsFixture("complete.json");
    m_window->action(u"actionLoadGrants")->trigger();
    QTRY_VERIFY(cell(model, 2, 0) == mwaa::CellState::Present);
    QTRY_VERIFY(!hasFinding(*m_window, "MWAA_GRANT_MISSING"));
}

void TestMwaaGui::badGrantsFileKeepsWhatWasLoaded()
{
    QVERIFY(m_window->files()->openFile(policyFixture("MWAA_GRANT_MISSING/fail-missing-one.json")));
    setAnalyticsContext();
    m_dialogs->openName = grantsFixture("complete.json");
    m_window->action(u"actionLoadGrants")->trigger();
    QTRY_VERIFY(m_controller->grantMatrixModel()->matrix().grantsLoaded);
    const QString before = m_controller->grantsSource();

    const QString bad = m_dir.filePath(QStringLiteral("bad-grants.json"));
    QFile file(bad);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\n  \"Grants\": [\n    {\"Name\": \"x\",}\n  ]\n}\n");
    file.close();
    MessageBox::clearHistory();
    m_dialogs->openName = bad;
    m_window->action(u"actionLoadGrants")->trigger();
    QCOMPARE(MessageBox::count(), 1);
    QVERIFY2(MessageBox::lastText().contains(QStringLiteral("line 3")), qPrintable(MessageBox::lastText()));
    QVERIFY2(MessageBox::lastText().contains(QStringLiteral("column")), qPrintable(MessageBox::lastText()));
    QCOMPARE(m_controller->grantsSource(), before);
    QVERIFY(m_window->checker()->options().grants.has_value());
    QVERIFY(m_controller->grantMatrixModel()->matrix().grantsLoaded);

    // Larger than the one input limit: refused before it is read whole, what was loaded stays.
    const QString huge = m_dir.filePath(QStringLiteral("huge-grants.json"));
    QFile big(huge);
    QVERIFY(big.open(QIODevice::WriteOnly));
    QVERIFY(big.resize(static_cast<qint64>(SourceDocument::MaxInputBytes) + 1));
    big.close();
    MessageBox::clearHistory();
    m_dialogs->openName = huge;
    m_window->action(u"actionLoadGrants")->trigger();
    QCOMPARE(MessageBox::count(), 1);
    QVERIFY2(MessageBox::lastText().contains(QStringLiteral("larger than 16 MiB")), qPrintable(MessageBox::lastText()));
    QCOMPARE(m_controller->grantsSource(), before);
    QFile::remove(huge);
}

void TestMwaaGui::sidecarTravelsWithThePolicy()
{
    const QString path = m_dir.filePath(QStringLiteral("travel.json"));
    QFile::remove(path);
    QFile::remove(model::sidecar::pathFor(path));
    QVERIFY(QFile::copy(policyFixture("_realworld/mwaa-docs-us-west-2.json"), path));
    QVERIFY(m_window->files()->openFile(path));
    MwaaEnvironmentPanel* panel = m_controller->panel();
    typeInto(panel->environmentField(), QStringLiteral("travel-env"));
    typeInto(panel->regionField()->lineEdit(), QStringLiteral("us-west-2"));
    QVERIFY(!QFile::exists(model::sidecar::pathFor(path))); // written on save, not on every keystroke
    QVERIFY(m_window->files()->saveFile(path));
    QVERIFY(QFile::exists(model::sidecar::pathFor(path)));

    // Another file starts with its own (empty) context; reopening restores this one.
    QVERIFY(m_window->files()->openFile(policyFixture("_realworld/console-default.json")));
    QCOMPARE(panel->environmentField()->text(), QString());
    QCOMPARE(m_window->checker()->options().context.environment, std::string());
    QVERIFY(m_window->files()->openFile(path));
    QCOMPARE(panel->environmentField()->text(), QStringLiteral("travel-env"));
    QCOMPARE(panel->regionField()->currentText(), QStringLiteral("us-west-2"));
    QCOMPARE(m_window->checker()->options().context.environment, std::string("travel-env"));
    QTRY_COMPARE(m_controller->grantMatrixModel()->headerData(0, Qt::Vertical).toString(),
                 QStringLiteral("mwaa-grant-for-env-mgmt-role-travel-env"));
}

void TestMwaaGui::diffToOriginalShowsChangesWithMarkers()
{
    QVERIFY(m_window->files()->openFile(policyFixture("_realworld/mwaa-docs-us-west-2.json")));
    const std::string original = m_window->document()->text();
    QVERIFY(m_window->action(u"actionShowDiff")->isEnabled());
    std::string edited = original;
    edited.replace(edited.find("key-default-1"), 13, "key-edited-2");
    QVERIFY(m_window->document()->replaceText(QString::fromStdString(edited), false));
    m_window->action(u"actionShowDiff")->trigger();
    auto* dialog = qobject_cast<DiffDialog*>(m_window->fixes()->currentDiffDialog());
    QVERIFY(dialog);
    QCOMPARE(dialog->accessibleName(), QStringLiteral("Diff to original"));
    const QString unified = dialog->unifiedText();
    QVERIFY2(unified.contains(QStringLiteral("-     \"Id\": \"key-default-1\",")), qPrintable(unified));
    QVERIFY2(unified.contains(QStringLiteral("+     \"Id\": \"key-edited-2\",")), qPrintable(unified));
    QVERIFY(!dialog->isSideBySide());
    QTest::mouseClick(byName<QWidget>(dialog, QStringLiteral("Side by side")), Qt::LeftButton);
    QVERIFY(dialog->isSideBySide());
    QVERIFY(dialog->beforeView()->toPlainText().contains(QStringLiteral("   3 -    \"Id\": \"key-default-1\"")));
    QVERIFY(dialog->afterView()->toPlainText().contains(QStringLiteral("   3 +    \"Id\": \"key-edited-2\"")));
    // Both sides have the same number of rows (fillers keep them aligned).
    QCOMPARE(dialog->beforeView()->document()->blockCount(), dialog->afterView()->document()->blockCount());
    dialog->close();
    // Saving makes the current text the new original.
    const QString path = m_dir.filePath(QStringLiteral("diff.json"));
    QVERIFY(m_window->files()->saveFile(path));
    QCOMPARE(m_window->fixes()->originalText(), edited);
}

void TestMwaaGui::applyAllFixesPreviewsThenIsOneUndoStep()
{
    QVERIFY(m_window->files()->openFile(QStringLiteral(KPS_TEST_DATA_DIR "/mwaagui/several-defects.json")));
    const std::string before = m_window->document()->text();
    QUndoStack* stack = m_window->document()->undoStack();
    const int steps = stack->count();
    m_window->action(u"actionApplyAllFixes")->trigger();
    auto* dialog = qobject_cast<DiffDialog*>(m_window->fixes()->currentDiffDialog());
    QVERIFY(dialog);
    QCOMPARE(dialog->accessibleName(), QStringLiteral("Fix preview"));
    QCOMPARE(m_window->document()->text(), before); // nothing changes before Apply
    QVERIFY(dialog->unifiedText().contains(QStringLiteral("2012-10-17")));
    QVERIFY(dialog->unifiedText().contains(QStringLiteral("logs.us-west-2.amazonaws.com")));
    // Cancel leaves everything as it was.
    dialog->reject();
    QCOMPARE(m_window->document()->text(), before);
    QCOMPARE(stack->count(), steps);

    m_window->action(u"actionApplyAllFixes")->trigger();
    dialog = qobject_cast<DiffDialog*>(m_window->fixes()->currentDiffDialog());
    QVERIFY(dialog);
    QTest::mouseClick(byName<QWidget>(dialog, QStringLiteral("Apply")), Qt::LeftButton);
    QCOMPARE(stack->count(), steps + 1);
    const std::string fixed = m_window->document()->text();
    QCOMPARE(fixed, kps::applyAllFixes(SourceDocument::parse(before), m_window->checker()->options()).text);
    QVERIFY(fixed.find("\"allow\"") == std::string::npos);
    QTRY_VERIFY(m_window->checker()->isUpToDate());
    QVERIFY(!hasFinding(*m_window, "VERSION_OLD"));
    stack->undo();
    QCOMPARE(m_window->document()->text(), before);
}

void TestMwaaGui::exportCorrectedPolicyEqualsKeypolicyFix()
{
    const QString input = QStringLiteral(KPS_TEST_DATA_DIR "/mwaagui/several-defects.json");
    QVERIFY(m_window->files()->openFile(input));
    setAnalyticsContext();
    typeInto(m_controller->panel()->regionField()->lineEdit(), QStringLiteral("us-west-2"));
    typeInto(m_controller->panel()->keyField(), QString());
    const QString out = m_dir.filePath(QStringLiteral("corrected.json"));
    QFile::remove(out);
    m_dialogs->saveName = out;
    m_window->action(u"actionExportCorrected")->trigger();
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray exported = file.readAll();

    std::istringstream in;
    std::ostringstream cliOut;
    std::ostringstream cliErr;
    const int status = kps::cli::runCli(
        {"fix", input.toStdString(), "--env", "analytics", "--region", "us-west-2", "--account", "111122223333"},
        in,
        cliOut,
        cliErr);
    QVERIFY2(status == 0 || status == 1, cliErr.str().c_str());
    QCOMPARE(exported, QByteArray::fromStdString(cliOut.str()));
    QVERIFY(exported.contains("\"2012-10-17\""));
}

// An organization-perimeter Deny: the status bar says what readiness depends on; typing the organization into the
// panel decides it (ready), a malformed id is not used and the hint says so.
void TestMwaaGui::organizationDecidesADependingVerdict()
{
    QVERIFY(m_window->files()->openFile(QStringLiteral(KPS_TEST_DATA_DIR "/verdicts/org-perimeter/breaks.json")));
    MwaaEnvironmentPanel* panel = m_controller->panel();
    typeInto(panel->environmentField(), QStringLiteral("MyEnv"));
    typeInto(panel->regionField()->lineEdit(), QStringLiteral("us-east-1"));
    typeInto(panel->accountField(), QStringLiteral("111122223333"));
    QLabel* status = m_window->statusLabel();
    QTRY_VERIFY(m_window->checker()->isUpToDate() && !m_window->checker()->isPending());
    QTRY_VERIFY2(status->text().contains(QStringLiteral("MWAA ready if account 111122223333 is in organization "
                                                        "o-a1b2c3d4e5")),
                 qPrintable(status->text()));
    QCOMPARE(m_window->checker()->result().mwaaVerdict(), MwaaVerdict::Depends);

    auto* org = byName<QLineEdit>(m_window.get(), QStringLiteral("Organization"));
    QCOMPARE(org, panel->organizationField());
    typeInto(org, QStringLiteral("acme"));
    QVERIFY(m_window->checker()->options().context.orgId.empty());
    typeInto(org, QStringLiteral("o-a1b2c3d4e5"));
    QCOMPARE(m_window->checker()->options().context.orgId, std::string("o-a1b2c3d4e5"));
    QTRY_COMPARE(m_window->checker()->result().mwaaVerdict(), MwaaVerdict::Ready);
    QTRY_VERIFY2(status->text().endsWith(QStringLiteral("MWAA ready")), qPrintable(status->text()));
    typeInto(org, QStringLiteral("none"));
    QTRY_COMPARE(m_window->checker()->result().mwaaVerdict(), MwaaVerdict::NotReady);
}

// The Logs principal and its condition name different regions: the finding offers both rewrites as choices, each one
// undo step, and either makes the policy consistent (the region then follows from it).
void TestMwaaGui::regionConflictOffersBothRewrites()
{
    QVERIFY(m_window->files()->openFile(QStringLiteral(KPS_TEST_DATA_DIR "/verdicts/region-disagreement/breaks.json")));
    typeInto(m_controller->panel()->accountField(), QStringLiteral("111122223333"));
    QTRY_VERIFY(hasFinding(*m_window, "MWAA_REGION_CONFLICT"));
    QTRY_VERIFY(m_window->checker()->isUpToDate() && !m_window->checker()->isPending());
    auto* model = m_window->findingsModel();
    int row = -1;
    for (int r = 0; r < model->rowCount(); ++r) {
        if (model->index(r, 0).data(kps::model::FindingsModel::CodeRole).toString()
            == QLatin1String("MWAA_REGION_CONFLICT")) {
            row = r;
        }
    }
    QVERIFY(row >= 0);
    QVERIFY(!model->index(row, 0).data(kps::model::FindingsModel::HasFixRole).toBool());
    const QStringList titles = model->index(row, 0).data(kps::model::FindingsModel::FixChoicesRole).toStringList();
    QCOMPARE(titles.size(), 2);
    QVERIFY(titles[0].contains(QStringLiteral("us-west-2")));
    const std::string before = m_window->document()->text();
    m_window->fixes()->applyChoiceAt(row, 1); // the condition's region, us-east-1, into the principal
    QVERIFY(m_window->document()->text().find("logs.us-east-1.amazonaws.com") != std::string::npos);
    QTRY_VERIFY(!hasFinding(*m_window, "MWAA_REGION_CONFLICT"));
    // Consistent now, but the region is the policy's claim: ready only if the environment is in us-east-1.
    QTRY_COMPARE(m_window->checker()->result().mwaaVerdict(), MwaaVerdict::Depends);
    QVERIFY(m_window->checker()->result().assumptions.front().fact.find("region us-east-1") != std::string::npos);
    m_window->document()->undoStack()->undo();
    QCOMPARE(m_window->document()->text(), before);
}

// The panel follows the one rule of the context options (as `keypolicy check --region ...`): text that is no valid
// value is not used (the inferred value stays in use), and the hint line says why, like the Organization field.
void TestMwaaGui::invalidTypedValuesAreNotUsed()
{
    QVERIFY(m_window->files()->openFile(policyFixture("_realworld/mwaa-docs-us-west-2.json")));
    QTRY_VERIFY(m_window->checker()->isUpToDate() && !m_window->checker()->isPending());
    MwaaEnvironmentPanel* panel = m_controller->panel();
    QLabel* hint = panel->hintLabel();
    QCOMPARE(hint, byName<QLabel>(m_window.get(), QStringLiteral("Context hint")));

    typeInto(panel->regionField()->lineEdit(), QStringLiteral("europe"));
    typeInto(panel->accountField(), QStringLiteral("1234"));
    typeInto(panel->environmentField(), QStringLiteral("1bad"));
    typeInto(panel->keyField(), QStringLiteral("arn:aws:s3:::bucket"));
    typeInto(panel->organizationField(), QStringLiteral("acme"));
    QCOMPARE(panel->regionField()->currentText(), QStringLiteral("europe"));
    const MwaaContext given = panel->context();
    QVERIFY(given.region.empty() && given.account.empty() && given.environment.empty() && given.key.empty()
            && given.orgId.empty());
    QCOMPARE(given.regionSource, ContextSource::Unknown);
    const MwaaContext used = m_window->checker()->options().context;
    QVERIFY(used.region.empty() && used.account.empty() && used.environment.empty() && used.key.empty());
    QTRY_VERIFY(m_window->checker()->isUpToDate() && !m_window->checker()->isPending());
    QCOMPARE(m_window->checker()->result().context.region, std::string("us-west-2"));
    QCOMPARE(m_window->checker()->result().context.regionSource, ContextSource::Inferred);
    const QStringList reasons = {
        QStringLiteral("Environment name: '1bad' is not an MWAA environment name"),
        QStringLiteral("Region: 'europe' is not a region code (e.g. eu-west-1); not used."),
        QStringLiteral("Account: '1234' is not an account id (12 digits); not used."),
        QStringLiteral("Key: 'arn:aws:s3:::bucket' is not a key id, key ARN or alias"),
        QStringLiteral("Organization: 'acme' is not an organization id"),
    };
    for (const QString& reason : reasons) {
        QVERIFY2(hint->text().contains(reason), qPrintable(hint->text()));
    }
    QCOMPARE(panel->invalidFields().size(), 5);

    // Corrected text is used at once and its sentence leaves the hint.
    typeInto(panel->regionField()->lineEdit(), QStringLiteral("eu-west-1"));
    QCOMPARE(m_window->checker()->options().context.region, std::string("eu-west-1"));
    QVERIFY2(!hint->text().contains(QStringLiteral("Region:")), qPrintable(hint->text()));
    typeInto(panel->keyField(), QStringLiteral("alias/aws/airflow"));
    QCOMPARE(m_window->checker()->options().context.key, std::string("alias/aws/airflow"));
    QVERIFY2(!hint->text().contains(QStringLiteral("Key:")), qPrintable(hint->text()));
    QCOMPARE(panel->invalidFields().size(), 3);
}

QTEST_MAIN(TestMwaaGui)
#include "tst_mwaagui.moc"
