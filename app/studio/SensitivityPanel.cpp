#include "SensitivityPanel.h"

#include "SensitivityRunner.h"
#include "SessionController.h"
#include "StageNames.h"
#include "sensitivity/SensitivityView.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace pointq::studio {

SensitivityPanel::SensitivityPanel(SessionController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_runner(new SensitivityRunner(this))
    , m_view(new widgets::SensitivityView(this))
    , m_mode(new QComboBox(this))
    , m_clouds(new QSpinBox(this))
    , m_run(new QPushButton(tr("Run sweep"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
{
    m_mode->addItem(tr("Only this layer quantized"), QStringLiteral("only"));
    m_mode->addItem(tr("All but this layer quantized"), QStringLiteral("all-but"));
    m_mode->addItem(tr("Both"), QStringLiteral("both"));
    m_clouds->setRange(0, 100000);
    m_clouds->setValue(32);
    m_clouds->setSpecialValueText(tr("all"));
    m_clouds->setToolTip(tr("Clouds swept, the first of the data; each configuration runs the network on all of them"));
    m_run->setObjectName(QStringLiteral("RunSweepButton"));
    m_cancel->setEnabled(false);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_status->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Mode"), m_mode);
    form->addRow(tr("Clouds"), m_clouds);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(m_view, 1);

    connect(m_run, &QPushButton::clicked, this, &SensitivityPanel::startSweep);
    connect(m_cancel, &QPushButton::clicked, this, &SensitivityPanel::cancelSweep);
    connect(m_view, &widgets::SensitivityView::layerSelected, this, &SensitivityPanel::layerSelected);
    connect(m_runner, &SensitivityRunner::progressChanged, this, [this](double fraction, const QString& stage) {
        m_progress->setValue(static_cast<int>(fraction * 1000.0));
        m_status->setText(tr("Sweeping: %1 (%2%)").arg(translatedStageName(stage)).arg(static_cast<int>(fraction * 100.0)));
    });
    connect(m_runner, &SensitivityRunner::finished, this, &SensitivityPanel::onFinished);
    connect(m_runner, &SensitivityRunner::failed, this, [this](const QString& message) {
        setRunning(false);
        m_status->setText(tr("Sweep failed: %1").arg(message));
        Q_EMIT sweepEnded();
    });
    connect(m_runner, &SensitivityRunner::cancelled, this, [this] {
        setRunning(false);
        m_status->setText(tr("Sweep cancelled"));
        Q_EMIT sweepEnded();
    });
    connect(m_controller, &SessionController::sessionReplaced, this, &SensitivityPanel::onSessionReplaced);
    connect(m_controller, &SessionController::modelChanged, this, &SensitivityPanel::onSessionReplaced);
}

QString SensitivityPanel::statusText() const
{
    return m_status->text();
}

void SensitivityPanel::startSweep()
{
    if (m_runner->isRunning())
        return;
    if (m_controller->segmentsScenes()) {
        m_status->setText(tr("The sweep measures classifiers on their clouds; it does not run on a segmentation "
                             "scene yet. Keep layers in FP32 by hand and compare the runs instead."));
        return;
    }
    if (!m_controller->model() || !m_controller->data()) {
        m_status->setText(tr("Open a config, a checkpoint and evaluation data before running a sweep."));
        return;
    }
    const QuantizeJobSettings quantize = jobSettingsOf(m_controller->session(), {});
    SensitivityJobSettings settings;
    settings.configPath = quantize.configPath;
    settings.overrides = quantize.overrides;
    settings.checkpointPath = quantize.checkpointPath;
    settings.data = quantize.data;
    settings.data.limit = m_clouds->value();
    settings.calibrationClouds = quantize.calibrationClouds;
    settings.sweep.mode = parseSweepMode(m_mode->currentData().toString().toStdString());
    settings.sweep.engine = quantize.quantization.engine;
    settings.threads = quantize.threads;
    setRunning(true);
    m_status->setText(tr("Starting the sweep…"));
    m_runner->start(settings);
}

void SensitivityPanel::cancelSweep()
{
    if (!m_runner->isRunning())
        return;
    m_status->setText(tr("Cancelling…"));
    m_runner->cancel();
}

void SensitivityPanel::setRunning(bool running)
{
    m_run->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_mode->setEnabled(!running);
    m_clouds->setEnabled(!running);
    m_progress->setVisible(running);
    m_progress->setValue(0);
}

void SensitivityPanel::onFinished(const SensitivityReport& report)
{
    setRunning(false);
    m_report = report;
    m_hasReport = true;
    m_view->setResult(report.sweep);
    m_status->setText(tr("Sweep finished: %n configuration(s) in %1 s", nullptr, static_cast<int>(report.sweep.configurations))
                          .arg(report.sweep.sweepSeconds, 0, 'f', 1));
    Q_EMIT sweepEnded();
}

void SensitivityPanel::onSessionReplaced()
{
    // A sweep belongs to the model it measured.
    m_hasReport = false;
    m_report = SensitivityReport{};
    m_view->clear();
    m_status->clear();
}

} // namespace pointq::studio
