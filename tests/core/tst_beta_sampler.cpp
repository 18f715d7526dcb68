// SPDX-License-Identifier: MIT
#include "core/augmentation/beta_sampler.h"
#include "tests/test_main.h"

#include <QtTest/QtTest>
#include <torch/torch.h>

namespace tst_beta_sampler {

using namespace lada;

class TestBetaSampler : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void meanAndVarianceMatchBeta_data()
    {
        QTest::addColumn<double>("tau");
        for (double t : {0.2, 0.5, 1.0, 2.0, 8.0})
            QTest::newRow(qPrintable(QString("tau=%1").arg(t))) << t;
    }
    void meanAndVarianceMatchBeta()
    {
        QFETCH(double, tau);
        torch::manual_seed(3);
        const int64_t n = 200000;
        const torch::Tensor l = sampleBeta(torch::full({n}, tau, torch::kDouble));
        const double mean = l.mean().item<double>();
        const double var = l.var().item<double>();
        const double expectedVar = 1.0 / (4.0 * (2.0 * tau + 1.0));
        // Standard error of the mean is sqrt(var / n) <= 0.0012; of the variance a few 1e-4.
        QVERIFY2(std::abs(mean - 0.5) < 0.005, qPrintable(QString("mean %1").arg(mean)));
        QVERIFY2(std::abs(var - expectedVar) < 0.03 * expectedVar + 2e-4,
                 qPrintable(QString("var %1 expected %2").arg(var).arg(expectedVar)));
        QVERIFY(l.min().item<double>() > 0.0 && l.max().item<double>() < 1.0);
    }
    void pathwiseGradientMatchesAnalyticDerivative_data()
    {
        QTest::addColumn<double>("tau");
        for (double t : {0.5, 1.0, 2.0})
            QTest::newRow(qPrintable(QString("tau=%1").arg(t))) << t;
    }
    void pathwiseGradientMatchesAnalyticDerivative()
    {
        // E[lambda^2] = 1/4 + 1/(4(2 tau + 1)), so d/dtau = -1 / (2 (2 tau + 1)^2).
        QFETCH(double, tau);
        torch::manual_seed(5);
        const torch::Tensor t = torch::full({1}, tau, torch::TensorOptions().dtype(torch::kDouble).requires_grad(true));
        const int64_t n = 400000;
        const torch::Tensor l = sampleBeta(t.expand({n}));
        (l * l).mean().backward();
        const double grad = t.grad().item<double>();
        const double analytic = -1.0 / (2.0 * (2.0 * tau + 1.0) * (2.0 * tau + 1.0));
        QVERIFY2(std::abs(grad - analytic) < 0.05 * std::abs(analytic) + 1e-3,
                 qPrintable(QString("grad %1 analytic %2").arg(grad).arg(analytic)));
    }
};

LADA_TEST_GUILESS_MAIN(TestBetaSampler)
}  // namespace tst_beta_sampler
#include "tst_beta_sampler.moc"
