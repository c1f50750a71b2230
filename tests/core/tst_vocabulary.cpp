// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/checker/rules/RuleSupport.h"
#include "core/vocab/Vocabulary.h"

#include <QFile>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace kps;

class TestVocabulary : public QObject
{
    Q_OBJECT

private slots:
    void loadsActionsKeysOperators();
    void expandsWildcards_data();
    void expandsWildcards();
    void findsTemplateConditionKeys();
    void parsesOperatorModifiers();
    void suggestsCloseActions();
    void wildcardMatching();
    void matchesSharedReference();
    void accessGroups();
    void knowsWhichActionsCarryWhichKeys();
    void knowsValueFormatsAndTrust();
    void expanderAgreesWithWildcardMatching();
};

void TestVocabulary::loadsActionsKeysOperators()
{
    const auto& v = Vocabulary::instance();
    QCOMPARE(v.actions().size(), std::size_t(56));
    QCOMPARE(v.grantOperations().size(), std::size_t(17));
    QCOMPARE(v.operators().size(), std::size_t(27));
    const auto* decrypt = v.action("KMS:decrypt");
    QVERIFY(decrypt);
    QCOMPARE(decrypt->name, std::string("kms:Decrypt"));
    QVERIFY(decrypt->grantOperation);
    QCOMPARE(v.action("kms:CreateKey")->scope, PolicyScope::IamOnly);
    QCOMPARE(v.action("kms:RetireGrant")->scope, PolicyScope::GrantDetermined);
}

void TestVocabulary::expandsWildcards_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("ReEncrypt*") << "kms:ReEncrypt*" << QStringList{"kms:ReEncryptFrom", "kms:ReEncryptTo"};
    QTest::newRow("GenerateDataKey*") << "kms:GenerateDataKey*"
                                      << QStringList{"kms:GenerateDataKey",
                                                     "kms:GenerateDataKeyPair",
                                                     "kms:GenerateDataKeyPairWithoutPlaintext",
                                                     "kms:GenerateDataKeyWithoutPlaintext"};
    QTest::newRow("case-insensitive") << "KMS:put*" << QStringList{"kms:PutKeyPolicy"};
    QTest::newRow("none") << "kms:Frobnicate*" << QStringList{};
}

void TestVocabulary::expandsWildcards()
{
    QFETCH(QString, pattern);
    QFETCH(QStringList, expected);
    QStringList got;
    for (const auto* a : Vocabulary::instance().expand(pattern.toStdString())) {
        got << QString::fromStdString(a->name);
    }
    got.sort();
    expected.sort();
    QCOMPARE(got, expected);
    QCOMPARE(Vocabulary::instance().expand("kms:*").size(), std::size_t(56));
}

void TestVocabulary::findsTemplateConditionKeys()
{
    const auto& v = Vocabulary::instance();
    const auto* k = v.conditionKey("kms:EncryptionContext:aws:logs:arn");
    QVERIFY(k);
    QVERIFY(k->isTemplate);
    QCOMPARE(k->type, KeyType::String);
    QVERIFY(v.conditionKey("KMS:CALLERACCOUNT"));
    QVERIFY(v.conditionKey("aws:SourceAccount")->sensitive);
    QVERIFY(v.conditionKey("kms:GrantOperations")->multivalued);
    QCOMPARE(v.conditionKey("aws:SourceArn")->type, KeyType::Arn);
    QVERIFY(!v.conditionKey("kms:EncryptionContext:"));
    QVERIFY(!v.conditionKey("kms:CallerAcount"));
}

void TestVocabulary::parsesOperatorModifiers()
{
    const auto& v = Vocabulary::instance();
    auto op = v.parseOperator("ForAnyValue:StringLikeIfExists");
    QVERIFY(op);
    QCOMPARE(op->base->name, std::string("StringLike"));
    QVERIFY(op->ifExists);
    QCOMPARE(op->set, SetPrefix::ForAnyValue);
    QVERIFY(!v.parseOperator("NullIfExists"));
    QVERIFY(!v.parseOperator("stringequals"));
    QVERIFY(!v.parseOperator("StringEqual"));
    QVERIFY(v.parseOperator("ArnLike")->base->wildcards);
    QVERIFY(v.parseOperator("StringNotEquals")->base->negated);
}

void TestVocabulary::suggestsCloseActions()
{
    const auto close = Vocabulary::instance().closestActions("kms:Decrpyt");
    QVERIFY(!close.empty());
    QCOMPARE(close.front(), std::string("kms:Decrypt"));
    QVERIFY(Vocabulary::instance().closestActions("kms:Zzzzzzzzzzzzzzzz").empty());
}

void TestVocabulary::wildcardMatching()
{
    QVERIFY(wildcardMatch("arn:aws:logs:*:*:*", "arn:aws:logs:us-east-1:111122223333:log-group:x", false));
    QVERIFY(wildcardMatch("a?c", "abc", false));
    QVERIFY(!wildcardMatch("a?c", "ac", false));
    QVERIFY(wildcardMatch("*", "", false));
    QVERIFY(!wildcardMatch("ABC", "abc", false));
    QVERIFY(wildcardMatch("ABC", "abc", true));
    // pathological backtracking stays linear-ish
    QVERIFY(!wildcardMatch(std::string(200, '*') + "b", std::string(10000, 'a'), false));
}

void TestVocabulary::matchesSharedReference()
{
    // The vocabulary in the repository is generated from docs/reference/kms-data.json: the lists must agree.
    QFile file(QStringLiteral(KPS_SOURCE_DIR "/docs/reference/kms-data.json"));
    QVERIFY2(file.open(QIODevice::ReadOnly), "docs/reference/kms-data.json is missing");
    const auto ref = nlohmann::json::parse(file.readAll().toStdString());
    QFile ours(QStringLiteral(KPS_SOURCE_DIR "/core/vocab/kms-vocabulary.json"));
    QVERIFY(ours.open(QIODevice::ReadOnly));
    const auto mine = nlohmann::json::parse(ours.readAll().toStdString());
    for (const char* list : {"actions",
                             "resource_types",
                             "condition_keys",
                             "global_condition_keys",
                             "condition_operators",
                             "grant_operations"}) {
        QVERIFY2(ref.at(list) == mine.at(list), list);
    }
}

/// The access summary's groups (core/vocab/kms-vocabulary.json, "access_groups"): every action a key policy decides
/// is in exactly one group, no other action is in any, and every name in the data is a known action (the loader
/// would leave an unknown one out silently).
void TestVocabulary::accessGroups()
{
    const Vocabulary& v = Vocabulary::instance();
    QFile file(QStringLiteral(KPS_SOURCE_DIR "/core/vocab/kms-vocabulary.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const auto data = nlohmann::json::parse(file.readAll().toStdString());
    QCOMPARE(data.at("access_groups").size(), v.actionGroups().size());
    for (std::size_t g = 0; g < v.actionGroups().size(); ++g) {
        QCOMPARE(data.at("access_groups")[g].at("actions").size(), v.actionGroups()[g].actions.size());
        QVERIFY(!v.actionGroups()[g].title.empty());
        QVERIFY(!v.actionGroups()[g].description.empty());
    }
    std::vector<int> count(v.actions().size(), 0);
    for (const auto& g : v.actionGroups()) {
        for (std::size_t a : g.actions) {
            ++count[a];
            QCOMPARE(v.groupOf(a), &g);
        }
    }
    for (std::size_t a = 0; a < v.actions().size(); ++a) {
        const PolicyScope scope = v.actions()[a].scope;
        const bool decided = scope == PolicyScope::KeyPolicy || scope == PolicyScope::KeyPolicyAndIam;
        QVERIFY2(count[a] == (decided ? 1 : 0), v.actions()[a].name.c_str());
    }
    QCOMPARE(v.actionGroups()[0].name, std::string("use"));
    QCOMPARE(v.groupOf(std::size_t(v.actionIndex("kms:RetireGrant"))), nullptr);

    // The actions KMS accepts from another account: the Developer Guide's "Cross-account use" column as
    // docs/reference/kms-facts.md (2.1) lists it; every other action is refused across accounts.
    const std::vector<std::string> across = {"kms:CreateGrant",
                                             "kms:Decrypt",
                                             "kms:DeriveSharedSecret",
                                             "kms:DescribeKey",
                                             "kms:Encrypt",
                                             "kms:GenerateDataKey",
                                             "kms:GenerateDataKeyPair",
                                             "kms:GenerateDataKeyPairWithoutPlaintext",
                                             "kms:GenerateDataKeyWithoutPlaintext",
                                             "kms:GenerateMac",
                                             "kms:GetKeyRotationStatus",
                                             "kms:GetPublicKey",
                                             "kms:ListGrants",
                                             "kms:ReEncryptFrom",
                                             "kms:ReEncryptTo",
                                             "kms:RetireGrant",
                                             "kms:RevokeGrant",
                                             "kms:Sign",
                                             "kms:Verify",
                                             "kms:VerifyMac"};
    QCOMPARE(data.at("cross_account_actions").size(), across.size());
    for (std::size_t a = 0; a < v.actions().size(); ++a) {
        const bool listed = std::find(across.begin(), across.end(), v.actions()[a].name) != across.end();
        QVERIFY2(v.crossAccount(a) == listed, v.actions()[a].name.c_str());
    }
}

/// From the Service Authorization Reference: an action carries its own condition keys, the key resource's keys when it
/// acts on a key, and every global key the reference does not list per action.
void TestVocabulary::knowsWhichActionsCarryWhichKeys()
{
    const auto& v = Vocabulary::instance();
    const auto carries = [&v](const char* key, const char* action) {
        const ConditionKeyInfo* info = v.conditionKey(key);
        return info && info->actions.test(static_cast<std::size_t>(v.actionIndex(action)));
    };
    QVERIFY(carries("kms:EncryptionContext:aws:logs:arn", "kms:Decrypt"));
    QVERIFY(carries("kms:EncryptionContext:aws:logs:arn", "kms:GenerateDataKeyWithoutPlaintext"));
    QVERIFY(!carries("kms:EncryptionContext:aws:logs:arn", "kms:DescribeKey"));
    QVERIFY(!carries("kms:EncryptionContextKeys", "kms:DescribeKey"));
    QVERIFY(carries("kms:GrantIsForAWSResource", "kms:CreateGrant"));
    QVERIFY(carries("kms:GrantIsForAWSResource", "kms:ListGrants"));
    QVERIFY(!carries("kms:GrantIsForAWSResource", "kms:Decrypt"));
    QVERIFY(carries("kms:ViaService", "kms:DescribeKey"));
    QVERIFY(!carries("kms:ViaService", "kms:ListAliases"));
    QVERIFY(carries("kms:KeySpec", "kms:Decrypt")); // a key resource key
    QVERIFY(carries("aws:ResourceTag/env", "kms:Encrypt"));
    QVERIFY(carries("aws:RequestTag/env", "kms:TagResource"));
    QVERIFY(!carries("aws:RequestTag/env", "kms:Decrypt"));
    QVERIFY(!carries("aws:TagKeys", "kms:Encrypt"));
    QVERIFY(carries("aws:SourceIp", "kms:Decrypt")); // global, listed for no action: every request
    QVERIFY(carries("aws:PrincipalOrgID", "kms:ListAliases"));
}

void TestVocabulary::knowsValueFormatsAndTrust()
{
    const auto& v = Vocabulary::instance();
    QCOMPARE(v.conditionKey("kms:ViaService")->format, ValueFormat::RegionalServicePrincipal);
    QCOMPARE(v.conditionKey("aws:RequestedRegion")->format, ValueFormat::Region);
    QCOMPARE(v.conditionKey("aws:SourceVpc")->format, ValueFormat::Vpc);
    QCOMPARE(v.conditionKey("aws:SourceVpce")->format, ValueFormat::Vpce);
    QCOMPARE(v.conditionKey("kms:CallerAccount")->format, ValueFormat::AccountId);
    QCOMPARE(v.conditionKey("aws:PrincipalServiceName")->format, ValueFormat::ServicePrincipal);
    QCOMPARE(v.conditionKey("aws:SourceArn")->format, ValueFormat::Free);
    QVERIFY(v.conditionKey("aws:UserAgent")->untrustworthy);
    QVERIFY(v.conditionKey("aws:referer")->untrustworthy);
    QVERIFY(!v.conditionKey("aws:SourceIp")->untrustworthy);
    QCOMPARE(v.conditionKey("aws:VpcSourceIp")->pairedWith, std::vector<std::string>{"aws:SourceVpc"});
    QVERIFY(v.conditionKey("aws:PrincipalOrgID")->absentForServicePrincipal);
    QVERIFY(v.conditionKey("aws:PrincipalTag/team")->absentForServicePrincipal);
    QVERIFY(!v.conditionKey("aws:SourceAccount")->absentForServicePrincipal);
    QVERIFY(v.conditionKey("aws:PrincipalTag/team")->callerControlled);
    QVERIFY(!v.conditionKey("aws:PrincipalAccount")->callerControlled);
    // The sensitive keys of the IAM guide, now read from the data.
    for (const char* key : {"aws:PrincipalAccount",
                            "aws:PrincipalOrgID",
                            "aws:ResourceAccount",
                            "aws:ResourceOrgID",
                            "aws:SourceAccount",
                            "aws:SourceOrgID",
                            "aws:SourceVpc",
                            "aws:SourceVpce",
                            "aws:VpceAccount",
                            "aws:VpceOrgID"}) {
        QVERIFY2(v.conditionKey(key)->sensitive, key);
    }
    QVERIFY(!v.conditionKey("aws:SourceArn")->sensitive);
}

/// The rules' ActionExpander answers known patterns from a table built once: it must give what matching every
/// action against the pattern gives, for every prefix pattern, exact name, case and anything else.
void TestVocabulary::expanderAgreesWithWildcardMatching()
{
    const auto& actions = Vocabulary::instance().actions();
    std::vector<std::string> patterns
        = {"*",         "**",       "kms:*",        "KMS:*",        "kms*",        "k*",          "*:*",
           "*:Decrypt", "kms:*Key", "kms:?ncrypt",  "kms:Decrypt?", "kms:*crypt*", "kms:",        "kms",
           "",          "s3:*",     "s3:GetObject", "kms:Decrypt ", "kms:Foo*",    "kms:decrypt", "KMS:DESCRIBE*"};
    for (const auto& a : actions) {
        for (std::size_t length = 0; length <= a.name.size(); ++length) {
            patterns.push_back(a.name.substr(0, length) + "*");
            patterns.push_back(toLower(a.name.substr(0, length)) + "*");
        }
        patterns.push_back(a.name);
        patterns.push_back(toLower(a.name) + "x");
    }
    rules::ActionExpander expander;
    for (int round = 0; round < 2; ++round) { // the second round answers from the caches
        for (const std::string& pattern : patterns) {
            rules::ActionSet expected;
            for (std::size_t i = 0; i < actions.size(); ++i) {
                if (wildcardMatch(pattern, actions[i].name, true)) {
                    expected.set(i);
                }
            }
            QVERIFY2(expander.expand(pattern) == expected, pattern.c_str());
        }
    }
}

QTEST_GUILESS_MAIN(TestVocabulary)
#include "tst_vocabulary.moc"
