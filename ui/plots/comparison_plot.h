// SPDX-License-Identifier: MIT
#pragma once

#include "ui/plots/subtitled_plot.h"

#include <vector>

namespace lada::ui {

/** One strategy's curve with its band: `mean` drawn as a line, the area between `low` and `high` shaded. */
struct BandCurve {
    std::vector<double> x, mean, low, high;  ///< same length; x ascending
};

/**
 * Strategies side by side over rounds (an experiment's accuracy, τ* or virtual entropy): per strategy a
 * line through the means and a translucent band from low to high (± sd, or the interquartile range; the
 * subtitle says which), the legend at the right. The x axis counts (labeled images, rounds): whole-number ticks. GUI thread.
 */
class ComparisonPlot : public SubtitledPlot {
    Q_OBJECT
public:
    /** `title` names the dataset and the measure; `yLabel` carries the unit ("accuracy (%)", "H (bits)"). */
    ComparisonPlot(const QString& title, const QString& xLabel, const QString& yLabel, QWidget* parent = nullptr);

    /**
     * Adds `name`'s curve in `color` (legend entry `name`). A curve without points is left out (no legend
     * entry). Points whose mean is not finite are skipped; a non-finite low or high is drawn at the mean.
     */
    void addCurve(const QString& name, const QColor& color, const BandCurve& curve);
    /** Keeps 0 inside the y range (τ*: a concentration parameter is positive; the axis starts at 0). */
    void setYFromZero(bool fromZero);

    /** The curves' names in drawing (and legend) order. */
    QStringList curveNames() const;
    /** A curve as the plot holds it (read back from its graphs); empty when there is no such curve. */
    BandCurve curve(const QString& name) const;

private:
    struct Curve {
        QString name;
        QCPGraph* mean;
        QCPGraph* low;
        QCPGraph* high;
    };
    /** Fits both axes to every curve's band, with a margin so no point sits on an axis. */
    void fitAxes();

    std::vector<Curve> m_curves;
    bool m_yFromZero = false;
};

}  // namespace lada::ui
