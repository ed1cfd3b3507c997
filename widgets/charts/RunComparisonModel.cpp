#include "RunComparisonModel.h"

#include <QLocale>

#include <algorithm>

namespace pointq::widgets {

RunComparisonModel::RunComparisonModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void RunComparisonModel::setRuns(const std::vector<RunEntry>& runs)
{
    beginResetModel();
    m_runs = runs;
    endResetModel();
}

void RunComparisonModel::appendRun(const RunEntry& run)
{
    const int row = static_cast<int>(m_runs.size());
    beginInsertRows({}, row, row);
    m_runs.push_back(run);
    endInsertRows();
}

bool RunComparisonModel::hasSegmentationRuns() const
{
    return std::any_of(m_runs.begin(), m_runs.end(), [](const RunEntry& run) { return run.report.segmentation; });
}

bool RunComparisonModel::isSegmentationColumn(int column)
{
    return column == Fp32OverallAccuracyColumn || column == Fp32MeanIoUColumn || column == Int8MeanIoUColumn;
}

int RunComparisonModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_runs.size());
}

int RunComparisonModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunComparisonModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const RunEntry& run = m_runs[static_cast<size_t>(index.row())];
    if (role == Qt::DisplayRole)
        return displayText(run, index.column());
    if (role == Qt::ToolTipRole && index.column() == KeptFloatColumn)
        return run.keptFloat.isEmpty() ? tr("Every layer ran in INT8") : run.keptFloat.join(QLatin1Char('\n'));
    if (role == Qt::TextAlignmentRole && index.column() > KeptFloatColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant RunComparisonModel::displayText(const RunEntry& run, int column) const
{
    const QLocale locale;
    const QuantizeReport& report = run.report;
    const auto fixed = [&](double value, int decimals) { return locale.toString(value, 'f', decimals); };
    switch (column) {
    case RunColumn: return run.label;
    case KeptFloatColumn:
        return run.keptFloat.isEmpty() ? tr("none") : tr("%n layer(s)", nullptr, static_cast<int>(run.keptFloat.size()));
    case Fp32OverallAccuracyColumn:
        if (!report.segmentation)
            return {};
        return report.labelled ? fixed(report.fp32.metrics.overallAccuracy, 2) : tr("no labels");
    case OverallAccuracyColumn:
        return report.labelled ? fixed(report.int8.metrics.overallAccuracy, 2) : tr("no labels");
    case Fp32MeanIoUColumn:
    case Int8MeanIoUColumn:
        if (!report.segmentation)
            return {};
        if (!report.labelled)
            return tr("no labels");
        return fixed(column == Fp32MeanIoUColumn ? report.scene.fp32.meanIoU : report.scene.int8.meanIoU, 2);
    case AccuracyDeltaColumn:
        if (!report.labelled)
            return {};
    {
        const double delta = report.int8.metrics.overallAccuracy - report.fp32.metrics.overallAccuracy;
        return (delta >= 0 ? QStringLiteral("+") : QString()) + fixed(delta, 2);
    }
    case AgreementColumn: return fixed(100.0 * report.top1Agreement, 2);
    case SqnrColumn: return fixed(report.logitSqnrDb, 1);
    case Fp32LatencyColumn: return fixed(report.fp32.latency.medianMs, 1);
    case Int8LatencyColumn: return fixed(report.int8.latency.medianMs, 1);
    case SpeedupColumn:
        return report.int8.latency.medianMs > 0 ? tr("%1×").arg(fixed(report.fp32.latency.medianMs / report.int8.latency.medianMs, 2))
                                                 : QVariant();
    case SizeColumn: return locale.formattedDataSize(report.int8.sizeBytes);
    case EngineColumn:
        return report.engineFellBack ? tr("%1 (fallback)").arg(QString::fromStdString(report.engine))
                                     : QString::fromStdString(report.engine);
    default: return {};
    }
}

QVariant RunComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    const bool tip = role == Qt::ToolTipRole;
    switch (section) {
    case RunColumn: return tip ? tr("Runs in the order they finished") : tr("Run");
    case KeptFloatColumn: return tip ? tr("Layers the run kept in FP32 (hover a cell for their names)") : tr("Kept FP32");
    case OverallAccuracyColumn: return tip ? tr("Overall accuracy of the INT8 model, in percent") : tr("INT8 OA (%)");
    case AccuracyDeltaColumn: return tip ? tr("INT8 minus FP32 overall accuracy, in percentage points") : tr("ΔOA (pt)");
    case Fp32OverallAccuracyColumn:
        return tip ? tr("Segmentation: overall accuracy of the FP32 model over the scene's points, in percent")
                   : tr("FP32 OA (%)");
    case Fp32MeanIoUColumn:
        return tip ? tr("Segmentation: FP32 mean IoU over the classes present in the labels or predictions, in percent")
                   : tr("FP32 mIoU (%)");
    case Int8MeanIoUColumn:
        return tip ? tr("Segmentation: INT8 mean IoU over the classes present in the labels or predictions, in percent")
                   : tr("INT8 mIoU (%)");
    case AgreementColumn:
        return tip ? tr("Clouds (points of a segmentation scene) where INT8 and FP32 predict the same class, in percent")
                   : tr("Agreement (%)");
    case SqnrColumn: return tip ? tr("Signal-to-quantization-noise ratio of the logits") : tr("Logit SQNR (dB)");
    case Fp32LatencyColumn: return tip ? tr("Median FP32 forward time per batch") : tr("FP32 (ms)");
    case Int8LatencyColumn: return tip ? tr("Median INT8 forward time per batch") : tr("INT8 (ms)");
    case SpeedupColumn: return tip ? tr("FP32 latency divided by INT8 latency") : tr("Speed-up");
    case SizeColumn: return tip ? tr("Size of the saved INT8 model") : tr("INT8 size");
    case EngineColumn: return tip ? tr("Quantized engine that ran the INT8 layers") : tr("Engine");
    default: return {};
    }
}

} // namespace pointq::widgets
