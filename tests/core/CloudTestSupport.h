#pragma once

// Helpers shared by the point-cloud reader tests.

#include "common/Errors.h"
#include "common/Log.h"

#include <fstream>
#include <string>
#include <vector>

namespace cloudtest {

inline std::string scanPath(const std::string& name)
{
    return std::string(POINTQ_TEST_DATA_DIR) + "/scans/" + name;
}

inline std::string bugCasePath(const std::string& name)
{
    return std::string(POINTQ_TEST_DATA_DIR) + "/bug-cases/" + name;
}

// Runs read and returns the DataError it throws; a returned error whose file is
// "<none>" means nothing was thrown, which the caller's checks then report.
template <typename Read>
pointq::DataError expectDataError(Read read)
{
    try {
        read();
    } catch (const pointq::DataError& error) {
        return error;
    }
    return pointq::DataError("no DataError was thrown", "<none>", "<none>");
}

inline void writeBytes(const std::string& path, const std::string& bytes)
{
    std::ofstream file(path, std::ios::binary);
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string readBytes(const std::string& path)
{
    std::ifstream file(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

template <typename T>
std::string bytesOf(T value)
{
    return std::string(reinterpret_cast<const char*>(&value), sizeof(T));
}

// Collects warnings while alive, restoring the previous log sink afterwards.
class WarningCapture {
public:
    WarningCapture()
    {
        m_previous = pointq::setLogSink([this](pointq::LogLevel level, std::string_view, const std::string& message) {
            if (level == pointq::LogLevel::Warning)
                warnings.push_back(message);
        });
    }
    ~WarningCapture() { pointq::setLogSink(m_previous); }

    bool contains(const std::string& text) const
    {
        for (const std::string& warning : warnings) {
            if (warning.find(text) != std::string::npos)
                return true;
        }
        return false;
    }

    std::vector<std::string> warnings;

private:
    pointq::LogSink m_previous;
};

} // namespace cloudtest
