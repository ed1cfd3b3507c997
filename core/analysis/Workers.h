#pragma once

#include <functional>

namespace pointq {

/// Runs task(0) ... task(workers - 1) on that many threads, each with one LibTorch
/// intra-op thread and gradients off, and rethrows the first exception a task threw
/// after all have finished. With one worker the task runs on the calling thread. Small
/// batches leave LibTorch's intra-op threads idle much of the time, so independent
/// passes on one thread each use two cores better.
void runOnWorkers(int workers, const std::function<void(int worker)>& task);

} // namespace pointq
