// SPDX-License-Identifier: MIT
#pragma once

#include "ui/plots/plot_base.h"

namespace lada::ui {

/** The mean entropy of the virtual instances per round, over all candidate pairs (paper Fig. 7, left). */
class VirtualEntropyPlot : public PlotBase {
    Q_OBJECT
public:
    explicit VirtualEntropyPlot(QWidget* parent = nullptr);

    /** Adds round `round`'s mean virtual-instance entropy (bits); NaN is ignored. */
    void addRound(int round, double meanEntropy);
    void clear();

private:
    QCPGraph* m_mean;
};

}  // namespace lada::ui
