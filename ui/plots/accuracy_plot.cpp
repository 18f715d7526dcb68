// SPDX-License-Identifier: MIT
#include "ui/plots/accuracy_plot.h"

#include "ui/plots/integer_ticker.h"
#include "ui/plots/plot_colors.h"

#include <cmath>

namespace lada::ui {

AccuracyPlot::AccuracyPlot(QWidget* parent)
    : PlotBase(tr("Accuracy vs labeled images"), parent)
{
    setDescription(tr("Accuracy of the model after each round against the number of labeled images;\n"
                      "one curve per run (strategy and session), earlier runs faded"));
    xAxis->setLabel(tr("labeled images"));
    yAxis->setLabel(tr("accuracy (%)"));
    // A count of images: whole-number ticks only.
    xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new IntegerTicker));
    yAxis->setRange(0, 100);
    xAxis->setRange(0, 100);
    setLegendColumns(2);
    // Where the accuracy comes from, in a row under the title rather than over the curves. An empty
    // QCPTextElement keeps its row one line high, so the row comes only with the first text.
    m_source = new QCPTextElement(this, QString(), QFont(font().family(), 8, -1, true));
    m_source->setTextColor(QColor(120, 60, 0));
    m_source->setVisible(false);
}

AccuracyPlot::~AccuracyPlot()
{
    if (!m_source->layout())
        delete m_source;  // never shown, so in no layout that would delete it
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
    ++m_runs;
    m_current->setName(name.isEmpty() ? tr("run %1").arg(m_runs) : name);
    m_current->setPen(QPen(categoryColor(m_runs - 1), 2.0));
    m_current->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    requestReplot();
}

void AccuracyPlot::setRunName(const QString& name)
{
    if (!m_current)
        startRun(name);
    m_current->setName(name);
    requestReplot();
}

QString AccuracyPlot::runName() const
{
    return m_current ? m_current->name() : QString();
}

void AccuracyPlot::addRound(qint64 labeled, double accuracy)
{
    if (std::isnan(accuracy))
        return;
    if (!m_current)
        startRun();
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
    showUnderTitle(m_source, !text.isEmpty());
    requestReplot();
}

QString AccuracyPlot::source() const
{
    return m_source->text();
}

int AccuracyPlot::currentRunCount() const
{
    return m_current ? m_current->dataCount() : 0;
}

}  // namespace lada::ui
