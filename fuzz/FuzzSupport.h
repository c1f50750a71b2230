// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Shared by the libFuzzer targets: invariants that must hold for any input, checked with a loud abort so that
// libFuzzer records the input as a crash.

#include "core/checker/Checker.h"
#include "core/json/SourceDocument.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace kps::fuzz {

[[noreturn]] inline void fail(const char* what, const std::string& detail = {})
{
    std::fprintf(stderr, "fuzz invariant violated: %s %s\n", what, detail.c_str());
    std::abort();
}

/** The options the MWAA profile runs with when everything is given. */
inline CheckOptions mwaaOptions()
{
    CheckOptions options;
    options.context.region = "eu-west-1";
    options.context.account = "111122223333";
    options.context.environment = "MyEnv";
    options.context.key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    return options;
}

/** Every finding's location lies inside the text it refers to, with a sane line/column. */
/// Every finding's span lies in its document: `doc`, or `other` for a finding located in another file (the grants).
inline void
checkLocations(const SourceDocument& doc, const std::vector<Finding>& findings, const SourceDocument* other = nullptr)
{
    for (const auto& f : findings) {
        if (!f.location.file.empty() && !other) {
            fail("a finding in another file without that file", f.code + " " + f.location.file);
        }
        const SourceDocument& in = f.location.file.empty() ? doc : *other;
        const auto size = in.text().size();
        const auto& s = f.location.span;
        if (s.offset > size || s.length > size - s.offset) {
            fail("span outside the text", f.code + " " + f.location.pointer);
        }
        if (s.line < 1 || s.column < 1 || s.endLine < s.line) {
            fail("bad line/column", f.code);
        }
        if (f.code.empty() || f.message.empty()) {
            fail("finding without code or message");
        }
        // The editor maps every location back; it must not throw or crash either.
        (void)in.locate(f.location.pointer);
        (void)in.pointerAt(s.offset);
    }
}

} // namespace kps::fuzz
