// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/FindingsModel.h"

#include "core/checker/Rules.h"
#include "model/QtConvert.h"
#include "model/SeverityStyle.h"

namespace kps::model {
namespace {

bool sameFindings(const std::vector<Finding>& a, const std::vector<Finding>& b)
{
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].code != b[i].code || a[i].severity != b[i].severity || a[i].message != b[i].message
            || !(a[i].location == b[i].location) || a[i].fix != b[i].fix) {
            return false;
        }
    }
    return true;
}

} // namespace

FindingsModel::FindingsModel(QObject* parent)
    : QAbstractTableModel(parent)
    , m_findings(std::make_shared<const std::vector<Finding>>())
{ }

void FindingsModel::setFindings(std::vector<Finding> findings)
{
    setSharedFindings(std::make_shared<const std::vector<Finding>>(std::move(findings)));
}

void FindingsModel::setSharedFindings(std::shared_ptr<const std::vector<Finding>> findings)
{
    if (!findings) {
        findings = std::make_shared<const std::vector<Finding>>();
    }
    if (sameFindings(*findings, *m_findings)) {
        m_findings = std::move(findings); // the same rows: no reset, and the previous list is released
        return;
    }
    beginResetModel();
    m_findings = std::move(findings);
    endResetModel();
}

const Finding* FindingsModel::findingAt(const QModelIndex& index) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return nullptr;
    }
    return &(*m_findings)[static_cast<std::size_t>(index.row())];
}

QModelIndex FindingsModel::indexOf(const std::string& code, const std::string& pointer) const
{
    for (std::size_t i = 0; i < m_findings->size(); ++i) {
        if ((*m_findings)[i].code == code && (*m_findings)[i].location.pointer == pointer) {
            return index(static_cast<int>(i), 0);
        }
    }
    return {};
}

int FindingsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_findings->size());
}

int FindingsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString FindingsModel::locationText(const Location& location)
{
    if (!location.file.empty()) {
        // A grant finding: in the grants listing, not in the policy.
        return tr("%1, line %2, column %3")
            .arg(toQString(location.file))
            .arg(location.span.line)
            .arg(location.span.column);
    }
    return tr("line %1, column %2").arg(location.span.line).arg(location.span.column);
}

QVariant FindingsModel::data(const QModelIndex& index, int role) const
{
    const Finding* f = findingAt(index);
    if (!f) {
        return {};
    }
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn:
            return SeverityStyle::text(f->severity);
        case CodeColumn:
            return toQString(f->code);
        case MessageColumn:
            return toQString(f->message);
        case LocationColumn:
            return locationText(f->location);
        default:
            return {};
        }
    case Qt::DecorationRole:
        return index.column() == SeverityColumn ? QVariant(m_icons(f->severity)) : QVariant();
    case Qt::ToolTipRole: {
        QString tip = QStringLiteral("%1 (%2)").arg(toQString(f->message), toQString(f->code));
        if (const RuleInfo* rule = findRule(f->code)) {
            tip += QStringLiteral("\n\n") + toQString(rule->help);
        }
        if (!f->location.file.empty()) {
            tip += QStringLiteral("\n")
                + tr("At %1 in %2").arg(toQString(f->location.pointer), toQString(f->location.file));
        } else if (!f->location.pointer.empty()) {
            tip += QStringLiteral("\n") + tr("At %1").arg(toQString(f->location.pointer));
        }
        return tip;
    }
    case Qt::AccessibleTextRole:
        return index.column() == SeverityColumn ? SeverityStyle::text(f->severity) : data(index, Qt::DisplayRole);
    case SeverityRole:
        return static_cast<int>(f->severity);
    case CodeRole:
        return toQString(f->code);
    case PointerRole:
        return toQString(f->location.pointer);
    case FileRole:
        return toQString(f->location.file);
    case LineRole:
        return f->location.span.line;
    case ColumnRole:
        return f->location.span.column;
    case EndLineRole:
        return f->location.span.endLine;
    case EndColumnRole:
        return f->location.span.endColumn;
    case HasFixRole:
        return f->hasFix();
    case MessageRole:
        return toQString(f->message);
    case FixChoicesRole: {
        QStringList titles;
        if (f->hasChoices()) {
            for (const auto& choice : f->choices) {
                titles << toQString(choice.value("title", std::string()));
            }
        }
        return titles;
    }
    default:
        return {};
    }
}

QVariant FindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case SeverityColumn:
        return tr("Severity");
    case CodeColumn:
        return tr("Code");
    case MessageColumn:
        return tr("Message");
    case LocationColumn:
        return tr("Location");
    default:
        return {};
    }
}

// ---- FindingsFilterModel --------------------------------------------------------------------------------------

FindingsFilterModel::FindingsFilterModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{ }

void FindingsFilterModel::setMinimumSeverity(std::optional<Severity> severity)
{
    if (severity == m_minimum) {
        return;
    }
    m_minimum = severity;
    invalidateFilter();
}

void FindingsFilterModel::setText(const QString& text)
{
    if (text == m_text) {
        return;
    }
    m_text = text;
    invalidateFilter();
}

bool FindingsFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_minimum) {
        const int severity = index.data(FindingsModel::SeverityRole).toInt();
        if (severity > static_cast<int>(*m_minimum)) {
            return false;
        }
    }
    if (m_text.isEmpty()) {
        return true;
    }
    for (int role : {int(FindingsModel::CodeRole), int(FindingsModel::MessageRole), int(FindingsModel::PointerRole)}) {
        if (index.data(role).toString().contains(m_text, Qt::CaseInsensitive)) {
            return true;
        }
    }
    return false;
}

} // namespace kps::model
