<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>pointq::studio::CloudPanel</name>
    <message numerus="yes">
        <source>Ground truth: the labels reach class %1, but the model has %n class(es), so they are not shown.</source>
        <translation>
            <numerusform>Ground truth: the labels reach class %1, but the model has %n class, so they are not shown.</numerusform>
            <numerusform>Ground truth: the labels reach class %1, but the model has %n classes, so they are not shown.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Scene %1: %Ln point(s), shown whole.</source>
        <translation>
            <numerusform>Scene %1: %Ln point, shown whole.</numerusform>
            <numerusform>Scene %1: %Ln points, shown whole.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Labels of run %1: %2 of %Ln point(s) (%3%) change class from FP32 to INT8.</source>
        <translation>
            <numerusform>Labels of run %1: %2 of %Ln point (%3%) changes class from FP32 to INT8.</numerusform>
            <numerusform>Labels of run %1: %2 of %Ln points (%3%) change class from FP32 to INT8.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Layer sampling: cloud %1 traced through %n encoder stage(s).</source>
        <translation>
            <numerusform>Layer sampling: cloud %1 traced through %n encoder stage.</numerusform>
            <numerusform>Layer sampling: cloud %1 traced through %n encoder stages.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>FP32-INT8 difference at %1 (run %2): mean %3, max %4 over %Ln point(s) of stage %5; the FP32 output norm averages %6.</source>
        <translation>
            <numerusform>FP32-INT8 difference at %1 (run %2): mean %3, max %4 over %Ln point of stage %5; the FP32 output norm averages %6.</numerusform>
            <numerusform>FP32-INT8 difference at %1 (run %2): mean %3, max %4 over %Ln points of stage %5; the FP32 output norm averages %6.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pointq::studio::DataPanel</name>
    <message numerus="yes">
        <source>One scene of %n point(s), shown whole; a run predicts a label for every point.</source>
        <translation>
            <numerusform>One scene of %n point, shown whole; a run predicts a label for every point.</numerusform>
            <numerusform>One scene of %n points, shown whole; a run predicts a label for every point.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pointq::studio::HistogramPanel</name>
    <message numerus="yes">
        <source>Weights: %n output channel(s); INT8 uses one step per channel, max|w| / 127.</source>
        <translation>
            <numerusform>Weights: %n output channel; INT8 uses one step per channel, max|w| / 127.</numerusform>
            <numerusform>Weights: %n output channels; INT8 uses one step per channel, max|w| / 127.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pointq::studio::MainWindow</name>
    <message numerus="yes">
        <source>Report of %n page(s) written to %1</source>
        <translation>
            <numerusform>Report of %n page written to %1</numerusform>
            <numerusform>Report of %n pages written to %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Scene of %n point(s)</source>
        <translation>
            <numerusform>Scene of %n point</numerusform>
            <numerusform>Scene of %n points</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n real cloud(s)</source>
        <translation>
            <numerusform>%n real cloud</numerusform>
            <numerusform>%n real clouds</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pointq::studio::SceneLayoutText</name>
    <message numerus="yes">
        <source>%1 (%Ln point(s))</source>
        <translation>
            <numerusform>%1 (%Ln point)</numerusform>
            <numerusform>%1 (%Ln points)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The file&apos;s %Ln byte(s) fit %1.</source>
        <translation>
            <numerusform>The file&apos;s %Ln byte fits %1.</numerusform>
            <numerusform>The file&apos;s %Ln bytes fit %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pointq::studio::SegmentationPanel</name>
    <message numerus="yes">
        <source>%Ln point(s)</source>
        <translation>
            <numerusform>%Ln point</numerusform>
            <numerusform>%Ln points</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln voxel(s)</source>
        <translation>
            <numerusform>%Ln voxel</numerusform>
            <numerusform>%Ln voxels</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln voting pass(es)</source>
        <translation>
            <numerusform>%Ln voting pass</numerusform>
            <numerusform>%Ln voting passes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln extra crop(s)</source>
        <translation>
            <numerusform>%Ln extra crop</numerusform>
            <numerusform>%Ln extra crops</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Point agreement %1%: %Ln point(s) change class. Logit SQNR %2 dB.</source>
        <translation>
            <numerusform>Point agreement %1%: %Ln point changes class. Logit SQNR %2 dB.</numerusform>
            <numerusform>Point agreement %1%: %Ln points change class. Logit SQNR %2 dB.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pointq::studio::SensitivityPanel</name>
    <message numerus="yes">
        <source>Sweep finished: %n configuration(s) in %1 s</source>
        <translation>
            <numerusform>Sweep finished: %n configuration in %1 s</numerusform>
            <numerusform>Sweep finished: %n configurations in %1 s</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pointq::widgets::HistogramView</name>
    <message numerus="yes">
        <source>%1 in %n bin(s) from %2 to %3; no quantization range is set.</source>
        <translation>
            <numerusform>%1 in %n bin from %2 to %3; no quantization range is set.</numerusform>
            <numerusform>%1 in %n bins from %2 to %3; no quantization range is set.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln value(s)</source>
        <translation>
            <numerusform>%Ln value</numerusform>
            <numerusform>%Ln values</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pointq::widgets::LogPanel</name>
    <message numerus="yes">
        <source> (repeated %n times)</source>
        <translation>
            <numerusform> (repeated %n time)</numerusform>
            <numerusform> (repeated %n times)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pointq::widgets::PointCloudView</name>
    <message numerus="yes">
        <source>%n point(s)</source>
        <translation>
            <numerusform>%n point</numerusform>
            <numerusform>%n points</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n centre(s) of stage %1</source>
        <translation>
            <numerusform>%n centre of stage %1</numerusform>
            <numerusform>%n centres of stage %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n distinct neighbour(s) of centre %1 (ball query)</source>
        <translation>
            <numerusform>%n distinct neighbour of centre %1 (ball query)</numerusform>
            <numerusform>%n distinct neighbours of centre %1 (ball query)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pointq::widgets::RunComparisonModel</name>
    <message numerus="yes">
        <source>%n layer(s)</source>
        <translation>
            <numerusform>%n layer</numerusform>
            <numerusform>%n layers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pointq::widgets::SensitivityView</name>
    <message numerus="yes">
        <source>%n cloud(s)</source>
        <translation>
            <numerusform>%n cloud</numerusform>
            <numerusform>%n clouds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n layer(s), %1, %2. All layers quantized: logit SQNR %3 dB, top-1 agreement %4%.</source>
        <translation>
            <numerusform>%n layer, %1, %2. All layers quantized: logit SQNR %3 dB, top-1 agreement %4%.</numerusform>
            <numerusform>%n layers, %1, %2. All layers quantized: logit SQNR %3 dB, top-1 agreement %4%.</numerusform>
        </translation>
    </message>
</context>
</TS>
