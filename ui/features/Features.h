// SPDX-License-Identifier: GPL-3.0-or-later
// Every feature controller of the window (MainWindow::files(), fixes(), ...), for code that drives several of them.
#pragma once

#include "ui/features/AccessController.h"
#include "ui/features/AwsController.h"
#include "ui/features/FilesController.h"
#include "ui/features/FixesController.h"
#include "ui/features/MwaaController.h"
#include "ui/features/ReportsController.h"
#include "ui/features/TemplateController.h"
#include "ui/features/ThemeController.h"
