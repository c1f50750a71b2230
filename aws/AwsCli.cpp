// SPDX-License-Identifier: GPL-3.0-or-later
// Placeholder until the live KMS commands land.
#include "aws/AwsCli.h"

#include <iostream>

namespace kps::aws {

bool isAwsCommand(const std::string& command)
{
    return command == "fetch" || command == "apply";
}

int runAwsCli(int, char**)
{
    std::cerr << "keypolicy: this command is not available yet\n";
    return 2;
}

} // namespace kps::aws
