// SPDX-License-Identifier: MIT
#pragma once
// Helpers the libFuzzer targets share: a scratch folder for readers that take a path, and the rule that a
// reader may refuse input only with lada::Error (anything else escaping is a finding).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <string>
#include <unistd.h>

namespace lada::fuzz {

/** A folder of this process's own under $TMPDIR (or /tmp), made once. */
inline const std::string& scratchFolder()
{
    static const std::string folder = [] {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp != nullptr ? tmp : "/tmp") + "/lada-fuzz-XXXXXX";
        if (mkdtemp(pattern.data()) == nullptr) {
            std::abort();
        }
        return pattern;
    }();
    return folder;
}

/**
 * The bound on an error message: messages quote at most a short excerpt of what they read (a name, a
 * value, a line), never a whole header or row, however long the input is.
 */
inline constexpr std::size_t kMaxMessageBytes = 1024;

/** Traps (a finding) when a refusal's message is longer than kMaxMessageBytes. */
inline void checkMessage(const std::exception& e)
{
    if (std::strlen(e.what()) > kMaxMessageBytes) {
        std::fprintf(stderr, "message of %zu bytes: %.4000s\n", std::strlen(e.what()), e.what());
        __builtin_trap();
    }
}

/** Writes the input to `name` in the scratch folder and returns its path. */
inline std::string writeScratchFile(const std::string& name, const uint8_t* data, std::size_t size)
{
    const std::string path = scratchFolder() + "/" + name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path;
}

}  // namespace lada::fuzz
