// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/checker/PolicyView.h"

#include "core/vocab/Vocabulary.h"

#include <string_view>

namespace kps {

std::string scalarText(const Json& value)
{
    if (value.is_string()) {
        return value.get_ref<const std::string&>();
    }
    if (value.is_boolean()) {
        return value.get<bool>() ? "true" : "false";
    }
    if (value.is_number()) {
        return value.dump();
    }
    return {};
}

StatementElement statementElement(std::string_view name)
{
    // By length first: a member name is then compared with at most two element names.
    using enum StatementElement;
    switch (name.size()) {
    case 3:
        return equalsLiteral(name, "Sid") ? Sid : Unknown;
    case 6:
        return equalsLiteral(name, "Effect") ? Effect : equalsLiteral(name, "Action") ? Action : Unknown;
    case 8:
        return equalsLiteral(name, "Resource") ? Resource : Unknown;
    case 9:
        return equalsLiteral(name, "Principal") ? Principal
            : equalsLiteral(name, "NotAction")  ? NotAction
            : equalsLiteral(name, "Condition")  ? Condition
                                                : Unknown;
    case 11:
        return equalsLiteral(name, "NotResource") ? NotResource : Unknown;
    case 12:
        return equalsLiteral(name, "NotPrincipal") ? NotPrincipal : Unknown;
    default:
        return Unknown;
    }
}

namespace {

/// The strings of a string or array value; entries of another type are left out (WRONG_TYPE reports them).
void readStrings(const Json& value, std::string pointer, std::vector<ValueRef>& out)
{
    if (value.is_string()) {
        out.push_back({value.get_ref<const std::string&>(), std::move(pointer)});
    } else if (value.is_array()) {
        const auto& items = value.get_ref<const Json::array_t&>();
        out.reserve(out.size() + items.size());
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (items[i].is_string()) {
                out.push_back({items[i].get_ref<const std::string&>(), appendPointer(pointer, i)});
            }
        }
    }
}

void readPrincipals(const Json& value, const std::string& pointer, std::vector<PrincipalRef>& out)
{
    if (value.is_string()) {
        const auto& text = value.get_ref<const std::string&>();
        out.push_back({equalsLiteral(text, "*") ? "*" : "", text, pointer});
        return;
    }
    if (!value.is_object()) {
        return;
    }
    for (const auto& [type, list] : value.get_ref<const Json::object_t&>()) {
        std::string typePointer = appendPointer(pointer, type);
        if (list.is_string()) {
            out.push_back({type, list.get_ref<const std::string&>(), std::move(typePointer)});
        } else if (list.is_array()) {
            const auto& items = list.get_ref<const Json::array_t&>();
            out.reserve(out.size() + items.size());
            for (std::size_t i = 0; i < items.size(); ++i) {
                if (items[i].is_string()) {
                    out.push_back({type, items[i].get_ref<const std::string&>(), appendPointer(typePointer, i)});
                }
            }
        }
    }
}

void readConditions(const Json& value, const std::string& pointer, std::vector<ConditionEntry>& out)
{
    if (!value.is_object()) {
        return;
    }
    for (const auto& [op, block] : value.get_ref<const Json::object_t&>()) {
        if (!block.is_object()) {
            continue;
        }
        const std::string opPointer = appendPointer(pointer, op);
        for (const auto& [key, values] : block.get_ref<const Json::object_t&>()) {
            ConditionEntry& entry = out.emplace_back();
            entry.op = op;
            entry.key = key;
            entry.opPointer = opPointer;
            entry.keyPointer = appendPointer(opPointer, key);
            entry.raw = &values;
            if (values.is_array()) {
                const auto& items = values.get_ref<const Json::array_t&>();
                entry.values.reserve(items.size());
                for (std::size_t i = 0; i < items.size(); ++i) {
                    if (items[i].is_primitive() && !items[i].is_null()) {
                        entry.values.push_back({scalarText(items[i]), appendPointer(entry.keyPointer, i)});
                    }
                }
            } else if (values.is_primitive() && !values.is_null()) {
                entry.values.push_back({scalarText(values), entry.keyPointer});
            }
        }
    }
}

/// Reads one statement into `view` (already in its place in the policy's vector: nothing is moved afterwards).
void readStatement(const Json& s, std::size_t index, std::string pointer, StatementView& view)
{
    view.index = index;
    view.pointer = std::move(pointer);
    view.json = &s;
    if (!s.is_object()) {
        return;
    }
    // One pass over the members (instead of a search per element name).
    for (const auto& [name, value] : s.get_ref<const Json::object_t&>()) {
        const StatementElement element = statementElement(name);
        if (element != StatementElement::Unknown) {
            view.elements[static_cast<std::size_t>(element)] = &value;
        }
    }
    using enum StatementElement;
    if (const Json* sid = view.element(Sid); sid && sid->is_string()) {
        view.sid = sid->get_ref<const std::string&>();
    }
    if (const Json* effect = view.element(Effect); effect && effect->is_string()) {
        view.effect = effect->get_ref<const std::string&>();
    }
    const Json* principal = view.element(Principal);
    const Json* notPrincipal = view.element(NotPrincipal);
    const Json* action = view.element(Action);
    const Json* notAction = view.element(NotAction);
    const Json* resource = view.element(Resource);
    const Json* notResource = view.element(NotResource);
    const Json* condition = view.element(Condition);
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
        const auto& statements = it->get_ref<const Json::array_t&>();
        view.statements.resize(statements.size());
        for (std::size_t i = 0; i < statements.size(); ++i) {
            readStatement(statements[i], i, appendPointer("/Statement", i), view.statements[i]);
        }
    } else if (it->is_object()) {
        readStatement(*it, 0, "/Statement", view.statements.emplace_back());
    }
    return view;
}

} // namespace kps
