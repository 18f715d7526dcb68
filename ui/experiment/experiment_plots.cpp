// SPDX-License-Identifier: MIT
#include "ui/experiment/experiment_plots.h"

#include "ui/plots/plot_colors.h"

#include <QCoreApplication>
#include <QDir>

#include <algorithm>

namespace lada::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("ExperimentPlots", text);
}

/**
 * The colour of a dataset's `index`th strategy: the palette's ten, then the same ten darker, so that a grid
 * of more than ten strategies gives no two the same colour (their marker shapes differ too).
 */
QColor strategyColor(int index)
{
    const QColor base = categoryColor(index % 10);
    return index < 10 ? base : base.darker(100 + 60 * (index / 10));
}

BandCurve bandCurve(const RoundBand& band)
{
    return {band.x, band.mean, band.low, band.high};
}

/** The rows of `dataset`, in the summary's order (the grid's). */
std::vector<const StrategySummary*> rowsOf(const ExperimentSummary& summary, const QString& dataset)
{
    std::vector<const StrategySummary*> rows;
    for (const StrategySummary& row : summary.rows)
        if (QString::fromStdString(row.dataset) == dataset)
            rows.push_back(&row);
    return rows;
}

/**
 * How the lines' seeds are told: once in the subtitle when every strategy of the dataset has the same
 * number of complete seeds ("5 seeds"), else per legend entry ("lada-entmix (3 seeds)").
 */
struct SeedNaming {
    bool same = true;
    int seeds = 0;

    explicit SeedNaming(const std::vector<const StrategySummary*>& rows)
    {
        for (const StrategySummary* row : rows) {
            if (row->seeds.empty())
                continue;  // no complete seed: in no plot
            const int n = static_cast<int>(row->seeds.size());
            if (seeds != 0 && n != seeds)
                same = false;
            seeds = std::max(seeds, n);
        }
    }
    QString name(const StrategySummary& row) const
    {
        const QString label = QString::fromStdString(row.label);
        return same ? label : tr("%1 (%2 seeds)").arg(label).arg(row.seeds.size());
    }
    QString over() const
    {
        return same ? (seeds == 1 ? tr("1 seed") : tr("%1 seeds").arg(seeds)) : tr("the complete seeds");
    }
};

}  // namespace

QList<PlotBase*> ExperimentPlots::all() const
{
    return {accuracy.get(), tau.get(), virtualEntropy.get(), virtualEntropyHistogram.get()};
}

QStringList experimentPlotNames()
{
    return {QStringLiteral("accuracy"), QStringLiteral("tau"), QStringLiteral("virtual-entropy"),
            QStringLiteral("virtual-entropy-histogram")};
}

QStringList experimentDatasets(const ExperimentSummary& summary)
{
    QStringList datasets;
    for (const StrategySummary& row : summary.rows) {
        const QString d = QString::fromStdString(row.dataset);
        if (!datasets.contains(d))
            datasets << d;
    }
    return datasets;
}

ExperimentPlots buildExperimentPlots(const ExperimentSummary& summary, const QString& dataset)
{
    const std::vector<const StrategySummary*> rows = rowsOf(summary, dataset);
    const SeedNaming seeds(rows);
    ExperimentPlots plots;
    plots.accuracy = std::make_unique<ComparisonPlot>(tr("%1: test accuracy vs labeled images").arg(dataset),
                                                      tr("labeled images"), tr("accuracy (%)"));
    plots.tau = std::make_unique<ComparisonPlot>(tr("%1: τ* per round").arg(dataset), tr("round"), tr("τ*"));
    plots.tau->setYFromZero(true);
    plots.virtualEntropy = std::make_unique<ComparisonPlot>(
        tr("%1: mean virtual-instance entropy per round").arg(dataset), tr("round"), tr("H (bits)"));
    plots.virtualEntropyHistogram = std::make_unique<HistogramComparisonPlot>(
        tr("%1: virtual-instance entropy, all rounds and seeds").arg(dataset), tr("H (bits)"));
    // The results file bins the entropies of a round with over 200 pairs 1/32 bit wide: whole writer's bins
    // in each of the plot's.
    plots.virtualEntropyHistogram->setBinQuantum(1.0 / 32.0);
    for (PlotBase* plot : plots.all())
        plot->resize(kExperimentPlotSize);  // titles and subtitles are fitted to the width

    int omitted = 0;  // rounds whose entropies the files keep as quantiles only (written before issue 13)
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const StrategySummary& row = *rows[i];
        if (row.seeds.empty())
            continue;                                             // nothing complete yet: its bands are empty
        const QColor color = strategyColor(static_cast<int>(i));  // the row's colour in every plot
        const QString name = seeds.name(row);
        plots.accuracy->addCurve(name, color, bandCurve(row.accuracyCurve));
        plots.tau->addCurve(name, color, bandCurve(row.tauPerRound));
        if (!row.virtualScoreIsEntropy)
            continue;  // a variation ratio, not bits: not on Fig. 7's entropy axes
        plots.virtualEntropy->addCurve(name, color, bandCurve(row.virtualEntropy));
        plots.virtualEntropyHistogram->addSample(name, color, row.virtualEntropies);
        omitted += row.virtualEntropiesOmitted;
    }
    // Subtitles after the data: they are fitted beside the legend.
    plots.accuracy->setSubtitle(tr("line: mean over %1; band: ± 1 sd").arg(seeds.over()));
    plots.tau->setSubtitle(tr("line: median τ* of the round's pairs; band: their 25th-75th percentile "
                              "(medians over %1)")
                               .arg(seeds.over()));
    plots.virtualEntropy->setSubtitle(tr("line: mean over %1; band: ± 1 sd").arg(seeds.over()));
    plots.virtualEntropyHistogram->setSubtitle(
        omitted == 0 ? tr("density over the same bins; every round of %1 pooled").arg(seeds.over())
                     : tr("%1 rounds left out: their files keep quantiles only").arg(omitted));

    if (plots.accuracy->curveNames().isEmpty())
        plots.accuracy->setNote(tr("no complete run of %1 yet").arg(dataset));
    if (plots.tau->curveNames().isEmpty())
        plots.tau->setNote(tr("no strategy of %1 recorded τ* (mixing strategies do)").arg(dataset));
    if (plots.virtualEntropy->curveNames().isEmpty())
        plots.virtualEntropy->setNote(tr("no strategy of %1 recorded virtual instances").arg(dataset));
    if (plots.virtualEntropyHistogram->sampleNames().isEmpty()) {
        plots.virtualEntropyHistogram->setNote(
            omitted == 0 ? tr("no strategy of %1 recorded virtual instances").arg(dataset)
                         : tr("nothing to pool: the files keep only quantiles of rounds over 200 pairs"));
    }
    return plots;
}

bool saveExperimentPlots(const ExperimentSummary& summary, const QString& folder, QStringList* written, QString* error)
{
    const QDir target(QDir(folder).filePath(QStringLiteral("plots")));
    if (!QDir().mkpath(target.path())) {
        if (error)
            *error = tr("cannot create the folder %1").arg(target.path());
        return false;
    }
    const QStringList names = experimentPlotNames();
    for (const QString& dataset : experimentDatasets(summary)) {
        const ExperimentPlots plots = buildExperimentPlots(summary, dataset);
        const QList<PlotBase*> all = plots.all();
        for (int p = 0; p < all.size(); ++p) {
            for (const char* suffix : {".png", ".pdf"}) {
                const QString file = target.filePath(dataset + QLatin1Char('-') + names[p] + QLatin1String(suffix));
                if (!all[p]->saveTo(file)) {
                    if (error)
                        *error = tr("cannot write %1").arg(file);
                    return false;
                }
                if (written)
                    *written << file;
            }
        }
    }
    return true;
}

}  // namespace lada::ui
