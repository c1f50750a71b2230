// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPalette>
#include <QTextBlock>
#include <QTextCharFormat>
#include <QTextLayout>

class QTextDocument;

namespace kps::ui {

/**
 * Highlights JSON: member keys, string values, numbers and literals. Colours follow the palette (dark themes).
 *
 * Only the lines asked for are highlighted (JsonEditor asks for the lines on screen before it paints), not the whole
 * document as QSyntaxHighlighter does: QSyntaxHighlighter gives every line of the document a QTextLayout and lays it
 * out, which for a 20,000-statement policy (about 300,000 lines) took seconds and hundreds of MB. JSON lines are
 * highlighted each on its own (no state carries from one line to the next), so a line needs highlighting again only
 * when its text changes or the palette does.
 */
class JsonHighlighter : public QObject
{
    Q_OBJECT

public:
    explicit JsonHighlighter(QTextDocument* document);
    /** Recomputes the formats from a palette; every line is highlighted again when next asked for. */
    void setPalette(const QPalette& palette);
    /** Highlights the lines from `first` to `last` (inclusive) that are not highlighted as they are now. */
    void highlight(QTextBlock first, const QTextBlock& last);
    /** The formats of one line of JSON text (keys, strings, numbers, literals). */
    QList<QTextLayout::FormatRange> formatsOf(const QString& text) const;

private:
    /** A changed line needs highlighting again: its state is no longer the current generation. */
    void contentsChanged(int position, int removed, int added);

    QTextDocument* m_document;
    /// Stored in each highlighted block's userState(); a new palette starts a new generation.
    int m_generation = 1;
    bool m_applying = false;
    QTextCharFormat m_key;
    QTextCharFormat m_string;
    QTextCharFormat m_literal;
};

} // namespace kps::ui
