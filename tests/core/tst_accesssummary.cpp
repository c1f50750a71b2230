// SPDX-License-Identifier: GPL-3.0-or-later
// The access summary (core/access/AccessSummary): rows, groups, cells, the statements and conditions behind them.
// The expected cells follow from the AWS documentation cited in tests/data/access/simulate-cases.json (the summary
// decides each action as the simulator does); each test says which rule gives the cell.
#include "core/access/AccessSummary.h"
#include "core/vocab/Vocabulary.h"

#include <QFile>
#include <QTest>

#include <algorithm>

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

std::string fixture(const char* name)
{
    QFile file(QStringLiteral(KPS_TEST_DATA_DIR "/") + QString::fromLatin1(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll().toStdString() : std::string();
}

AccessSummary summaryOf(const LoadedPolicy& policy, MwaaContext given = {})
{
    return summarizeAccess(policy.view, resolveKeyFacts(policy.document, policy.view, given));
}

std::string cell(const AccessSummary& summary, const std::string& id, const char* group)
{
    const AccessRow* row = summary.row(id);
    if (!row || !row->cell(group)) {
        return "(none)";
    }
    return std::string(decisionName(row->cell(group)->decision));
}

Decision actionDecision(const AccessRow& row, const char* action)
{
    const int index = Vocabulary::instance().actionIndex(action);
    for (const auto& c : row.cells) {
        for (const auto& a : c.actions) {
            if (int(a.action) == index) {
                return a.decision;
            }
        }
    }
    return Decision::Partial; // not in any group: never a per-action answer
}

std::vector<std::string> ids(const AccessSummary& summary)
{
    std::vector<std::string> out;
    for (const auto& r : summary.rows) {
        out.push_back(r.caller.id);
    }
    return out;
}

} // namespace

class TestAccessSummary : public QObject
{
    Q_OBJECT

private slots:
    void groupsCoverEveryKeyPolicyAction()
    {
        const auto& groups = Vocabulary::instance().actionGroups();
        QCOMPARE(groups.size(), std::size_t(5));
        QCOMPARE(groups[0].name, std::string("use"));
        QCOMPARE(groups[1].name, std::string("administer"));
        QCOMPARE(groups[2].name, std::string("grants"));
        QCOMPARE(groups[3].name, std::string("read"));
        QCOMPARE(groups[4].name, std::string("other"));
    }

    // AWS's console default key policy (KMS Developer Guide, "Default key policy").
    void consoleDefault()
    {
        const LoadedPolicy policy(fixture("policies/_realworld/console-default.json"));
        const AccessSummary s = summaryOf(policy);
        QCOMPARE(s.key.context.account, std::string("111122223333")); // the root delegation names it
        QCOMPARE(s.key.context.accountSource, ContextSource::Inferred);
        QCOMPARE(ids(s),
                 (std::vector<std::string>{"account:111122223333",
                                           "arn:aws:iam::111122223333:role/KMSAdminRole",
                                           "arn:aws:iam::111122223333:role/ExampleRole"}));
        // The account's other principals: everything, through their IAM policies ("Enable IAM User Permissions").
        for (const char* g : {"use", "administer", "grants", "read", "other"}) {
            QCOMPARE(cell(s, "account:111122223333", g), std::string("allow_if_iam"));
        }
        const AccessRow& account = *s.row("account:111122223333");
        QCOMPARE(account.statements, std::vector<std::size_t>{0});
        QCOMPARE(account.pointers, std::vector<std::string>{"/Statement/0/Principal/AWS"});
        QVERIFY(account.conditions.empty());

        // The administrators' statement: management, no cryptography. Its wildcards leave out RotateKeyOnDemand,
        // ImportKeyMaterial and ReplicateKey, which the role has only through IAM; so administer is all allowed,
        // some only through IAM.
        const AccessRow& admin = *s.row("arn:aws:iam::111122223333:role/KMSAdminRole");
        QCOMPARE(cell(s, admin.caller.id, "use"), std::string("allow_if_iam"));
        QCOMPARE(cell(s, admin.caller.id, "administer"), std::string("allow_if_iam"));
        QCOMPARE(actionDecision(admin, "kms:PutKeyPolicy"), Decision::Allow);
        QCOMPARE(actionDecision(admin, "kms:ScheduleKeyDeletion"), Decision::Allow);
        QCOMPARE(actionDecision(admin, "kms:RotateKeyOnDemand"), Decision::AllowIfIam);
        QCOMPARE(cell(s, admin.caller.id, "grants"), std::string("allow")); // kms:Create*, kms:Revoke*, kms:List*
        QCOMPARE(cell(s, admin.caller.id, "read"), std::string("allow")); // kms:Describe*, kms:Get*, kms:List*
        QCOMPARE(admin.statements, (std::vector<std::size_t>{0, 1}));

        // The key user: use directly; grants only with kms:GrantIsForAWSResource (else through IAM).
        const AccessRow& user = *s.row("arn:aws:iam::111122223333:role/ExampleRole");
        QCOMPARE(cell(s, user.caller.id, "use"), std::string("allow"));
        QCOMPARE(cell(s, user.caller.id, "administer"), std::string("allow_if_iam"));
        QCOMPARE(cell(s, user.caller.id, "grants"), std::string("allow_if_iam"));
        const AccessCell& grants = *user.cell("grants");
        QVERIFY(grants.conditional());
        QCOMPARE(grants.conditions.size(), std::size_t(1));
        QCOMPARE(grants.conditions[0].statement, std::size_t(3));
        QCOMPARE(grants.conditions[0].key, std::string("kms:GrantIsForAWSResource"));
        QCOMPARE(grants.conditions[0].pointer, std::string("/Statement/3/Condition/Bool/kms:GrantIsForAWSResource"));
        QCOMPARE(grants.statements, (std::vector<std::size_t>{0, 3}));
        QVERIFY(!user.cell("use")->conditional());
        QCOMPARE(actionDecision(user, "kms:DescribeKey"), Decision::Allow); // in "Allow use of the key"
        QCOMPARE(actionDecision(user, "kms:GetKeyPolicy"), Decision::AllowIfIam);
        QCOMPARE(user.statements, (std::vector<std::size_t>{0, 2, 3}));
        QCOMPARE(user.pointers.size(), std::size_t(2)); // named by statements 2 and 3
    }

    // The external account of AWS's example: use through its IAM, grants only for AWS resources, DescribeKey alone
    // of read, nothing to administer (KMS Developer Guide, "Allowing users in other accounts to use a KMS key").
    void externalAccount()
    {
        const LoadedPolicy policy(fixture("policies/_realworld/console-default-external-account.json"));
        const AccessSummary s = summaryOf(policy);
        const std::string external = "account:444455556666";
        QCOMPARE(cell(s, external, "use"), std::string("allow_if_iam"));
        QCOMPARE(cell(s, external, "administer"), std::string("implicit_deny"));
        QCOMPARE(cell(s, external, "grants"), std::string("depends"));
        QCOMPARE(s.row(external)->cell("grants")->unknowns, std::vector<std::string>{"kms:GrantIsForAWSResource"});
        QCOMPARE(cell(s, external, "read"), std::string("partial"));
        QCOMPARE(actionDecision(*s.row(external), "kms:DescribeKey"), Decision::AllowIfIam);
        QCOMPARE(actionDecision(*s.row(external), "kms:GetKeyPolicy"), Decision::ImplicitDeny);
        QCOMPARE(cell(s, external, "other"), std::string("implicit_deny"));
        QCOMPARE(s.row(external)->statements, (std::vector<std::size_t>{2, 3}));
        // The key's account heads the table, its users follow in the order the policy names them.
        QCOMPARE(s.rows.front().caller.id, std::string("account:111122223333"));
        QCOMPARE(s.rows.back().caller.id, external);
    }

    // "*": anyone. A principal of another account needs its own IAM policies too (cross-account evaluation); the
    // key's own principals are allowed by the key policy alone. Administer actions do not work across accounts.
    void everyone()
    {
        const LoadedPolicy policy(R"({"Version":"2012-10-17","Statement":[
            {"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},
             "Action":"kms:*","Resource":"*"},
            {"Sid":"Everyone","Effect":"Allow","Principal":"*","Action":["kms:Decrypt","kms:PutKeyPolicy"],
             "Resource":"*"},
            {"Sid":"Org","Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:Encrypt","Resource":"*",
             "Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]})");
        const AccessSummary s = summaryOf(policy);
        QCOMPARE(ids(s), (std::vector<std::string>{"account:111122223333", "*"}));
        const AccessRow& anyone = *s.row("*");
        QCOMPARE(anyone.caller.kind, Caller::Kind::OtherAccount);
        QCOMPARE(actionDecision(anyone, "kms:Decrypt"), Decision::AllowIfIam);
        QCOMPARE(actionDecision(anyone, "kms:Encrypt"), Decision::Depends);
        QCOMPARE(actionDecision(anyone, "kms:PutKeyPolicy"), Decision::ImplicitDeny); // not across accounts
        QCOMPARE(cell(s, "*", "use"), std::string("partial"));
        QCOMPARE(anyone.pointers, (std::vector<std::string>{"/Statement/1/Principal", "/Statement/2/Principal/AWS"}));
        const AccessRow& own = *s.row("account:111122223333");
        QCOMPARE(actionDecision(own, "kms:Decrypt"), Decision::Allow); // "*" names them directly
        QCOMPARE(actionDecision(own, "kms:PutKeyPolicy"), Decision::Allow);
        QCOMPARE(actionDecision(own, "kms:Encrypt"), Decision::AllowIfIam); // the organization is not known
    }

    // NotPrincipal names principals too; an explicit Deny of some of a group's actions makes it partial.
    void notPrincipalRows()
    {
        const LoadedPolicy policy(fixture("access/deny-notprincipal.json"));
        const AccessSummary s = summaryOf(policy);
        QCOMPARE(ids(s),
                 (std::vector<std::string>{"account:111122223333",
                                           "arn:aws:iam::111122223333:user/Bob",
                                           "arn:aws:iam::111122223333:role/KeyAdmin",
                                           "arn:aws:iam::111122223333:user/Carol"}));
        const AccessRow& carol = *s.row("arn:aws:iam::111122223333:user/Carol");
        QCOMPARE(actionDecision(carol, "kms:ScheduleKeyDeletion"), Decision::ExplicitDeny);
        QCOMPARE(actionDecision(carol, "kms:PutKeyPolicy"), Decision::ExplicitDeny);
        QCOMPARE(actionDecision(carol, "kms:EnableKey"), Decision::AllowIfIam);
        QCOMPARE(cell(s, carol.caller.id, "administer"), std::string("partial"));
        QCOMPARE(carol.pointers, std::vector<std::string>{"/Statement/3/NotPrincipal/AWS"});
        const AccessRow& bob = *s.row("arn:aws:iam::111122223333:user/Bob");
        QCOMPARE(actionDecision(bob, "kms:PutKeyPolicy"), Decision::Allow);
        QCOMPARE(actionDecision(bob, "kms:ScheduleKeyDeletion"), Decision::ExplicitDeny); // not Carol
        // The unnamed principals of the account are denied PutKeyPolicy by statement 2.
        QCOMPARE(actionDecision(*s.row("account:111122223333"), "kms:PutKeyPolicy"), Decision::ExplicitDeny);
    }

    void groupDecisions()
    {
        // Every action of a group denied by a Deny: explicit_deny; a group nothing grants: implicit_deny.
        const LoadedPolicy policy(R"({"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},
            {"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Action":"kms:*",
             "NotResource":"arn:aws:kms:eu-west-1:111122223333:alias/none"},
            {"Effect":"Allow","Principal":{"Service":"logs.eu-west-1.amazonaws.com"},"Action":"kms:Decrypt",
             "Resource":"*"}]})");
        const AccessSummary s = summaryOf(policy);
        for (const char* g : {"use", "administer", "grants", "read", "other"}) {
            QCOMPARE(cell(s, "arn:aws:iam::111122223333:role/app", g), std::string("explicit_deny"));
        }
        QCOMPARE(cell(s, "service:logs.eu-west-1.amazonaws.com", "use"), std::string("partial"));
        QCOMPARE(cell(s, "service:logs.eu-west-1.amazonaws.com", "administer"), std::string("implicit_deny"));
        QCOMPARE(s.row("service:logs.eu-west-1.amazonaws.com")->caller.label(),
                 std::string("service logs.eu-west-1.amazonaws.com"));
    }

    void unmatchableEntriesHaveNoRow()
    {
        const LoadedPolicy policy(R"({"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"kms:Decrypt",
             "Resource":"*"},
            {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:group/admins"},"Action":"kms:*",
             "Resource":"*"}]})");
        QVERIFY(summaryOf(policy).rows.empty()); // and the key's account is not known
        MwaaContext given;
        given.account = "111122223333";
        given.accountSource = ContextSource::Given;
        const AccessSummary withAccount = summaryOf(policy, given);
        QCOMPARE(ids(withAccount), std::vector<std::string>{"account:111122223333"});
        for (const char* g : {"use", "administer", "grants", "read", "other"}) {
            QCOMPARE(cell(withAccount, "account:111122223333", g), std::string("implicit_deny"));
        }
    }

    // A file far over KMS's 32 KB quota may name any number of principals: the summary stops at kMaxAccessRows
    // (more than a policy within the quota can name) and says how many it left out.
    void rowsAreBounded()
    {
        Json policy = Json::parse(R"({"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Principal":{"AWS":[]},"Action":"kms:Decrypt","Resource":"*"}]})");
        const std::size_t named = kMaxAccessRows + 7;
        for (std::size_t i = 0; i < named; ++i) {
            std::string account = std::to_string(100000000000 + i);
            policy["Statement"][0]["Principal"]["AWS"].push_back(account);
        }
        const LoadedPolicy loaded(policy.dump());
        QVERIFY(loaded.document.text().size() > SourceDocument::MaxPolicyBytes);
        const AccessSummary s = summaryOf(loaded);
        QCOMPARE(s.rows.size(), kMaxAccessRows);
        QCOMPARE(s.omitted, std::size_t(7));
        QCOMPARE(s.rows.back().caller.id, "account:" + std::to_string(100000000000 + kMaxAccessRows - 1));
        QCOMPARE(cell(s, s.rows.front().caller.id, "use"), std::string("partial"));
        // A policy within the quota is never cut: its principals are at least 15 bytes each.
        QVERIFY(kMaxAccessRows * 15 > SourceDocument::MaxPolicyBytes);
    }

    void accountPrincipalWrittenTwice()
    {
        const LoadedPolicy policy(R"({"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"kms:Decrypt","Resource":"*"},
            {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:Encrypt",
             "Resource":"*"}]})");
        const AccessSummary s = summaryOf(policy);
        QCOMPARE(s.rows.size(), std::size_t(1));
        QCOMPARE(s.rows[0].pointers.size(), std::size_t(2));
        QCOMPARE(actionDecision(s.rows[0], "kms:Decrypt"), Decision::AllowIfIam);
        QCOMPARE(actionDecision(s.rows[0], "kms:Encrypt"), Decision::AllowIfIam);
    }
};

QTEST_GUILESS_MAIN(TestAccessSummary)
#include "tst_accesssummary.moc"
