// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/MwaaEnvironmentPanel.h"

#include "model/QtConvert.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace kps::ui {

using model::toQString;
using model::toStdString;

namespace {

template <typename W>
W* named(W* widget, const char* objectName, const QString& accessibleName)
{
    widget->setObjectName(QLatin1String(objectName));
    widget->setAccessibleName(accessibleName);
    return widget;
}

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

    m_hint = named(new QLabel(this), "contextHint", QStringLiteral("Context hint"));
    m_hint->setWordWrap(true);
    form->addRow(m_hint);

    showResolved({});
    auto changed = [this] {
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

MwaaContext MwaaEnvironmentPanel::context() const
{
    MwaaContext context;
    auto take = [](const QString& text, std::string& value, ContextSource& source) {
        value = toStdString(text.trimmed());
        source = value.empty() ? ContextSource::Unknown : ContextSource::Given;
    };
    take(m_environment->text(), context.environment, context.environmentSource);
    take(m_region->currentText(), context.region, context.regionSource);
    take(m_account->text(), context.account, context.accountSource);
    take(m_key->text(), context.key, context.keySource);
    // Only a well-formed id (or "none") decides anything; the hint says when the text is neither.
    const std::string org = toStdString(m_organization->text().trimmed());
    if (org == kNoOrganization || isOrganizationId(org)) {
        context.orgId = org;
        context.orgIdSource = ContextSource::Given;
    }
    return context;
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
    QString hint = inferred.isEmpty() ? tr("Fields left empty are inferred from the policy where possible.")
                                      : tr("Inferred from the policy: %1").arg(inferred.join(QStringLiteral(", ")));
    const QString org = m_organization->text().trimmed();
    if (!org.isEmpty() && org != QLatin1String(kNoOrganization.data()) && !isOrganizationId(toStdString(org))) {
        hint += QLatin1Char(' ') + tr("\"%1\" is not an organization id (o-… or none): not used.").arg(org);
    }
    m_hint->setText(hint);
}

} // namespace kps::ui
