// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Checker.h"
#include "core/iac/Intrinsics.h"
#include "core/iac/TemplateDocument.h"
#include "core/json/Expected.h"
#include "core/render/Report.h"

#include <optional>
#include <string>
#include <vector>

namespace kps::iac {

/** One key policy a template or plan holds, as extracted, with the MWAA context the template gives it. */
struct KeyPolicy
{
    render::PolicySource source;
    /// The policy as JSON text (CloudFormation: the KeyPolicy with its intrinsics resolved, laid out with 2-space
    /// indentation; Terraform: the policy string as planned). Empty when unknown.
    std::string text;
    bool inString = false; ///< Terraform: the policy is a JSON string at source.pointer (locations map through it)
    bool unknown = false; ///< Terraform: the policy is computed at apply time (after_unknown)
    /// An MWAA environment whose key is an alias written as such, with no key of the template behind it: no policy,
    /// only templateFindings (MWAA_KEY_ALIAS); source names the environment and its key property.
    bool keyOutside = false;
    Resolved resolved; ///< CloudFormation: placeholders and where each node is written

    /// From an MWAA environment of the template that uses this key (empty when none does or it is not literal).
    std::string environment;
    std::string roleArn; ///< the execution role's ARN when the template fixes it
    /// The execution role's ARN as the template writes it when deployment decides part of it ("${Role.Arn}"), and
    /// those parts: the check probes them together with the key policy's placeholders.
    std::string roleArnPattern;
    std::vector<Placeholder> roleArnPlaceholders;
    std::optional<std::string> rolePolicy; ///< the role's policies of the template, merged into one policy
    std::string rolePointer; ///< where the role is written (MWAA_ROLE_* findings about its policy point there)
    std::vector<Placeholder> rolePlaceholders; ///< values of the role's policies left to deployment
    std::vector<Finding> templateFindings; ///< MWAA_KEY_ALIAS, MWAA_KEY_MULTI_REGION where the template writes them
};

/**
 * Every key policy of the template (AWS::KMS::Key and AWS::KMS::ReplicaKey KeyPolicy; Terraform aws_kms_key and
 * aws_kms_key_policy, in child modules too), in the order of the file, then each MWAA environment given its key as an
 * alias that is not the template's (KeyPolicy::keyOutside). `given` supplies AWS::Region,
 * AWS::AccountId and AWS::Partition. An error (with line and column) for an intrinsic function CloudFormation does
 * not have.
 */
Expected<std::vector<KeyPolicy>> keyPolicies(const TemplateDocument& document, const CheckOptions& given);

/**
 * Checks one extracted policy: check() with the context the template gives (what `options` leaves empty), then
 * findings placed in the template, those touched by a value left to deployment made warnings that depend on it
 * (never "ready", never "not ready" by a guess), and the template's own findings added.
 */
render::FileResult checkKeyPolicy(const TemplateDocument& document,
                                  const KeyPolicy& policy,
                                  const std::string& path,
                                  const CheckOptions& options);

} // namespace kps::iac
