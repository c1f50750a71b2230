// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Finding.h"
#include "core/json/SourceDocument.h"

#include <string_view>
#include <vector>

namespace kps {

/** The catalogue's code for a problem of the text: JSON_SYNTAX, JSON_DUPLICATE_KEY, NESTING_TOO_DEEP, ... */
std::string_view parseProblemCode(ParseProblem::Kind kind);

/**
 * The findings about the text itself: SourceDocument::problems() with the catalogue's codes, severities and
 * messages (the problem's detail is the message's one argument), in sortFindings() order. check() starts from them.
 */
std::vector<Finding> parseFindings(const SourceDocument& document);

} // namespace kps
