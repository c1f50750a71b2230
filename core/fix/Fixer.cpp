// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/fix/Fixer.h"

#include "core/json/Format.h"
#include "core/json/TextPatch.h"

#include <algorithm>
#include <optional>
#include <set>

namespace kps {

namespace {

/** Statements with "Effect": "Allow" (Statement may be one object or an array). */
int allowCount(const Json& policy)
{
    if (!policy.is_object()) {
        return 0;
    }
    const auto it = policy.find("Statement");
    if (it == policy.end()) {
        return 0;
    }
    auto isAllow = [](const Json& s) {
        if (!s.is_object()) {
            return false;
        }
        const auto effect = s.find("Effect");
        return effect != s.end() && effect->is_string() && effect->get<std::string>() == "Allow";
    };
    if (it->is_object()) {
        return isAllow(*it) ? 1 : 0;
    }
    int n = 0;
    if (it->is_array()) {
        for (const auto& s : *it) {
            n += isAllow(s) ? 1 : 0;
        }
    }
    return n;
}

/**
 * The subtrees a patch changes. A replace or test touches its path; add, remove, move and copy change their
 * container (object members or array indices shift), so they touch the parent.
 */
std::optional<std::vector<std::string>> touchedPaths(const nlohmann::json& patch)
{
    std::vector<std::string> paths;
    for (const auto& op : patch) {
        if (!op.is_object() || !op.contains("op") || !op["op"].is_string() || !op.contains("path")
            || !op["path"].is_string()) {
            return std::nullopt;
        }
        const auto name = op["op"].get<std::string>();
        const auto path = op["path"].get<std::string>();
        if (name == "replace" || name == "test") {
            paths.push_back(path);
        } else {
            paths.push_back(parentPointer(path));
        }
        if ((name == "move" || name == "copy") && op.contains("from") && op["from"].is_string()) {
            const auto from = op["from"].get<std::string>();
            paths.push_back(name == "move" ? parentPointer(from) : from);
        }
    }
    return paths;
}

/** One pointer is the other or lies inside it. */
bool overlaps(const std::string& a, const std::string& b)
{
    auto inside = [](const std::string& inner, const std::string& outer) {
        return inner.size() > outer.size() && inner.compare(0, outer.size(), outer) == 0 && inner[outer.size()] == '/';
    };
    return a == b || inside(a, b) || inside(b, a);
}

bool conflicts(const std::vector<std::string>& paths, const std::vector<std::string>& taken)
{
    for (const auto& p : paths) {
        for (const auto& t : taken) {
            if (overlaps(p, t)) {
                return true;
            }
        }
    }
    return false;
}

std::string findingKey(const Finding& f)
{
    return f.code + '\x1f' + f.location.pointer + '\x1f' + f.fix.dump();
}

/** Sorted edits that touch nowhere: none starts where another does or inside another. */
bool disjoint(std::vector<TextEdit>& edits)
{
    std::stable_sort(
        edits.begin(), edits.end(), [](const TextEdit& a, const TextEdit& b) { return a.offset < b.offset; });
    for (std::size_t i = 1; i < edits.size(); ++i) {
        const TextEdit& before = edits[i - 1];
        if (before.offset == edits[i].offset || before.offset + before.length > edits[i].offset) {
            return false;
        }
    }
    return true;
}

/** The text a document was parsed from (a text of the get-key-policy wrapper's shape is unwrapped by parse()). */
const std::string& textOf(const SourceDocument& document)
{
    return document.isWrapped() ? document.wrapperText() : document.text();
}

/**
 * The text of one round, parsed: the round's fixes were applied to the DOM one after the other (`patches`, giving
 * `patched`); now the same on the text. Fixes of one round touch disjoint subtrees, so their edits, each computed on
 * the round's document, usually combine into one pass. When they do not (or the result does not read as `patched`),
 * the fixes are applied one after the other, each checked by textPatch(); whatever still cannot be written in place
 * is reformatted, and *reformatted says why.
 */
SourceDocument roundText(const SourceDocument& base,
                         const std::vector<const nlohmann::json*>& patches,
                         const Json& patched,
                         const TextStyle& style,
                         std::string& reformatted)
{
    const auto reads = [&patched](const SourceDocument& d) {
        return d.isValid() && !d.isWrapped() && d.json() == patched;
    };
    std::vector<TextEdit> edits;
    bool combined = true;
    for (const nlohmann::json* patch : patches) {
        auto mine = textPatchEdits(base, *patch, style);
        if (!mine) {
            combined = false;
            break;
        }
        edits.insert(edits.end(), std::make_move_iterator(mine->begin()), std::make_move_iterator(mine->end()));
    }
    if (combined && disjoint(edits)) {
        SourceDocument check = SourceDocument::parse(applyTextEdits(base.text(), edits));
        if (reads(check)) {
            return check;
        }
    }
    std::optional<SourceDocument> current; // the parse of the text so far (base's at first)
    for (const nlohmann::json* patch : patches) {
        TextPatchResult one = textPatch(current ? *current : base, *patch, &style);
        if (!one.ok()) {
            break; // cannot happen: the DOM took it; the check below reformats
        }
        if (one.status == TextPatchResult::Status::Reformatted && reformatted.empty()) {
            reformatted = one.message;
        }
        current = one.document ? std::move(*one.document) : SourceDocument::parse(std::move(one.text));
    }
    if (current && reads(*current)) {
        return std::move(*current);
    }
    if (reformatted.empty()) {
        reformatted = "the fixes could not be written into the text in place, so the whole policy was reformatted";
    }
    return SourceDocument::parse(formatPolicy(patched, style));
}

} // namespace

FixOutcome applyAllFixes(const SourceDocument& document, const CheckOptions& options)
{
    return applyAllFixes(document, options, [](const SourceDocument& d, const CheckOptions& o) { return check(d, o); });
}

FixOutcome applyAllFixes(const SourceDocument& document, const CheckOptions& options, const CheckFunction& checkFn)
{
    FixOutcome outcome;
    if (!document.isValid()) {
        outcome.text = document.text();
        outcome.remaining = checkFn(document, options).findings;
        return outcome;
    }

    // The text is edited in place (textPatch), so the author's layout survives; new text follows it.
    const TextStyle style = detectTextStyle(document.text());
    std::string text = document.text();
    Json current = document.json();
    std::optional<SourceDocument> reparsed; // the parse of `text` after the latest round, once there is one
    CheckResult result = checkFn(document, options);
    std::set<std::string> done; // findings applied or found unfixable: never tried again
    std::set<std::string> seen{current.dump()};

    for (std::size_t round = 0; round < MaxFixRounds; ++round) {
        Json next = current;
        std::vector<std::string> taken;
        std::vector<const nlohmann::json*> patches; // into result.findings, which lives until the round's end
        bool appliedAny = false;
        for (const auto& f : result.findings) {
            if (!f.hasFix()) {
                continue;
            }
            const auto key = findingKey(f);
            if (done.count(key)) {
                continue;
            }
            const auto paths = touchedPaths(f.fix);
            if (!paths) {
                done.insert(key);
                continue;
            }
            if (conflicts(*paths, taken)) {
                continue; // recomputed against the new document next round
            }
            done.insert(key);
            auto patched = applyPatch(next, f.fix);
            if (!patched || allowCount(*patched) < allowCount(next)) {
                continue;
            }
            next = std::move(*patched);
            taken.insert(taken.end(), paths->begin(), paths->end());
            patches.push_back(&f.fix);
            outcome.applied.push_back(f);
            appliedAny = true;
        }
        if (!appliedAny) {
            break;
        }
        const bool cycle = !seen.insert(next.dump()).second;
        current = std::move(next);
        reparsed = roundText(reparsed ? *reparsed : document, patches, current, style, outcome.reformatted);
        text = textOf(*reparsed);
        result = checkFn(*reparsed, options);
        if (cycle) {
            break;
        }
    }

    // Without any fix the text is the input's, and `result` already refers to it.
    outcome.text = std::move(text);
    outcome.remaining = std::move(result.findings);
    outcome.changed = current != document.json();
    return outcome;
}

} // namespace kps
