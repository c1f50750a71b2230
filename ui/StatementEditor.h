// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QWidget>

class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTreeView;

namespace kps::model {
class ActionCatalogModel;
class DocumentCommand;
class ActionsModel;
class ConditionsModel;
class PolicyDocument;
class PrincipalsModel;
class ResourcesModel;
} // namespace kps::model

namespace kps::ui {

/**
 * The `Statement editor`: a form for the selected statement with the sections `Sid`, `Effect`, `Principals`,
 * `Actions`, `Resources` and `Conditions`, below a header with the policy's Version, Id and other elements. Every
 * edit is one command on the document; the form follows the document's last valid DOM and is read-only while the
 * JSON text does not parse. A NotPrincipal, NotAction or NotResource is shown as such (the section's title, a
 * highlighted line saying what it means, a switch to the other form that asks first), and an edit that removes a
 * statement element or widens access asks first (model::assessEdit). Ctrl+Z and Ctrl+Shift+Z in the form's fields
 * undo and redo the document's edits. Children carry objectNames (sid, effect, principalValue, actionEntry, ...)
 * for tests.
 */
class StatementEditor : public QWidget
{
    Q_OBJECT

public:
    explicit StatementEditor(model::PolicyDocument* document, QWidget* parent = nullptr);
    ~StatementEditor() override;

    /** Shows the statement at this index (-1: none). */
    void setStatement(int index);
    int statement() const { return m_statement; }
    /** True while the form only shows (the JSON does not parse, or no statement is selected). */
    bool isReadOnly() const;

    model::PrincipalsModel* principalsModel() const { return m_principals; }
    model::ActionsModel* actionsModel() const { return m_actions; }
    model::ResourcesModel* resourcesModel() const { return m_resources; }
    model::ConditionsModel* conditionsModel() const { return m_conditions; }
    model::ActionCatalogModel* actionCatalogModel() const { return m_catalog; }

signals:
    /** An edit was refused (the reason is a sentence for the status bar). */
    void editRefused(const QString& reason);

protected:
    void changeEvent(QEvent* event) override;

private:
    QWidget* createPrincipals();
    QWidget* createActions();
    QWidget* createResources();
    QWidget* createConditions();
    void refreshFields();
    void updateWidgets();
    void updatePrincipalProblem();
    void updateActionPreview();
    void updateKeyType();
    void commitSid();
    void commitEffect();
    void addPrincipal();
    void addAction();
    void addResource();
    void addCondition();
    void removeSelected(QTableView* view, int kind);
    void switchForm(int kind);
    bool check(bool accepted);
    /** The document's confirmation hook: asks before an edit that removes an element or widens access. */
    bool confirmEdit(const model::DocumentCommand& command);
    void refreshPolicyHeader();
    void refreshElementForms();

    QPointer<model::PolicyDocument> m_document;
    int m_statement = -1;
    bool m_constructed = false;
    model::PrincipalsModel* m_principals;
    model::ActionsModel* m_actions;
    model::ResourcesModel* m_resources;
    model::ConditionsModel* m_conditions;
    model::ActionCatalogModel* m_catalog;
    QSortFilterProxyModel* m_catalogFilter;

    QObject* m_undoFilter = nullptr;
    QLabel* m_hint = nullptr;
    QLabel* m_policyHeader = nullptr;
    QLabel* m_otherElements = nullptr;
    QLabel* m_duplicateHint = nullptr;
    QGroupBox* m_principalsGroup = nullptr;
    QGroupBox* m_actionsGroup = nullptr;
    QGroupBox* m_resourcesGroup = nullptr;
    QLabel* m_principalsForm = nullptr;
    QLabel* m_actionsForm = nullptr;
    QLabel* m_resourcesForm = nullptr;
    QPushButton* m_switchPrincipal = nullptr;
    QPushButton* m_switchAction = nullptr;
    QPushButton* m_switchResource = nullptr;
    QLineEdit* m_sid = nullptr;
    QComboBox* m_effect = nullptr;
    QTableView* m_principalsView = nullptr;
    QComboBox* m_principalType = nullptr;
    QLineEdit* m_principalValue = nullptr;
    QLabel* m_principalProblem = nullptr;
    QPushButton* m_addPrincipal = nullptr;
    QPushButton* m_removePrincipal = nullptr;
    QTableView* m_actionsView = nullptr;
    QLineEdit* m_actionEntry = nullptr;
    QLabel* m_actionPreview = nullptr;
    QPushButton* m_addAction = nullptr;
    QPushButton* m_removeAction = nullptr;
    QLineEdit* m_actionSearch = nullptr;
    QTreeView* m_catalogView = nullptr;
    QTableView* m_resourcesView = nullptr;
    QLineEdit* m_resourceEntry = nullptr;
    QPushButton* m_addResource = nullptr;
    QPushButton* m_removeResource = nullptr;
    QTableView* m_conditionsView = nullptr;
    QComboBox* m_operator = nullptr;
    QLineEdit* m_conditionKey = nullptr;
    QLineEdit* m_conditionValues = nullptr;
    QLabel* m_keyType = nullptr;
    QPushButton* m_addCondition = nullptr;
    QPushButton* m_removeCondition = nullptr;
};

} // namespace kps::ui
