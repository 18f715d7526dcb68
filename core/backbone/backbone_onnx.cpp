// SPDX-License-Identifier: MIT
// The ONNX backbone through OpenCV's DNN module; builds without OpenCV refuse ONNX files.
#include "core/backbone/backbone.h"

#include "core/error.h"

#if defined(LADA_WITH_OPENCV)
#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#endif

namespace lada::detail {

#if defined(LADA_WITH_OPENCV)

namespace {

class OnnxBackbone : public Backbone {
public:
    OnnxBackbone(const std::string& file, const BackboneTransform& transform, int threads)
        : Backbone(file, transform)
    {
        try {
            m_net = cv::dnn::readNetFromONNX(file);
        } catch (const cv::Exception& e) {
            throw DataError("cannot load backbone \"" + file + "\": not an ONNX model OpenCV can read: " + e.err);
        }
        if (m_net.empty())
            throw DataError("cannot load backbone \"" + file + "\": OpenCV read an empty network");
        m_net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
        m_net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
        if (threads > 0)
            cv::setNumThreads(threads);
    }
    std::string format() const override { return "ONNX"; }

protected:
    torch::Tensor run(const torch::Tensor& batch) override
    {
        torch::Tensor input = batch.to(torch::kFloat).contiguous();
        const int sizes[4] = {static_cast<int>(input.size(0)), static_cast<int>(input.size(1)),
                              static_cast<int>(input.size(2)), static_cast<int>(input.size(3))};
        const cv::Mat blob(4, sizes, CV_32F, input.data_ptr<float>());
        cv::Mat out;
        try {
            m_net.setInput(blob);
            out = m_net.forward();
        } catch (const cv::Exception& e) {
            throw std::runtime_error(e.err);
        }
        std::vector<int64_t> shape;
        for (int i = 0; i < out.dims; ++i)
            shape.push_back(out.size[i]);
        if (out.type() != CV_32F)
            throw DataError("its output is not float32");
        return torch::from_blob(out.ptr<float>(), shape, torch::kFloat).clone();
    }

private:
    cv::dnn::Net m_net;
};

}  // namespace

std::unique_ptr<Backbone> loadOnnxBackbone(const std::string& file, const BackboneTransform& transform, int threads)
{
    return std::make_unique<OnnxBackbone>(file, transform, threads);
}

#else

std::unique_ptr<Backbone> loadOnnxBackbone(const std::string& file, const BackboneTransform&, int)
{
    throw DataError("cannot load backbone \"" + file + "\": this build has no OpenCV, which reads ONNX models; " +
                    "export the model to TorchScript (.pt)");
}

#endif

}  // namespace lada::detail
