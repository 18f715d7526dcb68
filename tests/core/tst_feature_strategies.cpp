// SPDX-License-Identifier: MIT
// Coreset, BADGE and CAL on the worked cases of ALGORITHMS.md 6.2, 6.3 and 6.6, and all four feature-space
// strategies (ALFA-Mix too) on real MNIST digits with cnn and resnet18: b distinct pool images, none
// labeled, the same ones for the same seed.
#include "core/acquisition/badge_strategy.h"
#include "core/acquisition/cal_strategy.h"
#include "core/acquisition/coreset_strategy.h"
#include "core/geometry/vector_search.h"
#include "core/training/trainer.h"
#include "test_support.h"
#include "tests/test_main.h"

#include <cmath>
#include <set>

namespace tst_feature_strategies {

using namespace lada;

namespace {

bool near(double a, double b, double tolerance = 1e-5)
{
    return std::abs(a - b) < tolerance;
}

// ALGORITHMS.md 6.2: labeled (0, 0); pool (1, 0), (4, 0), (0, 3), (5, 5), (2, 2).
torch::Tensor corePool()
{
    return torch::tensor({{1.0f, 0.0f}, {4.0f, 0.0f}, {0.0f, 3.0f}, {5.0f, 5.0f}, {2.0f, 2.0f}});
}

// A model trained briefly on 5 MNIST digits per class (resnet18: untrained, which is enough to exercise
// its shapes); labeled = every 6th row of 300 class-sorted digits, candidates the rest, shuffled.
struct Fixture {
    Dataset pool;
    ChannelStats stats;
    Classifier model;
    std::vector<int64_t> labeled, labels, candidates;
};

Fixture& fixture(const std::string& modelName)
{
    static std::map<std::string, Fixture> cache;
    if (!cache.count(modelName)) {
        Fixture& m = cache[modelName];
        torch::manual_seed(5);
        m.pool = test::mnistSample(modelName == "cnn" ? 30 : 6);
        for (int64_t i = 0; i < m.pool.size(); ++i)
            ((i % 6 == 0) ? m.labeled : m.candidates).push_back(i);
        const torch::Tensor lr = torch::tensor(m.labeled, torch::kLong);
        const torch::Tensor images = m.pool.images.index_select(0, lr), y = m.pool.labels.index_select(0, lr);
        for (int64_t i = 0; i < y.size(0); ++i)
            m.labels.push_back(y[i].item<int64_t>());
        m.stats = ChannelStats::compute(images);
        m.model = makeClassifier(modelName, {1, 28, 28, 10});
        if (modelName == "cnn") {
            TrainOptions o;
            o.epochs = 5;
            trainClassifier(*m.model, images, y, m.stats, torch::kCPU, o);
        }
        std::mt19937_64 shuffle(23);
        std::shuffle(m.candidates.begin(), m.candidates.end(), shuffle);
    }
    return cache[modelName];
}

std::vector<int64_t> propose(const std::string& strategy, const std::string& modelName, uint64_t seed, int64_t budget,
                             Proposal* out = nullptr)
{
    Fixture& f = fixture(modelName);
    StrategyOptions options;
    options.kind = strategyFromString(strategy);
    std::mt19937_64 rng(seed);
    const Progress quiet;  // a named default: GCC 12 warns about a braced {} std::function here
    AcquisitionContext ctx{*f.model, f.pool.images, f.stats, torch::kCPU, f.candidates,
                           budget,   rng,           quiet,   f.labeled,   f.labels};
    Proposal p = makeStrategy(options)->propose(ctx);
    if (out)
        *out = p;
    return p.queriedIndices();
}

}  // namespace

class TestFeatureStrategies : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void kCenterGreedyFollowsTheWorkedCase()
    {
        const KCenterResult r = kCenterGreedy(corePool(), torch::zeros({1, 2}), 5);
        QVERIFY(r.picks == (std::vector<int64_t>{3, 1, 2, 4, 0}));
        const std::vector<double> radius = {7.071068, 4.0, 3.0, 2.236068, 1.0};
        for (size_t i = 0; i < radius.size(); ++i)
            QVERIFY2(near(r.radius[i], radius[i]), qPrintable(QString::number(r.radius[i])));
        QVERIFY(kCenterGreedy(corePool(), torch::zeros({1, 2}), 3).picks == (std::vector<int64_t>{3, 1, 2}));
        // Centres in blocks of one give the same minimum distances.
        const torch::Tensor centres = torch::tensor({{0.0f, 0.0f}, {5.0f, 4.0f}});
        QVERIFY(kCenterGreedy(corePool(), centres, 5, 1).picks == kCenterGreedy(corePool(), centres, 5).picks);
    }
    void kCenterGreedyWithoutCentresStartsAtTheLowestRow()
    {
        // Every distance is +inf: the first maximum, row 0, wins.
        const KCenterResult r = kCenterGreedy(corePool(), torch::Tensor(), 2);
        QCOMPARE(r.picks[0], int64_t(0));
        QCOMPARE(r.picks[1], int64_t(3));  // (5, 5) is farthest from (1, 0)
        QVERIFY_THROWS_EXCEPTION(Error, kCenterGreedy(corePool(), torch::Tensor(), 6));
    }
    void badgeEmbeddingAndGramFormMatchTheWorkedCase()
    {
        const torch::Tensor p = torch::tensor({{0.7f, 0.3f}, {0.2f, 0.8f}});
        const torch::Tensor h = torch::tensor({{1.0f, 2.0f}, {0.5f, -1.0f}});
        const torch::Tensor g = badgeGradientEmbedding(p, h);
        // The paper's sign: (p - e_yhat) ⊗ h = -(0.3, 0.6, -0.3, -0.6).
        QVERIFY(torch::allclose(g[0], torch::tensor({-0.3f, -0.6f, 0.3f, 0.6f})));
        QVERIFY(torch::allclose(g[1], torch::tensor({0.1f, -0.2f, -0.1f, 0.2f})));
        QVERIFY(near(g[0].norm().item<double>(), 0.948683));
        QVERIFY(near(g[0].dot(g[1]).item<double>(), 0.18));
        const torch::Tensor d2 = badgeDistancesTo(badgeGradientFactor(p), h, 1);
        QVERIFY(near(d2[0].item<double>(), 0.64));
        QVERIFY(near(d2[0].item<double>(), (g[0] - g[1]).pow(2).sum().item<double>()));
        QVERIFY(near(d2[1].item<double>(), 0.0));
    }
    void badgeSeedsAtTheLargestNormThenByDSquared()
    {
        // 1-D embeddings {0, 1, 3} (a = 1, K = 1): the first centre is 3; the next is 0 with 9/13, 1 with 4/13.
        const torch::Tensor a = torch::ones({3, 1}), h = torch::tensor({{0.0f}, {1.0f}, {3.0f}});
        std::mt19937_64 rng(42);
        const int draws = 20000;
        int zeros = 0;
        for (int i = 0; i < draws; ++i) {
            const std::vector<int64_t> picks = badgeSeeding(a, h, 2, rng);
            QCOMPARE(picks[0], int64_t(2));
            QVERIFY(picks[1] != 2);
            zeros += picks[1] == 0 ? 1 : 0;
        }
        const double p = 9.0 / 13.0, se = std::sqrt(p * (1 - p) / draws);
        QVERIFY2(std::abs(double(zeros) / draws - p) < 3 * se, qPrintable(QString::number(double(zeros) / draws)));
    }
    void badgeSeedingNeverRepeatsWhenAllEmbeddingsCoincide()
    {
        std::mt19937_64 rng(1);
        std::vector<int64_t> picks = badgeSeeding(torch::ones({5, 2}), torch::ones({5, 3}), 5, rng);
        std::sort(picks.begin(), picks.end());
        QVERIFY(picks == (std::vector<int64_t>{0, 1, 2, 3, 4}));
    }
    void calInconsistencyMatchesTheWorkedCase()
    {
        // Views: original (0.6, 0.4), augmentations (0.8, 0.2) and (0.4, 0.6): population variance.
        const torch::Tensor p = torch::tensor({{{0.6f, 0.4f}}, {{0.8f, 0.2f}}, {{0.4f, 0.6f}}});
        QVERIFY(near(calInconsistency(p)[0].item<double>(), 0.053333));
        QVERIFY(near(calInconsistency(torch::full({6, 1, 10}, 0.1f))[0].item<double>(), 0.0));
    }

    void proposesBDistinctPoolImages_data()
    {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<QString>("model");
        for (const char* s : {"coreset", "badge", "alfa-mix", "cal"})
            for (const char* m : {"cnn", "resnet18"})
                QTest::newRow(qPrintable(QString("%1 %2").arg(s, m))) << QString(s) << QString(m);
    }
    void proposesBDistinctPoolImages()
    {
        QFETCH(QString, strategy);
        QFETCH(QString, model);
        if (strategy == "alfa-mix" && !haveVectorSearch())
            QSKIP("built without FAISS");
        const std::string s = strategy.toStdString(), m = model.toStdString();
        const int64_t b = 10;
        Proposal p;
        const std::vector<int64_t> rows = propose(s, m, 3, b, &p);
        QCOMPARE(int64_t(rows.size()), b);
        QCOMPARE(int64_t(std::set<int64_t>(rows.begin(), rows.end()).size()), b);
        const Fixture& f = fixture(m);
        const std::set<int64_t> pool(f.candidates.begin(), f.candidates.end());
        for (const int64_t r : rows) {
            QVERIFY(pool.count(r) == 1);
            QVERIFY(r % 6 != 0);  // the labeled rows
        }
        QVERIFY(propose(s, m, 3, b) == rows);  // the same seed, the same queries
        if (s == "cal") {
            QCOMPARE(p.virtualPairs.size(), size_t(b / 2));  // mixup after the acquisition
            const std::set<int64_t> queried(rows.begin(), rows.end());
            for (const VirtualPair& v : p.virtualPairs)
                QVERIFY(queried.count(v.a) == 1 && queried.count(v.b) == 1 && v.a != v.b);
            for (size_t i = 1; i < p.queries.size(); ++i)
                QVERIFY(p.queries[i - 1].score >= p.queries[i].score);
        }
    }
    void coresetFirstPickIsFarthestFromTheLabeledSet()
    {
        Fixture& f = fixture("cnn");
        torch::NoGradGuard noGrad;
        f.model->eval();
        auto embed = [&](const std::vector<int64_t>& rows) {
            const torch::Tensor x = f.pool.images.index_select(0, torch::tensor(rows, torch::kLong));
            return f.model->embedding(f.stats.normalize(x, torch::kCPU)).to(torch::kDouble);
        };
        const torch::Tensor nearest = std::get<0>(torch::cdist(embed(f.candidates), embed(f.labeled)).min(1));
        const int64_t farthest = nearest.argmax().item<int64_t>();
        QCOMPARE(propose("coreset", "cnn", 0, 5)[0], f.candidates[static_cast<size_t>(farthest)]);
    }
    void badgeDependsOnTheSeedBeyondItsFirstCentre()
    {
        const std::vector<int64_t> a = propose("badge", "cnn", 1, 10), b = propose("badge", "cnn", 2, 10);
        QCOMPARE(a[0], b[0]);  // the largest gradient norm, whatever the seed
        QVERIFY(a != b);
    }
};

LADA_TEST_GUILESS_MAIN(TestFeatureStrategies)
}  // namespace tst_feature_strategies
#include "tst_feature_strategies.moc"
