// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Checker.h"
#include "core/json/Expected.h"
#include "core/json/SourceDocument.h"

#include <string>
#include <string_view>
#include <vector>

namespace kps::mwaa {

/** One entry of a grant's Operations as the listing writes it. */
struct GrantOperation
{
    enum class Kind {
        Exact, ///< a GrantOperation name, as ListGrants prints it ("Decrypt")
        Notation, ///< a GrantOperation written as a key policy would: a kms: prefix, a wildcard, another letter case
        Unknown, ///< no grant operation in any notation ("GenerateDataKeys")
    };
    std::string written; ///< as written
    std::string pointer; ///< /Grants/3/Operations/1 (/Grants/3/Operations when Operations is one string: a problem too)
    Kind kind = Kind::Exact;
    std::vector<std::string> meant; ///< Exact: the name; Notation: every GrantOperation it stands for; Unknown: none
    std::vector<std::string> suggestions; ///< Unknown: the closest GrantOperation names, best first
};

/** One grant as `aws kms list-grants` prints it (GrantListEntry), read tolerantly. */
struct GrantEntry
{
    std::string pointer; ///< JSON Pointer of the grant in the file read (/Grants/3)
    std::string keyId; ///< as listed: the key ARN for ListGrants output
    std::string grantId;
    std::string name; ///< trimmed; "" when the grant has no name
    std::string creationDate; ///< ISO 8601 UTC (a number of seconds is converted), or the text as written; "" none
    std::string granteePrincipal;
    std::string granteeServicePrincipal;
    std::string retiringPrincipal;
    std::string retiringServicePrincipal;
    std::string issuingAccount;
    /// Exact GrantOperation names the grant gives, in the grant's order, without duplicates: the Exact entries of
    /// `written` and what its Notation entries stand for (kms:ReEncrypt* gives ReEncryptFrom and ReEncryptTo).
    std::vector<std::string> operations;
    std::vector<GrantOperation> written; ///< every entry of Operations, as written, with its pointer
    bool hasConstraints = false;
    Json constraints; ///< the Constraints object when present

    /** The name, or "ID <GrantId>" when it has none. */
    std::string label() const;
    /** GranteePrincipal, else GranteeServicePrincipal ("" when neither). */
    const std::string& grantee() const;
    /** RetiringPrincipal, else RetiringServicePrincipal ("" when neither). */
    const std::string& retiring() const;
    /** The field grantee() / retiring() was read from ("GranteePrincipal", ...; the classic one when neither). */
    std::string_view granteeField() const;
    std::string_view retiringField() const;
    /** The constraints as compact JSON ({"EncryptionContextSubset":{"aws:sqs:arn":"..."}}), "" without. */
    std::string constraintsText() const;
};

/** A list of grants with what could not be read. */
struct GrantList
{
    std::vector<GrantEntry> grants;
    /// A page says Truncated: true, or has a NextMarker (ListGrants) or NextToken (the AWS CLI's --max-items): later
    /// pages were not read. For an array of pages, the last page decides.
    bool truncated = false;
    std::string truncatedPointer; ///< the member that says so (/Truncated, /NextMarker, /2/NextToken), "" when not
    std::string truncatedBy; ///< the same in words: "Truncated is true", "NextMarker is set", "NextToken is set"
    std::string listPointer; ///< the grants array of the last page (/Grants, /1/Grants), "" for a bare array
    /// What is not as ListGrants prints it ("/Grants/2 is not an object"), with its pointer. readGrantsText() and
    /// readGrantsDocument() refuse a listing with any.
    struct Problem
    {
        std::string pointer;
        std::string message;
    };
    std::vector<Problem> problems;
};

/**
 * Reads `aws kms list-grants` output: {"Grants": [...]} (with NextMarker/Truncated), an array of such pages, or a
 * bare array of grants. Never throws; what is not as ListGrants prints it is listed in GrantList::problems.
 */
GrantList readGrants(const Json& json);

/**
 * Parses a listing and reads it, refusing a text that is not JSON (the parser's message, line and column) or not a
 * listing (the first of GrantList::problems, at its node's line and column). The error names no file.
 */
Expected<GrantList> readGrantsText(const std::string& text);

/**
 * The same, keeping the parsed text: a GrantsDocument for CheckOptions::grants, whose findings name `path` and a
 * line and column in it. The error names `path` and where the text stops being a listing.
 */
Expected<GrantsDocument> readGrantsDocument(std::string text, std::string path);

/** A principal a grant names, taken apart (GranteePrincipal, RetiringPrincipal and their service variants). */
struct GrantPrincipal
{
    enum class Kind {
        None, ///< the field is absent or empty
        Service, ///< a service principal (rds.eu-west-1.amazonaws.com), or a service-linked role of one
        Iam, ///< an IAM or STS ARN, or the account principal (root)
        Account, ///< a bare 12-digit account id
        Other, ///< anything else
    };
    Kind kind = Kind::None;
    std::string service; ///< Service: the principal, or the service of the service-linked role (rds.amazonaws.com)
    bool serviceLinkedRole = false; ///< Service: an IAM role of the path aws-service-role/SERVICE/
    std::string account; ///< Iam, Account, and a service-linked role: the account
    std::string partition; ///< Iam: the ARN's partition
};
GrantPrincipal parseGrantPrincipal(std::string_view text);

/**
 * What a grant operation written in another notation stands for (Kind::Notation: a kms: prefix, a wildcard, another
 * letter case), or close names (Kind::Unknown). An exact name gives Kind::Exact.
 */
GrantOperation interpretGrantOperation(std::string_view written);

} // namespace kps::mwaa
