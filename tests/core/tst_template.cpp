// SPDX-License-Identifier: GPL-3.0-or-later
// keypolicy template / "New from MWAA template": the policy checks clean, in every partition.
#include "core/checker/Checker.h"
#include "core/checker/Context.h"
#include "core/mwaa/MwaaFacts.h"
#include "core/mwaa/Template.h"

#include <QFile>
#include <QPair>
#include <QTest>

#include <algorithm>

using namespace kps;
using namespace kps::mwaa;

namespace {

const std::string kAccount = "111122223333";

/** A policy of the account delegation, the CloudWatch Logs statement and the statement of `kind` (once). */
std::string policyWith(const std::string& region, StatementKind kind, const Json& statement)
{
    Json policy = Json::object();
    policy["Version"] = "2012-10-17";
    policy["Statement"] = Json::array();
    policy["Statement"].push_back(kind == StatementKind::AccountDelegation
                                      ? statement
                                      : accountDelegation(partitionOfRegion(region), kAccount).value());
    if (kind != StatementKind::AccountDelegation && kind != StatementKind::CloudWatchLogs) {
        policy["Statement"].push_back(statement);
    }
    policy["Statement"].push_back(kind == StatementKind::CloudWatchLogs ? statement
                                                                        : cloudWatchLogs(region, kAccount).value());
    return policy.dump(4);
}

/** Equal values and key order (ordered_json compares key order too); prints both when not. */
bool sameJson(const Json& a, const Json& b)
{
    if (a == b && a.dump() == b.dump()) {
        return true;
    }
    qWarning("%s\n!=\n%s", a.dump().c_str(), b.dump().c_str());
    return false;
}

QByteArray readFixture(const QString& name)
{
    QFile file(QStringLiteral(KPS_TEST_DATA_DIR "/template/") + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestTemplate : public QObject
{
    Q_OBJECT

private slots:
    void checksClean_data()
    {
        QTest::addColumn<QString>("region");
        QTest::addColumn<QString>("env");
        QTest::addColumn<QStringList>("admins");
        QTest::newRow("aws, env, one admin") << QStringLiteral("eu-west-1") << QStringLiteral("analytics")
                                             << QStringList{QStringLiteral("arn:aws:iam::111122223333:role/KeyAdmin")};
        QTest::newRow("aws, no env, no admin") << QStringLiteral("us-east-1") << QString() << QStringList{};
        QTest::newRow("aws-cn, two admins") << QStringLiteral("cn-north-1") << QStringLiteral("etl_prod")
                                            << QStringList{QStringLiteral("arn:aws-cn:iam::111122223333:role/KeyAdmin"),
                                                           QStringLiteral("arn:aws-cn:iam::111122223333:user/alice")};
        QTest::newRow("aws-us-gov") << QStringLiteral("us-gov-west-1") << QStringLiteral("Gov-Env")
                                    << QStringList{
                                           QStringLiteral("arn:aws-us-gov:iam::111122223333:role/ops/KeyAdmin")};
    }
    void checksClean()
    {
        QFETCH(QString, region);
        QFETCH(QString, env);
        QFETCH(QStringList, admins);
        TemplateOptions options;
        options.region = region.toStdString();
        options.account = "111122223333";
        options.environment = env.toStdString();
        for (const auto& a : admins) {
            options.admins.push_back(a.toStdString());
        }
        const TemplateResult t = makeTemplate(options);
        QVERIFY(t.ok());
        QVERIFY(!t->text.empty());
        QCOMPARE(t->text.back(), '\n');

        // Checked with the context given, and with nothing given (everything inferred from the policy).
        CheckOptions given;
        given.context.region = options.region;
        given.context.account = options.account;
        given.context.environment = options.environment;
        for (const CheckOptions& check : {given, CheckOptions{}}) {
            const CheckResult r = kps::check(t->text, check);
            if (check.context.region.empty()) {
                // The region is only the policy's claim: ready if the environment is in it.
                QCOMPARE(r.mwaaVerdict(), MwaaVerdict::Depends);
                QCOMPARE(r.assumptions.size(), std::size_t(1));
                QCOMPARE(r.assumptions.front().needed, std::string("--region"));
                QVERIFY(r.assumptions.front().fact.find("region " + options.region) != std::string::npos);
            } else {
                QVERIFY(r.mwaaReady());
            }
            for (const auto& f : r.findings) {
                QVERIFY2(f.severity == Severity::Suggestion, (f.code + ": " + f.message).c_str());
            }
            QCOMPARE(r.context.region, options.region);
            QCOMPARE(r.context.account, options.account);
            if (!options.environment.empty()) {
                QCOMPARE(r.context.environment, options.environment);
            }
        }
    }
    void layout()
    {
        const TemplateResult t
            = makeTemplate({"eu-west-1", "111122223333", "analytics", {"arn:aws:iam::111122223333:role/KeyAdmin"}});
        QVERIFY(t.ok());
        const Json& s = t->policy["Statement"];
        QCOMPARE(s.size(), std::size_t(3));
        QCOMPARE(t->policy.begin().key(), std::string("Version"));
        QCOMPARE(s[0]["Principal"]["AWS"].get<std::string>(), std::string("arn:aws:iam::111122223333:root"));
        QCOMPARE(s[0]["Action"].get<std::string>(), std::string("kms:*"));
        QCOMPARE(s[1]["Principal"]["AWS"].get<std::string>(), std::string("arn:aws:iam::111122223333:role/KeyAdmin"));
        QCOMPARE(s[1]["Action"].size(), keyAdministratorActions().size());
        QCOMPARE(s[2]["Sid"].get<std::string>(), std::string("Allow CloudWatch Logs for MWAA"));
        QCOMPARE(s[2]["Principal"]["Service"].get<std::string>(), std::string("logs.eu-west-1.amazonaws.com"));
        QCOMPARE(s[2]["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"].get<std::string>(),
                 std::string("arn:aws:logs:eu-west-1:111122223333:log-group:airflow-analytics-*"));
        QCOMPARE(s[2].begin().key(), std::string("Sid")); // statements keep the usual key order
        for (const auto& a : keyAdministratorActions()) {
            QVERIFY(a != "kms:CreateGrant");
            QVERIFY(a.find('*') == std::string::npos);
        }
    }
    void chinaUsesItsPartition()
    {
        const TemplateResult t = makeTemplate({"cn-northwest-1", "111122223333", "", {}});
        QVERIFY(t.ok());
        QVERIFY(t->text.find("\"arn:aws-cn:iam::111122223333:root\"") != std::string::npos);
        QVERIFY(t->text.find("\"logs.cn-northwest-1.amazonaws.com.cn\"") != std::string::npos);
        QVERIFY(t->text.find("\"arn:aws-cn:logs:cn-northwest-1:111122223333:*\"") != std::string::npos);
    }
    void sameTextAsBefore_data()
    {
        // Golden files written by makeTemplate before the statement builders existed: the refactoring must not
        // change a byte of `keypolicy template`'s output.
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("region");
        QTest::addColumn<QString>("env");
        QTest::addColumn<QStringList>("admins");
        QTest::newRow("eu-west-1, env, admin")
            << QStringLiteral("eu-west-1-analytics-admin.json") << QStringLiteral("eu-west-1")
            << QStringLiteral("analytics") << QStringList{QStringLiteral("arn:aws:iam::111122223333:role/KeyAdmin")};
        QTest::newRow("us-east-1 bare") << QStringLiteral("us-east-1.json") << QStringLiteral("us-east-1") << QString()
                                        << QStringList{};
        QTest::newRow("cn-north-1, two admins")
            << QStringLiteral("cn-north-1-etl-two-admins.json") << QStringLiteral("cn-north-1")
            << QStringLiteral("etl_prod")
            << QStringList{QStringLiteral("arn:aws-cn:iam::111122223333:role/KeyAdmin"),
                           QStringLiteral("arn:aws-cn:iam::111122223333:user/alice")};
    }
    void sameTextAsBefore()
    {
        QFETCH(QString, file);
        QFETCH(QString, region);
        QFETCH(QString, env);
        QFETCH(QStringList, admins);
        TemplateOptions options{region.toStdString(), kAccount, env.toStdString(), {}};
        for (const auto& a : admins) {
            options.admins.push_back(a.toStdString());
        }
        const QByteArray golden = readFixture(file);
        QVERIFY(!golden.isEmpty());
        const TemplateResult t = makeTemplate(options);
        QVERIFY(t.ok());
        QCOMPARE(QByteArray::fromStdString(t->text), golden);
    }
    void templateIsMadeOfTheBuilders()
    {
        const TemplateResult t
            = makeTemplate({"eu-west-1", kAccount, "analytics", {"arn:aws:iam::111122223333:role/KeyAdmin"}});
        QVERIFY(t.ok());
        const Json& s = t->policy["Statement"];
        QVERIFY(sameJson(s[0], accountDelegation("aws", kAccount).value()));
        QVERIFY(sameJson(s[1], keyAdministrators({"arn:aws:iam::111122223333:role/KeyAdmin"}).value()));
        QVERIFY(sameJson(s[2], cloudWatchLogs("eu-west-1", kAccount, "analytics").value()));
    }
    void buildersCheckClean_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("region");
        const QList<QPair<const char*, QString>> regions
            = {{"aws", QStringLiteral("eu-west-1")}, {"aws-cn", QStringLiteral("cn-north-1")}};
        for (const auto& [name, region] : regions) {
            for (int k = 0; k <= static_cast<int>(StatementKind::CloudWatchLogs); ++k) {
                const std::string sid(statementSid(static_cast<StatementKind>(k)));
                QTest::addRow("%s: %s", name, sid.c_str()) << k << region;
            }
        }
    }
    void buildersCheckClean()
    {
        QFETCH(int, kind);
        QFETCH(QString, region);
        const std::string r = region.toStdString();
        const std::string partition = partitionOfRegion(r);
        const std::vector<std::string> roles = {"arn:" + partition + ":iam::111122223333:role/MwaaExecution",
                                                "arn:" + partition + ":iam::111122223333:user/bob"};
        StatementResult built;
        switch (static_cast<StatementKind>(kind)) {
        case StatementKind::AccountDelegation:
            built = accountDelegation(partition, kAccount);
            break;
        case StatementKind::KeyAdministrators:
            built = keyAdministrators(roles);
            break;
        case StatementKind::KeyUsers:
            built = keyUsers(roles);
            break;
        case StatementKind::GrantsForAwsResources:
            built = grantsForAwsResources(roles);
            break;
        case StatementKind::CloudWatchLogs:
            built = cloudWatchLogs(r, kAccount, "analytics");
            break;
        }
        QVERIFY(built.ok());
        QCOMPARE(built.value()["Sid"].get<std::string>(), std::string(statementSid(static_cast<StatementKind>(kind))));
        QCOMPARE(built.value().begin().key(), std::string("Sid"));
        QCOMPARE(built.value()["Effect"].get<std::string>(), std::string("Allow"));

        CheckOptions options;
        options.context.region = r;
        options.context.account = kAccount;
        options.context.environment = "analytics";
        const CheckResult result = kps::check(policyWith(r, static_cast<StatementKind>(kind), built.value()), options);
        QVERIFY(result.mwaaReady());
        for (const auto& f : result.findings) {
            QVERIFY2(f.severity == Severity::Suggestion, (f.code + ": " + f.message).c_str());
        }
    }
    void keyUsersAndGrantsLayout()
    {
        const std::vector<std::string> role = {"arn:aws:iam::111122223333:role/MwaaExecution"};
        const Json users = keyUsers(role).value();
        QCOMPARE(users["Principal"]["AWS"].get<std::string>(), role[0]);
        QCOMPARE(users["Action"].size(), keyUserActions().size());
        for (std::string_view needed : kRoleActions) {
            QVERIFY2(std::find(keyUserActions().begin(), keyUserActions().end(), needed) != keyUserActions().end(),
                     std::string(needed).c_str());
        }
        QVERIFY(!users.contains("Condition"));

        const Json grants = grantsForAwsResources(role).value();
        QVERIFY(sameJson(grants["Action"], Json({"kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"})));
        QCOMPARE(grants["Condition"]["Bool"]["kms:GrantIsForAWSResource"].get<std::string>(), std::string("true"));
        const auto keys = [](const Json& s) {
            std::vector<std::string> out;
            for (const auto& [key, value] : s.items()) {
                out.push_back(key);
            }
            return out;
        };
        QVERIFY(keys(grants)
                == (std::vector<std::string>{"Sid", "Effect", "Principal", "Action", "Resource", "Condition"}));

        const Json two = keyUsers({role[0], "arn:aws:iam::111122223333:user/bob"}).value();
        QCOMPARE(two["Principal"]["AWS"].size(), std::size_t(2));

        const Json logs = cloudWatchLogs("eu-west-1", kAccount).value();
        QCOMPARE(logs["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"].get<std::string>(),
                 std::string("arn:aws:logs:eu-west-1:111122223333:*"));
    }
    void buildersRejectBadInputs()
    {
        QCOMPARE(accountDelegation("aws", "12345").error().size(), std::size_t(1));
        QCOMPARE(accountDelegation("", "").error().size(), std::size_t(2));
        QCOMPARE(accountDelegation("mars", kAccount).error().size(), std::size_t(1));
        QVERIFY(!accountDelegation("mars", kAccount).ok()); // no statement
        QCOMPARE(keyAdministrators({}).error().size(), std::size_t(1));
        QCOMPARE(keyUsers({"arn:aws:iam::111122223333:group/g", "arn:aws:iam::111122223333:role/*"}).error().size(),
                 std::size_t(2));
        // Principals of one statement share a partition.
        QCOMPARE(grantsForAwsResources({"arn:aws:iam::111122223333:role/a", "arn:aws-cn:iam::111122223333:role/b"})
                     .error()
                     .size(),
                 std::size_t(1));
        QCOMPARE(grantsForAwsResources({"not an arn"}).error().size(), std::size_t(1));
        QVERIFY(!grantsForAwsResources({"not an arn"}).ok()); // no statement
        QCOMPARE(cloudWatchLogs("", "", "").error().size(), std::size_t(2));
        QCOMPARE(cloudWatchLogs("mars-1", kAccount, "9lives").error().size(), std::size_t(2));
        QVERIFY(cloudWatchLogs("eu-west-1", "1111", "").error().front().message.find("1111") != std::string::npos);
        QVERIFY(validatePrincipalArn("arn:aws:iam::111122223333:role/x").ok());
        QVERIFY(!validatePrincipalArn("arn:aws:iam::111122223333:role/x", "aws-cn").ok());
    }
    void rejectsBadOptions()
    {
        QCOMPARE(makeTemplate({"mars-1", "111122223333", "", {}}).error().size(), std::size_t(1));
        QCOMPARE(makeTemplate({"eu-west-1", "12345", "", {}}).error().size(), std::size_t(1));
        QCOMPARE(makeTemplate({"eu-west-1", "111122223333", "1env", {}}).error().size(), std::size_t(1));
        const auto bad = makeTemplate({"eu-west-1",
                                       "111122223333",
                                       "",
                                       {"arn:aws:iam::111122223333:group/admins",
                                        "arn:aws:iam::111122223333:role/*",
                                        "arn:aws-cn:iam::111122223333:role/x"}});
        QCOMPARE(bad.error().size(), std::size_t(3));
        QVERIFY(!bad.ok()); // no policy and no text
    }
};

QTEST_GUILESS_MAIN(TestTemplate)
#include "tst_template.moc"
