#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace pointq {

/// splitmix64: a fixed, portable generator, because the standard distributions
/// may give different values with different standard libraries.
class ShapeRandom {
public:
    explicit ShapeRandom(uint64_t seed) : m_state(seed) {}

    uint64_t next()
    {
        uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }

    /// Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    /// Uniform in [low, high).
    double uniform(double low, double high) { return low + (high - low) * uniform(); }
    /// Standard normal, by the Box-Muller transform.
    double normal();

private:
    uint64_t m_state;
};

using ShapePoint = std::array<double, 3>;

/// Names of the procedural shape classes, in label order.
const std::vector<std::string>& proceduralShapeNames();

/// Samples `count` points on the surface of shape class `shape` (an index into
/// proceduralShapeNames()), y up, roughly within [-1, 1]^3. The class's proportions
/// (leg length, seat height, ring thickness, ...) are drawn from `random`, and each
/// part's point density is scaled by a random factor in [0.5, 1.5], so two clouds of
/// one class differ in shape and density. Throws std::out_of_range for an unknown class.
std::vector<ShapePoint> sampleProceduralShape(size_t shape, size_t count, ShapeRandom& random);

} // namespace pointq
