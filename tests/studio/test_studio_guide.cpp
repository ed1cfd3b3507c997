// The first-launch guide: which command lines show it, the "Don't show again" setting,
// the Help menu entry, that it never blocks the window, and its translation.
#include "StudioTestSupport.h"

#include "FirstLaunchGuide.h"
#include "MainWindow.h"
#include "StudioSetup.h"

#include <QAction>
#include <QCheckBox>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>

using namespace pointq::studio;
using namespace pointq::studio::testing;

namespace {

QAction* gettingStartedAction(MainWindow& window)
{
    for (QAction* menuAction : window.menuBar()->actions()) {
        if (!menuAction->menu())
            continue;
        for (QAction* action : menuAction->menu()->actions())
            if (action->text().remove(QLatin1Char('&')) == QLatin1String("Getting Started"))
                return action;
    }
    return nullptr;
}

int openGuides(MainWindow& window)
{
    return window.findChildren<FirstLaunchGuide*>(QString(), Qt::FindDirectChildrenOnly).size();
}

} // namespace

class StudioGuideTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() { QSettings().remove(FirstLaunchGuide::dismissedKey()); }

    void plainLaunchShowsGuide()
    {
        QVERIFY(FirstLaunchGuide::showsAtStartup(parseCommandLine({QStringLiteral("pointq-studio")})));
        QVERIFY(FirstLaunchGuide::showsAtStartup(
            parseCommandLine({QStringLiteral("pointq-studio"), QStringLiteral("--no-recovery")})));
    }

    void scriptedLaunchesSkipGuide()
    {
        const QStringList launches[] = {
            {QStringLiteral("--smoke-test")},
            {QStringLiteral("--no-demo")},
            {QStringLiteral("saved.pqsession")},
            {QStringLiteral("--cfg"), QStringLiteral("a.yaml")},
            {QStringLiteral("--bogus-option")},
        };
        for (const QStringList& arguments : launches) {
            const StartupRequest request = parseCommandLine(QStringList{QStringLiteral("pointq-studio")} + arguments);
            QVERIFY2(!FirstLaunchGuide::showsAtStartup(request), qPrintable(arguments.join(QLatin1Char(' '))));
        }
    }

    void guideShowsFourStepsNonModal()
    {
        MainWindow window;
        window.show();
        FirstLaunchGuide* guide = FirstLaunchGuide::showOnFirstLaunch(&window);
        QVERIFY(guide);
        QVERIFY(guide->isVisible());
        QVERIFY(!guide->isModal());
        QCOMPARE(guide->windowModality(), Qt::NonModal);
        QCOMPARE(QApplication::activeModalWidget(), nullptr);
        const auto* steps = guide->findChild<QLabel*>(QStringLiteral("GuideSteps"));
        QVERIFY(steps);
        QCOMPARE(steps->text().count(QStringLiteral("<li")), 4);
        QVERIFY(steps->text().contains(QStringLiteral("calibration data")));
        QVERIFY(steps->text().contains(QStringLiteral("deltas")));
        // The window behind the guide stays enabled.
        QVERIFY(window.isEnabled());
        QVERIFY(!guide->dontShowAgainBox()->isChecked());
    }

    void dontShowAgainIsStoredAndHonoured()
    {
        MainWindow window;
        window.show();
        FirstLaunchGuide* guide = FirstLaunchGuide::showOnFirstLaunch(&window);
        QVERIFY(guide);
        guide->dontShowAgainBox()->setChecked(true);
        QCOMPARE(QSettings().value(FirstLaunchGuide::dismissedKey()).toBool(), true);
        guide->close();
        QTRY_COMPARE(openGuides(window), 0);

        QCOMPARE(FirstLaunchGuide::showOnFirstLaunch(&window), nullptr);
        QCOMPARE(openGuides(window), 0);
    }

    void uncheckingShowsGuideAgain()
    {
        FirstLaunchGuide::setDismissed(true);
        MainWindow window;
        FirstLaunchGuide* guide = FirstLaunchGuide::showFor(&window);
        QVERIFY(guide->dontShowAgainBox()->isChecked());
        guide->dontShowAgainBox()->setChecked(false);
        QVERIFY(!FirstLaunchGuide::isDismissed());
        guide->close();
        QTRY_COMPARE(openGuides(window), 0);
        QVERIFY(FirstLaunchGuide::showOnFirstLaunch(&window));
    }

    void helpMenuReopensDismissedGuide()
    {
        FirstLaunchGuide::setDismissed(true);
        MainWindow window;
        window.show();
        QAction* action = gettingStartedAction(window);
        QVERIFY2(action, "Help > Getting Started is missing");
        action->trigger();
        QCOMPARE(openGuides(window), 1);
        QVERIFY(window.findChild<FirstLaunchGuide*>()->isVisible());
        // A second click raises the open guide instead of adding another.
        action->trigger();
        QCOMPARE(openGuides(window), 1);
        QVERIFY(FirstLaunchGuide::isDismissed());
    }

    // Last, because it leaves the Chinese translation installed.
    void guideIsTranslated()
    {
        QVERIFY(installTranslations(*qApp, QLocale(QStringLiteral("zh_CN"))));
        MainWindow window;
        FirstLaunchGuide* guide = FirstLaunchGuide::showFor(&window);
        QCOMPARE(guide->windowTitle(), QStringLiteral("PointQ Studio 入门"));
        QCOMPARE(guide->dontShowAgainBox()->text(), QStringLiteral("不再显示此指南"));
        QVERIFY(guide->findChild<QLabel*>(QStringLiteral("GuideSteps"))->text().contains(QStringLiteral("校准数据")));
    }
};

int main(int argc, char* argv[])
{
    return runStudioTest<StudioGuideTest>(argc, argv);
}

#include "test_studio_guide.moc"
