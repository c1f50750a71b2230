// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/PolicyView.h"
#include "core/json/SourceDocument.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace kps::mwaa {

/**
 * JSON Patch builders for the MWAA fixes. Finding::fix is an nlohmann::json (whose objects sort their keys), so an
 * object value is written member by member: the patched ordered document keeps the order written here
 * (Sid, Effect, Principal, Action, Resource, Condition).
 */

/** Appends `ops` to `patch` so that it adds `value` (written member by member) at `path`. */
void appendAddValue(nlohmann::json& patch, const std::string& path, const Json& value);

/**
 * A patch that appends the statement to the policy: to the Statement array, or, when Statement is a single
 * object, after turning it into an array (moving the existing object, so its key order survives), or as a new
 * Statement array when there is none. Null (no fix) when the document is not an object.
 */
nlohmann::json appendStatementPatch(const Json& document, const Json& statement);

/** A Sid not used by any statement: `wanted`, else "wanted 2", "wanted 3", ... */
std::string uniqueSid(const PolicyView& policy, const std::string& wanted);

/** The CloudWatch Logs statement the fixes add and the template writes. */
Json logsStatement(const std::string& sid, std::string_view region, const std::string& conditionValue);

/** The account delegation statement: the account principal with kms:*. */
Json accountDelegationStatement(const std::string& sid, std::string_view partition, std::string_view account);

} // namespace kps::mwaa
