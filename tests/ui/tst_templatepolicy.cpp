// SPDX-License-Identifier: GPL-3.0-or-later
// File > Open key policy from template…: the dialog lists the key policies of a template or plan, the one chosen
// opens as a new untitled document of the extracted JSON, and a file without key policies says so.
#include "GuiFixture.h"
#include "model/PolicyDocument.h"
#include "ui/FileDialogProvider.h"
#include "ui/MainWindow.h"
#include "ui/MessageBox.h"
#include "ui/TemplatePolicyDialog.h"
#include "ui/features/Features.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QFile>
#include <QListWidget>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace kps;
using namespace kps::ui;
using namespace kps::test;

namespace {

class TemplateDialogs : public FileDialogProvider
{
public:
    QString openName;
    QString openFileName(QWidget*, const QString&, const QString&, const QString&) override { return openName; }
};

QString iacFixture(const char* name)
{
    return QStringLiteral(KPS_TEST_DATA_DIR "/iac/") + QLatin1String(name);
}

/** A file of this text in `dir`; its path. */
QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& text)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size()) {
        qFatal("cannot write %s", qPrintable(path));
    }
    return path;
}

} // namespace

class TestTemplatePolicy : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { initGuiTests("tst_templatepolicy"); }

    void init()
    {
        MessageBox::clearHistory();
        m_window = std::make_unique<MainWindow>();
        auto dialogs = std::make_unique<TemplateDialogs>();
        m_dialogs = dialogs.get();
        m_window->setFileDialogProvider(std::move(dialogs));
        QVERIFY(showWindow(*m_window));
    }

    void cleanup() { closeWindow(m_window); }

    void listsThePoliciesAndOpensTheChosenOne()
    {
        m_dialogs->openName = iacFixture("terraform-plan.json");
        QAction* action = m_window->action(u"actionOpenFromTemplate");
        QVERIFY(action);
        QCOMPARE(action->text(), QStringLiteral("Open key policy from template…"));
        action->trigger();
        auto* dialog = m_window->findChild<TemplatePolicyDialog*>(QStringLiteral("templatePolicyDialog"));
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        auto* list = dialog->findChild<QListWidget*>(QStringLiteral("templatePolicyList"));
        QCOMPARE(list->count(), 2);
        // The policy known only after apply is listed, not offered.
        QVERIFY(list->item(0)->text().contains(QStringLiteral("aws_kms_key_policy.shared")));
        QVERIFY(!(list->item(0)->flags() & Qt::ItemIsEnabled));
        QCOMPARE(list->currentRow(), 1);
        auto* open = dialog->findChild<QPushButton*>(QStringLiteral("templatePolicyOpen"));
        QVERIFY(open->isEnabled());
        QTest::mouseClick(open, Qt::LeftButton);

        model::PolicyDocument* document = m_window->document();
        QVERIFY(document->filePath().isEmpty()); // Save asks for a name: the plan is never written
        QVERIFY(document->isModified());
        QCOMPARE(document->displayName(), QStringLiteral("module.kms.aws_kms_key.this from terraform-plan.json"));
        QVERIFY(document->text().find("\"Principal\":\"*\"") != std::string::npos);
    }

    void environmentGivenAnAliasIsListedNotOffered()
    {
        // A plan with a key and an environment whose kms_key is an alias with no key in the plan.
        auto* dialog = openDialog("terraform-role-plan.json");
        QVERIFY(dialog);
        auto* list = dialog->findChild<QListWidget*>(QStringLiteral("templatePolicyList"));
        QCOMPARE(list->count(), 2);
        QVERIFY(list->item(1)->text().contains(QStringLiteral("aws_mwaa_environment.legacy")));
        QVERIFY(list->item(1)->text().contains(QStringLiteral("its key is an alias")));
        QVERIFY(!(list->item(1)->flags() & Qt::ItemIsEnabled));
        QCOMPARE(list->currentRow(), 0);
        // Every entry fits: the long one says why it cannot be opened.
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        for (int i = 0; i < list->count(); ++i) {
            QVERIFY2(list->fontMetrics().horizontalAdvance(list->item(i)->text()) <= list->viewport()->width(),
                     qPrintable(list->item(i)->text()));
        }
        // Clicking the disabled entry does not choose it: Open still opens the key's policy.
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->item(1)).center());
        QCOMPARE(list->currentRow(), 0);
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("templatePolicyOpen")), Qt::LeftButton);
        QCOMPARE(m_window->document()->displayName(), QStringLiteral("aws_kms_key.mwaa from terraform-role-plan.json"));
    }

    void cancelKeepsTheDocument()
    {
        const std::string before = m_window->document()->text();
        auto* dialog = openDialog("cfn-mwaa.yaml");
        QVERIFY(dialog);
        auto* list = dialog->findChild<QListWidget*>(QStringLiteral("templatePolicyList"));
        QCOMPARE(list->count(), 1);
        QVERIFY(list->item(0)->text().startsWith(QStringLiteral("MwaaKey (AWS::KMS::Key), line ")));
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("templatePolicyCancel")), Qt::LeftButton);
        QCOMPARE(m_window->document()->text(), before);
    }

    void fileWithoutKeyPolicySaysSo()
    {
        QTemporaryDir dir;
        const QString path
            = writeFile(dir, QStringLiteral("bucket.yaml"), "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n");
        QVERIFY(!m_window->files()->openTemplate(path));
        QVERIFY(MessageBox::lastText().contains(QStringLiteral("holds no key policy")));
        QVERIFY(!m_window->findChild<TemplatePolicyDialog*>(QStringLiteral("templatePolicyDialog")));
    }

    void yamlErrorNamesLineAndColumn()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("broken.yaml"), "Resources:\n  Key:\n    Type: !Foo bar\n");
        QVERIFY(!m_window->files()->openTemplate(path));
        QVERIFY2(MessageBox::lastText().contains(QStringLiteral("line 3, column 11: Unknown tag !Foo")),
                 qPrintable(MessageBox::lastText()));
    }

private:
    /** File > Open key policy from template… on this fixture: the dialog it shows (null when none). */
    TemplatePolicyDialog* openDialog(const char* fixture)
    {
        m_dialogs->openName = iacFixture(fixture);
        m_window->files()->openFromTemplate();
        return m_window->findChild<TemplatePolicyDialog*>(QStringLiteral("templatePolicyDialog"));
    }

    std::unique_ptr<MainWindow> m_window;
    TemplateDialogs* m_dialogs = nullptr;
};

QTEST_MAIN(TestTemplatePolicy)
#include "tst_templatepolicy.moc"
