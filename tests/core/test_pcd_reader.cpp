#include "CloudTestSupport.h"

#include "io/PcdReader.h"

#include <QtTest/QtTest>

using namespace cloudtest;
using pointq::DataError;

namespace {

float at2(const at::Tensor& tensor, int64_t row, int64_t column)
{
    return tensor[row][column].item<float>();
}

std::string header(const std::string& data, const std::string& sizes = "WIDTH 1\nHEIGHT 1\nPOINTS 1\n")
{
    return "VERSION 0.7\nFIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nCOUNT 1 1 1\n" + sizes + "DATA " + data + "\n";
}

// A binary_compressed file of one x y z point whose LZF payload is lzf.
std::string compressedFile(const std::string& lzf)
{
    return header("binary_compressed") + bytesOf(uint32_t(lzf.size())) + bytesOf(uint32_t(12)) + lzf;
}

} // namespace

class PcdReaderTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void realFilesHaveDeclaredPoints()
    {
        QCOMPARE(pointq::readPcd(scanPath("bunny.pcd")).size(), int64_t(397));
        QCOMPARE(pointq::readPcd(scanPath("lamppost.pcd")).size(), int64_t(1771));
        QCOMPARE(pointq::readPcd(scanPath("milk_binary_compressed.pcd")).size(), int64_t(13704));
    }

    void bunnyFirstPointMatchesText()
    {
        const pointq::PointCloud cloud = pointq::readPcd(scanPath("bunny.pcd"));
        QCOMPARE(at2(cloud.positions, 0, 0), 0.0054216f);
        QCOMPARE(at2(cloud.positions, 0, 1), 0.11349f);
        QCOMPARE(at2(cloud.positions, 0, 2), 0.040749f);
    }

    void binaryPackedRgbAndNormals()
    {
        const pointq::PointCloud cloud = pointq::readPcd(scanPath("colored_cloud.pcd"));
        QCOMPARE(cloud.size(), int64_t(1000));
        QVERIFY(cloud.colors.defined());
        QVERIFY(cloud.normals.defined());
        QVERIFY(cloud.colors.max().item<float>() <= 255.0f);
        QVERIFY(cloud.colors.max().item<float>() > 0.0f);
        const at::Tensor lengths = cloud.normals.norm(2, 1);
        QVERIFY(((lengths - 1).abs() < 1e-3).all().item<bool>());
    }

    void asciiRgbFloatKeepsSubnormals()
    {
        const pointq::PointCloud cloud = pointq::readPcd(bugCasePath("pcd_ascii_rgb_float.pcd"));
        QCOMPARE(cloud.size(), int64_t(8));
        const float expected[8][3] = {{255, 0, 0},   {0, 255, 0},     {0, 0, 255},     {255, 255, 255},
                                      {200, 30, 30}, {10, 20, 30},    {127, 127, 127}, {0, 0, 0}};
        for (int i = 0; i < 8; ++i) {
            for (int j = 0; j < 3; ++j)
                QCOMPARE(at2(cloud.colors, i, j), expected[i][j]);
        }
    }

    void truncatedCompressedFails()
    {
        const std::string path = bugCasePath("pcd_bc_truncated.pcd");
        const DataError error = expectDataError([&] { pointq::readPcd(path); });
        QCOMPARE(error.file(), path);
        QVERIFY(error.detail().find("9897 compressed bytes declared") != std::string::npos);
        QVERIFY(error.detail().find("4948 present") != std::string::npos);
    }

    void organizedNanPointsDropped()
    {
        const std::string text = header("ascii", "WIDTH 2\nHEIGHT 2\nPOINTS 4\n") +
                                 "1 2 3\nnan nan nan\n4 5 6\n7 inf 8\n";
        WarningCapture capture;
        const pointq::PointCloud cloud = pointq::parsePcd(text, "organized.pcd");
        QCOMPARE(cloud.size(), int64_t(2));
        QCOMPARE(at2(cloud.positions, 1, 0), 4.0f);
        QVERIFY(capture.contains("dropped 2 of 4 points"));
    }

    void countFieldsAreSkipped()
    {
        const std::string text = "FIELDS x y z hist\nSIZE 4 4 4 4\nTYPE F F F F\nCOUNT 1 1 1 3\nWIDTH 1\n"
                                 "HEIGHT 1\nDATA binary\n" +
                                 bytesOf(1.0f) + bytesOf(2.0f) + bytesOf(3.0f) + std::string(12, '\x7f');
        const pointq::PointCloud cloud = pointq::parsePcd(text, "hist.pcd");
        QCOMPARE(cloud.size(), int64_t(1));
        QCOMPARE(at2(cloud.positions, 0, 2), 3.0f);
    }

    void pointsDisagreeWithWidthHeight()
    {
        const DataError error = expectDataError(
            [] { pointq::parsePcd(header("ascii", "WIDTH 3\nHEIGHT 1\nPOINTS 4\n") + "1 2 3\n", "count.pcd"); });
        QVERIFY(error.detail().find("POINTS 4") != std::string::npos);
        QVERIFY(error.position().find("header line") != std::string::npos);
    }

    void unknownDataKindFails()
    {
        const DataError error = expectDataError([] { pointq::parsePcd(header("binary_lzma"), "kind.pcd"); });
        QVERIFY(error.detail().find("binary_lzma") != std::string::npos);
        QCOMPARE(error.position(), std::string("header line 9"));
    }

    void hugeBinaryCountFailsFast()
    {
        const std::string text = header("binary", "WIDTH 1000000000000\nHEIGHT 1\nPOINTS 1000000000000\n") +
                                 std::string(12, '\0');
        const DataError error = expectDataError([&] { pointq::parsePcd(text, "huge.pcd"); });
        QVERIFY(error.detail().find("only 12 bytes") != std::string::npos);
    }

    void asciiShortFileFails()
    {
        const DataError error = expectDataError(
            [] { pointq::parsePcd(header("ascii", "WIDTH 3\nHEIGHT 1\n") + "1 2 3\n", "short.pcd"); });
        QVERIFY(error.detail().find("ends after 1") != std::string::npos);
    }

    void lzfRoundTrip()
    {
        // Literal "abc", then a back-reference of 6 bytes at distance 3.
        const std::string stream = std::string("\x02" "abc") + '\x80' + '\x02';
        QCOMPARE(pointq::decompressLzf(stream, 9, "unit"), std::string("abcabcabc"));
    }

    void lzfOverrunsFail()
    {
        const DataError before = expectDataError([] { pointq::parsePcd(compressedFile(std::string("\x20\x00", 2)), "ref.pcd"); });
        QVERIFY(before.detail().find("before the start of the output") != std::string::npos);
        const DataError input =
            expectDataError([] { pointq::parsePcd(compressedFile(std::string("\x1f" "abc")), "input.pcd"); });
        QVERIFY(input.detail().find("past the end of the input") != std::string::npos);
        const DataError output =
            expectDataError([] { pointq::parsePcd(compressedFile("\x0c" + std::string(13, 'a')), "output.pcd"); });
        QVERIFY(output.detail().find("past the declared uncompressed size") != std::string::npos);
        const DataError shortOutput =
            expectDataError([] { pointq::parsePcd(compressedFile("\x02" + std::string(3, 'a')), "few.pcd"); });
        QVERIFY(shortOutput.detail().find("got 3") != std::string::npos);
    }

    void badHeaderValuesFail()
    {
        const DataError type = expectDataError(
            [] { pointq::parsePcd("FIELDS x y z\nSIZE 4 4 4\nTYPE F F Q\nWIDTH 1\nDATA ascii\n1 2 3\n", "t.pcd"); });
        QCOMPARE(type.position(), std::string("header line 3"));
        const DataError sizes = expectDataError(
            [] { pointq::parsePcd("FIELDS x y z\nSIZE 4 4\nTYPE F F F\nWIDTH 1\nDATA ascii\n1 2 3\n", "s.pcd"); });
        QCOMPARE(sizes.position(), std::string("header line 2"));
        const DataError noData = expectDataError([] { pointq::parsePcd("FIELDS x y z\nSIZE 4 4 4\n", "d.pcd"); });
        QVERIFY(noData.detail().find("DATA") != std::string::npos);
        const DataError noZ = expectDataError(
            [] { pointq::parsePcd("FIELDS x y\nSIZE 4 4\nTYPE F F\nWIDTH 1\nDATA ascii\n1 2\n", "z.pcd"); });
        QVERIFY(noZ.detail().find("x, y and z") != std::string::npos);
        const DataError word = expectDataError([] { pointq::parsePcd(header("ascii") + "1 two 3\n", "w.pcd"); });
        QCOMPARE(word.position(), std::string("line 10, point 0"));
    }
};

QTEST_GUILESS_MAIN(PcdReaderTest)
#include "test_pcd_reader.moc"
