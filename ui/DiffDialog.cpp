// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/DiffDialog.h"

#include "model/QtConvert.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
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
    m_unified->moveCursor(QTextCursor::Start);
    m_before->moveCursor(QTextCursor::Start);
    m_after->moveCursor(QTextCursor::Start);
}

} // namespace kps::ui
