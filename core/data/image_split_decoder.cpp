// SPDX-License-Identifier: MIT
#include "core/data/image_split_decoder.h"

#include "core/data/binary_io.h"
#include "core/data/image_codec.h"
#include "core/data/parallel_for.h"
#include "core/error.h"
#include "core/util/memory_budget.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <tuple>
#include <utility>

namespace lada {

namespace {

// Enough for the header of every format readImageHeader knows, short of JPEGs with huge metadata.
constexpr std::size_t kHeaderBytes = 64 * 1024;

/** The most common value; a tie goes to the value seen first in load order. */
template <class T>
T mostCommon(const std::vector<T>& values)
{
    std::map<T, std::pair<int64_t, std::size_t>> counts;  // value -> (count, first index)
    for (std::size_t i = 0; i < values.size(); ++i) {
        auto [it, inserted] = counts.try_emplace(values[i], 0, i);
        ++it->second.first;
    }
    auto best = counts.begin();
    for (auto it = counts.begin(); it != counts.end(); ++it) {
        const bool more = it->second.first > best->second.first;
        const bool tieEarlier = it->second.first == best->second.first && it->second.second < best->second.second;
        if (more || tieEarlier) {
            best = it;
        }
    }
    return best->first;
}

[[noreturn]] void throwNoReadableImage(const ImageListing& listing, const std::vector<std::string>& reasons)
{
    std::string message = "no readable image in \"" + listing.root + "\": all " +
                          std::to_string(listing.entries.size()) + " files were skipped";
    for (std::size_t i = 0; i < listing.entries.size(); ++i) {
        if (!reasons[i].empty()) {
            message += " (first: \"" + listing.entries[i].relativePath + "\": " + reasons[i] + ")";
            break;
        }
    }
    throw DataError(message);
}

/** First pass: headers of every file not yet skipped; fills `reasons` for files that cannot be read. */
std::vector<std::optional<ImageHeader>> probeHeaders(const ImageListing& listing, std::vector<std::string>& reasons,
                                                     const LoadOptions& options)
{
    const auto& entries = listing.entries;
    std::vector<std::optional<ImageHeader>> headers(entries.size());
    parallelFor(
        static_cast<int64_t>(entries.size()), options.threads,
        [&](int64_t i) {
            const auto k = static_cast<std::size_t>(i);
            if (!reasons[k].empty()) {
                return;
            }
            std::vector<unsigned char> bytes;
            std::string reason;
            if (!readFileBytes(entries[k].file, bytes, reason, kHeaderBytes)) {
                reasons[k] = reason;
                return;
            }
            if (bytes.empty()) {
                reasons[k] = "empty file";
                return;
            }
            headers[k] = readImageHeader(bytes.data(), bytes.size());
            if (!headers[k]) {
                // Not a header we parse (PNM, say): let the decoder tell.
                if (!readFileBytes(entries[k].file, bytes, reason)) {
                    reasons[k] = reason;
                    return;
                }
                headers[k] = probeImageByDecoding(bytes, reason);
                if (!headers[k]) {
                    reasons[k] = reason;
                }
            }
        },
        {}, options.cancel);
    return headers;
}

}  // namespace

Dataset decodeImageListing(const ImageListing& listing, const LoadOptions& options)
{
    const auto& entries = listing.entries;
    const auto n = static_cast<int64_t>(entries.size());
    std::vector<std::string> reasons(entries.size());  // non-empty: skipped, and why
    for (std::size_t i = 0; i < entries.size(); ++i) {
        reasons[i] = entries[i].rejectReason;
    }
    if (!imageCodecAvailable()) {
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (reasons[i].empty()) {
                throw DataError("cannot decode image \"" + entries[i].file.string() +
                                "\": lada was built without OpenCV");
            }
        }
    }

    int channels = options.channels;
    int height = options.height;
    int width = options.width;
    if (channels == 0 || height == 0 || width == 0) {
        const auto headers = probeHeaders(listing, reasons, options);
        std::vector<int> colours;
        std::vector<std::pair<int, int>> sizes;
        for (const auto& h : headers) {
            if (h) {
                colours.push_back(h->colourChannels());
                sizes.emplace_back(h->height, h->width);
            }
        }
        if (colours.empty()) {
            throwNoReadableImage(listing, reasons);
        }
        if (channels == 0) {
            channels = mostCommon(colours);
        }
        if (height == 0 || width == 0) {
            std::tie(height, width) = mostCommon(sizes);
            // Photos of varied size: a from-scratch network learns nothing more from 500 x 333 than from
            // 64 x 64 with a few dozen labels, and costs 40 times the memory and time.
            if (options.maxSide > 0 && std::max(height, width) > options.maxSide) {
                height = options.maxSide;
                width = options.maxSide;
            }
        }
    }

    // The size comes from the images' headers, which may claim anything: check it against memory first
    // (in double: 2^31 x 2^31 pixels would overflow 64 bits).
    const double need = static_cast<double>(n) * channels * static_cast<double>(height) * width;
    if (const uint64_t available = availableMemoryBytes(); need > static_cast<double>(available)) {
        throw DataError("cannot load \"" + listing.root + "\": its " + std::to_string(n) + " images at " +
                        std::to_string(width) + " x " + std::to_string(height) + " x " + std::to_string(channels) +
                        " need " + formatBytes(need >= 1.8e19 ? UINT64_MAX : static_cast<uint64_t>(need)) +
                        " of memory, " + formatBytes(available) +
                        " available (decode them smaller: set the image size, --image-size)");
    }
    torch::Tensor images = torch::empty({n, channels, height, width}, torch::kUInt8);
    unsigned char* base = images.data_ptr<uint8_t>();
    const std::size_t slice =
        static_cast<std::size_t>(channels) * static_cast<std::size_t>(height) * static_cast<std::size_t>(width);
    std::vector<DecodeResult> results(entries.size());
    parallelFor(
        n, options.threads,
        [&](int64_t i) {
            const auto k = static_cast<std::size_t>(i);
            if (!reasons[k].empty()) {
                return;
            }
            std::vector<unsigned char> bytes;
            std::string reason;
            if (!readFileBytes(entries[k].file, bytes, reason)) {
                reasons[k] = reason;
                return;
            }
            results[k] = decodeImageInto(bytes, channels, height, width, base + k * slice);
            if (!results[k].ok) {
                reasons[k] = results[k].reason;
            }
        },
        options.progress, options.cancel);

    // Close the gaps the skipped files left, keeping load order.
    Dataset dataset;
    std::vector<int64_t> labels;
    int64_t kept = 0;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (!reasons[i].empty()) {
            dataset.report.skipped.push_back(SkippedFile{entries[i].relativePath, reasons[i]});
            continue;
        }
        if (static_cast<std::size_t>(kept) != i) {
            std::memmove(base + static_cast<std::size_t>(kept) * slice, base + i * slice, slice);
        }
        labels.push_back(entries[i].label);
        dataset.paths.push_back(entries[i].relativePath);
        dataset.report.resized += results[i].resized ? 1 : 0;
        dataset.report.channelsConverted += results[i].channelsConverted ? 1 : 0;
        ++kept;
    }
    if (kept == 0) {
        throwNoReadableImage(listing, reasons);
    }
    // narrow() keeps the view contiguous; the skipped slices' bytes stay allocated until release.
    dataset.images = kept == n ? images : images.narrow(0, 0, kept);
    dataset.labels = torch::tensor(labels, torch::kInt64);
    dataset.classNames = listing.classNames;
    dataset.root = listing.root;
    dataset.report.loaded = kept;
    return dataset;
}

}  // namespace lada
