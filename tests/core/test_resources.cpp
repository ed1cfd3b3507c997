#include "common/Errors.h"
#include "common/Resources.h"

#include <QtTest/QtTest>

#include <cstdlib>
#include <filesystem>

namespace fs = std::filesystem;

class ResourcesTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cleanup() { unsetenv("POINTQ_DATA_DIR"); }

    void sourceTreeDefaultsExist()
    {
        unsetenv("POINTQ_DATA_DIR");
        const pointq::BundledDefaults defaults = pointq::findBundledDefaults();
        QVERIFY2(fs::is_regular_file(defaults.config), defaults.config.c_str());
        QVERIFY2(fs::is_regular_file(defaults.checkpoint), defaults.checkpoint.c_str());
        QVERIFY2(fs::is_directory(defaults.data), defaults.data.c_str());
        QVERIFY2(fs::is_regular_file(defaults.parityConfig), defaults.parityConfig.c_str());
        QVERIFY2(fs::is_regular_file(defaults.parityCheckpoint), defaults.parityCheckpoint.c_str());
        QVERIFY2(fs::is_directory(defaults.parityData), defaults.parityData.c_str());
        // The workbench's demo and installer/run.sh open the same bundled default.
        QCOMPARE(fs::canonical(defaults.checkpoint), fs::canonical(fs::path(POINTQ_SOURCE_DIR) / "resources/demo/pointnext-demo.pth"));
        QCOMPARE(fs::canonical(defaults.config),
                 fs::canonical(fs::path(POINTQ_SOURCE_DIR) / "cfgs/pointnext-demo/pointnext-demo.yaml"));
        QCOMPARE(fs::canonical(defaults.root), fs::canonical(POINTQ_SOURCE_DIR));
    }

    void environmentOverridesRoot()
    {
        QTemporaryDir folder;
        QVERIFY(fs::create_directory(fs::path(folder.path().toStdString()) / "cfgs"));
        setenv("POINTQ_DATA_DIR", folder.path().toUtf8().constData(), 1);
        const pointq::BundledDefaults defaults = pointq::findBundledDefaults();
        QCOMPARE(defaults.root, folder.path().toStdString());
        QCOMPARE(pointq::bundledPath("cfgs/x.yaml"), folder.path().toStdString() + "/cfgs/x.yaml");
    }

    void missingRootNamesWhereItLooked()
    {
        setenv("POINTQ_DATA_DIR", "/nonexistent/pointq-data", 1);
        try {
            pointq::findBundledDefaults();
            QFAIL("expected ConfigError");
        } catch (const pointq::ConfigError& error) {
            const std::string message = error.what();
            QVERIFY2(message.find("/nonexistent/pointq-data") != std::string::npos, message.c_str());
            QVERIFY2(message.find("POINTQ_DATA_DIR") != std::string::npos, message.c_str());
        }
    }
};

QTEST_GUILESS_MAIN(ResourcesTest)
#include "test_resources.moc"
