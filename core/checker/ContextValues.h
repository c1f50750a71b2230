// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Context.h"

#include <string>
#include <string_view>

namespace kps {

/** A context value a person gives: on a command line (--region ...) or in the `MWAA environment` panel. */
enum class ContextField { Region, Account, Environment, Key, Organization };

/** The option that gives it on every command line: "--region", "--account", "--env", "--key", "--org-id". */
std::string_view contextOptionName(ContextField field);

/**
 * Why `value` cannot be used as `field`; "" when it can. The one definition of a valid context value, used by
 * `keypolicy` (readCheckOptions, grants, template, fetch/apply), the editor's command line and its panel:
 * - region: a region code of a known partition (isRegionCode), e.g. eu-west-1;
 * - account: 12 digits (isAccountId);
 * - env: MWAA's environment name rule (mwaa::isEnvironmentName): a letter, then letters, digits, - or _, at most
 *   80 characters;
 * - key: a key id, key ARN, alias name or alias ARN (mwaa::parseKeyIdentifier); not empty, not another ARN;
 * - org id: "o-" and 10 to 32 lower-case letters or digits (isOrganizationId), or kNoOrganization ("none").
 * The message quotes the value and says what is expected: "'europe' is not a region code (e.g. eu-west-1)".
 */
std::string contextValueError(ContextField field, std::string_view value);

/** contextValueError() after the option's name, as the command lines print it: "--region: 'europe' is not ...". */
std::string contextOptionError(ContextField field, std::string_view value);

/**
 * Sets `field` of `context` to `value` with source Given when it is valid; otherwise leaves `context` unchanged,
 * puts contextOptionError() in `error` and returns false.
 */
bool setGivenContextValue(MwaaContext& context, ContextField field, std::string_view value, std::string& error);

} // namespace kps
