// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/StatementEditor.h"

#include "core/checker/PolicyView.h"
#include "core/vocab/Vocabulary.h"
#include "model/ActionCatalogModel.h"
#include "model/ActionsModel.h"
#include "model/Commands.h"
#include "model/ConditionsModel.h"
#include "model/PolicyDocument.h"
#include "model/PrincipalsModel.h"
#include "model/QtConvert.h"
#include "model/ResourcesModel.h"

#include <QComboBox>
#include <QCompleter>
#include <QEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSizePolicy>
#include <QSortFilterProxyModel>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

namespace kps::ui {

using model::PolicyDocument;
using model::toQString;
using model::toStdString;

namespace {

QStringList actionNames()
{
    QStringList names;
    for (const ActionInfo& a : Vocabulary::instance().actions()) {
        names << toQString(a.name);
    }
    return names;
}

QStringList conditionKeyNames()
{
    QStringList names;
    for (const ConditionKeyInfo& k : Vocabulary::instance().conditionKeys()) {
        names << toQString(k.isTemplate ? k.prefix : k.name);
    }
    names.removeDuplicates();
    return names;
}

QStringList operatorNames()
{
    QStringList names;
    for (const OperatorInfo& o : Vocabulary::instance().operators()) {
        names << toQString(o.name);
    }
    for (const QString& base : QStringList(names)) {
        if (base != QLatin1String("Null")) {
            names << base + QStringLiteral("IfExists");
        }
    }
    for (const QString& prefix : {QStringLiteral("ForAnyValue:"), QStringLiteral("ForAllValues:")}) {
        for (const QString& base : {QStringLiteral("StringEquals"), QStringLiteral("StringLike")}) {
            names << prefix + base;
        }
    }
    return names;
}

QCompleter* makeCompleter(const QStringList& words, QObject* parent)
{
    auto* completer = new QCompleter(words, parent);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    return completer;
}

QTableView* makeTable(const QString& objectName, const QString& accessibleName, QAbstractItemModel* model)
{
    auto* view = new QTableView;
    view->setObjectName(objectName);
    view->setAccessibleName(accessibleName);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->setTabKeyNavigation(false); // Tab leaves the table; the arrow keys walk its cells
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    view->setWordWrap(false);
    view->setMinimumHeight(view->horizontalHeader()->sizeHint().height()
                           + view->verticalHeader()->defaultSectionSize() * 2 + 4);
    return view;
}

QLineEdit* makeLineEdit(const QString& objectName, const QString& accessibleName, const QString& placeholder)
{
    auto* edit = new QLineEdit;
    edit->setObjectName(objectName);
    edit->setAccessibleName(accessibleName);
    edit->setPlaceholderText(placeholder);
    edit->setClearButtonEnabled(true);
    return edit;
}

/** A short-labelled button ("Add") whose accessible name says what it adds ("Add principal"): one name per control. */
QPushButton*
makeButton(const QString& objectName, const QString& text, const char* iconName, const QString& accessibleName)
{
    auto* button = new QPushButton(QIcon::fromTheme(QLatin1String(iconName)), text);
    button->setObjectName(objectName);
    button->setAccessibleName(accessibleName);
    return button;
}

QGroupBox* makeGroup(const QString& objectName, const QString& accessibleName, const QString& title)
{
    auto* group = new QGroupBox(title);
    group->setObjectName(objectName);
    group->setAccessibleName(accessibleName);
    return group;
}

/** Line-edit editors with completion for the operator and key columns of the conditions table. */
class ConditionDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QWidget* editor = QStyledItemDelegate::createEditor(parent, option, index);
        if (auto* edit = qobject_cast<QLineEdit*>(editor)) {
            if (index.column() == model::ConditionsModel::OperatorColumn) {
                edit->setCompleter(makeCompleter(operatorNames(), edit));
            } else if (index.column() == model::ConditionsModel::KeyColumn) {
                edit->setCompleter(makeCompleter(conditionKeyNames(), edit));
            }
        }
        return editor;
    }
};

enum Kind { PrincipalKind, ActionKind, ResourceKind, ConditionKind };

} // namespace

StatementEditor::StatementEditor(PolicyDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_principals(new model::PrincipalsModel(document, this))
    , m_actions(new model::ActionsModel(document, this))
    , m_resources(new model::ResourcesModel(document, this))
    , m_conditions(new model::ConditionsModel(document, this))
    , m_catalog(new model::ActionCatalogModel(document, this))
    , m_catalogFilter(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("statementEditor"));
    setAccessibleName(QStringLiteral("Statement editor"));

    m_hint = new QLabel;
    m_hint->setObjectName(QStringLiteral("readOnlyHint"));
    m_hint->setWordWrap(true);

    m_sid = makeLineEdit(QStringLiteral("sid"), QStringLiteral("Sid"), tr("Statement ID (optional)"));
    m_sid->setClearButtonEnabled(false);
    m_effect = new QComboBox;
    m_effect->setObjectName(QStringLiteral("effect"));
    m_effect->setAccessibleName(QStringLiteral("Effect"));
    auto* sidLabel = new QLabel(tr("&Sid:"));
    sidLabel->setBuddy(m_sid);
    auto* effectLabel = new QLabel(tr("&Effect:"));
    effectLabel->setBuddy(m_effect);
    auto* header = new QHBoxLayout;
    header->addWidget(sidLabel);
    header->addWidget(m_sid, 1);
    header->addSpacing(12);
    header->addWidget(effectLabel);
    header->addWidget(m_effect);

    auto* grid = new QGridLayout;
    grid->addWidget(createPrincipals(), 0, 0);
    grid->addWidget(createResources(), 0, 1);
    grid->addWidget(createActions(), 1, 0, 1, 2);
    grid->addWidget(createConditions(), 2, 0, 1, 2);
    grid->setColumnStretch(0, 3);
    grid->setColumnStretch(1, 1);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 2);
    grid->setRowStretch(2, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_hint);
    layout->addLayout(header);
    layout->addLayout(grid, 1);

    connect(m_sid, &QLineEdit::editingFinished, this, &StatementEditor::commitSid);
    connect(m_effect, &QComboBox::activated, this, &StatementEditor::commitEffect);
    connect(m_document, &PolicyDocument::jsonChanged, this, &StatementEditor::refreshFields);
    connect(m_document, &PolicyDocument::validityChanged, this, &StatementEditor::updateWidgets);
    connect(m_document, &PolicyDocument::loaded, this, &StatementEditor::updateWidgets);

    m_constructed = true;
    refreshFields();
    updatePrincipalProblem();
    updateWidgets();
}

StatementEditor::~StatementEditor() = default;

QWidget* StatementEditor::createPrincipals()
{
    auto* group = makeGroup(QStringLiteral("principals"), QStringLiteral("Principals"), tr("Principals"));
    m_principalsView = makeTable(QStringLiteral("principalsTable"), tr("Principal list"), m_principals);
    m_principalType = new QComboBox;
    m_principalType->setObjectName(QStringLiteral("principalType"));
    m_principalType->setAccessibleName(tr("Principal type"));
    m_principalType->addItem(tr("AWS account or ARN"), QStringLiteral("AWS"));
    m_principalType->addItem(tr("Service"), QStringLiteral("Service"));
    m_principalType->addItem(tr("Everyone (*)"), QStringLiteral("*"));
    m_principalValue = makeLineEdit(
        QStringLiteral("principalValue"), tr("Principal to add"), tr("arn:aws:iam::111122223333:role/Name"));
    m_principalProblem = new QLabel;
    m_principalProblem->setObjectName(QStringLiteral("principalProblem"));
    m_principalProblem->setWordWrap(true);
    // Room for two lines whether or not there is a problem to show: the form does not jump while typing.
    m_principalProblem->setMinimumHeight(2 * m_principalProblem->fontMetrics().lineSpacing());
    QSizePolicy problemPolicy = m_principalProblem->sizePolicy();
    problemPolicy.setRetainSizeWhenHidden(true);
    m_principalProblem->setSizePolicy(problemPolicy);
    m_addPrincipal = makeButton(QStringLiteral("addPrincipal"), tr("Add"), "list-add", QStringLiteral("Add principal"));
    m_removePrincipal = makeButton(
        QStringLiteral("removePrincipal"), tr("Remove"), "list-remove", QStringLiteral("Remove principal"));

    // The value gets the group's whole width (an ARN is long); the buttons sit beside the problem text below it.
    auto* row = new QHBoxLayout;
    row->addWidget(m_principalType);
    row->addWidget(m_principalValue, 1);
    auto* below = new QHBoxLayout;
    below->addWidget(m_principalProblem, 1);
    below->addWidget(m_addPrincipal, 0, Qt::AlignTop);
    below->addWidget(m_removePrincipal, 0, Qt::AlignTop);
    auto* layout = new QVBoxLayout(group);
    layout->addWidget(m_principalsView, 1);
    layout->addLayout(row);
    layout->addLayout(below);

    connect(m_principalType, &QComboBox::currentIndexChanged, this, &StatementEditor::updatePrincipalProblem);
    connect(m_principalValue, &QLineEdit::textChanged, this, &StatementEditor::updatePrincipalProblem);
    connect(m_principalValue, &QLineEdit::returnPressed, this, &StatementEditor::addPrincipal);
    connect(m_addPrincipal, &QPushButton::clicked, this, &StatementEditor::addPrincipal);
    connect(
        m_removePrincipal, &QPushButton::clicked, this, [this] { removeSelected(m_principalsView, PrincipalKind); });
    connect(m_principalsView->selectionModel(),
            &QItemSelectionModel::selectionChanged,
            this,
            &StatementEditor::updateWidgets);
    return group;
}

QWidget* StatementEditor::createActions()
{
    auto* group = makeGroup(QStringLiteral("actions"), QStringLiteral("Actions"), tr("Actions"));
    m_actionsView = makeTable(QStringLiteral("actionsTable"), tr("Action list"), m_actions);
    m_actionEntry
        = makeLineEdit(QStringLiteral("actionEntry"), tr("Action or wildcard"), tr("kms:Decrypt or kms:Describe*"));
    m_actionEntry->setCompleter(makeCompleter(actionNames(), m_actionEntry));
    m_actionPreview = new QLabel;
    m_actionPreview->setObjectName(QStringLiteral("actionPreview"));
    // One line (the full list is the tooltip): a wrapping label would make the whole form as tall as its text.
    m_actionPreview->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_actionPreview->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_addAction = makeButton(QStringLiteral("addAction"), tr("Add"), "list-add", QStringLiteral("Add action"));
    m_removeAction
        = makeButton(QStringLiteral("removeAction"), tr("Remove"), "list-remove", QStringLiteral("Remove action"));
    m_actionSearch = makeLineEdit(QStringLiteral("actionSearch"), tr("Search KMS actions"), tr("Search KMS actions"));
    m_catalogFilter->setSourceModel(m_catalog);
    m_catalogFilter->setRecursiveFilteringEnabled(true);
    m_catalogFilter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_catalogView = new QTreeView;
    m_catalogView->setObjectName(QStringLiteral("actionCatalog"));
    m_catalogView->setAccessibleName(tr("KMS actions by access level"));
    m_catalogView->setModel(m_catalogFilter);
    m_catalogView->setHeaderHidden(true);
    m_catalogView->setTabKeyNavigation(false);
    m_catalogView->setUniformRowHeights(true);
    m_catalogView->expandAll();

    auto* row = new QHBoxLayout;
    row->addWidget(m_actionEntry, 1);
    row->addWidget(m_addAction);
    row->addWidget(m_removeAction);
    auto* left = new QVBoxLayout;
    left->addWidget(m_actionsView, 1);
    left->addLayout(row);
    left->addWidget(m_actionPreview);
    auto* right = new QVBoxLayout;
    right->addWidget(m_actionSearch);
    right->addWidget(m_catalogView, 1);
    auto* layout = new QHBoxLayout(group);
    layout->addLayout(left, 1);
    layout->addLayout(right, 1);

    connect(m_actionEntry, &QLineEdit::textChanged, this, &StatementEditor::updateActionPreview);
    connect(m_actionEntry, &QLineEdit::returnPressed, this, &StatementEditor::addAction);
    connect(m_addAction, &QPushButton::clicked, this, &StatementEditor::addAction);
    connect(m_removeAction, &QPushButton::clicked, this, [this] { removeSelected(m_actionsView, ActionKind); });
    connect(m_actionSearch, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_catalogFilter->setFilterFixedString(text);
        m_catalogView->expandAll();
    });
    connect(
        m_actionsView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &StatementEditor::updateWidgets);
    updateActionPreview();
    return group;
}

QWidget* StatementEditor::createResources()
{
    auto* group = makeGroup(QStringLiteral("resources"), QStringLiteral("Resources"), tr("Resources"));
    m_resourcesView = makeTable(QStringLiteral("resourcesTable"), tr("Resource list"), m_resources);
    m_resourceEntry = makeLineEdit(QStringLiteral("resourceEntry"), tr("Resource"), tr("* (this key)"));
    m_addResource = makeButton(QStringLiteral("addResource"), tr("Add"), "list-add", QStringLiteral("Add resource"));
    m_removeResource
        = makeButton(QStringLiteral("removeResource"), tr("Remove"), "list-remove", QStringLiteral("Remove resource"));
    auto* row = new QHBoxLayout; // below the entry, which gets the whole width (a key ARN is long)
    row->addStretch(1);
    row->addWidget(m_addResource);
    row->addWidget(m_removeResource);
    auto* layout = new QVBoxLayout(group);
    layout->addWidget(m_resourcesView, 1);
    layout->addWidget(m_resourceEntry);
    layout->addLayout(row);

    connect(m_resourceEntry, &QLineEdit::textChanged, this, &StatementEditor::updateWidgets);
    connect(m_resourceEntry, &QLineEdit::returnPressed, this, &StatementEditor::addResource);
    connect(m_addResource, &QPushButton::clicked, this, &StatementEditor::addResource);
    connect(m_removeResource, &QPushButton::clicked, this, [this] { removeSelected(m_resourcesView, ResourceKind); });
    connect(m_resourcesView->selectionModel(),
            &QItemSelectionModel::selectionChanged,
            this,
            &StatementEditor::updateWidgets);
    return group;
}

QWidget* StatementEditor::createConditions()
{
    auto* group = makeGroup(QStringLiteral("conditions"), QStringLiteral("Conditions"), tr("Conditions"));
    m_conditionsView = makeTable(QStringLiteral("conditionsTable"), tr("Condition list"), m_conditions);
    m_conditionsView->setItemDelegate(new ConditionDelegate(m_conditionsView));
    m_operator = new QComboBox;
    m_operator->setObjectName(QStringLiteral("conditionOperator"));
    m_operator->setAccessibleName(tr("Condition operator"));
    m_operator->setEditable(true);
    m_operator->addItems(operatorNames());
    m_operator->setCurrentText(QStringLiteral("StringEquals"));
    m_operator->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    m_conditionKey = makeLineEdit(QStringLiteral("conditionKey"), tr("Condition key"), tr("kms:ViaService"));
    m_conditionKey->setCompleter(makeCompleter(conditionKeyNames(), m_conditionKey));
    m_conditionValues
        = makeLineEdit(QStringLiteral("conditionValues"), tr("Condition values"), tr("values, comma separated"));
    m_keyType = new QLabel;
    m_keyType->setObjectName(QStringLiteral("conditionKeyType"));
    m_keyType->setAccessibleName(tr("Key type"));
    m_addCondition = makeButton(QStringLiteral("addCondition"), tr("Add"), "list-add", QStringLiteral("Add condition"));
    m_removeCondition = makeButton(
        QStringLiteral("removeCondition"), tr("Remove"), "list-remove", QStringLiteral("Remove condition"));

    auto* row = new QHBoxLayout;
    row->addWidget(m_operator, 2);
    row->addWidget(m_conditionKey, 3);
    row->addWidget(m_conditionValues, 3);
    row->addWidget(m_keyType);
    row->addWidget(m_addCondition);
    row->addWidget(m_removeCondition);
    auto* layout = new QVBoxLayout(group);
    layout->addWidget(m_conditionsView, 1);
    layout->addLayout(row);

    connect(m_conditionKey, &QLineEdit::textChanged, this, &StatementEditor::updateKeyType);
    connect(m_conditionValues, &QLineEdit::textChanged, this, &StatementEditor::updateWidgets);
    connect(m_conditionValues, &QLineEdit::returnPressed, this, &StatementEditor::addCondition);
    connect(m_addCondition, &QPushButton::clicked, this, &StatementEditor::addCondition);
    connect(
        m_removeCondition, &QPushButton::clicked, this, [this] { removeSelected(m_conditionsView, ConditionKind); });
    connect(m_conditionsView->selectionModel(),
            &QItemSelectionModel::selectionChanged,
            this,
            &StatementEditor::updateWidgets);
    updateKeyType();
    return group;
}

void StatementEditor::setStatement(int index)
{
    m_statement = index;
    m_principals->setStatement(index);
    m_actions->setStatement(index);
    m_resources->setStatement(index);
    m_conditions->setStatement(index);
    m_catalog->setStatement(index);
    refreshFields();
    updateWidgets();
}

bool StatementEditor::isReadOnly() const
{
    const bool hasStatement = m_statement >= 0 && m_statement < static_cast<int>(m_document->view().statements.size());
    return !hasStatement || !m_document->isValid();
}

void StatementEditor::refreshFields()
{
    const auto& statements = m_document->view().statements;
    const StatementView* st = m_statement >= 0 && m_statement < static_cast<int>(statements.size())
        ? &statements[static_cast<std::size_t>(m_statement)]
        : nullptr;
    const QString sid = st && st->sid ? toQString(*st->sid) : QString();
    if (m_sid->text() != sid) {
        const QSignalBlocker blocker(m_sid);
        m_sid->setText(sid);
    }
    const QString effect = st && st->effect ? toQString(*st->effect) : QString();
    QStringList items{QStringLiteral("Allow"), QStringLiteral("Deny")};
    if (!effect.isEmpty() && !items.contains(effect)) {
        items << effect; // shown as written until the user picks a valid one
    }
    const QSignalBlocker blocker(m_effect);
    if (m_effect->count() != items.size() || m_effect->itemText(m_effect->count() - 1) != items.last()) {
        m_effect->clear();
        m_effect->addItems(items);
    }
    m_effect->setCurrentIndex(effect.isEmpty() ? -1 : static_cast<int>(items.indexOf(effect)));
    updateWidgets();
}

void StatementEditor::updateWidgets()
{
    if (!m_constructed) {
        return;
    }
    const bool editable = !isReadOnly();
    const bool hasStatement = m_statement >= 0 && m_statement < static_cast<int>(m_document->view().statements.size());
    if (!m_document->isValid() && m_document->hasJson()) {
        m_hint->setText(tr("The JSON text does not parse: the form shows the last valid state and is read-only until "
                           "the text is fixed."));
        m_hint->show();
    } else if (!m_document->isValid()) {
        m_hint->setText(tr("The JSON text does not parse, so there is nothing to edit here yet."));
        m_hint->show();
    } else if (!hasStatement) {
        m_hint->setText(tr("Select a statement, or add one with Edit > Add statement."));
        m_hint->show();
    } else {
        m_hint->hide();
    }
    for (QWidget* w : std::initializer_list<QWidget*>{m_sid,
                                                      m_effect,
                                                      m_principalType,
                                                      m_actionEntry,
                                                      m_resourceEntry,
                                                      m_operator,
                                                      m_conditionKey,
                                                      m_conditionValues}) {
        w->setEnabled(editable);
    }
    m_principalValue->setEnabled(editable && m_principalType->currentData().toString() != QLatin1String("*"));
    const auto triggers = editable
        ? QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked
        : QAbstractItemView::NoEditTriggers;
    for (QTableView* view : {m_principalsView, m_actionsView, m_resourcesView, m_conditionsView}) {
        view->setEditTriggers(triggers);
    }
    m_catalogView->setEnabled(hasStatement);
    auto selected = [](QTableView* view) {
        return view->selectionModel()->hasSelection();
    };
    m_removePrincipal->setEnabled(editable && selected(m_principalsView));
    m_removeAction->setEnabled(editable && selected(m_actionsView));
    m_removeResource->setEnabled(editable && selected(m_resourcesView));
    m_removeCondition->setEnabled(editable && selected(m_conditionsView));
    m_addPrincipal->setEnabled(editable && m_principalProblem->property("valid").toBool());
    m_addAction->setEnabled(editable && !m_actionEntry->text().trimmed().isEmpty());
    m_addResource->setEnabled(editable && !m_resourceEntry->text().trimmed().isEmpty());
    m_addCondition->setEnabled(editable && !m_conditionKey->text().trimmed().isEmpty()
                               && !m_conditionValues->text().trimmed().isEmpty());
}

void StatementEditor::updatePrincipalProblem()
{
    const QString type = m_principalType->currentData().toString();
    const QString problem = model::PrincipalsModel::problem(type, m_principalValue->text().trimmed());
    const bool empty = m_principalValue->text().trimmed().isEmpty() && type != QLatin1String("*");
    m_principalProblem->setProperty("valid", problem.isEmpty());
    // Nothing typed yet is no error: say what is expected instead.
    m_principalProblem->setText(empty ? QString() : problem);
    m_principalProblem->setVisible(!problem.isEmpty() && !empty);
    m_principalValue->setToolTip(problem);
    updateWidgets();
}

void StatementEditor::updateActionPreview()
{
    const QString text = m_actionEntry->text().trimmed();
    m_actionPreview->setToolTip(QString());
    if (text.isEmpty()) {
        m_actionPreview->setText(tr("Type an action, or a wildcard such as kms:Describe* to see what it covers."));
    } else {
        const QStringList matches = model::ActionsModel::expansion(text);
        if (matches.isEmpty()) {
            QStringList close;
            for (const auto& c : Vocabulary::instance().closestActions(toStdString(text))) {
                close << toQString(c);
            }
            m_actionPreview->setText(
                close.isEmpty()
                    ? tr("%1 matches no KMS action.").arg(text)
                    : tr("%1 matches no KMS action. Did you mean %2?").arg(text, close.join(QStringLiteral(", "))));
        } else {
            const int shown = 8;
            QString list = matches.mid(0, shown).join(QStringLiteral(", "));
            if (matches.size() > shown) {
                list = tr("%1 and %n more", nullptr, static_cast<int>(matches.size() - shown)).arg(list);
            }
            m_actionPreview->setText(
                tr("%1 covers %n action(s): %2", nullptr, static_cast<int>(matches.size())).arg(text, list));
            m_actionPreview->setToolTip(matches.join(QLatin1Char('\n')));
        }
    }
    updateWidgets();
}

void StatementEditor::updateKeyType()
{
    const QString key = m_conditionKey->text().trimmed();
    m_keyType->setText(key.isEmpty() ? tr("Key type: -")
                                     : tr("Key type: %1").arg(model::ConditionsModel::keyTypeText(key)));
    updateWidgets();
}

bool StatementEditor::check(bool accepted)
{
    if (!accepted && !m_document->lastError().isEmpty()) {
        emit editRefused(m_document->lastError());
    }
    return accepted;
}

void StatementEditor::commitSid()
{
    if (isReadOnly()) {
        return;
    }
    const StatementView& st = m_document->view().statements[static_cast<std::size_t>(m_statement)];
    const QString sid = m_sid->text().trimmed();
    if (sid == (st.sid ? toQString(*st.sid) : QString())) {
        return;
    }
    const std::string pointer = appendPointer(st.pointer, "Sid");
    if (sid.isEmpty()) {
        check(m_document->execute(std::make_unique<model::RemoveValueCommand>(m_document, pointer, tr("Remove Sid"))));
    } else {
        check(m_document->setValue(pointer, Json(toStdString(sid)), tr("Set Sid")));
    }
}

void StatementEditor::commitEffect()
{
    if (isReadOnly()) {
        return;
    }
    const StatementView& st = m_document->view().statements[static_cast<std::size_t>(m_statement)];
    check(m_document->setValue(
        appendPointer(st.pointer, "Effect"), Json(toStdString(m_effect->currentText())), tr("Set Effect")));
}

void StatementEditor::addPrincipal()
{
    if (isReadOnly()) {
        return;
    }
    const QString type = m_principalType->currentData().toString();
    const QString value = m_principalValue->text().trimmed();
    if (!model::PrincipalsModel::problem(type, value).isEmpty()) {
        return;
    }
    if (check(m_document->addPrincipal(static_cast<std::size_t>(m_statement), toStdString(type), toStdString(value)))) {
        m_principalValue->clear();
    }
}

void StatementEditor::addAction()
{
    const QString text = m_actionEntry->text().trimmed();
    if (isReadOnly() || text.isEmpty()) {
        return;
    }
    if (check(m_document->addValue(m_actions->elementPointer(), toStdString(text), PolicyDocument::Element::Action))) {
        m_actionEntry->clear();
    }
}

void StatementEditor::addResource()
{
    const QString text = m_resourceEntry->text().trimmed();
    if (isReadOnly() || text.isEmpty()) {
        return;
    }
    if (check(m_document->addValue(
            m_resources->elementPointer(), toStdString(text), PolicyDocument::Element::Resource))) {
        m_resourceEntry->clear();
    }
}

void StatementEditor::addCondition()
{
    if (isReadOnly()) {
        return;
    }
    std::vector<std::string> values;
    for (const QString& v : model::ConditionsModel::splitValues(m_conditionValues->text())) {
        values.push_back(toStdString(v));
    }
    if (check(m_document->addCondition(static_cast<std::size_t>(m_statement),
                                       toStdString(m_operator->currentText().trimmed()),
                                       toStdString(m_conditionKey->text().trimmed()),
                                       values))) {
        m_conditionKey->clear();
        m_conditionValues->clear();
    }
}

void StatementEditor::removeSelected(QTableView* view, int kind)
{
    const QModelIndexList rows = view->selectionModel()->selectedRows();
    if (isReadOnly() || rows.isEmpty()) {
        return;
    }
    const std::string pointer = toStdString(rows.first().data(model::PolicyTableModel::PointerRole).toString());
    static const PolicyDocument::Element kinds[] = {PolicyDocument::Element::Principal,
                                                    PolicyDocument::Element::Action,
                                                    PolicyDocument::Element::Resource,
                                                    PolicyDocument::Element::Condition};
    check(m_document->removeValue(pointer, kinds[kind]));
}

void StatementEditor::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) {
        updateActionPreview();
        updateKeyType();
        updateWidgets();
    }
}

} // namespace kps::ui
