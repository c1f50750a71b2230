// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Context.h"
#include "core/mwaa/Grants.h"

#include <nlohmann/json.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kps::mwaa {

/** The operation columns of the matrix, in AWS's page's policy notation. */
enum class GrantColumn { Encrypt, Decrypt, ReEncrypt, GenerateDataKey, CreateGrant, DescribeKey, RetireGrant };
inline constexpr std::size_t kGrantColumnCount = 7;
/** "Encrypt", "Decrypt", "ReEncrypt*", "GenerateDataKey*", "CreateGrant", "DescribeKey", "RetireGrant". */
std::string_view grantColumnName(GrantColumn column);
/**
 * The exact grant operations a column stands for: ReEncrypt* = ReEncryptFrom + ReEncryptTo; GenerateDataKey* =
 * GenerateDataKey + GenerateDataKeyWithoutPlaintext (the key-pair variants are allowed in a grant, not required).
 */
std::vector<std::string_view> grantColumnOperations(GrantColumn column);

/** One cell. Without a grant list only Required and NotRequired occur. */
enum class CellState {
    Required, ///< MWAA needs it (no grant list loaded)
    Present, ///< needed and granted, to MWAA's principal, without constraints
    Missing, ///< needed and not (fully) granted
    Extra, ///< granted but not needed
    NotRequired, ///< neither needed nor granted
    WrongPrincipal, ///< needed and granted, but to (or retired by) another principal than MWAA's: MWAA cannot use it
    Depends, ///< needed; whether MWAA has it depends on what GrantRow::dependsOn names (pages not read, ...)
};
/** "required", "present", "missing", "extra", "not-required", "wrong-principal", "depends" */
std::string_view cellStateName(CellState state);

/** A principal field of a matched grant compared with the expected airflow principal. */
struct PrincipalCheck
{
    enum class State {
        Ok, ///< the expected principal
        Wrong, ///< another principal (or none)
        Unknown, ///< an airflow principal of a region, while the environment's region is unknown
    };
    std::string role; ///< "grantee" or "retiring principal"
    std::string field; ///< the field that was read: GranteePrincipal, GranteeServicePrincipal, ...
    std::string actual; ///< "" when the grant has neither field
    std::string expected; ///< airflow.REGION.SUFFIX ("airflow.REGION.amazonaws.com" when the region is unknown)
    State state = State::Wrong;
    bool ok() const { return state == State::Ok; }
};
std::string_view principalStateName(PrincipalCheck::State state); ///< "ok", "wrong", "unknown"

/** One of the four MWAA grants of the environment. */
struct GrantRow
{
    std::string name; ///< the expected name, e.g. mwaa-grant-for-env-mgmt-role-ENV
    std::string purpose; ///< AWS's page's title for it
    std::array<CellState, kGrantColumnCount> cells{};
    std::optional<GrantEntry> grant; ///< the grant of that name in the list, if any
    int grantIndex = -1; ///< its index in GrantAudit::grants (-1 when none)
    std::vector<std::string> missingOperations; ///< exact operations needed but not granted
    std::vector<std::string> extraOperations; ///< exact operations granted beyond MWAA's
    std::vector<PrincipalCheck> principalChecks; ///< grantee and retiring principal (when a grant was found)
    /// Why cells that would be present or missing say "depends": the listing is truncated (the grant may be on a
    /// page not read), the region is unknown, the grant has constraints. "" when no cell depends.
    std::string dependsOn;

    bool required(GrantColumn column) const;
};

/** The MWAA grant matrix of one environment. */
struct GrantMatrix
{
    std::string environment; ///< "" when unknown (the rows then say ENV)
    bool environmentInferred = false; ///< taken from the grant names, not given
    std::string region;
    std::string partition;
    std::string expectedPrincipal; ///< airflow.REGION.SUFFIX, "" when the region is unknown
    bool grantsLoaded = false;
    bool truncated = false; ///< the grant list says more pages follow
    std::vector<GrantRow> rows; ///< always four, in AWS's order

    /**
     * "required" (no listing, or no environment), "ok" (every grant there, as MWAA needs it), "problems" (some
     * cell missing, extra or wrong principal), "depends" (no problem, but some cell depends).
     */
    std::string status() const;
};

/** What a grant of the listing is, for an auditor. */
enum class GrantClass {
    Mwaa, ///< one of an environment's four grants (by MWAA's naming), or a further grant to MWAA's airflow principal
    AwsService, ///< for another AWS service: a service principal, or a service-linked role
    KeyAccount, ///< for a principal of the key's account
    OtherAccount, ///< for a principal of another account
    Unknown, ///< no grantee, a grantee that is no principal, or an account while the key's account is unknown
};
/** "mwaa", "aws-service", "key-account", "other-account", "unknown" */
std::string_view grantClassName(GrantClass kind);

/** One grant of the listing, classified. */
struct AuditedGrant
{
    GrantEntry grant;
    GrantClass kind = GrantClass::Unknown;
    std::string environment; ///< Mwaa: the environment whose grant it is ("" for MWAA's further grants)
    int matrixRow = -1; ///< Mwaa: the row (0..3) of its environment's matrix that shows it; -1 for any other
    std::string service; ///< AwsService: the service principal (or the service of the service-linked role)
    std::string account; ///< the grantee's account, when the grantee is an IAM principal or an account
    std::string description; ///< the class in words: "MWAA, environment prod", "AWS service rds.amazonaws.com", ...
};

/**
 * Every grant on a key reviewed as an auditor would: one matrix per MWAA environment (each environment's grants
 * audited on their own) and every grant of the listing classified. A value type; pure. The `keypolicy grants` command,
 * checkProfile(), the change-ticket report and the window's Grants dock share it.
 */
struct GrantAudit
{
    std::string region; ///< the context's, else the region of the listing's key ARN; "" unknown
    bool regionFromListing = false; ///< the region is the key ARN's of the listing (the context had none)
    std::string partition;
    std::string keyAccount; ///< the context's account, else that of the listing's key ARN; "" unknown
    std::string keyArn; ///< the key ARN the listing's KeyId fields name (all the same), else the context's key
    bool grantsLoaded = false;
    bool truncated = false;
    std::string truncatedPointer; ///< where the listing says it is truncated
    std::string truncatedBy; ///< "Truncated is true", ...
    std::string listPointer; ///< the grants array (where an absent grant is reported)
    /// Given environments first (in the order given), then those the grant names name (in listing order). One
    /// matrix with environment "" when there is none.
    std::vector<GrantMatrix> environments;
    std::vector<AuditedGrant> grants; ///< every grant of the listing, in listing order
    std::vector<std::string> problems; ///< what could not be read in the grant list

    /** The matrix of an environment, or nullptr. */
    const GrantMatrix* environment(std::string_view name) const;
};

/** The four grant names of an environment (the page's " mwaa-grant-for-cfn-mgmt-" leading space is a typo). */
std::array<std::string, 4> mwaaGrantNames(std::string_view environment);
/** The exact operations each of the four grants holds (its columns' operations, AWS's page's order). */
std::array<std::vector<std::string>, 4> mwaaGrantOperations();
/** The environment and row (0..3) a grant name is one of the four for ("mwaa-grant-for-cfn-mgmt-prod": prod, 2). */
std::optional<std::pair<std::string, int>> mwaaGrantOfName(std::string_view name);

/**
 * Audits a listing (nullptr: none loaded; the matrices then show what MWAA requires). `environments` are the given
 * ones (`--env`, repeatable; the MWAA panel's); the grant names add the others. The context gives region, partition,
 * account and key; what it lacks is taken from the listing's key ARN (MWAA's key is in the environment's region).
 */
GrantAudit
auditGrants(const MwaaContext& context, const std::vector<std::string>& environments, const GrantList* grants);

/** {"environment", "region", "expectedPrincipal", "columns", "rows": [...], "status", ...} */
nlohmann::json grantMatrixToJson(const GrantMatrix& matrix);
/** One grant of the table of all grants: {"pointer", "grant_id", "name", "grantee", ..., "class", ...}, in order. */
Json auditedGrantToJson(const AuditedGrant& grant);
/** The matrix as a table for people. */
std::string grantMatrixToText(const GrantMatrix& matrix);
/** The same as a Markdown table, for reports. */
std::string grantMatrixToMarkdown(const GrantMatrix& matrix);
/**
 * The audit for people: each environment's matrix, then the table of the other grants (name, grantee, retiring
 * principal, operations, constraints, created, class).
 */
std::string grantAuditToText(const GrantAudit& audit);
std::string grantAuditToMarkdown(const GrantAudit& audit);
/** The grants that are no row of a matrix (the "other grants" table), in listing order. */
std::vector<const AuditedGrant*> otherGrants(const GrantAudit& audit);

} // namespace kps::mwaa
