// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Checker.h"

#include <QList>
#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

template <typename T>
class QFutureWatcher;

namespace kps::model {

class PolicyDocument;

/**
 * Re-checks the document shortly after the last change, off the GUI thread.
 *
 * Each text change restarts a single-shot timer (interval(), 200 ms by default); when it fires, kps::check runs on
 * the global thread pool on the document's current parse (shared, not copied). A result is delivered only if it is the
 * newest check started and the document has not changed since (a generation counter plus the document revision), so a
 * slow check never overwrites a newer state and typing is never blocked.
 *
 * At most one check runs at a time, and requests made while one runs (or in the same turn of the event loop, such as
 * the load's and the MWAA context's after opening a file) become one check of the newest state, started when the
 * running one ends: a large policy's check holds tens of MB of working memory and findings, and two at once doubled
 * the peak of opening it.
 */
class LiveChecker : public QObject
{
    Q_OBJECT
    Q_PROPERTY(int interval READ interval WRITE setInterval)

public:
    explicit LiveChecker(PolicyDocument* document, QObject* parent = nullptr);
    /** Waits for checks still running (they are short) so none outlives the checker. */
    ~LiveChecker() override;

    /** What to check for: the MWAA panel sets the context here. Default: MWAA profile on, empty context. */
    const CheckOptions& options() const { return m_options; }
    void setOptions(const CheckOptions& options);

    int interval() const { return m_timer.interval(); }
    void setInterval(int milliseconds) { m_timer.setInterval(milliseconds); }

    /** The last delivered result. */
    const CheckResult& result() const { return *m_result; }
    /** result().findings, to share (not copy) with the views of the findings; kept alive by whoever holds it. */
    std::shared_ptr<const std::vector<Finding>> findings() const { return {m_result, &m_result->findings}; }
    /** The document revision result() was computed for (0 before the first result). */
    quint64 resultRevision() const { return m_resultRevision; }
    /** True when result() belongs to the document's current text. */
    bool isUpToDate() const;
    /** True while a check is scheduled or running. */
    bool isPending() const;
    /** How many checks have been started (each runs kps::check once). */
    quint64 checksStarted() const { return m_started; }

public slots:
    /** Restarts the debounce timer. */
    void schedule();
    /**
     * Checks the current state as soon as possible (after a load, or when the options change): once control is back
     * in the event loop, or when the check running now ends.
     */
    void checkNow();

signals:
    /** A fresh result for the current text. */
    void checked(const kps::CheckResult& result);
    void optionsChanged();

private:
    /** Starts the requested check, unless one is running (then finished() starts it). */
    void start();
    void finished(QFutureWatcher<CheckResult>* watcher, quint64 generation, quint64 revision);

    PolicyDocument* m_document;
    CheckOptions m_options;
    QTimer m_timer;
    QTimer m_startTimer; ///< zero interval: the checkNow() calls of one turn of the event loop start one check
    quint64 m_started = 0;
    bool m_requested = false; ///< a check of the newest state is wanted and not started yet
    quint64 m_generation = 0;
    std::shared_ptr<const CheckResult> m_result;
    quint64 m_resultRevision = 0;
    QList<QFutureWatcher<CheckResult>*> m_running;
};

} // namespace kps::model
