// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/AllGrantsModel.h"

#include "model/QtConvert.h"

#include <QStringList>

namespace kps::model {

using mwaa::AuditedGrant;
using mwaa::GrantClass;

namespace {

QString operationsText(const mwaa::GrantEntry& g)
{
    QStringList list;
    for (const auto& op : g.written) {
        list << toQString(op.written);
    }
    return list.join(QStringLiteral(", "));
}

} // namespace

AllGrantsModel::AllGrantsModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void AllGrantsModel::setAudit(const mwaa::GrantAudit& audit, const std::vector<Finding>& findings)
{
    beginResetModel();
    m_grants = audit.grants;
    m_allFindings.clear();
    for (const auto& f : findings) {
        if (!f.location.file.empty()) {
            m_allFindings.push_back(f);
        }
    }
    m_findings.assign(m_grants.size(), {});
    m_rowOfPointer.clear();
    for (std::size_t row = 0; row < m_grants.size(); ++row) {
        m_rowOfPointer.emplace(m_grants[row].grant.pointer, row);
    }
    for (std::size_t i = 0; i < m_allFindings.size(); ++i) {
        if (const auto row = rowOf(m_allFindings[i].location.pointer)) {
            m_findings[*row].push_back(i);
        }
    }
    endResetModel();
}

std::optional<std::size_t> AllGrantsModel::rowOf(std::string pointer) const
{
    // The grant is the pointer or one of its ancestors (/Grants/3 of /Grants/3/Operations/1): a few lookups, so
    // that a listing of many grants with many findings stays linear.
    while (true) {
        if (const auto it = m_rowOfPointer.find(pointer); it != m_rowOfPointer.end()) {
            return it->second;
        }
        const std::size_t slash = pointer.rfind('/');
        if (pointer.empty() || slash == std::string::npos) {
            return std::nullopt;
        }
        pointer.erase(slash);
    }
}

QModelIndex AllGrantsModel::indexFromPointer(const QString& pointer) const
{
    const auto row = rowOf(toStdString(pointer));
    return row ? index(static_cast<int>(*row), 0) : QModelIndex();
}

const AuditedGrant* AllGrantsModel::grantFromIndex(const QModelIndex& index) const
{
    if (!index.isValid() || index.model() != this || index.row() >= rowCount()) {
        return nullptr;
    }
    return &m_grants[static_cast<std::size_t>(index.row())];
}

int AllGrantsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_grants.size());
}

int AllGrantsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AllGrantsModel::classText(GrantClass kind)
{
    switch (kind) {
    case GrantClass::Mwaa:
        return tr("MWAA");
    case GrantClass::AwsService:
        return tr("AWS service");
    case GrantClass::KeyAccount:
        return tr("the key's account");
    case GrantClass::OtherAccount:
        return tr("another account");
    case GrantClass::Unknown:
        break;
    }
    return tr("unknown");
}

QVariant AllGrantsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const auto row = static_cast<std::size_t>(index.row());
    const AuditedGrant& a = m_grants[row];
    const mwaa::GrantEntry& g = a.grant;
    const std::vector<std::size_t>& own = m_findings[row];
    int worst = -1;
    for (std::size_t i : own) {
        const int s = static_cast<int>(m_allFindings[i].severity);
        worst = worst < 0 ? s : std::min(worst, s);
    }
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        // Short forms where the full text is long and in the tooltip: the table has seven columns in a dock.
        switch (index.column()) {
        case NameColumn:
            if (g.name.empty() && g.grantId.size() > 12) {
                return tr("ID %1…").arg(toQString(g.grantId.substr(0, 12)));
            }
            return toQString(g.label());
        case GranteeColumn:
            return toQString(g.grantee());
        case RetiringColumn:
            if (!g.retiring().empty() && g.retiring() == g.grantee()) {
                return tr("the grantee");
            }
            return toQString(g.retiring());
        case OperationsColumn:
            return operationsText(g);
        case ConstraintsColumn:
            return toQString(g.constraintsText());
        case CreatedColumn:
            // The day; the time is in the tooltip.
            if (g.creationDate.size() > 10 && g.creationDate[10] == 'T') {
                return toQString(g.creationDate.substr(0, 10));
            }
            return toQString(g.creationDate);
        case ClassColumn:
            // "MWAA (prod)", "another account (444455556666)": the class and what it is of.
            if (a.kind == GrantClass::Mwaa && !a.environment.empty()) {
                return tr("%1 (%2)").arg(classText(a.kind), toQString(a.environment));
            }
            if (a.kind == GrantClass::AwsService) {
                return tr("%1 (%2)").arg(classText(a.kind), toQString(a.service));
            }
            if (!a.account.empty() && a.kind != GrantClass::Mwaa) {
                return tr("%1 (%2)").arg(classText(a.kind), toQString(a.account));
            }
            return classText(a.kind);
        default:
            return {};
        }
    case Qt::DecorationRole:
        // One mark: the worst finding's severity icon on the name; its word is in the tooltip.
        return index.column() == NameColumn && worst >= 0 ? QVariant(m_icons(static_cast<Severity>(worst)))
                                                          : QVariant();
    case Qt::ToolTipRole: {
        QStringList lines;
        lines << tr("Grant %1 (%2)").arg(toQString(g.label()), toQString(g.pointer));
        if (!g.grantId.empty()) {
            lines << tr("Grant ID: %1").arg(toQString(g.grantId));
        }
        lines << tr("Grantee: %1").arg(toQString(g.grantee().empty() ? std::string("-") : g.grantee()));
        lines << tr("Retiring principal: %1").arg(toQString(g.retiring().empty() ? std::string("-") : g.retiring()));
        lines << tr("Operations: %1").arg(operationsText(g));
        if (g.hasConstraints) {
            lines << tr("Constraints: %1").arg(toQString(g.constraintsText()));
        }
        if (!g.creationDate.empty()) {
            lines << tr("Created: %1").arg(toQString(g.creationDate));
        }
        lines << tr("Class: %1").arg(toQString(a.description));
        if (!g.issuingAccount.empty()) {
            lines << tr("Issued by: %1").arg(toQString(g.issuingAccount));
        }
        if (own.empty()) {
            lines << tr("No finding");
        }
        for (std::size_t i : own) {
            const Finding& f = m_allFindings[i];
            lines << QStringLiteral("%1 %2: %3")
                         .arg(SeverityStyle::text(f.severity), toQString(f.code), toQString(f.message));
        }
        return lines.join(QLatin1Char('\n'));
    }
    case PointerRole:
        return toQString(g.pointer);
    case GrantIdRole:
        return toQString(g.grantId);
    case ClassRole:
        return toQString(mwaa::grantClassName(a.kind));
    case EnvironmentRole:
        return toQString(a.environment);
    case MatrixRowRole:
        return a.matrixRow;
    case WorstSeverityRole:
        return worst;
    case FindingCodesRole: {
        QStringList codes;
        for (std::size_t i : own) {
            codes << toQString(m_allFindings[i].code);
        }
        return codes;
    }
    default:
        return {};
    }
}

QVariant AllGrantsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case NameColumn:
        return tr("Name");
    case GranteeColumn:
        return tr("Grantee");
    case RetiringColumn:
        return tr("Retiring principal");
    case OperationsColumn:
        return tr("Operations");
    case ConstraintsColumn:
        return tr("Constraints");
    case CreatedColumn:
        return tr("Created");
    case ClassColumn:
        return tr("Class");
    default:
        return {};
    }
}

QHash<int, QByteArray> AllGrantsModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(PointerRole, "pointer");
    names.insert(GrantIdRole, "grantId");
    names.insert(ClassRole, "grantClass");
    names.insert(EnvironmentRole, "environment");
    names.insert(MatrixRowRole, "matrixRow");
    names.insert(WorstSeverityRole, "worstSeverity");
    names.insert(FindingCodesRole, "findingCodes");
    return names;
}

} // namespace kps::model
