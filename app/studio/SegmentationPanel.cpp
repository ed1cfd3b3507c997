#include "SegmentationPanel.h"

#include "SessionController.h"

#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace pointq::studio {

namespace {

// A percentage with two decimals, or a dash for an undefined (NaN) IoU.
QString percentText(double value)
{
    return std::isnan(value) ? QStringLiteral("–") : QLocale().toString(value, 'f', 2);
}

// tr() takes the count that selects a plural form as an int.
int pluralCount(int64_t count)
{
    return static_cast<int>(std::clamp<int64_t>(count, 0, std::numeric_limits<int>::max()));
}

QTableWidgetItem* numberItem(const QString& text)
{
    auto* item = new QTableWidgetItem(text);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

SegmentationPanel::SegmentationPanel(SessionController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_runBox(new QComboBox(this))
    , m_summary(new QLabel(this))
    , m_table(new QTableWidget(0, ColumnCount, this))
{
    m_runBox->setObjectName(QStringLiteral("segmentationRunBox"));
    m_runBox->setToolTip(tr("Segmentation run whose figures the dock shows"));
    m_summary->setObjectName(QStringLiteral("segmentationSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table->setObjectName(QStringLiteral("segmentationClassTable"));
    m_table->setHorizontalHeaderLabels(
        {tr("Class"), tr("FP32 IoU (%)"), tr("INT8 IoU (%)"), tr("ΔIoU (pt)"), tr("INT8 vs FP32 IoU (%)")});
    m_table->horizontalHeaderItem(AgainstFp32Column)
        ->setToolTip(tr("IoU of the INT8 predictions scored against the FP32 predictions as if those were the "
                        "labels; 100 means INT8 changes no point of the class"));
    m_table->horizontalHeaderItem(DeltaColumn)->setToolTip(tr("INT8 IoU minus FP32 IoU, in percentage points"));
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setToolTip(tr("Per-class IoU of the chosen run; a dash marks a class that is neither in the labels "
                           "nor in the predictions"));

    auto* runRow = new QHBoxLayout;
    runRow->addWidget(new QLabel(tr("Run:"), this));
    runRow->addWidget(m_runBox);
    runRow->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(runRow);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);

    connect(m_runBox, &QComboBox::currentIndexChanged, this, &SegmentationPanel::showRun);
    connect(m_controller, &SessionController::runAdded, this, &SegmentationPanel::onRunsChanged);
    connect(m_controller, &SessionController::sessionReplaced, this, &SegmentationPanel::onRunsChanged);
    onRunsChanged();
}

QString SegmentationPanel::summaryText() const
{
    return m_summary->text();
}

void SegmentationPanel::onRunsChanged()
{
    const QSignalBlocker blocker(m_runBox);
    m_runBox->clear();
    const auto& runs = m_controller->session().runs;
    for (size_t i = 0; i < runs.size(); ++i)
        if (runs[i].report.segmentation)
            m_runBox->addItem(tr("Run %1").arg(runs[i].number), static_cast<int>(i));
    m_runBox->setEnabled(m_runBox->count() > 0);
    m_runBox->setCurrentIndex(m_runBox->count() - 1);
    showRun(m_runBox->currentIndex());
}

void SegmentationPanel::showRun(int index)
{
    m_table->setRowCount(0);
    const auto& runs = m_controller->session().runs;
    if (index < 0 || index >= m_runBox->count()) {
        m_summary->setText(tr("No segmentation run yet. Open a BaseSeg config (e.g. cfgs/s3dis/pointnext-s.yaml) "
                              "with a scene file and press Run."));
        return;
    }
    const SessionRun& run = runs[static_cast<size_t>(m_runBox->itemData(index).toInt())];
    const QuantizeReport& report = run.report;
    const SegmentationComparison& scene = report.scene;
    const QLocale locale;
    const auto flipped = static_cast<qint64>(std::llround((1.0 - scene.pointAgreement) * double(scene.points)));

    QStringList lines;
    // Each count is a phrase of its own, because tr() inflects one number per string.
    lines.append(tr("Run %1 on %2: %3, %4, %5 of the %6 that cover every point, %7.")
                     .arg(run.number)
                     .arg(QFileInfo(QString::fromStdString(scene.sceneFile)).fileName())
                     .arg(tr("%Ln point(s)", nullptr, pluralCount(scene.points)))
                     .arg(tr("%Ln voxel(s)", nullptr, pluralCount(scene.voxels)))
                     .arg(tr("%Ln voting pass(es)", nullptr, pluralCount(scene.passes)))
                     .arg(locale.toString(scene.passesForFullCoverage))
                     .arg(tr("%Ln extra crop(s)", nullptr, pluralCount(scene.crops))));
    if (scene.labelled)
        lines.append(tr("Labels from %1. FP32: mIoU %2, OA %3. INT8: mIoU %4, OA %5.")
                         .arg(QString::fromStdString(scene.labelsSource))
                         .arg(percentText(scene.fp32.meanIoU), percentText(scene.fp32.overallAccuracy),
                              percentText(scene.int8.meanIoU), percentText(scene.int8.overallAccuracy)));
    else
        lines.append(tr("The scene has no labels, so mIoU and OA are not measured; the last column scores INT8 "
                        "against FP32."));
    lines.append(tr("Point agreement %1%: %Ln point(s) change class. Logit SQNR %2 dB.", nullptr, pluralCount(flipped))
                     .arg(locale.toString(100.0 * scene.pointAgreement, 'f', 2), locale.toString(scene.logitSqnrDb, 'f', 1)));
    if (report.settings.checkpointPath.empty())
        lines.append(tr("Random weights: the run had no checkpoint, so the figures show only what INT8 changes."));
    m_summary->setText(lines.join(QLatin1Char('\n')));

    const auto classCount = static_cast<int>(scene.int8AgainstFp32.classIoU.size());
    m_table->setRowCount(classCount);
    for (int c = 0; c < classCount; ++c) {
        const auto row = static_cast<size_t>(c);
        const QString name = row < scene.classNames.size() ? QString::fromStdString(scene.classNames[row])
                                                           : tr("class %1").arg(c);
        m_table->setItem(c, ClassColumn, new QTableWidgetItem(name));
        const auto value = [&](const SegmentationMetrics& metrics) {
            return scene.labelled && row < metrics.classIoU.size() ? metrics.classIoU[row] : std::nan("");
        };
        const double fp32 = value(scene.fp32);
        const double int8 = value(scene.int8);
        const double delta = int8 - fp32;
        m_table->setItem(c, Fp32IoUColumn, numberItem(percentText(fp32)));
        m_table->setItem(c, Int8IoUColumn, numberItem(percentText(int8)));
        m_table->setItem(c, DeltaColumn,
                         numberItem(std::isnan(delta) ? percentText(delta)
                                                      : (delta >= 0 ? QStringLiteral("+") : QString()) + percentText(delta)));
        m_table->setItem(c, AgainstFp32Column, numberItem(percentText(scene.int8AgainstFp32.classIoU[row])));
    }
}

} // namespace pointq::studio
