// SPDX-License-Identifier: GPL-3.0-or-later
// kps-findingref [--fixtures DIR]: prints the finding reference (docs/findings.md) as Markdown on stdout.
// scripts/gen-docs.sh runs it; the test docs_findings_reference compares its output with the committed file.
#include "tools/findingref/FindingReference.h"

#include <iostream>
#include <string>
#include <string_view>

int main(int argc, char** argv)
{
    kps::docs::FindingReferenceOptions options;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--fixtures" && i + 1 < argc) {
            options.fixtureDir = argv[++i];
        } else if (arg == "--help" || arg == "-h") {
            std::cout << "usage: kps-findingref [--fixtures DIR]\n"
                         "Prints the finding reference (docs/findings.md) made from the checker's catalogue; the\n"
                         "examples come from DIR/<CODE>/fail-*.json (normally tests/data/policies).\n";
            return 0;
        } else {
            std::cerr << "kps-findingref: unexpected argument '" << arg << "' (see --help)\n";
            return 2;
        }
    }
    std::cout << kps::docs::findingReferenceMarkdown(options);
    std::cout.flush();
    return std::cout ? 0 : 2;
}
