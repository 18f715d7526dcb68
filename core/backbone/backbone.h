// SPDX-License-Identifier: MIT
#pragma once

#include "core/backbone/backbone_sidecar.h"
#include "core/config/experiment_config.h"

#include <torch/types.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>

namespace lada {

/**
 * The transform of `options`: a flag (inputSize, mean, stddev) wins over the JSON beside the model
 * (`resnet18.pt` -> `resnet18.json`: {"input_size": 224, "mean": [...], "std": [...]}), which wins over
 * ImageNet's defaults. Throws DataError naming the JSON file for one that does not parse or holds a
 * value of the wrong type or range.
 */
BackboneTransform resolveBackboneTransform(const BackboneOptions& options);

/** A hash of the model file's bytes (FNV-1a 64, hex): part of the embedding cache's key. Throws DataError. */
std::string backboneFileHash(const std::string& file);

/**
 * A frozen pretrained network that maps photos to embeddings: a TorchScript module (torch::jit::load)
 * or, in builds with OpenCV, an ONNX model (cv::dnn::readNetFromONNX), chosen by the extension .onnx.
 * Not thread-safe: one thread calls embed at a time (the thread that runs the engine's work).
 */
class Backbone {
public:
    virtual ~Backbone() = default;

    /**
     * Embeddings float [N, D] on the CPU of a batch of normalised photos float [N, 3, S, S] (S =
     * transform().inputSize). Throws DataError naming the model file when the model fails on the batch,
     * its output is not [N, D], holds NaN or infinity, or D differs from the previous batch's.
     */
    torch::Tensor embed(const torch::Tensor& batch);

    const std::string& file() const { return m_file; }
    const BackboneTransform& transform() const { return m_transform; }
    /** D, known after the first batch (load runs a probe batch, so always known after loadBackbone). */
    int64_t dimension() const { return m_dimension; }
    /** Forward passes run so far (batches), for tests that assert a cache made them unnecessary. */
    int64_t forwardPasses() const { return m_passes; }
    /** "TorchScript" or "ONNX". */
    virtual std::string format() const = 0;

protected:
    Backbone(std::string file, BackboneTransform transform)
        : m_file(std::move(file))
        , m_transform(transform)
    {
    }
    /** The model's raw output for the batch; may throw anything (wrapped by embed). */
    virtual torch::Tensor run(const torch::Tensor& batch) = 0;

private:
    std::string m_file;
    BackboneTransform m_transform;
    int64_t m_dimension = 0;
    int64_t m_passes = 0;
};

/**
 * Loads `options.file` and checks it with a probe batch of two grey images at the input size, so that a
 * file that is not a model, an input size the model rejects and an output that is not [N, D] are refused
 * here with the file and the reason (DataError), not in the middle of a run. `threads` sets OpenCV's
 * thread count for ONNX (LibTorch's is the calling thread's torch::set_num_threads).
 */
std::unique_ptr<Backbone> loadBackbone(const BackboneOptions& options, int threads = 0);

namespace detail {
/** The ONNX backbone (backbone_onnx.cpp); throws DataError in builds without OpenCV. */
std::unique_ptr<Backbone> loadOnnxBackbone(const std::string& file, const BackboneTransform& transform, int threads);
}  // namespace detail

}  // namespace lada
