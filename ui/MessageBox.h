// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMessageBox>
#include <QString>

namespace kps::ui {

/**
 * Every modal message of the editor goes through here (KeePassXC's MessageBox seam): tests queue answers with
 * setNextAnswer() or switch to non-interactive mode, and read what would have been shown, so no test ever blocks.
 */
class MessageBox
{
public:
    using Button = QMessageBox::StandardButton;
    using Buttons = QMessageBox::StandardButtons;

    static Button question(QWidget* parent,
                           const QString& title,
                           const QString& text,
                           Buttons buttons = QMessageBox::Yes | QMessageBox::No,
                           Button defaultButton = QMessageBox::NoButton);
    static Button warning(QWidget* parent,
                          const QString& title,
                          const QString& text,
                          Buttons buttons = QMessageBox::Ok,
                          Button defaultButton = QMessageBox::NoButton);
    static Button critical(QWidget* parent,
                           const QString& title,
                           const QString& text,
                           Buttons buttons = QMessageBox::Ok,
                           Button defaultButton = QMessageBox::NoButton);
    static void about(QWidget* parent, const QString& title, const QString& text);

    /** Tests: the next box returns this answer without being shown (answers queue in order). */
    static void setNextAnswer(Button answer);
    /** Tests: a box with no queued answer returns its default button (or Ok) instead of being shown. */
    static void setNonInteractive(bool nonInteractive);
    /** The text of the last box shown or answered, and how many there were (for tests). */
    static QString lastText();
    static QString lastTitle();
    static int count();
    static void clearHistory();

private:
    static Button show(QMessageBox::Icon icon,
                       QWidget* parent,
                       const QString& title,
                       const QString& text,
                       Buttons buttons,
                       Button defaultButton);
};

} // namespace kps::ui
