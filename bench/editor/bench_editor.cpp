// SPDX-License-Identifier: GPL-3.0-or-later
// Editor benchmarks, run by scripts/bench.sh (never by ctest):
//   kps_bench_editor                      QBENCHMARK: one keystroke in the JSON view of a ~32 KB policy until the
//                                         findings list and the underlines are updated (the debounce set to 0, so
//                                         the pause is excluded).
//   kps_bench_editor --startup [FILE]     from process start (the kernel's start time of this process, so the
//                                         dynamic loading and QApplication set-up are included) to the first paint
//                                         of the main window with FILE open and checked; prints "startup_ms N",
//                                         "open_ms N" (from openFile() to the same point: reading, parsing, the
//                                         views, the first paint and the check) and "peak_rss_kb N" (VmHWM, the
//                                         process's peak resident memory). Without FILE: the empty window.
//   kps_bench_editor --use FILE           FILE open as above, then what a user does with a large policy, each
//                                         timed until painted (a keystroke: until re-checked and what the result
//                                         posted, its repaint included, is done): select the
//                                         statement before the last in the Statements table ("select_ms"), type
//                                         a character into its Sid and delete it ("keystroke_ms", the slower of
//                                         the two; "keystroke_blocked_ms": how long the keystroke itself held the
//                                         GUI thread, before the check on its worker), page through the JSON view
//                                         ("scroll_ms", per page); then "peak_rss_kb" after all of it.
#include "bench/PolicyGenerator.h"

#include "model/LiveChecker.h"
#include "model/PolicyDocument.h"
#include "ui/JsonEditor.h"
#include "ui/MainWindow.h"
#include "ui/MessageBox.h"
#include "ui/StudioApplication.h"
#include "ui/features/FilesController.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QFile>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextCursor>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <unistd.h>

using namespace kps;
using namespace kps::ui;

namespace {

void settle(MainWindow& window)
{
    while (!window.checker()->isUpToDate() || window.checker()->isPending()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 5);
    }
}

/** Milliseconds since this process started (/proc/self/stat field 22, in clock ticks since boot). */
double msSinceProcessStart()
{
    std::ifstream stat("/proc/self/stat");
    std::string content((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    std::istringstream fields(content.substr(content.rfind(')') + 2));
    std::string field;
    for (int i = 3; i <= 22; ++i) {
        fields >> field;
    }
    const double startSeconds = std::stod(field) / static_cast<double>(sysconf(_SC_CLK_TCK));
    timespec now{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    return (static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9 - startSeconds) * 1000.0;
}

/** Sees the first paint of any widget of the window. */
class PaintSpy : public QObject
{
public:
    bool painted = false;
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint) {
            painted = true;
        }
        return QObject::eventFilter(watched, event);
    }
};

/** The peak resident memory of this process so far (VmHWM of /proc/self/status), in KB. */
long peakRssKb()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) {
            return std::stol(line.substr(6));
        }
    }
    return -1;
}

/** Processes events until the JSON view paints (at most a minute: an action that paints nothing ends too). */
void waitForPaint(PaintSpy& spy)
{
    spy.painted = false;
    QElapsedTimer waited;
    waited.start();
    while (!spy.painted && waited.elapsed() < 60000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 5);
    }
}

/** Opens `file` (if any) in `window` and shows it, until painted and checked; prints the start-up lines. */
bool openAndShow(MainWindow& window, PaintSpy& spy, const QString& file)
{
    window.jsonEditor()->viewport()->installEventFilter(&spy);
    QElapsedTimer open;
    open.start();
    if (!file.isEmpty() && !window.files()->openFile(file)) {
        std::fprintf(stderr, "cannot open %s\n", qPrintable(file));
        return false;
    }
    window.show();
    waitForPaint(spy);
    settle(window);
    std::printf("startup_ms %.1f\nopen_ms %lld\n", msSinceProcessStart(), open.elapsed());
    std::printf("peak_rss_kb %ld\n", peakRssKb());
    std::fflush(stdout);
    return true;
}

int use(MainWindow& window, PaintSpy& spy, const QString& file);

/** --startup (and, with `thenUse`, --use): the process as runStudio() sets it up, the window with FILE open. */
int startup(int argc, char** argv, const QString& file, bool thenUse)
{
    configureAllocator(); // as runStudio() does
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    MessageBox::setNonInteractive(true);
    MainWindow window;
    PaintSpy spy;
    if (!openAndShow(window, spy, file)) {
        return 2;
    }
    return thenUse ? use(window, spy, file) : 0;
}

/** --use: selects, types and scrolls in the window FILE is open in. */
int use(MainWindow& window, PaintSpy& spy, const QString& file)
{
    window.checker()->setInterval(0); // the debounce pause is not part of the measurement
    const int rows = window.statementsView()->model()->rowCount();
    if (rows < 2) {
        std::fprintf(stderr, "%s has fewer than two statements\n", qPrintable(file));
        return 2;
    }
    // Select the statement before the last, as a click in the table does: the form shows it and the JSON view
    // scrolls to it.
    QElapsedTimer clock;
    clock.start();
    window.selectStatement(rows - 2);
    waitForPaint(spy);
    std::printf("select_ms %lld\n", clock.elapsed());

    JsonEditor* editor = window.jsonEditor();
    editor->setFocus();
    const QString sid = QStringLiteral("\"Sid\": \"");
    QTextCursor cursor = editor->document()->find(sid, editor->cursorForPosition(QPoint(0, 0)).position());
    if (cursor.isNull()) {
        std::fprintf(stderr, "no Sid on screen\n");
        return 2;
    }
    cursor.clearSelection();
    editor->setTextCursor(cursor);
    qint64 keystroke = 0;
    qint64 blocked = 0;
    for (const Qt::Key key : {Qt::Key_X, Qt::Key_Backspace}) {
        clock.restart();
        QTest::keyClick(editor, key);
        blocked = std::max(blocked, clock.elapsed()); // the window does nothing else meanwhile
        settle(window);
        // What the result posted (the repaint of the underlines and lists) is done, not a later paint (the cursor's
        // blink, when the findings look the same as before).
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
        keystroke = std::max(keystroke, clock.elapsed());
    }
    std::printf("keystroke_ms %lld\n", keystroke);
    std::printf("keystroke_blocked_ms %lld\n", blocked);

    QScrollBar* bar = editor->verticalScrollBar();
    constexpr int Pages = 20;
    clock.restart();
    for (int page = 0; page < Pages; ++page) {
        bar->setValue(bar->maximum() / Pages * page);
        waitForPaint(spy);
    }
    std::printf("scroll_ms %.1f\n", static_cast<double>(clock.elapsed()) / Pages);
    std::printf("peak_rss_kb %ld\n", peakRssKb());
    std::fflush(stdout);
    return 0;
}

} // namespace

class BenchEditor : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        MessageBox::setNonInteractive(true);
        QVERIFY(m_dir.isValid());
        const QString path = m_dir.filePath(QStringLiteral("large.json"));
        const std::string text = bench::largePolicy();
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text.data(), static_cast<qint64>(text.size()));
        file.close();
        m_window = std::make_unique<MainWindow>();
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QVERIFY(m_window->files()->openFile(path));
        m_window->checker()->setInterval(0); // the debounce pause is not part of the measurement
        settle(*m_window);
        qInfo("policy: %zu bytes, %zu findings", text.size(), m_window->checker()->result().findings.size());
    }

    void cleanupTestCase()
    {
        MessageBox::setNextAnswer(QMessageBox::Discard);
        m_window->close();
        m_window.reset();
    }

    /** A character typed into a Sid in the middle of the policy, then deleted: findings and underlines each time. */
    void keystrokeToFindings()
    {
        JsonEditor* editor = m_window->jsonEditor();
        editor->setFocus();
        const QString text = editor->toPlainText();
        const int sid = text.indexOf(QLatin1String("\"Sid\": \""), text.size() / 2);
        QVERIFY(sid > 0);
        QTextCursor cursor = editor->textCursor();
        cursor.setPosition(sid + 8);
        editor->setTextCursor(cursor);
        bool type = true;
        QBENCHMARK
        {
            QTest::keyClick(editor, type ? Qt::Key_X : Qt::Key_Backspace);
            type = !type;
            settle(*m_window);
        }
        QVERIFY(m_window->checker()->isUpToDate());
    }
};

int main(int argc, char** argv)
{
    if ((argc == 2 || argc == 3) && std::string(argv[1]) == "--startup") {
        int appArgc = 1;
        return startup(appArgc, argv, argc == 3 ? QString::fromLocal8Bit(argv[2]) : QString(), false);
    }
    if (argc == 3 && std::string(argv[1]) == "--use") {
        int appArgc = 1;
        return startup(appArgc, argv, QString::fromLocal8Bit(argv[2]), true);
    }
    configureAllocator();
    QApplication app(argc, argv);
    BenchEditor bench;
    return QTest::qExec(&bench, argc, argv);
}

#include "bench_editor.moc"
