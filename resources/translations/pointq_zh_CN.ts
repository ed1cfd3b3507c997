<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>HistogramData</name>
    <message>
        <source>clipping range [%1, %2] is empty or not finite</source>
        <translation>截断范围 [%1, %2] 为空或不是有限值</translation>
    </message>
    <message>
        <source>grid step %1 is not a positive number</source>
        <translation>网格步长 %1 不是正数</translation>
    </message>
    <message>
        <source>count %1 of bin %2 is negative or not finite</source>
        <translation>第 %2 个区间的计数 %1 为负数或不是有限值</translation>
    </message>
    <message>
        <source>the histogram has no bins</source>
        <translation>直方图没有区间</translation>
    </message>
    <message>
        <source>bin range [%1, %2] is empty or not finite</source>
        <translation>区间范围 [%1, %2] 为空或不是有限值</translation>
    </message>
    <message>
        <source>has %1 bins, expected %2</source>
        <translation>有 %1 个区间，应为 %2 个</translation>
    </message>
    <message>
        <source>channel %1: %2</source>
        <translation>通道 %1：%2</translation>
    </message>
</context>
<context>
    <name>pointq::studio::CloudPanel</name>
    <message>
        <source>FP32-INT8 difference</source>
        <translation>FP32-INT8 差异</translation>
    </message>
    <message>
        <source>Encoder layer whose sampling stage and FP32-INT8 difference the 3D view colours; selecting a row in the layer table chooses it too</source>
        <translation>三维视图按其采样阶段和 FP32-INT8 差异着色的编码器层；在层表格中选中一行也会选择该层</translation>
    </message>
    <message>
        <source>What the layer-sampling and difference colourings show, or why they are not available</source>
        <translation>层采样着色和差异着色显示的内容，或它们不可用的原因</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>Layer %1 is not an encoder layer: its output is per cloud, not per point, so the 3D view keeps layer %2.</source>
        <translation>层 %1 不是编码器层：它的输出是每个点云一个，而不是每个点一个，因此三维视图保持显示层 %2。</translation>
    </message>
    <message>
        <source>open a config and a checkpoint first</source>
        <translation>请先打开配置和检查点</translation>
    </message>
    <message>
        <source>not available for segmentation models</source>
        <translation>分割模型不支持此功能</translation>
    </message>
    <message>
        <source>open evaluation data first</source>
        <translation>请先打开评估数据</translation>
    </message>
    <message>
        <source>Layer sampling: %1.</source>
        <translation>层采样：%1。</translation>
    </message>
    <message>
        <source>Layer sampling: tracing cloud %1 through the FP32 model…</source>
        <translation>层采样：正在用 FP32 模型追踪点云 %1…</translation>
    </message>
    <message>
        <source>available after a run in this window finishes</source>
        <translation>在本窗口中完成一次运行后可用</translation>
    </message>
    <message>
        <source>choose a layer</source>
        <translation>请选择一层</translation>
    </message>
    <message>
        <source>FP32-INT8 difference: %1.</source>
        <translation>FP32-INT8 差异：%1。</translation>
    </message>
    <message>
        <source>FP32-INT8 difference: computing layer %1 of run %2 on cloud %3…</source>
        <translation>FP32-INT8 差异：正在计算第 %2 次运行中层 %1 在点云 %3 上的差异…</translation>
    </message>
    <message>
        <source>Layer sampling failed: %1</source>
        <translation>层采样失败：%1</translation>
    </message>
    <message>
        <source>FP32-INT8 difference failed: %1</source>
        <translation>FP32-INT8 差异计算失败：%1</translation>
    </message>
    <message>
        <source>run %1 predicted another scene; run again on this one</source>
        <translation>第 %1 次运行预测的是另一个场景；请在当前场景上重新运行</translation>
    </message>
    <message>
        <source>Random weights: no checkpoint is open, so the predicted classes are arbitrary; the label flips still show what INT8 changes.</source>
        <translation>随机权重：未打开检查点，因此预测的类别没有意义；但标签翻转仍能显示 INT8 带来的变化。</translation>
    </message>
    <message>
        <source>FP32 label, INT8 label and flips: %1.</source>
        <translation>FP32 标签、INT8 标签和翻转：%1。</translation>
    </message>
    <message>
        <source>Ground truth: the scene has no labels.</source>
        <translation>真实标签：该场景没有标签。</translation>
    </message>
    <message numerus="yes">
        <source>Ground truth: the labels reach class %1, but the model has %n class(es), so they are not shown.</source>
        <translation>
            <numerusform>真实标签：标签最大到类别 %1，但模型只有 %n 个类别，因此不予显示。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Scene %1: %Ln point(s), shown whole.</source>
        <translation>
            <numerusform>场景 %1：%Ln 个点，全部显示。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Labels of run %1: %2 of %Ln point(s) (%3%) change class from FP32 to INT8.</source>
        <translation>
            <numerusform>第 %1 次运行的标签：%Ln 个点中有 %2 个（%3%）从 FP32 到 INT8 改变了类别。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Layer sampling: cloud %1 traced through %n encoder stage(s).</source>
        <translation>
            <numerusform>层采样：点云 %1 已追踪 %n 个编码器阶段。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>FP32-INT8 difference at %1 (run %2): mean %3, max %4 over %Ln point(s) of stage %5; the FP32 output norm averages %6.</source>
        <translation>
            <numerusform>%1 处的 FP32-INT8 差异（第 %2 次运行）：在阶段 %5 的 %Ln 个点上平均 %3，最大 %4；FP32 输出范数平均为 %6。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pointq::studio::DataPanel</name>
    <message>
        <source>Open a data folder or a point-cloud file (HDF5, PLY, PCD, NPY, TXT, BIN)</source>
        <translation>打开数据文件夹或点云文件（HDF5、PLY、PCD、NPY、TXT、BIN）</translation>
    </message>
    <message>
        <source>What the evaluation clouds are and how they were read</source>
        <translation>评估点云的内容及读取方式</translation>
    </message>
    <message>
        <source>Files the evaluation clouds were read from</source>
        <translation>评估点云所读取的文件</translation>
    </message>
    <message>
        <source>Index of the cloud shown in the 3D view</source>
        <translation>三维视图中显示的点云序号</translation>
    </message>
    <message>
        <source>Ground-truth class of the shown cloud</source>
        <translation>所显示点云的真实类别</translation>
    </message>
    <message>
        <source>Data:</source>
        <translation>数据：</translation>
    </message>
    <message>
        <source>Cloud:</source>
        <translation>点云：</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>No data open. Runs need evaluation clouds.</source>
        <translation>尚未打开数据。运行需要评估点云。</translation>
    </message>
    <message>
        <source>SYNTHETIC data: %1</source>
        <translation>合成数据：%1</translation>
    </message>
    <message>
        <source>unlabelled</source>
        <translation>无标签</translation>
    </message>
    <message numerus="yes">
        <source>One scene of %n point(s), shown whole; a run predicts a label for every point.</source>
        <translation>
            <numerusform>一个包含 %n 个点的场景，全部显示；运行会为每个点预测一个标签。</numerusform>
        </translation>
    </message>
    <message>
        <source>No labels: mIoU and accuracy are not measured, and INT8 is scored against FP32.</source>
        <translation>没有标签：不测量 mIoU 和准确率，INT8 以 FP32 的预测为参照评分。</translation>
    </message>
    <message>
        <source>Labels from %1.</source>
        <translation>标签来自 %1。</translation>
    </message>
    <message>
        <source>per point</source>
        <translation>逐点</translation>
    </message>
</context>
<context>
    <name>pointq::studio::FirstLaunchGuide</name>
    <message>
        <source>Don&apos;t show this guide again</source>
        <translation>不再显示此指南</translation>
    </message>
    <message>
        <source>Getting started with PointQ Studio</source>
        <translation>PointQ Studio 入门</translation>
    </message>
    <message>
        <source>The demo session with the bundled model and clouds is open. To quantize your own network:</source>
        <translation>包含内置模型和点云的演示会话已打开。要量化您自己的网络：</translation>
    </message>
    <message>
        <source>&lt;b&gt;Load your config and checkpoint.&lt;/b&gt; File &amp;gt; Open Config… takes an openpoints .yaml, File &amp;gt; Open Checkpoint… its trained .pth. You can also drop both files on the window.</source>
        <translation>&lt;b&gt;加载您的配置和检查点。&lt;/b&gt;“文件 &amp;gt; 打开配置…”读取 openpoints 的 .yaml，“文件 &amp;gt; 打开检查点…”读取训练好的 .pth。也可以把这两个文件拖放到窗口上。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Pick calibration data.&lt;/b&gt; File &amp;gt; Open Data… takes a folder or a point-cloud file. In the Quantization dock, Calibration clouds sets how many of them calibrate the INT8 ranges.</source>
        <translation>&lt;b&gt;选择校准数据。&lt;/b&gt;“文件 &amp;gt; 打开数据…”读取文件夹或点云文件。在“量化”面板中，“校准点云数”设置用多少个点云校准 INT8 范围。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Run.&lt;/b&gt; Press F5 or Run in the Quantization dock: PointQ calibrates, converts to INT8, then evaluates and times the FP32 and the INT8 model.</source>
        <translation>&lt;b&gt;运行。&lt;/b&gt;按 F5 或“量化”面板中的“运行”：PointQ 先校准并转换为 INT8，然后评估 FP32 和 INT8 模型并计时。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Read the deltas.&lt;/b&gt; The Results dock lists accuracy and latency of FP32 and INT8 for every run. Select a layer in the Model dock to see its histograms, and keep the layers that lose most in FP32.</source>
        <translation>&lt;b&gt;查看差异。&lt;/b&gt;“结果”面板列出每次运行中 FP32 和 INT8 的精度与延迟。在“模型”面板中选择一层可查看其直方图，并把损失最大的层保持为 FP32。</translation>
    </message>
    <message>
        <source>Help &gt; Getting Started opens this guide again.</source>
        <translation>“帮助 &gt; 入门指南”可再次打开此指南。</translation>
    </message>
</context>
<context>
    <name>pointq::studio::HistogramPanel</name>
    <message>
        <source>Layer whose histograms are shown; select a row in the layer table</source>
        <translation>显示直方图的层，请在层表格中选择一行</translation>
    </message>
    <message>
        <source>Input activations</source>
        <translation>输入激活值</translation>
    </message>
    <message>
        <source>Output activations</source>
        <translation>输出激活值</translation>
    </message>
    <message>
        <source>Which activations of the layer to show</source>
        <translation>要显示该层的哪种激活值</translation>
    </message>
    <message>
        <source>not measured</source>
        <translation>未测量</translation>
    </message>
    <message>
        <source>Sampled activations over the calibration clouds of the latest run that measured this layer; the red lines mark the clipping range</source>
        <translation>最近一次测量该层的运行在校准点云上采样的激活值；红线标出截断范围</translation>
    </message>
    <message>
        <source>Weights with batch norm folded in; choose a channel to see its INT8 range and step</source>
        <translation>已折叠批归一化的权重；选择一个通道可查看其 INT8 范围和步长</translation>
    </message>
    <message>
        <source>Select a layer in the layer table</source>
        <translation>请在层表格中选择一层</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation>层 %1</translation>
    </message>
    <message>
        <source>Activations: no run has measured this layer yet.</source>
        <translation>激活值：尚无运行测量过该层。</translation>
    </message>
    <message>
        <source>Activations: run %1 recorded no histogram for this layer.</source>
        <translation>激活值：第 %1 次运行没有记录该层的直方图。</translation>
    </message>
    <message>
        <source>Input activations, run %1</source>
        <translation>输入激活值，第 %1 次运行</translation>
    </message>
    <message>
        <source>Output activations, run %1</source>
        <translation>输出激活值，第 %1 次运行</translation>
    </message>
    <message>
        <source>activation value</source>
        <translation>激活值</translation>
    </message>
    <message>
        <source>Run %1: INT8 layer, clipping range [%2, %3], grid step %4; SQNR on its own input: %5.</source>
        <translation>第 %1 次运行：INT8 层，截断范围 [%2, %3]，网格步长 %4；在自身输入上的 SQNR：%5。</translation>
    </message>
    <message>
        <source>%1 dB</source>
        <translation>%1 dB</translation>
    </message>
    <message>
        <source>Run %1: INT8 layer without a usable clipping range.</source>
        <translation>第 %1 次运行：INT8 层，没有可用的截断范围。</translation>
    </message>
    <message>
        <source>Run %1: kept in FP32, so no INT8 grid applies.</source>
        <translation>第 %1 次运行：保持 FP32，因此不适用 INT8 网格。</translation>
    </message>
    <message>
        <source>Weights: the model has no layer %1.</source>
        <translation>权重：模型中没有层 %1。</translation>
    </message>
    <message>
        <source>Folded weights</source>
        <translation>折叠后的权重</translation>
    </message>
    <message>
        <source>weight value</source>
        <translation>权重值</translation>
    </message>
    <message numerus="yes">
        <source>Weights: %n output channel(s); INT8 uses one step per channel, max|w| / 127.</source>
        <translation>
            <numerusform>权重：%n 个输出通道；INT8 每个通道使用一个步长，即 max|w| / 127。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pointq::studio::MainWindow</name>
    <message>
        <source>&amp;Export Report…</source>
        <translation>导出报告(&amp;E)…</translation>
    </message>
    <message>
        <source>Write a PDF report of the last run and sweep, with JSON and CSV</source>
        <translation>为最近一次运行和扫描写出 PDF 报告，并附 JSON 和 CSV</translation>
    </message>
    <message>
        <source>Sensitivity</source>
        <translation>敏感度</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <source>Nothing to report yet: run a quantization or a sensitivity sweep first.</source>
        <translation>尚无可报告的内容：请先运行一次量化或敏感度扫描。</translation>
    </message>
    <message>
        <source>Export Report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <source>PDF reports (*.pdf)</source>
        <translation>PDF 报告 (*.pdf)</translation>
    </message>
    <message numerus="yes">
        <source>Report of %n page(s) written to %1</source>
        <translation>
            <numerusform>共 %n 页的报告已写入 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Demo session</source>
        <translation>示例会话</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Histograms</source>
        <translation>直方图</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Quantized engine that runs INT8 layers</source>
        <translation>运行 INT8 层的量化引擎</translation>
    </message>
    <message>
        <source>LibTorch threads of the next run</source>
        <translation>下次运行使用的 LibTorch 线程数</translation>
    </message>
    <message>
        <source>Whether the evaluation clouds are real or synthetic</source>
        <translation>评估点云是真实数据还是合成数据</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>%1失败</translation>
    </message>
    <message>
        <source>Untitled session</source>
        <translation>未命名会话</translation>
    </message>
    <message>
        <source>%1[*] — PointQ Studio</source>
        <translation>%1[*] — PointQ Studio</translation>
    </message>
    <message>
        <source>Unsaved session</source>
        <translation>会话未保存</translation>
    </message>
    <message>
        <source>The session has unsaved changes. Save them first?</source>
        <translation>会话有未保存的更改。是否先保存？</translation>
    </message>
    <message>
        <source>Recover session</source>
        <translation>恢复会话</translation>
    </message>
    <message>
        <source>PointQ Studio did not close normally. Recover the session autosaved at %1?</source>
        <translation>PointQ Studio 上次未正常关闭。是否恢复 %1 自动保存的会话？</translation>
    </message>
    <message>
        <source>&amp;Open Session…</source>
        <translation>打开会话(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a saved .pqsession file</source>
        <translation>打开已保存的 .pqsession 文件</translation>
    </message>
    <message>
        <source>&amp;Save Session</source>
        <translation>保存会话(&amp;S)</translation>
    </message>
    <message>
        <source>Save the session: inputs, skip set, settings and runs</source>
        <translation>保存会话：输入、跳过集、设置和所有运行结果</translation>
    </message>
    <message>
        <source>Save Session &amp;As…</source>
        <translation>会话另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Save the session to a new file</source>
        <translation>将会话保存到新文件</translation>
    </message>
    <message>
        <source>Open &amp;Config…</source>
        <translation>打开配置(&amp;C)…</translation>
    </message>
    <message>
        <source>Open an openpoints config (.yaml)</source>
        <translation>打开 openpoints 配置文件（.yaml）</translation>
    </message>
    <message>
        <source>Open C&amp;heckpoint…</source>
        <translation>打开检查点(&amp;H)…</translation>
    </message>
    <message>
        <source>Open a trained checkpoint (.pth)</source>
        <translation>打开训练好的检查点（.pth）</translation>
    </message>
    <message>
        <source>Open &amp;Data…</source>
        <translation>打开数据(&amp;D)…</translation>
    </message>
    <message>
        <source>Open De&amp;mo</source>
        <translation>打开示例(&amp;M)</translation>
    </message>
    <message>
        <source>Load the bundled PointNeXt-S and ModelNet40 shapes</source>
        <translation>加载自带的 PointNeXt-S 模型和 ModelNet40 形状</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>Language and colour theme</source>
        <translation>语言和配色主题</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Close PointQ Studio</source>
        <translation>关闭 PointQ Studio</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Quantize, evaluate and time the model (F5)</source>
        <translation>量化、评估模型并测量耗时（F5）</translation>
    </message>
    <message>
        <source>&amp;Cancel Run</source>
        <translation>取消运行(&amp;C)</translation>
    </message>
    <message>
        <source>Stop the running job (Esc)</source>
        <translation>停止正在运行的任务（Esc）</translation>
    </message>
    <message>
        <source>Run and &amp;Save INT8 Model…</source>
        <translation>运行并保存 INT8 模型(&amp;S)…</translation>
    </message>
    <message>
        <source>Run, then write the INT8 model to a .pq file</source>
        <translation>运行后将 INT8 模型写入 .pq 文件</translation>
    </message>
    <message>
        <source>&amp;About PointQ Studio</source>
        <translation>关于 PointQ Studio(&amp;A)</translation>
    </message>
    <message>
        <source>Version and libraries</source>
        <translation>版本和所用库</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Getting Started</source>
        <translation>入门指南(&amp;G)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Open Config</source>
        <translation>打开配置</translation>
    </message>
    <message>
        <source>openpoints configs (*.yaml *.yml)</source>
        <translation>openpoints 配置文件 (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>Open Checkpoint</source>
        <translation>打开检查点</translation>
    </message>
    <message>
        <source>Checkpoints (*.pth *.pt)</source>
        <translation>检查点 (*.pth *.pt)</translation>
    </message>
    <message>
        <source>Open Data Folder</source>
        <translation>打开数据文件夹</translation>
    </message>
    <message>
        <source>Open Session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <source>PointQ sessions (*.%1)</source>
        <translation>PointQ 会话 (*.%1)</translation>
    </message>
    <message>
        <source>Save Session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <source>Load Skip Set</source>
        <translation>加载跳过集</translation>
    </message>
    <message>
        <source>Skip files (*.yaml *.yml)</source>
        <translation>跳过集文件 (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>Save Skip Set</source>
        <translation>保存跳过集</translation>
    </message>
    <message>
        <source>About PointQ Studio</source>
        <translation>关于 PointQ Studio</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;PointQ Studio&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;Post-training INT8 quantization of PointNeXt point-cloud networks, with LibTorch, Qt %2 and VTK.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;PointQ Studio&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;PointNeXt 点云网络的训练后 INT8 量化工具，基于 LibTorch、Qt %2 和 VTK。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Open a config, a checkpoint and evaluation data before running.</source>
        <translation>运行前请先打开配置、检查点和评估数据。</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>正在运行…</translation>
    </message>
    <message>
        <source>Save INT8 Model</source>
        <translation>保存 INT8 模型</translation>
    </message>
    <message>
        <source>PointQ INT8 models (*.pq)</source>
        <translation>PointQ INT8 模型 (*.pq)</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Run %1 finished</source>
        <translation>第 %1 次运行已完成</translation>
    </message>
    <message>
        <source>Run finished</source>
        <translation>运行已完成</translation>
    </message>
    <message>
        <source>Run failed</source>
        <translation>运行失败</translation>
    </message>
    <message>
        <source>Run cancelled; nothing was written</source>
        <translation>运行已取消，未写入任何文件</translation>
    </message>
    <message>
        <source>Run cancelled</source>
        <translation>运行已取消</translation>
    </message>
    <message>
        <source>Engine: %1 (fallback: onednn not available)</source>
        <translation>引擎：%1（回退：onednn 不可用）</translation>
    </message>
    <message>
        <source>Engine: %1</source>
        <translation>引擎：%1</translation>
    </message>
    <message>
        <source>Engine: %1 is not available</source>
        <translation>引擎：%1 不可用</translation>
    </message>
    <message>
        <source>Threads: %1</source>
        <translation>线程：%1</translation>
    </message>
    <message>
        <source>No data</source>
        <translation>无数据</translation>
    </message>
    <message>
        <source>SYNTHETIC data</source>
        <translation>合成数据</translation>
    </message>
    <message numerus="yes">
        <source>%n real cloud(s)</source>
        <translation>
            <numerusform>%n 个真实点云</numerusform>
        </translation>
    </message>
    <message>
        <source>Segmentation</source>
        <translation>分割</translation>
    </message>
    <message>
        <source>Open evaluation clouds: a data set folder, or a scene file for a segmentation model</source>
        <translation>打开评估点云：数据集文件夹，或分割模型所用的场景文件</translation>
    </message>
    <message>
        <source>Open Scene</source>
        <translation>打开场景</translation>
    </message>
    <message>
        <source>Scenes (*.bin *.ply *.pcd *.npy *.npz *.txt *.xyz *.csv);;All files (*)</source>
        <translation>场景 (*.bin *.ply *.pcd *.npy *.npz *.txt *.xyz *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open a scene file (.bin, PLY, PCD or NPY with colours) before running.</source>
        <translation>运行前请先打开场景文件（带颜色的 .bin、PLY、PCD 或 NPY）。</translation>
    </message>
    <message numerus="yes">
        <source>Scene of %n point(s)</source>
        <translation>
            <numerusform>场景：%n 个点</numerusform>
        </translation>
    </message>
    <message>
        <source>Show or hide the scene figures of segmentation runs</source>
        <translation>显示或隐藏分割运行的场景数据</translation>
    </message>
    <message>
        <source>Only segmentation models have scene figures, so classifier sessions hide this dock. Open a segmentation (BaseSeg) config to use it.</source>
        <translation>只有分割模型才有场景数据，因此分类会话会隐藏此面板。请打开一个分割（BaseSeg）配置来使用它。</translation>
    </message>
</context>
<context>
    <name>pointq::studio::ModelPanel</name>
    <message>
        <source>Open an openpoints config (.yaml)</source>
        <translation>打开 openpoints 配置文件（.yaml）</translation>
    </message>
    <message>
        <source>Open a torch.save checkpoint (.pth)</source>
        <translation>打开 torch.save 保存的检查点（.pth）</translation>
    </message>
    <message>
        <source>key=value …, e.g. model.encoder_args.width=32</source>
        <translation>key=value …，例如 model.encoder_args.width=32</translation>
    </message>
    <message>
        <source>Config overrides as openpoints&apos; scripts take them; press Enter to apply</source>
        <translation>与 openpoints 脚本相同格式的配置覆盖项，按 Enter 应用</translation>
    </message>
    <message>
        <source>stage1, head, encoder.encoder.2, *.skipconv</source>
        <translation>stage1, head, encoder.encoder.2, *.skipconv</translation>
    </message>
    <message>
        <source>Layer words as `pointq quantize --skip` takes them: stage numbers, name prefixes, block types or globs</source>
        <translation>与 `pointq quantize --skip` 相同的层选择词：阶段编号、名称前缀、块类型或通配符</translation>
    </message>
    <message>
        <source>Keep FP32</source>
        <translation>保持 FP32</translation>
    </message>
    <message>
        <source>Keep the layers the pattern selects in FP32</source>
        <translation>将模式选中的层保持为 FP32</translation>
    </message>
    <message>
        <source>Quantize</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Quantize the layers the pattern selects to INT8</source>
        <translation>将模式选中的层量化为 INT8</translation>
    </message>
    <message>
        <source>Load skip set…</source>
        <translation>加载跳过集…</translation>
    </message>
    <message>
        <source>Read the layers to keep in FP32 from a YAML skip file</source>
        <translation>从 YAML 跳过集文件读取需保持 FP32 的层</translation>
    </message>
    <message>
        <source>Save skip set…</source>
        <translation>保存跳过集…</translation>
    </message>
    <message>
        <source>Write the layers kept in FP32 to a YAML file that `pointq quantize --skip-file` reads</source>
        <translation>将保持 FP32 的层写入 YAML 文件，可供 `pointq quantize --skip-file` 读取</translation>
    </message>
    <message>
        <source>Quantizable layers by stage and block; select one to see its histograms</source>
        <translation>按阶段和块分组的可量化层，选中一层可查看其直方图</translation>
    </message>
    <message>
        <source>Config:</source>
        <translation>配置：</translation>
    </message>
    <message>
        <source>Overrides:</source>
        <translation>覆盖项：</translation>
    </message>
    <message>
        <source>Checkpoint:</source>
        <translation>检查点：</translation>
    </message>
    <message>
        <source>Select:</source>
        <translation>选择：</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>none (random weights)</source>
        <translation>无（随机权重）</translation>
    </message>
</context>
<context>
    <name>pointq::studio::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统语言</translation>
    </message>
    <message>
        <source>Language of the workbench; takes effect at the next start</source>
        <translation>工作台界面语言，下次启动时生效</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Colour palette of the workbench</source>
        <translation>工作台的配色方案</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation>主题：</translation>
    </message>
    <message>
        <source>A new language takes effect when the workbench starts again.</source>
        <translation>新的语言设置将在工作台重新启动后生效。</translation>
    </message>
</context>
<context>
    <name>pointq::studio::QuantizationPanel</name>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Min-max</source>
        <translation>最小-最大值</translation>
    </message>
    <message>
        <source>Percentile</source>
        <translation>百分位数</translation>
    </message>
    <message>
        <source>How activation ranges are chosen from the calibration clouds</source>
        <translation>如何根据校准点云确定激活值范围</translation>
    </message>
    <message>
        <source>Percentile observer: clip activations to this percentile of the observed values</source>
        <translation>百分位数观察器：将激活值截断到观测值的该百分位数</translation>
    </message>
    <message>
        <source>Automatic (onednn, else qnnpack)</source>
        <translation>自动（优先 onednn，否则 qnnpack）</translation>
    </message>
    <message>
        <source>LibTorch quantized engine that runs the INT8 layers</source>
        <translation>运行 INT8 层的 LibTorch 量化引擎</translation>
    </message>
    <message>
        <source>Calibrate on the first N clouds of the data</source>
        <translation>使用数据中的前 N 个点云进行校准</translation>
    </message>
    <message>
        <source>LibTorch threads for calibration, evaluation and timing</source>
        <translation>校准、评估和计时所用的 LibTorch 线程数</translation>
    </message>
    <message>
        <source>Timed forward passes of each model; the median is reported</source>
        <translation>每个模型计时的前向次数，报告中位数</translation>
    </message>
    <message>
        <source>Calibrate, convert to INT8, evaluate and time both models (F5)</source>
        <translation>校准、转换为 INT8，并评估两个模型、测量耗时（F5）</translation>
    </message>
    <message>
        <source>Stop the running job; nothing is written (Esc)</source>
        <translation>停止正在运行的任务，不写入任何文件（Esc）</translation>
    </message>
    <message>
        <source>Progress of the running job</source>
        <translation>当前任务的进度</translation>
    </message>
    <message>
        <source>Current stage of the job</source>
        <translation>任务当前所处阶段</translation>
    </message>
    <message>
        <source>Elapsed time and estimated remaining time</source>
        <translation>已用时间和预计剩余时间</translation>
    </message>
    <message>
        <source>Observer:</source>
        <translation>观察器：</translation>
    </message>
    <message>
        <source>Percentile:</source>
        <translation>百分位数：</translation>
    </message>
    <message>
        <source>Engine:</source>
        <translation>引擎：</translation>
    </message>
    <message>
        <source>Calibration clouds:</source>
        <translation>校准点云数：</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>线程数：</translation>
    </message>
    <message>
        <source>Timed runs:</source>
        <translation>计时次数：</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Elapsed %1</source>
        <translation>已用 %1</translation>
    </message>
    <message>
        <source>Elapsed %1, about %2 left</source>
        <translation>已用 %1，约剩 %2</translation>
    </message>
    <message>
        <source>all points</source>
        <translation>覆盖所有点</translation>
    </message>
    <message>
        <source>Segmentation scenes: voting passes over the voxels; &quot;all points&quot; feeds as many passes as the fullest voxel has points, so every point is predicted. Fewer passes are faster, and points never fed take their voxel&apos;s mean logits.</source>
        <translation>分割场景：对体素进行投票的轮数；“覆盖所有点”的轮数等于点数最多的体素中的点数，因此每个点都会被预测。轮数越少越快，从未输入网络的点取其体素的平均 logits。</translation>
    </message>
    <message>
        <source>Voting passes:</source>
        <translation>投票轮数：</translation>
    </message>
    <message>
        <source>Only segmentation models vote over a scene&apos;s voxels, so classifier sessions ignore this setting. Open a segmentation (BaseSeg) config to set it.</source>
        <translation>只有分割模型会在场景的体素上投票，因此分类会话忽略此设置。请打开一个分割（BaseSeg）配置来设置它。</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>pointq::studio::ResultsPanel</name>
    <message>
        <source>Every run of this session; compare what each skip set bought</source>
        <translation>本会话的所有运行，可比较每个跳过集带来的效果</translation>
    </message>
    <message>
        <source>Run %1</source>
        <translation>运行 %1</translation>
    </message>
</context>
<context>
    <name>pointq::studio::SceneLayoutText</name>
    <message numerus="yes">
        <source>%1 (%Ln point(s))</source>
        <translation>
            <numerusform>%1（%Ln 个点）</numerusform>
        </translation>
    </message>
    <message>
        <source>Every colour column holds integers from 0 to 255, so the file is read as %1.</source>
        <translation>每个颜色列都是 0 到 255 之间的整数，因此按 %1 读取该文件。</translation>
    </message>
    <message>
        <source>Every fifth column is an integer ring index, so the file is read as %1.</source>
        <translation>每第五列都是整数形式的线束编号，因此按 %1 读取该文件。</translation>
    </message>
    <message>
        <source>No other layout fits the size, so the file is read as %1.</source>
        <translation>没有其他布局符合该文件大小，因此按 %1 读取该文件。</translation>
    </message>
    <message>
        <source>The columns fail the nuScenes ring check and the x,y,z,r,g,b colour check, so the file is read as %1.</source>
        <translation>各列未通过 nuScenes 线束编号检查和 x,y,z,r,g,b 颜色检查，因此按 %1 读取该文件。</translation>
    </message>
    <message>
        <source>Column layout: %1, inferred because a .bin file does not store it.</source>
        <translation>列布局：%1，由于 .bin 文件不记录列布局，此布局为自动推断。</translation>
    </message>
    <message numerus="yes">
        <source>The file&apos;s %Ln byte(s) fit %1.</source>
        <translation>
            <numerusform>文件大小为 %Ln 字节，可整除为以下布局的记录：%1。</numerusform>
        </translation>
    </message>
    <message>
        <source>The fifth column is not an integer ring index throughout, so the file is not nuScenes and is read as %1.</source>
        <translation>第五列并非全是整数形式的线束编号，因此该文件不是 nuScenes，按 %1 读取。</translation>
    </message>
    <message>
        <source>The colour columns are not all integers from 0 to 255, so the file is not x,y,z,r,g,b and is read as %1.</source>
        <translation>颜色列并非全是 0 到 255 之间的整数，因此该文件不是 x,y,z,r,g,b，按 %1 读取。</translation>
    </message>
    <message>
        <source>%1 %2 %3</source>
        <comment>three sentences in a row</comment>
        <translation>%1%2%3</translation>
    </message>
</context>
<context>
    <name>pointq::studio::SegmentationPanel</name>
    <message>
        <source>Segmentation run whose figures the dock shows</source>
        <translation>本面板显示其数据的分割运行</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>FP32 IoU (%)</source>
        <translation>FP32 IoU（%）</translation>
    </message>
    <message>
        <source>INT8 IoU (%)</source>
        <translation>INT8 IoU（%）</translation>
    </message>
    <message>
        <source>ΔIoU (pt)</source>
        <translation>IoU 变化（百分点）</translation>
    </message>
    <message>
        <source>INT8 vs FP32 IoU (%)</source>
        <translation>INT8 对 FP32 的 IoU（%）</translation>
    </message>
    <message>
        <source>IoU of the INT8 predictions scored against the FP32 predictions as if those were the labels; 100 means INT8 changes no point of the class</source>
        <translation>把 FP32 的预测当作标签来给 INT8 的预测计算的 IoU；100 表示 INT8 没有改变该类别的任何点</translation>
    </message>
    <message>
        <source>INT8 IoU minus FP32 IoU, in percentage points</source>
        <translation>INT8 IoU 减去 FP32 IoU，单位为百分点</translation>
    </message>
    <message>
        <source>Per-class IoU of the chosen run; a dash marks a class that is neither in the labels nor in the predictions</source>
        <translation>所选运行的逐类别 IoU；短横线表示该类别既不在标签中也不在预测中</translation>
    </message>
    <message>
        <source>Run:</source>
        <translation>运行：</translation>
    </message>
    <message>
        <source>Run %1</source>
        <translation>第 %1 次运行</translation>
    </message>
    <message>
        <source>No segmentation run yet. Open a BaseSeg config (e.g. cfgs/s3dis/pointnext-s.yaml) with a scene file and press Run.</source>
        <translation>还没有分割运行。请打开一个 BaseSeg 配置（例如 cfgs/s3dis/pointnext-s.yaml）和一个场景文件，然后点击“运行”。</translation>
    </message>
    <message>
        <source>Labels from %1. FP32: mIoU %2, OA %3. INT8: mIoU %4, OA %5.</source>
        <translation>标签来自 %1。FP32：mIoU %2，总体准确率 %3。INT8：mIoU %4，总体准确率 %5。</translation>
    </message>
    <message>
        <source>The scene has no labels, so mIoU and OA are not measured; the last column scores INT8 against FP32.</source>
        <translation>该场景没有标签，因此不测量 mIoU 和总体准确率；最后一列以 FP32 为参照给 INT8 评分。</translation>
    </message>
    <message>
        <source>Random weights: the run had no checkpoint, so the figures show only what INT8 changes.</source>
        <translation>随机权重：该运行没有检查点，因此这些数据只反映 INT8 带来的变化。</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>类别 %1</translation>
    </message>
    <message>
        <source>Run %1 on %2: %3, %4, %5 of the %6 that cover every point, %7.</source>
        <translation>第 %1 次运行，场景 %2：%3，%4，%5（覆盖所有点需要 %6 轮），%7。</translation>
    </message>
    <message numerus="yes">
        <source>%Ln point(s)</source>
        <translation>
            <numerusform>%Ln 个点</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln voxel(s)</source>
        <translation>
            <numerusform>%Ln 个体素</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln voting pass(es)</source>
        <translation>
            <numerusform>%Ln 轮投票</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln extra crop(s)</source>
        <translation>
            <numerusform>%Ln 个额外裁剪块</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Point agreement %1%: %Ln point(s) change class. Logit SQNR %2 dB.</source>
        <translation>
            <numerusform>逐点一致率 %1%：%Ln 个点改变了类别。Logit SQNR %2 dB。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pointq::studio::SensitivityPanel</name>
    <message>
        <source>Run sweep</source>
        <translation>运行扫描</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Only this layer quantized</source>
        <translation>仅量化该层</translation>
    </message>
    <message>
        <source>All but this layer quantized</source>
        <translation>量化除该层外的所有层</translation>
    </message>
    <message>
        <source>Both</source>
        <translation>两者</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Clouds swept, the first of the data; each configuration runs the network on all of them</source>
        <translation>参与扫描的点云数（取数据的前若干个）；每种配置都在全部这些点云上运行网络</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Clouds</source>
        <translation>点云数</translation>
    </message>
    <message>
        <source>Sweeping: %1 (%2%)</source>
        <translation>扫描中：%1（%2%）</translation>
    </message>
    <message>
        <source>Sweep failed: %1</source>
        <translation>扫描失败：%1</translation>
    </message>
    <message>
        <source>Sweep cancelled</source>
        <translation>扫描已取消</translation>
    </message>
    <message>
        <source>Open a config, a checkpoint and evaluation data before running a sweep.</source>
        <translation>运行扫描前，请先打开配置、检查点和评估数据。</translation>
    </message>
    <message>
        <source>Starting the sweep…</source>
        <translation>正在启动扫描…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>The sweep measures classifiers on their clouds; it does not run on a segmentation scene yet. Keep layers in FP32 by hand and compare the runs instead.</source>
        <translation>扫描只在分类模型的点云上测量，目前还不能在分割场景上运行。请手动将层保持为 FP32，并比较各次运行。</translation>
    </message>
    <message numerus="yes">
        <source>Sweep finished: %n configuration(s) in %1 s</source>
        <translation>
            <numerusform>扫描完成：%n 种配置，用时 %1 秒</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pointq::studio::SessionController</name>
    <message>
        <source>Open config</source>
        <translation>打开配置</translation>
    </message>
    <message>
        <source>Open checkpoint</source>
        <translation>打开检查点</translation>
    </message>
    <message>
        <source>Apply overrides</source>
        <translation>应用覆盖项</translation>
    </message>
    <message>
        <source>Open data</source>
        <translation>打开数据</translation>
    </message>
    <message>
        <source>Open model and data</source>
        <translation>打开模型和数据</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <source>Select layers</source>
        <translation>选择层</translation>
    </message>
    <message>
        <source>Load skip set</source>
        <translation>加载跳过集</translation>
    </message>
    <message>
        <source>Save skip set</source>
        <translation>保存跳过集</translation>
    </message>
    <message>
        <source>Closed %1: a segmentation model takes one scene file, so open a scene (.bin, PLY, PCD or NPY with colours).</source>
        <translation>已关闭 %1：分割模型只读取一个场景文件，请打开一个场景（带颜色的 .bin、PLY、PCD 或 NPY）。</translation>
    </message>
    <message>
        <source>Closed the scene %1: this model is a classifier, so open evaluation clouds.</source>
        <translation>已关闭场景 %1：该模型是分类模型，请打开评估点云。</translation>
    </message>
</context>
<context>
    <name>pointq::studio::StageNames</name>
    <message>
        <source>Loading the model</source>
        <translation>正在加载模型</translation>
    </message>
    <message>
        <source>Reading clouds</source>
        <translation>正在读取点云</translation>
    </message>
    <message>
        <source>Evaluating FP32</source>
        <translation>正在评估 FP32 模型</translation>
    </message>
    <message>
        <source>Calibrating</source>
        <translation>正在校准</translation>
    </message>
    <message>
        <source>Calibrated</source>
        <translation>校准完成</translation>
    </message>
    <message>
        <source>Converting to INT8</source>
        <translation>正在转换为 INT8</translation>
    </message>
    <message>
        <source>Evaluating INT8</source>
        <translation>正在评估 INT8 模型</translation>
    </message>
    <message>
        <source>Measuring per-layer SQNR</source>
        <translation>正在测量逐层 SQNR</translation>
    </message>
    <message>
        <source>Warming up</source>
        <translation>正在预热</translation>
    </message>
    <message>
        <source>Timing FP32 and INT8</source>
        <translation>正在测量 FP32 和 INT8 耗时</translation>
    </message>
    <message>
        <source>Reading the scene</source>
        <translation>正在读取场景</translation>
    </message>
    <message>
        <source>Evaluating FP32 on the scene</source>
        <translation>正在场景上评估 FP32</translation>
    </message>
    <message>
        <source>Evaluating INT8 on the scene</source>
        <translation>正在场景上评估 INT8</translation>
    </message>
    <message>
        <source>Sweep done</source>
        <translation>扫描完成</translation>
    </message>
    <message>
        <source>Searching the skip set</source>
        <translation>正在搜索跳过集</translation>
    </message>
    <message>
        <source>Skip set verified</source>
        <translation>跳过集已验证</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Swept clouds %1 of %2</source>
        <translation>已扫描 %1 / %2 个点云</translation>
    </message>
</context>
<context>
    <name>pointq::widgets::DeltaChartsView</name>
    <message>
        <source>Median forward time per batch of FP32 and INT8 in every run</source>
        <translation>每次运行中 FP32 和 INT8 每批次前向耗时的中位数</translation>
    </message>
    <message>
        <source>Serialized size of the FP32 and INT8 models</source>
        <translation>FP32 和 INT8 模型序列化后的大小</translation>
    </message>
    <message>
        <source>Overall and mean class accuracy, and top-1 agreement of INT8 with FP32</source>
        <translation>总体准确率、平均类别准确率，以及 INT8 与 FP32 的 Top-1 一致率</translation>
    </message>
    <message>
        <source>Changes of the latest run against FP32 and against the run before it</source>
        <translation>最近一次运行相对 FP32 及上一次运行的变化</translation>
    </message>
    <message>
        <source>FP32</source>
        <translation>FP32</translation>
    </message>
    <message>
        <source>INT8</source>
        <translation>INT8</translation>
    </message>
    <message>
        <source>Model size</source>
        <translation>模型大小</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>percent</source>
        <translation>百分比</translation>
    </message>
    <message>
        <source>FP32 OA</source>
        <translation>FP32 总体准确率</translation>
    </message>
    <message>
        <source>INT8 OA</source>
        <translation>INT8 总体准确率</translation>
    </message>
    <message>
        <source>INT8 mAcc</source>
        <translation>INT8 平均类别准确率</translation>
    </message>
    <message>
        <source>Top-1 agreement</source>
        <translation>Top-1 一致率</translation>
    </message>
    <message>
        <source>No runs yet: press Run to quantize the model and measure it.</source>
        <translation>还没有运行结果：点击“运行”即可量化并测量模型。</translation>
    </message>
    <message>
        <source>%1 against FP32: latency %2 ms (%3×), size %4×, OA %5 pt, agreement %6%.</source>
        <translation>%1 相对 FP32：延迟 %2 毫秒（%3 倍），大小缩小 %4 倍，总体准确率 %5 个百分点，一致率 %6%。</translation>
    </message>
    <message>
        <source>%1 against %2: INT8 latency %3 ms, INT8 size %4 KiB, INT8 OA %5 pt, agreement %6 pt.</source>
        <translation>%1 相对 %2：INT8 延迟 %3 毫秒，INT8 大小 %4 KiB，INT8 总体准确率 %5 个百分点，一致率 %6 个百分点。</translation>
    </message>
    <message>
        <source>Latency (median per batch)</source>
        <translation>延迟（每批次中位数）</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>毫秒</translation>
    </message>
</context>
<context>
    <name>pointq::widgets::HistogramView</name>
    <message>
        <source>No histogram</source>
        <translation>无直方图</translation>
    </message>
    <message>
        <source>log10(count + 1)</source>
        <translation>log10(计数 + 1)</translation>
    </message>
    <message>
        <source>count</source>
        <translation>计数</translation>
    </message>
    <message>
        <source>counts</source>
        <translation>计数</translation>
    </message>
    <message>
        <source>clipping range %1 to %2</source>
        <translation>截断范围 %1 到 %2</translation>
    </message>
    <message>
        <source>quantized grid, step %1</source>
        <translation>量化网格，步长 %1</translation>
    </message>
    <message>
        <source>No histogram is set.</source>
        <translation>未设置直方图。</translation>
    </message>
    <message>
        <source>Clipping range [%1, %2], grid step %3 (%4 grid values). Clipped: %5% below, %6% above.</source>
        <translation>截断范围 [%1, %2]，网格步长 %3（%4 个网格值）。被截断：低于下限 %5%，高于上限 %6%。</translation>
    </message>
    <message>
        <source>The grid has more than %1 values, so its ticks are not drawn.</source>
        <translation>网格值超过 %1 个，因此不绘制刻度。</translation>
    </message>
    <message>
        <source>The wheel zooms the value axis, left drag pans, middle drag zooms both axes</source>
        <translation>滚轮缩放数值轴，左键拖动平移，中键拖动同时缩放两个轴</translation>
    </message>
    <message>
        <source>Show the histogram of all channels or of one channel</source>
        <translation>显示所有通道或单个通道的直方图</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>对数刻度</translation>
    </message>
    <message>
        <source>Show counts as log10(count + 1), so that sparse tails stay visible</source>
        <translation>以 log10(计数 + 1) 显示计数，使稀疏的尾部保持可见</translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation>重置缩放</translation>
    </message>
    <message>
        <source>Show the whole value range again</source>
        <translation>重新显示完整的数值范围</translation>
    </message>
    <message>
        <source>Quantization range, grid step and the share of values outside the range</source>
        <translation>量化范围、网格步长以及超出范围的数值所占比例</translation>
    </message>
    <message>
        <source>Channel:</source>
        <translation>通道：</translation>
    </message>
    <message>
        <source>All channels</source>
        <translation>所有通道</translation>
    </message>
    <message>
        <source>Channel %1</source>
        <translation>通道 %1</translation>
    </message>
    <message>
        <source>%1 values</source>
        <translation>%1 个值</translation>
    </message>
    <message numerus="yes">
        <source>%1 in %n bin(s) from %2 to %3; no quantization range is set.</source>
        <translation>
            <numerusform>%1，分布在从 %2 到 %3 的 %n 个区间中；未设置量化范围。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln value(s)</source>
        <translation>
            <numerusform>%Ln 个值</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pointq::widgets::LayerTableModel</name>
    <message>
        <source>Head</source>
        <translation>分类头</translation>
    </message>
    <message>
        <source>Stage %1</source>
        <translation>阶段 %1</translation>
    </message>
    <message>
        <source>Block %1 (%2)</source>
        <translation>块 %1（%2）</translation>
    </message>
    <message>
        <source>Checked: this layer runs in FP32 in the next run</source>
        <translation>勾选后，下次运行时该层以 FP32 执行</translation>
    </message>
    <message>
        <source>Observed after calibration</source>
        <translation>校准后可观测</translation>
    </message>
    <message>
        <source>Measured by a run, for INT8 layers</source>
        <translation>运行后测得，仅限 INT8 层</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Observed input range</source>
        <translation>观测输入范围</translation>
    </message>
    <message>
        <source>Keep FP32</source>
        <translation>保持 FP32</translation>
    </message>
    <message>
        <source>SQNR (dB)</source>
        <translation>SQNR（dB）</translation>
    </message>
    <message>
        <source>openpoints name of the layer, grouped by stage and block</source>
        <translation>层在 openpoints 中的名称，按阶段和块分组</translation>
    </message>
    <message>
        <source>Input → output channels of the 1×1 convolution or linear layer</source>
        <translation>1×1 卷积或线性层的输入 → 输出通道数</translation>
    </message>
    <message>
        <source>Weights and biases, with batch norm folded in</source>
        <translation>权重和偏置（已折叠批归一化）</translation>
    </message>
    <message>
        <source>Minimum and maximum of the layer input over the calibration clouds</source>
        <translation>该层输入在校准点云上的最小值和最大值</translation>
    </message>
    <message>
        <source>Keep the layer in FP32 instead of INT8</source>
        <translation>将该层保持为 FP32，而不量化为 INT8</translation>
    </message>
    <message>
        <source>Signal-to-quantization-noise ratio of the layer output on its own input</source>
        <translation>该层在自身输入上的输出信号量化噪声比</translation>
    </message>
</context>
<context>
    <name>pointq::widgets::LogPanel</name>
    <message>
        <source>Everything</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Info and above</source>
        <translation>信息及以上</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>警告和错误</translation>
    </message>
    <message>
        <source>Lowest severity shown in the log</source>
        <translation>日志中显示的最低严重级别</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Remove every line from the log</source>
        <translation>清空日志中的所有行</translation>
    </message>
    <message>
        <source>Messages from PointQ&apos;s core and from Qt</source>
        <translation>来自 PointQ 核心和 Qt 的消息</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message numerus="yes">
        <source> (repeated %n times)</source>
        <translation>
            <numerusform>（重复 %n 次）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pointq::widgets::PointCloudView</name>
    <message>
        <source>Left drag rotates, middle drag or Shift + left drag pans, the wheel or right drag zooms</source>
        <translation>左键拖动旋转，中键拖动或 Shift + 左键拖动平移，滚轮或右键拖动缩放</translation>
    </message>
    <message>
        <source>How the points are coloured</source>
        <translation>点的着色方式</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Size of each point on screen, in pixels</source>
        <translation>每个点在屏幕上的大小，单位为像素</translation>
    </message>
    <message>
        <source>stage </source>
        <translation>阶段 </translation>
    </message>
    <message>
        <source>Encoder stage whose furthest-point-sampling centres are highlighted</source>
        <translation>高亮显示其最远点采样中心的编码器阶段</translation>
    </message>
    <message>
        <source>centre </source>
        <translation>中心 </translation>
    </message>
    <message>
        <source>Centre whose ball-query neighbourhood is highlighted</source>
        <translation>高亮显示其球查询邻域的中心</translation>
    </message>
    <message>
        <source>Reset camera</source>
        <translation>重置相机</translation>
    </message>
    <message>
        <source>Fit the whole cloud into the view, seen from the front and slightly above, with z up</source>
        <translation>将整个点云适配到视图中，从正前方稍高处观察，z 轴朝上</translation>
    </message>
    <message>
        <source>What the colours in the view mean</source>
        <translation>视图中各颜色的含义</translation>
    </message>
    <message>
        <source>Colour:</source>
        <translation>着色：</translation>
    </message>
    <message>
        <source>Point size:</source>
        <translation>点大小：</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>高度</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>法向量</translation>
    </message>
    <message>
        <source>RGB</source>
        <translation>RGB</translation>
    </message>
    <message>
        <source>Per-point value</source>
        <translation>逐点数值</translation>
    </message>
    <message>
        <source>Layer sampling</source>
        <translation>层采样</translation>
    </message>
    <message>
        <source>No cloud is loaded</source>
        <translation>未加载点云</translation>
    </message>
    <message>
        <source>Disabled: the cloud file has no normals</source>
        <translation>已禁用：点云文件没有法向量</translation>
    </message>
    <message>
        <source>Disabled: the cloud file has no colours</source>
        <translation>已禁用：点云文件没有颜色</translation>
    </message>
    <message>
        <source>Disabled: no per-point values are set; compute the FP32-vs-INT8 difference of a layer first</source>
        <translation>已禁用：未设置逐点数值；请先计算某一层的 FP32 与 INT8 差异</translation>
    </message>
    <message>
        <source>Disabled: no sampling trace is set; run the FP32 model on this cloud first</source>
        <translation>已禁用：未设置采样轨迹；请先在该点云上运行 FP32 模型</translation>
    </message>
    <message>
        <source>Colour by the z coordinate</source>
        <translation>按 z 坐标着色</translation>
    </message>
    <message>
        <source>Colour by the normal vector, x y z as red green blue</source>
        <translation>按法向量着色，x、y、z 对应红、绿、蓝</translation>
    </message>
    <message>
        <source>Colour by the colours stored in the file</source>
        <translation>按文件中存储的颜色着色</translation>
    </message>
    <message>
        <source>Colour by the per-point value: %1</source>
        <translation>按逐点数值着色：%1</translation>
    </message>
    <message>
        <source>Highlight the sampled centres of one stage and the ball query of one centre</source>
        <translation>高亮显示某一阶段的采样中心以及某个中心的球查询邻域</translation>
    </message>
    <message>
        <source>Height (z)</source>
        <translation>高度 (z)</translation>
    </message>
    <message>
        <source>No cloud loaded.</source>
        <translation>未加载点云。</translation>
    </message>
    <message numerus="yes">
        <source>%n point(s)</source>
        <translation>
            <numerusform>%n 个点</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, coloured by height z from %2 to %3.</source>
        <translation>%1，按高度 z 从 %2 到 %3 着色。</translation>
    </message>
    <message>
        <source>%1, coloured by normal: red, green and blue are x, y and z from -1 to 1.</source>
        <translation>%1，按法向量着色：红、绿、蓝分别对应 x、y、z，范围 -1 到 1。</translation>
    </message>
    <message>
        <source>%1, coloured as stored in the file.</source>
        <translation>%1，按文件中存储的颜色着色。</translation>
    </message>
    <message>
        <source>%1, coloured by %2 from %3 (dark blue) to %4 (yellow).</source>
        <translation>%1，按 %2 着色，从 %3（深蓝）到 %4（黄）。</translation>
    </message>
    <message>
        <source>FP32 label</source>
        <translation>FP32 标签</translation>
    </message>
    <message>
        <source>INT8 label</source>
        <translation>INT8 标签</translation>
    </message>
    <message>
        <source>FP32-INT8 label flips</source>
        <translation>FP32-INT8 标签翻转</translation>
    </message>
    <message>
        <source>Ground truth</source>
        <translation>真实标签</translation>
    </message>
    <message>
        <source>Disabled: no predicted labels are set; run a segmentation model first</source>
        <translation>已禁用：未设置预测标签；请先运行分割模型</translation>
    </message>
    <message>
        <source>Disabled: %1</source>
        <translation>已禁用：%1</translation>
    </message>
    <message>
        <source>Disabled: the scene has no labels (no label file beside it and none in the file)</source>
        <translation>已禁用：该场景没有标签（旁边没有标签文件，文件中也没有）</translation>
    </message>
    <message>
        <source>Colour each point by the class the FP32 model predicts</source>
        <translation>按 FP32 模型预测的类别为每个点着色</translation>
    </message>
    <message>
        <source>Colour each point by the class the INT8 model predicts</source>
        <translation>按 INT8 模型预测的类别为每个点着色</translation>
    </message>
    <message>
        <source>Highlight the points whose INT8 class differs from the FP32 class; the others are grey</source>
        <translation>高亮显示 INT8 类别与 FP32 类别不同的点；其余点为灰色</translation>
    </message>
    <message>
        <source>Colour each point by its labelled class</source>
        <translation>按标注的类别为每个点着色</translation>
    </message>
    <message>
        <source>same class</source>
        <translation>类别相同</translation>
    </message>
    <message>
        <source>flipped</source>
        <translation>已翻转</translation>
    </message>
    <message>
        <source>FP32 vs INT8</source>
        <translation>FP32 对比 INT8</translation>
    </message>
    <message>
        <source>%1 %2 of %3 change class from FP32 to INT8 (%4%) &amp;nbsp; %5 same class in both</source>
        <translation>%1 %3中有 %2 个从 FP32 到 INT8 改变了类别（%4%） &amp;nbsp; %5 两者类别相同</translation>
    </message>
    <message>
        <source>%1 unlabelled %2</source>
        <translation>%1 无标签 %2</translation>
    </message>
    <message>
        <source>%1, coloured by %2; points per class: %3</source>
        <translation>%1，按%2着色；各类别点数：%3</translation>
    </message>
    <message numerus="yes">
        <source>%n centre(s) of stage %1</source>
        <translation>
            <numerusform>阶段 %1 的 %n 个中心</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n distinct neighbour(s) of centre %1 (ball query)</source>
        <translation>
            <numerusform>中心 %1 的 %n 个不同邻居（球查询）</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 %2 &amp;nbsp; %3 %4 &amp;nbsp; %5 centre %6 &amp;nbsp; %7 other points</source>
        <translation>%1 %2 &amp;nbsp; %3 %4 &amp;nbsp; %5 中心 %6 &amp;nbsp; %7 其他点</translation>
    </message>
</context>
<context>
    <name>pointq::widgets::RunComparisonModel</name>
    <message>
        <source>Every layer ran in INT8</source>
        <translation>所有层均以 INT8 运行</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message numerus="yes">
        <source>%n layer(s)</source>
        <translation>
            <numerusform>%n 层</numerusform>
        </translation>
    </message>
    <message>
        <source>no labels</source>
        <translation>无标签</translation>
    </message>
    <message>
        <source>%1×</source>
        <translation>%1 倍</translation>
    </message>
    <message>
        <source>%1 (fallback)</source>
        <translation>%1（回退）</translation>
    </message>
    <message>
        <source>Runs in the order they finished</source>
        <translation>按完成顺序排列的运行</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Layers the run kept in FP32 (hover a cell for their names)</source>
        <translation>本次运行保持 FP32 的层（悬停单元格可查看名称）</translation>
    </message>
    <message>
        <source>Kept FP32</source>
        <translation>保持 FP32</translation>
    </message>
    <message>
        <source>Overall accuracy of the INT8 model, in percent</source>
        <translation>INT8 模型的总体准确率（百分比）</translation>
    </message>
    <message>
        <source>INT8 OA (%)</source>
        <translation>INT8 总体准确率（%）</translation>
    </message>
    <message>
        <source>INT8 minus FP32 overall accuracy, in percentage points</source>
        <translation>INT8 与 FP32 总体准确率之差（百分点）</translation>
    </message>
    <message>
        <source>ΔOA (pt)</source>
        <translation>准确率变化（百分点）</translation>
    </message>
    <message>
        <source>Agreement (%)</source>
        <translation>一致率（%）</translation>
    </message>
    <message>
        <source>Signal-to-quantization-noise ratio of the logits</source>
        <translation>logits 的信号量化噪声比</translation>
    </message>
    <message>
        <source>Logit SQNR (dB)</source>
        <translation>Logit SQNR（dB）</translation>
    </message>
    <message>
        <source>Median FP32 forward time per batch</source>
        <translation>FP32 每批次前向耗时中位数</translation>
    </message>
    <message>
        <source>FP32 (ms)</source>
        <translation>FP32（毫秒）</translation>
    </message>
    <message>
        <source>Median INT8 forward time per batch</source>
        <translation>INT8 每批次前向耗时中位数</translation>
    </message>
    <message>
        <source>INT8 (ms)</source>
        <translation>INT8（毫秒）</translation>
    </message>
    <message>
        <source>FP32 latency divided by INT8 latency</source>
        <translation>FP32 延迟除以 INT8 延迟</translation>
    </message>
    <message>
        <source>Speed-up</source>
        <translation>加速比</translation>
    </message>
    <message>
        <source>Size of the saved INT8 model</source>
        <translation>保存的 INT8 模型大小</translation>
    </message>
    <message>
        <source>INT8 size</source>
        <translation>INT8 大小</translation>
    </message>
    <message>
        <source>Quantized engine that ran the INT8 layers</source>
        <translation>运行 INT8 层的量化引擎</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <source>Segmentation: overall accuracy of the FP32 model over the scene&apos;s points, in percent</source>
        <translation>分割：FP32 模型在场景所有点上的总体准确率（百分比）</translation>
    </message>
    <message>
        <source>FP32 OA (%)</source>
        <translation>FP32 总体准确率（%）</translation>
    </message>
    <message>
        <source>Segmentation: FP32 mean IoU over the classes present in the labels or predictions, in percent</source>
        <translation>分割：FP32 在标签或预测中出现的类别上的平均 IoU（百分比）</translation>
    </message>
    <message>
        <source>FP32 mIoU (%)</source>
        <translation>FP32 mIoU（%）</translation>
    </message>
    <message>
        <source>Segmentation: INT8 mean IoU over the classes present in the labels or predictions, in percent</source>
        <translation>分割：INT8 在标签或预测中出现的类别上的平均 IoU（百分比）</translation>
    </message>
    <message>
        <source>INT8 mIoU (%)</source>
        <translation>INT8 mIoU（%）</translation>
    </message>
    <message>
        <source>Clouds (points of a segmentation scene) where INT8 and FP32 predict the same class, in percent</source>
        <translation>INT8 与 FP32 预测类别相同的点云（分割场景中为点）所占比例（百分比）</translation>
    </message>
</context>
<context>
    <name>pointq::widgets::SensitivityBarChart</name>
    <message>
        <source>Logit SQNR with only this layer quantized (lower is more sensitive)</source>
        <translation>仅量化该层时的 logit SQNR（越低越敏感）</translation>
    </message>
    <message>
        <source>Logit SQNR with every layer but this one quantized</source>
        <translation>量化除该层外所有层时的 logit SQNR</translation>
    </message>
    <message>
        <source>logit SQNR against FP32 (dB)</source>
        <translation>相对 FP32 的 logit SQNR（dB）</translation>
    </message>
</context>
<context>
    <name>pointq::widgets::SensitivityTableModel</name>
    <message>
        <source>%1 (%2, %3)</source>
        <translation>%1（%2，%3）</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Block</source>
        <translation>块</translation>
    </message>
    <message>
        <source>Only SQNR (dB)</source>
        <translation>仅该层：SQNR（dB）</translation>
    </message>
    <message>
        <source>Only agreement (%)</source>
        <translation>仅该层：一致率（%）</translation>
    </message>
    <message>
        <source>Only OA change (pt)</source>
        <translation>仅该层：OA 变化（百分点）</translation>
    </message>
    <message>
        <source>All-but SQNR (dB)</source>
        <translation>除该层外：SQNR（dB）</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>分类头</translation>
    </message>
    <message>
        <source>Stage %1</source>
        <translation>阶段 %1</translation>
    </message>
</context>
<context>
    <name>pointq::widgets::SensitivityView</name>
    <message>
        <source>No sensitivity sweep yet: run one to rank the layers.</source>
        <translation>尚无敏感度扫描：运行一次即可为各层排序。</translation>
    </message>
    <message numerus="yes">
        <source>%n cloud(s)</source>
        <translation>
            <numerusform>%n 个点云</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n layer(s), %1, %2. All layers quantized: logit SQNR %3 dB, top-1 agreement %4%.</source>
        <translation>
            <numerusform>%n 层，%1，%2。全部层量化时：logit SQNR %3 dB，top-1 一致率 %4%。</numerusform>
        </translation>
    </message>
    <message>
        <source>simulated %1-bit</source>
        <translation>模拟 %1 位</translation>
    </message>
    <message>
        <source>%1 INT8 kernels</source>
        <translation>%1 INT8 内核</translation>
    </message>
</context>
</TS>
