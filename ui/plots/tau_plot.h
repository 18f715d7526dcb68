// SPDX-License-Identifier: MIT
#pragma once

#include "ui/plots/plot_base.h"

#include <vector>

namespace lada::ui {

/** The tau* trajectory: per round the median and interquartile band over all candidate pairs, and the
 *  selected pairs' tau* as points. */
class TauPlot : public PlotBase {
    Q_OBJECT
public:
    explicit TauPlot(QWidget* parent = nullptr);

    /** Adds round `round`: tau* of every candidate pair and of the pairs queried. Empty tauAll is ignored. */
    void addRound(int round, const std::vector<float>& tauAll, const std::vector<float>& selected);
    void clear();

private:
    QCPGraph* m_median;
    QCPGraph* m_lower;
    QCPGraph* m_upper;
    QCPGraph* m_selected;
};

}  // namespace lada::ui
