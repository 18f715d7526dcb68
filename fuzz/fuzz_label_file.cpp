// SPDX-License-Identifier: MIT
// Labels files an import reads: our CSV, Label Studio JSON / JSON-MIN / CSV, JSON Lines (format detected).
#include "core/error.h"
#include "core/session/label_file.h"
#include "fuzz_support.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    const std::string path = lada::fuzz::writeScratchFile("labels.txt", data, size);
    try {
        const lada::LabelFile file = lada::readLabelFile(path);
        for (const lada::LabelRow& row : file.rows) {
            if (row.problem.size() + row.where.size() > lada::fuzz::kMaxMessageBytes) {
                __builtin_trap();  // what an import reports about a row is bounded too
            }
            if (row.problem.empty() && !row.skipped && row.label.empty()) {
                __builtin_trap();  // a usable row names its label
            }
        }
    } catch (const lada::Error& e) {
        lada::fuzz::checkMessage(e);
    }
    return 0;
}
