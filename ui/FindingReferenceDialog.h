// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QTextBrowser;

namespace kps::ui {

/** The finding reference, built from kps::ruleCatalogue(): every code with its severity, title and help. */
class FindingReferenceDialog : public QDialog
{
    Q_OBJECT

public:
    explicit FindingReferenceDialog(QWidget* parent = nullptr);
    /** Scrolls to a code's entry. */
    void showCode(const QString& code);
    QTextBrowser* browser() const { return m_browser; }
    /** The reference as HTML (one anchor per code). */
    static QString html();

private:
    QTextBrowser* m_browser;
};

} // namespace kps::ui
