// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPalette>
#include <QString>

#include <optional>

class QAction;

namespace kps::ui {

class MainWindow;

enum class Theme { System, Light, Dark };

/**
 * Themes: View > Theme > System, Light, Dark (remembered in QSettings; `keypolicy-studio --theme` for one run).
 * System keeps the desktop's style and palette; Light and Dark use Qt's Fusion style with a palette of their own.
 * Everything in the window takes its colours from the palette (JSON highlighting, underlines, severity icons, diff
 * tints), so a change repaints it at once.
 */
class ThemeController : public QObject
{
    Q_OBJECT

public:
    explicit ThemeController(MainWindow* window);

    Theme theme() const { return m_theme; }
    /** Applies a theme to the application; remembered for the next start unless remember is false. */
    void setTheme(Theme theme, bool remember = true);

    /** "system", "light" or "dark" (any case) -> the theme; nullopt for anything else. */
    static std::optional<Theme> themeNamed(const QString& name);
    static QPalette lightPalette();
    static QPalette darkPalette();

private:
    MainWindow* m_window;
    Theme m_theme = Theme::System;
    QString m_systemStyle;
    QPalette m_systemPalette;
    QAction* m_actions[3] = {};
};

} // namespace kps::ui
