// SPDX-License-Identifier: MIT
#include "ui/plots/virtual_entropy_histogram.h"

#include <algorithm>
#include <cmath>

namespace lada::ui {

namespace {
constexpr int kBins = 20;
}

VirtualEntropyHistogram::VirtualEntropyHistogram(QWidget* parent)
    : PlotBase(tr("Virtual-instance entropy, this round"), parent)
{
    setDescription(tr("How the entropy (bits) of the virtual instances spreads over this round's candidate pairs"));
    xAxis->setLabel(tr("H (bits)"));
    yAxis->setLabel(tr("pairs"));
    m_bars = new QCPBars(xAxis, yAxis);
    m_bars->setPen(QPen(QColor(120, 50, 140)));
    m_bars->setBrush(QColor(150, 60, 160, 120));
    xAxis->setRange(0, 1);
    yAxis->setRange(0, 10);
}

void VirtualEntropyHistogram::showRound(int round, const std::vector<float>& entropies)
{
    m_bars->data()->clear();
    if (entropies.empty()) {
        requestReplot();
        return;
    }
    float top = 0.0f;
    for (float e : entropies)
        if (std::isfinite(e))
            top = std::max(top, e);
    const double upper = std::max(1.0, std::ceil(static_cast<double>(top) * 4.0) / 4.0);
    const double width = upper / kBins;
    std::vector<double> counts(kBins, 0.0);
    for (float e : entropies)
        if (std::isfinite(e))
            ++counts[static_cast<size_t>(std::clamp(static_cast<int>(e / width), 0, kBins - 1))];
    for (int b = 0; b < kBins; ++b)
        m_bars->addData((b + 0.5) * width, counts[static_cast<size_t>(b)]);
    m_bars->setWidth(width * 0.9);
    m_title->setText(tr("Virtual-instance entropy, round %1 (%2 pairs)").arg(round).arg(entropies.size()));
    xAxis->setRange(0, upper);
    yAxis->setRange(0, *std::max_element(counts.begin(), counts.end()) * 1.1 + 1.0);
    requestReplot();
}

}  // namespace lada::ui
