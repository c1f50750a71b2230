// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/FindingReferenceDialog.h"

#include "core/checker/Rules.h"
#include "model/QtConvert.h"
#include "model/SeverityStyle.h"

#include <QDialogButtonBox>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace kps::ui {

using model::toQString;

FindingReferenceDialog::FindingReferenceDialog(QWidget* parent)
    : QDialog(parent)
    , m_browser(new QTextBrowser)
{
    setObjectName(QStringLiteral("findingReference"));
    setWindowTitle(tr("Finding reference"));
    m_browser->setObjectName(QStringLiteral("findingReferenceText"));
    m_browser->setAccessibleName(tr("Finding reference"));
    m_browser->setOpenExternalLinks(true);
    m_browser->setHtml(html());
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_browser);
    layout->addWidget(buttons);
    resize(760, 640);
}

QString FindingReferenceDialog::html()
{
    QString out = QStringLiteral("<h2>%1</h2><p>%2</p>")
                      .arg(tr("Finding reference"),
                           tr("Every finding has a stable code. The command line, the editor and reports use the "
                              "same codes."));
    std::optional<RuleGroup> group;
    for (const RuleInfo& rule : ruleCatalogue()) {
        if (!group || *group != rule.group) {
            group = rule.group;
            out += QStringLiteral("<h3>%1</h3>").arg(toQString(ruleGroupName(rule.group)).toHtmlEscaped());
        }
        out += QStringLiteral("<p><a name=\"%1\"></a><b><code>%1</code></b> &mdash; %2 (%3)<br/>%4</p>")
                   .arg(toQString(rule.code),
                        toQString(rule.title).toHtmlEscaped(),
                        model::SeverityStyle::text(rule.severity),
                        toQString(rule.help).toHtmlEscaped());
    }
    return out;
}

void FindingReferenceDialog::showCode(const QString& code)
{
    m_browser->scrollToAnchor(code);
}

} // namespace kps::ui
