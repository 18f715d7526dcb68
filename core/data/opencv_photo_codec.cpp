// SPDX-License-Identifier: MIT
// Photo decoding for backbones and for display (OpenCV builds; image_codec_fallback.cpp refuses otherwise).
#include "core/data/photo_codec.h"

#include "core/data/opencv_decode.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace lada {

namespace {

bool isJpeg(const std::vector<unsigned char>& bytes)
{
    return bytes.size() >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;
}

/**
 * The photo as 8-bit BGR, upright. JPEG is decoded with IMREAD_COLOR, which applies the EXIF orientation
 * and converts gray and CMYK (a JPEG has no alpha); other formats are decoded unchanged so that an alpha
 * channel can be composited over white instead of revealing the colour under transparent pixels.
 */
cv::Mat decodeUpright(const std::vector<unsigned char>& bytes, std::string& reason)
{
    cv::Mat image = decodeBytes(bytes, isJpeg(bytes) ? cv::IMREAD_COLOR : cv::IMREAD_UNCHANGED, reason);
    if (image.empty() || !toEightBit(image, reason))
        return {};
    if (image.channels() == 2) {  // gray + alpha: make it BGRA, composited below
        cv::Mat planes[2];
        cv::split(image, planes);
        cv::Mat bgra;
        cv::merge(std::vector<cv::Mat>{planes[0], planes[0], planes[0], planes[1]}, bgra);
        image = bgra;
    }
    switch (image.channels()) {
    case 1: cv::cvtColor(image, image, cv::COLOR_GRAY2BGR); break;
    case 4: {
        // Composite over white: out = a * colour + (1 - a) * 255.
        cv::Mat colour, alpha;
        cv::cvtColor(image, colour, cv::COLOR_BGRA2BGR);
        cv::extractChannel(image, alpha, 3);
        cv::Mat a3;
        cv::cvtColor(alpha, a3, cv::COLOR_GRAY2BGR);
        cv::Mat c32, a32;
        colour.convertTo(c32, CV_32F);
        a3.convertTo(a32, CV_32F, 1.0 / 255.0);
        cv::Mat out = c32.mul(a32) + (cv::Scalar::all(1.0) - a32) * 255.0;
        out.convertTo(image, CV_8U);
        break;
    }
    case 3: break;
    default: reason = "unsupported image: " + std::to_string(image.channels()) + " channels"; return {};
    }
    return image;
}

cv::Mat resized(const cv::Mat& image, int width, int height)
{
    if (image.cols == width && image.rows == height)
        return image;
    cv::Mat out;
    const bool shrinking = static_cast<int64_t>(image.rows) * image.cols > static_cast<int64_t>(height) * width;
    cv::resize(image, out, cv::Size(width, height), 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
    return out;
}

/** BGR 8-bit [H, W, 3] -> RGB planes [3, H, W]. */
void writeRgbPlanes(const cv::Mat& bgr, unsigned char* out)
{
    const std::size_t plane = static_cast<std::size_t>(bgr.rows) * static_cast<std::size_t>(bgr.cols);
    for (int y = 0; y < bgr.rows; ++y) {
        const unsigned char* row = bgr.ptr<unsigned char>(y);
        const std::size_t offset = static_cast<std::size_t>(y) * static_cast<std::size_t>(bgr.cols);
        for (int x = 0; x < bgr.cols; ++x) {
            out[offset + static_cast<std::size_t>(x)] = row[3 * x + 2];
            out[plane + offset + static_cast<std::size_t>(x)] = row[3 * x + 1];
            out[2 * plane + offset + static_cast<std::size_t>(x)] = row[3 * x];
        }
    }
}

}  // namespace

DecodeResult decodePhotoInto(const std::vector<unsigned char>& bytes, const PhotoFit& fit, unsigned char* out)
{
    DecodeResult result;
    try {
        cv::Mat image = decodeUpright(bytes, result.reason);
        if (image.empty())
            return result;
        const int side = fit.side;
        cv::Mat square;
        if (fit.letterbox) {
            const double scale = static_cast<double>(side) / std::max(image.cols, image.rows);
            const int w = std::clamp(static_cast<int>(std::lround(image.cols * scale)), 1, side);
            const int h = std::clamp(static_cast<int>(std::lround(image.rows * scale)), 1, side);
            square = cv::Mat(side, side, CV_8UC3, cv::Scalar(fit.padding[2], fit.padding[1], fit.padding[0]));
            resized(image, w, h).copyTo(square(cv::Rect((side - w) / 2, (side - h) / 2, w, h)));
        } else {
            const double scale = static_cast<double>(side) / std::min(image.cols, image.rows);
            const int w = std::max(side, static_cast<int>(std::lround(image.cols * scale)));
            const int h = std::max(side, static_cast<int>(std::lround(image.rows * scale)));
            square = resized(image, w, h)(cv::Rect((w - side) / 2, (h - side) / 2, side, side)).clone();
        }
        result.resized = image.cols != side || image.rows != side;
        writeRgbPlanes(square, out);
        result.ok = true;
    } catch (const cv::Exception& e) {
        result = DecodeResult{};
        result.reason = std::string("cannot decode image: ") + e.err;
    }
    return result;
}

DisplayImage decodeForDisplay(const std::vector<unsigned char>& bytes, int maxLongSide)
{
    DisplayImage shown;
    try {
        cv::Mat image = decodeUpright(bytes, shown.reason);
        if (image.empty())
            return shown;
        const int longSide = std::max(image.cols, image.rows);
        if (maxLongSide > 0 && longSide > maxLongSide) {
            const double scale = static_cast<double>(maxLongSide) / longSide;
            image = resized(image, std::max(1, static_cast<int>(std::lround(image.cols * scale))),
                            std::max(1, static_cast<int>(std::lround(image.rows * scale))));
        }
        shown.width = image.cols;
        shown.height = image.rows;
        shown.pixels.resize(static_cast<std::size_t>(3) * image.cols * image.rows);
        writeRgbPlanes(image, shown.pixels.data());
    } catch (const cv::Exception& e) {
        shown = DisplayImage{};
        shown.reason = std::string("cannot decode image: ") + e.err;
    }
    return shown;
}

}  // namespace lada
