// SPDX-License-Identifier: MIT
#include "core/util/device.h"

#include "core/error.h"

#include <torch/cuda.h>
#include <torch/utils.h>

#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace lada {

torch::Device chooseDevice(const std::string& spec)
{
    if (spec == "cpu")
        return torch::kCPU;
    if (spec == "cuda") {
        if (!torch::cuda::is_available())
            throw ConfigError("--device cuda: no CUDA device is available to this LibTorch build");
        return torch::kCUDA;
    }
    if (spec == "auto")
        return torch::cuda::is_available() ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
    throw ConfigError("unknown device \"" + spec + "\": expected auto, cpu or cuda");
}

int configureThreads(int threads)
{
    if (threads <= 0)
        threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(threads);
    return torch::get_num_threads();
}

void releaseFreeHeap()
{
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

}  // namespace lada
