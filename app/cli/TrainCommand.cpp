#include "CommandSupport.h"
#include "Commands.h"

#include "common/Errors.h"
#include "train/Trainer.h"

#include <cstdio>
#include <iostream>

namespace pointq::cli {

namespace {

std::vector<OptionSpec> trainOptions()
{
    return {
        {"cfg", "FILE", "openpoints classification config (.yaml); its lr, optimizer, schedule, criterion, grad_norm_clip, "
                        "batch_size and datatransforms.train are used"},
        {"data", "SPEC", "labelled training data: a ModelNet40 folder (train and test splits) or "
                         "procedural:classes=10,train=100,test=30,points=1024,seed=1"},
        {"output", "FILE", "best checkpoint by validation accuracy (.pth, torch.save layout); with --qat the INT8 model (.pq)"},
        {"pretrained", "FILE", "start from this checkpoint (fine-tuning); required with --qat"},
        {"epochs", "N", "training epochs (default: the config's epochs)"},
        {"batch-size", "B", "clouds per optimizer step (default: the config's batch_size)"},
        {"lr", "LR", "peak learning rate (default: the config's lr, a tenth of it with --qat)"},
        {"seed", "S", "seed of weight initialization, shuffling, augmentation and the validation split (default 0)"},
        {"val-split", "F", "fraction of the train split held out for validation and checkpoint choice (default 0.1; "
                           "0 validates on the training clouds)"},
        {"limit", "N", "train on at most N clouds (default: all)"},
        {"qat", "", "quantization-aware training: fine-tune with fake INT8 quantization, then convert to INT8"},
        {"skip", "LAYERS", "with --qat: keep these layers in FP32 (as `pointq quantize --skip`)", true},
        {"calib", "N", "with --qat: training clouds that set the starting activation ranges (default 32)"},
        {"engine", "NAME", "with --qat: quantized engine of the INT8 model: auto (default), onednn or qnnpack"},
        {"threads", "T", "LibTorch threads (default 2); the same seed and threads give the same losses"},
    };
}

std::string formatDuration(double seconds)
{
    const auto total = static_cast<long long>(seconds + 0.5);
    char text[32];
    std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", total / 3600, (total / 60) % 60, total % 60);
    return text;
}

void printEpoch(const EpochRecord& record)
{
    std::printf("epoch %3d/%d  lr %.3e  loss %.4f  train acc %6.2f%%  val acc %6.2f%%  %6.1f s  left %s%s\n",
                record.epoch, record.epochs, record.lr, record.trainLoss, record.trainAccuracy,
                record.validationAccuracy, record.seconds, formatDuration(record.secondsLeft).c_str(),
                record.best ? "  (best, saved)" : "");
    std::fflush(stdout);
}

TrainSettings readSettings(const Arguments& arguments)
{
    requireOption(arguments, "cfg", "the openpoints config of the model to train");
    requireOption(arguments, "data", "labelled training clouds (a data set folder or procedural:...)");
    requireOption(arguments, "output", "where the best checkpoint goes");
    TrainSettings settings;
    settings.configPath = arguments.value("cfg");
    settings.overrides = arguments.overrides();
    settings.pretrainedPath = arguments.value("pretrained");
    settings.dataSpec = arguments.value("data");
    settings.outputPath = arguments.value("output");
    settings.epochs = static_cast<int>(arguments.integer("epochs", 0));
    settings.batchSize = static_cast<int>(arguments.integer("batch-size", 0));
    settings.lr = arguments.number("lr", 0.0);
    settings.seed = static_cast<uint64_t>(arguments.integer("seed", 0));
    settings.validationFraction = arguments.number("val-split", 0.1);
    settings.limitTrain = arguments.integer("limit", 0);
    settings.qat = arguments.has("qat");
    settings.skip = arguments.list("skip");
    settings.calibrationClouds = arguments.integer("calib", 32);
    settings.engine = arguments.value("engine", "auto");
    if (settings.epochs < 0 || settings.batchSize < 0 || settings.lr < 0.0 || settings.limitTrain < 0)
        throw UsageError("--epochs, --batch-size, --lr and --limit must not be negative");
    if (arguments.has("batch-size") && settings.batchSize < 2)
        throw UsageError("--batch-size must be at least 2, because batch norm cannot train on one cloud");
    if (!(settings.validationFraction >= 0.0 && settings.validationFraction < 1.0))
        throw UsageError("--val-split must be at least 0 and below 1");
    if (settings.qat && settings.pretrainedPath.empty())
        throw UsageError("--qat fine-tunes a trained model: pass --pretrained");
    if (!settings.qat && (arguments.has("skip") || arguments.has("calib")))
        throw UsageError("--skip and --calib apply to --qat only");
    checkOutputPath(settings.outputPath, "output");
    return settings;
}

void printResult(const TrainSettings& settings, const TrainResult& result)
{
    std::printf("best epoch %d: validation accuracy %.2f%% on %lld held-out training clouds\n", result.bestEpoch,
                result.bestValidationAccuracy, static_cast<long long>(result.validationClouds));
    if (settings.qat) {
        std::printf("test accuracy on %lld clouds never trained on:\n", static_cast<long long>(result.testClouds));
        std::printf("  fake-quantized with PTQ ranges, before QAT: %6.2f%%\n", result.testAccuracyBeforeQat);
        std::printf("  fake-quantized after QAT:                   %6.2f%%\n", result.testAccuracy);
        std::printf("  converted INT8 model (LibTorch kernels):    %6.2f%%\n", result.testAccuracyInt8);
        std::printf("INT8 model written to %s\n", settings.outputPath.c_str());
    } else {
        std::printf("test accuracy of the best checkpoint on %lld clouds never trained on: %.2f%%\n",
                    static_cast<long long>(result.testClouds), result.testAccuracy);
        std::printf("checkpoint written to %s\n", settings.outputPath.c_str());
    }
    if (result.synthetic)
        std::printf("NOTE: SYNTHETIC data (%s)\n", result.dataDescription.c_str());
}

} // namespace

int runTrain(const std::vector<std::string>& words)
{
    const auto specs = trainOptions();
    if (printHelpIfAsked(words,
                         "pointq train --cfg CFG --data SPEC --output FILE [--pretrained CKPT] [--epochs N] [--qat] "
                         "[options] [key=value ...]",
                         "Trains or fine-tunes a PointNeXt classifier with the config's recipe (AdamW, cosine schedule, "
                         "label smoothing, gradient clipping, augmentations), keeps the best checkpoint by validation "
                         "accuracy and reports its accuracy on the test split. With --qat, fine-tunes with fake INT8 "
                         "quantization and writes an INT8 model.",
                         specs))
        return 0;
    const Arguments arguments(words, specs);
    const TrainSettings settings = readSettings(arguments);
    const int threads = applyThreads(arguments);
    std::printf("PointQ train: %s, data %s, seed %llu, %d threads%s\n", settings.configPath.c_str(),
                settings.dataSpec.c_str(), static_cast<unsigned long long>(settings.seed), threads,
                settings.qat ? ", quantization-aware" : "");
    std::fflush(stdout);
    const TrainResult result = runTraining(settings, terminalProgress(), printEpoch);
    printResult(settings, result);
    return 0;
}

} // namespace pointq::cli
