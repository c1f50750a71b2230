// SPDX-License-Identifier: GPL-3.0-or-later
// Key policies of CloudFormation templates (YAML, JSON, CDK output) and Terraform plans: extraction, the MWAA
// context a template gives, and the check of each with its findings placed in the template (docs/cli.md).
#include "core/iac/TemplateCheck.h"

#include "core/checker/Rules.h"
#include "core/json/JsonPointer.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <set>

namespace kps::iac {

namespace {

constexpr std::string_view kExampleKeyId = "00000000-0000-0000-0000-000000000000";

const Json& member(const Json& object, std::string_view name)
{
    static const Json none;
    if (!object.is_object()) {
        return none;
    }
    const auto found = object.find(std::string(name));
    return found == object.end() ? none : *found;
}

/** A policy as JSON text with 2-space indentation; bytes that are not UTF-8 become U+FFFD (never a throw). */
std::string policyText(const Json& value)
{
    return value.dump(2, ' ', false, nlohmann::detail::error_handler_t::replace);
}

/** The policy of these statements, as text. */
std::string mergedPolicy(Json statements)
{
    return policyText(Json{{"Version", "2012-10-17"}, {"Statement", std::move(statements)}});
}

std::string stringOf(const Json& value)
{
    return value.is_string() ? value.get<std::string>() : std::string();
}

// ---------------------------------------------------------------------------------------------------------------
// CloudFormation

bool isKeyType(const std::string& type)
{
    return type == "AWS::KMS::Key" || type == "AWS::KMS::ReplicaKey";
}

/** The logical id a KmsKey value names: !Ref Id, !GetAtt Id.Arn, or Fn::Sub "${Id.Arn}"; empty otherwise. */
std::string referencedId(const Json& value)
{
    if (const Json& ref = member(value, "Ref"); ref.is_string()) {
        return ref.get<std::string>();
    }
    if (const Json& getAtt = member(value, "Fn::GetAtt"); getAtt.is_array() && !getAtt.empty()) {
        return stringOf(getAtt[0]);
    }
    if (const Json& sub = member(value, "Fn::Sub"); sub.is_string()) {
        const std::string s = sub.get<std::string>();
        if (s.size() > 3 && s.rfind("${", 0) == 0 && s.back() == '}') {
            return s.substr(2, s.find_first_of(".}") - 2);
        }
    }
    return {};
}

struct CfnTemplate
{
    const TemplateDocument& doc;
    const Json& resources;
    ResolveContext context;

    std::string typeOf(const std::string& id) const { return stringOf(member(member(resources, id), "Type")); }
    const Json& properties(const std::string& id) const { return member(member(resources, id), "Properties"); }
    static std::string pointerOf(const std::string& id) { return appendPointer("/Resources", id); }
    std::string propertyPointer(const std::string& id, std::string_view property) const
    {
        return appendPointer(appendPointer(pointerOf(id), "Properties"), property);
    }
    Location at(const std::string& pointer) const { return Location{"", doc.spanOf(pointer), {}}; }
};

/** A statement whose Action or NotAction may name a KMS action (or the statement cannot be read as one). */
bool mentionsKms(const Json& statement)
{
    for (const char* element : {"Action", "NotAction"}) {
        const Json& actions = member(statement, element);
        for (const Json& a : actions.is_array() ? actions : Json::array({actions})) {
            if (!a.is_string()) {
                return !a.is_null();
            }
            const std::string name = a.get<std::string>();
            if (name == "*" || name.rfind("kms:", 0) == 0 || name.rfind("${", 0) == 0
                || std::string_view(element) == "NotAction") {
                return true;
            }
        }
    }
    return false;
}

/** The role's policies in the template (its Policies, and AWS::IAM::Policy / ManagedPolicy naming it), merged. */
void collectRolePolicies(const CfnTemplate& t, const std::string& roleId, const std::string& keyArn, KeyPolicy& out)
{
    ResolveContext context = t.context;
    const auto baseGetAtt = t.context.getAtt;
    const std::string keyId = out.source.resource;
    // The checked key's ARN in the role's policy: the example ARN the MWAA profile evaluates the role with.
    context.getAtt = [baseGetAtt, keyId, keyArn](const std::string& id, const std::string& attribute) {
        if (id == keyId && attribute == "Arn" && !keyArn.empty()) {
            return std::optional<std::string>(keyArn);
        }
        return baseGetAtt ? baseGetAtt(id, attribute) : std::nullopt;
    };
    Json statements = Json::array();
    const auto addDocument = [&](const Json& document, const std::string& pointer) {
        Resolved resolved = resolveIntrinsics(document, context, pointer);
        const Json& list = member(resolved.value, "Statement");
        for (const Json& s : list.is_array() ? list : Json::array({list})) {
            if (s.is_object()) {
                statements.push_back(s);
            }
        }
        for (auto& p : resolved.placeholders) {
            // Only a statement about KMS can decide the MWAA_ROLE_* findings: the others' values do not matter.
            const auto tokens = pointerTokens(p.pointer);
            const Json* statement = tokens.size() >= 2 && tokens[0] == "Statement" && list.is_array()
                ? findNode(list, "/" + tokens[1])
                : &list;
            if (statement && mentionsKms(*statement)) {
                out.rolePlaceholders.push_back(std::move(p));
            }
        }
    };
    const Json& policies = member(t.properties(roleId), "Policies");
    for (std::size_t i = 0; policies.is_array() && i < policies.size(); ++i) {
        const std::string pointer
            = appendPointer(appendPointer(t.propertyPointer(roleId, "Policies"), i), "PolicyDocument");
        addDocument(member(policies[i], "PolicyDocument"), pointer);
    }
    if (const Json& managed = member(t.properties(roleId), "ManagedPolicyArns");
        managed.is_array() && !managed.empty()) {
        // Policies outside the template may allow the key too: their content is not known here.
        const std::string pointer = t.propertyPointer(roleId, "ManagedPolicyArns");
        out.rolePlaceholders.push_back(
            Placeholder{"", pointer, "${ManagedPolicyArns}", "the managed policies of " + roleId, ""});
    }
    for (const auto& [id, resource] : t.resources.items()) {
        const std::string type = stringOf(member(resource, "Type"));
        if (type != "AWS::IAM::Policy" && type != "AWS::IAM::ManagedPolicy") {
            continue;
        }
        const Json& roles = member(member(resource, "Properties"), "Roles");
        const bool namesRole = roles.is_array()
            && std::any_of(roles.begin(), roles.end(), [&roleId](const Json& r) { return referencedId(r) == roleId; });
        if (namesRole) {
            addDocument(member(member(resource, "Properties"), "PolicyDocument"),
                        t.propertyPointer(id, "PolicyDocument"));
        }
    }
    if (!statements.empty()) {
        out.rolePolicy = mergedPolicy(std::move(statements));
    }
}

/** The MWAA environment of the template that uses the key, if any: its name, role and the key's own findings. */
void mwaaContextOf(const CfnTemplate& t, const CheckOptions& given, KeyPolicy& out)
{
    const std::string& keyId = out.source.resource;
    for (const auto& [id, resource] : t.resources.items()) {
        if (stringOf(member(resource, "Type")) != "AWS::MWAA::Environment") {
            continue;
        }
        const Json& props = member(resource, "Properties");
        const Json& kmsKey = member(props, "KmsKey");
        std::string used = referencedId(kmsKey);
        bool viaAlias = false;
        if (t.typeOf(used) == "AWS::KMS::Alias") {
            viaAlias = true;
            used = referencedId(member(t.properties(used), "TargetKeyId"));
        }
        if (used != keyId) {
            continue;
        }
        const std::string kmsKeyPointer = t.propertyPointer(id, "KmsKey");
        if (viaAlias) {
            out.templateFindings.push_back(
                makeFinding("MWAA_KEY_ALIAS", t.at(kmsKeyPointer), {"!Ref " + referencedId(kmsKey)}));
        }
        if (const Json& multi = member(t.properties(keyId), "MultiRegion");
            multi == Json(true) || multi == Json("true")) {
            out.templateFindings.push_back(
                makeFinding("MWAA_KEY_MULTI_REGION", t.at(t.propertyPointer(keyId, "MultiRegion")), {keyId}));
        }
        const Resolved name = resolveIntrinsics(member(props, "Name"), t.context, t.propertyPointer(id, "Name"));
        if (name.placeholders.empty() && name.value.is_string()) {
            out.environment = name.value.get<std::string>();
        }
        const Json& roleValue = member(props, "ExecutionRoleArn");
        const Resolved role = resolveIntrinsics(roleValue, t.context, t.propertyPointer(id, "ExecutionRoleArn"));
        if (role.placeholders.empty() && role.value.is_string()) {
            out.roleArn = role.value.get<std::string>();
        } else if (role.value.is_string()) {
            out.roleArnPattern = role.value.get<std::string>();
            out.roleArnPlaceholders = role.placeholders;
        }
        const std::string roleId = referencedId(roleValue);
        if (t.typeOf(roleId) == "AWS::IAM::Role") {
            out.rolePointer = CfnTemplate::pointerOf(roleId);
            std::string keyArn = given.context.key.rfind("arn:", 0) == 0 ? given.context.key : std::string();
            if (keyArn.empty() && !t.context.partition.empty() && !t.context.region.empty()
                && !t.context.account.empty()) {
                keyArn = "arn:" + t.context.partition + ":kms:" + t.context.region + ":" + t.context.account + ":key/"
                    + std::string(kExampleKeyId);
            }
            collectRolePolicies(t, roleId, keyArn, out);
        }
        return;
    }
}

/** "alias/name" or an alias ARN. */
bool isAliasName(const std::string& key)
{
    return key.rfind("alias/", 0) == 0 || (key.rfind("arn:", 0) == 0 && key.find(":alias/") != std::string::npos);
}

/** An MWAA environment whose key is an alias written as a literal: the one finding, where the template writes it. */
KeyPolicy aliasOnly(const TemplateDocument& doc,
                    const std::string& resource,
                    const std::string& type,
                    const std::string& pointer,
                    const std::string& alias,
                    const Json& environment)
{
    KeyPolicy policy;
    policy.keyOutside = true;
    policy.environment = stringOf(environment);
    policy.source.format = std::string(formatName(doc.format()));
    policy.source.resource = resource;
    policy.source.resourceType = type;
    policy.source.pointer = pointer;
    policy.source.span = doc.spanOf(pointer);
    policy.templateFindings.push_back(makeFinding("MWAA_KEY_ALIAS", Location{"", policy.source.span, {}}, {alias}));
    return policy;
}

Expected<std::vector<KeyPolicy>> cloudFormationPolicies(const TemplateDocument& doc, const CheckOptions& given)
{
    const Json& resources = member(doc.json(), "Resources");
    CfnTemplate t{doc, resources, {}};
    t.context.region = given.context.region;
    t.context.account = given.context.account;
    t.context.partition = givenPartition(given.context);
    if (const Json& mappings = member(doc.json(), "Mappings"); mappings.is_object()) {
        t.context.mappings = &mappings;
    }
    const auto roleName = [&t](const std::string& id) -> std::optional<std::string> {
        if (t.typeOf(id) != "AWS::IAM::Role") {
            return std::nullopt;
        }
        const Json& name = member(t.properties(id), "RoleName");
        return name.is_string() ? std::optional(name.get<std::string>()) : std::nullopt;
    };
    t.context.ref = roleName;
    const ResolveContext& base = t.context;
    t.context.getAtt
        = [&t, roleName, &base](const std::string& id, const std::string& attribute) -> std::optional<std::string> {
        const auto name = roleName(id);
        if (!name || attribute != "Arn" || base.partition.empty() || base.account.empty()) {
            return std::nullopt;
        }
        const Json& path = member(t.properties(id), "Path");
        const std::string rolePath = path.is_string() ? path.get<std::string>() : std::string("/");
        return "arn:" + base.partition + ":iam::" + base.account + ":role" + rolePath + *name;
    };

    std::vector<KeyPolicy> out;
    for (const auto& [id, resource] : resources.items()) {
        const std::string type = stringOf(member(resource, "Type"));
        if (!isKeyType(type)) {
            continue;
        }
        KeyPolicy policy;
        policy.source.format = std::string(formatName(doc.format()));
        policy.source.resource = id;
        policy.source.resourceType = type;
        policy.source.pointer = t.propertyPointer(id, "KeyPolicy");
        policy.source.span = doc.spanOf(policy.source.pointer);
        policy.source.cdkPath = stringOf(member(member(resource, "Metadata"), "aws:cdk:path"));
        const Json& keyPolicy = member(member(resource, "Properties"), "KeyPolicy");
        if (keyPolicy.is_string()) {
            // CloudFormation also takes the policy as a JSON string.
            policy.text = keyPolicy.get<std::string>();
        } else {
            policy.resolved = resolveIntrinsics(keyPolicy, t.context, policy.source.pointer);
            if (const auto& unknown = policy.resolved.unknownFunction) {
                const Span span = doc.spanOf(unknown->first);
                return Error{"Unknown intrinsic function " + unknown->second + " in " + id, {}, span.line, span.column};
            }
            policy.text = policyText(policy.resolved.value) + "\n";
        }
        mwaaContextOf(t, given, policy);
        out.push_back(std::move(policy));
    }
    for (const auto& [id, resource] : resources.items()) {
        if (stringOf(member(resource, "Type")) != "AWS::MWAA::Environment") {
            continue;
        }
        const std::string pointer = t.propertyPointer(id, "KmsKey");
        const Resolved key = resolveIntrinsics(member(member(resource, "Properties"), "KmsKey"), t.context, pointer);
        if (key.value.is_string() && isAliasName(key.value.get<std::string>())) {
            out.push_back(aliasOnly(doc,
                                    id,
                                    "AWS::MWAA::Environment",
                                    pointer,
                                    key.value.get<std::string>(),
                                    member(member(resource, "Properties"), "Name")));
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Terraform

bool isTerraformKeyType(const std::string& type)
{
    return type == "aws_kms_key" || type == "aws_kms_key_policy";
}

/** configuration's resources with module prefixes: address -> their expressions. */
void collectConfiguration(const Json& module,
                          const std::string& prefix,
                          std::vector<std::pair<std::string, const Json*>>& out,
                          int depth)
{
    if (depth > 16) {
        return;
    }
    const Json& resources = member(module, "resources");
    for (std::size_t i = 0; resources.is_array() && i < resources.size(); ++i) {
        out.emplace_back(prefix + stringOf(member(resources[i], "address")), &member(resources[i], "expressions"));
    }
    const Json& calls = member(module, "module_calls");
    if (calls.is_object()) {
        for (const auto& [name, call] : calls.items()) {
            collectConfiguration(member(call, "module"), prefix + "module." + name + ".", out, depth + 1);
        }
    }
}

/** The configuration of the module at a prefix ("" the root, "module.kms." its call "kms"); null when none. */
const Json* moduleAt(const Json& root, const std::string& prefix)
{
    const Json* module = &root;
    std::size_t at = 0;
    while (module && at < prefix.size()) {
        // "module.NAME." one call at a time
        const auto nameStart = prefix.find('.', at) + 1;
        const auto nameEnd = prefix.find('.', nameStart);
        if (nameStart == 0 || nameEnd == std::string::npos) {
            return nullptr;
        }
        const Json& next
            = member(member(member(*module, "module_calls"), prefix.substr(nameStart, nameEnd - nameStart)), "module");
        module = next.is_object() ? &next : nullptr;
        at = nameEnd + 1;
    }
    return module;
}

/**
 * The addresses an expression of the configuration refers to ("aws_kms_key.mwaa.arn" -> PREFIX + that), through a
 * module's output ("module.kms.key_arn" -> what the output refers to in that module).
 */
std::vector<std::string> references(
    const Json& root, const Json* expressions, std::string_view attribute, const std::string& address, int depth = 0)
{
    std::vector<std::string> out;
    const Json& refs = member(member(*expressions, attribute), "references");
    const auto lastDot = address.rfind('.');
    const auto typeDot = lastDot == std::string::npos ? std::string::npos : address.rfind('.', lastDot - 1);
    // The module prefix of the resource: "module.a." of "module.a.aws_mwaa_environment.this".
    const std::string prefix = typeDot == std::string::npos ? std::string() : address.substr(0, typeDot + 1);
    for (std::size_t i = 0; refs.is_array() && i < refs.size(); ++i) {
        const std::string ref = stringOf(refs[i]);
        out.push_back(prefix + ref);
        const auto dot1 = ref.find('.');
        const auto dot2 = dot1 == std::string::npos ? std::string::npos : ref.find('.', dot1 + 1);
        if (ref.rfind("module.", 0) == 0 && dot2 != std::string::npos && depth < 8) {
            const std::string inner = prefix + ref.substr(0, dot2 + 1);
            const Json* module = moduleAt(root, inner);
            const Json* output = module ? &member(member(*module, "outputs"), ref.substr(dot2 + 1)) : nullptr;
            if (output && output->is_object()) {
                // The output's expression, as if written by a resource of that module.
                for (auto& r : references(root, output, "expression", inner + "output.x", depth + 1)) {
                    out.push_back(std::move(r));
                }
            }
        }
    }
    return out;
}

void collectPlannedValues(const Json& module,
                          const std::string& pointer,
                          std::vector<std::pair<std::string, std::string>>& out,
                          int depth)
{
    if (depth > 16) {
        return;
    }
    const Json& resources = member(module, "resources");
    for (std::size_t i = 0; resources.is_array() && i < resources.size(); ++i) {
        out.emplace_back(stringOf(member(resources[i], "address")),
                         appendPointer(appendPointer(pointer, "resources"), i));
    }
    const Json& children = member(module, "child_modules");
    for (std::size_t i = 0; children.is_array() && i < children.size(); ++i) {
        collectPlannedValues(children[i], appendPointer(appendPointer(pointer, "child_modules"), i), out, depth + 1);
    }
}

/** A resource of a plan: as changed (resource_changes: after / after_unknown), else as planned (planned_values). */
struct Planned
{
    std::string address;
    std::string type;
    std::string valuesPointer;
    const Json* values;
    const Json* unknown;
};

/** "aws_iam_role.mwaa" of "aws_iam_role.mwaa.arn" or "module.a.aws_iam_role.mwaa.name" (a reference's resource). */
std::string resourceOfReference(const std::string& ref, std::string_view type)
{
    const auto at = ref.find(std::string(type) + ".");
    if (at == std::string::npos || (at > 0 && ref[at - 1] != '.')) {
        return {};
    }
    const auto nameEnd = ref.find('.', at + type.size() + 1);
    return ref.substr(0, nameEnd);
}

/** What a Terraform plan tells of the MWAA execution role: its policies, merged, and what is left to apply. */
struct TerraformRole
{
    const TemplateDocument& doc;
    const std::vector<Planned>& planned;
    const Json& configRoot;
    const std::function<const Json*(const std::string&)>& expressionsOf;

    const Planned* find(const std::string& address) const
    {
        for (const Planned& p : planned) {
            if (p.address == address) {
                return &p;
            }
        }
        return nullptr;
    }

    /** The planned resource of `type` that `attribute` of `from` refers to, or null. */
    const Planned* referenced(const Planned& from, std::string_view attribute, std::string_view type) const
    {
        const Json* e = expressionsOf(from.address);
        for (const auto& r : e ? references(configRoot, e, attribute, from.address) : std::vector<std::string>{}) {
            if (const std::string address = resourceOfReference(r, type); !address.empty()) {
                if (const Planned* p = find(address)) {
                    return p;
                }
            }
        }
        return nullptr;
    }

    /** A resource whose `role` names the role: by reference in the configuration, or by the planned role name. */
    bool namesRole(const Planned& p, const Planned& role) const
    {
        if (const Planned* r = referenced(p, "role", "aws_iam_role")) {
            return r->address == role.address;
        }
        const Json& name = member(*role.values, "name");
        return name.is_string() && member(*p.values, "role") == name;
    }

    /** One policy JSON string of the plan: its statements added, or a placeholder when apply decides it. */
    void add(const Json* values,
             const Json* unknown,
             const std::string& valuesPointer,
             const std::string& what,
             Json& statements,
             KeyPolicy& out) const
    {
        const Json& text = member(*values, "policy");
        const Json parsed = text.is_string() ? Json::parse(text.get<std::string>(), nullptr, false) : Json();
        const Json& list = member(parsed, "Statement");
        if (parsed.is_object() && !list.is_null()) {
            for (const Json& statement : list.is_array() ? list : Json::array({list})) {
                if (statement.is_object()) {
                    statements.push_back(statement);
                }
            }
            return;
        }
        // Known only after apply (or not a policy): the role's findings depend on it.
        const bool later = unknown && member(*unknown, "policy") == Json(true);
        const std::string at = later ? appendPointer(parentPointer(valuesPointer) + "/after_unknown", "policy")
                                     : appendPointer(valuesPointer, "policy");
        out.rolePlaceholders.push_back(
            Placeholder{"", at, "${" + what + ".policy}", "the policy of " + what + " (known after apply)", ""});
    }

    void collect(const Planned& role, KeyPolicy& out) const
    {
        Json statements = Json::array();
        out.rolePointer = role.valuesPointer;
        const Json& inline_ = member(*role.values, "inline_policy");
        for (std::size_t i = 0; inline_.is_array() && i < inline_.size(); ++i) {
            const std::string at = appendPointer(appendPointer(role.valuesPointer, "inline_policy"), i);
            if (!member(inline_[i], "policy").is_null()) {
                add(&inline_[i], nullptr, at, role.address + ".inline_policy", statements, out);
            }
        }
        if (const Json& managed = member(*role.values, "managed_policy_arns"); managed.is_array() && !managed.empty()) {
            out.rolePlaceholders.push_back(Placeholder{"",
                                                       appendPointer(role.valuesPointer, "managed_policy_arns"),
                                                       "${managed_policy_arns}",
                                                       "the managed policies of " + role.address,
                                                       ""});
        }
        for (const Planned& p : planned) {
            if (p.type == "aws_iam_role_policy" && namesRole(p, role)) {
                add(p.values, p.unknown, p.valuesPointer, p.address, statements, out);
            } else if (p.type == "aws_iam_role_policy_attachment" && namesRole(p, role)) {
                if (const Planned* policy = referenced(p, "policy_arn", "aws_iam_policy")) {
                    add(policy->values, policy->unknown, policy->valuesPointer, policy->address, statements, out);
                } else {
                    // A policy outside the plan (an AWS managed policy): its content is not known here.
                    const std::string at = appendPointer(p.valuesPointer, "policy_arn");
                    out.rolePlaceholders.push_back(Placeholder{
                        "", at, "${" + p.address + ".policy_arn}", "the policy that " + p.address + " attaches", ""});
                }
            }
        }
        if (!statements.empty()) {
            out.rolePolicy = mergedPolicy(std::move(statements));
        }
    }
};

std::vector<KeyPolicy> terraformPolicies(const TemplateDocument& doc)
{
    const Json& plan = doc.json();
    std::vector<KeyPolicy> out;
    std::vector<std::pair<std::string, const Json*>> configuration;
    const Json& configRoot = member(member(plan, "configuration"), "root_module");
    collectConfiguration(configRoot, "", configuration, 0);
    const std::function<const Json*(const std::string&)> expressionsOf
        = [&configuration](const std::string& address) -> const Json* {
        // An address with an index ("aws_kms_key.k[0]") is configured once, without it.
        const std::string base = address.substr(0, address.find('['));
        for (const auto& [a, e] : configuration) {
            if (a == base) {
                return e;
            }
        }
        return nullptr;
    };

    // Resources as changed (resource_changes: after / after_unknown), else as planned (planned_values).
    std::vector<Planned> planned;
    const Json& changes = member(plan, "resource_changes");
    for (std::size_t i = 0; changes.is_array() && i < changes.size(); ++i) {
        const Json& change = member(changes[i], "change");
        if (!member(change, "after").is_object()) {
            continue; // deleted
        }
        const std::string at = appendPointer(appendPointer(appendPointer("/resource_changes", i), "change"), "after");
        planned.push_back({stringOf(member(changes[i], "address")),
                           stringOf(member(changes[i], "type")),
                           at,
                           &member(change, "after"),
                           &member(change, "after_unknown")});
    }
    std::vector<std::pair<std::string, std::string>> values;
    collectPlannedValues(
        member(member(plan, "planned_values"), "root_module"), "/planned_values/root_module", values, 0);
    for (const auto& entry : values) {
        const std::string& address = entry.first;
        const std::string& pointer = entry.second;
        const bool known = std::any_of(
            planned.begin(), planned.end(), [&address](const Planned& p) { return p.address == address; });
        const Json* resource = findNode(plan, pointer);
        if (!known && resource) {
            planned.push_back({address,
                               stringOf(member(*resource, "type")),
                               appendPointer(pointer, "values"),
                               &member(*resource, "values"),
                               nullptr});
        }
    }

    for (const Planned& p : planned) {
        if (!isTerraformKeyType(p.type)) {
            continue;
        }
        KeyPolicy policy;
        policy.source.format = std::string(formatName(doc.format()));
        policy.source.resource = p.address;
        policy.source.resourceType = p.type;
        const Json& text = member(*p.values, "policy");
        if (text.is_string() && !text.get<std::string>().empty()) {
            policy.text = text.get<std::string>();
            policy.inString = true;
            policy.source.pointer = appendPointer(p.valuesPointer, "policy");
        } else if (p.unknown && member(*p.unknown, "policy") == Json(true)) {
            policy.unknown = true;
            policy.source.pointer = appendPointer(parentPointer(p.valuesPointer) + "/after_unknown", "policy");
        } else {
            continue; // no policy: the key gets KMS's default key policy
        }
        policy.source.span = doc.spanOf(policy.source.pointer);

        // The key this policy is of: itself, or the aws_kms_key its key_id refers to.
        std::string keyAddress = p.address;
        if (p.type == "aws_kms_key_policy") {
            if (const Json* e = expressionsOf(p.address)) {
                for (const auto& r : references(configRoot, e, "key_id", p.address)) {
                    if (r.find("aws_kms_key.") != std::string::npos) {
                        keyAddress = r.substr(0, r.rfind('.'));
                    }
                }
            }
        }
        for (const Planned& env : planned) {
            const Json* e = env.type == "aws_mwaa_environment" ? expressionsOf(env.address) : nullptr;
            if (!e) {
                continue;
            }
            bool uses = false;
            bool viaAlias = false;
            for (const auto& r : references(configRoot, e, "kms_key", env.address)) {
                uses = uses || r == keyAddress || r == keyAddress + ".arn" || r == keyAddress + ".key_id";
                if (const std::string alias = resourceOfReference(r, "aws_kms_alias"); !alias.empty()) {
                    viaAlias = true;
                    // The alias's target_key_id: the key it names.
                    const Json* aliasExpressions = expressionsOf(alias);
                    for (const auto& t : aliasExpressions
                             ? references(configRoot, aliasExpressions, "target_key_id", alias)
                             : std::vector<std::string>{}) {
                        uses = uses || resourceOfReference(t, "aws_kms_key") == keyAddress;
                    }
                }
            }
            if (!uses) {
                continue;
            }
            const std::string envPointer = env.valuesPointer;
            if (const Json& name = member(*env.values, "name"); name.is_string()) {
                policy.environment = name.get<std::string>();
            }
            if (const Json& role = member(*env.values, "execution_role_arn"); role.is_string()) {
                policy.roleArn = role.get<std::string>();
            }
            const TerraformRole roles{doc, planned, configRoot, expressionsOf};
            if (const Planned* role = roles.referenced(env, "execution_role_arn", "aws_iam_role")) {
                roles.collect(*role, policy);
            }
            if (viaAlias) {
                policy.templateFindings.push_back(
                    makeFinding("MWAA_KEY_ALIAS",
                                Location{"", doc.spanOf(appendPointer(envPointer, "kms_key")), {}},
                                {env.address}));
            }
            for (const Planned& key : planned) {
                if (key.address == keyAddress && member(*key.values, "multi_region") == Json(true)) {
                    policy.templateFindings.push_back(
                        makeFinding("MWAA_KEY_MULTI_REGION",
                                    Location{"", doc.spanOf(appendPointer(key.valuesPointer, "multi_region")), {}},
                                    {keyAddress}));
                }
            }
            break;
        }
        out.push_back(std::move(policy));
    }
    for (const Planned& env : planned) {
        if (env.type != "aws_mwaa_environment") {
            continue;
        }
        const Json& key = member(*env.values, "kms_key");
        const Json* e = expressionsOf(env.address);
        const bool written = !e || member(member(*e, "kms_key"), "references").empty();
        if (key.is_string() && written && isAliasName(key.get<std::string>())) {
            out.push_back(aliasOnly(doc,
                                    env.address,
                                    env.type,
                                    appendPointer(env.valuesPointer, "kms_key"),
                                    key.get<std::string>(),
                                    member(*env.values, "name")));
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Checking

/** One pointer is the other or an ancestor of it. */
bool related(std::string_view a, std::string_view b)
{
    if (a.size() > b.size()) {
        std::swap(a, b);
    }
    return b.substr(0, a.size()) == a && (b.size() == a.size() || b[a.size()] == '/');
}

/** The template span of a policy node: through the resolver's map (the nearest node written in the template). */
Span templateSpan(const TemplateDocument& document, const KeyPolicy& policy, const Finding& f)
{
    if (policy.inString) {
        return document.spanInString(policy.source.pointer, f.location.span.offset, f.location.span.length);
    }
    std::string at = f.location.pointer;
    while (true) {
        for (const auto& [resolved, source] : policy.resolved.sourceOf) {
            if (resolved == at) {
                return document.spanOf(source);
            }
        }
        if (at.empty()) {
            return policy.source.span;
        }
        at = parentPointer(at);
    }
}

bool isRolePolicyFinding(const Finding& f)
{
    return f.location.pointer.empty() && f.code.rfind("MWAA_ROLE_", 0) == 0 && f.code != "MWAA_ROLE_CANNOT_USE_KEY";
}

Assumption placeholderAssumption(const Placeholder& p)
{
    return Assumption{
        "the deployed value of " + p.description + " is what the statements that use it need", p.needed, p.pointer, {}};
}

// ---------------------------------------------------------------------------------------------------------------
// Placeholders: which findings and which verdict a value left to deployment can change, found by probing.

bool sameFinding(const Finding& a, const Finding& b)
{
    return a.code == b.code && a.location.pointer == b.location.pointer;
}

/** The findings of a run by code and pointer. */
using FindingKeys = std::set<std::pair<std::string, std::string>>;

FindingKeys findingKeys(const CheckResult& result)
{
    FindingKeys keys;
    for (const Finding& f : result.findings) {
        keys.emplace(f.code, f.location.pointer);
    }
    return keys;
}

bool hasFinding(const FindingKeys& keys, const Finding& f)
{
    return keys.count({f.code, f.location.pointer}) > 0;
}

std::string replaceAll(std::string text, const std::string& from, const std::string& to)
{
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

using ProbeValues = std::vector<std::pair<std::string, std::string>>; ///< placeholder text -> value

/** Every string of `value` (member names stay) with each placeholder text replaced by its value. */
void substitute(Json& value, const ProbeValues& values)
{
    if (value.is_string()) {
        std::string text = value.get<std::string>();
        for (const auto& [from, to] : values) {
            text = replaceAll(std::move(text), from, to);
        }
        value = std::move(text);
    } else if (value.is_structured()) {
        for (auto& item : value) {
            substitute(item, values);
        }
    }
}

/** Every string of `value` with its pointer. */
void collectStrings(const Json& value, const std::string& at, std::vector<std::pair<std::string, std::string>>& out)
{
    if (value.is_string()) {
        out.emplace_back(at, value.get<std::string>());
    } else if (value.is_object()) {
        for (const auto& [key, item] : value.items()) {
            collectStrings(item, appendPointer(at, key), out);
        }
    } else if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i) {
            collectStrings(value[i], appendPointer(at, i), out);
        }
    }
}

/**
 * A function whose value need not be a string (!If, !Select, !FindInMap...): in place of a whole value it may be
 * an object, a list or nothing, which a probe string cannot stand for.
 */
bool mayBeStructured(const std::string& text)
{
    if (text.rfind("${Fn::", 0) != 0) {
        return false;
    }
    for (const char* stringValued :
         {"${Fn::Sub}", "${Fn::Join}", "${Fn::ImportValue}", "${Fn::Base64}", "${Fn::ToJsonString}", "${Fn::GetAtt}"}) {
        if (text == stringValued) {
            return false;
        }
    }
    return true;
}

/** Where a placeholder is: its pointer is one of the key policy, of one of the role's policies, or of its ARN. */
enum class Where { KeyPolicy, RolePolicy, RoleArn };

/** One placeholder text and the two values the probes give it. */
struct Probe
{
    std::string text;
    std::vector<std::pair<const Placeholder*, Where>> sources;
    bool whole = false; ///< somewhere it is a whole string value
    bool inPrincipal = false; ///< somewhere it is (in) a principal
    std::optional<std::string> friendly; ///< the value that meets what MWAA needs, as far as can be told
    std::string hostile; ///< a value that does not
};

struct Placeholders
{
    std::vector<Probe> probes; ///< replaced by values in each probe run
    /// Not replaceable (a value that may be structured; the role's managed policies): every finding they touch
    /// depends on them, and so does the verdict.
    std::vector<std::pair<const Placeholder*, bool>> fixed;
};

/** The value of the one unassigned placeholder left in `pattern` that makes it `target`, if there is exactly one. */
void matchOne(std::string pattern, const std::string& target, std::vector<Probe>& probes)
{
    if (target.empty()) {
        return;
    }
    Probe* left = nullptr;
    std::size_t at = std::string::npos;
    for (Probe& p : probes) {
        if (p.friendly) {
            pattern = replaceAll(std::move(pattern), p.text, *p.friendly);
        }
    }
    for (Probe& p : probes) {
        const auto found = pattern.find(p.text);
        if (p.friendly || found == std::string::npos) {
            continue;
        }
        if (left || pattern.find(p.text, found + 1) != std::string::npos) {
            return; // more than one value left: no single answer
        }
        left = &p;
        at = found;
    }
    if (!left) {
        return;
    }
    const std::string prefix = pattern.substr(0, at);
    const std::string suffix = pattern.substr(at + left->text.size());
    if (target.size() > prefix.size() + suffix.size() && target.compare(0, prefix.size(), prefix) == 0
        && target.compare(target.size() - suffix.size(), suffix.size(), suffix) == 0) {
        left->friendly = target.substr(prefix.size(), target.size() - prefix.size() - suffix.size());
    }
}

Placeholders placeholdersOf(const KeyPolicy& policy, const CheckOptions& used)
{
    Placeholders out;
    const std::string roleText = used.rolePolicy.value_or(std::string());
    const auto add = [&out](const Placeholder& p, Where where, bool present, bool whole, bool inPrincipal) {
        const bool ofRole = where != Where::KeyPolicy;
        if (!present || (whole && mayBeStructured(p.text))) {
            if (where != Where::RoleArn) {
                out.fixed.emplace_back(&p, ofRole);
            }
            return;
        }
        auto found = std::find_if(
            out.probes.begin(), out.probes.end(), [&p](const Probe& probe) { return probe.text == p.text; });
        if (found == out.probes.end()) {
            out.probes.push_back(Probe{p.text, {}, false, false, std::nullopt, {}});
            found = out.probes.end() - 1;
        }
        found->sources.emplace_back(&p, where);
        found->whole = found->whole || whole;
        found->inPrincipal = found->inPrincipal || inPrincipal;
    };
    for (const auto& p : policy.resolved.placeholders) {
        const Json* node = findNode(policy.resolved.value, p.pointer);
        const bool present = node && node->is_string() && node->get<std::string>().find(p.text) != std::string::npos;
        add(p,
            Where::KeyPolicy,
            present,
            present && *node == Json(p.text),
            p.pointer.find("/Principal") != std::string::npos);
    }
    for (const auto& p : policy.rolePlaceholders) {
        add(p,
            Where::RolePolicy,
            roleText.find(p.text) != std::string::npos,
            roleText.find('"' + p.text + '"') != std::string::npos,
            false);
    }
    if (used.roleArn.empty()) {
        for (const auto& p : policy.roleArnPlaceholders) {
            add(p, Where::RoleArn, true, policy.roleArnPattern == p.text, true);
        }
    }

    // Values: the pseudo parameters from the context (an example where it gives none), the checked key's own ARN,
    // the role's ARN matched to a role the key policy names, values that make a string the role's or the account's
    // ARN, and else a value of the same shape; the other value is of another account, or another name.
    const std::string account = isAccountId(used.context.account) ? used.context.account : "111122223333";
    const std::string otherAccount = account == "444455556666" ? "555566667777" : "444455556666";
    const std::string region = isRegionCode(used.context.region) ? used.context.region : "us-east-1";
    // A region left to deployment may be one of another partition (where a written "arn:aws:" is wrong).
    const std::string otherRegion = region == "cn-north-1" ? "eu-west-1" : "cn-north-1";
    std::string partition = givenPartition(used.context);
    if (partition.empty()) {
        partition = partitionOfRegion(region).empty() ? std::string("aws") : partitionOfRegion(region);
    }
    const std::string otherPartition = partitionOfRegion(otherRegion);
    // Another role of the same account: the probe of a principal that is not the execution role.
    const std::string otherRole = "arn:" + partition + ":iam::" + account + ":role/keypolicy-probe-other";
    for (Probe& p : out.probes) {
        if (p.text == "${AWS::AccountId}") {
            p.friendly = account;
            p.hostile = otherAccount;
        } else if (p.text == "${AWS::Region}") {
            p.friendly = region;
            p.hostile = otherRegion;
        } else if (p.text == "${AWS::Partition}") {
            p.friendly = partition;
            p.hostile = otherPartition;
        } else if (p.text == "${AWS::URLSuffix}") {
            p.friendly = dnsSuffixOfPartition(partition);
            p.hostile = dnsSuffixOfPartition(otherPartition);
        } else if (p.text == "${" + policy.source.resource + ".Arn}") {
            p.friendly = p.hostile
                = "arn:" + partition + ":kms:" + region + ":" + account + ":key/" + std::string(kExampleKeyId);
        }
    }
    std::vector<std::pair<std::string, std::string>> strings;
    collectStrings(policy.resolved.value, "", strings);
    if (used.roleArn.empty() && !policy.roleArnPattern.empty()) {
        for (const auto& [pointer, value] : strings) {
            if (pointer.find("/Principal") != std::string::npos && value.find(":role/") != std::string::npos
                && value.find("${") == std::string::npos) {
                matchOne(policy.roleArnPattern, value, out.probes);
            }
        }
    }
    const auto generic = [&](Probe& p, const std::string& role) {
        const std::string root = "arn:" + partition + ":iam::" + account + ":root";
        std::string name = p.text.substr(2, p.text.size() - 3);
        name.erase(std::remove_if(name.begin(), name.end(), [](char c) { return !std::isalnum(uint8_t(c)); }),
                   name.end());
        if (!p.friendly) {
            p.friendly = !p.whole ? "probe" + name : p.inPrincipal ? (role.empty() ? root : role) : std::string("*");
        }
        if (p.hostile.empty()) {
            p.hostile = p.whole && p.inPrincipal ? otherRole : "keypolicy-probe-other";
        }
    };
    std::string role = used.roleArn;
    if (role.empty() && !policy.roleArnPattern.empty()) {
        role = policy.roleArnPattern;
        for (Probe& p : out.probes) {
            if (role.find(p.text) != std::string::npos && !p.friendly && p.whole) {
                std::string id = p.text.substr(2, p.text.find_first_of(".}") - 2);
                id.erase(std::remove_if(id.begin(), id.end(), [](char c) { return !std::isalnum(uint8_t(c)); }),
                         id.end());
                p.friendly = "arn:" + partition + ":iam::" + account + ":role/" + id;
            }
            if (role.find(p.text) != std::string::npos) {
                generic(p, {});
                role = replaceAll(std::move(role), p.text, *p.friendly);
            }
        }
    }
    std::vector<std::string> targets{role, "arn:" + partition + ":iam::" + account + ":root"};
    if (!used.context.environment.empty()) {
        targets.push_back("arn:" + partition + ":airflow:" + region + ":" + account + ":environment/"
                          + used.context.environment);
    }
    for (const auto& [pointer, value] : strings) {
        for (const auto& target : value.find("${") == std::string::npos ? std::vector<std::string>{} : targets) {
            matchOne(value, target, out.probes);
        }
    }
    for (Probe& p : out.probes) {
        generic(p, role);
    }
    return out;
}

/** The finding says it depends on these values; an error or security finding becomes a warning. */
void markDepends(Finding& f, const std::vector<std::string>& causes)
{
    if (f.severity == Severity::Error || f.severity == Severity::Security) {
        f.severity = Severity::Warning;
    }
    std::string list;
    for (const auto& c : causes) {
        list += (list.empty() ? "" : ", ") + c;
    }
    f.message += " (Depends on " + list + ", known only when the stack is deployed.)";
}

void addAssumption(CheckResult& result, const Placeholder& p)
{
    const Assumption a = placeholderAssumption(p);
    if (std::none_of(result.assumptions.begin(), result.assumptions.end(), [&a](const Assumption& b) {
            return b.fact == a.fact;
        })) {
        result.assumptions.push_back(a);
    }
}

/** Values no probe stands for: every finding they touch depends on them, and the verdict does. */
void settleFixed(const std::vector<std::pair<const Placeholder*, bool>>& fixed, CheckResult& result)
{
    for (Finding& f : result.findings) {
        std::vector<std::string> causes;
        for (const auto& [p, ofRole] : fixed) {
            const bool touches = ofRole ? isRolePolicyFinding(f) : related(f.location.pointer, p->pointer);
            if (touches && std::find(causes.begin(), causes.end(), p->description) == causes.end()) {
                causes.push_back(p->description);
            }
        }
        if (!causes.empty()) {
            markDepends(f, causes);
        }
    }
    for (const auto& entry : fixed) {
        addAssumption(result, *entry.first);
    }
}

/** The check with each placeholder replaced by a probe value (values[i] for probes[i]). */
CheckResult probeRun(const KeyPolicy& policy,
                     const CheckOptions& used,
                     const Placeholders& placeholders,
                     const std::vector<bool>& friendly)
{
    ProbeValues values;
    for (std::size_t i = 0; i < placeholders.probes.size(); ++i) {
        const Probe& p = placeholders.probes[i];
        values.emplace_back(p.text, friendly[i] ? *p.friendly : p.hostile);
    }
    // A policy written as a JSON string (Terraform, a CloudFormation KeyPolicy string) has no placeholders.
    Json key = policy.resolved.value;
    substitute(key, values);
    const std::string keyText = key.is_null() ? policy.text : policyText(key);
    CheckOptions options = used;
    if (options.rolePolicy) {
        Json role = Json::parse(*options.rolePolicy, nullptr, false);
        if (!role.is_discarded()) {
            substitute(role, values);
            options.rolePolicy = policyText(role);
        }
    }
    if (options.roleArn.empty() && !policy.roleArnPattern.empty()) {
        Json role = policy.roleArnPattern;
        substitute(role, values);
        options.roleArn = role.get<std::string>();
    }
    CheckResult result = check(SourceDocument::parse(keyText), options);
    settleFixed(placeholders.fixed, result);
    return result;
}

/** At most this many placeholders are probed one by one; beyond, only all-friendly and all-hostile runs. */
constexpr std::size_t kMaxSingleProbes = 12;

/**
 * Findings and the verdict as far as the values left to deployment cannot change them. The check is run with every
 * placeholder at a value that meets what MWAA needs (the friendly run) and at one that does not (the hostile run),
 * and with each placeholder flipped alone in both. A finding of `result` (the check with the placeholders as
 * written) that is not in every run depends on them and becomes a warning that names them; the verdict is ready
 * only if every run is, not ready only if none is, and else depends on the placeholders that change it.
 */
void settlePlaceholders(const KeyPolicy& policy, const CheckOptions& used, CheckResult& result)
{
    const Placeholders placeholders = placeholdersOf(policy, used);
    if (placeholders.probes.empty() && placeholders.fixed.empty()) {
        return;
    }
    settleFixed(placeholders.fixed, result);
    const std::size_t n = placeholders.probes.size();
    const CheckResult friendly = probeRun(policy, used, placeholders, std::vector<bool>(n, true));
    const CheckResult hostile = probeRun(policy, used, placeholders, std::vector<bool>(n, false));
    std::vector<std::pair<CheckResult, CheckResult>> flips; // probe i hostile among friendly, friendly among hostile
    if (n <= kMaxSingleProbes) {
        for (std::size_t i = 0; i < n; ++i) {
            std::vector<bool> one(n, true);
            one[i] = false;
            std::vector<bool> other(n, false);
            other[i] = true;
            flips.emplace_back(probeRun(policy, used, placeholders, one), probeRun(policy, used, placeholders, other));
        }
    }
    std::vector<const CheckResult*> runs{&friendly, &hostile};
    for (const auto& [one, other] : flips) {
        runs.push_back(&one);
        runs.push_back(&other);
    }
    std::vector<FindingKeys> keys; // of runs[i]: friendly, hostile, then each flip's two
    for (const CheckResult* r : runs) {
        keys.push_back(findingKeys(*r));
    }
    const auto descriptions = [](const Probe& p, std::vector<std::string>& out) {
        for (const auto& source : p.sources) {
            if (std::find(out.begin(), out.end(), source.first->description) == out.end()) {
                out.push_back(source.first->description);
            }
        }
    };

    // Findings that some value changes.
    for (Finding& f : result.findings) {
        if (std::all_of(keys.begin(), keys.end(), [&f](const FindingKeys& k) { return hasFinding(k, f); })) {
            continue;
        }
        std::vector<std::string> causes;
        for (std::size_t i = 0; i < flips.size(); ++i) {
            if (hasFinding(keys[0], f) != hasFinding(keys[2 + 2 * i], f)
                || hasFinding(keys[1], f) != hasFinding(keys[3 + 2 * i], f)) {
                descriptions(placeholders.probes[i], causes);
            }
        }
        for (const Probe& p : causes.empty() ? placeholders.probes : std::vector<Probe>{}) {
            const bool touches = std::any_of(p.sources.begin(), p.sources.end(), [&f](const auto& source) {
                return source.second == Where::KeyPolicy ? related(f.location.pointer, source.first->pointer)
                    : source.second == Where::RolePolicy ? isRolePolicyFinding(f)
                                                         : false;
            });
            if (touches) {
                descriptions(p, causes);
            }
        }
        for (const Probe& p : causes.empty() ? placeholders.probes : std::vector<Probe>{}) {
            descriptions(p, causes);
        }
        if (!causes.empty() && f.message.find("(Depends on ") == std::string::npos) {
            markDepends(f, causes);
        }
    }
    if (!result.mwaaChecked) {
        return;
    }

    // The verdict.
    std::vector<Assumption> kept;
    for (const Assumption& a : result.assumptions) {
        if (std::all_of(runs.begin(), runs.end(), [&a](const CheckResult* r) {
                return std::find(r->assumptions.begin(), r->assumptions.end(), a) != r->assumptions.end();
            })) {
            kept.push_back(a);
        }
    }
    result.assumptions = std::move(kept);
    const auto count = [&runs](MwaaVerdict v) {
        return std::count_if(runs.begin(), runs.end(), [v](const CheckResult* r) { return r->mwaaVerdict() == v; });
    };
    const auto notReady = static_cast<std::size_t>(count(MwaaVerdict::NotReady));
    const bool hasError = std::any_of(
        result.findings.begin(), result.findings.end(), [](const Finding& f) { return f.severity == Severity::Error; });
    if (notReady == runs.size()) {
        // No value the probes tried makes the key ready: not ready, for the reasons of the friendly run.
        if (!hasError) {
            for (const Finding& f : friendly.findings) {
                if (f.severity == Severity::Error) {
                    Finding shown = f;
                    shown.message += " (Also when the values left to deployment are what MWAA needs.)";
                    auto same = std::find_if(result.findings.begin(), result.findings.end(), [&f](const Finding& g) {
                        return sameFinding(f, g);
                    });
                    if (same != result.findings.end()) {
                        *same = std::move(shown);
                    } else {
                        result.findings.push_back(std::move(shown));
                    }
                }
            }
        }
        return;
    }
    for (Finding& f : result.findings) {
        if (f.severity == Severity::Error) {
            markDepends(f, {"the values left to deployment"}); // some run has no error: none is certain
        }
    }
    // Depends: on the values whose flip changes the verdict (all, when no single flip does), unless the runs agree
    // and every one depends on the same facts anyway.
    const bool differ = count(friendly.mwaaVerdict()) != static_cast<std::ptrdiff_t>(runs.size());
    if (differ || (count(MwaaVerdict::Depends) > 0 && result.assumptions.empty())) {
        std::vector<const Probe*> deciding;
        for (std::size_t i = 0; i < flips.size(); ++i) {
            if (friendly.mwaaVerdict() != flips[i].first.mwaaVerdict()
                || hostile.mwaaVerdict() != flips[i].second.mwaaVerdict()) {
                deciding.push_back(&placeholders.probes[i]);
            }
        }
        for (const Probe& p : placeholders.probes) {
            if (deciding.empty() || std::find(deciding.begin(), deciding.end(), &p) != deciding.end()) {
                for (const auto& source : p.sources) {
                    addAssumption(result, *source.first);
                }
            }
        }
    }
    for (const auto& entry : placeholders.fixed) {
        addAssumption(result, *entry.first);
    }
}

/** One TEMPLATE_VALUE_UNKNOWN finding per place in the template (a !Sub may leave several values open). */
void reportPlaceholders(const TemplateDocument& document, const KeyPolicy& policy, CheckResult& result)
{
    std::vector<std::pair<const Placeholder*, bool>> all; // the placeholder, and whether it is the role's
    for (const auto& p : policy.resolved.placeholders) {
        all.emplace_back(&p, false);
    }
    for (const auto& p : policy.rolePlaceholders) {
        all.emplace_back(&p, true);
    }
    std::vector<std::string> places;
    for (const auto& [p, ofRole] : all) {
        if (std::find(places.begin(), places.end(), p->sourcePointer) != places.end()) {
            continue;
        }
        places.push_back(p->sourcePointer);
        std::string list;
        for (const auto& [q, qOfRole] : all) {
            if (q->sourcePointer == p->sourcePointer && list.find(q->description) == std::string::npos) {
                list += (list.empty() ? "" : ", ") + q->description;
            }
        }
        result.findings.push_back(
            makeFinding("TEMPLATE_VALUE_UNKNOWN",
                        Location{ofRole ? std::string() : p->pointer, document.spanOf(p->sourcePointer), {}},
                        {list}));
    }
}

} // namespace

Expected<std::vector<KeyPolicy>> keyPolicies(const TemplateDocument& document, const CheckOptions& given)
{
    if (document.format() == Format::TerraformPlan) {
        return terraformPolicies(document);
    }
    return cloudFormationPolicies(document, given);
}

render::FileResult checkKeyPolicy(const TemplateDocument& document,
                                  const KeyPolicy& policy,
                                  const std::string& path,
                                  const CheckOptions& options)
{
    render::FileResult file;
    file.path = path;
    file.source = policy.source;

    CheckOptions used = options;
    if (used.context.environment.empty() && !policy.environment.empty()) {
        used.context.environment = policy.environment;
        used.context.environmentSource = ContextSource::Inferred;
    }
    if (used.roleArn.empty() && !policy.roleArn.empty()) {
        used.roleArn = policy.roleArn;
    }
    if (!used.rolePolicy && policy.rolePolicy) {
        used.rolePolicy = policy.rolePolicy;
    }

    if (policy.keyOutside) {
        used.context.environment = options.context.environment.empty() ? policy.environment : used.context.environment;
        file.result.context = used.context;
        file.result.mwaaChecked = used.mwaa;
        if (used.mwaa) {
            file.result.findings = policy.templateFindings;
        }
        return file;
    }
    if (policy.unknown) {
        file.result.context = used.context;
        file.result.mwaaChecked = used.mwaa;
        file.result.findings.push_back(
            makeFinding("TEMPLATE_POLICY_UNKNOWN", Location{"", policy.source.span, {}}, {policy.source.resource}));
        file.result.assumptions.push_back(Assumption{"the policy Terraform computes for " + policy.source.resource
                                                         + " when it applies passes the check",
                                                     "",
                                                     "",
                                                     {}});
        return file;
    }

    file.document = SourceDocument::parse(policy.text);
    file.result = check(file.document, used);
    KeyPolicy settled = policy;
    if (options.rolePolicy) {
        settled.rolePlaceholders.clear(); // the policy given with --execution-role-policy replaces the template's
    }
    settlePlaceholders(settled, used, file.result);
    reportPlaceholders(document, settled, file.result);
    for (Finding& f : file.result.findings) {
        if (f.code == "TEMPLATE_VALUE_UNKNOWN") {
            continue;
        }
        if (isRolePolicyFinding(f) && !policy.rolePointer.empty()) {
            f.location.span = document.spanOf(policy.rolePointer);
        } else {
            f.location.span = templateSpan(document, policy, f);
        }
    }
    if (used.mwaa) {
        for (const Finding& f : policy.templateFindings) {
            file.result.findings.push_back(f);
        }
    }
    sortFindings(file.result.findings);
    return file;
}

} // namespace kps::iac
