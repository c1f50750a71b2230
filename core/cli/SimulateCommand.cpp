// SPDX-License-Identifier: GPL-3.0-or-later
// `keypolicy simulate`: would this request be allowed, and by which statement (core/access/Simulator.h).
#include "core/access/AccessRender.h"
#include "core/access/Simulator.h"
#include "core/checker/ParseFindings.h"
#include "core/cli/Commands.h"
#include "core/cli/Inputs.h"
#include "core/vocab/Vocabulary.h"

#include <algorithm>

namespace kps::cli {

namespace {

/** --context KEY=VALUE (repeated: the values of a multivalued key) and --absent KEY, checked. */
Expected<void> readRequestContext(const ParsedArgs& args, access::SimulationRequest& request)
{
    for (const auto& [name, value] : args.values) {
        if (name == "--context") {
            const auto eq = value.find('=');
            if (eq == std::string::npos) {
                return Error("--context: '" + value + "' is not KEY=VALUE");
            }
            const std::string key = value.substr(0, eq);
            auto entry = std::find_if(request.context.begin(), request.context.end(), [&key](const auto& e) {
                return equalsIgnoreCase(e.key, key);
            });
            if (entry == request.context.end()) {
                request.context.push_back({key, {}});
                entry = request.context.end() - 1;
            }
            entry->values.push_back(value.substr(eq + 1));
        } else if (name == "--absent") {
            if (std::string problem = access::absentKeyError(value); !problem.empty()) {
                return Error("--absent: " + problem);
            }
            request.absent.push_back(value);
        }
    }
    for (const auto& entry : request.context) {
        if (std::string problem = access::contextEntryError(entry); !problem.empty()) {
            return Error("--context: " + problem);
        }
        for (const std::string& pattern : request.absent) {
            const bool prefix = !pattern.empty() && pattern.back() == '*';
            const std::string_view stem = prefix ? std::string_view(pattern).substr(0, pattern.size() - 1) : pattern;
            if (prefix ? entry.key.size() >= stem.size() && equalsIgnoreCase(entry.key.substr(0, stem.size()), stem)
                       : equalsIgnoreCase(entry.key, pattern)) {
                return Error(entry.key + " is given with --context and declared absent with --absent " + pattern);
            }
        }
    }
    return {};
}

int runSimulate(const ParsedArgs& args, Streams& io)
{
    constexpr std::string_view name = "simulate";
    const auto format = readFormatName(args, {"text", "json"});
    if (!format) {
        return usageError(io, name, format.error());
    }
    const auto principal = args.value("--principal");
    if (!principal) {
        return usageError(io, name, "--principal is required (an IAM ARN, an account id or a service principal)");
    }
    const auto actionText = args.value("--action");
    if (!actionText) {
        return usageError(io, name, "--action is required (e.g. kms:Decrypt)");
    }
    access::SimulationRequest request;
    if (auto caller = access::parseCaller(*principal)) {
        request.caller = std::move(*caller);
    } else {
        return usageError(io, name, "--principal: " + caller.error().message);
    }
    if (auto action = access::parseAction(*actionText)) {
        request.action = std::move(*action);
    } else {
        return usageError(io, name, "--action: " + action.error().message);
    }
    if (auto read = readRequestContext(args, request); !read) {
        return usageError(io, name, read.error());
    }
    MwaaContext given;
    if (auto read = readKeyOptions(args, given); !read) {
        return usageError(io, name, read.error());
    }
    const auto operand = singlePolicyOperand(args, "simulate takes");
    if (!operand) {
        return usageError(io, name, operand.error());
    }
    const auto input = readPolicyOperand(*operand, io.in);
    if (!input) {
        return reportError(io, input.error());
    }
    const auto document = SourceDocument::parse(input->text);
    if (!document.isValid()) {
        printFindingLines(input->path, parseFindings(document), io);
        return reportError(io, Error{"not a valid JSON document; nothing was simulated", input->path});
    }
    const PolicyView policy = readPolicy(document.json());
    const access::KeyFacts key = access::resolveKeyFacts(document, policy, given);
    const access::Simulation simulation = access::simulate(policy, request, key);
    const std::string out = *format == "json"
        ? access::dumpJson(access::simulationJson(input->path, request, simulation, key))
        : access::simulationText(input->path, request, simulation, key);
    if (auto written = writeOutput(args, out, io.out); !written) {
        return reportError(io, written.error());
    }
    return ExitClean;
}

} // namespace

CommandSpec simulateCommand()
{
    return {
        .name = "simulate",
        .synopsis = "POLICY --principal P --action A [--context KEY=VALUE]... [--absent KEY]... [options]",
        .summary = "Would this request be allowed by the key policy, and by which statement",
        .description
        = "Evaluates one request against the key policy as IAM evaluates a single policy, and prints the decision and "
          "every statement's trace: whether its principal, action, resource and each condition matched, the values "
          "compared and the operator.\n\n"
          "The decision is allow (the key policy itself allows the caller), allow_if_iam (allowed only if the "
          "caller's IAM policies allow it too: through the account principal, or because the caller is an IAM "
          "principal of another account), explicit_deny, implicit_deny, or depends (it hinges on facts the request "
          "does not give; they are listed with the option that decides each). Only the key policy is evaluated: IAM "
          "policies, SCPs, RCPs, permission boundaries, session policies, grants and VPC endpoint policies are not.\n\n"
          "P is an IAM ARN (role, user, assumed-role session, federated user, or arn:PARTITION:iam::ACCOUNT:root for "
          "the root user), an account id (any IAM role or user of that account the policy does not name) or a "
          "service principal (logs.eu-west-1.amazonaws.com). A is a KMS action (kms:Decrypt or Decrypt).\n\n"
          "What the request carries: the keys that follow from P (aws:PrincipalArn, aws:PrincipalAccount, "
          "kms:CallerAccount, aws:PrincipalType, aws:username, aws:PrincipalIsAWSService, aws:PrincipalServiceName), "
          "aws:SecureTransport true (KMS has HTTPS endpoints only), aws:RequestedRegion when the key's region is "
          "known, and the --context keys. --absent declares a key (or a prefix ending in *) absent. Every other key "
          "is unknown, also aws:ViaAWSService and kms:ViaService: a statement that depends on one makes the answer "
          "depends rather than a guess.\n\n"
          "KMS accepts only some actions from another account (the cryptographic ones, DescribeKey, GetPublicKey, "
          "GetKeyRotationStatus and the grant operations); for the others a key policy's permission to another "
          "account has no effect, and the decision is implicit_deny.",
        .options
        = joinOptions({{{"--principal", "", "P", "The caller: an IAM ARN, an account id or a service principal."},
                        {"--action", "", "A", "The KMS action: kms:Decrypt or Decrypt."},
                        {"--context",
                         "",
                         "KEY=VALUE",
                         "A condition key the request carries, with its value; repeat the option for each "
                         "key, and for each value of a multivalued key."},
                        {"--absent",
                         "",
                         "KEY",
                         "A condition key the request certainly lacks (a trailing * names a prefix, e.g. "
                         "kms:EncryptionContext:*); repeatable."}},
                       keyOptions(),
                       {{"--format", "", "FORMAT", "text (default) or json (docs/cli.md)."}, outputOption()}}),
        .examples = "keypolicy simulate policy.json --principal arn:aws:iam::111122223333:role/app --action Decrypt\n"
                    "keypolicy simulate policy.json --principal 444455556666 --action kms:Encrypt --format json\n"
                    "keypolicy simulate policy.json --principal arn:aws:iam::111122223333:role/app --action Decrypt "
                    "--context aws:PrincipalOrgID=o-a1b2c3d4e5 --context kms:ViaService=s3.eu-west-1.amazonaws.com\n"
                    "keypolicy simulate policy.json --principal logs.eu-west-1.amazonaws.com --action GenerateDataKey "
                    "--context kms:EncryptionContext:aws:logs:arn=arn:aws:logs:eu-west-1:111122223333:log-group:x",
        .exitStatus = "0 the decision was printed (whatever it is: read it from the output); 2 usage error, a POLICY "
                      "that cannot be read or is not valid JSON, or an output that cannot be written.",
        .run = &runSimulate,
    };
}

} // namespace kps::cli
