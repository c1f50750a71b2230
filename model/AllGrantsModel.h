// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Finding.h"
#include "core/mwaa/GrantMatrix.h"
#include "model/SeverityStyle.h"

#include <QAbstractTableModel>

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace kps::model {

/**
 * Every grant on the key (core's kps::mwaa::GrantAudit::grants) as the `All grants` table: one row per grant of the
 * listing, in listing order, with its name, grantee, retiring principal, operations (as written), constraints,
 * creation date and class. A row shows the worst finding located in the grant by icon and word (never colour
 * alone); its tooltip lists them. Read-only; filter it with a QSortFilterProxyModel (every column is text).
 */
class AllGrantsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        GranteeColumn,
        RetiringColumn,
        OperationsColumn,
        ConstraintsColumn,
        CreatedColumn,
        ClassColumn,
        ColumnCount
    };
    enum Role {
        PointerRole = Qt::UserRole + 1, ///< the grant's JSON Pointer in the listing (QString, /Grants/3)
        GrantIdRole, ///< its GrantId (QString)
        ClassRole, ///< kps::mwaa::grantClassName (QString, never translated: "mwaa", "other-account", ...)
        EnvironmentRole, ///< the MWAA environment it belongs to ("" for none)
        MatrixRowRole, ///< the matrix row (0..3) of its environment that shows it, -1 for none (int)
        WorstSeverityRole, ///< kps::Severity of its worst finding as int, -1 without findings
        FindingCodesRole, ///< QStringList: the codes of the findings located in it, in order
    };

    explicit AllGrantsModel(QObject* parent = nullptr);

    /**
     * Replaces the grants (a reset). `findings` are the check's; those located in the listing (Location::file) under a
     * grant's pointer are that grant's.
     */
    void setAudit(const kps::mwaa::GrantAudit& audit, const std::vector<Finding>& findings);
    const std::vector<kps::mwaa::AuditedGrant>& grants() const { return m_grants; }

    /** The row of the grant a JSON Pointer of the listing lies in (/Grants/3/Operations/1 -> the row of /Grants/3). */
    QModelIndex indexFromPointer(const QString& pointer) const;
    /** The grant of a row, or nullptr. */
    const kps::mwaa::AuditedGrant* grantFromIndex(const QModelIndex& index) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /** The class in words, translated ("MWAA", "AWS service", "the key's account", "another account", "unknown"). */
    static QString classText(kps::mwaa::GrantClass kind);

private:
    /** The row of the grant a pointer names or lies in. */
    std::optional<std::size_t> rowOf(std::string pointer) const;

    std::vector<kps::mwaa::AuditedGrant> m_grants;
    std::unordered_map<std::string, std::size_t> m_rowOfPointer; ///< grant pointer -> row
    std::vector<std::vector<std::size_t>> m_findings; ///< per row, indices into m_allFindings
    std::vector<Finding> m_allFindings; ///< the findings located in the listing
    SeverityIcons m_icons;
};

} // namespace kps::model
