// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/TemplatePolicyDialog.h"

#include "model/QtConvert.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScreen>
#include <QScrollBar>
#include <QStyle>
#include <QVBoxLayout>

#include <algorithm>

namespace kps::ui {

TemplatePolicyDialog::TemplatePolicyDialog(const QString& templateName,
                                           std::vector<iac::KeyPolicy> policies,
                                           QWidget* parent)
    : QDialog(parent)
    , m_policies(std::move(policies))
{
    setObjectName(QStringLiteral("templatePolicyDialog"));
    setWindowTitle(tr("Open key policy from template"));
    setAccessibleName(tr("Open key policy from template"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Key policies in %1. The one you open is a new document of its JSON (intrinsic "
                                "functions resolved where the context allows): edit it and save it with Save As. "
                                "Writing it back into the template is not supported.")
                                 .arg(templateName),
                             this);
    intro->setObjectName(QStringLiteral("templatePolicyIntro"));
    intro->setAccessibleName(tr("About the key policies of the template"));
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("templatePolicyList"));
    m_list->setAccessibleName(tr("Key policies of the template"));
    for (const auto& p : m_policies) {
        QString text = tr("%1 (%2), line %3")
                           .arg(model::toQString(p.source.resource), model::toQString(p.source.resourceType))
                           .arg(p.source.span.line);
        auto* item = new QListWidgetItem(text, m_list);
        if (p.unknown || p.keyOutside) {
            item->setText(text
                          + (p.unknown ? tr(" — known only after terraform apply")
                                       : tr(" — its key is an alias, not in the file")));
            item->setFlags(item->flags() & ~Qt::ItemIsEnabled & ~Qt::ItemIsSelectable);
        }
    }
    // Wide enough for every entry (resource, type, line and why it cannot be opened), within the screen.
    int widest = 0;
    for (int i = 0; i < m_list->count(); ++i) {
        widest = std::max(widest, m_list->fontMetrics().horizontalAdvance(m_list->item(i)->text()));
    }
    const QScreen* screen = parent ? parent->screen() : this->screen();
    const int limit = screen ? screen->availableGeometry().width() - 80 : 900;
    m_list->setMinimumWidth(std::min(limit,
                                     widest + 2 * m_list->frameWidth() + m_list->verticalScrollBar()->sizeHint().width()
                                         + 4 * style()->pixelMetric(QStyle::PM_FocusFrameHMargin) + 8));
    for (int i = 0; i < m_list->count(); ++i) {
        if (m_list->item(i)->flags() & Qt::ItemIsSelectable) {
            m_list->setCurrentRow(i);
            break;
        }
    }
    layout->addWidget(m_list);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("templatePolicyButtons"));
    m_buttons->button(QDialogButtonBox::Open)->setObjectName(QStringLiteral("templatePolicyOpen"));
    m_buttons->button(QDialogButtonBox::Open)->setAccessibleName(tr("Open the chosen key policy"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("templatePolicyCancel"));
    m_buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel opening from the template"));
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QListWidget::currentRowChanged, this, &TemplatePolicyDialog::updateButtons);
    connect(m_list, &QListWidget::itemDoubleClicked, this, [this] {
        if (selectedPolicy()) {
            accept();
        }
    });
    updateButtons();
}

const iac::KeyPolicy* TemplatePolicyDialog::selectedPolicy() const
{
    const int row = m_list->currentRow();
    if (row < 0 || static_cast<std::size_t>(row) >= m_policies.size()
        || m_policies[static_cast<std::size_t>(row)].unknown || m_policies[static_cast<std::size_t>(row)].keyOutside) {
        return nullptr;
    }
    return &m_policies[static_cast<std::size_t>(row)];
}

void TemplatePolicyDialog::updateButtons()
{
    m_buttons->button(QDialogButtonBox::Open)->setEnabled(selectedPolicy() != nullptr);
}

} // namespace kps::ui
