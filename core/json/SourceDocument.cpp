// SPDX-License-Identifier: GPL-3.0-or-later
// SourceDocument::parse: which reader reads the text, and the get-key-policy wrapper. The other jobs have units of
// their own: SourceDocumentBuilder.h (the SAX handler), LineIndex.cpp (lines, columns, spans), NodeIndex.cpp
// (pointers to nodes and back), TextLimits.cpp (size and character set), GetKeyPolicy.cpp (the wrapper's test),
// ReaderComparison.cpp (firstDifference) and JsonPointer.cpp (RFC 6901).
#include "core/json/SourceDocument.h"

#include "core/json/GetKeyPolicy.h"
#include "core/json/JsonScanner.h"
#include "core/json/SourceDocumentBuilder.h"

#include <algorithm>

namespace kps {

namespace {

/** Where the policy of `get-key-policy --output text` output ends: before "<TAB>default" at the end; npos otherwise. */
std::size_t textOutputPolicyEnd(const std::string& text)
{
    std::size_t end = text.size();
    while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r' || text[end - 1] == ' ')) {
        --end;
    }
    constexpr std::string_view name = "\tdefault";
    if (end < name.size() || std::string_view(text).substr(end - name.size(), name.size()) != name) {
        return std::string::npos;
    }
    return end - name.size();
}

} // namespace

SourceDocument SourceDocument::parse(std::string text, Reader reader)
{
    SourceDocument doc;
    doc.m_text = std::move(text);
    doc.parseText(reader);

    // Unwrap `aws kms get-key-policy` output and check the inner policy, whose own lines and columns the locations
    // then refer to.
    if (const std::string* policy = doc.m_valid ? getKeyPolicyText(doc.m_json) : nullptr) {
        std::string inner = *policy;
        SourceDocument unwrapped;
        unwrapped.m_wrapperText = std::move(doc.m_text);
        unwrapped.m_wrapped = true;
        unwrapped.m_text = std::move(inner);
        unwrapped.parseText(reader);
        return unwrapped;
    }
    // `aws kms get-key-policy --output text` prints the policy, a tab and its name ("default"): the policy is the
    // text before that tab, at the same lines and columns.
    if (!doc.m_valid) {
        if (const std::size_t end = textOutputPolicyEnd(doc.m_text); end != std::string::npos) {
            SourceDocument unwrapped;
            unwrapped.m_text = doc.m_text.substr(0, end);
            unwrapped.parseText(reader);
            if (unwrapped.m_valid) {
                unwrapped.m_wrapperText = std::move(doc.m_text);
                unwrapped.m_wrapped = true;
                return unwrapped;
            }
        }
    }
    return doc;
}

void SourceDocument::parseText(Reader reader)
{
    indexLines();
    // What a reader builds: the DOM, its nodes and the problems of the text.
    const auto startOver = [this] {
        m_nodes.clear();
        m_problems.clear();
        m_json = Json();
    };
    startOver();
    m_nodes.reserve(m_text.size() / 16);
    m_nodeList = makeNodeList();

    m_scanned = false;
    if (reader == Reader::Default) {
        SourceDocumentBuilder builder(*this);
        const auto scanned = json::scanJson(m_text, builder);
        if (scanned != json::ScanResult::Unsupported) {
            m_scanned = true;
            m_valid = scanned == json::ScanResult::Parsed && !builder.failed() && !builder.tooDeep();
        } else {
            // Not the common subset (or not JSON): forget what was built and let nlohmann read it all.
            startOver();
        }
    }
    if (!m_scanned) {
        SourceDocumentBuilder builder(*this);
        const bool ok = Json::sax_parse(m_text.begin(),
                                        m_text.end(),
                                        &builder,
                                        nlohmann::detail::input_format_t::json,
                                        /*strict=*/true,
                                        /*ignore_comments=*/false);
        m_valid = ok && !builder.failed() && !builder.tooDeep();
    }
    if (!m_valid) {
        m_json = Json();
        m_nodes.clear();
    }

    checkTextLimits();
    // In text order; problems at one offset stay in the order they were found.
    const auto before = [](const ParseProblem& a, const ParseProblem& b) {
        return a.offset < b.offset;
    };
    if (!std::is_sorted(m_problems.begin(), m_problems.end(), before)) {
        std::stable_sort(m_problems.begin(), m_problems.end(), before);
    }
}

} // namespace kps
