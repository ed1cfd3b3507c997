// pointq-studio: the desktop workbench. All logic lives in the pointq_studio library.
#include "FirstLaunchGuide.h"
#include "MainWindow.h"
#include "SessionController.h"
#include "StudioSetup.h"
#include "render/VtkRenderWidget.h"

#include "common/Allocator.h"
#include "common/BlasKernels.h"
#include "common/Errors.h"

#include <QApplication>
#include <QSettings>
#include <QTimer>

#include <iostream>

namespace {

// Opens the demo session and closes the window again; returns the exit code, 0 when the
// demo loaded. The package test runs it to check that an installed workbench starts,
// finds its shipped demo files and keeps its settings where QSettings puts them.
int runSmokeTest(pointq::studio::MainWindow& window)
{
    window.setShowsDialogs(false);
    // The exit code below decides, not the close that quits the application.
    QApplication::setQuitOnLastWindowClosed(false);
    QObject::connect(window.controller(), &pointq::studio::SessionController::errorOccurred,
                     [](const QString& action, const QString& message) {
                         std::cerr << "pointq-studio: " << action.toStdString() << ": " << message.toStdString() << "\n";
                     });
    try {
        pointq::studio::demoInputs();
    } catch (const pointq::Error& error) {
        std::cerr << "pointq-studio: " << error.what() << "\n";
    }
    const bool loaded = window.openDemo();
    if (loaded)
        std::cout << "demo session loaded: " << window.controller()->session().configPath.toStdString() << "\n";
    else
        std::cout << "demo session failed to load\n";
    // Closing saves the window layout, as a user's close does.
    window.close();
    std::cout << "settings: " << QSettings().fileName().toStdString() << "\n";
    return loaded ? 0 : 1;
}

} // namespace

int main(int argc, char* argv[])
{
    pointq::restartWithFasterBlasKernels(argv);
    pointq::keepFreedTensorMemory();
    // VTK needs an OpenGL 3.2 core context, and Qt fixes the format when the application starts.
    pointq::widgets::VtkRenderWidget::setDefaultSurfaceFormat();
    QApplication application(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("PointQ"));
    QApplication::setApplicationName(QStringLiteral("PointQ Studio"));
    QApplication::setApplicationVersion(QStringLiteral(POINTQ_VERSION));
    pointq::studio::installTranslations(application, pointq::studio::localeOf(pointq::studio::languageSetting()));
    pointq::studio::applyTheme(application,
                               pointq::studio::themeFromName(QSettings().value(QStringLiteral("theme")).toString()));

    const pointq::studio::StartupRequest request = pointq::studio::parseCommandLine(application.arguments());
    if (!request.error.isEmpty()) {
        std::cerr << "pointq-studio: " << request.error.toStdString()
                  << "\nusage: pointq-studio [SESSION.pqsession] [--cfg FILE --pretrained FILE --data PATH] "
                     "[--no-demo] [--no-recovery] [--smoke-test] [key=value ...]\n";
        return 2;
    }

    pointq::studio::MainWindow window;
    window.show();
    // Loading waits for the event loop, so the window appears before the model loads.
    QTimer::singleShot(0, &window, [&window, request] {
        if (request.smokeTest) {
            QApplication::exit(runSmokeTest(window));
            return;
        }
        if (!request.noRecovery && window.offerRecovery())
            return;
        if (!request.sessionPath.isEmpty())
            window.openPath(request.sessionPath);
        else if (!request.configPath.isEmpty())
            window.controller()->openInputs(request.configPath, request.checkpointPath, request.dataPath, request.overrides);
        else if (!request.noDemo && window.openDemo() && pointq::studio::FirstLaunchGuide::showsAtStartup(request))
            pointq::studio::FirstLaunchGuide::showOnFirstLaunch(&window);
    });
    return application.exec();
}
