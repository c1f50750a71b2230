// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/StudioApplication.h"

#include "core/checker/ContextValues.h"
#include "model/PolicyDocument.h"
#include "ui/MainWindow.h"
#include "ui/MessageBox.h"
#include "ui/MwaaEnvironmentPanel.h"
#include "ui/ReportExport.h"
#include "ui/features/FilesController.h"
#include "ui/features/MwaaController.h"
#include "ui/features/ReportsController.h"
#include "ui/features/ThemeController.h"

#include <QApplication>
#include <QComboBox>
#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QIcon>
#include <QLineEdit>
#include <QStatusBar>
#include <QTextStream>

#include <utility>
#include <vector>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace kps::ui {

namespace {

QString tr(const char* text)
{
    return QApplication::translate("main", text);
}

/** The context options as given, with their field; a value not given is null (an empty one is given). */
std::vector<std::pair<ContextField, QString>> contextValues(const StartupOptions& options)
{
    return {{ContextField::Environment, options.environment},
            {ContextField::Region, options.region},
            {ContextField::Account, options.account},
            {ContextField::Key, options.key},
            {ContextField::Organization, options.orgId}};
}

} // namespace

QStringList invalidStartupOptions(const StartupOptions& options)
{
    QStringList errors;
    for (const auto& [field, value] : contextValues(options)) {
        if (!value.isNull()) {
            if (const auto valid = validateContextOption(field, value.toStdString()); !valid) {
                errors << QString::fromStdString(valid.error().message);
            }
        }
    }
    return errors;
}

QStringList applyStartupOptions(MainWindow* window, const StartupOptions& options)
{
    MwaaController* mwaa = window->mwaa();
    QStringList errors;
    if (!options.file.isEmpty() && !window->files()->openFile(options.file)) {
        errors << tr("%1 could not be opened (the window says why).").arg(options.file);
    }
    MwaaEnvironmentPanel* panel = mwaa->panel();
    // Typed into the panel's fields: each re-checks at once and travels with the document like the user's own input.
    // A value that the one rule of the context options refuses (core/checker/ContextValues) is not typed in.
    for (const auto& [field, value] : contextValues(options)) {
        if (value.isEmpty()) {
            continue;
        }
        if (const auto valid = validateContextOption(field, value.toStdString()); !valid) {
            errors << QString::fromStdString(valid.error().message);
            continue;
        }
        switch (field) {
        case ContextField::Environment:
            panel->environmentField()->setText(value);
            break;
        case ContextField::Region:
            panel->regionField()->setEditText(value);
            break;
        case ContextField::Account:
            panel->accountField()->setText(value);
            break;
        case ContextField::Key:
            panel->keyField()->setText(value);
            break;
        case ContextField::Organization:
            panel->organizationField()->setText(value);
            break;
        }
    }
    if (QString error; !options.grantsFile.isEmpty() && !mwaa->loadGrantsFromPath(options.grantsFile, &error)) {
        errors << error;
    }
    return errors;
}

int exportReportAndQuit(MainWindow* window, const StartupOptions& options, QString* error)
{
    const QStringList problems = applyStartupOptions(window, options);
    if (!problems.isEmpty()) {
        *error = problems.join(QLatin1Char('\n'));
        return 2;
    }
    if (options.file.isEmpty() || !window->document()->isValid()) {
        *error = tr("%1: no valid policy to report on.").arg(options.file.isEmpty() ? tr("(no file)") : options.file);
        return 2;
    }
    const std::optional<ReportFormat> format = reportFormatForPath(options.exportReport);
    if (!format) {
        *error = tr("Cannot tell the format of %1: name it .md, .html or .pdf.").arg(options.exportReport);
        return 2;
    }
    QString reason;
    if (!writeChangeTicketReport(options.exportReport, *format, window->reports()->changeTicketInput(), &reason)) {
        *error = tr("Cannot write %1: %2").arg(options.exportReport, reason);
        return 2;
    }
    return 0;
}

void configureAllocator()
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
}

int runStudio(int argc, char** argv)
{
    configureAllocator();
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
    parser.setApplicationDescription(tr("Editor and auditor for AWS KMS key policies"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("file"), tr("Policy file to open"));
    const QCommandLineOption grantsOption(
        QStringLiteral("grants"), tr("The key's grants as printed by `aws kms list-grants`"), QStringLiteral("FILE"));
    const QCommandLineOption envOption(QStringLiteral("env"), tr("The MWAA environment name"), QStringLiteral("NAME"));
    const QCommandLineOption regionOption(
        QStringLiteral("region"), tr("The MWAA environment's region (e.g. eu-west-1)"), QStringLiteral("R"));
    const QCommandLineOption accountOption(
        QStringLiteral("account"), tr("The account that owns the key and the environment"), QStringLiteral("ID"));
    const QCommandLineOption keyOption(
        QStringLiteral("key"), tr("The key as it will be given to MWAA (id or ARN)"), QStringLiteral("ID_OR_ARN"));
    const QCommandLineOption orgOption(QStringLiteral("org-id"),
                                       tr("The AWS Organizations id of the environment's account (o-...), or none"),
                                       QStringLiteral("ORG"));
    const QCommandLineOption exportOption(
        QStringLiteral("export-report"),
        tr("Write the change-ticket report of FILE (.md, .html or .pdf by the name) and quit, without a window"),
        QStringLiteral("OUT"));
    const QCommandLineOption themeOption(QStringLiteral("theme"),
                                         tr("Colours for this run: system, light or dark (View > Theme remembers one)"),
                                         QStringLiteral("NAME"));
    parser.addOptions(
        {grantsOption, envOption, regionOption, accountOption, keyOption, orgOption, exportOption, themeOption});
    parser.process(app);
    QTextStream err(stderr);
    {
        // Like keypolicy's usage errors: a context value the CLI would refuse is refused before any window opens.
        StartupOptions given;
        const auto take = [&parser](const QCommandLineOption& option) {
            return parser.isSet(option) ? parser.value(option) : QString();
        };
        given.environment = take(envOption);
        given.region = take(regionOption);
        given.account = take(accountOption);
        given.key = take(keyOption);
        given.orgId = take(orgOption);
        QStringList errors = invalidStartupOptions(given);
        if (parser.isSet(themeOption) && !ThemeController::themeNamed(parser.value(themeOption))) {
            errors << tr("--theme: '%1' is not a theme (system, light or dark)").arg(parser.value(themeOption));
        }
        if (!errors.isEmpty()) {
            for (const QString& error : errors) {
                err << "keypolicy-studio: " << error << Qt::endl;
            }
            return 2;
        }
    }

    MainWindow window; // with every feature (ui/features/)
    if (parser.isSet(themeOption)) {
        window.themes()->setTheme(*ThemeController::themeNamed(parser.value(themeOption)), false);
    }
    StartupOptions options;
    const QStringList files = parser.positionalArguments();
    options.exportReport = parser.value(exportOption);
    const bool batch = !options.exportReport.isEmpty();
    if (!batch) {
        window.show();
    }
    const bool restored = !batch && window.files()->offerRestore();
    if (!restored && !files.isEmpty()) {
        options.file = files.first();
    }
    options.grantsFile = parser.value(grantsOption);
    options.environment = parser.value(envOption);
    options.region = parser.value(regionOption);
    options.account = parser.value(accountOption);
    options.key = parser.value(keyOption);
    options.orgId = parser.value(orgOption);
    if (batch) {
        MessageBox::setNonInteractive(true); // no window: problems go to stderr and the exit status
        QString error;
        const int status = exportReportAndQuit(&window, options, &error);
        if (status != 0) {
            err << "keypolicy-studio: " << error << Qt::endl;
        }
        return status;
    }
    for (const QString& error : applyStartupOptions(&window, options)) {
        err << "keypolicy-studio: " << error << Qt::endl;
    }
    return app.exec();
}

} // namespace kps::ui
