// SPDX-License-Identifier: MIT
#pragma once

#include "ui/plots/plot_base.h"

#include <vector>

namespace lada::ui {

/** Histogram of the current round's virtual-instance entropies over all candidate pairs (Fig. 7, right). */
class VirtualEntropyHistogram : public PlotBase {
    Q_OBJECT
public:
    explicit VirtualEntropyHistogram(QWidget* parent = nullptr);

    /** Replaces the bars with the histogram of `entropies` (bits) of round `round`. */
    void showRound(int round, const std::vector<float>& entropies);

private:
    QCPBars* m_bars;
};

}  // namespace lada::ui
