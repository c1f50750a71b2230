// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ReportExport.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QMarginsF>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>

namespace kps::ui {

std::optional<ReportFormat> reportFormatForPath(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("md") || suffix == QLatin1String("markdown")) {
        return ReportFormat::Markdown;
    }
    if (suffix == QLatin1String("html") || suffix == QLatin1String("htm")) {
        return ReportFormat::Html;
    }
    if (suffix == QLatin1String("pdf")) {
        return ReportFormat::Pdf;
    }
    return std::nullopt;
}

namespace {

bool fail(QString* error, const QString& reason)
{
    if (error) {
        *error = reason;
    }
    return false;
}

} // namespace

bool writeChangeTicketReport(const QString& path,
                             ReportFormat format,
                             const render::ChangeTicketInput& input,
                             QString* error)
{
    const render::ChangeTicket ticket = render::buildChangeTicket(input);
    QSaveFile file(path);
    if (format != ReportFormat::Pdf) {
        // Unbuffered, as model/PolicyFile: a write error surfaces at write(), not at commit().
        if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
            return fail(error, file.errorString());
        }
        const std::string text = format == ReportFormat::Html ? render::renderChangeTicketHtml(ticket)
                                                              : render::renderChangeTicketMarkdown(ticket);
        if (file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size())) {
            const QString reason = file.errorString();
            file.cancelWriting();
            return fail(error, reason);
        }
        return file.commit() || fail(error, file.errorString());
    }

    if (!file.open(QIODevice::WriteOnly)) {
        return fail(error, file.errorString());
    }
    {
        QTextDocument document;
        document.setHtml(QString::fromStdString(render::renderChangeTicketHtml(ticket)));
        QPdfWriter writer(&file);
        writer.setPageSize(QPageSize(QPageSize::A4));
        // QTextDocument::print() lays an unpaginated document out with 2 cm margins inside the writer's page
        // rectangle (and puts the page number in the bottom one): the writer adds none of its own.
        writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter);
        writer.setTitle(QCoreApplication::translate("ReportExport", "Change ticket: key policy %1")
                            .arg(QString::fromStdString(ticket.fileName)));
        writer.setCreator(QStringLiteral("Keypolicy Studio " KPS_VERSION));
        // print() paints every page and ends the painter, which writes the whole PDF to the device.
        document.print(&writer);
    }
    if (file.error() != QFileDevice::NoError || file.size() == 0) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return fail(error, reason);
    }
    return file.commit() || fail(error, file.errorString());
}

} // namespace kps::ui
