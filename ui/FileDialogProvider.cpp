// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/FileDialogProvider.h"

#include <QFileDialog>

namespace kps::ui {

FileDialogProvider::~FileDialogProvider() = default;

QString FileDialogProvider::openFileName(QWidget* parent,
                                         const QString& caption,
                                         const QString& directory,
                                         const QString& filter)
{
    return QFileDialog::getOpenFileName(parent, caption, directory, filter);
}

QString FileDialogProvider::saveFileName(QWidget* parent,
                                         const QString& caption,
                                         const QString& suggestion,
                                         const QString& filter)
{
    return QFileDialog::getSaveFileName(parent, caption, suggestion, filter);
}

} // namespace kps::ui
