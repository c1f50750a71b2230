// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QWidget;

namespace kps::ui {

/**
 * Where the editor asks for file names. The default shows QFileDialog; tests inject a provider that returns
 * prepared names, so no test blocks on a dialog.
 */
class FileDialogProvider
{
public:
    virtual ~FileDialogProvider();
    /** An existing file to open; empty when cancelled. */
    virtual QString
    openFileName(QWidget* parent, const QString& caption, const QString& directory, const QString& filter);
    /** A file name to save to; empty when cancelled. */
    virtual QString
    saveFileName(QWidget* parent, const QString& caption, const QString& suggestion, const QString& filter);
};

} // namespace kps::ui
