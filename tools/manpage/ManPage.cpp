// SPDX-License-Identifier: GPL-3.0-or-later
#include "tools/manpage/ManPage.h"

#include "core/cli/Commands.h"

#include <cstdint>
#include <cstdio>
#include <vector>

namespace kps::docs {
namespace {

std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            lines.push_back(text.substr(start));
            break;
        }
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && s.front() == ' ') {
        s.remove_prefix(1);
    }
    while (!s.empty() && s.back() == ' ') {
        s.remove_suffix(1);
    }
    return s;
}

/** Paragraphs separated by blank lines, each joined into one line. */
std::vector<std::string> paragraphsOf(std::string_view text)
{
    std::vector<std::string> out;
    std::string current;
    for (const auto line : splitLines(text)) {
        const auto t = trim(line);
        if (t.empty()) {
            if (!current.empty()) {
                out.push_back(current);
                current.clear();
            }
            continue;
        }
        if (!current.empty()) {
            current += ' ';
        }
        current += t;
    }
    if (!current.empty()) {
        out.push_back(current);
    }
    return out;
}

/** Prose with `code` spans: the spans in bold, as man pages show commands. */
std::string prose(std::string_view text)
{
    std::string out;
    bool code = false;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const auto tick = text.find('`', pos);
        const auto piece = text.substr(pos, tick == std::string_view::npos ? std::string_view::npos : tick - pos);
        // An unpaired backtick stays as it is.
        if (code && tick == std::string_view::npos) {
            out += "`" + roffText(piece);
            break;
        }
        out += code ? "\\fB" + roffText(piece) + "\\fR" : roffText(piece);
        if (tick == std::string_view::npos) {
            break;
        }
        code = !code;
        pos = tick + 1;
    }
    return out;
}

std::string paragraphs(std::string_view text)
{
    std::string out;
    for (const auto& p : paragraphsOf(text)) {
        out += ".PP\n" + prose(p) + "\n";
    }
    return out;
}

std::string bold(std::string_view text)
{
    return "\\fB" + roffText(text) + "\\fR";
}

std::string italic(std::string_view text)
{
    return "\\fI" + roffText(text) + "\\fR";
}

std::string optionItem(const cli::OptionSpec& option)
{
    std::string label = bold(option.name);
    if (!option.alias.empty()) {
        label += ", " + bold(option.alias);
    }
    if (!option.valueName.empty()) {
        label += " " + italic(option.valueName);
    }
    return ".TP\n" + label + "\n" + prose(option.help) + "\n";
}

/** The parts of `keypolicy --help` that are not the command list: its description and the global options. */
struct MainHelp
{
    std::string description; ///< paragraphs separated by blank lines
    std::vector<std::pair<std::string, std::string>> options; ///< "-h, --help" -> "Show this help and exit."
    std::string trailer; ///< text after the last section ("Run 'keypolicy COMMAND --help' ...")
};

MainHelp parseMainHelp(std::string_view help)
{
    MainHelp out;
    std::string section; // "" before the first heading, then the heading without ':'
    bool afterSections = false;
    for (const auto line : splitLines(help)) {
        if (line.starts_with("Usage:")) {
            continue;
        }
        if (!line.empty() && line.front() != ' ' && line.back() == ':') {
            section = std::string(line.substr(0, line.size() - 1));
            afterSections = false;
            continue;
        }
        if (line.empty()) {
            if (!section.empty()) {
                afterSections = true;
            }
            (afterSections ? out.trailer : out.description) += '\n';
            continue;
        }
        if (section.empty()) {
            out.description += std::string(line) + '\n';
        } else if (afterSections || line.front() != ' ') {
            afterSections = true;
            out.trailer += std::string(line) + '\n';
        } else if (section == "Options") {
            const auto t = trim(line);
            const auto gap = t.find("  ");
            if (gap == std::string_view::npos) {
                out.options.emplace_back(std::string(t), "");
            } else {
                out.options.emplace_back(std::string(t.substr(0, gap)), std::string(trim(t.substr(gap))));
            }
        }
    }
    return out;
}

/** "-h, --help" -> bold pieces. */
std::string optionLabel(std::string_view label)
{
    std::string out;
    std::size_t pos = 0;
    while (pos <= label.size()) {
        const auto comma = label.find(", ", pos);
        const auto piece = label.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
        if (!out.empty()) {
            out += ", ";
        }
        const auto space = piece.find(' ');
        out += bold(piece.substr(0, space));
        if (space != std::string_view::npos) {
            out += ' ';
            out += italic(piece.substr(space + 1));
        }
        if (comma == std::string_view::npos) {
            break;
        }
        pos = comma + 2;
    }
    return out;
}

std::string firstSentence(std::string_view text)
{
    const auto paras = paragraphsOf(text);
    if (paras.empty()) {
        return "";
    }
    std::string_view p = paras.front();
    const auto stop = p.find(". ");
    p = p.substr(0, stop);
    if (!p.empty() && p.back() == '.') {
        p.remove_suffix(1);
    }
    // Strip a trailing qualifier after a comma ("..., first for ..."): a NAME line is short.
    const auto comma = p.find(", ");
    if (comma != std::string_view::npos) {
        p = p.substr(0, comma);
    }
    std::string out(p);
    if (!out.empty() && out.front() >= 'A' && out.front() <= 'Z') {
        out.front() = static_cast<char>(out.front() - 'A' + 'a');
    }
    return out;
}

std::string roffQuoted(std::string_view text)
{
    std::string out = "\"";
    for (const char c : roffText(text)) {
        out += c == '"' ? std::string("\\(dq") : std::string(1, c);
    }
    return out + "\"";
}

/** A `--help` text in the layout QCommandLineParser (and most tools) print. */
struct HelpText
{
    std::string usage; ///< after "Usage: "
    std::vector<std::string> description; ///< lines as printed (they may carry a list)
    /// section ("Options", "Arguments") -> items (label, description joined)
    std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> sections;
};

std::size_t indentOf(std::string_view line)
{
    std::size_t n = 0;
    while (n < line.size() && line[n] == ' ') {
        ++n;
    }
    return n;
}

HelpText parseHelpText(std::string_view help)
{
    HelpText out;
    bool inDescription = true;
    for (const auto line : splitLines(help)) {
        if (line.starts_with("Usage: ")) {
            out.usage = std::string(trim(line.substr(7)));
            continue;
        }
        if (line.empty()) {
            inDescription = out.sections.empty() && out.description.empty();
            continue;
        }
        if (line.front() != ' ' && line.back() == ':' && !inDescription) {
            out.sections.emplace_back(std::string(line.substr(0, line.size() - 1)),
                                      std::vector<std::pair<std::string, std::string>>{});
            continue;
        }
        if (out.sections.empty()) {
            out.description.emplace_back(line);
            continue;
        }
        auto& items = out.sections.back().second;
        const auto t = trim(line);
        const auto gap = t.find("  ");
        // An item starts at the list's indent; deeper lines continue the previous item's description.
        if (indentOf(line) <= 2 || items.empty()) {
            if (gap == std::string_view::npos) {
                items.emplace_back(std::string(t), "");
            } else {
                items.emplace_back(std::string(t.substr(0, gap)), std::string(trim(t.substr(gap))));
            }
        } else {
            auto& text = items.back().second;
            text += text.empty() ? "" : " ";
            text += t;
        }
    }
    return out;
}

/** "keypolicy [options] fetch" with the command in bold. */
std::string usageLine(std::string_view usage, std::string_view name)
{
    if (usage.empty()) {
        return bold("keypolicy " + std::string(name));
    }
    std::string out;
    std::size_t pos = 0;
    while (pos < usage.size()) {
        auto end = usage.find(' ', pos);
        if (end == std::string_view::npos) {
            end = usage.size();
        }
        const auto word = usage.substr(pos, end - pos);
        if (!out.empty()) {
            out += ' ';
        }
        out += word == "keypolicy" || word == name ? bold(word) : roffText(word);
        pos = end + 1;
    }
    return out;
}

/** "--key-id <KEY>" -> bold names, the value as written in italics. */
std::string itemLabel(std::string_view label)
{
    if (label.empty() || label.front() != '-') {
        return bold(label);
    }
    return optionLabel(label);
}

std::string helpTextSection(const CommandHelpText& command)
{
    const HelpText help = parseHelpText(command.help);
    std::string out = ".SS " + roffQuoted("keypolicy " + command.name) + "\n";
    out += usageLine(help.usage, command.name) + "\n.PP\n";
    for (const auto& line : help.description) {
        // Lines are kept as printed: the text may hold a numbered list.
        out += prose(line) + "\n.br\n";
    }
    for (const auto& [section, items] : help.sections) {
        std::string list;
        for (const auto& [label, text] : items) {
            // The command's own name as an argument ("fetch  The command.") and -h/--help (global) add nothing.
            if (label == command.name || label.starts_with("-h, --help")) {
                continue;
            }
            list += ".TP\n" + itemLabel(label) + "\n" + prose(text) + "\n";
        }
        if (!list.empty()) {
            out += ".PP\n" + bold(section + ":") + "\n.RS 4\n" + list + ".RE\n";
        }
    }
    return out;
}

} // namespace

std::string roffText(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + 16);
    bool lineStart = true;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (lineStart && (c == '.' || c == '\'')) {
            out += "\\&";
        }
        lineStart = c == '\n';
        if (c == '\\') {
            out += "\\e";
        } else if (c == '-') {
            // ASCII hyphen-minus, so options and ARNs copy and paste as typed.
            out += "\\-";
        } else if (c < 0x80) {
            out += static_cast<char>(c);
        } else {
            // groff reads Latin-1: spell other characters as \[uXXXX].
            std::uint32_t cp = 0;
            int extra = 0;
            if ((c & 0xE0U) == 0xC0U) {
                cp = c & 0x1FU;
                extra = 1;
            } else if ((c & 0xF0U) == 0xE0U) {
                cp = c & 0x0FU;
                extra = 2;
            } else if ((c & 0xF8U) == 0xF0U) {
                cp = c & 0x07U;
                extra = 3;
            } else {
                out += "\\[uFFFD]";
                continue;
            }
            for (int k = 0; k < extra && i + 1 < text.size(); ++k) {
                cp = (cp << 6U) | (static_cast<unsigned char>(text[++i]) & 0x3FU);
            }
            char buffer[16];
            std::snprintf(buffer, sizeof buffer, "\\[u%04X]", static_cast<unsigned>(cp));
            out += buffer;
        }
    }
    return out;
}

std::string
keypolicyManPage(std::string_view version, std::string_view date, const std::vector<CommandHelpText>& otherCommands)
{
    const MainHelp main = parseMainHelp(cli::mainHelp());
    std::string out;
    out += ".\\\" Generated by kps-manpage from the keypolicy command line's help tables (core/cli). Do not edit.\n";
    out += ".TH KEYPOLICY 1 " + roffQuoted(date) + " " + roffQuoted("keypolicy " + std::string(version)) + " "
        + roffQuoted("User Commands") + "\n";

    out += ".SH NAME\nkeypolicy \\- " + roffText(firstSentence(main.description)) + "\n";

    out += ".SH SYNOPSIS\n";
    for (const auto& command : cli::commands()) {
        out += bold("keypolicy " + std::string(command.name)) + " " + roffText(command.synopsis) + "\n.br\n";
    }
    for (const auto& command : otherCommands) {
        out += usageLine(parseHelpText(command.help).usage, command.name) + "\n.br\n";
    }
    out += bold("keypolicy") + " " + italic("COMMAND") + " " + bold("--help") + "\n.br\n";
    out += bold("keypolicy --version") + "\n";

    out += ".SH DESCRIPTION\n" + paragraphs(main.description);
    out += paragraphs(main.trailer);

    out += ".SH COMMANDS\n";
    for (const auto& command : cli::commands()) {
        out += ".SS " + roffQuoted("keypolicy " + std::string(command.name)) + "\n";
        out += bold("keypolicy " + std::string(command.name)) + " " + roffText(command.synopsis) + "\n";
        out += paragraphs(command.description);
        if (!command.options.empty()) {
            out += ".PP\n" + bold("Options:") + "\n.RS 4\n";
            for (const auto& option : command.options) {
                out += optionItem(option);
            }
            out += ".RE\n";
        }
        if (!command.examples.empty()) {
            out += ".PP\n" + bold("Examples:") + "\n.RS 4\n.nf\n";
            for (const auto line : splitLines(command.examples)) {
                out += roffText(line) + "\n";
            }
            out += ".fi\n.RE\n";
        }
        if (!command.exitStatus.empty()) {
            out += ".PP\n" + bold("Exit status:") + "\n" + prose(command.exitStatus) + "\n";
        }
    }

    for (const auto& command : otherCommands) {
        out += helpTextSection(command);
    }

    out += ".SH OPTIONS\n";
    for (const auto& [label, help] : main.options) {
        out += ".TP\n" + optionLabel(label) + "\n" + prose(help) + "\n";
    }

    out += ".SH \"EXIT STATUS\"\n" + paragraphs(cli::exitStatusHelp());

    out += ".SH \"SEE ALSO\"\n.PP\n" + bold("keypolicy-studio")
        + roffText(", the desktop editor, runs the same checker. Every finding code is documented in the finding "
                   "reference, ")
        + italic("/usr/share/doc/keypolicy-studio/findings.md") + ".\n";
    return out;
}

} // namespace kps::docs
