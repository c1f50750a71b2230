// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/DiffDialog.h"

#include "model/QtConvert.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QPushButton>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextEdit>
#include <QVBoxLayout>

namespace kps::ui {

using model::toQString;
using render::DiffLine;

namespace {

QColor blend(const QColor& base, const QColor& tint, double amount)
{
    return QColor::fromRgbF(static_cast<float>(base.redF() * (1 - amount) + tint.redF() * amount),
                            static_cast<float>(base.greenF() * (1 - amount) + tint.greenF() * amount),
                            static_cast<float>(base.blueF() * (1 - amount) + tint.blueF() * amount));
}

QTextEdit* codeView(const QString& objectName, const QString& accessibleName, QWidget* parent)
{
    auto* view = new QTextEdit(parent);
    view->setObjectName(objectName);
    view->setAccessibleName(accessibleName);
    view->setReadOnly(true);
    view->setLineWrapMode(QTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return view;
}

void appendLine(QTextCursor& cursor, const QString& text, const QColor& background, bool first)
{
    if (!first) {
        cursor.insertBlock();
    }
    QTextBlockFormat format;
    if (background.isValid()) {
        format.setBackground(background);
    }
    cursor.setBlockFormat(format);
    cursor.insertText(text);
}

} // namespace

DiffDialog::DiffDialog(const std::string& before,
                       const std::string& after,
                       const QString& beforeName,
                       const QString& afterName,
                       Mode mode,
                       QWidget* parent)
    : QDialog(parent)
    , m_diff(render::diffTexts(before, after))
{
    setObjectName(QStringLiteral("diffDialog"));
    setAccessibleName(mode == Mode::Confirm ? QStringLiteral("Fix preview") : QStringLiteral("Diff to original"));
    setWindowTitle(mode == Mode::Confirm ? tr("Apply all fixes — preview") : tr("Diff to original"));
    resize(900, 600);
    auto* layout = new QVBoxLayout(this);

    auto* top = new QHBoxLayout;
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("diffSummary"));
    m_summary->setAccessibleName(QStringLiteral("Diff summary"));
    top->addWidget(m_summary, 1);
    m_sideBySide = new QCheckBox(tr("&Side by side"), this);
    m_sideBySide->setObjectName(QStringLiteral("sideBySide"));
    m_sideBySide->setAccessibleName(QStringLiteral("Side by side"));
    top->addWidget(m_sideBySide);
    // Change by change (F7 / Shift+F7, as diff tools do): the preview opens on the first one.
    auto* previous = new QPushButton(tr("&Previous change"), this);
    previous->setObjectName(QStringLiteral("previousChange"));
    previous->setAccessibleName(QStringLiteral("Previous change"));
    previous->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F7));
    previous->setAutoDefault(false);
    auto* next = new QPushButton(tr("&Next change"), this);
    next->setObjectName(QStringLiteral("nextChange"));
    next->setAccessibleName(QStringLiteral("Next change"));
    next->setShortcut(QKeySequence(Qt::Key_F7));
    next->setAutoDefault(false);
    m_changeLabel = new QLabel(this);
    m_changeLabel->setObjectName(QStringLiteral("changePosition"));
    m_changeLabel->setAccessibleName(QStringLiteral("Change position"));
    top->addWidget(m_changeLabel);
    top->addWidget(previous);
    top->addWidget(next);
    connect(previous, &QPushButton::clicked, this, [this] { goToChange(m_current - 1); });
    connect(next, &QPushButton::clicked, this, [this] { goToChange(m_current + 1); });
    layout->addLayout(top);

    m_unified = codeView(QStringLiteral("unifiedDiff"), QStringLiteral("Unified diff"), this);
    layout->addWidget(m_unified, 1);
    m_sides = new QWidget(this);
    auto* sides = new QHBoxLayout(m_sides);
    sides->setContentsMargins(0, 0, 0, 0);
    m_before = codeView(QStringLiteral("diffBefore"), QStringLiteral("Before"), m_sides);
    m_after = codeView(QStringLiteral("diffAfter"), QStringLiteral("After"), m_sides);
    sides->addWidget(m_before);
    sides->addWidget(m_after);
    layout->addWidget(m_sides, 1);
    m_sides->hide();

    m_buttons = new QDialogButtonBox(this);
    if (mode == Mode::Confirm) {
        QPushButton* apply = m_buttons->addButton(tr("Apply"), QDialogButtonBox::AcceptRole);
        apply->setObjectName(QStringLiteral("applyButton"));
        apply->setAccessibleName(QStringLiteral("Apply"));
        apply->setEnabled(!render::isUnchanged(m_diff));
        QPushButton* cancel = m_buttons->addButton(QDialogButtonBox::Cancel);
        cancel->setAccessibleName(QStringLiteral("Cancel"));
    } else {
        QPushButton* close = m_buttons->addButton(QDialogButtonBox::Close);
        close->setAccessibleName(QStringLiteral("Close"));
    }
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);

    std::size_t removed = 0;
    std::size_t added = 0;
    for (const DiffLine& line : m_diff) {
        removed += line.kind == DiffLine::Kind::Removed ? 1 : 0;
        added += line.kind == DiffLine::Kind::Added ? 1 : 0;
    }
    m_summary->setText(
        render::isUnchanged(m_diff)
            ? tr("No differences between %1 and %2.").arg(beforeName, afterName)
            : tr("%1 → %2: %n line(s) removed (−), ", nullptr, static_cast<int>(removed)).arg(beforeName, afterName)
                + tr("%n line(s) added (+)", nullptr, static_cast<int>(added)));
    connect(m_sideBySide, &QCheckBox::toggled, this, &DiffDialog::setSideBySide);
    fill();
    previous->setEnabled(changeCount() > 1);
    next->setEnabled(changeCount() > 1);
    goToChange(0);
}

void DiffDialog::goToChange(int index)
{
    const int count = changeCount();
    if (count == 0) {
        m_changeLabel->clear();
        return;
    }
    m_current = (index % count + count) % count; // wraps around
    auto show = [](QTextEdit* view, int block) {
        QTextCursor cursor(view->document()->findBlockByNumber(block));
        view->setTextCursor(cursor);
        // Put the change near the top with two lines of context: scroll to the end first, then back to it.
        view->moveCursor(QTextCursor::End);
        QTextCursor context(view->document()->findBlockByNumber(std::max(0, block - 2)));
        view->setTextCursor(context);
        view->ensureCursorVisible();
        view->setTextCursor(cursor);
    };
    show(m_unified, m_unifiedChanges[static_cast<std::size_t>(m_current)]);
    show(m_before, m_sideChanges[static_cast<std::size_t>(m_current)]);
    show(m_after, m_sideChanges[static_cast<std::size_t>(m_current)]);
    m_changeLabel->setText(tr("Change %1 of %2").arg(m_current + 1).arg(count));
}

bool DiffDialog::isSideBySide() const
{
    return m_sides->isVisibleTo(this);
}

void DiffDialog::setSideBySide(bool sideBySide)
{
    m_sideBySide->setChecked(sideBySide);
    m_sides->setVisible(sideBySide);
    m_unified->setVisible(!sideBySide);
}

QString DiffDialog::unifiedText() const
{
    return m_unified->toPlainText();
}

void DiffDialog::fill()
{
    const QPalette pal = palette();
    const QColor base = pal.color(QPalette::Base);
    // Tints mixed into the palette's base colour: readable on light and dark themes alike.
    const QColor removedColor = blend(base, QColor(Qt::red), 0.22);
    const QColor addedColor = blend(base, QColor(Qt::green), 0.22);
    const QColor filler = blend(base, pal.color(QPalette::Text), 0.06);

    QTextCursor unified(m_unified->document());
    QTextCursor left(m_before->document());
    QTextCursor right(m_after->document());
    bool firstUnified = true;
    bool firstSide = true;
    std::size_t i = 0;
    while (i < m_diff.size()) {
        const DiffLine& line = m_diff[i];
        if (line.kind == DiffLine::Kind::Same) {
            appendLine(unified, QStringLiteral("  ") + toQString(line.text), {}, firstUnified);
            const QString text = QStringLiteral("%1  ").arg(line.oldLine, 4) + toQString(line.text);
            appendLine(left, text, {}, firstSide);
            appendLine(right, QStringLiteral("%1  ").arg(line.newLine, 4) + toQString(line.text), {}, firstSide);
            firstUnified = firstSide = false;
            ++i;
            continue;
        }
        // A change: its removals, then its additions; side by side they are paired row by row.
        m_unifiedChanges.push_back(firstUnified ? 0 : m_unified->document()->blockCount());
        m_sideChanges.push_back(firstSide ? 0 : m_before->document()->blockCount());
        std::vector<const DiffLine*> removed;
        std::vector<const DiffLine*> added;
        while (i < m_diff.size() && m_diff[i].kind != DiffLine::Kind::Same) {
            (m_diff[i].kind == DiffLine::Kind::Removed ? removed : added).push_back(&m_diff[i]);
            ++i;
        }
        for (const DiffLine* r : removed) {
            appendLine(unified, QStringLiteral("- ") + toQString(r->text), removedColor, firstUnified);
            firstUnified = false;
        }
        for (const DiffLine* a : added) {
            appendLine(unified, QStringLiteral("+ ") + toQString(a->text), addedColor, firstUnified);
            firstUnified = false;
        }
        const std::size_t rows = std::max(removed.size(), added.size());
        for (std::size_t r = 0; r < rows; ++r) {
            if (r < removed.size()) {
                appendLine(left,
                           QStringLiteral("%1 -").arg(removed[r]->oldLine, 4) + toQString(removed[r]->text),
                           removedColor,
                           firstSide);
            } else {
                appendLine(left, QString(), filler, firstSide);
            }
            if (r < added.size()) {
                appendLine(right,
                           QStringLiteral("%1 +").arg(added[r]->newLine, 4) + toQString(added[r]->text),
                           addedColor,
                           firstSide);
            } else {
                appendLine(right, QString(), filler, firstSide);
            }
            firstSide = false;
        }
    }
}

} // namespace kps::ui
