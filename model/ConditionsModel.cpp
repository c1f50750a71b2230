// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/ConditionsModel.h"

#include "core/checker/PolicyView.h"
#include "core/vocab/Vocabulary.h"
#include "model/JsonNodes.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"

#include <algorithm>

namespace kps::model {

ConditionsModel::ConditionsModel(PolicyDocument* document, QObject* parent)
    : StatementPartModel(document, parent)
{ }

QString ConditionsModel::keyTypeText(const QString& key)
{
    const ConditionKeyInfo* info = Vocabulary::instance().conditionKey(toStdString(key));
    if (!info) {
        return tr("unknown key");
    }
    const QString type = toQString(keyTypeName(info->type));
    return info->multivalued ? tr("%1, multivalued").arg(type) : type;
}

namespace {

bool readsAsLiteral(const QString& text)
{
    if (text == QLatin1String("true") || text == QLatin1String("false") || text == QLatin1String("null")) {
        return true;
    }
    const Json parsed = Json::parse(text.toStdString(), nullptr, false);
    return !parsed.is_discarded() && parsed.is_number();
}

/// A bare token typed for a value: a number, or nullopt.
std::optional<Json> numberOf(const QString& token)
{
    const Json parsed = Json::parse(token.toStdString(), nullptr, false);
    if (parsed.is_discarded() || !parsed.is_number()) {
        return std::nullopt;
    }
    return parsed;
}

} // namespace

QString ConditionsModel::valueText(const Json& value, const QString& spelling)
{
    if (value.is_string()) {
        const QString text = toQString(value.get<std::string>());
        const bool plain = !text.isEmpty() && text.trimmed() == text && !text.contains(QLatin1Char(','))
            && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\\')) && !readsAsLiteral(text);
        return plain ? text : toQString(value.dump(-1, ' ', false, Json::error_handler_t::replace));
    }
    if (value.is_number() && !spelling.isEmpty()) {
        return spelling;
    }
    return toQString(value.dump(-1, ' ', false, Json::error_handler_t::replace));
}

std::optional<Json> ConditionsModel::parseValues(const QString& text, const Json& old, bool positional, QString* error)
{
    // The tokens: commas outside quotes separate them.
    struct Token
    {
        QString text;
        bool quoted = false;
    };
    std::vector<Token> tokens;
    QString current;
    bool quoted = false;
    bool inQuotes = false;
    const auto flush = [&] {
        const QString t = current.trimmed();
        if (!t.isEmpty() || quoted) {
            tokens.push_back(Token{t, quoted});
        }
        current.clear();
        quoted = false;
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (inQuotes) {
            current += c;
            if (c == QLatin1Char('\\') && i + 1 < text.size()) {
                current += text[++i];
            } else if (c == QLatin1Char('"')) {
                inQuotes = false;
            }
        } else if (c == QLatin1Char(',')) {
            flush();
        } else {
            if (c == QLatin1Char('"') && current.trimmed().isEmpty()) {
                inQuotes = true;
                quoted = true;
                current.clear();
            }
            current += c;
        }
    }
    if (inQuotes) {
        if (error) {
            *error = tr("A quoted value has no closing quote.");
        }
        return std::nullopt;
    }
    flush();

    const Json had = old.is_array() ? old : old.is_null() ? Json::array() : Json::array({old});
    // The one type all of the old values share, for values added to them.
    std::optional<Json::value_t> shared;
    for (const Json& v : had) {
        const Json::value_t t = v.is_number() ? Json::value_t::number_float : v.type();
        shared = !shared || *shared == t ? std::optional(t) : std::optional(Json::value_t::discarded);
    }
    Json values = Json::array();
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& token = tokens[i];
        if (token.quoted) {
            const Json parsed = Json::parse(token.text.toStdString(), nullptr, false);
            if (parsed.is_discarded() || !parsed.is_string()) {
                if (error) {
                    *error = tr("%1 is not a quoted value (a quoted value ends at its closing quote).").arg(token.text);
                }
                return std::nullopt;
            }
            values.push_back(parsed);
            continue;
        }
        // A value shown unchanged is that value, exactly.
        const auto same = std::find_if(
            had.begin(), had.end(), [&](const Json& v) { return !v.is_string() && valueText(v) == token.text; });
        if (same != had.end()) {
            values.push_back(*same);
            continue;
        }
        std::optional<Json::value_t> type;
        if (positional && i < had.size()) {
            type = had[i].is_number() ? Json::value_t::number_float : had[i].type();
        } else if (!positional && shared && *shared != Json::value_t::discarded) {
            type = shared;
        }
        if (type == Json::value_t::boolean
            && (token.text == QLatin1String("true") || token.text == QLatin1String("false"))) {
            values.push_back(token.text == QLatin1String("true"));
        } else if (const auto number = type == Json::value_t::number_float ? numberOf(token.text) : std::nullopt) {
            values.push_back(*number);
        } else {
            values.push_back(toStdString(token.text));
        }
    }
    if (values.empty()) {
        if (error) {
            *error = tr("Enter at least one value.");
        }
        return std::nullopt;
    }
    return values;
}

QString ConditionsModel::operatorProblem(const QString& op)
{
    if (op.isEmpty()) {
        return tr("Enter a condition operator.");
    }
    if (Vocabulary::instance().parseOperator(toStdString(op))) {
        return {};
    }
    return tr("%1 is not a condition operator. Pick one from the list: a base operator such as StringEquals, "
              "optionally with ForAllValues: or ForAnyValue: before it and IfExists after it.")
        .arg(op);
}

QStringList ConditionsModel::operatorNames()
{
    QStringList names;
    for (const OperatorInfo& o : Vocabulary::instance().operators()) {
        names << toQString(o.name);
    }
    const QStringList bases = names;
    for (const OperatorInfo& o : Vocabulary::instance().operators()) {
        if (o.allowsIfExists) {
            names << toQString(o.name) + QStringLiteral("IfExists");
        }
    }
    for (const QString& prefix : {QStringLiteral("ForAnyValue:"), QStringLiteral("ForAllValues:")}) {
        for (const QString& base : bases) {
            if (Vocabulary::instance().parseOperator(toStdString(prefix + base))) {
                names << prefix + base;
            }
        }
    }
    return names;
}

int ConditionsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConditionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return StatementPartModel::headerData(section, orientation, role);
    }
    switch (section) {
    case OperatorColumn:
        return tr("Operator");
    case KeyColumn:
        return tr("Key");
    case ValuesColumn:
        return tr("Values");
    case KeyTypeColumn:
        return tr("Key type");
    default:
        return {};
    }
}

std::vector<PolicyTableModel::Row> ConditionsModel::buildRows(const StatementView& statement) const
{
    std::vector<Row> rows;
    for (const ConditionEntry& c : statement.conditions) {
        Row row;
        row.pointer = c.keyPointer;
        QStringList values;
        QStringList shown;
        QStringList typed;
        bool typedValues = false;
        for (const ValueRef& v : c.values) {
            values << toQString(v.value);
            const Json* node = findNode(document()->json(), v.pointer);
            QString spelling;
            if (node && node->is_number() && document()->isValid()) {
                const Span span = document()->source().locate(v.pointer).span;
                spelling = toQString(document()->text().substr(span.offset, span.length));
            }
            shown << (node ? valueText(*node, spelling) : toQString(v.value));
            if (node && !node->is_string()) {
                typedValues = true;
                typed << tr("%1 (%2)").arg(shown.last(), node->is_boolean() ? tr("Boolean") : tr("number"));
            } else {
                typed << tr("%1 (string)").arg(shown.last());
            }
        }
        const QString op = toQString(c.op);
        const QString key = toQString(c.key);
        row.cells = {op, key, shown.join(QStringLiteral(", ")), keyTypeText(key)};
        QString keyTip;
        if (const ConditionKeyInfo* info = Vocabulary::instance().conditionKey(c.key)) {
            keyTip = toQString(info->note);
        }
        QString valuesTip = typedValues ? typed.join(QLatin1Char('\n')) : values.join(QLatin1Char('\n'));
        valuesTip += QLatin1Char('\n')
            + tr("Quote a value with a comma (\"a, b\"); true, false and numbers unquoted are JSON Booleans and "
                 "numbers where the value was one.");
        row.tips = {QString(), keyTip, valuesTip};
        row.extra = QStringList{op, key, QString::number(values.size())} + values + shown;
        rows.push_back(std::move(row));
    }
    return rows;
}

bool ConditionsModel::isEditable(int column) const
{
    return column == OperatorColumn || column == KeyColumn || column == ValuesColumn;
}

bool ConditionsModel::commit(const Row& row, int column, const QString& value)
{
    const QString op = row.extra.value(0);
    const QString key = row.extra.value(1);
    QString newOp = op;
    QString newKey = key;
    const Json* node = findNode(document()->json(), row.pointer);
    Json values = node && node->is_array() ? *node : node ? Json::array({*node}) : Json::array();
    QString problem;
    switch (column) {
    case OperatorColumn:
        newOp = value.trimmed();
        problem = operatorProblem(newOp);
        break;
    case KeyColumn:
        newKey = value.trimmed();
        if (newKey.isEmpty()) {
            problem = tr("Enter a condition key.");
        }
        break;
    case ValuesColumn:
        if (auto parsed = parseValues(value, node ? *node : Json(), true, &problem)) {
            values = std::move(*parsed);
        }
        break;
    default:
        return false;
    }
    if (!problem.isEmpty()) {
        emit editRefused(problem);
        return false;
    }
    if (!document()->editConditionValues(static_cast<std::size_t>(statement()),
                                         toStdString(op),
                                         toStdString(key),
                                         toStdString(newOp),
                                         toStdString(newKey),
                                         values)) {
        if (!document()->lastError().isEmpty()) {
            emit editRefused(document()->lastError());
        }
        return false;
    }
    return true;
}

QVariant ConditionsModel::rowData(const Row& row, int, int role) const
{
    switch (role) {
    case OperatorRole:
        return row.extra.value(0);
    case KeyRole:
        return row.extra.value(1);
    case ValuesRole:
        return row.extra.mid(3, row.extra.value(2).toInt());
    case TypedValuesRole:
        return row.extra.mid(3 + row.extra.value(2).toInt());
    default:
        return {};
    }
}

} // namespace kps::model
