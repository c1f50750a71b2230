// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/features/ThemeController.h"

#include "ui/MainWindow.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QMenu>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

namespace kps::ui {

namespace {

const char* const SettingsKey = "theme";

QString nameOf(Theme theme)
{
    switch (theme) {
    case Theme::Light:
        return QStringLiteral("light");
    case Theme::Dark:
        return QStringLiteral("dark");
    case Theme::System:
        break;
    }
    return QStringLiteral("system");
}

} // namespace

ThemeController::ThemeController(MainWindow* window)
    : QObject(window)
    , m_window(window)
    , m_systemStyle(QApplication::style()->name())
    , m_systemPalette(QApplication::palette())
{
    setObjectName(QStringLiteral("themeController"));
    QAction* theme = m_window->addAction({QStringLiteral("actionTheme"),
                                          tr("Theme"),
                                          tr("Follow the desktop, or use a light or a dark palette"),
                                          MenuPlace::ViewTheme});
    auto* menu = new QMenu(tr("Theme"), m_window);
    menu->setObjectName(QStringLiteral("themeMenu"));
    theme->setMenu(menu);
    auto* group = new QActionGroup(this);
    const std::pair<Theme, QString> choices[]
        = {{Theme::System, tr("System")}, {Theme::Light, tr("Light")}, {Theme::Dark, tr("Dark")}};
    for (const auto& choice : choices) {
        const Theme value = choice.first;
        const QString& text = choice.second;
        QAction* action = menu->addAction(text);
        QString id = nameOf(value);
        id[0] = id[0].toUpper();
        action->setObjectName(QStringLiteral("actionTheme") + id);
        action->setCheckable(true);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, value] { setTheme(value); });
        m_actions[static_cast<int>(value)] = action;
    }
    setTheme(themeNamed(QSettings().value(QLatin1String(SettingsKey)).toString()).value_or(Theme::System), false);
}

std::optional<Theme> ThemeController::themeNamed(const QString& name)
{
    for (Theme theme : {Theme::System, Theme::Light, Theme::Dark}) {
        if (name.compare(nameOf(theme), Qt::CaseInsensitive) == 0) {
            return theme;
        }
    }
    return std::nullopt;
}

void ThemeController::setTheme(Theme theme, bool remember)
{
    const Theme before = m_theme;
    m_theme = theme;
    m_actions[static_cast<int>(theme)]->setChecked(true);
    if (remember) {
        QSettings().setValue(QLatin1String(SettingsKey), nameOf(theme));
    }
    if (theme == Theme::System) {
        if (before != Theme::System) {
            QApplication::setStyle(QStyleFactory::create(m_systemStyle));
            QApplication::setPalette(m_systemPalette);
        }
        return;
    }
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(theme == Theme::Dark ? darkPalette() : lightPalette());
}

QPalette ThemeController::lightPalette()
{
    QPalette p(QColor(0xef, 0xef, 0xef));
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::AlternateBase, QColor(0xf5, 0xf5, 0xf5));
    p.setColor(QPalette::Text, QColor(0x1e, 0x1e, 0x1e));
    p.setColor(QPalette::WindowText, QColor(0x1e, 0x1e, 0x1e));
    p.setColor(QPalette::ButtonText, QColor(0x1e, 0x1e, 0x1e));
    p.setColor(QPalette::Highlight, QColor(0x30, 0x8c, 0xc6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x1f, 0x5f, 0xa8));
    p.setColor(QPalette::ToolTipBase, QColor(0xff, 0xff, 0xdc));
    p.setColor(QPalette::ToolTipText, Qt::black);
    p.setColor(QPalette::PlaceholderText, QColor(0x70, 0x70, 0x70));
    return p;
}

QPalette ThemeController::darkPalette()
{
    const QColor window(0x2b, 0x2b, 0x2b);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabled(0x80, 0x80, 0x80);
    QPalette p(window);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7a, 0xb8));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x7c, 0xb7, 0xf0));
    p.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3a, 0x3a));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
        p.setColor(QPalette::Disabled, role, disabled);
    }
    p.setColor(QPalette::Disabled, QPalette::Base, window);
    return p;
}

} // namespace kps::ui
