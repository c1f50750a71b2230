// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <string>

namespace kps::model {

class PolicyDocument;

/**
 * What a form edit would open up, found before it is made (the form asks first, see StatementEditor): the callers
 * that gain access (kps::access::comparePolicies of the text now and the text after the edit, for the key the
 * document's context names), and the statement elements the edit removes whole (removing the last principal
 * removes Principal, and KMS refuses a statement without one). A Condition removed whole is reported through the
 * access it opens, if any.
 */
struct EditRisk
{
    QStringList gains; ///< "* gains kms:Decrypt", one per access change that widens
    QStringList removed; ///< "statement 2 (Sid) loses its Condition element", one per element removed whole

    bool any() const { return !gains.isEmpty() || !removed.isEmpty(); }
    /** The risks as a paragraph for a confirmation box. */
    QString text() const;
};

/**
 * The risk of replacing the document's text by `after`. Policies over KMS's size quota (32 KB) are not compared
 * (KMS would refuse them anyway, and comparing a 10 MB policy on every form edit would freeze the window): only
 * removed elements are reported for them.
 */
EditRisk assessEdit(const PolicyDocument& document, const std::string& after);

} // namespace kps::model
