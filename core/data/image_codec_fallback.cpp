// SPDX-License-Identifier: MIT
// Stands in for opencv_image_codec.cpp in builds with LADA_WITH_OPENCV=OFF: idx, CIFAR binary and
// dataset caches still load, image files are refused with a DataError that says why.
#include "core/data/image_codec.h"
#include "core/data/photo_codec.h"

#if !defined(LADA_WITH_OPENCV)

#include "core/error.h"

namespace lada {

namespace {

[[noreturn]] void refuse()
{
    throw DataError("cannot decode image files: lada was built without OpenCV");
}

}  // namespace

bool imageCodecAvailable()
{
    return false;
}

DecodeResult decodeImageInto(const std::vector<unsigned char>&, int, int, int, unsigned char*)
{
    refuse();
}

std::optional<ImageHeader> probeImageByDecoding(const std::vector<unsigned char>&, std::string&)
{
    refuse();
}

DecodeResult decodePhotoInto(const std::vector<unsigned char>&, const PhotoFit&, unsigned char*)
{
    refuse();
}

DisplayImage decodeForDisplay(const std::vector<unsigned char>&, int)
{
    DisplayImage shown;
    shown.reason = "lada was built without OpenCV";
    return shown;
}

}  // namespace lada

#endif
