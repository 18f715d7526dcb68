// SPDX-License-Identifier: MIT
#include "ui/plots/comparison_plot.h"

#include "ui/plots/integer_ticker.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace lada::ui {

namespace {

/** A marker shape per curve as well as a colour, so that curves stay apart in grey print. */
QCPScatterStyle::ScatterShape markerShape(std::size_t index)
{
    static const std::array<QCPScatterStyle::ScatterShape, 8> kShapes = {
        QCPScatterStyle::ssCircle,  QCPScatterStyle::ssSquare, QCPScatterStyle::ssTriangle,
        QCPScatterStyle::ssDiamond, QCPScatterStyle::ssCross,  QCPScatterStyle::ssTriangleInverted,
        QCPScatterStyle::ssPlus,    QCPScatterStyle::ssStar};
    return kShapes[index % kShapes.size()];
}

}  // namespace

ComparisonPlot::ComparisonPlot(const QString& title, const QString& xLabel, const QString& yLabel, QWidget* parent)
    : SubtitledPlot(title, parent)
{
    setDescription(tr("One line per strategy through its means, the shaded band around it as the subtitle says"));
    xAxis->setLabel(xLabel);
    yAxis->setLabel(yLabel);
    // Labeled images and rounds are counts: whole-number ticks only.
    xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new IntegerTicker));
    xAxis->setRange(0, 5);
    yAxis->setRange(0, 1);
}

void ComparisonPlot::addCurve(const QString& name, const QColor& color, const BandCurve& curve)
{
    const std::size_t n = std::min({curve.x.size(), curve.mean.size(), curve.low.size(), curve.high.size()});
    QVector<double> x, mean, low, high;
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(curve.x[i]) || !std::isfinite(curve.mean[i]))
            continue;
        x << curve.x[i];
        mean << curve.mean[i];
        low << (std::isfinite(curve.low[i]) ? curve.low[i] : curve.mean[i]);
        high << (std::isfinite(curve.high[i]) ? curve.high[i] : curve.mean[i]);
    }
    if (x.isEmpty())
        return;
    QColor edge = color;
    edge.setAlpha(90);
    QColor fill = color;
    fill.setAlpha(45);  // translucent: where bands overlap, both stay visible
    QCPGraph* lowGraph = addGraph();
    lowGraph->setName(QString());  // the band is the strategy's one legend entry with its line
    lowGraph->setPen(QPen(edge, 0.8));
    lowGraph->setData(x, low, true);
    QCPGraph* highGraph = addGraph();
    highGraph->setName(QString());
    highGraph->setPen(QPen(edge, 0.8));
    highGraph->setBrush(fill);
    highGraph->setChannelFillGraph(lowGraph);
    highGraph->setData(x, high, true);
    QCPGraph* meanGraph = addGraph();
    meanGraph->setName(name);
    meanGraph->setPen(QPen(color, 1.8));
    meanGraph->setScatterStyle(QCPScatterStyle(markerShape(m_curves.size()), color, 5));
    meanGraph->setData(x, mean, true);
    // Bands on a layer under the lines: graphs of one layer draw in the order they were added, so a later
    // strategy's band would otherwise cover an earlier strategy's line.
    if (!layer(QStringLiteral("bands")))
        addLayer(QStringLiteral("bands"), layer(QStringLiteral("main")), QCustomPlot::limBelow);
    lowGraph->setLayer(QStringLiteral("bands"));
    highGraph->setLayer(QStringLiteral("bands"));
    m_curves.push_back({name, meanGraph, lowGraph, highGraph});
    fitAxes();
    requestReplot();
}

void ComparisonPlot::setYFromZero(bool fromZero)
{
    m_yFromZero = fromZero;
    fitAxes();
    requestReplot();
}

QStringList ComparisonPlot::curveNames() const
{
    QStringList names;
    for (const Curve& c : m_curves)
        names << c.name;
    return names;
}

BandCurve ComparisonPlot::curve(const QString& name) const
{
    BandCurve out;
    const auto it = std::find_if(m_curves.begin(), m_curves.end(), [&](const Curve& c) { return c.name == name; });
    if (it == m_curves.end())
        return out;
    for (auto p = it->mean->data()->constBegin(); p != it->mean->data()->constEnd(); ++p) {
        out.x.push_back(p->key);
        out.mean.push_back(p->value);
    }
    for (auto p = it->low->data()->constBegin(); p != it->low->data()->constEnd(); ++p)
        out.low.push_back(p->value);
    for (auto p = it->high->data()->constBegin(); p != it->high->data()->constEnd(); ++p)
        out.high.push_back(p->value);
    return out;
}

void ComparisonPlot::fitAxes()
{
    double xLow = std::numeric_limits<double>::infinity(), xHigh = -xLow;
    double yLow = xLow, yHigh = -xLow;
    for (const Curve& c : m_curves) {
        bool found = false;
        const QCPRange keys = c.mean->getKeyRange(found);
        if (!found)
            continue;
        xLow = std::min(xLow, keys.lower);
        xHigh = std::max(xHigh, keys.upper);
        for (QCPGraph* g : {c.mean, c.low, c.high}) {
            const QCPRange values = g->getValueRange(found);
            if (found) {
                yLow = std::min(yLow, values.lower);
                yHigh = std::max(yHigh, values.upper);
            }
        }
    }
    if (!std::isfinite(xLow))
        return;
    // Half a step of room on each side, so the first and last markers are not cut by the axes.
    const double xPad = std::max(0.5, (xHigh - xLow) * 0.03);
    xAxis->setRange(xLow - xPad, std::max(xHigh, xLow + 1.0) + xPad);
    if (m_yFromZero)
        yLow = std::min(0.0, yLow);
    const double span = std::max(yHigh - yLow, std::max(std::abs(yHigh), 1.0) * 0.02);
    yAxis->setRange(m_yFromZero && yLow >= 0.0 ? 0.0 : yLow - span * 0.06, yHigh + span * 0.06);
}

}  // namespace lada::ui
