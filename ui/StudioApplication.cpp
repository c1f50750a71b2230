// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/StudioApplication.h"

#include "ui/MainWindow.h"
#include "ui/MwaaController.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

namespace kps::ui {

int runStudio(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Keypolicy Studio"));
    QApplication::setOrganizationDomain(QStringLiteral("keypolicy.studio"));
    QApplication::setApplicationName(QStringLiteral("Keypolicy Studio"));
    QApplication::setApplicationDisplayName(QStringLiteral("Keypolicy Studio"));
    QApplication::setApplicationVersion(QStringLiteral(KPS_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("studio.keypolicy.KeypolicyStudio"));
    if (QIcon::themeName().isEmpty() || QIcon::themeName() == QLatin1String("hicolor")) {
        QIcon::setThemeName(QStringLiteral("Adwaita"));
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Editor and auditor for AWS KMS key policies"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("file"), QApplication::translate("main", "Policy file to open"));
    parser.process(app);

    MainWindow window;
    new MwaaController(&window); // the MWAA panel, grant matrix and AWS actions (owned by the window)
    window.show();
    const bool restored = window.offerRestore();
    const QStringList files = parser.positionalArguments();
    if (!restored && !files.isEmpty()) {
        window.openFile(files.first());
    }
    return app.exec();
}

} // namespace kps::ui
