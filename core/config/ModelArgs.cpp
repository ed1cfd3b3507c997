#include "config/ModelArgs.h"

namespace pointq {

std::vector<int> EncoderArgs::stageChannels() const
{
    std::vector<int> channels;
    int current = width;
    for (int stride : strides) {
        if (stride != 1)
            current *= 2;
        channels.push_back(current);
    }
    return channels;
}

} // namespace pointq
