// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/render/ChangeTicket.h"

#include <QObject>

#include <string>

namespace kps::ui {

class MainWindow;

/**
 * Reports: `Export corrected policy…` (exactly what `keypolicy fix` writes for this text and context) and
 * `Export change-ticket report…` (Markdown, HTML or PDF; the Markdown and HTML are the bytes `keypolicy report`
 * prints for the same text and context) — File menu. `keypolicy-studio --export-report` uses the same input.
 */
class ReportsController : public QObject
{
    Q_OBJECT

public:
    explicit ReportsController(MainWindow* window);

    /** What `keypolicy fix` would write for the current text and the checker's options (MWAA context, grants). */
    std::string correctedText() const;
    /**
     * The report's input: the original as loaded (PolicyDocument::originalText() and origin()), the file name, the
     * corrected text (the current text with every unambiguous fix applied), the context and the grants.
     */
    render::ChangeTicketInput changeTicketInput() const;

public slots:
    void exportCorrectedPolicy();
    void exportChangeTicketReport();

private:
    MainWindow* m_window;
};

} // namespace kps::ui
