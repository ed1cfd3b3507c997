#include "QuantizationPanel.h"

#include "quant/Int8Kernels.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

#include <algorithm>

namespace pointq::studio {

namespace {

QString formatDuration(qint64 milliseconds)
{
    const qint64 seconds = (milliseconds + 500) / 1000;
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

QuantizationPanel::QuantizationPanel(QWidget* parent)
    : QWidget(parent)
    , m_observer(new QComboBox(this))
    , m_percentile(new QDoubleSpinBox(this))
    , m_engine(new QComboBox(this))
    , m_calibration(new QSpinBox(this))
    , m_threads(new QSpinBox(this))
    , m_timedRuns(new QSpinBox(this))
    , m_votes(new QSpinBox(this))
    , m_votesLabel(new QLabel(tr("Voting passes:"), this))
    , m_run(new QPushButton(tr("Run"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_progress(new QProgressBar(this))
    , m_stage(new QLabel(this))
    , m_time(new QLabel(this))
{
    m_observer->addItem(tr("Min-max"), QStringLiteral("minmax"));
    m_observer->addItem(tr("Percentile"), QStringLiteral("percentile"));
    m_observer->setToolTip(tr("How activation ranges are chosen from the calibration clouds"));
    m_percentile->setRange(50.01, 100.0);
    m_percentile->setDecimals(3);
    m_percentile->setSuffix(QStringLiteral(" %"));
    m_percentile->setToolTip(tr("Percentile observer: clip activations to this percentile of the observed values"));
    m_engine->addItem(tr("Automatic (onednn, else qnnpack)"), QStringLiteral("auto"));
    for (const std::string& engine : availableQuantizedEngines())
        m_engine->addItem(QString::fromStdString(engine), QString::fromStdString(engine));
    m_engine->setToolTip(tr("LibTorch quantized engine that runs the INT8 layers"));
    m_calibration->setRange(1, 100000);
    m_calibration->setToolTip(tr("Calibrate on the first N clouds of the data"));
    m_threads->setRange(1, std::max(1, QThread::idealThreadCount()));
    m_threads->setToolTip(tr("LibTorch threads for calibration, evaluation and timing"));
    m_timedRuns->setRange(1, 1000);
    m_timedRuns->setToolTip(tr("Timed forward passes of each model; the median is reported"));
    m_votes->setRange(0, 1000);
    m_votes->setSpecialValueText(tr("all points"));
    m_run->setToolTip(tr("Calibrate, convert to INT8, evaluate and time both models (F5)"));
    m_run->setShortcut(QKeySequence(Qt::Key_F5));
    m_cancel->setToolTip(tr("Stop the running job; nothing is written (Esc)"));
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(true);
    m_progress->setToolTip(tr("Progress of the running job"));
    m_stage->setToolTip(tr("Current stage of the job"));
    m_time->setToolTip(tr("Elapsed time and estimated remaining time"));

    auto* form = new QFormLayout;
    form->addRow(tr("Observer:"), m_observer);
    form->addRow(tr("Percentile:"), m_percentile);
    form->addRow(tr("Engine:"), m_engine);
    form->addRow(tr("Calibration clouds:"), m_calibration);
    form->addRow(tr("Threads:"), m_threads);
    form->addRow(tr("Timed runs:"), m_timedRuns);
    form->addRow(m_votesLabel, m_votes);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_progress);
    layout->addWidget(m_stage);
    layout->addWidget(m_time);
    layout->addStretch();

    setOptions(QuantizationOptions{});
    setRunning(false);
    setSegmentationSession(false);
    connect(m_observer, &QComboBox::currentIndexChanged, this, &QuantizationPanel::onAnyOptionChanged);
    connect(m_engine, &QComboBox::currentIndexChanged, this, &QuantizationPanel::onAnyOptionChanged);
    connect(m_percentile, &QDoubleSpinBox::valueChanged, this, &QuantizationPanel::onAnyOptionChanged);
    for (QSpinBox* box : {m_calibration, m_threads, m_timedRuns, m_votes})
        connect(box, &QSpinBox::valueChanged, this, &QuantizationPanel::onAnyOptionChanged);
    connect(m_run, &QPushButton::clicked, this, &QuantizationPanel::runRequested);
    connect(m_cancel, &QPushButton::clicked, this, &QuantizationPanel::cancelRequested);
}

QuantizationOptions QuantizationPanel::options() const
{
    QuantizationOptions options;
    options.observer = m_observer->currentData().toString();
    options.percentile = m_percentile->value();
    options.engine = m_engine->currentData().toString();
    options.calibrationClouds = m_calibration->value();
    options.threads = m_threads->value();
    options.timedRuns = m_timedRuns->value();
    options.votes = m_votes->value();
    return options;
}

void QuantizationPanel::setOptions(const QuantizationOptions& options)
{
    m_updating = true;
    m_observer->setCurrentIndex(std::max(0, m_observer->findData(options.observer)));
    m_percentile->setValue(options.percentile);
    m_percentile->setEnabled(options.observer == "percentile");
    m_engine->setCurrentIndex(std::max(0, m_engine->findData(options.engine)));
    m_calibration->setValue(options.calibrationClouds);
    m_threads->setValue(options.threads);
    m_timedRuns->setValue(options.timedRuns);
    m_votes->setValue(options.votes);
    m_updating = false;
}

void QuantizationPanel::onAnyOptionChanged()
{
    m_percentile->setEnabled(m_observer->currentData().toString() == "percentile");
    if (!m_updating)
        Q_EMIT optionsChanged(options());
}

void QuantizationPanel::setRunning(bool running)
{
    m_running = running;
    m_run->setEnabled(!running);
    m_cancel->setEnabled(running);
    for (QWidget* widget : std::initializer_list<QWidget*>{m_observer, m_engine, m_calibration, m_threads, m_timedRuns})
        widget->setEnabled(!running);
    m_percentile->setEnabled(!running && m_observer->currentData().toString() == "percentile");
    m_votes->setEnabled(!running && m_segments);
    if (running) {
        m_progress->setFormat(QStringLiteral("%p%"));
        m_progress->setValue(0);
        m_stage->setText(tr("Starting…"));
        m_time->clear();
    }
}

void QuantizationPanel::setSegmentationSession(bool segments)
{
    m_segments = segments;
    m_votes->setEnabled(!m_running && segments);
    m_votesLabel->setEnabled(segments);
    const QString toolTip =
        segments ? tr("Segmentation scenes: voting passes over the voxels; \"all points\" feeds as many passes as the "
                      "fullest voxel has points, so every point is predicted. Fewer passes are faster, and points never "
                      "fed take their voxel's mean logits.")
                 : tr("Only segmentation models vote over a scene's voxels, so classifier sessions ignore this setting. "
                      "Open a segmentation (BaseSeg) config to set it.");
    m_votes->setToolTip(toolTip);
    m_votesLabel->setToolTip(toolTip);
}

void QuantizationPanel::showProgress(double fraction, const QString& stage, qint64 elapsedMs, qint64 remainingMs)
{
    m_progress->setValue(static_cast<int>(fraction * 1000.0));
    m_stage->setText(stage);
    m_time->setText(remainingMs < 0 ? tr("Elapsed %1").arg(formatDuration(elapsedMs))
                                    : tr("Elapsed %1, about %2 left").arg(formatDuration(elapsedMs), formatDuration(remainingMs)));
}

void QuantizationPanel::showOutcome(const QString& text)
{
    m_stage->setText(text);
}

void QuantizationPanel::showFinished(const QString& text)
{
    m_progress->setValue(m_progress->maximum());
    m_stage->setText(text);
}

void QuantizationPanel::showCancelled(const QString& text)
{
    m_progress->setValue(m_progress->minimum());
    m_progress->setFormat(tr("Cancelled"));
    m_stage->setText(text);
    // The estimate of the time left no longer applies.
    m_time->clear();
}

QString QuantizationPanel::stageText() const
{
    return m_stage->text();
}

} // namespace pointq::studio
