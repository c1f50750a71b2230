// SPDX-License-Identifier: GPL-3.0-or-later
// The real MainWindow (offscreen) opens every file of the hostile corpus: the file is either refused with a message
// naming it, or shown with a message when it is not valid JSON; the live check settles; the window stays usable.
#include "../ui/GuiFixture.h"
#include "HostileCorpus.h"

#include "model/LiveChecker.h"
#include "model/PolicyDocument.h"
#include "ui/FileDialogProvider.h"
#include "ui/MainWindow.h"
#include "ui/MessageBox.h"
#include "ui/features/Features.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <algorithm>
#include <memory>

using namespace kps;
using namespace kps::ui;
using namespace kps::test;

namespace {
/// Only a guard against a hang: the live check of a 10 MB document under ASan takes a while, which is fine.
constexpr int HangGuardMs = 240000;
/// From this size on, the undo back to the hostile text is not checked again (minutes under ASan for nothing new).
constexpr qint64 LargeInput = 256 * 1024;
} // namespace

class TestHostileEditor : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QStringList m_files;
    std::unique_ptr<MainWindow> m_window;
    int m_shard = 1; ///< KPS_TEST_SHARD k/n: this run opens every n-th file from the k-th
    int m_shards = 1;

    void settle()
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_window->checker()->isUpToDate() && !m_window->checker()->isPending(), HangGuardMs);
    }

private slots:
    void initTestCase()
    {
        // KPS_TEST_SHARD=k/n runs every n-th file (largest first, so the multi-megabyte inputs spread over the shards):
        // ctest runs the shards in parallel, as under ASan the large inputs take minutes.
        const QStringList shard = qEnvironmentVariable("KPS_TEST_SHARD").split(QLatin1Char('/'));
        if (shard.size() == 2) {
            m_shard = shard[0].toInt();
            m_shards = shard[1].toInt();
        }
        QVERIFY2(m_shards >= 1 && m_shard >= 1 && m_shard <= m_shards, "KPS_TEST_SHARD must be k/n with 1 <= k <= n");
        // Each shard has its own settings and autosave folder: they run at the same time.
        initGuiTests(m_shards == 1
                         ? "tst_hostile_editor"
                         : qPrintable(QStringLiteral("tst_hostile_editor_%1of%2").arg(m_shard).arg(m_shards)));
        QVERIFY(m_dir.isValid());
        m_files = committedHostileFiles() + writeGeneratedHostileFiles(m_dir.path());
        m_window = std::make_unique<MainWindow>();
        // showWindow sets no debounce pause: this test is about hostile input, not typing (256 files x 2 edits x
        // 200 ms added minutes).
        QVERIFY(showWindow(*m_window));
    }

    void cleanupTestCase() { closeWindow(m_window); }

    void opensEachFile_data()
    {
        QStringList files = m_files;
        std::stable_sort(files.begin(), files.end(), [](const QString& a, const QString& b) {
            return QFileInfo(a).size() > QFileInfo(b).size();
        });
        QTest::addColumn<QString>("path");
        for (qsizetype i = m_shard - 1; i < files.size(); i += m_shards) {
            QTest::addRow("%s", qPrintable(QFileInfo(files[i]).fileName())) << files[i];
        }
    }

    void opensEachFile()
    {
        QFETCH(QString, path);
        MessageBox::clearHistory();
        const QString name = QFileInfo(path).fileName();
        const bool opened = m_window->files()->openFile(path);
        if (!opened) {
            // Refused (not UTF-8 text, too large ...): a box names the file; the previous document stays.
            QCOMPARE(MessageBox::count(), 1);
            QVERIFY2(MessageBox::lastText().contains(name), qPrintable(MessageBox::lastText()));
        } else {
            settle();
            // get-key-policy output is unwrapped into an untitled document (saving must not overwrite the wrapper).
            QCOMPARE(m_window->document()->filePath(), m_window->document()->wasUnwrapped() ? QString() : path);
            if (!m_window->document()->isValid()) {
                QVERIFY2(MessageBox::count() >= 1, qPrintable(name));
                QVERIFY2(MessageBox::lastText().contains(name), qPrintable(MessageBox::lastText()));
            }
        }
        const std::string hostileText = m_window->document()->text();
        // Still usable: an edit goes through the undo stack and is checked again.
        QVERIFY(m_window->document()->replaceText(QStringLiteral("{\"Version\": \"2012-10-17\", \"Statement\": []}")));
        settle();
        QVERIFY(m_window->document()->isValid());
        m_window->document()->undoStack()->undo();
        QVERIFY(m_window->document()->text() == hostileText);
        if (QFileInfo(path).size() < LargeInput) {
            settle(); // a large input's text was checked above already; checking it again takes minutes under ASan
        }
        // Nothing asks to save over the next open.
        m_window->document()->undoStack()->setClean();
    }
};

QTEST_MAIN(TestHostileEditor)
#include "tst_hostile_editor.moc"
