// SPDX-License-Identifier: GPL-3.0-or-later
// kps-manpage VERSION DATE OUTPUT [--command NAME HELP_FILE]...: writes the keypolicy(1) man page, made from the
// command line's own help tables and, for the commands outside them (aws/), the `--help` text in HELP_FILE.
// packaging/CMakeLists.txt runs it at build time for keypolicy.1.
#include "tools/manpage/ManPage.h"

#include <fstream>
#include <iostream>
#include <sstream>
#include <string_view>

int main(int argc, char** argv)
{
    if (argc < 4) {
        std::cerr << "usage: kps-manpage VERSION DATE OUTPUT [--command NAME HELP_FILE]...\n";
        return 2;
    }
    std::vector<kps::docs::CommandHelpText> others;
    for (int i = 4; i < argc; i += 3) {
        if (std::string_view(argv[i]) != "--command" || i + 2 >= argc) {
            std::cerr << "kps-manpage: expected --command NAME HELP_FILE at '" << argv[i] << "'\n";
            return 2;
        }
        std::ifstream in(argv[i + 2], std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        if (!in || text.str().empty()) {
            std::cerr << "kps-manpage: cannot read " << argv[i + 2] << "\n";
            return 2;
        }
        others.push_back({argv[i + 1], text.str()});
    }
    const std::string page = kps::docs::keypolicyManPage(argv[1], argv[2], others);
    std::ofstream out(argv[3], std::ios::binary | std::ios::trunc);
    out << page;
    out.close();
    if (!out) {
        std::cerr << "kps-manpage: cannot write " << argv[3] << "\n";
        return 2;
    }
    return 0;
}
