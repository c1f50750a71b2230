// SPDX-License-Identifier: GPL-3.0-or-later
// Data-driven tests of the checker rules. Layout (shared with the MWAA profile's fixtures):
//   tests/data/policies/<CODE>/fail-<name>.json          must produce at least one <CODE> finding
//   tests/data/policies/<CODE>/fail-<name>.expect.json   [{"path", "line", "column", "file"?, "severity"?}...] each
//                                                        among <CODE>'s findings ("file": in the grants listing)
//   tests/data/policies/<CODE>/pass-<name>.json          must not produce <CODE>
//   tests/data/policies/<CODE>/context.<fixture>.json    optional CheckOptions for one fixture, else
//   tests/data/policies/<CODE>/context.json              optional CheckOptions for the folder
// Folders whose name starts with "_" hold other material (e.g. _realworld).
#include "core/checker/AccessAnalyzer.h"
#include "core/checker/Checker.h"
#include "core/checker/Rules.h"
#include "core/json/Format.h"
#include "core/mwaa/Grants.h"
#include "core/vocab/Vocabulary.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

#include <array>
#include <chrono>
#include <map>
#include <string>

using namespace kps;

namespace {

/// The catalogue groups whose every code must have fixtures here.
constexpr std::array kFixtureGroups
    = {RuleGroup::Document, RuleGroup::Practice, RuleGroup::Mwaa, RuleGroup::MwaaGrants, RuleGroup::MwaaRole};

CheckOptions genericOnly()
{
    CheckOptions options;
    options.mwaa = false;
    return options;
}

QString policiesDir()
{
    return QStringLiteral(KPS_TEST_DATA_DIR "/policies");
}

std::string readText(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    const QByteArray bytes = file.readAll();
    return std::string(bytes.constData(), static_cast<std::size_t>(bytes.size()));
}

nlohmann::json readJson(const QString& path)
{
    return nlohmann::json::parse(readText(path), nullptr, false);
}

/// context.<fixture>.json next to the fixture, else the folder's context.json, as CheckOptions (neither: mwaa off,
/// everything else empty).
CheckOptions optionsFor(const QString& fixturePath)
{
    CheckOptions options;
    options.mwaa = false;
    const QFileInfo info(fixturePath);
    const QString dir = info.absolutePath();
    QString path = dir + QStringLiteral("/context.") + info.fileName();
    if (!QFileInfo::exists(path)) {
        path = dir + QStringLiteral("/context.json");
    }
    if (!QFileInfo::exists(path)) {
        return options;
    }
    const nlohmann::json ctx = readJson(path);
    if (!ctx.is_object()) {
        return options;
    }
    auto text = [&ctx](const char* name) {
        return ctx.contains(name) ? ctx[name].get<std::string>() : std::string();
    };
    options.mwaa = ctx.value("mwaa", false);
    auto given = [](std::string& field, ContextSource& source, std::string value) {
        field = std::move(value);
        source = field.empty() ? ContextSource::Unknown : ContextSource::Given;
    };
    given(options.context.region, options.context.regionSource, text("region"));
    given(options.context.account, options.context.accountSource, text("account"));
    given(options.context.environment, options.context.environmentSource, text("env"));
    given(options.context.key, options.context.keySource, text("key"));
    options.roleArn = text("roleArn");
    if (const std::string grants = text("grants"); !grants.empty()) {
        // Named as written in the context file: the grant findings' Location::file.
        if (auto listing
            = mwaa::readGrantsDocument(readText(dir + QLatin1Char('/') + QString::fromStdString(grants)), grants)) {
            options.grants = std::move(*listing);
        }
    }
    if (const std::string role = text("rolePolicy"); !role.empty()) {
        options.rolePolicy = readText(dir + QLatin1Char('/') + QString::fromStdString(role));
    }
    return options;
}

QStringList codeDirs()
{
    QDir root(policiesDir());
    QStringList out;
    for (const QString& name : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        if (!name.startsWith(QLatin1Char('_'))) {
            out << name;
        }
    }
    return out;
}

QStringList fixtures(const QString& dir, const QString& prefix)
{
    QStringList out;
    for (const QString& name : QDir(dir).entryList({prefix + QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        if (!name.endsWith(QStringLiteral(".expect.json"))) {
            out << name;
        }
    }
    return out;
}

QString describe(const std::vector<Finding>& findings)
{
    QString out;
    for (const auto& f : findings) {
        out += QStringLiteral("\n  %1 %2 %3 @%4%5:%6 %7")
                   .arg(QString::fromStdString(f.code),
                        QString::fromLatin1(severityName(f.severity)),
                        QString::fromStdString(f.location.pointer),
                        f.location.file.empty() ? QString() : QString::fromStdString(f.location.file + ":"))
                   .arg(f.location.span.line)
                   .arg(f.location.span.column)
                   .arg(QString::fromStdString(f.message));
    }
    return out;
}

/// Pointer -> whether the finding there has a fix, for every `code` finding of one fixture (relative to policiesDir()).
using FixMap = std::map<std::string, bool>;
FixMap fixesOf(const char* code, const QString& fixture)
{
    const QString path = policiesDir() + fixture;
    FixMap out;
    for (const auto& f : check(readText(path), optionsFor(path)).findings) {
        if (f.code == code) {
            out[f.location.pointer] = f.hasFix();
        }
    }
    return out;
}

/// Every fixture and real-world policy, with the options of its folder.
struct PolicyFile
{
    QString path;
    CheckOptions options;
};

std::vector<PolicyFile> allPolicies()
{
    std::vector<PolicyFile> out;
    QDir root(policiesDir());
    for (const QString& name : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        const QString dir = root.filePath(name);
        for (const QString& file : QDir(dir).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
            if (file.endsWith(QStringLiteral(".expect.json")) || file == QStringLiteral("context.json")
                || !(file.startsWith(QStringLiteral("fail-")) || file.startsWith(QStringLiteral("pass-"))
                     || file.startsWith(QStringLiteral("depends-")) || name.startsWith(QLatin1Char('_')))) {
                continue;
            }
            const QString path = dir + QLatin1Char('/') + file;
            out.push_back({path, optionsFor(path)});
        }
    }
    return out;
}

} // namespace

class TestRules : public QObject
{
    Q_OBJECT

private slots:
    void fixture_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("shouldFail");
        QTest::addColumn<bool>("depends");
        const QStringList dirs = codeDirs();
        QVERIFY(!dirs.isEmpty());
        for (const QString& code : dirs) {
            const QString dir = policiesDir() + QLatin1Char('/') + code;
            for (const QString& file : fixtures(dir, QStringLiteral("fail-"))) {
                QTest::newRow(qPrintable(code + QLatin1Char('/') + file))
                    << code << dir + QLatin1Char('/') + file << true << false;
            }
            // depends-*: the finding is a warning because the outcome depends on a fact not given, and the
            // check's verdict says so (MwaaVerdict::Depends with assumptions) unless an error decides it.
            for (const QString& file : fixtures(dir, QStringLiteral("depends-"))) {
                QTest::newRow(qPrintable(code + QLatin1Char('/') + file))
                    << code << dir + QLatin1Char('/') + file << true << true;
            }
            for (const QString& file : fixtures(dir, QStringLiteral("pass-"))) {
                QTest::newRow(qPrintable(code + QLatin1Char('/') + file))
                    << code << dir + QLatin1Char('/') + file << false << false;
            }
        }
    }

    void fixture()
    {
        QFETCH(QString, code);
        QFETCH(QString, path);
        QFETCH(bool, shouldFail);
        QFETCH(bool, depends);
        const std::string text = readText(path);
        QVERIFY2(!text.empty(), qPrintable(path));
        const CheckResult result = check(text, optionsFor(path));
        std::vector<Finding> matching;
        for (const auto& f : result.findings) {
            if (QString::fromStdString(f.code) == code) {
                matching.push_back(f);
            }
        }
        if (!shouldFail) {
            QVERIFY2(matching.empty(),
                     qPrintable(QStringLiteral("unexpected %1:%2").arg(code, describe(result.findings))));
            return;
        }
        QVERIFY2(!matching.empty(), qPrintable(QStringLiteral("no %1; got:%2").arg(code, describe(result.findings))));
        const RuleInfo* rule = findRule(code.toStdString());
        QVERIFY2(rule, qPrintable(QStringLiteral("%1 is not in the catalogue").arg(code)));
        // The catalogue's severity, or the code's documented other one (Rules.h, SeverityVariant).
        const SeverityVariant* variant = severityVariant(rule->code);
        for (const auto& f : matching) {
            if (depends) {
                QCOMPARE(f.severity, Severity::Warning);
            } else {
                QVERIFY2(f.severity == rule->severity || (variant && f.severity == variant->severity),
                         qPrintable(describe(matching)));
            }
            QVERIFY(!f.message.empty());
        }
        if (depends) {
            QVERIFY2(!result.assumptions.empty(), qPrintable(describe(result.findings)));
            QVERIFY(result.mwaaVerdict() != MwaaVerdict::Ready);
        }

        QString expectPath = path;
        expectPath.replace(QStringLiteral(".json"), QStringLiteral(".expect.json"));
        QVERIFY2(QFileInfo::exists(expectPath), qPrintable(QStringLiteral("missing ") + expectPath));
        const nlohmann::json expected = readJson(expectPath);
        QVERIFY2(expected.is_array() && !expected.empty(), qPrintable(expectPath));
        for (const auto& e : expected) {
            const std::string pointer = e.at("path").get<std::string>();
            const int line = e.at("line").get<int>();
            const int column = e.at("column").get<int>();
            // Optional: "file" (a finding in the grants listing: its name as the context file gives it) and
            // "severity" (for a code with two).
            const std::string file = e.value("file", std::string());
            const std::string severity = e.value("severity", std::string());
            const bool found = std::any_of(matching.begin(), matching.end(), [&](const Finding& f) {
                return f.location.pointer == pointer && f.location.span.line == line && f.location.span.column == column
                    && f.location.file == file && (severity.empty() || severityName(f.severity) == severity);
            });
            QVERIFY2(found,
                     qPrintable(QStringLiteral("expected %1 at %2 %3:%4; got:%5")
                                    .arg(code, QString::fromStdString(pointer))
                                    .arg(line)
                                    .arg(column)
                                    .arg(describe(matching))));
        }
    }

    void everyCatalogueCodeHasFixtures()
    {
        QStringList missing;
        for (const auto& rule : ruleCatalogue()) {
            if (std::find(kFixtureGroups.begin(), kFixtureGroups.end(), rule.group) == kFixtureGroups.end()) {
                continue;
            }
            const QString code = QString::fromLatin1(rule.code.data(), static_cast<qsizetype>(rule.code.size()));
            const QString dir = policiesDir() + QLatin1Char('/') + code;
            if (fixtures(dir, QStringLiteral("fail-")).isEmpty()) {
                missing << code + QStringLiteral(" (fail)");
            }
            if (fixtures(dir, QStringLiteral("pass-")).isEmpty()) {
                missing << code + QStringLiteral(" (pass)");
            }
        }
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
    }

    void everyFixtureFolderIsACode()
    {
        for (const QString& code : codeDirs()) {
            QVERIFY2(findRule(code.toStdString()), qPrintable(code + QStringLiteral(" is not a catalogue code")));
        }
    }

    /// Every IAM Access Analyzer check that applies to a key policy (docs/reference/kms-data.json: "yes" or "maybe")
    /// has a row in core/checker/AccessAnalyzer.cpp: the catalogue code that reports it, or a note that says why none
    /// does. Every row names a check of that list and, when it has one, a catalogue code.
    void everyAccessAnalyzerCheckIsMapped()
    {
        const nlohmann::json reference = readJson(QStringLiteral(KPS_SOURCE_DIR "/docs/reference/kms-data.json"));
        QVERIFY(reference.is_object());
        std::map<std::string, std::string> applies;
        for (const auto& check : reference.at("access_analyzer_checks")) {
            applies[check.at("code").get<std::string>()] = check.at("applies_to_kms_key_policy").get<std::string>();
        }
        QVERIFY(applies.size() > 100);
        QStringList unmapped;
        for (const auto& entry : applies) {
            const std::string& check = entry.first;
            if (entry.second == "no") {
                continue;
            }
            const auto rows = accessAnalyzerChecks();
            if (std::none_of(rows.begin(), rows.end(), [&check](const AccessAnalyzerCheck& row) {
                    return row.check == check;
                })) {
                unmapped << QString::fromStdString(check);
            }
        }
        QVERIFY2(unmapped.isEmpty(), qPrintable(QStringLiteral("no row for ") + unmapped.join(QStringLiteral(", "))));
        for (const auto& row : accessAnalyzerChecks()) {
            const std::string check(row.check);
            QVERIFY2(applies.count(check) == 1 && applies[check] != "no", check.c_str());
            if (row.code.empty()) {
                QVERIFY2(!row.note.empty(), check.c_str());
            } else {
                QVERIFY2(findRule(row.code), std::string(row.code).c_str());
            }
        }
        // Where this checker deliberately differs, the reference entry says why.
        const auto sid = accessAnalyzerChecksFor("SID_DUPLICATE");
        QVERIFY(std::any_of(sid.begin(), sid.end(), [](const AccessAnalyzerCheck* row) {
            return row->note.find("KMS refuses") != std::string_view::npos;
        }));
        const auto service = accessAnalyzerChecksFor("SERVICE_NO_SOURCE");
        QVERIFY(std::any_of(service.begin(), service.end(), [](const AccessAnalyzerCheck* row) {
            return row->note.find("CloudWatch Logs") != std::string_view::npos;
        }));
    }

    /// Each fix applies to the document as parsed, and checking the corrected text no longer reports it there.
    void fixesApplyAndResolve()
    {
        int fixes = 0;
        for (const auto& policy : allPolicies()) {
            const SourceDocument document = SourceDocument::parse(readText(policy.path));
            const CheckResult result = check(document, policy.options);
            for (const auto& f : result.findings) {
                if (!f.hasFix()) {
                    continue;
                }
                ++fixes;
                const QString where = policy.path + QStringLiteral(" ") + QString::fromStdString(f.code)
                    + QStringLiteral(" ") + QString::fromStdString(f.location.pointer);
                const auto patched = applyPatch(document.json(), f.fix);
                QVERIFY2(patched,
                         qPrintable(where + QStringLiteral(": ")
                                    + QString::fromStdString(patched ? std::string() : patched.error().message)));
                const CheckResult after = check(formatPolicy(*patched), policy.options);
                for (const auto& g : after.findings) {
                    QVERIFY2(!(g.code == f.code && g.location.pointer == f.location.pointer),
                             qPrintable(where + QStringLiteral(" is still reported after its fix")));
                }
            }
        }
        QVERIFY(fixes >= 10); // the fixtures exercise the fixes; none silently disappeared
    }

    /// The default policies AWS itself writes and the MWAA page's logs statement are clean (generic rules only).
    void realWorldPoliciesHaveNoErrors()
    {
        const QDir dir(policiesDir() + QStringLiteral("/_realworld"));
        const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 3);
        for (const QString& file : files) {
            const CheckResult result = check(readText(dir.filePath(file)), genericOnly());
            for (const auto& f : result.findings) {
                QVERIFY2(f.severity != Severity::Error && f.severity != Severity::Security,
                         qPrintable(file + describe({f})));
            }
        }
    }

    /// Bare statement object instead of an array: the same rules, pointers without an index.
    void singleStatementObject()
    {
        const std::string text = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"allow\","
                                 "\"Principal\":{\"AWS\":\"111122223333\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}}";
        const auto result = check(text, genericOnly());
        // "allow" is no Allow, so nothing lets anyone manage the key either
        QCOMPARE(result.findings.size(), std::size_t(2));
        QCOMPARE(result.findings[0].code, std::string("LOCKOUT_RISK"));
        QCOMPARE(result.findings[0].location.pointer, std::string("/Statement"));
        QCOMPARE(result.findings[1].code, std::string("EFFECT_INVALID"));
        QCOMPARE(result.findings[1].location.pointer, std::string("/Statement/Effect"));
    }

    /// The findings of one check come out the same every time (order included).
    void deterministic()
    {
        const auto policies = allPolicies();
        for (const auto& policy : policies) {
            const std::string source = readText(policy.path);
            const auto a = check(source, policy.options);
            const auto b = check(source, policy.options);
            QCOMPARE(a.findings.size(), b.findings.size());
            for (std::size_t i = 0; i < a.findings.size(); ++i) {
                QCOMPARE(a.findings[i].code, b.findings[i].code);
                QCOMPARE(a.findings[i].location, b.findings[i].location);
            }
        }
        QVERIFY(!policies.empty());
    }

    /// A policy at the 32 KB quota made of many statements: reported with QBENCHMARK, never asserted on time.
    void largePolicy()
    {
        // (plain string literals: moc mis-reads raw strings that contain quotes)
        std::string text = "{\"Version\":\"2012-10-17\",\"Statement\":[";
        const std::string middle = "\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:role/r";
        const std::string tail
            = "\"},\"Action\":[\"kms:Decrypt\",\"kms:Encrypt*\",\"kms:Decyrpt\"],\"Resource\":\"*\","
              "\"Condition\":{\"StringEquals\":{\"kms:ViaService\":\"s3.us-east-1.amazonaws.com\"}}}";
        int i = 0;
        while (text.size() < 32000) {
            text += i > 0 ? ",{\"Sid\":\"s" : "{\"Sid\":\"s";
            text += std::to_string(i) + middle + std::to_string(i % 17) + tail;
            ++i;
        }
        text += "]}";
        const SourceDocument document = SourceDocument::parse(text);
        QVERIFY(document.isValid());
        CheckResult result;
        QBENCHMARK
        {
            result = check(document, genericOnly());
        }
        // every statement repeats a misspelt action and is redundant with the first one for its role
        int unknown = 0;
        for (const auto& f : result.findings) {
            unknown += f.code == "ACTION_UNKNOWN" ? 1 : 0;
        }
        QCOMPARE(unknown, i);
    }

    /// With the key's account given, principals of other accounts are CROSS_ACCOUNT even without a delegation
    /// statement to infer it from, and the given account wins over the inferred one.
    void crossAccountUsesGivenAccount()
    {
        const std::string text = readText(policiesDir() + QStringLiteral("/_realworld/console-default.json"));
        CheckOptions options = genericOnly();
        options.context.account = "444455556666";
        const CheckResult result = check(text, options);
        int cross = 0;
        for (const auto& f : result.findings) {
            if (f.code == "CROSS_ACCOUNT") {
                ++cross;
                QVERIFY(f.message.find("444455556666") != std::string::npos);
            }
        }
        QCOMPARE(cross, 4); // root, admin role and the two key-user statements' role
        // the key's own account named: nothing to report
        options.context.account = "111122223333";
        for (const auto& f : check(text, options).findings) {
            QVERIFY(f.code != "CROSS_ACCOUNT");
        }
    }

    /// kms:PutKeyPolicy allowed only to another account's role cannot pass KMS's lockout check.
    void lockoutCountsOnlyTheKeysAccount()
    {
        const std::string text
            = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
              "{\"AWS\":\"arn:aws:iam::444455556666:role/Admin\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
        CheckOptions options = genericOnly();
        auto codes = [&options, &text] {
            std::vector<std::string> out;
            for (const auto& f : check(text, options).findings) {
                out.push_back(f.code);
            }
            return out;
        };
        auto has = [](const std::vector<std::string>& list, const char* code) {
            return std::find(list.begin(), list.end(), code) != list.end();
        };
        QVERIFY(!has(codes(), "LOCKOUT_RISK")); // key account unknown: the role may be the key's
        options.context.account = "111122223333";
        const auto known = codes();
        QVERIFY(has(known, "LOCKOUT_RISK"));
        QVERIFY(has(known, "CROSS_ACCOUNT"));
        QVERIFY(has(known, "BROAD_ADMIN"));
    }

    /// A String operator on a Bool key is moved to Bool only when that keeps the test: a positive operator, one value
    /// true or false, and no Bool block that already holds the key.
    void stringOnBoolFixOnlyWhenUnambiguous()
    {
        const QString dir = QStringLiteral("/CONDITION_STRING_ON_BOOL/");
        QCOMPARE(fixesOf("CONDITION_STRING_ON_BOOL", dir + QStringLiteral("fail-equals-true-false.json")),
                 (FixMap{
                     {"/Statement/1/Condition/StringEquals/aws:SecureTransport", true},
                     {"/Statement/2/Condition/StringEquals/kms:GrantIsForAWSResource", true},
                     {"/Statement/3/Condition/StringEqualsIfExists/aws:ViaAWSService", true},
                 }));
        QCOMPARE(fixesOf("CONDITION_STRING_ON_BOOL", dir + QStringLiteral("fail-other-forms.json")),
                 (FixMap{
                     {"/Statement/1/Condition/ForAnyValue:StringLike/aws:PrincipalIsAWSService", true},
                     {"/Statement/2/Condition/StringNotEquals/aws:MultiFactorAuthPresent", false}, // negated
                     {"/Statement/3/Condition/StringEqualsIgnoreCase/aws:SecureTransport", false}, // "TRUE"
                     {"/Statement/4/Condition/StringEquals/kms:GrantIsForAWSResource", false}, // Bool holds the key
                 }));
    }

    /// ArnEquals with a wildcard: one finding per key, at its first pattern, moved to ArnLike unless ArnLike holds it.
    void arnEqualsWildcardFixes()
    {
        const QString dir = QStringLiteral("/CONDITION_ARN_EQUALS_WILDCARD/");
        QCOMPARE(fixesOf("CONDITION_ARN_EQUALS_WILDCARD", dir + QStringLiteral("fail-arn-equals-pattern.json")),
                 (FixMap{
                     {"/Statement/1/Condition/ArnEquals/aws:SourceArn", true},
                     {"/Statement/2/Condition/ArnNotEqualsIfExists/aws:PrincipalArn/1", true},
                 }));
        QCOMPARE(fixesOf("CONDITION_ARN_EQUALS_WILDCARD", dir + QStringLiteral("fail-target-block-exists.json")),
                 (FixMap{
                     {"/Statement/1/Condition/ArnEquals/kms:EncryptionContext:aws:logs:arn", true},
                     {"/Statement/2/Condition/ArnEquals/aws:SourceArn", false}, // ArnLike holds the key
                 }));
    }

    /// The key's partition comes from the given context only: partition, else region, else key ARN.
    void partitionMismatchNeedsAGivenPartition()
    {
        const std::string text = readText(policiesDir() + QStringLiteral("/_realworld/console-default.json"));
        auto count = [&text](const MwaaContext& context) {
            CheckOptions options = genericOnly();
            options.context = context;
            int n = 0;
            for (const auto& f : check(text, options).findings) {
                n += f.code == "PRINCIPAL_PARTITION_MISMATCH" ? 1 : 0;
            }
            return n;
        };
        MwaaContext context;
        QCOMPARE(count(context), 0);
        context.region = "eu-west-1";
        QCOMPARE(count(context), 0);
        context.partition = "aws-cn"; // the given partition wins over the region's
        QCOMPARE(count(context), 4); // root, admin role and the two key-user statements' role
        context = {};
        context.region = "not-a-region";
        QCOMPARE(count(context), 0);
        context.key = "arn:aws-us-gov:kms:us-gov-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        QCOMPARE(count(context), 4); // no valid region: the key ARN's partition
        context.region = "eu-west-1";
        QCOMPARE(count(context), 0); // the region given wins over the key ARN
        // the partition is replaced only in an otherwise valid ARN
        QCOMPARE(fixesOf("PRINCIPAL_PARTITION_MISMATCH",
                         QStringLiteral("/PRINCIPAL_PARTITION_MISMATCH/fail-key-arn-govcloud.json")),
                 (FixMap{
                     {"/Statement/0/Principal/AWS", true},
                     {"/Statement/1/Principal/AWS/0", true},
                     {"/Statement/1/Principal/AWS/1", false}, // "1111" is no account id
                 }));
    }

    /// Issue 21, "wrong today": the did-you-mean for a template key written without its tag key named a fragment of
    /// the template itself ("aws:ResourceTag/g"). It now says the tag key is missing and offers no fix.
    void templateKeyWithoutItsKey()
    {
        for (const char* key : {"aws:ResourceTag", "aws:RequestTag/", "kms:EncryptionContext:", "AWS:PRINCIPALTAG"}) {
            const std::string text = std::string("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                                 "\"Principal\":{\"AWS\":\"111122223333\"},\"Action\":\"kms:*\","
                                                 "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"")
                + key + "\":\"x\"}}}]}";
            int unknown = 0;
            for (const auto& f : check(text, genericOnly()).findings) {
                if (f.code != "CONDITION_KEY_UNKNOWN") {
                    continue;
                }
                ++unknown;
                QVERIFY2(!f.hasFix(), key);
                QVERIFY2(f.message.find("/g") == std::string::npos, f.message.c_str());
                QVERIFY2(f.message.find("it names no") != std::string::npos, f.message.c_str());
                QVERIFY2(f.message.find("TAG-KEY") != std::string::npos
                             || f.message.find("CONTEXT-KEY") != std::string::npos,
                         f.message.c_str());
            }
            QCOMPARE(unknown, 1);
        }
        // A misspelt template prefix is still suggested with the key written after it.
        const auto fixes
            = fixesOf("CONDITION_KEY_UNKNOWN", QStringLiteral("/CONDITION_KEY_UNKNOWN/fail-context-prefix-typo.json"));
        QVERIFY(!fixes.empty());
    }

    /// Issue 21, "wrong today": an IAM unique id as a principal was said to be a deleted principal. It is what IAM
    /// shows for a principal that no longer exists under that id, which the message now says, with how to check.
    void uniqueIdPrincipalSaysHowToCheck()
    {
        const auto message = [](const char* id) {
            const std::string text = std::string("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                                 "\"Principal\":{\"AWS\":\"111122223333\"},\"Action\":\"kms:*\","
                                                 "\"Resource\":\"*\"},{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"")
                + id + "\"},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}]}";
            for (const auto& f : check(text, genericOnly()).findings) {
                if (f.code == "PRINCIPAL_INVALID") {
                    return f.message;
                }
            }
            return std::string();
        };
        const std::string role = message("AROA1234567890EXAMPLE");
        QVERIFY2(role.find("was deleted") == std::string::npos, role.c_str());
        QVERIFY2(role.find("an IAM role's unique id") != std::string::npos, role.c_str());
        QVERIFY2(role.find("aws iam list-roles --query \"Roles[?RoleId=='AROA1234567890EXAMPLE'].Arn\"")
                     != std::string::npos,
                 role.c_str());
        QVERIFY2(role.find("invalid principals") != std::string::npos, role.c_str());
        const std::string user = message("AIDACKCEVSQ6C2EXAMPLE");
        QVERIFY2(user.find("aws iam list-users --query \"Users[?UserId=='AIDACKCEVSQ6C2EXAMPLE'].Arn\"")
                     != std::string::npos,
                 user.c_str());
        QVERIFY(message("AKIAIOSFODNN7EXAMPLE").find("access key id") != std::string::npos);
    }

    /// Issue 21, "wrong today": "an empty condition array never matches" was said of every operator. IfExists and
    /// ForAllValues hold when the key is absent, a negated operator always holds.
    void emptyConditionValuesSayWhatTheyDo()
    {
        std::map<std::string, std::string> byPointer;
        const QString path = policiesDir() + QStringLiteral("/CONDITION_VALUES_EMPTY/fail-every-form.json");
        for (const auto& f : check(readText(path), optionsFor(path)).findings) {
            QVERIFY2(f.code != "CONDITION_VALUE_INVALID", f.message.c_str());
            if (f.code == "CONDITION_VALUES_EMPTY") {
                byPointer[f.location.pointer] = f.message;
            }
        }
        QCOMPARE(byPointer.size(), std::size_t(5));
        const auto says = [&byPointer](const char* pointer, const char* text) {
            const std::string& m = byPointer[pointer];
            return m.find(text) != std::string::npos;
        };
        QVERIFY(says("/Statement/1/Condition/StringEquals/kms:ViaService", "never holds"));
        QVERIFY(says("/Statement/2/Condition/StringNotEquals/kms:ViaService", "always holds"));
        QVERIFY(says("/Statement/3/Condition/StringEqualsIfExists/kms:ViaService", "only when the request has no"));
        QVERIFY(says("/Statement/4/Condition/ForAllValues:StringEquals/kms:EncryptionContextKeys",
                     "only when the request has no"));
        QVERIFY(says("/Statement/5/Condition/ForAnyValue:StringEquals/kms:EncryptionContextKeys", "never holds"));
    }

    /// Issue 21, "wrong today": "Resource": [] was read as "*": a statement that grants nothing got no finding, and a
    /// Deny of everything with an empty Resource raised a false lockout error. An Allow with an empty Resource no
    /// longer keeps the key manageable either, nor opens it to everyone.
    void emptyResourceAppliesToNothing()
    {
        const auto codes = [](const char* fixture) {
            const QString path = policiesDir() + QLatin1String(fixture);
            std::vector<std::string> out;
            for (const auto& f : check(readText(path), optionsFor(path)).findings) {
                out.push_back(f.code);
            }
            return out;
        };
        const auto has = [](const std::vector<std::string>& list, const char* code) {
            return std::find(list.begin(), list.end(), code) != list.end();
        };
        const auto deny = codes("/RESOURCE_EMPTY/fail-deny-everything.json");
        QVERIFY(has(deny, "RESOURCE_EMPTY"));
        QVERIFY(!has(deny, "LOCKOUT_RISK"));
        const auto allowNothing = codes("/LOCKOUT_RISK/fail-admin-resource-empty.json");
        QVERIFY(has(allowNothing, "LOCKOUT_RISK"));
        QVERIFY(!has(codes("/PUBLIC_ACCESS/pass-resource-empty.json"), "PUBLIC_ACCESS"));

        // A Deny of everything but one key (NotResource): a lockout only if this key is another one. With the key
        // given, its ARN decides: that key is not denied, another one is (then certainly).
        const QString allButOne = policiesDir() + QStringLiteral("/LOCKOUT_RISK/fail-deny-all-but-one-key.json");
        const auto lockoutWith = [&allButOne](const std::string& key) -> const Finding* {
            static CheckResult result;
            CheckOptions options;
            options.mwaa = false;
            options.context.key = key;
            result = check(readText(allButOne), options);
            const auto it = std::find_if(result.findings.begin(), result.findings.end(), [](const Finding& f) {
                return f.code == "LOCKOUT_RISK";
            });
            return it == result.findings.end() ? nullptr : &*it;
        };
        QVERIFY(!lockoutWith("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"));
        const Finding* other
            = lockoutWith("arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000");
        QVERIFY(other);
        QCOMPARE(other->severity, Severity::Error);
        const Finding* unknown = lockoutWith("");
        QVERIFY(unknown);
        QCOMPARE(unknown->severity, Severity::Warning);
    }

    /// The issue-21 rules stay linear on hostile input: a value of 100,000 half-written variables (each scan for a
    /// quote or brace stops at the next "${"), an operator with 8,000 keys (one repeated in another case; compared by
    /// a hash, not pairwise), 8,000 condition keys on the list of every KMS action (each action judged once).
    /// STATEMENT_REDUNDANT looks for covering statements among those with a wildcard principal and those naming the
    /// statement's least named principal (issue 17): the first cover in statement order is still the one reported.
    void redundancyFindsTheFirstCover()
    {
        auto statement = [](const std::string& sid, const std::string& principals, const std::string& actions) {
            return "{\"Sid\":\"" + sid + "\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":" + principals
                + "},\"Action\":" + actions + ",\"Resource\":\"*\"}";
        };
        const std::string r1 = "\"arn:aws:iam::111122223333:role/R1\"";
        const std::string r2 = "\"arn:aws:iam::111122223333:role/R2\"";
        const std::string r3 = "\"arn:aws:iam::111122223333:role/R3\"";
        const std::string both = "[" + r1 + "," + r2 + "]";
        const std::string pair = R"(["kms:Decrypt","kms:Encrypt"])";
        const std::string text = "{\"Version\":\"2012-10-17\",\"Statement\":[" + statement("Pair", both, pair)
            + "," // covered by nothing before it; its copy below comes later
            + statement("OnlyR2", r2, R"("kms:Decrypt")") + "," // covered by Pair (names R1 and R2)
            + statement("Everyone", "\"*\"", R"("kms:DescribeKey")") + ","
            + statement("R3Describe", r3, R"("kms:DescribeKey")") + "," // covered by Everyone only
            + statement("PairAgain", both, pair) + "," // a copy of Pair: reported once, here
            + statement("R3Decrypt", r3, R"("kms:Decrypt")") // R3 alone allows nothing else: not redundant
            + "]}";
        const CheckResult result = check(text, genericOnly());
        std::vector<std::pair<std::string, std::string>> redundant;
        for (const auto& f : result.findings) {
            if (f.code == "STATEMENT_REDUNDANT") {
                redundant.emplace_back(f.location.pointer, f.message);
            }
        }
        QCOMPARE(redundant.size(), std::size_t(3));
        QCOMPARE(redundant[0].first, std::string("/Statement/1"));
        QVERIFY2(redundant[0].second.find("\"Pair\"") != std::string::npos, redundant[0].second.c_str());
        QCOMPARE(redundant[1].first, std::string("/Statement/3"));
        QVERIFY2(redundant[1].second.find("\"Everyone\"") != std::string::npos, redundant[1].second.c_str());
        QCOMPARE(redundant[2].first, std::string("/Statement/4"));
        QVERIFY2(redundant[2].second.find("\"Pair\"") != std::string::npos, redundant[2].second.c_str());
    }

    void issue21RulesStayLinear()
    {
        // Written as text: building a large ordered_json object costs quadratic time itself.
        std::string text = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                           "\"Principal\":{\"AWS\":\"111122223333\"},\"Resource\":\"*\",\"Action\":[";
        for (const auto& action : Vocabulary::instance().actions()) {
            text += (text.back() == '[' ? "\"" : ",\"") + action.name + "\"";
        }
        text += "],\"Condition\":{\"StringLike\":{\"aws:PrincipalTag/team\":\"";
        for (int i = 0; i < 100000; ++i) {
            text += "${a,''";
        }
        text += "\"},\"StringEquals\":{\"AWS:PRINCIPALTAG/K7\":\"y\"";
        for (int i = 0; i < 8000; ++i) {
            text += ",\"aws:PrincipalTag/k" + std::to_string(i) + "\":\"x\"";
        }
        text += "}}}]}";
        const CheckResult result = check(text, genericOnly());
        std::map<std::string, int> counts;
        for (const auto& f : result.findings) {
            ++counts[f.code];
        }
        QCOMPARE(counts["CONDITION_KEY_DUPLICATE_CASE"], 1);
        QCOMPARE(counts["VARIABLE_MISSING_BRACE"], 1); // the first malformed variable of the value, only
        QCOMPARE(counts["CONDITION_KEY_UNSUPPORTED_ACTION"], 0); // aws:PrincipalTag goes with every request
    }

    /// Every node of the real-world policies replaced by a value of every JSON type: the rules must neither crash
    /// (the sanitizer build runs this) nor report findings without a location in the document.
    void survivesEveryTypeAtEveryNode()
    {
        const QDir dir(policiesDir() + QStringLiteral("/_realworld"));
        const std::array<Json, 7> replacements = {Json(nullptr),
                                                  Json(1),
                                                  Json("x"),
                                                  Json::array(),
                                                  Json::object(),
                                                  Json::array({1, "y"}),
                                                  Json::parse("{\"a\":{\"b\":1}}")};
        int checks = 0;
        for (const QString& file : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
            const SourceDocument original = SourceDocument::parse(readText(dir.filePath(file)));
            QVERIFY(original.isValid());
            for (const auto& [pointer, spans] : original.nodes()) {
                for (const auto& replacement : replacements) {
                    Json copy = original.json();
                    copy[Json::json_pointer(pointer)] = replacement;
                    const SourceDocument mutated = SourceDocument::parse(formatPolicy(copy));
                    const CheckResult result = check(mutated, genericOnly());
                    for (const auto& f : result.findings) {
                        QVERIFY2(f.location.pointer.empty() || mutated.contains(f.location.pointer),
                                 qPrintable(QString::fromStdString(f.code + " " + f.location.pointer)));
                    }
                    ++checks;
                }
            }
        }
        QVERIFY(checks > 100);
    }
};

QTEST_GUILESS_MAIN(TestRules)
#include "tst_rules.moc"
