// SPDX-License-Identifier: GPL-3.0-or-later
// `Export change-ticket report…` through the real action: Markdown and HTML byte-for-byte equal to what the
// `keypolicy report` binary writes for the same file and context; the PDF opens in pdftotext and holds the hash and
// the put-key-policy command.
#include "GuiFixture.h"
#include "core/render/ChangeTicket.h"
#include "model/LiveChecker.h"
#include "model/PolicyDocument.h"
#include "ui/FileDialogProvider.h"
#include "ui/MainWindow.h"
#include "ui/MessageBox.h"
#include "ui/MwaaEnvironmentPanel.h"
#include "ui/ReportExport.h"
#include "ui/features/Features.h"

#include <QAction>
#include <QComboBox>
#include <QCryptographicHash>
#include <QFile>
#include <QLineEdit>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>

using namespace kps;
using namespace kps::ui;
using namespace kps::test;

namespace {

const QString Keypolicy = QStringLiteral(KPS_BINARY_DIR "/app/keypolicy");
const QString SeveralDefects = QStringLiteral(KPS_TEST_DATA_DIR "/mwaagui/several-defects.json");
const QString Grants = QStringLiteral(KPS_TEST_DATA_DIR "/grants/missing-one.json");
const QString KeyArn = QStringLiteral("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");

class FakeDialogs : public FileDialogProvider
{
public:
    QString openName;
    QString saveName;
    QString saveFilter; ///< the filter the export offered
    QString saveSuggestion;
    QString openFileName(QWidget*, const QString&, const QString&, const QString&) override { return openName; }
    QString saveFileName(QWidget*, const QString&, const QString& suggestion, const QString& filter) override
    {
        saveSuggestion = suggestion;
        saveFilter = filter;
        return saveName;
    }
};

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

struct Run
{
    int status = -1;
    QByteArray out;
    QByteArray err;
};

Run run(const QString& program, const QStringList& arguments)
{
    QProcess process;
    process.start(program, arguments);
    Run r;
    if (!process.waitForFinished(120000) || process.exitStatus() != QProcess::NormalExit) {
        r.err = "did not finish: " + process.errorString().toUtf8();
        return r;
    }
    r.status = process.exitCode();
    r.out = process.readAllStandardOutput();
    r.err = process.readAllStandardError();
    return r;
}

/**
 * Text as compared with what pdftotext extracts: without whitespace and hyphens (the layout wraps lines, also after a
 * hyphen, and pdftotext joins hyphenated line ends) and with the fi/fl ligatures spelled out.
 */
QString normalized(QString text)
{
    text.replace(QChar(0xFB01), QStringLiteral("fi")).replace(QChar(0xFB02), QStringLiteral("fl"));
    text.remove(QRegularExpression(QStringLiteral("[\\s\\x{2010}\\x{00AD}-]")));
    return text;
}

} // namespace

class TestReport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        initGuiTests("tst_report");
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFile::exists(Keypolicy), "build the keypolicy target first");
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

    void actionIsAvailable()
    {
        QAction* action = m_window->action(u"actionExportReport");
        QVERIFY(action);
        QCOMPARE(action->objectName(), QStringLiteral("actionExportReport"));
        QVERIFY(action->isEnabled());
        QVERIFY(!action->statusTip().isEmpty());
    }

    void formatBySuffix()
    {
        QCOMPARE(reportFormatForPath(QStringLiteral("a.md")), std::optional(ReportFormat::Markdown));
        QCOMPARE(reportFormatForPath(QStringLiteral("a.MARKDOWN")), std::optional(ReportFormat::Markdown));
        QCOMPARE(reportFormatForPath(QStringLiteral("/x/a.html")), std::optional(ReportFormat::Html));
        QCOMPARE(reportFormatForPath(QStringLiteral("a.htm")), std::optional(ReportFormat::Html));
        QCOMPARE(reportFormatForPath(QStringLiteral("a.Pdf")), std::optional(ReportFormat::Pdf));
        QCOMPARE(reportFormatForPath(QStringLiteral("a.txt")), std::optional<ReportFormat>());
    }

    void markdownAndHtmlEqualTheCli_data()
    {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QString>("format");
        QTest::addColumn<bool>("withGrants");
        QTest::newRow("markdown") << "ticket.md"
                                  << "markdown" << false;
        QTest::newRow("html") << "ticket.html"
                              << "html" << false;
        QTest::newRow("markdown, grants") << "ticket-grants.md"
                                          << "markdown" << true;
        QTest::newRow("html, grants") << "ticket-grants.html"
                                      << "html" << true;
    }
    void markdownAndHtmlEqualTheCli()
    {
        QFETCH(QString, fileName);
        QFETCH(QString, format);
        QFETCH(bool, withGrants);
        openWithContext(withGrants);
        const QString out = m_dir.filePath(fileName);
        QFile::remove(out);
        m_dialogs->saveName = out;
        m_window->action(u"actionExportReport")->trigger();
        QCOMPARE(MessageBox::count(), 0);
        QVERIFY(m_dialogs->saveFilter.contains(QStringLiteral("*.md")));
        QVERIFY(m_dialogs->saveFilter.contains(QStringLiteral("*.html")));
        QVERIFY(m_dialogs->saveFilter.contains(QStringLiteral("*.pdf")));
        QVERIFY(m_dialogs->saveSuggestion.endsWith(QStringLiteral("several-defects.change-ticket.md")));
        const QByteArray exported = readAll(out);
        QVERIFY(!exported.isEmpty());

        const QString cliOut = m_dir.filePath(QStringLiteral("cli-") + fileName);
        QStringList arguments = {
            QStringLiteral("report"), SeveralDefects, QStringLiteral("--format"), format, QStringLiteral("-o"), cliOut};
        arguments += contextArguments(withGrants);
        const Run r = run(Keypolicy, arguments);
        QVERIFY2(r.status == 0, r.err.constData());
        QCOMPARE(exported, readAll(cliOut));

        // The hashes in the report are of the file and of what Export corrected policy writes.
        const QByteArray original = readAll(SeveralDefects);
        const QByteArray corrected = QByteArray::fromStdString(m_window->reports()->correctedText());
        QVERIFY(exported.contains(QCryptographicHash::hash(original, QCryptographicHash::Sha256).toHex()));
        QVERIFY(exported.contains(QCryptographicHash::hash(corrected, QCryptographicHash::Sha256).toHex()));
        if (withGrants) {
            QVERIFY(exported.contains("--key-id " + KeyArn.toUtf8()));
        } else {
            QVERIFY(
                exported.contains(format == QLatin1String("html") ? "--key-id &lt;KEY_ID&gt;" : "--key-id <KEY_ID>"));
        }
        if (format == QLatin1String("html")) {
            // QTextDocument (the PDF's layout engine) reads it: the title, tables and the command survive.
            QTextDocument document;
            document.setHtml(QString::fromUtf8(exported));
            const QString text = document.toPlainText();
            QVERIFY(text.contains(QStringLiteral("Change ticket: key policy several-defects.json")));
            QVERIFY(text.contains(QStringLiteral("aws kms put-key-policy --key-id")));
            QCOMPARE(document.metaInformation(QTextDocument::DocumentTitle),
                     QStringLiteral("Change ticket: key policy several-defects.json"));
        }
    }

    void pdfOpensInPdftotext()
    {
        const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
        QVERIFY2(!pdftotext.isEmpty(), "pdftotext is missing: apt-get install poppler-utils (scripts/lib.sh)");
        openWithContext(true);
        const QString out = m_dir.filePath(QStringLiteral("ticket.pdf"));
        QFile::remove(out);
        m_dialogs->saveName = out;
        m_window->action(u"actionExportReport")->trigger();
        QCOMPARE(MessageBox::count(), 0);
        QVERIFY(readAll(out).startsWith("%PDF-"));

        const Run r = run(pdftotext, {out, QStringLiteral("-")});
        QVERIFY2(r.status == 0, r.err.constData());
        const QString text = normalized(QString::fromUtf8(r.out));
        const QByteArray original = readAll(SeveralDefects);
        const QByteArray corrected = QByteArray::fromStdString(m_window->reports()->correctedText());
        const QString originalHash
            = QString::fromLatin1(QCryptographicHash::hash(original, QCryptographicHash::Sha256).toHex());
        const QString correctedHash
            = QString::fromLatin1(QCryptographicHash::hash(corrected, QCryptographicHash::Sha256).toHex());
        QVERIFY2(text.count(originalHash) == 1, qPrintable(text));
        // In the summary and next to the command (sha256sum).
        QVERIFY2(text.count(correctedHash) == 2, qPrintable(text));
        QVERIFY2(
            text.contains(normalized(QStringLiteral("aws kms put-key-policy --key-id ") + KeyArn
                                     + QStringLiteral(" --policy-name default --policy "
                                                      "file://several-defects.corrected.json --region eu-west-1"))),
            qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("VERSION_OLD")));
        QVERIFY(text.contains(normalized(QStringLiteral("mwaa-grant-for-env-mgmt-role-analytics"))));
        // A 64-digit hash fits the text width: the layout does not break it over two lines.
        const Run layout = run(pdftotext, {QStringLiteral("-layout"), out, QStringLiteral("-")});
        QVERIFY(layout.out.contains(originalHash.toLatin1()));

        const QString pdfinfo = QStandardPaths::findExecutable(QStringLiteral("pdfinfo"));
        QVERIFY(!pdfinfo.isEmpty());
        const Run info = run(pdfinfo, {out});
        QCOMPARE(info.status, 0);
        const auto pages = QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)")).match(QString::fromUtf8(info.out));
        QVERIFY(pages.hasMatch());
        QVERIFY(pages.captured(1).toInt() >= 1);
        QVERIFY(QString::fromUtf8(info.out).contains(QStringLiteral("A4")));
    }

    void nameWithoutSuffixBecomesMarkdown()
    {
        QVERIFY(m_window->files()->openFile(SeveralDefects));
        const QString out = m_dir.filePath(QStringLiteral("plain"));
        QFile::remove(out + QStringLiteral(".md"));
        m_dialogs->saveName = out;
        m_window->action(u"actionExportReport")->trigger();
        QCOMPARE(MessageBox::count(), 0);
        QVERIFY(readAll(out + QStringLiteral(".md")).startsWith("# Change ticket: key policy several-defects.json\n"));
    }

    void unknownSuffixWritesNothing()
    {
        QVERIFY(m_window->files()->openFile(SeveralDefects));
        const QString out = m_dir.filePath(QStringLiteral("ticket.txt"));
        m_dialogs->saveName = out;
        m_window->action(u"actionExportReport")->trigger();
        QCOMPARE(MessageBox::count(), 1);
        QVERIFY(MessageBox::lastText().contains(out));
        QVERIFY(!QFile::exists(out));
    }

    void cancelWritesNothing()
    {
        QVERIFY(m_window->files()->openFile(SeveralDefects));
        m_dialogs->saveName.clear();
        m_window->action(u"actionExportReport")->trigger();
        QCOMPARE(MessageBox::count(), 0);
    }

    void writeErrorNamesThePath_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("md") << "ticket.md";
        QTest::newRow("pdf") << "ticket.pdf";
    }
    void writeErrorNamesThePath()
    {
        QFETCH(QString, name);
        QVERIFY(m_window->files()->openFile(SeveralDefects));
        const QString out = m_dir.filePath(QStringLiteral("no/such/dir/") + name);
        m_dialogs->saveName = out;
        m_window->action(u"actionExportReport")->trigger();
        QCOMPARE(MessageBox::count(), 1);
        QVERIFY(MessageBox::lastText().contains(out));
        QVERIFY(!QFile::exists(out));
    }

    void existingFileReplacedWhole()
    {
        QVERIFY(m_window->files()->openFile(SeveralDefects));
        const QString out = m_dir.filePath(QStringLiteral("replace.md"));
        {
            QFile old(out);
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write(QByteArray(100000, 'x'));
        }
        m_dialogs->saveName = out;
        m_window->action(u"actionExportReport")->trigger();
        const QByteArray written = readAll(out);
        QVERIFY(written.startsWith("# Change ticket"));
        QVERIFY(!written.contains("xxxx"));
    }

    void invalidJsonWritesNothing()
    {
        m_window->document()->load("{\"Version\": ", QString(), QStringLiteral("broken.json"));
        const QString out = m_dir.filePath(QStringLiteral("broken.md"));
        m_dialogs->saveName = out;
        m_window->action(u"actionExportReport")->trigger();
        QCOMPARE(MessageBox::count(), 1);
        QVERIFY(MessageBox::lastText().contains(QStringLiteral("not valid JSON")));
        QVERIFY(!QFile::exists(out));
    }

private:
    void typeInto(QLineEdit* edit, const QString& text)
    {
        edit->clear();
        QTest::keyClicks(edit, text);
    }

    /** Opens several-defects.json with the context of contextArguments() (and the grants file if asked). */
    void openWithContext(bool withGrants)
    {
        QVERIFY(m_window->files()->openFile(SeveralDefects));
        MwaaEnvironmentPanel* panel = m_controller->panel();
        typeInto(panel->environmentField(), QStringLiteral("analytics"));
        typeInto(panel->accountField(), QStringLiteral("111122223333"));
        if (withGrants) {
            typeInto(panel->regionField()->lineEdit(), QStringLiteral("eu-west-1"));
            typeInto(panel->keyField(), KeyArn);
            m_dialogs->openName = Grants;
            m_window->action(u"actionLoadGrants")->trigger();
            QVERIFY(m_controller->grants().has_value());
        } else {
            typeInto(panel->regionField()->lineEdit(), QStringLiteral("us-west-2"));
            typeInto(panel->keyField(), QString());
        }
    }

    static QStringList contextArguments(bool withGrants)
    {
        QStringList a = {QStringLiteral("--env"),
                         QStringLiteral("analytics"),
                         QStringLiteral("--account"),
                         QStringLiteral("111122223333")};
        if (withGrants) {
            a += {QStringLiteral("--region"),
                  QStringLiteral("eu-west-1"),
                  QStringLiteral("--key"),
                  KeyArn,
                  QStringLiteral("--grants"),
                  Grants};
        } else {
            a += {QStringLiteral("--region"), QStringLiteral("us-west-2")};
        }
        return a;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
    FakeDialogs* m_dialogs = nullptr;
    MwaaController* m_controller = nullptr;
};

QTEST_MAIN(TestReport)
#include "tst_report.moc"
