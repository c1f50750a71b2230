// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kps {

/** What is wrong with a policy variable as written (IAM Access Analyzer's four syntax checks). */
enum class VariableProblem {
    None,
    MissingBrace, ///< "${aws:username" without its closing "}" (MISSING_BRACE_IN_VARIABLE)
    MissingQuote, ///< a default not written 'like this' (MISSING_QUOTE_IN_VARIABLE)
    Space, ///< a space in the variable's name, "${aws: username}" (UNSUPPORTED_SPACE_IN_VARIABLE)
    Empty, ///< "${}" or "${ }" (EMPTY_VARIABLE)
};

/**
 * One policy variable in a string value, as the IAM User Guide writes them: "${aws:username}", a condition key
 * with a default "${aws:PrincipalTag/team, 'company-wide'}" (comma, optional blanks, the default in single quotes;
 * a quote inside it is written twice), or one of the three characters "${*}", "${?}", "${$}". Views into the
 * scanned string.
 */
struct PolicyVariable
{
    std::size_t offset = 0; ///< of the "$"
    std::size_t length = 0; ///< through the "}", or to the end of the string when the brace is missing
    std::string_view name; ///< the condition key (or "*", "?", "$"); empty for an empty variable
    std::string_view defaultValue; ///< between the quotes, with '' not yet unescaped
    bool hasDefault = false;
    VariableProblem problem = VariableProblem::None;

    bool isSpecialCharacter() const { return name == "*" || name == "?" || name == "$"; }
    /** The default with '' read as one quote. */
    std::string unescapedDefault() const;
};

/** Whether `text` holds "${" (where every variable begins, well-formed or not). */
inline bool hasPolicyVariable(std::string_view text)
{
    return text.find("${") != std::string_view::npos;
}

/**
 * Finds the next variable at or after `pos` and stores it in `out`; `pos` moves past it. False when there is none.
 * Allocates nothing, so the rules can scan every value. A variable with a problem is still returned (with the
 * problem set); a missing brace ends the scan, since everything up to the end of the string belongs to it.
 */
bool nextPolicyVariable(std::string_view text, std::size_t& pos, PolicyVariable& out);

/** The first variable with a problem in `text`, if any (false when every variable is well formed). */
bool firstMalformedVariable(std::string_view text, PolicyVariable& out);

} // namespace kps
