// SPDX-License-Identifier: MIT
#include "core/acquisition/policy_generator.h"
#include "core/augmentation/mixup.h"
#include "core/error.h"
#include "core/nn/classifier.h"
#include "test_support.h"
#include "tests/test_main.h"

namespace tst_mixup {

using namespace lada;

class TestMixup : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void lambdaOneReproducesFirstMapAtEveryBlock()
    {
        torch::manual_seed(2);
        const Dataset d = test::mnistSample(2);
        const ChannelStats stats = ChannelStats::compute(d.images);
        Classifier net = makeClassifier("resnet18", {1, 28, 28, 10});
        net->eval();
        torch::NoGradGuard noGrad;
        const torch::Tensor x = stats.normalize(d.images, torch::kCPU);
        const torch::Tensor a = x.slice(0, 0, 10), b = x.slice(0, 10, 20);
        for (int k = 0; k <= 2; ++k) {
            const torch::Tensor ha = net->features(a, k), hb = net->features(b, k);
            QVERIFY(torch::allclose(mixMaps(ha, hb, torch::ones({10})), ha));
            QVERIFY(torch::allclose(mixMaps(ha, hb, torch::zeros({10})), hb));
        }
    }
    void sampleMajorBatchOfMixes()
    {
        const torch::Tensor a = torch::ones({3, 2}), b = torch::zeros({3, 2});
        const torch::Tensor l = torch::tensor({{0.1f, 0.2f, 0.3f}, {0.4f, 0.5f, 0.6f}});
        const torch::Tensor m = mixMaps(a, b, l);
        QCOMPARE(m.size(0), 6);
        QVERIFY(std::abs(m[4][1].item<float>() - 0.5f) < 1e-6);
    }
    void softLabelsSumToOneAndCarryLambda()
    {
        const torch::Tensor ya = torch::tensor({1, 2, 3}, torch::kLong), yb = torch::tensor({4, 2, 0}, torch::kLong);
        const torch::Tensor l = torch::tensor({0.3f, 0.9f, 1.0f});
        const torch::Tensor y = mixLabels(ya, yb, l, 10);
        QVERIFY(torch::allclose(y.sum(1), torch::ones({3})));
        QVERIFY(std::abs(y[0][1].item<float>() - 0.3f) < 1e-6);
        QVERIFY(std::abs(y[0][4].item<float>() - 0.7f) < 1e-6);
        QVERIFY(std::abs(y[1][2].item<float>() - 1.0f) < 1e-6);
    }
    void policyFlattenSizeFollowsMapSize_data()
    {
        QTest::addColumn<int>("side");
        QTest::addColumn<int>("flatten");
        QTest::newRow("28x28 (paper)") << 28 << 400;
        QTest::newRow("32x32 (paper)") << 32 << 576;
        QTest::newRow("14x14 (ceil pooling)") << 14 << 64;
        QTest::newRow("7x7 (padded)") << 7 << 64;
        QTest::newRow("1x1 embedding") << 1 << 16;
    }
    void policyFlattenSizeFollowsMapSize()
    {
        QFETCH(int, side);
        QFETCH(int, flatten);
        PolicyGeneratorOptions o;
        o.mapChannels = 8;
        o.height = o.width = side;
        PolicyGenerator policy(o);
        QCOMPARE(policy->flattenSize(), flatten);
        const torch::Tensor tau = policy->forward(torch::randn({5, 8, side, side}), torch::randn({5, 8, side, side}));
        QCOMPARE(tau.sizes().vec(), (std::vector<int64_t>{5}));
    }
    void tauStaysInsideZeroToTauMax()
    {
        PolicyGeneratorOptions o;
        o.mapChannels = 4;
        o.height = o.width = 16;
        o.tauMax = 3.0;
        PolicyGenerator policy(o);
        const torch::Tensor tau = policy->forward(100 * torch::randn({50, 4, 16, 16}), torch::randn({50, 4, 16, 16}));
        QVERIFY(tau.min().item<double>() > 0.0);
        QVERIFY(tau.max().item<double>() < 3.0);
    }
    void policyRejectsMismatchedMaps()
    {
        PolicyGeneratorOptions o;
        o.mapChannels = 4;
        o.height = o.width = 16;
        PolicyGenerator policy(o);
        QVERIFY_THROWS_EXCEPTION(ConfigError,
                                 policy->forward(torch::randn({2, 4, 16, 16}), torch::randn({2, 4, 8, 8})));
        QVERIFY_THROWS_EXCEPTION(ConfigError,
                                 policy->forward(torch::randn({2, 5, 16, 16}), torch::randn({2, 5, 16, 16})));
    }
};

LADA_TEST_GUILESS_MAIN(TestMixup)
}  // namespace tst_mixup
#include "tst_mixup.moc"
