#include "CloudTestSupport.h"

#include "io/PlyReader.h"

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

using namespace cloudtest;
using pointq::DataError;

namespace {

float at2(const at::Tensor& tensor, int64_t row, int64_t column)
{
    return tensor[row][column].item<float>();
}

const char* kBinaryHeader = "ply\nformat binary_little_endian 1.0\nelement vertex 2\n"
                            "property float x\nproperty float y\nproperty float z\nend_header\n";

} // namespace

class PlyReaderTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void asciiBunnyHasAllVertices()
    {
        const pointq::PointCloud cloud = pointq::readPly(scanPath("bunny_ascii.ply"));
        QCOMPARE(cloud.size(), int64_t(35947));
        QCOMPARE(at2(cloud.positions, 0, 0), -0.0378297f);
        QCOMPARE(at2(cloud.positions, 0, 1), 0.12794f);
        QCOMPARE(at2(cloud.positions, 0, 2), 0.00447467f);
        QVERIFY(cloud.intensity.defined());
        QCOMPARE(cloud.intensity[0].item<float>(), 0.5f);
        QVERIFY(!cloud.normals.defined());
        QVERIFY(!cloud.colors.defined());
    }

    void binaryBunnyHasAllVertices()
    {
        const pointq::PointCloud cloud = pointq::readPly(scanPath("bunny_binary.ply"));
        QCOMPARE(cloud.size(), int64_t(2885));
        QVERIFY(cloud.positions.abs().max().item<float>() < 10.0f);
    }

    void crlfHeaderBinaryIsNotShifted()
    {
        const pointq::PointCloud cloud = pointq::readPly(bugCasePath("ply_crlf_binary.ply"));
        QCOMPARE(cloud.size(), int64_t(8));
        QVERIFY(cloud.positions.abs().eq(1.0f).all().item<bool>());
        for (int j = 0; j < 3; ++j)
            QCOMPARE(at2(cloud.positions, 0, j), -1.0f);
        QCOMPARE(at2(cloud.colors, 0, 0), 255.0f);
        QCOMPARE(at2(cloud.colors, 0, 1), 0.0f);
        QCOMPARE(at2(cloud.colors, 0, 2), 0.0f);
        QCOMPARE(at2(cloud.positions, 7, 0), -1.0f);
        QCOMPARE(at2(cloud.positions, 7, 1), 1.0f);
        QCOMPARE(at2(cloud.positions, 7, 2), 1.0f);
        for (int j = 0; j < 3; ++j)
            QCOMPARE(at2(cloud.colors, 7, j), 10.0f);
    }

    void vertexListPropertyIsSkipped()
    {
        const pointq::PointCloud cloud = pointq::readPly(bugCasePath("ply_vertex_listprop_face0.ply"));
        QCOMPARE(cloud.size(), int64_t(30));
        for (int64_t i = 0; i < 30; ++i) {
            QCOMPARE(at2(cloud.positions, i, 0), static_cast<float>(0.1 * i));
            QCOMPARE(at2(cloud.positions, i, 1), static_cast<float>(0.2 * i));
            QCOMPARE(at2(cloud.positions, i, 2), 1.0f);
            QCOMPARE(at2(cloud.normals, i, 0), 0.0f);
            QCOMPARE(at2(cloud.normals, i, 1), 0.0f);
            QCOMPARE(at2(cloud.normals, i, 2), 1.0f);
        }
    }

    void bigEndianDoublesAndLabels()
    {
        std::string bytes = "ply\nformat binary_big_endian 1.0\nelement face 1\nproperty list uchar int vertex_indices\n"
                            "element vertex 2\nproperty double x\nproperty double y\nproperty double z\n"
                            "property short label\nend_header\n";
        const auto bigEndian = [](auto value) {
            std::string raw = bytesOf(value);
            return std::string(raw.rbegin(), raw.rend());
        };
        bytes += std::string(1, '\x02') + bigEndian(int32_t(0)) + bigEndian(int32_t(1));
        for (int i = 0; i < 2; ++i)
            bytes += bigEndian(1.5 + i) + bigEndian(-2.0) + bigEndian(0.25) + bigEndian(int16_t(7 + i));
        const pointq::PointCloud cloud = pointq::parsePly(bytes, "big.ply");
        QCOMPARE(cloud.size(), int64_t(2));
        QCOMPARE(at2(cloud.positions, 1, 0), 2.5f);
        QCOMPARE(at2(cloud.positions, 1, 1), -2.0f);
        QCOMPARE(at2(cloud.positions, 1, 2), 0.25f);
        QCOMPARE(cloud.labels[1].item<int64_t>(), int64_t(8));
    }

    void truncatedBinaryFails()
    {
        const std::string bytes = readBytes(scanPath("bunny_binary.ply"));
        // Faces follow the vertices and are never read, so cut inside the vertices.
        const std::string half = bytes.substr(0, bytes.find("end_header\n") + 11 + 1000);
        const DataError error = expectDataError([&] { pointq::parsePly(half, "half.ply"); });
        QCOMPARE(error.file(), std::string("half.ply"));
        QVERIFY(error.position().find("byte") != std::string::npos);
        QVERIFY(error.detail().find("2885") != std::string::npos);
    }

    void truncatedFacesFail()
    {
        // Every vertex is present, but the file ends inside the face element that follows.
        const std::string bytes = readBytes(scanPath("bunny_binary.ply"));
        const std::string half = bytes.substr(0, bytes.size() / 2);
        const DataError error = expectDataError([&] { pointq::parsePly(half, "half.ply"); });
        QVERIFY2(error.position().find("face") != std::string::npos, error.what());
        QVERIFY2(error.position().find("byte") != std::string::npos, error.what());

        const std::string text = readBytes(scanPath("bunny_ascii.ply"));
        const std::string cut = text.substr(0, text.size() - 2000);
        const DataError asciiError = expectDataError([&] { pointq::parsePly(cut, "cut.ply"); });
        QVERIFY2(asciiError.detail().find("face records") != std::string::npos, asciiError.what());
    }

    void truncatedRecordNamesVertex()
    {
        // Two records of at least 13 bytes fit in the 26 bytes present, but the
        // first list has one item, so the second record ends inside z.
        const std::string bytes = std::string("ply\nformat binary_little_endian 1.0\nelement vertex 2\n"
                                              "property float x\nproperty float y\nproperty float z\n"
                                              "property list uchar float extra\nend_header\n") +
                                  std::string(12, '\0') + '\x01' + std::string(13, '\0');
        const DataError error = expectDataError([&] { pointq::parsePly(bytes, "short.ply"); });
        QVERIFY(error.position().find("vertex 1") != std::string::npos);
        QVERIFY(error.detail().find("property 'z'") != std::string::npos);
    }

    void missingEndHeaderFails()
    {
        const DataError error = expectDataError(
            [] { pointq::parsePly("ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\n", "open.ply"); });
        QVERIFY(error.detail().find("end_header") != std::string::npos);
        QCOMPARE(error.position(), std::string("header line 4"));
    }

    void hugeVertexCountFailsFast()
    {
        std::string bytes = kBinaryHeader;
        bytes.replace(bytes.find("vertex 2"), 8, "vertex 1000000000000");
        bytes += std::string(24, '\0');
        const DataError error = expectDataError([&] { pointq::parsePly(bytes, "huge.ply"); });
        QVERIFY(error.detail().find("1000000000000") != std::string::npos);
        QVERIFY(error.detail().find("24 bytes") != std::string::npos);

        const std::string ascii = "ply\nformat ascii 1.0\nelement vertex 1000000000000\nproperty float x\n"
                                  "property float y\nproperty float z\nend_header\n1 2 3\n";
        const DataError asciiError = expectDataError([&] { pointq::parsePly(ascii, "huge_ascii.ply"); });
        QVERIFY(asciiError.detail().find("ends after 1") != std::string::npos);
    }

    void badHeaderLinesFail()
    {
        const DataError magic = expectDataError([] { pointq::parsePly("plx\nend_header\n", "a.ply"); });
        QCOMPARE(magic.position(), std::string("header line 1"));
        const DataError format =
            expectDataError([] { pointq::parsePly("ply\nformat binary_middle_endian 1.0\nend_header\n", "b.ply"); });
        QCOMPARE(format.position(), std::string("header line 2"));
        const DataError type = expectDataError(
            [] { pointq::parsePly("ply\nformat ascii 1.0\nelement vertex 1\nproperty float128 x\nend_header\n", "c.ply"); });
        QCOMPARE(type.position(), std::string("header line 4"));
        const DataError noVertex =
            expectDataError([] { pointq::parsePly("ply\nformat ascii 1.0\nelement face 0\nend_header\n", "d.ply"); });
        QVERIFY(noVertex.detail().find("element vertex") != std::string::npos);
        const DataError noZ = expectDataError([] {
            pointq::parsePly("ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nend_header\n1 2\n",
                             "e.ply");
        });
        QCOMPARE(noZ.position(), std::string("header line 3"));
    }

    void asciiNonNumberNamesLine()
    {
        const std::string ascii = "ply\nformat ascii 1.0\nelement vertex 2\nproperty float x\nproperty float y\n"
                                  "property float z\nend_header\n1 2 3\n4 five 6\n";
        const DataError error = expectDataError([&] { pointq::parsePly(ascii, "word.ply"); });
        QCOMPARE(error.position(), std::string("line 9, vertex 1"));
        QVERIFY(error.detail().find("'five'") != std::string::npos);
    }

    void missingFileFails()
    {
        const DataError error = expectDataError([] { pointq::readPly("/nonexistent/cloud.ply"); });
        QCOMPARE(error.file(), std::string("/nonexistent/cloud.ply"));
    }
};

QTEST_GUILESS_MAIN(PlyReaderTest)
#include "test_ply_reader.moc"
