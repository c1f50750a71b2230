// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Checker.h"
#include "core/json/Expected.h"
#include "core/json/SourceDocument.h"

#include <optional>
#include <string>
#include <vector>

namespace kps::render {

/**
 * Where a key policy taken from a CloudFormation template, CDK output or Terraform plan is written (core/iac).
 * Findings then keep their JSON Pointer into the policy, and their line and column are the template's.
 */
struct PolicySource
{
    std::string format; ///< iac::formatName(): "cloudformation-yaml", "cloudformation-json", "terraform-plan"
    std::string resource; ///< the logical id ("MwaaKey") or Terraform address ("module.kms.aws_kms_key.this")
    std::string resourceType; ///< "AWS::KMS::Key", "AWS::KMS::ReplicaKey", "aws_kms_key", "aws_kms_key_policy"
    std::string pointer; ///< of the policy in the template (a JSON Pointer into its YAML or JSON)
    Span span; ///< of the policy in the template
    std::string cdkPath; ///< the resource's Metadata "aws:cdk:path" in a CDK template; else empty
};

/** One checked input: the name to show, the document as parsed and the result of check(). */
struct FileResult
{
    std::string path; ///< as the user named it ("<stdin>" for standard input)
    SourceDocument document; ///< for a policy of a template: the policy as extracted (source says where it is)
    CheckResult result;
    std::optional<PolicySource> source; ///< set for a key policy of a template or plan
};

/** What one run of `keypolicy check` produced: the input to every renderer. */
struct Report
{
    std::vector<FileResult> files;
    /// Inputs that could not be read: Error::file names the input, Error::message the reason ("No such file or
    /// directory"). The CLI exits 2; the renderers mention them where the format has a place.
    std::vector<Error> errors;
};

/** Counts over every file of the report. */
SeverityCounts countReport(const Report& report);

/** "region eu-west-1 (given), partition aws (inferred), ..." — the context a check used, for people. */
std::string describeContext(const MwaaContext& context);

} // namespace kps::render
