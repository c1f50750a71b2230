// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/access/PolicyDiff.h"

#include <QDialog>

class QLabel;
class QListWidget;

namespace kps::ui {

/**
 * `Compare with file…` / `Compare with the live key…`: what the current policy gives or takes away compared with
 * another one (core/access comparePolicies, as `keypolicy diff OTHER CURRENT`): the access changes ("role X gains
 * kms:Decrypt"), the statements added, removed and changed (matched by Sid, else by content), and the text diff.
 */
class ComparisonDialog : public QDialog
{
    Q_OBJECT

public:
    /** `other` is the reference (A: the live policy, last year's file); `current` is the document (B). */
    ComparisonDialog(const std::string& otherText,
                     const QString& otherName,
                     const std::string& currentText,
                     const MwaaContext& given,
                     QWidget* parent = nullptr);

    /** Nullopt when either text is not a valid policy (the dialog then says which). */
    const std::optional<access::PolicyComparison>& comparison() const { return m_comparison; }
    QListWidget* accessChanges() const { return m_access; }
    QListWidget* statementChanges() const { return m_statements; }
    QLabel* summary() const { return m_summary; }

private:
    std::optional<access::PolicyComparison> m_comparison;
    QLabel* m_summary;
    QListWidget* m_access;
    QListWidget* m_statements;
};

} // namespace kps::ui
