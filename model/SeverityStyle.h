// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Finding.h"

#include <QColor>
#include <QIcon>
#include <QString>

#include <array>
#include <optional>

class QPalette;

namespace kps::model {

/** How a severity is shown: always a word and an icon, never colour alone. */
struct SeverityStyle
{
    /** "Error", "Security", "Warning", "Suggestion", translated. */
    static QString text(Severity severity);
    /** Themed icon with a bundled fallback (:/icons/severity-<name>.svg). */
    static QIcon icon(Severity severity);
    /** The fallback icon's resource path. */
    static QString iconPath(Severity severity);
    /**
     * A colour for underlines and badges, derived from the palette: the severity's hue at a lightness that reads on
     * the palette's base (lighter on dark themes).
     */
    static QColor color(Severity severity, const QPalette& palette);
};

/**
 * SeverityStyle::icon() of every severity, made on first use and then kept. A model keeps one for its rows: each
 * new QIcon has its own engine and pixmap cache, so an icon made per data() call had its SVG read and rendered again
 * at every paint of every row (after each keystroke, for the visible findings).
 */
class SeverityIcons
{
public:
    const QIcon& operator()(Severity severity) const;

private:
    mutable std::optional<std::array<QIcon, 4>> m_icons; ///< made at the first request (needs a QGuiApplication)
};

} // namespace kps::model
