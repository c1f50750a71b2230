// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Context.h"
#include "core/json/Json.h"
#include "ui/TemplateDialogs.h"

#include <QObject>
#include <QPointer>

#include <string>

namespace kps::mwaa {
struct TemplateOptions;
}

namespace kps::ui {

class MainWindow;

/**
 * Templates: `New from MWAA template` (File menu) and `Insert template statement…` (Edit menu); prefills the
 * dialogs from the MWAA panel's context (what was typed, else what the checker inferred), and on OK opens the
 * template as a new untitled document (asking about unsaved changes like New, then setting the panel's context from
 * the dialog) or inserts the statement after the selected one (or at the end) as one undo step.
 */
class TemplateController : public QObject
{
    Q_OBJECT

public:
    explicit TemplateController(MainWindow* window);

    /** The dialog currently open, if any (tests). */
    NewFromTemplateDialog* currentNewDialog() const { return m_newDialog; }
    InsertTemplateStatementDialog* currentInsertDialog() const { return m_insertDialog; }

public slots:
    void newFromTemplate();
    void insertTemplateStatement();

private:
    /** The panel's context, with the checker's inferred values for the fields left empty. */
    MwaaContext context() const;
    void createFromTemplate(const mwaa::TemplateOptions& options, const std::string& text);
    void insertStatement(const Json& statement);

    MainWindow* m_window;
    QPointer<NewFromTemplateDialog> m_newDialog;
    QPointer<InsertTemplateStatementDialog> m_insertDialog;
};

} // namespace kps::ui
