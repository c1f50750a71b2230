// SPDX-License-Identifier: GPL-3.0-or-later
// The grant audit: the list-grants reader (with positions), the classification of every grant, the MWAA grant
// matrix of each environment and the grant findings, against tests/data/grants/.
#include "core/mwaa/GrantMatrix.h"
#include "core/mwaa/GrantRules.h"
#include "core/mwaa/Grants.h"

#include <QFile>
#include <QTest>

using namespace kps;
using namespace kps::mwaa;

namespace {

std::string readText(const QString& name)
{
    QFile file(QStringLiteral(KPS_TEST_DATA_DIR "/grants/") + name);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    const QByteArray bytes = file.readAll();
    return std::string(bytes.constData(), static_cast<std::size_t>(bytes.size()));
}

GrantsDocument listing(const char* name)
{
    auto document = readGrantsDocument(readText(QString::fromLatin1(name)), name);
    if (!document) {
        qFatal("cannot read %s: %s", name, document.error().text().c_str());
    }
    return std::move(*document);
}

GrantList load(const char* name)
{
    return readGrants(listing(name).document.json());
}

MwaaContext context(const char* region = "eu-west-1", const char* account = "111122223333")
{
    MwaaContext c;
    c.region = region;
    c.account = account;
    return c;
}

/** The audit of a listing file for the given environments, with its findings located in the file. */
struct Audited
{
    GrantsDocument document;
    GrantAudit audit;
    GrantFindings found;
};

Audited audit(const char* name, std::vector<std::string> environments = {"analytics"}, MwaaContext c = context())
{
    Audited a{listing(name), {}, {}};
    const GrantList list = readGrants(a.document.document.json());
    a.audit = auditGrants(c, environments, &list);
    a.found = grantFindings(a.audit, &a.document);
    return a;
}

std::size_t col(GrantColumn c)
{
    return static_cast<std::size_t>(c);
}

std::vector<std::string> codes(const std::vector<Finding>& findings)
{
    std::vector<std::string> out;
    for (const auto& f : findings) {
        out.push_back(f.code);
    }
    return out;
}

const Finding* findingOf(const std::vector<Finding>& findings, std::string_view code)
{
    for (const auto& f : findings) {
        if (f.code == code) {
            return &f;
        }
    }
    return nullptr;
}

bool anyCell(const GrantMatrix& m, CellState state)
{
    for (const auto& row : m.rows) {
        for (CellState s : row.cells) {
            if (s == state) {
                return true;
            }
        }
    }
    return false;
}

} // namespace

class TestGrantMatrix : public QObject
{
    Q_OBJECT

private slots:
    void requiredFromContextAlone()
    {
        const GrantAudit a = auditGrants(context(), {"analytics"}, nullptr);
        QCOMPARE(a.environments.size(), std::size_t(1));
        const GrantMatrix& m = a.environments[0];
        QVERIFY(!m.grantsLoaded);
        QCOMPARE(m.status(), std::string("required"));
        QCOMPARE(m.expectedPrincipal, std::string("airflow.eu-west-1.amazonaws.com"));
        QCOMPARE(m.rows.size(), std::size_t(4));
        QCOMPARE(m.rows[0].name, std::string("mwaa-grant-for-env-mgmt-role-analytics"));
        QCOMPARE(m.rows[1].name, std::string("mwaa-grant-for-lambda-exec-analytics"));
        QCOMPARE(m.rows[2].name, std::string("mwaa-grant-for-cfn-mgmt-analytics")); // no leading space
        QCOMPARE(m.rows[3].name, std::string("mwaa-fargate-access-for-analytics"));
        for (const auto& row : m.rows) {
            QVERIFY(!row.grant);
            for (GrantColumn c : {GrantColumn::Encrypt,
                                  GrantColumn::Decrypt,
                                  GrantColumn::ReEncrypt,
                                  GrantColumn::GenerateDataKey,
                                  GrantColumn::DescribeKey}) {
                QVERIFY(row.cells[col(c)] == CellState::Required);
            }
        }
        QVERIFY(m.rows[0].cells[col(GrantColumn::CreateGrant)] == CellState::Required);
        QVERIFY(m.rows[1].cells[col(GrantColumn::CreateGrant)] == CellState::NotRequired);
        QVERIFY(m.rows[2].cells[col(GrantColumn::RetireGrant)] == CellState::NotRequired);
        QVERIFY(m.rows[3].cells[col(GrantColumn::RetireGrant)] == CellState::Required);
        QVERIFY(grantFindings(a).findings.empty()); // nothing to compare with
        QCOMPARE(mwaaGrantNames("x")[2], std::string("mwaa-grant-for-cfn-mgmt-x"));
        // Without an environment: one matrix of ENV rows.
        const GrantAudit none = auditGrants(context(), {}, nullptr);
        QCOMPARE(none.environments.size(), std::size_t(1));
        QCOMPARE(none.environments[0].rows[0].name, std::string("mwaa-grant-for-env-mgmt-role-ENV"));
    }
    void partitionPrincipals()
    {
        QCOMPARE(auditGrants(context("cn-north-1"), {"e"}, nullptr).environments[0].expectedPrincipal,
                 std::string("airflow.cn-north-1.amazonaws.com.cn"));
        QCOMPARE(auditGrants(context("us-gov-west-1"), {"e"}, nullptr).environments[0].expectedPrincipal,
                 std::string("airflow.us-gov-west-1.amazonaws.com"));
        QVERIFY(auditGrants(context(""), {"e"}, nullptr).environments[0].expectedPrincipal.empty());
    }
    void columnsMapToExactOperations()
    {
        QCOMPARE(grantColumnName(GrantColumn::ReEncrypt), std::string_view("ReEncrypt*"));
        QCOMPARE(grantColumnOperations(GrantColumn::ReEncrypt),
                 (std::vector<std::string_view>{"ReEncryptFrom", "ReEncryptTo"}));
        QCOMPARE(grantColumnOperations(GrantColumn::GenerateDataKey),
                 (std::vector<std::string_view>{"GenerateDataKey", "GenerateDataKeyWithoutPlaintext"}));
        QCOMPARE(cellStateName(CellState::NotRequired), std::string_view("not-required"));
        QCOMPARE(cellStateName(CellState::WrongPrincipal), std::string_view("wrong-principal"));
        QCOMPARE(cellStateName(CellState::Depends), std::string_view("depends"));
    }
    void completeListMatches()
    {
        const Audited a = audit("complete.json");
        QCOMPARE(a.audit.grants.size(), std::size_t(4));
        const GrantMatrix& m = a.audit.environments[0];
        QCOMPARE(m.status(), std::string("ok"));
        for (std::size_t r = 0; r < m.rows.size(); ++r) {
            const auto& row = m.rows[r];
            QVERIFY(row.grant);
            QCOMPARE(row.grantIndex, static_cast<int>(r));
            QCOMPARE(a.audit.grants[r].matrixRow, static_cast<int>(r));
            QVERIFY(a.audit.grants[r].kind == GrantClass::Mwaa);
            QVERIFY(row.missingOperations.empty());
            QVERIFY(row.extraOperations.empty());
            for (const auto& c : row.principalChecks) {
                QVERIFY(c.ok());
                QCOMPARE(c.actual, std::string("airflow.eu-west-1.amazonaws.com"));
            }
            for (std::size_t i = 0; i < kGrantColumnCount; ++i) {
                QVERIFY(row.cells[i] == CellState::Present || row.cells[i] == CellState::NotRequired);
            }
        }
        QCOMPARE(m.rows[0].grant->pointer, std::string("/Grants/0"));
        QCOMPARE(m.rows[0].grant->grantId.size(), std::size_t(64));
        QVERIFY(otherGrants(a.audit).empty());
        QVERIFY(a.found.findings.empty());
        QVERIFY(a.found.assumptions.empty());
        // The key of the listing: its KeyId.
        QCOMPARE(a.audit.keyArn,
                 std::string("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"));
    }
    void missingGrantIsLocatedInTheListing()
    {
        const Audited a = audit("missing-one.json");
        const GrantMatrix& m = a.audit.environments[0];
        QVERIFY(!m.rows[2].grant);
        QVERIFY(m.rows[2].cells[col(GrantColumn::Encrypt)] == CellState::Missing);
        QVERIFY(m.rows[2].cells[col(GrantColumn::CreateGrant)] == CellState::NotRequired);
        QCOMPARE(codes(a.found.findings), std::vector<std::string>{"MWAA_GRANT_MISSING"});
        const Finding& f = a.found.findings[0];
        QVERIFY(f.message.find("mwaa-grant-for-cfn-mgmt-analytics") != std::string::npos);
        // Something absent points at the nearest existing parent: the listing's Grants array, in the listing.
        QCOMPARE(f.location.file, std::string("missing-one.json"));
        QCOMPARE(f.location.pointer, std::string("/Grants"));
        QCOMPARE(f.location.span.line, 2);
        QCOMPARE(f.location.span.column, 15);
    }
    void missingOperation()
    {
        const Audited a = audit("missing-operation.json");
        const GrantMatrix& m = a.audit.environments[0];
        QVERIFY(m.rows[0].cells[col(GrantColumn::ReEncrypt)] == CellState::Missing);
        QVERIFY(m.rows[0].cells[col(GrantColumn::Encrypt)] == CellState::Present);
        QCOMPARE(m.rows[0].missingOperations, std::vector<std::string>{"ReEncryptTo"});
        QCOMPARE(m.status(), std::string("problems"));
        QCOMPARE(codes(a.found.findings), std::vector<std::string>{"MWAA_GRANT_OPERATIONS"});
        QCOMPARE(a.found.findings[0].location.pointer, std::string("/Grants/0/Operations"));
        QCOMPARE(a.found.findings[0].location.span.line, 11);
    }
    void extraOperations()
    {
        const Audited a = audit("extra-operations.json");
        const GrantMatrix& m = a.audit.environments[0];
        QVERIFY(m.rows[1].cells[col(GrantColumn::CreateGrant)] == CellState::Extra);
        QCOMPARE(m.rows[1].extraOperations, (std::vector<std::string>{"CreateGrant", "Sign"}));
        QCOMPARE(codes(a.found.findings), std::vector<std::string>{"MWAA_GRANT_EXTRA_OPERATIONS"});
        // At the first extra operation as written.
        QCOMPARE(a.found.findings[0].location.pointer, std::string("/Grants/1/Operations/8"));
    }
    /// The issue's worst case: a grant for the airflow principal of another region must never read "present", and
    /// the verdict must not be ready.
    void airflowOfAnotherRegionIsNeverPresent()
    {
        const Audited a = audit("other-region.json");
        const GrantMatrix& m = a.audit.environments[0];
        QVERIFY(!anyCell(m, CellState::Present));
        for (const auto& row : m.rows) {
            QVERIFY(row.grant);
            for (std::size_t i = 0; i < kGrantColumnCount; ++i) {
                QVERIFY(row.cells[i] == CellState::WrongPrincipal || row.cells[i] == CellState::NotRequired);
            }
            for (const auto& c : row.principalChecks) {
                QVERIFY(c.state == PrincipalCheck::State::Wrong);
                QCOMPARE(c.expected, std::string("airflow.eu-west-1.amazonaws.com"));
            }
        }
        QCOMPARE(m.status(), std::string("problems"));
        QCOMPARE(codes(a.found.findings), std::vector<std::string>(8, "MWAA_GRANT_PRINCIPAL"));
        QCOMPARE(a.found.findings[0].location.pointer, std::string("/Grants/0/GranteePrincipal"));
        QCOMPARE(a.found.findings[0].severity, Severity::Error);
    }
    void wrongPrincipals()
    {
        const Audited a = audit("wrong-principal.json");
        const auto& row = a.audit.environments[0].rows[3];
        const auto& checks = row.principalChecks;
        QCOMPARE(checks.size(), std::size_t(2));
        QVERIFY(!checks[0].ok());
        QCOMPARE(checks[0].field, std::string("GranteePrincipal"));
        QCOMPARE(checks[0].actual, std::string("airflow.us-east-1.amazonaws.com"));
        QVERIFY(!checks[1].ok());
        QCOMPARE(checks[1].role, std::string("retiring principal"));
        QVERIFY(row.cells[col(GrantColumn::Encrypt)] == CellState::WrongPrincipal);
        QVERIFY(a.audit.environments[0].rows[0].cells[col(GrantColumn::Encrypt)] == CellState::Present);
        QCOMPARE(codes(a.found.findings), (std::vector<std::string>{"MWAA_GRANT_PRINCIPAL", "MWAA_GRANT_PRINCIPAL"}));
        QCOMPARE(a.found.findings[1].location.pointer, std::string("/Grants/3/RetiringPrincipal"));
    }
    void servicePrincipalFields()
    {
        const Audited a = audit("service-principal-variant.json");
        QVERIFY(a.audit.grants[0].grant.granteePrincipal.empty());
        for (const auto& row : a.audit.environments[0].rows) {
            QCOMPARE(row.principalChecks[0].field, std::string("GranteeServicePrincipal"));
            QCOMPARE(row.principalChecks[1].field, std::string("RetiringServicePrincipal"));
            QVERIFY(row.principalChecks[0].ok() && row.principalChecks[1].ok());
        }
        QVERIFY(a.found.findings.empty());
    }
    void classifiesEveryGrant()
    {
        const Audited rds = audit("rds-and-mwaa-extra.json");
        const auto others = otherGrants(rds.audit);
        QCOMPARE(others.size(), std::size_t(3));
        QVERIFY(others[0]->kind == GrantClass::AwsService);
        QCOMPARE(others[0]->service, std::string("rds.eu-west-1.amazonaws.com"));
        // A service-linked role acts for its service: an AWS service's grant, not the account's.
        QVERIFY(others[1]->kind == GrantClass::AwsService);
        QCOMPARE(others[1]->service, std::string("rds.amazonaws.com"));
        QVERIFY(others[2]->kind == GrantClass::Mwaa); // a further grant to MWAA's airflow principal
        QVERIFY(others[2]->environment.empty());
        QVERIFY(rds.found.findings.size() == 1); // only the RDS constraint, quoted
        QCOMPARE(rds.found.findings[0].code, std::string("GRANT_CONSTRAINED"));
        QCOMPARE(rds.found.findings[0].severity, Severity::Suggestion);

        const Audited cross = audit("cross-account.json");
        const AuditedGrant& partner = cross.audit.grants.back();
        QVERIFY(partner.kind == GrantClass::OtherAccount);
        QCOMPARE(partner.account, std::string("444455556666"));
        const Audited app = audit("regrant-key-account.json");
        QVERIFY(app.audit.grants.back().kind == GrantClass::KeyAccount);
        // The key's account from the listing's key ARN when none is given; unknown without either.
        const Audited inferred = audit("cross-account.json", {"analytics"}, context("", ""));
        QCOMPARE(inferred.audit.keyAccount, std::string("111122223333"));
        QCOMPARE(inferred.audit.region, std::string("eu-west-1"));
        QVERIFY(inferred.audit.regionFromListing);
        QVERIFY(inferred.audit.grants.back().kind == GrantClass::OtherAccount);
        const GrantList bare = readGrants(Json::parse(
            R"([{"Name": "x", "GranteePrincipal": "arn:aws:iam::444455556666:role/r", "Operations": ["Decrypt"]},
                {"Name": "y", "Operations": ["Decrypt"]}, {"Name": "z", "GranteePrincipal": "someone"}])"));
        const GrantAudit unknown = auditGrants(context("eu-west-1", ""), {}, &bare);
        QVERIFY(unknown.grants[0].kind == GrantClass::Unknown);
        QVERIFY(unknown.grants[0].description.find("unknown") != std::string::npos);
        QVERIFY(unknown.grants[1].kind == GrantClass::Unknown);
        QVERIFY(unknown.grants[2].kind == GrantClass::Unknown);
        QCOMPARE(grantClassName(GrantClass::OtherAccount), std::string_view("other-account"));
    }
    void crossAccountAndRegrant()
    {
        const Audited a = audit("cross-account.json");
        QCOMPARE(codes(a.found.findings),
                 (std::vector<std::string>{"GRANT_CROSS_ACCOUNT", "GRANT_CROSS_ACCOUNT", "GRANT_CAN_REGRANT"}));
        QCOMPARE(a.found.findings[0].severity, Severity::Security);
        QCOMPARE(a.found.findings[0].location.pointer, std::string("/Grants/4/GranteePrincipal"));
        QCOMPARE(a.found.findings[2].severity, Severity::Security); // CreateGrant for another account
        QCOMPARE(a.found.findings[2].location.pointer, std::string("/Grants/4/Operations/1"));
        const Audited own = audit("regrant-key-account.json");
        const Finding* regrant = findingOf(own.found.findings, "GRANT_CAN_REGRANT");
        QVERIFY(regrant);
        QCOMPARE(regrant->severity, Severity::Warning);
        QVERIFY(findingOf(own.found.findings, "MWAA_GRANT_UNEXPECTED"));
        QVERIFY(!findingOf(own.found.findings, "GRANT_CROSS_ACCOUNT"));
        // MWAA's environment grant and the services' CreateGrant are what they need.
        QVERIFY(!findingOf(audit("rds-and-mwaa-extra.json").found.findings, "GRANT_CAN_REGRANT"));
        // Without the key's account, nobody is known to be in another account.
        const GrantList list = load("cross-account.json");
        MwaaContext noKey = context("eu-west-1", "");
        GrantList withoutKeyIds = list;
        for (auto& g : withoutKeyIds.grants) {
            g.keyId.clear();
        }
        QVERIFY(!findingOf(grantFindings(auditGrants(noKey, {"analytics"}, &withoutKeyIds)).findings,
                           "GRANT_CROSS_ACCOUNT"));
    }
    /// KMS does not keep grant names unique: a grant that takes MWAA's name for another principal is audited as what
    /// it is for, whether it comes before MWAA's own grant of that name or after it, and MWAA's grant keeps its row.
    void grantWithMwaaNameForAnotherPrincipal()
    {
        for (const char* file : {"name-twin-first.json", "name-twin-after.json"}) {
            const Audited a = audit(file);
            const bool first = std::string(file) == "name-twin-first.json";
            const std::size_t twin = first ? 0 : 4;
            const std::size_t mwaa = first ? 1 : 0;
            QCOMPARE(a.audit.environments.size(), std::size_t(1));
            const GrantMatrix& m = a.audit.environments[0];
            QCOMPARE(m.status(), std::string("ok"));
            QCOMPARE(m.rows[0].grantIndex, static_cast<int>(mwaa));
            QVERIFY(a.audit.grants[mwaa].kind == GrantClass::Mwaa);
            const AuditedGrant& other = a.audit.grants[twin];
            QCOMPARE(other.matrixRow, -1);
            QVERIFY2(other.kind == (first ? GrantClass::OtherAccount : GrantClass::KeyAccount), file);
            QVERIFY(other.description.find("named as MWAA's grant of environment analytics") != std::string::npos);
            const Finding* regrant = findingOf(a.found.findings, "GRANT_CAN_REGRANT");
            QVERIFY2(regrant, file);
            QCOMPARE(regrant->location.pointer, "/Grants/" + std::to_string(twin) + "/Operations/6");
            QCOMPARE(regrant->severity, first ? Severity::Security : Severity::Warning);
            QCOMPARE(otherGrants(a.audit).size(), std::size_t(1));
        }
    }
    void twoEnvironmentsAreAuditedEachOnItsOwn()
    {
        const Audited a = audit("two-environments.json");
        QCOMPARE(a.audit.environments.size(), std::size_t(2));
        QCOMPARE(a.audit.environments[0].environment, std::string("analytics"));
        QVERIFY(!a.audit.environments[0].environmentInferred);
        QCOMPARE(a.audit.environments[1].environment, std::string("reporting"));
        QVERIFY(a.audit.environments[1].environmentInferred);
        QCOMPARE(a.audit.environments[1].status(), std::string("ok"));
        QVERIFY(otherGrants(a.audit).empty());
        QVERIFY(a.found.findings.empty()); // not "four unexpected grants"
        // Without --env, both come from the names; with two given, in the order given.
        QCOMPARE(audit("two-environments.json", {}).audit.environments.size(), std::size_t(2));
        const Audited given = audit("two-environments.json", {"reporting", "analytics"});
        QCOMPARE(given.audit.environments[0].environment, std::string("reporting"));
        QVERIFY(!given.audit.environments[1].environmentInferred);
        // A given environment without grants is missing all four.
        const Audited third = audit("two-environments.json", {"etl"});
        QCOMPARE(third.audit.environments.size(), std::size_t(3));
        QCOMPARE(codes(third.found.findings), std::vector<std::string>(4, "MWAA_GRANT_MISSING"));
        // An incomplete set of an environment named only by its grants is audited too.
        const Audited partial = audit("other-environment.json");
        QCOMPARE(partial.audit.environments.size(), std::size_t(2));
        QCOMPARE(partial.audit.environments[1].status(), std::string("problems"));
    }
    /// A truncated listing: absent grants depend on the remaining pages; they are never MWAA_GRANT_MISSING.
    void truncatedListingMakesAbsentGrantsDepend()
    {
        const Audited a = audit("paginated-truncated.json");
        QVERIFY(a.audit.truncated);
        QCOMPARE(a.audit.truncatedPointer, std::string("/Truncated"));
        const GrantMatrix& m = a.audit.environments[0];
        QVERIFY(m.rows[2].cells[col(GrantColumn::Encrypt)] == CellState::Depends);
        QVERIFY(!m.rows[2].dependsOn.empty());
        QVERIFY(m.rows[0].cells[col(GrantColumn::Encrypt)] == CellState::Present);
        QCOMPARE(m.status(), std::string("depends"));
        QCOMPARE(codes(a.found.findings), std::vector<std::string>{"GRANTS_INCOMPLETE"});
        const Finding& f = a.found.findings[0];
        QCOMPARE(f.severity, Severity::Warning);
        QCOMPARE(f.location.pointer, std::string("/Truncated"));
        QVERIFY(f.message.find("mwaa-fargate-access-for-analytics") != std::string::npos);
        QCOMPARE(a.found.assumptions.size(), std::size_t(1));
        QVERIFY(a.found.assumptions[0].fact.find("mwaa-grant-for-cfn-mgmt-analytics") != std::string::npos);
        QCOMPARE(a.found.assumptions[0].file, std::string("paginated-truncated.json"));
        // NextToken (the AWS CLI's --max-items) says the same; with every MWAA grant on the page, nothing depends.
        const Audited token = audit("next-token.json");
        QCOMPARE(token.audit.truncatedPointer, std::string("/NextToken"));
        QCOMPARE(codes(token.found.findings), std::vector<std::string>{"GRANTS_INCOMPLETE"});
        QVERIFY(token.found.assumptions.empty());
        // An array of pages (saved page by page) is merged; the last page decides.
        const GrantList pages = load("pages.json");
        QCOMPARE(pages.grants.size(), std::size_t(4));
        QVERIFY(!pages.truncated);
        QCOMPARE(pages.grants[2].pointer, std::string("/1/Grants/0"));
        QVERIFY(audit("pages.json").found.findings.empty());
        // ...also when a caller wrapped the pages once more ({"Grants": [page, page]}).
        Json wrapped = Json::object();
        wrapped["Grants"] = Json::parse(readText(QStringLiteral("pages.json")));
        QCOMPARE(readGrants(wrapped).grants.size(), std::size_t(4));
    }
    void unknownRegionDependsOnTheAirflowPrincipal()
    {
        // No region given and no key ARN in the listing: the airflow principal is right only if the environment is
        // in its region.
        GrantList list = load("complete.json");
        for (auto& g : list.grants) {
            g.keyId.clear();
        }
        const GrantAudit a = auditGrants(context("", "111122223333"), {"analytics"}, &list);
        const GrantMatrix& m = a.environments[0];
        QVERIFY(m.expectedPrincipal.empty());
        QVERIFY(!anyCell(m, CellState::Present));
        QVERIFY(m.rows[0].cells[col(GrantColumn::Encrypt)] == CellState::Depends);
        QVERIFY(m.rows[0].principalChecks[0].state == PrincipalCheck::State::Unknown);
        const GrantFindings found = grantFindings(a);
        QVERIFY(found.findings.empty());
        QCOMPARE(found.assumptions.size(), std::size_t(1)); // one fact for the environment
        QCOMPARE(found.assumptions[0].needed, std::string("--region eu-west-1"));
        // Grants naming two regions cannot all be MWAA's: none is shown as right.
        GrantList twoRegions = list;
        twoRegions.grants[3].granteePrincipal = "airflow.us-east-1.amazonaws.com";
        const GrantAudit contradictory = auditGrants(context("", "111122223333"), {"analytics"}, &twoRegions);
        QVERIFY(!anyCell(contradictory.environments[0], CellState::Depends));
        QVERIFY(contradictory.environments[0].rows[0].cells[col(GrantColumn::Encrypt)] == CellState::WrongPrincipal);
        QVERIFY(findingOf(grantFindings(contradictory).findings, "MWAA_GRANT_PRINCIPAL"));
        // A principal that is no airflow principal is wrong whatever the region.
        list.grants[0].granteePrincipal = "arn:aws:iam::111122223333:role/x";
        const GrantAudit wrong = auditGrants(context("", "111122223333"), {"analytics"}, &list);
        QVERIFY(wrong.environments[0].rows[0].cells[col(GrantColumn::Encrypt)] == CellState::WrongPrincipal);
    }
    void operationsAsWritten()
    {
        GrantOperation op = interpretGrantOperation("Decrypt");
        QVERIFY(op.kind == GrantOperation::Kind::Exact);
        op = interpretGrantOperation("kms:GenerateDataKey*");
        QVERIFY(op.kind == GrantOperation::Kind::Notation);
        QCOMPARE(op.meant,
                 (std::vector<std::string>{"GenerateDataKey",
                                           "GenerateDataKeyWithoutPlaintext",
                                           "GenerateDataKeyPair",
                                           "GenerateDataKeyPairWithoutPlaintext"}));
        op = interpretGrantOperation("decrypt");
        QVERIFY(op.kind == GrantOperation::Kind::Notation);
        QCOMPARE(op.meant, std::vector<std::string>{"Decrypt"});
        op = interpretGrantOperation("GenerateDataKeys");
        QVERIFY(op.kind == GrantOperation::Kind::Unknown);
        QCOMPARE(op.suggestions, std::vector<std::string>{"GenerateDataKey"});
        QVERIFY(interpretGrantOperation("Frobnicate").suggestions.empty());

        // A typo is GRANT_OPERATION_UNKNOWN with a did-you-mean, not an extra operation.
        const Audited typo = audit("operation-typo.json");
        QVERIFY(typo.audit.environments[0].rows[1].extraOperations.empty());
        const Finding* f = findingOf(typo.found.findings, "GRANT_OPERATION_UNKNOWN");
        QVERIFY(f);
        QVERIFY(f->message.find("did you mean GenerateDataKey?") != std::string::npos);
        QCOMPARE(f->location.pointer, std::string("/Grants/1/Operations/4"));
        QCOMPARE(f->location.span.line, 36);
        QCOMPARE(f->location.span.column, 17);
        QVERIFY(findingOf(typo.found.findings, "MWAA_GRANT_OPERATIONS")); // and GenerateDataKey is missing
        // The guide's notation: the ListGrants names to use; what it stands for still fills the matrix.
        const Audited guide = audit("policy-notation.json");
        std::size_t notation = 0;
        for (const auto& finding : guide.found.findings) {
            QCOMPARE(finding.code, std::string("GRANT_OPERATION_UNKNOWN"));
            ++notation;
        }
        QCOMPARE(notation, std::size_t(7));
        QVERIFY(guide.found.findings[3].message.find("GenerateDataKey, GenerateDataKeyWithoutPlaintext")
                != std::string::npos);
        QVERIFY(guide.audit.environments[0].rows[0].cells[col(GrantColumn::ReEncrypt)] == CellState::Present);
    }
    void constraints()
    {
        const Audited mwaa = audit("constrained-mwaa.json");
        const Finding* f = findingOf(mwaa.found.findings, "GRANT_CONSTRAINED");
        QVERIFY(f);
        QCOMPARE(f->severity, Severity::Warning);
        QVERIFY(f->message.find("aws:sqs:arn") != std::string::npos);
        QCOMPARE(f->location.pointer, std::string("/Grants/3/Constraints"));
        QCOMPARE(mwaa.found.assumptions.size(), std::size_t(1));
        QVERIFY(mwaa.audit.environments[0].rows[3].cells[col(GrantColumn::Encrypt)] == CellState::Depends);
        QCOMPARE(mwaa.audit.environments[0].status(), std::string("depends"));
        const Audited app = audit("constrained-app.json");
        f = findingOf(app.found.findings, "GRANT_CONSTRAINED");
        QVERIFY(f);
        QCOMPARE(f->severity, Severity::Suggestion);
        QVERIFY(f->message.find("\"Department\":\"Finance\"") != std::string::npos);
        QVERIFY(app.found.assumptions.empty());
    }
    void readerWithPositions()
    {
        const Json bare = Json::parse(R"([
            {"Name": " mwaa-grant-for-cfn-mgmt-x ", "Operations": "kms:decrypt", "GranteePrincipal": 5},
            "not a grant",
            {"Name": "y", "Operations": ["Encrypt", "Frobnicate", 3], "CreationDate": 1718000001.5}])");
        const GrantList list = readGrants(bare);
        QCOMPARE(list.grants.size(), std::size_t(2));
        QCOMPARE(list.grants[0].name, std::string("mwaa-grant-for-cfn-mgmt-x")); // the page's leading space
        QCOMPARE(list.grants[0].operations, std::vector<std::string>{"Decrypt"});
        QVERIFY(list.grants[1].written[1].kind == GrantOperation::Kind::Unknown);
        QCOMPARE(list.grants[1].written[1].pointer, std::string("/2/Operations/1"));
        QCOMPARE(list.grants[1].pointer, std::string("/2"));
        QCOMPARE(list.grants[1].creationDate, std::string("2024-06-10T06:13:21Z"));
        QCOMPARE(list.problems.size(), std::size_t(4)); // GranteePrincipal, Operations (a string), "/1", Operations/2
        QCOMPARE(list.problems[1].pointer, std::string("/0/Operations"));
        QCOMPARE(list.problems[0].pointer, std::string("/0/GranteePrincipal"));
        QVERIFY(!readGrants(Json::parse(R"({"NoGrants": 1})")).problems.empty());
        QVERIFY(!readGrants(Json::parse("3")).problems.empty());

        // The strict readers: not JSON, or not a listing, is an error with the file, line and column.
        const auto unfinished = readGrantsDocument("{\"Grants\": [", "g.json");
        QVERIFY(!unfinished);
        QCOMPARE(unfinished.error().file, std::string("g.json"));
        QVERIFY(unfinished.error().line > 0); // the error says where the text stops being JSON
        const auto shape
            = readGrantsDocument("{\n  \"Grants\": [\n    {\"Name\": \"a\", \"Operations\": 7}\n  ]\n}\n", "g.json");
        QVERIFY(!shape);
        QCOMPARE(shape.error().text(), std::string("g.json:3:33: /Grants/0/Operations is not an array of operations"));
        // ListGrants' types: a Truncated that is no boolean would read as "complete" and turn the grants of later
        // pages into missing ones; a string of operations, a constraint that is no map of strings.
        for (const auto& [text, expected] : std::vector<std::pair<std::string, std::string>>{
                 {"{\"Grants\": [], \"Truncated\": \"true\"}", "g.json:1:29: /Truncated is not true or false"},
                 {"{\"Grants\": [], \"Truncated\": 1}", "g.json:1:29: /Truncated is not true or false"},
                 {"{\"Grants\": [], \"NextMarker\": 5}", "g.json:1:30: /NextMarker is not a string"},
                 {"{\"Grants\": [{\"Operations\": \"Encrypt\"}]}", "g.json:1:28: /Grants/0/Operations is not an array"},
                 // Two listings put together: another key's grant must not stand in for one of this key's.
                 {"{\"Grants\": [{\"KeyId\": \"arn:aws:kms:eu-west-1:111122223333:key/a\"}, {\"KeyId\": "
                  "\"arn:aws:kms:eu-west-1:111122223333:key/b\"}]}",
                  "g.json:1:78: /Grants/1/KeyId names another key than /Grants/0/KeyId"},
                 {"{\"Grants\": [{\"Constraints\": {\"EncryptionContextSubset\": \"x\"}}]}",
                  "g.json:1:57: /Grants/0/Constraints/EncryptionContextSubset is not a map of strings"}}) {
            const auto refused = readGrantsDocument(text, "g.json");
            QVERIFY2(!refused, text.c_str());
            QVERIFY2(refused.error().text().rfind(expected, 0) == 0, refused.error().text().c_str());
        }
        const auto notGrants = readGrantsDocument("{\"Keys\": []}", "g.json");
        QVERIFY(!notGrants);
        QCOMPARE(notGrants.error().line, 1);
        const auto duplicate = readGrantsDocument("{\"Grants\": [], \"Grants\": []}", "g.json");
        QVERIFY(!duplicate);
        QVERIFY(duplicate.error().message.find("more than once") != std::string::npos);
        const auto policy = readGrantsDocument("{\"Policy\": \"{\\\"Version\\\": \\\"2012-10-17\\\"}\"}", "p.json");
        QVERIFY(!policy);
        QVERIFY(policy.error().message.find("get-key-policy") != std::string::npos);
        QVERIFY(readGrantsText(readText(QStringLiteral("complete.json"))).ok());
        QVERIFY(!readGrantsText("[1]").ok());
        // A bare array: an absent grant is reported at the document.
        const Audited absent = audit("empty.json");
        QCOMPARE(absent.found.findings.size(), std::size_t(4));
        GrantsDocument bareListing = *readGrantsDocument("[]", "bare.json");
        const GrantList none = readGrants(bareListing.document.json());
        const GrantFindings found = grantFindings(auditGrants(context(), {"x"}, &none), &bareListing);
        QCOMPARE(found.findings.size(), std::size_t(4));
        QCOMPARE(found.findings[0].location.pointer, std::string());
        QCOMPARE(found.findings[0].location.file, std::string("bare.json"));
    }
    /// A listing naming thousands of environments (a hostile one, or a key shared very widely): one matrix each, every
    /// grant in its row, found through maps rather than a search per row.
    void manyEnvironments()
    {
        GrantList list;
        for (int i = 0; i < 3000; ++i) {
            GrantEntry g;
            g.pointer = "/Grants/" + std::to_string(i);
            g.name = "mwaa-grant-for-cfn-mgmt-env" + std::to_string(i);
            g.granteePrincipal = g.retiringPrincipal = "airflow.eu-west-1.amazonaws.com";
            g.operations = {"Encrypt", "Decrypt"};
            list.grants.push_back(g);
        }
        const GrantAudit a = auditGrants(context(), {"env7"}, &list);
        QCOMPARE(a.environments.size(), std::size_t(3000));
        QCOMPARE(a.environments[0].environment, std::string("env7"));
        QCOMPARE(a.environments[0].rows[2].grantIndex, 7);
        for (const auto& g : a.grants) {
            QCOMPARE(g.matrixRow, 2);
        }
        QCOMPARE(grantFindings(a).findings.size(), std::size_t(3000 * 3 + 3000)); // 3 missing + 1 lacking, each
    }
    void principals()
    {
        GrantPrincipal p = parseGrantPrincipal("rds.eu-west-1.amazonaws.com");
        QVERIFY(p.kind == GrantPrincipal::Kind::Service);
        p = parseGrantPrincipal("airflow.cn-north-1.amazonaws.com.cn");
        QVERIFY(p.kind == GrantPrincipal::Kind::Service);
        p = parseGrantPrincipal("arn:aws:sts::444455556666:assumed-role/r/s");
        QVERIFY(p.kind == GrantPrincipal::Kind::Iam);
        QCOMPARE(p.account, std::string("444455556666"));
        p = parseGrantPrincipal(
            "arn:aws:iam::111122223333:role/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS");
        QVERIFY(p.kind == GrantPrincipal::Kind::Service);
        QVERIFY(p.serviceLinkedRole);
        QCOMPARE(p.account, std::string("111122223333"));
        QVERIFY(parseGrantPrincipal("111122223333").kind == GrantPrincipal::Kind::Account);
        QVERIFY(parseGrantPrincipal("").kind == GrantPrincipal::Kind::None);
        QVERIFY(parseGrantPrincipal("Airflow.EU-WEST-1.amazonaws.com").kind == GrantPrincipal::Kind::Other);
    }
    void renderers()
    {
        const Audited a = audit("missing-operation.json");
        const auto j = grantMatrixToJson(a.audit.environments[0]);
        QCOMPARE(j["rows"].size(), std::size_t(4));
        QCOMPARE(j["rows"][0]["cells"]["ReEncrypt*"].get<std::string>(), std::string("missing"));
        QCOMPARE(j["rows"][0]["grant"]["pointer"].get<std::string>(), std::string("/Grants/0"));
        QCOMPARE(j["columns"][3]["operations"][1].get<std::string>(), std::string("GenerateDataKeyWithoutPlaintext"));
        QCOMPARE(j["expectedPrincipal"].get<std::string>(), std::string("airflow.eu-west-1.amazonaws.com"));
        QCOMPARE(j["status"].get<std::string>(), std::string("problems"));
        const std::string text = grantMatrixToText(a.audit.environments[0]);
        QVERIFY(text.find("mwaa-grant-for-env-mgmt-role-analytics") != std::string::npos);
        QVERIFY(text.find("missing: ReEncryptTo") != std::string::npos);
        const std::string md = grantMatrixToMarkdown(auditGrants(context(), {"analytics"}, nullptr).environments[0]);
        QVERIFY(md.find("| `mwaa-fargate-access-for-analytics` | required |") != std::string::npos);
        QVERIFY(md.find("| ReEncrypt* |") != std::string::npos);

        // The table of the other grants: name, grantee, retiring principal, operations, constraints, created, class.
        const Audited sample = audit("cross-account.json");
        const std::string all = grantAuditToText(sample.audit);
        QVERIFY(all.find("Other grants (1):") != std::string::npos);
        QVERIFY(all.find("name         grantee") != std::string::npos);
        QVERIFY(all.find("partner-etl  arn:aws:iam::444455556666:role/partner-etl") != std::string::npos);
        QVERIFY(all.find("Decrypt, CreateGrant") != std::string::npos);
        QVERIFY(all.find("other-account: a principal of account 444455556666") != std::string::npos);
        const std::string allMd = grantAuditToMarkdown(sample.audit);
        QVERIFY(allMd.find("| name | grantee | retiring principal | operations | constraints | created | class |")
                != std::string::npos);
        const Json row = auditedGrantToJson(sample.audit.grants.back());
        QCOMPARE(row["class"].get<std::string>(), std::string("other-account"));
        QCOMPARE(row["created"].get<std::string>(), std::string("2024-06-11T10:00:00Z"));
        QVERIFY(row["matrix_row"].is_null());
        QCOMPARE(auditedGrantToJson(sample.audit.grants[0])["matrix_row"].get<int>(), 0);
    }
};

QTEST_GUILESS_MAIN(TestGrantMatrix)
#include "tst_grantmatrix.moc"
