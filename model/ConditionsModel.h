// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Json.h"
#include "model/StatementPartModel.h"

#include <optional>

namespace kps::model {

/** The statement's conditions: one row per operator / key pair, with its values and the key's type. */
class ConditionsModel : public StatementPartModel
{
    Q_OBJECT

public:
    enum Column { OperatorColumn, KeyColumn, ValuesColumn, KeyTypeColumn, ColumnCount };
    enum Role {
        OperatorRole = PolicyTableModel::FirstCustomRole, ///< QString: the operator as written
        KeyRole, ///< QString: the condition key as written
        ValuesRole, ///< QStringList: the values as IAM compares them
        TypedValuesRole, ///< QStringList: the values as the form shows them (valueText(): types visible)
    };

    explicit ConditionsModel(PolicyDocument* document, QObject* parent = nullptr);

    /** "String, multivalued" for a known key, or a hint that the key is unknown. */
    static QString keyTypeText(const QString& key);
    /**
     * A condition value as the form shows it, so that its JSON type is plain: a Boolean or a number as its JSON
     * literal (`spelling`, the text as written, when given: 3600.50 stays 3600.50), a string as is, or in JSON
     * quotes when it would read as something else (empty, with a comma, a quote or a backslash, with spaces at an
     * end, or spelling true, false, null or a number): `true` is the Boolean, `"true"` the string.
     */
    static QString valueText(const Json& value, const QString& spelling = {});
    /**
     * Reads values typed in the form (the inverse of valueText(), values separated by commas): a quoted value is a
     * string (JSON escapes, commas inside kept); a bare one that reads as one of `old`'s values (as valueText()
     * shows it) is that value, unchanged; a bare true/false or number where `old` had a Boolean or a number at that
     * place (or, with `positional` false, where all of `old`'s values are of that type) keeps that type; anything
     * else is a string. `old` is the values written before (a scalar, an array, or null). nullopt with *error for an
     * unclosed quote or no value at all. Returns a JSON array.
     */
    static std::optional<Json>
    parseValues(const QString& text, const Json& old = {}, bool positional = true, QString* error = nullptr);
    /**
     * Why `op` is not a condition operator IAM knows (a base operator of the vocabulary, optionally with the set
     * qualifier ForAllValues: or ForAnyValue: and the IfExists suffix), or empty when it is one.
     */
    static QString operatorProblem(const QString& op);
    /** Every operator the form offers: the base operators, their IfExists forms and the qualified set forms. */
    static QStringList operatorNames();

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    std::vector<Row> buildRows(const StatementView& statement) const override;
    bool isEditable(int column) const override;
    bool commit(const Row& row, int column, const QString& value) override;
    QVariant rowData(const Row& row, int column, int role) const override;
};

} // namespace kps::model
