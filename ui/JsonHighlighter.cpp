// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/JsonHighlighter.h"

#include <QTextDocument>

#include <algorithm>
#include <limits>

namespace kps::ui {

JsonHighlighter::JsonHighlighter(QTextDocument* document)
    : QObject(document)
    , m_document(document)
{
    connect(m_document, &QTextDocument::contentsChange, this, &JsonHighlighter::contentsChanged);
    setPalette(QPalette());
}

void JsonHighlighter::setPalette(const QPalette& palette)
{
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    m_key.setForeground(palette.color(QPalette::Link));
    m_string.setForeground(QColor::fromHsl(130, 150, dark ? 160 : 75));
    m_literal.setForeground(QColor::fromHsl(25, 180, dark ? 160 : 85));
    // Block states of lines highlighted before are now out of date (a block's state starts at -1).
    m_generation = m_generation == std::numeric_limits<int>::max() ? 1 : m_generation + 1;
}

void JsonHighlighter::contentsChanged(int position, int removed, int added)
{
    Q_UNUSED(removed);
    if (m_applying) {
        return;
    }
    // The lines the change touched keep their old state (and formats) otherwise; new lines start at -1.
    QTextBlock block = m_document->findBlock(position);
    const QTextBlock end = m_document->findBlock(position + added);
    for (; block.isValid(); block = block.next()) {
        block.setUserState(-1);
        if (block == end) {
            break;
        }
    }
}

void JsonHighlighter::highlight(QTextBlock first, const QTextBlock& last)
{
    m_applying = true;
    for (QTextBlock block = std::move(first); block.isValid(); block = block.next()) {
        if (block.userState() != m_generation) {
            block.setUserState(m_generation);
            QList<QTextLayout::FormatRange> formats = formatsOf(block.text());
            QTextLayout* layout = block.layout();
            if (layout->formats() != formats) {
                // As QSyntaxHighlighter does: new formats, then the line laid out again (no undo step, no edit).
                layout->setFormats(formats);
                m_document->markContentsDirty(block.position(), block.length());
            }
        }
        if (block == last) {
            break;
        }
    }
    m_applying = false;
}

QList<QTextLayout::FormatRange> JsonHighlighter::formatsOf(const QString& text) const
{
    QList<QTextLayout::FormatRange> formats;
    auto add = [&formats](qsizetype start, qsizetype length, const QTextCharFormat& format) {
        formats.append({static_cast<int>(start), static_cast<int>(length), format});
    };
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = text[i];
        if (c == QLatin1Char('"')) {
            qsizetype j = i + 1;
            while (j < n && text[j] != QLatin1Char('"')) {
                j += text[j] == QLatin1Char('\\') ? 2 : 1;
            }
            j = std::min(j + 1, n);
            // A key is a string followed by a colon.
            qsizetype k = j;
            while (k < n && text[k].isSpace()) {
                ++k;
            }
            const bool isKey = k < n && text[k] == QLatin1Char(':');
            add(i, j - i, isKey ? m_key : m_string);
            i = j;
        } else if (c.isDigit() || c == QLatin1Char('-')) {
            qsizetype j = i + 1;
            while (j < n
                   && (text[j].isDigit() || text[j] == QLatin1Char('.') || text[j] == QLatin1Char('e')
                       || text[j] == QLatin1Char('E') || text[j] == QLatin1Char('+') || text[j] == QLatin1Char('-'))) {
                ++j;
            }
            add(i, j - i, m_literal);
            i = j;
        } else if (c.isLetter()) {
            qsizetype j = i;
            while (j < n && text[j].isLetter()) {
                ++j;
            }
            const QStringView word = QStringView(text).mid(i, j - i);
            if (word == QLatin1String("true") || word == QLatin1String("false") || word == QLatin1String("null")) {
                add(i, j - i, m_literal);
            }
            i = j;
        } else {
            ++i;
        }
    }
    return formats;
}

} // namespace kps::ui
