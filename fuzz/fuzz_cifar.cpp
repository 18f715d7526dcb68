// SPDX-License-Identifier: MIT
// CIFAR-10/100 binary files: the record layout by name and size, the labels' range.
#include "core/data/cifar_format.h"
#include "core/error.h"
#include "fuzz_support.h"

#include <cstdint>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    const std::vector<unsigned char> bytes(data, data + size);
    // The name decides the flavour before the size does: try a CIFAR-10 name, a CIFAR-100 name, another name.
    for (const char* name : {"data_batch_1.bin", "train.bin", "mine.bin"}) {
        try {
            const lada::CifarFormat format = lada::cifarFormatOf(name, bytes.size());
            if (bytes.size() % format.recordBytes() != 0) {
                __builtin_trap();
            }
            lada::cifarLabels(bytes, format, format.classes, name);
        } catch (const lada::Error& e) {
            lada::fuzz::checkMessage(e);
        }
    }
    return 0;
}
