#pragma once

#include <atomic>
#include <functional>
#include <string>

namespace pointq {

/// Set from any thread to ask a running job to stop.
class CancelToken {
public:
    void cancel() noexcept { m_cancelled.store(true); }
    bool isCancelled() const noexcept { return m_cancelled.load(); }

private:
    std::atomic<bool> m_cancelled{false};
};

/// Progress callback and cancel token of a long job. Both members may be empty.
struct JobContext {
    /// Called with the fraction done (0 to 1) and the name of the current stage.
    std::function<void(double fraction, const std::string& stage)> progress;
    const CancelToken* cancel = nullptr;

    void report(double fraction, const std::string& stage) const
    {
        if (progress)
            progress(fraction, stage);
    }

    /// Throws CancelledError when the user has cancelled.
    void checkCancelled() const;
};

} // namespace pointq
