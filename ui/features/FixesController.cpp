// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/features/FixesController.h"

#include "core/checker/Checker.h"
#include "core/fix/Fixer.h"
#include "model/FindingsModel.h"
#include "model/LiveChecker.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"
#include "model/TextCommands.h"
#include "ui/DiffDialog.h"
#include "ui/FindingsView.h"
#include "ui/JsonEditor.h"
#include "ui/MainWindow.h"
#include "ui/MessageBox.h"

#include <QAction>
#include <QStatusBar>

namespace kps::ui {

using model::toQString;

FixesController::FixesController(MainWindow* window)
    : QObject(window)
    , m_window(window)
{
    setObjectName(QStringLiteral("fixesController"));
    m_applyFix = m_window->addAction({QStringLiteral("actionApplyFix"),
                                      tr("Apply fix"),
                                      tr("Apply the selected finding's fix (one undo step)"),
                                      MenuPlace::CheckFix,
                                      QKeySequence(Qt::CTRL | Qt::Key_Period),
                                      "tools-check-spelling",
                                      true});
    connect(m_applyFix, &QAction::triggered, this, &FixesController::applyFix);
    connect(m_window->addAction({QStringLiteral("actionApplyAllFixes"),
                                 tr("Apply all fixes"),
                                 tr("Preview and apply every unambiguous fix as one step"),
                                 MenuPlace::CheckFix,
                                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A)}),
            &QAction::triggered,
            this,
            &FixesController::applyAllFixes);
    connect(m_window->addAction({QStringLiteral("actionShowDiff"),
                                 tr("Show diff to original"),
                                 tr("Compare the policy with the text as opened or last saved"),
                                 MenuPlace::CheckCompare,
                                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D)}),
            &QAction::triggered,
            this,
            &FixesController::showDiffToOriginal);

    FindingsView* findings = m_window->findingsView();
    connect(findings, &FindingsView::applyFixRequested, this, &FixesController::applyFixAt);
    connect(findings, &FindingsView::applyChoiceRequested, this, &FixesController::applyChoiceAt);
    connect(findings, &FindingsView::currentRowChanged, this, &FixesController::updateActions);
    JsonEditor* json = m_window->jsonEditor();
    connect(json, &JsonEditor::applyFixRequested, this, [this, json](int index) {
        if (index >= 0 && static_cast<std::size_t>(index) < json->findings().size()) {
            applyFinding(json->findings()[static_cast<std::size_t>(index)]);
        }
    });
    model::PolicyDocument* document = m_window->document();
    connect(document, &model::PolicyDocument::textChanged, this, &FixesController::updateActions);
    connect(m_window->checker(), &model::LiveChecker::checked, this, &FixesController::updateActions);
    updateActions();
}

const std::string& FixesController::originalText() const
{
    return m_window->document()->savedText();
}

void FixesController::updateActions()
{
    const int row = m_window->findingsView()->currentRow();
    const bool hasFix
        = row >= 0 && m_window->findingsModel()->index(row, 0).data(model::FindingsModel::HasFixRole).toBool();
    m_applyFix->setEnabled(m_window->document()->isValid() && hasFix && m_window->checker()->isUpToDate());
}

void FixesController::applyFix()
{
    applyFixAt(m_window->findingsView()->currentRow());
}

void FixesController::applyFixAt(int row)
{
    if (const Finding* finding = m_window->findingsModel()->findingAt(m_window->findingsModel()->index(row, 0))) {
        applyFinding(*finding);
    }
}

void FixesController::applyChoiceAt(int row, int choice)
{
    const Finding* found = m_window->findingsModel()->findingAt(m_window->findingsModel()->index(row, 0));
    if (!found || !found->hasChoices() || choice < 0 || static_cast<std::size_t>(choice) >= found->choices.size()) {
        return;
    }
    if (!m_window->checker()->isUpToDate()) {
        m_window->statusBar()->showMessage(tr("The findings are being refreshed; choose the fix again in a moment."),
                                           5000);
        return;
    }
    const nlohmann::json patch = found->choices[static_cast<std::size_t>(choice)].value("fix", nlohmann::json());
    const QString code = toQString(found->code);
    if (patch.is_array() && m_window->document()->applyFix(patch, code)) {
        m_window->statusBar()->showMessage(tr("Applied the chosen fix for %1.").arg(code), 5000);
    } else {
        m_window->statusBar()->showMessage(m_window->document()->lastError(), 8000);
    }
}

void FixesController::applyFinding(const Finding& found)
{
    const Finding finding = found; // the document's change may replace the findings `found` belongs to
    if (!finding.hasFix()) {
        m_window->statusBar()->showMessage(tr("%1 has no automatic fix.").arg(toQString(finding.code)), 5000);
        return;
    }
    if (!m_window->checker()->isUpToDate()) {
        m_window->statusBar()->showMessage(tr("The findings are being refreshed; apply the fix again in a moment."),
                                           5000);
        return;
    }
    const QString code = toQString(finding.code);
    if (m_window->document()->applyFix(finding.fix, code)) {
        m_window->statusBar()->showMessage(tr("Applied the fix for %1.").arg(code), 5000);
    } else {
        m_window->statusBar()->showMessage(m_window->document()->lastError(), 8000);
    }
}

void FixesController::showDiffToOriginal()
{
    model::PolicyDocument* document = m_window->document();
    auto* dialog = new DiffDialog(
        document->savedText(), document->text(), tr("original"), tr("current"), DiffDialog::Mode::Review, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_diffDialog = dialog;
    dialog->open();
}

void FixesController::applyAllFixes()
{
    model::PolicyDocument* document = m_window->document();
    if (!document->isValid()) {
        MessageBox::warning(
            m_window, tr("Apply all fixes"), tr("The policy is not valid JSON; fix the syntax error first."));
        return;
    }
    // The checker's options carry the MWAA context and grants (MwaaController keeps them in step with the panel).
    const FixOutcome outcome = kps::applyAllFixes(document->source(), m_window->checker()->options());
    if (outcome.applied.empty()) {
        MessageBox::warning(m_window, tr("Apply all fixes"), tr("No finding has an unambiguous fix."));
        return;
    }
    auto* dialog = new DiffDialog(document->text(),
                                  outcome.text,
                                  tr("current"),
                                  tr("fixed (%n fix(es))", nullptr, static_cast<int>(outcome.applied.size())),
                                  DiffDialog::Mode::Confirm,
                                  m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_diffDialog = dialog;
    const quint64 revision = document->revision();
    const std::string fixed = outcome.text;
    connect(dialog, &QDialog::accepted, this, [this, document, revision, fixed] {
        if (document->revision() != revision) {
            MessageBox::warning(m_window,
                                tr("Apply all fixes"),
                                tr("The policy changed while the preview was open; nothing was applied."));
            return;
        }
        if (!document->execute(std::make_unique<model::SetTextCommand>(document, fixed, tr("Apply all fixes")))) {
            MessageBox::warning(m_window, tr("Apply all fixes"), document->lastError());
        }
    });
    dialog->open();
}

} // namespace kps::ui
