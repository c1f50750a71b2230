// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QLockFile>
#include <QString>

#include <memory>
#include <string>
#include <vector>

namespace kps::model {

/**
 * Autosave of unsaved work, for crash recovery. Each running editor writes its own file
 * (autosave-<pid>-<time>-<n>.json, holding the text and the document's file path) and holds a lock file next to it
 * while it runs. A file whose lock is free (its editor exited without cleaning up, i.e. crashed) is an orphan that the
 * next start offers to restore. A clean exit calls discard().
 */
class AutosaveStore
{
public:
    /** Directory defaults to QStandardPaths::AppDataLocation + "/autosave". */
    explicit AutosaveStore(QString directory = {});
    ~AutosaveStore();
    AutosaveStore(const AutosaveStore&) = delete;
    AutosaveStore& operator=(const AutosaveStore&) = delete;

    QString directory() const { return m_directory; }
    /** This instance's autosave file. */
    QString filePath() const { return m_file; }

    /** Writes the text atomically (and takes the lock on first use); false on I/O error. */
    bool save(const std::string& text, const QString& documentPath);
    /** Removes this instance's file (clean exit, or the document was saved or closed). */
    void discard();

    struct Entry
    {
        QString autosaveFile;
        QString documentPath; ///< the file the work belonged to, empty for an untitled document
        std::string text;
        QDateTime saved;
    };
    /** Autosaves left behind by editors that are no longer running, newest first. */
    std::vector<Entry> orphans() const;
    /** Deletes an orphan (after restoring or declining it). */
    static void remove(const Entry& entry);

private:
    QString m_directory;
    QString m_file;
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace kps::model
