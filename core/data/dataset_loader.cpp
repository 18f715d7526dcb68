// SPDX-License-Identifier: MIT
// loadDataset: recognises the kind of source, consults the dataset cache, and hands the work to the
// reader for that kind (image_folder / csv_manifest + image_split_decoder, idx_reader, cifar_reader).
#include "core/data/dataset_loader.h"

#include "core/data/binary_io.h"
#include "core/data/cifar_reader.h"
#include "core/data/csv_manifest.h"
#include "core/data/dataset_cache.h"
#include "core/data/gzip_file.h"
#include "core/data/idx_reader.h"
#include "core/data/image_folder.h"
#include "core/data/image_split_decoder.h"
#include "core/data/source_fingerprint.h"
#include "core/error.h"
#include "core/util/seconds_since.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <optional>

namespace fs = std::filesystem;

namespace lada {

namespace {

enum class SourceKind { ImageFolder, CsvManifest, Idx, Cifar, Cache };

const char* kindName(SourceKind kind)
{
    switch (kind) {
    case SourceKind::ImageFolder: return "image-folder";
    case SourceKind::CsvManifest: return "csv-manifest";
    case SourceKind::Idx: return "idx";
    case SourceKind::Cifar: return "cifar";
    case SourceKind::Cache: return "cache";
    }
    return "unknown";
}

void validate(const LoadOptions& options)
{
    if (options.channels != 0 && options.channels != 1 && options.channels != 3) {
        throw ConfigError("LoadOptions::channels must be 0 (most common), 1 or 3, not " +
                          std::to_string(options.channels));
    }
    if (options.height < 0 || options.width < 0 || (options.height == 0) != (options.width == 0)) {
        throw ConfigError("LoadOptions::height and width must both be 0 (most common size) or both positive, not " +
                          std::to_string(options.height) + " x " + std::to_string(options.width));
    }
    if (options.threads < 0) {
        throw ConfigError("LoadOptions::threads must be 0 (all cores) or positive, not " +
                          std::to_string(options.threads));
    }
}

std::string lowerExtension(const fs::path& p)
{
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

/** What `path` is, from whether it is a folder, its first bytes and its name. */
SourceKind detectKind(const fs::path& path)
{
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        return isCifarFolder(path) ? SourceKind::Cifar : SourceKind::ImageFolder;
    }
    std::vector<unsigned char> head;
    std::string reason;
    if (!readFileBytes(path, head, reason, 8)) {
        throw DataError("cannot load \"" + path.string() + "\": " + reason);
    }
    const std::string ext = lowerExtension(path);
    const std::string name = path.filename().string();
    if (isDatasetCacheFile(path.string()) || ext == kDatasetCacheExtension) {
        return SourceKind::Cache;  // a cache with a damaged magic is named as such by readDatasetCache
    }
    if (ext == ".csv") {
        return SourceKind::CsvManifest;
    }
    if (ext == ".bin") {
        return SourceKind::Cifar;
    }
    const uint32_t magic = head.size() >= 4 ? readBigEndian32(head.data()) : 0;
    if (magic == 0x00000801) {
        throw DataError("cannot load \"" + path.string() + "\": an idx label file; load the image file " +
                        "(\"...-images-idx3-ubyte\") next to it");
    }
    if (magic == 0x00000803 || isGzipData(head) || name.find("idx") != std::string::npos) {
        return SourceKind::Idx;
    }
    throw DataError("cannot load \"" + path.string() +
                    "\": not a folder, a .csv manifest, an MNIST idx file, "
                    "a CIFAR .bin file or a dataset cache");
}

/** Absolute, normalised, without a trailing separator: Dataset::root as every reader reports it. */
std::string absoluteFolder(const std::string& folder)
{
    std::error_code ec;
    fs::path p = fs::absolute(folder, ec).lexically_normal();
    if (ec) {
        return folder;
    }
    std::string text = p.string();
    while (text.size() > 1 && text.back() == '/') {
        text.pop_back();
    }
    return text;
}

/**
 * The key a dataset cache is filed under: the source's resolved path and kind, the fingerprint of
 * every file the split reads, and every option that changes the decoded tensor.
 */
std::string cacheKey(SourceKind kind, const fs::path& source, const std::vector<fs::path>& files,
                     const LoadOptions& options)
{
    std::error_code ec;
    fs::path resolved = fs::weakly_canonical(source, ec);
    if (ec) {
        resolved = fs::absolute(source);
    }
    const nlohmann::json key = {
        {"kind", kindName(kind)},
        {"source", resolved.string()},
        {"fingerprint", fingerprintFiles(files).toString()},
        {"channels", options.channels},
        {"height", options.height},
        {"width", options.width},
        {"maxSide", options.maxSide},
        {"classNames", options.classNames},
        {"allowUnlabeled", options.allowUnlabeled},
    };
    return key.dump();
}

}  // namespace

Dataset loadDataset(const std::string& source, const LoadOptions& options)
{
    const auto start = std::chrono::steady_clock::now();
    validate(options);
    const fs::path path(source);
    std::error_code ec;
    if (source.empty() || !fs::exists(path, ec)) {
        // exists() reports "no" for a link loop or a folder on the way that cannot be searched: say why.
        throw DataError("cannot load \"" + source + "\": " + (ec ? ec.message() : "no such file or folder"));
    }
    if (options.cancel != nullptr && options.cancel->load()) {
        throw Cancelled();
    }
    const SourceKind kind = detectKind(path);
    if (kind == SourceKind::Cache) {
        Dataset dataset = readDatasetCache(source);
        dataset.report.source = source;
        dataset.report.seconds = secondsSince(start);
        return dataset;
    }

    // List first: the listing is what the decoder reads and what the cache fingerprint covers.
    std::optional<ImageListing> listing;
    std::vector<fs::path> files;
    switch (kind) {
    case SourceKind::ImageFolder: listing = listImageFolder(path, options); break;
    case SourceKind::CsvManifest: listing = listCsvManifest(path, options); break;
    case SourceKind::Idx:
        files = {path};
        if (fs::path labels = idxLabelsFileFor(path); !labels.empty()) {
            files.push_back(labels);
        }
        break;
    case SourceKind::Cifar: files = cifarFiles(path); break;
    case SourceKind::Cache: break;
    }
    if (listing) {
        files = listing->definingFiles;
        for (const ImageEntry& entry : listing->entries) {
            files.push_back(entry.file);
        }
    }

    std::vector<std::string> warnings;
    std::string key;
    if (!options.cacheFile.empty()) {
        key = cacheKey(kind, path, files, options);
        std::string whyNot;
        if (std::optional<Dataset> cached = loadDatasetCache(options.cacheFile, key, whyNot)) {
            cached->report.source = source;
            cached->report.seconds = secondsSince(start);
            if (options.progress) {
                options.progress(cached->size(), cached->size());
            }
            return std::move(*cached);
        }
        if (fs::exists(options.cacheFile, ec)) {
            warnings.push_back(whyNot + "; decoded the source instead");
        }
    }

    Dataset dataset;
    switch (kind) {
    case SourceKind::ImageFolder:
    case SourceKind::CsvManifest: dataset = decodeImageListing(*listing, options); break;
    case SourceKind::Idx: dataset = readIdxDataset(path, options); break;
    case SourceKind::Cifar: dataset = readCifarDataset(files, options); break;
    case SourceKind::Cache: break;
    }
    if (options.cancel != nullptr && options.cancel->load()) {
        throw Cancelled();
    }
    dataset.root = absoluteFolder(dataset.root);
    dataset.report.source = source;
    dataset.report.seconds = secondsSince(start);
    if (!options.cacheFile.empty()) {
        try {
            saveDatasetCache(dataset, options.cacheFile, key);
        } catch (const DataError& e) {
            // The split itself loaded; a read-only cache folder must not turn that into a failure.
            dataset.report.warnings.push_back(std::string(e.what()) + " (the split loaded; only the cache is missing)");
        }
    }
    // After the save: the cache keeps the decode's own report, so that a later load from it does not
    // repeat why the previous cache was refused.
    dataset.report.warnings.insert(dataset.report.warnings.end(), warnings.begin(), warnings.end());
    if (kind == SourceKind::Idx || kind == SourceKind::Cifar) {
        if (options.progress) {
            options.progress(dataset.size(), dataset.size());
        }
    }
    return dataset;
}

}  // namespace lada
