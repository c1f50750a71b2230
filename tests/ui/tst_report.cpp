// SPDX-License-Identifier: GPL-3.0-or-later
// `Export change-ticket report…` through the real action: Markdown and HTML byte-for-byte equal to what the
// `keypolicy report` binary writes for the same file and context; the PDF opens in pdftotext and holds the hash and
// the put-key-policy command. Issue 17: the report's original is the file as opened (edits, fixes and saves since
// are changes from it) or the text a new document started with; the PDF keeps codes, grant names and ARNs whole.
#include "GuiFixture.h"
#include "core/render/ChangeTicket.h"
#include "model/FindingsModel.h"
#include "model/LiveChecker.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"
#include "ui/FileDialogProvider.h"
#include "ui/FindingsView.h"
#include "ui/MainWindow.h"
#include "ui/MessageBox.h"
#include "ui/MwaaEnvironmentPanel.h"
#include "ui/ReportExport.h"
#include "ui/StatementEditor.h"
#include "ui/features/Features.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QCryptographicHash>
#include <QFile>
#include <QLineEdit>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
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
const QString Sample = QStringLiteral(KPS_SOURCE_DIR "/resources/samples/mwaa-sample-policy.json");
const QString LongArns = QStringLiteral(KPS_TEST_DATA_DIR "/report/long-arns.json");
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
QByteArray sha256(const QByteArray& bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

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
        // The command is wrapped with shell continuations (" \" and an indented next line).
        const QString text = normalized(QString::fromUtf8(r.out).replace(QStringLiteral(" \\\n"), QStringLiteral(" ")));
        const QByteArray original = readAll(SeveralDefects);
        const QByteArray corrected = QByteArray::fromStdString(m_window->reports()->correctedText());
        const QString originalHash
            = QString::fromLatin1(QCryptographicHash::hash(original, QCryptographicHash::Sha256).toHex());
        const QString correctedHash
            = QString::fromLatin1(QCryptographicHash::hash(corrected, QCryptographicHash::Sha256).toHex());
        // In the summary and on the "Original from" line, with the file's path.
        QVERIFY2(text.count(originalHash) == 2, qPrintable(text));
        QVERIFY(text.contains(
            normalized(QStringLiteral("Original from: the file ") + QFileInfo(SeveralDefects).absoluteFilePath())));
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

    // Issue 17, item 1: the report's original is the file as opened, not the text as edited since. A principal
    // edited in the form and a fix applied, then saved: the original's hash and size are still the file's as it
    // was opened, both changes are in the diff, and the "Original from" line names the file.
    void originalIsTheFileAsOpened()
    {
        const QString path = m_dir.filePath(QStringLiteral("edited.json"));
        QFile::remove(path);
        QVERIFY(QFile::copy(SeveralDefects, path));
        const QByteArray opened = readAll(path);
        QVERIFY(m_window->files()->openFile(path));
        m_window->checker()->setInterval(0);

        // Edit the first statement's principal in the form, as a user does: double-click, type, Enter.
        m_window->selectStatement(0);
        auto* principals = m_window->statementEditor()->findChild<QTableView*>(QStringLiteral("principalsTable"));
        QVERIFY(principals);
        QAbstractItemModel* model = principals->model();
        QModelIndex cell;
        for (int column = 0; column < model->columnCount(); ++column) {
            if (model->index(0, column).data().toString() == QLatin1String("arn:aws:iam::111122223333:root")) {
                cell = model->index(0, column);
            }
        }
        QVERIFY(cell.isValid());
        principals->setCurrentIndex(cell);
        principals->edit(cell);
        auto* editor = principals->viewport()->findChild<QLineEdit*>();
        QVERIFY2(editor, "the principal cell did not open an editor");
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("arn:aws:iam::111122223333:role/KeyAdmins"));
        QTest::keyClick(editor, Qt::Key_Return);
        // The delegate commits in a queued call.
        QTRY_VERIFY(m_window->document()->text().find("role/KeyAdmins") != std::string::npos);

        // Apply VERSION_OLD's fix from the Findings panel.
        QTRY_VERIFY(m_window->checker()->isUpToDate());
        model::FindingsModel* findings = m_window->findingsModel();
        int versionOld = -1;
        for (int row = 0; row < findings->rowCount(); ++row) {
            if (findings->index(row, 0).data(model::FindingsModel::CodeRole).toString()
                == QLatin1String("VERSION_OLD")) {
                versionOld = row;
            }
        }
        QVERIFY(versionOld >= 0);
        m_window->findingsView()->setCurrentRow(versionOld);
        QTRY_VERIFY(m_window->action(u"actionApplyFix")->isEnabled());
        m_window->action(u"actionApplyFix")->trigger();
        QVERIFY(m_window->document()->text().find("\"2012-10-17\"") != std::string::npos);

        // Saving writes the edits to the file; it does not change the ticket's original. (Show diff to original
        // compares with the text as last saved instead.)
        QVERIFY(m_window->files()->save());
        QVERIFY(readAll(path) != opened);
        QCOMPARE(m_window->fixes()->originalText(), m_window->document()->text());
        QCOMPARE(QByteArray::fromStdString(m_window->document()->originalText()), opened);

        const QString out = m_dir.filePath(QStringLiteral("edited.change-ticket.md"));
        QFile::remove(out);
        m_dialogs->saveName = out;
        m_window->action(u"actionExportReport")->trigger();
        QCOMPARE(MessageBox::count(), 0);
        const QString report = QString::fromUtf8(readAll(out));
        const QString hash = QString::fromLatin1(sha256(opened));
        QVERIFY2(report.contains(QStringLiteral("- Original policy: edited.json, %1 bytes, SHA-256 `%2`\n")
                                     .arg(opened.size())
                                     .arg(hash)),
                 qPrintable(report));
        QVERIFY2(report.contains(QStringLiteral("- Original from: the file `%1` as read (SHA-256 `%2`)\n")
                                     .arg(QFileInfo(path).absoluteFilePath(), hash)),
                 qPrintable(report));
        const auto inDiff = [&report](const char* pattern) {
            return QRegularExpression(QString::fromLatin1(pattern), QRegularExpression::MultilineOption)
                .match(report)
                .hasMatch();
        };
        // The form edit ...
        QVERIFY2(inDiff("^-\\s+\"AWS\": \"arn:aws:iam::111122223333:root\"$"), qPrintable(report));
        QVERIFY2(inDiff("^\\+\\s+\"AWS\": \"arn:aws:iam::111122223333:role/KeyAdmins\"$"), qPrintable(report));
        // ... and the fix applied in the editor, both changes from the original.
        QVERIFY2(inDiff("^-\\s+\"Version\": \"2008-10-17\",$"), qPrintable(report));
        QVERIFY2(inDiff("^\\+\\s+\"Version\": \"2012-10-17\",$"), qPrintable(report));
        // The findings before are the original's: VERSION_OLD is there, resolved.
        QVERIFY(inDiff("^\\| suggestion \\| `VERSION_OLD` \\| 2:16 \\| .* \\| resolved \\|$"));
        // The corrected policy is the current text with every fix applied: what Export corrected policy writes.
        const QByteArray corrected = QByteArray::fromStdString(m_window->reports()->correctedText());
        QVERIFY(corrected.contains("role/KeyAdmins"));
        QVERIFY(report.contains(QString::fromLatin1(sha256(corrected))));
    }

    // Issue 17, item 6: the PDF is made for reading. No finding code, grant name or ARN is cut at a line's end (its
    // every occurrence is whole on one line of pdftotext -layout), and a one-line change of the bundled sample takes
    // at most 3 pages.
    void pdfKeepsCodesNamesAndArnsWhole_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("withContext");
        QTest::addColumn<int>("maxPages");
        QTest::newRow("bundled sample") << Sample << false << 3;
        QTest::newRow("long ARNs") << LongArns << true << 3;
    }
    void pdfKeepsCodesNamesAndArnsWhole()
    {
        QFETCH(QString, file);
        QFETCH(bool, withContext);
        QFETCH(int, maxPages);
        const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
        const QString pdfinfo = QStandardPaths::findExecutable(QStringLiteral("pdfinfo"));
        QVERIFY2(!pdftotext.isEmpty() && !pdfinfo.isEmpty(), "apt-get install poppler-utils (scripts/lib.sh)");
        QVERIFY(m_window->files()->openFile(file));
        if (withContext) {
            MwaaEnvironmentPanel* panel = m_controller->panel();
            typeInto(panel->environmentField(), QStringLiteral("analytics-production"));
            typeInto(panel->accountField(), QStringLiteral("111122223333"));
            typeInto(panel->regionField()->lineEdit(), QStringLiteral("eu-west-1"));
            typeInto(panel->keyField(), KeyArn);
        }
        const QString out = m_dir.filePath(QFileInfo(file).completeBaseName() + QStringLiteral(".pdf"));
        QFile::remove(out);
        m_dialogs->saveName = out;
        m_window->action(u"actionExportReport")->trigger();
        QCOMPARE(MessageBox::count(), 0);

        const Run info = run(pdfinfo, {out});
        QCOMPARE(info.status, 0);
        const auto pages = QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)")).match(QString::fromUtf8(info.out));
        QVERIFY(pages.hasMatch());
        QVERIFY2(pages.captured(1).toInt() <= maxPages, qPrintable(pages.captured(0)));

        const Run layout = run(pdftotext, {QStringLiteral("-layout"), out, QStringLiteral("-")});
        QCOMPARE(layout.status, 0);
        const QString text = QString::fromUtf8(layout.out);
        const QStringList lines = text.split(QLatin1Char('\n'));
        const QString flat = normalized(text);

        // What must stay whole: the codes of the findings before and after, the grant names, the ARNs of both
        // policies and of the context.
        const render::ChangeTicket ticket = render::buildChangeTicket(m_window->reports()->changeTicketInput());
        QStringList shown; // always in the report
        for (const auto* list : {&ticket.before.findings, &ticket.after.findings}) {
            for (const Finding& f : *list) {
                shown << QString::fromStdString(f.code);
            }
        }
        QVERIFY(!shown.isEmpty());
        QVERIFY(ticket.auditBefore.has_value());
        QVERIFY(!ticket.auditBefore->environments.empty());
        for (const auto& matrix : ticket.auditBefore->environments) {
            for (const auto& row : matrix.rows) {
                shown << QString::fromStdString(row.name);
            }
        }
        QStringList whole = shown; // and ARNs, where the report shows them
        const QString policies
            = QString::fromUtf8(readAll(file)) + QString::fromStdString(m_window->reports()->correctedText()) + KeyArn;
        QRegularExpressionMatchIterator arns
            = QRegularExpression(QStringLiteral("arn:aws:[^\"\\s]+")).globalMatch(policies);
        while (arns.hasNext()) {
            whole << arns.next().captured(0);
        }
        whole.removeDuplicates();
        for (const QString& token : whole) {
            // Every occurrence in the text (line breaks and hyphens aside) is whole on one line.
            const qsizetype anywhere = flat.count(normalized(token));
            qsizetype onOneLine = 0;
            for (const QString& line : lines) {
                onOneLine += line.count(token);
            }
            QVERIFY2(onOneLine == anywhere,
                     qPrintable(QStringLiteral("%1: %2 of %3 occurrences whole\n%4")
                                    .arg(token)
                                    .arg(onOneLine)
                                    .arg(anywhere)
                                    .arg(text)));
            QVERIFY2(!shown.contains(token) || onOneLine > 0, qPrintable(token));
        }
        QVERIFY(text.contains(QStringLiteral("@@ -")));
    }

    // A document that was created has no original file: the report says how it was made, and its original is the
    // text it started with (the edit made since is in the diff).
    void createdDocumentHasNoOriginalFile_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("origin");
        QTest::newRow("New") << "actionNew"
                             << "- Original from: a new document (File > New); there was no original file, so the "
                                "original is the text it started with\n";
        QTest::newRow("Paste as new document")
            << "actionPasteAsNew"
            << "- Original from: a new document pasted from the clipboard (File > Paste as new document); there was "
               "no original file, so the original is the pasted text\n";
    }
    void createdDocumentHasNoOriginalFile()
    {
        QFETCH(QString, action);
        QFETCH(QString, origin);
        const QByteArray pasted = readAll(Sample);
        QApplication::clipboard()->setText(QString::fromUtf8(pasted));
        MessageBox::setNextAnswer(QMessageBox::Discard);
        m_window->action(action)->trigger();
        const std::string created = m_window->document()->text();
        QCOMPARE(m_window->document()->originalText(), created);
        QVERIFY(m_window->document()->setValue("/Id", Json("created-then-edited")));

        const QString out = m_dir.filePath(QStringLiteral("created.md"));
        QFile::remove(out);
        m_dialogs->saveName = out;
        m_window->action(u"actionExportReport")->trigger();
        QCOMPARE(MessageBox::count(), 0);
        const QString report = QString::fromUtf8(readAll(out));
        QVERIFY2(report.contains(origin), qPrintable(report));
        QVERIFY(report.contains(QStringLiteral(" %1 bytes, SHA-256 `%2`\n")
                                    .arg(created.size())
                                    .arg(QString::fromLatin1(sha256(QByteArray::fromStdString(created))))));
        QVERIFY2(report.contains(QStringLiteral("\"Id\": \"created-then-edited\"")), qPrintable(report));
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
