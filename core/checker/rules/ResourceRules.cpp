// SPDX-License-Identifier: GPL-3.0-or-later
// The Resource and NotResource elements: RESOURCE_EMPTY, RESOURCE_ARN_INVALID (what is wrong with an ARN: IAM
// Access Analyzer's INVALID_ARN_* / MISSING_ARN_* / INVALID_PARTITION checks), RESOURCE_NOT_STAR (a well-formed ARN
// other than "*"), SERVICE_NAME_WILDCARD for an ARN's service field; and whether a statement's Resource can cover
// the key at all (statementCoversKey), which the security rules ask so that "Resource": [] is not read as "*".
#include "core/checker/rules/AnalyzerRules.h"

#include "core/checker/Context.h"
#include "core/eval/Evaluator.h"

#include <array>

namespace kps::rules {

namespace {

// The partitions of partitions.json (docs/reference/kms-wire.md, section 1).
constexpr std::array<std::string_view, 8> kResourcePartitions
    = {"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"};

bool isKnownPartition(std::string_view p)
{
    for (auto known : kResourcePartitions) {
        if (p == known) {
            return true;
        }
    }
    return false;
}

bool isLowerCase(std::string_view s)
{
    for (char c : s) {
        if (c >= 'A' && c <= 'Z') {
            return false;
        }
    }
    return true;
}

/// A field that is a pattern or holds a policy variable is not validated as written.
bool isPatternField(std::string_view field)
{
    return hasWildcard(field) || hasPolicyVariable(field);
}

/// The text of a field up to its first wildcard or variable.
std::string_view literalHead(std::string_view field)
{
    std::size_t i = 0;
    while (i < field.size() && field[i] != '*' && field[i] != '?'
           && !(field[i] == '$' && i + 1 < field.size() && field[i + 1] == '{')) {
        ++i;
    }
    return field.substr(0, i);
}

/// key/ID or alias/NAME, or a pattern that can match one of them.
bool isKmsResourcePart(std::string_view resource)
{
    constexpr std::string_view key = "key/";
    constexpr std::string_view alias = "alias/";
    if (!isPatternField(resource)) {
        return (resource.starts_with(key) && resource.size() > key.size())
            || (resource.starts_with(alias) && resource.size() > alias.size());
    }
    const std::string_view head = literalHead(resource);
    return key.starts_with(head) || alias.starts_with(head) || head.starts_with(key) || head.starts_with(alias);
}

/// The next ':' at or after `from` outside a policy variable ("${aws:PrincipalAccount}" is one field), else npos.
std::size_t fieldEnd(std::string_view v, std::size_t from)
{
    for (std::size_t i = from; i < v.size(); ++i) {
        if (v[i] == ':') {
            return i;
        }
        if (v[i] == '$' && i + 1 < v.size() && v[i + 1] == '{') {
            // Only well-formed variables reach here (resourceArnProblem skips malformed ones): the brace comes
            // before the next "${", so each character is looked at a bounded number of times.
            const auto close = v.find('}', i + 2);
            if (close == std::string_view::npos) {
                return std::string_view::npos;
            }
            i = close;
        }
    }
    return std::string_view::npos;
}

/// What is wrong with a Resource ARN, and the Access Analyzer check that says it; empty when it is well formed.
struct ArnProblem
{
    std::string text;
    nlohmann::json fix;
};

ArnProblem resourceArnProblem(std::string_view v, const std::string& pointer)
{
    if (PolicyVariable malformed; firstMalformedVariable(v, malformed)) {
        return {}; // VARIABLE_MISSING_BRACE and the like say what is wrong; the fields cannot be told apart
    }
    const auto q = [v] {
        return "\"" + std::string(v) + "\"";
    };
    if (!v.starts_with("arn:")) {
        if (v.starts_with("key/") || v.starts_with("alias/") || (v.size() == 36 && v[8] == '-')) {
            return {q() + " is a key id or alias name, not an ARN", nullptr};
        }
        return {q() + " does not start with \"arn:\", so it is no ARN", nullptr};
    }
    std::array<std::string_view, 6> f;
    std::size_t start = 0;
    std::size_t count = 0;
    for (; count < 5; ++count) {
        const auto colon = fieldEnd(v, start);
        if (colon == std::string_view::npos) {
            break;
        }
        f[count] = v.substr(start, colon - start);
        start = colon + 1;
    }
    if (count < 5) {
        return {q() + " has " + std::to_string(count + 1)
                    + " of the six fields of an ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/KEY-ID)",
                nullptr};
    }
    f[5] = v.substr(start);
    const std::string_view partition = f[1];
    const std::string_view service = f[2];
    const std::string_view region = f[3];
    const std::string_view account = f[4];
    if (!isPatternField(partition) && !isKnownPartition(partition)) {
        return {q() + ": \"" + std::string(partition)
                    + "\" is not an AWS partition (aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, "
                      "aws-eusc)",
                nullptr};
    }
    if (!hasWildcard(service) && !hasPolicyVariable(service)) {
        if (!isLowerCase(service)) {
            std::string corrected(v.substr(0, 4 + partition.size() + 1));
            corrected += toLower(service);
            corrected += v.substr(4 + partition.size() + 1 + service.size());
            return {q() + ": the service \"" + std::string(service)
                        + "\" must be written in lower case; ARNs are compared case-sensitively",
                    toLower(service) == "kms" ? patchReplace(pointer, corrected) : nlohmann::json()};
        }
        if (service != "kms") {
            return {q() + " is an ARN of " + std::string(service) + ", not of a KMS key", nullptr};
        }
    }
    if (region.empty()) {
        return {q() + " has no region; KMS key ARNs name the key's region (arn:PARTITION:kms:REGION:...)", nullptr};
    }
    if (!isPatternField(region) && !isRegionName(region)) {
        return {q() + ": \"" + std::string(region) + "\" is not an AWS Region code (such as us-east-1)", nullptr};
    }
    if (account.empty()) {
        return {q() + " has no account; KMS key ARNs name the key's 12-digit account", nullptr};
    }
    if (!isPatternField(account) && !isAccountId(account)) {
        return {q() + ": \"" + std::string(account) + "\" is not a 12-digit account id", nullptr};
    }
    if (!isKmsResourcePart(f[5])) {
        return {q() + ": \"" + std::string(f[5]) + "\" is neither key/KEY-ID nor alias/NAME", nullptr};
    }
    return {};
}

void checkResourceValues(const StatementView& statement, Emitter& emit)
{
    const char* element = statement.hasResource ? "Resource" : "NotResource";
    for (const auto& resource : statement.resources) {
        const std::string& v = resource.value;
        if (equalsLiteral(v, "*")) {
            continue;
        }
        // A service field with a wildcard: the ARN can name other services (WILDCARD_IN_SERVICE_NAME).
        if (v.starts_with("arn:")) {
            const auto p = v.find(':', 4);
            const auto s = p == std::string::npos ? std::string::npos : v.find(':', p + 1);
            if (s != std::string::npos && hasWildcard(std::string_view(v).substr(p + 1, s - p - 1))) {
                const std::string_view service = std::string_view(v).substr(p + 1, s - p - 1);
                std::string corrected = v.substr(0, p + 1) + "kms" + v.substr(s);
                nlohmann::json fix;
                if (wildcardMatch(service, "kms", false)) {
                    fix = patchReplace(resource.pointer, corrected);
                }
                emit.add(
                    "SERVICE_NAME_WILDCARD",
                    resource.pointer,
                    false,
                    {"\"" + v + "\"", "the service field \"" + std::string(service) + "\"", "\"" + corrected + "\""},
                    std::move(fix));
            }
        }
        ArnProblem problem = resourceArnProblem(v, resource.pointer);
        if (problem.text.empty()) {
            emit.add("RESOURCE_NOT_STAR", resource.pointer, false, {element, v});
        } else {
            emit.add("RESOURCE_ARN_INVALID", resource.pointer, false, {problem.text}, std::move(problem.fix));
        }
    }
}

} // namespace

bool isRegionName(std::string_view region)
{
    // A region code as partitions.json defines them (isRegionCode), whose word after the area (or after a partition
    // prefix such as us-gov-) is a direction: "us-easte-1" fits the pattern but is no region.
    if (!isRegionCode(region)) {
        return false;
    }
    const auto lastDash = region.rfind('-');
    const auto wordDash = region.rfind('-', lastDash - 1);
    const std::string_view word = region.substr(wordDash + 1, lastDash - wordDash - 1);
    static constexpr std::array<std::string_view, 9> kDirections
        = {"east", "west", "north", "south", "central", "northeast", "northwest", "southeast", "southwest"};
    for (auto d : kDirections) {
        if (word == d) {
            return true;
        }
    }
    return false;
}

KeyCoverage statementCoversKey(const StatementView& statement, bool policyVariables, const std::string& keyArn)
{
    if (statement.hasResource && statement.resources.empty()) {
        return KeyCoverage::Never; // "Resource": [] (or only non-strings, which WRONG_TYPE reports)
    }
    if (!statement.hasResource && !statement.hasNotResource) {
        return KeyCoverage::Never; // RESOURCE_MISSING: KMS applies the statement to nothing
    }
    // The evaluator's resource matcher, for a key whose ARN is unknown and a context whose keys are all unknown.
    static thread_local eval::Request request = [] {
        eval::Request r;
        r.context.setOpenWorld(true);
        return r;
    }();
    request.resource = keyArn;
    switch (eval::matchResources(statement, request, policyVariables)) {
    case eval::Truth::True:
        return KeyCoverage::Always;
    case eval::Truth::False:
        return KeyCoverage::Never;
    case eval::Truth::Unknown:
        break;
    }
    return KeyCoverage::Maybe;
}

void checkResourceElements(const GenericInput& input, Emitter& emit)
{
    for (const auto& statement : input.policy.statements) {
        if (!statement.json || !statement.json->is_object()) {
            continue;
        }
        if (const Json* resource = statement.element(StatementElement::Resource);
            resource && resource->is_array() && resource->empty()) {
            emit.add("RESOURCE_EMPTY", appendPointer(statement.pointer, "Resource"), false);
        }
        checkResourceValues(statement, emit);
    }
}

} // namespace kps::rules
