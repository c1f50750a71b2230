// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/SourceDocument.h"
#include "model/DisplayText.h"

#include <QString>
#include <QUndoCommand>

#include <optional>
#include <string>
#include <vector>

namespace kps::model {

class PolicyDocument;

/**
 * Base of every edit of a PolicyDocument. prepare() computes the text after the edit from the current state: DOM
 * commands address nodes by JSON Pointer and express the edit as an RFC 6902 JSON Patch, which kps::textPatch writes
 * into the text in place (only the changed spans, in the document's own layout). The step keeps only the difference
 * between the texts before and after it (the bytes replaced, where, and what replaced them), not the two texts: a
 * keystroke in a 6.8 MB policy is a few bytes of history, not 14 MB. redo() and undo() apply that difference to the
 * current text, so undo restores exactly, byte for byte, what was there.
 */
class DocumentCommand : public QUndoCommand
{
public:
    /** Computes the edit; false with the reason in *error when it does not apply to the document as it is. */
    bool prepare(const PolicyDocument& document, QString* error);
    /** True when prepare() found that nothing would change. */
    bool isNoOp() const { return m_removed == m_inserted; }
    /** Whether this is a form edit (see m_formEdit): PolicyDocument's confirmation hook asks about those. */
    bool isFormEdit() const { return m_formEdit; }
    /**
     * The text after the edit, once prepare() succeeded and before the step is done (what a confirmation compares
     * with the text before): the document's text with the difference applied.
     */
    std::string textAfter() const;

    void redo() override;
    void undo() override;

protected:
    DocumentCommand(PolicyDocument* document, const QString& text);
    /**
     * Sets the difference (m_offset, m_removed, m_inserted, m_sizeAfter) the step makes to the document's text. The
     * default compares the text with computeText()'s.
     */
    virtual bool computeDifference(const PolicyDocument& document, QString* error);
    /** The text after the edit. The default writes patch() into the text with kps::textPatch. */
    virtual std::optional<std::string> computeText(const PolicyDocument& document, QString* error) const;
    /** The edit as a JSON Patch on the current DOM; nullopt with *error when it does not apply. */
    virtual std::optional<Json> patch(const Json& current, QString* error) const;

    /// Sets the difference to what turns `before` into `after` (their common start and end left out).
    void setDifference(const std::string& before, const std::string& after);
    /// Follows this step's difference by `next`'s (the step after it, already done): one difference from the text
    /// before this step to the text after `next`. False when the document's text is not the one after `next`.
    bool appendDifference(const DocumentCommand& next);

    /**
     * Form edits keep everything they do not target: such a command is refused, rather than reformatting the policy,
     * when its change cannot be written into the text in place, and when it touches a member the text holds twice
     * (a duplicate key: the DOM has only the first, so any rewrite there would drop the second). The JSON view's
     * typing, Format document and fixes (which say when they reformat) are not form edits.
     */
    bool m_formEdit = true;
    PolicyDocument* m_document;
    std::size_t m_offset = 0; ///< where the difference starts, in bytes (the same in the texts before and after)
    std::string m_removed; ///< the bytes at m_offset before the step
    std::string m_inserted; ///< the bytes at m_offset after it
    std::size_t m_sizeAfter = 0; ///< the size of the whole text after the step
    /// The parse of the text after the step that textPatch made to check it, for the first redo (which would parse it
    /// again).
    mutable std::optional<SourceDocument> m_afterParsed;
    bool m_undone = false;
};

/** The JSON view's text changed; typing merges into one step per pause (see PolicyDocument::replaceText). */
class ReplaceTextCommand : public DocumentCommand
{
public:
    ReplaceTextCommand(PolicyDocument* document, std::string text, bool typing, quint64 serial);
    /** The same for an edit said in place (PolicyDocument::editText): no copy of the whole text is made. */
    ReplaceTextCommand(PolicyDocument* document, ByteEdit edit, bool typing, quint64 serial);
    int id() const override;
    bool mergeWith(const QUndoCommand* other) override;

protected:
    bool computeDifference(const PolicyDocument& document, QString* error) override;
    std::optional<std::string> computeText(const PolicyDocument& document, QString* error) const override;

private:
    mutable std::string m_text; ///< the typed text until prepare() takes it
    std::optional<ByteEdit> m_edit; ///< or the edit in place
    bool m_typing;
    quint64 m_serial;
};

/** Sets one node (a field of the form: Sid, Effect, a principal, an action, a resource, a condition value). */
class SetValueCommand : public DocumentCommand
{
public:
    SetValueCommand(PolicyDocument* document, std::string pointer, Json value, const QString& text);

protected:
    std::optional<Json> patch(const Json& current, QString* error) const override;

private:
    std::string m_pointer;
    Json m_value;
};

/** Adds a value to a string-or-array element; creates the element when missing. */
class AddValueCommand : public DocumentCommand
{
public:
    AddValueCommand(PolicyDocument* document, std::string elementPointer, Json value, const QString& text);

protected:
    std::optional<Json> patch(const Json& current, QString* error) const override;

private:
    std::string m_pointer;
    Json m_value;
};

/** Removes one node; arrays and objects it leaves empty inside the statement are removed as well. */
class RemoveValueCommand : public DocumentCommand
{
public:
    RemoveValueCommand(PolicyDocument* document, std::string pointer, const QString& text);

protected:
    std::optional<Json> patch(const Json& current, QString* error) const override;

private:
    std::string m_pointer;
};

/** Inserts a statement at an index (turning a single Statement object into an array first). */
class AddStatementCommand : public DocumentCommand
{
public:
    AddStatementCommand(PolicyDocument* document, Json statement, std::size_t index, const QString& text = {});

protected:
    std::optional<Json> patch(const Json& current, QString* error) const override;

private:
    Json m_statement;
    std::size_t m_index;
};

/** Inserts a copy of a statement after it; the copy's Sid gets a " copy" suffix so Sids stay unique. */
class DuplicateStatementCommand : public DocumentCommand
{
public:
    DuplicateStatementCommand(PolicyDocument* document, std::size_t index);

protected:
    std::optional<Json> patch(const Json& current, QString* error) const override;

private:
    std::size_t m_index;
};

class RemoveStatementCommand : public DocumentCommand
{
public:
    RemoveStatementCommand(PolicyDocument* document, std::size_t index);

protected:
    std::optional<Json> patch(const Json& current, QString* error) const override;

private:
    std::size_t m_index;
};

class MoveStatementCommand : public DocumentCommand
{
public:
    MoveStatementCommand(PolicyDocument* document, std::size_t from, std::size_t to);

protected:
    std::optional<Json> patch(const Json& current, QString* error) const override;

private:
    std::size_t m_from;
    std::size_t m_to;
};

/**
 * A condition added or edited (values is a JSON array of the values, each of its own type). Added (no oldOp): a new
 * operator block goes last in Condition; when the operator and key are already there, the values join the existing
 * ones (the values already there stay as written). Edited (oldOp/oldKey): only what changed is rewritten, where it
 * stands: a renamed key or operator block keeps its place; a key moved to another operator goes into that block, or
 * into a new block right after its old one; of the values, only those that differ are replaced, added or removed, so
 * the others keep their type and spelling (3600.50 stays 3600.50). One value is written as a string, several as an
 * array (an array stays an array).
 */
class SetConditionCommand : public DocumentCommand
{
public:
    SetConditionCommand(PolicyDocument* document,
                        std::string statementPointer,
                        std::string oldOp,
                        std::string oldKey,
                        std::string newOp,
                        std::string newKey,
                        Json values,
                        const QString& text);

protected:
    std::optional<Json> patch(const Json& current, QString* error) const override;

private:
    std::string m_statement;
    std::string m_oldOp;
    std::string m_oldKey;
    std::string m_newOp;
    std::string m_newKey;
    Json m_values;
};

/**
 * Renames a statement element to its other form (Principal <-> NotPrincipal, Action <-> NotAction, Resource <->
 * NotResource) in place, keeping its value as written. Refused when the statement has both forms.
 */
class SwitchElementCommand : public DocumentCommand
{
public:
    SwitchElementCommand(PolicyDocument* document, std::string statementPointer, std::string from, std::string to);

protected:
    std::optional<Json> patch(const Json& current, QString* error) const override;

private:
    std::string m_statement;
    std::string m_from;
    std::string m_to;
};

/** Applies a finding's RFC 6902 JSON Patch (kps::textPatch: only the text the fix changes is rewritten). */
class ApplyFixCommand : public DocumentCommand
{
public:
    ApplyFixCommand(PolicyDocument* document, nlohmann::json patch, const QString& code);

protected:
    std::optional<Json> patch(const Json& current, QString* error) const override;

private:
    nlohmann::json m_patch;
};

/**
 * "Format document": the whole policy laid out again with kps::formatPolicy (4-space indentation, one element per
 * line), keeping the document's line endings. The one edit that re-lays out text the user did not change.
 */
class FormatDocumentCommand : public DocumentCommand
{
public:
    explicit FormatDocumentCommand(PolicyDocument* document);

protected:
    std::optional<std::string> computeText(const PolicyDocument& document, QString* error) const override;
};

} // namespace kps::model
