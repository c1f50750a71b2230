// SPDX-License-Identifier: GPL-3.0-or-later
// `keypolicy-studio`: the desktop editor. Wiring only; everything else lives in ui/.
#include "ui/StudioApplication.h"

int main(int argc, char** argv)
{
    return kps::ui::runStudio(argc, argv);
}
