// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/checker/ContextValues.h"

#include "core/mwaa/MwaaFacts.h"

namespace kps {

std::string_view contextOptionName(ContextField field)
{
    switch (field) {
    case ContextField::Region:
        return "--region";
    case ContextField::Account:
        return "--account";
    case ContextField::Environment:
        return "--env";
    case ContextField::Key:
        return "--key";
    case ContextField::Organization:
        return "--org-id";
    }
    return {};
}

namespace {

/** Why `value` cannot be `field`, or "" when it can. */
std::string invalidValueText(ContextField field, std::string_view value)
{
    const std::string quoted = "'" + std::string(value) + "'";
    switch (field) {
    case ContextField::Region:
        return isRegionCode(value) ? std::string() : quoted + " is not a region code (e.g. eu-west-1)";
    case ContextField::Account:
        return isAccountId(value) ? std::string() : quoted + " is not an account id (12 digits)";
    case ContextField::Environment:
        if (value.empty()) {
            return "the environment name is empty";
        }
        return mwaa::isEnvironmentName(value) ? std::string()
                                              : quoted
                + " is not an MWAA environment name (a letter, then letters, digits, - or _; at most 80 "
                  "characters)";
    case ContextField::Key: {
        if (value.empty()) {
            return "the key is empty";
        }
        using Form = mwaa::KeyIdentifier::Form;
        const Form form = mwaa::parseKeyIdentifier(value).form;
        if (form == Form::KeyId || form == Form::KeyArn || form == Form::AliasName || form == Form::AliasArn) {
            return {};
        }
        return quoted + " is not a key id, key ARN or alias (arn:PARTITION:kms:REGION:ACCOUNT:key/ID or alias/NAME)";
    }
    case ContextField::Organization:
        return value == kNoOrganization || isOrganizationId(value)
            ? std::string()
            : quoted + " is not an organization id (o- and 10 to 32 lower-case letters or digits) or none";
    }
    return {};
}

} // namespace

Expected<void> validateContextValue(ContextField field, std::string_view value)
{
    std::string invalid = invalidValueText(field, value);
    if (invalid.empty()) {
        return {};
    }
    return Error{std::move(invalid)};
}

Expected<void> validateContextOption(ContextField field, std::string_view value)
{
    std::string invalid = invalidValueText(field, value);
    if (invalid.empty()) {
        return {};
    }
    return Error{std::string(contextOptionName(field)) + ": " + invalid};
}

Expected<void> setGivenContextValue(MwaaContext& context, ContextField field, std::string_view value)
{
    if (auto valid = validateContextOption(field, value); !valid) {
        return valid;
    }
    const auto set = [value](std::string& target, ContextSource& source) {
        target = std::string(value);
        source = ContextSource::Given;
    };
    switch (field) {
    case ContextField::Region:
        set(context.region, context.regionSource);
        break;
    case ContextField::Account:
        set(context.account, context.accountSource);
        break;
    case ContextField::Environment:
        set(context.environment, context.environmentSource);
        break;
    case ContextField::Key:
        set(context.key, context.keySource);
        break;
    case ContextField::Organization:
        set(context.orgId, context.orgIdSource);
        break;
    }
    return {};
}

} // namespace kps
