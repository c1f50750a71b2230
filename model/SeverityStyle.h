// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Finding.h"

#include <QColor>
#include <QIcon>
#include <QString>

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

} // namespace kps::model
