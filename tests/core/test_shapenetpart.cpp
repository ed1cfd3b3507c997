// ShapeNetPart reading, part-segmentation inputs and `pointq quantize` on a
// BasePartSeg config. The shapes are written by the test itself in the
// shapenetcore_partanno_segmentation_benchmark_v0_normal layout, because the real
// data set is far too large to ship with the repository.
#include "CliTestSupport.h"

#include "common/Errors.h"
#include "data/ShapeNetPart.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>

using namespace pointq;

namespace {

const QString sourceDir = QStringLiteral(POINTQ_SOURCE_DIR);

// The 16 categories of synsetoffset2category.txt in the data set's order.
const char* const categoryLines =
    "Airplane\t02691156\nBag\t02773838\nCap\t02954340\nCar\t02958343\nChair\t03001627\n"
    "Earphone\t03261776\nGuitar\t03467517\nKnife\t03624134\nLamp\t03636649\nLaptop\t03642806\n"
    "Motorbike\t03790512\nMug\t03797390\nPistol\t03948459\nRocket\t04099429\nSkateboard\t04225987\n"
    "Table\t04379243\n";

void writeText(const QString& path, const QByteArray& text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text);
}

// A shape of `points` rows on a helix whose part index cycles through `parts`.
QByteArray shapeRows(int points, const std::vector<int>& parts, double scale)
{
    QByteArray text;
    for (int i = 0; i < points; ++i) {
        const double t = 0.05 * i;
        const double x = scale * std::cos(t), y = scale * 0.01 * i, z = scale * std::sin(t);
        const int part = parts[static_cast<size_t>((i * static_cast<int>(parts.size())) / points)];
        text += QByteArray::number(x, 'f', 6) + ' ' + QByteArray::number(y, 'f', 6) + ' ' + QByteArray::number(z, 'f', 6)
                + " 0.000000 1.000000 0.000000 " + QByteArray::number(part) + ".000000\n";
    }
    return text;
}

// Writes a small data set of 3 airplanes (parts 0-3) and 2 mugs (parts 36-37). The
// test split lists airplanes a1, a3 and mug m1, and the train split the rest.
void writeDataSet(const QString& root, int points = 300)
{
    writeText(root + "/synsetoffset2category.txt", categoryLines);
    writeText(root + "/02691156/a1.txt", shapeRows(points, {0, 1, 2, 3}, 1.0));
    writeText(root + "/02691156/a2.txt", shapeRows(points, {0, 1}, 2.0));
    writeText(root + "/02691156/a3.txt", shapeRows(points, {2, 3}, 0.5));
    writeText(root + "/03797390/m1.txt", shapeRows(points, {36, 37}, 1.5));
    writeText(root + "/03797390/m2.txt", shapeRows(points, {37}, 1.0));
    writeText(root + "/train_test_split/shuffled_test_file_list.json",
              "[\"shape_data/03797390/m1\", \"shape_data/02691156/a3\", \"shape_data/02691156/a1\"]");
    writeText(root + "/train_test_split/shuffled_train_file_list.json",
              "[\"shape_data/02691156/a2\", \"shape_data/03797390/m2\"]");
    writeText(root + "/train_test_split/shuffled_val_file_list.json", "[]");
}

QString errorOf(const std::function<void()>& action)
{
    try {
        action();
    } catch (const Error& error) {
        return QString::fromStdString(error.what());
    }
    return {};
}

} // namespace

class ShapeNetPartTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsSplitInCategoryOrder()
    {
        QTemporaryDir dir;
        writeDataSet(dir.path());
        const ShapeNetPartData data(dir.path().toStdString(), "test");
        QCOMPARE(data.size(), size_t(3));
        QCOMPARE(data.categoryNames().size(), size_t(16));
        QCOMPARE(QString::fromStdString(data.categoryNames()[11]), QString("Mug"));
        // Categories in file order, each folder sorted: a1, a3, then m1.
        const std::vector<std::string> files = data.files();
        QVERIFY(QString::fromStdString(files[0]).endsWith("02691156/a1.txt"));
        QVERIFY(QString::fromStdString(files[1]).endsWith("02691156/a3.txt"));
        QVERIFY(QString::fromStdString(files[2]).endsWith("03797390/m1.txt"));
        const PartShape mug = data.get(2);
        QCOMPARE(mug.category, int64_t(11));
        QCOMPARE(mug.positions.size(0), int64_t(300));
        QCOMPARE(mug.labels.min().item<int64_t>(), int64_t(36));
        QCOMPARE(mug.labels.max().item<int64_t>(), int64_t(37));
        QCOMPARE(mug.normals.select(1, 1).min().item<float>(), 1.0f);
        QVERIFY(QString::fromStdString(data.description()).contains("3 shapes in 2 categories"));
    }

    void trainvalJoinsTwoLists()
    {
        QTemporaryDir dir;
        writeDataSet(dir.path());
        writeText(dir.path() + "/train_test_split/shuffled_val_file_list.json", "[\"shape_data/02691156/a3\"]");
        QCOMPARE(ShapeNetPartData(dir.path().toStdString(), "train").size(), size_t(2));
        QCOMPARE(ShapeNetPartData(dir.path().toStdString(), "trainval").size(), size_t(3));
    }

    void rejectsBadFolders_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("category line") << "synsetoffset2category.txt" << QByteArray("Airplane\n")
                                       << "synsetoffset2category.txt: line 1: expected a category name";
        QTest::newRow("category count") << "synsetoffset2category.txt" << QByteArray("Airplane 02691156\n")
                                        << "expected the 16 ShapeNetPart categories, found 1";
        QTest::newRow("json not array") << "train_test_split/shuffled_test_file_list.json" << QByteArray("{}")
                                        << "shuffled_test_file_list.json: byte 0: invalid JSON: expected '['";
        QTest::newRow("json unterminated") << "train_test_split/shuffled_test_file_list.json"
                                           << QByteArray("[\"shape_data/02691156/a1")
                                           << "byte 24: invalid JSON: expected the closing '\"'";
        QTest::newRow("json trailing") << "train_test_split/shuffled_test_file_list.json"
                                       << QByteArray("[\"shape_data/02691156/a1\"] x")
                                       << "byte 27: invalid JSON: expected nothing after";
        QTest::newRow("entry form") << "train_test_split/shuffled_test_file_list.json" << QByteArray("[\"a1\"]")
                                    << "entry 1: split entry 'a1' is not of the form shape_data/<synset>/<token>";
        QTest::newRow("empty split") << "train_test_split/shuffled_test_file_list.json"
                                     << QByteArray("[\"shape_data/02691156/zz\"]") << "no shape of split 'test'";
    }

    void rejectsBadFolders()
    {
        QFETCH(QString, file);
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        writeDataSet(dir.path());
        writeText(dir.path() + "/" + file, content);
        const QString error = errorOf([&] { ShapeNetPartData(dir.path().toStdString(), "test"); });
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void rejectsMissingCategoryFileAndSplit()
    {
        QTemporaryDir dir;
        QString error = errorOf([&] { ShapeNetPartData(dir.path().toStdString(), "test"); });
        QVERIFY2(error.contains("synsetoffset2category.txt is missing"), qPrintable(error));
        writeDataSet(dir.path());
        error = errorOf([&] { ShapeNetPartData(dir.path().toStdString(), "everything"); });
        QVERIFY2(error.contains("unknown ShapeNetPart split 'everything'"), qPrintable(error));
        QFile::remove(dir.path() + "/train_test_split/shuffled_test_file_list.json");
        error = errorOf([&] { ShapeNetPartData(dir.path().toStdString(), "test"); });
        QVERIFY2(error.contains("shuffled_test_file_list.json") && error.contains("cannot open"), qPrintable(error));
    }

    void rejectsBadShapeFiles()
    {
        QTemporaryDir dir;
        writeDataSet(dir.path());
        // Part 36 belongs to Mug, not to Airplane.
        writeText(dir.path() + "/02691156/a1.txt", "0 0 0 0 1 0 0\n1 0 0 0 1 0 36\n");
        const ShapeNetPartData data(dir.path().toStdString(), "test");
        QString error = errorOf([&] { data.get(0); });
        QVERIFY2(error.contains("a1.txt: point 2: part index 36 does not belong to category Airplane"), qPrintable(error));
        writeText(dir.path() + "/02691156/a1.txt", "0 0 0 0 1 0 0\n1 0 0 0 1 0\n");
        error = errorOf([&] { data.get(0); });
        QVERIFY2(error.contains("a1.txt") && error.contains("line 2"), qPrintable(error));
        writeText(dir.path() + "/02691156/a1.txt", "0 0 0 0 1 0 0.5\n");
        error = errorOf([&] { data.get(0); });
        QVERIFY2(error.contains("expected an integer label"), qPrintable(error));
    }

    void parsesJsonEscapes()
    {
        const auto values = parseJsonStringArray(" [ \"a\\/b\" ,\"c\\\"d\" ]\n", "list.json");
        QCOMPARE(values.size(), size_t(2));
        QCOMPARE(QString::fromStdString(values[0]), QString("a/b"));
        QCOMPARE(QString::fromStdString(values[1]), QString("c\"d"));
        QVERIFY(parseJsonStringArray("[]", "list.json").empty());
        const QString error = errorOf([] { parseJsonStringArray("[\"a\\n\"]", "list.json"); });
        QVERIFY2(error.contains("list.json: byte 3"), qPrintable(error));
    }

    void batchFeaturesFollowFeatureKeys()
    {
        QTemporaryDir dir;
        writeDataSet(dir.path());
        const ShapeNetPartData data(dir.path().toStdString(), "test");
        PartInputOptions options;
        options.numPoints = 128;
        options.gravityDim = 1;
        const std::vector<PartShape> shapes = {data.get(0), data.get(2)};
        const PartBatch batch = makePartBatch(shapes, options);
        QCOMPARE(batch.input.positions.sizes().vec(), (std::vector<int64_t>{2, 128, 3}));
        QCOMPARE(batch.input.features.sizes().vec(), (std::vector<int64_t>{2, 7, 128}));
        QCOMPARE(batch.categories[1].item<int64_t>(), int64_t(11));
        QCOMPARE(batch.input.shapeClasses[1].item<int64_t>(), int64_t(11));
        // Normalized positions: centred, largest norm 1.
        const at::Tensor positions = batch.input.positions[0];
        QVERIFY(positions.mean(0).abs().max().item<float>() < 1e-5f);
        QVERIFY(std::fabs(positions.norm(2, 1).max().item<float>() - 1.0f) < 1e-5f);
        // Channels: pos (normalized), normals, heights from the raw y before centring.
        QVERIFY(at::equal(batch.input.features[0].slice(0, 0, 3), positions.transpose(0, 1)));
        QCOMPARE(batch.input.features[0][4].min().item<float>(), 1.0f);
        const at::Tensor rawY = batch.positions[0].select(1, 1);
        QVERIFY(at::allclose(batch.input.features[0][6], rawY - rawY.min()));
        QCOMPARE(batch.input.features[0][6].min().item<float>(), 0.0f);
        // Furthest point sampling starts at row 0, and labels follow the sampled rows.
        QCOMPARE(batch.labels[0][0].item<int64_t>(), int64_t(0));
        QVERIFY(batch.labels[1].min().item<int64_t>() >= 36);
    }

    void batchPadsShortShapesAndChecksChannels()
    {
        QTemporaryDir dir;
        writeDataSet(dir.path(), 100);
        const ShapeNetPartData data(dir.path().toStdString(), "test");
        PartInputOptions options;
        options.numPoints = 160;
        options.furthestPointSampling = false;
        int64_t repeated = 0;
        const PartBatch batch = makePartBatch({data.get(0)}, options, &repeated);
        QCOMPARE(repeated, int64_t(1));
        QVERIFY(at::equal(batch.positions[0][100], batch.positions[0][0]));
        options.featureKeys = "pos,x";
        QString error = errorOf([&] { makePartBatch({data.get(0)}, options); });
        QVERIFY2(error.contains("give 6 channels, but the encoder's in_channels is 7"), qPrintable(error));
        options.featureKeys = "pos,colors";
        error = errorOf([&] { makePartBatch({data.get(0)}, options); });
        QVERIFY2(error.contains("unknown feature key 'colors'"), qPrintable(error));
    }

    void quantizeReportsPartMiou()
    {
        QTemporaryDir dir;
        writeDataSet(dir.path(), 400);
        const QString report = dir.path() + "/report.json";
        const auto result = testing::runCli({"quantize", "--cfg", sourceDir + "/cfgs/shapenetpart/pointnext-s.yaml",
                                             "--data", dir.path(), "--calib", "2", "--batch-size", "2", "--warmup", "0",
                                             "--runs", "1", "--report", report, "dataset.common.num_points=256"},
                                            900000);
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QVERIFY2(result.out.contains("instance mIoU (%)"), qPrintable(result.out));
        QVERIFY(result.out.contains("Airplane"));
        QVERIFY(result.out.contains("Mug"));
        QVERIFY(result.out.contains("random weights"));
        QVERIFY(result.out.contains("without openpoints' optional refinement"));
        QFile file(report);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
        const QJsonObject parts = json["part_segmentation"].toObject();
        QCOMPARE(parts["shapes"].toInt(), 3);
        QCOMPARE(parts["points_per_shape"].toInt(), 256);
        const double fp32 = parts["fp32"].toObject()["instance_miou"].toDouble();
        const double int8 = parts["int8"].toObject()["instance_miou"].toDouble();
        QVERIFY(fp32 >= 0.0 && fp32 <= 100.0);
        // The JSON writes about 10 significant digits, so the delta is compared within that.
        QVERIFY(std::fabs(parts["instance_miou_delta"].toDouble() - (int8 - fp32)) < 1e-6);
        const double agreement = parts["point_agreement"].toDouble();
        QVERIFY(agreement > 0.0 && agreement <= 1.0);
        QCOMPARE(json["provenance"].toObject()["data_files"].toArray().size(), 3);
    }

    void quantizeRejectsNonShapeNetPartData()
    {
        const auto result = testing::runCli({"quantize", "--cfg", sourceDir + "/cfgs/shapenetpart/pointnext-s.yaml",
                                             "--data", QStringLiteral(POINTQ_TEST_DATA_DIR) + "/scans"},
                                            300000);
        QVERIFY(result.exitCode != 0);
        QVERIFY2(result.err.contains("BasePartSeg models need a ShapeNetPart folder"), qPrintable(result.err));
    }
};

QTEST_GUILESS_MAIN(ShapeNetPartTest)
#include "test_shapenetpart.moc"
