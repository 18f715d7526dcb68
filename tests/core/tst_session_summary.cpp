// SPDX-License-Identifier: MIT
// summarizeSession sums up a session folder as a report shows it: labels per class, the journal's
// activity per round (skips and undos included), the history's rounds, and a bad history record left out.
#include "core/config/setting_table.h"
#include "core/loop/round_record.h"
#include "core/loop/session_summary.h"
#include "core/session/session.h"
#include "tests/test_main.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

namespace tst_session_summary {

class TestSessionSummary : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void summarizesLabelsActivityAndHistory()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string folder = dir.filePath(QStringLiteral("my-session")).toStdString();
        lada::SessionInfo info;
        info.datasetRoot = LADA_SOURCE_DIR "/resources/sample/mnist/train";
        info.trainSource = info.datasetRoot;
        info.classNames = {"zero", "one", "two"};
        lada::applySetting(info.config, "strategy=lada-entmix");
        lada::applySetting(info.config, "budget=7");
        {
            lada::Session session = lada::Session::create(folder, info);
            session.recordLabel("0/a.png", 0, 0);
            session.recordLabel("1/b.png", 1, 0);
            session.recordLabel("1/c.png", 1, 1);
            session.recordSkip("2/d.png", 1);
            session.recordLabel("2/e.png", 2, 1);
            QVERIFY(session.undo().has_value());   // takes back 2/e.png
            session.recordLabel("0/a.png", 2, 1);  // a relabel moves 0/a.png to round 1, class two

            lada::RoundOutcome r0;
            r0.accuracy = 0.5;
            r0.accuracySource = lada::AccuracySource::TestSplit;
            session.appendRoundHistory(lada::roundRecordJson(r0));
            lada::RoundOutcome r1;
            r1.report.round = 1;
            r1.accuracy = 0.625;
            r1.report.proposal.diagnostics.mixLayer = 1;
            r1.report.proposal.diagnostics.tauAll = {0.5F, 0.75F};
            r1.report.proposal.diagnostics.meanVirtualScore = 1.25;
            session.appendRoundHistory(lada::roundRecordJson(r1));
            session.appendRoundHistory(R"({"no_round": true})");
        }
        const lada::Session session = lada::Session::open(folder, lada::Session::Mode::ReadOnly);
        const lada::SessionSummary s = lada::summarizeSession(session);

        QCOMPARE(s.name, std::string("my-session"));
        QCOMPARE(s.strategy, std::string("lada-entmix"));
        QCOMPARE(s.classNames.size(), std::size_t{3});
        const auto budget =
            std::find_if(s.settings.begin(), s.settings.end(), [](const auto& kv) { return kv.first == "budget"; });
        QVERIFY(budget != s.settings.end());
        QCOMPARE(budget->second, std::string("7"));

        // Current labels: 1/b.png and 1/c.png are class one, 0/a.png was relabeled two; 2/e.png was undone.
        QCOMPARE(s.labelsPerClass, (std::vector<int64_t>{0, 2, 1}));
        QCOMPARE(s.labeledImages, int64_t{3});
        QCOMPARE(s.skippedImages, int64_t{1});

        QCOMPARE(s.activity.size(), std::size_t{2});
        QCOMPARE(s.activity[0].round, 0);
        QCOMPARE(s.activity[0].labeled, int64_t{2});
        QCOMPARE(s.activity[1].round, 1);
        QCOMPARE(s.activity[1].labeled, int64_t{2});  // 1/c.png and the relabel of 0/a.png
        QCOMPARE(s.activity[1].skipped, int64_t{1});
        QCOMPARE(s.activity[1].undone, int64_t{1});

        QCOMPARE(s.lastRound, 1);
        QCOMPARE(s.lastRoundAnswers.size(), std::size_t{3});  // 1/c.png, the skip of 2/d.png, 0/a.png
        QCOMPARE(s.lastRoundAnswers.back().path, std::string("0/a.png"));

        QCOMPARE(s.rounds.size(), std::size_t{2});
        QCOMPARE(s.rounds[1].accuracy, 0.625);
        QVERIFY(s.hasTau);
        QVERIFY(s.hasVirtualEntropy);
        QCOMPARE(s.pairRounds.size(), std::size_t{1});
        QCOMPARE(s.pairRounds[0].round, 1);
        QCOMPARE(s.pairRounds[0].mixLayer, 1);
        QCOMPARE(s.pairRounds[0].pairs, int64_t{2});
        QCOMPARE(s.pairRounds[0].tauMedian, 0.625);
        QCOMPARE(s.pairRounds[0].meanVirtualEntropy, 1.25);
        const bool warned = std::any_of(s.warnings.begin(), s.warnings.end(), [](const std::string& w) {
            return w.find("history.jsonl record 3") != std::string::npos;
        });
        QVERIFY2(warned, "the record without a round is named in the warnings");
    }

    void entropyStrategyHasNoTau()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string folder = dir.filePath(QStringLiteral("plain")).toStdString();
        lada::SessionInfo info;
        info.datasetRoot = LADA_SOURCE_DIR "/resources/sample/mnist/train";
        info.classNames = {"a", "b"};
        {
            lada::Session session = lada::Session::create(folder, info);
            lada::RoundOutcome r0;
            session.appendRoundHistory(lada::roundRecordJson(r0));
        }
        const lada::Session session = lada::Session::open(folder, lada::Session::Mode::ReadOnly);
        const lada::SessionSummary s = lada::summarizeSession(session);
        QVERIFY(!s.hasTau);
        QVERIFY(!s.hasVirtualEntropy);
        QVERIFY(s.pairRounds.empty());
        QCOMPARE(s.lastRound, -1);
        QVERIFY(s.lastRoundAnswers.empty());
        QCOMPARE(s.labelsPerClass, (std::vector<int64_t>{0, 0}));
        QVERIFY(std::isnan(s.rounds.at(0).accuracy));
    }

    void aLargeRoundCountsItsPairsFromTheCandidates()
    {
        // Past 200 pairs history.jsonl keeps tau* as quantiles: the pair count comes from the candidates
        // (two images per pair), the median from the quantiles.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string folder = dir.filePath(QStringLiteral("large")).toStdString();
        lada::SessionInfo info;
        info.datasetRoot = LADA_SOURCE_DIR "/resources/sample/mnist/train";
        info.classNames = {"a", "b"};
        {
            lada::Session session = lada::Session::create(folder, info);
            lada::RoundOutcome r1;
            r1.report.round = 1;
            auto& d = r1.report.proposal.diagnostics;
            d.mixLayer = 1;
            d.candidates = 960;
            for (int i = 0; i < 480; ++i)
                d.tauAll.push_back(static_cast<float>(i) / 480.0F);
            session.appendRoundHistory(lada::roundRecordJson(r1));
        }
        const lada::Session session = lada::Session::open(folder, lada::Session::Mode::ReadOnly);
        const lada::SessionSummary s = lada::summarizeSession(session);
        QCOMPARE(s.pairRounds.size(), std::size_t{1});
        QCOMPARE(s.pairRounds[0].pairs, int64_t{480});
        QCOMPARE(s.pairRounds[0].tauMedian, 240.0 / 480.0);
    }
};

LADA_TEST_GUILESS_MAIN(TestSessionSummary)
}  // namespace tst_session_summary
#include "tst_session_summary.moc"
