// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Checker.h"

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kps::cli {

/** Exit status of every subcommand (spec/cli.md). */
enum ExitStatus : int {
    ExitClean = 0, ///< no finding at or above --fail-on
    ExitFindings = 1, ///< some finding at or above --fail-on
    ExitError = 2, ///< usage error, or an input/output that could not be read or written
};

/** The three streams a command talks through (string streams in tests). */
struct Streams
{
    std::istream& in;
    std::ostream& out;
    std::ostream& err;
};

/**
 * One option of a subcommand. These tables are the single source of the option parser, `--help` and (generated
 * from commands()) the man page: an option documented nowhere else cannot drift.
 */
struct OptionSpec
{
    std::string_view name; ///< canonical spelling, "--region" or "-o"
    std::string_view alias; ///< another spelling ("--output") or empty
    std::string_view valueName; ///< empty for a flag, else the placeholder shown in help ("R", "FILE")
    std::string_view help; ///< one or two sentences
};

/** The options of one command line, after parsing against a table of OptionSpec. */
struct ParsedArgs
{
    std::vector<std::pair<std::string, std::string>> values; ///< canonical option name -> value, in order
    std::vector<std::string> flags; ///< canonical names of the flags given
    std::vector<std::string> positionals; ///< operands ("-" included), in order

    bool has(std::string_view name) const; ///< a flag or a valued option was given
    std::optional<std::string> value(std::string_view name) const; ///< the last value given
};

/**
 * Parses `args` (after the subcommand) against `options`: "--name VALUE", "--name=VALUE", "-o VALUE", flags,
 * "--" ends the options, "-" is an operand (standard input). Unknown options and missing values fail with a
 * message naming the option (and the closest known one).
 */
std::optional<ParsedArgs>
parseArgs(const std::vector<std::string>& args, const std::vector<OptionSpec>& options, std::string& error);

// ---- Option groups shared by the subcommands ------------------------------------------------------------------

/** --region --account --env --key --grants --execution-role-policy --execution-role --no-mwaa */
std::vector<OptionSpec> contextOptions();
/** --format text|json|sarif */
OptionSpec formatOption();
/** --fail-on error|security|warning|suggestion */
OptionSpec failOnOption();
/** -o, --output FILE */
OptionSpec outputOption();
/** Concatenates option groups. */
std::vector<OptionSpec> joinOptions(std::initializer_list<std::vector<OptionSpec>> groups);

/**
 * --account --region --key: the key a policy belongs to, for the commands that evaluate requests against it
 * (simulate, access, diff). Validated by the one definition of a context value (core/checker/ContextValues).
 */
std::vector<OptionSpec> keyOptions();
/** Fills `given` from keyOptions() (source Given); false with a message naming the option on an invalid value. */
bool readKeyOptions(const ParsedArgs& args, MwaaContext& given, std::string& error);
/**
 * --format as one of `allowed` (the first is the default when --format is absent); nullopt with "--format: 'x' is
 * not one of a, b, c" otherwise.
 */
std::optional<std::string>
readFormatName(const ParsedArgs& args, std::initializer_list<std::string_view> allowed, std::string& error);

/** Output formats of the findings. */
enum class Format { Text, Json, Sarif };

/**
 * Fills CheckOptions from the context options: validates --region, --account, --env, --key and --org-id
 * (contextValueError, core/checker/ContextValues.h), loads --grants
 * (`{"Grants": [...]}` or a bare array) and --execution-role-policy. false with a message on error.
 */
bool readCheckOptions(const ParsedArgs& args, CheckOptions& options, std::string& error);
/** --format, default text. */
std::optional<Format> readFormat(const ParsedArgs& args, std::string& error);
/** --fail-on, default error. */
std::optional<Severity> readFailOn(const ParsedArgs& args, std::string& error);

/**
 * Writes the command's result to -o FILE (atomically: temporary file in the same directory, fsync, rename) or,
 * without -o (or with "-o -"), to standard output. On failure prints "keypolicy: FILE: reason" and returns false;
 * the previous content of FILE is then untouched.
 */
bool writeOutput(const ParsedArgs& args, std::string_view text, Streams& io);

/** Prints "keypolicy COMMAND: message" and a pointer to --help; returns ExitError. */
int usageError(Streams& io, std::string_view command, std::string_view message);

} // namespace kps::cli
