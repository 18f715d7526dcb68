// SPDX-License-Identifier: MIT
#include "core/loop/proposal_json.h"

#include <cmath>

namespace lada {

using json = nlohmann::json;

json jsonNumber(double v)
{
    return std::isfinite(v) ? json(v) : json(nullptr);
}

json alfaMixToJson(const AlfaMixQuery& a)
{
    return {{"candidate", a.candidate},
            {"flip_classes", a.flipClasses},
            {"prediction_before", a.predictionBefore},
            {"prediction_after", a.predictionAfter},
            {"alpha_norm", jsonNumber(a.alphaNorm)},
            {"epsilon", jsonNumber(a.epsilon)}};
}

std::optional<AlfaMixQuery> alfaMixFromJson(const json& j)
{
    if (!j.is_object())
        return std::nullopt;
    AlfaMixQuery a;
    a.candidate = j.value("candidate", false);
    if (j.contains("flip_classes") && j["flip_classes"].is_array())
        for (const json& c : j["flip_classes"])
            if (c.is_number_integer())
                a.flipClasses.push_back(c.get<int>());
    a.predictionBefore = j.value("prediction_before", -1);
    a.predictionAfter = j.value("prediction_after", -1);
    const auto real = [&j](const char* key) {
        return j.contains(key) && j[key].is_number() ? j[key].get<double>() : std::nan("");
    };
    a.alphaNorm = real("alpha_norm");
    a.epsilon = real("epsilon");
    return a;
}

}  // namespace lada
