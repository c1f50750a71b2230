// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Context.h"
#include "core/checker/Emitter.h"
#include "core/checker/Finding.h"
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
    Present, ///< needed and granted
    Missing, ///< needed and not (fully) granted
    Extra, ///< granted but not needed
    NotRequired, ///< neither needed nor granted
};
std::string_view cellStateName(CellState state); ///< "required", "present", "missing", "extra", "not-required"

/** A principal field of a matched grant compared with the expected airflow principal. */
struct PrincipalCheck
{
    std::string role; ///< "grantee" or "retiring principal"
    std::string field; ///< the field that was read: GranteePrincipal, GranteeServicePrincipal, ...
    std::string actual; ///< "" when the grant has neither field
    std::string expected; ///< airflow.REGION.SUFFIX ("" when the region is unknown: not checked)
    bool ok = false;
};

/** One of the four MWAA grants of the environment. */
struct GrantRow
{
    std::string name; ///< the expected name, e.g. mwaa-grant-for-env-mgmt-role-ENV
    std::string purpose; ///< AWS's page's title for it
    std::array<CellState, kGrantColumnCount> cells{};
    std::optional<GrantEntry> grant; ///< the grant of that name in the list, if any
    std::vector<std::string> missingOperations; ///< exact operations needed but not granted
    std::vector<std::string> extraOperations; ///< operations granted beyond MWAA's (exact, or as written if unknown)
    std::vector<PrincipalCheck> principalChecks; ///< grantee and retiring principal (when a grant was found)

    bool required(GrantColumn column) const;
};

/** A grant of the list that is not one of the four rows. */
struct OtherGrant
{
    enum class Kind {
        MwaaOwn, ///< MWAA's own further grants (retirement, client-side encryption, ...): expected
        Rds, ///< Aurora/RDS grants of the environment's database: expected
        OtherEnvironment, ///< one of the four grants of another MWAA environment
        Unknown, ///< belongs to no known MWAA environment
    };
    GrantEntry grant;
    Kind kind = Kind::Unknown;
    std::string environment; ///< OtherEnvironment: its name
};
std::string_view otherGrantKindName(OtherGrant::Kind kind); ///< "mwaa", "rds", "other-environment", "unknown"

/**
 * The MWAA grant matrix of one environment: a value type, built from the context alone (which grants and
 * operations MWAA needs) or against a grant list (what is there). Pure; the GUI's GrantMatrixModel, the
 * `keypolicy grants` command and checkProfile() share it.
 */
struct GrantMatrix
{
    std::string environment; ///< "" when unknown
    bool environmentInferred = false; ///< taken from the grant names because the context had none
    std::string region;
    std::string partition;
    std::string expectedPrincipal; ///< airflow.REGION.SUFFIX, "" when the region is unknown
    bool grantsLoaded = false;
    bool truncated = false; ///< the grant list says more pages follow
    std::vector<GrantRow> rows; ///< always four, in AWS's order
    std::vector<OtherGrant> others;
    std::vector<std::string> problems; ///< what could not be read in the grant list
};

/** The four grant names of an environment (the page's " mwaa-grant-for-cfn-mgmt-" leading space is a typo). */
std::array<std::string, 4> mwaaGrantNames(std::string_view environment);

GrantMatrix buildGrantMatrix(const MwaaContext& context, const GrantList* grants = nullptr);

/**
 * The MWAA_GRANT_* findings of a matrix built against a grant list (none without one, or while the environment is
 * unknown). Grants are not part of the policy text: the findings' location is pointer "" with an empty span at
 * offset 0 (line 1, column 1), and the grant's JSON Pointer in the grants file (e.g. /Grants/3/Operations) is part
 * of the message.
 */
std::vector<Finding> grantFindings(const GrantMatrix& matrix);
/** grantFindings() through an emitter: how the MWAA profile reports them with its other findings. */
void emitGrantFindings(const GrantMatrix& matrix, Emitter& emit);

/** {"environment", "region", "expectedPrincipal", "columns", "rows": [...], "others": [...], ...} */
nlohmann::json grantMatrixToJson(const GrantMatrix& matrix);
/** A table for people (the `keypolicy grants` text format). */
std::string grantMatrixToText(const GrantMatrix& matrix);
/** The same as a Markdown table, for reports. */
std::string grantMatrixToMarkdown(const GrantMatrix& matrix);

} // namespace kps::mwaa
