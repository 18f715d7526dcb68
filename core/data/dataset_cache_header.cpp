// SPDX-License-Identifier: MIT
#include "core/data/dataset_cache_header.h"

#include "core/data/binary_io.h"
#include "core/error.h"
#include "core/util/excerpt.h"
#include "core/util/json_numbers.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstring>

namespace lada {

void failDatasetCache(const std::string& file, const std::string& why)
{
    throw DataError("cannot read dataset cache \"" + file + "\": " + why);
}

std::string hex64(uint64_t value)
{
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
    return text;
}

namespace {

nlohmann::json reportToJson(const LoadReport& report)
{
    nlohmann::json skipped = nlohmann::json::array();
    for (const SkippedFile& s : report.skipped) {
        skipped.push_back({s.path, s.reason});
    }
    return {{"source", report.source}, {"resized", report.resized},   {"channelsConverted", report.channelsConverted},
            {"skipped", skipped},      {"warnings", report.warnings}, {"seconds", report.seconds}};
}

LoadReport reportFromJson(const nlohmann::json& j)
{
    LoadReport report;
    report.source = j.at("source").get<std::string>();
    report.resized = jsonInteger(j.at("resized"), 0).value_or(0);
    report.channelsConverted = jsonInteger(j.at("channelsConverted"), 0).value_or(0);
    for (const auto& s : j.at("skipped")) {
        report.skipped.push_back(SkippedFile{s.at(0).get<std::string>(), s.at(1).get<std::string>()});
    }
    report.warnings = j.at("warnings").get<std::vector<std::string>>();
    return report;
}

}  // namespace

uint64_t datasetCacheHeaderLength(const unsigned char* prefix, uint64_t fileSize, const std::string& file)
{
    if (std::memcmp(prefix, kDatasetCacheMagic, sizeof kDatasetCacheMagic) != 0) {
        failDatasetCache(file, "not a LADA dataset cache (bad magic bytes)");
    }
    const uint32_t version = readLittleEndian32(prefix + 8);
    if (version != kDatasetCacheVersion) {
        failDatasetCache(file, "unsupported cache version " + std::to_string(version) + " (expected " +
                                   std::to_string(kDatasetCacheVersion) + ")");
    }
    const uint64_t headerBytes = readLittleEndian64(prefix + 16);
    const uint64_t room = fileSize < kDatasetCachePrefixBytes ? 0 : fileSize - kDatasetCachePrefixBytes;
    if (headerBytes > room) {
        failDatasetCache(file, "truncated header: expected " + std::to_string(headerBytes) + " bytes, found " +
                                   std::to_string(room));
    }
    return headerBytes;
}

DatasetCacheHeader parseDatasetCacheHeader(const std::string& text, uint64_t fileSize, const std::string* wantedKey,
                                           const std::string& file)
{
    DatasetCacheHeader header;
    header.headerBytes = text.size();
    try {
        const nlohmann::json j = nlohmann::json::parse(text);
        if (wantedKey != nullptr && j.at("sourceKey").get<std::string>() != *wantedKey) {
            failDatasetCache(file, "written for another source or other load options");
        }
        // Element by element: a float such as 1e100 must be refused, not converted (fuzz_dataset_cache).
        std::vector<int64_t> shape;
        for (const nlohmann::json& v : j.at("shape")) {
            const std::optional<int64_t> d = jsonInteger(v);
            if (!d)
                failDatasetCache(file, "corrupt header (bad shape)");
            shape.push_back(*d);
        }
        if (shape.size() != 4 || shape[0] < 0 || shape[1] < 1 || shape[1] > 4 || shape[2] < 1 || shape[3] < 1 ||
            shape[2] > (1 << 20) || shape[3] > (1 << 20)) {
            failDatasetCache(file, "corrupt header (bad shape)");
        }
        header.n = shape[0];
        header.c = shape[1];
        header.h = shape[2];
        header.w = shape[3];
        header.classNames = j.at("classNames").get<std::vector<std::string>>();
        header.paths = j.at("paths").get<std::vector<std::string>>();
        header.root = j.at("root").get<std::string>();
        header.report = reportFromJson(j.at("report"));
        header.pixelChecksum = std::stoull(j.at("pixelChecksum").get<std::string>(), nullptr, 16);
        header.labelChecksum = std::stoull(j.at("labelChecksum").get<std::string>(), nullptr, 16);
    } catch (const nlohmann::json::exception& e) {
        failDatasetCache(file, "corrupt header (" + excerpt(e.what()) + ")");
    } catch (const std::logic_error&) {  // std::stoull on a damaged checksum
        failDatasetCache(file, "corrupt header (bad checksum field)");
    }
    if (static_cast<int64_t>(header.paths.size()) != header.n) {
        failDatasetCache(file, "corrupt header (" + std::to_string(header.paths.size()) + " paths for " +
                                   std::to_string(header.n) + " images)");
    }
    // Compare sizes before allocating: a damaged shape must not ask for terabytes, nor overflow into a
    // small number that happens to match.
    if (header.n > 0 && static_cast<uint64_t>(header.c * header.h * header.w) > (uint64_t{1} << 60) / header.n) {
        failDatasetCache(file, "corrupt header (implausible shape)");
    }
    const uint64_t expected = kDatasetCachePrefixBytes + header.headerBytes + header.pixelBytes() + header.labelBytes();
    if (fileSize != expected) {
        failDatasetCache(file, std::string(fileSize < expected ? "truncated" : "trailing data") + ": expected " +
                                   std::to_string(expected) + " bytes, found " + std::to_string(fileSize));
    }
    return header;
}

std::string datasetCacheHeaderJson(const DatasetCacheHeader& header, const std::string& sourceKey)
{
    const nlohmann::json j = {
        {"format", "LADA dataset cache"},
        {"sourceKey", sourceKey},
        {"shape", {header.n, header.c, header.h, header.w}},
        {"classNames", header.classNames},
        {"paths", header.paths},
        {"root", header.root},
        {"report", reportToJson(header.report)},
        {"pixelChecksum", hex64(header.pixelChecksum)},
        {"labelChecksum", hex64(header.labelChecksum)},
    };
    return j.dump();
}

}  // namespace lada
