// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "aws/AwsConfig.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <string>

class QTextStream;

namespace kps::aws {

/** True for the subcommands that talk to AWS (fetch, apply, audit). */
bool isAwsCommand(const std::string& command);
/** Runs one of them with a QCoreApplication (never a QApplication); returns the exit status. */
int runAwsCli(int argc, char** argv);

/** How a command asks "apply this?": returns true for yes. Null when there is nobody to ask (stdin is no TTY). */
using ConfirmFunction = std::function<bool(const QString& question)>;

/** Knobs for tests; the defaults are what the real command uses. */
struct AwsCliSettings
{
    AwsEnvironment environment = AwsEnvironment::system();
    ConfirmFunction confirm; ///< null: no TTY, so apply needs --yes
    int retryBaseMs = 1000;
    QString stdinText; ///< what `-` reads (tests); the real command reads stdin
    bool readStdin = true;
    bool progress = false; ///< audit: progress lines on stderr (the real command: when stderr is a terminal)
};

/**
 * `keypolicy fetch`, `keypolicy apply` and `keypolicy audit` (docs/aws.md, docs/cli.md) in-process: `args` includes the
 * program name and the command. Needs a running QCoreApplication (QTEST_GUILESS_MAIN or runAwsCli's). Exit status: 0
 * done, 1 apply refused because the policy has error findings, 2 usage, I/O, AWS error or any other refusal. audit: as
 * `check` (0 clean, 1 findings at --fail-on or worse, 2 a failed call or usage error).
 */
int runAwsCommand(const QStringList& args, QTextStream& out, QTextStream& err, const AwsCliSettings& settings);

} // namespace kps::aws
