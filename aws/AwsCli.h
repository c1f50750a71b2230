// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace kps::aws {

/** True for the subcommands that talk to AWS (fetch, apply). */
bool isAwsCommand(const std::string& command);
/** Runs one of them with a QCoreApplication (never a QApplication); returns the exit status. */
int runAwsCli(int argc, char** argv);

} // namespace kps::aws
