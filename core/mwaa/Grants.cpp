// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/mwaa/Grants.h"

#include "core/checker/ParseFindings.h"
#include "core/vocab/Vocabulary.h"

#include <algorithm>

namespace kps::mwaa {

std::string GrantEntry::label() const
{
    if (!name.empty()) {
        return name;
    }
    return grantId.empty() ? std::string("(unnamed grant)") : "grant " + grantId;
}

namespace {

std::string trimmed(std::string s)
{
    const auto notSpace = [](unsigned char c) {
        return c != ' ' && c != '\t' && c != '\n' && c != '\r';
    };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), notSpace));
    s.erase(std::find_if(s.rbegin(), s.rend(), notSpace).base(), s.end());
    return s;
}

void addOperation(GrantEntry& g, const std::string& written)
{
    std::string op = trimmed(written);
    if (op.size() > 4 && equalsIgnoreCase(std::string_view(op).substr(0, 4), "kms:")) {
        op.erase(0, 4);
    }
    bool known = false;
    for (const auto& valid : Vocabulary::instance().grantOperations()) {
        if (wildcardMatch(op, valid, true)) {
            known = true;
            if (std::find(g.operations.begin(), g.operations.end(), valid) == g.operations.end()) {
                g.operations.push_back(valid);
            }
        }
    }
    if (!known) {
        g.unknownOperations.push_back(written);
    }
}

void readPage(const Json& page, const std::string& pointer, GrantList& out);

void readGrant(const Json& j, const std::string& pointer, GrantList& out)
{
    if (!j.is_object()) {
        out.problems.push_back(pointer + " is not an object");
        return;
    }
    if (const auto nested = j.find("Grants"); nested != j.end() && nested->is_array() && !j.contains("GrantId")) {
        readPage(j, pointer, out); // a page where a grant was expected: {"Grants": [page, page]}
        return;
    }
    GrantEntry g;
    g.pointer = pointer;
    auto text = [&](const char* field, std::string& into) {
        const auto it = j.find(field);
        if (it == j.end() || it->is_null()) {
            return;
        }
        if (it->is_string()) {
            into = trimmed(it->get<std::string>());
        } else {
            out.problems.push_back(appendPointer(pointer, field) + " is not a string");
        }
    };
    text("KeyId", g.keyId);
    text("GrantId", g.grantId);
    text("Name", g.name);
    text("GranteePrincipal", g.granteePrincipal);
    text("GranteeServicePrincipal", g.granteeServicePrincipal);
    text("RetiringPrincipal", g.retiringPrincipal);
    text("RetiringServicePrincipal", g.retiringServicePrincipal);
    text("IssuingAccount", g.issuingAccount);
    if (const auto it = j.find("Operations"); it != j.end()) {
        if (it->is_array()) {
            for (std::size_t i = 0; i < it->size(); ++i) {
                if ((*it)[i].is_string()) {
                    addOperation(g, (*it)[i].get<std::string>());
                } else {
                    out.problems.push_back(appendPointer(appendPointer(pointer, "Operations"), i) + " is not a string");
                }
            }
        } else if (it->is_string()) {
            addOperation(g, it->get<std::string>());
        } else {
            out.problems.push_back(appendPointer(pointer, "Operations") + " is not an array");
        }
    }
    if (const auto it = j.find("Constraints"); it != j.end() && it->is_object()) {
        g.hasConstraints = true;
        g.constraints = *it;
    }
    out.grants.push_back(std::move(g));
}

void readPage(const Json& page, const std::string& pointer, GrantList& out)
{
    const auto grants = page.find("Grants");
    if (grants == page.end() || !grants->is_array()) {
        out.problems.push_back((pointer.empty() ? std::string("the document") : pointer) + " has no \"Grants\" array");
        return;
    }
    const std::string base = appendPointer(pointer, "Grants");
    for (std::size_t i = 0; i < grants->size(); ++i) {
        readGrant((*grants)[i], appendPointer(base, i), out);
    }
    if (const auto t = page.find("Truncated"); t != page.end() && t->is_boolean() && t->get<bool>()) {
        out.truncated = true;
    }
    if (const auto m = page.find("NextMarker"); m != page.end() && m->is_string() && !m->get<std::string>().empty()) {
        out.truncated = true;
    }
}

} // namespace

GrantList readGrants(const Json& json)
{
    GrantList out;
    if (json.is_object()) {
        readPage(json, "", out);
    } else if (json.is_array()) {
        const bool pages = !json.empty() && json[0].is_object() && json[0].contains("Grants");
        for (std::size_t i = 0; i < json.size(); ++i) {
            if (pages) {
                if (json[i].is_object()) {
                    readPage(json[i], appendPointer("", i), out);
                } else {
                    out.problems.push_back(appendPointer("", i) + " is not a page of grants");
                }
            } else {
                readGrant(json[i], appendPointer("", i), out);
            }
        }
        // Later pages supersede the Truncated flag of earlier ones: only the last page's counts.
        if (pages && json.back().is_object()) {
            GrantList last;
            readPage(json.back(), "", last);
            out.truncated = last.truncated;
        }
    } else {
        out.problems.push_back("the document is neither a list-grants object nor an array");
    }
    return out;
}

Expected<GrantList> readGrantsText(const std::string& text)
{
    // SourceDocument bounds the nesting depth before anything recurses on the input.
    const SourceDocument document = SourceDocument::parse(text);
    if (!document.isValid()) {
        for (const auto& f : parseFindings(document)) {
            if (f.code == "JSON_SYNTAX" || f.code == "NESTING_TOO_DEEP") {
                return Error{f.message, "", f.location.span.line, f.location.span.column};
            }
        }
        return Error{"not valid JSON"};
    }
    return readGrants(document.json());
}

} // namespace kps::mwaa
