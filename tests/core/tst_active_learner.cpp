// SPDX-License-Identifier: MIT
#include "core/error.h"
#include "core/loop/active_learner.h"
#include "core/loop/round_report.h"
#include "test_support.h"
#include "tests/test_main.h"

namespace tst_active_learner {

using namespace lada;

namespace {

ExperimentConfig smallConfig(const std::string& strategy, uint64_t seed)
{
    ExperimentConfig c;
    c.strategy.kind = strategyFromString(strategy);
    c.seed = seed;
    c.rounds = 2;
    c.budget = 10;
    c.initial = 20;
    c.poolSubset = 200;
    c.training.epochs = 3;
    c.device = DeviceChoice::Cpu;
    return c;
}

struct RunTrace {
    std::vector<int64_t> queried;
    std::vector<double> accuracy;
};

RunTrace runOnce(const std::string& strategy, uint64_t seed)
{
    const Dataset all = test::mnistSample(60);
    ActiveLearner learner(all.subset(torch::arange(0, 500)), all.subset(torch::arange(500, 600)),
                          smallConfig(strategy, seed));
    SimulatedOracle oracle(learner.train());
    RunTrace t;
    for (const RoundReport& r : learner.run(oracle)) {
        t.accuracy.push_back(r.testAccuracy);
        for (int64_t row : r.proposal.queriedIndices())
            t.queried.push_back(row);
    }
    return t;
}

}  // namespace

class TestActiveLearner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameSeedRepeatsTheRun_data()
    {
        QTest::addColumn<QString>("strategy");
        for (const char* s : {"random", "entropy", "bald", "lada-entmix"})
            QTest::newRow(s) << s;
    }
    void sameSeedRepeatsTheRun()
    {
        QFETCH(QString, strategy);
        const RunTrace a = runOnce(strategy.toStdString(), 7);
        const RunTrace b = runOnce(strategy.toStdString(), 7);
        QCOMPARE(a.queried.size(), size_t(20));
        QCOMPARE(a.queried, b.queried);
        QCOMPARE(a.accuracy, b.accuracy);
        const RunTrace c = runOnce(strategy.toStdString(), 8);
        QVERIFY(a.queried != c.queried);
    }
    void initialSetIsBalancedOverClasses()
    {
        const Dataset all = test::mnistSample(30);
        ActiveLearner learner(all, std::nullopt, smallConfig("entropy", 1));
        const std::vector<int64_t> rows = learner.initialQueries();
        QCOMPARE(rows.size(), size_t(20));
        std::vector<int> perClass(10, 0);
        for (int64_t r : rows)
            ++perClass[size_t(all.labels[r].item<int64_t>())];
        for (int c = 0; c < 10; ++c)
            QCOMPARE(perClass[size_t(c)], 2);
    }
    void answersMoveImagesOutOfThePoolAndUndoRestoresThem()
    {
        ActiveLearner learner(test::mnistSample(30), std::nullopt, smallConfig("entropy", 1));
        QCOMPARE(learner.poolSize(), int64_t(300));
        learner.recordAnswer(5, 3);
        learner.recordAnswer(6, std::nullopt);  // skipped
        QCOMPARE(learner.poolSize(), int64_t(298));
        QCOMPARE(learner.labeledRows().size(), size_t(1));
        QCOMPARE(learner.skippedCount(), int64_t(1));
        QVERIFY(!learner.isInPool(6));
        QVERIFY_THROWS_EXCEPTION(Error, learner.recordAnswer(5, 4));   // answered twice
        QVERIFY_THROWS_EXCEPTION(Error, learner.recordAnswer(7, 10));  // no class 10
        learner.undoAnswer(6);
        learner.undoAnswer(5);
        QCOMPARE(learner.poolSize(), int64_t(300));
        QCOMPARE(learner.labeledRows().size(), size_t(0));
        QCOMPARE(learner.labelOf(5), int64_t(-1));
        QVERIFY_THROWS_EXCEPTION(Error, learner.undoAnswer(5));
    }
    void rejectsABudgetLargerThanThePool()
    {
        ExperimentConfig c = smallConfig("entropy", 1);
        c.rounds = 100;
        QVERIFY_THROWS_EXCEPTION(ConfigError, ActiveLearner(test::mnistSample(10), std::nullopt, c));
        // An unknown strategy cannot reach the learner: the typed configuration refuses its name.
        QVERIFY_THROWS_EXCEPTION(ConfigError, smallConfig("no-such-strategy", 1));
    }
    void curveSummaryIsTrapezoidalMeanAccuracy()
    {
        std::vector<RoundReport> r(3);
        r[0].labeledCount = 20;
        r[0].testAccuracy = 0.5;
        r[1].labeledCount = 30;
        r[1].testAccuracy = 0.7;
        r[1].round = 1;
        r[2].labeledCount = 40;
        r[2].testAccuracy = 0.6;
        r[2].round = 2;
        const CurveSummary s = summarizeCurve(r);
        QCOMPARE(s.finalAccuracy, 0.6);
        QCOMPARE(s.bestAccuracy, 0.7);
        QCOMPARE(s.bestRound, 1);
        QVERIFY(std::abs(s.areaUnderCurve - (0.5 * (0.5 + 0.7) * 10 + 0.5 * (0.7 + 0.6) * 10) / 20) < 1e-12);
    }
};

LADA_TEST_GUILESS_MAIN(TestActiveLearner)
}  // namespace tst_active_learner
#include "tst_active_learner.moc"
