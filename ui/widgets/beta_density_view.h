// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

#include <vector>

namespace lada::ui {

/** A small plot of the Beta(tau, tau) density on [0, 1] with the lambda samples drawn as ticks. */
class BetaDensityView : public QWidget {
    Q_OBJECT
public:
    explicit BetaDensityView(QWidget* parent = nullptr);

    void setPolicy(double tau, const std::vector<float>& lambdas);
    /** Marks the lambda a slider inspects (negative: none). */
    void setMarker(double lambda);

    QSize sizeHint() const override { return {150, 60}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    double m_tau = 1.0;
    std::vector<float> m_lambdas;
    double m_marker = -1.0;
};

}  // namespace lada::ui
