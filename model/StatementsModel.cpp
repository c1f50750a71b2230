// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/StatementsModel.h"

#include "core/json/JsonHash.h"
#include "model/JsonNodes.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"
#include "model/SeverityStyle.h"

#include <QByteArrayView>
#include <QHashFunctions>

#include <vector>

namespace kps::model {

StatementsModel::StatementsModel(PolicyDocument* document, QObject* parent)
    : PolicyTableModel(parent)
    , m_document(document)
    , m_findings(std::make_shared<const std::vector<Finding>>())
{
    connect(m_document, &PolicyDocument::jsonChanged, this, &StatementsModel::rebuild);
    rebuild();
}

void StatementsModel::setFindings(const std::vector<Finding>& findings)
{
    setSharedFindings(std::make_shared<const std::vector<Finding>>(findings));
}

void StatementsModel::setSharedFindings(std::shared_ptr<const std::vector<Finding>> findings)
{
    m_findings = findings ? std::move(findings) : std::make_shared<const std::vector<Finding>>();
    rebuild();
}

int StatementsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
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

const StatementView* StatementsModel::statementAt(int row) const
{
    const std::vector<StatementView>& statements = m_document->view().statements;
    if (row < 0 || static_cast<std::size_t>(row) >= m_rows.size()
        || static_cast<std::size_t>(row) >= statements.size()) {
        return nullptr;
    }
    return &statements[static_cast<std::size_t>(row)];
}

QString StatementsModel::cell(const StatementView& statement, const RowState& state, int column) const
{
    switch (column) {
    case SidColumn:
        return statement.sid ? toQString(*statement.sid) : QString();
    case EffectColumn:
        return statement.effect ? toQString(*statement.effect) : QString();
    case PrincipalColumn:
        return principalSummary(statement);
    case ActionsColumn:
        return actionSummary(statement);
    case ResourcesColumn:
        return resourceSummary(statement);
    case ConditionsColumn:
        return conditionSummary(statement);
    case FindingsColumn:
        if (state.severity < 0) {
            return {};
        } else {
            const QString word = SeverityStyle::text(static_cast<Severity>(state.severity));
            return state.findings > 1 ? tr("%1 (+%2)").arg(word).arg(state.findings - 1) : word;
        }
    default:
        return {};
    }
}

void StatementsModel::rebuild()
{
    constexpr std::size_t None = static_cast<std::size_t>(-1);
    const PolicyView& view = m_document->view();
    const std::vector<Finding>& findings = *m_findings;
    std::vector<RowState> rows(view.statements.size());
    // The row of each statement index (the same unless the Statement array holds something that is no statement).
    std::vector<std::size_t> rowOfStatement;
    for (std::size_t row = 0; row < view.statements.size(); ++row) {
        const std::size_t index = view.statements[row].index;
        if (index >= rowOfStatement.size()) {
            rowOfStatement.resize(index + 1, None);
        }
        rowOfStatement[index] = row;
    }
    // Each statement's findings chained in text order, found in one pass (matching every finding against every
    // statement was quadratic: minutes for a 10 MB policy).
    m_nextFinding.assign(findings.size(), None);
    for (std::size_t i = findings.size(); i-- > 0;) {
        const auto index = statementIndexOf(findings[i].location.pointer, view.statementIsArray);
        if (!index || *index >= rowOfStatement.size() || rowOfStatement[*index] == None) {
            continue;
        }
        RowState& state = rows[rowOfStatement[*index]];
        m_nextFinding[i] = state.findings > 0 ? state.firstFinding : None;
        state.firstFinding = i;
        ++state.findings;
        const int severity = static_cast<int>(findings[i].severity);
        if (state.severity < 0 || severity < state.severity) {
            state.severity = severity;
        }
    }
    for (std::size_t row = 0; row < rows.size(); ++row) {
        RowState& state = rows[row];
        // What the row shows follows from the statement's DOM, its index and its findings: fingerprinting the DOM
        // costs a fraction of formatting every cell (which was a fifth of a keystroke in a 20,000-statement policy).
        const StatementView& statement = view.statements[row];
        std::size_t hash = qHashMulti(qHash(state.findings),
                                      state.severity,
                                      statement.index,
                                      statement.json ? jsonFingerprint(*statement.json) : std::uint64_t(0));
        for (std::size_t i = state.findings > 0 ? state.firstFinding : None; i != None; i = m_nextFinding[i]) {
            hash = qHashMulti(hash,
                              QByteArrayView(findings[i].code.data(), static_cast<qsizetype>(findings[i].code.size())));
        }
        state.hash = hash;
    }

    // The minimal signals: dataChanged per run of changed rows, rows inserted or removed at the end.
    const std::size_t common = std::min(rows.size(), m_rows.size());
    for (std::size_t i = 0; i < common;) {
        if (rows[i].hash == m_rows[i].hash) {
            m_rows[i] = rows[i];
            ++i;
            continue;
        }
        std::size_t j = i;
        for (; j < common && rows[j].hash != m_rows[j].hash; ++j) {
            m_rows[j] = rows[j];
        }
        emit dataChanged(index(static_cast<int>(i), 0), index(static_cast<int>(j - 1), ColumnCount - 1));
        i = j;
    }
    if (rows.size() > m_rows.size()) {
        beginInsertRows({}, static_cast<int>(m_rows.size()), static_cast<int>(rows.size()) - 1);
        m_rows.insert(m_rows.end(), rows.begin() + static_cast<std::ptrdiff_t>(common), rows.end());
        endInsertRows();
    } else if (rows.size() < m_rows.size()) {
        beginRemoveRows({}, static_cast<int>(rows.size()), static_cast<int>(m_rows.size()) - 1);
        m_rows.resize(rows.size());
        endRemoveRows();
    }
}

QVariant StatementsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const StatementView* statement = statementAt(index.row());
    if (!statement) {
        return {};
    }
    const RowState& state = m_rows[static_cast<std::size_t>(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return cell(*statement, state, column);
    case Qt::ToolTipRole: {
        QString tip;
        if (column == PrincipalColumn || column == ActionsColumn || column == ResourcesColumn
            || column == ConditionsColumn) {
            tip = cell(*statement, state, column);
        } else if (column == FindingsColumn) {
            QStringList codes;
            for (std::size_t i = state.findings > 0 ? state.firstFinding : static_cast<std::size_t>(-1);
                 i != static_cast<std::size_t>(-1);
                 i = m_nextFinding[i]) {
                codes << toQString((*m_findings)[i].code);
            }
            tip = codes.join(QLatin1Char('\n'));
        }
        return tip.isEmpty() ? QVariant() : QVariant(tip);
    }
    case PointerRole:
        return toQString(statement->pointer);
    case Qt::DecorationRole:
        if (column == FindingsColumn && state.severity >= 0) {
            return m_icons(static_cast<Severity>(state.severity));
        }
        return {};
    case WorstSeverityRole:
        return state.severity;
    case FindingCountRole:
        return state.findings;
    default:
        return {};
    }
}

std::string StatementsModel::pointerAt(int row) const
{
    const StatementView* statement = statementAt(row);
    return statement ? statement->pointer : std::string();
}

int StatementsModel::rowOfPointer(const std::string& pointer) const
{
    for (int row = 0; row < rowCount(); ++row) {
        if (const StatementView* statement = statementAt(row); statement && statement->pointer == pointer) {
            return row;
        }
    }
    return -1;
}

} // namespace kps::model
