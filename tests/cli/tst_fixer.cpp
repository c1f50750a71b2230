// SPDX-License-Identifier: GPL-3.0-or-later
// The fixer: the loop's mechanics against scripted checkers, then properties over every fixture policy.
#include "core/checker/ParseFindings.h"
#include "core/checker/Rules.h"
#include "core/fix/Fixer.h"
#include "core/json/Format.h"
#include "core/json/TextPatch.h"
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

/** The text with every LF made CRLF. */
std::string withCrLf(const std::string& text)
{
    std::string out;
    for (char c : text) {
        if (c == '\n') {
            out += '\r';
        }
        out += c;
    }
    return out;
}

/** The lines that differ between two texts (common head and tail removed), "-old" then "+new", one per line. */
std::string changedLines(const std::string& before, const std::string& after)
{
    const auto split = [](const std::string& text) {
        std::vector<std::string> lines;
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);) {
            lines.push_back(line);
        }
        return lines;
    };
    const auto a = split(before);
    const auto b = split(after);
    std::size_t head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head]) {
        ++head;
    }
    std::size_t tail = 0;
    while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) {
        ++tail;
    }
    std::string out;
    for (std::size_t i = head; i < a.size() - tail; ++i) {
        out += "-" + a[i] + "\n";
    }
    for (std::size_t i = head; i < b.size() - tail; ++i) {
        out += "+" + b[i] + "\n";
    }
    return out;
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
    void keepsTheAuthorsLayout_data();
    void keepsTheAuthorsLayout();
    void textPatchOfEveryOfferedFix_data();
    void textPatchOfEveryOfferedFix();
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
    // Untouched statements keep their content and key order; the text is the input with exactly the two values
    // rewritten, in its own (2-space, inline) layout.
    for (int i : {1, 2}) {
        QCOMPARE(fixed.json()["Statement"][i].dump(), doc.json()["Statement"][i].dump());
    }
    std::string expected = TwoStatements;
    for (std::size_t at = expected.find("\"allow\""); at != std::string::npos; at = expected.find("\"allow\"")) {
        expected.replace(at, 7, "\"Allow\"");
    }
    QCOMPARE(outcome.text, expected);
    QVERIFY(outcome.reformatted.empty());
    QVERIFY(outcome.remaining.empty());
    // Nothing to fix: not changed, text is the input.
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
        // A fix that makes the text longer before the finding below: its location moves.
        if (doc.json()["Statement"][0]["Sid"] == "Root") {
            r.findings.push_back(
                fixable("SID_DUPLICATE", "/Statement/0/Sid", replaceOp("/Statement/0/Sid", "RootAccountDelegation")));
        }
        r.findings.push_back(makeFinding("CROSS_ACCOUNT", doc.locate("/Statement/1/Principal")));
        return r;
    };
    const std::string compact = Json::parse(TwoStatements).dump(); // one line, and it stays one line
    const auto input = SourceDocument::parse(compact);
    const auto outcome = applyAllFixes(input, {}, checker);
    QCOMPARE(outcome.applied.size(), std::size_t(3));
    QCOMPARE(lastText, outcome.text);
    QCOMPARE(outcome.remaining.size(), std::size_t(1));
    const auto& span = outcome.remaining[0].location.span;
    QCOMPARE(outcome.text.substr(span.offset, 1), std::string("{"));
    QCOMPARE(span.line, 1);
    QCOMPARE(span.offset, input.locate("/Statement/1/Principal").span.offset + std::string("AccountDelegation").size());

    // With nothing to fix, the text is the input and remaining locations refer to it.
    const auto nothing = applyAllFixes(SourceDocument::parse(outcome.text), {}, checker);
    QCOMPARE(nothing.text, outcome.text);
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

void TestFixer::keepsTheAuthorsLayout_data()
{
    QTest::addColumn<QString>("layout");
    QTest::newRow("2 spaces") << QStringLiteral("2");
    QTest::newRow("tabs, CRLF") << QStringLiteral("tab-crlf");
    QTest::newRow("get-key-policy output") << QStringLiteral("wrapped");
}

void TestFixer::keepsTheAuthorsLayout()
{
    // The real checker on a policy with one fixable finding: the lower-case Effect of the second statement.
    QFETCH(QString, layout);
    const auto policy = Json::parse(readText(KPS_TEST_DATA_DIR "/policies/_realworld/console-default.json"));
    Json broken = policy;
    broken["Statement"][1]["Effect"] = "allow";
    const bool tabs = layout == QLatin1String("tab-crlf");
    std::string text = tabs ? withCrLf(broken.dump(1, '\t')) : broken.dump(2);
    text += tabs ? "\r\n" : "\n";
    std::string input = text;
    if (layout == QLatin1String("wrapped")) {
        input = Json{{"Policy", text}, {"PolicyName", "default"}}.dump(4);
    }
    CheckOptions options;
    options.mwaa = false;
    const auto outcome = applyAllFixes(SourceDocument::parse(input), options);
    QCOMPARE(outcome.applied.size(), std::size_t(1));
    QVERIFY(outcome.reformatted.empty());
    const std::string indent = tabs ? "\t\t\t" : "      ";
    const std::string cr = tabs ? "\r" : "";
    // One line changed, in the author's indentation and line ending; the policy (the inner one for the wrapper).
    QCOMPARE(changedLines(text, outcome.text),
             "-" + indent + "\"Effect\": \"allow\"," + cr + "\n+" + indent + "\"Effect\": \"Allow\"," + cr + "\n");
}

void TestFixer::textPatchOfEveryOfferedFix_data()
{
    QTest::addColumn<QString>("file");
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(KPS_TEST_DATA_DIR)) {
        const auto name = entry.path().filename().string();
        // Every JSON file (policies, verdicts, editor and MWAA fixtures, hostile inputs...) up to a policy's size
        // many times over; the SARIF schema and the evaluator's table are not policies.
        if (entry.is_regular_file() && name.ends_with(".json") && entry.file_size() < 100000) {
            files.push_back(entry.path());
        }
    }
    for (const auto& entry : std::filesystem::recursive_directory_iterator(KPS_SOURCE_DIR "/tests/cli/data")) {
        if (entry.is_regular_file() && entry.path().extension() == ".json") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    QVERIFY(files.size() > 300);
    for (const auto& f : files) {
        QTest::newRow(f.string().c_str()) << QString::fromStdString(f.string());
    }
}

void TestFixer::textPatchOfEveryOfferedFix()
{
    // For every fix and fix choice the checker offers, in three contexts and in the file's own layout plus three
    // others (2 spaces, one line, tabs with CRLF): the text patch reads exactly as the DOM patch, written in place.
    QFETCH(QString, file);
    const std::filesystem::path path = file.toStdString();
    const std::string text = readText(path);
    std::vector<std::string> layouts{text};
    const SourceDocument original = SourceDocument::parse(text);
    if (original.isValid() && !original.isWrapped()) {
        const Json& json = original.json();
        layouts.push_back(json.dump(2) + "\n");
        layouts.push_back(json.dump());
        layouts.push_back(withCrLf(json.dump(1, '\t') + "\n"));
    }
    int patches = 0;
    for (const std::string& layout : layouts) {
        const SourceDocument document = SourceDocument::parse(layout);
        if (!document.isValid()) {
            continue;
        }
        for (int profile : {0, 1, 2}) {
            CheckOptions options;
            if (profile == 0) {
                options = fixtureOptions(path);
            } else if (profile == 1) {
                options.context.region = "eu-west-1";
                options.context.account = "111122223333";
                options.context.environment = "MyEnv";
                options.context.key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
            }
            for (const auto& finding : check(document, options).findings) {
                std::vector<const nlohmann::json*> offered;
                if (finding.hasFix()) {
                    offered.push_back(&finding.fix);
                }
                if (finding.hasChoices()) {
                    for (const auto& choice : finding.choices) {
                        offered.push_back(&choice["fix"]);
                    }
                }
                for (const nlohmann::json* patch : offered) {
                    const auto expected = applyPatch(document.json(), *patch);
                    const TextPatchResult result = textPatch(document, *patch);
                    const std::string where = finding.code + " " + patch->dump();
                    if (!expected) {
                        QVERIFY2(!result.ok(), where.c_str());
                        continue;
                    }
                    ++patches;
                    QVERIFY2(result.status == TextPatchResult::Status::Edited, (where + ": " + result.message).c_str());
                    const SourceDocument reread = SourceDocument::parse(result.text);
                    QVERIFY2(reread.isValid() && reread.json() == *expected, where.c_str());
                    QCOMPARE(applyTextEdits(document.text(), result.edits), result.text);
                }
            }
        }
    }
    if (patches == 0) {
        QSKIP("no fix offered for this file");
    }
}

QTEST_GUILESS_MAIN(TestFixer)
#include "tst_fixer.moc"
