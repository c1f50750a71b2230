// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/access/AccessSummary.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kps::access {

enum class StatementChange { Unchanged, Changed, Added, Removed };
/** "unchanged", "changed", "added", "removed". */
std::string_view statementChangeName(StatementChange change);

/** A statement of A, of B, or one of each that were matched. */
struct StatementDiff
{
    StatementChange change = StatementChange::Unchanged;
    std::optional<std::size_t> a; ///< index into A's statements (not for Added)
    std::optional<std::size_t> b; ///< index into B's statements (not for Removed)
    std::string aPointer; ///< /Statement/i in A, or ""
    std::string bPointer;
    std::optional<std::string> sid; ///< B's Sid (A's for Removed)
    std::string matchedBy; ///< "sid", "content" (equal but for the Sid), or "" (added, removed)
    std::vector<std::string> elements; ///< Changed: the statement members whose values differ ("Action", "Sid")
};

enum class AccessChangeKind {
    Gains, ///< denied before, allowed (or allowed if IAM allows) after
    Loses, ///< allowed before, denied after
    Changes, ///< any other change (allow to allow_if_iam, to or from depends, explicit to implicit deny)
};
/** "gains", "loses", "changes". */
std::string_view accessChangeKindName(AccessChangeKind kind);

/** One line of the access change: a caller, actions (a whole group or some of it), before and after. */
struct AccessChange
{
    Caller caller;
    AccessChangeKind kind = AccessChangeKind::Changes;
    const ActionGroup* group = nullptr; ///< every action of this group changed the same way; nullptr: `actions`
    std::vector<std::size_t> actions; ///< indices into Vocabulary::actions(), in the groups' order
    Decision from = Decision::ImplicitDeny;
    Decision to = Decision::ImplicitDeny;
    std::vector<std::string> unknowns; ///< to == Depends: the facts it depends on after the change
    std::string text; ///< "arn:aws:iam::111122223333:role/app gains kms:Decrypt"
};

/** Two policies of one key compared (`keypolicy diff A B`, Compare with file…, the change ticket). */
struct PolicyComparison
{
    KeyFacts key; ///< the key both are evaluated for
    /// B's statements in order (matched, changed or added), then the statements of A that were removed
    std::vector<StatementDiff> statements;
    /// per caller (A's rows, then the callers only B names), per group: what changed
    std::vector<AccessChange> access;
    /// callers beyond kMaxAccessRows that were not compared (only for policies over KMS's size quota)
    std::size_t omitted = 0;

    /** No access change among the callers compared. */
    bool sameAccess() const { return access.empty(); }
    bool sameStatements() const;
};

/**
 * Matches the statements (by Sid when it is unique in both, else by content: equal but for the Sid) and compares the
 * access of every caller either policy names, action by action, for the same key. Pure; never throws.
 */
PolicyComparison comparePolicies(const PolicyView& a, const PolicyView& b, const KeyFacts& key);

} // namespace kps::access
