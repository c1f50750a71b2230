// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Finding.h"
#include "model/SeverityStyle.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

#include <memory>
#include <optional>
#include <vector>

namespace kps::model {

/** The findings of the last check, one row each, in the checker's (text) order. Read-only. */
class FindingsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { SeverityColumn, CodeColumn, MessageColumn, LocationColumn, ColumnCount };
    enum Role {
        SeverityRole = Qt::UserRole + 1, ///< kps::Severity as int (0 = error ... 3 = suggestion)
        CodeRole, ///< the finding code, e.g. "JSON_SYNTAX" (QString, never translated)
        PointerRole, ///< JSON Pointer of the node the finding is about (QString)
        LineRole, ///< 1-based line of the span
        ColumnRole, ///< 1-based column of the span, in code points
        EndLineRole, ///< line of the span's end
        EndColumnRole, ///< column just past the span
        HasFixRole, ///< bool: the finding carries a machine-applicable fix
        MessageRole, ///< the English message (QString)
        FixChoicesRole, ///< QStringList: the titles of the fixes to choose from (Finding::choices), in order
        FileRole, ///< the other document the finding is located in (the grants listing), "" for the policy
    };

    explicit FindingsModel(QObject* parent = nullptr);

    /** Replaces the findings (a reset, only when they differ). */
    void setFindings(std::vector<Finding> findings);
    /** The same, shared with the other views of the findings rather than copied. */
    void setSharedFindings(std::shared_ptr<const std::vector<Finding>> findings);
    const std::vector<Finding>& findings() const { return *m_findings; }
    /** The finding of a row of this model, or nullptr. */
    const Finding* findingAt(const QModelIndex& index) const;
    /** The row of the first finding with this code and pointer. */
    QModelIndex indexOf(const std::string& code, const std::string& pointer) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /** "line 3, column 7" */
    static QString locationText(const Location& location);

private:
    std::shared_ptr<const std::vector<Finding>> m_findings;
    SeverityIcons m_icons;
};

/** Filters findings by minimum severity and by text (code, message or pointer, case-insensitive). */
class FindingsFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit FindingsFilterModel(QObject* parent = nullptr);

    /** Show only findings this severe or worse; nullopt shows all. */
    void setMinimumSeverity(std::optional<Severity> severity);
    std::optional<Severity> minimumSeverity() const { return m_minimum; }
    void setText(const QString& text);
    QString text() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    std::optional<Severity> m_minimum;
    QString m_text;
};

} // namespace kps::model
