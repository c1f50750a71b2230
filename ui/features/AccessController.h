// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/ComparisonDialog.h"

#include <QObject>
#include <QPointer>

#include <string>

class QDockWidget;

namespace kps::ui {

class AccessView;
class MainWindow;
class SimulatePanel;

/**
 * Who can use this key: the `Simulate` dock (a request against the policy, with the trace), the `Access` dock (who
 * can do what) and `Compare with file…` (Check menu; `Compare with the live key…` is AwsController's and ends here
 * too). Both docks follow the live check (the MWAA panel's account, region and key are the key's facts) and are
 * recomputed only while shown; activating a trace row or an access cell selects the statement in the form and the
 * JSON.
 */
class AccessController : public QObject
{
    Q_OBJECT

public:
    explicit AccessController(MainWindow* window);

    SimulatePanel* simulatePanel() const { return m_simulate; }
    QDockWidget* simulateDock() const { return m_simulateDock; }
    AccessView* accessView() const { return m_access; }
    QDockWidget* accessDock() const { return m_accessDock; }
    /** The comparison shown last (tests). */
    ComparisonDialog* currentComparison() const { return m_comparison; }

public slots:
    void compareWithFile();
    /** Shows what the current policy changes compared with `otherText` (named `otherName` in the dialog). */
    void compareWith(const std::string& otherText, const QString& otherName);

private:
    void refresh();
    void selectStatement(int index, const QString& pointer);

    MainWindow* m_window;
    SimulatePanel* m_simulate;
    QDockWidget* m_simulateDock;
    AccessView* m_access;
    QDockWidget* m_accessDock;
    QPointer<ComparisonDialog> m_comparison;
};

} // namespace kps::ui
