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

/**
 * Hands the C heap's free pages back to the system (glibc's malloc_trim; a no-op elsewhere). Large
 * stages call it when they end: glibc raises its mmap threshold after the first large free, so the
 * activations of many chunked forward passes end up in heap pages it keeps, and the next stage's
 * peak resident memory would count them again (measured: 991 vs 916 MiB for a resnet18 LADA step).
 */
void releaseFreeHeap();

}  // namespace lada
