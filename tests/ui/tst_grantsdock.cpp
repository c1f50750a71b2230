// SPDX-License-Identifier: GPL-3.0-or-later
// The `Grants` dock (GrantsView, MwaaController) driven through the real widgets offscreen: each environment's matrix,
// `All grants` with its filter, a grant finding in the Findings dock selecting its grant, and the dock at 1280x720.
#include "GuiFixture.h"
#include "model/AllGrantsModel.h"
#include "model/FindingsModel.h"
#include "model/GrantMatrixModel.h"
#include "model/PolicyDocument.h"
#include "ui/FileDialogProvider.h"
#include "ui/FindingsView.h"
#include "ui/GrantMatrixView.h"
#include "ui/GrantsView.h"
#include "ui/JsonEditor.h"
#include "ui/MwaaEnvironmentPanel.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTabBar>
#include <QTableView>
#include <QTest>

using namespace kps;
using namespace kps::ui;
using namespace kps::test;
using model::AllGrantsModel;
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
    QString openFileName(QWidget*, const QString&, const QString&, const QString&) override { return openName; }
    QString saveFileName(QWidget*, const QString&, const QString&, const QString&) override { return {}; }
};

/** The Findings row of the first finding with this code, or -1. */
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

} // namespace

class TestGrantsDock : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { initGuiTests("tst_grantsdock"); }

    void init()
    {
        MessageBox::clearHistory();
        m_window = std::make_unique<MainWindow>();
        auto dialogs = std::make_unique<FakeDialogs>();
        m_dialogs = dialogs.get();
        m_window->setFileDialogProvider(std::move(dialogs));
        m_controller = m_window->mwaa();
        m_view = m_controller->grantsView();
        QVERIFY(showWindow(*m_window));
    }

    void cleanup() { closeWindow(m_window); }

    void shouldHaveDefaultValues()
    {
        QDockWidget* dock = m_controller->grantsDock();
        QCOMPARE(dock->accessibleName(), QStringLiteral("Grants"));
        QCOMPARE(dock->windowTitle(), QStringLiteral("Grants"));
        QCOMPARE(dock->objectName(), QStringLiteral("grantsDock"));
        QCOMPARE(dock->widget(), m_view);
        // The names of spec/gui.md, as a screen reader finds them.
        QCOMPARE(byName<QTableView>(m_window.get(), QStringLiteral("Grant matrix")), m_view->matrixView()->table());
        QCOMPARE(byName<QTableView>(m_window.get(), QStringLiteral("All grants")), m_view->allGrantsTable());
        QVERIFY(byName<QLineEdit>(dock, QStringLiteral("Grants filter")));
        QVERIFY(byName<QComboBox>(dock, QStringLiteral("Grants environment")));
        QVERIFY(m_window->paneNames().contains(QStringLiteral("Grants")));
        QVERIFY(m_view->currentPage() == GrantsView::Page::Matrix);
        QCOMPARE(m_view->pageBar()->tabText(0), QStringLiteral("Matrix"));
        QCOMPARE(m_view->pageBar()->tabText(1), QStringLiteral("All grants (0)"));
        QCOMPARE(m_view->allGrantsTable()->model()->columnCount(), 7);
        QVERIFY(m_view->summaryLabel()->text().contains(QStringLiteral("no grant list loaded")));
    }

    void loadedGrantsFillBothPages()
    {
        QVERIFY(m_window->files()->openFile(policyFixture("MWAA_GRANT_MISSING/pass-complete.json")));
        setContext("eu-west-1", "111122223333", "analytics");
        m_dialogs->openName = grantsFixture("cross-account.json");
        m_window->action(u"actionLoadGrants")->trigger();
        QTRY_VERIFY(hasFinding(*m_window, "GRANT_CROSS_ACCOUNT"));
        QTRY_COMPARE(m_view->allGrantsTable()->model()->rowCount(), 5);
        QCOMPARE(m_view->pageBar()->tabText(1), QStringLiteral("All grants (5)"));
        const QAbstractItemModel* table = m_view->allGrantsTable()->model();
        QCOMPARE(table->headerData(0, Qt::Horizontal).toString(), QStringLiteral("Name"));
        QCOMPARE(table->headerData(6, Qt::Horizontal).toString(), QStringLiteral("Class"));
        QCOMPARE(table->index(4, 0).data().toString(), QStringLiteral("partner-etl"));
        QCOMPARE(table->index(4, AllGrantsModel::ClassColumn).data().toString(),
                 QStringLiteral("another account (444455556666)"));
        QVERIFY(m_view->summaryLabel()->text().contains(QStringLiteral("grants listed: 5")));
        QVERIFY(m_view->summaryLabel()->text().contains(QStringLiteral("with findings: 1")));
        // The status bar does not count grant findings as findings the JSON view failed to underline.
        auto* status = m_window->statusBar()->findChild<QLabel*>(QStringLiteral("status"));
        QTRY_VERIFY(status->text().contains(QStringLiteral("Security: 3")));
        QVERIFY2(!status->text().contains(QStringLiteral("not underlined")), qPrintable(status->text()));

        // The filter: any column, case-insensitive; the filter field shows on the All grants page only.
        QVERIFY(!m_view->filterEdit()->isVisible());
        m_view->showPage(GrantsView::Page::AllGrants);
        QVERIFY(m_view->filterEdit()->isVisible());
        QVERIFY(!m_view->environmentBox()->isVisible());
        QTest::keyClicks(m_view->filterEdit(), QStringLiteral("PARTNER"));
        QCOMPARE(m_view->allGrantsTable()->model()->rowCount(), 1);
        m_view->filterEdit()->clear();
        QTest::keyClicks(m_view->filterEdit(), QStringLiteral("mwaa"));
        QCOMPARE(m_view->allGrantsTable()->model()->rowCount(), 4);
        m_view->filterEdit()->clear();
        QCOMPARE(m_view->allGrantsTable()->model()->rowCount(), 5);
    }

    void eachEnvironmentHasItsMatrix()
    {
        QVERIFY(m_window->files()->openFile(policyFixture("MWAA_GRANT_MISSING/pass-complete.json")));
        setContext("eu-west-1", "111122223333", "analytics");
        m_dialogs->openName = grantsFixture("two-environments.json");
        m_window->action(u"actionLoadGrants")->trigger();
        QComboBox* environment = m_view->environmentBox();
        QTRY_COMPARE(environment->count(), 2);
        QCOMPARE(environment->itemText(0), QStringLiteral("analytics"));
        QCOMPARE(environment->itemText(1), QStringLiteral("reporting (from the grant names)"));
        const GrantMatrixModel* matrix = m_controller->grantMatrixModel();
        QCOMPARE(matrix->headerData(0, Qt::Vertical).toString(),
                 QStringLiteral("mwaa-grant-for-env-mgmt-role-analytics"));
        environment->setCurrentIndex(1);
        QCOMPARE(matrix->headerData(0, Qt::Vertical).toString(),
                 QStringLiteral("mwaa-grant-for-env-mgmt-role-reporting"));
        QCOMPARE(matrix->index(0, 0).data().toString(), QStringLiteral("✔ present"));
        // A key shared by two environments is not "four unexpected grants".
        QVERIFY(!hasFinding(*m_window, "MWAA_GRANT_UNEXPECTED"));
        // The environment shown stays across checks.
        QTest::keyClicks(m_controller->panel()->accountField(), QStringLiteral("4"));
        QTest::keyClick(m_controller->panel()->accountField(), Qt::Key_Backspace);
        QTRY_VERIFY(m_window->checker()->isUpToDate() && !m_window->checker()->isPending());
        QCOMPARE(m_view->currentEnvironment(), QStringLiteral("reporting"));
    }

    /// The worst case in the window: a grant for airflow.<other region> never reads present.
    void wrongRegionShowsWrongPrincipal()
    {
        QVERIFY(m_window->files()->openFile(policyFixture("MWAA_GRANT_MISSING/pass-complete.json")));
        setContext("eu-west-1", "111122223333", "analytics");
        m_dialogs->openName = grantsFixture("other-region.json");
        m_window->action(u"actionLoadGrants")->trigger();
        QTRY_VERIFY(hasFinding(*m_window, "MWAA_GRANT_PRINCIPAL"));
        QTableView* table = m_view->matrixView()->table();
        for (int row = 0; row < 4; ++row) {
            for (int column = 0; column < 7; ++column) {
                const QString text = table->model()->index(row, column).data().toString();
                QVERIFY2(!text.contains(QStringLiteral("present")), qPrintable(text));
            }
        }
        QCOMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("⚠ wrong principal"));
        QVERIFY(m_window->statusBar()
                    ->findChild<QLabel*>(QStringLiteral("status"))
                    ->text()
                    .contains(QStringLiteral("ot MWAA ready")));
    }

    void selectingAGrantFindingSelectsItsGrant()
    {
        QVERIFY(m_window->files()->openFile(policyFixture("MWAA_GRANT_MISSING/pass-complete.json")));
        setContext("eu-west-1", "111122223333", "analytics");
        m_dialogs->openName = grantsFixture("cross-account.json");
        m_window->action(u"actionLoadGrants")->trigger();
        QTRY_VERIFY(findingRow(*m_window, "GRANT_CAN_REGRANT") >= 0);
        const int jsonPosition = m_window->jsonEditor()->textCursor().position();

        // Another grant is filtered away first: selecting the finding clears the filter that hides its grant.
        m_view->showPage(GrantsView::Page::AllGrants);
        QTest::keyClicks(m_view->filterEdit(), QStringLiteral("lambda"));
        m_window->findingsView()->setCurrentRow(findingRow(*m_window, "GRANT_CAN_REGRANT"));
        QVERIFY(m_view->filterEdit()->text().isEmpty());
        QVERIFY(m_view->currentPage() == GrantsView::Page::AllGrants);
        const QModelIndex current = m_view->allGrantsTable()->currentIndex();
        QVERIFY(current.isValid());
        QCOMPARE(current.siblingAtColumn(0).data().toString(), QStringLiteral("partner-etl"));
        QVERIFY(m_view->allGrantsTable()->selectionModel()->isRowSelected(current.row()));
        // Activating it raises the Grants dock; the policy's JSON view does not move (the finding is not in it).
        m_window->findingsView()->findingActivated(findingRow(*m_window, "GRANT_CAN_REGRANT"));
        QTRY_VERIFY(!m_controller->grantsDock()->visibleRegion().isEmpty());
        QCOMPARE(m_window->jsonEditor()->textCursor().position(), jsonPosition);
        // Grant findings are not underlined in the policy.
        for (const Finding& f : m_window->jsonEditor()->findings()) {
            QVERIFY2(f.location.file.empty(), f.code.c_str());
        }
        // The Findings dock says where it is: the listing's name, line and column.
        const QModelIndex location = m_window->findingsModel()->index(findingRow(*m_window, "GRANT_CAN_REGRANT"),
                                                                      model::FindingsModel::LocationColumn);
        QCOMPARE(location.data().toString(), QStringLiteral("cross-account.json, line 89, column 17"));

        // One of an environment's four grants: its matrix row, on the matrix page.
        m_dialogs->openName = grantsFixture("missing-operation.json");
        m_window->action(u"actionLoadGrants")->trigger();
        QTRY_VERIFY(findingRow(*m_window, "MWAA_GRANT_OPERATIONS") >= 0);
        m_view->showPage(GrantsView::Page::AllGrants);
        m_window->findingsView()->setCurrentRow(findingRow(*m_window, "MWAA_GRANT_OPERATIONS"));
        QVERIFY(m_view->currentPage() == GrantsView::Page::Matrix);
        QCOMPARE(m_view->matrixView()->table()->currentIndex().row(), 0);
        QCOMPARE(m_view->allGrantsTable()->currentIndex().row(), 0);
    }

    /// At 1280x720, the smallest screen the window is made for: every matrix row and every name visible.
    void everyRowVisibleAt1280x720()
    {
        m_window->resize(1280, 720);
        QVERIFY(
            m_window->files()->openFile(QStringLiteral(KPS_SOURCE_DIR "/resources/samples/mwaa-sample-policy.json")));
        setContext("", "", "MyAirflowEnvironment");
        m_dialogs->openName = QStringLiteral(KPS_SOURCE_DIR "/resources/samples/mwaa-sample-grants.json");
        m_window->action(u"actionLoadGrants")->trigger();
        QTRY_VERIFY(m_controller->grantMatrixModel()->matrix().grantsLoaded);
        QTest::qWait(50);
        QTableView* table = m_view->matrixView()->table();
        QTRY_VERIFY(table->isVisible());
        int rows = 0;
        for (int row = 0; row < table->model()->rowCount(); ++row) {
            rows += table->rowHeight(row);
        }
        QVERIFY2(table->viewport()->height() >= rows,
                 qPrintable(QStringLiteral("%1 < %2").arg(table->viewport()->height()).arg(rows)));
        QHeaderView* names = table->verticalHeader();
        const int longest = names->fontMetrics().horizontalAdvance(
            QStringLiteral("mwaa-grant-for-env-mgmt-role-MyAirflowEnvironment"));
        QVERIFY2(names->width() >= longest, qPrintable(QStringLiteral("%1 < %2").arg(names->width()).arg(longest)));
        // Every column fits the width: no cell is cut at the right edge.
        const int columns = table->horizontalHeader()->length() + names->width();
        QVERIFY2(columns <= table->width(), qPrintable(QStringLiteral("%1 > %2").arg(columns).arg(table->width())));
        // All grants of the sample are visible too.
        m_view->showPage(GrantsView::Page::AllGrants);
        QTableView* all = m_view->allGrantsTable();
        QTRY_VERIFY(all->isVisible());
        int allRows = 0;
        for (int row = 0; row < all->model()->rowCount(); ++row) {
            allRows += all->rowHeight(row);
        }
        QCOMPARE(all->model()->rowCount(), 6);
        QVERIFY2(all->viewport()->height() >= allRows,
                 qPrintable(QStringLiteral("%1 < %2").arg(all->viewport()->height()).arg(allRows)));
        // KPS_SCREENSHOT_DIR=DIR (run under Xvfb with QT_QPA_PLATFORM=xcb) keeps the window as drawn, to look at.
        if (const QString dir = qEnvironmentVariable("KPS_SCREENSHOT_DIR"); !dir.isEmpty()) {
            QVERIFY(m_window->grab().save(dir + QStringLiteral("/grants-all-grants.png")));
            m_view->showPage(GrantsView::Page::Matrix);
            QTest::qWait(50);
            QVERIFY(m_window->grab().save(dir + QStringLiteral("/grants-matrix.png")));
        }
    }

private:
    void setContext(const char* region, const char* account, const char* environment)
    {
        MwaaEnvironmentPanel* panel = m_controller->panel();
        panel->environmentField()->setText(QLatin1String(environment));
        panel->regionField()->lineEdit()->setText(QLatin1String(region));
        panel->accountField()->setText(QLatin1String(account));
        m_controller->applyContext();
    }

    std::unique_ptr<MainWindow> m_window;
    FakeDialogs* m_dialogs = nullptr;
    MwaaController* m_controller = nullptr;
    GrantsView* m_view = nullptr;
};

QTEST_MAIN(TestGrantsDock)
#include "tst_grantsdock.moc"
