// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace kps::model {
class PolicyDocument;
}

namespace kps::ui {

/**
 * Find and replace in the Policy JSON view (`Find…` Ctrl+F, `Replace…` Ctrl+H): a bar under the text with `Find
 * text`, `Replace with`, `Match case`, `Find next`/`Find previous` (Enter / Shift+Enter, F3 / Shift+F3), `Replace`,
 * `Replace all` and `Close find bar` (Escape). The search wraps around and the bar says "3 of 7" or "No matches".
 * `Replace` is a JSON-view edit like typing; `Replace all` is one undo step named "Replace all" of the document.
 */
class FindBar : public QWidget
{
    Q_OBJECT

public:
    FindBar(QPlainTextEdit* editor, model::PolicyDocument* document, QWidget* parent = nullptr);

    /** Shows the bar (with the replace row when replace is true), takes the editor's selection as the text to find. */
    void start(bool replace);
    /** Selects the next (or previous) match after the cursor, wrapping around; false when there is none. */
    bool findNext(bool backward = false);
    /** Replaces the selected match and finds the next one. */
    void replace();
    /** Replaces every match as one undo step; returns how many. */
    int replaceAll();
    /** How many matches the text has now. */
    int matchCount() const;

    QLineEdit* findField() const { return m_find; }
    QLineEdit* replaceField() const { return m_replace; }
    QLabel* resultLabel() const { return m_result; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    bool matchesSelection() const;
    void updateResult();

    QPlainTextEdit* m_editor;
    model::PolicyDocument* m_document;
    QLineEdit* m_find;
    QLineEdit* m_replace;
    QCheckBox* m_matchCase;
    QWidget* m_replaceRow;
    QLabel* m_result;
};

} // namespace kps::ui
