// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Finding.h"

#include <QPlainTextEdit>
#include <QTimer>

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
    int findingSelectionCount() const { return static_cast<int>(m_findingSelections.size()); }
    /** The text position of a 1-based line and a 1-based column counted in code points. */
    int positionOf(int line, int column) const;
    /** Selects a finding's span and shows it (cursor at its start... selection to its end). */
    void selectSpan(const Span& span);
    /** The messages of the findings whose underline covers a text position. */
    QStringList messagesAt(int position) const;

    /** After this long without typing, the next keystroke starts a new undo step (default 1000 ms). */
    void setTypingPause(int milliseconds) { m_pauseTimer.setInterval(milliseconds); }
    QCompleter* completer() const { return m_completer; }
    /** Replaces the word before the cursor by the completion (what choosing from the popup does). */
    void insertCompletion(const QString& completion);
    /** The word before the cursor that completion would replace. */
    QString wordBeforeCursor() const;

    int lineNumberAreaWidth() const;

signals:
    /** A file was dropped on the editor: the window opens it rather than inserting its name. */
    void fileDropped(const QString& path);

protected:
    bool event(QEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    friend class LineNumberArea;
    void lineNumberAreaPaintEvent(QPaintEvent* event);
    void updateLineNumberAreaWidth();
    void updateLineNumberArea(const QRect& rect, int dy);
    void syncFromDocument();
    void onTextEdited();
    void applySelections();
    void showCompletion();

    model::PolicyDocument* m_document = nullptr;
    QWidget* m_lineNumberArea;
    JsonHighlighter* m_highlighter;
    QCompleter* m_completer;
    QTimer m_pauseTimer;
    bool m_syncing = false;
    std::vector<Finding> m_findings;
    QList<QTextEdit::ExtraSelection> m_findingSelections;
};

} // namespace kps::ui
