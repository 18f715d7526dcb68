// SPDX-License-Identifier: MIT
#pragma once

#include <torch/types.h>

#include <string>

namespace lada {

/**
 * The device for a spec: "auto" (CUDA when torch::cuda::is_available(), else CPU), "cpu" or "cuda".
 * Throws ConfigError for "cuda" without a CUDA build or device, or an unknown spec.
 */
torch::Device chooseDevice(const std::string& spec);

/**
 * Sets LibTorch's intra-op thread count for the calling thread's work (0 = hardware concurrency).
 * Call it in the thread that runs torch work: libtorch starts with one thread on this platform.
 * Returns torch::get_num_threads() afterwards.
 */
int configureThreads(int threads);

} // namespace lada
