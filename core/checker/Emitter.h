// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Finding.h"
#include "core/json/SourceDocument.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kps {

/**
 * A JSON Pointer that is spelt out only when a finding needs it. The rules visit every node of a statement and
 * report few of them, so building each node's pointer up front (an allocation each) was most of their cost. A
 * PointerPath is a root (a pointer already built) or a parent PointerPath plus one member name or array index; the
 * parent, the root and the member name must outlive it (they are the caller's locals and the document's strings).
 */
class PointerPath
{
public:
    explicit PointerPath(std::string_view root)
        : m_text(root)
    { }
    PointerPath(const PointerPath& parent, std::string_view member)
        : m_parent(&parent)
        , m_text(member)
    { }
    PointerPath(const PointerPath& parent, std::size_t index)
        : m_parent(&parent)
        , m_index(index)
        , m_isIndex(true)
    { }

    std::string str() const;

private:
    const PointerPath* m_parent = nullptr;
    std::string_view m_text; ///< the root pointer, or the member name
    std::size_t m_index = 0;
    bool m_isIndex = false;
};

/**
 * The one way rules report findings, for the generic rules (core/checker/rules) and the MWAA profile (core/mwaa)
 * alike. A finding is a catalogue code (its severity and message come from core/checker/Rules.h, makeFinding), the
 * arguments of its message, where it is, and an optional RFC 6902 fix. Where it is: a node of the checked document
 * (its value, or its member key), a node of another document read with it (the grants listing), or nowhere in the
 * text for what the policy does not contain (the key identifier, the execution role's policy).
 *
 * The add functions return the finding just appended so that the caller can complete it (fix choices, or the
 * severity and message of a "depends" variant of the catalogue entry); the reference is valid until the next add.
 */
class Emitter
{
public:
    /** Findings located in `document`, appended to `out` (which may already hold findings). */
    Emitter(const SourceDocument& document, std::vector<Finding>& out)
        : m_document(&document)
        , m_out(out)
    { }
    /**
     * Findings located in another document than the one checked (the grants listing of CheckOptions::grants):
     * every location names `file` (Location::file) and its pointer, line and column are in `document`.
     */
    Emitter(const SourceDocument& document, std::vector<Finding>& out, std::string file)
        : m_document(&document)
        , m_out(out)
        , m_file(std::move(file))
    { }
    /**
     * Findings without a document to locate them in (a grant list built in code, not read from a text): a location
     * is then its pointer alone, at line 1, column 1.
     */
    explicit Emitter(std::vector<Finding>& out)
        : m_out(out)
    { }

    /** Appends the finding for `code` at the node `pointer`: its value, or its member key when `atKey`. */
    Finding& add(std::string_view code,
                 const std::string& pointer,
                 bool atKey,
                 std::vector<std::string> args = {},
                 nlohmann::json fix = nullptr);
    Finding& add(std::string_view code,
                 const PointerPath& pointer,
                 bool atKey,
                 std::vector<std::string> args = {},
                 nlohmann::json fix = nullptr)
    {
        return add(code, pointer.str(), atKey, std::move(args), std::move(fix));
    }

    /**
     * As add(), unless the list already holds a finding with this code and pointer (also one added before this
     * emitter was made): rules that reach one node along several paths (requests, log groups, candidates) report
     * it once, the first time. Returns nullptr when the finding was already there.
     */
    Finding* addUnique(std::string_view code,
                       const std::string& pointer,
                       bool atKey,
                       std::vector<std::string> args = {},
                       nlohmann::json fix = nullptr);

    /**
     * Appends a finding about something that is not in the policy text (the key identifier, the execution role's
     * policy): pointer "", an empty span at the start of the text (line 1, column 1).
     */
    Finding& addOutsideText(std::string_view code, std::vector<std::string> args = {}, nlohmann::json fix = nullptr);

    /** Takes as it is a finding that another Emitter over the same document made (a run into a list of its own). */
    Finding& take(Finding finding) { return append(std::move(finding)); }

    /** The document the findings are located in, when there is one (nullptr: pointers alone). */
    const SourceDocument* document() const { return m_document; }
    /** The list the findings are appended to (with those it held before). */
    const std::vector<Finding>& findings() const { return m_out; }
    /** Location::file of the findings ("" for the checked document). */
    const std::string& file() const { return m_file; }

private:
    Finding& append(Finding finding);

    const SourceDocument* m_document = nullptr; ///< null: locations are pointers alone
    std::vector<Finding>& m_out;
    std::string m_file; ///< Location::file of every finding ("": the checked document)
};

} // namespace kps
