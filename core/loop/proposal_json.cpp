// SPDX-License-Identifier: MIT
#include "core/loop/proposal_json.h"

#include <cmath>

namespace lada {

nlohmann::json alfaMixToJson(const AlfaMixQuery& a)
{
    return {{"candidate", a.candidate},
            {"flip_classes", a.flipClasses},
            {"prediction_before", a.predictionBefore},
            {"prediction_after", a.predictionAfter},
            {"alpha_norm", jsonNumber(a.alphaNorm)},
            {"epsilon", jsonNumber(a.epsilon)}};
}

std::optional<AlfaMixQuery> alfaMixFromJson(const nlohmann::json& j)
{
    if (!j.is_object())
        return std::nullopt;
    AlfaMixQuery a;
    a.candidate = j.value("candidate", false);
    if (j.contains("flip_classes") && j["flip_classes"].is_array())
        for (const nlohmann::json& c : j["flip_classes"])
            if (c.is_number_integer())
                a.flipClasses.push_back(c.get<int>());
    a.predictionBefore = integerOr(j, "prediction_before", -1);
    a.predictionAfter = integerOr(j, "prediction_after", -1);
    const auto real = [&j](const char* key) {
        return j.contains(key) && j[key].is_number() ? j[key].get<double>() : std::nan("");
    };
    a.alphaNorm = real("alpha_norm");
    a.epsilon = real("epsilon");
    return a;
}

}  // namespace lada
