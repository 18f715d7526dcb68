// SPDX-License-Identifier: MIT
// The experiment summary (issue 13) on tests/data/experiment, whose numbers were chosen so that every
// expected value below is worked out by hand (the arithmetic is beside it). The folder, as lada-cli
// experiment lays it out (runs/<dataset>/<label>/seed-<n>/result.json, each rounds 0..2, 20 + 10 r labeled):
//   mnist/random       seeds 1-4  accuracy per round s1 .50 .60 .70 | s2 .52 .62 .72 | s3 .54 .64 .74 |
//                                 s4 .56 .66 .76; seconds of rounds 1, 2: s1 3, 5 | s2 4, 6 | s3 5, 7 | s4 5, 5
//   mnist/entropy      seeds 1-3  s1 .50 .64 .74 | s2 .52 .66 .80 | s3 .54 .70 .76; seconds 5, 7 each;
//                                 seed-4 has a folder but no result.json yet (unfinished)
//   mnist/lada-entmix  seeds 1-3  s1 .50 .66 .78 | s2 .52 .70 .78 | s3 .54 .74 .82; seconds s1 15, 25 |
//                                 s2 20, 24 | s3 15, 21 (scoring includes its policy_training); seed 4 stops
//                                 after round 1 of 2; tau_quantiles (p25, p50, p75) and mean_virtual_score:
//                                 round 1 s1 (.4 .5 .6) 1.0 | s2 (.5 .7 .8) 1.2 | s3 (.45 .6 .9) 1.4;
//                                 round 2 s1 (.8 .9 1.0) 1.5 | s2 (.7 .85 .95) 1.5 | s3 (.6 .8 .85) 1.8;
//                                 virtual_score_all: five scores m-.2 .. m+.2 around each mean m, except
//                                 seed 3's round 2, stored as quantiles (as for over 200 pairs)
//   mnist/bald         seed 1     the file cut in half
//   mnist/varratio     seed 2     config.strategy is a number
//   cifar10/random     seed 1     .30 .35 .40, seconds 2, 4
//   grid.json          datasets [mnist, cifar10], labels [random, entropy, lada-entmix]
// The summary blocks hold each file's best, final and trapezoidal AUC over 20..40 labeled, e.g. random
// seed 1: ((.50 + .60) / 2 * 10 + (.60 + .70) / 2 * 10) / 20 = .60.
#include "core/error.h"
#include "core/experiment/experiment_summary.h"
#include "core/util/csv.h"
#include "core/util/durable_io.h"
#include "tests/test_main.h"

#include <QtTest/QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <regex>

namespace tst_experiment_summary {

namespace fs = std::filesystem;
using lada::ExperimentSummary;
using lada::StrategySummary;

// moc counts braces, and the raw strings below hold unmatched ones: it would lose the namespace.
#ifndef Q_MOC_RUN
namespace {

const std::string kFixture = LADA_TEST_FIXTURE_DIR "/experiment";

bool near(double a, double b, double tolerance = 1e-9)
{
    return std::fabs(a - b) <= tolerance;
}

#define QCOMPARE_NEAR(actual, expected)                                                                                \
    QVERIFY2(near((actual), (expected)),                                                                               \
             qPrintable(                                                                                               \
                 QString("%1 = %2, expected %3").arg(#actual).arg((actual), 0, 'g', 12).arg((expected), 0, 'g', 12)))

const StrategySummary& row(const ExperimentSummary& s, const std::string& dataset, const std::string& label)
{
    for (const StrategySummary& r : s.rows)
        if (r.dataset == dataset && r.label == label)
            return r;
    throw std::runtime_error("no row " + dataset + "/" + label);
}

std::vector<std::string> order(const ExperimentSummary& s)
{
    std::vector<std::string> out;
    for (const StrategySummary& r : s.rows)
        out.push_back(r.dataset + "/" + r.label);
    return out;
}

void writeText(const fs::path& file, const std::string& text)
{
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
}

/** A well-formed result file of `rounds` rounds (accuracy .5 each), with `config`'s members replaced. */
std::string resultText(const std::string& config, const std::string& roundsText, const std::string& summary)
{
    return R"({"config": {"strategy": "random", "seed": 1, "rounds": 1)" + config + R"(}, "rounds": )" + roundsText +
           R"(, "summary": {"best_accuracy": 0.5, "area_under_curve": 0.5, "final_accuracy": 0.5)" + summary + "}}";
}

const std::string kTwoRounds = R"([{"round": 0, "labeled": 20, "test_accuracy": 0.5, "seconds": {"training": 1}},
    {"round": 1, "labeled": 30, "test_accuracy": 0.5, "seconds": {"scoring": 1, "selection": 0, "training": 1,
     "evaluation": 1}}])";

const std::string kBadSeconds = R"([{"round": 0, "labeled": 1}, )"
                                R"({"round": 1, "labeled": 2, "seconds": {"training": "slow"}}])";
const std::string kBadTau = R"([{"round": 0, "labeled": 1}, )"
                            R"({"round": 1, "labeled": 2, "seconds": {}, "tau_quantiles": [1, 2]}])";

/** Result files (by label) that must each be a problem, not a crash (moc cannot read raw strings in a class). */
std::map<std::string, std::string> hostileFiles()
{
    const std::string huge(2000000, 'x');
    return {
        {"empty", ""},
        {"nan", resultText("", kTwoRounds, ", \"x\": NaN")},
        {"array", "[1, 2, 3]"},
        {"rounds-string", resultText("", "\"many\"", "")},
        {"seconds-string", resultText("", kBadSeconds, "")},
        {"round-order", resultText("", R"([{"round": 1, "labeled": 1}])", "")},
        {"huge-strategy", R"({"config": {"strategy": ")" + huge + R"(", "seed": 1, "rounds": 1}})"},
        {"unterminated", "{\"config\": \"" + huge},
        {"deep", std::string(100000, '[') + std::string(100000, ']')},
        {"inf", std::regex_replace(resultText("", kTwoRounds, ""), std::regex("\"best_accuracy\": 0.5"),
                                   "\"best_accuracy\": 1e999")},
        {"negative-seed", resultText(", \"seed\": -3", kTwoRounds, "")},
        {"tau-type", resultText("", kBadTau, "")},
    };
}

const std::string kGridWithObjects =
    R"({"datasets": [{"name": "mnist"}], "labels": [{"label": "lada-entmix", "strategy": "x"}]})";

}  // namespace
#endif

class TestExperimentSummary : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void statisticsMatchHandComputation()
    {
        const ExperimentSummary s = lada::summarizeExperiment(kFixture);
        QCOMPARE(s.baseline, std::string("entropy"));

        const StrategySummary& random = row(s, "mnist", "random");
        QCOMPARE(random.strategy, std::string("random"));
        QCOMPARE(random.seeds, (std::vector<uint64_t>{1, 2, 3, 4}));
        // best = final: .70 .72 .74 .76, mean .73, sd sqrt((.03² + .01² + .01² + .03²) / 3) = sqrt(.002 / 3)
        QCOMPARE(random.bestAccuracy.n, 4);
        QCOMPARE_NEAR(random.bestAccuracy.mean, 0.73);
        QCOMPARE_NEAR(random.bestAccuracy.sd, std::sqrt(0.002 / 3));
        QCOMPARE_NEAR(random.finalAccuracy.mean, 0.73);
        // AUC .60 .62 .64 .66: mean .63, the same sd
        QCOMPARE_NEAR(random.areaUnderCurve.mean, 0.63);
        QCOMPARE_NEAR(random.areaUnderCurve.sd, std::sqrt(0.002 / 3));
        // seconds per round (rounds 1 and 2; round 0's 4 s left out): (3+5)/2, (4+6)/2, (5+7)/2, (5+5)/2 =
        // 4 5 6 5, mean 5, sd sqrt((1 + 0 + 1 + 0) / 3)
        QCOMPARE_NEAR(random.secondsPerRound.mean, 5.0);
        QCOMPARE_NEAR(random.secondsPerRound.sd, std::sqrt(2.0 / 3));
        QVERIFY(random.secondsRatioToRandom);
        QCOMPARE_NEAR(*random.secondsRatioToRandom, 1.0);

        const StrategySummary& entropy = row(s, "mnist", "entropy");
        // best .74 .80 .76: mean 2.30 / 3; deviations -.02667 .03333 -.00667, squares sum .0018667, / 2
        QCOMPARE_NEAR(entropy.bestAccuracy.mean, 2.30 / 3);
        QCOMPARE_NEAR(entropy.bestAccuracy.sd, std::sqrt(0.0018666666666666 / 2));
        // AUC ((.50+.64)/2*10 + (.64+.74)/2*10)/20 = .63, likewise .66 and .675: mean .655,
        // deviations -.025 .005 .02, squares .000625 + .000025 + .0004 = .00105, / 2
        QCOMPARE_NEAR(entropy.areaUnderCurve.mean, 0.655);
        QCOMPARE_NEAR(entropy.areaUnderCurve.sd, std::sqrt(0.00105 / 2));
        QCOMPARE_NEAR(entropy.secondsPerRound.mean, 6.0);  // (5 + 7) / 2 every seed
        QCOMPARE_NEAR(entropy.secondsPerRound.sd, 0.0);
        QCOMPARE_NEAR(*entropy.secondsRatioToRandom, 6.0 / 5.0);

        const StrategySummary& lada = row(s, "mnist", "lada-entmix");
        // AUC .65 .675 .71: mean .678333, deviations -.028333 -.003333 .031667, squares sum .00181667, / 2
        QCOMPARE_NEAR(lada.areaUnderCurve.mean, 2.035 / 3);
        QCOMPARE_NEAR(lada.areaUnderCurve.sd, std::sqrt(0.0018166666666666 / 2));
        QCOMPARE_NEAR(lada.bestAccuracy.mean, 2.38 / 3);  // .78 .78 .82
        // (15+25)/2 = 20, (20+24)/2 = 22, (15+21)/2 = 18: mean 20, sd 2. Adding policy_training,
        // feature_extraction and acquisition_scoring again (parts of scoring) would give 30, 34, 26.
        QCOMPARE_NEAR(lada.secondsPerRound.mean, 20.0);
        QCOMPARE_NEAR(lada.secondsPerRound.sd, 2.0);
        QCOMPARE_NEAR(*lada.secondsRatioToRandom, 20.0 / 5.0);

        const StrategySummary& cifar = row(s, "cifar10", "random");
        QCOMPARE(cifar.seeds.size(), size_t(1));
        QCOMPARE_NEAR(cifar.areaUnderCurve.mean, 0.35);  // ((.30+.35)/2*10 + (.35+.40)/2*10) / 20
        QCOMPARE_NEAR(cifar.areaUnderCurve.sd, 0.0);     // one seed
        QCOMPARE_NEAR(cifar.secondsPerRound.mean, 3.0);
        QVERIFY(!cifar.aucVsBaseline);  // no entropy runs on cifar10
    }

    void pairedTestsMatchScipy()
    {
        // Values of scipy 1.10.1: stats.ttest_rel(a, b) and stats.wilcoxon(a, b) on the seeds both groups
        // finished (1, 2, 3: random's seed 4 has no entropy partner).
        const ExperimentSummary s = lada::summarizeExperiment(kFixture);
        QVERIFY(!row(s, "mnist", "entropy").aucVsBaseline);  // the baseline itself

        const StrategySummary& random = row(s, "mnist", "random");
        QVERIFY(random.aucVsBaseline && random.bestVsBaseline);
        const lada::PairedTest& rAuc = *random.aucVsBaseline;
        QCOMPARE(rAuc.pairs, 3);
        // .60-.63, .62-.66, .64-.675 = -.03 -.04 -.035: mean -.035, sd .005
        QCOMPARE_NEAR(rAuc.meanDifference, -0.035);
        QCOMPARE_NEAR(rAuc.sdDifference, 0.005);
        QVERIFY(near(rAuc.t, -12.12435565298214, 1e-6));  // -.035 / (.005 / sqrt 3)
        QVERIFY(near(rAuc.tPValue, 0.006734083335155562, 1e-9));
        QCOMPARE(rAuc.wilcoxonW, 0.0);             // every difference negative
        QCOMPARE_NEAR(rAuc.wilcoxonPValue, 0.25);  // 2 / 2^3, exact
        const lada::PairedTest& rBest = *random.bestVsBaseline;
        // .70-.74, .72-.80, .74-.76 = -.04 -.08 -.02
        QCOMPARE_NEAR(rBest.meanDifference, -0.14 / 3);
        QVERIFY(near(rBest.t, -2.6457513110645903, 1e-6));
        QVERIFY(near(rBest.tPValue, 0.11808289631180313, 1e-9));
        QCOMPARE_NEAR(rBest.wilcoxonPValue, 0.25);

        const StrategySummary& lada = row(s, "mnist", "lada-entmix");
        const lada::PairedTest& lAuc = *lada.aucVsBaseline;
        QCOMPARE(lAuc.pairs, 3);  // seed 4 is unfinished
        // .65-.63, .675-.66, .71-.675 = .02 .015 .035: mean .023333, sd sqrt(((-.003333)² + (-.008333)² +
        // .011667²) / 2) = .0104083
        QCOMPARE_NEAR(lAuc.meanDifference, 0.07 / 3);
        QVERIFY(near(lAuc.sdDifference, 0.0104083299973, 1e-9));
        QVERIFY(near(lAuc.t, 3.8829013735766207, 1e-6));
        QVERIFY(near(lAuc.tPValue, 0.060381522700365474, 1e-9));
        QCOMPARE_NEAR(lAuc.wilcoxonPValue, 0.25);
        const lada::PairedTest& lBest = *lada.bestVsBaseline;
        // .78-.74, .78-.80, .82-.76 = .04 -.02 .06: ranks of |d| 2 1 3, W- = 1
        QCOMPARE(lBest.wilcoxonW, 1.0);
        QCOMPARE_NEAR(lBest.wilcoxonPValue, 0.5);  // 2 * P(W+ <= 1) = 2 * 2/8
        QVERIFY(near(lBest.t, 1.109400392450458, 1e-6));
        QVERIFY(near(lBest.tPValue, 0.38278660015163246, 1e-9));
    }

    void bandsFollowTheRounds()
    {
        const ExperimentSummary s = lada::summarizeExperiment(kFixture);
        const StrategySummary& lada = row(s, "mnist", "lada-entmix");
        // Accuracy (%) vs labeled: round 0 50 52 54 (mean 52, sd 2), round 1 66 70 74 (70, 4),
        // round 2 78 78 82 (79.333, sd sqrt((1.333² * 2 + 2.667²) / 2) = sqrt(16 / 3)).
        const lada::RoundBand& acc = lada.accuracyCurve;
        QCOMPARE(acc.x, (std::vector<double>{20, 30, 40}));
        QCOMPARE_NEAR(acc.mean[0], 52.0);
        QCOMPARE_NEAR(acc.low[0], 50.0);
        QCOMPARE_NEAR(acc.high[0], 54.0);
        QCOMPARE_NEAR(acc.mean[1], 70.0);
        QCOMPARE_NEAR(acc.low[1], 66.0);
        QCOMPARE_NEAR(acc.mean[2], 238.0 / 3);
        QCOMPARE_NEAR(acc.high[2], 238.0 / 3 + std::sqrt(16.0 / 3));
        // tau: medians over seeds of p50 (.5 .7 .6 -> .6; .9 .85 .8 -> .85), p25 (.4 .5 .45 -> .45;
        // .8 .7 .6 -> .7) and p75 (.6 .8 .9 -> .8; 1.0 .95 .85 -> .95), rounds 1 and 2.
        const lada::RoundBand& tau = lada.tauPerRound;
        QCOMPARE(tau.x, (std::vector<double>{1, 2}));
        QCOMPARE_NEAR(tau.mean[0], 0.6);
        QCOMPARE_NEAR(tau.mean[1], 0.85);
        QCOMPARE_NEAR(tau.low[0], 0.45);
        QCOMPARE_NEAR(tau.low[1], 0.7);
        QCOMPARE_NEAR(tau.high[0], 0.8);
        QCOMPARE_NEAR(tau.high[1], 0.95);
        // Mean virtual entropy: round 1 1.0 1.2 1.4 (1.2 ± .2), round 2 1.5 1.5 1.8 (1.6 ± sqrt(.03)).
        const lada::RoundBand& ve = lada.virtualEntropy;
        QCOMPARE(ve.x, (std::vector<double>{1, 2}));
        QCOMPARE_NEAR(ve.mean[0], 1.2);
        QCOMPARE_NEAR(ve.low[0], 1.0);
        QCOMPARE_NEAR(ve.high[0], 1.4);
        QCOMPARE_NEAR(ve.mean[1], 1.6);
        QCOMPARE_NEAR(ve.high[1], 1.6 + std::sqrt(0.03));
        // Pooled scores: 5 rounds of 5 (seed 3's round 2 holds quantiles only), each round summing to 5 m:
        // 5 * (1.0 + 1.2 + 1.4 + 1.5 + 1.5) = 33. Seed 4 (unfinished, m = 9) is not pooled.
        QCOMPARE(lada.virtualEntropies.size(), size_t(25));
        QCOMPARE(lada.virtualEntropiesOmitted, 1);
        QVERIFY(near(std::accumulate(lada.virtualEntropies.begin(), lada.virtualEntropies.end(), 0.0), 33.0, 1e-9));

        QVERIFY(lada.virtualScoreIsEntropy);
        const StrategySummary& random = row(s, "mnist", "random");
        QVERIFY(random.tauPerRound.x.empty());  // not a mixing strategy
        QVERIFY(random.virtualEntropy.x.empty());
        QVERIFY(random.virtualEntropies.empty());
        QCOMPARE_NEAR(random.accuracyCurve.mean[2], 73.0);  // 70 72 74 76
    }

    void unfinishedRunsAreCountedNotAveraged()
    {
        const ExperimentSummary s = lada::summarizeExperiment(kFixture);
        const StrategySummary& lada = row(s, "mnist", "lada-entmix");
        QCOMPARE(lada.seeds, (std::vector<uint64_t>{1, 2, 3}));
        QCOMPARE(lada.incomplete, 1);  // seed 4: round 1 of 2 (its .95 and 100 s would show in the means)
        QCOMPARE(row(s, "mnist", "entropy").incomplete, 1);  // seed-4/ without result.json
        QCOMPARE(row(s, "mnist", "random").incomplete, 0);

        const lada::RunResult run =
            lada::readRunResult(kFixture + "/runs/mnist/lada-entmix/seed-4/result.json", "mnist", "lada-entmix", 4);
        QVERIFY(!run.complete);
        QCOMPARE(run.targetRounds, 2);
        QCOMPARE(run.accuracy.size(), size_t(2));
        QCOMPARE_NEAR(run.secondsPerRound, 100.0);
    }

    void malformedFilesAreListedWithTheirPath()
    {
        const ExperimentSummary s = lada::summarizeExperiment(kFixture);
        QCOMPARE(s.problems.size(), size_t(2));
        const std::string bald = kFixture + "/runs/mnist/bald/seed-1/result.json";
        const std::string varratio = kFixture + "/runs/mnist/varratio/seed-2/result.json";
        QVERIFY2(s.problems[0].find(bald) != std::string::npos, s.problems[0].c_str());
        QVERIFY2(s.problems[0].find("not JSON") != std::string::npos, s.problems[0].c_str());
        QVERIFY2(s.problems[1].find(varratio) != std::string::npos, s.problems[1].c_str());
        QVERIFY2(s.problems[1].find("config.strategy is not a string (number)") != std::string::npos,
                 s.problems[1].c_str());
        for (const StrategySummary& r : s.rows)
            QVERIFY(r.label != "bald" && r.label != "varratio");  // nothing readable: no row
    }

    void rowsFollowTheGridThenTheAlphabet()
    {
        const ExperimentSummary s = lada::summarizeExperiment(kFixture);
        QCOMPARE(order(s),
                 (std::vector<std::string>{"mnist/random", "mnist/entropy", "mnist/lada-entmix", "cifar10/random"}));
        QTemporaryDir dir;
        fs::copy(kFixture, dir.path().toStdString(), fs::copy_options::recursive);
        fs::remove(fs::path(dir.path().toStdString()) / "grid.json");
        QCOMPARE(order(lada::summarizeExperiment(dir.path().toStdString())),
                 (std::vector<std::string>{"cifar10/random", "mnist/entropy", "mnist/lada-entmix", "mnist/random"}));
        // A grid naming only some labels, as objects: those first, the rest alphabetically.
        writeText(fs::path(dir.path().toStdString()) / "grid.json", kGridWithObjects);
        QCOMPARE(order(lada::summarizeExperiment(dir.path().toStdString())),
                 (std::vector<std::string>{"mnist/lada-entmix", "mnist/entropy", "mnist/random", "cifar10/random"}));
        writeText(fs::path(dir.path().toStdString()) / "grid.json", "{\"labels\": [");
        const ExperimentSummary broken = lada::summarizeExperiment(dir.path().toStdString());
        QCOMPARE(order(broken).front(), std::string("cifar10/random"));
        QVERIFY(broken.problems.back().find("grid.json") != std::string::npos);
    }

    void tablesAreWrittenAndReadBack()
    {
        const ExperimentSummary s = lada::summarizeExperiment(kFixture);
        QTemporaryDir dir;
        lada::writeSummaryTables(s, dir.path().toStdString());
        const std::vector<lada::CsvRow> csv = lada::readCsv(dir.filePath("summary.csv").toStdString());
        QCOMPARE(csv.size(), size_t(5));  // the header and four groups
        const lada::CsvRow& header = csv[0];
        const auto cell = [&](const lada::CsvRow& r, const char* name) {
            const auto it = std::find(header.begin(), header.end(), name);
            return it == header.end() ? std::string("<no column>") : r[size_t(it - header.begin())];
        };
        const lada::CsvRow& lada = csv[3];
        QCOMPARE(cell(lada, "label"), std::string("lada-entmix"));
        QCOMPARE(cell(lada, "seeds"), std::string("3"));
        QCOMPARE(cell(lada, "seed_list"), std::string("1 2 3"));
        QCOMPARE(cell(lada, "incomplete"), std::string("1"));
        QCOMPARE(cell(lada, "auc_mean_pct"), std::string("67.83"));   // 67.8333
        QCOMPARE(cell(lada, "auc_sd_pct"), std::string("3.01"));      // 100 * sqrt(.00090833)
        QCOMPARE(cell(lada, "best_mean_pct"), std::string("79.33"));  // 79.3333
        QCOMPARE(cell(lada, "seconds_per_round_mean"), std::string("20.00"));
        QCOMPARE(cell(lada, "ratio_to_random"), std::string("4.00"));
        QCOMPARE(cell(lada, "auc_diff_pp"), std::string("2.33"));
        QCOMPARE(cell(lada, "auc_t_p"), std::string("0.0604"));  // 0.060381..., 3 digits
        QCOMPARE(cell(lada, "auc_wilcoxon_p"), std::string("0.250"));
        QCOMPARE(cell(lada, "best_wilcoxon_p"), std::string("0.500"));
        QCOMPARE(cell(csv[1], "auc_t_p"), std::string("0.00673"));  // random: 0.0067341
        QCOMPARE(cell(csv[2], "auc_diff_pp"), std::string(""));     // entropy: the baseline
        QCOMPARE(cell(csv[4], "dataset"), std::string("cifar10"));
        QCOMPARE(cell(csv[4], "auc_mean_pct"), std::string("35.00"));
        QCOMPARE(cell(csv[4], "auc_sd_pct"), std::string(""));  // one seed: no spread

        const std::string md = lada::readFileText(dir.filePath("summary.md").toStdString());
        QCOMPARE(md, lada::summaryMarkdown(s));
        QVERIFY(md.rfind("### mnist\n", 0) == 0);
        QVERIFY(md.find("\n### cifar10\n") != std::string::npos);
        QVERIFY(md.find("| strategy (label) | seeds | best % | AUC % | final % | s/round | × random | ΔAUC vs entropy "
                        "(pp) | p (t) | p (Wilcoxon) |\n") != std::string::npos);
        QVERIFY2(md.find("| lada-entmix | 3 (+1 unfinished) | 79.33 ± 2.31 | 67.83 ± 3.01 | 79.33 ± 2.31 | "
                         "20.00 ± 2.00 | 4.00 | +2.33 ± 1.04 | 0.0604 | 0.250 |\n") != std::string::npos,
                 md.c_str());
        QVERIFY2(md.find("| random | 4 | 73.00 ± 2.58 | 63.00 ± 2.58 | 73.00 ± 2.58 | 5.00 ± 0.82 | 1.00 | "
                         "-3.50 ± 0.50 (3 seeds) | 0.00673 | 0.250 |\n") != std::string::npos,
                 md.c_str());
        QVERIFY(md.find("| entropy | 3 (+1 unfinished) | 76.67 ± 3.06 | 65.50 ± 2.29 | 76.67 ± 3.06 | 6.00 ± 0.00 | "
                        "1.20 | — | — | — |\n") != std::string::npos);
        QVERIFY(md.find("Baseline: entropy.") != std::string::npos);
        QVERIFY(md.find("5 seeds cannot reach p < 0.0625") != std::string::npos);
        QVERIFY(md.find("Here n = 3: p ≥ 0.250.") != std::string::npos);
        QVERIFY(md.find("| random | 1 | 40.00 | 35.00 | 40.00 | 3.00 | 1.00 | — | — | — |\n") != std::string::npos);
        QVERIFY(md.find("No finished entropy runs in this dataset") != std::string::npos);  // cifar10
        QVERIFY(md.find("bald/seed-1/result.json") != std::string::npos);                   // the problems
        QVERIFY(!fs::exists(dir.filePath("summary.csv.tmp").toStdString()));
    }

    void hostileFilesAreProblemsNotCrashes()
    {
        QTemporaryDir dir;
        const fs::path runs = fs::path(dir.path().toStdString()) / "runs" / "d";
        writeText(runs / "good/seed-1/result.json", resultText("", kTwoRounds, ""));
        const std::map<std::string, std::string> files = hostileFiles();
        for (const auto& [label, text] : files)
            writeText(runs / label / "seed-1/result.json", text);
        writeText(runs / "mismatch/seed-2/result.json", resultText("", kTwoRounds, ""));  // config.seed is 1

        const ExperimentSummary s = lada::summarizeExperiment(dir.path().toStdString());
        QCOMPARE(order(s), std::vector<std::string>{"d/good"});
        QCOMPARE(row(s, "d", "good").seeds.size(), size_t(1));
        QCOMPARE_NEAR(row(s, "d", "good").secondsPerRound.mean, 3.0);  // round 1: 1 + 0 + 1 + 1
        QCOMPARE(s.problems.size(), files.size() + 1);
        for (const std::string& p : s.problems) {
            QVERIFY2(p.size() < 400, qPrintable(QString::fromStdString(p.substr(0, 400))));  // no file quoted
            QVERIFY2(p.find("/result.json\"") != std::string::npos, p.c_str());
        }
        const auto problemOf = [&](const std::string& label) {
            for (const std::string& p : s.problems)
                if (p.find("/" + label + "/") != std::string::npos)
                    return p;
            return std::string();
        };
        QVERIFY(problemOf("seconds-string").find("rounds[1].seconds.training is not a number (string)") !=
                std::string::npos);
        QVERIFY(problemOf("round-order").find("rounds[0].round is not 0") != std::string::npos);
        QVERIFY(problemOf("mismatch").find("config.seed is 1 but the folder is seed-2") != std::string::npos);
        QVERIFY(problemOf("huge-strategy").find("config.strategy is longer than 200 characters") != std::string::npos);
        QVERIFY(problemOf("tau-type").find("rounds[1].tau_quantiles is not an object (array)") != std::string::npos);
        QVERIFY(problemOf("negative-seed").find("config.seed is out of range") != std::string::npos);
    }

    void binnedScoresArePooledAtTheirBinCentres()
    {
        // A round of over 200 pairs: quantiles in virtual_score_all and every score binned in
        // virtual_score_histogram (results_writer.cpp, 1/32-bit bins). Counts 2, 0, 3 in bins of 0.5 bit:
        // values 0.25, 0.25, 1.25, 1.25, 1.25 (sum 4.25).
        QTemporaryDir dir;
        const fs::path runs = fs::path(dir.path().toStdString()) / "runs" / "d";
        const std::string mixing = R"([{"round": 0, "labeled": 20, "test_accuracy": 0.5},
            {"round": 1, "labeled": 30, "test_accuracy": 0.5, "seconds": {}, "mean_virtual_score": 1,
             "tau_quantiles": {"p25": 1, "p50": 1, "p75": 1}, "virtual_score_all": {"p50": 1},
             "virtual_score_histogram": )";
        writeText(runs / "binned/seed-1/result.json",
                  resultText("", mixing + R"({"bin_bits": 0.5, "counts": [2, 0, 3]}}])", ""));
        writeText(runs / "too-many/seed-1/result.json",
                  resultText("", mixing + R"({"bin_bits": 0.5, "counts": [9000000, 9000000]}}])", ""));
        writeText(runs / "negative/seed-1/result.json",
                  resultText("", mixing + R"({"bin_bits": 0.5, "counts": [1, -1]}}])", ""));
        writeText(runs / "varmix/seed-1/result.json",
                  std::regex_replace(resultText("", mixing + R"({"bin_bits": 0.5, "counts": [1]}}])", ""),
                                     std::regex("\"random\""), "\"lada-varmix\""));
        const ExperimentSummary s = lada::summarizeExperiment(dir.path().toStdString());
        QVERIFY(!row(s, "d", "varmix").virtualScoreIsEntropy);  // 1 - max p: not on an entropy axis
        const StrategySummary& binned = row(s, "d", "binned");
        QCOMPARE(binned.virtualEntropies, (std::vector<double>{0.25, 0.25, 1.25, 1.25, 1.25}));
        QCOMPARE(binned.virtualEntropiesOmitted, 0);
        QVERIFY(binned.virtualScoreIsEntropy);  // config.strategy "random" (resultText)
        QCOMPARE(order(s), (std::vector<std::string>{"d/binned", "d/varmix"}));
        QCOMPARE(s.problems.size(), size_t(2));  // 1.8e7 values refused, not allocated; a negative count
        for (const std::string& p : s.problems)
            QVERIFY2(p.find("virtual_score_histogram.counts") != std::string::npos, p.c_str());
    }

    void aFolderWithoutRunsIsRefused()
    {
        QTemporaryDir dir;
        QVERIFY_THROWS_EXCEPTION(lada::DataError, lada::summarizeExperiment(dir.path().toStdString()));
        fs::create_directories(fs::path(dir.path().toStdString()) / "runs");
        const ExperimentSummary empty = lada::summarizeExperiment(dir.path().toStdString());
        QVERIFY(empty.rows.empty());
        QCOMPARE(lada::summaryMarkdown(empty), std::string("No runs yet.\n\n"));
    }
};

LADA_TEST_GUILESS_MAIN(TestExperimentSummary)
}  // namespace tst_experiment_summary
#include "tst_experiment_summary.moc"
