// SPDX-License-Identifier: MIT
#include "core/error.h"
#include "core/nn/classifier.h"
#include "test_support.h"

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
    void rejectsBlockOutsideTheModel()
    {
        Classifier net = makeClassifier("cnn", {1, 28, 28, 10});
        QVERIFY_THROWS_EXCEPTION(ConfigError, net->features(torch::zeros({1, 1, 28, 28}), 4));
        QVERIFY_THROWS_EXCEPTION(ConfigError, net->head(torch::zeros({1, 1, 28, 28}), -1));
        QVERIFY_THROWS_EXCEPTION(ConfigError, makeClassifier("vgg", {1, 28, 28, 10}));
    }
};

QTEST_GUILESS_MAIN(TestClassifier)
#include "tst_classifier.moc"
