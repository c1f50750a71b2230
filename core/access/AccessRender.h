// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/access/PolicyDiff.h"
#include "core/json/Json.h"

#include <string>
#include <string_view>

namespace kps::access {

// The outputs of `keypolicy simulate`, `keypolicy access` and `keypolicy diff` (docs/cli.md has the JSON shapes;
// tests/cli/keypolicy-access.schema.json checks them). Deterministic; the JSON is dumped with invalid UTF-8 replaced,
// so no output throws.

/** "account 111122223333 (inferred), region eu-west-1 (given), partition aws (inferred), key ARN unknown". */
std::string keyFactsText(const KeyFacts& key);
/** {"account", "account_source", "region", "region_source", "partition", "partition_source", "key", "arn"}. */
Json keyFactsJson(const KeyFacts& key);
/** "iam_principal", "account", "service", "other_account". */
std::string_view callerKindName(Caller::Kind kind);

std::string simulationText(std::string_view path,
                           const SimulationRequest& request,
                           const Simulation& simulation,
                           const KeyFacts& key);
Json simulationJson(std::string_view path,
                    const SimulationRequest& request,
                    const Simulation& simulation,
                    const KeyFacts& key);

std::string accessText(std::string_view path, const AccessSummary& summary);
std::string accessMarkdown(std::string_view path, const AccessSummary& summary);
Json accessJson(std::string_view path, const AccessSummary& summary);

std::string comparisonText(std::string_view pathA, std::string_view pathB, const PolicyComparison& comparison);
std::string comparisonMarkdown(std::string_view pathA, std::string_view pathB, const PolicyComparison& comparison);
Json comparisonJson(std::string_view pathA, std::string_view pathB, const PolicyComparison& comparison);

/** Pretty-printed JSON text with a final newline (invalid UTF-8 replaced: never throws). */
std::string dumpJson(const Json& json);

} // namespace kps::access
