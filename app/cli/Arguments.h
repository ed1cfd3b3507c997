#pragma once

#include <map>
#include <string>
#include <vector>

namespace pointq::cli {

/// One command-line option of a subcommand.
struct OptionSpec {
    std::string name;        ///< without the leading "--"
    std::string valueName;   ///< empty for a flag
    std::string help;        ///< what the option sets, with its unit and default
    bool repeatable = false; ///< may be given several times; values accumulate
};

/// Parsed options. Trailing words of the form a.b=value are config overrides, as
/// openpoints' scripts take them.
class Arguments {
public:
    /// Throws UsageError for an unknown option, a missing value or a stray word.
    Arguments(const std::vector<std::string>& words, const std::vector<OptionSpec>& specs);

    bool has(const std::string& name) const { return m_values.count(name) > 0; }
    std::string value(const std::string& name, const std::string& fallback = {}) const;
    /// All values of a repeatable option, each split at commas.
    std::vector<std::string> list(const std::string& name) const;
    int64_t integer(const std::string& name, int64_t fallback) const;
    double number(const std::string& name, double fallback) const;
    const std::vector<std::string>& overrides() const { return m_overrides; }

private:
    std::map<std::string, std::vector<std::string>> m_values;
    std::vector<std::string> m_overrides;
};

/// Wrong command-line use; the CLI prints it with the command's help and exits 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Help text of a subcommand: usage line, summary and one line per option.
std::string formatHelp(const std::string& usage, const std::string& summary, const std::vector<OptionSpec>& specs);

} // namespace pointq::cli
