// SPDX-License-Identifier: MIT
#include "core/loop/round_report.h"

#include <cmath>

namespace lada {

CurveSummary summarizeCurve(const std::vector<RoundReport>& reports)
{
    CurveSummary s;
    std::vector<const RoundReport*> valid;
    for (const RoundReport& r : reports)
        if (!std::isnan(r.testAccuracy))
            valid.push_back(&r);
    if (valid.empty())
        return s;
    s.finalAccuracy = valid.back()->testAccuracy;
    s.bestAccuracy = -1.0;
    for (const RoundReport* r : valid)
        if (r->testAccuracy > s.bestAccuracy) {
            s.bestAccuracy = r->testAccuracy;
            s.bestRound = r->round;
        }
    // Trapezoids over the labeled count, normalised by its range.
    double area = 0.0;
    const double range = double(valid.back()->labeledCount - valid.front()->labeledCount);
    for (size_t i = 1; i < valid.size(); ++i)
        area += 0.5 * (valid[i]->testAccuracy + valid[i - 1]->testAccuracy) *
                double(valid[i]->labeledCount - valid[i - 1]->labeledCount);
    s.areaUnderCurve = range > 0 ? area / range : valid.front()->testAccuracy;
    return s;
}

}  // namespace lada
