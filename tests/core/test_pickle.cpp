#include "common/Errors.h"
#include "common/Log.h"
#include "io/Pickle.h"
#include "io/Zip.h"

#include <QtTest/QtTest>

#include <filesystem>
#include <map>

namespace {

const std::string kDataDir = POINTQ_TEST_DATA_DIR;
const std::string kMarkerFile = "/tmp/pointq_rejected_global_ran";

using Kind = pointq::PickleValue::Kind;

// Writes pickle opcodes by hand, so tests can build streams no Python pickler writes.
class PickleBuilder {
public:
    PickleBuilder& op(unsigned char code)
    {
        m_bytes += static_cast<char>(code);
        return *this;
    }
    PickleBuilder& proto(int version) { return op(0x80).op(static_cast<unsigned char>(version)); }
    PickleBuilder& global(const std::string& module, const std::string& name)
    {
        op('c');
        m_bytes += module + "\n" + name + "\n";
        return *this;
    }
    PickleBuilder& text(const std::string& value)
    {
        op('X');
        appendLittleEndian(value.size(), 4);
        m_bytes += value;
        return *this;
    }
    PickleBuilder& shortBytes(const std::string& value)
    {
        op('C').op(static_cast<unsigned char>(value.size()));
        m_bytes += value;
        return *this;
    }
    PickleBuilder& int1(int value) { return op('K').op(static_cast<unsigned char>(value)); }
    PickleBuilder& raw(const std::string& bytes)
    {
        m_bytes += bytes;
        return *this;
    }
    // Appends a _rebuild_tensor_v2 call over a float storage.
    PickleBuilder& floatTensor(const std::string& key, int storageSize, int offset, std::vector<int> size,
                               std::vector<int> stride)
    {
        global("torch._utils", "_rebuild_tensor_v2").op('(');
        op('(').text("storage").global("torch", "FloatStorage").text(key).text("cpu").int1(storageSize).op('t').op('Q');
        int1(offset);
        op('(');
        for (const int dimension : size)
            int1(dimension);
        op('t').op('(');
        for (const int step : stride)
            int1(step);
        op('t').op(0x89).global("collections", "OrderedDict").op(')').op('R').op('t').op('R');
        return *this;
    }
    std::string str() const { return m_bytes; }

private:
    void appendLittleEndian(uint64_t value, int width)
    {
        for (int i = 0; i < width; ++i)
            m_bytes += static_cast<char>((value >> (8 * i)) & 0xff);
    }

    std::string m_bytes;
};

std::string floatBytes(std::vector<float> values)
{
    return std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
}

pointq::PickleValuePtr unpickleBytes(const std::string& bytes, const pointq::StorageReader& reader = {})
{
    return pointq::unpickle(bytes, "test.pth", "archive/data.pkl", reader);
}

std::string checkpointErrorMessage(const std::string& bytes, const pointq::StorageReader& reader = {})
{
    try {
        unpickleBytes(bytes, reader);
    } catch (const pointq::CheckpointError& error) {
        return error.what();
    }
    return "no CheckpointError";
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

pointq::PickleValuePtr unpickleArchive(const std::string& path)
{
    const pointq::ZipReader archive(path);
    const std::string root = archive.entryNames().front().substr(0, archive.entryNames().front().find('/'));
    return pointq::unpickle(archive.readEntry(root + "/data.pkl"), path, root + "/data.pkl",
                            [&](const std::string& key) { return archive.readEntry(root + "/data/" + key); });
}

} // namespace

Q_DECLARE_METATYPE(std::string)

class PickleTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void realCheckpointPickleBuildsTree()
    {
        const pointq::PickleValuePtr top = unpickleArchive(kDataDir + "/parity/mn40_s_trained_weights_only.pth");
        QCOMPARE(top->kind, Kind::Dict);
        QCOMPARE(top->entries.size(), size_t{3});
        const pointq::PickleValue* model = top->get("model");
        QVERIFY(model != nullptr);
        QCOMPARE(model->entries.size(), size_t{84});
        QCOMPARE(model->entries.front().first->text, std::string("encoder.encoder.0.0.convs.0.0.weight"));
        QCOMPARE(model->entries.front().second->tensor.sizes().vec(), std::vector<int64_t>({32, 3, 1}));
        QCOMPARE(top->get("epoch")->intValue, int64_t{25});
        QCOMPARE(top->get("best_val")->floatValue, 73.45132743362832);
    }

    void numpyScalarsAndArraysAreDecoded()
    {
        const pointq::PickleValuePtr top = unpickleArchive(kDataDir + "/bug-cases/ckpt_numpy_scalar.pth");
        QCOMPARE(top->get("epoch")->kind, Kind::Int);
        QCOMPARE(top->get("epoch")->intValue, int64_t{100});
        QCOMPARE(top->get("best_val")->kind, Kind::Float);
        QCOMPARE(top->get("best_val")->floatValue, 93.41);
        QCOMPARE(top->get("lr")->floatValue, static_cast<double>(0.001f));
        const pointq::PickleValue* history = top->get("val_oa_history");
        QCOMPARE(history->kind, Kind::Tensor);
        QCOMPARE(history->tensor.scalar_type(), at::kFloat);
        QCOMPARE(history->tensor[0].item<float>(), 88.5f);
        QCOMPARE(history->tensor[1].item<float>(), 91.25f);
        QCOMPARE(history->tensor[2].item<float>(), 93.41f);
    }

    void storageIsReadOnceForSharedViews()
    {
        // Two views of one six-float storage: a transposed 2x2 at offset 2 and the whole storage.
        const std::string bytes = PickleBuilder()
                                      .proto(2)
                                      .op('(')
                                      .floatTensor("7", 6, 2, {2, 2}, {1, 2})
                                      .floatTensor("7", 6, 0, {6}, {1})
                                      .op('l')
                                      .op('.')
                                      .str();
        std::map<std::string, int> reads;
        const pointq::PickleValuePtr list = unpickleBytes(bytes, [&](const std::string& key) {
            ++reads[key];
            return floatBytes({0, 1, 2, 3, 4, 5});
        });
        QCOMPARE(reads, (std::map<std::string, int>{{"7", 1}}));
        const at::Tensor view = list->items[0]->tensor;
        QVERIFY(view.is_contiguous());
        QVERIFY(at::equal(view, at::tensor({2.0f, 4.0f, 3.0f, 5.0f}).reshape({2, 2})));
        QCOMPARE(list->items[1]->tensor.numel(), int64_t{6});
        // Each tensor owns its memory, so a change to one leaves the other as read.
        list->items[1]->tensor.zero_();
        QCOMPARE(view[0][0].item<float>(), 2.0f);
    }

    void viewPastStorageIsRejected()
    {
        const std::string bytes = PickleBuilder().proto(2).floatTensor("0", 4, 1, {2, 2}, {2, 1}).op('.').str();
        const std::string message = checkpointErrorMessage(bytes, [](const std::string&) { return floatBytes({0, 1, 2, 3}); });
        QVERIFY2(contains(message, "reaches past its storage of 4 elements"), message.c_str());
    }

    void shortStorageIsRejected()
    {
        const std::string bytes = PickleBuilder().proto(2).floatTensor("0", 6, 0, {6}, {1}).op('.').str();
        const std::string message = checkpointErrorMessage(bytes, [](const std::string&) { return floatBytes({0, 1}); });
        QVERIFY2(contains(message, "storage '0' has only 8 bytes, too few for 6 elements"), message.c_str());
    }

    void rejectedGlobalNamesGlobalAndOffset_data()
    {
        QTest::addColumn<std::string>("bytes");
        QTest::addColumn<std::string>("expected");
        QTest::newRow("posix.system") << PickleBuilder().proto(2).global("posix", "system").text("touch " + kMarkerFile)
                                             .op(0x85).op('R').op('.').str()
                                      << std::string("rejected global 'posix.system'");
        QTest::newRow("builtins.eval") << PickleBuilder().proto(4).text("builtins").text("eval").op(0x93).op('.').str()
                                       << std::string("rejected global 'builtins.eval'");
        QTest::newRow("__builtin__.getattr") << PickleBuilder().proto(2).int1(1).global("__builtin__", "getattr").op('.').str()
                                             << std::string("rejected global '__builtin__.getattr'");
    }

    void rejectedGlobalNamesGlobalAndOffset()
    {
        QFETCH(std::string, bytes);
        QFETCH(std::string, expected);
        std::filesystem::remove(kMarkerFile);
        const std::string message = checkpointErrorMessage(bytes);
        QVERIFY2(contains(message, expected), message.c_str());
        QVERIFY2(contains(message, "test.pth: entry archive/data.pkl, byte "), message.c_str());
        QVERIFY(!std::filesystem::exists(kMarkerFile));
    }

    void rejectedGlobalOffsetIsExact()
    {
        const std::string bytes = PickleBuilder().proto(2).op(')').op('0').global("os", "system").op('.').str();
        QVERIFY(contains(checkpointErrorMessage(bytes), "byte 4: rejected global 'os.system'"));
    }

    void malformedStreamsAreRejected_data()
    {
        QTest::addColumn<std::string>("bytes");
        QTest::addColumn<std::string>("expected");
        QTest::newRow("unknown opcode") << PickleBuilder().proto(2).op(0xff).str()
                                        << std::string("byte 2: unknown pickle opcode 0xff");
        QTest::newRow("text INT opcode") << PickleBuilder().proto(2).raw("I12\n").op('.').str()
                                         << std::string("unsupported pickle opcode INT");
        QTest::newRow("stack underflow") << PickleBuilder().proto(2).int1(1).op(0x86).str()
                                         << std::string("byte 4: pickle stack underflow");
        QTest::newRow("pop below mark") << PickleBuilder().proto(2).int1(1).op('(').op('0').str()
                                        << std::string("pickle stack underflow");
        QTest::newRow("SETITEMS without mark") << PickleBuilder().proto(2).op('}').op('u').str()
                                               << std::string("no MARK before this opcode");
        QTest::newRow("empty STOP") << PickleBuilder().proto(2).op('.').str() << std::string("pickle stack underflow");
        QTest::newRow("cut string") << PickleBuilder().proto(2).raw(std::string("X\x64\0\0\0abcde", 10)).str()
                                    << std::string("truncated pickle stream: the opcode needs 100 more bytes, 5 remain");
        QTest::newRow("no STOP") << PickleBuilder().proto(2).op('N').str()
                                 << std::string("truncated pickle stream: the opcode needs 1 more bytes, 0 remain");
        QTest::newRow("cut GLOBAL") << PickleBuilder().proto(2).raw("ccollections\nOrdered").str()
                                    << std::string("has no terminating newline");
        QTest::newRow("protocol 1") << PickleBuilder().proto(1).op('N').op('.').str()
                                    << std::string("unsupported pickle protocol 1");
        QTest::newRow("no PROTO") << PickleBuilder().op('N').op('.').str() << std::string("no PROTO opcode");
        QTest::newRow("missing memo") << PickleBuilder().proto(2).op('h').op(9).op('.').str()
                                      << std::string("memo key 9 was never stored");
        QTest::newRow("BUILD on list") << PickleBuilder().proto(2).op(']').op('N').op('b').op('.').str()
                                       << std::string("BUILD on list is not supported");
        QTest::newRow("call storage class") << PickleBuilder().proto(2).global("torch", "FloatStorage").op(')').op('R').op('.').str()
                                            << std::string("cannot call torch.FloatStorage");
        QTest::newRow("bad persistent id") << PickleBuilder().proto(2).text("x").op(0x85).op('Q').op('.').str()
                                           << std::string("unsupported persistent id");
        QTest::newRow("codecs utf8") << PickleBuilder().proto(2).global("_codecs", "encode").text("a").text("utf8")
                                            .op(0x86).op('R').op('.').str()
                                     << std::string("encoding 'utf8' is not supported");
    }

    void malformedStreamsAreRejected()
    {
        QFETCH(std::string, bytes);
        QFETCH(std::string, expected);
        const std::string message = checkpointErrorMessage(bytes);
        QVERIFY2(contains(message, expected), message.c_str());
        QVERIFY2(contains(message, "test.pth"), message.c_str());
    }

    void realPickleCutInTheMiddle()
    {
        const std::string path = kDataDir + "/parity/mn40_s_trained_weights_only.pth";
        const pointq::ZipReader archive(path);
        const std::string pickle = archive.readEntry("mn40_s_trained_weights_only/data.pkl");
        const auto reader = [&](const std::string& key) {
            return archive.readEntry("mn40_s_trained_weights_only/data/" + key);
        };
        const std::string message = checkpointErrorMessage(pickle.substr(0, pickle.size() / 2), reader);
        QVERIFY2(contains(message, "truncated pickle stream"), message.c_str());
    }

    void protocolFourOpcodesAreRead()
    {
        // FRAME, SHORT_BINUNICODE, MEMOIZE, STACK_GLOBAL, NEWOBJ, LONG1 and BINGET as protocol 4 writes them.
        std::string frame = PickleBuilder()
                                .op(0x8c).op(11).raw("collections").op(0x94)
                                .op(0x8c).op(11).raw("OrderedDict").op(0x94)
                                .op(0x93).op(0x94).op(')').op(0x81).op(0x94)
                                .op('(').op(0x8c).op(1).raw("a").op(0x8a).op(1).op(0xff)
                                .op(0x8c).op(1).raw("b").op(0x8a).op(9).raw(std::string(9, '\x01'))
                                .op(0x8c).op(1).raw("c").op('h').op(0).op('u').op('.')
                                .str();
        const std::string bytes = PickleBuilder().proto(4).op(0x95).raw(std::string("\x40\0\0\0\0\0\0\0", 8)).raw(frame).str();
        const pointq::PickleValuePtr dict = unpickleBytes(bytes);
        QCOMPARE(dict->kind, Kind::Dict);
        QCOMPARE(dict->get("a")->intValue, int64_t{-1});
        QCOMPARE(dict->get("b")->kind, Kind::Object);
        QCOMPARE(dict->get("b")->describe(), std::string("int wider than 64 bits"));
        QCOMPARE(dict->get("c")->text, std::string("collections"));
    }

    void duplicateDictKeysReplaceInPlace()
    {
        const std::string bytes = PickleBuilder()
                                      .proto(2).op('}').op('(').text("a").int1(1).text("b").int1(2).text("a").int1(3).op('u')
                                      .text("b").int1(4).op('s').op('.')
                                      .str();
        const pointq::PickleValuePtr dict = unpickleBytes(bytes);
        QCOMPARE(dict->entries.size(), size_t{2});
        QCOMPARE(dict->entries[0].first->text, std::string("a"));
        QCOMPARE(dict->entries[0].second->intValue, int64_t{3});
        QCOMPARE(dict->entries[1].second->intValue, int64_t{4});
    }

    void deeplyNestedListsAreReleased()
    {
        // A million nested lists in 2 MB: destroying them recursively would overflow the stack.
        const size_t depth = 1000000;
        const std::string bytes = "\x80\x02" + std::string(depth, ']') + std::string(depth - 1, 'a') + ".";
        pointq::PickleValuePtr outer = unpickleBytes(bytes);
        QCOMPARE(outer->kind, Kind::List);
        QCOMPARE(outer->items.size(), size_t{1});
        outer.reset();
    }

    void numpyObjectArrayIsSkippedWithWarning()
    {
        const std::string bytes = PickleBuilder()
                                      .proto(3)
                                      .global("numpy.core.multiarray", "_reconstruct")
                                      .global("numpy", "ndarray").int1(0).op(0x85).shortBytes("b").op(0x87).op('R')
                                      .op('(').int1(1).int1(2).op(0x85)
                                      .global("numpy", "dtype").text("O8").op(0x89).op(0x88).op(0x87).op('R')
                                      .op('(').int1(3).text("|").op('N').op('N').op('N').int1(255).int1(255).int1(63).op('t').op('b')
                                      .op(0x89).op(']').op('t').op('b').op('.')
                                      .str();
        std::vector<std::string> warnings;
        const pointq::LogSink previous = pointq::setLogSink(
            [&](pointq::LogLevel level, std::string_view, const std::string& message) {
                if (level == pointq::LogLevel::Warning)
                    warnings.push_back(message);
            });
        const pointq::PickleValuePtr value = unpickleBytes(bytes);
        pointq::setLogSink(previous);
        QCOMPARE(value->kind, Kind::Object);
        QCOMPARE(value->describe(), std::string("numpy array (skipped)"));
        QCOMPARE(warnings.size(), size_t{1});
        QVERIFY2(contains(warnings[0], "numpy.core.multiarray._reconstruct"), warnings[0].c_str());
    }

    void numpyFortranArrayIsTransposed()
    {
        const std::string bytes = PickleBuilder()
                                      .proto(3)
                                      .global("numpy.core.multiarray", "_reconstruct")
                                      .global("numpy", "ndarray").int1(0).op(0x85).shortBytes("b").op(0x87).op('R')
                                      .op('(').int1(1).int1(2).int1(3).op(0x86)
                                      .global("numpy", "dtype").text("f4").op(0x89).op(0x88).op(0x87).op('R')
                                      .op('(').int1(3).text("<").op('N').op('N').op('N').int1(255).int1(255).int1(0).op('t').op('b')
                                      .op(0x88).shortBytes(floatBytes({0, 3, 1, 4, 2, 5})).op('t').op('b').op('.')
                                      .str();
        const pointq::PickleValuePtr value = unpickleBytes(bytes);
        QCOMPARE(value->kind, Kind::Tensor);
        QVERIFY(at::equal(value->tensor, at::arange(6, at::kFloat).reshape({2, 3})));
    }
};

QTEST_GUILESS_MAIN(PickleTest)
#include "test_pickle.moc"
