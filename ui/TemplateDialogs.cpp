// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/TemplateDialogs.h"

#include "core/checker/Checker.h"
#include "core/json/Format.h"
#include "model/Commands.h"
#include "model/LiveChecker.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"
#include "ui/MessageBox.h"
#include "ui/MwaaEnvironmentPanel.h"
#include "ui/Named.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStatusBar>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>

namespace kps::ui {

using model::toQString;
using model::toStdString;
using mwaa::StatementKind;

namespace {

QComboBox* regionCombo(const char* objectName)
{
    auto* combo = named(new QComboBox, objectName, QStringLiteral("Region"));
    combo->setEditable(true);
    combo->setInsertPolicy(QComboBox::NoInsert);
    combo->addItem(QString());
    combo->addItems(MwaaEnvironmentPanel::mwaaRegions());
    combo->setCurrentIndex(0);
    return combo;
}

QPlainTextEdit* arnList(const char* objectName, const QString& accessibleName, const QString& placeholder)
{
    auto* edit = named(new QPlainTextEdit, objectName, accessibleName);
    edit->setTabChangesFocus(true);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setPlaceholderText(placeholder);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setMinimumHeight(edit->fontMetrics().lineSpacing() * 4);
    return edit;
}

QLabel* makeMessageLabel(const char* objectName)
{
    auto* label = named(new QLabel, objectName, QStringLiteral("Message"));
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

std::vector<std::string> toStdStrings(const QStringList& list)
{
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(list.size()));
    for (const QString& s : list) {
        out.push_back(toStdString(s));
    }
    return out;
}

QString errorText(const Errors& errors)
{
    QStringList lines;
    for (const auto& e : errors) {
        lines << toQString(e.message);
    }
    return lines.join(QLatin1Char('\n'));
}

/** The kinds in list order with their visible names. */
struct KindEntry
{
    StatementKind kind;
    const char* name;
    const char* description;
};
constexpr KindEntry kKinds[] = {
    {StatementKind::AccountDelegation,
     QT_TRANSLATE_NOOP("kps::ui::InsertTemplateStatementDialog", "Account delegation"),
     QT_TRANSLATE_NOOP("kps::ui::InsertTemplateStatementDialog",
                       "kms:* for the account principal, so IAM policies in the account can grant use of the key.")},
    {StatementKind::KeyAdministrators,
     QT_TRANSLATE_NOOP("kps::ui::InsertTemplateStatementDialog", "Key administrators"),
     QT_TRANSLATE_NOOP("kps::ui::InsertTemplateStatementDialog",
                       "Management actions only: no cryptographic use, no kms:CreateGrant.")},
    {StatementKind::KeyUsers,
     QT_TRANSLATE_NOOP("kps::ui::InsertTemplateStatementDialog", "Key users"),
     QT_TRANSLATE_NOOP("kps::ui::InsertTemplateStatementDialog",
                       "kms:Encrypt, kms:Decrypt, kms:GenerateDataKey and kms:DescribeKey: what an MWAA execution "
                       "role uses the key for.")},
    {StatementKind::GrantsForAwsResources,
     QT_TRANSLATE_NOOP("kps::ui::InsertTemplateStatementDialog", "Grants for AWS resources"),
     QT_TRANSLATE_NOOP("kps::ui::InsertTemplateStatementDialog",
                       "kms:CreateGrant, kms:ListGrants and kms:RevokeGrant only when an AWS service calls "
                       "(kms:GrantIsForAWSResource): what the principal creating the environment needs.")},
    {StatementKind::CloudWatchLogs,
     QT_TRANSLATE_NOOP("kps::ui::InsertTemplateStatementDialog", "CloudWatch Logs"),
     QT_TRANSLATE_NOOP("kps::ui::InsertTemplateStatementDialog",
                       "The region's CloudWatch Logs principal with the exact actions, limited to the account's "
                       "(or the environment's) log groups.")},
};

} // namespace

QStringList nonEmptyLines(const QString& text)
{
    QStringList lines;
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        const QString trimmed = line.trimmed();
        if (!trimmed.isEmpty()) {
            lines << trimmed;
        }
    }
    return lines;
}

// ---- New from MWAA template -----------------------------------------------------------------------------------

NewFromTemplateDialog::NewFromTemplateDialog(QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("newFromTemplateDialog"));
    setAccessibleName(QStringLiteral("New from MWAA template"));
    setWindowTitle(tr("New from MWAA template"));

    auto* intro = new QLabel(tr("A least-privilege key policy for an MWAA environment's customer managed key: the "
                                "account delegation, the key administrators (when given) and the CloudWatch Logs "
                                "statement. The same policy as `keypolicy template`."));
    intro->setWordWrap(true);

    m_region = regionCombo("templateRegion");
    m_region->setToolTip(tr("The environment's region; the partition follows from it."));
    m_account = named(new QLineEdit, "templateAccount", QStringLiteral("Account"));
    m_account->setPlaceholderText(tr("12 digits"));
    m_environment = named(new QLineEdit, "templateEnvironmentName", QStringLiteral("Environment name"));
    m_environment->setPlaceholderText(tr("optional: limits CloudWatch Logs to airflow-NAME-*"));
    m_admins = arnList(
        "templateAdministrators", QStringLiteral("Administrators"), tr("optional: one IAM role or user ARN per line"));
    m_message = makeMessageLabel("templateMessage");

    auto* form = new QFormLayout;
    form->addRow(tr("&Region:"), m_region);
    form->addRow(tr("&Account:"), m_account);
    form->addRow(tr("&Environment name:"), m_environment);
    form->addRow(tr("A&dministrators:"), m_admins);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setObjectName(QStringLiteral("okButton"));
    m_ok->setAccessibleName(QStringLiteral("OK"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);

    connect(m_region, &QComboBox::currentTextChanged, this, &NewFromTemplateDialog::validate);
    connect(m_account, &QLineEdit::textChanged, this, &NewFromTemplateDialog::validate);
    connect(m_environment, &QLineEdit::textChanged, this, &NewFromTemplateDialog::validate);
    connect(m_admins, &QPlainTextEdit::textChanged, this, &NewFromTemplateDialog::validate);
    resize(560, sizeHint().height());
    validate();
}

void NewFromTemplateDialog::setContext(const MwaaContext& context)
{
    m_region->setCurrentText(toQString(context.region));
    m_account->setText(toQString(context.account));
    m_environment->setText(toQString(context.environment));
    validate();
}

mwaa::TemplateOptions NewFromTemplateDialog::options() const
{
    mwaa::TemplateOptions options;
    options.region = toStdString(m_region->currentText().trimmed());
    options.account = toStdString(m_account->text().trimmed());
    options.environment = toStdString(m_environment->text().trimmed());
    options.admins = toStdStrings(nonEmptyLines(m_admins->toPlainText()));
    return options;
}

void NewFromTemplateDialog::validate()
{
    const mwaa::TemplateResult made = result();
    m_ok->setEnabled(made.ok());
    m_message->setText(made.ok() ? QString() : errorText(made.error()));
    m_message->setVisible(!made.ok());
}

// ---- Insert template statement --------------------------------------------------------------------------------

InsertTemplateStatementDialog::InsertTemplateStatementDialog(QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("insertTemplateStatementDialog"));
    setAccessibleName(QStringLiteral("Insert template statement"));
    setWindowTitle(tr("Insert template statement"));

    m_kinds = named(new QListWidget, "templateStatementKind", QStringLiteral("Statement"));
    for (const KindEntry& entry : kKinds) {
        auto* item = new QListWidgetItem(tr(entry.name), m_kinds);
        item->setData(Qt::UserRole, static_cast<int>(entry.kind));
        item->setToolTip(tr(entry.description));
    }
    m_kinds->setMaximumHeight(m_kinds->sizeHintForRow(0) * (m_kinds->count() + 1));

    m_principals = arnList("templatePrincipals", QStringLiteral("Principals"), tr("one IAM role or user ARN per line"));
    m_region = regionCombo("templateStatementRegion");
    m_account = named(new QLineEdit, "templateStatementAccount", QStringLiteral("Account"));
    m_account->setPlaceholderText(tr("12 digits"));
    m_environment = named(new QLineEdit, "templateStatementEnvironmentName", QStringLiteral("Environment name"));
    m_environment->setPlaceholderText(tr("optional: limits CloudWatch Logs to airflow-NAME-*"));
    m_preview = named(new QPlainTextEdit, "templateStatementPreview", QStringLiteral("Preview"));
    m_preview->setReadOnly(true);
    m_preview->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_message = makeMessageLabel("templateStatementMessage");

    m_principalsLabel = new QLabel(tr("&Principals:"));
    m_principalsLabel->setBuddy(m_principals);
    m_regionLabel = new QLabel(tr("&Region:"));
    m_regionLabel->setBuddy(m_region);
    m_accountLabel = new QLabel(tr("&Account:"));
    m_accountLabel->setBuddy(m_account);
    m_environmentLabel = new QLabel(tr("&Environment name:"));
    m_environmentLabel->setBuddy(m_environment);
    auto* kindLabel = new QLabel(tr("&Statement:"));
    kindLabel->setBuddy(m_kinds);
    auto* previewLabel = new QLabel(tr("Pre&view:"));
    previewLabel->setBuddy(m_preview);

    auto* form = new QFormLayout;
    form->addRow(kindLabel, m_kinds);
    form->addRow(m_principalsLabel, m_principals);
    form->addRow(m_regionLabel, m_region);
    form->addRow(m_accountLabel, m_account);
    form->addRow(m_environmentLabel, m_environment);
    form->addRow(previewLabel, m_preview);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Insert"));
    m_ok->setObjectName(QStringLiteral("okButton"));
    m_ok->setAccessibleName(QStringLiteral("Insert"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);

    connect(m_kinds, &QListWidget::currentRowChanged, this, &InsertTemplateStatementDialog::updateFields);
    connect(m_principals, &QPlainTextEdit::textChanged, this, &InsertTemplateStatementDialog::validate);
    connect(m_region, &QComboBox::currentTextChanged, this, &InsertTemplateStatementDialog::validate);
    connect(m_account, &QLineEdit::textChanged, this, &InsertTemplateStatementDialog::validate);
    connect(m_environment, &QLineEdit::textChanged, this, &InsertTemplateStatementDialog::validate);
    m_kinds->setCurrentRow(0);
    resize(640, 560);
}

void InsertTemplateStatementDialog::setContext(const MwaaContext& context)
{
    m_region->setCurrentText(toQString(context.region));
    m_account->setText(toQString(context.account));
    m_environment->setText(toQString(context.environment));
    validate();
}

void InsertTemplateStatementDialog::setUsedSids(const QStringList& sids)
{
    m_usedSids = sids;
    validate();
}

StatementKind InsertTemplateStatementDialog::kind() const
{
    const QListWidgetItem* item = m_kinds->currentItem();
    return item ? static_cast<StatementKind>(item->data(Qt::UserRole).toInt()) : StatementKind::AccountDelegation;
}

void InsertTemplateStatementDialog::setKind(StatementKind kind)
{
    for (int row = 0; row < m_kinds->count(); ++row) {
        if (m_kinds->item(row)->data(Qt::UserRole).toInt() == static_cast<int>(kind)) {
            m_kinds->setCurrentRow(row);
        }
    }
}

mwaa::StatementResult InsertTemplateStatementDialog::result() const
{
    const std::string region = toStdString(m_region->currentText().trimmed());
    const std::string account = toStdString(m_account->text().trimmed());
    const std::vector<std::string> principals = toStdStrings(nonEmptyLines(m_principals->toPlainText()));
    mwaa::StatementResult made;
    switch (kind()) {
    case StatementKind::AccountDelegation: {
        const std::string partition = partitionOfRegion(region);
        if (partition.empty()) {
            // The partition comes from the region: say what is wrong with the region, not with a partition.
            made = mwaa::cloudWatchLogs(region, account);
            return made;
        }
        made = mwaa::accountDelegation(partition, account);
        break;
    }
    case StatementKind::KeyAdministrators:
        made = mwaa::keyAdministrators(principals);
        break;
    case StatementKind::KeyUsers:
        made = mwaa::keyUsers(principals);
        break;
    case StatementKind::GrantsForAwsResources:
        made = mwaa::grantsForAwsResources(principals);
        break;
    case StatementKind::CloudWatchLogs:
        made = mwaa::cloudWatchLogs(region, account, toStdString(m_environment->text().trimmed()));
        break;
    }
    if (made.ok()) {
        const QString wanted = toQString((*made)["Sid"].get<std::string>());
        QString sid = wanted;
        for (int n = 2; m_usedSids.contains(sid); ++n) {
            sid = QStringLiteral("%1 %2").arg(wanted).arg(n);
        }
        (*made)["Sid"] = toStdString(sid);
    }
    return made;
}

void InsertTemplateStatementDialog::updateFields()
{
    const StatementKind k = kind();
    const bool principals = k == StatementKind::KeyAdministrators || k == StatementKind::KeyUsers
        || k == StatementKind::GrantsForAwsResources;
    const bool account = k == StatementKind::AccountDelegation || k == StatementKind::CloudWatchLogs;
    const bool environment = k == StatementKind::CloudWatchLogs;
    m_principalsLabel->setVisible(principals);
    m_principals->setVisible(principals);
    m_regionLabel->setVisible(account);
    m_region->setVisible(account);
    m_accountLabel->setVisible(account);
    m_account->setVisible(account);
    m_environmentLabel->setVisible(environment);
    m_environment->setVisible(environment);
    m_regionLabel->setText(k == StatementKind::AccountDelegation ? tr("&Region (for the partition):") : tr("&Region:"));
    validate();
}

void InsertTemplateStatementDialog::validate()
{
    const mwaa::StatementResult made = result();
    m_ok->setEnabled(made.ok());
    QStringList messages;
    if (made.ok()) {
        m_preview->setPlainText(toQString(formatPolicy(*made)));
        const QString wanted = toQString(std::string(mwaa::statementSid(kind())));
        const QString sid = toQString((*made)["Sid"].get<std::string>());
        if (sid != wanted) {
            messages << tr("A statement with the Sid \"%1\" exists; this one is inserted as \"%2\".").arg(wanted, sid);
        }
    } else {
        m_preview->clear();
        messages << errorText(made.error());
    }
    m_message->setText(messages.join(QLatin1Char('\n')));
    m_message->setVisible(!messages.isEmpty());
}

} // namespace kps::ui
