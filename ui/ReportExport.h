// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/render/ChangeTicket.h"

#include <QString>

#include <optional>

namespace kps::ui {

/** The formats of `Export change-ticket report…`. */
enum class ReportFormat { Markdown, Html, Pdf };

/** The format a file name asks for by its suffix (.md/.markdown, .html/.htm, .pdf; any case); nullopt otherwise. */
std::optional<ReportFormat> reportFormatForPath(const QString& path);

/**
 * Writes the change-ticket report of `input` to `path`, atomically (QSaveFile): Markdown and HTML are exactly the
 * bytes `keypolicy report` prints for the same input; PDF is the HTML's print layout (render::HtmlLayout: code
 * wrapped at words for the page, at the largest code font from 7.5 down to 5.5 pt at which no word is cut) laid out
 * by QTextDocument on A4 pages (QPdfWriter, 2 cm margins, page numbers). false with the reason in *error when the
 * file cannot be written (the old content, if any, is then kept).
 */
bool writeChangeTicketReport(const QString& path,
                             ReportFormat format,
                             const render::ChangeTicketInput& input,
                             QString* error = nullptr);

} // namespace kps::ui
