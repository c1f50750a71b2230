// SPDX-License-Identifier: GPL-3.0-or-later
// LiveChecker: debounced, off the GUI thread, never delivers a result for an older text.
#include "model/LiveChecker.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"

#include <QSignalSpy>
#include <QTest>

using namespace kps;
using namespace kps::model;

namespace {

// No region anywhere in it: the MWAA profile cannot infer one.
const char* const Policy = R"({
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Root",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
            "Action": "kms:*",
            "Resource": "*"
        }
    ]
}
)";

bool hasCode(const CheckResult& result, const char* code)
{
    for (const Finding& f : result.findings) {
        if (f.code == code) {
            return true;
        }
    }
    return false;
}

} // namespace

class TestLiveChecker : public QObject
{
    Q_OBJECT

private slots:
    void shouldHaveDefaultValues()
    {
        PolicyDocument doc;
        LiveChecker checker(&doc);
        QCOMPARE(checker.interval(), 200);
        QVERIFY(checker.options().mwaa);
        QVERIFY(checker.options().context.region.empty());
        QVERIFY(checker.options().context.environment.empty());
        QCOMPARE(checker.resultRevision(), quint64(0));
    }

    void checksAfterLoadAndAfterEdits()
    {
        PolicyDocument doc;
        LiveChecker checker(&doc);
        QSignalSpy checked(&checker, &LiveChecker::checked);
        doc.load(Policy);
        QTRY_VERIFY(checker.isUpToDate() && !checker.isPending());
        QVERIFY(checked.count() >= 1);
        QVERIFY(hasCode(checker.result(), "MWAA_REGION_UNKNOWN"));
        QVERIFY(!hasCode(checker.result(), "JSON_SYNTAX"));

        // Break the text: the parser's finding arrives after the pause.
        QVERIFY(doc.replaceText(doc.displayText().replace(QStringLiteral("\"Root\","), QStringLiteral("\"Root\""))));
        QVERIFY(checker.isPending());
        QTRY_VERIFY(checker.isUpToDate() && !checker.isPending());
        QVERIFY(hasCode(checker.result(), "JSON_SYNTAX"));
        QVERIFY(!checker.result().mwaaReady());
    }

    void optionsReachTheChecker()
    {
        PolicyDocument doc;
        doc.load(Policy);
        LiveChecker checker(&doc);
        QSignalSpy changed(&checker, &LiveChecker::optionsChanged);
        CheckOptions options;
        options.context.region = "eu-west-1";
        checker.setOptions(options);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(checker.options().context.region, std::string("eu-west-1"));
        QTRY_VERIFY(checker.isUpToDate() && !checker.isPending());
        QVERIFY(!hasCode(checker.result(), "MWAA_REGION_UNKNOWN"));
        QCOMPARE(checker.result().context.region, std::string("eu-west-1"));
    }

    void neverDeliversAStaleResult()
    {
        PolicyDocument doc;
        doc.load(Policy);
        LiveChecker checker(&doc);
        checker.setInterval(1);
        int delivered = 0;
        bool allCurrent = true;
        connect(&checker, &LiveChecker::checked, this, [&](const CheckResult& result) {
            ++delivered;
            // Each delivered result belongs to the text as it is at delivery.
            allCurrent = allCurrent && checker.resultRevision() == doc.revision()
                && hasCode(result, "JSON_SYNTAX") == !doc.isValid();
        });
        QString text = doc.displayText();
        for (int i = 0; i < 30; ++i) {
            text.insert(1, i % 2 ? QStringLiteral(" ") : QStringLiteral("x"));
            QVERIFY(doc.replaceText(text));
            checker.checkNow(); // many overlapping checks
            if (i % 5 == 0) {
                QCoreApplication::processEvents();
            }
        }
        QTRY_VERIFY(checker.isUpToDate() && !checker.isPending());
        QVERIFY(delivered >= 1);
        QVERIFY(allCurrent);
        QVERIFY(hasCode(checker.result(), "JSON_SYNTAX"));
    }

    /// The requests of one turn of the event loop (a load, then the MWAA context's options) make one check; a
    /// request while a check runs waits for it instead of running a second check beside it.
    void requestsTogetherMakeOneCheck()
    {
        PolicyDocument doc;
        LiveChecker checker(&doc);
        const quint64 before = checker.checksStarted();
        doc.load(Policy); // checkNow() through loaded()
        checker.setOptions(checker.options()); // checkNow() again, as the MWAA panel does after a load
        checker.checkNow();
        QVERIFY(checker.isPending());
        QTRY_VERIFY(checker.isUpToDate() && !checker.isPending());
        QCOMPARE(checker.checksStarted(), before + 1);
        QVERIFY(!hasCode(checker.result(), "JSON_SYNTAX"));

        // A request while the check runs: the running one's result is stale and the newest state is checked after it.
        checker.checkNow();
        QCoreApplication::processEvents(); // starts it
        QVERIFY(doc.replaceText(QStringLiteral("{")));
        checker.checkNow();
        QTRY_VERIFY(checker.isUpToDate() && !checker.isPending());
        QVERIFY(hasCode(checker.result(), "JSON_SYNTAX"));
    }

    void destroyingWhileCheckingIsSafe()
    {
        PolicyDocument doc;
        doc.load(Policy);
        auto checker = std::make_unique<LiveChecker>(&doc);
        checker->checkNow();
        checker->checkNow();
        checker.reset();
        QCoreApplication::processEvents();
        QVERIFY(doc.isValid());
    }
};

QTEST_GUILESS_MAIN(TestLiveChecker)
#include "tst_livechecker.moc"
