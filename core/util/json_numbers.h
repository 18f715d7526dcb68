// SPDX-License-Identifier: MIT
#pragma once

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

namespace lada {

/** A missing number: written to JSON as null, read back from null or an absent key. */
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/** `v` as a JSON number, or null when it is NaN or infinite (JSON has neither). */
inline nlohmann::json jsonNumber(double v)
{
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

/**
 * The whole number `v` holds, when it is one within [lo, hi]; nullopt for anything else. nlohmann's get<int64_t>
 * on a float converts it unchecked, which is undefined behaviour past the integer's range (1e100): values a
 * file gave go through this instead (found by fuzz_dataset_cache, issue 14).
 */
inline std::optional<int64_t> jsonInteger(const nlohmann::json& v, int64_t lo = std::numeric_limits<int64_t>::min(),
                                          int64_t hi = std::numeric_limits<int64_t>::max())
{
    if (v.is_number_unsigned()) {
        const uint64_t u = v.get<uint64_t>();
        return u <= static_cast<uint64_t>(hi) && (lo <= 0 || u >= static_cast<uint64_t>(lo))
                   ? std::optional<int64_t>(static_cast<int64_t>(u))
                   : std::nullopt;
    }
    if (!v.is_number_integer())
        return std::nullopt;
    const int64_t i = v.get<int64_t>();
    return i >= lo && i <= hi ? std::optional<int64_t>(i) : std::nullopt;
}

/** The whole number under `key` in the object `j` (see jsonInteger), or `fallback` when there is none. */
inline int64_t integerOr(const nlohmann::json& j, const char* key, int64_t fallback)
{
    const auto it = j.find(key);
    if (it == j.end())
        return fallback;
    return jsonInteger(*it).value_or(fallback);
}

/** The number under `key` in the object `j`, or `fallback` when the key is absent or not a number. */
inline double numberOr(const nlohmann::json& j, const char* key, double fallback)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}

}  // namespace lada
