// SPDX-License-Identifier: GPL-3.0-or-later
// What the GUI tests share: test-mode settings, message boxes that answer without a person, a shown main window
// that checks at once, and finding widgets by their accessible name (as a screen reader does).
#pragma once

#include "model/FindingsModel.h"
#include "model/LiveChecker.h"
#include "ui/MainWindow.h"
#include "ui/MessageBox.h"
#include "ui/features/Features.h"

#include <QCoreApplication>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QWidget>

#include <memory>

namespace kps::test {

/** initTestCase(): settings in a test location of the test's own (cleared), message boxes non-interactive. */
inline void initGuiTests(const char* applicationName)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("KeypolicyStudioTests"));
    QCoreApplication::setApplicationName(QString::fromLatin1(applicationName));
    QSettings().clear();
    ui::MessageBox::setNonInteractive(true);
}

/** Shows the window with the live check's pause set to zero; false when it is never exposed. */
inline bool showWindow(ui::MainWindow& window)
{
    window.checker()->setInterval(0);
    window.show();
    return QTest::qWaitForWindowExposed(&window);
}

/** Closes the window, discarding unsaved changes, and destroys it. */
inline void closeWindow(std::unique_ptr<ui::MainWindow>& window)
{
    ui::MessageBox::setNextAnswer(QMessageBox::Discard);
    window->close();
    window.reset();
}

/** The first child of type T with this accessible name, or nullptr. */
template <typename T>
T* byName(QWidget* parent, const QString& accessibleName)
{
    const auto all = parent->findChildren<T*>();
    for (T* w : all) {
        if (w->accessibleName() == accessibleName) {
            return w;
        }
    }
    return nullptr;
}

/** Whether the Findings dock lists a finding with this code. */
inline bool hasFinding(const ui::MainWindow& window, const char* code)
{
    for (const Finding& f : window.findingsModel()->findings()) {
        if (f.code == code) {
            return true;
        }
    }
    return false;
}

} // namespace kps::test
