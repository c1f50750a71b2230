// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Context.h"
#include "core/mwaa/Template.h"

#include <QDialog>
#include <QObject>
#include <QPointer>
#include <QStringList>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace kps::ui {

/** The non-empty, trimmed lines of a text field (one ARN per line). */
QStringList nonEmptyLines(const QString& text);

/**
 * `New from MWAA template`: Region (editable combo of the regions where MWAA runs), Account, Environment name and
 * Administrators (one IAM role or user ARN per line). OK stays disabled while kps::mwaa::makeTemplate reports errors,
 * which the dialog shows under the fields.
 */
class NewFromTemplateDialog : public QDialog
{
    Q_OBJECT

public:
    explicit NewFromTemplateDialog(QWidget* parent = nullptr);

    /** Prefills region, account and environment name (the key is not asked for). */
    void setContext(const MwaaContext& context);
    mwaa::TemplateOptions options() const;
    /** makeTemplate(options()): exactly what `keypolicy template` prints for the same options. */
    mwaa::TemplateResult result() const { return mwaa::makeTemplate(options()); }

    QComboBox* regionField() const { return m_region; }
    QLineEdit* accountField() const { return m_account; }
    QLineEdit* environmentField() const { return m_environment; }
    QPlainTextEdit* administratorsField() const { return m_admins; }
    QLabel* messageLabel() const { return m_message; }
    QPushButton* okButton() const { return m_ok; }

private:
    void validate();

    QComboBox* m_region = nullptr;
    QLineEdit* m_account = nullptr;
    QLineEdit* m_environment = nullptr;
    QPlainTextEdit* m_admins = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_ok = nullptr;
};

/**
 * `Insert template statement…`: a list of the five kinds (account delegation, key administrators, key users,
 * grants for AWS resources, CloudWatch Logs), the fields the chosen kind needs, and a read-only preview of the
 * statement. When a statement of the policy already uses the kind's Sid, the dialog says so and the preview carries
 * a unique Sid ("… 2").
 */
class InsertTemplateStatementDialog : public QDialog
{
    Q_OBJECT

public:
    explicit InsertTemplateStatementDialog(QWidget* parent = nullptr);

    /** Defaults for region, account and environment name. */
    void setContext(const MwaaContext& context);
    /** The Sids the policy uses (the inserted statement gets one that is not among them). */
    void setUsedSids(const QStringList& sids);

    mwaa::StatementKind kind() const;
    void setKind(mwaa::StatementKind kind);
    /** The statement to insert (Sid made unique); errors when the fields do not make one. */
    mwaa::StatementResult result() const;

    QListWidget* kindList() const { return m_kinds; }
    QPlainTextEdit* principalsField() const { return m_principals; }
    QComboBox* regionField() const { return m_region; }
    QLineEdit* accountField() const { return m_account; }
    QLineEdit* environmentField() const { return m_environment; }
    QPlainTextEdit* previewField() const { return m_preview; }
    QLabel* messageLabel() const { return m_message; }
    QPushButton* okButton() const { return m_ok; }

private:
    void updateFields();
    void validate();

    QListWidget* m_kinds = nullptr;
    QLabel* m_principalsLabel = nullptr;
    QPlainTextEdit* m_principals = nullptr;
    QLabel* m_regionLabel = nullptr;
    QComboBox* m_region = nullptr;
    QLabel* m_accountLabel = nullptr;
    QLineEdit* m_account = nullptr;
    QLabel* m_environmentLabel = nullptr;
    QLineEdit* m_environment = nullptr;
    QPlainTextEdit* m_preview = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_ok = nullptr;
    QStringList m_usedSids;
};

} // namespace kps::ui
