// SPDX-License-Identifier: GPL-3.0-or-later
// GrantMatrixModel over core's grant matrix, and the MWAA context sidecar.
#include "core/mwaa/GrantMatrix.h"
#include "core/mwaa/Grants.h"
#include "model/ContextSidecar.h"
#include "model/GrantMatrixModel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace kps;
using model::GrantMatrixModel;
using mwaa::CellState;

namespace {

MwaaContext analytics()
{
    MwaaContext c;
    c.environment = "analytics";
    c.region = "eu-west-1";
    c.partition = "aws";
    c.account = "111122223333";
    c.key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    c.environmentSource = c.regionSource = c.accountSource = c.keySource = ContextSource::Given;
    c.partitionSource = ContextSource::Inferred;
    return c;
}

mwaa::GrantList grantsFile(const char* name)
{
    QFile file(QStringLiteral(KPS_TEST_DATA_DIR "/grants/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    const QByteArray data = file.readAll();
    return mwaa::readGrantsText(std::string(data.constData(), static_cast<std::size_t>(data.size()))).value();
}

/** The matrix of the context's environment: the audit's first (the given environment comes first). */
mwaa::GrantMatrix matrixOf(const MwaaContext& c, const mwaa::GrantList* list = nullptr)
{
    return mwaa::auditGrants(c, {c.environment}, list).environments.front();
}

CellState stateAt(const GrantMatrixModel& m, int row, int column)
{
    return static_cast<CellState>(m.index(row, column).data(GrantMatrixModel::CellStateRole).toInt());
}

} // namespace

class TestGrantMatrixModel : public QObject
{
    Q_OBJECT

private slots:
    void withoutGrantsShowsRequired();
    void completeGrantsArePresent();
    void missingGrantShowsMissingByTextAndIcon();
    void wrongPrincipalIsNeverPresent();
    void truncatedListingDepends();
    void tooltipsNameGrantAndOperations();
    void sidecarRoundTrip();
    void sidecarRejectsForeignFiles();
};

void TestGrantMatrixModel::withoutGrantsShowsRequired()
{
    GrantMatrixModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0); // no matrix yet: empty until the first check sets one
    model.setMatrix(matrixOf(analytics()));
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.columnCount(), 7);
    QCOMPARE(model.headerData(0, Qt::Vertical).toString(), QStringLiteral("mwaa-grant-for-env-mgmt-role-analytics"));
    QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), QStringLiteral("ReEncrypt*"));
    // Grant 1 (env mgmt role) needs every operation of the page, RetireGrant included.
    for (int column = 0; column < 7; ++column) {
        QCOMPARE(stateAt(model, 0, column), CellState::Required);
        QCOMPARE(model.index(0, column).data().toString(), QStringLiteral("● required"));
    }
    // Grant 3 (cfn mgmt) has no RetireGrant (kms-facts 5.5).
    QCOMPARE(stateAt(model, 2, 6), CellState::NotRequired);
    QCOMPARE(model.index(2, 6).data(GrantMatrixModel::CellStateNameRole).toString(), QStringLiteral("not-required"));
}

void TestGrantMatrixModel::completeGrantsArePresent()
{
    GrantMatrixModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const mwaa::GrantList list = grantsFile("complete.json");
    model.setMatrix(matrixOf(analytics(), &list));
    for (int column = 0; column < 7; ++column) {
        QCOMPARE(stateAt(model, 0, column), CellState::Present);
        QCOMPARE(model.index(0, column).data().toString(), QStringLiteral("✔ present"));
    }
    QCOMPARE(stateAt(model, 2, 6), CellState::NotRequired);
    QVERIFY(!model.index(0, 0).data(GrantMatrixModel::GrantIdRole).toString().isEmpty());
}

void TestGrantMatrixModel::missingGrantShowsMissingByTextAndIcon()
{
    GrantMatrixModel model;
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    const mwaa::GrantList list = grantsFile("missing-one.json");
    model.setMatrix(matrixOf(analytics(), &list));
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.index(2, 0).data(GrantMatrixModel::GrantNameRole).toString(),
             QStringLiteral("mwaa-grant-for-cfn-mgmt-analytics"));
    QCOMPARE(stateAt(model, 2, 0), CellState::Missing);
    QCOMPARE(model.index(2, 0).data().toString(), QStringLiteral("✘ missing"));
    // A screen reader hears the word, without the mark.
    QCOMPARE(model.index(2, 0).data(Qt::AccessibleTextRole).toString(), QStringLiteral("missing"));
    QVERIFY(model.index(2, 0).data(GrantMatrixModel::GrantIdRole).toString().isEmpty());
    QCOMPARE(stateAt(model, 0, 0), CellState::Present);
    // One mark per cell: the mark is in the text, no icon besides it (a cell used to read "✔ ✔ present").
    for (int row = 0; row < model.rowCount(); ++row) {
        for (int column = 0; column < model.columnCount(); ++column) {
            QVERIFY(!model.index(row, column).data(Qt::DecorationRole).isValid());
        }
    }
}

void TestGrantMatrixModel::wrongPrincipalIsNeverPresent()
{
    GrantMatrixModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const mwaa::GrantList list = grantsFile("other-region.json");
    model.setMatrix(matrixOf(analytics(), &list));
    for (int row = 0; row < 4; ++row) {
        for (int column = 0; column < 7; ++column) {
            QVERIFY(stateAt(model, row, column) != CellState::Present);
        }
    }
    QCOMPARE(stateAt(model, 0, 0), CellState::WrongPrincipal);
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("⚠ wrong principal"));
    QCOMPARE(model.index(0, 0).data(GrantMatrixModel::CellStateNameRole).toString(), QStringLiteral("wrong-principal"));
    const QString tip = model.index(0, 0).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("airflow.us-east-1.amazonaws.com, expected airflow.eu-west-1.amazonaws.com")),
             qPrintable(tip));
    QVERIFY(!tip.contains(QStringLiteral("present:")));
    QCOMPARE(model.index(0, 0).data(GrantMatrixModel::GrantPointerRole).toString(), QStringLiteral("/Grants/0"));
}

void TestGrantMatrixModel::truncatedListingDepends()
{
    GrantMatrixModel model;
    const mwaa::GrantList list = grantsFile("paginated-truncated.json");
    model.setMatrix(matrixOf(analytics(), &list));
    QCOMPARE(stateAt(model, 0, 0), CellState::Present);
    QCOMPARE(stateAt(model, 2, 0), CellState::Depends); // not on the page read: it may be on the next
    QCOMPARE(model.index(2, 0).data().toString(), QStringLiteral("? depends"));
    const QString tip = model.index(2, 0).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("truncated")), qPrintable(tip));
}

void TestGrantMatrixModel::tooltipsNameGrantAndOperations()
{
    GrantMatrixModel model;
    const mwaa::GrantList list = grantsFile("complete.json");
    model.setMatrix(matrixOf(analytics(), &list));
    const QString tip = model.index(0, 3).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("mwaa-grant-for-env-mgmt-role-analytics")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("013f8a2c9e7b1d4056a9c8e2f1b3d5a7c9e0f2b4d6a8c1e3f5a7b9d0c2e4f6a8")),
             qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("airflow.eu-west-1.amazonaws.com")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("GenerateDataKey, GenerateDataKeyWithoutPlaintext")), qPrintable(tip));
    QCOMPARE(model.index(0, 2).data(GrantMatrixModel::OperationsRole).toStringList(),
             QStringList({QStringLiteral("ReEncryptFrom"), QStringLiteral("ReEncryptTo")}));
    QVERIFY(model.roleNames().contains(GrantMatrixModel::CellStateRole));
}

void TestGrantMatrixModel::sidecarRoundTrip()
{
    QTemporaryDir dir;
    const QString policy = dir.filePath(QStringLiteral("key.json"));
    QCOMPARE(model::sidecar::pathFor(policy), dir.filePath(QStringLiteral("key.json.kpsctx.json")));
    QVERIFY(!model::sidecar::read(policy));
    MwaaContext c = analytics();
    QString error;
    QVERIFY2(model::sidecar::write(policy, c, &error), qPrintable(error));
    const auto back = model::sidecar::read(policy, &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->environment, c.environment);
    QCOMPARE(back->region, c.region);
    QCOMPARE(back->account, c.account);
    QCOMPARE(back->key, c.key);
    QCOMPARE(back->regionSource, ContextSource::Given);
    QVERIFY(back->partition.empty()); // inferred values are not stored
    // An empty context removes the file.
    QVERIFY(model::sidecar::write(policy, MwaaContext{}, &error));
    QVERIFY(!QFile::exists(model::sidecar::pathFor(policy)));
}

void TestGrantMatrixModel::sidecarRejectsForeignFiles()
{
    QString error;
    QVERIFY(!model::sidecar::parse("{\"Version\": \"2012-10-17\"}", &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!model::sidecar::parse("{ not json", &error));
    const auto partial = model::sidecar::parse("{\"kpsContext\": 1, \"region\": \"us-west-2\", \"key\": 7}");
    QVERIFY(partial);
    QCOMPARE(partial->region, std::string("us-west-2"));
    QVERIFY(partial->key.empty());
}

QTEST_MAIN(TestGrantMatrixModel)
#include "tst_grantmatrixmodel.moc"
