#include "analysis/SweepSchedule.h"

#include "analysis/Sensitivity.h"
#include "analysis/Workers.h"

#include <algorithm>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <numeric>

namespace pointq {

namespace {

// Stage of a batch. Its tasks run stage by stage, each stage once the one before
// it has finished.
enum class BatchStage { Geometry, References, Configurations, Done };

struct BatchWork {
    int64_t begin = 0;
    int64_t end = 0;
    BatchStage stage = BatchStage::Geometry;
    size_t started = 0; // tasks of the current stage handed out
    size_t running = 0; // tasks of the current stage not finished yet
    ReferencePasses passes;
    std::vector<GapAccumulator> gaps;
};

struct Task {
    size_t batch = 0;
    BatchStage stage = BatchStage::Geometry;
    size_t index = 0; // which task of the stage
};

void addGaps(std::vector<GapAccumulator>& total, const std::vector<GapAccumulator>& batch)
{
    total.resize(std::max(total.size(), batch.size()));
    for (size_t i = 0; i < batch.size(); ++i) {
        total[i].kernelSquares += batch[i].kernelSquares;
        total[i].differenceSquares += batch[i].differenceSquares;
        total[i].maxAbsDifference = std::max(total[i].maxAbsDifference, batch[i].maxAbsDifference);
        total[i].maxDifferenceInSteps = std::max(total[i].maxDifferenceInSteps, batch[i].maxDifferenceInSteps);
        total[i].values += batch[i].values;
    }
}

class BatchScheduler {
public:
    BatchScheduler(SweepRunner& sweep, const ModelInputs& inputs, int64_t batchSize,
                   std::vector<SweepConfiguration>& configurations, const JobContext& context)
        : m_sweep(sweep)
        , m_inputs(inputs)
        , m_batchSize(batchSize)
        , m_configurations(configurations)
        , m_context(context)
        , m_total(inputs.pos.size(0))
    {
        const int64_t batches = (m_total + batchSize - 1) / batchSize;
        m_batches.resize(static_cast<size_t>(batches));
        for (int64_t b = 0; b < batches; ++b) {
            m_batches[static_cast<size_t>(b)].begin = b * batchSize;
            m_batches[static_cast<size_t>(b)].end = std::min(m_total, (b + 1) * batchSize);
        }
        // After its changed layer, an only-this configuration runs FP32 layers and an
        // all-but-this one INT8 kernels, which cost far less. The earlier the resume block,
        // the more layers run.
        m_order.resize(configurations.size());
        std::iota(m_order.begin(), m_order.end(), size_t{0});
        std::stable_sort(m_order.begin(), m_order.end(), [&](size_t a, size_t b) {
            const SweepConfiguration& x = configurations[a];
            const SweepConfiguration& y = configurations[b];
            if (x.fromQuantized != y.fromQuantized)
                return !x.fromQuantized;
            return x.resumeBlock < y.resumeBlock;
        });
        for (SweepConfiguration& configuration : configurations)
            configuration.logits.assign(m_batches.size(), at::Tensor());
        m_outputs.fp32.resize(m_batches.size());
        m_outputs.quantized.resize(m_batches.size());
        m_outputs.simulated.resize(m_batches.size());
    }

    SweepOutputs run()
    {
        runOnWorkers(m_sweep.workers(), [this](int worker) { work(worker); });
        for (const BatchWork& batch : m_batches)
            addGaps(m_outputs.gaps, batch.gaps);
        if (!m_sweep.measuresGap())
            m_outputs.simulated.clear();
        return std::move(m_outputs);
    }

private:
    static constexpr size_t batchesInFlight = 2;

    size_t taskCount(BatchStage stage) const
    {
        switch (stage) {
        case BatchStage::Geometry: return 1;
        case BatchStage::References: return 2;
        case BatchStage::Configurations: return m_configurations.size();
        case BatchStage::Done: return 0;
        }
        return 0;
    }

    // Hands out the next task of the oldest batch in flight that has one. Called with the
    // lock held.
    bool nextTask(Task& task)
    {
        const size_t last = std::min(m_batches.size(), m_firstUnfinished + batchesInFlight);
        for (size_t b = m_firstUnfinished; b < last; ++b) {
            BatchWork& batch = m_batches[b];
            if (batch.stage == BatchStage::Done || batch.started == taskCount(batch.stage))
                continue;
            task = Task{b, batch.stage, batch.started++};
            ++batch.running;
            return true;
        }
        return false;
    }

    void work(int worker)
    {
        for (;;) {
            Task task;
            {
                std::unique_lock<std::mutex> lock(m_mutex);
                m_wake.wait(lock, [&] { return m_failed || m_finished == m_batches.size() || nextTask(task); });
                if (m_failed || m_finished == m_batches.size())
                    return;
            }
            try {
                m_context.checkCancelled();
                runTask(task, worker);
            } catch (...) {
                const std::lock_guard<std::mutex> lock(m_mutex);
                m_failed = true;
                m_wake.notify_all();
                throw;
            }
            const std::lock_guard<std::mutex> lock(m_mutex);
            finishTask(task);
            m_wake.notify_all();
        }
    }

    // Runs without the lock: each task writes only its own batch's passes (geometry first,
    // then the two halves, which write different members) or its own configuration's slot.
    void runTask(const Task& task, int worker)
    {
        BatchWork& batch = m_batches[task.batch];
        switch (task.stage) {
        case BatchStage::Geometry:
            batch.passes = m_sweep.beginReferences(paddedBatch(m_inputs, batch.begin, batch.end, m_batchSize));
            return;
        case BatchStage::References:
            if (task.index == 0)
                m_sweep.runFloatReferences(batch.passes, worker);
            else
                m_sweep.runQuantizedReferences(batch.passes, &batch.gaps, worker);
            return;
        case BatchStage::Configurations: {
            SweepConfiguration& configuration = m_configurations[m_order[task.index]];
            configuration.logits[task.batch] =
                m_sweep.runConfiguration(configuration, batch.passes, worker).slice(0, 0, batch.end - batch.begin);
            return;
        }
        case BatchStage::Done: return;
        }
    }

    // Called with the lock held.
    void finishTask(const Task& task)
    {
        BatchWork& batch = m_batches[task.batch];
        --batch.running;
        while (batch.stage != BatchStage::Done && batch.running == 0 && batch.started == taskCount(batch.stage)) {
            if (batch.stage == BatchStage::References)
                recordReferences(task.batch);
            batch.stage = static_cast<BatchStage>(static_cast<int>(batch.stage) + 1);
            batch.started = 0;
        }
        if (batch.stage != BatchStage::Done)
            return;
        batch.passes = ReferencePasses{};
        ++m_finished;
        m_cloudsDone += batch.end - batch.begin;
        while (m_firstUnfinished < m_batches.size() && m_batches[m_firstUnfinished].stage == BatchStage::Done)
            ++m_firstUnfinished;
        m_context.report(static_cast<double>(m_cloudsDone) / static_cast<double>(m_total),
                         "swept clouds " + std::to_string(m_cloudsDone) + " of " + std::to_string(m_total));
    }

    void recordReferences(size_t b)
    {
        const BatchWork& batch = m_batches[b];
        const int64_t count = batch.end - batch.begin;
        m_outputs.activationCacheBytes = std::max(m_outputs.activationCacheBytes, batch.passes.activationBytes());
        m_outputs.geometryCacheBytes = std::max(m_outputs.geometryCacheBytes, batch.passes.geometryBytes());
        m_outputs.fp32[b] = batch.passes.fp32Logits.slice(0, 0, count);
        m_outputs.quantized[b] = batch.passes.quantizedRecord.logits.slice(0, 0, count);
        if (batch.passes.simulatedLogits.defined())
            m_outputs.simulated[b] = batch.passes.simulatedLogits.slice(0, 0, count);
    }

    SweepRunner& m_sweep;
    const ModelInputs& m_inputs;
    int64_t m_batchSize;
    std::vector<SweepConfiguration>& m_configurations;
    const JobContext& m_context;
    int64_t m_total;
    std::vector<size_t> m_order; // configurations in the order they are handed out

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::vector<BatchWork> m_batches;
    size_t m_firstUnfinished = 0;
    size_t m_finished = 0;
    int64_t m_cloudsDone = 0;
    bool m_failed = false;
    SweepOutputs m_outputs;
};

} // namespace

SweepOutputs runBatches(SweepRunner& sweep, const ModelInputs& inputs, int64_t batchSize,
                        std::vector<SweepConfiguration>& configurations, const JobContext& context)
{
    return BatchScheduler(sweep, inputs, batchSize, configurations, context).run();
}

} // namespace pointq
