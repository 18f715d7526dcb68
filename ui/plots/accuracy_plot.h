// SPDX-License-Identifier: MIT
#pragma once

#include "ui/plots/plot_base.h"

namespace lada::ui {

/** Test accuracy (%) against the labeled count, one curve per run of the session, earlier runs faded. */
class AccuracyPlot : public PlotBase {
    Q_OBJECT
public:
    explicit AccuracyPlot(QWidget* parent = nullptr);

    /** Starts a new curve named `name`; the earlier ones stay for comparison. */
    void startRun(const QString& name);
    /** Adds the accuracy ([0, 1]) after a round with `labeled` images; NaN is ignored. */
    void addRound(qint64 labeled, double accuracy);
    /** Says on the plot where the accuracy comes from ("test split", "held-out share of the labels"). */
    void setSource(const QString& text);
    /** Points of the current run. */
    int currentRunCount() const;

private:
    QCPGraph* m_current = nullptr;
    QCPItemText* m_source;
    int m_runs = 0;
};

}  // namespace lada::ui
