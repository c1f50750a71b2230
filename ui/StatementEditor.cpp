// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/StatementEditor.h"

#include "core/checker/PolicyView.h"
#include "core/vocab/Vocabulary.h"
#include "model/AccessGuard.h"
#include "model/ActionCatalogModel.h"
#include "model/ActionsModel.h"
#include "model/Commands.h"
#include "model/ConditionsModel.h"
#include "model/PolicyDocument.h"
#include "model/PrincipalsModel.h"
#include "model/QtConvert.h"
#include "model/ResourcesModel.h"
#include "ui/MessageBox.h"

#include <QComboBox>
#include <QCompleter>
#include <QEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QPalette>
#include <QPointer>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSizePolicy>
#include <QSortFilterProxyModel>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTreeView>
#include <QUndoStack>
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

/**
 * Ctrl+Z / Ctrl+Shift+Z (the platform's Undo and Redo keys) in a field of the form undo and redo the document's
 * edits, as Edit > Undo does, instead of the field's own typing history.
 */
class DocumentUndoKeys : public QObject
{
public:
    DocumentUndoKeys(PolicyDocument* document, QObject* parent)
        : QObject(parent)
        , m_document(document)
    { }

    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() != QEvent::ShortcutOverride && event->type() != QEvent::KeyPress) {
            return QObject::eventFilter(watched, event);
        }
        auto* key = static_cast<QKeyEvent*>(event);
        const bool undo = key->matches(QKeySequence::Undo);
        const bool redo = key->matches(QKeySequence::Redo);
        if (!undo && !redo) {
            return QObject::eventFilter(watched, event);
        }
        event->accept();
        if (event->type() == QEvent::KeyPress && m_document) {
            // Leave the field first: an editor open in a table closes with the rebuild that follows.
            undo ? m_document->undoStack()->undo() : m_document->undoStack()->redo();
        }
        return true;
    }

private:
    QPointer<PolicyDocument> m_document;
};

/** The editors of the form's tables: they take the document's Undo and Redo keys (DocumentUndoKeys). */
class FormDelegate : public QStyledItemDelegate
{
public:
    FormDelegate(QObject* undoKeys, QObject* parent)
        : QStyledItemDelegate(parent)
        , m_undoKeys(undoKeys)
    { }

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QWidget* editor = QStyledItemDelegate::createEditor(parent, option, index);
        if (editor) {
            editor->installEventFilter(m_undoKeys);
        }
        return editor;
    }

protected:
    QObject* m_undoKeys;
};

/**
 * The conditions table: the operator cell is a list of the operators (with their qualifiers) that also takes
 * typing, the key cell completes condition keys. Enter commits the cell at once (the completion list does not take
 * the first Enter), and the model validates what is committed.
 */
class ConditionDelegate : public FormDelegate
{
public:
    using FormDelegate::FormDelegate;

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        if (index.column() == model::ConditionsModel::OperatorColumn) {
            auto* combo = new QComboBox(parent);
            combo->setObjectName(QStringLiteral("operatorCellEditor"));
            combo->setAccessibleName(QStringLiteral("Condition operator cell"));
            combo->setEditable(true);
            combo->setInsertPolicy(QComboBox::NoInsert);
            combo->addItems(model::ConditionsModel::operatorNames());
            combo->completer()->setCompletionMode(QCompleter::InlineCompletion);
            combo->completer()->setCaseSensitivity(Qt::CaseSensitive);
            combo->installEventFilter(m_undoKeys);
            combo->lineEdit()->installEventFilter(m_undoKeys);
            // The line edit takes Enter itself (it does not reach the delegate's filter on the combo box): one Enter
            // commits the cell and closes the editor.
            auto* delegate = const_cast<ConditionDelegate*>(this);
            connect(combo->lineEdit(), &QLineEdit::returnPressed, delegate, [delegate, combo] {
                if (!combo->property("committed").toBool()) {
                    combo->setProperty("committed", true);
                    emit delegate->commitData(combo);
                    emit delegate->closeEditor(combo, QAbstractItemDelegate::NoHint);
                }
            });
            return combo;
        }
        QWidget* editor = FormDelegate::createEditor(parent, option, index);
        if (auto* edit = qobject_cast<QLineEdit*>(editor)) {
            if (index.column() == model::ConditionsModel::KeyColumn) {
                auto* completer = makeCompleter(conditionKeyNames(), edit);
                // Inline: no list pops up to take the Enter that commits the cell.
                completer->setCompletionMode(QCompleter::InlineCompletion);
                edit->setCompleter(completer);
            }
        }
        return editor;
    }

    void setEditorData(QWidget* editor, const QModelIndex& index) const override
    {
        if (auto* combo = qobject_cast<QComboBox*>(editor)) {
            combo->setEditText(index.data(Qt::EditRole).toString());
            combo->lineEdit()->selectAll();
            return;
        }
        FormDelegate::setEditorData(editor, index);
    }

    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override
    {
        if (auto* combo = qobject_cast<QComboBox*>(editor)) {
            model->setData(index, combo->currentText().trimmed(), Qt::EditRole);
            return;
        }
        FormDelegate::setModelData(editor, model, index);
    }
};

/** A line that says a Not… element is in use: the palette's highlight colours, so it stands out in every theme. */
QLabel* makeFormLabel(const char* objectName, const QString& accessibleName)
{
    auto* label = new QLabel;
    label->setObjectName(QLatin1String(objectName));
    label->setAccessibleName(accessibleName);
    label->setWordWrap(true);
    label->setAutoFillBackground(true);
    label->setBackgroundRole(QPalette::Highlight);
    label->setForegroundRole(QPalette::HighlightedText);
    label->setMargin(4);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    label->hide();
    return label;
}

/** The positive and the Not… name of the element a section edits. */
struct ElementForms
{
    const char* positive;
    const char* negative;
};
constexpr ElementForms kForms[] = {{"Principal", "NotPrincipal"}, {"Action", "NotAction"}, {"Resource", "NotResource"}};

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
    m_undoFilter = new DocumentUndoKeys(document, this);

    m_hint = new QLabel;
    m_hint->setObjectName(QStringLiteral("readOnlyHint"));
    m_hint->setWordWrap(true);
    m_policyHeader = new QLabel;
    m_policyHeader->setObjectName(QStringLiteral("policyHeader"));
    m_policyHeader->setAccessibleName(QStringLiteral("Policy header"));
    m_policyHeader->setWordWrap(true);
    m_policyHeader->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_otherElements = new QLabel;
    m_otherElements->setObjectName(QStringLiteral("otherElements"));
    m_otherElements->setAccessibleName(QStringLiteral("Other statement elements"));
    m_otherElements->setWordWrap(true);
    m_otherElements->hide();
    m_duplicateHint = makeFormLabel("duplicateKeyHint", QStringLiteral("Duplicate key warning"));

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
    layout->addWidget(m_policyHeader);
    layout->addWidget(m_hint);
    layout->addWidget(m_duplicateHint);
    layout->addLayout(header);
    layout->addWidget(m_otherElements);
    layout->addLayout(grid, 1);

    for (QWidget* field : std::initializer_list<QWidget*>{m_sid,
                                                          m_principalValue,
                                                          m_actionEntry,
                                                          m_actionSearch,
                                                          m_resourceEntry,
                                                          m_operator,
                                                          m_operator->lineEdit(),
                                                          m_conditionKey,
                                                          m_conditionValues}) {
        field->installEventFilter(m_undoFilter);
    }
    for (QTableView* view : {m_principalsView, m_actionsView, m_resourcesView}) {
        view->setItemDelegate(new FormDelegate(m_undoFilter, view));
    }
    for (model::StatementPartModel* part :
         std::initializer_list<model::StatementPartModel*>{m_principals, m_actions, m_resources, m_conditions}) {
        connect(part, &model::StatementPartModel::editRefused, this, [this](const QString& reason) {
            emit editRefused(reason);
        });
    }
    m_document->setConfirmation([this](const model::DocumentCommand& command) { return confirmEdit(command); });

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

StatementEditor::~StatementEditor()
{
    // The fields lose focus while QWidget's destructor closes the window: nothing they signal reaches a
    // half-destroyed form.
    for (QObject* child : findChildren<QObject*>()) {
        child->disconnect(this);
    }
    if (m_document) {
        m_document->setConfirmation({});
    }
}

QWidget* StatementEditor::createPrincipals()
{
    auto* group = makeGroup(QStringLiteral("principals"), QStringLiteral("Principals"), tr("Principals"));
    m_principalsGroup = group;
    m_principalsForm = makeFormLabel("principalForm", QStringLiteral("Principal form"));
    m_switchPrincipal = makeButton(QStringLiteral("switchPrincipal"),
                                   tr("Use NotPrincipal"),
                                   "",
                                   QStringLiteral("Switch Principal and NotPrincipal"));
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
    below->addWidget(m_switchPrincipal, 0, Qt::AlignTop);
    auto* layout = new QVBoxLayout(group);
    layout->addWidget(m_principalsForm);
    layout->addWidget(m_principalsView, 1);
    layout->addLayout(row);
    layout->addLayout(below);
    connect(m_switchPrincipal, &QPushButton::clicked, this, [this] { switchForm(PrincipalKind); });

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
    m_actionsGroup = group;
    m_actionsForm = makeFormLabel("actionForm", QStringLiteral("Action form"));
    m_switchAction = makeButton(
        QStringLiteral("switchAction"), tr("Use NotAction"), "", QStringLiteral("Switch Action and NotAction"));
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
    row->addWidget(m_switchAction);
    auto* left = new QVBoxLayout;
    left->addWidget(m_actionsForm);
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
    connect(m_switchAction, &QPushButton::clicked, this, [this] { switchForm(ActionKind); });
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
    m_resourcesGroup = group;
    m_resourcesForm = makeFormLabel("resourceForm", QStringLiteral("Resource form"));
    m_switchResource = makeButton(
        QStringLiteral("switchResource"), tr("Use NotResource"), "", QStringLiteral("Switch Resource and NotResource"));
    m_resourcesView = makeTable(QStringLiteral("resourcesTable"), tr("Resource list"), m_resources);
    m_resourceEntry = makeLineEdit(QStringLiteral("resourceEntry"), tr("Resource"), tr("* (this key)"));
    m_addResource = makeButton(QStringLiteral("addResource"), tr("Add"), "list-add", QStringLiteral("Add resource"));
    m_removeResource
        = makeButton(QStringLiteral("removeResource"), tr("Remove"), "list-remove", QStringLiteral("Remove resource"));
    auto* row = new QHBoxLayout; // below the entry, which gets the whole width (a key ARN is long)
    row->addStretch(1);
    row->addWidget(m_addResource);
    row->addWidget(m_removeResource);
    auto* switchRow = new QHBoxLayout; // on a line of its own: the group stays as narrow as Add and Remove
    switchRow->addStretch(1);
    switchRow->addWidget(m_switchResource);
    auto* layout = new QVBoxLayout(group);
    layout->addWidget(m_resourcesForm);
    layout->addWidget(m_resourcesView, 1);
    layout->addWidget(m_resourceEntry);
    layout->addLayout(row);
    layout->addLayout(switchRow);

    connect(m_resourceEntry, &QLineEdit::textChanged, this, &StatementEditor::updateWidgets);
    connect(m_resourceEntry, &QLineEdit::returnPressed, this, &StatementEditor::addResource);
    connect(m_addResource, &QPushButton::clicked, this, &StatementEditor::addResource);
    connect(m_removeResource, &QPushButton::clicked, this, [this] { removeSelected(m_resourcesView, ResourceKind); });
    connect(m_switchResource, &QPushButton::clicked, this, [this] { switchForm(ResourceKind); });
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
    m_conditionsView->setItemDelegate(new ConditionDelegate(m_undoFilter, m_conditionsView));
    m_operator = new QComboBox;
    m_operator->setObjectName(QStringLiteral("conditionOperator"));
    m_operator->setAccessibleName(tr("Condition operator"));
    m_operator->setEditable(true);
    m_operator->setInsertPolicy(QComboBox::NoInsert);
    m_operator->addItems(model::ConditionsModel::operatorNames());
    m_operator->setCurrentText(QStringLiteral("StringEquals"));
    m_operator->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    m_conditionKey = makeLineEdit(QStringLiteral("conditionKey"), tr("Condition key"), tr("kms:ViaService"));
    m_conditionKey->setCompleter(makeCompleter(conditionKeyNames(), m_conditionKey));
    m_conditionValues = makeLineEdit(
        QStringLiteral("conditionValues"), tr("Condition values"), tr("values, comma separated; \"quote, a comma\""));
    m_conditionValues->setToolTip(
        tr("Values separated by commas. Put a value that holds a comma in double quotes (\"a, b\"). Values are "
           "written as strings; to add to a key that holds Booleans or numbers, true, false and numbers keep that "
           "type."));
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
    refreshPolicyHeader();
    refreshElementForms();
    updateWidgets();
}

void StatementEditor::refreshPolicyHeader()
{
    const Json& policy = m_document->json();
    QStringList parts;
    const PolicyView& view = m_document->view();
    parts << (view.version ? tr("Version %1").arg(toQString(*view.version)) : tr("no Version"));
    QStringList others;
    if (policy.is_object()) {
        for (auto it = policy.begin(); it != policy.end(); ++it) {
            if (it.key() == "Id") {
                parts << (it->is_string() ? tr("Id %1").arg(toQString(it->get<std::string>()))
                                          : tr("Id %1").arg(toQString(it->dump())));
            } else if (it.key() != "Version" && it.key() != "Statement") {
                others << toQString(it.key());
            }
        }
    }
    QString text = tr("Policy: %1").arg(parts.join(QStringLiteral(" · ")));
    if (!others.isEmpty()) {
        text += QLatin1Char('\n')
            + tr("Other policy elements: %1 (kept as written; edit them in the JSON view)")
                  .arg(others.join(QStringLiteral(", ")));
    }
    m_policyHeader->setText(text);
}

void StatementEditor::refreshElementForms()
{
    const auto& statements = m_document->view().statements;
    const StatementView* st = m_statement >= 0 && m_statement < static_cast<int>(statements.size())
        ? &statements[static_cast<std::size_t>(m_statement)]
        : nullptr;
    const bool deny = st && st->isDeny();
    const QString effect = deny ? tr("Deny") : tr("Allow");
    const bool notPrincipal = st && st->hasNotPrincipal && !st->hasPrincipal;
    const bool notAction = st && st->hasNotAction && !st->hasAction;
    const bool notResource = st && st->hasNotResource && !st->hasResource;

    m_principalsGroup->setTitle(notPrincipal ? tr("NotPrincipal — every principal except") : tr("Principals"));
    m_principalsForm->setText(
        deny ? tr("NotPrincipal: this Deny applies to every principal except the ones listed.")
             : tr("NotPrincipal: this %1 applies to every principal except the ones listed (AWS advises against "
                  "NotPrincipal with Allow).")
                   .arg(effect));
    m_principalsForm->setVisible(notPrincipal);
    m_switchPrincipal->setText(notPrincipal ? tr("Use Principal") : tr("Use NotPrincipal"));

    m_actionsGroup->setTitle(notAction ? tr("NotAction — every action except") : tr("Actions"));
    m_actionsForm->setText(tr("NotAction: this %1 applies to every action except the ones listed, also to actions "
                              "KMS adds later. Ticking an action in the list on the right adds it to the exceptions.")
                               .arg(effect));
    m_actionsForm->setVisible(notAction);
    m_switchAction->setText(notAction ? tr("Use Action") : tr("Use NotAction"));
    m_catalogView->setAccessibleDescription(notAction ? tr("Ticked actions are excluded (NotAction)")
                                                      : tr("Ticked actions are allowed or denied (Action)"));

    m_resourcesGroup->setTitle(notResource ? tr("NotResource — every resource except") : tr("Resources"));
    m_resourcesForm->setText(tr("NotResource: this %1 applies to every resource except the ones listed.").arg(effect));
    m_resourcesForm->setVisible(notResource);
    m_switchResource->setText(notResource ? tr("Use Resource") : tr("Use NotResource"));

    // Elements the form has no field for, and duplicate keys in the statement.
    QStringList others;
    if (st && st->json && st->json->is_object()) {
        for (auto it = st->json->begin(); it != st->json->end(); ++it) {
            if (statementElement(it.key()) == StatementElement::Unknown) {
                others << toQString(it.key());
            }
        }
    }
    m_otherElements->setText(tr("This statement also has: %1 (kept as written; edit them in the JSON view).")
                                 .arg(others.join(QStringLiteral(", "))));
    m_otherElements->setVisible(!others.isEmpty());
    QStringList duplicates;
    if (st && m_document->isValid()) {
        const std::string prefix = st->pointer + "/";
        for (const ParseProblem& problem : m_document->source().problems()) {
            if (problem.kind == ParseProblem::Kind::DuplicateKey && problem.pointer.rfind(prefix, 0) == 0) {
                const Span at = m_document->source().spanAt(problem.offset, problem.length);
                duplicates << tr("\"%1\" (line %2)").arg(toQString(problem.detail)).arg(at.line);
            }
        }
    }
    m_duplicateHint->setText(tr("This statement holds a key twice: %1. KMS rejects that, and the form shows only the "
                                "first; form edits there are refused so that nothing is lost. Fix it in the JSON view.")
                                 .arg(duplicates.join(QStringLiteral(", "))));
    m_duplicateHint->setVisible(!duplicates.isEmpty());
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
    const StatementView* st
        = hasStatement ? &m_document->view().statements[static_cast<std::size_t>(m_statement)] : nullptr;
    // A switch needs exactly one of the two forms (with both, ELEMENT_CONFLICT: the JSON view decides).
    m_switchPrincipal->setEnabled(editable && st && st->hasPrincipal != st->hasNotPrincipal);
    m_switchAction->setEnabled(editable && st && st->hasAction != st->hasNotAction);
    m_switchResource->setEnabled(editable && st && st->hasResource != st->hasNotResource);
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
    const QString op = m_operator->currentText().trimmed();
    const QString key = m_conditionKey->text().trimmed();
    if (const QString problem = model::ConditionsModel::operatorProblem(op); !problem.isEmpty()) {
        emit editRefused(problem);
        return;
    }
    // Values added to a key that is there take the type of its values (true stays a Boolean next to Booleans).
    const StatementView& st = m_document->view().statements[static_cast<std::size_t>(m_statement)];
    const Json* existing = findNode(
        m_document->json(),
        appendPointer(appendPointer(appendPointer(st.pointer, "Condition"), toStdString(op)), toStdString(key)));
    QString problem;
    const auto values = model::ConditionsModel::parseValues(
        m_conditionValues->text(), existing ? *existing : Json(), false, &problem);
    if (!values) {
        emit editRefused(problem);
        return;
    }
    if (check(m_document->addConditionValues(
            static_cast<std::size_t>(m_statement), toStdString(op), toStdString(key), *values))) {
        m_conditionKey->clear();
        m_conditionValues->clear();
    }
}

void StatementEditor::switchForm(int kind)
{
    if (isReadOnly() || kind < PrincipalKind || kind > ResourceKind) {
        return;
    }
    const StatementView& st = m_document->view().statements[static_cast<std::size_t>(m_statement)];
    const ElementForms& forms = kForms[kind];
    const bool hasNot = st.json && st.json->is_object() && st.json->contains(forms.negative);
    const std::string from = hasNot ? forms.negative : forms.positive;
    const std::string to = hasNot ? forms.positive : forms.negative;
    // confirmEdit() asks first: the switch turns the statement's meaning around.
    check(m_document->switchElement(static_cast<std::size_t>(m_statement), from, to));
}

bool StatementEditor::confirmEdit(const model::DocumentCommand& command)
{
    const auto* switched = dynamic_cast<const model::SwitchElementCommand*>(&command);
    // Removing and switching can open access as a side effect; adding or changing a value is what the user typed.
    const bool removal = dynamic_cast<const model::RemoveValueCommand*>(&command) != nullptr
        || dynamic_cast<const model::RemoveStatementCommand*>(&command) != nullptr;
    if (!switched && !removal) {
        return true;
    }
    const model::EditRisk risk = model::assessEdit(*m_document, command.textAfter());
    QString text;
    if (switched) {
        text = command.text() + QLatin1Char('?') + QLatin1Char('\n')
            + tr("A Not… element means the opposite of the plain one: the statement will apply to everything except "
                 "what is listed, or only to what is listed, instead of what it applies to now.");
        if (risk.any()) {
            text += QStringLiteral("\n\n") + risk.text();
        }
    } else if (risk.any()) {
        text = risk.text() + QStringLiteral("\n\n") + tr("Make this edit anyway?");
    } else {
        return true;
    }
    return MessageBox::question(this, command.text(), text, QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
        == QMessageBox::Yes;
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
