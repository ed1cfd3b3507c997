#include "data/ModelNetNormalResampledDataset.h"

#include "common/Errors.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>

namespace fs = std::filesystem;

namespace pointq {
namespace {

// "night_stand_0201" -> "night_stand"; empty when the name has no "_<digits>" suffix.
std::string classOfShape(const std::string& shape)
{
    const size_t underscore = shape.rfind('_');
    if (underscore == std::string::npos || underscore == 0 || underscore + 1 == shape.size())
        return {};
    const bool digits = std::all_of(shape.begin() + static_cast<std::ptrdiff_t>(underscore) + 1, shape.end(),
                                    [](unsigned char c) { return std::isdigit(c) != 0; });
    return digits ? shape.substr(0, underscore) : std::string();
}

std::vector<std::string> readClassNames(const std::string& path)
{
    const std::vector<ListEntry> entries = readNameList(path);
    std::vector<std::string> names;
    for (const ListEntry& entry : entries) {
        // Labels are line indices, so a blank line inside the list would shift every later label.
        if (entry.line != names.size() + 1)
            throw DataError("expected a class name, found a blank line (labels are line indices)", path,
                            "line " + std::to_string(names.size() + 1));
        if (std::find(names.begin(), names.end(), entry.name) != names.end())
            throw DataError("class name '" + entry.name + "' is listed twice", path,
                            "line " + std::to_string(entry.line));
        names.push_back(entry.name);
    }
    if (names.empty())
        throw DataError("the class list is empty; expected one class name per line", path);
    return names;
}

} // namespace

ModelNetNormalResampledDataset::ModelNetNormalResampledDataset(const std::string& root, const std::string& split)
    : m_root(root), m_split(normalizeSplit(split))
{
    m_classNames = readClassNames((fs::path(root) / "modelnet40_shape_names.txt").string());
    std::map<std::string, int64_t> labels;
    for (size_t i = 0; i < m_classNames.size(); ++i)
        labels[m_classNames[i]] = static_cast<int64_t>(i);

    m_listFile = (fs::path(root) / ("modelnet40_" + m_split + ".txt")).string();
    for (const ListEntry& entry : readNameList(m_listFile)) {
        const std::string position = "line " + std::to_string(entry.line);
        const std::string className = classOfShape(entry.name);
        if (className.empty())
            throw DataError("expected a shape name of the form <class>_<number>, found '" + entry.name + "'",
                            m_listFile, position);
        const auto label = labels.find(className);
        if (label == labels.end())
            throw DataError("shape '" + entry.name + "' has class '" + className +
                                "', which modelnet40_shape_names.txt does not list",
                            m_listFile, position);
        const fs::path file = fs::path(root) / className / (entry.name + ".txt");
        if (!fs::is_regular_file(file))
            throw DataError("shape '" + entry.name + "' is listed but its file " + file.string() + " is missing",
                            m_listFile, position);
        m_shapes.push_back({entry.name, file.string(), label->second});
    }
    if (m_shapes.empty())
        throw DataError("the shape list is empty; expected one shape name per line", m_listFile);
}

Sample ModelNetNormalResampledDataset::get(size_t index) const
{
    const Shape& shape = m_shapes.at(index);
    Sample sample;
    sample.cloud = readTextCloud(shape.file);
    sample.label = shape.label;
    sample.name = shape.name;
    return sample;
}

std::string ModelNetNormalResampledDataset::description() const
{
    return "ModelNet40 normal_resampled layout in " + m_root + ": split " + m_split + " (" +
           fs::path(m_listFile).filename().string() + "), " + std::to_string(m_shapes.size()) + " shapes, " +
           std::to_string(m_classNames.size()) + " classes";
}

std::vector<std::string> ModelNetNormalResampledDataset::files() const
{
    std::vector<std::string> files = {(fs::path(m_root) / "modelnet40_shape_names.txt").string(), m_listFile};
    for (const Shape& shape : m_shapes)
        files.push_back(shape.file);
    return files;
}

PreprocessOptions ModelNetNormalResampledDataset::preprocessOptions(int64_t numPoints) const
{
    return firstPointsNormalized(numPoints);
}

} // namespace pointq
