// SPDX-License-Identifier: GPL-3.0-or-later
// `keypolicy`: argument triage only. The checker commands run without Qt; the AWS commands need QtCore/QtNetwork.
#include "core/cli/Cli.h"

#ifdef KPS_WITH_AWS
#include "aws/AwsCli.h"
#endif

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
#ifdef KPS_WITH_AWS
    if (!args.empty() && kps::aws::isAwsCommand(args[0])) {
        return kps::aws::runAwsCli(argc, argv);
    }
#endif
    return kps::cli::runCli(args, std::cin, std::cout, std::cerr);
}
