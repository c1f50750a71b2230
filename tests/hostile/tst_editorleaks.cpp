// SPDX-License-Identifier: GPL-3.0-or-later
// Leak check of the editor under ASan/LSan (the test build, detect_leaks=1): several windows open, edit, fix, undo
// and close documents; LeakSanitizer reports anything left at exit and fails the test. Suppressions (Qt's and
// fontconfig's process-lifetime caches only) are in tests/hostile/lsan.supp.
#include "../ui/GuiFixture.h"
#include "model/LiveChecker.h"
#include "model/PolicyDocument.h"
#include "ui/MainWindow.h"
#include "ui/MessageBox.h"
#include "ui/features/Features.h"

#include <QCoreApplication>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QUndoStack>

#include <memory>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KPS_HAS_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define KPS_HAS_ASAN 1
#endif
#ifdef KPS_HAS_ASAN
#include <sanitizer/lsan_interface.h>
#endif

using namespace kps;
using namespace kps::ui;
using namespace kps::test;

class TestEditorLeaks : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { initGuiTests("tst_editorleaks"); }

    void openEditCloseRepeatedly()
    {
        const QStringList files = {QStringLiteral(KPS_TEST_DATA_DIR "/editor/two-statements.json"),
                                   QStringLiteral(KPS_TEST_DATA_DIR "/editor/get-key-policy-output.json"),
                                   QStringLiteral(KPS_TEST_DATA_DIR "/editor/not-json.yaml"),
                                   QStringLiteral(KPS_TEST_DATA_DIR "/hostile/invalid-utf8.json")};
        for (int round = 0; round < 3; ++round) {
            auto window = std::make_unique<MainWindow>();
            window->show();
            QVERIFY(QTest::qWaitForWindowExposed(window.get()));
            for (const QString& file : files) {
                window->files()->openFile(file);
                QTRY_VERIFY(window->checker()->isUpToDate() && !window->checker()->isPending());
                if (window->document()->isValid()) {
                    QVERIFY(window->document()->addStatement());
                    for (const Finding& f : window->checker()->result().findings) {
                        if (f.hasFix()) {
                            window->document()->applyFix(f.fix, QString::fromStdString(f.code));
                            break;
                        }
                    }
                    QTRY_VERIFY(window->checker()->isUpToDate() && !window->checker()->isPending());
                    window->document()->undoStack()->undo();
                }
                QVERIFY(window->document()->replaceText(QStringLiteral("{\"Statement\": [{\"Effect\": \"allow\"}]}")));
                QTRY_VERIFY(window->checker()->isUpToDate() && !window->checker()->isPending());
                window->document()->undoStack()->setClean();
            }
            window->files()->newDocument();
            closeWindow(window);
            QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        }
#ifdef KPS_HAS_ASAN
        // Fails here, naming the test, rather than only at exit.
        QCOMPARE(__lsan_do_recoverable_leak_check(), 0);
#endif
    }
};

QTEST_MAIN(TestEditorLeaks)
#include "tst_editorleaks.moc"
