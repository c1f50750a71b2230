// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace kps::cli {

/**
 * The `keypolicy` command line without Qt: check, fix, grants, template, report (spec/cli.md). `args` excludes
 * the program name. Returns the exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or I/O error.
 * Never constructs a QApplication; tests call it in-process with string streams.
 */
int runCli(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

/** True when the first argument names a subcommand runCli() handles (the others go to the aws/ commands). */
bool isCoreCommand(const std::string& command);

} // namespace kps::cli
