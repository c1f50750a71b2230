// SPDX-License-Identifier: GPL-3.0-or-later
// The MWAA verdict, class by class (tests/data/verdicts/*/): for each class of policy a "breaks" policy whose MWAA
// requirement is certainly refused (verdict false) or depends on a fact not given (verdict null), and the closest
// "works" policy (verdict true). The expectations were written from AWS's documentation (each expect.json cites
// it), not from this code; see tests/data/verdicts/README.md for the fields.
#include "core/checker/Checker.h"
#include "core/fix/Fixer.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <algorithm>
#include <string>

using namespace kps;

namespace {

QString verdictsDir()
{
    return QStringLiteral(KPS_TEST_DATA_DIR "/verdicts");
}

Json readJson(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return nullptr;
    }
    return Json::parse(f.readAll().toStdString(), nullptr, false);
}

std::string readText(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll().toStdString() : std::string();
}

CheckOptions optionsOf(const Json& context)
{
    CheckOptions o;
    auto take = [&context](const char* name, std::string& value, ContextSource& source) {
        if (context.contains(name)) {
            value = context[name].get<std::string>();
            source = ContextSource::Given;
        }
    };
    take("region", o.context.region, o.context.regionSource);
    take("account", o.context.account, o.context.accountSource);
    take("env", o.context.environment, o.context.environmentSource);
    take("key", o.context.key, o.context.keySource);
    take("org_id", o.context.orgId, o.context.orgIdSource);
    if (context.contains("role_arn")) {
        o.roleArn = context["role_arn"].get<std::string>();
    }
    return o;
}

QString describe(const CheckResult& r)
{
    QString out = QStringLiteral("\n  verdict: %1").arg(QString::fromStdString(mwaaVerdictText(r)));
    for (const auto& f : r.findings) {
        out += QStringLiteral("\n  %1 %2 %3 %4")
                   .arg(QString::fromStdString(f.code),
                        QString::fromStdString(std::string(severityName(f.severity))),
                        QString::fromStdString(f.location.pointer),
                        QString::fromStdString(f.message));
    }
    for (const auto& a : r.assumptions) {
        out += QStringLiteral("\n  assumes: %1 [%2] at %3")
                   .arg(QString::fromStdString(a.fact),
                        QString::fromStdString(a.needed),
                        QString::fromStdString(a.pointer));
    }
    return out;
}

bool hasCode(const CheckResult& r, const std::string& code)
{
    return std::any_of(r.findings.begin(), r.findings.end(), [&code](const Finding& f) { return f.code == code; });
}

/** The verdict as the JSON output spells it: true, false or null. */
Json verdictJson(const CheckResult& r)
{
    switch (r.mwaaVerdict()) {
    case MwaaVerdict::Ready:
        return true;
    case MwaaVerdict::Depends:
        return nullptr;
    default:
        return false;
    }
}

/** Checks one case's expectations (breaks, works or other_org) against the result. */
void expectCase(const Json& e, const CheckResult& r)
{
    const QString got = describe(r);
    if (e.contains("mwaa_ready_acceptable")) {
        const auto& ok = e["mwaa_ready_acceptable"];
        QVERIFY2(std::find(ok.begin(), ok.end(), verdictJson(r)) != ok.end(), qPrintable(got));
    } else {
        QVERIFY2(verdictJson(r) == e.at("mwaa_ready"), qPrintable(got));
    }
    for (const auto& code : e.value("codes", Json::array())) {
        QVERIFY2(hasCode(r, code.get<std::string>()), qPrintable("missing " + QString::fromStdString(code) + got));
    }
    if (e.contains("codes_any") && !e["codes_any"].empty()) {
        const auto& any = e["codes_any"];
        QVERIFY2(std::any_of(any.begin(), any.end(), [&r](const Json& c) { return hasCode(r, c.get<std::string>()); }),
                 qPrintable("none of " + QString::fromStdString(any.dump()) + got));
    }
    for (const auto& code : e.value("no_codes", Json::array())) {
        QVERIFY2(!hasCode(r, code.get<std::string>()), qPrintable("unexpected " + QString::fromStdString(code) + got));
    }
    for (const auto& text : e.value("no_message_contains", Json::array())) {
        for (const auto& f : r.findings) {
            QVERIFY2(f.message.find(text.get<std::string>()) == std::string::npos, qPrintable(got));
        }
    }
    if (e.contains("severity")) {
        // The worst severity among the findings the case names (codes, codes_any), else among the MWAA ones.
        std::vector<std::string> named;
        for (const char* list : {"codes", "codes_any"}) {
            for (const auto& c : e.value(list, Json::array())) {
                named.push_back(c.get<std::string>());
            }
        }
        std::optional<Severity> worst;
        for (const auto& f : r.findings) {
            const bool counts = named.empty() ? f.code.rfind("MWAA_", 0) == 0
                                              : std::find(named.begin(), named.end(), f.code) != named.end();
            if (counts && (!worst || f.severity < *worst)) {
                worst = f.severity;
            }
        }
        QVERIFY2(worst, qPrintable("no MWAA finding" + got));
        Json ok = e.value("severity_acceptable", Json::array({e["severity"]}));
        QVERIFY2(std::find(ok.begin(), ok.end(), Json(std::string(severityName(*worst)))) != ok.end(),
                 qPrintable("severity " + QString::fromStdString(std::string(severityName(*worst))) + got));
    }
    // Null is never said without what it depends on; a decided verdict assumes nothing.
    QCOMPARE(r.mwaaVerdict() == MwaaVerdict::Depends,
             !r.assumptions.empty() && r.mwaaVerdict() != MwaaVerdict::NotReady);
}

} // namespace

class TestVerdicts : public QObject
{
    Q_OBJECT

private slots:
    void verdict_data()
    {
        QTest::addColumn<QString>("dir");
        QTest::addColumn<QString>("which");
        const QStringList classes = QDir(verdictsDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        QVERIFY(classes.size() >= 15);
        for (const QString& c : classes) {
            const QString dir = verdictsDir() + QLatin1Char('/') + c;
            QTest::newRow(qPrintable(c + QStringLiteral("/breaks"))) << dir << QStringLiteral("breaks");
            QTest::newRow(qPrintable(c + QStringLiteral("/works"))) << dir << QStringLiteral("works");
            if (readJson(dir + QStringLiteral("/expect.json")).contains("other_org")) {
                QTest::newRow(qPrintable(c + QStringLiteral("/other_org"))) << dir << QStringLiteral("other_org");
            }
        }
    }

    void verdict()
    {
        QFETCH(QString, dir);
        QFETCH(QString, which);
        const Json expect = readJson(dir + QStringLiteral("/expect.json"));
        QVERIFY(expect.is_object());
        Json context = expect.at("context");
        QString file = dir + QStringLiteral("/breaks.json");
        if (which == QLatin1String("works")) {
            file = dir + QStringLiteral("/works.json");
            context = expect.value("works_context", context);
        } else if (which == QLatin1String("other_org")) {
            context = expect["other_org"].at("context");
        }
        const CheckResult r = check(readText(file), optionsOf(context));
        expectCase(which == QLatin1String("breaks")      ? expect.at("breaks")
                       : which == QLatin1String("works") ? expect.at("works")
                                                         : expect.at("other_org"),
                   r);
    }

    // The fixes offered where the intent is unambiguous make a broken policy ready; where it is a choice, each choice
    // applied on its own resolves the finding (and "apply all fixes" applies none of them).
    void fixesAndChoicesMakeBrokenPoliciesReady_data()
    {
        QTest::addColumn<QString>("cls");
        QTest::addColumn<QString>("code");
        QTest::addColumn<bool>("choice");
        QTest::newRow("effect deny flipped") << "logs-effect-deny"
                                             << "MWAA_LOGS_DENIED" << false;
        QTest::newRow("principal moved to Service") << "logs-principal-under-aws"
                                                    << "MWAA_LOGS_PRINCIPAL_TYPE" << false;
        QTest::newRow("resource alias -> *") << "logs-resource-alias-arn"
                                             << "MWAA_LOGS_RESOURCE" << false;
        QTest::newRow("perimeter exemption") << "deny-viaawsservice-false"
                                             << "MWAA_LOGS_DENIED" << true;
        QTest::newRow("region: either half") << "region-disagreement"
                                             << "MWAA_REGION_CONFLICT" << true;
    }
    void fixesAndChoicesMakeBrokenPoliciesReady()
    {
        QFETCH(QString, cls);
        QFETCH(QString, code);
        QFETCH(bool, choice);
        const QString dir = verdictsDir() + QLatin1Char('/') + cls;
        const Json expect = readJson(dir + QStringLiteral("/expect.json"));
        CheckOptions options = optionsOf(expect.at("context"));
        const std::string text = readText(dir + QStringLiteral("/breaks.json"));
        const CheckResult broken = check(text, options);
        const auto it = std::find_if(broken.findings.begin(), broken.findings.end(), [&code](const Finding& f) {
            return f.code == code.toStdString();
        });
        QVERIFY2(it != broken.findings.end(), qPrintable(describe(broken)));
        std::vector<Json> patches;
        if (choice) {
            QVERIFY(!it->hasFix());
            QVERIFY2(it->hasChoices(), qPrintable(describe(broken)));
            for (const auto& c : it->choices) {
                patches.push_back(c.at("fix"));
            }
        } else {
            QVERIFY2(it->hasFix(), qPrintable(describe(broken)));
            patches.push_back(it->fix);
        }
        for (const Json& patch : patches) {
            const Json fixed = Json::parse(text).patch(patch);
            CheckOptions o = options;
            if (code == QLatin1String("MWAA_REGION_CONFLICT")) {
                o.context.region.clear(); // the region now follows from the policy: either one is consistent
            }
            const CheckResult after = check(fixed.dump(2), o);
            QVERIFY2(!hasCode(after, code.toStdString()),
                     qPrintable(QString::fromStdString(patch.dump()) + describe(after)));
            if (code == QLatin1String("MWAA_REGION_CONFLICT")) {
                // Either half is consistent; the verdict then depends on the region alone (the policy's claim).
                QVERIFY2(after.mwaaVerdict() == MwaaVerdict::Depends, qPrintable(describe(after)));
                for (const auto& a : after.assumptions) {
                    QVERIFY2(a.needed == "--region", qPrintable(describe(after)));
                }
                continue;
            }
            QVERIFY2(after.mwaaReady(), qPrintable(QString::fromStdString(patch.dump()) + describe(after)));
        }
    }

    // Applying every unambiguous fix never makes a broken policy look worse, and a "works" policy needs none.
    void fixesNeverBreakWorkingPolicies()
    {
        for (const QString& c : QDir(verdictsDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
            const QString dir = verdictsDir() + QLatin1Char('/') + c;
            const Json expect = readJson(dir + QStringLiteral("/expect.json"));
            const CheckOptions options = optionsOf(expect.value("works_context", expect.at("context")));
            const std::string text = readText(dir + QStringLiteral("/works.json"));
            const CheckResult before = check(text, options);
            QVERIFY2(before.mwaaReady(), qPrintable(c + describe(before)));
        }
    }
};

QTEST_GUILESS_MAIN(TestVerdicts)
#include "tst_verdicts.moc"
