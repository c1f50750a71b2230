// SPDX-License-Identifier: GPL-3.0-or-later
// The real `keypolicy` binary over the hostile corpus: every run ends by itself with exit status 0, 1 or 2 and says
// something; none ends on a signal (a crash, an abort of a sanitizer, a stack overflow).
#include "HostileCorpus.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace kps::test;

namespace {

const QString Keypolicy = QStringLiteral(KPS_BINARY_DIR "/app/keypolicy");
/// Only a guard against a hang (the test would otherwise sit until ctest's timeout): not a performance assertion.
constexpr int HangGuardMs = 240000;

struct Run
{
    QProcess::ExitStatus exitStatus = QProcess::CrashExit;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    bool finished = false;
};

Run runKeypolicy(const QStringList& args)
{
    QProcess process;
    process.start(Keypolicy, args);
    Run run;
    if (!process.waitForStarted()) {
        return run;
    }
    process.closeWriteChannel();
    run.finished = process.waitForFinished(HangGuardMs);
    if (!run.finished) {
        process.kill();
        process.waitForFinished();
    }
    run.exitStatus = process.exitStatus();
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

void verifyRun(const Run& run, const QStringList& args)
{
    const QByteArray what = args.join(QLatin1Char(' ')).toUtf8().right(300) + "\n--- stderr:\n" + run.err.left(3000);
    QVERIFY2(run.finished, what.constData());
    QVERIFY2(run.exitStatus == QProcess::NormalExit, what.constData());
    QVERIFY2(run.exitCode >= 0 && run.exitCode <= 2, what.constData());
    // No sanitizer report may slip through with a "normal" exit.
    QVERIFY2(!run.err.contains("ERROR: AddressSanitizer") && !run.err.contains("runtime error:"), what.constData());
    if (run.exitCode == 2) {
        QVERIFY2(!run.err.trimmed().isEmpty(), what.constData()); // a clear message, on stderr
    } else if (args.first() == QLatin1String("check")) {
        QVERIFY2(!run.out.isEmpty(), what.constData()); // the report
    } else {
        // fix: the corrected policy on stdout, or (invalid JSON: nothing to correct) the findings on stderr
        QVERIFY2(!run.out.isEmpty() || !run.err.isEmpty(), what.constData());
    }
}

} // namespace

class TestHostileCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QStringList m_files;

    static QString goodPolicy() { return QStringLiteral(KPS_TEST_DATA_DIR "/hostile/crlf.json"); }

private slots:
    void initTestCase()
    {
        QVERIFY(QFile::exists(Keypolicy));
        QVERIFY(m_dir.isValid());
        m_files = committedHostileFiles() + writeGeneratedHostileFiles(m_dir.path());
        QVERIFY(m_files.size() > 200);
    }

    void eachFileExitsCleanly_data()
    {
        QTest::addColumn<QString>("path");
        for (const QString& path : m_files) {
            // The every-type files are many and small: they are run all at once below.
            if (!QFileInfo(path).fileName().startsWith(QLatin1String("type-"))) {
                QTest::addRow("%s", qPrintable(QFileInfo(path).fileName())) << path;
            }
        }
    }

    void eachFileExitsCleanly()
    {
        QFETCH(QString, path);
        const QList<QStringList> commands = {
            {QStringLiteral("check"), path},
            {QStringLiteral("check"),
             QStringLiteral("--format"),
             QStringLiteral("sarif"),
             QStringLiteral("--region"),
             QStringLiteral("eu-west-1"),
             QStringLiteral("--account"),
             QStringLiteral("111122223333"),
             path},
            {QStringLiteral("fix"), path},
        };
        // Inputs of hundreds of thousands of findings (~10 MB of statements, 100,000 empty statements) take minutes
        // per run in the sanitizer build, most of it writing a 90 MB SARIF log: one run of the plain check proves
        // the point for them (the quota is 32 KB; the editor test opens them too). The 1 MB string and action files
        // get every command.
        const bool huge
            = QFileInfo(path).size() > 2'000'000 || QFileInfo(path).fileName().startsWith(QLatin1String("many-"));
        const qsizetype runs = huge ? 1 : commands.size();
        for (const QStringList& args : commands.first(runs)) {
            const Run run = runKeypolicy(args);
            verifyRun(run, args);
            if (QTest::currentTestFailed()) {
                return;
            }
        }
    }

    void everyTypeInEveryElement_data()
    {
        QTest::addColumn<QString>("format");
        QTest::newRow("text") << QStringLiteral("text");
        QTest::newRow("json") << QStringLiteral("json");
        QTest::newRow("sarif") << QStringLiteral("sarif");
    }

    void everyTypeInEveryElement()
    {
        QFETCH(QString, format);
        QStringList args = {QStringLiteral("check"), QStringLiteral("--format"), format};
        int files = 0;
        for (const QString& path : m_files) {
            if (QFileInfo(path).fileName().startsWith(QLatin1String("type-"))) {
                args << path;
                ++files;
            }
        }
        QVERIFY(files > 150);
        const Run run = runKeypolicy(args);
        verifyRun(run, args);
        QCOMPARE(run.exitCode, 1); // every one of them has findings (Principal "*" at least is a finding, or bad types)
    }

    void hostileGrantsFiles_data()
    {
        QTest::addColumn<QString>("path");
        for (const QString& path : m_files) {
            const QString name = QFileInfo(path).fileName();
            if (!name.startsWith(QLatin1String("type-")) && !name.startsWith(QLatin1String("ten-"))) {
                QTest::addRow("%s", qPrintable(name)) << path;
            }
        }
    }

    /** Any hostile file given as --grants: read, rejected with a message, or checked; never a crash. */
    void hostileGrantsFiles()
    {
        QFETCH(QString, path);
        const QStringList args = {QStringLiteral("check"),
                                  QStringLiteral("--region"),
                                  QStringLiteral("eu-west-1"),
                                  QStringLiteral("--account"),
                                  QStringLiteral("111122223333"),
                                  QStringLiteral("--env"),
                                  QStringLiteral("MyEnv"),
                                  QStringLiteral("--grants"),
                                  path,
                                  goodPolicy()};
        verifyRun(runKeypolicy(args), args);
    }
};

QTEST_GUILESS_MAIN(TestHostileCli)
#include "tst_hostile_cli.moc"
