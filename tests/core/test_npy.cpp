#include "common/Errors.h"
#include "io/Npy.h"
#include "io/Zip.h"

#include <QtTest/QtTest>

#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <sys/resource.h>

namespace {

const std::string kIoDir = std::string(POINTQ_TEST_DATA_DIR) + "/io/";
const std::string kSharedParity = std::string(POINTQ_SHARED_DIR) + "/parity/";

std::string npyBytes(const std::string& header, const std::string& data, int major = 1)
{
    std::string bytes = "\x93NUMPY";
    bytes += static_cast<char>(major);
    bytes += '\0';
    const size_t length = header.size();
    bytes += static_cast<char>(length & 0xff);
    bytes += static_cast<char>((length >> 8) & 0xff);
    if (major > 1)
        bytes += std::string(2, '\0');
    return bytes + header + data;
}

std::string rawBytes(const void* data, size_t size)
{
    return std::string(static_cast<const char*>(data), size);
}

std::string readFile(const std::string& path)
{
    std::ifstream stream(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(stream), {});
}

void writeFile(const std::string& path, const std::string& bytes)
{
    std::ofstream(path, std::ios::binary) << bytes;
}

template <typename Function>
std::string dataErrorMessage(Function function)
{
    try {
        function();
    } catch (const pointq::DataError& error) {
        return error.what();
    }
    return "no DataError";
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

Q_DECLARE_METATYPE(std::string)

class NpyTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void npzSubsetNamesDtypesAndShapes()
    {
        const pointq::NamedTensors arrays = pointq::readNpz(kIoDir + "mn40_s_io_subset_deflated.npz");
        const std::vector<std::string> expectedNames = {"label", "pred", "logits", "centroid", "scale",
                                                        "stage4_fps_idx", "stage4_bq_idx", "logits_b8"};
        QCOMPARE(arrays.names(), expectedNames);
        QCOMPARE(arrays.at("label").scalar_type(), at::kLong);
        QCOMPARE(arrays.at("label").sizes().vec(), std::vector<int64_t>({113}));
        QCOMPARE(arrays.at("logits").scalar_type(), at::kFloat);
        QCOMPARE(arrays.at("logits").sizes().vec(), std::vector<int64_t>({113, 40}));
        QCOMPARE(arrays.at("centroid").sizes().vec(), std::vector<int64_t>({113, 3}));
        QCOMPARE(arrays.at("stage4_bq_idx").scalar_type(), at::kInt);
        QCOMPARE(arrays.at("stage4_bq_idx").sizes().vec(), std::vector<int64_t>({4, 64, 32}));
        QCOMPARE(arrays.at("logits_b8").sizes().vec(), std::vector<int64_t>({8, 40}));
    }

    void npzSubsetValuesAreConsistent()
    {
        const pointq::NamedTensors arrays = pointq::readNpz(kIoDir + "mn40_s_io_subset_deflated.npz");
        const at::Tensor& label = arrays.at("label");
        const at::Tensor& pred = arrays.at("pred");
        // pred is the argmax of logits, and 83 of the 113 shapes are right (73.45 %).
        QVERIFY(at::equal(pred, arrays.at("logits").argmax(1)));
        QCOMPARE(pred.eq(label).sum().item<int64_t>(), int64_t{83});
        QCOMPARE(std::get<0>(at::_unique(label)).numel(), int64_t{31});
        QCOMPARE(label[112].item<int64_t>(), int64_t{39});
        QCOMPARE(arrays.at("logits")[0][0].item<float>(), 4.160348415374756f);
        // Stage-4 ball query indexes the 128 points of stage 3.
        QVERIFY(arrays.at("stage4_bq_idx").min().item<int32_t>() >= 0);
        QVERIFY(arrays.at("stage4_bq_idx").max().item<int32_t>() < 128);
        QVERIFY(at::allclose(arrays.at("logits_b8"), arrays.at("logits").slice(0, 0, 8), 0.0, 1e-5));
    }

    void storedAndDeflatedNpzAgree()
    {
        const pointq::NamedTensors stored = pointq::readNpz(kIoDir + "mn40_s_io_subset_stored.npz");
        const pointq::NamedTensors deflated = pointq::readNpz(kIoDir + "mn40_s_io_subset_deflated.npz");
        QCOMPARE(stored.names(), deflated.names());
        for (const auto& [name, tensor] : stored)
            QVERIFY2(at::equal(tensor, deflated.at(name)), name.c_str());
    }

    void sharedSmallNpzMatchesSubset()
    {
        const std::string path = kSharedParity + "mn40_s_trained_io_small.npz";
        if (!std::filesystem::exists(path))
            QSKIP("the shared parity folder is not present");
        const pointq::NamedTensors arrays = pointq::readNpz(path);
        QCOMPARE(arrays.size(), size_t{28});
        QVERIFY(!arrays.contains("x"));
        QCOMPARE(arrays.at("pos").scalar_type(), at::kFloat);
        QCOMPARE(arrays.at("pos").sizes().vec(), std::vector<int64_t>({113, 1024, 3}));
        QCOMPARE(arrays.at("stage1_bq_idx").sizes().vec(), std::vector<int64_t>({4, 512, 32}));
        QCOMPARE(arrays.at("stage0_feat").sizes().vec(), std::vector<int64_t>({4, 32, 1024}));
        for (const auto& [name, tensor] : pointq::readNpz(kIoDir + "mn40_s_io_subset_stored.npz"))
            QVERIFY2(at::equal(tensor, arrays.at(name)), name.c_str());
    }

    void sharedStoredNpzHasTransposedInput()
    {
        const std::string path = kSharedParity + "mn40_s_trained_io.npz";
        if (!std::filesystem::exists(path))
            QSKIP("the shared parity folder is not present");
        const pointq::NamedTensors arrays = pointq::readNpz(path);
        QCOMPARE(arrays.at("x").sizes().vec(), std::vector<int64_t>({113, 3, 1024}));
        QVERIFY(at::equal(arrays.at("x"), arrays.at("pos").transpose(1, 2)));
        QCOMPARE(arrays.at("stage1_fps_idx").sizes().vec(), std::vector<int64_t>({16, 512}));
    }

    void roundTripEachDtype_data()
    {
        QTest::addColumn<int>("scalarType");
        for (const at::ScalarType type : {at::kFloat, at::kDouble, at::kInt, at::kLong, at::kByte, at::kChar, at::kShort,
                                          at::kBool, at::kHalf})
            QTest::newRow(c10::toString(type)) << static_cast<int>(type);
    }

    void roundTripEachDtype()
    {
        QFETCH(int, scalarType);
        const auto type = static_cast<at::ScalarType>(scalarType);
        QTemporaryDir folder;
        const std::string path = folder.filePath("array.npy").toStdString();
        const std::vector<std::vector<int64_t>> shapes = {{}, {5}, {2, 3, 4}, {0, 3}};
        for (const std::vector<int64_t>& shape : shapes) {
            const at::Tensor source = (at::randn(shape, at::kDouble) * 50).to(type);
            pointq::writeNpy(path, source);
            const at::Tensor loaded = pointq::readNpy(path);
            QCOMPARE(loaded.scalar_type(), type);
            QCOMPARE(loaded.sizes().vec(), shape);
            QVERIFY(at::equal(loaded, source));
            const std::string bytes = readFile(path);
            QCOMPARE(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
            QCOMPARE((10 + static_cast<unsigned char>(bytes[8]) + 256 * static_cast<unsigned char>(bytes[9])) % 64, 0);
        }
    }

    void writeUsesCOrderAndPythonTuples()
    {
        QTemporaryDir folder;
        const std::string path = folder.filePath("t.npy").toStdString();
        const at::Tensor transposed = at::arange(6, at::kInt).reshape({2, 3}).t();
        pointq::writeNpy(path, transposed);
        QVERIFY(contains(readFile(path), "'shape': (3, 2), }"));
        QVERIFY(at::equal(pointq::readNpy(path), transposed.contiguous()));
        pointq::writeNpy(path, at::zeros({7}, at::kFloat));
        QVERIFY(contains(readFile(path), "'descr': '<f4', 'fortran_order': False, 'shape': (7,), }"));
    }

    void writeRejectsUnsupportedDtype()
    {
        QTemporaryDir folder;
        const std::string path = folder.filePath("complex.npy").toStdString();
        writeFile(path, "keep me");
        const std::string message = dataErrorMessage([&] { pointq::writeNpy(path, at::zeros({2}, at::kComplexFloat)); });
        QVERIFY2(contains(message, "cannot write an NPY array of dtype"), message.c_str());
        QCOMPARE(readFile(path), std::string("keep me"));
        QCOMPARE(QDir(folder.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
    }

    void failedWriteKeepsExistingFile()
    {
        QTemporaryDir folder;
        const std::string path = folder.filePath("big.npy").toStdString();
        writeFile(path, "previous content");

        // A 64 KiB file size limit makes write() fail part way through the 4 MB array.
        struct rlimit previous;
        QCOMPARE(getrlimit(RLIMIT_FSIZE, &previous), 0);
        const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
        struct rlimit limited = previous;
        limited.rlim_cur = 64 * 1024;
        QCOMPARE(setrlimit(RLIMIT_FSIZE, &limited), 0);
        const std::string message = dataErrorMessage([&] { pointq::writeNpy(path, at::ones({1024, 1024}, at::kFloat)); });
        setrlimit(RLIMIT_FSIZE, &previous);
        std::signal(SIGXFSZ, previousHandler);

        QVERIFY2(contains(message, "writing the array failed"), message.c_str());
        QVERIFY2(contains(message, path), message.c_str());
        QCOMPARE(readFile(path), std::string("previous content"));
        QCOMPARE(QDir(folder.path()).entryList(QDir::Files | QDir::Hidden), QStringList({"big.npy"}));
    }

    void writeIntoMissingFolderFails()
    {
        QTemporaryDir folder;
        const std::string path = folder.filePath("absent/array.npy").toStdString();
        const std::string message = dataErrorMessage([&] { pointq::writeNpy(path, at::zeros({2})); });
        QVERIFY2(contains(message, "cannot create a temporary file"), message.c_str());
        QVERIFY(!std::filesystem::exists(path));
    }

    void badNpyIsRejected_data()
    {
        const std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n";
        const float values[2] = {1.5f, -2.0f};
        const std::string data = rawBytes(values, sizeof values);
        QTest::addColumn<std::string>("bytes");
        QTest::addColumn<std::string>("expected");
        QTest::newRow("bad magic") << ("\x93NUMPZ" + npyBytes(header, data).substr(6)) << std::string("bad magic");
        QTest::newRow("too short") << std::string("\x93NU") << std::string("bad magic");
        QTest::newRow("version 4") << npyBytes(header, data, 4) << std::string("unsupported NPY format version 4");
        QTest::newRow("fortran order")
            << npyBytes("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", data) << std::string("fortran_order is True");
        QTest::newRow("short data") << npyBytes(header, data.substr(0, 6)) << std::string("truncated data");
        QTest::newRow("huge shape")
            << npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (100000000000, 100000000000), }", data)
            << std::string("truncated data");
        QTest::newRow("long data") << npyBytes(header, data + "xx") << std::string("does not match the shape");
        QTest::newRow("not a dict") << npyBytes("['<f4', False, (2,)]", data) << std::string("not a Python dict literal");
        QTest::newRow("missing key") << npyBytes("{'descr': '<f4', 'shape': (2,)}", data) << std::string("lacks");
        QTest::newRow("extra key")
            << npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", data)
            << std::string("unexpected header key 'x'");
        QTest::newRow("object dtype")
            << npyBytes("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", data) << std::string("object array");
        QTest::newRow("complex dtype")
            << npyBytes("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", data) << std::string("unsupported dtype '<c8'");
        QTest::newRow("structured dtype")
            << npyBytes("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", data)
            << std::string("structured arrays");
        QTest::newRow("truncated header") << npyBytes(header, data).substr(0, 30) << std::string("truncated NPY header");
        QTest::newRow("bad dimension")
            << npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }", data)
            << std::string("non-negative integer dimension");
    }

    void badNpyIsRejected()
    {
        QFETCH(std::string, bytes);
        QFETCH(std::string, expected);
        QTemporaryDir folder;
        const std::string path = folder.filePath("bad.npy").toStdString();
        writeFile(path, bytes);
        const std::string message = dataErrorMessage([&] { pointq::readNpy(path); });
        QVERIFY2(contains(message, expected), message.c_str());
        QVERIFY2(contains(message, path), message.c_str());
    }

    void versionThreeAndBigEndianAreRead()
    {
        const uint8_t bigEndianFloats[8] = {0x3f, 0xc0, 0, 0, 0xc0, 0, 0, 0};  // 1.5, -2.0
        const at::Tensor floats = pointq::parseNpy(
            npyBytes("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", rawBytes(bigEndianFloats, 8), 3), "t.npy");
        QCOMPARE(floats[0].item<float>(), 1.5f);
        QCOMPARE(floats[1].item<float>(), -2.0f);

        const uint8_t bigEndianLong[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe};
        const at::Tensor longs = pointq::parseNpy(
            npyBytes("{'descr': '>i8', 'fortran_order': False, 'shape': (), }", rawBytes(bigEndianLong, 8), 2), "t.npy");
        QCOMPARE(longs.dim(), int64_t{0});
        QCOMPARE(longs.item<int64_t>(), int64_t{-2});
    }

    void uint16WidensAndBoolNormalizes()
    {
        const uint16_t shorts[2] = {65535, 7};
        const at::Tensor widened = pointq::parseNpy(
            npyBytes("{'descr': '<u2', 'fortran_order': False, 'shape': (2,), }", rawBytes(shorts, 4)), "t.npy");
        QCOMPARE(widened.scalar_type(), at::kInt);
        QCOMPARE(widened[0].item<int32_t>(), 65535);

        const at::Tensor flags = pointq::parseNpy(
            npyBytes("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", std::string("\x00\x01\x05", 3)), "t.npy");
        QCOMPARE(flags.scalar_type(), at::kBool);
        QCOMPARE(flags.sum().item<int64_t>(), int64_t{2});
    }

    void npzObjectArrayNamesEntry()
    {
        const std::string path = kIoDir + "object_array.npz";
        const std::string message = dataErrorMessage([&] { pointq::readNpz(path); });
        QVERIFY2(contains(message, "entry objects.npy"), message.c_str());
        QVERIFY2(contains(message, "pickled Python objects are rejected"), message.c_str());
        QVERIFY2(contains(message, path), message.c_str());
    }

    void npzAbsurdEntrySizeIsRejected()
    {
        const std::string message = dataErrorMessage([&] { pointq::readNpz(kIoDir + "absurd_entry_size.npz"); });
        QVERIFY2(contains(message, "entry big.npy"), message.c_str());
        QVERIFY2(contains(message, "4294967280 bytes is impossible"), message.c_str());
    }

    void npzThatIsNotZipIsRejected()
    {
        QTemporaryDir folder;
        const std::string path = folder.filePath("random.npz").toStdString();
        writeFile(path, std::string(300, '\x5a'));
        const std::string message = dataErrorMessage([&] { pointq::readNpz(path); });
        QVERIFY2(contains(message, "not an npz archive"), message.c_str());

        const std::string missing = folder.filePath("missing.npz").toStdString();
        QVERIFY(contains(dataErrorMessage([&] { pointq::readNpz(missing); }), "not found"));
        QVERIFY(contains(dataErrorMessage([&] { pointq::readNpy(missing); }), "not found"));
    }

    void zipReaderListsAndReadsEntries()
    {
        const pointq::ZipReader archive(kIoDir + "mn40_s_io_subset_stored.npz");
        QCOMPARE(archive.entryNames().size(), size_t{8});
        QVERIFY(archive.contains("label.npy"));
        QVERIFY(!archive.contains("label"));
        QCOMPARE(archive.entrySize("label.npy"), std::uint64_t{1032});
        QCOMPARE(archive.readEntry("label.npy").size(), size_t{1032});
        try {
            archive.readEntry("absent.npy");
            QFAIL("reading a missing entry did not throw");
        } catch (const pointq::ZipError& error) {
            QCOMPARE(error.reason(), pointq::ZipError::Reason::EntryNotFound);
            QCOMPARE(error.position(), std::string("entry absent.npy"));
        }
    }
};

QTEST_GUILESS_MAIN(NpyTest)
#include "test_npy.moc"
