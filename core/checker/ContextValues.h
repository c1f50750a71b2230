// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Context.h"
#include "core/json/Expected.h"

#include <string>
#include <string_view>

namespace kps {

/** A context value a person gives: on a command line (--region ...) or in the `MWAA environment` panel. */
enum class ContextField { Region, Account, Environment, Key, Organization };

/** The option that gives it on every command line: "--region", "--account", "--env", "--key", "--org-id". */
std::string_view contextOptionName(ContextField field);

/**
 * Whether `value` can be used as `field`, and if not, why. The one definition of a valid context value, used by
 * `keypolicy` (readCheckOptions, grants, template, fetch/apply), the editor's command line and its panel:
 * - region: a region code of a known partition (isRegionCode), e.g. eu-west-1;
 * - account: 12 digits (isAccountId);
 * - env: MWAA's environment name rule (mwaa::isEnvironmentName): a letter, then letters, digits, - or _, at most
 *   80 characters;
 * - key: a key id, key ARN, alias name or alias ARN (mwaa::parseKeyIdentifier); not empty, not another ARN;
 * - org id: "o-" and 10 to 32 lower-case letters or digits (isOrganizationId), or kNoOrganization ("none").
 * The error's message quotes the value and says what is expected: "'europe' is not a region code (e.g. eu-west-1)".
 */
Expected<void> validateContextValue(ContextField field, std::string_view value);

/**
 * validateContextValue() with the option's name before the message, as the command lines print it:
 * "--region: 'europe' is not ...".
 */
Expected<void> validateContextOption(ContextField field, std::string_view value);

/**
 * Sets `field` of `context` to `value` with source Given when it is valid; otherwise leaves `context` unchanged and
 * returns validateContextOption()'s error.
 */
Expected<void> setGivenContextValue(MwaaContext& context, ContextField field, std::string_view value);

} // namespace kps
