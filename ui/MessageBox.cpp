// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/MessageBox.h"

#include <QList>

namespace kps::ui {
namespace {

struct State
{
    QList<MessageBox::Button> answers;
    bool nonInteractive = false;
    QString lastText;
    QString lastTitle;
    int count = 0;
};

State& state()
{
    static State s;
    return s;
}

} // namespace

MessageBox::Button MessageBox::show(QMessageBox::Icon icon,
                                    QWidget* parent,
                                    const QString& title,
                                    const QString& text,
                                    Buttons buttons,
                                    Button defaultButton)
{
    State& s = state();
    s.lastText = text;
    s.lastTitle = title;
    ++s.count;
    if (!s.answers.isEmpty()) {
        return s.answers.takeFirst();
    }
    if (s.nonInteractive) {
        return defaultButton != QMessageBox::NoButton ? defaultButton : QMessageBox::Ok;
    }
    QMessageBox box(icon, title, text, buttons, parent);
    if (defaultButton != QMessageBox::NoButton) {
        box.setDefaultButton(defaultButton);
    }
    return static_cast<Button>(box.exec());
}

MessageBox::Button
MessageBox::question(QWidget* parent, const QString& title, const QString& text, Buttons buttons, Button defaultButton)
{
    return show(QMessageBox::Question, parent, title, text, buttons, defaultButton);
}

MessageBox::Button
MessageBox::warning(QWidget* parent, const QString& title, const QString& text, Buttons buttons, Button defaultButton)
{
    return show(QMessageBox::Warning, parent, title, text, buttons, defaultButton);
}

MessageBox::Button
MessageBox::critical(QWidget* parent, const QString& title, const QString& text, Buttons buttons, Button defaultButton)
{
    return show(QMessageBox::Critical, parent, title, text, buttons, defaultButton);
}

void MessageBox::about(QWidget* parent, const QString& title, const QString& text)
{
    State& s = state();
    if (!s.answers.isEmpty() || s.nonInteractive) {
        show(QMessageBox::Information, parent, title, text, QMessageBox::Ok, QMessageBox::Ok);
        return;
    }
    s.lastText = text;
    s.lastTitle = title;
    ++s.count;
    QMessageBox::about(parent, title, text);
}

void MessageBox::setNextAnswer(Button answer)
{
    state().answers.append(answer);
}

void MessageBox::setNonInteractive(bool nonInteractive)
{
    state().nonInteractive = nonInteractive;
}

QString MessageBox::lastText()
{
    return state().lastText;
}

QString MessageBox::lastTitle()
{
    return state().lastTitle;
}

int MessageBox::count()
{
    return state().count;
}

void MessageBox::clearHistory()
{
    State& s = state();
    s.answers.clear();
    s.lastText.clear();
    s.lastTitle.clear();
    s.count = 0;
}

} // namespace kps::ui
