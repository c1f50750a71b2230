// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QStringList>
#include <QTimer>

#include <memory>

class QMenu;

namespace kps::model {
class AutosaveStore;
}

namespace kps::ui {

class MainWindow;

/**
 * Files: `New`, `Paste as new document`, `Open…`, `Open Recent`, `Save`, `Save As…` and `Quit` (File menu), files
 * dropped on the window, the recent-files list (QSettings) and the 30-second autosave with its offer to restore
 * work an earlier run left behind (model/AutosaveStore). Every feature that replaces the document asks maybeSave()
 * first.
 */
class FilesController : public QObject
{
    Q_OBJECT

public:
    explicit FilesController(MainWindow* window);
    ~FilesController() override;

    /** Opens a file without asking about unsaved changes (callers ask first); false with a message on failure. */
    bool openFile(const QString& path);
    /** Writes the document to path (atomic); false with a message on failure, and the document stays dirty. */
    bool saveFile(const QString& path);
    /** Asks Save / Discard / Cancel when there are unsaved changes; false when the user cancels. */
    bool maybeSave();
    QStringList recentFiles() const;

    model::AutosaveStore& autosaveStore() const { return *m_autosave; }
    /** Forgets the autosaved copy (the document was saved, replaced or the window closes cleanly). */
    void discardAutosave();

public slots:
    void newDocument();
    void newFromClipboard();
    void open();
    /** File > Open key policy from template…: asks for a template or plan, then which of its key policies. */
    void openFromTemplate();
    /**
     * Lists the key policies of the template at path in a TemplatePolicyDialog (opened window-modal, not blocking);
     * the one chosen becomes a new, untitled document. False (with a message) when the file holds none.
     */
    bool openTemplate(const QString& path);
    bool save();
    bool saveAs();
    /** Asks about unsaved changes, then opens path (Open Recent, a dropped file). */
    void openInteractively(const QString& path);
    /** Writes the autosave now (the 30 s timer calls this). */
    void autosaveNow();
    /** Offers to restore work an earlier run left behind; true when restored. */
    bool offerRestore();

private:
    void createActions();
    void addRecentFile(const QString& path);
    void updateRecentFilesMenu();

    MainWindow* m_window;
    std::unique_ptr<model::AutosaveStore> m_autosave;
    QTimer m_autosaveTimer;
    QMenu* m_recentMenu = nullptr;
};

} // namespace kps::ui
