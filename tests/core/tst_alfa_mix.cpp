// SPDX-License-Identifier: MIT
// ALFA-Mix's pieces on the worked cases of ALGORITHMS.md 6.1 (a 2-D toy whose head is the identity), and
// the strategy on real MNIST digits: b distinct pool images, the same ones for the same seed, and the
// zero- and few-candidate rounds.
#include "core/acquisition/alfa_mix.h"
#include "core/acquisition/alfa_mix_strategy.h"
#include "core/geometry/vector_search.h"
#include "core/training/trainer.h"
#include "test_support.h"
#include "tests/test_main.h"

#include <cmath>
#include <set>

namespace tst_alfa_mix {

using namespace lada;

namespace {

bool near(double a, double b, double tolerance = 1e-5)
{
    return std::abs(a - b) < tolerance;
}

const FeatureHead kIdentity = [](const torch::Tensor& z) { return z; };

// ALGORITHMS.md 6.1 T1: z^u = (1, 0.5), anchors z*_0 = (2, 0), z*_1 = (0, 2), W = I.
torch::Tensor toyPoint()
{
    return torch::tensor({{1.0f, 0.5f}});
}
torch::Tensor toyAnchors()
{
    return torch::tensor({{2.0f, 0.0f}, {0.0f, 2.0f}});
}

// A cnn trained briefly on 10 MNIST digits per class; labeled = rows [0, 100) of `pool` with their labels.
struct Fixture {
    Dataset pool;
    ChannelStats stats;
    Classifier model;
    std::vector<int64_t> labeled, labels, candidates;
};

Fixture& fixture()
{
    static Fixture f = [] {
        Fixture m;
        torch::manual_seed(3);
        m.pool = test::mnistSample(60);  // 600 images, class-sorted
        std::vector<int64_t> rows;
        for (int64_t i = 0; i < m.pool.size(); ++i)
            ((i % 6 == 0) ? m.labeled : m.candidates).push_back(i);
        const torch::Tensor lr = torch::tensor(m.labeled, torch::kLong);
        const torch::Tensor images = m.pool.images.index_select(0, lr), y = m.pool.labels.index_select(0, lr);
        for (int64_t i = 0; i < y.size(0); ++i)
            m.labels.push_back(y[i].item<int64_t>());
        m.stats = ChannelStats::compute(images);
        m.model = makeClassifier("cnn", {1, 28, 28, 10});
        TrainOptions o;
        o.epochs = 5;
        trainClassifier(*m.model, images, y, m.stats, torch::kCPU, o);
        std::mt19937_64 shuffle(17);
        std::shuffle(m.candidates.begin(), m.candidates.end(), shuffle);
        return m;
    }();
    return f;
}

Proposal proposeOnMnist(uint64_t seed, int64_t budget, bool withLabeled)
{
    Fixture& f = fixture();
    std::mt19937_64 rng(seed);
    const Progress quiet;  // a named default: GCC 12 warns about a braced {} std::function here
    AcquisitionContext ctx{*f.model,
                           f.pool.images,
                           f.stats,
                           torch::kCPU,
                           f.candidates,
                           budget,
                           rng,
                           quiet,
                           withLabeled ? f.labeled : std::vector<int64_t>{},
                           withLabeled ? f.labels : std::vector<int64_t>{}};
    return AlfaMixStrategy().propose(ctx);
}

void checkDistinctPoolImages(const Proposal& p, int64_t budget)
{
    const Fixture& f = fixture();
    const std::vector<int64_t> rows = p.queriedIndices();
    QCOMPARE(int64_t(rows.size()), budget);
    const std::set<int64_t> distinct(rows.begin(), rows.end());
    QCOMPARE(int64_t(distinct.size()), budget);
    const std::set<int64_t> pool(f.candidates.begin(), f.candidates.end());
    for (const int64_t r : rows) {
        QVERIFY(pool.count(r) == 1);  // a candidate, so never a labeled row
        QVERIFY(r % 6 != 0);
    }
}

}  // namespace

class TestAlfaMix : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mixedFeaturesMatchTheWorkedTable_data()
    {
        QTest::addColumn<double>("cap");
        QTest::addColumn<int>("anchor");
        QTest::addColumn<double>("x");
        QTest::addColumn<double>("y");
        QTest::addColumn<double>("alphaX");
        QTest::addColumn<double>("alphaY");
        QTest::newRow("0.2 anchor 0") << 0.2 << 0 << 0.888197 << 0.611803 << -0.111803 << -0.223607;
        QTest::newRow("0.2 anchor 1") << 0.2 << 1 << 0.819722 << 0.680278 << 0.180278 << 0.120185;
        QTest::newRow("0.4 anchor 0") << 0.4 << 0 << 0.776393 << 0.723607 << -0.223607 << -0.447214;
        QTest::newRow("0.4 anchor 1") << 0.4 << 1 << 0.639445 << 0.860555 << 0.360555 << 0.240370;
        QTest::newRow("0.6 anchor 0") << 0.6 << 0 << 0.664590 << 0.835410 << -0.335410 << -0.670820;
    }
    void mixedFeaturesMatchTheWorkedTable()
    {
        QFETCH(double, cap);
        QFETCH(int, anchor);
        QFETCH(double, x);
        QFETCH(double, y);
        QFETCH(double, alphaX);
        QFETCH(double, alphaY);
        // grad = W^T (p - e_0) = (-0.377541, 0.377541): unit (-1, 1) / sqrt 2.
        const torch::Tensor unit = torch::tensor({{-1.0f, 1.0f}}) / std::sqrt(2.0f);
        const double epsilon = cap / std::sqrt(2.0);
        const torch::Tensor a = toyAnchors().slice(0, anchor, anchor + 1);
        const torch::Tensor mixed = alfaMixMixed(toyPoint(), unit, a, epsilon)[0][0];
        QVERIFY2(near(mixed[0].item<double>(), x) && near(mixed[1].item<double>(), y),
                 qPrintable(QString("%1 %2").arg(mixed[0].item<double>()).arg(mixed[1].item<double>())));
        const double alphaNorm = alfaMixAlphaNorm(toyPoint(), unit, a[0], epsilon)[0].item<double>();
        QVERIFY(near(alphaNorm, std::hypot(alphaX, alphaY)));
    }
    void toyPointFlipsAtTheSecondCapThroughTheOtherAnchor()
    {
        const AlfaMixSearch s = alfaMixSearch(toyPoint(), toyAnchors(), kIdentity, /*budget=*/0);
        QCOMPARE(s.count, int64_t(1));
        QVERIFY(s.candidate[0]);
        QCOMPARE(s.epsilon[0], 0.4);
        QCOMPARE(s.lastCap, 0.4);  // |I| = 1 > b = 0: the search stops here
        QVERIFY(s.flipClasses[0] == std::vector<int>{1});
        QCOMPARE(s.predictionBefore[0], 0);
        QCOMPARE(s.predictionAfter[0], 1);
        QVERIFY(near(s.alphaNorm[0], std::hypot(0.360555, 0.240370)));
    }
    void ownClassAnchorAloneFlipsAtTheThirdCap()
    {
        const AlfaMixSearch s = alfaMixSearch(toyPoint(), toyAnchors().slice(0, 0, 1), kIdentity, 0);
        QVERIFY(s.candidate[0]);
        QCOMPARE(s.epsilon[0], 0.2 + 0.2 + 0.2);  // 0.6000000000000001, the grid's accumulated value
        QVERIFY(s.flipClasses[0] == std::vector<int>{0});
    }
    void searchStopsOnlyWhenCandidatesExceedTheBudget()
    {
        // |I| = b = 1 is not enough: the grid runs to its last cap.
        const AlfaMixSearch s = alfaMixSearch(toyPoint(), toyAnchors(), kIdentity, /*budget=*/1);
        QCOMPARE(s.count, int64_t(1));
        QCOMPARE(s.lastCap, 1.0);
        QCOMPARE(s.epsilon[0], 0.4);  // the first flip is kept
    }
    void saturatedSoftmaxNeverFlips()
    {
        // p = (1, 0) in float32: the gradient is exactly 0 and Eq. 5 would divide by it.
        const AlfaMixSearch s =
            alfaMixSearch(torch::tensor({{100.0f, -100.0f}}), torch::tensor({{-500.0f, 500.0f}}), kIdentity, 0);
        QCOMPARE(s.count, int64_t(0));
        QCOMPARE(s.lastCap, 1.0);
        QVERIFY(std::isnan(s.epsilon[0]));
        QCOMPARE(s.predictionAfter[0], -1);
    }
    void capsFollowTheAuthorsAccumulation()
    {
        const std::vector<double> caps = alfaMixCaps(0.2);
        QCOMPARE(caps.size(), size_t(5));
        QCOMPARE(caps[2], 0.6000000000000001);
        QCOMPARE(caps.back(), 1.0);
        const std::vector<double> fine = alfaMixCaps(1.0 / 32);
        QCOMPARE(fine.size(), size_t(32));
        QCOMPARE(fine.back(), 1.0);
        QVERIFY_THROWS_EXCEPTION(Error, alfaMixCaps(0.0));  // would never reach 1.0
    }
    void classWithoutLabelsGetsTheGlobalMean()
    {
        const torch::Tensor z = torch::tensor({{1.0f, 0.0f}, {3.0f, 0.0f}, {0.0f, 2.0f}});
        const torch::Tensor a = alfaMixAnchors(z, {0, 0, 1}, 3);
        QVERIFY(torch::allclose(a, torch::tensor({{2.0f, 0.0f}, {0.0f, 2.0f}, {4.0f / 3, 2.0f / 3}})));
        QVERIFY_THROWS_EXCEPTION(Error, alfaMixAnchors(z, {0, 0, 3}, 3));
    }
    void kMeansPicksTheMemberNearestEachCentre()
    {
        if (!haveVectorSearch())
            QSKIP("built without FAISS");
        const torch::Tensor points = torch::tensor(
            {{1.0f, 0.0f}, {0.995f, 0.0998f}, {0.980f, 0.1987f}, {0.0f, 1.0f}, {0.0998f, 0.995f}, {0.1987f, 0.980f}});
        std::vector<int64_t> picks = nearestToCentres(points, 2, 7);
        std::sort(picks.begin(), picks.end());
        QVERIFY(picks == (std::vector<int64_t>{1, 4}));
        QCOMPARE(nearestToCentres(points, 10, 7).size(), size_t(6));  // k clamped to N: every point
    }
    void fillTakesUnpickedCandidatesThenTheRestWithoutRepeats()
    {
        std::vector<char> candidate(20, 0);
        candidate[4] = candidate[9] = candidate[15] = 1;
        // One cluster came back empty: candidate 9 was not picked.
        const std::vector<int64_t> filled = alfaMixFill({15, 4}, candidate, 10);
        QVERIFY(filled == (std::vector<int64_t>{15, 4, 9, 0, 1, 2, 3, 5, 6, 7}));
        QVERIFY(alfaMixFill({}, std::vector<char>(20, 0), 10) == (std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
        QCOMPARE(alfaMixFill({}, std::vector<char>(3, 0), 10).size(), size_t(3));
    }

    void proposesBDistinctPoolImagesOnMnist()
    {
        if (!haveVectorSearch())
            QSKIP("built without FAISS");
        const Proposal p = proposeOnMnist(1, 10, true);
        checkDistinctPoolImages(p, 10);
        QVERIFY(p.diagnostics.alfaMixCandidates > 10);  // a briefly trained cnn has plenty of flips
        for (const Query& q : p.queries) {
            QVERIFY(q.alfaMix.has_value());
            QVERIFY(q.alfaMix->candidate);  // |I| > b: every pick comes from k-means over I
            QVERIFY(!q.alfaMix->flipClasses.empty());
            QVERIFY(q.alfaMix->predictionAfter != q.alfaMix->predictionBefore);
            QVERIFY(q.alfaMix->epsilon > 0.0 && q.alfaMix->epsilon <= p.diagnostics.alfaMixEpsilon);
            QVERIFY(std::isfinite(q.alfaMix->alphaNorm) && q.alfaMix->alphaNorm > 0.0);
        }
    }
    void sameSeedSameQueries()
    {
        if (!haveVectorSearch())
            QSKIP("built without FAISS");
        QVERIFY(proposeOnMnist(5, 10, true).queriedIndices() == proposeOnMnist(5, 10, true).queriedIndices());
    }
    void noAnchorsMeansNoCandidatesAndARandomFill()
    {
        // Without a labeled image there are no anchors, so I is empty ([C-ALFA] crashes here).
        const Proposal p = proposeOnMnist(1, 10, false);
        checkDistinctPoolImages(p, 10);
        QCOMPARE(p.diagnostics.alfaMixCandidates, int64_t(0));
        const Fixture& f = fixture();
        for (size_t i = 0; i < 10; ++i) {
            QCOMPARE(p.queries[i].indices[0], f.candidates[i]);  // the shuffled order: a seeded draw
            QVERIFY(!p.queries[i].alfaMix->candidate);
        }
    }
    void fewCandidatesAreAllQueriedAndTheRestFilled()
    {
        if (!haveVectorSearch())
            QSKIP("built without FAISS");
        // b = 400 of 500 candidates: the grid reaches cap 1.0 with |I| < b.
        const Proposal p = proposeOnMnist(1, 400, true);
        checkDistinctPoolImages(p, 400);
        const int64_t flipped = p.diagnostics.alfaMixCandidates;
        QVERIFY2(flipped > 0 && flipped < 400, qPrintable(QString::number(flipped)));
        QCOMPARE(p.diagnostics.alfaMixEpsilon, 1.0);
        int64_t fromCandidates = 0;
        for (size_t i = 0; i < p.queries.size(); ++i) {
            const bool candidate = p.queries[i].alfaMix->candidate;
            // Candidates come first, then the fill.
            QVERIFY(candidate == (int64_t(i) < flipped));
            fromCandidates += candidate ? 1 : 0;
        }
        QCOMPARE(fromCandidates, flipped);
    }
};

LADA_TEST_GUILESS_MAIN(TestAlfaMix)
}  // namespace tst_alfa_mix
#include "tst_alfa_mix.moc"
