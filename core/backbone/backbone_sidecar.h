// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <string>

namespace lada {

/** How photos become a backbone's input: the square side and the RGB normalisation (0-1 scale). */
struct BackboneTransform {
    int inputSize = 224;
    std::array<double, 3> mean{0.485, 0.456, 0.406};  ///< ImageNet's
    std::array<double, 3> stddev{0.229, 0.224, 0.225};
    bool letterbox = false;
    /** Compact text for cache keys and messages: "224px crop mean=0.485,0.456,0.406 std=...". */
    std::string toString() const;
};

/**
 * `transform` with the settings of a backbone's sidecar JSON `text` applied (`{"input_size": 224,
 * "mean": [r, g, b], "std": [r, g, b]}`, 0-1 scale; other keys are ignored). `file` names the sidecar in
 * errors. Pure, any thread. Throws lada::DataError naming the file for text over 1 MiB, text that is not a
 * JSON object, an input size that is not a whole number 8-4096, or a mean / std that is not three finite
 * numbers in range (std above 0).
 */
BackboneTransform applyBackboneSidecar(const std::string& text, const std::string& file, BackboneTransform transform);

}  // namespace lada
