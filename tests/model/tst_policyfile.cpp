// SPDX-License-Identifier: GPL-3.0-or-later
// PolicyFile (limits, atomic save) and AutosaveStore (crash recovery).
#include "core/json/SourceDocument.h"
#include "model/AutosaveStore.h"
#include "model/PolicyFile.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace kps::model;

class TestPolicyFile : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void readsAFileByteExact()
    {
        const QString path = QStringLiteral(KPS_TEST_DATA_DIR "/editor/two-statements.json");
        const auto result = PolicyFile::read(path);
        QVERIFY(result.ok);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QCOMPARE(QByteArray::fromStdString(result.text), bytes);
    }

    void refusesWhatIsNoPolicyFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto refused = [](const QString& path, const char* word) {
            const auto result = PolicyFile::read(path);
            QVERIFY(!result.ok);
            QVERIFY(result.text.empty());
            QVERIFY2(result.error.contains(QLatin1String(word)), qPrintable(result.error));
            QVERIFY2(result.error.contains(QDir::toNativeSeparators(path)), qPrintable(result.error));
        };
        refused(dir.filePath(QStringLiteral("missing.json")), "does not exist");
        refused(dir.path(), "folder");

        QFile big(dir.filePath(QStringLiteral("big.json")));
        QVERIFY(big.open(QIODevice::WriteOnly));
        QVERIFY(big.resize(qint64(kps::SourceDocument::MaxInputBytes) + 1));
        big.close();
        refused(big.fileName(), "MB");

        QFile binary(dir.filePath(QStringLiteral("binary.json")));
        QVERIFY(binary.open(QIODevice::WriteOnly));
        binary.write(QByteArray("{\"a\":\0}", 7));
        binary.close();
        refused(binary.fileName(), "not a text file");

        QFile latin1(dir.filePath(QStringLiteral("latin1.json")));
        QVERIFY(latin1.open(QIODevice::WriteOnly));
        latin1.write("{\"Sid\": \"caf\xE9\"}");
        latin1.close();
        refused(latin1.fileName(), "UTF-8");
    }

    void writesAtomically()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("policy.json"));
        QString error;
        const std::string text = "{\r\n  \"Version\": \"2012-10-17\"\r\n}\r\n";
        QVERIFY(PolicyFile::write(path, text, &error));
        const auto back = PolicyFile::read(path);
        QVERIFY(back.ok);
        QCOMPARE(back.text, text);

        const QString impossible = dir.filePath(QStringLiteral("no/such/folder/policy.json"));
        QVERIFY(!PolicyFile::write(impossible, text, &error));
        QVERIFY(error.contains(QDir::toNativeSeparators(impossible)));
        QVERIFY(!QFile::exists(impossible));
    }

    void autosaveOfACrashedRunIsOffered()
    {
        QTemporaryDir dir;
        QString saved;
        {
            AutosaveStore crashed(dir.path());
            QVERIFY(crashed.save("{ \"work\": 1 }", QStringLiteral("/tmp/policy.json")));
            saved = crashed.filePath();
            QVERIFY(QFile::exists(saved));
            // While its editor runs, another editor does not offer it.
            AutosaveStore other(dir.path());
            QVERIFY(other.orphans().empty());
            // No discard(): this is the crash.
        }
        QVERIFY(QFile::exists(saved));
        AutosaveStore next(dir.path());
        const auto orphans = next.orphans();
        QCOMPARE(orphans.size(), std::size_t(1));
        QCOMPARE(orphans.front().text, std::string("{ \"work\": 1 }"));
        QCOMPARE(orphans.front().documentPath, QStringLiteral("/tmp/policy.json"));
        QVERIFY(orphans.front().saved.isValid());
        AutosaveStore::remove(orphans.front());
        QVERIFY(!QFile::exists(saved));
        QVERIFY(next.orphans().empty());
    }

    void cleanExitLeavesNothing()
    {
        QTemporaryDir dir;
        {
            AutosaveStore store(dir.path());
            QVERIFY(store.save("{}", {}));
            store.discard();
            QVERIFY(!QFile::exists(store.filePath()));
        }
        AutosaveStore next(dir.path());
        QVERIFY(next.orphans().empty());
        QVERIFY(QDir(dir.path()).entryList(QDir::Files).isEmpty());
    }

    void defaultDirectoryIsAppData()
    {
        AutosaveStore store;
        QVERIFY(store.directory().startsWith(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)));
    }
};

QTEST_GUILESS_MAIN(TestPolicyFile)
#include "tst_policyfile.moc"
