// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/PrincipalsModel.h"

#include "core/checker/PolicyView.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"

#include <QRegularExpression>

namespace kps::model {

PrincipalsModel::PrincipalsModel(PolicyDocument* document, QObject* parent)
    : StatementPartModel(document, parent)
{ }

QString PrincipalsModel::problem(const QString& type, const QString& value)
{
    if (type == QLatin1String("*")) {
        return {};
    }
    if (value.isEmpty()) {
        return tr("Enter a principal.");
    }
    if (type == QLatin1String("AWS")) {
        static const QRegularExpression account(QStringLiteral("^\\d{12}$"));
        static const QRegularExpression arn(QStringLiteral(
            "^arn:aws(-[a-z]+)*:(iam|sts)::\\d{12}:(root|user/.+|role/.+|assumed-role/.+|federated-user/.+)$"));
        if (value == QLatin1String("*") || account.match(value).hasMatch() || arn.match(value).hasMatch()) {
            return {};
        }
        return tr("Expected an account ID (12 digits), an IAM ARN such as arn:aws:iam::111122223333:role/Name, or *.");
    }
    if (type == QLatin1String("Service")) {
        static const QRegularExpression service(QStringLiteral("^[a-z0-9][a-z0-9.-]*\\.amazonaws\\.com(\\.cn)?$"));
        if (service.match(value).hasMatch()) {
            return {};
        }
        return tr("Expected a service principal such as logs.us-east-1.amazonaws.com.");
    }
    return {};
}

int PrincipalsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PrincipalsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return StatementPartModel::headerData(section, orientation, role);
    }
    return section == TypeColumn ? tr("Type") : section == ValueColumn ? tr("Principal") : QVariant();
}

std::string PrincipalsModel::elementPointer() const
{
    const StatementView* st = statementView();
    if (!st) {
        return {};
    }
    return appendPointer(st->pointer, st->hasNotPrincipal && !st->hasPrincipal ? "NotPrincipal" : "Principal");
}

std::vector<PolicyTableModel::Row> PrincipalsModel::buildRows(const StatementView& statement) const
{
    std::vector<Row> rows;
    for (const PrincipalRef& p : statement.principals) {
        Row row;
        row.pointer = p.pointer;
        const QString type = toQString(p.type);
        const QString value = p.type == "*" ? QStringLiteral("*") : toQString(p.value);
        row.cells = {type, value};
        const QString issue = problem(type, value);
        row.tips = {QString(), issue.isEmpty() ? value : issue};
        row.extra = {type, issue};
        rows.push_back(std::move(row));
    }
    return rows;
}

bool PrincipalsModel::isEditable(int column) const
{
    return column == ValueColumn;
}

bool PrincipalsModel::commit(const Row& row, int, const QString& value)
{
    if (value.isEmpty() || row.extra.value(0) == QLatin1String("*")) {
        return false;
    }
    return document()->setValue(row.pointer, Json(toStdString(value)), tr("Edit principal"));
}

QVariant PrincipalsModel::rowData(const Row& row, int, int role) const
{
    switch (role) {
    case TypeRole:
        return row.extra.value(0);
    case ProblemRole:
        return row.extra.value(1);
    default:
        return {};
    }
}

} // namespace kps::model
