#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

namespace pointq {

/// Parses an override value the way openpoints' EasyConfig does: with Python's
/// `ast.literal_eval`, keeping the text as a string when it is not a Python literal.
///
/// Supported literals: integers (decimal, 0x, 0o, 0b, with '_' separators and one sign),
/// floats, True, False, None, quoted strings (with r/b/u prefixes and adjacent-string
/// concatenation), lists, tuples and sets (as YAML sequences) and dicts with scalar keys.
/// So `64` is an integer, `0.1` a float, `False` a boolean, `None` null and `[1,2]` a list,
/// while `BaseCls`, `null`, `true` and `abc` stay strings, as they do in openpoints.
/// Config::applyOverrides reads the YAML words null, true and false itself before
/// calling this.
/// Strings carry the YAML non-specific tag "!" so typed reads and dumps treat them as quoted.
/// NOTE: complex numbers such as `1j` are kept as strings, because YAML has no complex type.
YAML::Node parsePythonLiteral(const std::string& text);

} // namespace pointq
