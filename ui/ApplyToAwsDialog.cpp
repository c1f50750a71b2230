// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ApplyToAwsDialog.h"

#include "ui/ImportFromAwsDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace kps::ui {

using namespace kps::aws;

ApplyToAwsDialog::ApplyToAwsDialog(QWidget* parent)
    : QDialog(parent)
    , m_environment(AwsEnvironment::system())
{
    setWindowTitle(tr("Apply to AWS"));
    setObjectName(QStringLiteral("applyToAwsDialog"));
    buildUi();
    setEnvironment(m_environment);
    updateWidgets();
}

ApplyToAwsDialog::~ApplyToAwsDialog()
{
    if (m_fetch) {
        m_fetch->disconnect(this);
        m_fetch->cancel();
    }
    if (m_apply) {
        m_apply->disconnect(this);
        m_apply->cancel();
    }
}

void ApplyToAwsDialog::buildUi()
{
    const auto named = [](QWidget* w, const char* objectName, const QString& accessible) {
        w->setObjectName(QLatin1String(objectName));
        w->setAccessibleName(accessible);
    };
    auto* form = new QFormLayout;
    m_profile = new QComboBox(this);
    m_profile->setEditable(true);
    named(m_profile, "profile", QStringLiteral("Profile"));
    form->addRow(tr("&Profile:"), m_profile);
    m_region = new QComboBox(this);
    m_region->setEditable(true);
    m_region->addItem(QString());
    m_region->addItems(knownRegions());
    named(m_region, "region", QStringLiteral("Region"));
    form->addRow(tr("&Region:"), m_region);
    m_key = new QLineEdit(this);
    m_key->setPlaceholderText(tr("key id, key ARN, alias/name or alias ARN"));
    named(m_key, "key", QStringLiteral("Key"));
    form->addRow(tr("&Key:"), m_key);
    m_endpoint = new QLineEdit(this);
    m_endpoint->setPlaceholderText(tr("optional, e.g. a VPC endpoint (https://…)"));
    named(m_endpoint, "endpointUrl", QStringLiteral("Endpoint URL"));
    form->addRow(tr("&Endpoint URL:"), m_endpoint);

    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_checksView = new QPlainTextEdit(this);
    m_checksView->setReadOnly(true);
    m_checksView->setMaximumBlockCount(1000);
    named(m_checksView, "checks", QStringLiteral("Checks"));
    m_diffView = new QPlainTextEdit(this);
    m_diffView->setReadOnly(true);
    m_diffView->setFont(fixed);
    m_diffView->setLineWrapMode(QPlainTextEdit::NoWrap);
    named(m_diffView, "differences", QStringLiteral("Differences"));
    auto* splitter = new QSplitter(Qt::Vertical, this);
    auto* checksBox = new QWidget(splitter);
    auto* checksLayout = new QVBoxLayout(checksBox);
    checksLayout->setContentsMargins(0, 0, 0, 0);
    auto* checksLabel = new QLabel(tr("Checks:"), checksBox);
    checksLabel->setBuddy(m_checksView);
    checksLayout->addWidget(checksLabel);
    checksLayout->addWidget(m_checksView);
    auto* diffBox = new QWidget(splitter);
    auto* diffLayout = new QVBoxLayout(diffBox);
    diffLayout->setContentsMargins(0, 0, 0, 0);
    auto* diffLabel = new QLabel(tr("Differences from the live policy to this one:"), diffBox);
    diffLabel->setBuddy(m_diffView);
    diffLayout->addWidget(diffLabel);
    diffLayout->addWidget(m_diffView);
    m_checksView->setParent(checksBox);
    m_diffView->setParent(diffBox);
    splitter->addWidget(checksBox);
    splitter->addWidget(diffBox);
    splitter->setStretchFactor(1, 3);

    m_confirm = new QCheckBox(tr("I &reviewed the differences and want to replace the live policy"), this);
    named(m_confirm, "confirm", QStringLiteral("Confirm"));

    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 0);
    m_progress->setTextVisible(false);
    named(m_progress, "progress", QStringLiteral("Progress"));
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    named(m_status, "status", QStringLiteral("Status"));

    auto* buttons = new QDialogButtonBox(this);
    m_compare = buttons->addButton(tr("C&ompare with live policy"), QDialogButtonBox::ActionRole);
    named(m_compare, "compareButton", QStringLiteral("Compare"));
    m_applyButton = buttons->addButton(tr("&Apply"), QDialogButtonBox::ActionRole);
    named(m_applyButton, "applyButton", QStringLiteral("Apply"));
    m_cancel = buttons->addButton(tr("Close"), QDialogButtonBox::ActionRole);
    named(m_cancel, "cancelButton", QStringLiteral("Cancel"));
    disconnect(buttons, nullptr, this, nullptr);
    connect(m_compare, &QPushButton::clicked, this, &ApplyToAwsDialog::compare);
    connect(m_applyButton, &QPushButton::clicked, this, &ApplyToAwsDialog::apply);
    connect(m_cancel, &QPushButton::clicked, this, &ApplyToAwsDialog::cancelOrClose);
    connect(m_confirm, &QCheckBox::toggled, this, &ApplyToAwsDialog::updateWidgets);
    // Any change of the target invalidates the comparison.
    const auto invalidate = [this] {
        m_compared = false;
        m_confirm->setChecked(false);
        updateWidgets();
    };
    connect(m_key, &QLineEdit::textChanged, this, invalidate);
    connect(m_endpoint, &QLineEdit::textChanged, this, invalidate);
    connect(m_profile, &QComboBox::currentTextChanged, this, invalidate);
    connect(m_region, &QComboBox::currentTextChanged, this, invalidate);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_confirm);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(760, 620);
}

void ApplyToAwsDialog::setEnvironment(const AwsEnvironment& environment)
{
    m_environment = environment;
    const QString current = m_profile->currentText();
    const QSignalBlocker blocker(m_profile);
    m_profile->clear();
    m_profile->addItem(QString());
    m_profile->addItems(AwsConfigResolver(m_environment).profiles());
    m_profile->setCurrentText(current);
}

void ApplyToAwsDialog::setClientOptions(const KmsClientOptions& options)
{
    m_clientOptions = options;
}

void ApplyToAwsDialog::setPolicy(const QString& policy)
{
    m_policy = policy;
    m_compared = false;
    m_confirm->setChecked(false);
    updateWidgets();
}

void ApplyToAwsDialog::setCheckProfile(bool mwaa, const QString& environmentName)
{
    m_mwaa = mwaa;
    m_environmentName = environmentName;
    m_compared = false;
    updateWidgets();
}

void ApplyToAwsDialog::setKey(const QString& key)
{
    m_key->setText(key);
}

void ApplyToAwsDialog::setRegion(const QString& region)
{
    m_region->setCurrentText(region);
}

void ApplyToAwsDialog::setProfile(const QString& profile)
{
    m_profile->setCurrentText(profile);
}

void ApplyToAwsDialog::setEndpointUrl(const QString& url)
{
    m_endpoint->setText(url);
}

bool ApplyToAwsDialog::isBusy() const
{
    // Busy until onCompared()/onApplied() have handled the end (they reset the pointers): KeyFetch and PolicyApply
    // report their end before their queued finished signal arrives (see ImportFromAwsDialog::isBusy).
    return m_fetch != nullptr || m_apply != nullptr;
}

bool ApplyToAwsDialog::canApply() const
{
    return !isBusy() && m_compared && m_checks.passed && !m_diff.isEmpty() && m_confirm->isChecked();
}

QString ApplyToAwsDialog::statusText() const
{
    return m_status->text();
}

void ApplyToAwsDialog::setStatus(const QString& text)
{
    m_status->setText(text);
}

void ApplyToAwsDialog::startClient()
{
    const AwsConfigResolver resolver(m_environment);
    QString region = m_region->currentText().trimmed();
    const QString profile = m_profile->currentText().trimmed();
    if (region.isEmpty() && resolver.regionFor(profile).isEmpty()) {
        region = regionOfArn(m_key->text().trimmed());
    }
    const AwsSession session = resolver.resolve(profile, region);
    KmsClientOptions options = m_clientOptions;
    options.endpointUrl = m_endpoint->text().trimmed();
    m_client = session.isValid() ? std::make_unique<KmsClient>(session, options) : nullptr;
    if (!session.isValid()) {
        setStatus(session.error);
    }
}

void ApplyToAwsDialog::compare()
{
    if (isBusy() || m_key->text().trimmed().isEmpty()) {
        return;
    }
    m_compared = false;
    m_confirm->setChecked(false);
    m_checksView->clear();
    m_diffView->clear();
    startClient();
    if (!m_client) {
        updateWidgets();
        return;
    }
    m_fetch = new KeyFetch(m_client.get(), m_key->text().trimmed(), false, this);
    connect(m_fetch, &KeyFetch::progress, this, &ApplyToAwsDialog::setStatus);
    connect(m_fetch, &KeyFetch::finished, this, &ApplyToAwsDialog::onCompared);
    m_fetch->start();
    updateWidgets();
}

void ApplyToAwsDialog::onCompared()
{
    KeyFetch* fetch = m_fetch;
    if (!fetch) {
        return;
    }
    fetch->deleteLater();
    m_fetch = nullptr;
    if (!fetch->succeeded()) {
        setStatus(fetch->error().kind == KmsError::Kind::Cancelled ? tr("Cancelled.") : fetch->error().message);
        updateWidgets();
        return;
    }
    m_live = fetch->result();
    const QString arn = m_live.keyArn().isEmpty() ? m_live.keyId() : m_live.keyArn();
    if (m_live.keyMetadata.value(QStringLiteral("KeyManager")).toString() == QLatin1String("AWS")) {
        setStatus(tr("%1 is an AWS managed key; its policy cannot be changed.").arg(arn));
        updateWidgets();
        return;
    }
    m_checks = checkForApply(
        m_policy, applyCheckOptions(m_live.keyMetadata, m_client->session().region, m_mwaa, m_environmentName));
    m_diff = unifiedDiff(m_live.policy, m_policy, tr("live policy of %1").arg(arn), tr("this policy"));
    m_checksView->setPlainText(m_checks.summary);
    m_diffView->setPlainText(m_diff.isEmpty() ? tr("No differences: the live policy already is this policy.") : m_diff);
    m_compared = true;
    if (!m_checks.passed) {
        setStatus(tr("This policy cannot be applied until the error findings are fixed."));
    } else if (m_diff.isEmpty()) {
        setStatus(tr("Nothing to apply."));
    } else {
        setStatus(tr("Review the differences, tick the confirmation, then Apply."));
    }
    updateWidgets();
}

void ApplyToAwsDialog::apply()
{
    if (!canApply() || !m_client) {
        return;
    }
    ApplyRequest request;
    request.keyId = m_live.keyArn().isEmpty() ? m_live.keyId() : m_live.keyArn();
    request.policy = m_policy;
    request.loadedLivePolicy = m_live.policy;
    request.checks = m_checks;
    request.confirmed = m_confirm->isChecked();
    m_apply = new PolicyApply(m_client.get(), request, this);
    connect(m_apply, &PolicyApply::progress, this, &ApplyToAwsDialog::setStatus);
    connect(m_apply, &PolicyApply::finished, this, &ApplyToAwsDialog::onApplied);
    m_outcome = PolicyApply::Outcome::Pending;
    m_apply->start();
    updateWidgets();
}

void ApplyToAwsDialog::onApplied()
{
    PolicyApply* apply = m_apply;
    if (!apply) {
        return;
    }
    apply->deleteLater();
    m_apply = nullptr;
    m_outcome = apply->outcome();
    setStatus(apply->message());
    // Whatever happened, the comparison is stale now: a new Apply needs a new Compare.
    m_compared = false;
    m_confirm->setChecked(false);
    updateWidgets();
    if (m_outcome == PolicyApply::Outcome::Applied || m_outcome == PolicyApply::Outcome::Unchanged) {
        emit applied(apply->livePolicy());
    }
}

void ApplyToAwsDialog::cancelOrClose()
{
    reject();
}

void ApplyToAwsDialog::reject()
{
    // Stop, Escape and the window's close button first stop the request in flight; the next one closes.
    if (m_fetch) {
        m_fetch->cancel(); // nothing when it has already ended: its finished signal is on its way
        return;
    }
    if (m_apply) {
        m_apply->cancel();
        return;
    }
    QDialog::reject();
}

void ApplyToAwsDialog::updateWidgets()
{
    const bool busy = isBusy();
    for (QWidget* w : {static_cast<QWidget*>(m_profile),
                       static_cast<QWidget*>(m_region),
                       static_cast<QWidget*>(m_key),
                       static_cast<QWidget*>(m_endpoint)}) {
        w->setEnabled(!busy);
    }
    m_compare->setEnabled(!busy && !m_key->text().trimmed().isEmpty() && !m_policy.isEmpty());
    m_confirm->setEnabled(!busy && m_compared && m_checks.passed && !m_diff.isEmpty());
    m_applyButton->setEnabled(canApply());
    m_cancel->setText(busy ? tr("&Stop") : tr("Close"));
    m_progress->setVisible(busy);
}

} // namespace kps::ui
