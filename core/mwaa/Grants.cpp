// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/mwaa/Grants.h"
#include "core/mwaa/MwaaFacts.h"

#include "core/checker/Context.h"
#include "core/checker/ParseFindings.h"
#include "core/eval/Arn.h"
#include "core/eval/Conditions.h"
#include "core/vocab/Vocabulary.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace kps::mwaa {

std::string GrantEntry::label() const
{
    if (!name.empty()) {
        return name;
    }
    // "The grant ID 7a1e…": a grant without a name is known by its id.
    return grantId.empty() ? std::string("(unnamed, no id)") : "ID " + grantId;
}

const std::string& GrantEntry::grantee() const
{
    return granteePrincipal.empty() ? granteeServicePrincipal : granteePrincipal;
}

const std::string& GrantEntry::retiring() const
{
    return retiringPrincipal.empty() ? retiringServicePrincipal : retiringPrincipal;
}

std::string_view GrantEntry::granteeField() const
{
    return granteePrincipal.empty() && !granteeServicePrincipal.empty() ? "GranteeServicePrincipal"
                                                                        : "GranteePrincipal";
}

std::string_view GrantEntry::retiringField() const
{
    return retiringPrincipal.empty() && !retiringServicePrincipal.empty() ? "RetiringServicePrincipal"
                                                                          : "RetiringPrincipal";
}

std::string GrantEntry::constraintsText() const
{
    return hasConstraints ? constraints.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace)
                          : std::string();
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

/// CreationDate as people read it: the AWS CLI prints a number of seconds (v1, or cli_timestamp_format = none) or
/// an ISO 8601 text (v2), the API a number. Fractions of a second are left out.
std::string creationDateText(const Json& value)
{
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (!value.is_number()) {
        return {};
    }
    const double seconds = value.get<double>();
    // Years 0..9999: anything else is no date of a grant.
    if (!std::isfinite(seconds) || seconds < -62167219200.0 || seconds > 253402300799.0) {
        return value.dump();
    }
    return eval::formatIsoDate(static_cast<std::int64_t>(std::floor(seconds)));
}

void addGrantOperation(GrantEntry& g, const std::string& written, std::string pointer)
{
    GrantOperation op = interpretGrantOperation(written);
    op.pointer = std::move(pointer);
    for (const auto& name : op.meant) {
        if (std::find(g.operations.begin(), g.operations.end(), name) == g.operations.end()) {
            g.operations.push_back(name);
        }
    }
    g.written.push_back(std::move(op));
}

void readPage(const Json& page, const std::string& pointer, GrantList& out);

void problem(GrantList& out, std::string pointer, std::string message)
{
    out.problems.push_back({std::move(pointer), std::move(message)});
}

void readGrant(const Json& j, const std::string& pointer, GrantList& out)
{
    if (!j.is_object()) {
        problem(out, pointer, (pointer.empty() ? std::string("the document") : pointer) + " is not a grant object");
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
            problem(out, appendPointer(pointer, field), appendPointer(pointer, field) + " is not a string");
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
    if (const auto it = j.find("CreationDate"); it != j.end() && !it->is_null()) {
        if (it->is_string() || it->is_number()) {
            g.creationDate = creationDateText(*it);
        } else {
            problem(out,
                    appendPointer(pointer, "CreationDate"),
                    appendPointer(pointer, "CreationDate") + " is neither a date nor a number");
        }
    }
    const std::string operations = appendPointer(pointer, "Operations");
    if (const auto it = j.find("Operations"); it != j.end()) {
        if (it->is_array()) {
            for (std::size_t i = 0; i < it->size(); ++i) {
                if ((*it)[i].is_string()) {
                    addGrantOperation(g, (*it)[i].get<std::string>(), appendPointer(operations, i));
                } else {
                    problem(out, appendPointer(operations, i), appendPointer(operations, i) + " is not a string");
                }
            }
        } else if (it->is_string()) {
            // Read (the tolerant reader keeps what it can), but ListGrants prints a list: the strict readers refuse.
            addGrantOperation(g, it->get<std::string>(), operations);
            problem(out, operations, operations + " is not an array of operations");
        } else {
            problem(out, operations, operations + " is not an array of operations");
        }
    }
    if (const auto it = j.find("Constraints"); it != j.end() && !it->is_null()) {
        if (it->is_object()) {
            g.hasConstraints = true;
            g.constraints = *it;
            // GrantConstraints: EncryptionContextSubset and EncryptionContextEquals, maps of strings.
            for (const auto& [name, value] : it->items()) {
                const std::string at = appendPointer(appendPointer(pointer, "Constraints"), name);
                const bool strings = value.is_object()
                    && std::all_of(value.begin(), value.end(), [](const Json& v) { return v.is_string(); });
                if (!value.is_null() && !strings) {
                    problem(out, at, at + " is not a map of strings");
                }
            }
        } else {
            problem(out,
                    appendPointer(pointer, "Constraints"),
                    appendPointer(pointer, "Constraints") + " is not an object");
        }
    }
    out.grants.push_back(std::move(g));
}

/// Whether the page says more pages follow, and which member says so.
void readTruncation(const Json& page, const std::string& pointer, GrantList& out)
{
    out.truncated = false;
    out.truncatedPointer.clear();
    out.truncatedBy.clear();
    // ListGrants prints a boolean and a string: another type (a hand-edited or converted listing's "true") is refused
    // rather than read as "not truncated", which would turn grants on later pages into missing ones.
    if (const auto t = page.find("Truncated"); t != page.end() && !t->is_boolean() && !t->is_null()) {
        problem(
            out, appendPointer(pointer, "Truncated"), appendPointer(pointer, "Truncated") + " is not true or false");
    }
    for (const char* member : {"NextMarker", "NextToken"}) {
        if (const auto m = page.find(member); m != page.end() && !m->is_string() && !m->is_null()) {
            problem(out, appendPointer(pointer, member), appendPointer(pointer, member) + " is not a string");
        }
    }
    if (const auto t = page.find("Truncated"); t != page.end() && t->is_boolean() && t->get<bool>()) {
        out.truncated = true;
        out.truncatedPointer = appendPointer(pointer, "Truncated");
        out.truncatedBy = "Truncated is true";
        return;
    }
    // NextMarker is ListGrants' own; NextToken is what the AWS CLI prints when --max-items stops it early.
    for (const char* member : {"NextMarker", "NextToken"}) {
        if (const auto m = page.find(member); m != page.end() && m->is_string() && !m->get<std::string>().empty()) {
            out.truncated = true;
            out.truncatedPointer = appendPointer(pointer, member);
            out.truncatedBy = std::string(member) + " is set";
            return;
        }
    }
}

void readPage(const Json& page, const std::string& pointer, GrantList& out)
{
    const auto grants = page.find("Grants");
    if (grants == page.end() || !grants->is_array()) {
        problem(out,
                grants == page.end() ? pointer : appendPointer(pointer, "Grants"),
                (pointer.empty() ? std::string("the document") : pointer) + " has no \"Grants\" array");
        return;
    }
    const std::string base = appendPointer(pointer, "Grants");
    out.listPointer = base;
    for (std::size_t i = 0; i < grants->size(); ++i) {
        readGrant((*grants)[i], appendPointer(base, i), out);
    }
    readTruncation(page, pointer, out);
}

} // namespace

GrantOperation interpretGrantOperation(std::string_view written)
{
    GrantOperation op;
    op.written = std::string(written);
    const auto& valid = Vocabulary::instance().grantOperations();
    if (std::find(valid.begin(), valid.end(), written) != valid.end()) {
        op.meant.push_back(op.written);
        return op;
    }
    std::string name = trimmed(op.written);
    if (name.size() > 4 && equalsIgnoreCase(std::string_view(name).substr(0, 4), "kms:")) {
        name.erase(0, 4);
    }
    for (const auto& candidate : valid) {
        if (wildcardMatch(name, candidate, true)) {
            op.meant.push_back(candidate);
        }
    }
    if (!op.meant.empty()) {
        op.kind = GrantOperation::Kind::Notation;
        return op;
    }
    op.kind = GrantOperation::Kind::Unknown;
    // Close names: within two edits, or three for a long name; the closest first.
    std::size_t best = std::max<std::size_t>(2, name.size() / 6);
    for (const auto& candidate : valid) {
        const std::size_t d = editDistance(name, candidate);
        if (d < best) {
            best = d;
            op.suggestions.clear();
        }
        if (d == best) {
            op.suggestions.push_back(candidate);
        }
    }
    return op;
}

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
                    problem(out, appendPointer("", i), appendPointer("", i) + " is not a page of grants");
                }
            } else {
                readGrant(json[i], appendPointer("", i), out);
            }
        }
        // Later pages supersede the Truncated flag of earlier ones: only the last page's counts.
        if (pages && json.back().is_object()) {
            readTruncation(json.back(), appendPointer("", json.size() - 1), out);
        } else if (!pages) {
            out.listPointer.clear();
        }
    } else {
        problem(out, "", "the document is neither a list-grants object nor an array of grants");
    }
    // ListGrants lists the grants of one key: a listing whose grants name two keys (two listings put together) would
    // let another key's grant stand in for one of this key's.
    const GrantEntry* first = nullptr;
    for (const auto& g : out.grants) {
        const KeyIdentifier key = parseKeyIdentifier(g.keyId);
        if (key.keyId.empty()) {
            continue;
        }
        if (!first) {
            first = &g;
        } else if (parseKeyIdentifier(first->keyId).keyId != key.keyId) {
            const std::string at = appendPointer(g.pointer, "KeyId");
            problem(out,
                    at,
                    at + " names another key than " + appendPointer(first->pointer, "KeyId") + " (" + first->keyId
                        + "): a listing is of one key");
            break;
        }
    }
    return out;
}

Expected<GrantsDocument> readGrantsDocument(std::string text, std::string path)
{
    // SourceDocument bounds the nesting depth before anything recurses on the input.
    GrantsDocument out{std::move(path), SourceDocument::parse(std::move(text))};
    const SourceDocument& document = out.document;
    if (!document.isValid()) {
        for (const auto& f : parseFindings(document)) {
            if (f.code == "JSON_SYNTAX" || f.code == "NESTING_TOO_DEEP") {
                return Error{f.message, out.path, f.location.span.line, f.location.span.column};
            }
        }
        return Error{"not valid JSON", out.path};
    }
    if (document.isWrapped()) {
        return Error{
            "this is `aws kms get-key-policy` output (a \"Policy\" string), not a grants listing", out.path, 1, 1};
    }
    // A repeated key leaves one of its values unread: the listing would not say what KMS printed.
    for (const auto& problem : document.problems()) {
        if (problem.kind == ParseProblem::Kind::DuplicateKey) {
            const Span span = document.spanAt(problem.offset, problem.length);
            return Error{"the key \"" + problem.detail + "\" appears more than once in the same object",
                         out.path,
                         span.line,
                         span.column};
        }
    }
    const GrantList list = readGrants(document.json());
    if (!list.problems.empty()) {
        const auto& first = list.problems.front();
        const Span span = document.locate(first.pointer).span;
        return Error{first.message, out.path, span.line, span.column};
    }
    return out;
}

Expected<GrantList> readGrantsText(const std::string& text)
{
    auto document = readGrantsDocument(text, "");
    if (!document) {
        return std::move(document).error();
    }
    return readGrants(document->document.json());
}

GrantPrincipal parseGrantPrincipal(std::string_view text)
{
    GrantPrincipal p;
    if (text.empty()) {
        return p;
    }
    if (isAccountId(text)) {
        p.kind = GrantPrincipal::Kind::Account;
        p.account = std::string(text);
        return p;
    }
    if (const auto arn = eval::splitArn(text)) {
        if ((arn->service == "iam" || arn->service == "sts") && isAccountId(arn->account)) {
            p.kind = GrantPrincipal::Kind::Iam;
            p.account = std::string(arn->account);
            p.partition = std::string(arn->partition);
            // A service-linked role (IAM User Guide: the path aws-service-role/SERVICE-PRINCIPAL/) acts for that
            // service: its grants are the service's.
            constexpr std::string_view linked = "role/aws-service-role/";
            if (arn->service == "iam" && arn->resource.substr(0, linked.size()) == linked) {
                const std::string_view rest = arn->resource.substr(linked.size());
                const std::size_t slash = rest.find('/');
                if (slash != std::string_view::npos && slash > 0) {
                    p.kind = GrantPrincipal::Kind::Service;
                    p.serviceLinkedRole = true;
                    p.service = std::string(rest.substr(0, slash));
                }
            }
            return p;
        }
        p.kind = GrantPrincipal::Kind::Other;
        return p;
    }
    // NAME.amazonaws.com or NAME.amazonaws.com.cn, lower case: a service principal.
    for (std::string_view suffix : {std::string_view(".amazonaws.com.cn"), std::string_view(".amazonaws.com")}) {
        if (text.size() > suffix.size() && text.substr(text.size() - suffix.size()) == suffix) {
            const std::string_view name = text.substr(0, text.size() - suffix.size());
            const bool plain = std::all_of(name.begin(), name.end(), [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
            });
            if (plain && name.front() != '.' && name.back() != '.') {
                p.kind = GrantPrincipal::Kind::Service;
                p.service = std::string(text);
                return p;
            }
        }
    }
    p.kind = GrantPrincipal::Kind::Other;
    return p;
}

} // namespace kps::mwaa
