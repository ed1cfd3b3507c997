// pointq-studio: the desktop workbench. All logic lives in the pointq_studio library.
#include "MainWindow.h"
#include "SessionController.h"
#include "StudioSetup.h"
#include "render/VtkRenderWidget.h"

#include <QApplication>
#include <QSettings>
#include <QTimer>

#include <iostream>

int main(int argc, char* argv[])
{
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
            // Used by the package test to check that an installed workbench starts and
            // finds its shipped demo files.
            const bool loaded = window.openDemo();
            std::cout << (loaded ? "demo session loaded\n" : "demo session failed to load\n");
            QApplication::exit(loaded ? 0 : 1);
            return;
        }
        if (!request.noRecovery && window.offerRecovery())
            return;
        if (!request.sessionPath.isEmpty())
            window.openPath(request.sessionPath);
        else if (!request.configPath.isEmpty())
            window.controller()->openInputs(request.configPath, request.checkpointPath, request.dataPath, request.overrides);
        else if (!request.noDemo)
            window.openDemo();
    });
    return application.exec();
}
