#include "analysis/Workers.h"

#include <ATen/Parallel.h>
#include <ATen/core/grad_mode.h>

#include <exception>
#include <thread>
#include <vector>

namespace pointq {

void runOnWorkers(int workers, const std::function<void(int worker)>& task)
{
    if (workers <= 1) {
        task(0);
        return;
    }
    // at::set_num_threads also sets the count that new threads start with, so the
    // caller's count is restored once the workers are done.
    const int callerThreads = at::get_num_threads();
    std::vector<std::exception_ptr> errors(static_cast<size_t>(workers));
    std::vector<std::thread> threads;
    for (int worker = 0; worker < workers; ++worker) {
        threads.emplace_back([&task, &errors, worker] {
            try {
                at::NoGradGuard noGrad;
                at::set_num_threads(1);
                task(worker);
            } catch (...) {
                errors[static_cast<size_t>(worker)] = std::current_exception();
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    at::set_num_threads(callerThreads);
    for (const auto& error : errors)
        if (error)
            std::rethrow_exception(error);
}

} // namespace pointq
