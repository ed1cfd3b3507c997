#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace pointq {

enum class LogLevel { Debug, Info, Warning, Error };

/// Receives every log message; the GUI installs one that forwards to its log panel.
using LogSink = std::function<void(LogLevel level, std::string_view category, const std::string& message)>;

/// Replaces the sink and returns the previous one. The default sink writes
/// warnings and errors to stderr, and info messages too when verbose logging is on.
LogSink setLogSink(LogSink sink);

/// Turns info messages of the default sink on or off.
void setVerboseLogging(bool verbose);

/// Sends one message to the current sink. Categories name the subsystem,
/// as in "pointq.io" or "pointq.quant". Safe to call from any thread.
void log(LogLevel level, std::string_view category, const std::string& message);

inline void logInfo(std::string_view category, const std::string& message) { log(LogLevel::Info, category, message); }
inline void logWarning(std::string_view category, const std::string& message) { log(LogLevel::Warning, category, message); }

} // namespace pointq
