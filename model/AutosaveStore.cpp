// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/AutosaveStore.h"

#include "model/QtConvert.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>
#include <atomic>

namespace kps::model {
namespace {

QString lockPathFor(const QString& autosaveFile)
{
    QString lock = autosaveFile;
    lock.chop(5); // ".json"
    return lock + QStringLiteral(".lock");
}

} // namespace

AutosaveStore::AutosaveStore(QString directory)
    : m_directory(std::move(directory))
{
    if (m_directory.isEmpty()) {
        m_directory = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/autosave");
    }
    // pid + time + a counter: unique per editor, also for several stores in one process (tests).
    static std::atomic<int> counter{0};
    m_file = QDir(m_directory)
                 .filePath(QStringLiteral("autosave-%1-%2-%3.json")
                               .arg(QCoreApplication::applicationPid())
                               .arg(QDateTime::currentMSecsSinceEpoch())
                               .arg(++counter));
}

AutosaveStore::~AutosaveStore() = default;

bool AutosaveStore::save(const std::string& text, const QString& documentPath)
{
    if (!QDir().mkpath(m_directory)) {
        return false;
    }
    if (!m_lock) {
        m_lock = std::make_unique<QLockFile>(lockPathFor(m_file));
        m_lock->setStaleLockTime(0);
        if (!m_lock->tryLock(0)) {
            m_lock.reset();
            return false;
        }
    }
    QJsonObject object;
    object.insert(QStringLiteral("file"), documentPath);
    object.insert(QStringLiteral("text"), toQString(text));
    object.insert(QStringLiteral("saved"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    QSaveFile file(m_file);
    // Unbuffered so that a short write (full disk) is seen here, not lost at commit (see PolicyFile::write).
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
        return false;
    }
    const QByteArray data = QJsonDocument(object).toJson(QJsonDocument::Compact);
    if (file.write(data) != data.size()) {
        file.cancelWriting();
        return false;
    }
    return file.commit();
}

void AutosaveStore::discard()
{
    QFile::remove(m_file);
    m_lock.reset(); // unlocks and removes the lock file
}

std::vector<AutosaveStore::Entry> AutosaveStore::orphans() const
{
    std::vector<Entry> entries;
    const QDir dir(m_directory);
    const QStringList files = dir.entryList({QStringLiteral("autosave-*.json")}, QDir::Files);
    for (const QString& name : files) {
        const QString path = dir.filePath(name);
        if (path == m_file) {
            continue;
        }
        // A lock we can take belongs to no running editor.
        QLockFile lock(lockPathFor(path));
        lock.setStaleLockTime(0);
        if (!lock.tryLock(0)) {
            continue;
        }
        lock.unlock();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            continue;
        }
        const QJsonObject object = QJsonDocument::fromJson(file.readAll()).object();
        Entry entry;
        entry.autosaveFile = path;
        entry.documentPath = object.value(QStringLiteral("file")).toString();
        entry.text = toStdString(object.value(QStringLiteral("text")).toString());
        entry.saved = QDateTime::fromString(object.value(QStringLiteral("saved")).toString(), Qt::ISODateWithMs);
        entries.push_back(std::move(entry));
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.saved > b.saved; });
    return entries;
}

void AutosaveStore::remove(const Entry& entry)
{
    QFile::remove(entry.autosaveFile);
    QFile::remove(lockPathFor(entry.autosaveFile));
}

} // namespace kps::model
