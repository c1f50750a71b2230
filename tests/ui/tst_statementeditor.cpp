// SPDX-License-Identifier: GPL-3.0-or-later
// The Statement editor form, driven through its widgets: validation as you type, previews, one command per edit.
#include "model/ActionCatalogModel.h"
#include "model/ConditionsModel.h"
#include "model/JsonNodes.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"
#include "model/StatementsModel.h"
#include "ui/MessageBox.h"
#include "ui/StatementEditor.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QFile>
#include <QGroupBox>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTreeView>
#include <QUndoStack>

using namespace kps;
using namespace kps::ui;
using model::PolicyDocument;

namespace {

std::string readFixture(const char* name)
{
    QFile file(QStringLiteral(KPS_TEST_DATA_DIR "/editor/") + QLatin1String(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll().toStdString() : std::string();
}

QString dump(const PolicyDocument& doc, const char* pointer)
{
    const Json* node = model::findNode(doc.json(), pointer);
    return node ? model::toQString(node->dump()) : QStringLiteral("<missing>");
}

/** A policy with one statement per element kind the form must show as it is. */
const char* const kEveryKind = R"json({
  "Version": "2012-10-17",
  "Id": "key-policy-1",
  "X-Team": {"owner": "data"},
  "Statement": [
    {
      "Sid": "DenyOthers",
      "Effect": "Deny",
      "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/Admin"},
      "NotAction": ["kms:Describe*", "kms:List*"],
      "NotResource": "arn:aws:kms:us-east-1:111122223333:key/other",
      "Comment": "kept as written"
    },
    {
      "Sid": "Typed",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"},
      "Action": "kms:Decrypt",
      "Resource": "*",
      "Condition": {
        "Bool": {"aws:SecureTransport": true, "aws:ViaAWSService": "true"},
        "NumericLessThanEquals": {"kms:ExpirationTime": 3600.50},
        "StringEquals": {"kms:CallerAccount": "111122223333", "kms:ViaService": "s3.us-east-1.amazonaws.com"}
      }
    },
    {
      "Sid": "Everyone",
      "Effect": "Allow",
      "Principal": "*",
      "Action": ["kms:Decrypt"],
      "Resource": "*",
      "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"}}
    }
  ]
}
)json";

/** A Condition that holds StringEquals twice (the DOM has the first only). */
const char* const kDuplicate = R"json({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Dup",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"},
      "Action": "kms:Decrypt",
      "Resource": "*",
      "Condition": {
        "StringEquals": {"kms:CallerAccount": "111122223333"},
        "StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}
      }
    }
  ]
}
)json";

} // namespace

class TestStatementEditor : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<PolicyDocument> m_doc;
    std::unique_ptr<StatementEditor> m_editor;

    template <typename T>
    T* child(const char* name)
    {
        T* widget = m_editor->findChild<T*>(QLatin1String(name));
        if (!widget) {
            qWarning("no child %s", name);
        }
        return widget;
    }
    int steps() const { return m_doc->undoStack()->count(); }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        // A question no test queued an answer for returns its default (No) instead of blocking.
        MessageBox::setNonInteractive(true);
    }

    void init()
    {
        m_doc = std::make_unique<PolicyDocument>();
        m_editor = std::make_unique<StatementEditor>(m_doc.get());
        m_editor->resize(900, 700);
        m_editor->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_editor.get()));
    }

    void cleanup()
    {
        m_editor.reset();
        m_doc.reset();
    }

    void shouldHaveDefaultValues()
    {
        QCOMPARE(m_editor->statement(), -1);
        QVERIFY(m_editor->isReadOnly());
        QCOMPARE(m_editor->accessibleName(), QStringLiteral("Statement editor"));
        for (const char* name : {"sid", "effect", "principals", "actions", "resources", "conditions"}) {
            QVERIFY2(m_editor->findChild<QWidget*>(QLatin1String(name)), name);
        }
        QCOMPARE(child<QLineEdit>("sid")->accessibleName(), QStringLiteral("Sid"));
        QCOMPARE(child<QComboBox>("effect")->accessibleName(), QStringLiteral("Effect"));
        QCOMPARE(child<QGroupBox>("principals")->accessibleName(), QStringLiteral("Principals"));
        QCOMPARE(child<QGroupBox>("actions")->accessibleName(), QStringLiteral("Actions"));
        QCOMPARE(child<QGroupBox>("resources")->accessibleName(), QStringLiteral("Resources"));
        QCOMPARE(child<QGroupBox>("conditions")->accessibleName(), QStringLiteral("Conditions"));
        QVERIFY(child<QLineEdit>("sid")->text().isEmpty());
        QVERIFY(!child<QLineEdit>("sid")->isEnabled());
        QVERIFY(!child<QComboBox>("effect")->isEnabled());
        QVERIFY(!child<QPushButton>("addPrincipal")->isEnabled());
        QVERIFY(!child<QPushButton>("addAction")->isEnabled());
        QCOMPARE(child<QTableView>("principalsTable")->model()->rowCount(), 0);
        QVERIFY(child<QLabel>("readOnlyHint")->isVisible());
        QVERIFY(!child<QLabel>("actionPreview")->text().isEmpty());
    }

    void showsTheSelectedStatement()
    {
        m_doc->load(readFixture("two-statements.json"));
        m_editor->setStatement(1);
        QVERIFY(!m_editor->isReadOnly());
        QVERIFY(!child<QLabel>("readOnlyHint")->isVisible());
        QCOMPARE(child<QLineEdit>("sid")->text(), QStringLiteral("Use"));
        QCOMPARE(child<QComboBox>("effect")->currentText(), QStringLiteral("Allow"));
        QCOMPARE(child<QTableView>("principalsTable")->model()->rowCount(), 1);
        QCOMPARE(child<QTableView>("actionsTable")->model()->rowCount(), 2);
        QCOMPARE(child<QTableView>("resourcesTable")->model()->rowCount(), 1);
        QCOMPARE(child<QTableView>("conditionsTable")->model()->rowCount(), 1);
        m_editor->setStatement(0);
        QCOMPARE(child<QLineEdit>("sid")->text(), QStringLiteral("Root"));
        QCOMPARE(child<QTableView>("conditionsTable")->model()->rowCount(), 0);
    }

    void sidAndEffectAreOneStepEach()
    {
        m_doc->load(readFixture("two-statements.json"));
        m_editor->setStatement(0);
        auto* sid = child<QLineEdit>("sid");
        sid->setFocus();
        sid->selectAll();
        QTest::keyClicks(sid, QStringLiteral("Account"));
        QCOMPARE(steps(), 0); // nothing until the field is committed
        QTest::keyClick(sid, Qt::Key_Return);
        QCOMPARE(steps(), 1);
        QCOMPARE(dump(*m_doc, "/Statement/0/Sid"), QStringLiteral("\"Account\""));

        auto* effect = child<QComboBox>("effect");
        effect->setFocus();
        QTest::keyClick(effect, Qt::Key_Down);
        QCOMPARE(effect->currentText(), QStringLiteral("Deny"));
        QCOMPARE(steps(), 2);
        QCOMPARE(dump(*m_doc, "/Statement/0/Effect"), QStringLiteral("\"Deny\""));
        m_doc->undoStack()->undo();
        QCOMPARE(effect->currentText(), QStringLiteral("Allow"));
        m_doc->undoStack()->undo();
        QCOMPARE(sid->text(), QStringLiteral("Root"));

        // Clearing the Sid removes it.
        sid->clear();
        QTest::keyClick(sid, Qt::Key_Return);
        QCOMPARE(dump(*m_doc, "/Statement/0/Sid"), QStringLiteral("<missing>"));
    }

    void principalsAreValidatedAsYouType()
    {
        m_doc->load(readFixture("two-statements.json"));
        m_editor->setStatement(1);
        auto* value = child<QLineEdit>("principalValue");
        auto* problem = child<QLabel>("principalProblem");
        auto* add = child<QPushButton>("addPrincipal");
        QTest::keyClicks(value, QStringLiteral("arn:aws:s3:::bucket"));
        QVERIFY(problem->isVisible());
        QVERIFY(problem->text().contains(QLatin1String("account ID")));
        QVERIFY(!add->isEnabled());
        value->clear();
        QVERIFY(!problem->isVisible()); // nothing typed is no error
        QTest::keyClicks(value, QStringLiteral("arn:aws:iam::111122223333:role/Admin"));
        QVERIFY(!problem->isVisible());
        QVERIFY(add->isEnabled());
        QTest::mouseClick(add, Qt::LeftButton);
        QCOMPARE(steps(), 1);
        QCOMPARE(dump(*m_doc, "/Statement/1/Principal/AWS"),
                 QStringLiteral("[\"arn:aws:iam::111122223333:role/App\",\"arn:aws:iam::111122223333:role/Admin\"]"));
        QVERIFY(value->text().isEmpty());

        // Service principals have their own rule.
        auto* type = child<QComboBox>("principalType");
        type->setCurrentIndex(type->findData(QStringLiteral("Service")));
        QTest::keyClicks(value, QStringLiteral("logs.eu-west-1.amazonaws.com"));
        QTest::keyClick(value, Qt::Key_Return);
        QCOMPARE(dump(*m_doc, "/Statement/1/Principal/Service"), QStringLiteral("\"logs.eu-west-1.amazonaws.com\""));
        QCOMPARE(steps(), 2);

        // Remove the selected principal.
        auto* table = child<QTableView>("principalsTable");
        QCOMPARE(table->model()->rowCount(), 3);
        auto* remove = child<QPushButton>("removePrincipal");
        QVERIFY(!remove->isEnabled());
        table->selectRow(2);
        QVERIFY(remove->isEnabled());
        QTest::mouseClick(remove, Qt::LeftButton);
        QCOMPARE(table->model()->rowCount(), 2);
        QCOMPARE(dump(*m_doc, "/Statement/1/Principal/Service"), QStringLiteral("<missing>"));
        QCOMPARE(steps(), 3);
    }

    void actionsPreviewWildcardsAndCatalogue()
    {
        m_doc->load(readFixture("two-statements.json"));
        m_editor->setStatement(1);
        auto* entry = child<QLineEdit>("actionEntry");
        auto* preview = child<QLabel>("actionPreview");
        QTest::keyClicks(entry, QStringLiteral("kms:Describe*"));
        QVERIFY2(preview->text().contains(QLatin1String("kms:DescribeKey")), qPrintable(preview->text()));
        QVERIFY(preview->text().contains(QLatin1String("kms:DescribeCustomKeyStores")));
        entry->clear();
        QTest::keyClicks(entry, QStringLiteral("kms:Decrpyt"));
        QVERIFY2(preview->text().contains(QLatin1String("kms:Decrypt")), qPrintable(preview->text()));
        QVERIFY(preview->text().contains(QLatin1String("no KMS action")));
        entry->clear();
        QTest::keyClicks(entry, QStringLiteral("kms:Describe*"));
        QTest::keyClick(entry, Qt::Key_Return);
        QCOMPARE(steps(), 1);
        QCOMPARE(dump(*m_doc, "/Statement/1/Action/2"), QStringLiteral("\"kms:Describe*\""));

        // The catalogue shows what the statement covers and edits it.
        auto* tree = child<QTreeView>("actionCatalog");
        QAbstractItemModel* catalog = tree->model();
        auto find = [&](const QString& name) {
            const QModelIndexList hits = catalog->match(catalog->index(0, 0),
                                                        model::ActionCatalogModel::ActionNameRole,
                                                        name,
                                                        1,
                                                        Qt::MatchExactly | Qt::MatchRecursive);
            return hits.value(0);
        };
        QCOMPARE(find(QStringLiteral("kms:DescribeKey")).data(Qt::CheckStateRole).toInt(), int(Qt::PartiallyChecked));
        QCOMPARE(find(QStringLiteral("kms:Decrypt")).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QVERIFY(catalog->setData(find(QStringLiteral("kms:Encrypt")), Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(dump(*m_doc, "/Statement/1/Action/3"), QStringLiteral("\"kms:Encrypt\""));
        QCOMPARE(steps(), 2);

        // Searching narrows the catalogue.
        const int groups = catalog->rowCount();
        QTest::keyClicks(child<QLineEdit>("actionSearch"), QStringLiteral("ReEncrypt"));
        QVERIFY(catalog->rowCount() < groups);
        QVERIFY(find(QStringLiteral("kms:ReEncryptFrom")).isValid());
        QVERIFY(!find(QStringLiteral("kms:Decrypt")).isValid());

        // Remove an action through the table.
        auto* table = child<QTableView>("actionsTable");
        table->selectRow(0);
        QTest::mouseClick(child<QPushButton>("removeAction"), Qt::LeftButton);
        QCOMPARE(dump(*m_doc, "/Statement/1/Action/0"), QStringLiteral("\"kms:GenerateDataKey*\""));
    }

    void conditionsShowTheKeyType()
    {
        m_doc->load(readFixture("two-statements.json"));
        m_editor->setStatement(0);
        auto* op = child<QComboBox>("conditionOperator");
        auto* key = child<QLineEdit>("conditionKey");
        auto* values = child<QLineEdit>("conditionValues");
        auto* type = child<QLabel>("conditionKeyType");
        QVERIFY(op->isEditable());
        op->setCurrentText(QStringLiteral("StringEquals"));
        QTest::keyClicks(key, QStringLiteral("kms:CallerAccount"));
        QVERIFY2(type->text().contains(QLatin1String("String")), qPrintable(type->text()));
        key->clear();
        QTest::keyClicks(key, QStringLiteral("kms:NoSuchKey"));
        QVERIFY(type->text().contains(QLatin1String("unknown")));
        key->clear();
        QTest::keyClicks(key, QStringLiteral("kms:CallerAccount"));
        QTest::keyClicks(values, QStringLiteral("111122223333, 444455556666"));
        QTest::mouseClick(child<QPushButton>("addCondition"), Qt::LeftButton);
        QCOMPARE(steps(), 1);
        QCOMPARE(dump(*m_doc, "/Statement/0/Condition/StringEquals/kms:CallerAccount"),
                 QStringLiteral("[\"111122223333\",\"444455556666\"]"));
        auto* table = child<QTableView>("conditionsTable");
        QCOMPARE(table->model()->rowCount(), 1);
        table->selectRow(0);
        // The account's own CallerAccount: removing the condition opens nothing, so the form does not ask.
        MessageBox::clearHistory();
        QTest::mouseClick(child<QPushButton>("removeCondition"), Qt::LeftButton);
        QCOMPARE(MessageBox::count(), 0);
        QCOMPARE(dump(*m_doc, "/Statement/0/Condition"), QStringLiteral("<missing>"));
        QCOMPARE(steps(), 2);
    }

    void resourcesAddAndRemove()
    {
        m_doc->load(readFixture("two-statements.json"));
        m_editor->setStatement(0);
        auto* entry = child<QLineEdit>("resourceEntry");
        QTest::keyClicks(entry, QStringLiteral("arn:aws:kms:eu-west-1:111122223333:key/*"));
        QTest::mouseClick(child<QPushButton>("addResource"), Qt::LeftButton);
        QCOMPARE(dump(*m_doc, "/Statement/0/Resource"),
                 QStringLiteral("[\"*\",\"arn:aws:kms:eu-west-1:111122223333:key/*\"]"));
        child<QTableView>("resourcesTable")->selectRow(1);
        QTest::mouseClick(child<QPushButton>("removeResource"), Qt::LeftButton);
        QCOMPARE(dump(*m_doc, "/Statement/0/Resource"), QStringLiteral("[\"*\"]"));
        QCOMPARE(steps(), 2);
    }

    // ---- issue #22: the form shows every element as it is -------------------------------------------------------

    void notFormsAreUnmistakable()
    {
        m_doc->load(kEveryKind);
        m_editor->setStatement(0);
        QVERIFY(child<QGroupBox>("principals")->title().contains(QLatin1String("NotPrincipal")));
        QVERIFY(child<QGroupBox>("actions")->title().contains(QLatin1String("NotAction")));
        QVERIFY(child<QGroupBox>("resources")->title().contains(QLatin1String("NotResource")));
        QCOMPARE(child<QGroupBox>("principals")->accessibleName(), QStringLiteral("Principals")); // unchanged
        auto* principalForm = child<QLabel>("principalForm");
        QVERIFY(principalForm->isVisible());
        QVERIFY2(principalForm->text().contains(QLatin1String("every principal except")),
                 qPrintable(principalForm->text()));
        QVERIFY(principalForm->text().contains(QLatin1String("Deny")));
        QCOMPARE(principalForm->accessibleName(), QStringLiteral("Principal form"));
        QVERIFY(principalForm->autoFillBackground()); // highlighted, not only worded
        QVERIFY(child<QLabel>("actionForm")->isVisible());
        QVERIFY(child<QLabel>("actionForm")->text().contains(QLatin1String("adds it to the exceptions")));
        QVERIFY(child<QTreeView>("actionCatalog")->accessibleDescription().contains(QLatin1String("excluded")));
        QVERIFY(child<QLabel>("resourceForm")->isVisible());
        // A statement with the plain forms shows none of that.
        m_editor->setStatement(1);
        QVERIFY(!principalForm->isVisible());
        QCOMPARE(child<QGroupBox>("principals")->title(), QStringLiteral("Principals"));
        QCOMPARE(child<QPushButton>("switchPrincipal")->text(), QStringLiteral("Use NotPrincipal"));

        // Switching is one undoable step, asked first; declining changes nothing.
        m_editor->setStatement(0);
        auto* switchPrincipal = child<QPushButton>("switchPrincipal");
        QCOMPARE(switchPrincipal->accessibleName(), QStringLiteral("Switch Principal and NotPrincipal"));
        QCOMPARE(switchPrincipal->text(), QStringLiteral("Use Principal"));
        const std::string before = m_doc->text();
        MessageBox::clearHistory();
        MessageBox::setNextAnswer(QMessageBox::No);
        QTest::mouseClick(switchPrincipal, Qt::LeftButton);
        QCOMPARE(MessageBox::count(), 1);
        QVERIFY(MessageBox::lastText().contains(QLatin1String("opposite")));
        QCOMPARE(m_doc->text(), before);
        MessageBox::setNextAnswer(QMessageBox::Yes);
        QTest::mouseClick(switchPrincipal, Qt::LeftButton);
        QCOMPARE(steps(), 1);
        QVERIFY(m_doc->text().find("      \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:role/Admin\"},")
                != std::string::npos); // renamed where it stands
        QVERIFY(!child<QLabel>("principalForm")->isVisible());
        m_doc->undoStack()->undo();
        QCOMPARE(m_doc->text(), before);
    }

    void catalogueOfANotActionStatementSaysItExcludes()
    {
        m_doc->load(kEveryKind);
        m_editor->setStatement(0);
        auto* catalog = m_editor->actionCatalogModel();
        QModelIndex encrypt;
        for (int g = 0; g < catalog->rowCount() && !encrypt.isValid(); ++g) {
            const QModelIndex group = catalog->index(g, 0);
            for (int r = 0; r < catalog->rowCount(group); ++r) {
                if (catalog->index(r, 0, group).data().toString() == QLatin1String("kms:Encrypt")) {
                    encrypt = catalog->index(r, 0, group);
                }
            }
        }
        QVERIFY(encrypt.isValid());
        QVERIFY(catalog->setData(encrypt, Qt::Checked, Qt::CheckStateRole));
        // Written into NotAction, which the section says in so many words.
        QCOMPARE(dump(*m_doc, "/Statement/0/NotAction"),
                 QStringLiteral("[\"kms:Describe*\",\"kms:List*\",\"kms:Encrypt\"]"));
        QVERIFY(child<QLabel>("actionForm")->isVisible());
    }

    void headerShowsVersionIdAndOtherElements()
    {
        m_doc->load(kEveryKind);
        m_editor->setStatement(0);
        auto* header = child<QLabel>("policyHeader");
        QCOMPARE(header->accessibleName(), QStringLiteral("Policy header"));
        QVERIFY2(header->text().contains(QLatin1String("Version 2012-10-17")), qPrintable(header->text()));
        QVERIFY(header->text().contains(QLatin1String("Id key-policy-1")));
        QVERIFY(header->text().contains(QLatin1String("X-Team")));
        auto* other = child<QLabel>("otherElements");
        QVERIFY(other->isVisible());
        QVERIFY(other->text().contains(QLatin1String("Comment")));
        m_editor->setStatement(1);
        QVERIFY(!other->isVisible());
        // An edit of the statement keeps the element the form has no field for.
        m_editor->setStatement(0);
        auto* sid = child<QLineEdit>("sid");
        sid->selectAll();
        QTest::keyClicks(sid, QStringLiteral("Renamed"));
        QTest::keyClick(sid, Qt::Key_Return);
        QVERIFY(m_doc->text().find("\"Comment\": \"kept as written\"") != std::string::npos);
        QVERIFY(m_doc->text().find("\"X-Team\": {\"owner\": \"data\"}") != std::string::npos);
        // The Statements table has a Resources column; a Not… element says so there too.
        model::StatementsModel statements(m_doc.get());
        QCOMPARE(statements.headerData(model::StatementsModel::ResourcesColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Resources"));
        QCOMPARE(statements.index(0, model::StatementsModel::ResourcesColumn).data().toString(),
                 QStringLiteral("NotResource: all except arn:aws:kms:us-east-1:111122223333:key/other"));
        QVERIFY(statements.index(0, model::StatementsModel::PrincipalColumn)
                    .data()
                    .toString()
                    .startsWith(QLatin1String("NotPrincipal: all except")));
        QCOMPARE(statements.index(1, model::StatementsModel::ResourcesColumn).data().toString(), QStringLiteral("*"));
    }

    void typedValuesLookTyped()
    {
        m_doc->load(kEveryKind);
        m_editor->setStatement(1);
        auto* model = child<QTableView>("conditionsTable")->model();
        QCOMPARE(model->rowCount(), 5);
        const auto values = [model](int row) {
            return model->index(row, model::ConditionsModel::ValuesColumn).data().toString();
        };
        QCOMPARE(values(0), QStringLiteral("true")); // the Boolean
        QCOMPARE(values(1), QStringLiteral("\"true\"")); // the string
        QCOMPARE(values(2), QStringLiteral("3600.50")); // as written
        QVERIFY(model->index(0, model::ConditionsModel::ValuesColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QLatin1String("Boolean")));
    }

    // ---- issue #22: form edits change nothing else ---------------------------------------------------------------

    void addingAConditionThatIsThereAddsTheValue()
    {
        m_doc->load(kEveryKind);
        m_editor->setStatement(1);
        child<QComboBox>("conditionOperator")->setCurrentText(QStringLiteral("StringEquals"));
        QTest::keyClicks(child<QLineEdit>("conditionKey"), QStringLiteral("kms:CallerAccount"));
        QTest::keyClicks(child<QLineEdit>("conditionValues"), QStringLiteral("444455556666"));
        QTest::keyClick(child<QLineEdit>("conditionValues"), Qt::Key_Return);
        QCOMPARE(steps(), 1);
        QCOMPARE(dump(*m_doc, "/Statement/1/Condition/StringEquals/kms:CallerAccount"),
                 QStringLiteral("[\"111122223333\",\"444455556666\"]"));
    }

    void aValueWithACommaStaysOneValue()
    {
        m_doc->load(kEveryKind);
        m_editor->setStatement(1);
        child<QComboBox>("conditionOperator")->setCurrentText(QStringLiteral("StringLike"));
        QTest::keyClicks(child<QLineEdit>("conditionKey"), QStringLiteral("kms:EncryptionContext:app"));
        QTest::keyClicks(child<QLineEdit>("conditionValues"), QStringLiteral("\"a, b\", c"));
        QTest::mouseClick(child<QPushButton>("addCondition"), Qt::LeftButton);
        QCOMPARE(dump(*m_doc, "/Statement/1/Condition/StringLike/kms:EncryptionContext:app"),
                 QStringLiteral("[\"a, b\",\"c\"]"));
        // The cell shows it quoted, and an edit of another value keeps it whole.
        auto* table = child<QTableView>("conditionsTable");
        const QModelIndex cell = table->model()->index(5, model::ConditionsModel::ValuesColumn);
        QCOMPARE(cell.data().toString(), QStringLiteral("\"a, b\", c"));
        QVERIFY(table->model()->setData(cell, QStringLiteral("\"a, b\", d")));
        QCOMPARE(dump(*m_doc, "/Statement/1/Condition/StringLike/kms:EncryptionContext:app"),
                 QStringLiteral("[\"a, b\",\"d\"]"));
    }

    void editingATypedValueKeepsItsType()
    {
        m_doc->load(kEveryKind);
        m_editor->setStatement(1);
        auto* model = child<QTableView>("conditionsTable")->model();
        QVERIFY(model->setData(model->index(0, model::ConditionsModel::ValuesColumn), QStringLiteral("false")));
        QCOMPARE(dump(*m_doc, "/Statement/1/Condition/Bool/aws:SecureTransport"), QStringLiteral("false"));
        QVERIFY(model->setData(model->index(2, model::ConditionsModel::ValuesColumn), QStringLiteral("7200")));
        QCOMPARE(dump(*m_doc, "/Statement/1/Condition/NumericLessThanEquals/kms:ExpirationTime"),
                 QStringLiteral("7200"));
        m_doc->undoStack()->undo();
        // Every other form write leaves 3600.50 as written.
        QVERIFY(model->setData(model->index(1, model::ConditionsModel::ValuesColumn), QStringLiteral("false")));
        QVERIFY(m_doc->text().find("3600.50") != std::string::npos);
        QVERIFY(m_doc->text().find("\"aws:SecureTransport\": false") != std::string::npos);
        QCOMPARE(dump(*m_doc, "/Statement/1/Condition/Bool/aws:ViaAWSService"), QStringLiteral("\"false\""));
    }

    void duplicateKeysAreNeverDropped()
    {
        m_doc->load(kDuplicate);
        m_editor->setStatement(0);
        auto* hint = child<QLabel>("duplicateKeyHint");
        QVERIFY(hint->isVisible());
        QVERIFY2(hint->text().contains(QLatin1String("StringEquals")), qPrintable(hint->text()));
        QVERIFY(hint->text().contains(QLatin1String("JSON view")));
        QSignalSpy refused(m_editor.get(), &StatementEditor::editRefused);
        auto* model = child<QTableView>("conditionsTable")->model();
        QCOMPARE(model->rowCount(), 1); // the DOM holds the first block only
        const std::string before = m_doc->text();
        QVERIFY(!model->setData(model->index(0, model::ConditionsModel::ValuesColumn), QStringLiteral("444455556666")));
        QCOMPARE(refused.count(), 1);
        QVERIFY(refused.first().first().toString().contains(QLatin1String("JSON view")));
        child<QTableView>("conditionsTable")->selectRow(0);
        QTest::mouseClick(child<QPushButton>("removeCondition"), Qt::LeftButton);
        QCOMPARE(refused.count(), 2);
        QCOMPARE(m_doc->text(), before);
        // An edit elsewhere in the statement is made in place, both blocks kept.
        auto* sid = child<QLineEdit>("sid");
        sid->selectAll();
        QTest::keyClicks(sid, QStringLiteral("Renamed"));
        QTest::keyClick(sid, Qt::Key_Return);
        QCOMPARE(steps(), 1);
        QVERIFY(m_doc->text().find("\"kms:ViaService\": \"s3.us-east-1.amazonaws.com\"") != std::string::npos);
    }

    void changingAnOperatorKeepsTheRowInPlace()
    {
        m_doc->load(kEveryKind);
        m_editor->setStatement(1);
        auto* model = child<QTableView>("conditionsTable")->model();
        // Bool holds two keys: the first one moves to a new block right after Bool, not to the end.
        QVERIFY(
            model->setData(model->index(0, model::ConditionsModel::OperatorColumn), QStringLiteral("BoolIfExists")));
        QCOMPARE(model->index(0, model::ConditionsModel::OperatorColumn).data().toString(), QStringLiteral("Bool"));
        QCOMPARE(model->index(1, model::ConditionsModel::OperatorColumn).data().toString(),
                 QStringLiteral("BoolIfExists"));
        QCOMPARE(model->index(1, model::ConditionsModel::KeyColumn).data().toString(),
                 QStringLiteral("aws:SecureTransport"));
        QCOMPARE(dump(*m_doc, "/Statement/1/Condition/BoolIfExists/aws:SecureTransport"), QStringLiteral("true"));
        // A block's only key renames the block where it stands.
        QVERIFY(
            model->setData(model->index(2, model::ConditionsModel::OperatorColumn), QStringLiteral("NumericLessThan")));
        QCOMPARE(model->index(2, model::ConditionsModel::OperatorColumn).data().toString(),
                 QStringLiteral("NumericLessThan"));
        QVERIFY(m_doc->text().find("\"NumericLessThan\": {\"kms:ExpirationTime\": 3600.50}") != std::string::npos);
    }

    void aPrincipalAddedBackGoesWhereItBelongs()
    {
        m_doc->load(kEveryKind);
        m_editor->setStatement(2);
        auto* table = child<QTableView>("principalsTable");
        table->selectRow(0);
        MessageBox::setNextAnswer(QMessageBox::Yes); // removing "*" removes the Principal element: asked
        QTest::mouseClick(child<QPushButton>("removePrincipal"), Qt::LeftButton);
        QCOMPARE(dump(*m_doc, "/Statement/2/Principal"), QStringLiteral("<missing>"));
        QTest::keyClicks(child<QLineEdit>("principalValue"), QStringLiteral("arn:aws:iam::111122223333:role/App"));
        QTest::keyClick(child<QLineEdit>("principalValue"), Qt::Key_Return);
        const Json& statement = m_doc->json()["Statement"][2];
        QStringList keys;
        for (auto it = statement.begin(); it != statement.end(); ++it) {
            keys << model::toQString(it.key());
        }
        QCOMPARE(keys.join(QLatin1Char(',')), QStringLiteral("Sid,Effect,Principal,Action,Resource,Condition"));
    }

    void theOperatorCellOffersOperatorsAndValidates()
    {
        m_doc->load(kEveryKind);
        m_editor->setStatement(2);
        QSignalSpy refused(m_editor.get(), &StatementEditor::editRefused);
        auto* table = child<QTableView>("conditionsTable");
        auto* model = table->model();
        // A misspelt operator is refused with a reason, and nothing is written.
        QVERIFY(
            !model->setData(model->index(0, model::ConditionsModel::OperatorColumn), QStringLiteral("StringEqualz")));
        QCOMPARE(refused.count(), 1);
        QVERIFY(refused.first().first().toString().contains(QLatin1String("not a condition operator")));
        QCOMPARE(steps(), 0);
        // The cell's editor lists the operators with their qualifiers; one Enter commits.
        const QModelIndex cell = model->index(0, model::ConditionsModel::OperatorColumn);
        table->setCurrentIndex(cell);
        table->edit(cell);
        auto* combo = table->findChild<QComboBox*>(QStringLiteral("operatorCellEditor"));
        QVERIFY(combo);
        QVERIFY(combo->findText(QStringLiteral("ForAnyValue:StringLike")) >= 0);
        QVERIFY(combo->findText(QStringLiteral("StringEqualsIfExists")) >= 0);
        combo->lineEdit()->selectAll();
        QTest::keyClicks(combo->lineEdit(), QStringLiteral("StringLike"));
        QTest::keyClick(combo->lineEdit(), Qt::Key_Return);
        QCOMPARE(steps(), 1);
        QCOMPARE(dump(*m_doc, "/Statement/2/Condition/StringLike/kms:CallerAccount"),
                 QStringLiteral("\"111122223333\""));
        // The add row refuses an unknown operator too.
        child<QComboBox>("conditionOperator")->setCurrentText(QStringLiteral("StringEqualz"));
        QTest::keyClicks(child<QLineEdit>("conditionKey"), QStringLiteral("kms:ViaService"));
        QTest::keyClicks(child<QLineEdit>("conditionValues"), QStringLiteral("x"));
        QTest::mouseClick(child<QPushButton>("addCondition"), Qt::LeftButton);
        QCOMPARE(refused.count(), 2);
        QCOMPARE(steps(), 1);
    }

    void anEditThatWidensAccessAsksFirst()
    {
        m_doc->load(kEveryKind);
        m_editor->setStatement(2); // Principal "*" limited by kms:CallerAccount
        auto* table = child<QTableView>("conditionsTable");
        table->selectRow(0);
        const std::string before = m_doc->text();
        MessageBox::clearHistory();
        MessageBox::setNextAnswer(QMessageBox::No);
        QTest::mouseClick(child<QPushButton>("removeCondition"), Qt::LeftButton);
        QCOMPARE(MessageBox::count(), 1);
        QVERIFY2(MessageBox::lastText().contains(QLatin1String("widens access")), qPrintable(MessageBox::lastText()));
        QVERIFY(MessageBox::lastText().contains(QLatin1String("allows everyone (\"*\") with no condition left")));
        QCOMPARE(m_doc->text(), before);
        QCOMPARE(steps(), 0);
        // Removing the last action removes the Action element: asked too.
        m_editor->setStatement(1);
        child<QTableView>("actionsTable")->selectRow(0);
        MessageBox::setNextAnswer(QMessageBox::No);
        QTest::mouseClick(child<QPushButton>("removeAction"), Qt::LeftButton);
        QCOMPARE(MessageBox::count(), 2);
        QVERIFY(MessageBox::lastText().contains(QLatin1String("loses its Action element")));
        QCOMPARE(m_doc->text(), before);
        // Yes makes the edit, one step.
        m_editor->setStatement(2);
        table->selectRow(0);
        MessageBox::setNextAnswer(QMessageBox::Yes);
        QTest::mouseClick(child<QPushButton>("removeCondition"), Qt::LeftButton);
        QCOMPARE(steps(), 1);
        QCOMPARE(dump(*m_doc, "/Statement/2/Condition"), QStringLiteral("<missing>"));
    }

    void ctrlZInAFieldUndoesTheDocument()
    {
        m_doc->load(kEveryKind);
        m_editor->setStatement(1);
        const std::string before = m_doc->text();
        auto* sid = child<QLineEdit>("sid");
        sid->setFocus();
        sid->selectAll();
        QTest::keyClicks(sid, QStringLiteral("Changed"));
        QTest::keyClick(sid, Qt::Key_Return);
        QCOMPARE(steps(), 1);
        auto* values = child<QLineEdit>("conditionValues");
        values->setFocus();
        QTest::keyClicks(values, QStringLiteral("abc"));
        QTest::keySequence(values, QKeySequence::Undo);
        QCOMPARE(m_doc->text(), before); // the document's step, not the field's typing
        QCOMPARE(sid->text(), QStringLiteral("Typed"));
        QTest::keySequence(values, QKeySequence::Redo);
        QCOMPARE(dump(*m_doc, "/Statement/1/Sid"), QStringLiteral("\"Changed\""));
    }

    void aNewStatementUsesTheContextAccount()
    {
        m_doc->load(kEveryKind);
        MwaaContext context;
        context.account = "444455556666";
        m_doc->setContext(context);
        std::size_t index = 0;
        QVERIFY(m_doc->addStatement({}, &index));
        QCOMPARE(dump(*m_doc, ("/Statement/" + std::to_string(index) + "/Principal/AWS").c_str()),
                 QStringLiteral("\"arn:aws:iam::444455556666:root\""));
    }

    void brokenJsonMakesTheFormReadOnly()
    {
        m_doc->load(readFixture("two-statements.json"));
        m_editor->setStatement(1);
        QVERIFY(m_doc->replaceText(m_doc->displayText() + QStringLiteral("}")));
        QVERIFY(m_editor->isReadOnly());
        QVERIFY(child<QLabel>("readOnlyHint")->isVisible());
        QVERIFY(child<QLabel>("readOnlyHint")->text().contains(QLatin1String("last valid")));
        QCOMPARE(child<QLineEdit>("sid")->text(), QStringLiteral("Use"));
        for (const char* name : {"sid", "principalValue", "actionEntry", "resourceEntry", "conditionKey"}) {
            QVERIFY2(!child<QWidget>(name)->isEnabled(), name);
        }
        QCOMPARE(child<QTableView>("actionsTable")->editTriggers(), QAbstractItemView::NoEditTriggers);
        QCOMPARE(child<QTableView>("actionsTable")->model()->rowCount(), 2);
        m_doc->undoStack()->undo();
        QVERIFY(!m_editor->isReadOnly());
        QVERIFY(child<QLineEdit>("sid")->isEnabled());
    }
};

QTEST_MAIN(TestStatementEditor)
#include "tst_statementeditor.moc"
