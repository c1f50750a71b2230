// SPDX-License-Identifier: GPL-3.0-or-later
// keypolicy template / "New from MWAA template": the policy checks clean, in every partition.
#include "core/checker/Checker.h"
#include "core/mwaa/Template.h"

#include <QTest>

using namespace kps;
using namespace kps::mwaa;

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
        QVERIFY(!t.text.empty());
        QCOMPARE(t.text.back(), '\n');

        // Checked with the context given, and with nothing given (everything inferred from the policy).
        CheckOptions given;
        given.context.region = options.region;
        given.context.account = options.account;
        given.context.environment = options.environment;
        for (const CheckOptions& check : {given, CheckOptions{}}) {
            const CheckResult r = kps::check(t.text, check);
            QVERIFY(r.mwaaReady());
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
        const Json& s = t.policy["Statement"];
        QCOMPARE(s.size(), std::size_t(3));
        QCOMPARE(t.policy.begin().key(), std::string("Version"));
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
        QVERIFY(t.text.find("\"arn:aws-cn:iam::111122223333:root\"") != std::string::npos);
        QVERIFY(t.text.find("\"logs.cn-northwest-1.amazonaws.com.cn\"") != std::string::npos);
        QVERIFY(t.text.find("\"arn:aws-cn:logs:cn-northwest-1:111122223333:*\"") != std::string::npos);
    }
    void rejectsBadOptions()
    {
        QCOMPARE(makeTemplate({"mars-1", "111122223333", "", {}}).errors.size(), std::size_t(1));
        QCOMPARE(makeTemplate({"eu-west-1", "12345", "", {}}).errors.size(), std::size_t(1));
        QCOMPARE(makeTemplate({"eu-west-1", "111122223333", "1env", {}}).errors.size(), std::size_t(1));
        const auto bad = makeTemplate({"eu-west-1",
                                       "111122223333",
                                       "",
                                       {"arn:aws:iam::111122223333:group/admins",
                                        "arn:aws:iam::111122223333:role/*",
                                        "arn:aws-cn:iam::111122223333:role/x"}});
        QCOMPARE(bad.errors.size(), std::size_t(3));
        QVERIFY(bad.policy.is_null());
        QVERIFY(bad.text.empty());
    }
};

QTEST_GUILESS_MAIN(TestTemplate)
#include "tst_template.moc"
