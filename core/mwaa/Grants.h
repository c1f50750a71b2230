// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Expected.h"
#include "core/json/SourceDocument.h"

#include <string>
#include <vector>

namespace kps::mwaa {

/** One grant as `aws kms list-grants` prints it (GrantListEntry), read tolerantly. */
struct GrantEntry
{
    std::string pointer; ///< JSON Pointer of the grant in the file read (/Grants/3)
    std::string keyId;
    std::string grantId;
    std::string name; ///< trimmed; "" when the grant has no name
    std::string granteePrincipal;
    std::string granteeServicePrincipal;
    std::string retiringPrincipal;
    std::string retiringServicePrincipal;
    std::string issuingAccount;
    /// Exact GrantOperation names, in the grant's order, without duplicates. Tolerated spellings: a "kms:" prefix,
    /// any letter case, and policy-notation wildcards (kms:ReEncrypt*), which are expanded.
    std::vector<std::string> operations;
    std::vector<std::string> unknownOperations; ///< as written: not a grant operation
    bool hasConstraints = false;
    Json constraints; ///< the Constraints object when present

    /** The name, or "grant ID" when it has none. */
    std::string label() const;
};

/** A list of grants with what could not be read. */
struct GrantList
{
    std::vector<GrantEntry> grants;
    bool truncated = false; ///< a page says Truncated: true or has a NextMarker: later pages are missing
    std::vector<std::string> problems; ///< "/Grants/2 is not an object", ...
};

/**
 * Reads `aws kms list-grants` output: {"Grants": [...]} (with NextMarker/Truncated), an array of such pages, or a
 * bare array of grants. Never throws; what cannot be read is listed in GrantList::problems.
 */
GrantList readGrants(const Json& json);

/**
 * Parses the text first: when it is not JSON, the error is the parser's message (JSON_SYNTAX or NESTING_TOO_DEEP)
 * with its line and column, or "not valid JSON" without a position. The error names no file (the caller knows it).
 */
Expected<GrantList> readGrantsText(const std::string& text);

} // namespace kps::mwaa
