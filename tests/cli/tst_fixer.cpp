// SPDX-License-Identifier: GPL-3.0-or-later
// The fixer: the loop's mechanics against scripted checkers, then properties over every fixture policy.
#include "core/checker/ParseFindings.h"
#include "core/checker/Rules.h"
#include "core/fix/Fixer.h"
#include "core/json/Format.h"
#include "core/mwaa/Grants.h"

#include <QTest>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace kps;

namespace {

const std::string TwoStatements = R"({
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Root", "Effect": "allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"},
    {"Sid": "Logs", "Effect": "Allow", "Principal": {"Service": "logs.eu-west-1.amazonaws.com"}, "Resource": "*", "Action": ["kms:Encrypt*"]},
    {"Sid": "Stop", "Effect": "Deny", "Principal": "*", "Action": "kms:ScheduleKeyDeletion", "Resource": "*"},
    {"Sid": "old", "Effect": "allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/Admin"}, "Action": "kms:Describe*", "Resource": "*"}
  ]
})";

Finding fixable(std::string code, std::string pointer, nlohmann::json patch)
{
    return makeFinding(code, Location{std::move(pointer), {}, {}}, {}, std::move(patch));
}

nlohmann::json replaceOp(const std::string& path, const nlohmann::json& value)
{
    return nlohmann::json::array({{{"op", "replace"}, {"path", path}, {"value", value}}});
}

/** Lower-case "allow" effects get a replace fix, one per statement. */
CheckResult effectCaseChecker(const SourceDocument& doc, const CheckOptions&)
{
    CheckResult r;
    r.findings = parseFindings(doc);
    if (!doc.isValid()) {
        return r;
    }
    const auto& statements = doc.json()["Statement"];
    for (std::size_t i = 0; i < statements.size(); ++i) {
        if (statements[i].value("Effect", "") == "allow") {
            const auto path = "/Statement/" + std::to_string(i) + "/Effect";
            r.findings.push_back(fixable("EFFECT_INVALID", path, replaceOp(path, "Allow")));
        }
    }
    return r;
}

std::string readText(const std::filesystem::path& path)
{
    std::ifstream file(path, std::ios::binary);
    std::stringstream buffer;
    buffer << file.rdbuf();
    return buffer.str();
}

/** Sid -> statement, for the Allow statements that have a Sid. */
std::map<std::string, Json> allowStatementsBySid(const Json& policy)
{
    std::map<std::string, Json> out;
    if (!policy.is_object() || !policy.contains("Statement")) {
        return out;
    }
    Json statements = policy["Statement"];
    if (statements.is_object()) {
        statements = Json::array({statements});
    }
    if (!statements.is_array()) {
        return out;
    }
    for (const auto& s : statements) {
        // An empty Sid names no statement (SID_EMPTY's fix removes it): the count of Allow statements covers those.
        if (s.is_object() && s.value("Effect", Json()).is_string() && s["Effect"] == "Allow" && s.contains("Sid")
            && s["Sid"].is_string() && !s["Sid"].get<std::string>().empty()) {
            out.emplace(s["Sid"].get<std::string>(), s);
        }
    }
    return out;
}

int allowStatements(const Json& policy)
{
    if (!policy.is_object() || !policy.contains("Statement")) {
        return 0;
    }
    Json statements = policy["Statement"];
    if (statements.is_object()) {
        statements = Json::array({statements});
    }
    int n = 0;
    for (const auto& s : statements) {
        n += s.is_object() && s.contains("Effect") && s["Effect"] == "Allow" ? 1 : 0;
    }
    return n;
}

/** The options of the shared fixture layout (see tools/findingref: context.<fixture>, else context.json). */
CheckOptions fixtureOptions(const std::filesystem::path& fixture)
{
    CheckOptions options;
    options.mwaa = false;
    const auto dir = fixture.parent_path();
    auto contextPath = dir / ("context." + fixture.filename().string());
    if (!std::filesystem::exists(contextPath)) {
        contextPath = dir / "context.json";
    }
    const auto context = nlohmann::json::parse(readText(contextPath), nullptr, false);
    if (!std::filesystem::exists(contextPath) || !context.is_object()) {
        return options;
    }
    auto field = [&context](const char* name) {
        const auto it = context.find(name);
        return it != context.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    options.mwaa = context.value("mwaa", false);
    options.context.region = field("region");
    options.context.account = field("account");
    options.context.environment = field("env");
    options.context.key = field("key");
    if (const auto grants = field("grants"); !grants.empty()) {
        if (auto listing = mwaa::readGrantsDocument(readText(dir / grants), grants)) {
            options.grants = std::move(*listing);
        }
    }
    if (const auto role = field("rolePolicy"); !role.empty()) {
        options.rolePolicy = readText(dir / role);
    }
    options.roleArn = field("roleArn");
    return options;
}

} // namespace

class TestFixer : public QObject
{
    Q_OBJECT

private slots:
    void appliesEveryFixAndKeepsTheRest();
    void defersFixesThatShiftArrays();
    void skipsFailingAndMalformedPatches();
    void neverRemovesOrWeakensAllowStatements();
    void endsOnCyclesAndEndlessFixes();
    void skipsFixesThatDoNotStick();
    void invalidJsonIsReturnedUnchanged();
    void outputsTheInnerPolicyOfTheWrapper();
    void remainingRefersToTheCorrectedText();
    void propertiesHoldForEveryFixture_data();
    void propertiesHoldForEveryFixture();
};

void TestFixer::appliesEveryFixAndKeepsTheRest()
{
    const auto doc = SourceDocument::parse(TwoStatements);
    QVERIFY(doc.isValid());
    const auto outcome = applyAllFixes(doc, {}, effectCaseChecker);
    QVERIFY(outcome.changed);
    QCOMPARE(outcome.applied.size(), std::size_t(2));
    const auto fixed = SourceDocument::parse(outcome.text);
    QVERIFY(fixed.isValid());
    QCOMPARE(fixed.json()["Statement"][0]["Effect"].get<std::string>(), std::string("Allow"));
    QCOMPARE(fixed.json()["Statement"][3]["Effect"].get<std::string>(), std::string("Allow"));
    // Untouched statements keep their content and key order; the text is formatPolicy's.
    for (int i : {1, 2}) {
        QCOMPARE(fixed.json()["Statement"][i].dump(), doc.json()["Statement"][i].dump());
    }
    QCOMPARE(outcome.text, formatPolicy(fixed.json()));
    QVERIFY(outcome.remaining.empty());
    // Nothing to fix: not changed, text is the formatted input.
    const auto again = applyAllFixes(fixed, {}, effectCaseChecker);
    QVERIFY(!again.changed);
    QVERIFY(again.applied.empty());
    QCOMPARE(again.text, outcome.text);
}

void TestFixer::defersFixesThatShiftArrays()
{
    // One rule removes the Deny statement at index 2; another renames the Sid of the statement after it. Applied in
    // the same round, the rename would hit the wrong statement (indices shift): it must wait and be recomputed.
    auto checker = [](const SourceDocument& doc, const CheckOptions&) {
        CheckResult r;
        const auto& statements = doc.json()["Statement"];
        for (std::size_t i = 0; i < statements.size(); ++i) {
            const auto base = "/Statement/" + std::to_string(i);
            if (statements[i]["Sid"] == "Stop") {
                r.findings.push_back(
                    fixable("STATEMENT_REDUNDANT", base, nlohmann::json::array({{{"op", "remove"}, {"path", base}}})));
            }
            if (statements[i]["Sid"] == "old") {
                r.findings.push_back(fixable("SID_DUPLICATE", base + "/Sid", replaceOp(base + "/Sid", "Admin")));
            }
        }
        return r;
    };
    const auto outcome = applyAllFixes(SourceDocument::parse(TwoStatements), {}, checker);
    QCOMPARE(outcome.applied.size(), std::size_t(2));
    const auto fixed = Json::parse(outcome.text);
    QCOMPARE(fixed["Statement"].size(), std::size_t(3));
    QCOMPARE(fixed["Statement"][0]["Sid"].get<std::string>(), std::string("Root"));
    QCOMPARE(fixed["Statement"][1]["Sid"].get<std::string>(), std::string("Logs"));
    QCOMPARE(fixed["Statement"][2]["Sid"].get<std::string>(), std::string("Admin"));
    QCOMPARE(fixed["Statement"][2]["Action"].get<std::string>(), std::string("kms:Describe*"));
}

void TestFixer::skipsFailingAndMalformedPatches()
{
    auto checker = [](const SourceDocument& doc, const CheckOptions& o) {
        auto r = effectCaseChecker(doc, o);
        r.findings.push_back(fixable("RESOURCE_NOT_STAR",
                                     "/Statement/9",
                                     nlohmann::json::array({{{"op", "remove"}, {"path", "/Statement/9/Resource"}}})));
        r.findings.push_back(fixable("WRONG_TYPE", "/Version", nlohmann::json::array({{{"nop", "x"}}})));
        r.findings.push_back(fixable("WRONG_TYPE", "/Id", nlohmann::json::array({42})));
        return r;
    };
    const auto outcome = applyAllFixes(SourceDocument::parse(TwoStatements), {}, checker);
    QCOMPARE(outcome.applied.size(), std::size_t(2));
    for (const auto& f : outcome.applied) {
        QCOMPARE(f.code, std::string("EFFECT_INVALID"));
    }
    QCOMPARE(outcome.remaining.size(), std::size_t(3)); // the unfixable ones are still reported
}

void TestFixer::neverRemovesOrWeakensAllowStatements()
{
    auto checker = [](const SourceDocument& doc, const CheckOptions&) {
        CheckResult r;
        const auto& statements = doc.json()["Statement"];
        for (std::size_t i = 0; i < statements.size(); ++i) {
            const auto base = "/Statement/" + std::to_string(i);
            const auto sid = statements[i]["Sid"].get<std::string>();
            if (sid == "Logs") { // an Allow statement: removing it is never a fix
                r.findings.push_back(
                    fixable("STATEMENT_REDUNDANT", base, nlohmann::json::array({{{"op", "remove"}, {"path", base}}})));
            }
            if (sid == "Root") { // nor is turning Allow into Deny
                r.findings.push_back(fixable("BROAD_ADMIN", base + "/Effect", replaceOp(base + "/Effect", "Deny")));
            }
            if (sid == "Stop") { // a Deny statement may go
                r.findings.push_back(
                    fixable("STATEMENT_REDUNDANT", base, nlohmann::json::array({{{"op", "remove"}, {"path", base}}})));
            }
        }
        r.findings.push_back(
            fixable("STATEMENT_MISSING", "/Statement", replaceOp("/Statement", nlohmann::json::array())));
        return r;
    };
    auto policy = Json::parse(TwoStatements);
    policy["Statement"][0]["Effect"] = "Allow";
    const auto outcome = applyAllFixes(SourceDocument::parse(policy.dump()), {}, checker);
    const auto fixed = Json::parse(outcome.text);
    QCOMPARE(fixed["Statement"].size(), std::size_t(3));
    QCOMPARE(fixed["Statement"][0]["Effect"].get<std::string>(), std::string("Allow"));
    QCOMPARE(fixed["Statement"][1]["Sid"].get<std::string>(), std::string("Logs"));
    QCOMPARE(fixed["Statement"][2]["Sid"].get<std::string>(), std::string("old"));
    QCOMPARE(outcome.applied.size(), std::size_t(1));
    QCOMPARE(outcome.applied[0].location.pointer, std::string("/Statement/2"));
}

void TestFixer::endsOnCyclesAndEndlessFixes()
{
    // Two rules that undo each other: the loop notices the repeated document.
    auto pingPong = [](const SourceDocument& doc, const CheckOptions&) {
        CheckResult r;
        const auto id = doc.json().value("Id", "");
        r.findings.push_back(fixable("VERSION_OLD", "/Id", replaceOp("/Id", id == "a" ? "b" : "a")));
        return r;
    };
    auto policy = Json::parse(TwoStatements);
    policy["Id"] = "start";
    auto outcome = applyAllFixes(SourceDocument::parse(policy.dump()), {}, pingPong);
    QVERIFY(outcome.applied.size() <= 3);
    QVERIFY(!outcome.remaining.empty());

    // A rule that always finds something new: the round limit ends it.
    auto counter = [](const SourceDocument& doc, const CheckOptions&) {
        CheckResult r;
        const int n = doc.json().value("Id", 0);
        r.findings.push_back(fixable("VERSION_OLD", "/Id", replaceOp("/Id", n + 1)));
        return r;
    };
    policy["Id"] = 0;
    outcome = applyAllFixes(SourceDocument::parse(policy.dump()), {}, counter);
    QCOMPARE(outcome.applied.size(), MaxFixRounds);
    QCOMPARE(Json::parse(outcome.text)["Id"].get<int>(), static_cast<int>(MaxFixRounds));
}

void TestFixer::skipsFixesThatDoNotStick()
{
    // A fix that changes nothing comes back identical: it is applied once, then never again.
    int calls = 0;
    auto stubborn = [&calls](const SourceDocument&, const CheckOptions&) {
        ++calls;
        CheckResult r;
        r.findings.push_back(fixable("VERSION_OLD", "/Version", replaceOp("/Version", "2012-10-17")));
        return r;
    };
    const auto outcome = applyAllFixes(SourceDocument::parse(TwoStatements), {}, stubborn);
    QCOMPARE(outcome.applied.size(), std::size_t(1));
    QVERIFY(!outcome.changed);
    QVERIFY(calls <= 3);
}

void TestFixer::invalidJsonIsReturnedUnchanged()
{
    const std::string text = "{\"Version\": \"2012-10-17\",";
    const auto outcome = applyAllFixes(SourceDocument::parse(text), {});
    QCOMPARE(outcome.text, text);
    QVERIFY(!outcome.changed);
    QVERIFY(outcome.applied.empty());
    QCOMPARE(outcome.remaining.size(), std::size_t(1));
    QCOMPARE(outcome.remaining[0].code, std::string("JSON_SYNTAX"));
}

void TestFixer::outputsTheInnerPolicyOfTheWrapper()
{
    const std::string inner = TwoStatements;
    const std::string wrapper = Json{{"Policy", inner}, {"PolicyName", "default"}}.dump(4);
    const auto doc = SourceDocument::parse(wrapper);
    QVERIFY(doc.isWrapped());
    const auto outcome = applyAllFixes(doc, {}, effectCaseChecker);
    const auto fixed = Json::parse(outcome.text);
    QVERIFY(!fixed.contains("Policy"));
    QCOMPARE(fixed["Statement"][0]["Effect"].get<std::string>(), std::string("Allow"));
    QCOMPARE(outcome.text, applyAllFixes(SourceDocument::parse(inner), {}, effectCaseChecker).text);
}

void TestFixer::remainingRefersToTheCorrectedText()
{
    std::string lastText;
    auto checker = [&lastText](const SourceDocument& doc, const CheckOptions& o) {
        lastText = doc.text();
        auto r = effectCaseChecker(doc, o);
        r.findings.push_back(makeFinding("CROSS_ACCOUNT", doc.locate("/Statement/1/Principal")));
        return r;
    };
    const std::string compact = Json::parse(TwoStatements).dump(); // one line: every location changes
    const auto outcome = applyAllFixes(SourceDocument::parse(compact), {}, checker);
    QCOMPARE(lastText, outcome.text);
    QCOMPARE(outcome.remaining.size(), std::size_t(1));
    const auto& span = outcome.remaining[0].location.span;
    QCOMPARE(outcome.text.substr(span.offset, 1), std::string("{"));
    QVERIFY(span.line > 1);

    // Even with nothing to fix, remaining locations refer to the formatted text.
    const auto nothing = applyAllFixes(SourceDocument::parse(outcome.text), {}, checker);
    QCOMPARE(lastText, nothing.text);
}

void TestFixer::propertiesHoldForEveryFixture_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("profile");
    // The rule fixtures (tests/data/policies/<CODE>/{fail,pass}-*.json, added as rules land) and the CLI's own.
    std::vector<std::filesystem::path> files;
    for (const auto* root : {KPS_TEST_DATA_DIR "/policies", KPS_SOURCE_DIR "/tests/cli/data"}) {
        std::error_code ec;
        if (!std::filesystem::is_directory(root, ec)) {
            continue;
        }
        const bool ruleFixtures = std::string_view(root).ends_with("/policies");
        for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
            const auto name = entry.path().filename().string();
            if (!entry.is_regular_file() || !name.ends_with(".json") || name.ends_with(".expect.json")) {
                continue;
            }
            if (ruleFixtures && !name.starts_with("fail-") && !name.starts_with("pass-")) {
                continue; // context.json, grants.json, role policies: inputs of a fixture, not policies
            }
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    QVERIFY(files.size() >= 5);
    for (const auto& f : files) {
        for (int profile : {0, 1, 2}) {
            const auto name = f.string() + " #" + std::to_string(profile);
            QTest::newRow(name.c_str()) << QString::fromStdString(f.string()) << profile;
        }
    }
}

void TestFixer::propertiesHoldForEveryFixture()
{
    QFETCH(QString, file);
    QFETCH(int, profile);
    const std::filesystem::path path = file.toStdString();
    // Profile 0: the fixture's own context (the shared layout of tests/data/policies: context.<fixture> or the
    // folder's context.json; without one, generic checks only). 1: MWAA with a full context. 2: MWAA, no context.
    CheckOptions options;
    if (profile == 0) {
        options = fixtureOptions(path);
    } else if (profile == 1) {
        options.context.region = "eu-west-1";
        options.context.account = "111122223333";
        options.context.environment = "MyEnv";
        options.context.key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    }
    const auto original = SourceDocument::parse(readText(path));
    const auto once = applyAllFixes(original, options);
    if (!original.isValid()) {
        QCOMPARE(once.text, original.text());
        QVERIFY(!once.changed);
        return;
    }
    // Idempotent: fixing the corrected policy changes nothing.
    const auto corrected = SourceDocument::parse(once.text);
    QVERIFY(corrected.isValid());
    const auto twice = applyAllFixes(corrected, options);
    QCOMPARE(twice.text, once.text);
    QVERIFY(!twice.changed);
    QVERIFY(twice.applied.empty());
    // The corrected policy re-checks with no fixable finding.
    for (const auto& f : check(corrected, options).findings) {
        QVERIFY2(!f.hasFix(), (f.code + " at " + f.location.pointer + " is still fixable").c_str());
    }
    // Every Allow statement the user wrote is still there.
    QVERIFY(allowStatements(corrected.json()) >= allowStatements(original.json()));
    const auto after = allowStatementsBySid(corrected.json());
    for (const auto& [sid, statement] : allowStatementsBySid(original.json())) {
        QVERIFY2(after.count(sid), ("Allow statement " + sid + " was removed").c_str());
    }
}

QTEST_GUILESS_MAIN(TestFixer)
#include "tst_fixer.moc"
