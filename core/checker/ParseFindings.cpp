// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/checker/ParseFindings.h"

#include "core/checker/Rules.h"

namespace kps {

std::string_view parseProblemCode(ParseProblem::Kind kind)
{
    switch (kind) {
    case ParseProblem::Kind::Syntax:
        return "JSON_SYNTAX";
    case ParseProblem::Kind::DuplicateKey:
        return "JSON_DUPLICATE_KEY";
    case ParseProblem::Kind::NestingTooDeep:
        return "NESTING_TOO_DEEP";
    case ParseProblem::Kind::TooLarge:
        return "POLICY_TOO_LARGE";
    case ParseProblem::Kind::Charset:
        return "POLICY_CHARSET";
    }
    return "JSON_SYNTAX";
}

std::vector<Finding> parseFindings(const SourceDocument& document)
{
    std::vector<Finding> findings;
    findings.reserve(document.problems().size());
    for (const ParseProblem& problem : document.problems()) {
        findings.push_back(makeFinding(parseProblemCode(problem.kind),
                                       Location{problem.pointer, document.spanAt(problem.offset, problem.length), {}},
                                       {problem.detail}));
    }
    sortFindings(findings);
    return findings;
}

} // namespace kps
