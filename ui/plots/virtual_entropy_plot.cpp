// SPDX-License-Identifier: MIT
#include "ui/plots/virtual_entropy_plot.h"

#include "ui/plots/integer_ticker.h"

#include <cmath>

namespace lada::ui {

VirtualEntropyPlot::VirtualEntropyPlot(QWidget* parent)
    : PlotBase(tr("Mean virtual-instance entropy"), parent)
{
    setDescription(tr("Mean entropy (bits) of the virtual instances of the pairs each round proposed"));
    xAxis->setLabel(tr("round"));
    xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new IntegerTicker));
    yAxis->setLabel(tr("H (bits)"));
    m_mean = addGraph();
    m_mean->setName(QString());  // one curve, named by the title: no legend (not QCustomPlot's "Graph 1")
    m_mean->setPen(QPen(QColor(150, 60, 160), 2));
    m_mean->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, 5));
    xAxis->setRange(0, 5);
    yAxis->setRange(0, 1);
}

void VirtualEntropyPlot::addRound(int round, double meanEntropy)
{
    if (std::isnan(meanEntropy))
        return;
    m_mean->addData(round, meanEntropy);
    bool found = false;
    const QCPRange keys = m_mean->getKeyRange(found);
    xAxis->setRange(std::min(0.0, keys.lower) - 0.5, std::max(keys.upper, 4.0) + 0.5);
    const QCPRange values = m_mean->getValueRange(found);
    yAxis->setRange(0, std::max(1.0, values.upper * 1.15));
    requestReplot();
}

void VirtualEntropyPlot::clear()
{
    m_mean->data()->clear();
    requestReplot();
}

}  // namespace lada::ui
