// End-to-end tests of `pointq report` on the bundled fixtures: the trained PointNeXt-S
// weights and the first ModelNet40 shapes, with few clouds so each run takes seconds.
// The PDF's text, extracted with pdftotext (poppler-utils), is checked against the
// JSON written alongside it.
#include "CliTestSupport.h"
#include "PdfTestSupport.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

namespace {

const QString sourceDir = QStringLiteral(POINTQ_SOURCE_DIR);
const QString config = sourceDir + "/cfgs/modelnet40ply2048/pointnext-s.yaml";
const QString checkpoint = QStringLiteral(POINTQ_TEST_DATA_DIR) + "/parity/mn40_s_trained_weights_only.pth";
const QString h5Data = QStringLiteral(POINTQ_TEST_DATA_DIR) + "/modelnet40/modelnet40_ply_hdf5_2048";
const QString skippedLayer = QStringLiteral("prediction.head.4");

// The demo data has a train and a test split, so a quantize run can calibrate on
// clouds it does not evaluate.
const QString demoConfig = sourceDir + "/cfgs/pointnext-demo/pointnext-demo.yaml";
const QString demoCheckpoint = sourceDir + "/resources/demo/pointnext-demo.pth";
const QString demoData = sourceDir + "/resources/demo/data";
const int splitCalibrationClouds = 12;

using Result = pointq::testing::CliResult;
using pointq::testing::pdfPageCount;
using pointq::testing::pdfText;
using pointq::testing::runCli;

const QStringList sections{"1. Summary: FP32 against INT8", "2. Latency, size and accuracy", "3. Layer sensitivity",
                           "4. Histograms of the most sensitive layers", "5. Quantization error on the clouds",
                           "6. Skip set", "7. Data files"};

QStringList modelArguments()
{
    return {"--cfg", config, "--pretrained", checkpoint, "--data", h5Data, "--limit", "16", "--calib", "8"};
}

QStringList quickReport()
{
    return QStringList{"report"} << modelArguments() << "--runs" << "3" << "--warmup" << "1" << "--snapshots" << "2";
}

QByteArray readBytes(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QString fixed(double value)
{
    return QString::number(value, 'f', 2);
}

// A phrase of the PDF, which pdftotext may break across lines at any space.
QRegularExpression phrase(const QString& words)
{
    QStringList parts;
    for (const QString& word : words.split(QLatin1Char(' ')))
        parts << QRegularExpression::escape(word);
    return QRegularExpression(parts.join(QStringLiteral("\\s+")));
}

QStringList demoReportArguments(const QString& quantizeJson, const QString& data, const QString& pdf)
{
    return {"report", "--cfg", demoConfig, "--pretrained", demoCheckpoint, "--data", data, "--quantize-report",
            quantizeJson, "--no-sweep", "--snapshots", "2", "--output", pdf};
}

QStringList leftovers(const QString& folder)
{
    return QDir(folder).entryList({"*.tmp-*"}, QDir::Files);
}

} // namespace

class ReportCliTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_folder;
    QString m_pdf;
    QJsonObject m_json;
    QString m_text;
    QString m_quantizeJson;
    QString m_sensitivityJson;
    QString m_splitJson; ///< `pointq quantize --calib-split train` on the demo data; made on first use

    // Quantizes the demo model with calibration on the train split once, for the tests that read its report.
    QJsonObject splitQuantizeReport()
    {
        if (m_splitJson.isEmpty()) {
            const QString path = m_folder.filePath("calib-split.json");
            const Result result = runCli({"quantize", "--cfg", demoConfig, "--pretrained", demoCheckpoint, "--data", demoData,
                                          "--calib-split", "train", "--calib", QString::number(splitCalibrationClouds),
                                          "--runs", "2", "--warmup", "1", "--report", path});
            if (result.exitCode != 0)
                qWarning("pointq quantize --calib-split failed: %s", qPrintable(result.err));
            m_splitJson = path;
        }
        return QJsonDocument::fromJson(readBytes(m_splitJson)).object();
    }

    // Writes the split quantize report without the named keys of its settings, as an older PointQ wrote it.
    bool writeWithoutSettingsKeys(const QStringList& keys, const QString& path)
    {
        QJsonObject older = splitQuantizeReport();
        QJsonObject settings = older["settings"].toObject();
        for (const QString& key : keys)
            settings.remove(key);
        older["settings"] = settings;
        return writeBytes(path, QJsonDocument(older).toJson());
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty())
            QFAIL("pdftotext is missing: install poppler-utils (installer/deps.sh does)");
        QVERIFY(m_folder.isValid());
        const QString skipFile = m_folder.filePath("skip.yaml");
        QVERIFY(writeBytes(skipFile, "skip: [" + skippedLayer.toUtf8() + "]\n"));
        m_pdf = m_folder.filePath("report.pdf");
        const Result result = runCli(quickReport() << "--skip-file" << skipFile << "--output" << m_pdf << "--json"
                                                   << m_folder.filePath("report.json") << "--csv" << m_folder.filePath("report.csv"));
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QVERIFY(result.out.contains("PDF report"));
        m_json = QJsonDocument::fromJson(readBytes(m_folder.filePath("report.json"))).object();
        QVERIFY(!m_json.isEmpty());
        m_text = pdfText(m_pdf);
        QVERIFY(!m_text.isEmpty());

        // The two result documents inside the report JSON, as the quantize and sensitivity commands write them.
        m_quantizeJson = m_folder.filePath("quantize.json");
        m_sensitivityJson = m_folder.filePath("sensitivity.json");
        QVERIFY(writeBytes(m_quantizeJson, QJsonDocument(m_json["quantize"].toObject()).toJson()));
        QVERIFY(writeBytes(m_sensitivityJson, QJsonDocument(m_json["sensitivity"].toObject()).toJson()));
    }

    void helpNamesEveryOptionWithUnit()
    {
        const Result result = runCli({"report", "--help"});
        QCOMPARE(result.exitCode, 0);
        for (const char* option : {"--cfg", "--pretrained", "--data", "--quantize-report", "--sensitivity-report",
                                   "--skip-file", "--no-sweep", "--output", "--json", "--csv", "--snapshots", "--histograms"})
            QVERIFY2(result.out.contains(QLatin1String(option)), option);
        QVERIFY(result.out.contains("percentage points"));
        QVERIFY(result.out.contains("A4"));
    }

    void listedAmongCommands()
    {
        const Result result = runCli({"--list-commands"});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.split('\n').contains("report"));
    }

    void pdfShowsSummaryFigures()
    {
        const QJsonObject quantize = m_json["quantize"].toObject();
        const QJsonObject fp32 = quantize["fp32"].toObject();
        const QJsonObject int8 = quantize["int8"].toObject();
        const QJsonObject comparison = quantize["comparison"].toObject();
        QVERIFY(m_text.contains(QRegularExpression("Overall accuracy \\(%\\)\\s+" + fixed(fp32["overall_accuracy"].toDouble())
                                                   + "\\s+" + fixed(int8["overall_accuracy"].toDouble()))));
        QVERIFY(m_text.contains(QRegularExpression("Top-1 agreement \\(%\\)\\s+" + fixed(100.0 * comparison["top1_agreement"].toDouble()))));
        QVERIFY(m_text.contains(QRegularExpression("Logit SQNR \\(dB\\)\\s+" + fixed(comparison["logit_sqnr_db"].toDouble()))));
        const QString sizes = QString("Model size \\(bytes\\)\\s+%1\\s+%2")
                                  .arg(fp32["size_bytes"].toInteger())
                                  .arg(int8["size_bytes"].toInteger());
        QVERIFY2(m_text.contains(QRegularExpression(sizes)), qPrintable(sizes));
        QVERIFY(m_text.contains(fixed(fp32["latency"].toObject()["median_ms"].toDouble())));

        // The accuracy change carries its sign, + for a gain or no change, as the CLI prints it.
        const double change = int8["overall_accuracy"].toDouble() - fp32["overall_accuracy"].toDouble();
        const QString signedChange = (change < 0.0 ? QString() : QString("+")) + fixed(change);
        QVERIFY2(m_text.contains(QRegularExpression("Overall accuracy \\(%\\)\\s+\\S+\\s+\\S+\\s+"
                                                    + QRegularExpression::escape(signedChange) + " pt")),
                 qPrintable(signedChange));
    }

    void pdfShowsProvenance()
    {
        const QJsonObject provenance = m_json["quantize"].toObject()["provenance"].toObject();
        // A SHA-256 may wrap inside its table cell; compare without white space.
        QString compact = m_text;
        compact.remove(QRegularExpression("\\s"));
        QVERIFY(compact.contains(provenance["config_sha256"].toString()));
        QVERIFY(compact.contains(provenance["checkpoint_sha256"].toString()));
        QVERIFY(m_text.contains(provenance["libtorch_version"].toString()));
        QVERIFY(m_text.contains(provenance["quantized_engine"].toString()));
        QVERIFY(m_text.contains("ply_data_test0.h5"));
    }

    void pdfNamesMostSensitiveLayer()
    {
        const QJsonArray top = m_json["most_sensitive_layers"].toArray();
        QVERIFY(!top.isEmpty());
        const QString first = top.first().toString();
        QVERIFY(m_text.contains(QRegularExpression("\\b1\\s+" + QRegularExpression::escape(first) + "\\s")));
        // Its histograms are the first of section 4.
        QVERIFY(m_text.contains("1. " + first));
    }

    void floatLayerHistogramHasNote()
    {
        // The skipped layer's histograms, when it ranks among the most sensitive, carry
        // the note that its clip range was not applied.
        const bool skippedLayerHasHistogram = m_text.contains(QRegularExpression("\\d\\. " + QRegularExpression::escape(skippedLayer) + "\\s"));
        QCOMPARE(m_text.contains("Kept in FP32 by the quantize run"), skippedLayerHasHistogram);
    }

    void pdfShowsSkipSet()
    {
        const QJsonArray kept = m_json["skip_set"].toObject()["layers_kept_fp32"].toArray();
        QCOMPARE(kept.size(), 1);
        QCOMPARE(kept.first().toString(), skippedLayer);
        QVERIFY(m_text.contains(QRegularExpression("Layers kept in FP32 \\(1 of \\d+\\): " + QRegularExpression::escape(skippedLayer))));
        QVERIFY(m_text.contains("Skip words of the quantize run: " + skippedLayer));
    }

    void tableOfContentsOnPageTwo()
    {
        const int pages = pdfPageCount(m_pdf);
        // Title, contents, summary, sensitivity, histograms and snapshots each start a page.
        QVERIFY2(pages >= 6, qPrintable(QString::number(pages)));
        QVERIFY(m_text.contains(QString("Page 1 of %1").arg(pages)));
        const QString contents = pdfText(m_pdf, 2, 2);
        QVERIFY(contents.contains("Contents"));
        for (const QString& section : sections) {
            const QRegularExpression entry(QRegularExpression::escape(section) + "[ .]*\\s+(\\d+)\\s*\\n");
            const auto match = entry.match(contents);
            QVERIFY2(match.hasMatch(), qPrintable(section));
            const int page = match.captured(1).toInt();
            QVERIFY2(pdfText(m_pdf, page, page).contains(section), qPrintable(section));
        }
    }

    void snapshotsStateTheirMethod()
    {
        const QJsonArray snapshots = m_json["snapshots"].toArray();
        QCOMPARE(snapshots.size(), 2);
        QVERIFY(snapshots.first().toObject()["max_error"].toDouble() > 0.0);
        QVERIFY(m_text.contains("QPainter"));
        QVERIFY(m_text.contains(snapshots.first().toObject()["layer"].toString()));
    }

    void csvHoldsSameFigures()
    {
        const QString csv = QString::fromUtf8(readBytes(m_folder.filePath("report.csv")));
        QVERIFY(csv.startsWith("section,name,figure,value\n"));
        const QJsonObject quantize = m_json["quantize"].toObject();
        QVERIFY(csv.contains(QString("summary,int8,size_bytes,%1\n").arg(quantize["int8"].toObject()["size_bytes"].toInteger())));
        QVERIFY(csv.contains("skip_set," + skippedLayer + ",kept_fp32,1\n"));
        QVERIFY(csv.contains("sensitivity," + m_json["most_sensitive_layers"].toArray().first().toString() + ",rank,1\n"));
    }

    void readsExistingReports()
    {
        const QString pdf = m_folder.filePath("from-json.pdf");
        const Result result = runCli(QStringList{"report"} << modelArguments() << "--quantize-report" << m_quantizeJson
                                                          << "--sensitivity-report" << m_sensitivityJson << "--snapshots" << "0"
                                                          << "--output" << pdf);
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        const QString text = pdfText(pdf);
        QVERIFY(text.contains("read from " + m_quantizeJson));
        const QJsonObject comparison = m_json["quantize"].toObject()["comparison"].toObject();
        QVERIFY(text.contains(QRegularExpression("Logit SQNR \\(dB\\)\\s+" + fixed(comparison["logit_sqnr_db"].toDouble()))));
        QVERIFY(text.contains(m_json["most_sensitive_layers"].toArray().first().toString()));
        QVERIFY(text.contains("No error snapshots. No snapshots were requested"));
    }

    void quantizeJsonRecordsCalibrationSplit()
    {
        const QJsonObject report = splitQuantizeReport();
        QVERIFY2(!report.isEmpty(), qPrintable(m_splitJson));
        const QJsonObject settings = report["settings"].toObject();
        QCOMPARE(settings["calibration_split"].toString(), QString("train"));
        QCOMPARE(settings["calibration_clouds"].toInt(), splitCalibrationClouds);
        // The HDF5 file of the train split comes first, then the class and shape name lists.
        const QJsonArray files = settings["calibration_data_files"].toArray();
        QVERIFY(!files.isEmpty());
        QCOMPARE(QFileInfo(files.first().toString()).fileName(), QString("ply_data_train0.h5"));
        const QString description = settings["calibration_data_description"].toString();
        QVERIFY(!description.isEmpty());
        QVERIFY2(description != report["provenance"].toObject()["data_description"].toString(), qPrintable(description));
    }

    void pdfNamesCalibrationSplit()
    {
        const QJsonObject quantize = splitQuantizeReport();
        const QJsonObject settings = quantize["settings"].toObject();
        const QJsonArray files = settings["calibration_data_files"].toArray();
        const QString calibrationFile = QFileInfo(files.first().toString()).fileName();
        const QString clouds = QString("the first %1 clouds of the %2 split")
                                   .arg(settings["calibration_clouds"].toInt())
                                   .arg(settings["calibration_split"].toString());
        const QString pdf = m_folder.filePath("calib-split.pdf");
        const QString json = m_folder.filePath("calib-split-report.json");
        const Result result = runCli(demoReportArguments(m_splitJson, demoData, pdf) << "--json" << json);
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));

        const QString title = pdfText(pdf, 1, 1);
        QVERIFY2(title.contains(phrase("Calibration: " + clouds)), qPrintable(title));
        QVERIFY2(title.contains(calibrationFile), qPrintable(title));
        QString compactTitle = title;
        compactTitle.remove(QRegularExpression("\\s"));
        QString description = settings["calibration_data_description"].toString();
        description.remove(QRegularExpression("\\s"));
        QVERIFY2(compactTitle.contains(description), qPrintable(title));

        const QString text = pdfText(pdf);
        const QString summary = QString("%1 clouds evaluated; activation ranges calibrated on %2, none of them evaluated,")
                                    .arg(settings["evaluated_clouds"].toInt())
                                    .arg(clouds);
        QVERIFY2(text.contains(phrase(summary)), qPrintable(text));
        QVERIFY2(text.contains(phrase("The INT8 model was calibrated on " + clouds)), qPrintable(text));
        QVERIFY2(text.contains(phrase(QString("Calibration: %1, read from these %2 files:").arg(clouds).arg(files.size()))),
                 qPrintable(text));
        for (const QJsonValue& file : files)
            QVERIFY2(text.contains(file.toString()), qPrintable(file.toString()));
        QVERIFY(!text.contains("evaluated clouds (see Data files)"));

        // The report's own JSON carries the split on, and its snapshots are of evaluated clouds.
        const QJsonObject written = QJsonDocument::fromJson(readBytes(json)).object();
        QCOMPARE(written["quantize"].toObject()["settings"].toObject()["calibration_split"].toString(), QString("train"));
        QCOMPARE(written["snapshots"].toArray().size(), 2);
        QVERIFY2(text.contains(phrase("The clouds shown are the first 2 evaluated clouds")), qPrintable(text));
    }

    void olderQuantizeJsonNamesEvaluatedClouds()
    {
        const QString path = m_folder.filePath("older.json");
        QVERIFY(writeWithoutSettingsKeys(
            {"calibration_split", "calibration_data_description", "calibration_data_files"}, path));
        const QString pdf = m_folder.filePath("older.pdf");
        const Result result = runCli(demoReportArguments(path, demoData, pdf));
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        const QString text = pdfText(pdf);
        const QString evaluated = QString("the first %1 evaluated clouds").arg(splitCalibrationClouds);
        QVERIFY2(text.contains(phrase("Calibration: " + evaluated)), qPrintable(text));
        QVERIFY2(text.contains(phrase("activation ranges calibrated on " + evaluated + " with")), qPrintable(text));
        QVERIFY(!text.contains("train split"));
    }

    void splitWithoutRecordedFilesStatesGap()
    {
        // Written after the split was stored but before its description and files were.
        const QString path = m_folder.filePath("split-only.json");
        QVERIFY(writeWithoutSettingsKeys({"calibration_data_description", "calibration_data_files"}, path));
        const QString pdf = m_folder.filePath("split-only.pdf");
        const Result result = runCli(demoReportArguments(path, demoData, pdf));
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        const QString title = pdfText(pdf, 1, 1);
        QVERIFY2(title.contains(phrase(QString("Calibration: the first %1 clouds of the train split").arg(splitCalibrationClouds))),
                 qPrintable(title));
        QVERIFY2(title.contains(phrase("(data description and files not recorded in the quantize report)")), qPrintable(title));
    }

    void missingCalibrationSplitNamesSplitAndData()
    {
        splitQuantizeReport();
        // The demo data without its train split.
        const QString data = m_folder.filePath("test-split-only");
        QVERIFY(QDir().mkpath(data));
        for (const QString& name : QDir(demoData).entryList(QDir::Files))
            if (!name.contains("train"))
                QVERIFY(QFile::copy(demoData + "/" + name, data + "/" + name));
        const QString pdf = m_folder.filePath("no-train.pdf");
        const Result result = runCli(demoReportArguments(m_splitJson, data, pdf));
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("the quantize run calibrated on the train split, which cannot be read from this data"),
                 qPrintable(result.err));
        QVERIFY2(result.err.contains(data), qPrintable(result.err));
        QVERIFY(!QFile::exists(pdf));
    }

    void unknownCalibrationSplitKeyRejected()
    {
        QJsonObject other = splitQuantizeReport();
        QJsonObject settings = other["settings"].toObject();
        settings["calibration_split"] = "validation";
        other["settings"] = settings;
        const QString path = m_folder.filePath("unknown-split.json");
        QVERIFY(writeBytes(path, QJsonDocument(other).toJson()));
        const Result result = runCli(demoReportArguments(path, demoData, m_folder.filePath("unknown-split.pdf")));
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("key settings.calibration_split"), qPrintable(result.err));
        QVERIFY2(result.err.contains(path), qPrintable(result.err));
    }

    void noSweepSaysSo()
    {
        const QString pdf = m_folder.filePath("no-sweep.pdf");
        const Result result = runCli(QStringList{"report"} << modelArguments() << "--quantize-report" << m_quantizeJson
                                                          << "--no-sweep" << "--snapshots" << "0" << "--output" << pdf);
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QVERIFY(pdfText(pdf).contains("No sensitivity sweep in this session."));
    }

    void missingOutputIsUsageError()
    {
        const Result result = runCli(QStringList{"report"} << modelArguments());
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.err.contains("--output is required"));
    }

    void missingQuantizeReportNamesFile()
    {
        const QString missing = m_folder.filePath("absent.json");
        const QString pdf = m_folder.filePath("missing.pdf");
        const Result result = runCli(QStringList{"report"} << modelArguments() << "--quantize-report" << missing
                                                          << "--output" << pdf);
        QCOMPARE(result.exitCode, 1);
        QVERIFY(result.err.contains(missing));
        QVERIFY(!QFile::exists(pdf));
    }

    void missingKeyIsNamed()
    {
        QJsonObject broken = m_json["quantize"].toObject();
        broken.remove("comparison");
        const QString path = m_folder.filePath("broken.json");
        QVERIFY(writeBytes(path, QJsonDocument(broken).toJson()));
        const Result result = runCli(QStringList{"report"} << modelArguments() << "--quantize-report" << path << "--output"
                                                          << m_folder.filePath("broken.pdf"));
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("key comparison"), qPrintable(result.err));
    }

    void mismatchedConfigRejected()
    {
        QJsonObject other = m_json["quantize"].toObject();
        QJsonObject provenance = other["provenance"].toObject();
        provenance["config_sha256"] = QString(64, QLatin1Char('0'));
        other["provenance"] = provenance;
        const QString path = m_folder.filePath("other-config.json");
        QVERIFY(writeBytes(path, QJsonDocument(other).toJson()));
        const Result result = runCli(QStringList{"report"} << modelArguments() << "--quantize-report" << path << "--output"
                                                          << m_folder.filePath("other.pdf"));
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("config of SHA-256 " + QString(64, QLatin1Char('0'))), qPrintable(result.err));
    }

    void skipFileWithQuantizeReportRejected()
    {
        const Result result = runCli(QStringList{"report"} << modelArguments() << "--quantize-report" << m_quantizeJson
                                                          << "--skip-file" << m_folder.filePath("skip.yaml") << "--output"
                                                          << m_folder.filePath("both.pdf"));
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.err.contains("--skip-file"));
    }

    void outputFolderMissingRejected()
    {
        const QString pdf = m_folder.filePath("no-such-folder/report.pdf");
        const Result result = runCli(QStringList{"report"} << modelArguments() << "--no-sweep" << "--output" << pdf);
        QCOMPARE(result.exitCode, 1);
        QVERIFY(result.err.contains("does not exist"));
        QVERIFY(!QFile::exists(pdf));
    }

    void unwritableJsonFolderFailsBeforeWriting()
    {
        // /proc takes no new files, not even from root. The check must come before the
        // PDF is written, so the existing report stays.
        const QString pdf = m_folder.filePath("kept.pdf");
        QVERIFY(writeBytes(pdf, "previous report"));
        const Result result = runCli(QStringList{"report"} << modelArguments() << "--quantize-report" << m_quantizeJson
                                                          << "--no-sweep" << "--output" << pdf << "--json"
                                                          << "/proc/pointq-report.json");
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("cannot write to the folder /proc"), qPrintable(result.err));
        QVERIFY2(result.err.contains("--json"), qPrintable(result.err));
        QVERIFY2(!result.out.contains("PDF report"), qPrintable(result.out));
        QCOMPARE(readBytes(pdf), QByteArray("previous report"));
        QVERIFY(leftovers(m_folder.path()).isEmpty());
    }

    void failureKeepsExistingFile()
    {
        const QString pdf = m_folder.filePath("existing.pdf");
        QVERIFY(writeBytes(pdf, "previous report"));
        const QString invalid = m_folder.filePath("invalid.json");
        QVERIFY(writeBytes(invalid, "{ \"pointq_version\": "));
        const Result result = runCli(QStringList{"report"} << modelArguments() << "--quantize-report" << m_quantizeJson
                                                          << "--sensitivity-report" << invalid << "--snapshots" << "0"
                                                          << "--output" << pdf);
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("invalid JSON"), qPrintable(result.err));
        QCOMPARE(readBytes(pdf), QByteArray("previous report"));
        QVERIFY(leftovers(m_folder.path()).isEmpty());
    }

    void unwritableOutputLeavesNoFile()
    {
        // A path below a regular file can never be created, even by root.
        const QString blocker = m_folder.filePath("blocker");
        QVERIFY(writeBytes(blocker, "a file, not a folder"));
        const QString pdf = blocker + "/report.pdf";
        const Result result = runCli(QStringList{"report"} << modelArguments() << "--quantize-report" << m_quantizeJson
                                                          << "--no-sweep" << "--output" << pdf);
        QCOMPARE(result.exitCode, 1);
        QVERIFY(!QFile::exists(pdf));
        QVERIFY(leftovers(m_folder.path()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(ReportCliTest)
#include "test_report_cli.moc"
