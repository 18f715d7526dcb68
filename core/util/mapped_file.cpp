// SPDX-License-Identifier: MIT
#include "core/util/mapped_file.h"

#include "core/util/durable_io.h"

#include <torch/torch.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace lada {

torch::Tensor mapFileRegion(const std::string& file, uint64_t offset, const std::vector<int64_t>& sizes,
                            torch::ScalarType dtype)
{
    uint64_t elements = 1;
    for (const int64_t s : sizes)
        elements *= static_cast<uint64_t>(s);
    const uint64_t bytes = elements * c10::elementSize(dtype);
    if (bytes == 0)
        return torch::empty(sizes, dtype);
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw std::runtime_error("cannot open \"" + file + "\": " + systemErrorText(errno));
    const auto length = static_cast<size_t>(offset + bytes);
    void* map = ::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    const int err = errno;
    ::close(fd);
    if (map == MAP_FAILED)
        throw std::runtime_error("cannot map \"" + file + "\": " + systemErrorText(err));
    return torch::from_blob(
        static_cast<char*>(map) + offset, sizes, [map, length](void*) { ::munmap(map, length); }, dtype);
}

}  // namespace lada
