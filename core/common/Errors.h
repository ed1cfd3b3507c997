#pragma once

#include <stdexcept>
#include <string>

namespace pointq {

/// Base of every error that core reports to a user. The message reads
/// "<file>:<position>: <what>", where file and position are left out when empty,
/// so the CLI and the GUI can show it as it is.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& what, std::string file = {}, std::string position = {});

    /// The file the error is about, or empty.
    const std::string& file() const noexcept { return m_file; }
    /// Position in the file: "line 12", "key model.encoder_args.width", "byte 4096", or empty.
    const std::string& position() const noexcept { return m_position; }
    /// The message without file and position.
    const std::string& detail() const noexcept { return m_detail; }

private:
    std::string m_file;
    std::string m_position;
    std::string m_detail;
};

/// An invalid config file, key, value or override.
class ConfigError : public Error {
public:
    using Error::Error;
};

/// A checkpoint or saved model that cannot be read or does not fit the model.
class CheckpointError : public Error {
public:
    using Error::Error;
};

/// A point-cloud file, data set or array file that cannot be read.
class DataError : public Error {
public:
    using Error::Error;
};

/// A quantization setting or step that failed.
class QuantizationError : public Error {
public:
    using Error::Error;
};

/// A job stopped because its user cancelled it.
class CancelledError : public Error {
public:
    CancelledError() : Error("cancelled by the user") {}
};

} // namespace pointq
