// SPDX-License-Identifier: GPL-3.0-or-later
// The window at 1280x720 (the smallest it is made for): the statements, the form and the docks share the height so
// that each is usable, inputs are wide enough for an ARN, and the form does not jump when a problem is shown.
#include "GuiFixture.h"
#include "model/PolicyDocument.h"
#include "ui/MainWindow.h"
#include "ui/StatementEditor.h"
#include "ui/features/Features.h"

#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QTableView>
#include <QTest>

using namespace kps;
using namespace kps::ui;
using namespace kps::test;

class TestLayout : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MainWindow> m_window;

private slots:
    void initTestCase() { initGuiTests("tst_layout"); }

    void init()
    {
        m_window = std::make_unique<MainWindow>();
        m_window->resize(1280, 720);
        QVERIFY(showWindow(*m_window));
        QVERIFY(
            m_window->files()->openFile(QStringLiteral(KPS_SOURCE_DIR "/resources/samples/mwaa-sample-policy.json")));
        QTest::qWait(50); // the deferred dock sizing
        m_window->resizeDocks({m_window->findChild<QDockWidget*>(QStringLiteral("findingsDock"))}, {144}, Qt::Vertical);
        QTest::qWait(50);
    }

    void cleanup() { closeWindow(m_window); }

    void everyPartGetsItsShare()
    {
        const int height = m_window->height();
        QDockWidget* findings = m_window->findChild<QDockWidget*>(QStringLiteral("findingsDock"));
        // The docks (their tallest tab, the MWAA environment form, sets the height) leave most of it to the editor.
        QVERIFY2(findings->height() <= height * 3 / 10, qPrintable(QString::number(findings->height())));
        // All three statements of the sample are visible without scrolling the table.
        QTableView* statements = m_window->statementsView();
        const int rows = statements->model()->rowCount();
        QCOMPARE(rows, 3);
        QVERIFY(statements->viewport()->height() >= rows * statements->verticalHeader()->defaultSectionSize());
    }

    void principalInputHoldsAnArn()
    {
        auto* value = m_window->statementEditor()->findChild<QLineEdit*>(QStringLiteral("principalValue"));
        const QString arn = QStringLiteral("arn:aws:iam::111122223333:role/KeyAdmins");
        QVERIFY2(value->width() >= value->fontMetrics().horizontalAdvance(arn),
                 qPrintable(QString::number(value->width())));
        auto* resource = m_window->statementEditor()->findChild<QLineEdit*>(QStringLiteral("resourceEntry"));
        QVERIFY2(resource->width() >= resource->fontMetrics().horizontalAdvance(QStringLiteral("arn:aws:kms:*")),
                 qPrintable(QString::number(resource->width())));
    }

    void formDoesNotJumpWhenAProblemShows()
    {
        StatementEditor* editor = m_window->statementEditor();
        const int before = editor->height();
        auto* value = editor->findChild<QLineEdit*>(QStringLiteral("principalValue"));
        QTest::keyClicks(value, QStringLiteral("arn:aws:s3:::bucket"));
        QTRY_VERIFY(editor->findChild<QLabel*>(QStringLiteral("principalProblem"))->isVisible());
        QCOMPARE(editor->height(), before);
        value->clear();
        QCOMPARE(editor->height(), before);
    }

    void theFormScrollsAsAWhole()
    {
        auto* scroll = m_window->findChild<QScrollArea*>(QStringLiteral("statementEditorScroll"));
        QVERIFY(scroll->widgetResizable());
        // The form is never squeezed below what it needs: whatever does not fit is reached by scrolling.
        QVERIFY(m_window->statementEditor()->height() >= m_window->statementEditor()->minimumSizeHint().height());
    }
};

QTEST_MAIN(TestLayout)
#include "tst_layout.moc"
