// SPDX-License-Identifier: MIT
#include "core/embedding/tsne.h"
#include "core/error.h"
#include "test_support.h"

#include <atomic>

using namespace lada;

namespace {

/** 100 images each of digits 0, 3 and 7 as float [300, 784] in [0, 1], with their labels. */
std::pair<torch::Tensor, torch::Tensor> threeDigits()
{
    const Dataset d = test::mnistSample(100);
    const torch::Tensor keep = (d.labels == 0) | (d.labels == 3) | (d.labels == 7);
    const torch::Tensor rows = keep.nonzero().squeeze(1);
    return {d.images.index_select(0, rows).flatten(1).to(torch::kFloat) / 255.0, d.labels.index_select(0, rows)};
}

/** Leave-one-out k-nearest-neighbour accuracy of a 2-D map [N, 2]. */
double knnAccuracy(const torch::Tensor& map, const torch::Tensor& labels, int k)
{
    torch::Tensor d = torch::cdist(map, map);
    d.fill_diagonal_(std::numeric_limits<float>::infinity());
    const torch::Tensor nearest = std::get<1>(d.topk(k, 1, /*largest=*/false));
    const torch::Tensor votes = labels.index({nearest});  // [N, k]
    int64_t correct = 0;
    for (int64_t i = 0; i < map.size(0); ++i) {
        const torch::Tensor counts = torch::bincount(votes[i], {}, 10);
        correct += counts.argmax().item<int64_t>() == labels[i].item<int64_t>();
    }
    return static_cast<double>(correct) / static_cast<double>(map.size(0));
}

}  // namespace

class TestTsne : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void separatesThreeDigitClasses()
    {
        const auto [x, y] = threeDigits();
        QCOMPARE(x.size(0), 300);
        TsneOptions options;
        options.iterations = 400;
        const torch::Tensor map = tsne(x, options);
        QVERIFY(map.size(0) == 300 && map.size(1) == 2);
        QVERIFY(torch::isfinite(map).all().item<bool>());
        const double accuracy = knnAccuracy(map, y, 5);
        qInfo("5-NN accuracy in the t-SNE map: %.3f (chance 0.333)", accuracy);
        QVERIFY2(accuracy > 0.85, qPrintable(QString::number(accuracy)));
    }
    void sameSeedSameMap()
    {
        const torch::Tensor x = threeDigits().first.narrow(0, 0, 60);
        TsneOptions options;
        options.iterations = 60;
        options.seed = 7;
        QVERIFY(torch::equal(tsne(x, options), tsne(x, options)));
    }
    void reportsProgressAndStopsOnCancel()
    {
        const torch::Tensor x = threeDigits().first.narrow(0, 0, 50);
        std::atomic<bool> cancel{false};
        int64_t lastDone = -1;
        Progress progress;
        progress.cancel = &cancel;
        progress.report = [&](const std::string& phase, int64_t done, int64_t total) {
            QCOMPARE(QString::fromStdString(phase), QStringLiteral("t-SNE"));
            QCOMPARE(total, 1000);
            lastDone = done;
            if (done >= 100)
                cancel = true;
        };
        TsneOptions options;
        options.iterations = 1000;
        QVERIFY_THROWS_EXCEPTION(Cancelled, tsne(x, options, progress));
        QVERIFY(lastDone >= 100 && lastDone < 1000);
    }
    void rejectsTooFewPointsOrWrongShape()
    {
        QVERIFY_THROWS_EXCEPTION(ConfigError, tsne(torch::rand({3, 5})));
        QVERIFY_THROWS_EXCEPTION(ConfigError, tsne(torch::rand({10})));
    }
    void runsOnCuda()
    {
        if (!torch::cuda::is_available())
            QSKIP("no CUDA device");
        const auto [x, y] = threeDigits();
        TsneOptions options;
        options.iterations = 300;
        const torch::Tensor map = tsne(x.to(torch::kCUDA), options);
        QVERIFY(map.is_cuda());
        QVERIFY(knnAccuracy(map.cpu(), y, 5) > 0.85);
    }
};

QTEST_GUILESS_MAIN(TestTsne)
#include "tst_tsne.moc"
