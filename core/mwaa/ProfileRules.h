// SPDX-License-Identifier: GPL-3.0-or-later
// Internal to core/mwaa: the MWAA rule groups that checkProfile() runs.
#pragma once

#include "core/checker/Checker.h"
#include "core/checker/PolicyView.h"
#include "core/eval/Evaluator.h"
#include "core/json/SourceDocument.h"

#include <string>
#include <vector>

namespace kps::mwaa::detail {

/** The resolved context plus what the rules derive from it once. */
struct ProfileInput
{
    const SourceDocument& document;
    const PolicyView& policy;
    const eval::PreparedPolicy& prepared; ///< the policy read once for the many requests the rules evaluate
    const MwaaContext& context;
    const CheckOptions& options;
    std::string partition; ///< the context's, else that of the policy's account principals, else "aws"
    std::string account; ///< the context's, else a placeholder (accountKnown false)
    bool accountKnown = false;
    std::string environment; ///< the context's, else "*" (environmentKnown false)
    bool environmentKnown = false;
    std::string keyResource; ///< the key ARN when the key is given as one; else "" (this key, ARN unknown)
    std::string logsService; ///< logs.REGION.SUFFIX (region known)
    std::string airflowService; ///< airflow.REGION.SUFFIX (region known)
};

/** The location of a node (its value, or its key token). */
Location nodeLocation(const SourceDocument& document, const std::string& pointer, bool key = false);
/** For findings about something that is not in the policy text (the key identifier): pointer "", offset 0. */
Location noTextLocation(const SourceDocument& document);
/** "a, b and c". */
std::string joinList(const std::vector<std::string>& items);
/** Adds the finding unless one with the same code and pointer is already there. */
void addUnique(std::vector<Finding>& out, Finding finding);

void checkLogs(const ProfileInput& in, std::vector<Finding>& out);
void checkKeyIdentifier(const ProfileInput& in, std::vector<Finding>& out);
void checkAccountCanGrant(const ProfileInput& in, std::vector<Finding>& out);
void checkExecutionRole(const ProfileInput& in, std::vector<Finding>& out);
void checkGrantList(const ProfileInput& in, std::vector<Finding>& out);

} // namespace kps::mwaa::detail
