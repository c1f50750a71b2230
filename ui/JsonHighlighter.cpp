// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/JsonHighlighter.h"

namespace kps::ui {

JsonHighlighter::JsonHighlighter(QTextDocument* document)
    : QSyntaxHighlighter(document)
{
    setPalette(QPalette());
}

void JsonHighlighter::setPalette(const QPalette& palette)
{
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    m_key.setForeground(palette.color(QPalette::Link));
    m_string.setForeground(QColor::fromHsl(130, 150, dark ? 160 : 75));
    m_literal.setForeground(QColor::fromHsl(25, 180, dark ? 160 : 85));
    rehighlight();
}

void JsonHighlighter::highlightBlock(const QString& text)
{
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
            setFormat(static_cast<int>(i), static_cast<int>(j - i), isKey ? m_key : m_string);
            i = j;
        } else if (c.isDigit() || c == QLatin1Char('-')) {
            qsizetype j = i + 1;
            while (j < n
                   && (text[j].isDigit() || text[j] == QLatin1Char('.') || text[j] == QLatin1Char('e')
                       || text[j] == QLatin1Char('E') || text[j] == QLatin1Char('+') || text[j] == QLatin1Char('-'))) {
                ++j;
            }
            setFormat(static_cast<int>(i), static_cast<int>(j - i), m_literal);
            i = j;
        } else if (c.isLetter()) {
            qsizetype j = i;
            while (j < n && text[j].isLetter()) {
                ++j;
            }
            const QStringView word = QStringView(text).mid(i, j - i);
            if (word == QLatin1String("true") || word == QLatin1String("false") || word == QLatin1String("null")) {
                setFormat(static_cast<int>(i), static_cast<int>(j - i), m_literal);
            }
            i = j;
        } else {
            ++i;
        }
    }
}

} // namespace kps::ui
