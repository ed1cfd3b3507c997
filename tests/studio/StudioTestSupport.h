#pragma once

// Shared set-up of the workbench tests: a QApplication with VTK's surface format,
// QSettings and QStandardPaths in test mode, and the bundled demo inputs.
#include "SessionController.h"
#include "StudioSetup.h"
#include "render/VtkRenderWidget.h"

#include <QApplication>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <QtTest/QtTest>

namespace pointq::studio::testing {

inline QString sourceDir()
{
    return QStringLiteral(POINTQ_SOURCE_DIR);
}

inline QString demoConfig()
{
    return sourceDir() + QStringLiteral("/cfgs/modelnet40ply2048/pointnext-s.yaml");
}

inline QString demoCheckpoint()
{
    return QStringLiteral(POINTQ_TEST_DATA_DIR) + QStringLiteral("/parity/mn40_s_trained_weights_only.pth");
}

inline QString demoData()
{
    return QStringLiteral(POINTQ_TEST_DATA_DIR) + QStringLiteral("/modelnet40/modelnet40_ply_hdf5_2048");
}

/// Sets few calibration clouds and timed runs, so a quantize run on the demo takes seconds.
inline void useQuickSettings(SessionController& controller)
{
    QuantizationOptions options = controller.session().quantization;
    options.calibrationClouds = 16;
    options.warmupRuns = 1;
    options.timedRuns = 3;
    controller.setQuantization(options);
}

/// Runs a test object inside a QApplication set up as pointq-studio sets up its own,
/// with settings and application data kept apart from the user's.
template <typename Test>
int runStudioTest(int argc, char* argv[])
{
    pointq::widgets::VtkRenderWidget::setDefaultSurfaceFormat();
    QApplication application(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("PointQ"));
    QApplication::setApplicationName(QStringLiteral("PointQ Studio Tests"));
    QStandardPaths::setTestModeEnabled(true);
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    // A window layout saved by an earlier test run would override the default one.
    QSettings().clear();
    // As in pointq-studio under an English locale: "%n cloud(s)" reads "1 cloud" and "2 clouds".
    if (!pointq::studio::installEnglishPluralForms(application))
        return 1;
    Test test;
    return QTest::qExec(&test, argc, argv);
}

} // namespace pointq::studio::testing
