// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/AccessGuard.h"

#include "core/access/PolicyDiff.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"

#include <QCoreApplication>

#include <algorithm>

namespace kps::model {
namespace {

QString guardTr(const char* text)
{
    return QCoreApplication::translate("EditRisk", text);
}

/// How much a decision lets through: a change to a higher rank widens access.
int openness(access::Decision decision)
{
    switch (decision) {
    case access::Decision::Allow:
        return 3;
    case access::Decision::AllowIfIam:
        return 2;
    case access::Decision::Depends:
    case access::Decision::Partial:
        return 1;
    case access::Decision::ExplicitDeny:
    case access::Decision::ImplicitDeny:
        break;
    }
    return 0;
}

QString statementName(const StatementView& st)
{
    return st.sid && !st.sid->empty() ? guardTr("statement %1 (%2)").arg(st.index + 1).arg(toQString(*st.sid))
                                      : guardTr("statement %1").arg(st.index + 1);
}

} // namespace

QString EditRisk::text() const
{
    QStringList lines;
    for (const QString& r : removed) {
        lines << QStringLiteral("• ") + r;
    }
    for (const QString& g : gains) {
        lines << QStringLiteral("• ") + g;
    }
    QString intro = gains.isEmpty() ? guardTr("This edit changes what the statement means:")
                                    : guardTr("This edit widens access to the key:");
    return intro + QLatin1Char('\n') + lines.join(QLatin1Char('\n'));
}

EditRisk assessEdit(const PolicyDocument& document, const std::string& after)
{
    EditRisk risk;
    if (!document.isValid()) {
        return risk;
    }
    const SourceDocument next = SourceDocument::parse(after);
    if (!next.isValid()) {
        return risk;
    }
    const PolicyView& before = document.view();
    const PolicyView later = readPolicy(next.json());
    if (before.statements.size() == later.statements.size()) {
        static const std::pair<StatementElement, StatementElement> forms[] = {
            {StatementElement::Principal, StatementElement::NotPrincipal},
            {StatementElement::NotPrincipal, StatementElement::Principal},
            {StatementElement::Action, StatementElement::NotAction},
            {StatementElement::NotAction, StatementElement::Action},
            {StatementElement::Resource, StatementElement::NotResource},
            {StatementElement::NotResource, StatementElement::Resource},
        };
        static const char* const names[] = {"Sid",
                                            "Effect",
                                            "Principal",
                                            "NotPrincipal",
                                            "Action",
                                            "NotAction",
                                            "Resource",
                                            "NotResource",
                                            "Condition"};
        const auto everyone = [](const StatementView& st) {
            return std::any_of(st.principals.begin(), st.principals.end(), [](const PrincipalRef& p) {
                return p.type == "*" || p.value == "*";
            });
        };
        for (std::size_t i = 0; i < before.statements.size(); ++i) {
            const StatementView& a = before.statements[i];
            const StatementView& b = later.statements[i];
            // The access comparison may call both sides "depends" (on the key's ARN, say): this one needs no facts.
            if (a.isAllow() && b.isAllow() && !a.hasNotPrincipal && everyone(a) && everyone(b) && !a.conditions.empty()
                && b.conditions.empty()) {
                risk.gains << guardTr("%1 allows everyone (\"*\") with no condition left").arg(statementName(a));
            }
            for (const auto& [element, other] : forms) {
                if (a.json && a.json->is_object() && b.json && b.json->is_object()
                    && a.json->contains(names[static_cast<std::size_t>(element)])
                    && !b.json->contains(names[static_cast<std::size_t>(element)])
                    && !b.json->contains(names[static_cast<std::size_t>(other)])) {
                    risk.removed << guardTr("%1 loses its %2 element")
                                        .arg(statementName(a), QLatin1String(names[static_cast<std::size_t>(element)]));
                }
            }
        }
    }
    if (document.text().size() > SourceDocument::MaxPolicyBytes || after.size() > SourceDocument::MaxPolicyBytes) {
        return risk;
    }
    const access::KeyFacts key = access::resolveKeyFacts(document.source(), before, document.context());
    const access::PolicyComparison comparison = access::comparePolicies(before, later, key);
    for (const access::AccessChange& change : comparison.access) {
        if (openness(change.to) > openness(change.from)) {
            risk.gains << toQString(change.text);
        }
    }
    return risk;
}

} // namespace kps::model
