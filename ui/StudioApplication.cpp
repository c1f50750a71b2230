// SPDX-License-Identifier: GPL-3.0-or-later
// Placeholder until the editor lands.
#include "ui/StudioApplication.h"

#include <QApplication>
#include <QLabel>

namespace kps::ui {

int runStudio(int argc, char** argv)
{
    QApplication app(argc, argv);
    QLabel label(QStringLiteral("Keypolicy Studio"));
    label.show();
    return app.exec();
}

} // namespace kps::ui
