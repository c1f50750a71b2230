// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/LiveChecker.h"

#include "model/PolicyDocument.h"

#include <QFutureWatcher>
#include <QtConcurrentRun>

namespace kps::model {

LiveChecker::LiveChecker(PolicyDocument* document, QObject* parent)
    : QObject(parent)
    , m_document(document)
    , m_result(std::make_shared<const CheckResult>())
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(200);
    connect(&m_timer, &QTimer::timeout, this, &LiveChecker::checkNow);
    m_startTimer.setSingleShot(true);
    m_startTimer.setInterval(0);
    connect(&m_startTimer, &QTimer::timeout, this, &LiveChecker::start);
    connect(m_document, &PolicyDocument::textChanged, this, &LiveChecker::schedule);
    connect(m_document, &PolicyDocument::loaded, this, &LiveChecker::checkNow);
}

LiveChecker::~LiveChecker()
{
    for (auto* watcher : std::as_const(m_running)) {
        watcher->disconnect(this);
        watcher->waitForFinished();
    }
}

void LiveChecker::setOptions(const CheckOptions& options)
{
    m_options = options;
    m_document->setContext(options.context);
    emit optionsChanged();
    checkNow();
}

bool LiveChecker::isUpToDate() const
{
    return m_resultRevision == m_document->revision();
}

bool LiveChecker::isPending() const
{
    return m_timer.isActive() || m_requested || !m_running.isEmpty();
}

void LiveChecker::schedule()
{
    m_timer.start();
}

void LiveChecker::checkNow()
{
    m_timer.stop();
    ++m_generation; // a check running now is stale: its result is not delivered
    m_requested = true;
    m_startTimer.start();
}

void LiveChecker::start()
{
    if (!m_requested || !m_running.isEmpty()) {
        return;
    }
    m_requested = false;
    ++m_started;
    const quint64 generation = ++m_generation;
    const quint64 revision = m_document->revision();
    auto* watcher = new QFutureWatcher<CheckResult>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation, revision] {
        finished(watcher, generation, revision);
    });
    m_running.append(watcher);
    // The worker shares the document's parse (immutable, kept alive by the worker while the document moves on) and
    // gets a copy of the options.
    watcher->setFuture(QtConcurrent::run([parse = m_document->currentParse(), options = m_options]() {
        return kps::check(parse->source, parse->view, options);
    }));
}

void LiveChecker::finished(QFutureWatcher<CheckResult>* watcher, quint64 generation, quint64 revision)
{
    m_running.removeOne(watcher);
    watcher->deleteLater();
    if (generation != m_generation || revision != m_document->revision()) {
        // Stale: a newer check is wanted. Free this result before that one runs, then start it.
        if (QFuture<CheckResult> future = watcher->future(); future.isValid() && future.resultCount() > 0) {
            (void)future.takeResult();
        }
        start();
        return;
    }
    // Moved, not copied: it can hold hundreds of thousands of findings.
    m_result = std::make_shared<const CheckResult>(watcher->future().takeResult());
    m_resultRevision = revision;
    emit checked(*m_result);
}

} // namespace kps::model
