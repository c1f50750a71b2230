// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/iac/Intrinsics.h"

#include "core/checker/Context.h"
#include "core/json/JsonPointer.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace kps::iac {

namespace {

constexpr std::array<std::string_view, 22> kIntrinsicNames = {
    "Ref",        "Condition",        "Fn::GetAtt",    "Fn::Sub",         "Fn::Join",   "Fn::If",
    "Fn::Select", "Fn::Split",        "Fn::FindInMap", "Fn::ImportValue", "Fn::Base64", "Fn::Equals",
    "Fn::Not",    "Fn::And",          "Fn::Or",        "Fn::GetAZs",      "Fn::Cidr",   "Fn::Transform",
    "Fn::Length", "Fn::ToJsonString", "Fn::ForEach",   "Fn::GetParam",
};

/// The one-member object that is an intrinsic function call: its name; else empty.
std::string_view callName(const Json& value)
{
    if (!value.is_object() || value.size() != 1) {
        return {};
    }
    const std::string& name = value.begin().key();
    if (name == "Ref" || name == "Condition" || name.rfind("Fn::", 0) == 0) {
        return name;
    }
    return {};
}

/** "!GetAtt" for "Fn::GetAtt", "!Ref" for "Ref". */
std::string shortName(std::string_view name)
{
    return "!" + std::string(name.rfind("Fn::", 0) == 0 ? name.substr(4) : name);
}

class Resolver
{
public:
    Resolver(const ResolveContext& context, Resolved& out)
        : m_context(context)
        , m_out(out)
    { }

    /// nullopt: AWS::NoValue (the member or item is left out).
    std::optional<Json> resolve(const Json& value, const std::string& at, const std::string& source)
    {
        m_out.sourceOf.emplace_back(at, source);
        if (const std::string_view name = callName(value); !name.empty()) {
            return call(name, value.begin().value(), at, source);
        }
        if (value.is_object()) {
            Json object = Json::object();
            for (const auto& [key, member] : value.items()) {
                if (auto resolved = resolve(member, appendPointer(at, key), appendPointer(source, key))) {
                    object[key] = std::move(*resolved);
                }
            }
            return object;
        }
        if (value.is_array()) {
            Json array = Json::array();
            for (std::size_t i = 0; i < value.size(); ++i) {
                if (auto resolved = resolve(value[i], appendPointer(at, array.size()), appendPointer(source, i))) {
                    array.push_back(std::move(*resolved));
                }
            }
            return array;
        }
        return value;
    }

private:
    Json placeholder(const std::string& name,
                     std::string description,
                     const std::string& at,
                     const std::string& source,
                     std::string needed = {})
    {
        Placeholder p{at, source, "${" + name + "}", std::move(description), std::move(needed)};
        Json text = p.text;
        m_out.placeholders.push_back(std::move(p));
        return text;
    }

    std::optional<std::string> pseudo(const std::string& name, std::string& needed) const
    {
        if (name == "AWS::Region") {
            needed = "--region";
            return m_context.region.empty() ? std::nullopt : std::optional(m_context.region);
        }
        if (name == "AWS::AccountId") {
            needed = "--account";
            return m_context.account.empty() ? std::nullopt : std::optional(m_context.account);
        }
        if (name == "AWS::Partition") {
            needed = "--region";
            return m_context.partition.empty() ? std::nullopt : std::optional(m_context.partition);
        }
        if (name == "AWS::URLSuffix") {
            needed = "--region";
            return m_context.partition.empty() ? std::nullopt
                                               : std::optional(dnsSuffixOfPartition(m_context.partition));
        }
        return std::nullopt;
    }

    /** A Ref's value: a pseudo parameter, or what the template fixes; nullopt when it is left to deployment. */
    std::optional<std::string> refValue(const std::string& name, std::string& needed) const
    {
        if (name.rfind("AWS::", 0) == 0) {
            return pseudo(name, needed);
        }
        return m_context.ref ? m_context.ref(name) : std::nullopt;
    }

    std::optional<std::string> getAttValue(const std::string& id, const std::string& attribute) const
    {
        return m_context.getAtt ? m_context.getAtt(id, attribute) : std::nullopt;
    }

    std::optional<Json> call(std::string_view name, const Json& args, const std::string& at, const std::string& source)
    {
        const std::string argsAt = appendPointer(source, name);
        if (name == "Ref" && args.is_string()) {
            const std::string& ref = args.get_ref<const std::string&>();
            if (ref == "AWS::NoValue") {
                return std::nullopt;
            }
            std::string needed;
            if (auto known = refValue(ref, needed)) {
                return Json(*known);
            }
            return placeholder(ref, "!Ref " + ref, at, source, needed);
        }
        if (name == "Fn::GetAtt") {
            std::string id;
            std::string attribute;
            if (args.is_array() && args.size() == 2 && args[0].is_string() && args[1].is_string()) {
                id = args[0].get<std::string>();
                attribute = args[1].get<std::string>();
            } else if (args.is_string()) {
                const std::string s = args.get<std::string>();
                const auto dot = s.find('.');
                id = s.substr(0, dot);
                attribute = dot == std::string::npos ? std::string() : s.substr(dot + 1);
            }
            if (auto known = getAttValue(id, attribute)) {
                return Json(*known);
            }
            return placeholder(id + "." + attribute, "!GetAtt " + id + "." + attribute, at, source);
        }
        if (name == "Fn::Sub") {
            return sub(args, at, source, argsAt);
        }
        if (name == "Fn::Join" && args.is_array() && args.size() == 2 && args[0].is_string() && args[1].is_array()) {
            const std::string delimiter = args[0].get<std::string>();
            std::string joined;
            const std::size_t before = m_out.placeholders.size();
            bool first = true;
            for (std::size_t i = 0; i < args[1].size(); ++i) {
                Resolved part;
                Resolver inner(m_context, part);
                auto value = inner.resolve(args[1][i], at, appendPointer(appendPointer(argsAt, 1), i));
                if (!value) {
                    continue;
                }
                absorb(part, at);
                if (!value->is_string()) {
                    m_out.placeholders.resize(before);
                    return placeholder("Fn::Join", "!Join", at, source);
                }
                joined += (first ? "" : delimiter) + value->get<std::string>();
                first = false;
            }
            return Json(joined);
        }
        if (name == "Fn::Select" && args.is_array() && args.size() == 2) {
            Resolved part;
            Resolver inner(m_context, part);
            auto index = inner.resolve(args[0], at, appendPointer(argsAt, 0));
            auto list = inner.resolve(args[1], at, appendPointer(argsAt, 1));
            std::size_t i = 0;
            const bool indexKnown = index && part.placeholders.empty()
                && ((index->is_number_unsigned() && (i = index->get<std::size_t>(), true))
                    || (index->is_string() && parseIndex(index->get<std::string>(), i)));
            if (indexKnown && list && list->is_array() && i < list->size() && part.placeholders.empty()) {
                return (*list)[i];
            }
            return placeholder("Fn::Select", "!Select", at, source);
        }
        if (name == "Fn::Split" && args.is_array() && args.size() == 2 && args[0].is_string() && args[1].is_string()
            && !args[0].get<std::string>().empty()) {
            const std::string delimiter = args[0].get<std::string>();
            const std::string text = args[1].get<std::string>();
            Json parts = Json::array();
            std::size_t from = 0;
            while (true) {
                const auto found = text.find(delimiter, from);
                parts.push_back(text.substr(from, found == std::string::npos ? std::string::npos : found - from));
                if (found == std::string::npos) {
                    break;
                }
                from = found + delimiter.size();
            }
            return parts;
        }
        if (name == "Fn::FindInMap" && args.is_array() && args.size() == 3 && m_context.mappings) {
            Resolved part;
            Resolver inner(m_context, part);
            std::vector<std::string> keys;
            for (std::size_t i = 0; i < 3; ++i) {
                auto key = inner.resolve(args[i], at, appendPointer(argsAt, i));
                if (key && key->is_string() && part.placeholders.empty()) {
                    keys.push_back(key->get<std::string>());
                }
            }
            const Json& maps = *m_context.mappings;
            if (keys.size() == 3 && maps.is_object() && maps.contains(keys[0]) && maps[keys[0]].is_object()
                && maps[keys[0]].contains(keys[1]) && maps[keys[0]][keys[1]].is_object()
                && maps[keys[0]][keys[1]].contains(keys[2])) {
                return maps[keys[0]][keys[1]][keys[2]];
            }
            return placeholder("Fn::FindInMap", "!FindInMap", at, source);
        }
        if (!isIntrinsicName(std::string(name))) {
            if (!m_out.unknownFunction) {
                m_out.unknownFunction = std::pair(source, std::string(name));
            }
            return placeholder(std::string(name), std::string(name), at, source);
        }
        std::string description = shortName(name);
        if (args.is_string()) {
            description += " " + args.get<std::string>();
        }
        return placeholder(std::string(name), std::move(description), at, source);
    }

    static bool parseIndex(const std::string& text, std::size_t& out)
    {
        if (text.empty() || text.size() > 6
            || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            return false;
        }
        out = static_cast<std::size_t>(std::stoul(text));
        return true;
    }

    /** The placeholders of a part resolved on its own, moved to the value at `at`. */
    void absorb(Resolved& part, const std::string& at)
    {
        for (auto& p : part.placeholders) {
            p.pointer = at;
            m_out.placeholders.push_back(std::move(p));
        }
        if (part.unknownFunction && !m_out.unknownFunction) {
            m_out.unknownFunction = std::move(part.unknownFunction);
        }
    }

    /** Fn::Sub: "${Name}" from the variable map, a pseudo parameter, a Ref or a GetAtt ("${Id.Attribute}"). */
    Json sub(const Json& args, const std::string& at, const std::string& source, const std::string& argsAt)
    {
        std::string format;
        const Json* variables = nullptr;
        if (args.is_string()) {
            format = args.get<std::string>();
        } else if (args.is_array() && !args.empty() && args[0].is_string()) {
            format = args[0].get<std::string>();
            if (args.size() > 1 && args[1].is_object()) {
                variables = &args[1];
            }
        } else {
            return placeholder("Fn::Sub", "!Sub", at, source);
        }
        std::string out;
        std::size_t pos = 0;
        while (pos < format.size()) {
            const auto open = format.find("${", pos);
            if (open == std::string::npos) {
                out += format.substr(pos);
                break;
            }
            out += format.substr(pos, open - pos);
            const auto close = format.find('}', open + 2);
            if (close == std::string::npos) {
                out += format.substr(open);
                break;
            }
            const std::string name = format.substr(open + 2, close - open - 2);
            pos = close + 1;
            if (!name.empty() && name.front() == '!') {
                out += "${" + name.substr(1) + "}"; // "${!Literal}" is written as "${Literal}"
                continue;
            }
            out += subVariable(name, variables, at, source, argsAt);
        }
        return out;
    }

    std::string subVariable(const std::string& name,
                            const Json* variables,
                            const std::string& at,
                            const std::string& source,
                            const std::string& argsAt)
    {
        if (variables && variables->contains(name)) {
            Resolved part;
            Resolver inner(m_context, part);
            const std::string variableAt = appendPointer(appendPointer(argsAt, 1), name);
            auto value = inner.resolve((*variables)[name], at, variableAt);
            absorb(part, at);
            if (value && value->is_string()) {
                return value->get<std::string>();
            }
            return placeholder(name, "${" + name + "} of !Sub", at, variableAt).get<std::string>();
        }
        std::string needed;
        const auto dot = name.find('.');
        if (dot == std::string::npos || name.rfind("AWS::", 0) == 0) {
            if (auto known = refValue(name, needed)) {
                return *known;
            }
            return placeholder(name, "!Ref " + name, at, source, needed).get<std::string>();
        }
        if (auto known = getAttValue(name.substr(0, dot), name.substr(dot + 1))) {
            return *known;
        }
        return placeholder(name, "!GetAtt " + name, at, source).get<std::string>();
    }

    const ResolveContext& m_context;
    Resolved& m_out;
};

} // namespace

bool isIntrinsicName(const std::string& name)
{
    return std::find(kIntrinsicNames.begin(), kIntrinsicNames.end(), name) != kIntrinsicNames.end();
}

Resolved resolveIntrinsics(const Json& value, const ResolveContext& context, const std::string& templatePointer)
{
    Resolved out;
    Resolver resolver(context, out);
    out.value = resolver.resolve(value, "", templatePointer).value_or(Json(nullptr));
    return out;
}

} // namespace kps::iac
