// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/checker/Emitter.h"

#include "core/checker/Rules.h"
#include "core/json/JsonPointer.h"

#include <algorithm>

namespace kps {

std::string PointerPath::str() const
{
    if (!m_parent) {
        return std::string(m_text);
    }
    return m_isIndex ? appendPointer(m_parent->str(), m_index) : appendPointer(m_parent->str(), m_text);
}

Finding& Emitter::append(Finding finding)
{
    m_out.push_back(std::move(finding));
    return m_out.back();
}

Finding& Emitter::add(
    std::string_view code, const std::string& pointer, bool atKey, std::vector<std::string> args, nlohmann::json fix)
{
    Location location = m_document ? m_document->locate(pointer, atKey) : Location{pointer, Span{}, {}};
    location.file = m_file;
    return append(makeFinding(code, std::move(location), std::move(args), std::move(fix)));
}

Finding* Emitter::addUnique(
    std::string_view code, const std::string& pointer, bool atKey, std::vector<std::string> args, nlohmann::json fix)
{
    // A located finding's pointer is the pointer it was located by, so the test needs no location.
    const bool seen = std::any_of(m_out.begin(), m_out.end(), [this, code, &pointer](const Finding& f) {
        return f.code == code && f.location.pointer == pointer && f.location.file == m_file;
    });
    if (seen) {
        return nullptr;
    }
    return &add(code, pointer, atKey, std::move(args), std::move(fix));
}

Finding& Emitter::addOutsideText(std::string_view code, std::vector<std::string> args, nlohmann::json fix)
{
    // Span{} is what SourceDocument::spanAt(0, 0) gives for every text: offset 0, length 0, line 1, column 1.
    return append(makeFinding(code, Location{"", Span{}, {}}, std::move(args), std::move(fix)));
}

} // namespace kps
