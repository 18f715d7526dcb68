// SPDX-License-Identifier: MIT
#include "core/backbone/backbone.h"

#include "core/error.h"

#include <nlohmann/json.hpp>
#include <torch/script.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace lada {

namespace {

/** The first line of an exception's text: LibTorch's messages carry a C++ backtrace after it. */
std::string firstLine(const std::string& text)
{
    const std::string line = text.substr(0, text.find('\n'));
    return line.size() > 300 ? line.substr(0, 300) + "..." : line;
}

/** The text of the JSON beside `model` (same name, .json in place of its extension), or "{}" without one. */
std::string sidecarText(const std::string& model, std::string& sidecarFile)
{
    fs::path side = fs::path(model).replace_extension(".json");
    sidecarFile = side.string();
    std::error_code ec;
    if (!fs::is_regular_file(side, ec))
        return "{}";
    if (fs::file_size(side, ec) > (1u << 20))
        throw DataError("backbone settings \"" + sidecarFile + "\": larger than 1 MiB, not a settings file");
    std::ifstream in(side, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class TorchScriptBackbone : public Backbone {
public:
    TorchScriptBackbone(const std::string& file, const BackboneTransform& transform)
        : Backbone(file, transform)
    {
        try {
            m_module = torch::jit::load(file, torch::kCPU);
        } catch (const std::exception& e) {
            throw DataError("cannot load backbone \"" + file +
                            "\": not a TorchScript module (save one with torch.jit.save; ONNX files end in .onnx): " +
                            firstLine(e.what()));
        }
        m_module.eval();
    }
    std::string format() const override { return "TorchScript"; }

protected:
    torch::Tensor run(const torch::Tensor& batch) override
    {
        c10::InferenceMode inference;
        const c10::IValue out = m_module.forward({batch});
        if (!out.isTensor())
            throw DataError("its output is a " + out.tagKind() + ", not one tensor [N, D]");
        return out.toTensor();
    }

private:
    torch::jit::script::Module m_module;
};

}  // namespace

BackboneTransform resolveBackboneTransform(const BackboneOptions& options)
{
    std::string sidecar;
    const std::string text = sidecarText(options.file, sidecar);
    BackboneTransform t = applyBackboneSidecar(text, sidecar, BackboneTransform{});
    if (options.inputSize)
        t.inputSize = *options.inputSize;
    if (options.mean)
        for (size_t i = 0; i < 3; ++i)
            t.mean[i] = (*options.mean)[i];
    if (options.stddev)
        for (size_t i = 0; i < 3; ++i)
            t.stddev[i] = (*options.stddev)[i];
    t.letterbox = options.letterbox;
    return t;
}

std::string backboneFileHash(const std::string& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw DataError("cannot read backbone \"" + file + "\": no such file or not readable");
    uint64_t h = 1469598103934665603ull;
    std::vector<char> buffer(1 << 20);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const std::streamsize got = in.gcount();
        for (std::streamsize i = 0; i < got; ++i) {
            h ^= static_cast<unsigned char>(buffer[static_cast<size_t>(i)]);
            h *= 1099511628211ull;
        }
    }
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
    return text;
}

torch::Tensor Backbone::embed(const torch::Tensor& batch)
{
    torch::Tensor out;
    try {
        out = run(batch);
    } catch (const DataError& e) {
        throw DataError("backbone \"" + m_file + "\": " + e.what());
    } catch (const std::exception& e) {
        throw DataError("backbone \"" + m_file + "\" failed on a batch of " + std::to_string(batch.size(0)) +
                        " images of " + std::to_string(m_transform.inputSize) + "x" +
                        std::to_string(m_transform.inputSize) +
                        " (does it accept this input size?): " + firstLine(e.what()));
    }
    ++m_passes;
    if (out.dim() != 2 || out.size(0) != batch.size(0)) {
        std::string shape;
        for (const int64_t s : out.sizes())
            shape += (shape.empty() ? "" : ", ") + std::to_string(s);
        throw DataError("backbone \"" + m_file + "\": its output is [" + shape + "], not [N, D] with N = " +
                        std::to_string(batch.size(0)) + " (export the model up to its pooled embedding)");
    }
    out = out.to(torch::kCPU, torch::kFloat).contiguous();
    if (!torch::isfinite(out).all().item<bool>())
        throw DataError("backbone \"" + m_file + "\": its output holds NaN or infinite values");
    if (m_dimension != 0 && out.size(1) != m_dimension)
        throw DataError("backbone \"" + m_file + "\": its output has D = " + std::to_string(out.size(1)) +
                        " for this batch but D = " + std::to_string(m_dimension) + " before; D must not change");
    m_dimension = out.size(1);
    return out;
}

std::unique_ptr<Backbone> loadBackbone(const BackboneOptions& options, int threads)
{
    std::error_code ec;
    if (options.file.empty())
        throw ConfigError("no backbone file given");
    if (!fs::is_regular_file(options.file, ec))
        throw DataError("cannot load backbone \"" + options.file + "\": no such file");
    const BackboneTransform transform = resolveBackboneTransform(options);
    std::string ext = fs::path(options.file).extension().string();
    for (char& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::unique_ptr<Backbone> backbone = ext == ".onnx"
                                             ? detail::loadOnnxBackbone(options.file, transform, threads)
                                             : std::make_unique<TorchScriptBackbone>(options.file, transform);
    // The probe: two mid-grey images (0 after ImageNet's normalisation is close enough for a shape check).
    backbone->embed(torch::zeros({2, 3, transform.inputSize, transform.inputSize}));
    return backbone;
}

}  // namespace lada
