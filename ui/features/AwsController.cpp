// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/features/AwsController.h"

#include "aws/KeyFetch.h"
#include "core/checker/Checker.h"
#include "model/LiveChecker.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"
#include "ui/ApplyToAwsDialog.h"
#include "ui/AuditAwsDialog.h"
#include "ui/ImportFromAwsDialog.h"
#include "ui/MainWindow.h"
#include "ui/MwaaEnvironmentPanel.h"
#include "ui/features/AccessController.h"
#include "ui/features/FilesController.h"
#include "ui/features/MwaaController.h"

#include <QAction>
#include <QDockWidget>
#include <QJsonObject>
#include <QStatusBar>

namespace kps::ui {

using model::toQString;
using model::toStdString;

namespace {

/** Offers the key and region of the MWAA panel, else what the last check inferred (Fetch grants, Compare, Apply). */
template <typename Dialog>
void offerKey(Dialog* dialog, const MainWindow* window)
{
    const MwaaContext given = window->mwaa()->panel()->context();
    const CheckResult& last = window->checker()->result();
    const std::string& key = given.key.empty() ? last.context.key : given.key;
    const std::string& region = given.region.empty() ? last.context.region : given.region;
    if (!key.empty()) {
        dialog->setKey(toQString(key));
    }
    if (!region.empty()) {
        dialog->setRegion(toQString(region));
    }
}

} // namespace

void AwsController::adopt(QDialog* dialog)
{
    if (m_dialogSetup) {
        m_dialogSetup(dialog);
    }
    m_awsDialog = dialog;
}

AwsController::AwsController(MainWindow* window)
    : QObject(window)
    , m_window(window)
{
    setObjectName(QStringLiteral("awsController"));
    connect(m_window->addAction({QStringLiteral("actionImportFromAws"),
                                 tr("Import from AWS…"),
                                 tr("Open a key's policy, grants and metadata from AWS KMS as a new document"),
                                 MenuPlace::FileAws}),
            &QAction::triggered,
            this,
            &AwsController::importFromAws);
    m_applyAction = m_window->addAction({QStringLiteral("actionApplyToAws"),
                                         tr("Apply to AWS…"),
                                         tr("Compare the policy with the key's live policy and apply it, with "
                                            "safeguards"),
                                         MenuPlace::FileAws});
    connect(m_applyAction, &QAction::triggered, this, &AwsController::applyToAws);
    connect(m_window->addAction({QStringLiteral("actionAuditAws"),
                                 tr("Audit MWAA environments in AWS…"),
                                 tr("Check every MWAA environment of a region: its key's policy, grants and "
                                    "execution role, read-only"),
                                 MenuPlace::Aws}),
            &QAction::triggered,
            this,
            &AwsController::auditEnvironments);
    connect(m_window->addAction({QStringLiteral("actionCompareWithLiveKey"),
                                 tr("Compare with the live key…"),
                                 tr("What the policy gives or takes away compared with the key's policy in AWS KMS"),
                                 MenuPlace::CheckCompare}),
            &QAction::triggered,
            this,
            &AwsController::compareWithLiveKey);
    connect(m_window->addAction({QStringLiteral("actionFetchGrants"),
                                 tr("Fetch grants from AWS…"),
                                 tr("Fetch the current key's grants from AWS KMS"),
                                 MenuPlace::Grants}),
            &QAction::triggered,
            this,
            &AwsController::fetchGrantsFromAws);
}

void AwsController::importFromAws()
{
    if (m_awsDialog || !m_window->files()->maybeSave()) {
        return;
    }
    auto* dialog = new ImportFromAwsDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFetchGrants(true);
    adopt(dialog);
    connect(dialog, &ImportFromAwsDialog::imported, this, [this, dialog] { onImported(dialog, false); });
    dialog->open();
}

void AwsController::fetchGrantsFromAws()
{
    if (m_awsDialog) {
        return;
    }
    auto* dialog = new ImportFromAwsDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Fetch grants from AWS"));
    dialog->setFetchGrants(true);
    offerKey(dialog, m_window);
    adopt(dialog);
    connect(dialog, &ImportFromAwsDialog::imported, this, [this, dialog] { onImported(dialog, true); });
    dialog->open();
}

void AwsController::compareWithLiveKey()
{
    if (m_awsDialog) {
        return;
    }
    auto* dialog = new ImportFromAwsDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Compare with the live key"));
    dialog->setFetchGrants(false);
    offerKey(dialog, m_window);
    adopt(dialog);
    connect(dialog, &ImportFromAwsDialog::imported, this, [this, dialog] {
        // Nothing is loaded: the live policy is only the reference the document is compared with.
        m_window->access()->compareWith(toStdString(dialog->policyText()), tr("the live key %1").arg(dialog->keyArn()));
    });
    dialog->open();
}

void AwsController::onImported(ImportFromAwsDialog* dialog, bool grantsOnly)
{
    const QString arn = dialog->keyArn();
    MwaaContext context = m_window->mwaa()->panel()->context();
    if (!grantsOnly) {
        const aws::KeyFetchResult& fetched = dialog->fetchResult();
        // The report's original is the live policy as fetched: its key, region and when KMS returned it.
        m_window->document()->load(
            toStdString(dialog->policyText()),
            QString(),
            fetched.keyId() + QStringLiteral(".json"),
            render::ReportOrigin::aws(toStdString(arn),
                                      toStdString(aws::regionOfArn(arn)),
                                      toStdString(fetched.policyFetchedAt.toString(Qt::ISODate))));
        context = m_window->mwaa()->panel()->context(); // as onLoaded() left it: empty for a document without a file
        context.key = toStdString(arn);
        context.region = toStdString(aws::regionOfArn(arn));
        context.account = toStdString(dialog->keyMetadata().value(QStringLiteral("AWSAccountId")).toString());
    } else {
        // Fill only what the user left empty: the fetched key is the one the grants belong to.
        if (context.key.empty()) {
            context.key = toStdString(arn);
        }
        if (context.region.empty()) {
            context.region = toStdString(aws::regionOfArn(arn));
        }
    }
    m_window->mwaa()->panel()->setContext(context);
    if (dialog->hasGrants()) {
        QString error;
        m_window->mwaa()->setGrantsText(
            dialog->grantsJson(), tr("AWS KMS (%1)").arg(arn), QStringLiteral("aws kms list-grants"), &error);
    }
    m_window->mwaa()->applyContext();
    m_window->mwaa()->grantsDock()->raise();
    m_window->statusBar()->showMessage(
        grantsOnly ? tr("Grants of %1 fetched from AWS").arg(arn) : tr("Imported %1 from AWS").arg(arn), 5000);
}

AuditAwsDialog* AwsController::auditDialog() const
{
    return m_auditDialog;
}

void AwsController::auditEnvironments()
{
    if (m_auditDialog) {
        m_auditDialog->raise();
        m_auditDialog->activateWindow();
        return;
    }
    auto* dialog = new AuditAwsDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // Modeless: the editor stays usable next to the summary, one environment after another.
    if (m_dialogSetup) {
        m_dialogSetup(dialog);
    }
    m_auditDialog = dialog;
    connect(dialog, &AuditAwsDialog::openRequested, this, &AwsController::openAuditedEnvironment);
    dialog->show();
}

bool AwsController::openAuditedEnvironment(const render::AuditedEnvironment& environment)
{
    const render::AuditEnvironmentInput& in = environment.input;
    if (!in.keyPolicy || !m_window->files()->maybeSave()) {
        return false;
    }
    const QString arn = toQString(in.keyArn);
    // The report's original is the policy as the audit fetched it: its key, region and when KMS returned it.
    m_window->document()->load(*in.keyPolicy,
                               QString(),
                               arn.mid(arn.lastIndexOf(QLatin1Char('/')) + 1) + QStringLiteral(".json"),
                               render::ReportOrigin::aws(in.keyArn, in.region, in.policyFetchedAt));
    MwaaContext context; // the audit's context, as render::auditEnvironment checked with it
    context.environment = in.name;
    context.region = in.region;
    context.account = in.account;
    context.key = in.keyArn;
    m_window->mwaa()->panel()->setContext(context);
    if (in.grants) {
        QString error;
        if (!m_window->mwaa()->setGrantsText(QByteArray::fromStdString(*in.grants),
                                             tr("AWS KMS (%1)").arg(arn),
                                             QStringLiteral("aws kms list-grants"),
                                             &error)) {
            m_window->statusBar()->showMessage(tr("The grants of %1 could not be read: %2").arg(arn, error), 10000);
        }
    }
    m_window->mwaa()->setRolePolicy(in.rolePolicies ? std::optional(render::mergeRolePolicies(*in.rolePolicies))
                                                    : std::nullopt,
                                    in.executionRoleArn,
                                    tr("AWS IAM: %1").arg(toQString(render::auditRolePolicyNames(environment))));
    m_window->mwaa()->grantsDock()->raise();
    m_window->statusBar()->showMessage(
        tr("Opened the key policy of MWAA environment %1 (%2)").arg(toQString(in.name), arn), 5000);
    return true;
}

void AwsController::applyToAws()
{
    if (m_awsDialog) {
        return;
    }
    auto* dialog = new ApplyToAwsDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setPolicy(toQString(m_window->document()->text()));
    dialog->setCheckProfile(m_window->checker()->options().mwaa,
                            toQString(m_window->mwaa()->panel()->context().environment));
    offerKey(dialog, m_window);
    adopt(dialog);
    connect(dialog, &ApplyToAwsDialog::applied, this, [this] {
        m_window->statusBar()->showMessage(tr("The policy was applied to the key in AWS KMS"), 10000);
    });
    dialog->open();
}

} // namespace kps::ui
