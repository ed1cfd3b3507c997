// pointq: the command-line front end of PointQ. Each subcommand parses its options,
// runs a core job and prints figures; errors go to stderr with a non-zero exit code.
#include "Arguments.h"
#include "Commands.h"

#include "common/Allocator.h"
#include "common/BlasKernels.h"
#include "common/Errors.h"
#include "common/SystemInfo.h"
#include "quant/Int8Kernels.h"

#include <ATen/Parallel.h>

#include <iostream>

namespace {

// Printed when pointq runs without arguments: only the three commands most runs start with.
const char* const shortUsage =
    "usage: pointq <command> [options] [key.path=value ...]\n"
    "\n"
    "Quantize PointNeXt point-cloud networks to INT8. The three most common commands:\n"
    "  pointq quantize --cfg CFG --pretrained CKPT --data DIR --output MODEL.pq\n"
    "  pointq eval     --cfg CFG --pretrained CKPT --data DIR\n"
    "  pointq info     --cfg CFG\n"
    "\n"
    "Run `pointq --help` for every command and `pointq <command> --help` for its options.\n";

const char* const usage =
    "usage: pointq <command> [options] [key.path=value ...]\n"
    "\n"
    "Quantize PointNeXt point-cloud networks (openpoints configs and checkpoints) to INT8.\n"
    "\n"
    "Most common commands:\n"
    "  pointq quantize --cfg CFG --pretrained CKPT --data DIR --output MODEL.pq --report REPORT.json\n"
    "  pointq eval     --cfg CFG --pretrained CKPT --data DIR        (or --model MODEL.pq)\n"
    "  pointq info     --cfg CFG\n"
    "  pointq train    --cfg CFG --data procedural:classes=10 --epochs N --output BEST.pth  (--qat for INT8)\n"
    "  pointq sensitivity --cfg CFG --pretrained CKPT --data DIR --budget-oa 0.5 --skip-out SKIP.yaml\n"
    "  pointq report   --cfg CFG --pretrained CKPT --data DIR --output REPORT.pdf [--quantize-report R.json]\n"
    "\n"
    "Other commands: bench (FP32 vs INT8 latency), --version, --help.\n"
    "Run `pointq <command> --help` for the options of a command.\n";

int printVersion()
{
    const pointq::SystemInfo system = pointq::collectSystemInfo();
    std::cout << "pointq " << pointq::pointqVersion() << "\n";
    std::cout << "LibTorch " << system.libtorchVersion << "\n";
    std::cout << "quantized engines:";
    for (const auto& engine : pointq::availableQuantizedEngines())
        std::cout << ' ' << engine;
    std::cout << "\nBLAS: " << system.blas << "\n";
    std::cout << "threads: 2 unless --threads is given; " << system.logicalCores
              << " logical cores here\n";
    return 0;
}

using CommandFunction = int (*)(const std::vector<std::string>&);

struct Command {
    const char* name;
    CommandFunction run;
};

// Every command, in the order `pointq --list-commands` prints them; shell completion
// and the man page are generated from that list.
const std::vector<Command>& commands()
{
    static const std::vector<Command> table{
        {"quantize", pointq::cli::runQuantize},
        {"eval", pointq::cli::runEval},
        {"info", pointq::cli::runInfo},
        {"bench", pointq::cli::runBench},
        {"train", pointq::cli::runTrain},
        {"sensitivity", pointq::cli::runSensitivity},
#ifdef POINTQ_WITH_REPORT
        {"report", pointq::cli::runReport},
#endif
    };
    return table;
}

int unknownCommand(const std::string& command)
{
    std::vector<std::string> names;
    for (const auto& entry : commands())
        names.push_back(entry.name);
    const std::string suggestion = pointq::cli::closestMatch(command, names);
    std::cerr << "pointq: unknown command '" << command << "'";
    if (!suggestion.empty())
        std::cerr << "; did you mean '" << suggestion << "'?";
    std::cerr << "\n\n" << usage;
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    pointq::restartWithFasterBlasKernels(argv);
    pointq::keepFreedTensorMemory();
    std::vector<std::string> words(argv + 1, argv + argc);
    if (words.empty()) {
        std::cout << shortUsage;
        return 0;
    }
    const std::string command = words.front();
    words.erase(words.begin());

    try {
        if (command == "--help" || command == "-h" || command == "help") {
            std::cout << usage;
            return 0;
        }
        if (command == "--version" || command == "version")
            return printVersion();
        if (command == "--list-commands") {
            for (const auto& entry : commands())
                std::cout << entry.name << "\n";
            return 0;
        }
        for (const auto& entry : commands())
            if (command == entry.name)
                return entry.run(words);
        return unknownCommand(command);
    } catch (const pointq::cli::UsageError& error) {
        std::cerr << "pointq " << command << ": " << error.what() << "\nRun `pointq " << command << " --help` for the options.\n";
        return 2;
    } catch (const pointq::CancelledError& error) {
        std::cerr << "pointq " << command << ": " << error.what() << "\n";
        return 130;
    } catch (const pointq::Error& error) {
        std::cerr << "pointq " << command << ": error: " << error.what() << "\n";
        return 1;
    } catch (const c10::Error& error) {
        std::cerr << "pointq " << command << ": LibTorch error: " << error.what_without_backtrace() << "\n";
        return 1;
    } catch (const std::exception& error) {
        std::cerr << "pointq " << command << ": error: " << error.what() << "\n";
        return 1;
    }
}
