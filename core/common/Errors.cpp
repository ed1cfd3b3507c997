#include "common/Errors.h"

namespace pointq {

namespace {

std::string composeMessage(const std::string& what, const std::string& file, const std::string& position)
{
    std::string message;
    if (!file.empty()) {
        message += file;
        message += ": ";
    }
    if (!position.empty()) {
        message += position;
        message += ": ";
    }
    message += what;
    return message;
}

} // namespace

Error::Error(const std::string& what, std::string file, std::string position)
    : std::runtime_error(composeMessage(what, file, position))
    , m_file(std::move(file))
    , m_position(std::move(position))
    , m_detail(what)
{
}

} // namespace pointq
