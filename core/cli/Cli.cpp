// SPDX-License-Identifier: GPL-3.0-or-later
// The `keypolicy` dispatcher: finds the subcommand, parses its options, prints help and usage errors.
#include "core/cli/Cli.h"

#include "core/cli/Commands.h"

#include <istream>
#include <ostream>

namespace kps::cli {

const std::vector<CommandSpec>& commands()
{
    // One line per command; each lives in its own file (see Commands.h).
    static const std::vector<CommandSpec> list = {
        checkCommand(),
        fixCommand(),
        grantsCommand(),
        templateCommand(),
        reportCommand(),
        simulateCommand(),
        accessCommand(),
        diffCommand(),
    };
    return list;
}

const CommandSpec* findCommand(std::string_view name)
{
    for (const auto& c : commands()) {
        if (c.name == name) {
            return &c;
        }
    }
    return nullptr;
}

namespace {

constexpr std::size_t HelpWidth = 80;

/** Word-wraps a paragraph to `width` columns, every line indented by `indent` spaces. */
std::string wrap(std::string_view text, std::size_t indent, std::size_t width = HelpWidth)
{
    std::string out;
    std::string line;
    std::size_t pos = 0;
    while (pos < text.size()) {
        while (pos < text.size() && text[pos] == ' ') {
            ++pos;
        }
        const auto end = text.find(' ', pos);
        const auto word = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        pos = end == std::string_view::npos ? text.size() : end;
        if (word.empty()) {
            continue;
        }
        if (!line.empty() && indent + line.size() + 1 + word.size() > width) {
            out += std::string(indent, ' ') + line + '\n';
            line.clear();
        }
        if (!line.empty()) {
            line += ' ';
        }
        line += word;
    }
    if (!line.empty()) {
        out += std::string(indent, ' ') + line + '\n';
    }
    return out;
}

/** Paragraphs (separated by "\n\n") wrapped and separated by blank lines. */
std::string paragraphs(std::string_view text, std::size_t indent)
{
    std::string out;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const auto end = text.find("\n\n", pos);
        const auto paragraph = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        if (!out.empty()) {
            out += '\n';
        }
        out += wrap(paragraph, indent);
        if (end == std::string_view::npos) {
            break;
        }
        pos = end + 2;
    }
    return out;
}

const OptionSpec HelpOption{"-h", "--help", "", "Show this help and exit."};

std::string optionLabel(const OptionSpec& o)
{
    std::string label(o.name);
    if (!o.alias.empty()) {
        label += ", ";
        label += o.alias;
    }
    if (!o.valueName.empty()) {
        label += ' ';
        label += o.valueName;
    }
    return label;
}

bool wantsHelp(const std::vector<std::string>& args)
{
    for (const auto& a : args) {
        if (a == "--") {
            return false;
        }
        if (a == "-h" || a == "--help") {
            return true;
        }
    }
    return false;
}

} // namespace

std::string_view exitStatusHelp()
{
    return "0 no finding at or above --fail-on; 1 some finding at or above --fail-on; 2 usage error, or an input "
           "that could not be read or an output that could not be written (the message names the file and the "
           "reason; the other files are still checked and reported).";
}

std::string commandHelp(const CommandSpec& command)
{
    std::string out = "Usage: keypolicy ";
    out += command.name;
    out += ' ';
    out += command.synopsis;
    out += "\n\n";
    out += paragraphs(command.description, 0);
    out += "\nOptions:\n";
    auto options = command.options;
    options.push_back(HelpOption);
    for (const auto& o : options) {
        out += "  ";
        out += optionLabel(o);
        out += '\n';
        out += wrap(o.help, 8);
    }
    out += "\nExit status:\n";
    out += wrap(command.exitStatus.empty() ? exitStatusHelp() : command.exitStatus, 2);
    if (!command.examples.empty()) {
        out += "\nExamples:\n";
        std::size_t pos = 0;
        while (pos < command.examples.size()) {
            const auto end = command.examples.find('\n', pos);
            out += "  ";
            out += command.examples.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
            out += '\n';
            pos = end == std::string_view::npos ? command.examples.size() : end + 1;
        }
    }
    return out;
}

std::string mainHelp()
{
    std::string out = "Usage: keypolicy COMMAND [options] [FILE...]\n\n";
    out += wrap("Checks and corrects AWS KMS key policies, first for the customer managed keys of Amazon MWAA "
                "environments. The same checker runs in the Keypolicy Studio editor.",
                0);
    out += "\nCommands:\n";
    for (const auto& c : commands()) {
        std::string label = "  " + std::string(c.name);
        label.resize(std::max<std::size_t>(label.size() + 2, 12), ' ');
        out += label;
        out += c.summary;
        out += '\n';
    }
    out += "\nOptions:\n  -h, --help  Show this help and exit.\n  --version   Print the version and exit.\n";
    out += "\nRun 'keypolicy COMMAND --help' for the options of a command.\n";
    return out;
}

bool isCoreCommand(const std::string& command)
{
    return findCommand(command) != nullptr || command == "help" || command == "--help" || command == "-h"
        || command == "--version";
}

int runCli(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err)
{
    Streams io{in, out, err};
    if (args.empty()) {
        err << mainHelp();
        return ExitError;
    }
    const std::string& name = args[0];
    if (name == "--version") {
        out << "keypolicy " << KPS_VERSION << '\n';
        return ExitClean;
    }
    if (name == "--help" || name == "-h") {
        out << mainHelp();
        return ExitClean;
    }
    if (name == "help") {
        if (args.size() < 2) {
            out << mainHelp();
            return ExitClean;
        }
        if (const auto* command = findCommand(args[1])) {
            out << commandHelp(*command);
            return ExitClean;
        }
        return usageError(io, "", "unknown command '" + args[1] + "'");
    }
    const CommandSpec* command = findCommand(name);
    if (!command) {
        if (!name.empty() && name[0] == '-') {
            return usageError(io, "", "unknown option '" + name + "' (a command comes first, e.g. keypolicy check)");
        }
        return usageError(io, "", "unknown command '" + name + "'");
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (wantsHelp(rest)) {
        out << commandHelp(*command);
        return ExitClean;
    }
    const auto parsed = parseArgs(rest, command->options);
    if (!parsed) {
        return usageError(io, command->name, parsed.error());
    }
    return command->run(*parsed, io);
}

} // namespace kps::cli
