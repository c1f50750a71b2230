// SPDX-License-Identifier: GPL-3.0-or-later
// kps_profile WHAT POLICY [N]: runs one operation N times (default 20) on a benchmark policy, for instruction
// counts under callgrind (docs/performance.md, "Profile"):
//   valgrind --tool=callgrind --toggle-collect='kps::bench::profiled*' build/bench/bench/kps_profile check 32
// WHAT: parse (nlohmann::ordered_json::parse), document (SourceDocument::parse), rules (check() of a parsed
// document), check (check() of the text). POLICY: 1 (~1 KB: root and CloudWatch Logs statements), 3 (typical MWAA
// policy), 32 (~32 KB), 32min (the ~32 KB policy minified to one line). One check() runs before, uncounted, so that
// one-time set-up is left out.
#include "PolicyGenerator.h"

#include "core/checker/Checker.h"
#include "core/json/SourceDocument.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace kps::bench {

// Not inlined, so that callgrind can collect exactly these calls (--toggle-collect).
[[gnu::noinline]] std::size_t profiledParse(const std::string& text)
{
    return Json::parse(text).size();
}

[[gnu::noinline]] std::size_t profiledDocument(const std::string& text)
{
    return SourceDocument::parse(text).json().size();
}

[[gnu::noinline]] std::size_t profiledRules(const SourceDocument& document, const CheckOptions& options)
{
    return check(document, options).findings.size();
}

[[gnu::noinline]] std::size_t profiledCheck(const std::string& text, const CheckOptions& options)
{
    return check(text, options).findings.size();
}

} // namespace kps::bench

int main(int argc, char** argv)
{
    using namespace kps;
    if (argc < 3) {
        std::fprintf(stderr, "usage: kps_profile parse|document|rules|check 1|3|32|32min [N]\n");
        return 2;
    }
    const std::string what = argv[1];
    const std::string size = argv[2];
    const long n = argc > 3 ? std::strtol(argv[3], nullptr, 10) : 20;
    std::string text = size == "1" ? bench::smallPolicy()
        : size == "3"              ? bench::typicalMwaaPolicy()
                                   : bench::largePolicy();
    if (size == "32min") {
        text = Json::parse(text).dump();
    }
    CheckOptions options;
    options.context.region = bench::Region;
    options.context.account = bench::Account;
    options.context.environment = bench::Environment;
    options.context.key = std::string("arn:aws:kms:") + bench::Region + ":" + bench::Account
        + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const SourceDocument document = SourceDocument::parse(text);
    // One uncounted check first: one-time set-up (the vocabulary, static tables) is not per-policy cost.
    std::size_t sink = check(document, options).findings.size();
    for (long i = 0; i < n; ++i) {
        if (what == "parse") {
            sink += bench::profiledParse(text);
        } else if (what == "document") {
            sink += bench::profiledDocument(text);
        } else if (what == "rules") {
            sink += bench::profiledRules(document, options);
        } else {
            sink += bench::profiledCheck(text, options);
        }
    }
    std::printf("%s %s: %zu bytes, %ld runs (%zu)\n", what.c_str(), size.c_str(), text.size(), n, sink);
    return 0;
}
