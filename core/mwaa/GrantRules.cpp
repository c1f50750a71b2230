// SPDX-License-Identifier: GPL-3.0-or-later
// The grant audit's findings (MWAA_GRANT_*, GRANT_*, GRANTS_INCOMPLETE), located in the grants listing.
#include "core/mwaa/GrantRules.h"

#include "core/json/JsonPointer.h"
#include "core/mwaa/MwaaFacts.h"
#include "core/mwaa/ProfileRules.h"

#include <algorithm>

namespace kps::mwaa {

namespace {

/** "a", "a and b", "a, b and c". */
std::string andList(const std::vector<std::string>& items)
{
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) {
            out += i + 1 == items.size() ? " and " : ", ";
        }
        out += items[i];
    }
    return out;
}

/** The entry of Operations that grants `operation` (as written, in any notation), else Operations itself. */
std::string operationPointer(const GrantEntry& g, std::string_view operation)
{
    for (const auto& op : g.written) {
        if (std::find(op.meant.begin(), op.meant.end(), operation) != op.meant.end()) {
            return op.pointer;
        }
    }
    return appendPointer(g.pointer, "Operations");
}

/** Where a principal field is, or the grant when the field is absent. */
std::string fieldPointer(const GrantEntry& g, std::string_view field, const std::string& value)
{
    return value.empty() ? g.pointer : appendPointer(g.pointer, field);
}

std::string operationDetail(const GrantOperation& op)
{
    if (op.kind == GrantOperation::Kind::Notation) {
        return "; that is key policy notation (as the MWAA guide writes its grants), and a grant lists "
            + std::string(op.meant.size() == 1 ? "it as " : "it as the operations ") + andList(op.meant);
    }
    if (op.suggestions.size() == 1) {
        return " (did you mean " + op.suggestions.front() + "?)";
    }
    if (!op.suggestions.empty()) {
        return " (close matches: " + andList(op.suggestions) + ")";
    }
    return "";
}

} // namespace

void emitGrantFindings(const GrantAudit& audit, Emitter& emit, std::vector<Assumption>& assumptions)
{
    if (!audit.grantsLoaded) {
        return;
    }
    // Each fact once: the first element that makes the verdict depend on it is where it points.
    auto assume = [&](std::string fact, std::string needed, std::string pointer) {
        const bool known = std::any_of(assumptions.begin(), assumptions.end(), [&](const Assumption& a) {
            return a.fact == fact && a.needed == needed && a.file == emit.file();
        });
        if (!known) {
            assumptions.push_back({std::move(fact), std::move(needed), std::move(pointer), emit.file()});
        }
    };

    // Each environment's four grants, on their own.
    std::vector<std::string> notListed; // absent from a truncated listing
    for (const auto& m : audit.environments) {
        if (m.environment.empty()) {
            continue;
        }
        for (const auto& row : m.rows) {
            if (!row.grant) {
                if (audit.truncated) {
                    notListed.push_back(row.name);
                } else {
                    emit.add("MWAA_GRANT_MISSING", audit.listPointer, false, {row.name});
                }
                continue;
            }
            const GrantEntry& g = *row.grant;
            const std::string label = g.label();
            if (!row.missingOperations.empty()) {
                emit.add("MWAA_GRANT_OPERATIONS",
                         appendPointer(g.pointer, "Operations"),
                         false,
                         {label, andList(row.missingOperations)});
            }
            if (!row.extraOperations.empty()) {
                emit.add("MWAA_GRANT_EXTRA_OPERATIONS",
                         operationPointer(g, row.extraOperations.front()),
                         false,
                         {label, andList(row.extraOperations)});
            }
            for (const auto& c : row.principalChecks) {
                const std::string pointer = fieldPointer(g, c.field, c.actual);
                if (c.state == PrincipalCheck::State::Wrong) {
                    emit.add("MWAA_GRANT_PRINCIPAL",
                             pointer,
                             false,
                             {label, c.role + " " + c.field, c.actual.empty() ? "(none)" : c.actual, c.expected});
                } else if (c.state == PrincipalCheck::State::Unknown) {
                    const std::string region = regionOfServicePrincipal("airflow", c.actual).value_or("");
                    assume("environment " + m.environment + " is in " + region + " (its grants are for " + c.actual
                               + ")",
                           "--region " + region,
                           pointer);
                }
            }
        }
    }

    // Every grant, whatever it is for.
    for (const auto& a : audit.grants) {
        const GrantEntry& g = a.grant;
        const std::string label = g.label();
        for (const auto& op : g.written) {
            if (op.kind != GrantOperation::Kind::Exact) {
                emit.add("GRANT_OPERATION_UNKNOWN", op.pointer, false, {label, op.written, operationDetail(op)});
            }
        }
        if (!audit.keyAccount.empty()) {
            const std::string granteeRole = "grantee " + std::string(g.granteeField());
            const std::string retiringRole = "retiring principal " + std::string(g.retiringField());
            for (const auto& [role, field, value] : {std::tuple{granteeRole, g.granteeField(), &g.grantee()},
                                                     std::tuple{retiringRole, g.retiringField(), &g.retiring()}}) {
                const GrantPrincipal p = parseGrantPrincipal(*value);
                if (!p.account.empty() && p.account != audit.keyAccount) {
                    emit.add("GRANT_CROSS_ACCOUNT",
                             fieldPointer(g, field, *value),
                             false,
                             {label, role, *value, p.account, audit.keyAccount});
                }
            }
        }
        const bool regrants = std::find(g.operations.begin(), g.operations.end(), "CreateGrant") != g.operations.end();
        if (regrants && a.kind != GrantClass::Mwaa && a.kind != GrantClass::AwsService) {
            const bool outside = a.kind == GrantClass::OtherAccount;
            Finding& f = emit.add("GRANT_CAN_REGRANT",
                                  operationPointer(g, "CreateGrant"),
                                  false,
                                  {label,
                                   g.grantee().empty() ? std::string("its grantee") : g.grantee(),
                                   outside ? " outside the key's account " + audit.keyAccount : std::string()});
            if (outside) {
                f.severity = Severity::Security;
            }
        }
        if (g.hasConstraints) {
            // MWAA's four grants carry none: one that does may refuse MWAA, which no listing can tell.
            const bool mwaaGrant = a.kind == GrantClass::Mwaa && a.matrixRow >= 0;
            const std::string pointer = appendPointer(g.pointer, "Constraints");
            Finding& f = emit.add("GRANT_CONSTRAINED",
                                  pointer,
                                  false,
                                  {label,
                                   g.constraintsText(),
                                   mwaaGrant ? "; MWAA's grants carry none, so whether MWAA's requests meet it is "
                                               "not known"
                                             : ""});
            if (mwaaGrant) {
                assume("MWAA's requests under the grant " + label + " meet its constraint " + g.constraintsText(),
                       "",
                       pointer);
            } else {
                f.severity = Severity::Suggestion;
            }
        }
        // A row's grant for another principal is MWAA_GRANT_PRINCIPAL's already.
        if ((a.kind == GrantClass::KeyAccount || a.kind == GrantClass::Unknown) && a.matrixRow < 0) {
            emit.add("MWAA_GRANT_UNEXPECTED", g.pointer, false, {label, a.description});
        }
    }

    if (audit.truncated) {
        std::string unaudited;
        if (!notListed.empty()) {
            unaudited = "; whether " + std::string(notListed.size() == 1 ? "MWAA's grant " : "MWAA's grants ")
                + andList(notListed) + (notListed.size() == 1 ? " is" : " are") + " on the key depends on them";
            assume("the listing's remaining pages hold " + andList(notListed),
                   "the whole listing: keypolicy fetch --grants-out, or aws kms list-grants without --max-items",
                   audit.truncatedPointer);
        }
        emit.add("GRANTS_INCOMPLETE", audit.truncatedPointer, false, {audit.truncatedBy, unaudited});
    }
}

GrantFindings grantFindings(const GrantAudit& audit, const GrantsDocument* listing)
{
    GrantFindings out;
    if (listing) {
        Emitter emit(listing->document, out.findings, listing->path);
        emitGrantFindings(audit, emit, out.assumptions);
    } else {
        Emitter emit(out.findings);
        emitGrantFindings(audit, emit, out.assumptions);
    }
    sortFindings(out.findings);
    return out;
}

namespace detail {

void checkGrantList(const ProfileInput& in, std::vector<Finding>& out)
{
    if (!in.options.grants || !in.assumptions) {
        return;
    }
    const GrantsDocument& listing = *in.options.grants;
    const GrantList list = readGrants(listing.document.json());
    std::vector<std::string> environments;
    if (!in.context.environment.empty()) {
        environments.push_back(in.context.environment);
    }
    Emitter emit(listing.document, out, listing.path);
    emitGrantFindings(auditGrants(in.context, environments, &list), emit, *in.assumptions);
}

} // namespace detail

} // namespace kps::mwaa
