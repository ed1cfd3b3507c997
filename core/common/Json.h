#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pointq {

/// A small streaming JSON writer for reports. Keys keep their insertion order;
/// non-finite numbers are written as null because JSON has no NaN or infinity.
class JsonWriter {
public:
    JsonWriter& beginObject(const std::string& key = {});
    JsonWriter& endObject();
    JsonWriter& beginArray(const std::string& key = {});
    JsonWriter& endArray();
    JsonWriter& value(const std::string& key, const std::string& text);
    JsonWriter& value(const std::string& key, const char* text);
    JsonWriter& value(const std::string& key, double number);
    JsonWriter& value(const std::string& key, int64_t number);
    JsonWriter& value(const std::string& key, int number) { return value(key, static_cast<int64_t>(number)); }
    JsonWriter& value(const std::string& key, bool flag);
    JsonWriter& null(const std::string& key);

    /// The document; complete once every object and array is closed.
    const std::string& text() const { return m_text; }

private:
    void separate(const std::string& key);
    void newline();

    std::string m_text;
    std::vector<bool> m_hasItems; // one entry per open object or array
};

/// Escapes a string for JSON, including the quotes.
std::string jsonQuote(const std::string& text);

} // namespace pointq
