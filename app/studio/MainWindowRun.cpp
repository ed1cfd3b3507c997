// Starting, following and ending quantize runs in the main window.
#include "MainWindow.h"

#include "QuantizationPanel.h"
#include "QuantizeRunner.h"
#include "SessionController.h"
#include "StageNames.h"

#include "quant/Int8Kernels.h"

#include <QFileDialog>
#include <QLabel>
#include <QStatusBar>

#include <algorithm>

namespace pointq::studio {

void MainWindow::startRun(const QString& outputPath)
{
    if (m_runner->isRunning())
        return;
    if (!m_controller->model() || !m_controller->hasData()) {
        showError(tr("Run"), m_controller->segmentsScenes()
                                 ? tr("Open a scene file (.bin, PLY, PCD or NPY with colours) before running.")
                                 : tr("Open a config, a checkpoint and evaluation data before running."));
        return;
    }
    const QuantizeJobSettings settings = jobSettingsOf(m_controller->session(), outputPath);
    m_quantizationPanel->setRunning(true);
    statusBar()->showMessage(tr("Running…"));
    m_runner->start(settings);
}

void MainWindow::onRunAndSave()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save INT8 Model"), {}, tr("PointQ INT8 models (*.pq)"));
    if (!path.isEmpty())
        startRun(path);
}

void MainWindow::cancelRun()
{
    if (!m_runner->isRunning())
        return;
    m_quantizationPanel->showOutcome(tr("Cancelling…"));
    m_runner->cancel();
}

void MainWindow::onRunProgress(double fraction, const QString& stage, qint64 elapsedMs, qint64 remainingMs)
{
    m_quantizationPanel->showProgress(fraction, translatedStageName(stage), elapsedMs, remainingMs);
}

void MainWindow::onRunFinished()
{
    m_quantizationPanel->setRunning(false);
    const auto& runs = m_controller->session().runs;
    m_quantizationPanel->showFinished(tr("Run %1 finished").arg(runs.empty() ? 0 : runs.back().number));
    statusBar()->showMessage(tr("Run finished"), 5000);
    updateEngineStatus();
    Q_EMIT runEnded();
}

void MainWindow::onRunFailed(const QString& message)
{
    m_quantizationPanel->setRunning(false);
    m_quantizationPanel->showOutcome(tr("Run failed"));
    showError(tr("Run"), message);
    Q_EMIT runEnded();
}

void MainWindow::onRunCancelled()
{
    m_quantizationPanel->setRunning(false);
    m_quantizationPanel->showCancelled(tr("Run cancelled; nothing was written"));
    statusBar()->showMessage(tr("Run cancelled"), 5000);
    Q_EMIT runEnded();
}

void MainWindow::updateEngineStatus()
{
    const Session& session = m_controller->session();
    const auto& runs = session.runs;
    if (!runs.empty()) {
        const QuantizeReport& report = runs.back().report;
        const QString engine = QString::fromStdString(report.engine);
        m_engineStatus->setText(report.engineFellBack ? tr("Engine: %1 (fallback: onednn not available)").arg(engine)
                                                      : tr("Engine: %1").arg(engine));
    } else {
        // selectQuantizedEngine() would switch LibTorch's global engine, so the status
        // resolves the choice from the list of engines instead.
        const std::vector<std::string> engines = availableQuantizedEngines();
        const auto has = [&](const char* name) { return std::find(engines.begin(), engines.end(), name) != engines.end(); };
        const QString requested = session.quantization.engine;
        if (requested == QLatin1String("auto") && has("onednn"))
            m_engineStatus->setText(tr("Engine: %1").arg(QStringLiteral("onednn")));
        else if (requested == QLatin1String("auto") && has("qnnpack"))
            m_engineStatus->setText(tr("Engine: %1 (fallback: onednn not available)").arg(QStringLiteral("qnnpack")));
        else if (has(requested.toLatin1().constData()))
            m_engineStatus->setText(tr("Engine: %1").arg(requested));
        else
            m_engineStatus->setText(tr("Engine: %1 is not available").arg(requested));
    }
    m_threadStatus->setText(tr("Threads: %1").arg(session.quantization.threads));
    const EvaluationData* data = m_controller->data();
    if (const SegmentationScene* scene = m_controller->scene())
        m_dataStatus->setText(tr("Scene of %n point(s)", nullptr, static_cast<int>(scene->cloud.size())));
    else if (!data)
        m_dataStatus->setText(tr("No data"));
    else if (data->synthetic)
        m_dataStatus->setText(tr("SYNTHETIC data"));
    else
        m_dataStatus->setText(tr("%n real cloud(s)", nullptr, static_cast<int>(data->inputs.pos.size(0))));
}

} // namespace pointq::studio
