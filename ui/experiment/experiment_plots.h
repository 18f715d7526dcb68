// SPDX-License-Identifier: MIT
#pragma once

#include "core/experiment/experiment_summary.h"
#include "ui/plots/comparison_plot.h"
#include "ui/plots/histogram_comparison_plot.h"

#include <QSize>
#include <QStringList>

#include <memory>

namespace lada::ui {

/**
 * The four plots of one dataset of an experiment folder (issue 13), drawn from the numbers of
 * summarizeExperiment: nothing is computed here but the histogram's bins. A strategy without data for a
 * plot is left out of it; a plot without any strategy says so in its note.
 */
struct ExperimentPlots {
    /** Test accuracy (%) vs labeled images, mean ± sd over seeds per strategy (the paper's Fig. 4). */
    std::unique_ptr<ComparisonPlot> accuracy;
    /** τ* per round: the median over seeds with the pairs' interquartile range (supplementary Fig. 2). */
    std::unique_ptr<ComparisonPlot> tau;
    /** Mean virtual-instance entropy (bits) per round, mean ± sd over seeds (Fig. 7a). */
    std::unique_ptr<ComparisonPlot> virtualEntropy;
    /** Every virtual instance's entropy, all rounds and seeds pooled, as densities (Fig. 7b). */
    std::unique_ptr<HistogramComparisonPlot> virtualEntropyHistogram;

    /** The plots in the order of experimentPlotNames(). */
    QList<PlotBase*> all() const;
};

/** The plots' file-name endings, in order: "accuracy", "tau", "virtual-entropy", "virtual-entropy-histogram". */
QStringList experimentPlotNames();

/** The datasets of `summary`, in the order of its rows. */
QStringList experimentDatasets(const ExperimentSummary& summary);

/**
 * Builds the four plots of `dataset` from `summary`'s rows of that dataset; each strategy keeps one
 * colour (its row's place) in all four. The plots are unparented widgets: show them, or resize and save
 * them. GUI thread, with a QApplication (QT_QPA_PLATFORM=offscreen is enough).
 */
ExperimentPlots buildExperimentPlots(const ExperimentSummary& summary, const QString& dataset);

/** The size the saved plots are laid out at, in pixels; the PNGs are twice that (a 2x scale for print). */
inline constexpr QSize kExperimentPlotSize{760, 460};

/**
 * Saves every dataset's four plots as `folder/plots/<dataset>-<name>.png` and `.pdf` (names from
 * experimentPlotNames), laid out at kExperimentPlotSize. Returns false with `error` naming the file that
 * could not be written (the ones before it stay); `written` receives the files written. GUI thread.
 */
bool saveExperimentPlots(const ExperimentSummary& summary, const QString& folder, QStringList* written, QString* error);

}  // namespace lada::ui
