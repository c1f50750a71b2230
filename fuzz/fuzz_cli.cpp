// SPDX-License-Identifier: GPL-3.0-or-later
// `keypolicy check - --format json|sarif|text` and `keypolicy fix -` in-process over the input as stdin: the
// renderers must survive any text the policy carries (invalid UTF-8, NUL bytes, control characters), and the
// exit status is always 0, 1 or 2.
#include "FuzzSupport.h"

#include "core/cli/Cli.h"

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    static const std::vector<std::vector<std::string>> commands = {
        {"check", "-", "--format", "json", "--region", "eu-west-1", "--account", "111122223333", "--env", "MyEnv"},
        {"check", "-", "--format", "sarif"},
        {"check", "-", "--format", "text", "--no-mwaa"},
        {"fix", "-"},
    };
    for (const auto& args : commands) {
        std::istringstream in(text);
        std::ostringstream out;
        std::ostringstream err;
        const int status = kps::cli::runCli(args, in, out, err);
        if (status < 0 || status > 2) {
            kps::fuzz::fail("exit status out of range", std::to_string(status));
        }
    }
    return 0;
}
