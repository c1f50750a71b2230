// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/cli/Options.h"
#include "core/render/Report.h"

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kps::cli {

/** The name standard input is shown under. */
inline constexpr std::string_view StdinName = "<stdin>";

/** One input as read: the name to show and its bytes. */
struct Input
{
    std::string path;
    std::string text;
    /// ReadMode::DirectoriesLater: a file of a directory, not read yet (text is empty); checkInputs reads it. A
    /// read error then goes where readInputs would have put it: after the first `errorsBefore` errors.
    bool later = false;
    std::size_t errorsBefore = 0;
};

/** When readInputs reads the files it finds in a directory. */
enum class ReadMode {
    Now, ///< every input is read before readInputs returns
    DirectoriesLater, ///< a directory's files are read by checkInputs, one at a time (a folder is not held at once)
};

struct Inputs
{
    std::vector<Input> files; ///< in the order given; a directory's files in sorted order
    std::vector<Error> errors; ///< operands that could not be read: the operand (Error::file) and the reason
};

/**
 * Expands and reads the operands: "-" is standard input (read once), a directory is walked recursively for
 * regular files named *.json in sorted path order, anything else is read as a file. An operand that cannot be read
 * becomes an Error; the others are still read.
 */
Inputs readInputs(const std::vector<std::string>& operands, std::istream& in, ReadMode mode = ReadMode::Now);

/**
 * Reads the inputs left for later, parses and checks every input (check() is pure: the order of the report is the
 * order of the inputs). The report's errors are in the order readInputs with ReadMode::Now would give.
 */
/// keepDocuments: keep each file's parsed document in the report (the SARIF renderer needs it for fixes). Without,
/// each is freed once checked: a folder of 10,000 policies then needs a fraction of the memory, and runs faster.
render::Report checkInputs(Inputs inputs, const CheckOptions& options, bool keepDocuments = true);
/**
 * checkInputs() one file at a time: each checked file is handed to `onFile` (without its document) and then freed,
 * so a streaming renderer holds one result at a time. Returns the input errors, in checkInputs()'s order.
 */
std::vector<Error> checkInputsEach(Inputs inputs,
                                   const CheckOptions& options,
                                   const std::function<void(const render::FileResult&)>& onFile);

/** "keypolicy: PATH: reason" (reportError) for every input error. */
void printInputErrors(const std::vector<Error>& errors, Streams& io);

/**
 * The operand of a command that takes exactly one policy FILE (or - for standard input). The error is a usage
 * error; `takes` starts its message ("fixing takes", "a report takes").
 */
Expected<std::string> singlePolicyOperand(const ParsedArgs& args, std::string_view takes);
/** That operand read, as readInputs() reads it; the error names the operand and the reason. */
Expected<Input> readPolicyOperand(const std::string& operand, std::istream& in);

/** "PATH:LINE:COL: severity CODE message" on standard error for each finding (a document that cannot be used). */
void printFindingLines(const std::string& path, const std::vector<Finding>& findings, Streams& io);

} // namespace kps::cli
