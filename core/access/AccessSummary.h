// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/access/Simulator.h"
#include "core/vocab/Vocabulary.h"

#include <cstddef>
#include <string>
#include <vector>

namespace kps::access {

/** A condition of a statement that limits some access (for the summary's "conditions"). */
struct ConditionRef
{
    std::size_t statement = 0; ///< index into PolicyView::statements
    std::size_t condition = 0; ///< index into StatementView::conditions
    std::string op;
    std::string key;
    std::vector<std::string> values;
    std::string pointer; ///< /Statement/i/Condition/OP/KEY

    bool operator==(const ConditionRef&) const = default;
};

/** One cell of the summary: a caller and a group of actions. */
struct AccessCell
{
    const ActionGroup* group = nullptr;
    /// The group's decision: the one decision all its actions share; else allow_if_iam when all are allowed (some
    /// only with IAM); depends when none is denied and some depend; explicit_deny / implicit_deny when none is
    /// allowed or depends (explicit when a Deny applies to one); partial when some are allowed or depend and
    /// others are denied.
    Decision decision = Decision::ImplicitDeny;
    std::vector<ActionDecision> actions; ///< every action of the group, in the group's order
    std::vector<std::size_t> statements; ///< the statements behind any of them, in text order
    /// The conditions of those statements: the access is limited by them (or hinges on them)
    std::vector<ConditionRef> conditions;
    std::vector<std::string> unknowns; ///< the facts any of its actions depends on, each once

    bool conditional() const { return !conditions.empty(); }
};

/** One row: a principal the policy names (or the key's account through IAM) and its access per group. */
struct AccessRow
{
    Caller caller;
    std::vector<std::string> pointers; ///< where the policy names it (Principal / NotPrincipal entries), in order
    std::vector<AccessCell> cells; ///< one per Vocabulary::actionGroups(), in that order
    std::vector<std::size_t> statements; ///< the union of the cells' statements, in text order
    std::vector<ConditionRef> conditions; ///< the union of the cells' conditions, in text order

    const AccessCell* cell(std::string_view group) const;
};

/**
 * At most this many callers are summarized or compared: more than any policy within KMS's 32 KB quota can name (a
 * 12-digit account id is 15 bytes of it), so only a policy KMS would refuse loses rows, and the work stays bounded
 * for a 16 MiB file (every row matches every statement).
 */
inline constexpr std::size_t kMaxAccessRows = 2500;

/** Who can do what with the key. */
struct AccessSummary
{
    KeyFacts key;
    std::vector<AccessRow> rows;
    std::size_t omitted = 0; ///< callers the policy names beyond kMaxAccessRows, not summarized

    const AccessRow* row(std::string_view callerId) const;
};

/**
 * One row per principal the policy names in Principal or NotPrincipal, in the order they first appear, principals
 * written in two forms (the account id and its root ARN) once: an account principal stands for the account's IAM
 * principals through IAM, "*" for anyone in another account. The key's account (when known) heads the table, also
 * when the policy does not name it. Entries that match no caller (Federated, CanonicalUser, malformed) have no row; the
 * checker reports them. Each cell is decided as `keypolicy simulate` decides each action for that caller, with
 * nothing else known of the request.
 */
AccessSummary summarizeAccess(const PolicyView& policy, const KeyFacts& key);

/** The row of one caller (any caller, named by the policy or not). */
AccessRow accessOf(const eval::PreparedPolicy& policy, const Caller& caller, const KeyFacts& key);

/** The callers summarizeAccess() makes rows for, with the pointers of the entries that name each. */
std::vector<std::pair<Caller, std::vector<std::string>>> callersOf(const PolicyView& policy, const KeyFacts& key);

} // namespace kps::access
