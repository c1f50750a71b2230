// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ImportFromAwsDialog.h"

#include "core/checker/Context.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace kps::ui {

using namespace kps::aws;

QStringList knownRegions()
{
    // core's one region table (kps::knownRegions): the MWAA regions and GovCloud; others can be typed.
    QStringList codes;
    for (const KnownRegion& region : kps::knownRegions()) {
        codes << QString::fromLatin1(region.code.data(), qsizetype(region.code.size()));
    }
    return codes;
}

ImportFromAwsDialog::ImportFromAwsDialog(QWidget* parent)
    : QDialog(parent)
    , m_environment(AwsEnvironment::system())
{
    setWindowTitle(tr("Import from AWS"));
    setObjectName(QStringLiteral("importFromAwsDialog"));
    buildUi();
    fillProfiles();
    readSettings();
    updateWidgets();
}

ImportFromAwsDialog::~ImportFromAwsDialog()
{
    if (m_fetch) {
        m_fetch->disconnect(this);
        m_fetch->cancel();
    }
}

void ImportFromAwsDialog::buildUi()
{
    auto* form = new QFormLayout;
    const auto named = [](QWidget* w, const char* objectName, const QString& accessible) {
        w->setObjectName(QLatin1String(objectName));
        w->setAccessibleName(accessible);
    };

    m_profile = new QComboBox(this);
    m_profile->setEditable(true);
    m_profile->setToolTip(tr("A profile of ~/.aws/config and ~/.aws/credentials. Leave empty to use the AWS CLI's "
                             "default (environment variables, AWS_PROFILE, then \"default\")."));
    named(m_profile, "profile", QStringLiteral("Profile"));
    form->addRow(tr("&Profile:"), m_profile);

    m_region = new QComboBox(this);
    m_region->setEditable(true);
    m_region->addItem(QString());
    m_region->addItems(knownRegions());
    m_region->setToolTip(tr("The key's region, e.g. eu-west-1. Empty: the profile's or AWS_REGION."));
    named(m_region, "region", QStringLiteral("Region"));
    form->addRow(tr("&Region:"), m_region);

    m_key = new QLineEdit(this);
    m_key->setPlaceholderText(tr("key id, key ARN, alias/name or alias ARN"));
    m_key->setClearButtonEnabled(true);
    named(m_key, "key", QStringLiteral("Key"));
    form->addRow(tr("&Key:"), m_key);

    m_endpoint = new QLineEdit(this);
    m_endpoint->setPlaceholderText(tr("optional, e.g. a VPC endpoint (https://…)"));
    named(m_endpoint, "endpointUrl", QStringLiteral("Endpoint URL"));
    form->addRow(tr("&Endpoint URL:"), m_endpoint);

    m_grants = new QCheckBox(tr("Also fetch the key's &grants"), this);
    m_grants->setChecked(m_fetchGrants);
    named(m_grants, "fetchGrants", QStringLiteral("Fetch grants"));
    form->addRow(QString(), m_grants);

    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 0); // busy indicator: the number of pages is not known in advance
    m_progress->setTextVisible(false);
    named(m_progress, "progress", QStringLiteral("Progress"));

    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    named(m_status, "status", QStringLiteral("Status"));

    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setTextFormat(Qt::PlainText);
    named(m_error, "error", QStringLiteral("Error"));

    m_buttons = new QDialogButtonBox(this);
    // ActionRole: the button box must not close the dialog by itself; Import closes it when the fetch succeeded.
    m_import = m_buttons->addButton(tr("&Import"), QDialogButtonBox::ActionRole);
    named(m_import, "importButton", QStringLiteral("Import"));
    m_import->setDefault(true);
    m_cancel = m_buttons->addButton(tr("Cancel"), QDialogButtonBox::ActionRole);
    named(m_cancel, "cancelButton", QStringLiteral("Cancel"));
    // Both handled here: Import must not close the dialog before the fetch is done, Cancel first stops the fetch.
    disconnect(m_buttons, nullptr, this, nullptr);
    connect(m_import, &QPushButton::clicked, this, &ImportFromAwsDialog::startImport);
    connect(m_cancel, &QPushButton::clicked, this, &ImportFromAwsDialog::cancelOrClose);

    connect(m_profile, &QComboBox::currentTextChanged, this, &ImportFromAwsDialog::onProfileChanged);
    connect(m_key, &QLineEdit::textChanged, this, &ImportFromAwsDialog::updateWidgets);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(m_error);
    layout->addStretch();
    layout->addWidget(m_buttons);
    setMinimumWidth(520);
}

void ImportFromAwsDialog::fillProfiles()
{
    const QString current = m_profile->currentText();
    const QSignalBlocker blocker(m_profile);
    m_profile->clear();
    m_profile->addItem(QString());
    m_profile->addItems(AwsConfigResolver(m_environment).profiles());
    m_profile->setCurrentText(current);
    onProfileChanged();
}

void ImportFromAwsDialog::onProfileChanged()
{
    // Show which region the profile would use; a region typed by the user stays.
    const QString fromProfile = AwsConfigResolver(m_environment).regionFor(profile());
    m_region->lineEdit()->setPlaceholderText(fromProfile.isEmpty() ? tr("e.g. eu-west-1")
                                                                   : tr("%1 (from the profile)").arg(fromProfile));
}

void ImportFromAwsDialog::setEnvironment(const AwsEnvironment& environment)
{
    m_environment = environment;
    fillProfiles();
}

void ImportFromAwsDialog::setClientOptions(const KmsClientOptions& options)
{
    m_clientOptions = options;
}

void ImportFromAwsDialog::setFetchGrants(bool fetch)
{
    m_fetchGrants = fetch;
    m_grants->setChecked(fetch);
}

void ImportFromAwsDialog::setKey(const QString& key)
{
    m_key->setText(key);
}

void ImportFromAwsDialog::setRegion(const QString& region)
{
    m_region->setCurrentText(region);
}

void ImportFromAwsDialog::setProfile(const QString& profileName)
{
    m_profile->setCurrentText(profileName);
}

void ImportFromAwsDialog::setEndpointUrl(const QString& url)
{
    m_endpoint->setText(url);
}

QString ImportFromAwsDialog::profile() const
{
    return m_profile->currentText().trimmed();
}

QString ImportFromAwsDialog::region() const
{
    return m_region->currentText().trimmed();
}

QString ImportFromAwsDialog::key() const
{
    return m_key->text().trimmed();
}

QString ImportFromAwsDialog::endpointUrl() const
{
    return m_endpoint->text().trimmed();
}

bool ImportFromAwsDialog::isBusy() const
{
    // Busy until onFinished() has handled the end: KeyFetch reports isFinished() before its (queued) finished signal
    // arrives, and in between the dialog still showed "Cancelling…" with its fields locked while it said idle.
    return m_fetch != nullptr;
}

QByteArray ImportFromAwsDialog::grantsJson() const
{
    return m_result.grantsFetched ? kps::aws::grantsJson(m_result.grants) : QByteArray();
}

QString ImportFromAwsDialog::errorText() const
{
    return m_error->text();
}

void ImportFromAwsDialog::startImport()
{
    if (isBusy() || key().isEmpty()) {
        return;
    }
    m_error->clear();
    QString region = this->region();
    // With no region anywhere, a key ARN names its own.
    const AwsConfigResolver resolver(m_environment);
    if (region.isEmpty() && resolver.regionFor(profile()).isEmpty()) {
        region = regionOfArn(key());
    }
    const AwsSession session = resolver.resolve(profile(), region);
    if (!session.isValid()) {
        m_error->setText(session.error);
        updateWidgets();
        return;
    }
    KmsClientOptions options = m_clientOptions;
    options.endpointUrl = endpointUrl();
    m_client = std::make_unique<KmsClient>(session, options);
    m_fetch = new KeyFetch(m_client.get(), key(), m_grants->isChecked(), this);
    connect(m_fetch, &KeyFetch::progress, m_status, &QLabel::setText);
    connect(m_fetch, &KeyFetch::retrying, this, [this](int attempt, int delayMs, const QString& reason) {
        m_status->setText(
            tr("%1 (attempt %2); retrying in %3 s…").arg(reason).arg(attempt).arg(delayMs / 1000.0, 0, 'f', 1));
    });
    connect(m_fetch, &KeyFetch::finished, this, &ImportFromAwsDialog::onFinished);
    m_fetch->start();
    updateWidgets();
}

void ImportFromAwsDialog::cancelOrClose()
{
    reject();
}

void ImportFromAwsDialog::reject()
{
    // Cancel, Escape and the window's close button first stop a fetch in flight; the next one closes.
    if (isBusy()) {
        m_status->setText(tr("Cancelling…"));
        m_fetch->cancel();
        return;
    }
    QDialog::reject();
}

void ImportFromAwsDialog::onFinished()
{
    KeyFetch* fetch = m_fetch;
    if (!fetch) {
        return;
    }
    fetch->deleteLater();
    m_fetch = nullptr;
    if (!fetch->succeeded()) {
        const KmsError& e = fetch->error();
        if (e.kind == KmsError::Kind::Cancelled) {
            m_status->setText(tr("Cancelled."));
        } else {
            m_status->clear();
            m_error->setText(e.message);
        }
        updateWidgets();
        return;
    }
    m_result = fetch->result();
    m_status->setText(tr("Imported %1.").arg(m_result.keyArn()));
    writeSettings();
    updateWidgets();
    emit imported(m_result.policy, grantsJson(), m_result.keyMetadata);
    accept();
}

void ImportFromAwsDialog::updateWidgets()
{
    const bool busy = isBusy();
    for (QWidget* w : {static_cast<QWidget*>(m_profile),
                       static_cast<QWidget*>(m_region),
                       static_cast<QWidget*>(m_key),
                       static_cast<QWidget*>(m_endpoint),
                       static_cast<QWidget*>(m_grants)}) {
        w->setEnabled(!busy);
    }
    m_import->setEnabled(!busy && !key().isEmpty());
    m_cancel->setText(busy ? tr("&Stop") : tr("Cancel"));
    m_progress->setVisible(busy);
    m_error->setVisible(!m_error->text().isEmpty());
}

void ImportFromAwsDialog::readSettings()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("aws"));
    m_profile->setCurrentText(settings.value(QStringLiteral("profile")).toString());
    m_region->setCurrentText(settings.value(QStringLiteral("region")).toString());
    m_endpoint->setText(settings.value(QStringLiteral("endpointUrl")).toString());
    m_key->setText(settings.value(QStringLiteral("key")).toString());
}

void ImportFromAwsDialog::writeSettings() const
{
    // Names only: profile, region, endpoint and key id. Credentials are never written anywhere.
    QSettings settings;
    settings.beginGroup(QStringLiteral("aws"));
    settings.setValue(QStringLiteral("profile"), profile());
    settings.setValue(QStringLiteral("region"), region());
    settings.setValue(QStringLiteral("endpointUrl"), endpointUrl());
    settings.setValue(QStringLiteral("key"), key());
}

} // namespace kps::ui
