// SPDX-License-Identifier: MIT
#pragma once
// Shared by the two OpenCV decoders (opencv_image_codec.cpp, opencv_photo_codec.cpp); OpenCV builds only.

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace lada {

/** cv::imdecode of a whole file's `bytes` with `flags`; an empty Mat with `reason` on failure, never a throw. */
cv::Mat decodeBytes(const std::vector<unsigned char>& bytes, int flags, std::string& reason);

/** 16-bit and floating-point images scaled to 8 bits (floats taken as [0, 1]); false with `reason` otherwise. */
bool toEightBit(cv::Mat& image, std::string& reason);

}  // namespace lada
