// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/StatementsModel.h"

#include "model/JsonNodes.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"
#include "model/SeverityStyle.h"

#include <unordered_map>
#include <vector>

namespace kps::model {

StatementsModel::StatementsModel(PolicyDocument* document, QObject* parent)
    : PolicyTableModel(parent)
    , m_document(document)
{
    connect(m_document, &PolicyDocument::jsonChanged, this, &StatementsModel::rebuild);
    rebuild();
}

void StatementsModel::setFindings(const std::vector<Finding>& findings)
{
    m_findings = findings;
    rebuild();
}

int StatementsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StatementsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return PolicyTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case SidColumn:
        return tr("Sid");
    case EffectColumn:
        return tr("Effect");
    case PrincipalColumn:
        return tr("Principal");
    case ActionsColumn:
        return tr("Actions");
    case ResourcesColumn:
        return tr("Resources");
    case ConditionsColumn:
        return tr("Conditions");
    case FindingsColumn:
        return tr("Findings");
    default:
        return {};
    }
}

QString StatementsModel::principalSummary(const StatementView& statement)
{
    QStringList parts;
    for (const PrincipalRef& p : statement.principals) {
        parts << (p.type == "*" ? QStringLiteral("*")
                                : QStringLiteral("%1: %2").arg(toQString(p.type), toQString(p.value)));
    }
    const QString text = parts.join(QStringLiteral(", "));
    return statement.hasNotPrincipal && !statement.hasPrincipal ? tr("NotPrincipal: all except %1").arg(text) : text;
}

QString StatementsModel::actionSummary(const StatementView& statement)
{
    QStringList parts;
    for (const ValueRef& a : statement.actions) {
        parts << toQString(a.value);
    }
    const QString text = parts.join(QStringLiteral(", "));
    return statement.hasNotAction && !statement.hasAction ? tr("NotAction: all except %1").arg(text) : text;
}

QString StatementsModel::resourceSummary(const StatementView& statement)
{
    QStringList parts;
    for (const ValueRef& r : statement.resources) {
        parts << toQString(r.value);
    }
    const QString text = parts.join(QStringLiteral(", "));
    return statement.hasNotResource && !statement.hasResource ? tr("NotResource: all except %1").arg(text) : text;
}

QString StatementsModel::conditionSummary(const StatementView& statement)
{
    QStringList parts;
    for (const ConditionEntry& c : statement.conditions) {
        parts << QStringLiteral("%1 %2").arg(toQString(c.op), toQString(c.key));
    }
    return parts.join(QStringLiteral("; "));
}

void StatementsModel::rebuild()
{
    std::vector<Row> rows;
    const PolicyView& view = m_document->view();
    rows.reserve(view.statements.size());
    // The findings of each statement, found in one pass: matching every finding against every statement was
    // quadratic (a 10 MB policy has ~70,000 statements and as many findings: minutes with the window frozen).
    std::unordered_map<std::size_t, std::vector<const Finding*>> byStatement;
    for (const Finding& f : m_findings) {
        if (const auto index = statementIndexOf(f.location.pointer, view.statementIsArray)) {
            byStatement[*index].push_back(&f);
        }
    }
    for (const StatementView& st : view.statements) {
        Row row;
        row.pointer = st.pointer;
        int count = 0;
        QStringList codes;
        if (const auto it = byStatement.find(st.index); it != byStatement.end()) {
            for (const Finding* f : it->second) {
                ++count;
                codes << toQString(f->code);
                if (row.severity < 0 || static_cast<int>(f->severity) < row.severity) {
                    row.severity = static_cast<int>(f->severity);
                }
            }
        }
        QString badge;
        if (row.severity >= 0) {
            const QString word = SeverityStyle::text(static_cast<Severity>(row.severity));
            badge = count > 1 ? tr("%1 (+%2)").arg(word).arg(count - 1) : word;
        }
        row.cells = {st.sid ? toQString(*st.sid) : QString(),
                     st.effect ? toQString(*st.effect) : QString(),
                     principalSummary(st),
                     actionSummary(st),
                     resourceSummary(st),
                     conditionSummary(st),
                     badge};
        row.tips = {QString(),
                    QString(),
                    row.cells[PrincipalColumn],
                    row.cells[ActionsColumn],
                    row.cells[ResourcesColumn],
                    row.cells[ConditionsColumn],
                    codes.join(QLatin1Char('\n'))};
        row.extra = {QString::number(count)};
        rows.push_back(std::move(row));
    }
    updateRows(std::move(rows));
}

QVariant StatementsModel::rowData(const Row& row, int column, int role) const
{
    switch (role) {
    case Qt::DecorationRole:
        if (column == FindingsColumn && row.severity >= 0) {
            return m_icons(static_cast<Severity>(row.severity));
        }
        return {};
    case WorstSeverityRole:
        return row.severity;
    case FindingCountRole:
        return row.extra.value(0).toInt();
    default:
        return {};
    }
}

} // namespace kps::model
