// SPDX-License-Identifier: MIT
#pragma once

#include "ui/plots/plot_base.h"

namespace lada::ui {

/** Test accuracy (%) against the labeled count, one curve per run of the session, earlier runs faded. */
class AccuracyPlot : public PlotBase {
    Q_OBJECT
public:
    explicit AccuracyPlot(QWidget* parent = nullptr);
    ~AccuracyPlot() override;

    /** Starts a new curve named `name` ("run N" when empty); the earlier ones stay for comparison. */
    void startRun(const QString& name = QString());
    /** Renames the current curve (its legend entry); starts one when there is none. */
    void setRunName(const QString& name);
    /** The current curve's name, empty before the first run. */
    QString runName() const;
    /** Adds the accuracy ([0, 1]) after a round with `labeled` images; NaN is ignored. */
    void addRound(qint64 labeled, double accuracy);
    /** Says under the title where the accuracy comes from ("test split", "held-out share of the labels"). */
    void setSource(const QString& text);
    /** What setSource said, empty before. */
    QString source() const;
    /** Points of the current run. */
    int currentRunCount() const;

private:
    QCPGraph* m_current = nullptr;
    QCPTextElement* m_source;
    int m_runs = 0;
};

}  // namespace lada::ui
