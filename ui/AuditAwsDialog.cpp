// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/AuditAwsDialog.h"

#include "aws/AccountAudit.h"
#include "model/QtConvert.h"
#include "ui/MwaaEnvironmentPanel.h"
#include "ui/Named.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QTableWidget>
#include <QVBoxLayout>

namespace kps::ui {

using model::toQString;

namespace {

constexpr int kEnvironmentIndexRole = Qt::UserRole;
constexpr int kVerdictRole = Qt::UserRole + 1;

QStringList splitNames(const QString& text)
{
    return text.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
}

QString failedCallsText(const render::AuditedEnvironment& e)
{
    QStringList lines;
    for (const auto& error : e.input.errors) {
        lines << QStringLiteral("%1: %2").arg(toQString(error.call), toQString(error.message));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace

AuditAwsDialog::AuditAwsDialog(QWidget* parent)
    : QDialog(parent)
    , m_environment(aws::AwsEnvironment::system())
{
    setWindowTitle(tr("Audit MWAA environments in AWS"));
    setObjectName(QStringLiteral("auditAwsDialog"));
    buildUi();
    readSettings();
    updateWidgets();
}

AuditAwsDialog::~AuditAwsDialog()
{
    if (m_run) {
        m_run->disconnect(this);
        m_run->cancel();
    }
}

void AuditAwsDialog::buildUi()
{
    auto* form = new QFormLayout;

    m_region = named(new QComboBox(this), "auditRegion", QStringLiteral("Audit region"));
    m_region->setEditable(true);
    m_region->setInsertPolicy(QComboBox::NoInsert);
    m_region->addItem(QString());
    m_region->addItems(MwaaEnvironmentPanel::mwaaRegions());
    m_region->lineEdit()->setPlaceholderText(tr("each profile's region"));
    m_region->setToolTip(tr("The region whose environments are audited; the regions where MWAA runs are listed, any "
                            "code can be typed. Empty: each profile's region (or AWS_REGION)."));
    form->addRow(tr("&Region:"), m_region);

    m_profiles = named(new QLineEdit(this), "auditProfiles", QStringLiteral("Audit profiles"));
    m_profiles->setPlaceholderText(tr("default chain; several: prod, audit-role"));
    m_profiles->setClearButtonEnabled(true);
    m_profiles->setToolTip(tr("Profiles of ~/.aws/config, separated by commas or spaces: one report across their "
                              "accounts. Profiles with role_arn are assumed with STS AssumeRole."));
    form->addRow(tr("&Profiles:"), m_profiles);

    m_environments = named(new QLineEdit(this), "auditEnvironments", QStringLiteral("Audit environments"));
    m_environments->setPlaceholderText(tr("optional; empty: every environment of the region"));
    m_environments->setClearButtonEnabled(true);
    form->addRow(tr("E&nvironments:"), m_environments);

    m_advanced = named(new QGroupBox(tr("Advanced"), this), "auditAdvanced", QStringLiteral("Advanced"));
    m_advanced->setCheckable(true);
    m_advanced->setChecked(false);
    auto* advancedForm = new QFormLayout(m_advanced);
    m_endpoint = named(new QLineEdit(m_advanced), "auditEndpointUrl", QStringLiteral("Audit endpoint URL"));
    m_endpoint->setPlaceholderText(tr("optional, for every service (https://…)"));
    m_endpoint->setClearButtonEnabled(true);
    advancedForm->addRow(tr("&Endpoint URL:"), m_endpoint);
    // Unchecked, the group hides its fields and the endpoint is not used (what was typed stays for next time).
    connect(m_advanced, &QGroupBox::toggled, m_endpoint, &QWidget::setVisible);
    m_endpoint->setVisible(false);

    m_progress = named(new QProgressBar(this), "auditProgress", QStringLiteral("Audit progress"));
    m_progress->setRange(0, 1);
    m_progress->setFormat(tr("%v of %m calls"));

    m_status = named(new QLabel(this), "auditStatus", QStringLiteral("Audit status"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);

    m_failures = named(new QLabel(this), "auditFailures", QStringLiteral("Audit failures"));
    m_failures->setWordWrap(true);
    m_failures->setTextFormat(Qt::PlainText);
    m_failures->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_table = named(new QTableWidget(0, Columns, this), "auditSummary", QStringLiteral("Audit summary"));
    m_table->setHorizontalHeaderLabels({tr("Account"),
                                        tr("Environment"),
                                        tr("Key"),
                                        tr("Verdict"),
                                        tr("Errors"),
                                        tr("Security"),
                                        tr("Warnings"),
                                        tr("Suggestions"),
                                        tr("Failed calls")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    // Whole key ids on one line (1280x720 has room for them); the last column takes what is left.
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setMinimumHeight(160);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &AuditAwsDialog::showDetails);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, &AuditAwsDialog::openCurrent);

    m_details = named(new QLabel(this), "auditDetails", QStringLiteral("Audit environment details"));
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::PlainText);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* buttons = new QDialogButtonBox(this);
    // ActionRole: the box must not close the dialog itself (Start and Open keep it open; Stop stops the calls).
    m_start = named(
        buttons->addButton(tr("&Start"), QDialogButtonBox::ActionRole), "auditStart", QStringLiteral("Start audit"));
    m_start->setDefault(true);
    m_stop = named(
        buttons->addButton(tr("S&top"), QDialogButtonBox::ActionRole), "auditCancel", QStringLiteral("Cancel audit"));
    m_open = named(buttons->addButton(tr("&Open in editor"), QDialogButtonBox::ActionRole),
                   "auditOpenInEditor",
                   QStringLiteral("Open in editor"));
    m_close = named(
        buttons->addButton(tr("Close"), QDialogButtonBox::ActionRole), "auditClose", QStringLiteral("Close audit"));
    disconnect(buttons, nullptr, this, nullptr);
    connect(m_start, &QPushButton::clicked, this, &AuditAwsDialog::startAudit);
    connect(m_stop, &QPushButton::clicked, this, [this] {
        if (m_run) {
            m_status->setText(tr("Cancelling…"));
            m_run->cancel();
        }
    });
    connect(m_open, &QPushButton::clicked, this, &AuditAwsDialog::openCurrent);
    connect(m_close, &QPushButton::clicked, this, &AuditAwsDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_advanced);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(m_failures);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_details);
    layout->addWidget(buttons);
    resize(1120, 580);
}

void AuditAwsDialog::setEnvironment(const aws::AwsEnvironment& environment)
{
    m_environment = environment;
}

void AuditAwsDialog::setClientOptions(const aws::KmsClientOptions& options)
{
    m_clientOptions = options;
}

void AuditAwsDialog::setRegion(const QString& region)
{
    m_region->setCurrentText(region);
}

void AuditAwsDialog::setProfiles(const QString& profiles)
{
    m_profiles->setText(profiles);
}

void AuditAwsDialog::setEnvironmentNames(const QString& names)
{
    m_environments->setText(names);
}

void AuditAwsDialog::setEndpointUrl(const QString& url)
{
    m_endpoint->setText(url);
    m_advanced->setChecked(m_advanced->isChecked() || !url.isEmpty());
}

QString AuditAwsDialog::region() const
{
    return m_region->currentText().trimmed();
}

QStringList AuditAwsDialog::profiles() const
{
    return splitNames(m_profiles->text());
}

QStringList AuditAwsDialog::environmentNames() const
{
    return splitNames(m_environments->text());
}

QString AuditAwsDialog::endpointUrl() const
{
    return m_advanced->isChecked() ? m_endpoint->text().trimmed() : QString();
}

bool AuditAwsDialog::isBusy() const
{
    return m_run != nullptr;
}

QString AuditAwsDialog::statusText() const
{
    return m_status->text();
}

const render::AuditedEnvironment* AuditAwsDialog::currentEnvironment() const
{
    const int row = m_table->currentRow();
    const QTableWidgetItem* item = row >= 0 ? m_table->item(row, Account) : nullptr;
    if (!item) {
        return nullptr;
    }
    const auto index = static_cast<std::size_t>(item->data(kEnvironmentIndexRole).toInt());
    return index < m_audit.environments.size() ? &m_audit.environments[index] : nullptr;
}

void AuditAwsDialog::startAudit()
{
    if (isBusy()) {
        return;
    }
    aws::AccountAuditRequest request;
    request.environment = m_environment;
    request.profiles = profiles();
    request.region = region();
    request.environments = environmentNames();
    request.endpointUrl = endpointUrl();
    request.clientOptions = m_clientOptions;
    m_audit = {};
    m_table->setRowCount(0);
    m_failures->clear();
    m_details->clear();
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_status->setText(tr("Listing the environments…"));
    m_run = new aws::AccountAuditRun(request, this);
    connect(m_run, &aws::AccountAuditRun::progress, this, &AuditAwsDialog::onProgress);
    connect(m_run,
            &aws::AccountAuditRun::retrying,
            this,
            [this](const QString& operation, int attempt, int delayMs, const QString& reason) {
                m_status->setText(tr("%1: %2 (attempt %3); retrying in %4 s…")
                                      .arg(operation, reason)
                                      .arg(attempt)
                                      .arg(delayMs / 1000.0, 0, 'f', 1));
            });
    connect(m_run, &aws::AccountAuditRun::finished, this, &AuditAwsDialog::onFinished);
    writeSettings();
    m_run->start();
    updateWidgets();
}

void AuditAwsDialog::onProgress(int done, int total, const QString& step)
{
    m_progress->setRange(0, std::max(total, 1));
    m_progress->setValue(done);
    m_status->setText(tr("Done: %1").arg(step));
}

void AuditAwsDialog::onFinished()
{
    aws::AccountAuditRun* run = m_run;
    if (!run) {
        return;
    }
    run->deleteLater();
    m_run = nullptr;
    m_audit = run->result();
    fillSummary();
    const SeverityCounts total = render::countAudit(m_audit);
    const QString counts = tr("%n environment(s); findings: %1 errors, %2 security, %3 warnings, %4 suggestions.",
                              nullptr,
                              int(m_audit.environments.size()))
                               .arg(total.error)
                               .arg(total.security)
                               .arg(total.warning)
                               .arg(total.suggestion);
    m_status->setText(run->wasCancelled()
                          ? tr("Cancelled: what was read so far is shown, marked incomplete. %1").arg(counts)
                          : tr("Audit finished: %1").arg(counts));
    updateWidgets();
    emit auditFinished();
}

void AuditAwsDialog::fillSummary()
{
    QStringList failures;
    for (const auto& f : m_audit.failures) {
        failures << tr("Failed: %1%2 in %3: %4")
                        .arg(toQString(f.error.call),
                             f.profile.empty() ? QString() : tr(" (profile %1)").arg(toQString(f.profile)),
                             toQString(f.region),
                             toQString(f.error.message));
    }
    if (m_audit.environments.empty() && m_audit.failures.empty()) {
        failures << tr("No MWAA environments found.");
    }
    m_failures->setText(failures.join(QLatin1Char('\n')));

    m_table->setRowCount(int(m_audit.environments.size()));
    for (std::size_t i = 0; i < m_audit.environments.size(); ++i) {
        const render::AuditedEnvironment& e = m_audit.environments[i];
        const int row = int(i);
        const auto set = [this, row](int column, const QString& text, const QString& tip = {}) {
            auto* item = new QTableWidgetItem(text);
            item->setToolTip(tip.isEmpty() ? text : tip);
            m_table->setItem(row, column, item);
            return item;
        };
        set(Account, e.input.account.empty() ? tr("unknown") : toQString(e.input.account))
            ->setData(kEnvironmentIndexRole, row);
        set(Environment, toQString(e.input.name));
        set(Key, toQString(render::auditKeyName(e)), toQString(render::auditKeyFacts(e)));
        set(Verdict, toQString(render::auditVerdictText(e)))->setData(kVerdictRole, toQString(e.verdict));
        set(Errors, QString::number(e.counts.error));
        set(Security, QString::number(e.counts.security));
        set(Warnings, QString::number(e.counts.warning));
        set(Suggestions, QString::number(e.counts.suggestion));
        const QString failed = failedCallsText(e);
        set(FailedCalls,
            e.input.errors.empty() ? tr("none") : QString::number(e.input.errors.size()),
            failed.isEmpty() ? tr("No call failed") : failed);
    }
    if (!m_audit.environments.empty()) {
        m_table->selectRow(0);
    }
}

void AuditAwsDialog::showDetails()
{
    const render::AuditedEnvironment* e = currentEnvironment();
    if (!e) {
        m_details->clear();
        updateWidgets();
        return;
    }
    QStringList lines;
    lines << tr("%1: %2. Key: %3.")
                 .arg(toQString(e->input.name),
                      toQString(render::auditVerdictText(*e)),
                      toQString(render::auditKeyFacts(*e)));
    lines << tr("Execution role: %1 (policies: %2).")
                 .arg(e->input.executionRoleArn.empty() ? tr("unknown") : toQString(e->input.executionRoleArn),
                      toQString(render::auditRolePolicyNames(*e)));
    for (const auto& problem : e->keyProblems) {
        lines << tr("Key problem: %1").arg(toQString(problem));
    }
    for (const auto& error : e->input.errors) {
        lines << tr("Failed: %1: %2").arg(toQString(error.call), toQString(error.message));
    }
    m_details->setText(lines.join(QLatin1Char('\n')));
    updateWidgets();
}

void AuditAwsDialog::openCurrent()
{
    const render::AuditedEnvironment* e = currentEnvironment();
    if (isBusy() || !e || !e->input.keyPolicy) {
        return;
    }
    emit openRequested(*e);
}

void AuditAwsDialog::reject()
{
    // Escape and the window's close button first stop an audit in flight; the next one closes.
    if (m_run) {
        m_status->setText(tr("Cancelling…"));
        m_run->cancel();
        return;
    }
    QDialog::reject();
}

void AuditAwsDialog::updateWidgets()
{
    const bool busy = isBusy();
    for (QWidget* w : {static_cast<QWidget*>(m_region),
                       static_cast<QWidget*>(m_profiles),
                       static_cast<QWidget*>(m_environments),
                       static_cast<QWidget*>(m_advanced)}) {
        w->setEnabled(!busy);
    }
    m_start->setEnabled(!busy);
    m_stop->setEnabled(busy);
    m_close->setEnabled(!busy);
    const render::AuditedEnvironment* e = currentEnvironment();
    m_open->setEnabled(!busy && e && e->input.keyPolicy.has_value());
    m_open->setToolTip(!e || e->input.keyPolicy ? tr("Load the environment's key policy with its whole context")
                                                : tr("The key policy of this environment was not read"));
    m_failures->setVisible(!m_failures->text().isEmpty());
    m_details->setVisible(!m_details->text().isEmpty());
}

void AuditAwsDialog::readSettings()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("aws/audit"));
    m_region->setCurrentText(settings.value(QStringLiteral("region")).toString());
    m_profiles->setText(settings.value(QStringLiteral("profiles")).toString());
    setEndpointUrl(settings.value(QStringLiteral("endpointUrl")).toString());
}

void AuditAwsDialog::writeSettings() const
{
    // Names only; credentials are never written anywhere.
    QSettings settings;
    settings.beginGroup(QStringLiteral("aws/audit"));
    settings.setValue(QStringLiteral("region"), region());
    settings.setValue(QStringLiteral("profiles"), m_profiles->text().trimmed());
    settings.setValue(QStringLiteral("endpointUrl"), endpointUrl());
}

} // namespace kps::ui
