// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/access/AccessSummary.h"

#include "model/PolicyDocument.h"

#include <QWidget>

#include <memory>

class QLabel;
class QStandardItemModel;
class QTableView;

namespace kps::ui {

/**
 * The `Access` table (spec/gui.md): one row per principal the policy names (the key's account through IAM first,
 * `*` as anyone in another account), one column per group of KMS actions (use, administer, grants, read, other),
 * each cell a decision (allow, allow if IAM, deny, depends, partial) with a mark when conditions limit it. Selecting
 * a cell shows its actions and the statements behind them in `Access details`; activating one asks the window to
 * select the first of those statements.
 */
class AccessView : public QWidget
{
    Q_OBJECT

public:
    explicit AccessView(QWidget* parent = nullptr);

    /** Summarizes the policy (core/access summarizeAccess) and shows it. */
    void setPolicy(std::shared_ptr<const model::PolicyDocument::Parse> parse, const MwaaContext& given);
    const access::AccessSummary& summary() const { return m_summary; }
    QTableView* table() const { return m_table; }
    QLabel* details() const { return m_details; }

signals:
    void statementActivated(int index, const QString& pointer);

private:
    void showDetails();

    QTableView* m_table;
    QStandardItemModel* m_model;
    QLabel* m_details;
    /** The policy shown (m_parse's reading; empty without one). */
    const PolicyView& policy() const;

    std::shared_ptr<const model::PolicyDocument::Parse> m_parse; ///< the document's parse, shared
    access::AccessSummary m_summary;
};

/** The words of a decision in the window: "allow", "allow if IAM", "explicit deny", ... */
QString decisionWords(access::Decision decision);

} // namespace kps::ui
