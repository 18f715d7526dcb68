// SPDX-License-Identifier: MIT
// The labeling session's rules, each in its own test, on real MNIST images, without a thread.
#include "core/config/setting_table.h"
#include "core/error.h"
#include "core/loop/labeling_session.h"
#include "core/loop/run_launch.h"
#include "core/loop/session_messages.h"
#include "session_fixtures.h"
#include "test_support.h"
#include "tests/test_main.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <atomic>
#include <fstream>

namespace tst_labeling_session {

using namespace lada;

namespace {

using test::mnistSplits;

ExperimentConfig smallConfig(const std::map<std::string, std::string>& extra = {})
{
    return test::smallSessionConfig(extra);
}

DataSources sourcesOf(const Splits& s)
{
    return {s.train.root, {}, {}, {}};
}

/** Trains round 0 (the initial set answered from the known labels) and proposes round 1. */
void throughRoundOne(LabelingSession& s)
{
    s.openInitialSet();
    QVERIFY(s.phase() == SessionPhase::Training);
    s.train({});
    QVERIFY(s.phase() == SessionPhase::Proposing);
    s.propose({});
    QVERIFY(s.phase() == SessionPhase::AwaitingAnswers);
}

/** A session with a folder, round 0 trained and round 1 proposed. */
std::unique_ptr<LabelingSession> sessionAtRoundOne(const QString& folder)
{
    const Splits splits = mnistSplits();
    auto s = std::make_unique<LabelingSession>(splits, sourcesOf(splits), smallConfig(), folder.toStdString());
    throughRoundOne(*s);
    return s;
}

std::unique_ptr<LabelingSession> reopen(const QString& dir, RestoreSummary& restored, bool withTest = true)
{
    return std::make_unique<LabelingSession>(mnistSplits(withTest), Session::open(dir.toStdString()), Progress{},
                                             restored);
}

int trueLabel(const LabelingSession& s, int64_t row)
{
    return static_cast<int>(s.learner().train().labels[row].item<int64_t>());
}

QStringList journalLines(const QString& dir)
{
    QFile f(dir + QStringLiteral("/labels.jsonl"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

}  // namespace

class TestLabelingSession : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    void undoStopsAtTheInitialSetOfKnownLabels()
    {
        const Splits splits = mnistSplits();
        LabelingSession s(splits, sourcesOf(splits), smallConfig(), {});
        s.openInitialSet();
        QCOMPARE(s.counts().labeled, int64_t{10});
        QCOMPARE(s.undoableAnswers(), size_t{0});
        QVERIFY(!s.undo());  // the initial set from known labels is the floor
        s.train({});
        s.propose({});
        const std::vector<int64_t> rows = s.cardRows();
        QCOMPARE(rows.size(), size_t{4});
        s.answer(rows[0], trueLabel(s, rows[0]));
        s.answer(rows[1], std::nullopt);
        QCOMPARE(s.undoableAnswers(), size_t{2});
        QCOMPARE(s.undo(), std::optional<int64_t>(rows[1]));
        QCOMPARE(s.undo(), std::optional<int64_t>(rows[0]));
        QVERIFY(!s.undo());
        QVERIFY(s.learner().isInPool(rows[0]) && s.learner().isInPool(rows[1]));
        QVERIFY(s.isOpenCard(rows[0]));
        QCOMPARE(s.counts().labeled, int64_t{10});
    }

    void undoWorksAcrossReopen()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath("s");
        std::vector<int64_t> rows;
        {
            const auto session = sessionAtRoundOne(folder);
            LabelingSession& s = *session;
            rows = s.cardRows();
            s.answer(rows[0], trueLabel(s, rows[0]));
            s.answer(rows[1], trueLabel(s, rows[1]));
        }  // closed: as if the program ended
        RestoreSummary restored;
        auto s = reopen(folder, restored);
        QCOMPARE(restored.answers, int64_t{12});
        QCOMPARE(s->undoableAnswers(), size_t{2});
        QCOMPARE(s->undo(), std::optional<int64_t>(rows[1]));
        QVERIFY(s->learner().isInPool(rows[1]));
        QVERIFY(journalLines(folder).last().contains("retract"));
        QCOMPARE(s->undo(), std::optional<int64_t>(rows[0]));
        QVERIFY(!s->undo());
        // And again: the retractions themselves survive a reopen.
        s.reset();
        RestoreSummary again;
        s = reopen(folder, again);
        QCOMPARE(again.answers, int64_t{10});
        QVERIFY(s->isOpenCard(rows[0]) && s->isOpenCard(rows[1]));
    }

    void heldOutShareWithoutATestSplit()
    {
        const Splits labeled = mnistSplits(/*withTest=*/false);
        LabelingSession s(labeled, sourcesOf(labeled), smallConfig(), {});
        QVERIFY(s.heldOutFromSplit());
        QCOMPARE(s.learner().test()->size(), int64_t{30});  // 10 % of 300
        QCOMPARE(s.learner().train().size(), int64_t{270});
        s.openInitialSet();
        const RoundOutcome o = s.train({});
        QCOMPARE(o.accuracySource, AccuracySource::HeldOut);
        QCOMPARE(o.heldOut, int64_t{30});

        // Unlabeled images (class names given): every 5th answer of the person is held out instead.
        Splits unlabeled = mnistSplits(false);
        const std::vector<int64_t> truth(unlabeled.train.labels.data_ptr<int64_t>(),
                                         unlabeled.train.labels.data_ptr<int64_t>() + unlabeled.train.size());
        unlabeled.train.labels.fill_(-1);
        LabelingSession u(unlabeled, sourcesOf(unlabeled), smallConfig(), {});
        QVERIFY(!u.heldOutFromSplit());
        const std::vector<int64_t> rows = u.openInitialSet();
        QVERIFY(u.phase() == SessionPhase::AwaitingAnswers);
        int held = 0;
        for (int64_t r : rows)
            held += u.answer(r, static_cast<int>(truth[static_cast<size_t>(r)]))->heldOut ? 1 : 0;
        QCOMPARE(held, 2);  // answers 5 and 10 of 10
        QCOMPARE(u.counts().heldOut, int64_t{2});
        QCOMPARE(u.counts().labeled, int64_t{8});
        const RoundOutcome uo = u.train({});
        QCOMPARE(uo.accuracySource, AccuracySource::HeldOut);
        QCOMPARE(uo.heldOut, int64_t{2});
    }

    void importReplacesAnAnswer()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath("s");
        const auto session = sessionAtRoundOne(folder);
        LabelingSession& s = *session;
        const int64_t row = s.cardRows()[0];
        const int wrong = (trueLabel(s, row) + 1) % 10;
        s.answer(row, wrong);
        QCOMPARE(s.learner().labelOf(row), int64_t{wrong});
        const std::string path = s.learner().train().paths[static_cast<size_t>(row)];
        const QString csv = dir.filePath("fix.csv");
        {
            std::ofstream out(csv.toStdString());
            out << "filepath,label\n" << path << "," << trueLabel(s, row) << "\n";
        }
        const ImportOutcome imported = s.importLabelsCsv(csv.toStdString());
        QCOMPARE(imported.report.imported, int64_t{1});
        QCOMPARE(imported.applied.size(), size_t{1});
        QCOMPARE(s.learner().labelOf(row), int64_t{trueLabel(s, row)});
        QCOMPARE(s.journal()->currentAnswer(path)->classIndex, trueLabel(s, row));
        QCOMPARE(s.counts().labeled, int64_t{11});  // replaced, not added twice
        QCOMPARE(s.undoableAnswers(), size_t{1});
    }

    void aCrashBetweenJournalAndHistoryTrainsTheRoundOnReopen()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath("s");
        std::vector<int64_t> rows;
        {
            const auto session = sessionAtRoundOne(folder);
            LabelingSession& s = *session;
            rows = s.cardRows();
            s.answerFromGroundTruth();
            QVERIFY(s.phase() == SessionPhase::Training);
        }  // the process dies here: every answer is journaled, round 1 is not in history.jsonl
        RestoreSummary restored;
        auto s = reopen(folder, restored);
        QCOMPARE(restored.rounds.size(), size_t{1});
        QVERIFY(restored.proposalRestored);
        QCOMPARE(s->cardRows(), rows);
        QVERIFY(s->phase() == SessionPhase::Training);  // the answered round is trained, not proposed again
        const RoundOutcome o = s->train({});
        QCOMPARE(o.report.round, 1);
        QCOMPARE(o.labeled, int64_t{14});
        QCOMPARE(s->journal()->history().size(), size_t{2});
    }

    void thePendingRoundReopensAsItWas()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath("s");
        std::vector<int64_t> rows;
        std::vector<double> taus;
        {
            const auto session = sessionAtRoundOne(folder);
            LabelingSession& s = *session;
            rows = s.cardRows();
            for (const Query& q : s.learner().pendingProposal()->queries)
                taus.push_back(q.tau);
            s.answer(rows[0], trueLabel(s, rows[0]));
        }
        RestoreSummary restored;
        auto s = reopen(folder, restored);
        QVERIFY(restored.proposalRestored);
        QCOMPARE(s->cardsRound(), 1);
        QCOMPARE(s->cardRows(), rows);  // the same cards, not a new proposal
        std::vector<double> back;
        for (const Query& q : s->learner().pendingProposal()->queries)
            back.push_back(q.tau);
        QCOMPARE(back, taus);
        QVERIFY(!s->isOpenCard(rows[0]));  // answered before the close
        QVERIFY(s->isOpenCard(rows[1]));
        const RoundCards cards = s->cards();
        QCOMPARE(cards.round, 1);
        QCOMPARE(cards.queries.size(), size_t{2});  // two pairs
        QCOMPARE(cards.queries[0].images[0].row, rows[0]);
    }

    void theLastTsneMapReopensWithItsRound()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath("s");
        EmbeddingMap map;
        {
            const Splits splits = mnistSplits();
            LabelingSession s(splits, sourcesOf(splits),
                              smallConfig({{"tsne-points", "40"}, {"tsne-iterations", "60"}}), folder.toStdString());
            throughRoundOne(s);
            map = s.embedding({});
            QVERIFY(map.x.size() > 40);
        }
        RestoreSummary restored;
        auto s = reopen(folder, restored);
        QVERIFY(restored.embedding.has_value());
        QCOMPARE(restored.embedding->round, map.round);
        QCOMPARE(restored.embedding->x, map.x);  // the map itself, not a new one
        QCOMPARE(restored.embedding->role, map.role);
        QCOMPARE(restored.embedding->pairs.size(), map.pairs.size());
    }

    void aFrontEndIsToldWhatToComputeNext()
    {
        // The workbench's sequence, without a thread: show the cards, train, propose and show, map,
        // then the oracle's turn; nothing is computed twice.
        const Splits splits = mnistSplits();
        LabelingSession s(splits, sourcesOf(splits), smallConfig({{"tsne-points", "30"}, {"tsne-iterations", "50"}}),
                          std::string());
        const std::vector<int64_t> initial = s.openInitialSet();
        std::vector<std::string> ran;  // what nextWork asked for, in order
        auto step = [&s, &ran](SessionPhase expected) -> ShownWork {
            const std::optional<SessionPhase> work = s.nextWork();
            ran.push_back(work ? toString(*work) : "nothing");
            if (!work || *work != expected)
                return {};
            s.beginPhase(*work);
            const PhaseResult r = s.runPhase(*work, {});
            s.endPhase();
            return s.markShown(r);
        };
        const ShownWork shown0 = step(SessionPhase::AwaitingAnswers);  // round 0's cards, answered from the labels
        QCOMPARE(shown0.answered.size(), initial.size());
        QCOMPARE(shown0.answered.front().label, trueLabel(s, initial.front()));
        QVERIFY(!s.oracleTurn());  // known labels answered it: training is next
        step(SessionPhase::Training);
        const ShownWork shown1 = step(SessionPhase::Proposing);
        QVERIFY(shown1.answered.empty());
        QCOMPARE(s.cardsRound(), 1);
        QVERIFY(!s.oracleTurn());  // the map of round 1 is still to compute
        step(SessionPhase::Embedding);
        QCOMPARE(ran, (std::vector<std::string>{"awaiting answers", "training", "proposing", "t-SNE"}));
        QVERIFY(!s.nextWork().has_value());
        QVERIFY(s.oracleTurn());
        QVERIFY(s.oracleTurn(1));
        QVERIFY(!s.oracleTurn(0));  // a simulated oracle told to stop after round 0
        // The virtual instance of a pair card: class distributions that sum to 1 and the mixed pixels.
        const std::optional<VirtualInspection> v = s.inspectVirtual(0, 0.3);
        QVERIFY(v.has_value());
        QCOMPARE(v->round, 1);
        QCOMPARE(v->featureMix.size(), size_t{10});
        double sum = 0;
        for (float p : v->featureMix)
            sum += p;
        QVERIFY(std::abs(sum - 1.0) < 1e-4);
        QCOMPARE(v->mixedPixels.size(), size_t{28 * 28});
        QVERIFY(!s.inspectVirtual(99, 0.3).has_value());
    }

    void aReopenedSessionShowsItsMapWithItsCards()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath("s");
        {
            const Splits splits = mnistSplits();
            LabelingSession s(splits, sourcesOf(splits),
                              smallConfig({{"tsne-points", "30"}, {"tsne-iterations", "50"}}), folder.toStdString());
            throughRoundOne(s);
            s.embedding({});
        }
        RestoreSummary restored;
        auto s = reopen(folder, restored);
        QVERIFY(s->nextWork() == SessionPhase::AwaitingAnswers);
        s->beginPhase(SessionPhase::AwaitingAnswers);
        const PhaseResult r = s->runPhase(SessionPhase::AwaitingAnswers, {});
        s->endPhase();
        const ShownWork shown = s->markShown(r);
        QVERIFY(shown.restoredMap.has_value());  // shown with its cards, not computed again
        QCOMPARE(shown.restoredMap->x, restored.embedding->x);
        QVERIFY(!s->nextWork().has_value());
        QVERIFY(restoreDescription(restored, folder.toStdString()).find("the pending round's cards as they were") !=
                std::string::npos);
    }

    void aRunContinuesItsSessionAndRefusesOtherSettings()
    {
        QTemporaryDir dir;
        const QString train = QStringLiteral(LADA_TEST_DATA_DIR "/mnist-png/train");
        RunRequest request;
        request.train = train.toStdString();
        request.session = dir.filePath("run").toStdString();
        request.settings = {{"initial", "10"},       {"budget", "5"},  {"epochs", "1"}, {"pool-subset", "50"},
                            {"strategy", "entropy"}, {"threads", "1"}, {"seed", "4"},   {"rounds", "1"}};
        std::vector<std::string> warnings;
        {
            auto s = openOrStartRun(request, {}, warnings);
            QVERIFY(s->runWithGroundTruth(1, {}, {}));
            QCOMPARE(s->outcomes().size(), size_t{2});
        }
        RunRequest again = request;
        again.train.clear();
        again.settings = {{"rounds", "1"}, {"threads", "1"}};
        auto s = openOrStartRun(again, {}, warnings);
        QCOMPARE(s->config().budget, 5);  // the session's own settings
        QCOMPARE(s->outcomes().size(), size_t{2});
        again.settings["budget"] = "7";
        try {
            openOrStartRun(again, {}, warnings);
            QFAIL("a continued session took --budget");
        } catch (const ConfigError& e) {
            QVERIFY(std::string(e.what()).find("--budget") != std::string::npos);
        }
    }

    void anAlfaMixRoundSaysWhyAndReopensWithItsReasons()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath("s");
        std::vector<std::string> reasons;
        int64_t candidatesShown = 0;
        {
            const Splits splits = mnistSplits();
            LabelingSession s(splits, sourcesOf(splits),
                              smallConfig({{"strategy", "alfa-mix"}, {"tsne-points", "40"}, {"tsne-iterations", "50"}}),
                              folder.toStdString());
            throughRoundOne(s);
            const Proposal& p = *s.learner().pendingProposal();
            QVERIFY(p.diagnostics.alfaMixCandidates >= 0);
            QCOMPARE(static_cast<int64_t>(p.diagnostics.candidateSet.size()), p.diagnostics.alfaMixCandidates);
            for (const QueryCard& c : s.cards().queries) {
                QVERIFY2(c.reason.find("flips the prediction") != std::string::npos ||
                             c.reason.find("filled in") != std::string::npos,
                         c.reason.c_str());
                reasons.push_back(c.reason);
            }
            QCOMPARE(reasons.size(), size_t{4});
            const EmbeddingMap map = s.embedding({});
            candidatesShown = std::count(map.role.begin(), map.role.end(), 3);
            int64_t expected = 0;  // the candidate set up to 40 points, less the queried ones
            const std::vector<int64_t> queried = p.queriedIndices();
            std::vector<int64_t> set = p.diagnostics.candidateSet;
            for (int64_t r : set)
                expected += std::find(queried.begin(), queried.end(), r) == queried.end();
            QVERIFY(candidatesShown <= 40 && candidatesShown <= expected);
            QVERIFY(candidatesShown == std::min<int64_t>(expected, 40) || set.size() > 40);
        }
        RestoreSummary restored;
        auto s = reopen(folder, restored);
        QVERIFY(restored.proposalRestored);
        std::vector<std::string> back;
        for (const QueryCard& c : s->cards().queries)
            back.push_back(c.reason);
        QCOMPARE(back, reasons);  // proposal.json keeps ALFA-Mix's reasons
        QCOMPARE(static_cast<int64_t>(std::count(restored.embedding->role.begin(), restored.embedding->role.end(), 3)),
                 candidatesShown);
    }

    void coresetCardsGiveTheDistanceToTheNearestLabeledImage()
    {
        const Splits splits = mnistSplits();
        LabelingSession s(splits, sourcesOf(splits), smallConfig({{"strategy", "coreset"}}), std::string());
        throughRoundOne(s);
        const RoundCards cards = s.cards();
        QCOMPARE(cards.queries.size(), size_t{4});
        for (const QueryCard& c : cards.queries) {
            QVERIFY(std::isfinite(c.nearestLabeledDistance) && c.nearestLabeledDistance > 0);
            QVERIFY(c.reason.find("nearest labeled image at distance") != std::string::npos);
        }
        // k-center greedy picks the farthest point first: the first card is at least as far as the others.
        QVERIFY(cards.queries[0].nearestLabeledDistance >= cards.queries[3].nearestLabeledDistance);
    }

    void answersDuringAPhaseAreJournaledAtOnceAndAppliedAtItsEnd()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath("s");
        const auto session = sessionAtRoundOne(folder);
        LabelingSession& s = *session;
        const std::vector<int64_t> rows = s.cardRows();
        const int lines = static_cast<int>(journalLines(folder).size());
        s.beginPhase(SessionPhase::Embedding);
        const auto a = s.answer(rows[0], trueLabel(s, rows[0]));
        QVERIFY(a && !a->applied);
        QCOMPARE(journalLines(folder).size(), lines + 1);  // on the disk while the phase runs
        QVERIFY(s.learner().isInPool(rows[0]));            // the engine's state is untouched meanwhile
        QVERIFY(!s.isOpenCard(rows[0]));
        QCOMPARE(s.counts().labeled, int64_t{11});  // but the counts show what the journal holds
        QCOMPARE(s.counts().answered, 1);
        QVERIFY(s.undo());
        QCOMPARE(journalLines(folder).size(), lines + 2);
        s.answer(rows[1], std::nullopt);
        QCOMPARE(s.counts().labeled, int64_t{10});
        QCOMPARE(s.counts().skipped, int64_t{1});
        const int64_t pool = s.counts().pool;
        const std::vector<AnswerOutcome> applied = s.endPhase();
        QCOMPARE(s.counts().pool, pool);
        QCOMPARE(applied.size(), size_t{2});  // rows[0] answered then taken back, rows[1] skipped
        QVERIFY(s.learner().isInPool(rows[0]));
        QVERIFY(!s.learner().isInPool(rows[1]));
        QCOMPARE(s.counts().skipped, int64_t{1});
    }

    void anUndoWhileTrainingAppliesAfterTheRound()
    {
        QTemporaryDir dir;
        const auto session = sessionAtRoundOne(dir.filePath("s"));
        LabelingSession& s = *session;
        s.answerFromGroundTruth();
        const int64_t last = s.cardRows().back();
        s.beginPhase(SessionPhase::Training);              // the engine takes the round as answered now
        QCOMPARE(s.undo(), std::optional<int64_t>(last));  // journaled at once
        const RoundOutcome o = s.train({});
        QCOMPARE(o.labeled, int64_t{14});  // trained with the answer it had when it began
        s.endPhase();
        QVERIFY(s.learner().isInPool(last));  // then the undo took effect
        QCOMPARE(s.counts().labeled, int64_t{13});
        QVERIFY(s.phase() == SessionPhase::Proposing);
        // Training cannot begin on a round with an open card.
        s.propose({});
        QVERIFY_THROWS_EXCEPTION(Error, s.beginPhase(SessionPhase::Training));
    }

    void cancelDuringPolicyTrainingStopsBeforeItsEnd()
    {
        const Splits splits = mnistSplits();
        LabelingSession s(splits, sourcesOf(splits), smallConfig({{"policy-epochs", "6"}}), {});
        s.openInitialSet();
        s.train({});
        std::atomic<bool> cancel{false};
        int epochs = 0;
        Progress p;
        p.cancel = &cancel;
        p.report = [&](const std::string& phase, int64_t done, int64_t) {
            if (phase == "policy training") {
                epochs = static_cast<int>(done);
                cancel.store(true);  // pressed during the first epoch's report
            }
        };
        QVERIFY_THROWS_EXCEPTION(Cancelled, s.propose(p));
        QCOMPARE(epochs, 1);  // of 6
        QVERIFY(!s.learner().pendingProposal());
        QVERIFY(s.phase() == SessionPhase::Proposing);  // nothing proposed: it can run again
        cancel.store(false);
        s.propose({});
        QCOMPARE(s.cardRows().size(), size_t{4});
    }

    void aCancelSetBeforeAPhaseStopsIt()
    {
        // The flag is not cleared when a phase starts: a cancel pressed between two phases stops the second.
        const Splits splits = mnistSplits();
        LabelingSession s(splits, sourcesOf(splits), smallConfig(), {});
        s.openInitialSet();
        s.train({});
        std::atomic<bool> cancel{true};
        Progress p;
        p.cancel = &cancel;
        QVERIFY_THROWS_EXCEPTION(Cancelled, s.propose(p));
        QVERIFY(!s.learner().pendingProposal());
    }
};

LADA_TEST_GUILESS_MAIN(TestLabelingSession)
}  // namespace tst_labeling_session
#include "tst_labeling_session.moc"
