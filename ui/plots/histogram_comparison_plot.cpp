// SPDX-License-Identifier: MIT
#include "ui/plots/histogram_comparison_plot.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lada::ui {

HistogramComparisonPlot::HistogramComparisonPlot(const QString& title, const QString& xLabel, int bins, QWidget* parent)
    : SubtitledPlot(title, parent)
    , m_bins(std::max(0, bins))
{
    setDescription(tr("How each strategy's values spread, as a density over the same bins for all strategies"));
    xAxis->setLabel(xLabel);
    yAxis->setLabel(tr("density"));
    xAxis->setRange(0, 1);
    yAxis->setRange(0, 1);
}

void HistogramComparisonPlot::addSample(const QString& name, const QColor& color, const std::vector<double>& values)
{
    Sample sample{name, {}, {}, nullptr};
    for (double v : values)
        if (std::isfinite(v))
            sample.values.push_back(v);
    if (sample.values.empty())
        return;
    sample.graph = addGraph();
    sample.graph->setName(name);
    sample.graph->setPen(QPen(color, 1.6));
    QColor fill = color;
    fill.setAlpha(28);  // a light wash under the outline; overlapping samples stay readable
    sample.graph->setBrush(fill);
    // Outlines rather than bars: bars of several strategies in one bin would hide one another.
    sample.graph->setLineStyle(QCPGraph::lsStepLeft);
    m_samples.push_back(std::move(sample));
    rebin();
}

void HistogramComparisonPlot::setBinQuantum(double quantum)
{
    m_quantum = std::max(0.0, quantum);
    rebin();
}

void HistogramComparisonPlot::rebin()
{
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    std::size_t largest = 0;
    for (const Sample& s : m_samples) {
        const auto [mn, mx] = std::minmax_element(s.values.begin(), s.values.end());
        lo = std::min(lo, *mn);
        hi = std::max(hi, *mx);
        largest = std::max(largest, s.values.size());
    }
    if (!std::isfinite(lo))
        return;
    if (hi - lo < 1e-9)
        hi = lo + 1.0;  // one value everywhere: one unit wide, so the bar still has a width
    const int wanted =
        m_bins > 0 ? m_bins : std::clamp(static_cast<int>(std::ceil(std::sqrt(static_cast<double>(largest)))), 5, 30);
    double width = (hi - lo) / wanted;
    int bins = wanted;
    if (m_quantum > 0.0) {
        lo = std::floor(lo / m_quantum) * m_quantum;
        width = std::max(1.0, std::ceil(width / m_quantum - 1e-9)) * m_quantum;
        bins = std::max(1, static_cast<int>(std::ceil((hi - lo) / width - 1e-9)));
        hi = lo + bins * width;
    }
    m_edges.assign(static_cast<std::size_t>(bins) + 1, 0.0);
    for (int b = 0; b <= bins; ++b)
        m_edges[static_cast<std::size_t>(b)] = lo + width * b;
    m_edges.back() = hi;  // exactly, whatever the rounding of lo + width * bins

    double top = 0.0;
    for (Sample& s : m_samples) {
        s.counts.assign(static_cast<std::size_t>(bins), 0);
        for (double v : s.values) {
            const int b = std::clamp(static_cast<int>(std::floor((v - lo) / width)), 0, bins - 1);
            ++s.counts[static_cast<std::size_t>(b)];
        }
        // The outline: up from 0 at the first edge, a step per bin, down to 0 at the last edge. Keys repeat
        // at both ends, so the data goes in as it is, already sorted.
        const double scale = 1.0 / (static_cast<double>(s.values.size()) * width);
        QVector<double> keys{m_edges.front()}, heights{0.0};
        for (int b = 0; b < bins; ++b) {
            keys << m_edges[static_cast<std::size_t>(b)];
            heights << s.counts[static_cast<std::size_t>(b)] * scale;
            top = std::max(top, heights.back());
        }
        keys << m_edges.back() << m_edges.back();
        heights << heights.back() << 0.0;
        s.graph->setData(keys, heights, true);
    }
    const double pad = (hi - lo) * 0.02;
    xAxis->setRange(lo - pad, hi + pad);
    yAxis->setRange(0, top * 1.08);
    requestReplot();
}

QStringList HistogramComparisonPlot::sampleNames() const
{
    QStringList names;
    for (const Sample& s : m_samples)
        names << s.name;
    return names;
}

std::vector<int> HistogramComparisonPlot::binCounts(const QString& name) const
{
    for (const Sample& s : m_samples)
        if (s.name == name)
            return s.counts;
    return {};
}

std::vector<double> HistogramComparisonPlot::densities(const QString& name) const
{
    std::vector<double> out;
    for (const Sample& s : m_samples) {
        if (s.name != name)
            continue;
        // Skip the outline's first point (0 at the first edge) and its last two (the closing edge).
        const int n = s.graph->dataCount();
        for (int i = 1; i + 2 < n; ++i)
            out.push_back(s.graph->data()->at(i)->value);
    }
    return out;
}

}  // namespace lada::ui
