// SPDX-License-Identifier: MIT
#include "core/error.h"
#include "core/nn/classifier.h"
#include "test_support.h"
#include "tests/test_main.h"

namespace tst_classifier {

using namespace lada;

class TestClassifier : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void headOfFeaturesEqualsForward_data()
    {
        QTest::addColumn<QString>("model");
        QTest::newRow("cnn") << "cnn";
        QTest::newRow("resnet18") << "resnet18";
    }
    void headOfFeaturesEqualsForward()
    {
        QFETCH(QString, model);
        torch::manual_seed(1);
        const Dataset d = test::mnistSample(1);
        const ChannelStats stats = ChannelStats::compute(d.images);
        const torch::Tensor x = stats.normalize(d.images, torch::kCPU);
        Classifier net = makeClassifier(model.toStdString(), {1, 28, 28, 10});
        net->eval();
        torch::NoGradGuard noGrad;
        const torch::Tensor logits = net->forward(x);
        QCOMPARE(logits.size(0), 10);
        QCOMPARE(logits.size(1), 10);
        for (int k = 0; k <= net->numBlocks(); ++k) {
            const torch::Tensor viaSplit = net->head(net->features(x, k), k);
            QVERIFY2(torch::allclose(viaSplit, logits, 1e-4, 1e-5), qPrintable(QString("k = %1").arg(k)));
        }
        QCOMPARE(net->embedding(x).dim(), 2);
    }
    void resnetStemAndFirstStageKeepFullResolution()
    {
        Classifier net = makeClassifier("resnet18", {3, 32, 32, 10});
        net->eval();
        torch::NoGradGuard noGrad;
        const torch::Tensor x = torch::randn({2, 3, 32, 32});
        QCOMPARE(net->features(x, 1).sizes().vec(), (std::vector<int64_t>{2, 64, 32, 32}));
        QCOMPARE(net->features(x, 2).sizes().vec(), (std::vector<int64_t>{2, 64, 32, 32}));
        QCOMPARE(net->features(x, 6).sizes().vec(), (std::vector<int64_t>{2, 512}));
    }
    void inferenceBatchBoundsTheLargestMap()
    {
        // resnet18's stem output on MNIST is 64 x 28 x 28 floats = 200,704 B an image: 8 MiB hold 41.
        const Dataset d = test::mnistSample(1);
        Classifier resnet = makeClassifier("resnet18", {1, 28, 28, 10});
        resnet->train();
        torch::Tensor runningMean;
        for (const auto& b : resnet->named_buffers())
            if (b.key().find("running_mean") != std::string::npos) {
                runningMean = b.value().clone();
                break;
            }
        QVERIFY(runningMean.defined());
        QCOMPARE(resnet->inferenceBatch(d.images), int64_t(41));
        QCOMPARE(resnet->inferenceBatch(d.images, 500, int64_t{4} << 20), int64_t(20));
        QCOMPARE(resnet->inferenceBatch(d.images, 30), int64_t(30));
        // The size probe neither leaves the model in eval mode nor moves its batch-norm statistics.
        QVERIFY(resnet->is_training());
        for (const auto& b : resnet->named_buffers())
            if (b.key().find("running_mean") != std::string::npos) {
                QVERIFY(torch::equal(b.value(), runningMean));
                break;
            }
        // cnn's largest block map is 16 x 14 x 14 floats (12.5 KB): the cap decides; 32x32 RGB is probed anew.
        Classifier cnn = makeClassifier("cnn", {1, 28, 28, 10});
        QCOMPARE(cnn->inferenceBatch(d.images), int64_t(128));
        QCOMPARE(cnn->inferenceBatch(d.images, 500), int64_t(500));
        Classifier rgb = makeClassifier("resnet18", {3, 32, 32, 10});
        QCOMPARE(rgb->inferenceBatch(torch::zeros({4, 3, 32, 32}, torch::kUInt8)),
                 int64_t((8 << 20) / (64 * 32 * 32 * 4)));
    }
    void rejectsBlockOutsideTheModel()
    {
        Classifier net = makeClassifier("cnn", {1, 28, 28, 10});
        QVERIFY_THROWS_EXCEPTION(ConfigError, net->features(torch::zeros({1, 1, 28, 28}), 4));
        QVERIFY_THROWS_EXCEPTION(ConfigError, net->head(torch::zeros({1, 1, 28, 28}), -1));
        QVERIFY_THROWS_EXCEPTION(ConfigError, makeClassifier("vgg", {1, 28, 28, 10}));
    }
};

LADA_TEST_GUILESS_MAIN(TestClassifier)
}  // namespace tst_classifier
#include "tst_classifier.moc"
