// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/mwaa/GrantMatrix.h"

#include "core/mwaa/MwaaFacts.h"
#include "core/vocab/Vocabulary.h"

#include <algorithm>
#include <sstream>

namespace kps::mwaa {

namespace {

using enum GrantColumn;

constexpr std::array<GrantColumn, kGrantColumnCount> kColumns
    = {Encrypt, Decrypt, ReEncrypt, GenerateDataKey, CreateGrant, DescribeKey, RetireGrant};

struct GrantSpec
{
    std::string_view prefix;
    std::string_view purpose;
    std::array<bool, kGrantColumnCount> required;
};

// AWS's MWAA page (https://docs.aws.amazon.com/mwaa/latest/userguide/custom-keys-certs.html), "Grant policies"
// (Grant 1..4).
constexpr std::array<GrantSpec, 4> kSpecs = {{
    {"mwaa-grant-for-env-mgmt-role-", "Data plane resource creation", {true, true, true, true, true, true, true}},
    {"mwaa-grant-for-lambda-exec-",
     "ControllerLambdaExecutionRole access",
     {true, true, true, true, false, true, true}},
    {"mwaa-grant-for-cfn-mgmt-",
     "CfnManagementLambdaExecutionRole access",
     {true, true, true, true, false, true, false}},
    {"mwaa-fargate-access-for-",
     "ECS Fargate execution role access to secrets",
     {true, true, true, true, false, true, true}},
}};

/** Operations a grant may hold without being "extra": the key-pair data key variants. */
constexpr std::array<std::string_view, 2> kTolerated = {"GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext"};

bool contains(const std::vector<std::string>& list, std::string_view value)
{
    return std::find(list.begin(), list.end(), value) != list.end();
}

bool startsWith(std::string_view s, std::string_view prefix)
{
    return s.substr(0, prefix.size()) == prefix;
}

/** The environment a four-grant name is for, if it is one ("mwaa-grant-for-cfn-mgmt-prod" -> "prod"). */
std::optional<std::string> environmentOfGrantName(std::string_view name)
{
    for (const auto& spec : kSpecs) {
        if (startsWith(name, spec.prefix) && name.size() > spec.prefix.size()) {
            return std::string(name.substr(spec.prefix.size()));
        }
    }
    return std::nullopt;
}

PrincipalCheck checkPrincipal(const std::string& role,
                              const std::string& classicField,
                              const std::string& classic,
                              const std::string& serviceField,
                              const std::string& service,
                              const std::string& expected)
{
    // The airflow principal may be in either field (kms-facts 5.5): report the one that holds it, else the
    // service field when present, else the classic one.
    PrincipalCheck c;
    c.role = role;
    c.expected = expected;
    const bool useService = !service.empty() && (service == expected || classic != expected);
    c.field = useService ? serviceField : classicField;
    c.actual = useService ? service : classic;
    c.ok = expected.empty() || c.actual == expected;
    return c;
}

void fillRow(GrantRow& row,
             const GrantSpec& spec,
             bool grantsLoaded,
             const GrantEntry* grant,
             const std::string& expectedPrincipal)
{
    // Without a list: what MWAA needs. With a list but no such grant: everything it needs is missing.
    const CellState needed = grantsLoaded ? CellState::Missing : CellState::Required;
    for (std::size_t i = 0; i < kGrantColumnCount; ++i) {
        row.cells[i] = spec.required[i] ? needed : CellState::NotRequired;
    }
    if (!grant) {
        return;
    }
    row.grant = *grant;
    const auto& ops = grant->operations;
    for (std::size_t i = 0; i < kGrantColumnCount; ++i) {
        const auto columnOps = grantColumnOperations(kColumns[i]);
        bool all = true;
        bool any = false;
        for (std::string_view op : columnOps) {
            const bool has = contains(ops, op);
            all = all && has;
            any = any || has;
            if (spec.required[i] && !has) {
                row.missingOperations.emplace_back(op);
            }
            if (!spec.required[i] && has) {
                row.extraOperations.emplace_back(op);
            }
        }
        if (spec.required[i]) {
            row.cells[i] = all ? CellState::Present : CellState::Missing;
        } else {
            row.cells[i] = any ? CellState::Extra : CellState::NotRequired;
        }
    }
    // Operations outside every column (Sign, GenerateMac, ...) are extra; the key-pair data key variants are not.
    for (const auto& op : ops) {
        bool inColumn = std::find(kTolerated.begin(), kTolerated.end(), op) != kTolerated.end();
        for (GrantColumn column : kColumns) {
            for (std::string_view c : grantColumnOperations(column)) {
                inColumn = inColumn || c == op;
            }
        }
        if (!inColumn) {
            row.extraOperations.push_back(op);
        }
    }
    for (const auto& unknown : grant->unknownOperations) {
        row.extraOperations.push_back(unknown);
    }
    row.principalChecks.push_back(checkPrincipal("grantee",
                                                 "GranteePrincipal",
                                                 grant->granteePrincipal,
                                                 "GranteeServicePrincipal",
                                                 grant->granteeServicePrincipal,
                                                 expectedPrincipal));
    row.principalChecks.push_back(checkPrincipal("retiring principal",
                                                 "RetiringPrincipal",
                                                 grant->retiringPrincipal,
                                                 "RetiringServicePrincipal",
                                                 grant->retiringServicePrincipal,
                                                 expectedPrincipal));
}

bool anyPrincipalStartsWith(const GrantEntry& g, std::string_view prefix)
{
    for (const std::string* p :
         {&g.granteePrincipal, &g.granteeServicePrincipal, &g.retiringPrincipal, &g.retiringServicePrincipal}) {
        if (startsWith(*p, prefix)) {
            return true;
        }
    }
    return false;
}

bool looksLikeRds(const GrantEntry& g)
{
    if (anyPrincipalStartsWith(g, "rds.")) {
        return true;
    }
    const std::string name = toLower(g.name);
    if (startsWith(name, "rds") || name.find("aurora") != std::string::npos) {
        return true;
    }
    // Aurora's grants constrain the encryption context to the database (aws:rds:db-id and the like).
    return g.hasConstraints && g.constraints.dump().find("aws:rds:") != std::string::npos;
}

OtherGrant classify(const GrantEntry& g, const std::string& environment)
{
    OtherGrant o;
    o.grant = g;
    if (const auto env = environmentOfGrantName(g.name); env && *env != environment) {
        o.kind = OtherGrant::Kind::OtherEnvironment;
        o.environment = *env;
    } else if (startsWith(g.name, "mwaa-") || anyPrincipalStartsWith(g, "airflow.")
               || anyPrincipalStartsWith(g, "airflow-env.")) {
        o.kind = OtherGrant::Kind::MwaaOwn;
    } else if (looksLikeRds(g)) {
        o.kind = OtherGrant::Kind::Rds;
    }
    return o;
}

std::string cellText(CellState s)
{
    return std::string(cellStateName(s));
}

std::string padded(std::string s, std::size_t width)
{
    if (s.size() < width) {
        s.append(width - s.size(), ' ');
    }
    return s;
}

std::string joined(const std::vector<std::string>& items)
{
    std::string out;
    for (const auto& i : items) {
        out += (out.empty() ? "" : ", ") + i;
    }
    return out;
}

} // namespace

std::string_view grantColumnName(GrantColumn column)
{
    switch (column) {
    case Encrypt:
        return "Encrypt";
    case Decrypt:
        return "Decrypt";
    case ReEncrypt:
        return "ReEncrypt*";
    case GenerateDataKey:
        return "GenerateDataKey*";
    case CreateGrant:
        return "CreateGrant";
    case DescribeKey:
        return "DescribeKey";
    case RetireGrant:
        return "RetireGrant";
    }
    return "";
}

std::vector<std::string_view> grantColumnOperations(GrantColumn column)
{
    switch (column) {
    case ReEncrypt:
        return {"ReEncryptFrom", "ReEncryptTo"};
    case GenerateDataKey:
        return {"GenerateDataKey", "GenerateDataKeyWithoutPlaintext"};
    default:
        return {grantColumnName(column)};
    }
}

std::string_view cellStateName(CellState state)
{
    switch (state) {
    case CellState::Required:
        return "required";
    case CellState::Present:
        return "present";
    case CellState::Missing:
        return "missing";
    case CellState::Extra:
        return "extra";
    case CellState::NotRequired:
        return "not-required";
    }
    return "";
}

std::string_view otherGrantKindName(OtherGrant::Kind kind)
{
    switch (kind) {
    case OtherGrant::Kind::MwaaOwn:
        return "mwaa";
    case OtherGrant::Kind::Rds:
        return "rds";
    case OtherGrant::Kind::OtherEnvironment:
        return "other-environment";
    case OtherGrant::Kind::Unknown:
        return "unknown";
    }
    return "unknown";
}

bool GrantRow::required(GrantColumn column) const
{
    const CellState s = cells[static_cast<std::size_t>(column)];
    return s == CellState::Required || s == CellState::Present || s == CellState::Missing;
}

std::array<std::string, 4> mwaaGrantNames(std::string_view environment)
{
    std::array<std::string, 4> names;
    for (std::size_t i = 0; i < kSpecs.size(); ++i) {
        names[i] = std::string(kSpecs[i].prefix) + std::string(environment);
    }
    return names;
}

GrantMatrix buildGrantMatrix(const MwaaContext& context, const GrantList* grants)
{
    GrantMatrix m;
    m.environment = context.environment;
    m.region = context.region;
    m.partition
        = context.partition.empty() && !context.region.empty() ? partitionOfRegion(context.region) : context.partition;
    if (!context.region.empty()) {
        m.expectedPrincipal = airflowServicePrincipal(context.region);
    }
    if (grants) {
        m.grantsLoaded = true;
        m.truncated = grants->truncated;
        m.problems = grants->problems;
        if (m.environment.empty()) {
            // The context has no environment: take it from the grant names when they name exactly one.
            std::vector<std::string> names;
            for (const auto& g : grants->grants) {
                if (const auto env = environmentOfGrantName(g.name); env && !contains(names, *env)) {
                    names.push_back(*env);
                }
            }
            if (names.size() == 1) {
                m.environment = names.front();
                m.environmentInferred = true;
            } else if (names.size() > 1) {
                m.problems.push_back("the environment is unknown and the grants name several: " + joined(names));
            }
        }
    }
    std::vector<bool> used(grants ? grants->grants.size() : 0, false);
    for (const auto& spec : kSpecs) {
        GrantRow row;
        row.name = std::string(spec.prefix) + (m.environment.empty() ? std::string("ENV") : m.environment);
        row.purpose = std::string(spec.purpose);
        const GrantEntry* match = nullptr;
        if (grants && !m.environment.empty()) {
            for (std::size_t i = 0; i < grants->grants.size(); ++i) {
                if (!used[i] && grants->grants[i].name == row.name) {
                    match = &grants->grants[i];
                    used[i] = true;
                    break;
                }
            }
        }
        fillRow(row, spec, m.grantsLoaded && !m.environment.empty(), match, m.expectedPrincipal);
        m.rows.push_back(std::move(row));
    }
    if (grants) {
        for (std::size_t i = 0; i < grants->grants.size(); ++i) {
            if (used[i]) {
                continue;
            }
            // (a second grant with one of this environment's names classifies as MWAA's own)
            m.others.push_back(classify(grants->grants[i], m.environment));
        }
    }
    return m;
}

std::vector<Finding> grantFindings(const GrantMatrix& m)
{
    std::vector<Finding> out;
    Emitter emit(out);
    emitGrantFindings(m, emit);
    return out;
}

void emitGrantFindings(const GrantMatrix& m, Emitter& emit)
{
    if (!m.grantsLoaded || m.environment.empty()) {
        return;
    }
    const std::string truncatedNote = m.truncated
        ? " (the grant list is truncated: NextMarker or Truncated says more pages follow; list them all)"
        : "";
    for (const auto& row : m.rows) {
        if (!row.grant) {
            emit.addOutsideText("MWAA_GRANT_MISSING", {row.name + truncatedNote});
            continue;
        }
        const std::string grantRef = row.name + " (" + row.grant->pointer + ")";
        const std::string opsRef = row.name + " (" + row.grant->pointer + "/Operations)";
        if (!row.missingOperations.empty()) {
            emit.addOutsideText("MWAA_GRANT_OPERATIONS", {opsRef, joined(row.missingOperations)});
        }
        if (!row.extraOperations.empty()) {
            emit.addOutsideText("MWAA_GRANT_EXTRA_OPERATIONS", {opsRef, joined(row.extraOperations)});
        }
        for (const auto& check : row.principalChecks) {
            if (!check.ok) {
                emit.addOutsideText("MWAA_GRANT_PRINCIPAL",
                                    {grantRef,
                                     check.role + " " + check.field,
                                     check.actual.empty() ? "(none)" : check.actual,
                                     check.expected});
            }
        }
    }
    for (const auto& o : m.others) {
        if (o.kind != OtherGrant::Kind::OtherEnvironment && o.kind != OtherGrant::Kind::Unknown) {
            continue;
        }
        const std::string grantee
            = o.grant.granteeServicePrincipal.empty() ? o.grant.granteePrincipal : o.grant.granteeServicePrincipal;
        std::string suffix = " (" + o.grant.pointer;
        suffix += o.kind == OtherGrant::Kind::OtherEnvironment
            ? ": it is for environment " + o.environment + ", not " + m.environment + ")"
            : ")";
        emit.addOutsideText("MWAA_GRANT_UNEXPECTED",
                            {o.grant.label(), grantee.empty() ? std::string("no grantee") : grantee, suffix});
    }
}

nlohmann::json grantMatrixToJson(const GrantMatrix& m)
{
    nlohmann::json j;
    j["environment"] = m.environment;
    j["environmentInferred"] = m.environmentInferred;
    j["region"] = m.region;
    j["partition"] = m.partition;
    j["expectedPrincipal"] = m.expectedPrincipal;
    j["grantsLoaded"] = m.grantsLoaded;
    j["truncated"] = m.truncated;
    nlohmann::json columns = nlohmann::json::array();
    for (GrantColumn c : kColumns) {
        nlohmann::json ops = nlohmann::json::array();
        for (auto op : grantColumnOperations(c)) {
            ops.push_back(std::string(op));
        }
        columns.push_back({{"name", std::string(grantColumnName(c))}, {"operations", ops}});
    }
    j["columns"] = columns;
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : m.rows) {
        nlohmann::json r;
        r["name"] = row.name;
        r["purpose"] = row.purpose;
        nlohmann::json cells = nlohmann::json::object();
        for (std::size_t i = 0; i < kGrantColumnCount; ++i) {
            cells[std::string(grantColumnName(kColumns[i]))] = cellText(row.cells[i]);
        }
        r["cells"] = cells;
        if (row.grant) {
            const GrantEntry& g = *row.grant;
            r["grant"] = {{"pointer", g.pointer},
                          {"grantId", g.grantId},
                          {"name", g.name},
                          {"granteePrincipal", g.granteePrincipal},
                          {"granteeServicePrincipal", g.granteeServicePrincipal},
                          {"retiringPrincipal", g.retiringPrincipal},
                          {"retiringServicePrincipal", g.retiringServicePrincipal},
                          {"operations", g.operations}};
        } else {
            r["grant"] = nullptr;
        }
        r["missingOperations"] = row.missingOperations;
        r["extraOperations"] = row.extraOperations;
        nlohmann::json checks = nlohmann::json::array();
        for (const auto& c : row.principalChecks) {
            checks.push_back(
                {{"role", c.role}, {"field", c.field}, {"actual", c.actual}, {"expected", c.expected}, {"ok", c.ok}});
        }
        r["principalChecks"] = checks;
        rows.push_back(r);
    }
    j["rows"] = rows;
    nlohmann::json others = nlohmann::json::array();
    for (const auto& o : m.others) {
        others.push_back({{"pointer", o.grant.pointer},
                          {"grantId", o.grant.grantId},
                          {"name", o.grant.name},
                          {"kind", std::string(otherGrantKindName(o.kind))},
                          {"environment", o.environment}});
    }
    j["others"] = others;
    j["problems"] = m.problems;
    return j;
}

std::string grantMatrixToText(const GrantMatrix& m)
{
    std::ostringstream out;
    out << "MWAA grants for environment " << (m.environment.empty() ? std::string("(unknown)") : m.environment)
        << (m.environmentInferred ? " (inferred from the grant names)" : "") << ", region "
        << (m.region.empty() ? std::string("(unknown)") : m.region) << "\n";
    out << "grantee and retiring principal: "
        << (m.expectedPrincipal.empty() ? std::string("airflow.REGION (region unknown)") : m.expectedPrincipal) << "\n";
    out << (m.grantsLoaded ? "compared with the grant list" : "required operations (no grant list loaded)")
        << (m.truncated ? "; the list is truncated: later pages are missing" : "") << "\n\n";
    std::size_t nameWidth = 6;
    for (const auto& row : m.rows) {
        nameWidth = std::max(nameWidth, row.name.size() + 2);
    }
    out << padded("grant", nameWidth);
    for (GrantColumn c : kColumns) {
        out << padded(std::string(grantColumnName(c)), 18);
    }
    out << "\n";
    for (const auto& row : m.rows) {
        out << padded(row.name, nameWidth);
        for (std::size_t i = 0; i < kGrantColumnCount; ++i) {
            out << padded(cellText(row.cells[i]), 18);
        }
        out << "\n";
    }
    if (m.grantsLoaded) {
        out << "\n";
        for (const auto& row : m.rows) {
            out << row.name << ": ";
            if (!row.grant) {
                out << "not found\n";
                continue;
            }
            const GrantEntry& g = *row.grant;
            out << g.pointer << ", id " << (g.grantId.empty() ? std::string("-") : g.grantId) << "\n";
            out << "    operations: " << joined(g.operations) << "\n";
            for (const auto& c : row.principalChecks) {
                out << "    " << c.role << " (" << c.field << "): " << (c.actual.empty() ? "(none)" : c.actual)
                    << (c.ok ? "" : "  <- expected " + c.expected) << "\n";
            }
            if (!row.missingOperations.empty()) {
                out << "    missing: " << joined(row.missingOperations) << "\n";
            }
            if (!row.extraOperations.empty()) {
                out << "    extra: " << joined(row.extraOperations) << "\n";
            }
        }
        for (const auto& o : m.others) {
            out << "other grant " << o.grant.label() << " (" << o.grant.pointer << "): " << otherGrantKindName(o.kind)
                << (o.environment.empty() ? "" : " " + o.environment) << "\n";
        }
    }
    for (const auto& p : m.problems) {
        out << "problem: " << p << "\n";
    }
    return out.str();
}

std::string grantMatrixToMarkdown(const GrantMatrix& m)
{
    std::ostringstream out;
    out << "## MWAA grants: " << (m.environment.empty() ? std::string("(unknown environment)") : m.environment)
        << " in " << (m.region.empty() ? std::string("(unknown region)") : m.region) << "\n\n";
    out << "| grant |";
    for (GrantColumn c : kColumns) {
        out << " " << grantColumnName(c) << " |";
    }
    out << "\n|---|";
    for (std::size_t i = 0; i < kGrantColumnCount; ++i) {
        out << "---|";
    }
    out << "\n";
    for (const auto& row : m.rows) {
        out << "| `" << row.name << "` |";
        for (std::size_t i = 0; i < kGrantColumnCount; ++i) {
            out << " " << cellText(row.cells[i]) << " |";
        }
        out << "\n";
    }
    if (!m.expectedPrincipal.empty()) {
        out << "\nGrantee and retiring principal: `" << m.expectedPrincipal << "`.\n";
    }
    if (m.truncated) {
        out << "\nThe grant list is truncated: later pages are missing.\n";
    }
    for (const auto& o : m.others) {
        out << "\n- other grant `" << o.grant.label() << "`: " << otherGrantKindName(o.kind)
            << (o.environment.empty() ? "" : " " + o.environment);
    }
    if (!m.others.empty()) {
        out << "\n";
    }
    return out.str();
}

} // namespace kps::mwaa
