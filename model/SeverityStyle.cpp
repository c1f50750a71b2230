// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/SeverityStyle.h"

#include <QCoreApplication>
#include <QPalette>

namespace kps::model {

QString SeverityStyle::text(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return QCoreApplication::translate("SeverityStyle", "Error");
    case Severity::Security:
        return QCoreApplication::translate("SeverityStyle", "Security");
    case Severity::Warning:
        return QCoreApplication::translate("SeverityStyle", "Warning");
    case Severity::Suggestion:
        return QCoreApplication::translate("SeverityStyle", "Suggestion");
    }
    return {};
}

QString SeverityStyle::iconPath(Severity severity)
{
    return QStringLiteral(":/icons/severity-%1.svg").arg(QLatin1String(severityName(severity)));
}

QIcon SeverityStyle::icon(Severity severity)
{
    const QIcon fallback(iconPath(severity));
    switch (severity) {
    case Severity::Error:
        return QIcon::fromTheme(QStringLiteral("dialog-error"), fallback);
    case Severity::Security:
        return QIcon::fromTheme(QStringLiteral("security-low"), fallback);
    case Severity::Warning:
        return QIcon::fromTheme(QStringLiteral("dialog-warning"), fallback);
    case Severity::Suggestion:
        return QIcon::fromTheme(QStringLiteral("dialog-information"), fallback);
    }
    return fallback;
}

const QIcon& SeverityIcons::operator()(Severity severity) const
{
    if (!m_icons) {
        m_icons = std::array<QIcon, 4>{SeverityStyle::icon(Severity::Error),
                                       SeverityStyle::icon(Severity::Security),
                                       SeverityStyle::icon(Severity::Warning),
                                       SeverityStyle::icon(Severity::Suggestion)};
    }
    return (*m_icons)[static_cast<std::size_t>(severity)];
}

QColor SeverityStyle::color(Severity severity, const QPalette& palette)
{
    int hue = 0;
    switch (severity) {
    case Severity::Error:
        hue = 0;
        break;
    case Severity::Security:
        hue = 300;
        break;
    case Severity::Warning:
        hue = 35;
        break;
    case Severity::Suggestion:
        hue = 210;
        break;
    }
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    return QColor::fromHsl(hue, 200, dark ? 170 : 100);
}

} // namespace kps::model
