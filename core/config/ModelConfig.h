#pragma once

#include "config/Config.h"
#include "config/ModelArgs.h"

namespace pointq {

/// Reads `model` of a config: the model NAME (BaseCls, BaseSeg, BasePartSeg), its
/// PointNextEncoder with radii and nsample expanded per block, its decoder and its head.
/// Absent keys take openpoints' defaults. Throws ConfigError naming the file, line and key
/// for an unknown model, encoder or head name, a value of the wrong type, blocks and
/// strides of different lengths, or a non-positive size.
ModelArgs parseModelArgs(const Config& config);

/// Reads `model.encoder_args` alone; parseModelArgs() calls it.
EncoderArgs parseEncoderArgs(const Config& config);

/// Reads the dataset and evaluation settings of a config. Throws ConfigError on a value of
/// the wrong type or a non-positive count.
DatasetArgs parseDatasetArgs(const Config& config);

} // namespace pointq
