// SPDX-License-Identifier: MIT
#include "core/backbone/embedded_split.h"

#include "core/backbone/backbone.h"
#include "core/backbone/embedding_cache.h"
#include "core/data/binary_io.h"
#include "core/data/csv_manifest.h"
#include "core/data/image_folder.h"
#include "core/data/parallel_for.h"
#include "core/data/photo_codec.h"
#include "core/data/source_fingerprint.h"
#include "core/error.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <optional>

namespace fs = std::filesystem;

namespace lada {

namespace {

/** Photos per backbone batch: large enough for the BLAS, small enough to cancel within a second or so. */
constexpr int64_t kBatch = 32;

ImageListing listSource(const std::string& source, const LoadOptions& options)
{
    std::error_code ec;
    if (source.empty() || !fs::exists(source, ec))
        throw DataError("cannot load \"" + source + "\": " + (ec ? ec.message() : "no such file or folder"));
    if (fs::is_directory(source, ec))
        return listImageFolder(source, options);
    std::string ext = fs::path(source).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".csv")
        return listCsvManifest(source, options);
    throw DataError("cannot load \"" + source +
                    "\" with a backbone: it reads image files, from a folder or a .csv manifest (not idx, CIFAR "
                    "binaries or dataset caches)");
}

std::string cacheKey(const std::string& source, const ImageListing& listing, const std::vector<size_t>& usable,
                     const LoadOptions& options, const std::string& backboneHash, const BackboneTransform& transform)
{
    std::vector<fs::path> files = listing.definingFiles;
    for (const size_t i : usable)
        files.push_back(listing.entries[i].file);
    std::error_code ec;
    fs::path resolved = fs::weakly_canonical(source, ec);
    const nlohmann::json key = {
        {"source", ec ? source : resolved.string()},
        {"fingerprint", fingerprintFiles(files).toString()},
        {"images", usable.size()},
        {"classNames", options.classNames},
        {"allowUnlabeled", options.allowUnlabeled},
        {"backbone", backboneHash},
        {"transform", transform.toString()},
    };
    return key.dump();
}

/** uint8 RGB [N, 3, S, S] -> float [N, 3, S, S]: (x / 255 - mean) / std. */
torch::Tensor normalise(const torch::Tensor& pixels, const BackboneTransform& t)
{
    const torch::Tensor mean = torch::tensor({t.mean[0], t.mean[1], t.mean[2]}, torch::kFloat).view({1, 3, 1, 1});
    const torch::Tensor sd = torch::tensor({t.stddev[0], t.stddev[1], t.stddev[2]}, torch::kFloat).view({1, 3, 1, 1});
    return pixels.to(torch::kFloat).div_(255.0).sub_(mean).div_(sd);
}

PhotoFit fitOf(const BackboneTransform& t)
{
    PhotoFit fit;
    fit.side = t.inputSize;
    fit.letterbox = t.letterbox;
    // Pad with the mean colour, which normalises to zero.
    for (size_t c = 0; c < 3; ++c)
        fit.padding[c] = static_cast<uint8_t>(std::clamp(std::lround(t.mean[c] * 255.0), 0L, 255L));
    return fit;
}

}  // namespace

Dataset loadEmbeddedSplit(const std::string& source, const LoadOptions& options, const BackboneOptions& backbone,
                          const std::string& cacheFile, const std::string& phase, const Progress& progress,
                          EmbeddingRun* run)
{
    const auto start = std::chrono::steady_clock::now();
    EmbeddingRun stats;
    const ImageListing listing = listSource(source, options);
    Dataset dataset;
    dataset.root = listing.root;
    dataset.classNames = listing.classNames;
    dataset.report.source = source;
    std::vector<size_t> usable;
    for (size_t i = 0; i < listing.entries.size(); ++i) {
        if (listing.entries[i].rejectReason.empty())
            usable.push_back(i);
        else
            dataset.report.skipped.push_back({listing.entries[i].relativePath, listing.entries[i].rejectReason});
    }
    const auto n = static_cast<int64_t>(usable.size());
    const BackboneTransform transform = resolveBackboneTransform(backbone);
    const std::string key = cacheKey(source, listing, usable, options, backboneFileHash(backbone.file), transform);

    std::string whyNot;
    std::unique_ptr<EmbeddingCache> complete =
        cacheFile.empty() ? nullptr : EmbeddingCache::openComplete(cacheFile, key, n, whyNot);
    std::optional<EmbeddingCache> writing;
    std::vector<bool> embedded;
    torch::Tensor rows;
    std::vector<std::string> reasons(static_cast<size_t>(n));
    if (complete) {
        stats.fromCache = n;
        dataset.report.fromCache = true;
    } else {
        // The model is loaded only when something is left to embed: a complete cache costs no model load.
        std::unique_ptr<Backbone> model = loadBackbone(backbone, options.threads);
        int64_t done = 0;
        std::vector<torch::Tensor> memoryRows;  // without a cache file
        if (!cacheFile.empty()) {
            writing.emplace(EmbeddingCache::openOrCreate(cacheFile, key, n, model->dimension()));
            done = writing->entriesDone();
            stats.fromCache = done;
        }
        const int side = transform.inputSize;
        const PhotoFit fit = fitOf(transform);
        const int64_t perImage = int64_t{3} * side * side;
        while (done < n) {
            progress(phase, done, n);
            progress.checkCancel();
            const int64_t count = std::min(kBatch, n - done);
            torch::Tensor pixels = torch::empty({count, 3, side, side}, torch::kUInt8);
            std::vector<char> ok(static_cast<size_t>(count), 0);
            uint8_t* base = pixels.data_ptr<uint8_t>();
            parallelFor(count, options.threads, [&](int64_t j) {
                const size_t entry = usable[static_cast<size_t>(done + j)];
                std::vector<unsigned char> bytes;
                std::string reason;
                if (!readFileBytes(listing.entries[entry].file, bytes, reason)) {
                    reasons[static_cast<size_t>(done + j)] = reason;
                    return;
                }
                const DecodeResult r = decodePhotoInto(bytes, fit, base + j * perImage);
                if (r.ok)
                    ok[static_cast<size_t>(j)] = 1;
                else
                    reasons[static_cast<size_t>(done + j)] = r.reason;
            });
            std::vector<int64_t> keep;
            std::vector<bool> okFlags(static_cast<size_t>(count));
            for (int64_t j = 0; j < count; ++j) {
                okFlags[static_cast<size_t>(j)] = ok[static_cast<size_t>(j)] != 0;
                if (ok[static_cast<size_t>(j)])
                    keep.push_back(j);
            }
            torch::Tensor batchRows;
            if (!keep.empty())
                batchRows =
                    model->embed(normalise(pixels.index_select(0, torch::tensor(keep, torch::kLong)), transform));
            if (writing)
                writing->append(okFlags, batchRows.defined() ? batchRows : torch::zeros({0, model->dimension()}));
            else if (batchRows.defined())
                memoryRows.push_back(batchRows.to(torch::kHalf));
            embedded.insert(embedded.end(), okFlags.begin(), okFlags.end());
            stats.computed += static_cast<int64_t>(keep.size());
            done += count;
        }
        progress(phase, n, n);
        if (!writing)
            rows = memoryRows.empty() ? torch::zeros({0, model->dimension()}, torch::kHalf) : torch::cat(memoryRows);
    }
    if (complete || writing) {
        const EmbeddingCache& cache = complete ? *complete : *writing;
        embedded = cache.embeddedEntries();
        rows = cache.rows();
    }
    // Rows are in entry order, one per embedded entry.
    std::vector<int64_t> labels;
    for (size_t i = 0; i < usable.size(); ++i) {
        const ImageEntry& entry = listing.entries[usable[i]];
        if (!embedded[i]) {
            const std::string& reason = reasons[i];
            dataset.report.skipped.push_back(
                {entry.relativePath, reason.empty() ? "could not be decoded when its embedding was computed" : reason});
            continue;
        }
        dataset.paths.push_back(entry.relativePath);
        labels.push_back(entry.label);
    }
    if (labels.empty())
        throw DataError("cannot load \"" + source + "\": no photo could be decoded");
    std::sort(dataset.report.skipped.begin(), dataset.report.skipped.end(),
              [](const SkippedFile& a, const SkippedFile& b) { return a.path < b.path; });
    dataset.images = rows.view({rows.size(0), rows.size(1), 1, 1});
    dataset.labels = torch::tensor(labels, torch::kLong);
    dataset.report.loaded = dataset.size();
    if (!whyNot.empty() && !cacheFile.empty() && !complete && fs::exists(cacheFile) && stats.fromCache == 0 &&
        whyNot != "no embedding cache yet")
        dataset.report.warnings.push_back("embedding cache \"" + cacheFile + "\": " + whyNot + "; computed anew");
    stats.dimension = rows.size(1);
    dataset.report.embedding = "D = " + std::to_string(stats.dimension) + " by \"" + backbone.file + "\" (" +
                               transform.toString() + "), " + std::to_string(stats.computed) + " computed, " +
                               std::to_string(stats.fromCache) + " from the embedding cache";
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    dataset.report.seconds = stats.seconds;
    if (run)
        *run = stats;
    return dataset;
}

}  // namespace lada
