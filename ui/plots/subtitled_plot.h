// SPDX-License-Identifier: MIT
#pragma once

#include "ui/plots/plot_base.h"

namespace lada::ui {

/**
 * A plot comparing several strategies: the legend in a column at the right (strategy labels can be long,
 * "lada-entmix-tau8-lr1e-3"; a row under the plot would wrap them and squeeze the axis rect) and a grey
 * line under the title saying how to read it. The base of ComparisonPlot and HistogramComparisonPlot. GUI
 * thread.
 */
class SubtitledPlot : public PlotBase {
    Q_OBJECT
public:
    explicit SubtitledPlot(const QString& title, QWidget* parent = nullptr);
    ~SubtitledPlot() override;

    /**
     * Says under the title how to read the plot ("line: mean of 5 seeds; band: ± 1 sd"); empty hides it. A
     * line wider than the plot (beside its legend) is elided with '…'; set it after the data, when the
     * legend's width is known.
     */
    void setSubtitle(const QString& text);
    /** The subtitle as set, whole. */
    QString subtitle() const { return m_fullSubtitle; }
    /** The legend's entries, in order (what a reader sees beside the plot). */
    QStringList legendNames() const;

protected:
    /** Fits the subtitle to the new width. */
    void resizeEvent(QResizeEvent* event) override;

private:
    /** Elides the subtitle to the width the axis rect's column has beside the legend. */
    void fitSubtitle();

    QCPTextElement* m_subtitle;
    QString m_fullSubtitle;
};

}  // namespace lada::ui
