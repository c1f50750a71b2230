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
        out.reserve(out.size() + value.size());
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
    // One pass over the members (instead of a search per element name).
    const Json* principal = nullptr;
    const Json* notPrincipal = nullptr;
    const Json* action = nullptr;
    const Json* notAction = nullptr;
    const Json* resource = nullptr;
    const Json* notResource = nullptr;
    const Json* condition = nullptr;
    for (const auto& [name, value] : s.get_ref<const Json::object_t&>()) {
        if (name == "Sid") {
            if (value.is_string()) {
                view.sid = value.get_ref<const std::string&>();
            }
        } else if (name == "Effect") {
            if (value.is_string()) {
                view.effect = value.get_ref<const std::string&>();
            }
        } else if (name == "Principal") {
            principal = &value;
        } else if (name == "NotPrincipal") {
            notPrincipal = &value;
        } else if (name == "Action") {
            action = &value;
        } else if (name == "NotAction") {
            notAction = &value;
        } else if (name == "Resource") {
            resource = &value;
        } else if (name == "NotResource") {
            notResource = &value;
        } else if (name == "Condition") {
            condition = &value;
        }
    }
    view.hasPrincipal = principal != nullptr;
    view.hasNotPrincipal = notPrincipal != nullptr;
    view.hasAction = action != nullptr;
    view.hasNotAction = notAction != nullptr;
    view.hasResource = resource != nullptr;
    view.hasNotResource = notResource != nullptr;
    view.hasCondition = condition != nullptr;
    // When both an element and its Not form are written (ELEMENT_CONFLICT), the positive one is read.
    if (principal || notPrincipal) {
        readPrincipals(principal ? *principal : *notPrincipal,
                       appendPointer(view.pointer, principal ? "Principal" : "NotPrincipal"),
                       view.principals);
    }
    if (action || notAction) {
        readStrings(
            action ? *action : *notAction, appendPointer(view.pointer, action ? "Action" : "NotAction"), view.actions);
    }
    if (resource || notResource) {
        readStrings(resource ? *resource : *notResource,
                    appendPointer(view.pointer, resource ? "Resource" : "NotResource"),
                    view.resources);
    }
    if (condition) {
        readConditions(*condition, appendPointer(view.pointer, "Condition"), view.conditions);
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
        view.statements.reserve(it->size());
        for (std::size_t i = 0; i < it->size(); ++i) {
            view.statements.push_back(readStatement((*it)[i], i, appendPointer("/Statement", i)));
        }
    } else if (it->is_object()) {
        view.statements.push_back(readStatement(*it, 0, "/Statement"));
    }
    return view;
}

} // namespace kps
