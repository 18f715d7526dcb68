// SPDX-License-Identifier: MIT
#include "core/acquisition/uncertainty.h"
#include "tests/test_main.h"

#include <QtTest/QtTest>
#include <torch/torch.h>

#include <cmath>

namespace tst_uncertainty {

using namespace lada;

class TestUncertainty : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void uniformOverTenClassesIsLog2TenBits()
    {
        const torch::Tensor h = entropyBits(torch::zeros({3, 10}));
        for (int i = 0; i < 3; ++i)
            QVERIFY(std::abs(h[i].item<double>() - 3.321928) < 1e-5);
    }
    void certainPredictionHasZeroEntropyAndNoNaN()
    {
        // A probability that underflows to exactly 0 in float32 must contribute 0, not NaN (the
        // reference code's 1e-100 offset rounds to 0 in float32).
        torch::Tensor logits = torch::full({1, 10}, -1e4);
        logits[0][3] = 1e4;
        const double h = entropyBits(logits)[0].item<double>();
        QVERIFY(!std::isnan(h));
        QVERIFY(std::abs(h) < 1e-6);
    }
    void twoEqualClassesGiveOneBit()
    {
        torch::Tensor logits = torch::full({1, 4}, -1e4);
        logits[0][0] = 0;
        logits[0][1] = 0;
        QVERIFY(std::abs(entropyBits(logits)[0].item<double>() - 1.0) < 1e-5);
    }
    void variationRatioIsOneMinusTopProbability()
    {
        const torch::Tensor logits = torch::log(torch::tensor({{0.7, 0.2, 0.1}}));
        QVERIFY(std::abs(variationRatio(logits)[0].item<double>() - 0.3) < 1e-5);
        QVERIFY(std::abs(variationRatio(torch::zeros({1, 10}))[0].item<double>() - 0.9) < 1e-5);
    }
    void baldIsZeroWhenPassesAgree()
    {
        const torch::Tensor mc = torch::randn({1, 2, 5}).repeat({8, 1, 1});
        QVERIFY(baldBits(mc).abs().max().item<double>() < 1e-5);
    }
    void baldIsOneBitForConfidentDisagreeingPasses()
    {
        // Half the passes say class 0, half class 1, each with certainty: H[mean] = 1 bit, mean H = 0.
        torch::Tensor mc = torch::full({4, 1, 2}, -1e4);
        mc[0][0][0] = mc[1][0][0] = 1e4;
        mc[2][0][1] = mc[3][0][1] = 1e4;
        QVERIFY(std::abs(baldBits(mc)[0].item<double>() - 1.0) < 1e-5);
    }
};

LADA_TEST_GUILESS_MAIN(TestUncertainty)
}  // namespace tst_uncertainty
#include "tst_uncertainty.moc"
