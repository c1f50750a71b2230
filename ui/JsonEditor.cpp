// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/JsonEditor.h"

#include "core/vocab/Vocabulary.h"
#include "model/DisplayText.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"
#include "model/SeverityStyle.h"
#include "ui/JsonHighlighter.h"

#include <QAbstractItemView>
#include <QAction>
#include <QCompleter>
#include <QDragEnterEvent>
#include <QFontDatabase>
#include <QHash>
#include <QHelpEvent>
#include <QIcon>
#include <QKeyEvent>
#include <QMenu>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <QResizeEvent>
#include <QScrollBar>
#include <QTextBlock>
#include <QToolButton>
#include <QToolTip>

#include <algorithm>

namespace kps::ui {

using model::SeverityStyle;
using model::toQString;

/** The gutter with line numbers (Qt's code editor example). */
class LineNumberArea : public QWidget
{
public:
    explicit LineNumberArea(JsonEditor* editor)
        : QWidget(editor)
        , m_editor(editor)
    {
        setObjectName(QStringLiteral("lineNumbers"));
    }
    QSize sizeHint() const override { return QSize(m_editor->lineNumberAreaWidth(), 0); }

protected:
    void paintEvent(QPaintEvent* event) override { m_editor->lineNumberAreaPaintEvent(event); }
    void mousePressEvent(QMouseEvent* event) override
    {
        if (event->button() == Qt::LeftButton) {
            m_editor->lineNumberAreaClicked(event->position().toPoint());
            event->accept();
            return;
        }
        QWidget::mousePressEvent(event);
    }
    bool event(QEvent* event) override
    {
        if (event->type() == QEvent::ToolTip) {
            auto* help = static_cast<QHelpEvent*>(event);
            const QString tip = m_editor->gutterToolTip(help->pos());
            if (tip.isEmpty()) {
                QToolTip::hideText();
                event->ignore();
            } else {
                QToolTip::showText(help->globalPos(), tip, this);
            }
            return true;
        }
        return QWidget::event(event);
    }

private:
    JsonEditor* m_editor;
};

namespace {

QStringList completionWords()
{
    const Vocabulary& vocabulary = Vocabulary::instance();
    QStringList words;
    for (const ActionInfo& a : vocabulary.actions()) {
        words << toQString(a.name);
    }
    for (const ConditionKeyInfo& k : vocabulary.conditionKeys()) {
        words << toQString(k.isTemplate ? k.prefix : k.name);
    }
    for (const OperatorInfo& o : vocabulary.operators()) {
        words << toQString(o.name);
    }
    words.removeDuplicates();
    words.sort(Qt::CaseInsensitive);
    return words;
}

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char(':') || c == QLatin1Char('*') || c == QLatin1Char('?')
        || c == QLatin1Char('_') || c == QLatin1Char('-') || c == QLatin1Char('.');
}

} // namespace

JsonEditor::JsonEditor(QWidget* parent)
    : QPlainTextEdit(parent)
    , m_lineNumberArea(new LineNumberArea(this))
    , m_fixButton(new QToolButton(m_lineNumberArea))
    , m_highlighter(new JsonHighlighter(document()))
    , m_completer(new QCompleter(completionWords(), this))
    , m_findings(std::make_shared<const std::vector<Finding>>())
{
    setObjectName(QStringLiteral("policyJson"));
    setAccessibleName(QStringLiteral("Policy JSON"));
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setUndoRedoEnabled(false);
    setTabStopDistance(4 * fontMetrics().horizontalAdvance(QLatin1Char(' ')));
    m_highlighter->setPalette(palette());

    connect(this, &QPlainTextEdit::blockCountChanged, this, &JsonEditor::updateLineNumberAreaWidth);
    connect(this, &QPlainTextEdit::updateRequest, this, &JsonEditor::updateLineNumberArea);
    updateLineNumberAreaWidth();

    m_completer->setWidget(this);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchContains);
    connect(m_completer, qOverload<const QString&>(&QCompleter::activated), this, &JsonEditor::insertCompletion);

    m_pauseTimer.setSingleShot(true);
    m_pauseTimer.setInterval(1000);
    connect(&m_pauseTimer, &QTimer::timeout, this, [this] {
        if (m_document) {
            m_document->endTypingStep();
        }
    });
    connect(document(), &QTextDocument::contentsChange, this, [this](int position, int removed, int added) {
        if (m_syncing) {
            return;
        }
        m_pendingPosition = position;
        m_pendingRemoved = removed;
        m_pendingAdded = added;
        ++m_pendingEdits;
    });
    connect(this, &QPlainTextEdit::textChanged, this, &JsonEditor::onTextEdited);

    m_fixButton->setObjectName(QStringLiteral("fixMarkerButton"));
    m_fixButton->setAccessibleName(QStringLiteral("Fix on cursor line"));
    m_fixButton->setAutoRaise(true);
    m_fixButton->setFocusPolicy(Qt::NoFocus); // the keyboard has Ctrl+.; Tab indents in this view
    m_fixButton->hide();
    connect(m_fixButton, &QToolButton::clicked, this, [this] {
        const int line = textCursor().blockNumber() + 1;
        const QList<int> fixes = fixesOnLine(line);
        if (!fixes.isEmpty()) {
            chooseFix(fixes, m_fixButton->mapToGlobal(m_fixButton->rect().bottomLeft()));
        }
    });
    connect(this, &QPlainTextEdit::cursorPositionChanged, this, &JsonEditor::updateFixButton);
    connect(this, &QPlainTextEdit::updateRequest, this, &JsonEditor::updateFixButton);
}

void JsonEditor::updateFixButton()
{
    const int line = textCursor().blockNumber() + 1;
    const QList<int> fixes = fixesOnLine(line);
    const QRect marker = fixes.isEmpty() ? QRect() : fixMarkerRect(line);
    if (!marker.isValid()) {
        m_fixButton->hide();
        return;
    }
    QStringList what;
    for (int index : fixes) {
        const Finding& f = (*m_findings)[static_cast<std::size_t>(index)];
        what << model::toQString(f.code) + QStringLiteral(" — ") + model::toQString(f.message);
    }
    m_fixButton->setAccessibleDescription(tr("Line %1: %2").arg(line).arg(what.join(QStringLiteral("; "))));
    m_fixButton->setToolTip(tr("Apply the fix on line %1 (Ctrl+.)").arg(line));
    m_fixButton->setGeometry(marker);
    m_fixButton->show();
}

JsonEditor::~JsonEditor() = default;

void JsonEditor::setPolicyDocument(model::PolicyDocument* document)
{
    if (m_document) {
        m_document->disconnect(this);
    }
    m_document = document;
    connect(m_document, &model::PolicyDocument::textChanged, this, &JsonEditor::syncFromDocument);
    connect(m_document, &model::PolicyDocument::loaded, this, [this] {
        setFindings({});
        moveCursor(QTextCursor::Start);
    });
    m_syncing = true;
    setPlainText(m_document->displayText());
    m_syncing = false;
}

QString JsonEditor::currentText() const
{
    // toPlainText() would turn no-break spaces into spaces; the raw text keeps every character.
    QString text = document()->toRawText();
    text.replace(QChar::ParagraphSeparator, QLatin1Char('\n'));
    text.replace(QChar::LineSeparator, QLatin1Char('\n'));
    return text;
}

void JsonEditor::onTextEdited()
{
    if (m_syncing || !m_document) {
        return;
    }
    const int edits = std::exchange(m_pendingEdits, 0);
    // The document takes the view's change as it is: nothing to bring back into the view. One change (a keystroke, a
    // paste) is given as such, a few bytes; anything else as the whole text (which costs tens of MB and most of a
    // keystroke's time in a large policy).
    const int length = document()->characterCount() - 1;
    const int before = length - m_pendingAdded + m_pendingRemoved;
    const bool inPlace = edits == 1 && m_pendingPosition >= 0 && m_pendingPosition + m_pendingAdded <= length
        && m_pendingPosition + m_pendingRemoved <= before;
    m_syncing = true;
    bool done = false;
    if (inPlace) {
        QTextCursor added(document());
        added.setPosition(m_pendingPosition);
        added.setPosition(m_pendingPosition + m_pendingAdded, QTextCursor::KeepAnchor);
        done = m_document->editText(m_pendingPosition, m_pendingRemoved, added.selectedText(), true);
    }
    if (!done) {
        m_document->replaceText(currentText(), true);
    }
    m_syncing = false;
    m_pauseTimer.start();
}

void JsonEditor::syncFromDocument()
{
    if (m_syncing) {
        return;
    }
    const model::TextChange& change = m_document->lastChange();
    const std::string& text = m_document->text();
    if (auto edit = model::viewEditFor(text, change, document()->characterCount() - 1)) {
        replaceInView(static_cast<int>(edit->position), static_cast<int>(edit->removed), edit->inserted);
        return;
    }
    // A load of a large text: build the view from it in slices (the whole text as a QString, twice, was the peak of
    // opening a 6.8 MB policy).
    constexpr std::size_t Large = 1 << 20;
    if (change.whole && text.size() > Large) {
        refill();
        return;
    }
    syncWhole();
}

void JsonEditor::refill()
{
    const std::string& text = m_document->text();
    constexpr std::size_t Slice = 1 << 18;
    m_syncing = true;
    QTextCursor cursor(document());
    cursor.beginEditBlock();
    cursor.select(QTextCursor::Document);
    cursor.removeSelectedText();
    std::size_t from = 0;
    while (from < text.size()) {
        // Slices end after a line break ("\r\n" stays whole) or at the end.
        std::size_t to = text.size();
        if (text.size() - from > Slice) {
            const std::size_t newline = text.find('\n', from + Slice);
            to = newline == std::string::npos ? text.size() : newline + 1;
        }
        cursor.insertText(model::displayPiece(text, from, to));
        from = to;
    }
    cursor.endEditBlock();
    m_syncing = false;
}

void JsonEditor::syncWhole()
{
    const QString target = m_document->displayText();
    const QString current = currentText();
    if (target == current) {
        return;
    }
    qsizetype prefix = 0;
    const qsizetype common = std::min(target.size(), current.size());
    while (prefix < common && target[prefix] == current[prefix]) {
        ++prefix;
    }
    qsizetype suffix = 0;
    while (suffix < common - prefix && target[target.size() - 1 - suffix] == current[current.size() - 1 - suffix]) {
        ++suffix;
    }
    replaceInView(static_cast<int>(prefix),
                  static_cast<int>(current.size() - prefix - suffix),
                  target.mid(prefix, target.size() - prefix - suffix));
}

void JsonEditor::replaceInView(int position, int removed, const QString& inserted)
{
    // Replace only the part that differs (fixes and form edits change only their own text): the view's cursor moves
    // with the text around it, and the lines on screen stay on screen.
    const int vertical = verticalScrollBar()->value();
    const int horizontal = horizontalScrollBar()->value();
    // An edit above the first line on screen shifts what is shown by the lines it adds or removes.
    int shift = 0;
    if (position < firstVisibleBlock().position()) {
        const int removedLines
            = document()->findBlock(position + removed).blockNumber() - document()->findBlock(position).blockNumber();
        shift = static_cast<int>(inserted.count(QLatin1Char('\n'))) - removedLines;
    }
    m_syncing = true;
    QTextCursor cursor(document());
    cursor.beginEditBlock();
    cursor.setPosition(position);
    cursor.setPosition(position + removed, QTextCursor::KeepAnchor);
    cursor.insertText(inserted);
    cursor.endEditBlock();
    verticalScrollBar()->setValue(vertical + shift);
    horizontalScrollBar()->setValue(horizontal);
    m_syncing = false;
}

namespace {

bool hasSurrogates(const QString& text)
{
    return std::any_of(text.cbegin(), text.cend(), [](QChar c) { return c.isSurrogate(); });
}

/// UTF-16 offset of a 1-based code-point column in a line (clamped to the line).
qsizetype unitsOfColumn(const QString& text, int column, bool surrogates)
{
    if (!surrogates) {
        // The common case (every valid key policy): one unit per code point.
        return std::clamp<qsizetype>(column - 1, 0, text.size());
    }
    qsizetype units = 0;
    for (int cp = 1; cp < column && units < text.size(); ++cp) {
        const bool pair = text[units].isHighSurrogate() && units + 1 < text.size() && text[units + 1].isLowSurrogate();
        units += pair ? 2 : 1;
    }
    return units;
}

} // namespace

int JsonEditor::positionOf(int line, int column) const
{
    const QTextBlock block = document()->findBlockByNumber(std::max(0, line - 1));
    if (!block.isValid()) {
        return document()->characterCount() - 1;
    }
    const QString text = block.text();
    return block.position() + static_cast<int>(unitsOfColumn(text, column, hasSurrogates(text)));
}

void JsonEditor::setFindings(const std::vector<Finding>& findings)
{
    setSharedFindings(std::make_shared<const std::vector<Finding>>(findings));
}

void JsonEditor::setSharedFindings(std::shared_ptr<const std::vector<Finding>> findings)
{
    m_findings = findings ? std::move(findings) : std::make_shared<const std::vector<Finding>>();
    m_findingSelections.clear();
    m_selectionFinding.clear();
    m_fixLines.clear();
    for (std::size_t i = 0; i < m_findings->size(); ++i) {
        if ((*m_findings)[i].hasFix()) {
            m_fixLines[std::max(1, (*m_findings)[i].location.span.line)].append(static_cast<int>(i));
        }
    }
    m_lineNumberArea->update();
    const int last = document()->characterCount() - 1; // the position after the last character
    // A line's text is fetched and scanned for surrogates once for a run of findings on it (a minified policy is one
    // line: copying its text for each of thousands of findings took minutes on a 1 MB line).
    int cachedBlock = -1;
    QString cachedText;
    bool cachedSurrogates = false;
    auto position = [&](int line, int column) {
        const QTextBlock block = document()->findBlockByNumber(std::max(0, line - 1));
        if (!block.isValid()) {
            return last;
        }
        if (block.blockNumber() != cachedBlock) {
            cachedBlock = block.blockNumber();
            cachedText = block.text();
            cachedSurrogates = hasSurrogates(cachedText);
        }
        return block.position() + static_cast<int>(unitsOfColumn(cachedText, column, cachedSurrogates));
    };
    // Inside an edit block QTextCursor::setPosition skips computing the cursor's x, which would shape the whole line
    // once per finding (minutes on a line of hundreds of KB). No text changes here.
    const bool wasSyncing = m_syncing;
    m_syncing = true; // should the empty edit block signal a change, it is not the user's typing
    QTextCursor batch(document());
    batch.beginEditBlock();
    QHash<int, qsizetype> underlinesOnBlock;
    for (std::size_t index = 0; index < m_findings->size(); ++index) {
        const Finding& f = (*m_findings)[index];
        if (m_findingSelections.size() >= MaxUnderlines) {
            break;
        }
        const Span& span = f.location.span;
        int start = position(span.line, span.column);
        const qsizetype lineLength = std::max<qsizetype>(1, cachedText.size());
        qsizetype& onBlock = underlinesOnBlock[cachedBlock];
        if (onBlock >= std::max<qsizetype>(1, UnderlinedCharsPerLine / lineLength)) {
            continue;
        }
        ++onBlock;
        int end = position(span.endLine, span.endColumn);
        if (span.endLine > span.line) {
            // A span over several lines (a whole statement, the policy) is underlined on its first line only.
            const QTextBlock block = document()->findBlock(start);
            end = block.position() + block.length() - 1;
        }
        if (end <= start) {
            if (start < last) {
                end = start + 1;
            } else if (start > 0) {
                start = last - 1;
                end = last;
            }
        }
        QTextEdit::ExtraSelection selection;
        selection.cursor = QTextCursor(document());
        selection.cursor.setPosition(start);
        selection.cursor.setPosition(end, QTextCursor::KeepAnchor);
        selection.format.setUnderlineStyle(QTextCharFormat::SpellCheckUnderline);
        selection.format.setUnderlineColor(SeverityStyle::color(f.severity, palette()));
        m_findingSelections.append(selection);
        m_selectionFinding.push_back(index);
    }
    batch.endEditBlock();
    m_syncing = wasSyncing;
    applySelections();
    updateFixButton();
}

void JsonEditor::applySelections()
{
    setExtraSelections(m_findingSelections);
}

QStringList JsonEditor::messagesAt(int position) const
{
    QStringList messages;
    for (qsizetype i = 0; i < m_findingSelections.size(); ++i) {
        const QTextCursor& c = m_findingSelections[i].cursor;
        if (position >= c.selectionStart() && position < c.selectionEnd()) {
            const Finding& f = (*m_findings)[m_selectionFinding[static_cast<std::size_t>(i)]];
            messages << tr("%1 %2: %3").arg(SeverityStyle::text(f.severity), toQString(f.code), toQString(f.message));
        }
    }
    return messages;
}

void JsonEditor::selectSpan(const Span& span)
{
    const int start = positionOf(span.line, span.column);
    int end = positionOf(span.endLine, span.endColumn);
    QTextCursor cursor(document());
    cursor.setPosition(start);
    cursor.setPosition(std::max(start, end), QTextCursor::KeepAnchor);
    setTextCursor(cursor);
    centerCursor();
    // Keep the start of the line in view when the span's start fits in it (ensureCursorVisible scrolled to the end
    // of a long span); otherwise show the span's start a quarter of the way in.
    QTextCursor at(document());
    at.setPosition(start);
    const int x = cursorRect(at).left() + horizontalScrollBar()->value();
    const int width = viewport()->width();
    horizontalScrollBar()->setValue(x < width * 3 / 4 ? 0 : x - width / 4);
}

void JsonEditor::revealLine(int line)
{
    const QTextBlock block = document()->findBlockByNumber(std::max(0, line - 1));
    if (!block.isValid()) {
        return;
    }
    const int first = firstVisibleBlock().blockNumber();
    const int visible = std::max(1, viewport()->height() / std::max(1, fontMetrics().lineSpacing()));
    if (block.blockNumber() >= first && block.blockNumber() < first + visible - 1) {
        return; // already in view: nothing moves
    }
    verticalScrollBar()->setValue(std::max(0, block.blockNumber() - 2)); // a little context above it
}

QString JsonEditor::wordBeforeCursor() const
{
    const QTextCursor cursor = textCursor();
    const QString text = cursor.block().text();
    int end = cursor.positionInBlock();
    int start = end;
    while (start > 0 && isWordChar(text[start - 1])) {
        --start;
    }
    return text.mid(start, end - start);
}

void JsonEditor::insertCompletion(const QString& completion)
{
    QTextCursor cursor = textCursor();
    const int length = static_cast<int>(wordBeforeCursor().size());
    cursor.movePosition(QTextCursor::Left, QTextCursor::KeepAnchor, length);
    cursor.insertText(completion);
    setTextCursor(cursor);
}

void JsonEditor::showCompletion()
{
    m_completer->setCompletionPrefix(wordBeforeCursor());
    m_completer->popup()->setCurrentIndex(m_completer->completionModel()->index(0, 0));
    QRect rect = cursorRect();
    rect.setWidth(m_completer->popup()->sizeHintForColumn(0)
                  + m_completer->popup()->verticalScrollBar()->sizeHint().width());
    m_completer->complete(rect);
}

bool JsonEditor::event(QEvent* event)
{
    if (event->type() == QEvent::ShortcutOverride) {
        // Undo and redo belong to the document's stack (the window's actions), not to this widget.
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->matches(QKeySequence::Undo) || key->matches(QKeySequence::Redo)) {
            event->ignore();
            return true;
        }
        // Ctrl+. applies the fix at the cursor here; elsewhere (nothing fixable at the cursor) the window's
        // `Apply fix` applies the selected finding's.
        if (key->keyCombination() == QKeyCombination(Qt::ControlModifier, Qt::Key_Period)
            && !fixesAtCursor().isEmpty()) {
            event->accept();
            return true;
        }
    }
    return QPlainTextEdit::event(event);
}

bool JsonEditor::viewportEvent(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QStringList messages = messagesAt(cursorForPosition(help->pos()).position());
        if (messages.isEmpty()) {
            QToolTip::hideText();
        } else {
            QToolTip::showText(help->globalPos(), messages.join(QStringLiteral("\n")), viewport());
        }
        return true;
    }
    return QPlainTextEdit::viewportEvent(event);
}

void JsonEditor::keyPressEvent(QKeyEvent* event)
{
    if (m_completer->popup()->isVisible()) {
        switch (event->key()) {
        case Qt::Key_Enter:
        case Qt::Key_Return:
        case Qt::Key_Escape:
        case Qt::Key_Tab:
        case Qt::Key_Backtab:
            event->ignore(); // the popup takes these
            return;
        default:
            break;
        }
    }
    if (event->key() == Qt::Key_Space && (event->modifiers() & Qt::ControlModifier)) {
        showCompletion();
        return;
    }
    if ((event->key() == Qt::Key_Tab && event->modifiers() == Qt::NoModifier) || event->key() == Qt::Key_Backtab) {
        indentSelection(event->key() == Qt::Key_Backtab); // never a literal tab: inside a string it breaks the JSON
        return;
    }
    if (event->keyCombination() == QKeyCombination(Qt::ControlModifier, Qt::Key_Period)) {
        const QList<int> fixes = fixesAtCursor();
        if (!fixes.isEmpty()) {
            chooseFix(fixes, viewport()->mapToGlobal(cursorRect().bottomLeft()));
            return;
        }
    }
    QPlainTextEdit::keyPressEvent(event);
    if (m_completer->popup()->isVisible()) {
        const QString prefix = wordBeforeCursor();
        if (prefix.isEmpty()) {
            m_completer->popup()->hide();
        } else {
            m_completer->setCompletionPrefix(prefix);
            m_completer->popup()->setCurrentIndex(m_completer->completionModel()->index(0, 0));
        }
    }
}

QString JsonEditor::indentUnit() const
{
    int smallest = 0;
    bool tabs = false;
    for (QTextBlock block = document()->begin(); block.isValid(); block = block.next()) {
        const QString line = block.text();
        if (line.startsWith(QLatin1Char('\t'))) {
            tabs = true;
            break;
        }
        qsizetype spaces = 0;
        while (spaces < line.size() && line[spaces] == QLatin1Char(' ')) {
            ++spaces;
        }
        if (spaces > 0 && spaces < line.size() && (smallest == 0 || spaces < smallest)) {
            smallest = static_cast<int>(spaces);
        }
    }
    if (tabs) {
        return QStringLiteral("\t");
    }
    return QString(smallest > 0 && smallest <= 8 ? smallest : 4, QLatin1Char(' '));
}

void JsonEditor::indentSelection(bool outdent)
{
    const QString unit = indentUnit();
    QTextCursor cursor = textCursor();
    const bool multiLine = cursor.hasSelection()
        && document()->findBlock(cursor.selectionStart()) != document()->findBlock(cursor.selectionEnd());
    if (!outdent && !multiLine) {
        // Spaces to the next indentation stop (or one tab), replacing any selection: one edit, one undo step.
        const int column = cursor.positionInBlock();
        const int width = static_cast<int>(unit.size());
        cursor.insertText(unit == QLatin1String("\t") ? unit : QString(width - column % width, QLatin1Char(' ')));
        setTextCursor(cursor);
        return;
    }
    QTextBlock block = document()->findBlock(cursor.selectionStart());
    const QTextBlock last = document()->findBlock(cursor.hasSelection() ? cursor.selectionEnd() : cursor.position());
    cursor.beginEditBlock();
    for (;; block = block.next()) {
        QTextCursor line(block);
        if (outdent) {
            const QString text = block.text();
            qsizetype remove = 0;
            if (text.startsWith(QLatin1Char('\t'))) {
                remove = 1;
            } else {
                while (remove < unit.size() && remove < text.size() && text[remove] == QLatin1Char(' ')) {
                    ++remove;
                }
            }
            line.movePosition(QTextCursor::NextCharacter, QTextCursor::KeepAnchor, static_cast<int>(remove));
            line.removeSelectedText();
        } else if (!block.text().isEmpty()) {
            line.insertText(unit);
        }
        if (block == last || !block.isValid()) {
            break;
        }
    }
    cursor.endEditBlock();
}

void JsonEditor::paintEvent(QPaintEvent* event)
{
    highlightVisibleLines();
    QPlainTextEdit::paintEvent(event);
}

void JsonEditor::highlightVisibleLines()
{
    QTextBlock first = firstVisibleBlock();
    QTextBlock last = first;
    const QPointF offset = contentOffset();
    const int height = viewport()->height();
    for (QTextBlock block = first; block.isValid(); block = block.next()) {
        last = block;
        if (blockBoundingGeometry(block).translated(offset).bottom() >= height) {
            break;
        }
    }
    m_highlighter->highlight(first, last);
}

void JsonEditor::changeEvent(QEvent* event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_highlighter->setPalette(palette());
        highlightVisibleLines();
        viewport()->update();
        setSharedFindings(m_findings);
    }
}

void JsonEditor::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls()) {
        event->acceptProposedAction();
        return;
    }
    QPlainTextEdit::dragEnterEvent(event);
}

void JsonEditor::dragMoveEvent(QDragMoveEvent* event)
{
    if (event->mimeData()->hasUrls()) {
        event->acceptProposedAction();
        return;
    }
    QPlainTextEdit::dragMoveEvent(event);
}

void JsonEditor::dropEvent(QDropEvent* event)
{
    if (event->mimeData()->hasUrls()) {
        for (const QUrl& url : event->mimeData()->urls()) {
            if (url.isLocalFile()) {
                event->acceptProposedAction();
                emit fileDropped(url.toLocalFile());
                return;
            }
        }
        event->ignore();
        return;
    }
    QPlainTextEdit::dropEvent(event);
}

// ---- Line numbers ---------------------------------------------------------------------------------------------

int JsonEditor::lineNumberAreaWidth() const
{
    int digits = 1;
    for (int max = std::max(1, blockCount()); max >= 10; max /= 10) {
        ++digits;
    }
    return markerWidth() + 8 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * std::max(3, digits);
}

int JsonEditor::markerWidth() const
{
    return fontMetrics().height() + 2;
}

void JsonEditor::updateLineNumberAreaWidth()
{
    setViewportMargins(lineNumberAreaWidth(), 0, 0, 0);
}

void JsonEditor::updateLineNumberArea(const QRect& rect, int dy)
{
    if (dy) {
        m_lineNumberArea->scroll(0, dy);
    } else {
        m_lineNumberArea->update(0, rect.y(), m_lineNumberArea->width(), rect.height());
    }
    if (rect.contains(viewport()->rect())) {
        updateLineNumberAreaWidth();
    }
}

void JsonEditor::resizeEvent(QResizeEvent* event)
{
    if (lineWrapMode() == QPlainTextEdit::NoWrap && document()->blockCount() > LazyLayoutLines
        && event->oldSize().width() != event->size().width()) {
        // QPlainTextEdit lays the document out again when the width changes, and that gives every line a QTextLayout
        // (Qt's QPlainTextDocumentLayout::setTextWidth): 70 MB and seconds for a 20,000-statement policy, for
        // nothing, as lines never wrap here. Passed on as a change of height only, the scroll bars still follow the
        // new size and the lines are laid out as they come into view. (The layout keeps its earlier width as the
        // document's least width: after a window shrinks, a horizontal scroll bar can stay when no line needs it.)
        QResizeEvent heightOnly(event->size(), QSize(event->size().width(), event->oldSize().height()));
        QPlainTextEdit::resizeEvent(&heightOnly);
    } else {
        QPlainTextEdit::resizeEvent(event);
    }
    const QRect cr = contentsRect();
    m_lineNumberArea->setGeometry(QRect(cr.left(), cr.top(), lineNumberAreaWidth(), cr.height()));
}

void JsonEditor::lineNumberAreaPaintEvent(QPaintEvent* event)
{
    QPainter painter(m_lineNumberArea);
    painter.fillRect(event->rect(), palette().color(QPalette::AlternateBase));
    painter.setPen(palette().color(QPalette::PlaceholderText));
    const QIcon fixIcon = QIcon::fromTheme(QStringLiteral("tools-check-spelling"));
    QTextBlock block = firstVisibleBlock();
    int number = block.blockNumber();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    int bottom = top + qRound(blockBoundingRect(block).height());
    while (block.isValid() && top <= event->rect().bottom()) {
        if (block.isVisible() && bottom >= event->rect().top()) {
            painter.drawText(0,
                             top,
                             m_lineNumberArea->width() - 4,
                             fontMetrics().height(),
                             Qt::AlignRight,
                             QString::number(number + 1));
            if (m_fixLines.contains(number + 1)) {
                const QRect marker = QRect(1, top + 1, markerWidth() - 2, fontMetrics().height() - 2);
                if (!fixIcon.isNull()) {
                    fixIcon.paint(&painter, marker);
                } else {
                    // A shape, not only a colour: a filled diamond in the highlight colour.
                    painter.save();
                    painter.setRenderHint(QPainter::Antialiasing);
                    painter.setPen(Qt::NoPen);
                    painter.setBrush(palette().color(QPalette::Highlight));
                    const QPointF c = QRectF(marker).center();
                    const qreal r = std::min(marker.width(), marker.height()) / 2.0 - 1;
                    const QPointF diamond[4]
                        = {{c.x(), c.y() - r}, {c.x() + r, c.y()}, {c.x(), c.y() + r}, {c.x() - r, c.y()}};
                    painter.drawPolygon(diamond, 4);
                    painter.restore();
                }
            }
        }
        block = block.next();
        top = bottom;
        bottom = top + qRound(blockBoundingRect(block).height());
        ++number;
    }
}

int JsonEditor::lineAt(int y) const
{
    // The gutter and the viewport share their y coordinates.
    const QTextBlock block = cursorForPosition(QPoint(0, y)).block();
    if (!block.isValid()) {
        return -1;
    }
    const QRectF geometry = blockBoundingGeometry(block).translated(contentOffset());
    if (y < geometry.top() || y >= geometry.bottom()) {
        return -1; // below the last line
    }
    return block.blockNumber() + 1;
}

QRect JsonEditor::fixMarkerRect(int line) const
{
    const QTextBlock block = document()->findBlockByNumber(line - 1);
    if (!block.isValid() || !m_fixLines.contains(line) || !block.isVisible()) {
        return {};
    }
    const int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    const QRect rect(0, top, markerWidth(), fontMetrics().height());
    return rect.intersects(m_lineNumberArea->rect()) ? rect : QRect();
}

QString JsonEditor::gutterToolTip(const QPoint& position) const
{
    QStringList lines;
    for (int index : fixesOnLine(lineAt(position.y()))) {
        const Finding& f = (*m_findings)[static_cast<std::size_t>(index)];
        lines << tr("Fix available: %1 — %2").arg(toQString(f.code), toQString(f.message));
    }
    return lines.join(QLatin1Char('\n'));
}

void JsonEditor::lineNumberAreaClicked(const QPoint& position)
{
    const int line = lineAt(position.y());
    const QList<int> fixes = fixesOnLine(line);
    if (fixes.isEmpty()) {
        return;
    }
    const QRect marker = fixMarkerRect(line);
    chooseFix(fixes, m_lineNumberArea->mapToGlobal(marker.isValid() ? marker.bottomLeft() : position));
}

QList<int> JsonEditor::fixesAtCursor() const
{
    const QTextCursor cursor = textCursor();
    const int start = cursor.selectionStart();
    const int end = cursor.selectionEnd();
    QList<int> fixes;
    for (qsizetype i = 0; i < m_findingSelections.size(); ++i) {
        const std::size_t index = m_selectionFinding[static_cast<std::size_t>(i)];
        const QTextCursor& c = m_findingSelections[i].cursor;
        if ((*m_findings)[index].hasFix() && c.selectionStart() <= end && start <= c.selectionEnd()) {
            fixes << static_cast<int>(index);
        }
    }
    return fixes.isEmpty() ? fixesOnLine(cursor.blockNumber() + 1) : fixes;
}

void JsonEditor::chooseFix(const QList<int>& indexes, const QPoint& globalPosition)
{
    if (indexes.size() == 1) {
        emit applyFixRequested(indexes.front());
        return;
    }
    QMenu menu(this);
    menu.setObjectName(QStringLiteral("fixMenu"));
    for (int index : indexes) {
        const Finding& f = (*m_findings)[static_cast<std::size_t>(index)];
        QAction* a = menu.addAction(tr("Apply fix: %1 — %2").arg(toQString(f.code), toQString(f.message)));
        connect(a, &QAction::triggered, this, [this, index] { emit applyFixRequested(index); });
    }
    menu.exec(globalPosition);
}

} // namespace kps::ui
