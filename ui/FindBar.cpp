// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/FindBar.h"

#include "model/PolicyDocument.h"
#include "ui/Named.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextBlock>
#include <QTextDocument>

namespace kps::ui {

FindBar::FindBar(QPlainTextEdit* editor, model::PolicyDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_editor(editor)
    , m_document(document)
    , m_find(named(new QLineEdit(this), "findText", QStringLiteral("Find text")))
    , m_replace(named(new QLineEdit(this), "replaceText", QStringLiteral("Replace with")))
    , m_matchCase(named(new QCheckBox(tr("Match case"), this), "findMatchCase", QStringLiteral("Match case")))
    , m_replaceRow(new QWidget(this))
    , m_result(named(new QLabel(this), "findResult", QStringLiteral("Find result")))
{
    setObjectName(QStringLiteral("findBar"));
    setAccessibleName(QStringLiteral("Find bar"));
    m_find->setPlaceholderText(tr("Find"));
    m_find->setClearButtonEnabled(true);
    m_replace->setPlaceholderText(tr("Replace with"));
    auto* next = named(new QPushButton(tr("Next"), this), "findNext", QStringLiteral("Find next"));
    auto* previous = named(new QPushButton(tr("Previous"), this), "findPrevious", QStringLiteral("Find previous"));
    auto* close = named(new QPushButton(tr("Close"), this), "closeFindBar", QStringLiteral("Close find bar"));
    auto* replaceOne = named(new QPushButton(tr("Replace"), this), "replaceOne", QStringLiteral("Replace"));
    auto* replaceAllButton
        = named(new QPushButton(tr("Replace all"), this), "replaceAll", QStringLiteral("Replace all"));
    next->setToolTip(tr("Find the next match (Enter, F3)"));
    previous->setToolTip(tr("Find the previous match (Shift+Enter, Shift+F3)"));
    close->setToolTip(tr("Close the find bar (Escape)"));

    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(m_find, 0, 0);
    layout->addWidget(previous, 0, 1);
    layout->addWidget(next, 0, 2);
    layout->addWidget(m_matchCase, 0, 3);
    layout->addWidget(m_result, 0, 4);
    layout->addWidget(close, 0, 5);
    auto* replaceLayout = new QGridLayout(m_replaceRow);
    replaceLayout->setContentsMargins(0, 0, 0, 0);
    replaceLayout->addWidget(m_replace, 0, 0);
    replaceLayout->addWidget(replaceOne, 0, 1);
    replaceLayout->addWidget(replaceAllButton, 0, 2);
    layout->addWidget(m_replaceRow, 1, 0, 1, 3);
    layout->setColumnStretch(0, 1);

    m_find->installEventFilter(this);
    m_replace->installEventFilter(this);
    connect(m_find, &QLineEdit::textChanged, this, &FindBar::updateResult);
    connect(m_matchCase, &QCheckBox::toggled, this, &FindBar::updateResult);
    connect(m_find, &QLineEdit::returnPressed, this, [this] { findNext(); });
    connect(m_replace, &QLineEdit::returnPressed, this, &FindBar::replace);
    connect(next, &QPushButton::clicked, this, [this] { findNext(); });
    connect(previous, &QPushButton::clicked, this, [this] { findNext(true); });
    connect(replaceOne, &QPushButton::clicked, this, &FindBar::replace);
    connect(replaceAllButton, &QPushButton::clicked, this, &FindBar::replaceAll);
    connect(close, &QPushButton::clicked, this, [this] {
        hide();
        m_editor->setFocus(Qt::OtherFocusReason);
    });
    hide();
}

void FindBar::start(bool replace)
{
    const QTextCursor cursor = m_editor->textCursor();
    const QString selected = cursor.selectedText();
    if (!selected.isEmpty() && !selected.contains(QChar::ParagraphSeparator)) {
        m_find->setText(selected);
    }
    m_replaceRow->setVisible(replace);
    show();
    m_find->setFocus(Qt::ShortcutFocusReason);
    m_find->selectAll();
    updateResult();
}

bool FindBar::findNext(bool backward)
{
    const QString text = m_find->text();
    if (text.isEmpty()) {
        return false;
    }
    QTextDocument::FindFlags flags;
    if (backward) {
        flags |= QTextDocument::FindBackward;
    }
    if (m_matchCase->isChecked()) {
        flags |= QTextDocument::FindCaseSensitively;
    }
    QTextDocument* document = m_editor->document();
    QTextCursor found = document->find(text, m_editor->textCursor(), flags);
    if (found.isNull()) { // wrap around
        QTextCursor from(document);
        if (backward) {
            from.movePosition(QTextCursor::End);
        }
        found = document->find(text, from, flags);
    }
    if (found.isNull()) {
        updateResult();
        return false;
    }
    m_editor->setTextCursor(found);
    m_editor->centerCursor();
    updateResult();
    return true;
}

bool FindBar::matchesSelection() const
{
    const QString selected = m_editor->textCursor().selectedText();
    return !selected.isEmpty()
        && selected.compare(m_find->text(), m_matchCase->isChecked() ? Qt::CaseSensitive : Qt::CaseInsensitive) == 0;
}

void FindBar::replace()
{
    if (m_find->text().isEmpty()) {
        return;
    }
    if (matchesSelection()) {
        m_editor->textCursor().insertText(m_replace->text()); // an edit of the JSON view, like typing
    }
    findNext();
}

int FindBar::replaceAll()
{
    const QString needle = m_find->text();
    if (needle.isEmpty()) {
        return 0;
    }
    const Qt::CaseSensitivity cs = m_matchCase->isChecked() ? Qt::CaseSensitive : Qt::CaseInsensitive;
    QString text = m_document->displayText();
    const int count = static_cast<int>(text.count(needle, cs));
    if (count == 0) {
        updateResult();
        return 0;
    }
    text.replace(needle, m_replace->text(), cs);
    m_document->endTypingStep();
    m_document->replaceText(text, false); // one undo step
    m_document->endTypingStep();
    m_result->setText(count == 1 ? tr("Replaced 1 match") : tr("Replaced %1 matches").arg(count));
    return count;
}

int FindBar::matchCount() const
{
    const QString needle = m_find->text();
    if (needle.isEmpty()) {
        return 0;
    }
    return static_cast<int>(m_editor->document()->toPlainText().count(
        needle, m_matchCase->isChecked() ? Qt::CaseSensitive : Qt::CaseInsensitive));
}

void FindBar::updateResult()
{
    if (m_find->text().isEmpty()) {
        m_result->clear();
        return;
    }
    const int count = matchCount();
    if (count == 0) {
        m_result->setText(tr("No matches"));
        return;
    }
    // Which match is selected: the matches that start before the selection, plus one.
    const QTextCursor cursor = m_editor->textCursor();
    if (!matchesSelection()) {
        m_result->setText(count == 1 ? tr("1 match") : tr("%1 matches").arg(count));
        return;
    }
    const QString before = m_editor->document()->toPlainText().left(cursor.selectionStart());
    const int index = static_cast<int>(
        before.count(m_find->text(), m_matchCase->isChecked() ? Qt::CaseSensitive : Qt::CaseInsensitive));
    m_result->setText(tr("%1 of %2").arg(index + 1).arg(count));
}

bool FindBar::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Escape) {
            hide();
            m_editor->setFocus(Qt::OtherFocusReason);
            return true;
        }
        // Shift+Enter before the line edit sees it (it would emit returnPressed: a search forward).
        if (watched == m_find && (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            && (key->modifiers() & Qt::ShiftModifier)) {
            findNext(true);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace kps::ui
