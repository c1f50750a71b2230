// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Json.h"

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kps::iac {

/**
 * A value the template leaves to deployment (a `!Ref` to a parameter or resource, a `!GetAtt`, a `${Var}` of a
 * `!Sub`, an `!If`...). In the resolved value it is written "${Name}" ("${Role.Arn}" for `!GetAtt Role.Arn`,
 * "${Fn::If}" for a function), which the checker never takes for a real principal, ARN or condition value:
 * core/iac/TemplateCheck makes every finding it touches depend on it.
 */
struct Placeholder
{
    std::string pointer; ///< of the value that holds it, in the resolved value
    std::string sourcePointer; ///< of the intrinsic function, in the template
    std::string text; ///< "${Role.Arn}"
    std::string description; ///< "!GetAtt Role.Arn"
    std::string needed; ///< what decides it ("--region"), or empty when only deployment does
};

/** What the resolver knows of the stack it resolves for. */
struct ResolveContext
{
    std::string region; ///< AWS::Region, when given
    std::string account; ///< AWS::AccountId, when given
    std::string partition; ///< AWS::Partition, when known
    const Json* mappings = nullptr; ///< the template's Mappings (Fn::FindInMap is static)
    /// A value of `!GetAtt Id.Attribute` that the template fixes (a role's Arn from its RoleName), or nullopt.
    std::function<std::optional<std::string>(const std::string& id, const std::string& attribute)> getAtt;
    /// A value of `!Ref Id` that the template fixes, or nullopt.
    std::function<std::optional<std::string>(const std::string& id)> ref;
};

struct Resolved
{
    Json value;
    std::vector<Placeholder> placeholders; ///< in document order
    /// Every node of the resolved value (its pointer) and where it is written in the template: an array loses the
    /// items that are AWS::NoValue, so the two need not be equal.
    std::vector<std::pair<std::string, std::string>> sourceOf;
    /// An intrinsic function CloudFormation does not have ("Fn::Foo"): its template pointer and name.
    std::optional<std::pair<std::string, std::string>> unknownFunction;
};

/**
 * Replaces CloudFormation's intrinsic functions (long form) in `value` by what they are when the context decides
 * them: pseudo parameters (AWS::Region, AWS::AccountId, AWS::Partition, AWS::URLSuffix) from the context,
 * Fn::Sub / Fn::Join / Fn::Select / Fn::Split / Fn::FindInMap of known parts, AWS::NoValue removed. Anything else
 * becomes a Placeholder. `templatePointer` is where `value` is in the template.
 */
Resolved resolveIntrinsics(const Json& value, const ResolveContext& context, const std::string& templatePointer);

/** True for "Ref", "Condition" and the "Fn::" names CloudFormation knows (a one-member object naming one is a call). */
bool isIntrinsicName(const std::string& name);

} // namespace kps::iac
