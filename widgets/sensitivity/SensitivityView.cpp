#include "sensitivity/SensitivityView.h"

#include "report/ReportCharts.h"
#include "sensitivity/SensitivityTableModel.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace pointq::widgets {

namespace {

constexpr double barPitch = 14.0;
constexpr double chartMargin = 8.0;

} // namespace

SensitivityView::SensitivityView(QWidget* parent)
    : QWidget(parent)
    , m_model(new SensitivityTableModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(new QTableView(this))
    , m_chart(new SensitivityBarChart(this))
    , m_summary(new QLabel(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(Qt::UserRole);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(SensitivityTableModel::Rank, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setObjectName(QStringLiteral("SensitivityTable"));
    m_summary->setWordWrap(true);
    m_summary->setText(tr("No sensitivity sweep yet: run one to rank the layers."));

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(m_chart);
    scroll->setWidgetResizable(true);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(scroll);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(splitter, 1);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &SensitivityView::onCurrentRowChanged);
    connect(m_chart, &SensitivityBarChart::layerClicked, this, [this](const QString& name) {
        selectLayer(name);
        Q_EMIT layerSelected(name);
    });
}

QString SensitivityView::backendText(const SensitivityResult& result)
{
    if (result.engine.empty())
        return tr("simulated %1-bit").arg(result.settings.bits);
    return tr("%1 INT8 kernels").arg(QString::fromStdString(result.engine));
}

void SensitivityView::setResult(const SensitivityResult& result)
{
    m_model->setResult(result);
    m_chart->setResult(result);
    m_table->sortByColumn(SensitivityTableModel::Rank, Qt::AscendingOrder);
    // The cloud count is a phrase of its own, because tr() inflects one number per string.
    const QString clouds = tr("%n cloud(s)", nullptr, static_cast<int>(result.clouds));
    QString summary = tr("%n layer(s), %1, %2. All layers quantized: logit SQNR %3 dB, top-1 agreement %4%.", nullptr,
                         static_cast<int>(result.layers.size()))
                          .arg(clouds)
                          .arg(backendText(result))
                          .arg(result.allQuantized.sqnrDb, 0, 'f', 2)
                          .arg(result.allQuantized.top1Agreement, 0, 'f', 2);
    m_summary->setText(summary);
}

void SensitivityView::clear()
{
    setResult(SensitivityResult{});
    m_summary->setText(tr("No sensitivity sweep yet: run one to rank the layers."));
}

void SensitivityView::selectLayer(const QString& name)
{
    m_selectingQuietly = true;
    const int row = m_model->rowOf(name);
    if (row < 0) {
        m_table->selectionModel()->clearSelection();
    } else {
        const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, SensitivityTableModel::Layer));
        m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_table->scrollTo(index);
    }
    m_chart->setHighlightedLayer(row < 0 ? QString() : name);
    m_selectingQuietly = false;
}

QString SensitivityView::selectedLayer() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid())
        return {};
    return m_model->layerName(m_proxy->mapToSource(current).row());
}

QString SensitivityView::summaryText() const
{
    return m_summary->text();
}

void SensitivityView::onCurrentRowChanged()
{
    const QString name = selectedLayer();
    m_chart->setHighlightedLayer(name);
    if (!m_selectingQuietly && !name.isEmpty())
        Q_EMIT layerSelected(name);
}

SensitivityBarChart::SensitivityBarChart(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("SensitivityChart"));
    setMinimumHeight(120);
}

void SensitivityBarChart::setResult(const SensitivityResult& result)
{
    m_names.clear();
    m_values.clear();
    m_byOnly = result.layers.empty() || result.layers.front().hasOnly;
    for (size_t index : layersBySensitivity(result)) {
        const LayerSensitivity& layer = result.layers[index];
        const double value = m_byOnly ? layer.onlyThis.sqnrDb : layer.allButThis.sqnrDb;
        if (!std::isfinite(value))
            continue;
        m_names << QString::fromStdString(layer.name);
        m_values.push_back(value);
    }
    // The scroll area around the chart shrinks it to its minimum height. In a docked view
    // the labels of 18 bars then overlapped, so the minimum follows the bar count.
    setMinimumHeight(std::max(120, sizeHint().height()));
    updateGeometry();
    update();
}

void SensitivityBarChart::setHighlightedLayer(const QString& name)
{
    m_highlighted = name;
    update();
}

QSize SensitivityBarChart::sizeHint() const
{
    return QSize(420, static_cast<int>(2 * chartMargin + 40.0 + barPitch * static_cast<double>(m_names.size())));
}

QString SensitivityBarChart::layerAt(const QPoint& point) const
{
    const QRectF area = QRectF(rect()).adjusted(chartMargin, chartMargin, -chartMargin, -chartMargin);
    const int index = report::barIndexAt(area, static_cast<size_t>(m_names.size()), point);
    return index < 0 ? QString() : m_names[index];
}

void SensitivityBarChart::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(rect(), palette().base());
    if (m_names.isEmpty())
        return;
    std::vector<report::Bar> bars;
    for (int i = 0; i < m_names.size(); ++i) {
        const bool highlighted = m_names[i] == m_highlighted;
        bars.push_back(report::Bar{m_names[i], m_values[static_cast<size_t>(i)],
                                   QString::number(m_values[static_cast<size_t>(i)], 'f', 1),
                                   highlighted ? QColor(230, 140, 50) : QColor(70, 110, 170)});
    }
    const QRectF area = QRectF(rect()).adjusted(chartMargin, chartMargin, -chartMargin, -chartMargin);
    report::drawBarChart(painter, area,
                         m_byOnly ? tr("Logit SQNR with only this layer quantized (lower is more sensitive)")
                                  : tr("Logit SQNR with every layer but this one quantized"),
                         tr("logit SQNR against FP32 (dB)"), bars);
}

void SensitivityBarChart::mousePressEvent(QMouseEvent* event)
{
    const QString name = layerAt(event->position().toPoint());
    if (!name.isEmpty())
        Q_EMIT layerClicked(name);
}

} // namespace pointq::widgets
