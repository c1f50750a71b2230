// SPDX-License-Identifier: GPL-3.0-or-later
// Two policies of one key compared (core/access/PolicyDiff): statements matched by Sid, else by content, and the
// access change in words.
#include "core/access/PolicyDiff.h"

#include <QFile>
#include <QTest>

using namespace kps;
using namespace kps::access;

namespace {

struct LoadedPolicy
{
    SourceDocument document;
    PolicyView view;

    explicit LoadedPolicy(std::string text)
        : document(SourceDocument::parse(std::move(text)))
        , view(readPolicy(document.json()))
    { }
};

Json consoleDefault()
{
    QFile file(QStringLiteral(KPS_TEST_DATA_DIR "/policies/_realworld/console-default.json"));
    return file.open(QIODevice::ReadOnly) ? Json::parse(file.readAll().toStdString()) : Json();
}

PolicyComparison compare(const Json& a, const Json& b)
{
    const LoadedPolicy pa(a.dump(4));
    const LoadedPolicy pb(b.dump(4));
    return comparePolicies(pa.view, pb.view, resolveKeyFacts(pa.document, pa.view, {}));
}

std::vector<std::string> texts(const PolicyComparison& c)
{
    std::vector<std::string> out;
    for (const auto& a : c.access) {
        out.push_back(a.text);
    }
    return out;
}

const char* kExampleRole = "arn:aws:iam::111122223333:role/ExampleRole";

} // namespace

class TestPolicyDiff : public QObject
{
    Q_OBJECT

private slots:
    void samePolicy()
    {
        const Json a = consoleDefault();
        const PolicyComparison c = compare(a, a);
        QVERIFY(c.sameAccess());
        QVERIFY(c.sameStatements());
        QCOMPARE(c.statements.size(), std::size_t(4));
        for (std::size_t i = 0; i < 4; ++i) {
            QCOMPARE(c.statements[i].change, StatementChange::Unchanged);
            QCOMPARE(c.statements[i].matchedBy, std::string("sid"));
            QCOMPARE(*c.statements[i].a, i);
        }
    }

    // Removing "Allow use of the key": the key user keeps its use only through IAM (the root delegation).
    void removedStatement()
    {
        const Json a = consoleDefault();
        Json b = a;
        b["Statement"].erase(2);
        const PolicyComparison c = compare(a, b);
        QVERIFY(!c.sameAccess());
        QCOMPARE(c.statements.size(), std::size_t(4));
        QCOMPARE(c.statements[2].change, StatementChange::Unchanged); // B's statement 2 is A's 3, by Sid
        QCOMPARE(*c.statements[2].a, std::size_t(3));
        QCOMPARE(c.statements[2].aPointer, std::string("/Statement/3"));
        QCOMPARE(c.statements[2].bPointer, std::string("/Statement/2"));
        QCOMPARE(c.statements[3].change, StatementChange::Removed);
        QCOMPARE(*c.statements[3].sid, std::string("Allow use of the key"));
        QCOMPARE(
            texts(c),
            (std::vector<std::string>{std::string(kExampleRole) + ": use from allow to allow_if_iam",
                                      std::string(kExampleRole) + ": kms:DescribeKey from allow to allow_if_iam"}));
        QCOMPARE(c.access[0].kind, AccessChangeKind::Changes);
        QCOMPARE(c.access[0].group->name, std::string("use"));
        QVERIFY(c.access[1].group == nullptr);
    }

    // Without the root delegation the account's other principals lose everything; an external account gains use.
    void gainsAndLoses()
    {
        const Json a = consoleDefault();
        Json b = a;
        b["Statement"].erase(0);
        b["Statement"].push_back(Json::parse(R"({"Sid":"Partner","Effect":"Allow",
            "Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"kms:Decrypt","Resource":"*"})"));
        const PolicyComparison c = compare(a, b);
        const std::vector<std::string> lines = texts(c);
        for (const char* group : {"use", "administer", "grants", "read", "other"}) {
            const std::string line = std::string("account 111122223333 (through IAM) loses ") + group;
            QVERIFY2(std::find(lines.begin(), lines.end(), line) != lines.end(), line.c_str());
        }
        const std::string gain
            = "account 444455556666 (through IAM) gains kms:Decrypt (only if its IAM policies allow it too)";
        QVERIFY(std::find(lines.begin(), lines.end(), gain) != lines.end());
        QCOMPARE(c.statements.back().change, StatementChange::Removed);
        QCOMPARE(c.statements[3].change, StatementChange::Added);
        QCOMPARE(c.statements[3].bPointer, std::string("/Statement/3"));
        // The key user keeps use (its own statement) but loses what came only through the delegation.
        QVERIFY(std::find(lines.begin(), lines.end(), std::string(kExampleRole) + " loses administer") != lines.end());
        for (const auto& change : c.access) {
            QVERIFY(change.kind != AccessChangeKind::Gains || change.caller.id == "account:444455556666");
        }
    }

    // A role named only in B is compared with what A gave it (through the account principal).
    void callerNamedOnlyInB()
    {
        const Json a = Json::parse(R"({"Version":"2012-10-17","Statement":[
            {"Sid":"Root","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*",
             "Resource":"*"}]})");
        Json b = a;
        b["Statement"].push_back(Json::parse(R"({"Sid":"App","Effect":"Allow",
            "Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Action":"kms:Decrypt","Resource":"*"})"));
        const PolicyComparison c = compare(a, b);
        QCOMPARE(
            texts(c),
            std::vector<std::string>{"arn:aws:iam::111122223333:role/app: kms:Decrypt from allow_if_iam to allow"});
    }

    void matchedByContent()
    {
        const Json a = Json::parse(R"({"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},
            {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Action":"kms:Decrypt",
             "Resource":"*"}]})");
        Json b = Json::parse(R"({"Version":"2012-10-17","Statement":[
            {"Sid":"App","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},
             "Action":"kms:Decrypt","Resource":"*"},
            {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]})");
        const PolicyComparison c = compare(a, b);
        QVERIFY(c.sameAccess()); // the order of statements and a Sid change nothing
        QVERIFY(!c.sameStatements());
        QCOMPARE(c.statements[0].change, StatementChange::Changed);
        QCOMPARE(c.statements[0].matchedBy, std::string("content"));
        QCOMPARE(c.statements[0].elements, std::vector<std::string>{"Sid"});
        QCOMPARE(*c.statements[0].a, std::size_t(1));
        QCOMPARE(c.statements[1].change, StatementChange::Unchanged);
        QCOMPARE(c.statements[1].matchedBy, std::string("content"));
    }

    void changedElements()
    {
        const Json a = consoleDefault();
        Json b = a;
        b["Statement"][3]["Condition"]["Bool"]["kms:GrantIsForAWSResource"] = "false";
        b["Statement"][3]["Action"].push_back("kms:RetireGrant");
        const PolicyComparison c = compare(a, b);
        QCOMPARE(c.statements[3].change, StatementChange::Changed);
        QCOMPARE(c.statements[3].matchedBy, std::string("sid"));
        QCOMPARE(c.statements[3].elements, (std::vector<std::string>{"Action", "Condition"}));
        // kms:GrantIsForAWSResource false: the statement now applies only to grants not for AWS resources; either way
        // the grants depend on it, and the delegation allows them through IAM: the same access.
        QVERIFY(c.sameAccess());
    }

    void duplicateSidsMatchByContent()
    {
        const Json a = Json::parse(R"({"Version":"2012-10-17","Statement":[
            {"Sid":"S","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*",
             "Resource":"*"},
            {"Sid":"S","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},
             "Action":"kms:Decrypt","Resource":"*"}]})");
        Json b = a;
        b["Statement"][1]["Action"] = "kms:Encrypt";
        const PolicyComparison c = compare(a, b);
        QCOMPARE(c.statements[0].change, StatementChange::Unchanged);
        QCOMPARE(c.statements[0].matchedBy, std::string("content"));
        QCOMPARE(c.statements[1].change, StatementChange::Added); // a Sid that is not unique matches nothing
        QCOMPARE(c.statements[2].change, StatementChange::Removed);
        QCOMPARE(
            texts(c),
            (std::vector<std::string>{"arn:aws:iam::111122223333:role/app: kms:Encrypt from allow_if_iam to allow",
                                      "arn:aws:iam::111122223333:role/app: kms:Decrypt from allow to allow_if_iam"}));
    }

    void dependsNamesTheFacts()
    {
        const Json a = consoleDefault();
        Json b = a;
        b["Statement"].push_back(Json::parse(R"({"Sid":"Org","Effect":"Deny","Principal":"*","Action":"kms:*",
            "Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}})"));
        const PolicyComparison c = compare(a, b);
        QVERIFY(!c.sameAccess());
        for (const auto& change : c.access) {
            QCOMPARE(change.to, Decision::Depends);
            QCOMPARE(change.unknowns, std::vector<std::string>{"aws:PrincipalOrgID"});
            QVERIFY(change.text.ends_with("(depends on aws:PrincipalOrgID)"));
        }
    }
};

QTEST_GUILESS_MAIN(TestPolicyDiff)
#include "tst_policydiff.moc"
