// SPDX-License-Identifier: GPL-3.0-or-later
// No data loss: a save that cannot complete (parent is a file, /proc, a full disk simulated with RLIMIT_FSIZE)
// reports the error and leaves the original file as it was; `keypolicy fix -o` replaces its output atomically,
// even when it runs out of space or is killed with SIGKILL at any moment.
#include "../ui/GuiFixture.h"
#include "model/AutosaveStore.h"
#include "model/ContextSidecar.h"
#include "model/PolicyDocument.h"
#include "ui/MainWindow.h"
#include "ui/MessageBox.h"
#include "ui/features/Features.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QMessageBox>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <sys/resource.h>

using namespace kps;
using namespace kps::ui;
using namespace kps::test;

namespace {

const QString Keypolicy = QStringLiteral(KPS_BINARY_DIR "/app/keypolicy");

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<missing>");
}

bool writeAll(const QString& path, const QByteArray& data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

/** A valid policy of about `bytes` bytes with fixable findings (missing Version, a lower-case effect). */
QByteArray fixablePolicy(int bytes)
{
    QByteArray text = R"({"Statement": [)";
    for (int i = 0; text.size() < bytes; ++i) {
        text += (i ? "," : "") + QByteArray(R"({"Sid": "S)") + QByteArray::number(i)
            + R"(", "Effect": "allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"})";
    }
    return text + "]}";
}

/** Files in a directory other than `keep`. */
QStringList strayFiles(const QString& dir, const QStringList& keep)
{
    QStringList out;
    for (const QString& name : QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot)) {
        if (!keep.contains(name)) {
            out << name;
        }
    }
    return out;
}

/** Lowers RLIMIT_FSIZE for this process while alive (SIGXFSZ ignored so write() fails with EFBIG instead). */
class FileSizeLimit
{
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        getrlimit(RLIMIT_FSIZE, &m_old);
        m_oldHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limit = m_old;
        limit.rlim_cur = bytes;
        m_ok = setrlimit(RLIMIT_FSIZE, &limit) == 0;
    }
    ~FileSizeLimit()
    {
        setrlimit(RLIMIT_FSIZE, &m_old);
        std::signal(SIGXFSZ, m_oldHandler);
    }
    FileSizeLimit(const FileSizeLimit&) = delete;
    FileSizeLimit& operator=(const FileSizeLimit&) = delete;
    bool ok() const { return m_ok; }

private:
    rlimit m_old{};
    void (*m_oldHandler)(int) = nullptr;
    bool m_ok = false;
};

} // namespace

class TestNoDataLoss : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;

    QString path(const char* name) const { return m_dir.filePath(QLatin1String(name)); }

    /** Opens `original` in the editor and changes the text to `edited` (unsaved). */
    void openAndEdit(const QString& original, const QByteArray& edited)
    {
        QVERIFY(m_window->files()->openFile(original));
        QVERIFY(m_window->document()->replaceText(QString::fromUtf8(edited)));
        QVERIFY(m_window->document()->isModified());
    }

    void verifySaveFails(const QString& target, const QString& original, const QByteArray& originalBytes)
    {
        const int boxes = MessageBox::count();
        QVERIFY(!m_window->files()->saveFile(target));
        QCOMPARE(MessageBox::count(), boxes + 1);
        QVERIFY2(MessageBox::lastText().contains(QLatin1String("not saved")), qPrintable(MessageBox::lastText()));
        QVERIFY(m_window->document()->isModified()); // the edit is still there to save elsewhere
        QCOMPARE(readAll(original), originalBytes);
    }

private slots:
    void initTestCase()
    {
        initGuiTests("tst_nodataloss");
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        MessageBox::clearHistory();
        m_window = std::make_unique<MainWindow>();
    }

    void cleanup() { closeWindow(m_window); }

    void saveWhereTheParentIsAFile()
    {
        const QByteArray original = fixablePolicy(200);
        QVERIFY(writeAll(path("parent.json"), original));
        openAndEdit(path("parent.json"), fixablePolicy(400));
        verifySaveFails(path("parent.json") + QLatin1String("/child.json"), path("parent.json"), original);
    }

    void saveIntoProc()
    {
        const QByteArray original = fixablePolicy(200);
        QVERIFY(writeAll(path("proc.json"), original));
        openAndEdit(path("proc.json"), fixablePolicy(400));
        verifySaveFails(QStringLiteral("/proc/keypolicy-test.json"), path("proc.json"), original);
    }

    /** A full disk, simulated with RLIMIT_FSIZE (no mount privileges needed): QSaveFile's write fails. */
    void saveOnAFullDiskKeepsTheOriginal()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString target = dir.filePath(QStringLiteral("policy.json"));
        const QByteArray original = fixablePolicy(600);
        QVERIFY(writeAll(target, original));
        openAndEdit(target, fixablePolicy(8000));
        {
            FileSizeLimit limit(4096);
            QVERIFY(limit.ok());
            verifySaveFails(target, target, original);
        }
        QCOMPARE(strayFiles(dir.path(), {QStringLiteral("policy.json")}), QStringList());
        // Space again: the same save now works and writes exactly the document.
        QVERIFY(m_window->files()->saveFile(target));
        QCOMPARE(readAll(target), QByteArray(m_window->document()->text().c_str()));
    }

    /** The autosave on a full disk: save() fails and the previous autosave stays as it was, complete. */
    void autosaveOnAFullDiskKeepsThePrevious()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        model::AutosaveStore store(dir.path());
        QVERIFY(store.save(fixablePolicy(300).toStdString(), QStringLiteral("/x/policy.json")));
        const QByteArray previous = readAll(store.filePath());
        QVERIFY(previous.contains("S0"));
        {
            FileSizeLimit limit(4096);
            QVERIFY(limit.ok());
            QVERIFY(!store.save(fixablePolicy(8000).toStdString(), QStringLiteral("/x/policy.json")));
        }
        QCOMPARE(readAll(store.filePath()), previous);
        store.discard();
    }

    /** The context sidecar on a full disk: write() fails and the previous sidecar stays as it was. */
    void sidecarOnAFullDiskKeepsThePrevious()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString policy = dir.filePath(QStringLiteral("policy.json"));
        MwaaContext context;
        context.region = "eu-west-1";
        context.account = "111122223333";
        QVERIFY(model::sidecar::write(policy, context));
        const QByteArray previous = readAll(model::sidecar::pathFor(policy));
        QVERIFY(previous.contains("eu-west-1"));
        context.environment = std::string(2000, 'e');
        context.key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        {
            FileSizeLimit limit(512);
            QVERIFY(limit.ok());
            QString error;
            QVERIFY(!model::sidecar::write(policy, context, &error));
            QVERIFY(!error.isEmpty());
        }
        QCOMPARE(readAll(model::sidecar::pathFor(policy)), previous);
        QCOMPARE(strayFiles(dir.path(), {QStringLiteral("policy.json.kpsctx.json")}), QStringList());
    }

    /** `keypolicy fix -o` on a full disk: exit 2 with a message, the previous output intact, no temp file left. */
    void fixOutputOnAFullDisk()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString input = dir.filePath(QStringLiteral("in.json"));
        const QString output = dir.filePath(QStringLiteral("out.json"));
        QVERIFY(writeAll(input, fixablePolicy(20000)));
        QVERIFY(writeAll(output, "previous contents\n"));
        QProcess process;
        // bash: ignore SIGXFSZ (inherited across exec), limit files to 8 KB, then run the real binary.
        process.start(QStringLiteral("/bin/bash"),
                      {QStringLiteral("-c"),
                       QStringLiteral("trap '' XFSZ; ulimit -f 8; exec \"$0\" fix \"$1\" -o \"$2\""),
                       Keypolicy,
                       input,
                       output});
        QVERIFY(process.waitForFinished(240000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 2);
        QVERIFY(!process.readAllStandardError().trimmed().isEmpty());
        QCOMPARE(readAll(output), QByteArray("previous contents\n"));
        QCOMPARE(strayFiles(dir.path(), {QStringLiteral("in.json"), QStringLiteral("out.json")}), QStringList());
    }

    /**
     * `keypolicy fix -o` killed with SIGKILL at many points: the output is always either the previous file or the
     * complete corrected policy, never a mix or a truncation (a temp file may be left beside it, never the target).
     */
    void fixOutputKilledAtAnyMoment()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString input = dir.filePath(QStringLiteral("in.json"));
        const QString output = dir.filePath(QStringLiteral("out.json"));
        QVERIFY(writeAll(input, fixablePolicy(24000))); // ~200 statements, each with a fix
        QProcess reference;
        QElapsedTimer clock;
        clock.start();
        reference.start(Keypolicy, {QStringLiteral("fix"), input});
        QVERIFY(reference.waitForFinished(240000));
        // How long one uninterrupted run takes here: the kills below are spread over that time (and a bit beyond).
        const auto duration = static_cast<int>(clock.elapsed());
        const QByteArray complete = reference.readAllStandardOutput();
        // The corrected policy: as large as the input (fixes keep its one-line layout), every Effect fixed.
        QVERIFY(complete.size() >= 24000);
        QVERIFY(complete.contains(R"("Effect": "Allow")"));
        QVERIFY(!complete.contains(R"("Effect": "allow")"));
        const QByteArray previous = "previous contents\n";
        int killed = 0;
        for (int i = 0; i < 12; ++i) {
            QVERIFY(writeAll(output, previous));
            QProcess process;
            process.start(Keypolicy, {QStringLiteral("fix"), input, QStringLiteral("-o"), output});
            QVERIFY(process.waitForStarted());
            // Varying the moment of the kill is the point; nothing asserts how long anything takes.
            QTest::qWait(duration * i / 10);
            // The later runs may finish before the kill: waitForFinished() is false for a process already
            // finished, so only a running one is killed and waited for.
            if (process.state() != QProcess::NotRunning) {
                process.kill();
                QVERIFY(process.waitForFinished(240000));
            }
            killed += process.exitStatus() == QProcess::CrashExit ? 1 : 0;
            const QByteArray now = readAll(output);
            QVERIFY2(now == previous || now == complete,
                     qPrintable(QStringLiteral("run %1: %2 bytes").arg(i).arg(now.size())));
        }
        QVERIFY(killed > 0); // at least some runs were really interrupted
    }
};

QTEST_MAIN(TestNoDataLoss)
#include "tst_nodataloss.moc"
