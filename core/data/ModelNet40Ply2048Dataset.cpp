#include "data/ModelNet40Ply2048Dataset.h"

#include "common/Errors.h"
#include "common/Plural.h"

#include <H5Cpp.h>

#include <algorithm>
#include <filesystem>
#include <mutex>

namespace fs = std::filesystem;

namespace pointq {
namespace {

constexpr const char* kFolderName = "modelnet40_ply_hdf5_2048";

// The Debian HDF5 build is not thread-safe, so every HDF5 call in this file
// holds this lock.
std::mutex& hdf5Mutex()
{
    static std::mutex mutex;
    return mutex;
}

std::string resolveFolder(const std::string& dataDir)
{
    const fs::path nested = fs::path(dataDir) / kFolderName;
    return fs::is_directory(nested) ? nested.string() : dataDir;
}

std::vector<std::string> findSplitFiles(const std::string& folder, const std::string& split)
{
    const std::string prefix = "ply_data_" + split;
    std::vector<std::string> files;
    std::error_code error;
    for (const fs::directory_entry& entry : fs::directory_iterator(folder, error)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_regular_file() && name.rfind(prefix, 0) == 0 && entry.path().extension() == ".h5")
            files.push_back(entry.path().string());
    }
    if (error)
        throw DataError("cannot list the folder: " + error.message(), folder);
    if (files.empty())
        throw DataError("no " + prefix + "*.h5 files found; expected the " + std::string(kFolderName) +
                            " folder or the folder containing it",
                        folder);
    std::sort(files.begin(), files.end());
    return files;
}

// ply_data_test0.h5 -> ply_data_test_0_id2name.txt, the naming of the shape list beside it.
std::string shapeNameFile(const std::string& h5File, const std::string& split)
{
    const fs::path path(h5File);
    const std::string prefix = "ply_data_" + split;
    const std::string suffix = path.stem().string().substr(prefix.size());
    return (path.parent_path() / (prefix + "_" + suffix + "_id2name.txt")).string();
}

std::vector<hsize_t> datasetDims(const H5::DataSet& dataset)
{
    const H5::DataSpace space = dataset.getSpace();
    std::vector<hsize_t> dims(static_cast<size_t>(space.getSimpleExtentNdims()));
    space.getSimpleExtentDims(dims.data());
    return dims;
}

std::string dimsText(const std::vector<hsize_t>& dims)
{
    std::string text = "(";
    for (size_t i = 0; i < dims.size(); ++i)
        text += (i ? ", " : "") + std::to_string(dims[i]);
    return text + ")";
}

H5::DataSet openChecked(const H5::H5File& file, const std::string& name, H5T_class_t typeClass,
                        const std::string& path)
{
    const std::string position = "dataset /" + name;
    if (!file.nameExists(name))
        throw DataError("missing dataset '" + name + "'; expected 'data' (N, P, 3) float and 'label' (N, 1) integer",
                        path, position);
    H5::DataSet dataset = file.openDataSet(name);
    if (dataset.getTypeClass() != typeClass)
        throw DataError(std::string("expected ") + (typeClass == H5T_FLOAT ? "a float" : "an integer") +
                            " dataset",
                        path, position);
    return dataset;
}

// Validates the datasets of one file and reads its labels; points receives P.
std::vector<int64_t> readLabels(const std::string& path, int64_t& points)
{
    std::lock_guard<std::mutex> lock(hdf5Mutex());
    H5::Exception::dontPrint();
    try {
        const H5::H5File file(path, H5F_ACC_RDONLY);
        const H5::DataSet data = openChecked(file, "data", H5T_FLOAT, path);
        const H5::DataSet label = openChecked(file, "label", H5T_INTEGER, path);
        const std::vector<hsize_t> dataDims = datasetDims(data);
        const std::vector<hsize_t> labelDims = datasetDims(label);
        if (dataDims.size() != 3 || dataDims[2] != 3 || dataDims[1] == 0)
            throw DataError("expected shape (N, P, 3) with P > 0, found " + dimsText(dataDims), path,
                            "dataset /data");
        if (labelDims.empty() || labelDims.size() > 2 || (labelDims.size() == 2 && labelDims[1] != 1))
            throw DataError("expected shape (N, 1) or (N), found " + dimsText(labelDims), path, "dataset /label");
        if (labelDims[0] != dataDims[0])
            throw DataError("'label' has " + std::to_string(labelDims[0]) + " rows but 'data' has " +
                                std::to_string(dataDims[0]) + "; expected one label per shape",
                            path, "dataset /label");

        points = static_cast<int64_t>(dataDims[1]);
        std::vector<int64_t> labels(labelDims[0]);
        label.read(labels.data(), H5::PredType::NATIVE_INT64);
        return labels;
    } catch (const H5::Exception& error) {
        throw DataError("cannot read the HDF5 file: " + error.getDetailMsg(), path);
    }
}

} // namespace

const std::vector<std::string>& ModelNet40Ply2048Dataset::modelNet40ClassNames()
{
    static const std::vector<std::string> names = {
        "airplane", "bathtub", "bed",       "bench",      "bookshelf", "bottle",     "bowl",  "car",
        "chair",    "cone",    "cup",       "curtain",    "desk",      "door",       "dresser", "flower_pot",
        "glass_box", "guitar", "keyboard",  "lamp",       "laptop",    "mantel",     "monitor", "night_stand",
        "person",   "piano",   "plant",     "radio",      "range_hood", "sink",      "sofa",  "stairs",
        "stool",    "table",   "tent",      "toilet",     "tv_stand",  "vase",       "wardrobe", "xbox"};
    return names;
}

ModelNet40Ply2048Dataset::ModelNet40Ply2048Dataset(const std::string& dataDir, const std::string& split)
    : m_folder(resolveFolder(dataDir)), m_split(normalizeSplit(split))
{
    m_files = findSplitFiles(m_folder, m_split);
    const fs::path classNamesFile = fs::path(m_folder) / "shape_names.txt";
    if (fs::exists(classNamesFile)) {
        m_classNamesFile = classNamesFile.string();
        for (const ListEntry& entry : readNameList(m_classNamesFile))
            m_classNames.push_back(entry.name);
        if (m_classNames.empty())
            throw DataError("the class list is empty; expected one class name per line", m_classNamesFile);
    } else {
        m_classNames = modelNet40ClassNames();
    }
    for (size_t i = 0; i < m_files.size(); ++i)
        readFile(i);
}

void ModelNet40Ply2048Dataset::readFile(size_t fileIndex)
{
    const std::string& path = m_files[fileIndex];
    int64_t points = 0;
    const std::vector<int64_t> labels = readLabels(path, points);
    if (m_pointsPerShape != 0 && points != m_pointsPerShape)
        throw DataError("'data' has " + std::to_string(points) + " points per shape but " + m_files[0] + " has " +
                            std::to_string(m_pointsPerShape) + "; expected the same in every file",
                        path, "dataset /data");
    m_pointsPerShape = points;

    const std::string nameFile = shapeNameFile(path, m_split);
    std::vector<ListEntry> names;
    if (fs::exists(nameFile)) {
        names = readNameList(nameFile);
        if (names.size() != labels.size())
            throw DataError("lists " + std::to_string(names.size()) + " shape names but " + path + " has " +
                                std::to_string(labels.size()) + " shapes; expected one name per shape",
                            nameFile);
        m_nameFiles.push_back(nameFile);
    }
    const std::string stem = fs::path(path).stem().string();
    for (size_t row = 0; row < labels.size(); ++row) {
        if (labels[row] < 0 || labels[row] >= static_cast<int64_t>(m_classNames.size()))
            throw DataError("label " + std::to_string(labels[row]) + " is outside the " +
                                std::to_string(m_classNames.size()) + " classes (expected 0.." +
                                std::to_string(m_classNames.size() - 1) + ")",
                            path, "dataset /label, row " + std::to_string(row));
        const std::string name = names.empty() ? stem + "_" + std::to_string(row) : names[row].name;
        m_rows.push_back({fileIndex, static_cast<int64_t>(row), labels[row], name});
    }
}

Sample ModelNet40Ply2048Dataset::get(size_t index) const
{
    const Row& row = m_rows.at(index);
    const std::string& path = m_files[row.file];
    at::Tensor positions = at::empty({m_pointsPerShape, 3}, at::kFloat);
    {
        std::lock_guard<std::mutex> lock(hdf5Mutex());
        try {
            const H5::H5File file(path, H5F_ACC_RDONLY);
            const H5::DataSet data = file.openDataSet("data");
            H5::DataSpace fileSpace = data.getSpace();
            const hsize_t offset[3] = {static_cast<hsize_t>(row.row), 0, 0};
            const hsize_t count[3] = {1, static_cast<hsize_t>(m_pointsPerShape), 3};
            fileSpace.selectHyperslab(H5S_SELECT_SET, count, offset);
            const hsize_t memoryDims[2] = {static_cast<hsize_t>(m_pointsPerShape), 3};
            const H5::DataSpace memorySpace(2, memoryDims);
            data.read(positions.data_ptr<float>(), H5::PredType::NATIVE_FLOAT, memorySpace, fileSpace);
        } catch (const H5::Exception& error) {
            throw DataError("cannot read shape " + std::to_string(row.row) + ": " + error.getDetailMsg(), path,
                            "dataset /data");
        }
    }
    Sample sample;
    sample.cloud.positions = positions;
    sample.cloud.sourceFile = path;
    sample.label = row.label;
    sample.name = row.name;
    return sample;
}

std::string ModelNet40Ply2048Dataset::description() const
{
    return "ModelNet40Ply2048 HDF5 layout in " + m_folder + ": split " + m_split + ", " +
           std::to_string(m_rows.size()) + " shapes of " + std::to_string(m_pointsPerShape) + " points in " +
           countedNoun(static_cast<int64_t>(m_files.size()), "file", "files") + ", " + std::to_string(m_classNames.size()) + " classes" +
           (m_classNamesFile.empty() ? " (built-in ModelNet40 names)" : "");
}

std::vector<std::string> ModelNet40Ply2048Dataset::files() const
{
    std::vector<std::string> files = m_files;
    if (!m_classNamesFile.empty())
        files.push_back(m_classNamesFile);
    files.insert(files.end(), m_nameFiles.begin(), m_nameFiles.end());
    return files;
}

PreprocessOptions ModelNet40Ply2048Dataset::preprocessOptions(int64_t numPoints) const
{
    PreprocessOptions options;
    options.numPoints = numPoints;
    options.sampling = Sampling::First;
    options.normalization = Normalization::None;
    return options;
}

} // namespace pointq
