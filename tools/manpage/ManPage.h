// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kps::docs {

/** A command outside kps::cli::commands() (the aws/ commands, parsed by QCommandLineParser): its `--help` text. */
struct CommandHelpText
{
    std::string name; ///< "fetch"
    std::string help; ///< what `keypolicy fetch --help` prints
};

/**
 * The keypolicy(1) man page in roff (man macros), made from the same data as `keypolicy --help` and
 * `keypolicy COMMAND --help`: kps::cli::commands() (synopsis, description, options, examples), the description and
 * global options of mainHelp() and exitStatusHelp(), and the `--help` text of the other commands (usage line,
 * description, the two-column option and argument lists of QCommandLineParser). `date` goes into the title line
 * (the release date, so the output is reproducible).
 */
std::string keypolicyManPage(std::string_view version,
                             std::string_view date,
                             const std::vector<CommandHelpText>& otherCommands = {});

/** Text for roff: backslashes escaped, hyphens in words that are options or code protected, no line starting
 * with a control character. */
std::string roffText(std::string_view text);

} // namespace kps::docs
