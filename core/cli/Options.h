// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Checker.h"
#include "core/json/Expected.h"

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
    std::vector<std::string> all(std::string_view name) const; ///< every value given, in order (a repeatable option)
};

/**
 * Parses `args` (after the subcommand) against `options`: "--name VALUE", "--name=VALUE", "-o VALUE", flags,
 * "--" ends the options, "-" is an operand (standard input). Unknown options and missing values fail with a
 * message naming the option (and the closest known one).
 */
Expected<ParsedArgs> parseArgs(const std::vector<std::string>& args, const std::vector<OptionSpec>& options);

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
/** Fills `given` from keyOptions() (source Given); an error naming the option on an invalid value. */
Expected<void> readKeyOptions(const ParsedArgs& args, MwaaContext& given);
/**
 * --format as one of `allowed` (the first is the default when --format is absent); the error "--format: 'x' is not
 * one of a, b, c" otherwise.
 */
Expected<std::string> readFormatName(const ParsedArgs& args, std::initializer_list<std::string_view> allowed);

/** Output formats of the findings. */
enum class Format { Text, Json, Sarif };

/**
 * CheckOptions from the context options: validates --region, --account, --env, --key and --org-id
 * (validateContextOption, core/checker/ContextValues.h), loads --grants (mwaa::readGrantsDocument: list-grants
 * output, pages or a bare array, with positions; an error names FILE, line and column) and --execution-role-policy.
 * The error says which option or file is wrong (the commands print it as a usage error).
 */
Expected<CheckOptions> readCheckOptions(const ParsedArgs& args);
/** --format, default text. */
Expected<Format> readFormat(const ParsedArgs& args);
/** --fail-on, default error. */
Expected<Severity> readFailOn(const ParsedArgs& args);

/** The name standard output is shown under in error messages. */
inline constexpr std::string_view StdoutName = "<stdout>";

/**
 * Writes the command's result to -o FILE (atomically: temporary file in the same directory, fsync, rename) or,
 * without -o (or with "-o -"), to `out` (standard output). The error names FILE (or StdoutName) and the reason; the
 * previous content of FILE is then untouched.
 */
Expected<void> writeOutput(const ParsedArgs& args, std::string_view text, std::ostream& out);

// ---- Reporting errors: every error the commands print goes through one of these two -------------------------

/** "keypolicy: " and Error::text() ("FILE:LINE:COLUMN: message") on standard error; returns ExitError. */
int reportError(Streams& io, const Error& error);
/**
 * A usage error: "keypolicy COMMAND: " and Error::text() (an option's name, or a FILE, and the message), then a
 * pointer to --help; returns ExitError.
 */
int usageError(Streams& io, std::string_view command, const Error& error);
int usageError(Streams& io, std::string_view command, std::string_view message);

} // namespace kps::cli
