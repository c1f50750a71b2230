// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/render/Report.h"

#include <string>
#include <string_view>

namespace kps::render {

/** Where SARIF consumers link the tool (run.tool.driver.informationUri). */
inline constexpr std::string_view kInformationUri = "https://keypolicy.studio";
/** The $schema every SARIF log names: the OASIS 2.1.0 schema (errata 01). */
inline constexpr std::string_view kSarifSchemaUri
    = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/**
 * SARIF 2.1.0 for code scanning: one run whose driver lists every rule of the catalogue (id = finding code,
 * shortDescription = title, fullDescription and help = the catalogue's help, defaultConfiguration.level), one
 * artifact per checked file (its context and MWAA readiness in artifact properties) and one result per finding.
 *
 * Levels: error -> "error"; security -> "error" as well, since a grant broader than intended must fail a code
 * scanning gate just like a rejected policy (properties.severity keeps "security" and the rule is tagged
 * "security"); warning -> "warning"; suggestion -> "note".
 *
 * Each result has a physical location (startLine/startColumn/endLine/endColumn in Unicode code points, as
 * run.columnKind says, plus byteOffset/byteLength) and a logical location whose fullyQualifiedName is the JSON
 * Pointer. A fixable finding carries its JSON Patch in properties.fix and, when every operation replaces an
 * existing value of an unwrapped document, a SARIF fix with the equivalent text replacements. Unreadable inputs
 * become error notifications of the invocation (executionSuccessful false).
 */
Json reportToSarif(const Report& report);
std::string renderSarif(const Report& report);

/** A file path as a SARIF uri-reference: '/' kept, everything outside RFC 3986's unreserved set percent-encoded. */
std::string pathToUri(std::string_view path);

} // namespace kps::render
