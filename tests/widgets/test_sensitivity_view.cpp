// The Sensitivity view: sorting its table by each figure, and the layer name that a
// selected row or a clicked bar sends out.
#include "sensitivity/SensitivityTableModel.h"
#include "sensitivity/SensitivityView.h"

#include <QApplication>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>

#include <cmath>

using namespace pointq;
using namespace pointq::widgets;

namespace {

LayerSensitivity layer(const char* name, const char* stage, size_t position, double onlySqnr, double allButSqnr)
{
    LayerSensitivity result;
    result.name = name;
    result.stage = stage;
    result.blockType = "InvResMLP";
    result.kind = "Conv2d";
    result.position = position;
    result.hasOnly = true;
    result.onlyThis.sqnrDb = onlySqnr;
    result.onlyThis.top1Agreement = 100.0 - 100.0 / onlySqnr;
    result.onlyThis.hasAccuracy = true;
    result.onlyThis.accuracyDelta = -10.0 / onlySqnr;
    result.hasAllBut = true;
    result.allButThis.sqnrDb = allButSqnr;
    return result;
}

// Execution order differs from every sort order, so each sort must move rows.
SensitivityResult threeLayers()
{
    SensitivityResult result;
    result.clouds = 8;
    result.backend = "onednn INT8 kernels";
    result.layers = {layer("encoder.encoder.0.0.convs.0", "stage0", 0, 49.1, 36.0),
                     layer("encoder.encoder.1.0.convs.0", "stage1", 1, 41.2, 39.5),
                     layer("prediction.head.4", "head", 2, 45.0, 37.0)};
    return result;
}

QStringList namesInViewOrder(const SensitivityView& view)
{
    QStringList names;
    const QSortFilterProxyModel* proxy = view.proxy();
    for (int row = 0; row < proxy->rowCount(); ++row)
        names << proxy->index(row, SensitivityTableModel::Layer).data().toString();
    return names;
}

} // namespace

class SensitivityViewTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void ranksMostSensitiveFirst()
    {
        SensitivityView view;
        view.setResult(threeLayers());
        QCOMPARE(namesInViewOrder(view), (QStringList{"encoder.encoder.1.0.convs.0", "prediction.head.4",
                                                      "encoder.encoder.0.0.convs.0"}));
        QCOMPARE(view.proxy()->index(0, SensitivityTableModel::Rank).data().toInt(), 1);
        QCOMPARE(view.proxy()->index(0, SensitivityTableModel::OnlySqnr).data().toString(), QStringLiteral("41.20"));
    }

    void sortsNumericColumns()
    {
        SensitivityView view;
        view.setResult(threeLayers());
        view.table()->sortByColumn(SensitivityTableModel::AllButSqnr, Qt::DescendingOrder);
        QCOMPARE(namesInViewOrder(view), (QStringList{"encoder.encoder.1.0.convs.0", "prediction.head.4",
                                                      "encoder.encoder.0.0.convs.0"}));
        view.table()->sortByColumn(SensitivityTableModel::AllButSqnr, Qt::AscendingOrder);
        QCOMPARE(namesInViewOrder(view).first(), QStringLiteral("encoder.encoder.0.0.convs.0"));
        view.table()->sortByColumn(SensitivityTableModel::Layer, Qt::AscendingOrder);
        QCOMPARE(namesInViewOrder(view).last(), QStringLiteral("prediction.head.4"));
    }

    void selectingRowEmitsLayer()
    {
        SensitivityView view;
        view.setResult(threeLayers());
        QSignalSpy spy(&view, &SensitivityView::layerSelected);
        const QModelIndex index = view.proxy()->index(1, SensitivityTableModel::Layer);
        view.table()->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.first().first().toString(), QStringLiteral("prediction.head.4"));
        QCOMPARE(view.selectedLayer(), QStringLiteral("prediction.head.4"));
    }

    void selectLayerStaysQuiet()
    {
        SensitivityView view;
        view.setResult(threeLayers());
        QSignalSpy spy(&view, &SensitivityView::layerSelected);
        view.selectLayer(QStringLiteral("encoder.encoder.0.0.convs.0"));
        QCOMPARE(view.selectedLayer(), QStringLiteral("encoder.encoder.0.0.convs.0"));
        QCOMPARE(spy.count(), 0);
        view.selectLayer(QStringLiteral("no.such.layer"));
        QVERIFY(view.table()->selectionModel()->selectedRows().isEmpty());
    }

    void clickingBarEmitsLayer()
    {
        SensitivityView view;
        view.resize(700, 600);
        view.setResult(threeLayers());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        SensitivityBarChart* chart = view.chart();
        QSignalSpy spy(&view, &SensitivityView::layerSelected);
        // Find the bar of the second most sensitive layer by scanning down the chart.
        QPoint target;
        for (int y = 0; y < chart->height() && target.isNull(); ++y)
            if (chart->layerAt(QPoint(chart->width() / 2, y)) == QLatin1String("prediction.head.4"))
                target = QPoint(chart->width() / 2, y + 2);
        QVERIFY(!target.isNull());
        QTest::mouseClick(chart, Qt::LeftButton, {}, target);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.first().first().toString(), QStringLiteral("prediction.head.4"));
        QCOMPARE(view.selectedLayer(), QStringLiteral("prediction.head.4"));
    }

    void chartScrollsInSmallView()
    {
        // 18 bars in a view as small as a docked one: the chart keeps every bar's pitch
        // and the scroll area around it scrolls, instead of squeezing the labels together.
        SensitivityResult result;
        result.clouds = 8;
        for (size_t i = 0; i < 18; ++i) {
            const std::string name = "encoder.encoder." + std::to_string(i) + ".0.convs.0";
            result.layers.push_back(layer(name.c_str(), "stage1", i, 40.0 + static_cast<double>(i), 36.0));
        }
        SensitivityView view;
        view.resize(400, 300);
        view.setResult(result);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const SensitivityBarChart* chart = view.chart();
        QVERIFY2(chart->height() >= chart->sizeHint().height(),
                 qPrintable(QString("chart %1 px high, hint %2 px").arg(chart->height()).arg(chart->sizeHint().height())));
        QVERIFY(chart->sizeHint().height() > 18 * 14);
    }

    void unmeasuredFiguresStayBlank()
    {
        SensitivityResult result = threeLayers();
        result.layers[0].hasAllBut = false;
        SensitivityTableModel model;
        model.setResult(result);
        QCOMPARE(model.index(0, SensitivityTableModel::AllButSqnr).data().toString(), QString());
        QVERIFY(std::isnan(model.index(0, SensitivityTableModel::AllButSqnr).data(Qt::UserRole).toDouble()));
    }
};

QTEST_MAIN(SensitivityViewTest)
#include "test_sensitivity_view.moc"
