#include "DataFixtures.h"

#include "common/Errors.h"
#include "common/Log.h"
#include "io/TextCloudReader.h"

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>

using pointq::DataError;
using pointq::TextCloudOptions;
using pointq::TextColumn;

namespace {

// Runs parse and returns the DataError it throws; fails the test when it throws nothing.
template <typename Parse>
DataError expectDataError(Parse parse)
{
    try {
        parse();
    } catch (const DataError& error) {
        return error;
    }
    return DataError("no DataError was thrown", "<none>", "<none>");
}

float valueAt(const at::Tensor& tensor, int64_t row, int64_t column)
{
    return tensor[row][column].item<float>();
}

// Collects warnings while alive, restoring the previous log sink afterwards.
class WarningCapture {
public:
    WarningCapture()
    {
        m_previous = pointq::setLogSink([this](pointq::LogLevel level, std::string_view, const std::string& message) {
            if (level == pointq::LogLevel::Warning)
                warnings.push_back(message);
        });
    }
    ~WarningCapture() { pointq::setLogSink(m_previous); }

    std::vector<std::string> warnings;

private:
    pointq::LogSink m_previous;
};

} // namespace

class TextReaderTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void modelNetFileHasPositionsAndNormals()
    {
        const pointq::PointCloud cloud =
            pointq::readTextCloud(fixtures::normalResampledDir() + "/airplane/airplane_0126.txt");
        QCOMPARE(cloud.size(), int64_t(10000));
        QVERIFY(cloud.normals.defined());
        QCOMPARE(cloud.normals.size(0), int64_t(10000));
        QVERIFY(!cloud.colors.defined());
        QVERIFY(!cloud.intensity.defined());
        // First row: -0.068510,-0.087520,0.187900,-0.639100,0.768900,0.020190
        QCOMPARE(valueAt(cloud.positions, 0, 0), static_cast<float>(-0.068510));
        QCOMPARE(valueAt(cloud.positions, 0, 2), static_cast<float>(0.187900));
        QCOMPARE(valueAt(cloud.normals, 0, 1), static_cast<float>(0.768900));
        QCOMPARE(cloud.sourceFile, fixtures::normalResampledDir() + "/airplane/airplane_0126.txt");
    }

    void modelNetRowsMatchNumpyBits()
    {
        // raw_xyz contains np.loadtxt(file, delimiter=',').astype(np.float32)[:1024, :3].
        const at::Tensor expected = fixtures::readRawArray(fixtures::parityFirst4Dir(), "raw_xyz");
        QVERIFY(expected.defined());
        const char* shapes[] = {"airplane_0126", "airplane_0178", "airplane_0206", "airplane_0224"};
        for (int64_t i = 0; i < 4; ++i) {
            TextCloudOptions options;
            options.maxRows = 1024;
            const pointq::PointCloud cloud = pointq::readTextCloud(
                fixtures::normalResampledDir() + "/airplane/" + shapes[i] + ".txt", options);
            QCOMPARE(cloud.size(), int64_t(1024));
            QVERIFY2(fixtures::sameBits(cloud.positions, expected[i]), shapes[i]);
        }
    }

    void parsesAsDoubleThenRoundsToFloat()
    {
        // 1 + 2^-24 + 10^-25 rounds up as a direct float parse, but to the double
        // 1 + 2^-24 first, which then ties to the even float 1.0, as numpy does.
        const pointq::PointCloud cloud = pointq::parseTextCloud("1.0000000596046447753906251 0 0\n", "memory");
        QCOMPARE(valueAt(cloud.positions, 0, 0), 1.0f);
    }

    void acceptsSpacesTabsSignsAndExponents()
    {
        const pointq::PointCloud cloud =
            pointq::parseTextCloud("  +1.5\t-2e-1   .25\n3 4 5\n", "memory");
        QCOMPARE(cloud.size(), int64_t(2));
        QCOMPARE(valueAt(cloud.positions, 0, 0), 1.5f);
        QCOMPARE(valueAt(cloud.positions, 0, 1), -0.2f);
        QCOMPARE(valueAt(cloud.positions, 0, 2), 0.25f);
        QCOMPARE(valueAt(cloud.positions, 1, 2), 5.0f);
    }

    void skipsCommentsBlankLinesHeaderAndCarriageReturns()
    {
        const pointq::PointCloud cloud =
            pointq::parseTextCloud("# exported\r\nx, y, z\r\n\r\n1, 2, 3\r\n# middle\r\n4, 5, 6\r\n", "memory");
        QCOMPARE(cloud.size(), int64_t(2));
        QCOMPARE(valueAt(cloud.positions, 1, 0), 4.0f);
    }

    void fourColumnsAreIntensity()
    {
        const pointq::PointCloud cloud = pointq::parseTextCloud("1 2 3 0.5\n4 5 6 0.75\n", "memory");
        QVERIFY(cloud.intensity.defined());
        QCOMPARE(cloud.intensity.size(0), int64_t(2));
        QCOMPARE(cloud.intensity[1].item<float>(), 0.75f);
        QVERIFY(!cloud.normals.defined());
    }

    void sevenColumnsKeepXyzAndWarn()
    {
        WarningCapture capture;
        const pointq::PointCloud cloud = pointq::parseTextCloud("1 2 3 4 5 6 7\n", "seven.txt");
        QCOMPARE(cloud.size(), int64_t(1));
        QVERIFY(!cloud.normals.defined());
        QVERIFY(!cloud.intensity.defined());
        QCOMPARE(capture.warnings.size(), size_t(1));
        QVERIFY(capture.warnings[0].find("seven.txt") != std::string::npos);
    }

    void explicitLayoutReadsColorsAndLabels()
    {
        TextCloudOptions options;
        options.columns = pointq::parseTextColumns("x y z r g b skip label");
        const pointq::PointCloud cloud = pointq::parseTextCloud("1 2 3 255 128 0 9 7\n", "memory", options);
        QVERIFY(cloud.colors.defined());
        QCOMPARE(valueAt(cloud.colors, 0, 1), 128.0f);
        QVERIFY(cloud.labels.defined());
        QCOMPARE(cloud.labels[0].item<int64_t>(), int64_t(7));
        QCOMPARE(pointq::formatTextColumns(options.columns), std::string("x,y,z,r,g,b,skip,label"));
    }

    void maxRowsStopsEarly()
    {
        TextCloudOptions options;
        options.maxRows = 2;
        const pointq::PointCloud cloud = pointq::parseTextCloud("1 1 1\n2 2 2\n3 3 3\nbad\n", "memory", options);
        QCOMPARE(cloud.size(), int64_t(2));
    }

    void badTokenNamesLineAndColumn()
    {
        const DataError error = expectDataError([] { pointq::parseTextCloud("1,2,3\n# c\n4,abc,6\n", "bad.csv"); });
        QCOMPARE(error.file(), std::string("bad.csv"));
        QCOMPARE(error.position(), std::string("line 3, column 2"));
        QVERIFY(error.detail().find("'abc'") != std::string::npos);
    }

    void emptyFieldIsRejected()
    {
        const DataError error = expectDataError([] { pointq::parseTextCloud("1,,3\n", "empty_field.csv"); });
        QCOMPARE(error.position(), std::string("line 1, column 2"));
        QVERIFY(error.detail().find("empty field") != std::string::npos);
    }

    void raggedRowNamesLine()
    {
        const DataError error = expectDataError([] { pointq::parseTextCloud("1 2 3\n4 5 6\n7 8\n", "ragged.xyz"); });
        QCOMPARE(error.position(), std::string("line 3"));
        QVERIFY(error.detail().find("expected 3 columns as in line 1, found 2") != std::string::npos);
    }

    void nanIsRejectedWithLine()
    {
        const DataError error = expectDataError([] { pointq::parseTextCloud("1 2 3\n4 nan 6\n", "nan.xyz"); });
        QCOMPARE(error.position(), std::string("line 2, column 2"));
        QVERIFY(error.detail().find("finite") != std::string::npos);
    }

    void infinityAndFloatOverflowAreRejected()
    {
        const DataError infinity = expectDataError([] { pointq::parseTextCloud("1 2 -inf\n", "inf.xyz"); });
        QCOMPARE(infinity.position(), std::string("line 1, column 3"));
        const DataError overflow = expectDataError([] { pointq::parseTextCloud("1e39 2 3\n", "big.xyz"); });
        QCOMPARE(overflow.position(), std::string("line 1, column 1"));
    }

    void dropNonFiniteCountsDroppedRows()
    {
        WarningCapture capture;
        TextCloudOptions options;
        options.dropNonFinite = true;
        const pointq::PointCloud cloud =
            pointq::parseTextCloud("1 2 3\nnan 0 0\n4 5 6\n0 inf 0\n", "drop.xyz", options);
        QCOMPARE(cloud.size(), int64_t(2));
        QCOMPARE(valueAt(cloud.positions, 1, 0), 4.0f);
        QCOMPARE(capture.warnings.size(), size_t(1));
        QVERIFY(capture.warnings[0].find("dropped 2 rows") != std::string::npos);
        QVERIFY(capture.warnings[0].find("line 2") != std::string::npos);
    }

    void allRowsDroppedIsAnError()
    {
        TextCloudOptions options;
        options.dropNonFinite = true;
        const DataError error =
            expectDataError([&] { pointq::parseTextCloud("nan 0 0\n", "all_nan.xyz", options); });
        QVERIFY(error.detail().find("no points left") != std::string::npos);
    }

    void emptyFileIsAnError()
    {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const QString path = folder.filePath("empty.xyz");
        QVERIFY(fixtures::writeText(path, ""));
        const DataError error = expectDataError([&] { pointq::readTextCloud(path.toStdString()); });
        QCOMPARE(error.file(), path.toStdString());
        QVERIFY(error.detail().find("no points") != std::string::npos);
    }

    void commentsOnlyIsAnError()
    {
        const DataError error = expectDataError([] { pointq::parseTextCloud("# nothing\n\n", "comments.xyz"); });
        QVERIFY(error.detail().find("no points") != std::string::npos);
    }

    void missingFileIsAnError()
    {
        const DataError error = expectDataError([] { pointq::readTextCloud("/nonexistent/cloud.xyz"); });
        QCOMPARE(error.file(), std::string("/nonexistent/cloud.xyz"));
    }

    void tooFewColumnsIsAnError()
    {
        const DataError error = expectDataError([] { pointq::parseTextCloud("1 2\n", "two.xyz"); });
        QCOMPARE(error.position(), std::string("line 1"));
        QVERIFY(error.detail().find("at least 3 columns") != std::string::npos);
    }

    void layoutColumnCountMismatchIsAnError()
    {
        TextCloudOptions options;
        options.columns = pointq::parseTextColumns("x,y,z,intensity");
        const DataError error = expectDataError([&] { pointq::parseTextCloud("1 2 3\n", "layout.xyz", options); });
        QCOMPARE(error.position(), std::string("line 1"));
        QVERIFY(error.detail().find("expected 4 columns") != std::string::npos);
    }

    void nonIntegerLabelIsAnError()
    {
        TextCloudOptions options;
        options.columns = pointq::parseTextColumns("x y z label");
        const DataError error =
            expectDataError([&] { pointq::parseTextCloud("1 2 3 1.5\n", "label.xyz", options); });
        QCOMPARE(error.position(), std::string("line 1, column 4"));
    }

    void invalidLayoutsAreRejected()
    {
        QVERIFY_THROWS_EXCEPTION(pointq::ConfigError, pointq::parseTextColumns("x y w"));
        QVERIFY_THROWS_EXCEPTION(pointq::ConfigError, pointq::parseTextColumns("x y"));
        QVERIFY_THROWS_EXCEPTION(pointq::ConfigError, pointq::parseTextColumns("x y z x"));
        QVERIFY_THROWS_EXCEPTION(pointq::ConfigError, pointq::parseTextColumns("x y z nx ny"));
        QVERIFY_THROWS_EXCEPTION(pointq::ConfigError, pointq::parseTextColumns("x y z label label"));
    }
};

QTEST_GUILESS_MAIN(TextReaderTest)
#include "test_text_reader.moc"
