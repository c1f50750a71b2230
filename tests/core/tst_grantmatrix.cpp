// SPDX-License-Identifier: GPL-3.0-or-later
// The MWAA grant matrix and the tolerant list-grants reader, against tests/data/grants/.
#include "core/mwaa/GrantMatrix.h"
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

GrantList load(const char* name)
{
    const auto list = readGrantsText(readText(QString::fromLatin1(name)));
    if (!list) {
        qFatal("cannot read %s: %s", name, list.error().text().c_str());
    }
    return *list;
}

MwaaContext context(const char* env = "analytics", const char* region = "eu-west-1")
{
    MwaaContext c;
    c.environment = env;
    c.region = region;
    return c;
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

} // namespace

class TestGrantMatrix : public QObject
{
    Q_OBJECT

private slots:
    void requiredFromContextAlone()
    {
        const GrantMatrix m = buildGrantMatrix(context());
        QVERIFY(!m.grantsLoaded);
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
        QVERIFY(grantFindings(m).empty()); // nothing to compare with
        QCOMPARE(mwaaGrantNames("x")[2], std::string("mwaa-grant-for-cfn-mgmt-x"));
    }
    void partitionPrincipals()
    {
        QCOMPARE(buildGrantMatrix(context("e", "cn-north-1")).expectedPrincipal,
                 std::string("airflow.cn-north-1.amazonaws.com.cn"));
        QCOMPARE(buildGrantMatrix(context("e", "us-gov-west-1")).expectedPrincipal,
                 std::string("airflow.us-gov-west-1.amazonaws.com"));
        QVERIFY(buildGrantMatrix(context("e", "")).expectedPrincipal.empty());
    }
    void columnsMapToExactOperations()
    {
        QCOMPARE(grantColumnName(GrantColumn::ReEncrypt), std::string_view("ReEncrypt*"));
        QCOMPARE(grantColumnOperations(GrantColumn::ReEncrypt),
                 (std::vector<std::string_view>{"ReEncryptFrom", "ReEncryptTo"}));
        QCOMPARE(grantColumnOperations(GrantColumn::GenerateDataKey),
                 (std::vector<std::string_view>{"GenerateDataKey", "GenerateDataKeyWithoutPlaintext"}));
        QCOMPARE(cellStateName(CellState::NotRequired), std::string_view("not-required"));
    }
    void completeListMatches()
    {
        const GrantList list = load("complete.json");
        QCOMPARE(list.grants.size(), std::size_t(4));
        const GrantMatrix m = buildGrantMatrix(context(), &list);
        for (const auto& row : m.rows) {
            QVERIFY(row.grant);
            QVERIFY(row.missingOperations.empty());
            QVERIFY(row.extraOperations.empty());
            for (const auto& c : row.principalChecks) {
                QVERIFY(c.ok);
                QCOMPARE(c.actual, std::string("airflow.eu-west-1.amazonaws.com"));
            }
            for (std::size_t i = 0; i < kGrantColumnCount; ++i) {
                QVERIFY(row.cells[i] == CellState::Present || row.cells[i] == CellState::NotRequired);
            }
        }
        QCOMPARE(m.rows[0].grant->pointer, std::string("/Grants/0"));
        QCOMPARE(m.rows[0].grant->grantId.size(), std::size_t(64));
        QVERIFY(m.others.empty());
        QVERIFY(grantFindings(m).empty());
    }
    void missingGrant()
    {
        const GrantList list = load("missing-one.json");
        const GrantMatrix m = buildGrantMatrix(context(), &list);
        QVERIFY(!m.rows[2].grant);
        QVERIFY(m.rows[2].cells[col(GrantColumn::Encrypt)] == CellState::Missing);
        QVERIFY(m.rows[2].cells[col(GrantColumn::CreateGrant)] == CellState::NotRequired);
        const auto findings = grantFindings(m);
        QCOMPARE(codes(findings), std::vector<std::string>{"MWAA_GRANT_MISSING"});
        QVERIFY(findings[0].message.find("mwaa-grant-for-cfn-mgmt-analytics") != std::string::npos);
        QCOMPARE(findings[0].location.pointer, std::string());
        QCOMPARE(findings[0].location.span.offset, std::size_t(0));
    }
    void missingOperation()
    {
        const GrantList list = load("missing-operation.json");
        const GrantMatrix m = buildGrantMatrix(context(), &list);
        QVERIFY(m.rows[0].cells[col(GrantColumn::ReEncrypt)] == CellState::Missing);
        QVERIFY(m.rows[0].cells[col(GrantColumn::Encrypt)] == CellState::Present);
        QCOMPARE(m.rows[0].missingOperations, std::vector<std::string>{"ReEncryptTo"});
        const auto findings = grantFindings(m);
        QCOMPARE(codes(findings), std::vector<std::string>{"MWAA_GRANT_OPERATIONS"});
        QVERIFY(findings[0].message.find("/Grants/0/Operations") != std::string::npos);
    }
    void extraOperations()
    {
        const GrantList list = load("extra-operations.json");
        const GrantMatrix m = buildGrantMatrix(context(), &list);
        QVERIFY(m.rows[1].cells[col(GrantColumn::CreateGrant)] == CellState::Extra);
        QCOMPARE(m.rows[1].extraOperations, (std::vector<std::string>{"CreateGrant", "Sign"}));
        QCOMPARE(codes(grantFindings(m)), std::vector<std::string>{"MWAA_GRANT_EXTRA_OPERATIONS"});
    }
    void wrongPrincipals()
    {
        const GrantList list = load("wrong-principal.json");
        const GrantMatrix m = buildGrantMatrix(context(), &list);
        const auto& checks = m.rows[3].principalChecks;
        QCOMPARE(checks.size(), std::size_t(2));
        QVERIFY(!checks[0].ok);
        QCOMPARE(checks[0].field, std::string("GranteePrincipal"));
        QCOMPARE(checks[0].actual, std::string("airflow.us-east-1.amazonaws.com"));
        QVERIFY(!checks[1].ok);
        QCOMPARE(checks[1].role, std::string("retiring principal"));
        QCOMPARE(codes(grantFindings(m)), (std::vector<std::string>{"MWAA_GRANT_PRINCIPAL", "MWAA_GRANT_PRINCIPAL"}));
    }
    void servicePrincipalFields()
    {
        const GrantList list = load("service-principal-variant.json");
        QVERIFY(list.grants[0].granteePrincipal.empty());
        const GrantMatrix m = buildGrantMatrix(context(), &list);
        for (const auto& row : m.rows) {
            QCOMPARE(row.principalChecks[0].field, std::string("GranteeServicePrincipal"));
            QCOMPARE(row.principalChecks[1].field, std::string("RetiringServicePrincipal"));
            QVERIFY(row.principalChecks[0].ok && row.principalChecks[1].ok);
        }
        QVERIFY(grantFindings(m).empty());
    }
    void rdsAndMwaaExtraGrantsAreExpected()
    {
        const GrantList list = load("rds-and-mwaa-extra.json");
        const GrantMatrix m = buildGrantMatrix(context(), &list);
        QCOMPARE(m.others.size(), std::size_t(3));
        QVERIFY(m.others[0].kind == OtherGrant::Kind::Rds);
        QVERIFY(m.others[1].kind == OtherGrant::Kind::Rds);
        QVERIFY(m.others[2].kind == OtherGrant::Kind::MwaaOwn);
        QVERIFY(grantFindings(m).empty());
    }
    void otherEnvironmentAndUnknownGrants()
    {
        const GrantList list = load("other-environment.json");
        const GrantMatrix m = buildGrantMatrix(context(), &list);
        QCOMPARE(m.others.size(), std::size_t(3));
        QVERIFY(m.others[0].kind == OtherGrant::Kind::OtherEnvironment);
        QCOMPARE(m.others[0].environment, std::string("reporting"));
        QVERIFY(m.others[2].kind == OtherGrant::Kind::Unknown);
        const auto findings = grantFindings(m);
        QCOMPARE(codes(findings), (std::vector<std::string>(3, "MWAA_GRANT_UNEXPECTED")));
        QVERIFY(findings[0].message.find("reporting") != std::string::npos);
        QVERIFY(findings[2].message.find("backup-tool") != std::string::npos);
    }
    void environmentInferredFromGrantNames()
    {
        const GrantList list = load("complete.json");
        const GrantMatrix m = buildGrantMatrix(context(""), &list);
        QCOMPARE(m.environment, std::string("analytics"));
        QVERIFY(m.environmentInferred);
        QVERIFY(m.rows[0].grant);
        const GrantList two = load("other-environment.json");
        const GrantMatrix ambiguous = buildGrantMatrix(context(""), &two);
        QVERIFY(ambiguous.environment.empty());
        QVERIFY(!ambiguous.problems.empty());
        QVERIFY(grantFindings(ambiguous).empty()); // no environment: nothing is reported as missing
    }
    void paginatedOutput()
    {
        const GrantList truncated = load("paginated-truncated.json");
        QVERIFY(truncated.truncated);
        const GrantMatrix m = buildGrantMatrix(context(), &truncated);
        QVERIFY(m.truncated);
        const auto findings = grantFindings(m);
        QCOMPARE(findings.size(), std::size_t(2));
        QVERIFY(findings[0].message.find("truncated") != std::string::npos);
        // An array of pages (aws kms list-grants --no-paginate, saved page by page) is merged.
        const GrantList pages = load("pages.json");
        QCOMPARE(pages.grants.size(), std::size_t(4));
        QVERIFY(!pages.truncated);
        QCOMPARE(pages.grants[2].pointer, std::string("/1/Grants/0"));
        QVERIFY(grantFindings(buildGrantMatrix(context(), &pages)).empty());
        // ...also when a caller wrapped the pages once more ({"Grants": [page, page]}).
        Json wrapped = Json::object();
        wrapped["Grants"] = Json::parse(readText(QStringLiteral("pages.json")));
        QCOMPARE(readGrants(wrapped).grants.size(), std::size_t(4));
    }
    void policyNotationIsNormalized()
    {
        const GrantList list = load("policy-notation.json");
        const auto& ops = list.grants[0].operations;
        for (const char* op : {"Encrypt",
                               "ReEncryptFrom",
                               "ReEncryptTo",
                               "GenerateDataKey",
                               "GenerateDataKeyPair",
                               "CreateGrant",
                               "RetireGrant"}) {
            QVERIFY2(std::find(ops.begin(), ops.end(), op) != ops.end(), op);
        }
        QVERIFY(grantFindings(buildGrantMatrix(context(), &list)).empty()); // pair variants are allowed
    }
    void tolerantReader()
    {
        const Json bare = Json::parse(R"([
            {"Name": " mwaa-grant-for-cfn-mgmt-x ", "Operations": "kms:decrypt", "GranteePrincipal": 5},
            "not a grant",
            {"Name": "y", "Operations": ["Encrypt", "Frobnicate", 3]}])");
        const GrantList list = readGrants(bare);
        QCOMPARE(list.grants.size(), std::size_t(2));
        QCOMPARE(list.grants[0].name, std::string("mwaa-grant-for-cfn-mgmt-x")); // the page's leading space
        QCOMPARE(list.grants[0].operations, std::vector<std::string>{"Decrypt"});
        QCOMPARE(list.grants[1].unknownOperations, std::vector<std::string>{"Frobnicate"});
        QCOMPARE(list.grants[1].pointer, std::string("/2"));
        QCOMPARE(list.problems.size(), std::size_t(3)); // GranteePrincipal, "/1", Operations/2
        QVERIFY(!readGrants(Json::parse(R"({"NoGrants": 1})")).problems.empty());
        QVERIFY(!readGrants(Json::parse("3")).problems.empty());
        const auto unfinished = readGrantsText("{\"Grants\": [");
        QVERIFY(!unfinished);
        QVERIFY(unfinished.error().line > 0); // the error says where the text stops being JSON
        const GrantMatrix m = buildGrantMatrix(context("x"), &list);
        QVERIFY(m.rows[2].grant);
        QVERIFY(!m.problems.empty());
    }
    void renderers()
    {
        const GrantList list = load("missing-operation.json");
        const GrantMatrix m = buildGrantMatrix(context(), &list);
        const auto j = grantMatrixToJson(m);
        QCOMPARE(j["rows"].size(), std::size_t(4));
        QCOMPARE(j["rows"][0]["cells"]["ReEncrypt*"].get<std::string>(), std::string("missing"));
        QCOMPARE(j["rows"][0]["grant"]["pointer"].get<std::string>(), std::string("/Grants/0"));
        QCOMPARE(j["columns"][3]["operations"][1].get<std::string>(), std::string("GenerateDataKeyWithoutPlaintext"));
        QCOMPARE(j["expectedPrincipal"].get<std::string>(), std::string("airflow.eu-west-1.amazonaws.com"));
        const std::string text = grantMatrixToText(m);
        QVERIFY(text.find("mwaa-grant-for-env-mgmt-role-analytics") != std::string::npos);
        QVERIFY(text.find("missing: ReEncryptTo") != std::string::npos);
        const std::string md = grantMatrixToMarkdown(buildGrantMatrix(context()));
        QVERIFY(md.find("| `mwaa-fargate-access-for-analytics` | required |") != std::string::npos);
        QVERIFY(md.find("| ReEncrypt* |") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestGrantMatrix)
#include "tst_grantmatrix.moc"
