// SPDX-License-Identifier: GPL-3.0-or-later
// The Statement editor form, driven through its widgets: validation as you type, previews, one command per edit.
#include "model/ActionCatalogModel.h"
#include "model/JsonNodes.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"
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
