// SPDX-License-Identifier: GPL-3.0-or-later
// `keypolicy check` on CloudFormation templates (YAML short forms, JSON long form), CDK's synthesized templates and
// Terraform plans (tests/data/iac): every key policy found, its findings on the template's lines, placeholders that
// make the verdict depend, the MWAA context a template gives, and bad input.
#include "CliTestSupport.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QTest>

using namespace kps::test;

namespace {

std::string iacData(const std::string& name)
{
    return std::string(KPS_SOURCE_DIR) + "/tests/data/iac/" + name;
}

const std::vector<std::string> kGiven = {"--region", "eu-west-1", "--account", "111122223333"};

nlohmann::json checkJson(const std::string& file, std::vector<std::string> extra = kGiven)
{
    std::vector<std::string> args = {"check", "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(file);
    const auto run = runKeypolicy(args);
    return nlohmann::json::parse(run.out);
}

/** The finding with this code in the file result, or null. */
nlohmann::json findingOf(const nlohmann::json& file, const std::string& code)
{
    for (const auto& f : file["findings"]) {
        if (f["code"] == code) {
            return f;
        }
    }
    return nullptr;
}

const std::string kRolePrincipal = "AWS: !GetAtt MwaaExecutionRole.Arn";

/** cfn-mwaa.yaml without its fourth statement (the typo). */
std::string withoutTypo()
{
    std::string text = readText(iacData("cfn-mwaa.yaml"));
    const auto at = text.find("          - Sid: Old admin");
    text.erase(at, text.find("\n\n  MwaaExecutionRole:") - at);
    return text;
}

std::string replaced(std::string text, const std::string& from, const std::string& to)
{
    const auto at = text.find(from);
    if (at == std::string::npos) {
        qFatal("%s not in the template", from.c_str());
    }
    return text.replace(at, from.size(), to);
}

/** The template with a statement added after the key policy's last one. */
std::string insertStatement(std::string text, const std::string& statement)
{
    return text.insert(text.find("\n\n  MwaaExecutionRole:") + 1, statement);
}

/** The one file result of checking this template text. */
nlohmann::json checkText(const std::string& text, std::vector<std::string> extra = kGiven)
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("stack.yaml")).toStdString();
    writeText(path, text);
    return checkJson(path, std::move(extra))["files"][0];
}

bool hasAssumption(const nlohmann::json& file, const std::string& words)
{
    for (const auto& a : file["assumptions"]) {
        if (a.dump().find(words) != std::string::npos) {
            return true;
        }
    }
    return false;
}

} // namespace

/// A member of the JSON output against the expected value, showing both when they differ.
#define JSON_COMPARE(actual, expected)                                                                                 \
    QVERIFY2(nlohmann::json(actual) == nlohmann::json(expected),                                                       \
             (nlohmann::json(actual).dump() + " != " + nlohmann::json(expected).dump()).c_str())

class TestIacTemplates : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cloudFormationYamlShortForms()
    {
        const auto report = checkJson(iacData("cfn-mwaa.yaml"));
        QCOMPARE(report["files"].size(), std::size_t(1));
        const auto& file = report["files"][0];
        JSON_COMPARE(file["source"]["format"], "cloudformation-yaml");
        JSON_COMPARE(file["source"]["resource"], "MwaaKey");
        JSON_COMPARE(file["source"]["type"], "AWS::KMS::Key");
        JSON_COMPARE(file["source"]["pointer"], "/Resources/MwaaKey/Properties/KeyPolicy");
        // The typo in the fourth statement, on its line of the YAML.
        const auto typo = findingOf(file, "ACTION_UNKNOWN");
        JSON_COMPARE(typo["line"], 55);
        JSON_COMPARE(typo["column"], 21);
        JSON_COMPARE(typo["path"], "/Statement/3/Action");
        // The environment's name comes from the template; the role's policy (with !GetAtt MwaaKey.Arn) allows the key.
        JSON_COMPARE(file["context"]["env"], "analytics");
        QVERIFY(findingOf(file, "MWAA_ROLE_KMS_MISSING").is_null());
        QVERIFY(findingOf(file, "MWAA_ROLE_CANNOT_USE_KEY").is_null());
        JSON_COMPARE(file["mwaa_ready"], false); // the typo is an error of its own
    }

    void placeholdersNeverDecideTheVerdict()
    {
        // Without --region and --account the pseudo parameters and the role's ARN are left to deployment.
        const auto report = checkJson(iacData("cfn-mwaa.yaml"), {});
        const auto& file = report["files"][0];
        const auto principal = findingOf(file, "TEMPLATE_VALUE_UNKNOWN");
        JSON_COMPARE(principal["line"], 24); // the first: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root
        for (const auto& f : file["findings"]) {
            if (f["code"] != "ACTION_UNKNOWN") {
                QVERIFY2(f["severity"] != "error" && f["severity"] != "security", f.dump().c_str());
            }
        }
        // The typo is an error whatever the stack's values: not ready.
        JSON_COMPARE(findingOf(file, "ACTION_UNKNOWN")["severity"], "error");
        JSON_COMPARE(file["mwaa_ready"], false);
        // The role's ARN as a placeholder: the statement that names it is not a guess either way.
        const auto variable = findingOf(file, "VARIABLE_IN_ELEMENT");
        QVERIFY(variable["message"].get<std::string>().find("Depends on") != std::string::npos);
    }

    void readyOnlyWhenEverythingIsKnown()
    {
        // The same template without the typo: ready with the context given.
        const std::string text = withoutTypo();
        JSON_COMPARE(checkText(text)["mwaa_ready"], true);
        // Without it: the hard-coded "amazonaws.com" of the CloudWatch Logs principal is wrong in a China region.
        const auto unknown = checkText(text, {});
        QVERIFY(unknown["mwaa_ready"].is_null());
        QVERIFY2(hasAssumption(unknown, "!Ref AWS::Region"), unknown["assumptions"].dump().c_str());
        // A parameter in the principal of the role's statement: the role still has the key through the account's
        // statement and its own policy, whatever the parameter is.
        const std::string param = replaced(text, kRolePrincipal, "AWS: !Ref ExecutionRoleArnParameter");
        JSON_COMPARE(checkText(param)["mwaa_ready"], true);
        // Without the role's own KMS statement the key policy's statement is the one way: depends on the parameter.
        const auto roleKms
            = param.find("              - Effect: Allow\n                Action:\n                  - kms:");
        const std::string bare = std::string(param).erase(roleKms, param.find("\n\n  MwaaEnvironment:") + 1 - roleKms);
        const auto file = checkText(bare);
        QVERIFY(file["mwaa_ready"].is_null());
        const auto kms = findingOf(file, "MWAA_ROLE_KMS_MISSING");
        JSON_COMPARE(kms["severity"], "warning");
        QVERIFY(kms["message"].get<std::string>().find("Depends on !Ref ExecutionRoleArnParameter")
                != std::string::npos);
        JSON_COMPARE(findingOf(file, "TEMPLATE_VALUE_UNKNOWN")["line"], 44);
        QVERIFY2(hasAssumption(file, "!Ref ExecutionRoleArnParameter"), file["assumptions"].dump().c_str());
        QCOMPARE(file["assumptions"].size(), std::size_t(1));
    }

    void unrelatedErrorStaysAnError()
    {
        // A placeholder in one statement, and no CloudWatch Logs statement at all: no value of the parameter
        // brings it back.
        std::string text = replaced(withoutTypo(), kRolePrincipal, "AWS: !Ref ExecutionRoleArnParameter");
        const auto logs = text.find("          - Sid: Allow CloudWatch Logs");
        text.erase(logs, text.find("          - Sid: Execution role") - logs);
        const auto file = checkText(text);
        JSON_COMPARE(file["mwaa_ready"], false);
        const auto missing = findingOf(file, "MWAA_LOGS_STATEMENT_MISSING");
        JSON_COMPARE(missing["severity"], "error");
        QVERIFY(missing["message"].get<std::string>().find("Depends on") == std::string::npos);
        // An invalid action in the very statement of the placeholder: an error too.
        const auto typo = checkText(replaced(withoutTypo(),
                                             "              - kms:Encrypt\n            Resource: \"*\"\n",
                                             "              - kms:Foo\n            Resource: \"*\"\n"));
        JSON_COMPARE(findingOf(typo, "ACTION_UNKNOWN")["severity"], "error");
        JSON_COMPARE(findingOf(typo, "ACTION_UNKNOWN")["path"], "/Statement/2/Action/3");
        JSON_COMPARE(typo["mwaa_ready"], false);
    }

    void placeholderOutsideMwaaStatements()
    {
        // An Allow of something else to a principal left to deployment changes nothing MWAA needs: still ready.
        const std::string text = withoutTypo();
        const std::string allow = "          - Sid: Auditor\n            Effect: Allow\n            Principal:\n"
                                  "              AWS: !Ref AuditorRoleArn\n            Action: kms:DescribeKey\n"
                                  "            Resource: \"*\"\n";
        const auto allowed = checkText(insertStatement(text, allow));
        JSON_COMPARE(allowed["mwaa_ready"], true);
        QVERIFY(!findingOf(allowed, "TEMPLATE_VALUE_UNKNOWN").is_null());
        // A Deny to such a principal could deny the execution role: depends on it.
        std::string deny = replaced(allow, "Effect: Allow", "Effect: Deny");
        deny = replaced(deny, "Action: kms:DescribeKey", "Action: kms:Decrypt");
        const auto denied = checkText(insertStatement(text, deny));
        QVERIFY(denied["mwaa_ready"].is_null());
        QVERIFY2(hasAssumption(denied, "!Ref AuditorRoleArn"), denied["assumptions"].dump().c_str());
        // A whole statement under !If may be anything (a Deny too): no probe stands for it, the verdict depends.
        const std::string conditional = "          - !If\n            - IsProduction\n            - Sid: Break glass\n"
                                        "              Effect: Allow\n              Principal:\n"
                                        "                AWS: arn:aws:iam::111122223333:role/admin\n"
                                        "              Action: kms:Decrypt\n              Resource: \"*\"\n"
                                        "            - !Ref AWS::NoValue\n";
        const auto ifFile = checkText(insertStatement(text, conditional));
        QVERIFY(ifFile["mwaa_ready"].is_null());
        JSON_COMPARE(findingOf(ifFile, "NOT_AN_OBJECT")["severity"], "warning");
        QVERIFY(hasAssumption(ifFile, "!If"));
    }

    void cloudFormationJsonAliasAndMultiRegion()
    {
        const auto report = checkJson(iacData("cfn-alias.json"));
        QCOMPARE(report["files"].size(), std::size_t(2)); // the key and its replica
        const auto& key = report["files"][0];
        JSON_COMPARE(key["source"]["format"], "cloudformation-json");
        JSON_COMPARE(key["source"]["resource"], "SharedKey");
        JSON_COMPARE(report["files"][1]["source"]["type"], "AWS::KMS::ReplicaKey");
        // Where the template writes them: MultiRegion of the key, KmsKey of the environment.
        JSON_COMPARE(findingOf(key, "MWAA_KEY_MULTI_REGION")["line"], 8);
        JSON_COMPARE(findingOf(key, "MWAA_KEY_ALIAS")["line"], 71);
        JSON_COMPARE(findingOf(key, "TEMPLATE_VALUE_UNKNOWN")["line"], 34); // Fn::ImportValue in a principal
        JSON_COMPARE(findingOf(report["files"][1], "CONDITION_VALUE_INVALID")["line"], 61);
    }

    void cdkSynthesizedTemplate()
    {
        const auto report = checkJson(iacData("cdk-MwaaStack.template.json"));
        QCOMPARE(report["files"].size(), std::size_t(1));
        const auto& file = report["files"][0];
        JSON_COMPARE(file["source"]["resource"], "MwaaKey1A2B3C4D");
        JSON_COMPARE(file["source"]["cdk_path"], "MwaaStack/MwaaKey/Resource");
        // Fn::Join of pseudo parameters is resolved: only the public statement is reported.
        QCOMPARE(file["findings"].size(), std::size_t(1));
        JSON_COMPARE(file["findings"][0]["code"], "PUBLIC_ACCESS");
        JSON_COMPARE(file["findings"][0]["line"], 90);
        JSON_COMPARE(file["findings"][0]["column"], 16);
    }

    void terraformPlanWithModule()
    {
        const auto report = checkJson(iacData("terraform-plan.json"));
        QCOMPARE(report["files"].size(), std::size_t(2));
        // Unknown at plan time: reported, never ready.
        const auto& unknown = report["files"][0];
        JSON_COMPARE(unknown["source"]["resource"], "aws_kms_key_policy.shared");
        JSON_COMPARE(unknown["source"]["pointer"], "/resource_changes/0/change/after_unknown/policy");
        JSON_COMPARE(unknown["findings"][0]["code"], "TEMPLATE_POLICY_UNKNOWN");
        QVERIFY(unknown["mwaa_ready"].is_null());
        // The module's key: a policy inside a JSON string, located through its escapes.
        const auto& key = report["files"][1];
        JSON_COMPARE(key["source"]["resource"], "module.kms.aws_kms_key.this");
        const auto pub = findingOf(key, "PUBLIC_ACCESS");
        JSON_COMPARE(pub["line"], 1);
        const std::string plan = readText(iacData("terraform-plan.json"));
        const auto offset = pub["offset"].get<std::size_t>();
        QCOMPARE(plan.substr(offset, 7), std::string("\\\"*\\\",\\"));
        QCOMPARE(pub["column"].get<std::size_t>(), offset + 1);
        // The environment uses the key through the module's output: its name, and the multi-Region key.
        JSON_COMPARE(key["context"]["env"], "analytics");
        QCOMPARE(plan.substr(findingOf(key, "MWAA_KEY_MULTI_REGION")["offset"].get<std::size_t>(), 4),
                 std::string("true"));
    }

    void terraformRolePolicies()
    {
        // The execution role's policies from an inline_policy block, an aws_iam_role_policy and an
        // aws_iam_role_policy_attachment of an aws_iam_policy: together they lack only kms:Encrypt.
        const std::string path = iacData("terraform-role-plan.json");
        const std::string plan = readText(path);
        const auto report = checkJson(path);
        QCOMPARE(report["files"].size(), std::size_t(2));
        const auto& key = report["files"][0];
        JSON_COMPARE(key["source"]["resource"], "aws_kms_key.mwaa");
        const auto missing = findingOf(key, "MWAA_ROLE_KMS_MISSING");
        const std::string message = missing["message"].get<std::string>();
        QVERIFY2(contains(message, "kms:Encrypt"), message.c_str());
        for (const char* allowed : {"kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey"}) {
            QVERIFY2(!contains(message, allowed), message.c_str());
        }
        // Reported where the role is planned.
        const auto roleAt = plan.find("\"address\":\"aws_iam_role.mwaa\"", plan.find("\"resource_changes\""));
        const auto offset = missing["offset"].get<std::size_t>();
        QVERIFY(offset > roleAt && offset < plan.find("\"address\"", roleAt + 1));
        QCOMPARE(plan.substr(offset, 21), std::string("{\"assume_role_policy\""));
        JSON_COMPARE(key["mwaa_ready"], false);

        // The attached policy allows kms:Encrypt too: ready.
        QTemporaryDir dir;
        const std::string changed = dir.filePath(QStringLiteral("plan.json")).toStdString();
        auto json = nlohmann::json::parse(plan);
        auto& attached = json["resource_changes"][3]["change"];
        JSON_COMPARE(json["resource_changes"][3]["address"], "aws_iam_policy.extra");
        const std::string policy = attached["after"]["policy"];
        attached["after"]["policy"]
            = replaced(policy, "\"kms:GenerateDataKey*\"", "[\"kms:GenerateDataKey*\",\"kms:Encrypt\"]");
        writeText(changed, json.dump());
        JSON_COMPARE(checkJson(changed)["files"][0]["mwaa_ready"], true);

        // Known only after apply: the role's finding depends on it, and so does the verdict.
        attached["after"].erase("policy");
        attached["after_unknown"]["policy"] = true;
        writeText(changed, json.dump());
        const auto later = checkJson(changed)["files"][0];
        QVERIFY(later["mwaa_ready"].is_null());
        const auto depends = findingOf(later, "MWAA_ROLE_KMS_MISSING");
        JSON_COMPARE(depends["severity"], "warning");
        QVERIFY2(contains(depends["message"].get<std::string>(), "aws_iam_policy.extra"), depends.dump().c_str());
        QVERIFY(hasAssumption(later, "aws_iam_policy.extra"));
    }

    void keyAliasWithoutTheKey()
    {
        // Terraform: an environment whose kms_key is an alias written in the configuration.
        const std::string plan = readText(iacData("terraform-role-plan.json"));
        const auto legacy = checkJson(iacData("terraform-role-plan.json"))["files"][1];
        JSON_COMPARE(legacy["source"]["resource"], "aws_mwaa_environment.legacy");
        const auto alias = findingOf(legacy, "MWAA_KEY_ALIAS");
        QCOMPARE(plan.substr(alias["offset"].get<std::size_t>(), 19), std::string("\"alias/mwaa-legacy\""));
        JSON_COMPARE(legacy["context"]["env"], "legacy");
        JSON_COMPARE(legacy["mwaa_ready"], false);
        // CloudFormation: KmsKey as an alias ARN, no key in the template.
        const auto cfn
            = checkText("Resources:\n  Env:\n    Type: AWS::MWAA::Environment\n    Properties:\n      Name: etl\n"
                        "      KmsKey: !Sub arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/etl\n");
        JSON_COMPARE(cfn["source"]["resource"], "Env");
        JSON_COMPARE(findingOf(cfn, "MWAA_KEY_ALIAS")["line"], 6);
        JSON_COMPARE(cfn["mwaa_ready"], false);
    }

    void sarifLandsOnTheTemplate()
    {
        const auto run = runKeypolicy({"check",
                                       "--format",
                                       "sarif",
                                       "--region",
                                       "eu-west-1",
                                       "--account",
                                       "111122223333",
                                       iacData("cfn-mwaa.yaml")});
        const auto log = nlohmann::json::parse(run.out);
        const auto& results = log["runs"][0]["results"];
        QCOMPARE(results.size(), std::size_t(1));
        const auto& location = results[0]["locations"][0];
        JSON_COMPARE(location["physicalLocation"]["region"]["startLine"], 55);
        JSON_COMPARE(location["logicalLocations"][0]["fullyQualifiedName"], "MwaaKey");
        JSON_COMPARE(location["logicalLocations"][0]["kind"], "resource");
        JSON_COMPARE(location["logicalLocations"][1]["parentIndex"], 0);
        QVERIFY(!results[0].contains("fixes")); // the template's text is not the extracted policy's
    }

    void textNamesTheResource()
    {
        const auto run
            = runKeypolicy({"check", "--region", "eu-west-1", "--account", "111122223333", iacData("cfn-mwaa.yaml")});
        QCOMPARE(run.status, 1);
        QVERIFY(contains(run.out, "cfn-mwaa.yaml:55:21: error ACTION_UNKNOWN"));
        QVERIFY(contains(run.out, "cfn-mwaa.yaml (MwaaKey): 1 error"));
    }

    void badInput_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("yaml syntax") << QStringLiteral("Resources:\n  Key:\n    Type: [AWS::KMS::Key\n")
                                     << QStringLiteral("stack.yaml:4:1: YAML syntax error");
        QTest::newRow("unknown tag") << QStringLiteral("Resources:\n  Key:\n    Type: !Foo bar\n")
                                     << QStringLiteral("stack.yaml:3:11: Unknown tag !Foo");
        QTest::newRow("unknown intrinsic")
            << QStringLiteral("Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n"
                              "        Statement:\n          - Principal:\n              AWS: {\"Fn::Magic\": x}\n")
            << QStringLiteral("stack.yaml:8:20: Unknown intrinsic function Fn::Magic in Key");
        QTest::newRow("deep") << QString(QStringLiteral("Resources: ") + QString(200, QLatin1Char('[')))
                              << QStringLiteral("stack.yaml:1:1: Nested deeper than 64 levels");
        // A key twice in one mapping: the second Statement would replace (YAML) or be dropped (JSON) unseen.
        QTest::newRow("duplicate key yaml")
            << QStringLiteral(
                   "Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n"
                   "        Statement:\n          - Effect: Allow\n        Statement:\n          - Effect: Deny\n")
            << QStringLiteral("stack.yaml:8:9: The key \"Statement\" appears twice in this mapping");
        QTest::newRow("two documents") << QStringLiteral(
            "Resources:\n  Key:\n    Type: AWS::KMS::Key\n---\nResources:\n  Other:\n    Type: x\n")
                                       << QStringLiteral("stack.yaml:4:1: A second YAML document");
        // fuzz_template: yaml-cpp's LoadAll never returned on this stream (a timeout); it is read as one document.
        QTest::newRow("fuzz: unterminated flow")
            << QStringLiteral(", {X: !Ref Yties: {KeyPolicy: {Stateme!Lit}\", {X: !Ref Y}]}]} Yties: {KeyPolicy: "
                              "{Stateme!Lit}\", {X: !Ref Y}]}]}\n")
            << QStringLiteral("stack.yaml:1:1:");
        QTest::newRow("duplicate key json")
            << QStringLiteral(
                   "{\"Resources\": {\"Key\": {\"Type\": \"AWS::KMS::Key\", \"Properties\": {\"KeyPolicy\":\n"
                   "  {\"Statement\": [], \"Statement\": []}}}}}\n")
            << QStringLiteral("stack.yaml:2:21: The key \"Statement\" appears twice in this mapping");
        QTest::newRow("not a template") << QStringLiteral("- a\n- b\n")
                                        << QStringLiteral("stack.yaml:1:1: Not a CloudFormation template");
    }

    void badInput()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("stack.yaml")).toStdString();
        writeText(path, text.toStdString());
        const auto run = runKeypolicy({"check", path});
        QCOMPARE(run.status, 2);
        QVERIFY2(contains(run.err, expected.toStdString()), run.err.c_str());
    }

    void roleNotUtf8IsNoCrash()
    {
        // fuzz_template: a byte that is not UTF-8 in the role's policy aborted the check (tests/data/hostile).
        const auto run
            = runKeypolicy({"check",
                            "--format",
                            "json",
                            std::string(KPS_SOURCE_DIR) + "/tests/data/hostile/crash-template-role-not-utf8.yaml"});
        QCOMPARE(run.status, 1); // the template's typo
        JSON_COMPARE(nlohmann::json::parse(run.out)["files"][0]["source"]["resource"], "MwaaKey");
    }

    void templateWithoutKeyPolicyHasNoResult()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("bucket.yaml")).toStdString();
        writeText(path, "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n");
        const auto run = runKeypolicy({"check", "--format", "json", path});
        QCOMPARE(run.status, 0);
        QCOMPARE(nlohmann::json::parse(run.out)["files"].size(), std::size_t(0));
    }
};

QTEST_GUILESS_MAIN(TestIacTemplates)
#include "tst_iactemplates.moc"
