// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ComparisonDialog.h"

#include "model/QtConvert.h"
#include "ui/DiffDialog.h"
#include "ui/Named.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace kps::ui {

using model::toQString;

ComparisonDialog::ComparisonDialog(const std::string& otherText,
                                   const QString& otherName,
                                   const std::string& currentText,
                                   const MwaaContext& given,
                                   QWidget* parent)
    : QDialog(parent)
    , m_summary(named(new QLabel(this), "comparisonSummary", QStringLiteral("Comparison summary")))
    , m_access(named(new QListWidget(this), "accessChanges", QStringLiteral("Access changes")))
    , m_statements(named(new QListWidget(this), "statementChanges", QStringLiteral("Statement changes")))
{
    setObjectName(QStringLiteral("comparisonDialog"));
    setAccessibleName(QStringLiteral("Comparison"));
    setWindowTitle(tr("Compare with %1").arg(otherName));
    resize(820, 560);
    m_summary->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(new QLabel(
        tr("Access: what the current policy gives or takes away compared with %1").arg(otherName.toHtmlEscaped()),
        this));
    layout->addWidget(m_access, 2);
    layout->addWidget(new QLabel(tr("Statements"), this));
    layout->addWidget(m_statements, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton* diff = buttons->addButton(tr("Show text diff"), QDialogButtonBox::ActionRole);
    named(diff, "showTextDiff", QStringLiteral("Show text diff"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(diff, &QPushButton::clicked, this, [this, otherText, otherName, currentText] {
        auto* dialog = new DiffDialog(otherText, currentText, otherName, tr("current"), DiffDialog::Mode::Review, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });

    const SourceDocument a = SourceDocument::parse(otherText);
    const SourceDocument b = SourceDocument::parse(currentText);
    if (!a.isValid() || !b.isValid()) {
        m_summary->setText(!a.isValid() ? tr("%1 is not a valid JSON policy: nothing to compare.").arg(otherName)
                                        : tr("The current policy is not valid JSON: nothing to compare."));
        return;
    }
    const PolicyView policyA = readPolicy(a.json());
    const PolicyView policyB = readPolicy(b.json());
    // One key for both, as `keypolicy diff` takes it: what is given, else inferred from the other policy (the one in
    // place), else from the current one.
    access::KeyFacts key = access::resolveKeyFacts(a, policyA, given);
    if (key.context.account.empty() || key.context.region.empty()) {
        key = access::resolveKeyFacts(b, policyB, key.context);
    }
    m_comparison = access::comparePolicies(policyA, policyB, key);
    const access::PolicyComparison& c = *m_comparison;
    for (const access::AccessChange& change : c.access) {
        m_access->addItem(toQString(change.text));
    }
    if (c.access.empty()) {
        m_access->addItem(tr("Nobody gains or loses access."));
    }
    int changed = 0;
    for (const access::StatementDiff& s : c.statements) {
        if (s.change == access::StatementChange::Unchanged) {
            continue;
        }
        ++changed;
        QString text = toQString(std::string(access::statementChangeName(s.change))) + QStringLiteral(": ")
            + (s.sid ? toQString(*s.sid) : toQString(s.bPointer.empty() ? s.aPointer : s.bPointer));
        if (!s.elements.empty()) {
            QStringList elements;
            for (const std::string& e : s.elements) {
                elements << toQString(e);
            }
            text += QStringLiteral(" (") + elements.join(QStringLiteral(", ")) + QLatin1Char(')');
        }
        m_statements->addItem(text);
    }
    if (changed == 0) {
        m_statements->addItem(tr("No statement changed."));
    }
    const QString statements = changed == 1 ? tr("1 statement differs") : tr("%1 statements differ").arg(changed);
    m_summary->setText(
        c.sameAccess()
            ? tr("Same access as %1; %2.").arg(otherName, statements)
            : tr("The access differs from %1 (%2 changes); %3.").arg(otherName).arg(c.access.size()).arg(statements));
}

} // namespace kps::ui
