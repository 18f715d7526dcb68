// SPDX-License-Identifier: MIT
#include "ui/plots/tau_plot.h"

#include "ui/plots/integer_ticker.h"

#include <algorithm>

namespace lada::ui {

namespace {

double quantile(std::vector<float> v, double q)
{
    // Linear interpolation between order statistics (numpy's default).
    std::sort(v.begin(), v.end());
    const double pos = q * static_cast<double>(v.size() - 1);
    const size_t i = static_cast<size_t>(pos);
    const double frac = pos - static_cast<double>(i);
    return i + 1 < v.size() ? v[i] * (1.0 - frac) + v[i + 1] * frac : v[i];
}

}  // namespace

TauPlot::TauPlot(QWidget* parent)
    : PlotBase(tr("τ* per round"), parent)
{
    setDescription(tr("τ* of LADA's mixing policy per round: the median and interquartile band over all candidate\n"
                      "pairs, and the pairs the strategy selected"));
    xAxis->setLabel(tr("round"));
    xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new IntegerTicker));
    yAxis->setLabel(tr("τ*"));
    m_upper = addGraph();
    m_upper->setPen(QPen(QColor(80, 120, 200, 90)));
    m_upper->setName(tr("IQR"));  // short names: the legend sits under a plot that may be 250 px wide
    m_lower = addGraph();
    m_lower->setPen(QPen(QColor(80, 120, 200, 90)));
    m_upper->setBrush(QColor(80, 120, 200, 60));
    m_upper->setChannelFillGraph(m_lower);
    m_lower->setName(QString());  // not QCustomPlot's "Graph 2": the band is one legend entry
    m_median = addGraph();
    m_median->setPen(QPen(QColor(30, 70, 160), 2));
    m_median->setName(tr("median"));
    m_selected = addGraph();
    m_selected->setLineStyle(QCPGraph::lsNone);
    m_selected->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(220, 60, 40), 6));
    m_selected->setName(tr("queried pairs"));
    // The legend is one row under the plot (PlotBase), so the y range needs no headroom for it.
    setLegendColumns(3);
    xAxis->setRange(0, 5);
    yAxis->setRange(0, 1.0);
}

void TauPlot::addRound(int round, const std::vector<float>& tauAll, const std::vector<float>& selected)
{
    if (tauAll.empty())
        return;
    m_median->addData(round, quantile(tauAll, 0.5));
    m_lower->addData(round, quantile(tauAll, 0.25));
    m_upper->addData(round, quantile(tauAll, 0.75));
    for (float t : selected)
        m_selected->addData(round, t);
    bool found = false;
    const QCPRange keys = m_median->getKeyRange(found);
    xAxis->setRange(std::min(0.0, keys.lower) - 0.5, std::max(keys.upper, 4.0) + 0.5);
    double top = 0.0;
    for (float t : tauAll)
        top = std::max(top, static_cast<double>(t));
    yAxis->setRange(0, std::max(yAxis->range().upper, top * 1.08));
    requestReplot();
}

void TauPlot::clear()
{
    for (QCPGraph* g : {m_median, m_lower, m_upper, m_selected})
        g->data()->clear();
    requestReplot();
}

}  // namespace lada::ui
