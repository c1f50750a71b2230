// SPDX-License-Identifier: GPL-3.0-or-later
// Placeholder until the CLI lands: checks files and prints findings as text.
#include "core/cli/Cli.h"

#include "core/checker/Checker.h"

#include <fstream>
#include <iostream>
#include <sstream>

namespace kps::cli {

bool isCoreCommand(const std::string& command)
{
    return command == "check" || command == "--version" || command == "--help";
}

int runCli(const std::vector<std::string>& args, std::istream&, std::ostream& out, std::ostream& err)
{
    if (args.empty() || args[0] != "check" || args.size() < 2) {
        err << "usage: keypolicy check FILE...\n";
        return 2;
    }
    int status = 0;
    for (std::size_t i = 1; i < args.size(); ++i) {
        std::ifstream file(args[i], std::ios::binary);
        if (!file) {
            err << "keypolicy: " << args[i] << ": cannot read\n";
            status = 2;
            continue;
        }
        std::stringstream buffer;
        buffer << file.rdbuf();
        const auto result = check(buffer.str());
        for (const auto& f : result.findings) {
            out << args[i] << ':' << f.location.span.line << ':' << f.location.span.column << ": "
                << severityName(f.severity) << ' ' << f.code << ' ' << f.message << '\n';
            if (f.severity == Severity::Error && status == 0) {
                status = 1;
            }
        }
    }
    return status;
}

} // namespace kps::cli
