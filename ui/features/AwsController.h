// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QObject>
#include <QPointer>

#include <functional>

class QAction;

namespace kps::render {
struct AuditedEnvironment;
}

namespace kps::ui {

class AuditAwsDialog;
class ImportFromAwsDialog;
class MainWindow;

/**
 * Live AWS KMS: `Import from AWS…`, `Audit MWAA environments in AWS…` and `Apply to AWS…` (File menu), `Fetch
 * grants from AWS…` (Grants menu) and `Compare with the live key…` (Check menu, shown by AccessController), each a
 * dialog over aws/ (SigV4, the AWS CLI's credentials). An import opens the key's policy as a new document and fills
 * the MWAA panel's key, region and account; fetched grants go to the grant matrix (MwaaController). The audit
 * dialog is modeless and stays open: opening one of its environments loads that key policy with the environment's
 * whole context (region, account, environment, key, grants, execution role policy), as the audit checked it.
 */
class AwsController : public QObject
{
    Q_OBJECT

public:
    explicit AwsController(MainWindow* window);

    QAction* applyToAwsAction() const { return m_applyAction; }
    /** Tests and embedding: called with every AWS dialog right after it is created (credentials, endpoint, ...). */
    void setAwsDialogSetup(std::function<void(QDialog*)> setup) { m_dialogSetup = std::move(setup); }
    /** The AWS dialog currently open, if any. */
    QDialog* currentAwsDialog() const { return m_awsDialog; }
    /** The audit dialog, while it is open. */
    AuditAwsDialog* auditDialog() const;

public slots:
    void importFromAws();
    void fetchGrantsFromAws();
    void applyToAws();
    /** `Compare with the live key…` (Check menu): fetches the key's policy and compares the document with it. */
    void compareWithLiveKey();
    /** `Audit MWAA environments in AWS…`: opens (or raises) the audit dialog. */
    void auditEnvironments();
    /**
     * Loads an audited environment's key policy as a new document (asks to save the current one first) with the
     * context the audit checked it with; its report's original is the policy as fetched. False when nothing loaded.
     */
    bool openAuditedEnvironment(const render::AuditedEnvironment& environment);

private:
    void onImported(ImportFromAwsDialog* dialog, bool grantsOnly);
    /** The one AWS dialog open now: the embedder's setup applied (setAwsDialogSetup), remembered until closed. */
    void adopt(QDialog* dialog);

    MainWindow* m_window;
    QAction* m_applyAction = nullptr;
    std::function<void(QDialog*)> m_dialogSetup;
    QPointer<QDialog> m_awsDialog;
    QPointer<AuditAwsDialog> m_auditDialog;
};

} // namespace kps::ui
