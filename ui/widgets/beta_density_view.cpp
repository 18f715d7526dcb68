// SPDX-License-Identifier: MIT
#include "ui/widgets/beta_density_view.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace lada::ui {

namespace {

double betaDensity(double x, double tau)
{
    // Beta(tau, tau) pdf: x^(tau-1) (1-x)^(tau-1) / B(tau, tau), B from log-gamma for stability.
    const double logB = 2.0 * std::lgamma(tau) - std::lgamma(2.0 * tau);
    return std::exp((tau - 1.0) * (std::log(x) + std::log1p(-x)) - logB);
}

}  // namespace

BetaDensityView::BetaDensityView(QWidget* parent)
    : QWidget(parent)
{
    setMinimumSize(120, 50);
    setToolTip(tr("Beta(τ*, τ*) density of the mixing ratio λ, with the λ samples drawn as ticks"));
}

void BetaDensityView::setPolicy(double tau, const std::vector<float>& lambdas)
{
    m_tau = std::max(tau, 1e-3);
    m_lambdas = lambdas;
    update();
}

void BetaDensityView::setMarker(double lambda)
{
    m_marker = lambda;
    update();
}

void BetaDensityView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF area = QRectF(rect()).adjusted(4, 4, -4, -12);
    painter.fillRect(rect(), palette().base());
    constexpr int kSteps = 100;
    std::vector<double> ys(kSteps + 1);
    double top = 0.0;
    for (int i = 0; i <= kSteps; ++i) {
        const double x = std::clamp(static_cast<double>(i) / kSteps, 0.005, 0.995);
        ys[static_cast<size_t>(i)] = betaDensity(x, m_tau);
        top = std::max(top, ys[static_cast<size_t>(i)]);
    }
    // A U-shaped density (tau < 1) is unbounded at the ends: clip so the middle stays readable.
    top = std::min(top, 4.0) * 1.05;
    QPainterPath path;
    for (int i = 0; i <= kSteps; ++i) {
        const QPointF p(area.left() + area.width() * i / kSteps,
                        area.bottom() - area.height() * std::min(ys[static_cast<size_t>(i)], top) / top);
        i == 0 ? path.moveTo(p) : path.lineTo(p);
    }
    painter.setPen(QPen(QColor(40, 90, 200), 1.5));
    painter.drawPath(path);
    painter.setPen(QPen(QColor(200, 60, 40), 1.2));
    for (float l : m_lambdas) {
        const double x = area.left() + area.width() * l;
        painter.drawLine(QPointF(x, area.bottom() + 2), QPointF(x, area.bottom() + 10));
    }
    if (m_marker >= 0.0) {
        painter.setPen(QPen(QColor(20, 150, 60), 1.5, Qt::DashLine));
        const double x = area.left() + area.width() * m_marker;
        painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom() + 10));
    }
    painter.setPen(palette().text().color());
    painter.drawLine(area.bottomLeft(), area.bottomRight());
}

}  // namespace lada::ui
