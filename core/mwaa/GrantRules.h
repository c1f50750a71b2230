// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Checker.h"
#include "core/checker/Emitter.h"
#include "core/checker/Finding.h"
#include "core/mwaa/GrantMatrix.h"

#include <string>
#include <vector>

namespace kps::mwaa {

/**
 * Every finding of a grant audit, reported through `emit`: an Emitter over the listing's document and named after
 * its file (CheckOptions::grants), so that each finding has the file, the JSON Pointer of the grant, operation or
 * principal (/Grants/3/Operations/1), and its line and column. The codes (docs/mwaa.md, "The grant audit"):
 * - per audited environment: MWAA_GRANT_MISSING, MWAA_GRANT_OPERATIONS, MWAA_GRANT_EXTRA_OPERATIONS,
 *   MWAA_GRANT_PRINCIPAL;
 * - per grant: GRANT_OPERATION_UNKNOWN, GRANT_CROSS_ACCOUNT, GRANT_CAN_REGRANT, GRANT_CONSTRAINED,
 *   MWAA_GRANT_UNEXPECTED;
 * - per listing: GRANTS_INCOMPLETE.
 *
 * What the MWAA verdict depends on is appended to `assumptions` (each once), never guessed: an MWAA grant absent
 * from a truncated listing may be on a page not read (GRANTS_INCOMPLETE, not MWAA_GRANT_MISSING), an airflow
 * principal is right only if the environment is in its region (region unknown), a constrained MWAA grant works only
 * if MWAA's requests meet the constraint. Nothing without a listing or for an environment that is unknown.
 */
void emitGrantFindings(const GrantAudit& audit, Emitter& emit, std::vector<Assumption>& assumptions);

/** The findings of an audit and what its verdict depends on. */
struct GrantFindings
{
    std::vector<Finding> findings; ///< in the order of sortFindings()
    std::vector<Assumption> assumptions;
};

/**
 * emitGrantFindings() into a list of its own: located in `listing` (its path as Location::file) when given, else
 * by pointer alone (line 1, column 1), for an audit of a GrantList built in code.
 */
GrantFindings grantFindings(const GrantAudit& audit, const GrantsDocument* listing = nullptr);

} // namespace kps::mwaa
