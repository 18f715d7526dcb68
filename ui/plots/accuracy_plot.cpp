// SPDX-License-Identifier: MIT
#include "ui/plots/accuracy_plot.h"

#include "ui/plots/plot_colors.h"

#include <cmath>

namespace lada::ui {

AccuracyPlot::AccuracyPlot(QWidget* parent)
    : PlotBase(tr("Accuracy vs labeled images"), parent)
{
    xAxis->setLabel(tr("labeled images"));
    yAxis->setLabel(tr("accuracy (%)"));
    yAxis->setRange(0, 100);
    xAxis->setRange(0, 100);
    legend->setVisible(true);
    legend->setFont(QFont(font().family(), 7));
    axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignRight | Qt::AlignBottom);
    m_source = new QCPItemText(this);
    m_source->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_source->position->setCoords(0.02, 0.02);
    m_source->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_source->setFont(QFont(font().family(), 8, -1, true));
    m_source->setColor(QColor(120, 60, 0));
}

void AccuracyPlot::startRun(const QString& name)
{
    // Fade the earlier runs so the current one stands out.
    for (int i = 0; i < graphCount(); ++i) {
        QPen pen = graph(i)->pen();
        QColor c = pen.color();
        c.setAlpha(110);
        pen.setColor(c);
        pen.setWidthF(1.0);
        graph(i)->setPen(pen);
    }
    m_current = addGraph();
    m_current->setName(name);
    m_current->setPen(QPen(categoryColor(m_runs++), 2.0));
    m_current->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    requestReplot();
}

void AccuracyPlot::addRound(qint64 labeled, double accuracy)
{
    if (std::isnan(accuracy))
        return;
    if (!m_current)
        startRun(tr("run 1"));
    m_current->addData(static_cast<double>(labeled), accuracy * 100.0);
    bool found = false;
    const QCPRange keys = m_current->getKeyRange(found);
    double lo = keys.lower, hi = keys.upper;
    for (int i = 0; i < graphCount(); ++i) {
        const QCPRange r = graph(i)->getKeyRange(found);
        if (found) {
            lo = std::min(lo, r.lower);
            hi = std::max(hi, r.upper);
        }
    }
    // A little room on both sides so the first and last points are not cut by the axes.
    const double pad = std::max(1.0, (hi - lo) * 0.03);
    xAxis->setRange(lo - pad, std::max(hi, lo + 10.0) + pad);
    requestReplot();
}

void AccuracyPlot::setSource(const QString& text)
{
    m_source->setText(text);
    requestReplot();
}

int AccuracyPlot::currentRunCount() const
{
    return m_current ? m_current->dataCount() : 0;
}

}  // namespace lada::ui
