// SPDX-License-Identifier: GPL-3.0-or-later
// Shared helpers of the CLI tests: run `keypolicy` in-process and read fixtures.
#pragma once

#include "core/cli/Cli.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace kps::test {

/** What one in-process run of `keypolicy` produced. */
struct CliRun
{
    int status = -1;
    std::string out;
    std::string err;
};

inline CliRun runKeypolicy(const std::vector<std::string>& args, const std::string& stdinText = {})
{
    std::istringstream in(stdinText);
    std::ostringstream out;
    std::ostringstream err;
    CliRun run;
    run.status = cli::runCli(args, in, out, err);
    run.out = out.str();
    run.err = err.str();
    return run;
}

/** A fixture of tests/cli/data. */
inline std::string cliData(const std::string& name)
{
    return std::string(KPS_SOURCE_DIR) + "/tests/cli/data/" + name;
}

inline std::string readText(const std::string& path)
{
    std::ifstream file(path, std::ios::binary);
    std::stringstream buffer;
    buffer << file.rdbuf();
    return buffer.str();
}

inline void writeText(const std::string& path, const std::string& text)
{
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << text;
}

inline bool contains(const std::string& haystack, const std::string& needle)
{
    return haystack.find(needle) != std::string::npos;
}

/** The MWAA context every "good" run uses. */
inline std::vector<std::string> goodContext()
{
    return {"--region", "eu-west-1", "--account", "111122223333", "--env", "MyEnv"};
}

} // namespace kps::test
