// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/mwaa/GrantMatrix.h"

#include "core/checker/Markdown.h"
#include "core/mwaa/MwaaFacts.h"

#include <algorithm>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

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

bool listHas(const std::vector<std::string>& list, std::string_view value)
{
    return std::find(list.begin(), list.end(), value) != list.end();
}

std::string commaJoined(const std::vector<std::string>& items)
{
    std::string out;
    for (const auto& i : items) {
        out += (out.empty() ? "" : ", ") + i;
    }
    return out;
}

/** The region of an MWAA airflow principal (airflow.REGION.SUFFIX), if it is one. */
std::optional<std::string> airflowRegion(std::string_view principal)
{
    auto region = regionOfServicePrincipal("airflow", principal);
    if (!region || !isRegionCode(*region)) {
        return std::nullopt;
    }
    return region;
}

PrincipalCheck checkPrincipal(std::string role,
                              std::string_view classicField,
                              const std::string& classic,
                              std::string_view serviceField,
                              const std::string& service,
                              const std::string& expected)
{
    // The airflow principal may be in either field (kms-facts 5.5): report the one that holds it, else the
    // service field when present, else the classic one.
    PrincipalCheck c;
    c.role = std::move(role);
    if (!expected.empty()) {
        c.expected = expected;
        const bool useService = !service.empty() && (service == expected || classic != expected);
        c.field = std::string(useService ? serviceField : classicField);
        c.actual = useService ? service : classic;
        c.state = c.actual == expected ? PrincipalCheck::State::Ok : PrincipalCheck::State::Wrong;
        return c;
    }
    // The region is unknown: an airflow principal of some region is right only if the environment is there.
    c.expected = "airflow.REGION.amazonaws.com";
    const bool useService = !service.empty() && (airflowRegion(service) || !airflowRegion(classic));
    c.field = std::string(useService ? serviceField : classicField);
    c.actual = useService ? service : classic;
    c.state = airflowRegion(c.actual) ? PrincipalCheck::State::Unknown : PrincipalCheck::State::Wrong;
    return c;
}

void fillRow(GrantRow& row, const GrantSpec& spec, const GrantMatrix& m, const GrantEntry* grant)
{
    // Without a list: what MWAA needs. With a list but no such grant: everything it needs is missing, unless the
    // listing is truncated and the grant may be on a page that was not read.
    const bool audited = m.grantsLoaded && !m.environment.empty();
    const CellState absent = !audited ? CellState::Required : m.truncated ? CellState::Depends : CellState::Missing;
    for (std::size_t i = 0; i < kGrantColumnCount; ++i) {
        row.cells[i] = spec.required[i] ? absent : CellState::NotRequired;
    }
    if (!grant) {
        if (audited && m.truncated) {
            row.dependsOn = "the listing is truncated: the grant may be on a page that was not read";
        }
        return;
    }
    row.grant = *grant;
    const auto& ops = grant->operations;
    for (std::size_t i = 0; i < kGrantColumnCount; ++i) {
        bool all = true;
        bool any = false;
        for (std::string_view op : grantColumnOperations(kColumns[i])) {
            const bool has = listHas(ops, op);
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
    row.principalChecks.push_back(checkPrincipal("grantee",
                                                 "GranteePrincipal",
                                                 grant->granteePrincipal,
                                                 "GranteeServicePrincipal",
                                                 grant->granteeServicePrincipal,
                                                 m.expectedPrincipal));
    row.principalChecks.push_back(checkPrincipal("retiring principal",
                                                 "RetiringPrincipal",
                                                 grant->retiringPrincipal,
                                                 "RetiringServicePrincipal",
                                                 grant->retiringServicePrincipal,
                                                 m.expectedPrincipal));
    const auto any = [&row](PrincipalCheck::State state) {
        return std::any_of(row.principalChecks.begin(), row.principalChecks.end(), [state](const PrincipalCheck& c) {
            return c.state == state;
        });
    };
    // A grant for another principal does not let MWAA use the key: never "present" (the worst case).
    CellState granted = CellState::Present;
    if (any(PrincipalCheck::State::Wrong)) {
        granted = CellState::WrongPrincipal;
    } else if (any(PrincipalCheck::State::Unknown)) {
        granted = CellState::Depends;
        row.dependsOn = "the environment's region is unknown: the grant is for " + grant->grantee()
            + ", MWAA's principal only if the environment is in that region";
    } else if (grant->hasConstraints) {
        granted = CellState::Depends;
        row.dependsOn = "the grant applies only with its constraint " + grant->constraintsText()
            + ", and MWAA's grants carry none";
    }
    for (auto& cell : row.cells) {
        if (cell == CellState::Present) {
            cell = granted;
        }
    }
}

/**
 * With the region unknown, each airflow principal is right only if the environment is in its region; when an
 * environment's grants name two regions, they cannot all be right: no cell of them is "depends" then, all are
 * "wrong principal" (which one is right is not known, so none is shown as right).
 */
void resolveUnknownRegions(GrantMatrix& m)
{
    std::vector<std::string> regions;
    for (const auto& row : m.rows) {
        for (const auto& c : row.principalChecks) {
            if (c.state == PrincipalCheck::State::Unknown) {
                const std::string region = airflowRegion(c.actual).value_or("");
                if (!listHas(regions, region)) {
                    regions.push_back(region);
                }
            }
        }
    }
    if (regions.size() < 2) {
        return;
    }
    for (auto& row : m.rows) {
        bool changed = false;
        for (auto& c : row.principalChecks) {
            if (c.state == PrincipalCheck::State::Unknown) {
                c.state = PrincipalCheck::State::Wrong;
                c.expected = "one airflow.REGION.amazonaws.com for all of the environment's grants";
                changed = true;
            }
        }
        if (changed) {
            row.dependsOn.clear();
            for (auto& cell : row.cells) {
                if (cell == CellState::Depends) {
                    cell = CellState::WrongPrincipal;
                }
            }
        }
    }
}

bool isAirflowPrincipal(std::string_view principal)
{
    return airflowRegion(principal).has_value() || principal.substr(0, 12) == "airflow-env.";
}

/** The grant classified by its grantee alone. */
AuditedGrant classifyByGrantee(const GrantEntry& g, const GrantPrincipal& grantee, const std::string& keyAccount)
{
    AuditedGrant a;
    a.grant = g;
    a.account = grantee.account;
    if (grantee.kind == GrantPrincipal::Kind::Service && isAirflowPrincipal(grantee.service)) {
        a.kind = GrantClass::Mwaa;
        a.description = "MWAA (a further grant to " + grantee.service + ")";
        return a;
    }
    switch (grantee.kind) {
    case GrantPrincipal::Kind::Service:
        a.kind = GrantClass::AwsService;
        a.service = grantee.service;
        a.description = "AWS service " + grantee.service + (grantee.serviceLinkedRole ? " (service-linked role)" : "");
        return a;
    case GrantPrincipal::Kind::Iam:
    case GrantPrincipal::Kind::Account:
        if (keyAccount.empty()) {
            a.kind = GrantClass::Unknown;
            a.description = "a principal of account " + grantee.account + " (the key's account is unknown)";
        } else if (grantee.account == keyAccount) {
            a.kind = GrantClass::KeyAccount;
            a.description = "a principal of the key's account " + keyAccount;
        } else {
            a.kind = GrantClass::OtherAccount;
            a.description = "a principal of account " + grantee.account + ", not the key's " + keyAccount;
        }
        return a;
    case GrantPrincipal::Kind::None:
        a.description = "no grantee";
        return a;
    case GrantPrincipal::Kind::Other:
        break;
    }
    a.description = "the grantee is no AWS principal";
    return a;
}

AuditedGrant classify(const GrantEntry& g, const std::string& keyAccount)
{
    const GrantPrincipal grantee = parseGrantPrincipal(g.grantee());
    const auto mwaa = mwaaGrantOfName(g.name);
    const bool airflowGrantee = grantee.kind == GrantPrincipal::Kind::Service && isAirflowPrincipal(grantee.service);
    if (mwaa && (airflowGrantee || grantee.kind == GrantPrincipal::Kind::None)) {
        AuditedGrant a;
        a.grant = g;
        a.account = grantee.account;
        a.kind = GrantClass::Mwaa;
        a.environment = mwaa->first;
        a.description = "MWAA, environment " + a.environment;
        return a;
    }
    AuditedGrant a = classifyByGrantee(g, grantee, keyAccount);
    if (mwaa) {
        // MWAA's name is not enough: anyone allowed CreateGrant names a grant as they like, and a grant for another
        // principal is audited as what it is for (a role that can use the key and grant it on is not MWAA).
        a.environment = mwaa->first;
        a.description = "named as MWAA's grant of environment " + mwaa->first + ", but for " + a.description;
    }
    return a;
}

/// Widths count code points: principals and names are ASCII, constraints may not be.
std::size_t codePoints(std::string_view s)
{
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

std::string padded(std::string s, std::size_t width)
{
    const std::size_t length = codePoints(s);
    if (length < width) {
        s.append(width - length, ' ');
    }
    return s;
}

/** Columns separated by two blanks, each as wide as its widest cell; the last column is not padded. */
std::string textTable(const std::vector<std::vector<std::string>>& rows)
{
    std::vector<std::size_t> widths;
    for (const auto& row : rows) {
        widths.resize(std::max(widths.size(), row.size()), 0);
        for (std::size_t i = 0; i < row.size(); ++i) {
            widths[i] = std::max(widths[i], codePoints(row[i]));
        }
    }
    std::string out;
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            line += i + 1 == row.size() ? row[i] : padded(row[i], widths[i] + 2);
        }
        while (!line.empty() && line.back() == ' ') {
            line.pop_back();
        }
        out += line + "\n";
    }
    return out;
}

std::vector<std::string> writtenOperations(const GrantEntry& g)
{
    std::vector<std::string> out;
    for (const auto& op : g.written) {
        out.push_back(op.written);
    }
    return out;
}

std::string orDash(const std::string& s)
{
    return s.empty() ? std::string("-") : s;
}

/** The row of the other-grants table. */
std::vector<std::string> otherGrantCells(const AuditedGrant& a)
{
    return {a.grant.label(),
            orDash(a.grant.grantee()),
            orDash(a.grant.retiring()),
            orDash(commaJoined(writtenOperations(a.grant))),
            orDash(a.grant.constraintsText()),
            orDash(a.grant.creationDate),
            std::string(grantClassName(a.kind)) + ": " + a.description};
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
    case CellState::WrongPrincipal:
        return "wrong-principal";
    case CellState::Depends:
        return "depends";
    }
    return "";
}

std::string_view principalStateName(PrincipalCheck::State state)
{
    switch (state) {
    case PrincipalCheck::State::Ok:
        return "ok";
    case PrincipalCheck::State::Wrong:
        return "wrong";
    case PrincipalCheck::State::Unknown:
        return "unknown";
    }
    return "";
}

std::string_view grantClassName(GrantClass kind)
{
    switch (kind) {
    case GrantClass::Mwaa:
        return "mwaa";
    case GrantClass::AwsService:
        return "aws-service";
    case GrantClass::KeyAccount:
        return "key-account";
    case GrantClass::OtherAccount:
        return "other-account";
    case GrantClass::Unknown:
        return "unknown";
    }
    return "unknown";
}

bool GrantRow::required(GrantColumn column) const
{
    const CellState s = cells[static_cast<std::size_t>(column)];
    return s != CellState::Extra && s != CellState::NotRequired;
}

std::string GrantMatrix::status() const
{
    if (!grantsLoaded || environment.empty()) {
        return "required";
    }
    bool depends = false;
    for (const auto& row : rows) {
        for (CellState s : row.cells) {
            if (s == CellState::Missing || s == CellState::Extra || s == CellState::WrongPrincipal) {
                return "problems";
            }
            depends = depends || s == CellState::Depends;
        }
        if (!row.extraOperations.empty()) {
            return "problems";
        }
    }
    return depends ? "depends" : "ok";
}

const GrantMatrix* GrantAudit::environment(std::string_view name) const
{
    for (const auto& m : environments) {
        if (m.environment == name) {
            return &m;
        }
    }
    return nullptr;
}

std::array<std::string, 4> mwaaGrantNames(std::string_view environment)
{
    std::array<std::string, 4> names;
    for (std::size_t i = 0; i < kSpecs.size(); ++i) {
        names[i] = std::string(kSpecs[i].prefix) + std::string(environment);
    }
    return names;
}

std::array<std::vector<std::string>, 4> mwaaGrantOperations()
{
    std::array<std::vector<std::string>, 4> operations;
    for (std::size_t i = 0; i < kSpecs.size(); ++i) {
        for (std::size_t c = 0; c < kColumns.size(); ++c) {
            if (kSpecs[i].required[c]) {
                for (std::string_view op : grantColumnOperations(kColumns[c])) {
                    operations[i].emplace_back(op);
                }
            }
        }
    }
    return operations;
}

std::optional<std::pair<std::string, int>> mwaaGrantOfName(std::string_view name)
{
    for (std::size_t i = 0; i < kSpecs.size(); ++i) {
        const std::string_view prefix = kSpecs[i].prefix;
        if (name.substr(0, prefix.size()) == prefix && isEnvironmentName(name.substr(prefix.size()))) {
            return std::pair{std::string(name.substr(prefix.size())), static_cast<int>(i)};
        }
    }
    return std::nullopt;
}

GrantAudit
auditGrants(const MwaaContext& context, const std::vector<std::string>& environments, const GrantList* grants)
{
    GrantAudit audit;
    audit.region = context.region;
    audit.partition = context.partition;
    audit.keyAccount = isAccountId(context.account) ? context.account : std::string();
    audit.keyArn = parseKeyIdentifier(context.key).form == KeyIdentifier::Form::KeyArn ? context.key : std::string();
    if (grants) {
        audit.grantsLoaded = true;
        audit.truncated = grants->truncated;
        audit.truncatedPointer = grants->truncatedPointer;
        audit.truncatedBy = grants->truncatedBy;
        audit.listPointer = grants->listPointer;
        for (const auto& p : grants->problems) {
            audit.problems.push_back(p.message);
        }
        // The key the listing is of: the KeyId of its grants, when they all name one key ARN.
        std::string listed;
        bool agree = true;
        for (const auto& g : grants->grants) {
            if (parseKeyIdentifier(g.keyId).form != KeyIdentifier::Form::KeyArn) {
                continue;
            }
            agree = agree && (listed.empty() || listed == g.keyId);
            listed = g.keyId;
        }
        if (agree && !listed.empty()) {
            audit.keyArn = listed;
        }
    }
    // What the context does not give, the listing's key ARN does: MWAA needs the key in the environment's region,
    // and the ARN names the account that owns the key (facts of the listing, not guesses).
    if (const KeyIdentifier key = parseKeyIdentifier(audit.keyArn); key.form == KeyIdentifier::Form::KeyArn) {
        if (audit.region.empty() && isRegionCode(key.region)) {
            audit.region = key.region;
            audit.regionFromListing = true;
        }
        if (audit.keyAccount.empty() && isAccountId(key.account)) {
            audit.keyAccount = key.account;
        }
        if (audit.partition.empty()) {
            audit.partition = key.partition;
        }
    }
    if (audit.partition.empty() && !audit.region.empty()) {
        audit.partition = partitionOfRegion(audit.region);
    }

    // The environments: the given ones, then those the grant names name.
    std::vector<std::pair<std::string, bool>> names; // name, inferred
    // A set and a map keep a hostile listing of thousands of environments linear.
    std::unordered_set<std::string> seen;
    auto addEnvironment = [&names, &seen](const std::string& name, bool inferred) {
        if (!name.empty() && seen.insert(name).second) {
            names.emplace_back(name, inferred);
        }
    };
    for (const auto& e : environments) {
        addEnvironment(e, false);
    }
    if (grants) {
        for (const auto& g : grants->grants) {
            audit.grants.push_back(classify(g, audit.keyAccount));
            addEnvironment(audit.grants.back().environment, true);
        }
    }
    if (names.empty()) {
        names.emplace_back("", false);
    }
    // The grant of each name a row takes: the first one for MWAA's principal, else the first one (KMS does not keep
    // names unique: a second grant of the name, for another principal, must not hide behind the first, nor push it
    // out of its row).
    std::unordered_map<std::string_view, std::size_t> rowGrantOfName;
    for (std::size_t i = 0; i < audit.grants.size(); ++i) {
        const auto [it, added] = rowGrantOfName.emplace(audit.grants[i].grant.name, i);
        if (!added && audit.grants[it->second].kind != GrantClass::Mwaa && audit.grants[i].kind == GrantClass::Mwaa) {
            it->second = i;
        }
    }
    for (const auto& [name, inferred] : names) {
        GrantMatrix m;
        m.environment = name;
        m.environmentInferred = inferred;
        m.region = audit.region;
        m.partition = audit.partition;
        if (!audit.region.empty()) {
            m.expectedPrincipal = airflowServicePrincipal(audit.region);
        }
        m.grantsLoaded = audit.grantsLoaded;
        m.truncated = audit.truncated;
        for (std::size_t s = 0; s < kSpecs.size(); ++s) {
            GrantRow row;
            row.name = std::string(kSpecs[s].prefix) + (name.empty() ? std::string("ENV") : name);
            row.purpose = std::string(kSpecs[s].purpose);
            if (!name.empty()) {
                // Another grant of that name is listed with the others.
                if (const auto it = rowGrantOfName.find(row.name); it != rowGrantOfName.end()) {
                    row.grantIndex = static_cast<int>(it->second);
                    audit.grants[it->second].matrixRow = static_cast<int>(s);
                }
            }
            fillRow(row,
                    kSpecs[s],
                    m,
                    row.grantIndex >= 0 ? &audit.grants[static_cast<std::size_t>(row.grantIndex)].grant : nullptr);
            m.rows.push_back(std::move(row));
        }
        resolveUnknownRegions(m);
        audit.environments.push_back(std::move(m));
    }
    return audit;
}

std::vector<const AuditedGrant*> otherGrants(const GrantAudit& audit)
{
    std::vector<const AuditedGrant*> out;
    for (const auto& g : audit.grants) {
        if (g.matrixRow < 0) {
            out.push_back(&g);
        }
    }
    return out;
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
    j["status"] = m.status();
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
            cells[std::string(grantColumnName(kColumns[i]))] = std::string(cellStateName(row.cells[i]));
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
            checks.push_back({{"role", c.role},
                              {"field", c.field},
                              {"actual", c.actual},
                              {"expected", c.expected},
                              {"ok", c.ok()},
                              {"state", std::string(principalStateName(c.state))}});
        }
        r["principalChecks"] = checks;
        r["dependsOn"] = row.dependsOn;
        rows.push_back(r);
    }
    j["rows"] = rows;
    return j;
}

Json auditedGrantToJson(const AuditedGrant& a)
{
    const GrantEntry& g = a.grant;
    Json j;
    j["pointer"] = g.pointer;
    j["grant_id"] = g.grantId;
    j["name"] = g.name;
    j["key_id"] = g.keyId;
    j["grantee"] = g.grantee();
    j["grantee_field"] = std::string(g.granteeField());
    j["retiring_principal"] = g.retiring();
    j["retiring_field"] = std::string(g.retiringField());
    j["issuing_account"] = g.issuingAccount;
    j["operations"] = writtenOperations(g);
    j["grant_operations"] = g.operations;
    j["constraints"] = g.hasConstraints ? g.constraints : Json(nullptr);
    j["created"] = g.creationDate;
    j["class"] = std::string(grantClassName(a.kind));
    j["description"] = a.description;
    j["environment"] = a.environment;
    j["matrix_row"] = a.matrixRow >= 0 ? Json(a.matrixRow) : Json(nullptr);
    j["service"] = a.service;
    j["account"] = a.account;
    return j;
}

std::string grantMatrixToText(const GrantMatrix& m)
{
    std::ostringstream out;
    out << "MWAA grants for environment " << (m.environment.empty() ? std::string("(unknown)") : m.environment)
        << (m.environmentInferred ? " (named by the grant names)" : "") << ", region "
        << (m.region.empty() ? std::string("(unknown)") : m.region) << "\n";
    out << "grantee and retiring principal: "
        << (m.expectedPrincipal.empty() ? std::string("airflow.REGION (region unknown)") : m.expectedPrincipal) << "\n";
    out << (m.grantsLoaded ? "compared with the grant list" : "required operations (no grant list loaded)")
        << (m.truncated ? "; the list is truncated: later pages are missing" : "") << "\n\n";
    std::vector<std::vector<std::string>> table;
    table.emplace_back(std::vector<std::string>{"grant"});
    for (GrantColumn c : kColumns) {
        table.back().emplace_back(grantColumnName(c));
    }
    for (const auto& row : m.rows) {
        table.emplace_back(std::vector<std::string>{row.name});
        for (CellState s : row.cells) {
            table.back().emplace_back(cellStateName(s));
        }
    }
    out << textTable(table);
    if (m.grantsLoaded && !m.environment.empty()) {
        out << "\n";
        for (const auto& row : m.rows) {
            out << row.name << ": ";
            if (!row.grant) {
                out << (m.truncated ? "not on the pages read\n" : "not found\n");
                continue;
            }
            const GrantEntry& g = *row.grant;
            out << g.pointer << ", id " << orDash(g.grantId) << "\n";
            out << "    operations: " << commaJoined(g.operations) << "\n";
            for (const auto& c : row.principalChecks) {
                out << "    " << c.role << " (" << c.field << "): " << (c.actual.empty() ? "(none)" : c.actual)
                    << (c.state == PrincipalCheck::State::Wrong ? "  <- expected " + c.expected : "") << "\n";
            }
            if (!row.missingOperations.empty()) {
                out << "    missing: " << commaJoined(row.missingOperations) << "\n";
            }
            if (!row.extraOperations.empty()) {
                out << "    extra: " << commaJoined(row.extraOperations) << "\n";
            }
            if (!row.dependsOn.empty()) {
                out << "    depends: " << row.dependsOn << "\n";
            }
        }
    }
    return out.str();
}

std::string grantMatrixToMarkdown(const GrantMatrix& m)
{
    std::ostringstream out;
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
        for (CellState s : row.cells) {
            out << " " << cellStateName(s) << " |";
        }
        out << "\n";
    }
    if (!m.expectedPrincipal.empty()) {
        out << "\nGrantee and retiring principal: `" << m.expectedPrincipal << "`.\n";
    }
    for (const auto& row : m.rows) {
        if (!row.dependsOn.empty()) {
            out << "\n`" << row.name << "` depends: " << markdownEscape(row.dependsOn) << ".\n";
        }
    }
    return out.str();
}

std::string grantAuditToText(const GrantAudit& audit)
{
    std::ostringstream out;
    out << "Key " << (audit.keyArn.empty() ? std::string("(unknown)") : audit.keyArn) << ", account "
        << (audit.keyAccount.empty() ? std::string("(unknown)") : audit.keyAccount) << ", region "
        << (audit.region.empty() ? std::string("(unknown)") : audit.region)
        << (audit.regionFromListing ? " (of the listing's key ARN)" : "") << "\n";
    if (audit.grantsLoaded) {
        out << audit.grants.size() << (audit.grants.size() == 1 ? " grant" : " grants") << " listed"
            << (audit.truncated ? "; the listing is truncated (" + audit.truncatedBy + "): later pages were not read"
                                : "")
            << "\n";
    }
    for (const auto& m : audit.environments) {
        out << "\n" << grantMatrixToText(m);
    }
    if (audit.grantsLoaded) {
        const auto others = otherGrants(audit);
        out << "\nOther grants (" << others.size() << "):\n";
        if (!others.empty()) {
            std::vector<std::vector<std::string>> table{
                {"name", "grantee", "retiring principal", "operations", "constraints", "created", "class"}};
            for (const AuditedGrant* a : others) {
                table.push_back(otherGrantCells(*a));
            }
            out << textTable(table);
        }
    }
    for (const auto& p : audit.problems) {
        out << "problem: " << p << "\n";
    }
    return out.str();
}

std::string grantAuditToMarkdown(const GrantAudit& audit)
{
    std::ostringstream out;
    for (const auto& m : audit.environments) {
        out << "### MWAA environment "
            << (m.environment.empty() ? std::string("(unknown)") : markdownEscape(m.environment)) << " in "
            << (m.region.empty() ? std::string("(unknown region)") : m.region) << "\n\n";
        out << grantMatrixToMarkdown(m) << "\n";
    }
    if (audit.grantsLoaded) {
        const auto others = otherGrants(audit);
        out << "### Other grants\n\n";
        if (audit.truncated) {
            out << "The listing is truncated (" << audit.truncatedBy << "): later pages were not read.\n\n";
        }
        if (others.empty()) {
            out << "None.\n";
        } else {
            out << "| name | grantee | retiring principal | operations | constraints | created | class |\n"
                   "|---|---|---|---|---|---|---|\n";
            for (const AuditedGrant* a : others) {
                out << "|";
                for (const auto& cell : otherGrantCells(*a)) {
                    out << " " << markdownEscape(cell) << " |";
                }
                out << "\n";
            }
        }
    }
    for (const auto& p : audit.problems) {
        out << "\nProblem in the grant list: " << markdownEscape(p) << ".\n";
    }
    return out.str();
}

} // namespace kps::mwaa
