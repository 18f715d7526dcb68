// SPDX-License-Identifier: MIT
#pragma once

#include "ui/plots/subtitled_plot.h"

#include <vector>

namespace lada::ui {

/**
 * Distributions side by side (the paper's Fig. 7b: the virtual instances' entropy per strategy): one
 * outlined step histogram per strategy, as a density (bin count / (values × bin width)) so that strategies
 * with different numbers of values compare, all over the same bins. The bins span the values of every
 * sample, so adding a sample re-bins the others. Legend at the right. GUI thread.
 */
class HistogramComparisonPlot : public SubtitledPlot {
    Q_OBJECT
public:
    /**
     * `bins` equal-width bins between the smallest and the largest value of all samples; 0 chooses the
     * count from the values: the square root of the largest sample's size, between 5 and 30 (so a few
     * dozen values are not spread over mostly empty bins).
     */
    HistogramComparisonPlot(const QString& title, const QString& xLabel, int bins = 0, QWidget* parent = nullptr);

    /**
     * Adds `name`'s values in `color`; non-finite values are ignored, and a sample without a finite value
     * is left out (no legend entry).
     */
    void addSample(const QString& name, const QColor& color, const std::vector<double>& values);
    /**
     * Puts every bin edge on a multiple of `quantum` and makes the bin width a multiple of it (0: no grid,
     * the default), so that values already binned on that grid (the results file's 1/32-bit virtual-entropy
     * bins) fall whole into the plot's bins. The number of bins then follows from the width: about the
     * number asked for. Re-bins the samples.
     */
    void setBinQuantum(double quantum);

    /** The bins' edges, bins() + 1 of them, ascending; empty before a sample. */
    std::vector<double> binEdges() const { return m_edges; }
    /** The number of bins in use (0 before a sample when chosen from the values). */
    int bins() const { return static_cast<int>(m_edges.empty() ? m_bins : m_edges.size() - 1); }
    /** The samples' names in drawing (and legend) order. */
    QStringList sampleNames() const;
    /** How many of `name`'s values fall in each bin (the last bin includes its upper edge). */
    std::vector<int> binCounts(const QString& name) const;
    /** `name`'s density per bin as drawn (read back from its graph); integrates to 1 over the bins. */
    std::vector<double> densities(const QString& name) const;

private:
    struct Sample {
        QString name;
        std::vector<double> values;  ///< finite values only
        std::vector<int> counts;
        QCPGraph* graph;
    };
    /** Chooses the bins for every sample's values and redraws every outline over them. */
    void rebin();

    int m_bins;  ///< as asked: 0 for automatic
    double m_quantum = 0.0;
    std::vector<double> m_edges;
    std::vector<Sample> m_samples;
};

}  // namespace lada::ui
