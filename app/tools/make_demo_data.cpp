// pointq-make-demo-data: builds the bundled demo data set, resources/demo/data, from a
// modelnet40_normal_resampled folder. It keeps the classes with at least --min-shapes
// shapes and splits each class by shape: in name order, every third shape starting with
// the second is held out for the test split, the others train. No shape is in both splits.
// Each shape is centred on the mean of its rows and scaled into the unit sphere, then its
// rows are put in a seeded random order. A test shape gives one cloud, the first --points
// rows; a training shape gives --train-subsets clouds, disjoint runs of --points rows.
// Within a split the clouds take the classes in turn (subset by subset for training).
// The output is the ModelNet40Ply2048 layout that `pointq` reads: ply_data_{train,test}0.h5
// (data float32 (N, P, 3), label uint8 (N, 1)), ply_data_{train,test}_0_id2name.txt and
// shape_names.txt. The same input and options give the same files, byte for byte.

#include <H5Cpp.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Options {
    std::string source;
    std::string output;
    int64_t points = 1024;
    int64_t trainSubsets = 4;
    int64_t minShapes = 5;
    uint64_t seed = 1;
};

struct Cloud {
    std::string name;
    uint8_t label = 0;
    std::vector<float> xyz;  // points * 3
};

[[noreturn]] void fail(const std::string& message)
{
    throw std::runtime_error(message);
}

int64_t positiveInteger(const std::string& flag, const std::string& text)
{
    char* end = nullptr;
    const long long value = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || value < 1)
        fail(flag + " expects a positive integer, got '" + text + "'");
    return value;
}

Options parseArguments(int argc, char** argv)
{
    Options options;
    std::vector<std::string> positional;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        const bool hasValue = i + 1 < argc;
        if (argument == "--points" && hasValue)
            options.points = positiveInteger(argument, argv[++i]);
        else if (argument == "--train-subsets" && hasValue)
            options.trainSubsets = positiveInteger(argument, argv[++i]);
        else if (argument == "--min-shapes" && hasValue)
            options.minShapes = positiveInteger(argument, argv[++i]);
        else if (argument == "--seed" && hasValue)
            options.seed = static_cast<uint64_t>(positiveInteger(argument, argv[++i]));
        else if (argument.rfind("--", 0) == 0)
            fail("unknown option or missing value: " + argument);
        else
            positional.push_back(argument);
    }
    if (positional.size() != 2)
        fail("usage: pointq-make-demo-data MODELNET40_NORMAL_RESAMPLED_DIR OUTPUT_DIR [--points 1024] "
             "[--train-subsets 4] [--min-shapes 5] [--seed 1]");
    options.source = positional[0];
    options.output = positional[1];
    return options;
}

// Rows x,y,z,nx,ny,nz; only x, y and z are kept.
std::vector<float> readShape(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
        fail(path + ": cannot open the shape file");
    std::vector<float> xyz;
    std::string line;
    size_t lineNumber = 0;
    while (std::getline(in, line)) {
        ++lineNumber;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        std::replace(line.begin(), line.end(), ',', ' ');
        std::istringstream fields(line);
        float x = 0, y = 0, z = 0;
        if (!(fields >> x >> y >> z))
            fail(path + ":" + std::to_string(lineNumber) + ": expected x,y,z,nx,ny,nz");
        xyz.insert(xyz.end(), {x, y, z});
    }
    return xyz;
}

void normalize(std::vector<float>& xyz)
{
    const size_t rows = xyz.size() / 3;
    double centre[3] = {0, 0, 0};
    for (size_t r = 0; r < rows; ++r)
        for (int c = 0; c < 3; ++c)
            centre[c] += xyz[r * 3 + c];
    for (double& value : centre)
        value /= static_cast<double>(rows);
    double radius = 0;
    for (size_t r = 0; r < rows; ++r) {
        double squared = 0;
        for (int c = 0; c < 3; ++c) {
            const double d = xyz[r * 3 + c] - centre[c];
            squared += d * d;
        }
        radius = std::max(radius, std::sqrt(squared));
    }
    if (radius <= 0)
        fail("a shape has all its points at one place");
    for (size_t r = 0; r < rows; ++r)
        for (int c = 0; c < 3; ++c)
            xyz[r * 3 + c] = static_cast<float>((xyz[r * 3 + c] - centre[c]) / radius);
}

// Fisher-Yates with the raw mt19937_64 stream, whose output the standard fixes, so the
// order does not depend on the library's distributions.
std::vector<size_t> shuffledRows(size_t rows, std::mt19937_64& generator)
{
    std::vector<size_t> order(rows);
    for (size_t i = 0; i < rows; ++i)
        order[i] = i;
    for (size_t i = rows; i > 1; --i)
        std::swap(order[i - 1], order[static_cast<size_t>(generator() % i)]);
    return order;
}

void writeSplit(const fs::path& folder, const std::string& split, const std::vector<Cloud>& clouds, int64_t points)
{
    std::vector<float> data;
    std::vector<uint8_t> labels;
    std::ofstream names(folder / ("ply_data_" + split + "_0_id2name.txt"));
    for (const Cloud& cloud : clouds) {
        data.insert(data.end(), cloud.xyz.begin(), cloud.xyz.end());
        labels.push_back(cloud.label);
        names << cloud.name << '\n';
    }
    const H5::H5File file((folder / ("ply_data_" + split + "0.h5")).string(), H5F_ACC_TRUNC);
    // Without modification times in the object headers, a rerun writes the same bytes.
    H5::DSetCreatPropList properties;
    if (H5Pset_obj_track_times(properties.getId(), false) < 0)
        fail("cannot switch off HDF5 time stamps");
    const hsize_t dataDims[3] = {clouds.size(), static_cast<hsize_t>(points), 3};
    const H5::DataSpace dataSpace(3, dataDims);
    file.createDataSet("data", H5::PredType::IEEE_F32LE, dataSpace, properties)
        .write(data.data(), H5::PredType::NATIVE_FLOAT);
    const hsize_t labelDims[2] = {clouds.size(), 1};
    const H5::DataSpace labelSpace(2, labelDims);
    file.createDataSet("label", H5::PredType::STD_U8LE, labelSpace, properties)
        .write(labels.data(), H5::PredType::NATIVE_UINT8);
}

// Takes one cloud of each class in turn, so that the first clouds of a split, which
// `pointq quantize` calibrates on, cover every class.
void appendRoundRobin(const std::vector<std::vector<Cloud>>& byClass, std::vector<Cloud>& out)
{
    for (size_t round = 0;; ++round) {
        bool any = false;
        for (const std::vector<Cloud>& clouds : byClass)
            if (round < clouds.size()) {
                out.push_back(clouds[round]);
                any = true;
            }
        if (!any)
            return;
    }
}

void run(const Options& options)
{
    const fs::path source(options.source);
    const fs::path listFile = source / "modelnet40_test.txt";
    std::ifstream list(listFile);
    if (!list)
        fail(listFile.string() + ": cannot open the shape list");
    std::map<std::string, std::vector<std::string>> shapesByClass;  // sorted by class name
    std::string shape;
    while (std::getline(list, shape)) {
        shape.erase(shape.find_last_not_of(" \t\r") + 1);
        if (shape.empty())
            continue;
        const size_t underscore = shape.find_last_of('_');
        if (underscore == std::string::npos || underscore == 0)
            fail(listFile.string() + ": '" + shape + "' is not a CLASS_NUMBER shape name");
        shapesByClass[shape.substr(0, underscore)].push_back(shape);
    }

    std::vector<std::string> classNames;
    // trainBySubset[s][class] and testByClass[class] hold the clouds in shape-name order.
    std::vector<std::vector<std::vector<Cloud>>> trainBySubset(static_cast<size_t>(options.trainSubsets));
    std::vector<std::vector<Cloud>> testByClass;
    std::mt19937_64 generator(options.seed);
    for (auto& [className, shapes] : shapesByClass) {
        if (static_cast<int64_t>(shapes.size()) < options.minShapes)
            continue;
        std::sort(shapes.begin(), shapes.end());
        const auto label = static_cast<uint8_t>(classNames.size());
        classNames.push_back(className);
        testByClass.emplace_back();
        for (auto& byClass : trainBySubset)
            byClass.emplace_back();
        for (size_t i = 0; i < shapes.size(); ++i) {
            const fs::path path = source / className / (shapes[i] + ".txt");
            std::vector<float> xyz = readShape(path.string());
            normalize(xyz);
            const bool heldOut = i % 3 == 1;
            const int64_t subsets = heldOut ? 1 : options.trainSubsets;
            const size_t rows = xyz.size() / 3;
            if (static_cast<int64_t>(rows) < subsets * options.points)
                fail(path.string() + ": has " + std::to_string(rows) + " rows; " + std::to_string(subsets) +
                     " clouds of " + std::to_string(options.points) + " points need that many distinct rows");
            const std::vector<size_t> order = shuffledRows(rows, generator);
            for (int64_t s = 0; s < subsets; ++s) {
                Cloud cloud{shapes[i], label, {}};
                cloud.xyz.reserve(static_cast<size_t>(options.points) * 3);
                for (int64_t p = 0; p < options.points; ++p) {
                    const size_t row = order[static_cast<size_t>(s * options.points + p)];
                    cloud.xyz.insert(cloud.xyz.end(), {xyz[row * 3], xyz[row * 3 + 1], xyz[row * 3 + 2]});
                }
                if (heldOut)
                    testByClass.back().push_back(std::move(cloud));
                else
                    trainBySubset[static_cast<size_t>(s)].back().push_back(std::move(cloud));
            }
        }
    }
    if (classNames.size() < 2)
        fail(options.source + ": fewer than 2 classes have " + std::to_string(options.minShapes) + " shapes");

    std::vector<Cloud> train, test;
    for (const auto& byClass : trainBySubset)
        appendRoundRobin(byClass, train);
    appendRoundRobin(testByClass, test);

    const fs::path output(options.output);
    fs::create_directories(output);
    writeSplit(output, "train", train, options.points);
    writeSplit(output, "test", test, options.points);
    std::ofstream classFile(output / "shape_names.txt");
    for (const std::string& name : classNames)
        classFile << name << '\n';
    std::cout << classNames.size() << " classes, " << train.size() << " training clouds, " << test.size()
              << " held-out clouds of " << options.points << " points written to " << output.string() << '\n';
}

} // namespace

int main(int argc, char** argv)
{
    try {
        H5::Exception::dontPrint();
        run(parseArguments(argc, argv));
        return 0;
    } catch (const H5::Exception& error) {
        std::cerr << "pointq-make-demo-data: HDF5: " << error.getDetailMsg() << '\n';
    } catch (const std::exception& error) {
        std::cerr << "pointq-make-demo-data: " << error.what() << '\n';
    }
    return 1;
}
