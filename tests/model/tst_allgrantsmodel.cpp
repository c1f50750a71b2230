// SPDX-License-Identifier: GPL-3.0-or-later
// AllGrantsModel: every grant of the listing, with its class and the findings located in it.
#include "core/checker/Checker.h"
#include "core/mwaa/GrantMatrix.h"
#include "core/mwaa/GrantRules.h"
#include "core/mwaa/Grants.h"
#include "model/AllGrantsModel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QIcon>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace kps;
using model::AllGrantsModel;

namespace {

GrantsDocument listing(const char* name)
{
    QFile file(QStringLiteral(KPS_TEST_DATA_DIR "/grants/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly)) {
        qFatal("cannot open %s", name);
    }
    const QByteArray data = file.readAll();
    return mwaa::readGrantsDocument(std::string(data.constData(), static_cast<std::size_t>(data.size())), name).value();
}

MwaaContext analytics()
{
    MwaaContext c;
    c.environment = "analytics";
    c.region = "eu-west-1";
    c.account = "111122223333";
    return c;
}

/** Sets the model to the audit of a listing, with the findings the check reports for it. */
void show(AllGrantsModel& model, const char* name)
{
    const GrantsDocument document = listing(name);
    const mwaa::GrantList list = mwaa::readGrants(document.document.json());
    const mwaa::GrantAudit audit = mwaa::auditGrants(analytics(), {"analytics"}, &list);
    model.setAudit(audit, mwaa::grantFindings(audit, &document).findings);
}

} // namespace

class TestAllGrantsModel : public QObject
{
    Q_OBJECT

private slots:
    void shouldHaveDefaultValues()
    {
        AllGrantsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), static_cast<int>(AllGrantsModel::ColumnCount));
        QCOMPARE(model.headerData(AllGrantsModel::RetiringColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Retiring principal"));
        QVERIFY(!model.indexFromPointer(QStringLiteral("/Grants/0")).isValid());
    }

    void everyGrantWithItsClass()
    {
        AllGrantsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        show(model, "rds-and-mwaa-extra.json");
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 7);
        QCOMPARE(model.index(0, AllGrantsModel::NameColumn).data().toString(),
                 QStringLiteral("mwaa-grant-for-env-mgmt-role-analytics"));
        QCOMPARE(model.index(0, AllGrantsModel::ClassColumn).data().toString(), QStringLiteral("MWAA (analytics)"));
        QCOMPARE(model.index(0, 0).data(AllGrantsModel::MatrixRowRole).toInt(), 0);
        QCOMPARE(model.index(4, AllGrantsModel::ClassColumn).data().toString(),
                 QStringLiteral("AWS service (rds.eu-west-1.amazonaws.com)"));
        QCOMPARE(model.index(5, 0).data(AllGrantsModel::ClassRole).toString(), QStringLiteral("aws-service"));
        QCOMPARE(model.index(4, AllGrantsModel::OperationsColumn).data().toString(),
                 QStringLiteral("Decrypt, GenerateDataKey, DescribeKey, CreateGrant, RetireGrant"));
        QVERIFY(model.index(4, AllGrantsModel::ConstraintsColumn)
                    .data()
                    .toString()
                    .contains(QStringLiteral("aws:rds:db-id")));
        // Short forms in the cells, the whole text in the tooltip.
        QCOMPARE(model.index(0, AllGrantsModel::CreatedColumn).data().toString(), QStringLiteral("2024-06-10"));
        QVERIFY(model.index(0, AllGrantsModel::CreatedColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("Created: 2024-06-10T06:13:21Z")));
        QCOMPARE(model.index(0, AllGrantsModel::RetiringColumn).data().toString(), QStringLiteral("the grantee"));
        QCOMPARE(model.index(5, AllGrantsModel::RetiringColumn).data().toString(),
                 QStringLiteral("rds.eu-west-1.amazonaws.com"));
        QCOMPARE(model.index(4, AllGrantsModel::NameColumn).data().toString(), QStringLiteral("ID 053f8a2c9e7b…"));
        QCOMPARE(model.index(6, 0).data(AllGrantsModel::MatrixRowRole).toInt(), -1);
        // The RDS grant's constraint is only quoted (a suggestion): its worst severity.
        QCOMPARE(model.index(4, 0).data(AllGrantsModel::WorstSeverityRole).toInt(),
                 static_cast<int>(Severity::Suggestion));
        QCOMPARE(model.index(0, 0).data(AllGrantsModel::WorstSeverityRole).toInt(), -1);
        QVERIFY(!model.index(0, 0).data(Qt::DecorationRole).isValid());
        QVERIFY(model.index(4, 0).data(Qt::DecorationRole).canConvert<QIcon>());
    }

    void findingsOfAGrant()
    {
        AllGrantsModel model;
        show(model, "cross-account.json");
        const QModelIndex partner = model.indexFromPointer(QStringLiteral("/Grants/4/Operations/1"));
        QVERIFY(partner.isValid());
        QCOMPARE(partner.row(), 4);
        QCOMPARE(model.grantFromIndex(partner)->grant.name, std::string("partner-etl"));
        QCOMPARE(partner.data(AllGrantsModel::FindingCodesRole).toStringList(),
                 QStringList({QStringLiteral("GRANT_CROSS_ACCOUNT"),
                              QStringLiteral("GRANT_CROSS_ACCOUNT"),
                              QStringLiteral("GRANT_CAN_REGRANT")}));
        QCOMPARE(partner.data(AllGrantsModel::WorstSeverityRole).toInt(), static_cast<int>(Severity::Security));
        const QString tip = partner.data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QStringLiteral("GRANT_CAN_REGRANT")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("444455556666")), qPrintable(tip));
        QCOMPARE(model.index(4, AllGrantsModel::ClassColumn).data().toString(),
                 QStringLiteral("another account (444455556666)"));
        // /Grants/4 is not /Grants/40: pointers match whole tokens.
        QVERIFY(!model.indexFromPointer(QStringLiteral("/Grants/40")).isValid());
    }

    void filterOnAnyColumn()
    {
        AllGrantsModel model;
        show(model, "cross-account.json");
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setFilterKeyColumn(-1);
        proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setFilterFixedString(QStringLiteral("444455556666"));
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setFilterFixedString(QStringLiteral("ANOTHER ACCOUNT"));
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setFilterFixedString(QStringLiteral("retiregrant"));
        QCOMPARE(proxy.rowCount(), 3); // env-mgmt, lambda-exec, fargate
        proxy.setFilterFixedString(QString());
        QCOMPARE(proxy.rowCount(), 5);
    }
};

QTEST_MAIN(TestAllGrantsModel)
#include "tst_allgrantsmodel.moc"
