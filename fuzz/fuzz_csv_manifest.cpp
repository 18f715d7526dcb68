// SPDX-License-Identifier: MIT
// CSV manifests (`filepath,label`): header, rows, labels, paths relative to the manifest.
#include "core/data/csv_manifest.h"
#include "core/error.h"
#include "fuzz_support.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    const std::string path = lada::fuzz::writeScratchFile("manifest.csv", data, size);
    for (bool unlabeled : {false, true}) {
        lada::LoadOptions options;
        options.allowUnlabeled = unlabeled;
        try {
            const lada::ImageListing listing = lada::listCsvManifest(path, options);
            for (const auto& entry : listing.entries) {
                if (entry.label >= static_cast<int64_t>(listing.classNames.size())) {
                    __builtin_trap();
                }
            }
        } catch (const lada::Error& e) {
            lada::fuzz::checkMessage(e);
        }
    }
    return 0;
}
