// SPDX-License-Identifier: MIT
#include "core/backbone/backbone_sidecar.h"

#include "core/error.h"
#include "core/util/excerpt.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

namespace lada {

namespace {

std::string numberText(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

std::array<double, 3> triple(const nlohmann::json& j, const char* key, const std::string& file, double lo)
{
    const nlohmann::json& v = j.at(key);
    if (!v.is_array() || v.size() != 3)
        throw DataError("backbone settings \"" + file + "\": \"" + key + "\" must be three numbers (R, G, B)");
    std::array<double, 3> out{};
    for (size_t i = 0; i < 3; ++i) {
        if (!v[i].is_number() || !std::isfinite(v[i].get<double>()) || v[i].get<double>() < lo ||
            v[i].get<double>() > 10)
            throw DataError("backbone settings \"" + file + "\": \"" + key + "\" must hold numbers on the 0-1 scale");
        out[i] = v[i].get<double>();
    }
    return out;
}

}  // namespace

std::string BackboneTransform::toString() const
{
    return std::to_string(inputSize) + "px " + (letterbox ? "letterbox" : "crop") + " mean=" + numberText(mean[0]) +
           "," + numberText(mean[1]) + "," + numberText(mean[2]) + " std=" + numberText(stddev[0]) + "," +
           numberText(stddev[1]) + "," + numberText(stddev[2]);
}

BackboneTransform applyBackboneSidecar(const std::string& text, const std::string& file, BackboneTransform t)
{
    if (text.size() > (1u << 20))
        throw DataError("backbone settings \"" + file + "\": larger than 1 MiB, not a settings file");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw DataError("backbone settings \"" + file + "\": " + excerpt(e.what()));
    }
    if (!j.is_object())
        throw DataError("backbone settings \"" + file + "\": not a JSON object");
    if (j.contains("input_size")) {
        const nlohmann::json& v = j["input_size"];
        if (!v.is_number_integer() || v.get<int64_t>() < 8 || v.get<int64_t>() > 4096)
            throw DataError("backbone settings \"" + file + "\": \"input_size\" must be a whole number 8-4096");
        t.inputSize = v.get<int>();
    }
    if (j.contains("mean"))
        t.mean = triple(j, "mean", file, -10);
    if (j.contains("std"))
        t.stddev = triple(j, "std", file, 1e-6);
    return t;
}

}  // namespace lada
