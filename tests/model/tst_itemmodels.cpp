// SPDX-License-Identifier: GPL-3.0-or-later
// The item models: QAbstractItemModelTester on each while the document changes, and their data and edits.
#include "core/checker/Rules.h"
#include "model/ActionCatalogModel.h"
#include "model/ActionsModel.h"
#include "model/ConditionsModel.h"
#include "model/FindingsModel.h"
#include "model/JsonNodes.h"
#include "model/PolicyDocument.h"
#include "model/PrincipalsModel.h"
#include "model/QtConvert.h"
#include "model/ResourcesModel.h"
#include "model/StatementsModel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

using namespace kps;
using namespace kps::model;

namespace {

std::string readFixture(const char* name)
{
    QFile file(QStringLiteral(KPS_TEST_DATA_DIR "/editor/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    const QByteArray bytes = file.readAll();
    return std::string(bytes.constData(), static_cast<std::size_t>(bytes.size()));
}

Finding finding(const char* code, Severity severity, const char* pointer, int line, bool fix = false)
{
    Finding f;
    f.code = code;
    f.severity = severity;
    f.message = std::string("message of ") + code;
    f.location.pointer = pointer;
    f.location.span.line = line;
    f.location.span.column = 5;
    f.location.span.endLine = line;
    f.location.span.endColumn = 9;
    if (fix) {
        f.fix = nlohmann::json::parse(R"([{"op": "replace", "path": "/Statement/0/Effect", "value": "Deny"}])");
    }
    return f;
}

constexpr auto Fatal = QAbstractItemModelTester::FailureReportingMode::Fatal;

QString dump(const Json& json)
{
    return toQString(json.dump());
}

} // namespace

class TestItemModels : public QObject
{
    Q_OBJECT

private slots:
    void statementsModelFollowsTheDocument()
    {
        PolicyDocument doc;
        StatementsModel model(&doc);
        QAbstractItemModelTester tester(&model, Fatal);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), int(StatementsModel::ColumnCount));

        doc.load(readFixture("two-statements.json"));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, StatementsModel::SidColumn).data().toString(), QStringLiteral("Root"));
        QCOMPARE(model.index(1, StatementsModel::EffectColumn).data().toString(), QStringLiteral("Allow"));
        QCOMPARE(model.index(1, StatementsModel::PrincipalColumn).data().toString(),
                 QStringLiteral("AWS: arn:aws:iam::111122223333:role/App"));
        QCOMPARE(model.index(1, StatementsModel::ActionsColumn).data().toString(),
                 QStringLiteral("kms:Decrypt, kms:GenerateDataKey*"));
        QCOMPARE(model.index(1, StatementsModel::ConditionsColumn).data().toString(),
                 QStringLiteral("StringEquals kms:ViaService"));
        QCOMPARE(model.index(1, 0).data(PolicyTableModel::PointerRole).toString(), QStringLiteral("/Statement/1"));
        QCOMPARE(model.rowOfPointer("/Statement/1"), 1);

        // Only the changed row is signalled.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(doc.setValue("/Statement/1/Sid", Json("App")));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().first().toModelIndex().row(), 1);
        QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("App"));

        QVERIFY(doc.addStatement());
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(doc.moveStatement(2, 0));
        QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("Root"));
        QVERIFY(doc.removeStatement(0));
        QVERIFY(doc.removeStatement(0));
        QCOMPARE(model.rowCount(), 1);
        doc.undoStack()->setIndex(0);
        QCOMPARE(model.rowCount(), 2);
        // Broken text: the model keeps the last valid state.
        QVERIFY(doc.replaceText(QStringLiteral("{ broken")));
        QCOMPARE(model.rowCount(), 2);
        doc.load("{}");
        QCOMPARE(model.rowCount(), 0);
    }

    void statementsModelShowsTheWorstFinding()
    {
        PolicyDocument doc;
        doc.load(readFixture("two-statements.json"));
        StatementsModel model(&doc);
        QAbstractItemModelTester tester(&model, Fatal);
        model.setFindings({finding("A_WARNING", Severity::Warning, "/Statement/1/Action/0", 14),
                           finding("AN_ERROR", Severity::Error, "/Statement/1/Principal", 13),
                           finding("ROOT_LEVEL", Severity::Error, "", 1)});
        const QModelIndex badge = model.index(1, StatementsModel::FindingsColumn);
        QCOMPARE(badge.data(StatementsModel::WorstSeverityRole).toInt(), int(Severity::Error));
        QCOMPARE(badge.data(StatementsModel::FindingCountRole).toInt(), 2);
        QVERIFY(badge.data().toString().contains(QLatin1String("Error")));
        QVERIFY(!badge.data(Qt::DecorationRole).value<QIcon>().isNull());
        QCOMPARE(badge.data(Qt::DecorationRole).value<QIcon>().cacheKey(),
                 badge.data(Qt::DecorationRole).value<QIcon>().cacheKey()); // kept, not made per call
        QVERIFY(badge.data(Qt::ToolTipRole).toString().contains(QLatin1String("A_WARNING")));
        QCOMPARE(model.index(0, StatementsModel::FindingsColumn).data(StatementsModel::WorstSeverityRole).toInt(), -1);
        QVERIFY(model.index(0, StatementsModel::FindingsColumn).data().toString().isEmpty());
    }

    void partModelsFollowTheSelectedStatement()
    {
        PolicyDocument doc;
        doc.load(readFixture("two-statements.json"));
        PrincipalsModel principals(&doc);
        ActionsModel actions(&doc);
        ResourcesModel resources(&doc);
        ConditionsModel conditions(&doc);
        QAbstractItemModelTester t1(&principals, Fatal);
        QAbstractItemModelTester t2(&actions, Fatal);
        QAbstractItemModelTester t3(&resources, Fatal);
        QAbstractItemModelTester t4(&conditions, Fatal);
        QCOMPARE(actions.rowCount(), 0);
        for (StatementPartModel* m :
             std::initializer_list<StatementPartModel*>{&principals, &actions, &resources, &conditions}) {
            m->setStatement(1);
        }
        QCOMPARE(principals.rowCount(), 1);
        QCOMPARE(principals.index(0, PrincipalsModel::TypeColumn).data().toString(), QStringLiteral("AWS"));
        QCOMPARE(principals.elementPointer(), std::string("/Statement/1/Principal"));
        QCOMPARE(actions.rowCount(), 2);
        QCOMPARE(actions.index(0, ActionsModel::AccessLevelColumn).data().toString(), QStringLiteral("Write"));
        const QStringList expansion = actions.index(1, 0).data(ActionsModel::ExpansionRole).toStringList();
        QVERIFY(expansion.contains(QStringLiteral("kms:GenerateDataKeyWithoutPlaintext")));
        QVERIFY(!expansion.contains(QStringLiteral("kms:Decrypt")));
        QCOMPARE(resources.rowCount(), 1);
        QCOMPARE(conditions.rowCount(), 1);
        QCOMPARE(conditions.index(0, ConditionsModel::KeyColumn).data().toString(), QStringLiteral("kms:ViaService"));
        QCOMPARE(conditions.index(0, ConditionsModel::KeyTypeColumn).data().toString(), QStringLiteral("String"));
        QCOMPARE(conditions.index(0, 0).data(ConditionsModel::ValuesRole).toStringList(),
                 QStringList{QStringLiteral("s3.us-east-1.amazonaws.com")});

        // Edits through the models are commands.
        QVERIFY(actions.setData(actions.index(0, ActionsModel::ActionColumn), QStringLiteral("kms:Encrypt")));
        QCOMPARE(dump(*findNode(doc.json(), "/Statement/1/Action/0")), dump(Json("kms:Encrypt")));
        QCOMPARE(doc.undoStack()->count(), 1);
        QVERIFY(conditions.setData(conditions.index(0, ConditionsModel::ValuesColumn), QStringLiteral("a, b")));
        QCOMPARE(dump(*findNode(doc.json(), "/Statement/1/Condition/StringEquals/kms:ViaService")),
                 dump(Json::parse(R"(["a","b"])")));
        QVERIFY(conditions.setData(conditions.index(0, ConditionsModel::OperatorColumn), QStringLiteral("StringLike")));
        QVERIFY(findNode(doc.json(), "/Statement/1/Condition/StringLike/kms:ViaService"));
        QVERIFY(principals.setData(principals.index(0, PrincipalsModel::ValueColumn), QStringLiteral("111122223333")));
        QCOMPARE(dump(*findNode(doc.json(), "/Statement/1/Principal/AWS")), dump(Json("111122223333")));
        QVERIFY(resources.setData(resources.index(0, 0), QStringLiteral("arn:aws:kms:*")));
        QCOMPARE(doc.undoStack()->count(), 5);
        QVERIFY(!(principals.flags(principals.index(0, PrincipalsModel::TypeColumn)) & Qt::ItemIsEditable));

        // Switching statements and undoing everything.
        for (StatementPartModel* m :
             std::initializer_list<StatementPartModel*>{&principals, &actions, &resources, &conditions}) {
            m->setStatement(0);
        }
        QCOMPARE(conditions.rowCount(), 0);
        QCOMPARE(actions.rowCount(), 1);
        doc.undoStack()->setIndex(0);
        for (StatementPartModel* m :
             std::initializer_list<StatementPartModel*>{&principals, &actions, &resources, &conditions}) {
            m->setStatement(5);
            QCOMPARE(m->rowCount(), 0);
        }
    }

    void principalValidation_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("valid");
        QTest::newRow("account id") << "AWS"
                                    << "111122223333" << true;
        QTest::newRow("root arn") << "AWS"
                                  << "arn:aws:iam::111122223333:root" << true;
        QTest::newRow("role arn") << "AWS"
                                  << "arn:aws:iam::111122223333:role/path/Name" << true;
        QTest::newRow("china role") << "AWS"
                                    << "arn:aws-cn:iam::111122223333:role/Name" << true;
        QTest::newRow("wildcard") << "AWS"
                                  << "*" << true;
        QTest::newRow("short account") << "AWS"
                                       << "1111" << false;
        QTest::newRow("s3 arn") << "AWS"
                                << "arn:aws:s3:::bucket" << false;
        QTest::newRow("service") << "Service"
                                 << "logs.eu-west-1.amazonaws.com" << true;
        QTest::newRow("bad service") << "Service"
                                     << "logs" << false;
        QTest::newRow("everyone") << "*"
                                  << "" << true;
        QTest::newRow("empty") << "AWS"
                               << "" << false;
    }
    void principalValidation()
    {
        QFETCH(QString, type);
        QFETCH(QString, value);
        QFETCH(bool, valid);
        QCOMPARE(PrincipalsModel::problem(type, value).isEmpty(), valid);
    }

    void actionCatalogChecksAgainstTheStatement()
    {
        PolicyDocument doc;
        doc.load(readFixture("two-statements.json"));
        ActionCatalogModel catalog(&doc);
        QAbstractItemModelTester tester(&catalog, Fatal);
        QVERIFY(catalog.rowCount() >= 4);
        QCOMPARE(catalog.index(0, 0).data(ActionCatalogModel::AccessLevelRole).toString(), QStringLiteral("Read"));
        const QModelIndex decrypt = catalog.indexOfAction(QStringLiteral("kms:decrypt"));
        QVERIFY(decrypt.isValid());
        QCOMPARE(decrypt.data(ActionCatalogModel::ActionNameRole).toString(), QStringLiteral("kms:Decrypt"));
        QCOMPARE(decrypt.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
        QVERIFY(!(catalog.flags(decrypt) & Qt::ItemIsUserCheckable));

        QSignalSpy changed(&catalog, &QAbstractItemModel::dataChanged);
        catalog.setStatement(1);
        QVERIFY(changed.count() > 0);
        QCOMPARE(decrypt.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        const QModelIndex withoutPlaintext
            = catalog.indexOfAction(QStringLiteral("kms:GenerateDataKeyWithoutPlaintext"));
        QCOMPARE(withoutPlaintext.data(Qt::CheckStateRole).toInt(), int(Qt::PartiallyChecked));
        const QModelIndex encrypt = catalog.indexOfAction(QStringLiteral("kms:Encrypt"));
        QCOMPARE(encrypt.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));

        // Checking adds the action, unchecking removes it: one command each.
        QVERIFY(catalog.setData(encrypt, Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(dump(*findNode(doc.json(), "/Statement/1/Action/2")), dump(Json("kms:Encrypt")));
        QCOMPARE(encrypt.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QVERIFY(catalog.setData(decrypt, Qt::Unchecked, Qt::CheckStateRole));
        QCOMPARE(dump(*findNode(doc.json(), "/Statement/1/Action")),
                 dump(Json::parse(R"(["kms:GenerateDataKey*", "kms:Encrypt"])")));
        QCOMPARE(doc.undoStack()->count(), 2);
        // A wildcard's coverage cannot be unchecked action by action.
        QVERIFY(!catalog.setData(withoutPlaintext, Qt::Unchecked, Qt::CheckStateRole));
        catalog.setStatement(0); // kms:* covers everything
        QCOMPARE(encrypt.data(Qt::CheckStateRole).toInt(), int(Qt::PartiallyChecked));
    }

    void findingsModelAndFilter()
    {
        FindingsModel model;
        FindingsFilterModel filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester tester(&model, Fatal);
        QAbstractItemModelTester filterTester(&filter, Fatal);
        QCOMPARE(model.rowCount(), 0);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setFindings({finding("JSON_SYNTAX", Severity::Error, "", 1),
                           finding("SOMETHING_RISKY", Severity::Security, "/Statement/0/Principal", 3, true),
                           finding("MWAA_REGION_UNKNOWN", Severity::Suggestion, "", 1)});
        QCOMPARE(reset.count(), 1);
        model.setFindings(model.findings()); // same findings: no reset, the selection stays
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 3);
        const QModelIndex risky = model.index(1, FindingsModel::SeverityColumn);
        QCOMPARE(risky.data().toString(), QStringLiteral("Security"));
        QVERIFY(!risky.data(Qt::DecorationRole).value<QIcon>().isNull());
        // One icon per severity, kept by the model: a new QIcon per data() call re-read and re-rendered its SVG at
        // every paint of every row, half the time of a keystroke in a 32 KB policy (docs/performance.md).
        QCOMPARE(risky.data(Qt::DecorationRole).value<QIcon>().cacheKey(),
                 risky.data(Qt::DecorationRole).value<QIcon>().cacheKey());
        QVERIFY(risky.data(Qt::DecorationRole).value<QIcon>().cacheKey()
                != model.index(0, FindingsModel::SeverityColumn).data(Qt::DecorationRole).value<QIcon>().cacheKey());
        QCOMPARE(risky.data(FindingsModel::SeverityRole).toInt(), int(Severity::Security));
        QCOMPARE(risky.data(FindingsModel::CodeRole).toString(), QStringLiteral("SOMETHING_RISKY"));
        QCOMPARE(risky.data(FindingsModel::PointerRole).toString(), QStringLiteral("/Statement/0/Principal"));
        QCOMPARE(risky.data(FindingsModel::LineRole).toInt(), 3);
        QCOMPARE(risky.data(FindingsModel::ColumnRole).toInt(), 5);
        QVERIFY(risky.data(FindingsModel::HasFixRole).toBool());
        QCOMPARE(model.index(1, FindingsModel::LocationColumn).data().toString(), QStringLiteral("line 3, column 5"));
        QVERIFY(model.index(1, FindingsModel::MessageColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QLatin1String("SOMETHING_RISKY")));
        QCOMPARE(model.indexOf("MWAA_REGION_UNKNOWN", "").row(), 2);

        filter.setMinimumSeverity(Severity::Security);
        QCOMPARE(filter.rowCount(), 2);
        filter.setMinimumSeverity(Severity::Error);
        QCOMPARE(filter.rowCount(), 1);
        filter.setMinimumSeverity(std::nullopt);
        filter.setText(QStringLiteral("region"));
        QCOMPARE(filter.rowCount(), 1);
        QCOMPARE(filter.index(0, FindingsModel::CodeColumn).data().toString(), QStringLiteral("MWAA_REGION_UNKNOWN"));
        filter.setText(QStringLiteral("/statement/0"));
        QCOMPARE(filter.rowCount(), 1);
        filter.setText({});
        model.setFindings({});
        QCOMPARE(filter.rowCount(), 0);
    }
};

QTEST_MAIN(TestItemModels)
#include "tst_itemmodels.moc"
