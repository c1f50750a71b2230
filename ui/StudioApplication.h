// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace kps::ui {

class MainWindow;

/**
 * What the command line asks the editor to open: a policy, the MWAA context (the same options as `keypolicy check`)
 * and the key's grants (`aws kms list-grants` output).
 */
struct StartupOptions
{
    QString file;
    QString grantsFile;
    QString environment;
    QString region;
    QString account;
    QString key;
    QString orgId; ///< --org-id: the Organization field
    /** Batch mode: write the change-ticket report (.md, .html or .pdf by suffix) of the opened policy and quit. */
    QString exportReport;
};

/**
 * The context options (--env, --region, --account, --key, --org-id) that the one rule of `keypolicy`'s context
 * options refuses (kps::validateContextOption), one message each ("--region: 'europe' is not a region code (e.g.
 * eu-west-1)"); a null QString is an option not given, an empty one is checked. runStudio() prints them on stderr
 * and exits with status 2 before a window opens, as `keypolicy` does for a usage error.
 */
QStringList invalidStartupOptions(const StartupOptions& options);

/**
 * Opens what @p options name in the window: the policy first (its context sidecar included), then the context given
 * on the command line (it wins over the sidecar, as typing into the `MWAA environment` panel would), then the grants
 * (the `Grant matrix` is raised). Returns one message per thing that could not be opened, naming the file and the
 * reason, and one per invalid context value (invalidStartupOptions; that field is left as it was); what could be
 * opened stays open.
 */
QStringList applyStartupOptions(MainWindow* window, const StartupOptions& options);

/**
 * The batch mode of `--export-report OUT`: writes the change-ticket report of what @p options opened, exactly as
 * `Export change-ticket report…` would. Returns the process exit status: 0 written, 2 with *error set otherwise.
 */
int exportReportAndQuit(MainWindow* window, const StartupOptions& options, QString* error);

/**
 * Sets up the process's allocator for the editor (runStudio() calls it first; so does the editor benchmark). With
 * glibc, blocks of 256 KB and more are always mapped on their own and returned to the system when freed: glibc's
 * default threshold rises to the largest block freed so far, after which the multi-MB buffers of a large policy
 * (its text as UTF-16, each parse) stay in the heap, and a 6.8 MB policy's peak resident memory was 250 MB
 * instead of under 200 MB. Elsewhere it does nothing.
 */
void configureAllocator();

/** Creates the QApplication, the main window, opens what the command line names, and runs the event loop. */
int runStudio(int argc, char** argv);

} // namespace kps::ui
