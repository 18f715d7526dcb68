// SPDX-License-Identifier: MIT
// A backbone's sidecar JSON (`resnet18.json` beside `resnet18.pt`): input size, mean and std.
#include "core/backbone/backbone_sidecar.h"
#include "core/error.h"
#include "fuzz_support.h"

#include <cmath>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    try {
        const lada::BackboneTransform t = lada::applyBackboneSidecar(
            std::string(reinterpret_cast<const char*>(data), size), "model.json", lada::BackboneTransform{});
        for (int i = 0; i < 3; ++i) {
            if (t.inputSize < 8 || t.inputSize > 4096 || !std::isfinite(t.mean[i]) || !(t.stddev[i] > 0)) {
                __builtin_trap();  // what is accepted is usable: the transform divides by std
            }
        }
        t.toString();
    } catch (const lada::Error& e) {
        lada::fuzz::checkMessage(e);
    }
    return 0;
}
