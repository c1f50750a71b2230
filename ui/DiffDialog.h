// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/render/Diff.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QTextEdit;

namespace kps::ui {

/**
 * Shows the line diff between two policy texts (core's kps::render::diffTexts): unified, or side by side (the
 * `Side by side` toggle). Changed lines carry a marker (`-`/`+`, "removed"/"added" for screen readers) and a
 * background derived from the palette, so the change is never shown by colour alone. In Review mode it only
 * closes; in Confirm mode (`Apply all fixes` preview) it has Apply and Cancel.
 */
class DiffDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Mode { Review, Confirm };
    DiffDialog(const std::string& before,
               const std::string& after,
               const QString& beforeName,
               const QString& afterName,
               Mode mode,
               QWidget* parent = nullptr);

    bool isSideBySide() const;
    void setSideBySide(bool sideBySide);
    const std::vector<render::DiffLine>& diff() const { return m_diff; }
    /** The unified view's plain text (markers included). */
    QString unifiedText() const;
    QTextEdit* unifiedView() const { return m_unified; }
    /** How many changes (runs of removed and added lines) the diff has. */
    int changeCount() const { return static_cast<int>(m_unifiedChanges.size()); }
    /** The change shown (0-based; -1 when there is none). */
    int currentChange() const { return m_current; }
    /** Scrolls both views to a change and puts the cursor on its first line. */
    void goToChange(int index);
    QTextEdit* beforeView() const { return m_before; }
    QTextEdit* afterView() const { return m_after; }

private:
    void fill();
    std::vector<int> m_unifiedChanges; ///< first block of each change in the unified view
    std::vector<int> m_sideChanges; ///< and in the side-by-side views
    int m_current = -1;
    QLabel* m_changeLabel = nullptr;

    std::vector<render::DiffLine> m_diff;
    QCheckBox* m_sideBySide = nullptr;
    QLabel* m_summary = nullptr;
    QTextEdit* m_unified = nullptr;
    QWidget* m_sides = nullptr;
    QTextEdit* m_before = nullptr;
    QTextEdit* m_after = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace kps::ui
