// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/PolicyTableModel.h"

namespace kps {
struct StatementView;
}

namespace kps::model {

class PolicyDocument;

/**
 * Base of the models of one statement's parts (principals, actions, resources, conditions). Rows follow the
 * document's last valid DOM; editing a cell pushes a command on the document, and the row updates from the result.
 */
class StatementPartModel : public PolicyTableModel
{
    Q_OBJECT

public:
    /** Shows the statement at this index of the policy (-1: none). */
    void setStatement(int index);
    int statement() const { return m_statement; }
    PolicyDocument* document() const { return m_document; }
    /** The element new entries go to ("/Statement/0/Action", or ".../NotAction" when the statement uses that). */
    virtual std::string elementPointer() const;

    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

signals:
    /** An edited cell was not written: why, as a sentence for the status bar. */
    void editRefused(const QString& reason);

protected:
    StatementPartModel(PolicyDocument* document, QObject* parent);
    /** The statement shown, or nullptr. */
    const StatementView* statementView() const;
    virtual std::vector<Row> buildRows(const StatementView& statement) const = 0;
    virtual bool isEditable(int column) const;
    /** Pushes the command for an edited cell; false when refused. */
    virtual bool commit(const Row& row, int column, const QString& value);
    void rebuild();

private:
    PolicyDocument* m_document;
    int m_statement = -1;
};

} // namespace kps::model
