#include "DataFixtures.h"

#include "common/Errors.h"
#include "data/ModelNet40Ply2048Dataset.h"
#include "data/ModelNetNormalResampledDataset.h"
#include "data/Preprocess.h"
#include "geometry/PointOps.h"

#include <QtCore/QDir>
#include <QtCore/QProcess>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

using pointq::PreprocessOptions;
using pointq::Sample;

namespace {

Sample sampleFromRows(const std::vector<float>& rows, const std::string& name = "rows")
{
    Sample sample;
    sample.cloud.positions = at::tensor(rows, at::kFloat).reshape({-1, 3});
    sample.cloud.sourceFile = name;
    sample.label = 3;
    sample.name = name;
    return sample;
}

// Checks centroid, scale and the whole preprocessing pipeline of every shape in
// dataset against the arrays extracted from the parity archive, bit for bit.
void compareWithParity(const pointq::Dataset& dataset, const std::string& arrays, int64_t shapes)
{
    const at::Tensor centroids = fixtures::readRawArray(arrays, "centroid");
    const at::Tensor scales = fixtures::readRawArray(arrays, "scale");
    const at::Tensor positions = fixtures::readRawArray(arrays, "pos");
    QVERIFY(centroids.defined() && scales.defined() && positions.defined());
    QCOMPARE(static_cast<int64_t>(dataset.size()), shapes);
    QCOMPARE(positions.size(0), shapes);

    const PreprocessOptions options = dataset.preprocessOptions(1024);
    for (int64_t i = 0; i < shapes; ++i) {
        const Sample sample = dataset.get(static_cast<size_t>(i));
        const QByteArray name = QByteArray::fromStdString(sample.name);
        const pointq::NormalizedPositions normalized =
            pointq::pcNormalize(sample.cloud.positions.slice(0, 0, 1024));
        QVERIFY2(fixtures::sameBits(normalized.centroid, centroids[i]), name.constData());
        QVERIFY2(fixtures::sameBits(normalized.scale, scales[i]), name.constData());
        QVERIFY2(fixtures::sameBits(normalized.positions, positions[i]), name.constData());

        const pointq::ModelInputs inputs = pointq::makeModelInputs({sample}, options, 3);
        QVERIFY2(fixtures::sameBits(inputs.pos[0], positions[i]), name.constData());
        QVERIFY2(fixtures::sameBits(inputs.x[0], positions[i].t()), name.constData());
    }
}

} // namespace

class PreprocessTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void pcNormalizeMatchesParityFirstFour()
    {
        const pointq::ModelNetNormalResampledDataset dataset(fixtures::normalResampledDir());
        compareWithParity(dataset, fixtures::parityFirst4Dir(), 4);
    }

    void pcNormalizeMatchesParityAllShapes()
    {
        const QString shared = POINTQ_SHARED_DIR;
        const QString archive = shared + "/parity/mn40_s_trained_io_small.npz";
        const QString shapes = shared + "/data/modelnet40/modelnet40_normal_resampled";
        if (!QFile::exists(archive) || !QDir(shapes).exists())
            QSKIP("the shared parity archive and ModelNet40 shapes are not present");
        const QString python = QStandardPaths::findExecutable("python3");
        if (python.isEmpty())
            QSKIP("python3 is needed to extract the parity arrays");

        QTemporaryDir arrays;
        QVERIFY(arrays.isValid());
        QProcess extract;
        extract.start(python, {QString(POINTQ_TEST_DATA_DIR) + "/parity/extract_npz_arrays.py", archive,
                               arrays.path(), "centroid", "scale", "pos"});
        QVERIFY(extract.waitForFinished(120000));
        QVERIFY2(extract.exitCode() == 0, extract.readAllStandardError().constData());

        const pointq::ModelNetNormalResampledDataset dataset(shapes.toStdString());
        compareWithParity(dataset, arrays.path().toStdString(), 113);
    }

    void ply2048FileIsPcNormalizeOfTextRows()
    {
        // The HDF5 fixture was made from the same shapes with pc_normalize over
        // their first 2048 rows, so both layouts must agree bit for bit.
        const pointq::ModelNetNormalResampledDataset text(fixtures::normalResampledDir());
        const pointq::ModelNet40Ply2048Dataset h5(fixtures::ply2048Dir());
        for (size_t i = 0; i < text.size(); ++i) {
            const Sample sample = text.get(i);
            const pointq::NormalizedPositions normalized =
                pointq::pcNormalize(sample.cloud.positions.slice(0, 0, 2048));
            QCOMPARE(h5.get(i).name, sample.name);
            QVERIFY2(fixtures::sameBits(normalized.positions, h5.get(i).cloud.positions), sample.name.c_str());
        }
    }

    void pcNormalizeRejectsCoincidentPoints()
    {
        const at::Tensor same = at::ones({5, 3}, at::kFloat);
        QVERIFY_THROWS_EXCEPTION(pointq::DataError, pointq::pcNormalize(same, "same.xyz"));
    }

    void pcNormalizeRejectsWrongShape()
    {
        QVERIFY_THROWS_EXCEPTION(pointq::DataError, pointq::pcNormalize(at::zeros({4, 2}, at::kFloat)));
        QVERIFY_THROWS_EXCEPTION(pointq::DataError, pointq::pcNormalize(at::zeros({4, 3}, at::kDouble)));
    }

    void centerAndNormalizeHasUnitRadius()
    {
        const at::Tensor points = at::tensor({0.0f, 0.0f, 0.0f, 2.0f, 0.0f, 0.0f, 1.0f, 3.0f, 0.0f}).reshape({3, 3});
        const at::Tensor normalized = pointq::centerAndNormalize(points);
        const at::Tensor mean = normalized.mean(0);
        QVERIFY(mean.abs().max().item<float>() < 1e-6f);
        QCOMPARE(normalized.norm(2, 1).max().item<float>(), 1.0f);
    }

    void firstSamplingTakesLeadingRows()
    {
        PreprocessOptions options;
        options.numPoints = 3;
        const at::Tensor indices = pointq::selectPointIndices(at::rand({10, 3}), options);
        QVERIFY(at::equal(indices, at::arange(3, at::kLong)));
    }

    void fpsPicksFarthestPoints()
    {
        // On a line the farthest point from 0 is 10, then the midpoint 5.
        const at::Tensor line =
            at::tensor({0.0f, 0.0f, 0.0f, 1.0f, 0.0f, 0.0f, 5.0f, 0.0f, 0.0f, 10.0f, 0.0f, 0.0f, 9.0f, 0.0f, 0.0f})
                .reshape({5, 3});
        const at::Tensor indices = pointq::furthestPointSample(line.unsqueeze(0), 3)[0].to(at::kLong);
        QCOMPARE(indices[0].item<int64_t>(), int64_t(0));
        QCOMPARE(indices[1].item<int64_t>(), int64_t(3));
        QCOMPARE(indices[2].item<int64_t>(), int64_t(2));

        PreprocessOptions options;
        options.numPoints = 2;
        options.sampling = pointq::Sampling::Fps;
        QVERIFY(at::equal(pointq::selectPointIndices(line, options), indices.slice(0, 0, 2)));
    }

    void tooFewPointsIsAnError()
    {
        PreprocessOptions options;
        options.numPoints = 1024;
        try {
            pointq::selectPointIndices(at::rand({100, 3}), options, "short.xyz");
            QFAIL("expected a DataError");
        } catch (const pointq::DataError& error) {
            QCOMPARE(error.file(), std::string("short.xyz"));
            QVERIFY(error.detail().find("100 points") != std::string::npos);
        }
    }

    void repeatOptionCyclesShortClouds()
    {
        PreprocessOptions options;
        options.numPoints = 7;
        options.repeatShortClouds = true;
        const at::Tensor indices = pointq::selectPointIndices(at::rand({3, 3}), options);
        QVERIFY(at::equal(indices, at::tensor({0, 1, 2, 0, 1, 2, 0}, at::kLong)));
    }

    void heightsChannelUsesPositionsBeforeNormalizing()
    {
        const Sample sample = sampleFromRows({0, 1, 0, 2, 3, 0, 1, 5, 4});
        PreprocessOptions options;
        options.numPoints = 3;
        options.normalization = pointq::Normalization::PcNormalize;
        options.gravityDim = 1;
        const pointq::ModelInputs inputs = pointq::makeModelInputs({sample}, options, 4);
        QCOMPARE(inputs.x.sizes(), (at::IntArrayRef{1, 4, 3}));
        QVERIFY(at::equal(inputs.x[0].slice(0, 0, 3), inputs.pos[0].t()));
        QVERIFY(at::equal(inputs.x[0][3], at::tensor({0.0f, 2.0f, 4.0f})));
        QCOMPARE(inputs.labels[0].item<int64_t>(), int64_t(3));
    }

    void ply2048PipelineKeepsFirstPoints()
    {
        const pointq::ModelNet40Ply2048Dataset dataset(fixtures::ply2048Dir());
        const PreprocessOptions options = dataset.preprocessOptions(1024);
        const Sample first = dataset.get(0);
        const Sample second = dataset.get(1);
        const pointq::ModelInputs inputs = pointq::makeModelInputs({first, second}, options, 3);
        QCOMPARE(inputs.pos.sizes(), (at::IntArrayRef{2, 1024, 3}));
        QCOMPARE(inputs.x.sizes(), (at::IntArrayRef{2, 3, 1024}));
        QVERIFY(fixtures::sameBits(inputs.pos[1], second.cloud.positions.slice(0, 0, 1024)));
        QVERIFY(fixtures::sameBits(inputs.x[0], first.cloud.positions.slice(0, 0, 1024).t()));
        QCOMPARE(inputs.names[1], second.name);
    }

    void unsupportedInChannelsIsAnError()
    {
        const Sample sample = sampleFromRows({0, 0, 0, 1, 1, 1});
        PreprocessOptions options;
        options.numPoints = 2;
        QVERIFY_THROWS_EXCEPTION(pointq::ConfigError, pointq::makeModelInputs({sample}, options, 6));
    }

    void emptyBatchIsAnError()
    {
        QVERIFY_THROWS_EXCEPTION(pointq::DataError, pointq::makeModelInputs({}, PreprocessOptions(), 3));
    }
};

QTEST_GUILESS_MAIN(PreprocessTest)
#include "test_preprocess.moc"
