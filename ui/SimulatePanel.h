// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/access/Simulator.h"

#include "model/PolicyDocument.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;
class QTableWidget;
class QStandardItemModel;

namespace kps::ui {

/**
 * The `Simulate` panel (spec/gui.md): `Principal` (the policy's principals, or any ARN, account id or service
 * principal typed), `Action` (the KMS actions a key policy decides, searchable), `Context` (key, values, absent; keys
 * completed from the vocabulary), the `Decision` and the `Trace` (one row per statement: whether its principal,
 * action, resource and conditions matched, and why). It evaluates with core/access's simulate() whenever the policy
 * (setPolicy) or an input changes; activating a trace row asks the window to select that statement.
 */
class SimulatePanel : public QWidget
{
    Q_OBJECT

public:
    explicit SimulatePanel(QWidget* parent = nullptr);

    /** The policy to simulate against (the document's parse, shared: kept, not copied), and what is known of its key.
     */
    void setPolicy(std::shared_ptr<const model::PolicyDocument::Parse> parse, const MwaaContext& given);
    /** Sets the inputs as a person would type them (tests, and "Simulate this" from other panels). */
    void setRequest(const QString& principal, const QString& action);

    /** Modest: the panel shares the bottom dock area with the Findings (everything in it scrolls or elides). */
    QSize sizeHint() const override;

    /** The last simulation, when the inputs made a request. */
    const std::optional<access::Simulation>& simulation() const { return m_simulation; }
    QComboBox* principalField() const { return m_principal; }
    QComboBox* actionField() const { return m_action; }
    QTableWidget* contextTable() const { return m_context; }
    QLabel* decisionLabel() const { return m_decision; }
    QTableView* traceTable() const { return m_trace; }

signals:
    /** A trace row was activated: select statement `index` (its JSON Pointer is `pointer`). */
    void statementActivated(int index, const QString& pointer);

private:
    void simulate();
    void fillPrincipals();
    /** The context table as a request; false with the problem shown when a row is not valid. */
    bool readContext(access::SimulationRequest& request, QString& problem) const;

    QComboBox* m_principal;
    QComboBox* m_action;
    QTableWidget* m_context;
    QPushButton* m_addContext;
    QPushButton* m_removeContext;
    QLabel* m_decision;
    QLabel* m_problem;
    QTableView* m_trace;
    QStandardItemModel* m_traceModel;

    /** The policy shown (m_parse's reading; empty without one). */
    const PolicyView& policy() const;

    std::shared_ptr<const model::PolicyDocument::Parse> m_parse; ///< the document's parse, shared
    access::KeyFacts m_key;
    std::optional<access::Simulation> m_simulation;
};

} // namespace kps::ui
