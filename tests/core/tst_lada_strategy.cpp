// SPDX-License-Identifier: MIT
#include "core/acquisition/info_mixup.h"
#include "core/acquisition/lada_strategy.h"
#include "core/acquisition/uncertainty.h"
#include "core/augmentation/beta_sampler.h"
#include "core/loop/active_learner.h"
#include "core/training/trainer.h"
#include "test_support.h"
#include "tests/test_main.h"

namespace tst_lada_strategy {

using namespace lada;

namespace {

// A cnn trained for a few epochs on 20 real MNIST digits per class: uncertain enough to be interesting.
struct TrainedModel {
    Dataset pool;
    ChannelStats stats;
    Classifier model;
};

TrainedModel& trainedModel()
{
    static TrainedModel t = [] {
        TrainedModel m;
        torch::manual_seed(11);
        const Dataset labeled = test::mnistSample(20);
        m.pool = test::mnistSample(120).subset(torch::arange(200, 1200));
        m.stats = ChannelStats::compute(labeled.images);
        m.model = makeClassifier("cnn", {1, 28, 28, 10});
        TrainOptions o;
        o.epochs = 10;
        trainClassifier(*m.model, labeled.images, labeled.labels, m.stats, torch::kCPU, o);
        return m;
    }();
    return t;
}

}  // namespace

class TestLadaStrategy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void pairScoreIsTheSumOfItsTerms()
    {
        TrainedModel& t = trainedModel();
        StrategyOptions o;
        o.kind = StrategyKind::LadaEntMix;
        o.gamma = 0.5;
        o.policyEpochs = 2;
        o.mixLayerMin = o.mixLayerMax = 1;
        LadaStrategy strategy(o);
        std::mt19937_64 rng(1);
        std::vector<int64_t> candidates;
        for (int64_t i = 0; i < 200; ++i)
            candidates.push_back(i);
        AcquisitionContext ctx{*t.model, t.pool.images, t.stats, torch::kCPU, candidates, 10, rng, {}, {}, {}};
        const Proposal p = strategy.propose(ctx);
        QCOMPARE(p.queries.size(), size_t(5));
        const torch::Tensor logits = predictLogits(*t.model, t.pool.images, t.stats, torch::kCPU);
        const torch::Tensor h = entropyBits(logits);
        for (const Query& q : p.queries) {
            QCOMPARE(q.indices.size(), size_t(2));
            const double ha = h[q.indices[0]].item<double>(), hb = h[q.indices[1]].item<double>();
            QVERIFY(std::abs(q.imageScores[0] - ha) < 1e-4);
            QVERIFY(std::abs(q.imageScores[1] - hb) < 1e-4);
            QVERIFY(q.virtualEntropy >= 0.0 && q.virtualEntropy <= std::log2(10.0) + 1e-6);
            QVERIFY(std::abs(q.score - (ha + hb + 0.5 * q.virtualEntropy)) < 1e-4);
        }
        // Ranked: the first query has the highest Eq. 13 score.
        for (size_t i = 1; i < p.queries.size(); ++i)
            QVERIFY(p.queries[i - 1].score >= p.queries[i].score);
        QCOMPARE(p.diagnostics.tauAll.size(), size_t(100));
        QCOMPARE(p.diagnostics.policyLoss.size(), size_t(2));
    }

    void virtualTermAveragesEntropyOfMixedMaps()
    {
        // (1/N) sum_n H[head(lambda_n h_a + (1 - lambda_n) h_b)] by hand, with the same lambda draws.
        TrainedModel& t = trainedModel();
        torch::NoGradGuard noGrad;
        t.model->eval();
        const torch::Tensor x = t.stats.normalize(t.pool.images.slice(0, 0, 8), torch::kCPU);
        const torch::Tensor h = t.model->features(x, 2);
        const torch::Tensor a = h.slice(0, 0, 4), b = h.slice(0, 4, 8);
        const torch::Tensor tau = torch::tensor({0.3f, 0.8f, 1.5f, 4.0f});
        torch::manual_seed(99);
        const torch::Tensor got = virtualInstanceScores(*t.model, 2, a, b, tau, 6, AcquisitionScore::Entropy, 5);
        torch::manual_seed(99);
        const torch::Tensor lambda = sampleBeta(tau.unsqueeze(0).repeat({6, 1}));
        for (int64_t p = 0; p < 4; ++p) {
            double sum = 0.0;
            for (int64_t n = 0; n < 6; ++n) {
                const double l = lambda[n][p].item<double>();
                const torch::Tensor mixed = l * a.narrow(0, p, 1) + (1.0 - l) * b.narrow(0, p, 1);
                sum += entropyBits(t.model->head(mixed, 2))[0].item<double>();
            }
            QVERIFY2(std::abs(got[p].item<double>() - sum / 6.0) < 1e-4, qPrintable(QString("pair %1").arg(p)));
        }
    }

    void curveTableFollowsTheMixingLine()
    {
        // With the classifier frozen, s(lambda) of a pair is a fixed function of lambda: the curve
        // objective tabulates it at 9 nodes. At the nodes it must be the head's own score; between them,
        // the interpolation error is what the curve objective gives up against the exact one.
        TrainedModel& t = trainedModel();
        torch::NoGradGuard noGrad;
        t.model->eval();
        const torch::Tensor h = t.model->features(t.stats.normalize(t.pool.images.slice(0, 0, 400), torch::kCPU), 1);
        const torch::Tensor a = h.slice(0, 0, 200).contiguous(), b = h.slice(0, 200, 400).contiguous();
        const torch::Tensor sA = entropyBits(t.model->head(a, 1)), sB = entropyBits(t.model->head(b, 1));
        const torch::Tensor table = tabulateMixingCurve(*t.model, 1, a, b, sA, sB, 9, AcquisitionScore::Entropy, 64);
        QCOMPARE(table.sizes().vec(), (std::vector<int64_t>{200, 9}));
        const torch::Tensor nodes = torch::linspace(0.0, 1.0, 9).unsqueeze(1).repeat({1, 200});  // [9, 200]
        const torch::Tensor atNodes = mixedScores(*t.model, 1, a, b, nodes, AcquisitionScore::Entropy, 64).t();
        QVERIFY(torch::allclose(table, atNodes, 1e-4, 1e-4));

        torch::manual_seed(5);
        const torch::Tensor lambda = torch::rand({200, 10});
        const torch::Tensor exact =
            mixedScores(*t.model, 1, a, b, lambda.t().contiguous(), AcquisitionScore::Entropy, 64).t();
        const torch::Tensor err = (interpolateCurve(table, lambda) - exact).abs();
        // The estimator the policy is trained on: E over Beta(tau, tau) lambdas, 20 a pair.
        const torch::Tensor beta = sampleBeta(torch::full({200, 20}, 0.9));
        const double curveMean = interpolateCurve(table, beta).mean().item<double>();
        const double exactMean =
            mixedScores(*t.model, 1, a, b, beta.t().contiguous(), AcquisitionScore::Entropy, 64).mean().item<double>();
        qInfo("curve vs head at uniform lambdas: mean |error| %.4f bits, max %.4f bits (scores up to %.2f bits); "
              "Beta(0.9, 0.9) mean %.4f vs %.4f bits",
              err.mean().item<double>(), err.max().item<double>(), exact.max().item<double>(), curveMean, exactMean);
        QVERIFY(err.mean().item<double>() < 0.06);        // measured 0.036 bits (max 0.64 where a curve bends sharply)
        QVERIFY(std::abs(curveMean - exactMean) < 0.01);  // measured 0.0013 bits: the errors cancel in the mean
    }

    void queriesExactlyBudgetDistinctPoolImages_data()
    {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<int>("budget");
        QTest::newRow("lada-entmix b=10") << "lada-entmix" << 10;
        QTest::newRow("lada-varmix-fixed b=10") << "lada-varmix-fixed" << 10;
        QTest::newRow("lada-entmix-fixed b=7") << "lada-entmix-fixed" << 7;
        QTest::newRow("ent-manifold-mixup b=10") << "ent-manifold-mixup" << 10;
    }
    void queriesExactlyBudgetDistinctPoolImages()
    {
        QFETCH(QString, strategy);
        QFETCH(int, budget);
        ExperimentConfig c;
        c.strategy.kind = strategyFromString(strategy.toStdString());
        c.strategy.policyEpochs = 2;
        c.budget = budget;
        c.initial = 20;
        c.rounds = 2;
        c.poolSubset = 300;
        c.training.epochs = 2;
        c.device = DeviceChoice::Cpu;
        ActiveLearner learner(test::mnistSample(40), std::nullopt, c);
        SimulatedOracle oracle(learner.train());
        for (int64_t r : learner.initialQueries())
            learner.recordAnswer(r, oracle.label(r));
        learner.trainInitial();
        for (int round = 0; round < 2; ++round) {
            const Proposal p = learner.proposeRound();
            const std::vector<int64_t> rows = p.queriedIndices();
            QCOMPARE(int(rows.size()), budget);
            QCOMPARE(int(std::set<int64_t>(rows.begin(), rows.end()).size()), budget);
            for (int64_t r : rows)
                QVERIFY(learner.isInPool(r));
            for (int64_t r : rows)
                learner.recordAnswer(r, oracle.label(r));
            const RoundReport report = learner.completeRound();
            QCOMPARE(report.virtualInstances, int64_t(budget / 2));
        }
        QCOMPARE(int64_t(learner.labeledRows().size()), int64_t(20 + 2 * budget));
    }

    void policyTrainingRaisesVirtualEntropyAboveFixedTau()
    {
        // A measured claim on real digits: InfoMixup's learned tau* yields more uncertain virtual
        // instances than a fixed tau on the same pairs of the same trained model.
        TrainedModel& t = trainedModel();
        torch::manual_seed(21);
        torch::Tensor maps;
        {
            torch::NoGradGuard noGrad;
            t.model->eval();
            maps = t.model->features(t.stats.normalize(t.pool.images.slice(0, 0, 800), torch::kCPU), 1);
        }
        const torch::Tensor a = maps.slice(0, 0, 400).contiguous(), b = maps.slice(0, 400, 800).contiguous();
        const torch::Tensor fixedTau = torch::full({400}, 2.0);
        const double fixed = virtualInstanceScores(*t.model, 1, a, b, fixedTau, 20, AcquisitionScore::Entropy, 512)
                                 .mean()
                                 .item<double>();
        PolicyGeneratorOptions po;
        po.mapChannels = a.size(1);
        po.height = a.size(2);
        po.width = a.size(3);
        po.tauMax = 8.0;
        PolicyGenerator policy(po);
        InfoMixupOptions io;
        io.learningRate = 1e-3;
        io.epochs = 10;
        const InfoMixupResult r = trainMixingPolicy(*t.model, 1, a, b, policy, io);
        const double learned =
            virtualInstanceScores(*t.model, 1, a, b, r.tau, 20, AcquisitionScore::Entropy, 512).mean().item<double>();
        qInfo("mean virtual entropy: fixed tau 2.0 %.4f bits, learned tau* %.4f bits (median tau* %.3f)", fixed,
              learned, r.tau.median().item<double>());
        QVERIFY(r.epochLoss.back() < r.epochLoss.front());
        QVERIFY(learned > fixed);

        // The same training in micro-batches of 25 pairs (how resnet18 bounds the policy's memory): one
        // Adam step per batch of 100 still, so it learns the same way.
        PolicyGenerator micro(po);
        io.microBatchPairs = 25;
        const InfoMixupResult rm = trainMixingPolicy(*t.model, 1, a, b, micro, io);
        const double learnedMicro =
            virtualInstanceScores(*t.model, 1, a, b, rm.tau, 20, AcquisitionScore::Entropy, 512).mean().item<double>();
        qInfo("micro-batches of 25 pairs: learned tau* %.4f bits (median tau* %.3f)", learnedMicro,
              rm.tau.median().item<double>());
        QCOMPARE(int(rm.epochLoss.size()), io.epochs);
        QVERIFY(rm.epochLoss.back() < rm.epochLoss.front());
        QVERIFY(learnedMicro > fixed);
    }

    void inspectingAVirtualInstanceGivesDistributions()
    {
        TrainedModel& t = trainedModel();
        const VirtualInstanceView v =
            inspectVirtualInstance(*t.model, t.pool.images[0], t.pool.images[1], 1, 0.3, t.stats, torch::kCPU);
        QCOMPARE(v.featureMix.size(), size_t(10));
        QCOMPARE(v.inputMix.size(), size_t(10));
        QCOMPARE(v.mixedImage.size(), size_t(28 * 28));
        QVERIFY(std::abs(std::accumulate(v.featureMix.begin(), v.featureMix.end(), 0.0) - 1.0) < 1e-4);
        const int pixel = 28 * 14 + 14;
        const double expected =
            0.3 * t.pool.images[0][0][14][14].item<double>() + 0.7 * t.pool.images[1][0][14][14].item<double>();
        QVERIFY(std::abs(v.mixedImage[pixel] - expected) <= 0.5 + 1e-6);
        // lambda = 1 at the feature level is image a itself.
        const VirtualInstanceView one =
            inspectVirtualInstance(*t.model, t.pool.images[0], t.pool.images[1], 1, 1.0, t.stats, torch::kCPU);
        const torch::Tensor pa =
            torch::softmax(predictLogits(*t.model, t.pool.images.slice(0, 0, 1), t.stats, torch::kCPU), 1);
        for (int c = 0; c < 10; ++c)
            QVERIFY(std::abs(one.featureMix[size_t(c)] - pa[0][c].item<float>()) < 1e-4);
    }
};

LADA_TEST_GUILESS_MAIN(TestLadaStrategy)
}  // namespace tst_lada_strategy
#include "tst_lada_strategy.moc"
