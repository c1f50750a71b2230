// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Json.h"
#include "core/json/JsonPointer.h"
#include "core/json/ParseProblem.h"
#include "core/json/SourceLocation.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kps {

/**
 * A key policy as text plus the parsed JSON, with the source span of every key and value.
 *
 * parse() never throws and never recurses on the input: nesting is bounded (ParseProblem::Kind::NestingTooDeep)
 * before it can exhaust the stack, and every problem of the text itself becomes a ParseProblem (syntax, duplicate
 * key, nesting, size, character set), which the checker reports as a finding (core/checker/ParseFindings.h). When the
 * text is the output of `aws kms get-key-policy` (an object whose "Policy" member is the policy as a string), the inner
 * policy is parsed and every location refers to the inner text: text() is then the policy, and wrapperText() the file
 * as read.
 */
class SourceDocument
{
public:
    /// Deeper than any key-policy element can legitimately be (the grammar's deepest is 6).
    static constexpr std::size_t MaxDepth = 64;
    /// The KMS key policy quota, in bytes of the exact text sent.
    static constexpr std::size_t MaxPolicyBytes = 32768;
    /// The one input-file limit: larger files are refused before reading, by `keypolicy` (cli::readFile: policies,
    /// --grants, --execution-role-policy) and by the editor (model::PolicyFile::read). Up to it, a policy over
    /// MaxPolicyBytes is read and reported as POLICY_TOO_LARGE.
    static constexpr std::size_t MaxInputBytes = 16 * 1024 * 1024;

    /// Which parser reads the JSON. Default: json::scanJson for the subset policies are written in, nlohmann's
    /// parser for any other text (so errors get nlohmann's messages). Nlohmann: nlohmann's parser always (the tests
    /// and the fuzzer compare the two; both must give the same document).
    enum class Reader { Default, Nlohmann };

    SourceDocument() = default;
    static SourceDocument parse(std::string text, Reader reader = Reader::Default);

    /** The policy text that locations refer to (the inner policy when the input was the get-key-policy wrapper). */
    const std::string& text() const { return m_text; }
    bool isWrapped() const { return m_wrapped; }
    /** The text as read when wrapped; else empty. */
    const std::string& wrapperText() const { return m_wrapperText; }

    /** True when the text parsed as JSON (duplicate keys and size/charset problems still allow a DOM). */
    bool isValid() const { return m_valid; }
    /** Whether json::scanJson read the text (rather than nlohmann's parser). */
    bool wasScanned() const { return m_scanned; }
    const Json& json() const { return m_json; }
    /** Problems of the text itself, in text order (kps::parseFindings() makes them findings). */
    const std::vector<ParseProblem>& problems() const { return m_problems; }

    /** Whether the pointer names a node of the document. */
    bool contains(std::string_view pointer) const;
    /**
     * The location of the node's value (or of its member key when `key` is true). For a pointer that does not
     * exist, the nearest existing parent's location, keeping the pointer that was asked for only if it exists.
     */
    Location locate(std::string_view pointer, bool key = false) const;
    /** Span of [offset, offset+length) of text(). */
    Span spanAt(std::size_t offset, std::size_t length) const;
    /** The deepest node whose value span contains the offset ("" for the root or outside any node). */
    std::string pointerAt(std::size_t offset) const;
    /** 1-based line and column -> byte offset (clamped to the text). */
    std::size_t offsetOf(int line, int column) const;

    struct NodeSpans
    {
        std::optional<Span> key; ///< set for object members
        Span value;
    };
    /**
     * Every node in document order (pointer, spans): children before their container, as the parser closes them.
     * Built on the first call (the checker never needs it; locate() and contains() walk the node tree instead).
     */
    const std::vector<std::pair<std::string, NodeSpans>>& nodes() const;

private:
    friend class SourceDocumentBuilder;

    static constexpr std::uint32_t NoKey = static_cast<std::uint32_t>(-1);
    /// A node as the parser records it: byte offsets only, in pre-order (a container before its children), so
    /// that the children of node i are i+1, then each next sibling at the previous one's `end`. 32-bit offsets and
    /// indices (the input is at most MaxInputBytes), and a member's key by where it starts only (keyLength()
    /// reads the literal's end again): 16 bytes a node rather than 48, 14 MB less for a 6.8 MB policy.
    struct Node
    {
        std::uint32_t valueOffset = 0;
        std::uint32_t valueLength = 0; ///< OpenNode while the parser is inside the container
        std::uint32_t keyOffset = NoKey; ///< the member name's opening quote; NoKey for array elements and the root
        std::uint32_t end = 0; ///< index just past this node's subtree

        bool hasKey() const { return keyOffset != NoKey; }
    };
    static constexpr std::uint32_t OpenNode = static_cast<std::uint32_t>(-1);
    /// nodes() in the old, string-keyed form; shared by copies of the document (it depends only on the text).
    struct NodeList;

    void indexLines(); // LineIndex.cpp
    void parseText(Reader reader); // SourceDocument.cpp
    /// The size and character-set problems of the text (TextLimits.cpp).
    void checkTextLimits();
    static std::shared_ptr<NodeList> makeNodeList(); // NodeIndex.cpp
    /// The node a pointer names, or the nearest existing ancestor (`exact` false); npos when there is no node.
    std::size_t findNode(std::string_view pointer, bool& exact) const;
    /// Node indices of the `count` children of a container (cached in m_nodeList; thread-safe).
    const std::vector<std::size_t>& arrayChildren(std::size_t container, std::size_t count) const;
    /// The JSON Pointer of a recorded node (also while parsing: containers still open contain what follows them).
    std::string pointerOfNode(std::size_t index) const;
    /// The byte length of a member's key literal, quotes included (0 when the node has none).
    std::size_t keyLength(const Node& node) const;
    /// Line and 1-based code-point column of a byte offset.
    void position(std::size_t offset, int& line, int& column) const;
    /// UTF-8 continuation bytes in [0, offset) (0 for ASCII text).
    std::size_t continuationBytesBefore(std::size_t offset) const;

    std::string m_text;
    std::string m_wrapperText;
    bool m_wrapped = false;
    bool m_valid = false;
    bool m_scanned = false;
    Json m_json;
    std::vector<ParseProblem> m_problems;
    std::vector<std::uint32_t> m_lineStarts; ///< byte offset of each line (32 bits: see Node)
    /// Only for text with non-ASCII bytes: continuation bytes before each 64-byte block, so a column costs at most
    /// 64 byte tests whatever the line length (a minified policy is one long line).
    std::vector<std::uint32_t> m_continuationBlocks;
    std::vector<Node> m_nodes;
    std::shared_ptr<NodeList> m_nodeList;
};

/**
 * The first way two documents differ (validity, DOM, text, parse problems, node spans), or "" when they are the
 * same: the tests and the fuzzer compare the two readers of SourceDocument::parse with it.
 */
std::string firstDifference(const SourceDocument& a, const SourceDocument& b);

} // namespace kps
