#include "config/PythonLiteral.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>

namespace pointq {

namespace {

// Raised inside the parser when the text is not a literal; parsePythonLiteral() catches it
// and keeps the text as a string, like EasyConfig's bare `except: pass`.
struct NotALiteral {};

YAML::Node stringNode(const std::string& text)
{
    YAML::Node node(text);
    node.SetTag("!");
    return node;
}

// The shortest decimal text that reads back as exactly `value`, always marked as a float.
std::string floatText(double value)
{
    if (std::isinf(value))
        return value > 0 ? ".inf" : "-.inf";
    char buffer[40];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
        if (std::strtod(buffer, nullptr) == value)
            break;
    }
    std::string text = buffer;
    if (text.find_first_of(".e") == std::string::npos)
        text += ".0";
    return text;
}

class LiteralParser {
public:
    explicit LiteralParser(const std::string& text) : m_text(text) {}

    YAML::Node parseAll()
    {
        // Python 3.10+ strips leading spaces and tabs before parsing.
        while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t'))
            ++m_pos;
        YAML::Node value = parseValue();
        skipSpace();
        if (m_pos != m_text.size())
            throw NotALiteral{};
        return value;
    }

private:
    void skipSpace()
    {
        while (m_pos < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_pos])))
            ++m_pos;
    }

    bool consume(char expected)
    {
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == expected) {
            ++m_pos;
            return true;
        }
        return false;
    }

    char peek()
    {
        skipSpace();
        return m_pos < m_text.size() ? m_text[m_pos] : '\0';
    }

    YAML::Node parseValue()
    {
        const char first = peek();
        if (first == '[')
            return parseSequence('[', ']');
        if (first == '(')
            return parseParenthesized();
        if (first == '{')
            return parseBraces();
        if (first == '+' || first == '-' || first == '.' || std::isdigit(static_cast<unsigned char>(first)))
            return parseNumber();
        if (std::isalpha(static_cast<unsigned char>(first)) || first == '_' || first == '\'' || first == '"')
            return parseWordOrString();
        throw NotALiteral{};
    }

    // Reads comma-separated items up to `close`; `sawComma` distinguishes "(1,)" from "(1)".
    std::vector<YAML::Node> parseItems(char close, bool& sawComma)
    {
        std::vector<YAML::Node> items;
        sawComma = false;
        while (!consume(close)) {
            items.push_back(parseValue());
            if (consume(','))
                sawComma = true;
            else if (peek() != close)
                throw NotALiteral{};
        }
        return items;
    }

    YAML::Node parseSequence(char open, char close)
    {
        consume(open);
        bool sawComma = false;
        YAML::Node sequence(YAML::NodeType::Sequence);
        for (const YAML::Node& item : parseItems(close, sawComma))
            sequence.push_back(item);
        return sequence;
    }

    // "(1)" is the integer 1; "(1,)" and "()" are tuples.
    YAML::Node parseParenthesized()
    {
        consume('(');
        bool sawComma = false;
        const std::vector<YAML::Node> items = parseItems(')', sawComma);
        if (items.size() == 1 && !sawComma)
            return items.front();
        YAML::Node sequence(YAML::NodeType::Sequence);
        for (const YAML::Node& item : items)
            sequence.push_back(item);
        return sequence;
    }

    YAML::Node parseBraces()
    {
        consume('{');
        if (consume('}'))
            return YAML::Node(YAML::NodeType::Map);
        YAML::Node first = parseValue();
        if (peek() != ':') {
            // A set literal; YAML has no set type, so it becomes a sequence.
            YAML::Node sequence(YAML::NodeType::Sequence);
            sequence.push_back(first);
            if (consume(',')) {
                bool sawComma = false;
                for (const YAML::Node& item : parseItems('}', sawComma))
                    sequence.push_back(item);
            } else if (!consume('}')) {
                throw NotALiteral{};
            }
            return sequence;
        }
        YAML::Node mapping(YAML::NodeType::Map);
        YAML::Node key = first;
        while (true) {
            if (!key.IsScalar() || !consume(':'))
                throw NotALiteral{};
            mapping[key.Scalar()] = parseValue();
            if (consume('}'))
                return mapping;
            if (!consume(','))
                throw NotALiteral{};
            if (consume('}'))
                return mapping;
            key.reset(parseValue());
        }
    }

    YAML::Node parseNumber()
    {
        skipSpace();
        std::string sign;
        if (m_text[m_pos] == '+' || m_text[m_pos] == '-')
            sign = std::string(1, m_text[m_pos++]);
        const std::size_t start = m_pos;
        while (m_pos < m_text.size() && (std::isalnum(static_cast<unsigned char>(m_text[m_pos])) ||
                                         m_text[m_pos] == '_' || m_text[m_pos] == '.' ||
                                         ((m_text[m_pos] == '+' || m_text[m_pos] == '-') &&
                                          (m_text[m_pos - 1] == 'e' || m_text[m_pos - 1] == 'E'))))
            ++m_pos;
        const std::string token = m_text.substr(start, m_pos - start);
        if (const std::optional<std::string> integer = integerText(token))
            return YAML::Node(sign == "-" && *integer != "0" ? "-" + *integer : *integer);
        return YAML::Node(floatText(floatValue(sign, token)));
    }

    static std::string withoutUnderscores(const std::string& token)
    {
        // Python allows one '_' between digits only.
        std::string digits;
        for (std::size_t i = 0; i < token.size(); ++i) {
            if (token[i] != '_') {
                digits += token[i];
                continue;
            }
            if (i == 0 || i + 1 == token.size() || !std::isxdigit(static_cast<unsigned char>(token[i - 1])) ||
                !std::isxdigit(static_cast<unsigned char>(token[i + 1])))
                throw NotALiteral{};
        }
        return digits;
    }

    // The decimal text of a Python integer literal, or nothing when `token` is not one.
    static std::optional<std::string> integerText(const std::string& token)
    {
        const std::string digits = withoutUnderscores(token);
        if (digits.size() > 2 && digits[0] == '0' && std::isalpha(static_cast<unsigned char>(digits[1]))) {
            const char prefix = static_cast<char>(std::tolower(static_cast<unsigned char>(digits[1])));
            int base = 0;
            switch (prefix) {
            case 'x': base = 16; break;
            case 'o': base = 8; break;
            case 'b': base = 2; break;
            default: throw NotALiteral{};
            }
            errno = 0;
            char* end = nullptr;
            const unsigned long long value = std::strtoull(digits.c_str() + 2, &end, base);
            // NOTE: integers above 2^64 - 1 in 0x/0o/0b form are kept as strings.
            if (errno != 0 || *end != '\0')
                throw NotALiteral{};
            return std::to_string(value);
        }
        if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos)
            return std::nullopt;
        // Python rejects leading zeros such as 007, except in 0 or 00.
        if (digits.size() > 1 && digits[0] == '0' && digits.find_first_not_of('0') != std::string::npos)
            throw NotALiteral{};
        const std::size_t firstDigit = digits.find_first_not_of('0');
        return firstDigit == std::string::npos ? std::string("0") : digits.substr(firstDigit);
    }

    static double floatValue(const std::string& sign, const std::string& token)
    {
        const std::string digits = withoutUnderscores(token);
        if (digits.empty() || digits.find_first_not_of("0123456789.eE+-") != std::string::npos ||
            digits.find_first_of("0123456789") == std::string::npos)
            throw NotALiteral{};
        char* end = nullptr;
        const double value = std::strtod(digits.c_str(), &end);
        if (*end != '\0')
            throw NotALiteral{};
        return sign == "-" ? -value : value;
    }

    YAML::Node parseWordOrString()
    {
        skipSpace();
        const std::size_t start = m_pos;
        while (m_pos < m_text.size() && (std::isalnum(static_cast<unsigned char>(m_text[m_pos])) || m_text[m_pos] == '_'))
            ++m_pos;
        const std::string word = m_text.substr(start, m_pos - start);
        if (m_pos < m_text.size() && (m_text[m_pos] == '\'' || m_text[m_pos] == '"'))
            return parseStrings(word);
        if (word == "True" || word == "False")
            return YAML::Node(word);
        if (word == "None")
            return YAML::Node(YAML::NodeType::Null);
        throw NotALiteral{};
    }

    // One or more adjacent string literals, which Python concatenates.
    YAML::Node parseStrings(std::string prefix)
    {
        std::string value;
        while (true) {
            std::string lowered;
            for (const char c : prefix)
                lowered += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (lowered.find_first_not_of("rbu") != std::string::npos || lowered.size() > 2)
                throw NotALiteral{};
            value += parseQuoted(lowered.find('r') != std::string::npos);

            skipSpace();
            const std::size_t start = m_pos;
            while (m_pos < m_text.size() && std::isalpha(static_cast<unsigned char>(m_text[m_pos])))
                ++m_pos;
            prefix = m_text.substr(start, m_pos - start);
            if (m_pos >= m_text.size() || (m_text[m_pos] != '\'' && m_text[m_pos] != '"')) {
                m_pos = start;
                return stringNode(value);
            }
        }
    }

    std::string parseQuoted(bool raw)
    {
        const char quote = m_text[m_pos++];
        std::string value;
        while (m_pos < m_text.size() && m_text[m_pos] != quote) {
            const char c = m_text[m_pos++];
            if (c == '\n')
                throw NotALiteral{};
            if (c != '\\' || m_pos >= m_text.size()) {
                value += c;
                continue;
            }
            const char escaped = m_text[m_pos++];
            if (raw) {
                value += c;
                value += escaped;
                continue;
            }
            switch (escaped) {
            case 'n': value += '\n'; break;
            case 't': value += '\t'; break;
            case 'r': value += '\r'; break;
            case '0': value += '\0'; break;
            case '\\': case '\'': case '"': value += escaped; break;
            default:
                // Python keeps unknown escapes such as "\d" as written.
                value += c;
                value += escaped;
            }
        }
        if (m_pos >= m_text.size())
            throw NotALiteral{};
        ++m_pos;
        return value;
    }

    const std::string& m_text;
    std::size_t m_pos = 0;
};

} // namespace

YAML::Node parsePythonLiteral(const std::string& text)
{
    try {
        return LiteralParser(text).parseAll();
    } catch (const NotALiteral&) {
        return stringNode(text);
    }
}

} // namespace pointq
