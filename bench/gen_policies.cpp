// SPDX-License-Identifier: GPL-3.0-or-later
// kps_gen_policies DIR N: writes N distinct key policies (the typical MWAA policy with per-file role names and
// Sids, every 10th one grown to ~8 KB) into DIR for the folder-throughput benchmark of scripts/bench.sh.
// kps_gen_policies --large FILE: writes the ~32 KB benchmark policy (the editor start-up benchmark opens it).
// kps_gen_policies --huge FILE: writes the 20,000-statement, ~6.8 MB policy of the editor's large-file benchmark.
#include "PolicyGenerator.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace {

std::string replaceAll(std::string text, const std::string& from, const std::string& to)
{
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc == 3 && std::string(argv[1]) == "--large") {
        std::ofstream out(argv[2], std::ios::binary);
        out << kps::bench::largePolicy();
        return out ? 0 : 2;
    }
    if (argc == 3 && std::string(argv[1]) == "--huge") {
        std::ofstream out(argv[2], std::ios::binary);
        out << kps::bench::hugePolicy();
        return out ? 0 : 2;
    }
    if (argc != 3) {
        std::fprintf(stderr, "usage: kps_gen_policies DIR N | --large FILE | --huge FILE\n");
        return 2;
    }
    const std::string dir = argv[1];
    const long count = std::strtol(argv[2], nullptr, 10);
    const std::string typical = kps::bench::typicalMwaaPolicy();
    const std::string grown = kps::bench::largePolicy(8 * 1024);
    for (long i = 0; i < count; ++i) {
        const std::string n = std::to_string(i);
        std::string text = replaceAll(i % 10 == 9 ? grown : typical, "DataPlatformDeploy", "Deploy" + n);
        text = replaceAll(text, "KeyAdmin", "KeyAdmin" + n);
        std::ofstream out(dir + "/policy-" + n + ".json", std::ios::binary);
        out << text;
        if (!out) {
            std::fprintf(stderr, "cannot write %s\n", dir.c_str());
            return 2;
        }
    }
    return 0;
}
