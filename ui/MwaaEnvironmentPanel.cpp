// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/MwaaEnvironmentPanel.h"

#include "core/checker/ContextValues.h"
#include "model/QtConvert.h"
#include "ui/Named.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace kps::ui {

using model::toQString;
using model::toStdString;

namespace {

QString inferredHint(const std::string& value, ContextSource source, const QString& fallback)
{
    if (source == ContextSource::Inferred && !value.empty()) {
        return MwaaEnvironmentPanel::tr("inferred: %1").arg(toQString(value));
    }
    return fallback;
}

} // namespace

QStringList MwaaEnvironmentPanel::mwaaRegions()
{
    // core's one region table (kps::mwaaRegions, sourced there); any other code can be typed.
    QStringList codes;
    for (std::string_view code : kps::mwaaRegions()) {
        codes << QString::fromLatin1(code.data(), qsizetype(code.size()));
    }
    return codes;
}

MwaaEnvironmentPanel::MwaaEnvironmentPanel(QWidget* parent)
    : QWidget(parent)
{
    named(this, "mwaaEnvironment", QStringLiteral("MWAA environment"));
    auto* form = new QFormLayout(this);

    m_environment = named(new QLineEdit(this), "environmentName", QStringLiteral("Environment name"));
    m_environment->setPlaceholderText(tr("e.g. analytics"));
    m_environment->setClearButtonEnabled(true);
    form->addRow(tr("&Environment name:"), m_environment);

    m_region = named(new QComboBox(this), "region", QStringLiteral("Region"));
    m_region->setEditable(true);
    m_region->setInsertPolicy(QComboBox::NoInsert);
    m_region->addItem(QString());
    m_region->addItems(mwaaRegions());
    m_region->setCurrentIndex(0);
    m_region->lineEdit()->setClearButtonEnabled(true);
    m_region->setToolTip(tr("The environment's and key's region. Regions where MWAA runs are listed; any code can "
                            "be typed."));
    form->addRow(tr("&Region:"), m_region);

    m_account = named(new QLineEdit(this), "account", QStringLiteral("Account"));
    m_account->setClearButtonEnabled(true);
    form->addRow(tr("&Account:"), m_account);

    m_key = named(new QLineEdit(this), "key", QStringLiteral("Key"));
    m_key->setClearButtonEnabled(true);
    form->addRow(tr("&Key:"), m_key);

    m_organization = named(new QLineEdit(this), "organization", QStringLiteral("Organization"));
    m_organization->setClearButtonEnabled(true);
    m_organization->setToolTip(tr("The AWS Organizations id of the environment's account (o-…), or none. It decides "
                                  "organization-perimeter statements (aws:PrincipalOrgID); left empty, a verdict "
                                  "that depends on it says so."));
    form->addRow(tr("&Organization:"), m_organization);

    m_executionRole = named(new QLabel(this), "executionRolePolicy", QStringLiteral("Execution role policy"));
    m_executionRole->setWordWrap(true);
    m_executionRole->setTextFormat(Qt::PlainText);
    m_executionRole->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_executionRole->hide();
    form->addRow(m_executionRole);

    m_hint = named(new QLabel(this), "contextHint", QStringLiteral("Context hint"));
    m_hint->setWordWrap(true);
    form->addRow(m_hint);

    showResolved({});
    auto changed = [this] {
        updateHint(); // at once, whether or not the check runs again
        if (!m_updating) {
            emit contextChanged();
        }
    };
    connect(m_environment, &QLineEdit::textChanged, this, changed);
    connect(m_region, &QComboBox::currentTextChanged, this, changed);
    connect(m_account, &QLineEdit::textChanged, this, changed);
    connect(m_key, &QLineEdit::textChanged, this, changed);
    connect(m_organization, &QLineEdit::textChanged, this, changed);
}

void MwaaEnvironmentPanel::setExecutionRole(const QString& description)
{
    m_executionRole->setText(description);
    m_executionRole->setVisible(!description.isEmpty());
}

std::vector<MwaaEnvironmentPanel::Field> MwaaEnvironmentPanel::fields() const
{
    return {{ContextField::Environment, tr("Environment name"), m_environment->text().trimmed()},
            {ContextField::Region, tr("Region"), m_region->currentText().trimmed()},
            {ContextField::Account, tr("Account"), m_account->text().trimmed()},
            {ContextField::Key, tr("Key"), m_key->text().trimmed()},
            {ContextField::Organization, tr("Organization"), m_organization->text().trimmed()}};
}

MwaaContext MwaaEnvironmentPanel::context() const
{
    MwaaContext context;
    // Only a value that the one rule of the context options accepts (core/checker/ContextValues, as `keypolicy
    // check --region ...`) is given; the hint says why other text is not used.
    for (const Field& field : fields()) {
        if (!field.text.isEmpty()) {
            // An invalid value is left out; invalidFields() gives the hint.
            static_cast<void>(setGivenContextValue(context, field.field, toStdString(field.text)));
        }
    }
    return context;
}

QStringList MwaaEnvironmentPanel::invalidFields() const
{
    QStringList reasons;
    for (const Field& field : fields()) {
        if (field.text.isEmpty()) {
            continue;
        }
        if (const auto valid = validateContextValue(field.field, toStdString(field.text)); !valid) {
            reasons << tr("%1: %2; not used.").arg(field.label, toQString(valid.error().message));
        }
    }
    return reasons;
}

void MwaaEnvironmentPanel::setContext(const MwaaContext& context)
{
    m_updating = true;
    m_environment->setText(toQString(context.environment));
    m_region->setCurrentText(toQString(context.region));
    m_account->setText(toQString(context.account));
    m_key->setText(toQString(context.key));
    m_organization->setText(toQString(context.orgId));
    m_updating = false;
}

void MwaaEnvironmentPanel::showResolved(const MwaaContext& used)
{
    m_environment->setPlaceholderText(inferredHint(used.environment, used.environmentSource, tr("e.g. analytics")));
    m_region->lineEdit()->setPlaceholderText(inferredHint(used.region, used.regionSource, tr("e.g. eu-west-1")));
    m_account->setPlaceholderText(inferredHint(used.account, used.accountSource, tr("12 digits")));
    m_key->setPlaceholderText(inferredHint(used.key, used.keySource, tr("key id or ARN")));
    m_organization->setPlaceholderText(tr("o-… or none (unknown: never guessed)"));
    QStringList inferred;
    auto note = [&inferred](const char* what, const std::string& value, ContextSource source) {
        if (source == ContextSource::Inferred && !value.empty()) {
            inferred << QStringLiteral("%1 %2").arg(QLatin1String(what), toQString(value));
        }
    };
    note("region", used.region, used.regionSource);
    note("partition", used.partition, used.partitionSource);
    note("account", used.account, used.accountSource);
    note("environment", used.environment, used.environmentSource);
    m_inferredHint = inferred.isEmpty() ? tr("Fields left empty are inferred from the policy where possible.")
                                        : tr("Inferred from the policy: %1").arg(inferred.join(QStringLiteral(", ")));
    updateHint();
}

void MwaaEnvironmentPanel::updateHint()
{
    const QStringList invalid = invalidFields();
    m_hint->setText(invalid.isEmpty() ? m_inferredHint
                                      : m_inferredHint + QLatin1Char(' ') + invalid.join(QLatin1Char(' ')));
}

} // namespace kps::ui
