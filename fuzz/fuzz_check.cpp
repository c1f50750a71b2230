// SPDX-License-Identifier: GPL-3.0-or-later
// parse -> check (generic and MWAA) -> fix -> re-check, with the invariants of FuzzSupport.h and:
//  - the document is the same whether json::scanJson or nlohmann's parser read the text,
//  - the fixer's output of a valid policy is valid JSON again, and
//  - re-checking the fixer's output finds exactly what the fixer reported as remaining,
//  - every fix the checker offers is written into the text in place (core/json/TextPatch.h) unless a duplicate key
//    is in the way, and the fixer returns a text with nothing to fix unchanged.
#include "FuzzSupport.h"

#include "core/fix/Fixer.h"
#include "core/json/TextPatch.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace kps;
    std::string text(reinterpret_cast<const char*>(data), size);
    const auto doc = SourceDocument::parse(text);
    const std::string difference = firstDifference(doc, SourceDocument::parse(text, SourceDocument::Reader::Nlohmann));
    if (!difference.empty()) {
        fuzz::fail("the scanner and nlohmann's parser read different documents:", difference);
    }
    (void)doc.offsetOf(3, 7);
    for (const auto& node : doc.nodes()) {
        if (!doc.contains(node.first)) {
            fuzz::fail("node not contained", node.first);
        }
    }

    CheckOptions generic;
    generic.mwaa = false;
    const auto genericResult = check(doc, generic);
    fuzz::checkLocations(doc, genericResult.findings);

    const auto options = fuzz::mwaaOptions();
    const auto result = check(doc, options);
    fuzz::checkLocations(doc, result.findings);

    // An inferred context (nothing given) takes other paths through the MWAA profile.
    const auto inferred = check(doc, CheckOptions{});
    fuzz::checkLocations(doc, inferred.findings);

    // A duplicate key next to an edited entry would win once the first is gone: only then may an edit reformat.
    const bool duplicates = std::any_of(doc.problems().begin(), doc.problems().end(), [](const ParseProblem& p) {
        return p.kind == ParseProblem::Kind::DuplicateKey;
    });
    for (const auto* findings : {&genericResult.findings, &result.findings}) {
        for (const auto& f : *findings) {
            if (!f.hasFix()) {
                continue;
            }
            const TextPatchResult patched = textPatch(doc, f.fix);
            if (patched.status == TextPatchResult::Status::Reformatted && !duplicates) {
                fuzz::fail("a fix could not be written into the text in place:", f.code + " " + patched.message);
            }
        }
    }

    const auto outcome = applyAllFixes(doc, options);
    if (outcome.applied.empty() && outcome.text != doc.text()) {
        fuzz::fail("the fixer changed a text it fixed nothing in");
    }
    if (!outcome.reformatted.empty() && !duplicates) {
        fuzz::fail("the fixer reformatted:", outcome.reformatted);
    }
    const auto fixedDoc = SourceDocument::parse(outcome.text);
    const auto recheck = check(fixedDoc, options);
    fuzz::checkLocations(fixedDoc, recheck.findings);
    if (doc.isValid() && !fixedDoc.isValid()) {
        fuzz::fail("the fixer turned a valid policy into invalid JSON");
    }
    if (recheck.findings.size() != outcome.remaining.size()) {
        fuzz::fail("re-check differs from FixOutcome::remaining",
                   std::to_string(recheck.findings.size()) + " vs " + std::to_string(outcome.remaining.size()));
    }
    return 0;
}
