// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/ActionCatalogModel.h"

#include "core/checker/PolicyView.h"
#include "core/vocab/Vocabulary.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"

#include <algorithm>

namespace kps::model {
namespace {

// internalId 0 marks a group row; an action row stores its group's row + 1.
constexpr quintptr GroupId = 0;

int levelOrder(const std::string& level)
{
    static const char* const order[] = {"Read", "List", "Write", "Permissions management", "Tagging"};
    for (int i = 0; i < 5; ++i) {
        if (level == order[i]) {
            return i;
        }
    }
    return 5;
}

bool isPattern(const std::string& value)
{
    return value.find_first_of("*?") != std::string::npos;
}

} // namespace

ActionCatalogModel::ActionCatalogModel(PolicyDocument* document, QObject* parent)
    : QAbstractItemModel(parent)
    , m_document(document)
{
    std::vector<const ActionInfo*> actions;
    for (const ActionInfo& a : Vocabulary::instance().actions()) {
        actions.push_back(&a);
    }
    std::stable_sort(actions.begin(), actions.end(), [](const ActionInfo* a, const ActionInfo* b) {
        return levelOrder(a->accessLevel) < levelOrder(b->accessLevel)
            || (levelOrder(a->accessLevel) == levelOrder(b->accessLevel) && a->accessLevel < b->accessLevel);
    });
    for (const ActionInfo* a : actions) {
        const QString level = toQString(a->accessLevel);
        if (m_groups.empty() || m_groups.back().level != level) {
            m_groups.push_back(Group{level, {}, {}});
        }
        m_groups.back().actions.push_back(a);
        m_groups.back().states.push_back(Qt::Unchecked);
    }
    connect(m_document, &PolicyDocument::jsonChanged, this, &ActionCatalogModel::refreshStates);
}

void ActionCatalogModel::setStatement(int index)
{
    if (index == m_statement) {
        return;
    }
    m_statement = index;
    refreshStates();
}

const StatementView* ActionCatalogModel::statementView() const
{
    const auto& statements = m_document->view().statements;
    if (m_statement < 0 || m_statement >= static_cast<int>(statements.size())) {
        return nullptr;
    }
    return &statements[static_cast<std::size_t>(m_statement)];
}

Qt::CheckState ActionCatalogModel::stateOf(const ActionInfo& action) const
{
    const StatementView* st = statementView();
    if (!st) {
        return Qt::Unchecked;
    }
    Qt::CheckState state = Qt::Unchecked;
    for (const ValueRef& a : st->actions) {
        if (equalsIgnoreCase(a.value, action.name)) {
            return Qt::Checked;
        }
        if (isPattern(a.value) && wildcardMatch(a.value, action.name, true)) {
            state = Qt::PartiallyChecked;
        }
    }
    return state;
}

void ActionCatalogModel::refreshStates()
{
    for (std::size_t g = 0; g < m_groups.size(); ++g) {
        Group& group = m_groups[g];
        for (std::size_t i = 0; i < group.actions.size(); ++i) {
            const Qt::CheckState state = stateOf(*group.actions[i]);
            if (state != group.states[i]) {
                group.states[i] = state;
                const QModelIndex changed = createIndex(static_cast<int>(i), 0, static_cast<quintptr>(g + 1));
                emit dataChanged(changed, changed, {Qt::CheckStateRole});
            }
        }
    }
}

QModelIndex ActionCatalogModel::indexOfAction(const QString& name) const
{
    const std::string wanted = toStdString(name);
    for (std::size_t g = 0; g < m_groups.size(); ++g) {
        for (std::size_t i = 0; i < m_groups[g].actions.size(); ++i) {
            if (equalsIgnoreCase(m_groups[g].actions[i]->name, wanted)) {
                return createIndex(static_cast<int>(i), 0, static_cast<quintptr>(g + 1));
            }
        }
    }
    return {};
}

QModelIndex ActionCatalogModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent)) {
        return {};
    }
    if (!parent.isValid()) {
        return createIndex(row, column, GroupId);
    }
    return createIndex(row, column, static_cast<quintptr>(parent.row() + 1));
}

QModelIndex ActionCatalogModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == GroupId) {
        return {};
    }
    return createIndex(static_cast<int>(child.internalId() - 1), 0, GroupId);
}

int ActionCatalogModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid()) {
        return static_cast<int>(m_groups.size());
    }
    if (parent.column() != 0 || parent.internalId() != GroupId) {
        return 0;
    }
    return static_cast<int>(m_groups[static_cast<std::size_t>(parent.row())].actions.size());
}

int ActionCatalogModel::columnCount(const QModelIndex&) const
{
    return 1;
}

const ActionInfo* ActionCatalogModel::actionAt(const QModelIndex& index) const
{
    if (!index.isValid() || index.internalId() == GroupId) {
        return nullptr;
    }
    const Group& group = m_groups[static_cast<std::size_t>(index.internalId() - 1)];
    return group.actions[static_cast<std::size_t>(index.row())];
}

QVariant ActionCatalogModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
        return {};
    }
    if (index.internalId() == GroupId) {
        const Group& group = m_groups[static_cast<std::size_t>(index.row())];
        switch (role) {
        case Qt::DisplayRole:
            return tr("%1 (%2)").arg(group.level).arg(group.actions.size());
        case AccessLevelRole:
            return group.level;
        case IsGroupRole:
            return true;
        case ActionNameRole:
            return QString();
        default:
            return {};
        }
    }
    const Group& group = m_groups[static_cast<std::size_t>(index.internalId() - 1)];
    const ActionInfo* action = group.actions[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case ActionNameRole:
        return toQString(action->name);
    case Qt::CheckStateRole:
        return group.states[static_cast<std::size_t>(index.row())];
    case Qt::ToolTipRole: {
        QString tip = tr("%1: %2 access").arg(toQString(action->name), group.level);
        switch (action->scope) {
        case PolicyScope::IamOnly:
            tip += QLatin1Char('\n') + tr("Only IAM policies authorize this action; it has no effect in a key policy.");
            break;
        case PolicyScope::KeyPolicyAndIam:
            tip += QLatin1Char('\n') + tr("Needs permission in both the key policy and an IAM policy.");
            break;
        default:
            break;
        }
        if (group.states[static_cast<std::size_t>(index.row())] == Qt::PartiallyChecked) {
            tip += QLatin1Char('\n') + tr("Covered by a wildcard of the statement.");
        }
        return tip;
    }
    case AccessLevelRole:
        return group.level;
    case IsGroupRole:
        return false;
    default:
        return {};
    }
}

Qt::ItemFlags ActionCatalogModel::flags(const QModelIndex& index) const
{
    if (!index.isValid()) {
        return Qt::NoItemFlags;
    }
    if (index.internalId() == GroupId) {
        return Qt::ItemIsEnabled;
    }
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (statementView() && m_document->isValid()) {
        f |= Qt::ItemIsUserCheckable;
    }
    return f;
}

bool ActionCatalogModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    const ActionInfo* action = actionAt(index);
    const StatementView* st = statementView();
    if (!action || !st || role != Qt::CheckStateRole) {
        return false;
    }
    const auto state = static_cast<Qt::CheckState>(value.toInt());
    if (state == Qt::Checked) {
        const std::string element
            = appendPointer(st->pointer, st->hasNotAction && !st->hasAction ? "NotAction" : "Action");
        return m_document->addValue(element, action->name, PolicyDocument::Element::Action);
    }
    if (state == Qt::Unchecked) {
        for (const ValueRef& a : st->actions) {
            if (equalsIgnoreCase(a.value, action->name)) {
                return m_document->removeValue(a.pointer, PolicyDocument::Element::Action);
            }
        }
    }
    return false;
}

QVariant ActionCatalogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (section == 0 && orientation == Qt::Horizontal && role == Qt::DisplayRole) {
        return tr("KMS actions");
    }
    return {};
}

} // namespace kps::model
