// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Context.h"
#include "core/checker/ContextValues.h"

#include <QStringList>
#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;

namespace kps::ui {

/**
 * The `MWAA environment` panel (spec/gui.md): `Environment name`, `Region` (an editable combo of the regions where
 * MWAA runs, any code may be typed), `Account`, `Key` and `Organization`. What the user typed is the given context
 * when it is a valid value (text that is not is unused, and the hint line says why); what the
 * checker inferred for an empty field is shown as its placeholder ("inferred: eu-west-1"), never as a value.
 * Every edit emits contextChanged() at once.
 */
class MwaaEnvironmentPanel : public QWidget
{
    Q_OBJECT

public:
    explicit MwaaEnvironmentPanel(QWidget* parent = nullptr);

    /**
     * The given values: source Given for each field whose text the one rule of the context options accepts
     * (kps::validateContextValue, as `keypolicy check` does); other text is not used and the hint says why.
     */
    MwaaContext context() const;
    /** One sentence per field whose text is not used ("Region: 'europe' is not a region code ...; not used."). */
    QStringList invalidFields() const;
    /** The hint line under the fields: what was inferred, and why any typed text is not used. */
    QLabel* hintLabel() const { return m_hint; }
    /** Shows these given values (no contextChanged()). */
    void setContext(const MwaaContext& context);
    /** Shows what the checker used for the fields left empty (placeholders "inferred: …"). */
    void showResolved(const MwaaContext& used);

    QLineEdit* environmentField() const { return m_environment; }
    QComboBox* regionField() const { return m_region; }
    QLineEdit* accountField() const { return m_account; }
    QLineEdit* keyField() const { return m_key; }
    QLineEdit* organizationField() const { return m_organization; }
    /**
     * The execution role policy the check uses (MwaaController::setRolePolicy): one line naming the role and where
     * its policies came from; hidden when none is loaded.
     */
    void setExecutionRole(const QString& description);
    QLabel* executionRoleLabel() const { return m_executionRole; }

    /** The regions where MWAA runs: kps::mwaaRegions() of core's region table. */
    static QStringList mwaaRegions();

signals:
    void contextChanged();

private:
    struct Field
    {
        ContextField field;
        QString label;
        QString text; ///< trimmed
    };
    std::vector<Field> fields() const;
    void updateHint();

    QLineEdit* m_environment = nullptr;
    QComboBox* m_region = nullptr;
    QLineEdit* m_account = nullptr;
    QLineEdit* m_key = nullptr;
    QLineEdit* m_organization = nullptr;
    QLabel* m_hint = nullptr;
    QLabel* m_executionRole = nullptr;
    QString m_inferredHint;
    bool m_updating = false;
};

} // namespace kps::ui
