// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/cli/Options.h"

#include <string>
#include <string_view>
#include <vector>

namespace kps::cli {

/**
 * A subcommand: its documentation and its entry point. The dispatcher (Cli.cpp) parses the command line against
 * `options` (plus -h/--help), prints help and usage errors, and calls `run` with the parsed arguments. A new
 * command is a file defining one of the factory functions below plus one line in commands().
 */
struct CommandSpec
{
    std::string_view name; ///< "check"
    std::string_view synopsis; ///< after "keypolicy NAME ": "[options] FILE..."
    std::string_view summary; ///< one line for the command list
    std::string_view description; ///< paragraphs separated by blank lines
    std::vector<OptionSpec> options; ///< without -h/--help (added by the dispatcher)
    std::string_view examples; ///< one example per line, "command  # comment"
    std::string_view exitStatus = {}; ///< the help's "Exit status" paragraph; empty: exitStatusHelp()
    int (*run)(const ParsedArgs& args, Streams& io) = nullptr;
};

/** Every subcommand runCli() handles, in the order `keypolicy --help` lists them. */
const std::vector<CommandSpec>& commands();
/** nullptr when there is no such command. */
const CommandSpec* findCommand(std::string_view name);

/** `keypolicy COMMAND --help`: usage, description, options, exit status, examples. */
std::string commandHelp(const CommandSpec& command);
/** `keypolicy --help`: usage and the list of commands. */
std::string mainHelp();
/** The exit status paragraph every command's help ends with. */
std::string_view exitStatusHelp();

// ---- The commands (one file each) ------------------------------------------------------------------------------
CommandSpec checkCommand(); ///< CheckCommand.cpp
CommandSpec fixCommand(); ///< FixCommand.cpp
CommandSpec grantsCommand(); ///< GrantsCommand.cpp
CommandSpec templateCommand(); ///< TemplateCommand.cpp
CommandSpec reportCommand(); ///< ReportCommand.cpp
CommandSpec simulateCommand(); ///< SimulateCommand.cpp
CommandSpec accessCommand(); ///< AccessCommand.cpp
CommandSpec diffCommand(); ///< DiffCommand.cpp

/**
 * The fix path shared by `keypolicy fix` and `keypolicy check --fix`: reads the one operand, applies every fix,
 * writes the corrected policy (stdout or -o, atomically), prints a one-line summary to stderr and returns the exit
 * status for the findings that remain (judged by failOn).
 */
int fixPolicy(
    const ParsedArgs& args, const CheckOptions& options, Severity failOn, Streams& io, std::string_view command);

} // namespace kps::cli
