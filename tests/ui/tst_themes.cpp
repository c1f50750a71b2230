// SPDX-License-Identifier: GPL-3.0-or-later
// View > Theme: System, Light and Dark, remembered across runs; the JSON colours, the underlines and the diff tints
// stay readable on both palettes (contrast measured on the real widgets' colours).
#include "GuiFixture.h"
#include "model/PolicyDocument.h"
#include "model/SeverityStyle.h"
#include "ui/DiffDialog.h"
#include "ui/JsonEditor.h"
#include "ui/MainWindow.h"
#include "ui/features/Features.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QSettings>
#include <QStyle>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

using namespace kps;
using namespace kps::ui;
using namespace kps::test;

namespace {

/** WCAG relative luminance and contrast ratio. */
double luminance(const QColor& c)
{
    auto channel = [](double v) {
        return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

double contrast(const QColor& a, const QColor& b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace

class TestThemes : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MainWindow> m_window;

    /** The foreground colours the highlighter gave line `line` of the JSON view. */
    QList<QColor> jsonColours(int line) const
    {
        QList<QColor> colours;
        const QTextBlock block = m_window->jsonEditor()->document()->findBlockByNumber(line);
        for (const QTextLayout::FormatRange& range : block.layout()->formats()) {
            if (range.format.hasProperty(QTextFormat::ForegroundBrush)) {
                colours << range.format.foreground().color();
            }
        }
        return colours;
    }

    void checkReadable(const char* theme)
    {
        const QColor base = m_window->jsonEditor()->palette().color(QPalette::Base);
        const QList<QColor> colours = jsonColours(1); // `  "Version": "2012-10-17",`: a key and a string
        QVERIFY2(colours.size() >= 2, theme);
        for (const QColor& c : colours) {
            QVERIFY2(contrast(c, base) >= 3.0, qPrintable(QString::fromLatin1(theme) + QLatin1Char(' ') + c.name()));
        }
        for (Severity severity : {Severity::Error, Severity::Security, Severity::Warning, Severity::Suggestion}) {
            const QColor c = model::SeverityStyle::color(severity, m_window->jsonEditor()->palette());
            QVERIFY2(contrast(c, base) >= 3.0, qPrintable(QString::fromLatin1(theme) + QLatin1Char(' ') + c.name()));
        }
        DiffDialog diff(
            "a\nb\n", "a\nc\n", QStringLiteral("before"), QStringLiteral("after"), DiffDialog::Mode::Review);
        const QTextBlock changed = diff.unifiedView()->document()->findBlockByNumber(1);
        const QColor tint = changed.blockFormat().background().color();
        const QColor text = diff.palette().color(QPalette::Text);
        QVERIFY2(tint.isValid() && contrast(text, tint) >= 4.5, qPrintable(QString::fromLatin1(theme) + tint.name()));
    }

private slots:
    void initTestCase() { initGuiTests("tst_themes"); }

    void init()
    {
        m_window = std::make_unique<MainWindow>();
        QVERIFY(showWindow(*m_window));
        m_window->document()->load("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}\n");
    }

    void cleanup() { closeWindow(m_window); }

    void themeMenuOffersThreeChoices()
    {
        QAction* theme = m_window->action(u"actionTheme");
        QVERIFY(theme && theme->menu());
        QStringList texts;
        for (QAction* a : theme->menu()->actions()) {
            texts << a->text();
        }
        QCOMPARE(texts, (QStringList{QStringLiteral("System"), QStringLiteral("Light"), QStringLiteral("Dark")}));
        QVERIFY(m_window->findChild<QAction*>(QStringLiteral("actionThemeSystem"))->isChecked());
    }

    void darkAndLightAreReadableAndRemembered()
    {
        m_window->findChild<QAction*>(QStringLiteral("actionThemeDark"))->trigger();
        QCOMPARE(m_window->themes()->theme(), Theme::Dark);
        QTRY_VERIFY(m_window->jsonEditor()->palette().color(QPalette::Base).lightness() < 80);
        checkReadable("dark");
        QCOMPARE(QSettings().value(QStringLiteral("theme")).toString(), QStringLiteral("dark"));

        m_window->findChild<QAction*>(QStringLiteral("actionThemeLight"))->trigger();
        QTRY_VERIFY(m_window->jsonEditor()->palette().color(QPalette::Base).lightness() > 200);
        checkReadable("light");

        // The next window starts in the remembered theme.
        closeWindow(m_window);
        m_window = std::make_unique<MainWindow>();
        QCOMPARE(m_window->themes()->theme(), Theme::Light);
        QVERIFY(m_window->findChild<QAction*>(QStringLiteral("actionThemeLight"))->isChecked());
        m_window->themes()->setTheme(Theme::System);
    }

    void namesOnTheCommandLine()
    {
        QCOMPARE(ThemeController::themeNamed(QStringLiteral("DARK")), std::optional<Theme>(Theme::Dark));
        QCOMPARE(ThemeController::themeNamed(QStringLiteral("system")), std::optional<Theme>(Theme::System));
        QVERIFY(!ThemeController::themeNamed(QStringLiteral("solarized")));
    }
};

QTEST_MAIN(TestThemes)
#include "tst_themes.moc"
