// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Finding.h"

#include <QList>
#include <QMap>
#include <QPlainTextEdit>

class QToolButton;
#include <QTimer>

#include <memory>
#include <vector>

class QCompleter;

namespace kps::model {
class PolicyDocument;
}

namespace kps::ui {

class JsonHighlighter;

/**
 * The `Policy JSON` view: the policy text with syntax highlighting, line numbers, and every finding underlined at
 * its exact span (tooltip: the message). What is typed becomes PolicyDocument::replaceText (one undo step per pause
 * in typing); document changes from elsewhere (form, undo) are applied as a minimal replacement so the cursor and
 * scroll position survive. Ctrl+Space completes KMS actions, condition keys and operators. The widget's own undo
 * is off: Ctrl+Z reaches the document's undo stack.
 *
 * Lines holding the start of a finding with a fix get a marker in the line-number gutter (tooltip "Fix available:
 * CODE — message"); clicking it, or Ctrl+. with the cursor on such a finding (or on such a line), asks the window to
 * apply the fix (applyFixRequested); with several fixes a small menu lists them.
 */
class JsonEditor : public QPlainTextEdit
{
    Q_OBJECT

public:
    explicit JsonEditor(QWidget* parent = nullptr);
    ~JsonEditor() override;

    void setPolicyDocument(model::PolicyDocument* document);
    /** The text as the user sees it, every line break "\n" (nothing normalized: no-break spaces stay). */
    QString currentText() const;

    /** Underlines the findings (their spans refer to the document's current text). */
    void setFindings(const std::vector<Finding>& findings);
    /** The same, shared with the other views of the findings rather than copied. */
    void setSharedFindings(std::shared_ptr<const std::vector<Finding>> findings);
    int findingSelectionCount() const { return static_cast<int>(m_findingSelections.size()); }

    /// Findings beyond this many are listed in the Findings table but not underlined.
    static constexpr qsizetype MaxUnderlines = 2000;
    /// Painting an underline lays its whole line out again (QTextLayout::draw shapes the line once per selection), so
    /// a line gets at most this many characters' worth of underlines: a minified 32 KB policy up to 60, a 1.3 MB
    /// one-line file with 50,000 duplicate keys 1 (2,000 underlines took a minute to paint). The rest are in the table.
    static constexpr qsizetype UnderlinedCharsPerLine = 2'000'000;
    /// A document of more lines than this is not laid out again when the view's width changes (see resizeEvent).
    static constexpr int LazyLayoutLines = 10'000;
    /** The text position of a 1-based line and a 1-based column counted in code points. */
    int positionOf(int line, int column) const;
    /** Selects a finding's span and shows it (cursor at its start... selection to its end). */
    void selectSpan(const Span& span);
    /** Scrolls so that a 1-based line is in view (near the top), without moving the cursor; nothing when it is. */
    void revealLine(int line);
    /** The messages of the findings whose underline covers a text position. */
    QStringList messagesAt(int position) const;
    /** The findings shown (setFindings()). */
    const std::vector<Finding>& findings() const { return *m_findings; }

    /** The 1-based lines with a fix marker in the gutter, ascending. */
    QList<int> fixMarkerLines() const { return m_fixLines.keys(); }
    /** Indexes (into findings()) of the findings with a fix whose span starts on a 1-based line. */
    QList<int> fixesOnLine(int line) const { return m_fixLines.value(line); }
    /** The fixes Ctrl+. applies: of the findings under the cursor or selection, else of the cursor's line. */
    QList<int> fixesAtCursor() const;
    /** The marker's rectangle of a 1-based line in lineNumberArea() coordinates (empty when not shown). */
    QRect fixMarkerRect(int line) const;
    /**
     * The button over the cursor line's fix marker: a real control, so screen readers and AT-SPI clients reach the
     * marker (accessible name "Fix on cursor line", description naming the line and the findings); hidden when the
     * cursor's line has no fix. Pressing it does what clicking the marker does.
     */
    QToolButton* fixButton() const { return m_fixButton; }
    /** The gutter widget (line numbers and fix markers). */
    QWidget* lineNumberArea() const { return m_lineNumberArea; }
    /** The gutter's tooltip at a point of it (empty when no marker is there). */
    QString gutterToolTip(const QPoint& position) const;

    /** After this long without typing, the next keystroke starts a new undo step (default 1000 ms). */
    void setTypingPause(int milliseconds) { m_pauseTimer.setInterval(milliseconds); }
    QCompleter* completer() const { return m_completer; }
    /** Replaces the word before the cursor by the completion (what choosing from the popup does). */
    void insertCompletion(const QString& completion);
    /** The word before the cursor that completion would replace. */
    QString wordBeforeCursor() const;
    /**
     * The document's own indentation step: a tab when its lines are indented with tabs, else the smallest
     * indentation of any line (2 for a 2-space document), 4 when no line is indented. Tab inserts it.
     */
    QString indentUnit() const;

    int lineNumberAreaWidth() const;

signals:
    /** A file was dropped on the editor: the window opens it rather than inserting its name. */
    void fileDropped(const QString& path);
    /** Apply the fix of findings()[index] (the gutter marker or Ctrl+.). */
    void applyFixRequested(int index);

protected:
    bool event(QEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    /** Highlights the lines about to be painted (JsonHighlighter highlights on demand), then paints. */
    void paintEvent(QPaintEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    /** Tab: the indentation step at the cursor, or each selected line indented; Shift+Tab outdents. */
    void indentSelection(bool outdent);
    friend class LineNumberArea;
    void lineNumberAreaPaintEvent(QPaintEvent* event);
    void lineNumberAreaClicked(const QPoint& position);
    /** Emits applyFixRequested for one fix; for several, asks with a menu at globalPosition. */
    void chooseFix(const QList<int>& indexes, const QPoint& globalPosition);
    int markerWidth() const;
    int lineAt(int y) const;
    void updateLineNumberAreaWidth();
    void updateLineNumberArea(const QRect& rect, int dy);
    void syncFromDocument();
    /** Shows the whole document text again (a load): built in slices, never the whole text as one QString. */
    void refill();
    /** Brings the view to the document's text by replacing only what differs (the slow way: two whole texts). */
    void syncWhole();
    /** Replaces `removed` characters at `position` of the view, keeping what is on screen where it is. */
    void replaceInView(int position, int removed, const QString& inserted);
    void onTextEdited();
    void applySelections();
    void updateFixButton();
    void showCompletion();
    /** Has the highlighter highlight the lines in view. */
    void highlightVisibleLines();

    model::PolicyDocument* m_document = nullptr;
    QWidget* m_lineNumberArea;
    QToolButton* m_fixButton;
    JsonHighlighter* m_highlighter;
    QCompleter* m_completer;
    QTimer m_pauseTimer;
    bool m_syncing = false;
    /// The view's change not yet given to the document (QTextDocument::contentsChange): where, how many characters
    /// it removed and added; m_pendingEdits counts the changes (more than one: the whole text is compared instead).
    int m_pendingPosition = 0;
    int m_pendingRemoved = 0;
    int m_pendingAdded = 0;
    int m_pendingEdits = 0;
    std::shared_ptr<const std::vector<Finding>> m_findings;
    QList<QTextEdit::ExtraSelection> m_findingSelections;
    /// The index in m_findings of each underline (a long line's findings are not all underlined).
    std::vector<std::size_t> m_selectionFinding;
    QMap<int, QList<int>> m_fixLines; ///< 1-based line -> indexes into m_findings of fixable findings
};

} // namespace kps::ui
