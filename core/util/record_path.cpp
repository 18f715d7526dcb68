// SPDX-License-Identifier: MIT
#include "core/util/record_path.h"

#include <charconv>

namespace lada {

std::string recordPath(const std::string& file, int64_t index)
{
    return file + "#" + std::to_string(index);
}

std::optional<RecordPath> parseRecordPath(const std::string& path)
{
    const size_t hash = path.rfind('#');
    if (hash == std::string::npos || hash == 0 || hash + 1 >= path.size())
        return std::nullopt;
    RecordPath r;
    const char* first = path.data() + hash + 1;
    const char* last = path.data() + path.size();
    const auto [end, ec] = std::from_chars(first, last, r.index);
    if (ec != std::errc() || end != last || *first == '-' || *first == '+')
        return std::nullopt;
    r.file = path.substr(0, hash);
    return r;
}

}  // namespace lada
