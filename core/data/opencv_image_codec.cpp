// SPDX-License-Identifier: MIT
// The OpenCV half of image decoding; excluded from builds with LADA_WITH_OPENCV=OFF, where
// image_codec_fallback.cpp stands in.
#include "core/data/image_codec.h"
#include "core/data/opencv_decode.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <climits>
#include <cstdint>
#include <cstring>

namespace lada {

namespace {

constexpr const char* kCannotDecode = "cannot decode image (corrupt or not an image)";

/** The decoded image (any depth, 1-4 channels), or an empty Mat with `reason` set. */
cv::Mat decode(const std::vector<unsigned char>& bytes, std::string& reason)
{
    cv::Mat image = decodeBytes(bytes, cv::IMREAD_UNCHANGED, reason);
    if (!image.empty() && image.channels() > 4) {
        reason = "unsupported image: " + std::to_string(image.channels()) + " channels";
        return {};
    }
    return image;
}

/** Gray from 2, 3 or 4 channels; OpenCV decodes colour as BGR(A). */
cv::Mat toGray(const cv::Mat& image)
{
    cv::Mat gray;
    switch (image.channels()) {
    case 2: cv::extractChannel(image, gray, 0); break;
    case 3: cv::cvtColor(image, gray, cv::COLOR_BGR2GRAY); break;
    case 4: cv::cvtColor(image, gray, cv::COLOR_BGRA2GRAY); break;
    default: gray = image; break;
    }
    return gray;
}

/** Writes an 8-bit image of 1-4 channels as planes [C, H, W]: gray planes repeat, BGR(A) becomes RGB. */
void writePlanes(const cv::Mat& image, int channels, unsigned char* out)
{
    const int h = image.rows;
    const int w = image.cols;
    const int step = image.channels();
    const std::size_t plane = static_cast<std::size_t>(h) * static_cast<std::size_t>(w);
    for (int c = 0; c < channels; ++c) {
        // Output plane c (R, G, B) reads source channel 2, 1, 0 of BGR(A), or channel 0 of gray(+alpha).
        const int source = step >= 3 ? 2 - c : 0;
        unsigned char* dst = out + plane * static_cast<std::size_t>(c);
        for (int y = 0; y < h; ++y) {
            const unsigned char* row = image.ptr<unsigned char>(y);
            unsigned char* dstRow = dst + static_cast<std::size_t>(y) * static_cast<std::size_t>(w);
            if (step == 1) {
                std::memcpy(dstRow, row, static_cast<std::size_t>(w));
                continue;
            }
            for (int x = 0; x < w; ++x) {
                dstRow[x] = row[x * step + source];
            }
        }
    }
}

}  // namespace

cv::Mat decodeBytes(const std::vector<unsigned char>& bytes, int flags, std::string& reason)
{
    if (bytes.empty()) {
        reason = "empty file";
        return {};
    }
    if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
        reason = "file too large to decode (over 2 GiB)";
        return {};
    }
    cv::Mat image;
    try {
        const cv::Mat buffer(1, static_cast<int>(bytes.size()), CV_8U, const_cast<unsigned char*>(bytes.data()));
        image = cv::imdecode(buffer, flags);
    } catch (const cv::Exception& e) {
        reason = std::string("cannot decode image: ") + e.err;
        return {};
    }
    if (image.empty())
        reason = kCannotDecode;
    return image;
}

bool toEightBit(cv::Mat& image, std::string& reason)
{
    switch (image.depth()) {
    case CV_8U: return true;
    case CV_16U: image.convertTo(image, CV_8U, 1.0 / 257.0); return true;
    case CV_32F:
    case CV_64F: image.convertTo(image, CV_8U, 255.0); return true;
    default: reason = "unsupported pixel type (signed integers)"; return false;
    }
}

bool imageCodecAvailable()
{
    return true;
}

DecodeResult decodeImageInto(const std::vector<unsigned char>& bytes, int channels, int height, int width,
                             unsigned char* out)
{
    DecodeResult result;
    try {
        cv::Mat image = decode(bytes, result.reason);
        if (image.empty() || !toEightBit(image, result.reason)) {
            return result;
        }
        result.channelsConverted = image.channels() != channels;
        if (channels == 1) {
            // Reduce to gray before resizing: a third of the pixels to interpolate.
            image = toGray(image);
        }
        if (image.rows != height || image.cols != width) {
            const bool shrinking = static_cast<int64_t>(image.rows) * image.cols > static_cast<int64_t>(height) * width;
            cv::Mat resized;
            cv::resize(image, resized, cv::Size(width, height), 0.0, 0.0,
                       shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
            image = resized;
            result.resized = true;
        }
        writePlanes(image, channels, out);
        result.ok = true;
    } catch (const cv::Exception& e) {
        result = DecodeResult{};
        result.reason = std::string("cannot convert image: ") + e.err;
    }
    return result;
}

std::optional<ImageHeader> probeImageByDecoding(const std::vector<unsigned char>& bytes, std::string& reason)
{
    const cv::Mat image = decode(bytes, reason);
    if (image.empty()) {
        return std::nullopt;
    }
    return ImageHeader{image.cols, image.rows, image.channels()};
}

}  // namespace lada
