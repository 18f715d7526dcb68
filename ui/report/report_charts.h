// SPDX-License-Identifier: MIT
#pragma once

#include "core/loop/session_summary.h"
#include "ui/plots/qcustomplot_include.h"

#include <memory>

namespace lada::ui {

/** A round's name in the report: its number, or "import" for labels imported before round 1. */
QString roundName(int round);

/**
 * The report's plots, built from a session summary with the workbench's own plot classes (AccuracyPlot,
 * TauPlot, VirtualEntropyPlot) and two bar charts of the same look. Each returns a widget that is never
 * shown: draw it with drawPlot. GUI thread (they are QWidgets).
 */
std::unique_ptr<QCustomPlot> accuracyChart(const SessionSummary& summary);
/** tau* per round (median, quartiles, queried pairs); nullptr when no round measured tau*. */
std::unique_ptr<QCustomPlot> tauChart(const SessionSummary& summary);
/** The virtual instances' mean entropy per round; nullptr when no round measured it. */
std::unique_ptr<QCustomPlot> virtualEntropyChart(const SessionSummary& summary);
/** Current labels per class as bars. */
std::unique_ptr<QCustomPlot> labelCountChart(const SessionSummary& summary);
/** Answers per journal round as stacked bars: labeled, skipped, undone. */
std::unique_ptr<QCustomPlot> timelineChart(const SessionSummary& summary);

}  // namespace lada::ui
