// SPDX-License-Identifier: MIT
// ChannelStats: per-channel mean and standard deviation of a split and the normalisation
// (x / 255 - mean) / std, on hand-made tensors with known answers and on the real MNIST test split,
// whose published statistics are mean 0.1325, std 0.3105.
#include "core/data/channel_stats.h"
#include "core/data/dataset_loader.h"
#include "core/error.h"
#include "tests/test_main.h"

#include <QtTest>

#include <torch/torch.h>

#include <cmath>

namespace tst_channel_stats {

namespace {

const std::string kMnist = LADA_TEST_DATA_DIR "/mnist-png";

}  // namespace

class TestChannelStats : public QObject {
    Q_OBJECT

private:
    lada::Dataset m_mnistTest;

private Q_SLOTS:
    void initTestCase() { m_mnistTest = lada::loadDataset(kMnist + "/test"); }

    void knownValues_data()
    {
        QTest::addColumn<QVector<int>>("pixels");  // one value per image, filling every pixel
        QTest::addColumn<float>("mean");
        QTest::addColumn<float>("std");
        QTest::newRow("black and white") << QVector<int>{0, 255} << 0.5f << 0.5f;
        QTest::newRow("constant gray gets std 1") << QVector<int>{51, 51, 51} << 0.2f << 1.0f;
        QTest::newRow("three levels") << QVector<int>{0, 51, 102} << 0.2f << static_cast<float>(std::sqrt(0.08 / 3.0));
    }

    void knownValues()
    {
        QFETCH(QVector<int>, pixels);
        QFETCH(float, mean);
        QFETCH(float, std);
        torch::Tensor images = torch::empty({pixels.size(), 1, 4, 5}, torch::kUInt8);
        for (int i = 0; i < pixels.size(); ++i) {
            images[i].fill_(pixels[i]);
        }
        const lada::ChannelStats stats = lada::ChannelStats::compute(images);
        QCOMPARE(stats.mean.size(), std::size_t{1});
        QVERIFY(std::abs(stats.mean[0] - mean) < 1e-6f);
        QVERIFY(std::abs(stats.std[0] - std) < 1e-6f);
    }

    void channelsAreKeptApart()
    {
        // Channel 0 is 0 / 255, channel 1 is constant 255, channel 2 is 0 / 51.
        torch::Tensor images = torch::zeros({2, 3, 2, 2}, torch::kUInt8);
        images[1][0].fill_(255);
        images.select(1, 1).fill_(255);
        images[1][2].fill_(51);
        const lada::ChannelStats stats = lada::ChannelStats::compute(images);
        QCOMPARE(stats.mean.size(), std::size_t{3});
        QVERIFY(std::abs(stats.mean[0] - 0.5f) < 1e-6f);
        QVERIFY(std::abs(stats.mean[1] - 1.0f) < 1e-6f);
        QVERIFY(std::abs(stats.mean[2] - 0.1f) < 1e-6f);
        QVERIFY(std::abs(stats.std[0] - 0.5f) < 1e-6f);
        QCOMPARE(stats.std[1], 1.0f);
        QVERIFY(std::abs(stats.std[2] - 0.1f) < 1e-6f);
    }

    void mnistMatchesPublishedStatistics()
    {
        const lada::ChannelStats stats = lada::ChannelStats::compute(m_mnistTest.images);
        QVERIFY2(std::abs(stats.mean[0] - 0.1325f) < 5e-4f, qPrintable(QString::number(stats.mean[0])));
        QVERIFY2(std::abs(stats.std[0] - 0.3105f) < 5e-4f, qPrintable(QString::number(stats.std[0])));
    }

    void chunkedSumsMatchOneShot()
    {
        // 8.6 million values: three chunks, compared with one float64 pass.
        torch::manual_seed(7);
        const torch::Tensor images = torch::randint(0, 256, {700, 3, 64, 64}, torch::kUInt8);
        const lada::ChannelStats stats = lada::ChannelStats::compute(images);
        const torch::Tensor x = images.to(torch::kFloat64) / 255.0;
        const torch::Tensor mean = x.mean({0, 2, 3});
        const torch::Tensor sd = x.std({0, 2, 3}, /*unbiased=*/false);
        for (int c = 0; c < 3; ++c) {
            QVERIFY(std::abs(stats.mean[c] - mean[c].item<double>()) < 1e-6);
            QVERIFY(std::abs(stats.std[c] - sd[c].item<double>()) < 1e-6);
        }
    }

    void normalizeGivesZeroMeanUnitStd()
    {
        const lada::ChannelStats stats = lada::ChannelStats::compute(m_mnistTest.images);
        const torch::Tensor x = stats.normalize(m_mnistTest.images, torch::kCPU);
        QCOMPARE(x.scalar_type(), torch::kFloat32);
        QCOMPARE(x.sizes(), m_mnistTest.images.sizes());
        QVERIFY(std::abs(x.to(torch::kFloat64).mean().item<double>()) < 1e-4);
        QVERIFY(std::abs(x.to(torch::kFloat64).std(false).item<double>() - 1.0) < 1e-4);
        // One pixel by the formula.
        const double pixel = m_mnistTest.images[0][0][14][14].item<int>();
        const double expected = (pixel / 255.0 - stats.mean[0]) / stats.std[0];
        QVERIFY(std::abs(x[0][0][14][14].item<float>() - expected) < 1e-5);
    }

    void normalizeOnCudaMatchesCpu()
    {
        if (!torch::cuda::is_available()) {
            QSKIP("no CUDA device");
        }
        const lada::ChannelStats stats = lada::ChannelStats::compute(m_mnistTest.images);
        const torch::Tensor batch = m_mnistTest.images.narrow(0, 0, 256);
        const torch::Tensor gpu = stats.normalize(batch, torch::kCUDA);
        QVERIFY(gpu.is_cuda());
        QVERIFY(torch::allclose(gpu.cpu(), stats.normalize(batch, torch::kCPU), 1e-6, 1e-6));
    }

    void rejectsWhatIsNotAUint8Batch()
    {
        QVERIFY_THROWS_EXCEPTION(lada::DataError,
                                 lada::ChannelStats::compute(torch::zeros({2, 1, 4, 4}, torch::kInt32)));
        // Backbone embeddings (float16 [N, D, 1, 1]) are statistics on their own scale, not /255.
        const torch::Tensor embeddings = torch::tensor({1.0, 3.0, 5.0, 7.0}).view({4, 1, 1, 1}).to(torch::kHalf);
        const lada::ChannelStats e = lada::ChannelStats::compute(embeddings);
        QCOMPARE(e.mean[0], 4.0f);
        QVERIFY(std::abs(e.std[0] - std::sqrt(5.0f)) < 1e-5);
        QVERIFY(torch::allclose(e.normalize(embeddings, torch::kCPU).flatten(),
                                (torch::tensor({1.0f, 3.0f, 5.0f, 7.0f}) - 4.0f) / std::sqrt(5.0f)));
        QVERIFY_THROWS_EXCEPTION(lada::DataError, lada::ChannelStats::compute(torch::zeros({1, 4, 4}, torch::kUInt8)));
        QVERIFY_THROWS_EXCEPTION(lada::DataError,
                                 lada::ChannelStats::compute(torch::zeros({0, 1, 4, 4}, torch::kUInt8)));
        const lada::ChannelStats gray = lada::ChannelStats::compute(m_mnistTest.images.narrow(0, 0, 10));
        QVERIFY_THROWS_EXCEPTION(lada::DataError,
                                 gray.normalize(torch::zeros({2, 3, 4, 4}, torch::kUInt8), torch::kCPU));
    }
};

LADA_TEST_GUILESS_MAIN(TestChannelStats)
}  // namespace tst_channel_stats
#include "tst_channel_stats.moc"
