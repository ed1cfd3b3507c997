#include "ModelPanel.h"

#include "SessionController.h"
#include "layers/LayerTableModel.h"

#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace pointq::studio {

namespace {

QToolButton* browseButton(const QString& tip, QWidget* parent)
{
    auto* button = new QToolButton(parent);
    button->setText(QStringLiteral("…"));
    button->setToolTip(tip);
    return button;
}

std::vector<widgets::LayerRow> layerRows(const LoadedModel& model)
{
    std::vector<widgets::LayerRow> rows;
    for (const auto& block : model.model->layers()) {
        widgets::LayerRow row;
        row.name = QString::fromStdString(block->layerName());
        row.stage = block->place().stage;
        row.block = block->place().block;
        row.blockType = QString::fromStdString(block->place().blockType);
        row.kind = QString::fromLatin1(layerKindName(block->kind()));
        row.inChannels = block->inChannels();
        row.outChannels = block->outChannels();
        // Folding keeps one weight matrix and one bias per layer.
        row.parameters = block->inChannels() * block->outChannels() + block->outChannels();
        rows.push_back(row);
    }
    return rows;
}

} // namespace

ModelPanel::ModelPanel(SessionController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_layers(new widgets::LayerTableModel(this))
    , m_configLabel(new QLabel(this))
    , m_checkpointLabel(new QLabel(this))
    , m_overrides(new QLineEdit(this))
    , m_pattern(new QLineEdit(this))
    , m_view(new QTreeView(this))
{
    auto* configButton = browseButton(tr("Open an openpoints config (.yaml)"), this);
    auto* checkpointButton = browseButton(tr("Open a torch.save checkpoint (.pth)"), this);
    m_overrides->setPlaceholderText(tr("key=value …, e.g. model.encoder_args.width=32"));
    m_overrides->setToolTip(tr("Config overrides as openpoints' scripts take them; press Enter to apply"));
    m_pattern->setPlaceholderText(tr("stage1, head, encoder.encoder.2, *.skipconv"));
    m_pattern->setToolTip(tr("Layer words as `pointq quantize --skip` takes them: stage numbers, name prefixes, "
                             "block types or globs"));
    auto* keepButton = new QPushButton(tr("Keep FP32"), this);
    keepButton->setToolTip(tr("Keep the layers the pattern selects in FP32"));
    auto* quantizeButton = new QPushButton(tr("Quantize"), this);
    quantizeButton->setToolTip(tr("Quantize the layers the pattern selects to INT8"));
    auto* loadButton = new QPushButton(tr("Load skip set…"), this);
    loadButton->setToolTip(tr("Read the layers to keep in FP32 from a YAML skip file"));
    auto* saveButton = new QPushButton(tr("Save skip set…"), this);
    saveButton->setToolTip(tr("Write the layers kept in FP32 to a YAML file that `pointq quantize --skip-file` reads"));

    m_view->setModel(m_layers);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setToolTip(tr("Quantizable layers by stage and block; select one to see its histograms"));
    m_view->header()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto* form = new QFormLayout;
    auto* configRow = new QHBoxLayout;
    configRow->addWidget(m_configLabel, 1);
    configRow->addWidget(configButton);
    auto* checkpointRow = new QHBoxLayout;
    checkpointRow->addWidget(m_checkpointLabel, 1);
    checkpointRow->addWidget(checkpointButton);
    form->addRow(tr("Config:"), configRow);
    form->addRow(tr("Overrides:"), m_overrides);
    form->addRow(tr("Checkpoint:"), checkpointRow);
    auto* patternRow = new QHBoxLayout;
    patternRow->addWidget(m_pattern, 1);
    patternRow->addWidget(keepButton);
    patternRow->addWidget(quantizeButton);
    form->addRow(tr("Select:"), patternRow);
    auto* fileRow = new QHBoxLayout;
    fileRow->addStretch();
    fileRow->addWidget(loadButton);
    fileRow->addWidget(saveButton);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(form);
    layout->addWidget(m_view, 1);
    layout->addLayout(fileRow);

    connect(configButton, &QToolButton::clicked, this, &ModelPanel::openConfigRequested);
    connect(checkpointButton, &QToolButton::clicked, this, &ModelPanel::openCheckpointRequested);
    connect(loadButton, &QPushButton::clicked, this, &ModelPanel::loadSkipFileRequested);
    connect(saveButton, &QPushButton::clicked, this, &ModelPanel::saveSkipFileRequested);
    connect(m_overrides, &QLineEdit::returnPressed, this, &ModelPanel::onOverridesEdited);
    connect(keepButton, &QPushButton::clicked, this, [this] { m_controller->keepFloatByPattern(m_pattern->text(), true); });
    connect(quantizeButton, &QPushButton::clicked, this, [this] { m_controller->keepFloatByPattern(m_pattern->text(), false); });
    connect(m_layers, &widgets::LayerTableModel::keptFloatLayersChanged, m_controller, &SessionController::setKeptFloat);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ModelPanel::onCurrentRowChanged);
    connect(m_controller, &SessionController::modelChanged, this, &ModelPanel::onModelChanged);
    connect(m_controller, &SessionController::sessionReplaced, this, &ModelPanel::onModelChanged);
    connect(m_controller, &SessionController::keptFloatChanged, this, &ModelPanel::onKeptFloatChanged);
    connect(m_controller, &SessionController::runAdded, this, &ModelPanel::onRunFiguresChanged);
    onModelChanged();
}

void ModelPanel::onModelChanged()
{
    const Session& session = m_controller->session();
    const auto describe = [](QLabel* label, const QString& path, const QString& none) {
        label->setText(path.isEmpty() ? none : QFileInfo(path).fileName());
        label->setToolTip(path.isEmpty() ? none : path);
    };
    describe(m_configLabel, session.configPath, tr("none"));
    describe(m_checkpointLabel, session.checkpointPath, tr("none (random weights)"));
    m_overrides->setText(session.overrides.join(QLatin1Char(' ')));
    if (m_controller->model())
        m_layers->setLayers(layerRows(*m_controller->model()));
    else
        m_layers->setLayers({});
    onKeptFloatChanged();
    onRunFiguresChanged();
    m_view->expandAll();
}

void ModelPanel::onKeptFloatChanged()
{
    const QStringList& names = m_controller->session().keptFloat;
    const QSignalBlocker blocker(m_layers);
    m_layers->setKeptFloatLayers(QSet<QString>(names.begin(), names.end()));
    m_view->viewport()->update();
}

void ModelPanel::onRunFiguresChanged()
{
    QHash<QString, std::pair<float, float>> ranges;
    QHash<QString, double> sqnr;
    const auto& runs = m_controller->session().runs;
    if (!runs.empty()) {
        const QuantizeReport& report = runs.back().report;
        for (size_t i = 0; i < report.layers.size(); ++i) {
            const QString name = QString::fromStdString(report.layers[i].name);
            ranges.insert(name, {report.layers[i].inputMin, report.layers[i].inputMax});
            if (i < report.layerStatistics.size() && report.layerStatistics[i].sqnrMeasured)
                sqnr.insert(name, report.layerStatistics[i].sqnrDb);
        }
    }
    m_layers->setLayerFigures(ranges, sqnr);
}

void ModelPanel::onOverridesEdited()
{
    if (!m_controller->setOverrides(m_overrides->text().split(QLatin1Char(' '), Qt::SkipEmptyParts)))
        m_overrides->setText(m_controller->session().overrides.join(QLatin1Char(' ')));
}

void ModelPanel::onCurrentRowChanged()
{
    const QString name = m_view->currentIndex().siblingAtColumn(0).data(widgets::LayerTableModel::LayerNameRole).toString();
    if (!name.isEmpty())
        Q_EMIT layerSelected(name);
}

} // namespace pointq::studio
