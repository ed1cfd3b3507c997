#include "DataFixtures.h"

#include "common/Errors.h"
#include "data/Dataset.h"
#include "data/ModelNet40Ply2048Dataset.h"
#include "data/ModelNetNormalResampledDataset.h"
#include "data/SyntheticDataset.h"

#include <H5Cpp.h>

#include <QtCore/QDir>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

using pointq::DataError;

namespace {

template <typename Open>
DataError expectDataError(Open open)
{
    try {
        open();
    } catch (const DataError& error) {
        return error;
    }
    return DataError("no DataError was thrown", "<none>", "<none>");
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

// Contents of one ply_data_*.h5 file; a dataset with empty dims is left out.
struct H5Content {
    std::vector<hsize_t> dataDims;
    std::vector<hsize_t> labelDims;
    std::vector<int32_t> labels;
    float base = 0.0f;
    bool integerData = false;
};

// Writes the datasets of content; data[s][p][k] = base + s + p / 1000.
void writeH5(const QString& path, const H5Content& content)
{
    H5::H5File file(path.toStdString(), H5F_ACC_TRUNC);
    if (!content.dataDims.empty()) {
        size_t count = 1;
        for (const hsize_t extent : content.dataDims)
            count *= extent;
        const size_t perShape = count / content.dataDims[0];
        std::vector<float> values(count);
        for (size_t i = 0; i < count; ++i)
            values[i] = content.base + static_cast<float>(i / perShape) + static_cast<float>(i % perShape / 3) / 1000.0f;
        const H5::DataSpace space(static_cast<int>(content.dataDims.size()), content.dataDims.data());
        if (content.integerData) {
            std::vector<int32_t> integers(values.begin(), values.end());
            file.createDataSet("data", H5::PredType::STD_I32LE, space).write(integers.data(), H5::PredType::NATIVE_INT32);
        } else {
            file.createDataSet("data", H5::PredType::IEEE_F32LE, space).write(values.data(), H5::PredType::NATIVE_FLOAT);
        }
    }
    if (!content.labelDims.empty()) {
        const H5::DataSpace space(static_cast<int>(content.labelDims.size()), content.labelDims.data());
        file.createDataSet("label", H5::PredType::STD_U8LE, space)
            .write(content.labels.data(), H5::PredType::NATIVE_INT32);
    }
}

H5Content validContent(hsize_t shapes, std::vector<int32_t> labels, float base = 0.0f)
{
    H5Content content;
    content.dataDims = {shapes, 4, 3};
    content.labelDims = {shapes, 1};
    content.labels = std::move(labels);
    content.base = base;
    return content;
}

// A temp folder with modelnet40_ply_hdf5_2048/ply_data_test0.h5 holding content.
QString makePly2048Folder(const QTemporaryDir& root, const H5Content& content)
{
    QDir(root.path()).mkpath("modelnet40_ply_hdf5_2048");
    const QString folder = root.filePath("modelnet40_ply_hdf5_2048");
    writeH5(folder + "/ply_data_test0.h5", content);
    return folder;
}

// A normal_resampled layout with the given class and shape lists; every listed
// shape whose class folder name is given in files gets a 3-row file.
QString makeResampledFolder(const QTemporaryDir& root, const std::string& classes, const std::string& shapes,
                            const std::vector<std::string>& files)
{
    const QString folder = root.path();
    fixtures::writeText(folder + "/modelnet40_shape_names.txt", classes);
    fixtures::writeText(folder + "/modelnet40_test.txt", shapes);
    for (const std::string& file : files) {
        const QString path = QString::fromStdString(file);
        QDir(folder).mkpath(path.section('/', 0, 0));
        fixtures::writeText(folder + "/" + path, "0,0,0,0,0,1\n1,0,0,0,0,1\n0,1,0,0,0,1\n");
    }
    return folder;
}

std::string classOf(const std::string& shape)
{
    return shape.substr(0, shape.rfind('_'));
}

} // namespace

class DatasetsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void openDatasetReadsPlyAndPcdFiles()
    {
        const auto single = pointq::openDataset(fixtures::dataDir() + "/scans/bunny.pcd");
        QCOMPARE(single->size(), size_t(1));
        QCOMPARE(single->get(0).cloud.size(), int64_t(397));
        QCOMPARE(single->get(0).label, int64_t(-1));

        QTemporaryDir folder;
        QVERIFY(QFile::copy(QString::fromStdString(fixtures::dataDir() + "/scans/bunny_binary.ply"), folder.filePath("a.ply")));
        QVERIFY(QFile::copy(QString::fromStdString(fixtures::dataDir() + "/scans/bunny.pcd"), folder.filePath("b.pcd")));
        const auto mixed = pointq::openDataset(folder.path().toStdString());
        QCOMPARE(mixed->size(), size_t(2));
        QCOMPARE(mixed->get(0).cloud.size(), int64_t(2885));
        QCOMPARE(mixed->get(1).cloud.size(), int64_t(397));
    }

    void openDatasetRejectsLidarBinWithoutFormat()
    {
        const DataError error = expectDataError([] { pointq::openDataset(fixtures::dataDir() + "/scans/kitti_000008.bin"); });
        QVERIFY(std::string(error.what()).find(".ply, .pcd") != std::string::npos);
    }

    void normalResampledReadsFixture()
    {
        const pointq::ModelNetNormalResampledDataset dataset(fixtures::normalResampledDir());
        QCOMPARE(dataset.size(), size_t(4));
        QCOMPARE(dataset.classNames().size(), size_t(40));
        QCOMPARE(dataset.classNames()[23], std::string("night_stand"));
        QVERIFY(!dataset.isSynthetic());
        QCOMPARE(dataset.files().size(), size_t(6));
        QVERIFY(contains(dataset.description(), "split test"));
        QVERIFY(contains(dataset.description(), "4 shapes"));

        const at::Tensor labels = fixtures::readRawArray(fixtures::parityFirst4Dir(), "label");
        QVERIFY(labels.defined());
        const char* names[] = {"airplane_0126", "airplane_0178", "airplane_0206", "airplane_0224"};
        for (size_t i = 0; i < 4; ++i) {
            const pointq::Sample sample = dataset.get(i);
            QCOMPARE(sample.name, std::string(names[i]));
            QCOMPARE(sample.label, labels[static_cast<int64_t>(i)].item<int64_t>());
            QCOMPARE(sample.cloud.size(), int64_t(10000));
            QVERIFY(sample.cloud.normals.defined());
        }
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, dataset.get(4));
    }

    void normalResampledClassesWithUnderscores()
    {
        QTemporaryDir root;
        const QString folder =
            makeResampledFolder(root, "airplane\nnight_stand\nflower_pot\n", "night_stand_0201\nflower_pot_0001\n",
                                {"night_stand/night_stand_0201.txt", "flower_pot/flower_pot_0001.txt"});
        const pointq::ModelNetNormalResampledDataset dataset(folder.toStdString());
        QCOMPARE(dataset.size(), size_t(2));
        QCOMPARE(dataset.get(0).label, int64_t(1));
        QCOMPARE(dataset.get(1).label, int64_t(2));
        QCOMPARE(dataset.get(1).name, std::string("flower_pot_0001"));
    }

    void normalResampledMissingListFile()
    {
        const DataError error = expectDataError(
            [] { pointq::ModelNetNormalResampledDataset dataset(fixtures::normalResampledDir(), "train"); });
        QCOMPARE(error.file(), fixtures::normalResampledDir() + "/modelnet40_train.txt");
    }

    void normalResampledMissingClassList()
    {
        QTemporaryDir root;
        fixtures::writeText(root.filePath("modelnet40_test.txt"), "airplane_0001\n");
        const DataError error =
            expectDataError([&] { pointq::ModelNetNormalResampledDataset dataset(root.path().toStdString()); });
        QCOMPARE(error.file(), root.filePath("modelnet40_shape_names.txt").toStdString());
    }

    void normalResampledMissingShapeFile()
    {
        QTemporaryDir root;
        const QString folder = makeResampledFolder(root, "airplane\n", "airplane_0001\n\nairplane_0002\n",
                                                   {"airplane/airplane_0001.txt"});
        const DataError error =
            expectDataError([&] { pointq::ModelNetNormalResampledDataset dataset(folder.toStdString()); });
        QCOMPARE(error.file(), (folder + "/modelnet40_test.txt").toStdString());
        QCOMPARE(error.position(), std::string("line 3"));
        QVERIFY(contains(error.detail(), "airplane_0002.txt"));
    }

    void normalResampledUnknownClass()
    {
        QTemporaryDir root;
        const QString folder = makeResampledFolder(root, "airplane\n", "airplane_0001\nspaceship_0001\n",
                                                   {"airplane/airplane_0001.txt"});
        const DataError error =
            expectDataError([&] { pointq::ModelNetNormalResampledDataset dataset(folder.toStdString()); });
        QCOMPARE(error.position(), std::string("line 2"));
        QVERIFY(contains(error.detail(), "'spaceship'"));
    }

    void normalResampledMalformedShapeName()
    {
        QTemporaryDir root;
        const QString folder = makeResampledFolder(root, "airplane\n", "airplane\n", {});
        const DataError error =
            expectDataError([&] { pointq::ModelNetNormalResampledDataset dataset(folder.toStdString()); });
        QCOMPARE(error.position(), std::string("line 1"));
        QVERIFY(contains(error.detail(), "<class>_<number>"));
    }

    void normalResampledBlankLineInClassList()
    {
        QTemporaryDir root;
        const QString folder = makeResampledFolder(root, "airplane\n\nbed\n", "bed_0001\n", {"bed/bed_0001.txt"});
        const DataError error =
            expectDataError([&] { pointq::ModelNetNormalResampledDataset dataset(folder.toStdString()); });
        QCOMPARE(error.file(), (folder + "/modelnet40_shape_names.txt").toStdString());
        QCOMPARE(error.position(), std::string("line 2"));
    }

    void normalResampledEmptyShapeList()
    {
        QTemporaryDir root;
        const QString folder = makeResampledFolder(root, "airplane\n", "\n", {});
        const DataError error =
            expectDataError([&] { pointq::ModelNetNormalResampledDataset dataset(folder.toStdString()); });
        QVERIFY(contains(error.detail(), "shape list is empty"));
    }

    void ply2048ReadsFixture()
    {
        const pointq::ModelNet40Ply2048Dataset dataset(fixtures::ply2048Dir());
        QCOMPARE(dataset.size(), size_t(113));
        QCOMPARE(dataset.classNames(), pointq::ModelNet40Ply2048Dataset::modelNet40ClassNames());
        QCOMPARE(dataset.files().size(), size_t(3));
        QVERIFY(contains(dataset.description(), "113 shapes of 2048 points"));

        const pointq::Sample first = dataset.get(0);
        QCOMPARE(first.name, std::string("airplane_0126"));
        QCOMPARE(first.cloud.positions.sizes(), (at::IntArrayRef{2048, 3}));
        // The file contains clouds centred and scaled into the unit sphere.
        QVERIFY(first.cloud.positions.norm(2, 1).max().item<float>() <= 1.0f + 1e-6f);
        for (size_t i = 0; i < dataset.size(); ++i) {
            const pointq::Sample sample = dataset.get(i);
            QCOMPARE(dataset.classNames()[static_cast<size_t>(sample.label)], classOf(sample.name));
        }
    }

    void ply2048AcceptsParentFolder()
    {
        const pointq::ModelNet40Ply2048Dataset dataset(fixtures::dataDir() + "/modelnet40");
        QCOMPARE(dataset.size(), size_t(113));
        QCOMPARE(dataset.get(112).name, pointq::ModelNet40Ply2048Dataset(fixtures::ply2048Dir()).get(112).name);
    }

    void ply2048ReadsFilesInSortedOrder()
    {
        QTemporaryDir root;
        const QString folder = makePly2048Folder(root, validContent(2, {5, 6}, 100.0f));
        QFile::rename(folder + "/ply_data_test0.h5", folder + "/ply_data_test1.h5");
        writeH5(folder + "/ply_data_test0.h5", validContent(3, {1, 2, 3}));
        writeH5(folder + "/ply_data_train0.h5", validContent(1, {7}));

        const pointq::ModelNet40Ply2048Dataset test(root.path().toStdString());
        QCOMPARE(test.size(), size_t(5));
        const std::vector<int64_t> expected = {1, 2, 3, 5, 6};
        for (size_t i = 0; i < expected.size(); ++i)
            QCOMPARE(test.get(i).label, expected[i]);
        QCOMPARE(test.get(3).cloud.positions[0][0].item<float>(), 100.0f);
        QCOMPARE(test.get(1).cloud.positions[2][1].item<float>(), 1.002f);
        QCOMPARE(test.get(4).name, std::string("ply_data_test1_1"));
        QCOMPARE(test.classNames().size(), size_t(40));

        const pointq::ModelNet40Ply2048Dataset train(root.path().toStdString(), "train");
        QCOMPARE(train.size(), size_t(1));
        QCOMPARE(train.get(0).label, int64_t(7));
    }

    void ply2048MissingDataset()
    {
        QTemporaryDir root;
        H5Content content = validContent(2, {0, 1});
        content.dataDims.clear();
        const QString folder = makePly2048Folder(root, content);
        const DataError error = expectDataError([&] { pointq::ModelNet40Ply2048Dataset dataset(folder.toStdString()); });
        QCOMPARE(error.file(), (folder + "/ply_data_test0.h5").toStdString());
        QCOMPARE(error.position(), std::string("dataset /data"));

        QTemporaryDir other;
        content = validContent(2, {0, 1});
        content.labelDims.clear();
        const QString noLabels = makePly2048Folder(other, content);
        const DataError labelError =
            expectDataError([&] { pointq::ModelNet40Ply2048Dataset dataset(noLabels.toStdString()); });
        QCOMPARE(labelError.position(), std::string("dataset /label"));
    }

    void ply2048WrongShapes()
    {
        const std::vector<std::vector<hsize_t>> badDataDims = {{2, 4}, {2, 4, 6}, {2, 0, 3}};
        for (const std::vector<hsize_t>& dims : badDataDims) {
            QTemporaryDir root;
            H5Content content = validContent(2, {0, 1});
            content.dataDims = dims;
            const QString folder = makePly2048Folder(root, content);
            const DataError error =
                expectDataError([&] { pointq::ModelNet40Ply2048Dataset dataset(folder.toStdString()); });
            QCOMPARE(error.position(), std::string("dataset /data"));
            QVERIFY(contains(error.detail(), "(N, P, 3)"));
        }

        QTemporaryDir root;
        H5Content content = validContent(2, {0, 1, 0, 1});
        content.labelDims = {2, 2};
        const QString folder = makePly2048Folder(root, content);
        const DataError error = expectDataError([&] { pointq::ModelNet40Ply2048Dataset dataset(folder.toStdString()); });
        QCOMPARE(error.position(), std::string("dataset /label"));
    }

    void ply2048IntegerDataIsRejected()
    {
        QTemporaryDir root;
        H5Content content = validContent(2, {0, 1});
        content.integerData = true;
        const QString folder = makePly2048Folder(root, content);
        const DataError error = expectDataError([&] { pointq::ModelNet40Ply2048Dataset dataset(folder.toStdString()); });
        QCOMPARE(error.position(), std::string("dataset /data"));
        QVERIFY(contains(error.detail(), "float"));
    }

    void ply2048LabelCountMismatch()
    {
        QTemporaryDir root;
        H5Content content = validContent(2, {0, 1, 2});
        content.labelDims = {3, 1};
        const QString folder = makePly2048Folder(root, content);
        const DataError error = expectDataError([&] { pointq::ModelNet40Ply2048Dataset dataset(folder.toStdString()); });
        QCOMPARE(error.position(), std::string("dataset /label"));
        QVERIFY(contains(error.detail(), "'label' has 3 rows but 'data' has 2"));
    }

    void ply2048LabelOutOfRange()
    {
        QTemporaryDir root;
        const QString folder = makePly2048Folder(root, validContent(3, {0, 40, 1}));
        const DataError error = expectDataError([&] { pointq::ModelNet40Ply2048Dataset dataset(folder.toStdString()); });
        QCOMPARE(error.position(), std::string("dataset /label, row 1"));
        QVERIFY(contains(error.detail(), "label 40"));

        QTemporaryDir named;
        const QString namedFolder = makePly2048Folder(named, validContent(2, {0, 2}));
        fixtures::writeText(namedFolder + "/shape_names.txt", "airplane\nbed\n");
        const DataError namedError =
            expectDataError([&] { pointq::ModelNet40Ply2048Dataset dataset(namedFolder.toStdString()); });
        QCOMPARE(namedError.position(), std::string("dataset /label, row 1"));
    }

    void ply2048PointCountMismatchAcrossFiles()
    {
        QTemporaryDir root;
        const QString folder = makePly2048Folder(root, validContent(1, {0}));
        H5Content content = validContent(1, {0});
        content.dataDims = {1, 5, 3};
        writeH5(folder + "/ply_data_test1.h5", content);
        const DataError error = expectDataError([&] { pointq::ModelNet40Ply2048Dataset dataset(folder.toStdString()); });
        QCOMPARE(error.file(), (folder + "/ply_data_test1.h5").toStdString());
    }

    void ply2048ShapeNameCountMismatch()
    {
        QTemporaryDir root;
        const QString folder = makePly2048Folder(root, validContent(2, {0, 1}));
        fixtures::writeText(folder + "/ply_data_test_0_id2name.txt", "airplane_0001\n");
        const DataError error = expectDataError([&] { pointq::ModelNet40Ply2048Dataset dataset(folder.toStdString()); });
        QCOMPARE(error.file(), (folder + "/ply_data_test_0_id2name.txt").toStdString());
    }

    void ply2048NoFilesOrNotHdf5()
    {
        QTemporaryDir empty;
        const DataError none =
            expectDataError([&] { pointq::ModelNet40Ply2048Dataset dataset(empty.path().toStdString()); });
        QVERIFY(contains(none.detail(), "ply_data_test*.h5"));

        QTemporaryDir root;
        fixtures::writeText(root.filePath("ply_data_test0.h5"), "not an HDF5 file");
        const DataError garbage =
            expectDataError([&] { pointq::ModelNet40Ply2048Dataset dataset(root.path().toStdString()); });
        QCOMPARE(garbage.file(), root.filePath("ply_data_test0.h5").toStdString());
    }

    void unknownSplitIsRejected()
    {
        QVERIFY_THROWS_EXCEPTION(pointq::ConfigError,
                                 pointq::ModelNet40Ply2048Dataset(fixtures::ply2048Dir(), "validation"));
    }

    void openDatasetDetectsLayouts()
    {
        QVERIFY(dynamic_cast<pointq::ModelNetNormalResampledDataset*>(
            pointq::openDataset(fixtures::normalResampledDir()).get()));
        QVERIFY(dynamic_cast<pointq::ModelNet40Ply2048Dataset*>(pointq::openDataset(fixtures::ply2048Dir()).get()));

        QTemporaryDir parent;
        QDir(parent.path()).mkpath("modelnet40_normal_resampled");
        fixtures::writeText(parent.filePath("modelnet40_normal_resampled/modelnet40_shape_names.txt"), "bed\n");
        fixtures::writeText(parent.filePath("modelnet40_normal_resampled/modelnet40_test.txt"), "bed_0001\n");
        QDir(parent.path()).mkpath("modelnet40_normal_resampled/bed");
        fixtures::writeText(parent.filePath("modelnet40_normal_resampled/bed/bed_0001.txt"), "0 0 0\n");
        QCOMPARE(pointq::openDataset(parent.path().toStdString())->size(), size_t(1));

        QTemporaryDir h5Parent;
        makePly2048Folder(h5Parent, validContent(2, {0, 1}));
        QVERIFY(dynamic_cast<pointq::ModelNet40Ply2048Dataset*>(
            pointq::openDataset(h5Parent.path().toStdString()).get()));
    }

    void openDatasetRejectsBothModelNetLayouts()
    {
        const DataError error = expectDataError([] { pointq::openDataset(fixtures::dataDir() + "/modelnet40"); });
        QVERIFY(contains(error.detail(), "modelnet40_normal_resampled"));
        QVERIFY(contains(error.detail(), "modelnet40_ply_hdf5_2048"));
    }

    void openDatasetReadsLooseClouds()
    {
        const std::string file = fixtures::normalResampledDir() + "/airplane/airplane_0224.txt";
        const std::unique_ptr<pointq::Dataset> single = pointq::openDataset(file);
        QCOMPARE(single->size(), size_t(1));
        QCOMPARE(single->get(0).label, int64_t(-1));
        QCOMPARE(single->get(0).name, std::string("airplane_0224"));
        QVERIFY(single->classNames().empty());

        QTemporaryDir folder;
        fixtures::writeText(folder.filePath("b.xyz"), "1 1 1\n2 2 2\n");
        fixtures::writeText(folder.filePath("a.csv"), "0,0,0\n");
        fixtures::writeText(folder.filePath("notes.md"), "not a cloud\n");
        const std::unique_ptr<pointq::Dataset> clouds = pointq::openDataset(folder.path().toStdString());
        QCOMPARE(clouds->size(), size_t(2));
        QCOMPARE(clouds->get(0).name, std::string("a"));
        QCOMPARE(clouds->get(1).cloud.size(), int64_t(2));
        QCOMPARE(clouds->files().size(), size_t(2));
    }

    void openDatasetNamesWhatItLookedFor()
    {
        QTemporaryDir empty;
        const DataError error = expectDataError([&] { pointq::openDataset(empty.path().toStdString()); });
        QCOMPARE(error.file(), empty.path().toStdString());
        QVERIFY(contains(error.detail(), "modelnet40_shape_names.txt"));
        QVERIFY(contains(error.detail(), "ply_data_*.h5"));
        QVERIFY(contains(error.detail(), ".xyz"));

        const DataError missing = expectDataError([] { pointq::openDataset("/nonexistent/data"); });
        QCOMPARE(missing.file(), std::string("/nonexistent/data"));

        const std::string h5 = fixtures::ply2048Dir() + "/ply_data_test0.h5";
        const DataError file = expectDataError([&] { pointq::openDataset(h5); });
        QCOMPARE(file.file(), h5);
    }

    void syntheticIsDeterministicAndLabelled()
    {
        pointq::SyntheticOptions options;
        options.count = 10;
        options.pointsPerCloud = 256;
        options.seed = 7;
        const pointq::SyntheticDataset first(options);
        const pointq::SyntheticDataset second(options);
        QVERIFY(first.isSynthetic());
        QVERIFY(first.description().rfind("SYNTHETIC", 0) == 0);
        QVERIFY2(contains(first.description(), "10 clouds of 256 points, 5 classes"), first.description().c_str());
        QVERIFY(first.files().empty());
        QCOMPARE(first.size(), size_t(10));
        QCOMPARE(first.classNames().size(), size_t(5));
        for (size_t i = 0; i < first.size(); ++i) {
            const pointq::Sample sample = first.get(i);
            QCOMPARE(sample.label, static_cast<int64_t>(i % 5));
            QCOMPARE(sample.cloud.positions.sizes(), (at::IntArrayRef{256, 3}));
            QVERIFY(at::isfinite(sample.cloud.positions).all().item<bool>());
            QVERIFY(fixtures::sameBits(sample.cloud.positions, second.get(i).cloud.positions));
        }
        // One cloud takes the singular.
        options.count = 1;
        const pointq::SyntheticDataset single(options);
        QVERIFY2(contains(single.description(), ": 1 cloud of 256 points,"), single.description().c_str());
        options.count = 10;
        options.seed = 8;
        const pointq::SyntheticDataset reseeded(options);
        QVERIFY(!fixtures::sameBits(reseeded.get(0).cloud.positions, first.get(0).cloud.positions));
        QVERIFY(!pointq::openDataset(fixtures::ply2048Dir())->isSynthetic());
    }
};

QTEST_GUILESS_MAIN(DatasetsTest)
#include "test_datasets.moc"
