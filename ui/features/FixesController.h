// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPointer>

#include <string>

class QAction;
class QDialog;

namespace kps {
struct Finding;
}

namespace kps::ui {

class MainWindow;

/**
 * Fixes and the diff: `Apply fix` (the selected finding's, also from the Findings dock, the JSON view's fix marker and
 * Ctrl+.), the fix choices a finding offers (Findings context menu), `Apply all fixes` (previewed as a diff, one undo
 * step) and `Show diff to original` (the text as opened or last saved against the current text) — Check menu.
 * Every fix is one undo step of the document and refused while the findings are being refreshed.
 */
class FixesController : public QObject
{
    Q_OBJECT

public:
    explicit FixesController(MainWindow* window);

    /** The text as opened or last saved (what `Show diff to original` compares with). */
    const std::string& originalText() const;
    /** The dialog of the last diff/preview shown (tests). */
    QDialog* currentDiffDialog() const { return m_diffDialog; }

public slots:
    /** Applies the fix of the current finding as one undo step. */
    void applyFix();
    /** Applies the fix of a FindingsModel row. */
    void applyFixAt(int row);
    /** Applies one of the fixes a FindingsModel row offers as a choice (Finding::choices), as one undo step. */
    void applyChoiceAt(int row, int choice);
    /** Applies a finding's fix as one undo step. */
    void applyFinding(const kps::Finding& finding);
    /** `Apply all fixes`: core's applyAllFixes, previewed as a diff; Apply makes it one undo step. */
    void applyAllFixes();
    /** `Show diff to original`: the text as opened/last saved against the current text. */
    void showDiffToOriginal();

private:
    void updateActions();

    MainWindow* m_window;
    QAction* m_applyFix = nullptr;
    QPointer<QDialog> m_diffDialog;
};

} // namespace kps::ui
