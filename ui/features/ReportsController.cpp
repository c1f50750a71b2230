// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/features/ReportsController.h"

#include "core/fix/Fixer.h"
#include "model/LiveChecker.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"
#include "ui/FileDialogProvider.h"
#include "ui/MainWindow.h"
#include "ui/MessageBox.h"
#include "ui/ReportExport.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QStatusBar>

namespace kps::ui {

using model::toStdString;

ReportsController::ReportsController(MainWindow* window)
    : QObject(window)
    , m_window(window)
{
    setObjectName(QStringLiteral("reportsController"));
    connect(m_window->addAction({QStringLiteral("actionExportCorrected"),
                                 tr("Export corrected policy…"),
                                 tr("Write the policy with every unambiguous fix applied (as keypolicy fix)"),
                                 MenuPlace::FileExport,
                                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E)}),
            &QAction::triggered,
            this,
            &ReportsController::exportCorrectedPolicy);
    connect(m_window->addAction({QStringLiteral("actionExportReport"),
                                 tr("Export change-ticket report…"),
                                 tr("Write a change-ticket report (Markdown, HTML or PDF): findings before and after, "
                                    "grant matrix, diff, hashes and the put-key-policy command"),
                                 MenuPlace::FileExport,
                                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R)}),
            &QAction::triggered,
            this,
            &ReportsController::exportChangeTicketReport);
}

// The checker's options carry the MWAA context and the grants: MwaaController keeps them in step with its panel.

std::string ReportsController::correctedText() const
{
    return kps::applyAllFixes(m_window->document()->source(), m_window->checker()->options()).text;
}

render::ChangeTicketInput ReportsController::changeTicketInput() const
{
    const model::PolicyDocument* document = m_window->document();
    render::ChangeTicketInput input;
    // The original is what was loaded (opened, fetched or created), not the text as edited since: every change,
    // typed or fixed, is in the report. Saving keeps it (unlike Show diff to original's reference).
    input.originalText = document->originalText();
    input.origin = document->origin();
    // Only the file name, as `keypolicy report` does, so both write the same bytes.
    input.fileName = toStdString(
        QFileInfo(document->filePath().isEmpty() ? document->displayName() : document->filePath()).fileName());
    input.correctedText = correctedText();
    input.options = m_window->checker()->options();
    return input;
}

void ReportsController::exportCorrectedPolicy()
{
    model::PolicyDocument* document = m_window->document();
    if (!document->isValid()) {
        MessageBox::warning(
            m_window, tr("Export corrected policy"), tr("The policy is not valid JSON; nothing was written."));
        return;
    }
    const QFileInfo info(document->filePath().isEmpty() ? document->displayName() : document->filePath());
    const QString suggestion = info.dir().filePath(info.completeBaseName() + QStringLiteral(".corrected.json"));
    const QString path = m_window->fileDialogs()->saveFileName(
        m_window, tr("Export corrected policy"), suggestion, tr("Key policies (*.json);;All files (*)"));
    if (path.isEmpty()) {
        return;
    }
    const std::string text = correctedText();
    QSaveFile file(path);
    // Unbuffered: see model/PolicyFile.cpp (a buffered QSaveFile loses a short write and still commits).
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered)
        || file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size())
        || !file.commit()) {
        MessageBox::warning(
            m_window, tr("Export corrected policy"), tr("Cannot write %1: %2").arg(path, file.errorString()));
        return;
    }
    m_window->statusBar()->showMessage(tr("Corrected policy written to %1").arg(QFileInfo(path).fileName()), 5000);
}

void ReportsController::exportChangeTicketReport()
{
    model::PolicyDocument* document = m_window->document();
    const QString title = tr("Export change-ticket report");
    if (!document->isValid()) {
        MessageBox::warning(m_window, title, tr("The policy is not valid JSON; nothing was written."));
        return;
    }
    const QFileInfo info(document->filePath().isEmpty() ? document->displayName() : document->filePath());
    const QString suggestion = info.dir().filePath(info.completeBaseName() + QStringLiteral(".change-ticket.md"));
    QString path = m_window->fileDialogs()->saveFileName(
        m_window, title, suggestion, tr("Markdown (*.md);;HTML (*.html);;PDF (*.pdf)"));
    if (path.isEmpty()) {
        return;
    }
    if (QFileInfo(path).suffix().isEmpty()) {
        path += QStringLiteral(".md");
    }
    const std::optional<ReportFormat> format = reportFormatForPath(path);
    if (!format) {
        MessageBox::warning(m_window,
                            title,
                            tr("Cannot tell the format of %1: name the file .md (Markdown), .html (HTML) or .pdf "
                               "(PDF). Nothing was written.")
                                .arg(path));
        return;
    }
    QString error;
    if (!writeChangeTicketReport(path, *format, changeTicketInput(), &error)) {
        MessageBox::warning(m_window, title, tr("Cannot write %1: %2").arg(path, error));
        return;
    }
    m_window->statusBar()->showMessage(tr("Change-ticket report written to %1").arg(QFileInfo(path).fileName()), 5000);
}

} // namespace kps::ui
