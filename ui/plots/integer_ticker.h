// SPDX-License-Identifier: MIT
#pragma once

#include "ui/plots/qcustomplot_include.h"

#include <algorithm>
#include <cmath>

namespace lada::ui {

/**
 * Ticks for a count (labeled images, rounds): QCustomPlot's clean steps (1, 2, 2.5, 5 x 10^n) rounded
 * down to a whole number of at least 1, so that no tick reads "22.5 labeled images".
 */
class IntegerTicker : public QCPAxisTicker {
public:
    IntegerTicker() { setTickStepStrategy(tssReadability); }

protected:
    double getTickStep(const QCPRange& range) override
    {
        return std::max(1.0, std::floor(QCPAxisTicker::getTickStep(range)));
    }
    int getSubTickCount(double tickStep) override
    {
        // Sub-ticks only on whole numbers: none for a step of 1, one per unit up to 5, else QCustomPlot's
        // (4 for 10, 3 for 20: whole numbers again).
        const long step = std::lround(tickStep);
        return step <= 5 ? static_cast<int>(step - 1) : QCPAxisTicker::getSubTickCount(tickStep);
    }
    QString getTickLabel(double tick, const QLocale& locale, QChar formatChar, int precision) override
    {
        Q_UNUSED(formatChar);
        Q_UNUSED(precision);
        return locale.toString(static_cast<qlonglong>(std::llround(tick)));
    }
};

}  // namespace lada::ui
