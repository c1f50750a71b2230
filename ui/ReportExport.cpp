// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ReportExport.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QFont>
#include <QFontMetricsF>
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

/** The code font of the PDF: 7.5 pt, smaller (down to 5.5 pt) when a word of the diff would not fit a line. */
constexpr int PdfCodeTenthsMax = 75;
constexpr int PdfCodeTenthsMin = 55;
/** The <pre> block's padding and border on both sides, with a little to spare (points). */
constexpr qreal PdfCodeSlackPt = 12.0;

bool fail(QString* error, const QString& reason)
{
    if (error) {
        *error = reason;
    }
    return false;
}

/**
 * How many monospace characters a line of code in the PDF holds at `tenths` of a point: the page width less print()'s
 * 2 cm margins and the <pre> block's padding and border, over the advance of the monospace font.
 */
std::size_t pdfCodeColumns(QPdfWriter& writer, int tenths)
{
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::TypeWriter);
    mono.setPointSizeF(tenths / 10.0);
    const QFontMetricsF metrics(mono, &writer);
    const qreal advancePt = metrics.horizontalAdvance(QLatin1Char('M')) * 72.0 / writer.logicalDpiX();
    const qreal pagePt = writer.pageLayout().fullRect(QPageLayout::Point).width();
    const qreal textPt = pagePt - 2 * (20.0 / 25.4 * 72.0) - PdfCodeSlackPt;
    if (advancePt <= 0 || textPt <= 0) {
        return 80;
    }
    return static_cast<std::size_t>(textPt / advancePt);
}

/** The print layout: the largest code font (in steps of half a point) at which no word of the code is cut. */
render::HtmlLayout pdfLayout(QPdfWriter& writer, const render::ChangeTicket& ticket)
{
    const std::size_t needed = render::printCodeColumnsNeeded(ticket);
    render::HtmlLayout layout;
    for (int tenths = PdfCodeTenthsMax; tenths >= PdfCodeTenthsMin; tenths -= 5) {
        layout.codeTenthsOfPoint = tenths;
        layout.codeColumns = pdfCodeColumns(writer, tenths);
        if (layout.codeColumns >= needed) {
            break;
        }
    }
    return layout;
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
        QPdfWriter writer(&file);
        writer.setPageSize(QPageSize(QPageSize::A4));
        // QTextDocument::print() lays an unpaginated document out with 2 cm margins inside the writer's page
        // rectangle (and puts the page number in the bottom one): the writer adds none of its own.
        writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter);
        QTextDocument document;
        document.setHtml(QString::fromStdString(render::renderChangeTicketHtml(ticket, pdfLayout(writer, ticket))));
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
