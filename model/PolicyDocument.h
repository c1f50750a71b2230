// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Context.h"
#include "core/checker/PolicyView.h"
#include "core/json/SourceDocument.h"
#include "core/render/ReportOrigin.h"
#include "model/DisplayText.h"

#include <QObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class QUndoStack;

namespace kps::model {

class DocumentCommand;

/**
 * The open policy: its text (the bytes that are saved), the parse of that text, the last DOM that parsed (what the
 * form shows while the text does not parse), the file it came from, and the undo history.
 *
 * Every change after load() is a DocumentCommand on undoStack(): the edit methods below build one and push it, so
 * each user intent is exactly one undo step. Commands address nodes by JSON Pointer. Form edits and fixes change
 * only the text they must, in the document's own layout (kps::textPatch: indentation, line endings, key order and
 * everything else stay as they are); text edits keep the text as typed; formatDocument() is the one edit that lays
 * the whole policy out again.
 * Edit methods return false, with lastError() set, when the edit does not apply (for example a form edit while the
 * text does not parse, or a pointer that names no node); nothing is pushed then.
 */
class PolicyDocument : public QObject
{
    Q_OBJECT

public:
    /** The text a new document starts with: Version and an empty Statement list. */
    static std::string newDocumentText();

    explicit PolicyDocument(QObject* parent = nullptr);
    ~PolicyDocument() override;

    /** The policy text as UTF-8, exactly as it will be saved. */
    const std::string& text() const;
    /** text() with every line break as "\n": what a text editor shows. */
    QString displayText() const;
    /**
     * The parse of the text and its normalized reading, made once per change of the text and shared, never copied:
     * the document, the live checker's worker thread and the Simulate and Access docks all read the same one (a
     * 6.8 MB policy's parse is tens of MB). Immutable once made, so a worker may keep it while the text changes.
     */
    struct Parse
    {
        SourceDocument source;
        PolicyView view; ///< readPolicy(source.json()) when source is valid, else empty
        std::uint64_t fingerprint = 0; ///< jsonFingerprint(source.json()) when valid: did an edit change the DOM?
    };
    /** The parse of text() with source positions. */
    const SourceDocument& source() const { return m_current->source; }
    /** The current parse, to keep beyond the next change (a check running on another thread). */
    std::shared_ptr<const Parse> currentParse() const { return m_current; }
    /** True when text() parses as JSON. */
    bool isValid() const { return m_valid; }
    /** True once any text of this document parsed (json() is meaningful). */
    bool hasJson() const { return m_lastValid != nullptr; }
    /** The last DOM that parsed: the current one when isValid(), else the one before the text broke. */
    const Json& json() const;
    /** Normalized reading of json(). */
    const PolicyView& view() const;
    /** Increases with every change of text(); lets asynchronous consumers detect stale results. */
    quint64 revision() const { return m_revision; }
    /**
     * Where the last change of text() was (a load: the whole text). The JSON view follows a change by replacing only
     * that part of its own text (model/DisplayText.h).
     */
    const TextChange& lastChange() const { return m_lastChange; }
    /** True when the document's line breaks are CRLF (kept on every edit). */
    bool usesCrLf() const { return m_crlf; }
    /** True when the text loaded was `aws kms get-key-policy` output and the document holds the inner policy. */
    bool wasUnwrapped() const { return m_unwrapped; }

    /** The file this document is saved to; empty for a new (or unwrapped) document. */
    QString filePath() const { return m_filePath; }
    /** The file name for titles: the file's name, the given display name, or "Untitled". */
    QString displayName() const;
    bool isModified() const;
    QUndoStack* undoStack() const { return m_undoStack; }
    /** Why the last edit method returned false. */
    QString lastError() const { return m_lastError; }

    /**
     * Replaces the whole document and starts a new history (not undoable). When the text is the output of
     * `aws kms get-key-policy`, the document holds the inner policy and forgets the file path (saving asks for a new
     * name instead of overwriting the wrapper); wasUnwrapped() tells.
     *
     * `text` as given becomes the change-ticket report's original (originalText()), from `origin`: by default the
     * file at filePath (its absolute path), or a new document when there is none.
     */
    void load(std::string text,
              const QString& filePath = {},
              const QString& displayName = {},
              std::optional<render::ReportOrigin> origin = std::nullopt);
    /**
     * The change-ticket report's original: the text as it was loaded (the file's bytes, the policy as fetched, or
     * the text a new document started with; `aws kms get-key-policy` output still wrapped). Every edit since then,
     * typed or not, is a change from it, and saving does not replace it: the ticket is about the change to what
     * was in place. (Show diff to original compares with the text as opened or last saved instead.)
     */
    const std::string& originalText() const { return *m_originalText; }
    /** Where originalText() came from (the report's "Original from" line). */
    const render::ReportOrigin& origin() const { return m_origin; }
    /**
     * The text as loaded or last saved (what "Show diff to original" compares with); shares its storage with
     * originalText() until the first save.
     */
    const std::string& savedText() const { return *m_savedText; }
    /** Replaces the report's original without touching the text (a restored autosave: the file on disk). */
    void setOriginal(std::string text, render::ReportOrigin origin);
    /** After a successful save: remembers the path and marks the current state clean. */
    void markSaved(const QString& filePath);
    /** Marks the current state as unsaved (a pasted or restored document). */
    void markModified();

    // ---- Edits: each pushes exactly one command -------------------------------------------------------------
    /**
     * The JSON view's text changed. With `typing`, consecutive calls merge into one undo step until
     * endTypingStep() (the view calls it after a pause) or any other command.
     */
    bool replaceText(const QString& displayText, bool typing = true);
    /**
     * The JSON view's edit said in place: `removed` units at `position` of displayText() replaced by `inserted` (which
     * may hold U+2029 for line breaks, as QTextCursor gives them). Only the bytes concerned are converted, so a
     * keystroke in a large policy does not copy its whole text. False, with nothing done, when the positions cannot
     * be said in bytes (the text is not valid UTF-8): the view then gives its whole text to replaceText().
     */
    bool editText(qsizetype position, qsizetype removed, const QString& inserted, bool typing = true);
    /** Closes the current typing step: the next replaceText() starts a new undo step. */
    void endTypingStep();
    /** Sets the node at pointer (its parent must exist). `what` names the step ("Set Sid"). */
    bool setValue(const std::string& pointer, const Json& value, const QString& what = {});
    /**
     * Appends a statement (when statement is null, a default Allow of kms:DescribeKey for the account: the context's
     * account when one is set, else the one the policy's principals name); returns its index via *index.
     */
    bool addStatement(const Json& statement = {}, std::size_t* index = nullptr);
    bool duplicateStatement(std::size_t index);
    bool removeStatement(std::size_t index);
    bool moveStatement(std::size_t from, std::size_t to);
    /** Kinds of list entries of a statement, for the command names. */
    enum class Element { Principal, Action, Resource, Condition };
    /**
     * Adds a value to a string-or-array element (Action, Resource, Principal/AWS, ...): creates it as a string,
     * turns a string into an array of two, or appends to an array.
     */
    bool addValue(const std::string& elementPointer, const std::string& value, Element kind);
    /** Adds a principal of the given type ("AWS", "Service", or "*" for the bare wildcard) to the statement. */
    bool addPrincipal(std::size_t statement, const std::string& type, const std::string& value);
    /** Removes one value; containers left empty inside the statement go too. */
    bool removeValue(const std::string& pointer, Element kind);
    /** Sets Condition/op/key of the statement to the values (a string for one value, else an array). */
    bool addCondition(std::size_t statement,
                      const std::string& op,
                      const std::string& key,
                      const std::vector<std::string>& values);
    /** Replaces the condition at op/key by newOp/newKey with the values, keeping its place where possible. */
    bool editCondition(std::size_t statement,
                       const std::string& op,
                       const std::string& key,
                       const std::string& newOp,
                       const std::string& newKey,
                       const std::vector<std::string>& values);
    /**
     * The same with typed values (a JSON array of strings, numbers and Booleans): SetConditionCommand says what
     * changes. Adding to an operator and key that are there adds the values to theirs.
     */
    bool addConditionValues(std::size_t statement, const std::string& op, const std::string& key, const Json& values);
    bool editConditionValues(std::size_t statement,
                             const std::string& op,
                             const std::string& key,
                             const std::string& newOp,
                             const std::string& newKey,
                             const Json& values);
    /**
     * Renames the statement's element to its other form (Principal <-> NotPrincipal, Action <-> NotAction,
     * Resource <-> NotResource), its value as written: one undo step.
     */
    bool switchElement(std::size_t statement, const std::string& from, const std::string& to);
    /** Applies a finding's JSON Patch as one step named after the code. */
    bool applyFix(const nlohmann::json& patch, const QString& code);
    /**
     * "Format document": lays the whole policy out with kps::formatPolicy (4-space indentation, one element per
     * line), keeping the line endings; one undo step, none when the text is already so (false while it does not
     * parse).
     */
    bool formatDocument();

    /**
     * The MWAA context the document is checked in (LiveChecker::setOptions sets it): a new statement's principal
     * uses its account, and the form's access check (model/AccessGuard.h) its key facts.
     */
    const MwaaContext& context() const { return m_context; }
    void setContext(const MwaaContext& context) { m_context = context; }

    /**
     * Asked before a form edit is pushed (DocumentCommand::isFormEdit(), once prepared: textAfter() is known); an
     * edit it declines is not made (false, lastError() empty). The Statement editor sets one that asks before an
     * edit that widens access (model/AccessGuard.h); none by default.
     */
    using Confirmation = std::function<bool(const DocumentCommand& command)>;
    void setConfirmation(Confirmation confirmation) { m_confirmation = std::move(confirmation); }

    /** Pushes a prepared command (the edit methods use this); false and lastError() if it does not apply. */
    bool execute(std::unique_ptr<DocumentCommand> command);

    /** The pointer of statement `index` ("/Statement/i", or "/Statement" for a single statement object). */
    std::string statementPointer(std::size_t index) const;
    /** The text the document's line-ending style makes of a "\n" text. */
    std::string withLineEndings(std::string text) const;
    /** Serial of the current typing step (ReplaceTextCommand merges within one). */
    quint64 typingSerial() const { return m_typingSerial; }

signals:
    /** text() changed (any edit, undo, redo or load). */
    void textChanged();
    /** json() changed: the form and item models follow this. */
    void jsonChanged();
    /** The text started or stopped parsing. */
    void validityChanged(bool valid);
    void filePathChanged(const QString& path);
    /** Unsaved changes appeared or disappeared. */
    void modificationChanged(bool modified);
    /** load() replaced the document. */
    void loaded();
    /** markSaved(): the text was written to filePath (the MWAA context sidecar follows). */
    void saved(const QString& filePath);

private:
    friend class DocumentCommand;
    /**
     * Sets the text and re-parses; called by commands and load(). True when json() changed. `parsed`, when given,
     * is the text's parse already made (a command's text patch checked it), used instead of parsing again; `change`
     * says where the text changed (lastChange()).
     */
    bool setText(std::string text,
                 std::optional<SourceDocument> parsed = std::nullopt,
                 TextChange change = TextChange::everything());
    /** setText() with the new text's parse (the text is source's: its text(), or wrapperText() when wrapped). */
    bool setParsed(SourceDocument source);
    /** The parse and reading of a text. */
    static std::shared_ptr<const Parse> makeParse(SourceDocument source);
    /** The text of a parse (text(), or wrapperText() when wrapped), sharing the parse's storage. */
    static std::shared_ptr<const std::string> textOf(const std::shared_ptr<const Parse>& parse);
    /** Makes `parse` the current one and tells the views; true when json() changed. */
    bool adopt(std::shared_ptr<const Parse> parse);
    /**
     * Lets go of the current parse (and the last valid one) before the next is made, so that a large policy's two
     * parses are never in memory together: the original and saved texts get their own copy if they shared its text.
     */
    void releaseParses();
    /** Gives the original and saved texts their own copy when they share the current parse's text. */
    void detachTexts();
    /** How many of the original and saved texts share the current parse's text (each holds the parse). */
    int textAliases() const;
    bool fail(const QString& error);

    QUndoStack* m_undoStack = nullptr;
    /// The parse of the current text (which is its text(), or its wrapperText() when the text is the get-key-policy
    /// wrapper: no other copy of the text is kept).
    std::shared_ptr<const Parse> m_current;
    /// m_current when it is valid, else the last valid parse (json() and view()); null before any text parsed.
    std::shared_ptr<const Parse> m_lastValid;
    bool m_valid = false; ///< whether the current text parses (kept while the parses are released)
    std::uint64_t m_lastFingerprint = 0; ///< m_lastValid's fingerprint (kept while it is released)
    bool m_hadValid = false; ///< whether any text parsed so far (kept while the parses are released)
    TextChange m_lastChange;
    bool m_crlf = false;
    bool m_unwrapped = false;
    quint64 m_revision = 0;
    quint64 m_typingSerial = 0;
    QString m_filePath;
    QString m_displayName;
    /// The report's original (see originalText()); shared with savedText() while they are the same text, and with
    /// the current parse's text while that is the same text (adopt() copies it out when the text changes).
    std::shared_ptr<const std::string> m_originalText;
    std::shared_ptr<const std::string> m_savedText;
    render::ReportOrigin m_origin;
    MwaaContext m_context;
    Confirmation m_confirmation;
    QString m_lastError;
};

} // namespace kps::model
