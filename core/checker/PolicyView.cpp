// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/checker/PolicyView.h"

namespace kps {

std::string scalarText(const Json& value)
{
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (value.is_boolean()) {
        return value.get<bool>() ? "true" : "false";
    }
    if (value.is_number()) {
        return value.dump();
    }
    return {};
}

namespace {

void readStrings(const Json& value, const std::string& pointer, std::vector<ValueRef>& out)
{
    if (value.is_string()) {
        out.push_back({value.get<std::string>(), pointer});
    } else if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i) {
            if (value[i].is_string()) {
                out.push_back({value[i].get<std::string>(), appendPointer(pointer, i)});
            }
        }
    }
}

void readPrincipals(const Json& value, const std::string& pointer, std::vector<PrincipalRef>& out)
{
    if (value.is_string()) {
        out.push_back({value.get<std::string>() == "*" ? "*" : "", value.get<std::string>(), pointer});
        return;
    }
    if (!value.is_object()) {
        return;
    }
    for (const auto& [type, v] : value.items()) {
        std::vector<ValueRef> values;
        readStrings(v, appendPointer(pointer, type), values);
        for (auto& ref : values) {
            out.push_back({type, std::move(ref.value), std::move(ref.pointer)});
        }
    }
}

void readConditions(const Json& value, const std::string& pointer, std::vector<ConditionEntry>& out)
{
    if (!value.is_object()) {
        return;
    }
    for (const auto& [op, block] : value.items()) {
        if (!block.is_object()) {
            continue;
        }
        const std::string opPointer = appendPointer(pointer, op);
        for (const auto& [key, values] : block.items()) {
            ConditionEntry entry;
            entry.op = op;
            entry.key = key;
            entry.opPointer = opPointer;
            entry.keyPointer = appendPointer(opPointer, key);
            entry.raw = &values;
            if (values.is_array()) {
                for (std::size_t i = 0; i < values.size(); ++i) {
                    if (values[i].is_primitive() && !values[i].is_null()) {
                        entry.values.push_back({scalarText(values[i]), appendPointer(entry.keyPointer, i)});
                    }
                }
            } else if (values.is_primitive() && !values.is_null()) {
                entry.values.push_back({scalarText(values), entry.keyPointer});
            }
            out.push_back(std::move(entry));
        }
    }
}

StatementView readStatement(const Json& s, std::size_t index, std::string pointer)
{
    StatementView view;
    view.index = index;
    view.pointer = std::move(pointer);
    view.json = &s;
    if (!s.is_object()) {
        return view;
    }
    if (auto it = s.find("Sid"); it != s.end() && it->is_string()) {
        view.sid = it->get<std::string>();
    }
    if (auto it = s.find("Effect"); it != s.end() && it->is_string()) {
        view.effect = it->get<std::string>();
    }
    view.hasPrincipal = s.contains("Principal");
    view.hasNotPrincipal = s.contains("NotPrincipal");
    view.hasAction = s.contains("Action");
    view.hasNotAction = s.contains("NotAction");
    view.hasResource = s.contains("Resource");
    view.hasNotResource = s.contains("NotResource");
    view.hasCondition = s.contains("Condition");
    const char* principalKey = view.hasPrincipal ? "Principal" : "NotPrincipal";
    if (view.hasPrincipal || view.hasNotPrincipal) {
        readPrincipals(s[principalKey], appendPointer(view.pointer, principalKey), view.principals);
    }
    const char* actionKey = view.hasAction ? "Action" : "NotAction";
    if (view.hasAction || view.hasNotAction) {
        readStrings(s[actionKey], appendPointer(view.pointer, actionKey), view.actions);
    }
    const char* resourceKey = view.hasResource ? "Resource" : "NotResource";
    if (view.hasResource || view.hasNotResource) {
        readStrings(s[resourceKey], appendPointer(view.pointer, resourceKey), view.resources);
    }
    if (view.hasCondition) {
        readConditions(s["Condition"], appendPointer(view.pointer, "Condition"), view.conditions);
    }
    return view;
}

} // namespace

PolicyView readPolicy(const Json& document)
{
    PolicyView view;
    view.isObject = document.is_object();
    if (!view.isObject) {
        return view;
    }
    if (auto it = document.find("Version"); it != document.end() && it->is_string()) {
        view.version = it->get<std::string>();
    }
    auto it = document.find("Statement");
    if (it == document.end()) {
        return view;
    }
    if (it->is_array()) {
        view.statementIsArray = true;
        for (std::size_t i = 0; i < it->size(); ++i) {
            view.statements.push_back(readStatement((*it)[i], i, appendPointer("/Statement", i)));
        }
    } else if (it->is_object()) {
        view.statements.push_back(readStatement(*it, 0, "/Statement"));
    }
    return view;
}

} // namespace kps
