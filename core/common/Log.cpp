#include "common/Log.h"

#include <atomic>
#include <iostream>
#include <mutex>

namespace pointq {

namespace {

std::mutex sinkMutex; // guards currentSink
LogSink currentSink;
std::atomic<bool> verbose{false};

const char* levelName(LogLevel level)
{
    switch (level) {
    case LogLevel::Debug: return "debug";
    case LogLevel::Info: return "info";
    case LogLevel::Warning: return "warning";
    case LogLevel::Error: return "error";
    }
    return "log";
}

void writeToStderr(LogLevel level, std::string_view category, const std::string& message)
{
    if (level < LogLevel::Warning && !verbose.load())
        return;
    std::cerr << levelName(level) << ": [" << category << "] " << message << '\n';
}

} // namespace

LogSink setLogSink(LogSink sink)
{
    std::lock_guard<std::mutex> lock(sinkMutex);
    LogSink previous = std::move(currentSink);
    currentSink = std::move(sink);
    return previous;
}

void setVerboseLogging(bool enabled)
{
    verbose.store(enabled);
}

void log(LogLevel level, std::string_view category, const std::string& message)
{
    std::lock_guard<std::mutex> lock(sinkMutex);
    if (currentSink)
        currentSink(level, category, message);
    else
        writeToStderr(level, category, message);
}

} // namespace pointq
