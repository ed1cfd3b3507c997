#include "common/Json.h"

#include <cmath>
#include <cstdio>

namespace pointq {

std::string jsonQuote(const std::string& text)
{
    std::string quoted = "\"";
    for (const char c : text) {
        switch (c) {
        case '"': quoted += "\\\""; break;
        case '\\': quoted += "\\\\"; break;
        case '\n': quoted += "\\n"; break;
        case '\r': quoted += "\\r"; break;
        case '\t': quoted += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buffer[8];
                std::snprintf(buffer, sizeof(buffer), "\\u%04x", c);
                quoted += buffer;
            } else {
                quoted += c;
            }
        }
    }
    return quoted + "\"";
}

void JsonWriter::newline()
{
    m_text += '\n';
    m_text.append(2 * m_hasItems.size(), ' ');
}

void JsonWriter::separate(const std::string& key)
{
    if (!m_hasItems.empty()) {
        if (m_hasItems.back())
            m_text += ',';
        m_hasItems.back() = true;
        newline();
    }
    if (!key.empty())
        m_text += jsonQuote(key) + ": ";
}

JsonWriter& JsonWriter::beginObject(const std::string& key)
{
    separate(key);
    m_text += '{';
    m_hasItems.push_back(false);
    return *this;
}

JsonWriter& JsonWriter::endObject()
{
    const bool hadItems = m_hasItems.back();
    m_hasItems.pop_back();
    if (hadItems)
        newline();
    m_text += '}';
    if (m_hasItems.empty())
        m_text += '\n';
    return *this;
}

JsonWriter& JsonWriter::beginArray(const std::string& key)
{
    separate(key);
    m_text += '[';
    m_hasItems.push_back(false);
    return *this;
}

JsonWriter& JsonWriter::endArray()
{
    const bool hadItems = m_hasItems.back();
    m_hasItems.pop_back();
    if (hadItems)
        newline();
    m_text += ']';
    return *this;
}

JsonWriter& JsonWriter::value(const std::string& key, const std::string& text)
{
    separate(key);
    m_text += jsonQuote(text);
    return *this;
}

JsonWriter& JsonWriter::value(const std::string& key, const char* text)
{
    return value(key, std::string(text));
}

JsonWriter& JsonWriter::value(const std::string& key, double number)
{
    separate(key);
    if (!std::isfinite(number)) {
        m_text += "null";
        return *this;
    }
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), "%.10g", number);
    m_text += buffer;
    return *this;
}

JsonWriter& JsonWriter::value(const std::string& key, int64_t number)
{
    separate(key);
    m_text += std::to_string(number);
    return *this;
}

JsonWriter& JsonWriter::value(const std::string& key, bool flag)
{
    separate(key);
    m_text += flag ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::null(const std::string& key)
{
    separate(key);
    m_text += "null";
    return *this;
}

} // namespace pointq
