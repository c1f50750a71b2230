// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace kps::ui {

/** Creates the QApplication, the main window, opens files given on the command line, and runs the event loop. */
int runStudio(int argc, char** argv);

} // namespace kps::ui
