// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/features/AccessController.h"

#include "core/checker/Checker.h"
#include "core/json/GetKeyPolicy.h"
#include "model/LiveChecker.h"
#include "model/PolicyDocument.h"
#include "model/PolicyFile.h"
#include "model/QtConvert.h"
#include "ui/AccessView.h"
#include "ui/ComparisonDialog.h"
#include "ui/FileDialogProvider.h"
#include "ui/JsonEditor.h"
#include "ui/MainWindow.h"
#include "ui/MessageBox.h"
#include "ui/SimulatePanel.h"

#include <QAction>
#include <QDockWidget>
#include <QFileInfo>

namespace kps::ui {

namespace {

QDockWidget* makeDock(MainWindow* window, const QString& title, const char* objectName, const QString& name, QWidget* w)
{
    auto* dock = new QDockWidget(title, window);
    dock->setObjectName(QLatin1String(objectName));
    dock->setAccessibleName(name);
    dock->setWidget(w);
    window->addPanel(dock);
    return dock;
}

} // namespace

AccessController::AccessController(MainWindow* window)
    : QObject(window)
    , m_window(window)
    , m_simulate(new SimulatePanel)
    , m_simulateDock(makeDock(window, tr("Simulate"), "simulateDock", QStringLiteral("Simulate panel"), m_simulate))
    , m_access(new AccessView)
    , m_accessDock(makeDock(window, tr("Access"), "accessDock", QStringLiteral("Access panel"), m_access))
{
    setObjectName(QStringLiteral("accessController"));
    connect(m_window->addAction({QStringLiteral("actionCompareWithFile"),
                                 tr("Compare with file…"),
                                 tr("What the policy gives or takes away compared with another policy file"),
                                 MenuPlace::CheckCompare}),
            &QAction::triggered,
            this,
            &AccessController::compareWithFile);
    connect(m_window->checker(), &model::LiveChecker::checked, this, &AccessController::refresh);
    connect(m_window->checker(), &model::LiveChecker::optionsChanged, this, &AccessController::refresh);
    for (QDockWidget* dock : {m_simulateDock, m_accessDock}) {
        connect(dock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
            if (visible) {
                refresh();
            }
        });
    }
    connect(m_simulate, &SimulatePanel::statementActivated, this, &AccessController::selectStatement);
    connect(m_access, &AccessView::statementActivated, this, &AccessController::selectStatement);
}

void AccessController::refresh()
{
    // Only what is shown is recomputed: a tabbed dock behind another costs nothing while the policy is edited.
    model::PolicyDocument* document = m_window->document();
    if (!document->isValid()) {
        return;
    }
    const MwaaContext& given = m_window->checker()->options().context;
    if (!m_simulate->visibleRegion().isEmpty()) {
        m_simulate->setPolicy(document->currentParse(), given);
    }
    if (!m_access->visibleRegion().isEmpty()) {
        m_access->setPolicy(document->currentParse(), given);
    }
}

void AccessController::selectStatement(int index, const QString& pointer)
{
    m_window->selectStatement(index);
    const SourceDocument& source = m_window->document()->source();
    const std::string at = model::toStdString(pointer);
    if (source.contains(at)) {
        m_window->jsonEditor()->selectSpan(source.locate(at).span);
    }
}

void AccessController::compareWithFile()
{
    model::PolicyDocument* document = m_window->document();
    const QString path = m_window->fileDialogs()->openFileName(m_window,
                                                               tr("Compare with file"),
                                                               QFileInfo(document->filePath()).absolutePath(),
                                                               tr("Key policies (*.json);;All files (*)"));
    if (path.isEmpty()) {
        return;
    }
    const model::PolicyFile::ReadResult read = model::PolicyFile::read(path);
    if (!read.ok) {
        MessageBox::warning(m_window, tr("Compare with file"), read.error);
        return;
    }
    compareWith(read.text, QFileInfo(path).fileName());
}

void AccessController::compareWith(const std::string& otherText, const QString& otherName)
{
    // `aws kms get-key-policy` output is compared by the policy inside it, as the editor opens it.
    std::string other = otherText;
    if (const SourceDocument wrapper = SourceDocument::parse(otherText); wrapper.isValid()) {
        if (const std::string* inner = getKeyPolicyText(wrapper.json())) {
            other = *inner;
        }
    }
    auto* dialog = new ComparisonDialog(
        other, otherName, m_window->document()->text(), m_window->checker()->options().context, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_comparison = dialog;
    dialog->open();
}

} // namespace kps::ui
