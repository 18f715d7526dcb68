// SPDX-License-Identifier: MIT
#include "ui/report/report_charts.h"

#include "ui/plots/accuracy_plot.h"
#include "ui/plots/plot_base.h"
#include "ui/plots/plot_colors.h"
#include "ui/plots/plot_panel.h"
#include "ui/plots/tau_plot.h"
#include "ui/plots/virtual_entropy_plot.h"

#include <algorithm>
#include <cmath>

namespace lada::ui {

QString roundName(int round)
{
    return round == kImportRound ? QStringLiteral("import") : QString::number(round);
}

namespace {

/** A bar chart with category names on the x axis, in the plots' look (PlotBase: title, fonts). */
std::unique_ptr<PlotBase> barChart(const QString& title, const QStringList& categories, const QString& yLabel)
{
    auto plot = std::make_unique<PlotBase>(title);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int i = 0; i < categories.size(); ++i)
        ticker->addTick(i, categories[i]);
    plot->xAxis->setTicker(ticker);
    plot->xAxis->setRange(-0.6, std::max<qsizetype>(1, categories.size()) - 0.4);
    plot->yAxis->setLabel(yLabel);
    return plot;
}

/** Bars at x = 0, 1, ... (or from `first` on) with `values`. */
QCPBars* addBars(QCustomPlot& plot, const QString& name, const QColor& color, const QVector<double>& values,
                 int first = 0)
{
    auto* bars = new QCPBars(plot.xAxis, plot.yAxis);
    bars->setName(name);
    bars->setBrush(color);
    bars->setPen(color.darker(130));
    bars->setWidth(0.7);
    QVector<double> keys(values.size());
    for (int i = 0; i < values.size(); ++i)
        keys[i] = first + i;
    bars->setData(keys, values, true);
    return bars;
}

void fitBars(QCustomPlot& plot, double highest)
{
    plot.yAxis->setRange(0, std::max(1.0, highest * 1.15));
    plot.yAxis->ticker()->setTickCount(5);
}

}  // namespace

std::unique_ptr<QCustomPlot> accuracyChart(const SessionSummary& summary)
{
    auto plot = std::make_unique<AccuracyPlot>();
    // Named as the window names the session's run, so a report and a screenshot agree.
    plot->startRun(PlotPanel::runName(QString::fromStdString(summary.strategy), QString::fromStdString(summary.name)));
    for (const RoundOutcome& o : summary.rounds) {
        switch (o.accuracySource) {
        case AccuracySource::TestSplit: plot->setSource(QStringLiteral("on the test split")); break;
        case AccuracySource::HeldOut:
            plot->setSource(QStringLiteral("no test set: on %1 held-out labels of the oracle").arg(o.heldOut));
            break;
        case AccuracySource::None: break;
        }
        plot->addRound(o.labeled, o.accuracy);
    }
    if (plot->currentRunCount() == 0)
        plot->setNote(QStringLiteral("no round measured an accuracy"));
    return plot;
}

std::unique_ptr<QCustomPlot> tauChart(const SessionSummary& summary)
{
    if (!summary.hasTau)
        return nullptr;
    auto plot = std::make_unique<TauPlot>();
    for (const RoundOutcome& o : summary.rounds) {
        const Proposal& p = o.report.proposal;
        std::vector<float> selected;
        for (const Query& q : p.queries)
            if (q.indices.size() == 2 || q.tau > 0)
                selected.push_back(static_cast<float>(q.tau));
        plot->addRound(o.report.round, p.diagnostics.tauAll, selected);
    }
    return plot;
}

std::unique_ptr<QCustomPlot> virtualEntropyChart(const SessionSummary& summary)
{
    if (!summary.hasVirtualEntropy)
        return nullptr;
    auto plot = std::make_unique<VirtualEntropyPlot>();
    for (const RoundOutcome& o : summary.rounds)
        plot->addRound(o.report.round, o.report.proposal.diagnostics.meanVirtualScore);
    return plot;
}

std::unique_ptr<QCustomPlot> labelCountChart(const SessionSummary& summary)
{
    QStringList names;
    for (const std::string& n : summary.classNames)
        names << QString::fromStdString(n);
    auto plot = barChart(QStringLiteral("Labels per class"), names, QStringLiteral("labeled images"));
    double highest = 0;
    for (std::size_t c = 0; c < summary.labelsPerClass.size(); ++c) {
        const auto count = static_cast<double>(summary.labelsPerClass[c]);
        highest = std::max(highest, count);
        // One bars object per class, so that each class keeps its colour of the other plots.
        addBars(*plot, names[static_cast<int>(c)], categoryColor(static_cast<int>(c)), {count}, static_cast<int>(c));
    }
    fitBars(*plot, highest);
    return plot;
}

std::unique_ptr<QCustomPlot> timelineChart(const SessionSummary& summary)
{
    QStringList rounds;
    QVector<double> labeled, skipped, undone;
    double highest = 0;
    for (const RoundActivity& a : summary.activity) {
        rounds << roundName(a.round);
        labeled << static_cast<double>(a.labeled);
        skipped << static_cast<double>(a.skipped);
        undone << static_cast<double>(a.undone);
        highest = std::max(highest, static_cast<double>(a.labeled + a.skipped + a.undone));
    }
    auto plot = barChart(QStringLiteral("Answers per round"), rounds, QStringLiteral("answers"));
    plot->xAxis->setLabel(QStringLiteral("round"));
    QCPBars* l = addBars(*plot, QStringLiteral("labeled"), categoryColor(0), labeled);
    QCPBars* s = addBars(*plot, QStringLiteral("skipped"), categoryColor(1), skipped);
    QCPBars* u = addBars(*plot, QStringLiteral("undone"), categoryColor(3), undone);
    s->moveAbove(l);
    u->moveAbove(s);
    plot->legend->setVisible(true);  // where the plots' look puts it
    fitBars(*plot, highest);
    if (summary.activity.empty())
        plot->setNote(QStringLiteral("no answers yet"));
    return plot;
}

}  // namespace lada::ui
