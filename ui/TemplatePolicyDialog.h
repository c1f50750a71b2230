// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/iac/TemplateCheck.h"

#include <QDialog>

#include <vector>

class QListWidget;
class QDialogButtonBox;

namespace kps::ui {

/**
 * File > Open key policy from template…: lists the key policies a CloudFormation template, CDK output or Terraform
 * plan holds (resource, type, line); the one chosen is opened as a new, untitled document of the extracted JSON.
 * A policy known only after `terraform apply` is listed but cannot be chosen.
 */
class TemplatePolicyDialog : public QDialog
{
    Q_OBJECT

public:
    TemplatePolicyDialog(const QString& templateName, std::vector<iac::KeyPolicy> policies, QWidget* parent = nullptr);

    /** The chosen policy; nullptr when none is selected. */
    const iac::KeyPolicy* selectedPolicy() const;

private:
    void updateButtons();

    std::vector<iac::KeyPolicy> m_policies;
    QListWidget* m_list = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace kps::ui
