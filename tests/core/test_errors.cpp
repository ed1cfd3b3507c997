#include "common/Errors.h"

#include <QtTest/QtTest>

class ErrorsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void messageNamesFileAndPosition()
    {
        const pointq::ConfigError error("expected an integer", "cfgs/a.yaml", "line 3, key model.width");
        QCOMPARE(std::string(error.what()), std::string("cfgs/a.yaml: line 3, key model.width: expected an integer"));
        QCOMPARE(error.file(), std::string("cfgs/a.yaml"));
        QCOMPARE(error.detail(), std::string("expected an integer"));
    }

    void messageWithoutFileIsDetailOnly()
    {
        const pointq::DataError error("empty cloud");
        QCOMPARE(std::string(error.what()), std::string("empty cloud"));
    }
};

QTEST_GUILESS_MAIN(ErrorsTest)
#include "test_errors.moc"
